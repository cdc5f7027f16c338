"""The output contract in one place: record fields, their Arrow types, and flat/nested conversions.

Writers (``export``), the store, dedup and the Parquet datasets of a distributed run all read the columns and
their types from here, so a file, a table and a merged event never disagree on a field. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: The kind of every field a record can carry (Arrow type names): the output contract, merged-event counts
#: included. The store derives its column types from this table too, so a file and the database never disagree.
#: Kinds are plain names so that writing JSONL or CSV never imports pyarrow; ``FIELD_TYPES`` gives the types.
FIELD_KINDS: dict[str, str] = {
    **dict.fromkeys(RECORD_FIELDS, "string"),
    "sentence_index": "int32",
    "event_date": "date32",
    "event_date_end": "date32",
    "quad_class": "int32",
    "goldstein": "float64",
    "confidence": "float64",
    "latitude": "float64",
    "longitude": "float64",
    "evidence": "evidence",
    "num_mentions": "int32",
    "num_sources": "int32",
    "num_articles": "int32",
    "first_seen": "date32",
    "last_seen": "date32",
    "article_ids": "list<string>",
    "mention_ids": "list<string>",
}
DATE_FIELDS = frozenset(name for name, kind in FIELD_KINDS.items() if kind == "date32")


def _arrow_type(kind: str) -> pa.DataType:
    import pyarrow as pa

    if kind == "evidence":
        return pa.struct([(f, pa.string() if f == "sentence" else pa.int32()) for f in EVIDENCE_FIELDS])
    if kind == "list<string>":
        return pa.list_(pa.string())
    return getattr(pa, kind)()


def __getattr__(name: str) -> Any:
    """``FIELD_TYPES``: the Arrow type of every field, built (and pyarrow imported) on first use."""
    if name == "FIELD_TYPES":
        types = {field: _arrow_type(kind) for field, kind in FIELD_KINDS.items()}
        globals()["FIELD_TYPES"] = types
        return types
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def flat_fields(fields: Sequence[str] = RECORD_FIELDS) -> list[str]:
    """Column names with the nested ``evidence`` spelled out as ``evidence_sentence``, ``evidence_...``."""
    out: list[str] = []
    for name in fields:
        if name == "evidence":
            out.extend(f"evidence_{f}" for f in EVIDENCE_FIELDS)
        else:
            out.append(name)
    return out


def flat_field_types(fields: Sequence[str] = RECORD_FIELDS) -> dict[str, pa.DataType]:
    """Arrow type per flat column, for tables (CSV, the store) that cannot nest evidence."""
    types: dict[str, pa.DataType] = {}
    for name in fields:
        if name == "evidence":
            types.update({f"evidence_{f.name}": f.type for f in _arrow_type("evidence")})
        else:
            types[name] = _arrow_type(FIELD_KINDS[name])
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
    import pyarrow as pa

    return pa.schema([pa.field(name, _arrow_type(FIELD_KINDS[name])) for name in fields])


def record_date(value: Any) -> dt.date | None:
    """A date field of a record (ISO string, date or datetime, or empty) as a ``date``."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
