"""The output contract in one place: record fields, their Arrow types, and flat/nested conversions.

Writers (``export``), the store, dedup and the Parquet datasets of a distributed run all read the columns and
their types from here, so a file, a table and a merged event never disagree on a field. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

#: Column order of the flat output (``evidence`` is a nested struct; CSV flattens it to ``evidence_*``).
RECORD_FIELDS: tuple[str, ...] = (
    "event_id",
    "article_id",
    "sentence_index",
    "event_date",
    "event_date_end",
    "date_precision",
    "source_code",
    "source_name",
    "source_country",
    "source_type",
    "target_code",
    "target_name",
    "target_country",
    "target_type",
    "event_code",
    "event_root_code",
    "quad_class",
    "goldstein",
    "plover_type",
    "mode",
    "confidence",
    "source_rule",
    "target_rule",
    "trigger",
    "location_name",
    "location_country",
    "latitude",
    "longitude",
    "evidence",
)
EVIDENCE_FIELDS: tuple[str, ...] = (
    "sentence",
    "sentence_start",
    "sentence_end",
    "trigger_start",
    "trigger_end",
    "source_start",
    "source_end",
    "target_start",
    "target_end",
)

#: Fields a merged event adds to the mention record.
MERGE_FIELDS: tuple[str, ...] = (
    "num_mentions",
    "num_sources",
    "num_articles",
    "first_seen",
    "last_seen",
    "article_ids",
    "mention_ids",
)
#: Column order of a merged event record (``evidence`` nested, as in ``RECORD_FIELDS``).
EVENT_FIELDS: tuple[str, ...] = RECORD_FIELDS + MERGE_FIELDS

_EVIDENCE_TYPE = pa.struct([(f, pa.string() if f == "sentence" else pa.int32()) for f in EVIDENCE_FIELDS])
#: Arrow type of every field a record can carry: the output contract, merged-event counts included.
#: The store derives its column types from this table too, so a file and the database never disagree.
FIELD_TYPES: dict[str, pa.DataType] = {
    **{name: pa.string() for name in RECORD_FIELDS},
    "sentence_index": pa.int32(),
    "event_date": pa.date32(),
    "event_date_end": pa.date32(),
    "quad_class": pa.int32(),
    "goldstein": pa.float64(),
    "confidence": pa.float64(),
    "latitude": pa.float64(),
    "longitude": pa.float64(),
    "evidence": _EVIDENCE_TYPE,
    "num_mentions": pa.int32(),
    "num_sources": pa.int32(),
    "num_articles": pa.int32(),
    "first_seen": pa.date32(),
    "last_seen": pa.date32(),
    "article_ids": pa.list_(pa.string()),
    "mention_ids": pa.list_(pa.string()),
}
DATE_FIELDS = frozenset(name for name, kind in FIELD_TYPES.items() if kind == pa.date32())


def flat_fields(fields: Sequence[str] = RECORD_FIELDS) -> list[str]:
    """Column names with the nested ``evidence`` spelled out as ``evidence_sentence``, ``evidence_...``."""
    return list(flat_field_types(fields))


def flat_field_types(fields: Sequence[str] = RECORD_FIELDS) -> dict[str, pa.DataType]:
    """Arrow type per flat column, for tables (CSV, the store) that cannot nest evidence."""
    types: dict[str, pa.DataType] = {}
    for name in fields:
        if name == "evidence":
            types.update({f"evidence_{f.name}": f.type for f in _EVIDENCE_TYPE})
        else:
            types[name] = FIELD_TYPES[name]
    return types


def flatten_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record with ``evidence`` replaced by ``evidence_*`` keys (missing evidence gives ``None``s)."""
    flat = {k: v for k, v in record.items() if k != "evidence"}
    evidence = record.get("evidence") or {}
    flat.update({f"evidence_{f}": evidence.get(f) for f in EVIDENCE_FIELDS})
    return flat


def nest_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """Undo ``flatten_record``: gather ``evidence_*`` columns back into the nested ``evidence`` dict."""
    record = {k: v for k, v in row.items() if not k.startswith("evidence_")}
    record["evidence"] = {f: row.get(f"evidence_{f}") for f in EVIDENCE_FIELDS}
    return record


def arrow_schema(fields: Sequence[str] = RECORD_FIELDS) -> pa.Schema:
    """The fixed Parquet schema for ``fields``: dates as date32, evidence as a struct."""
    return pa.schema([pa.field(name, FIELD_TYPES[name]) for name in fields])


def record_date(value: Any) -> dt.date | None:
    """A date field of a record (ISO string, date or datetime, or empty) as a ``date``."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
