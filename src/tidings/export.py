"""Write event records to JSONL, CSV, Parquet or GDELT 2.0 event tables, one record at a time.

Writers take the flat record dicts of ``Event.to_record()`` (or merged events, see ``tidings.dedup``) and
stream them out, so memory stays bounded however many events a store holds. A file is written under a
temporary name beside its destination and renamed over it only when the writer closes cleanly: an
interrupted export never leaves half a file where a good one was.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import json
import os
import secrets
import sys
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from tidings import ontology
from tidings.errors import InputError, TidingsError
from tidings.schema import (
    DATE_FIELDS,
    FIELD_KINDS,
    RECORD_FIELDS,
    arrow_schema,
    flat_fields,
    flatten_record,
    record_date,
)

FORMATS = ("jsonl", "csv", "parquet", "gdelt")
_SUFFIX_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".tsv": "gdelt",
    ".gdelt": "gdelt",
}
#: Records buffered per Parquet row group: bounds memory while keeping row groups a useful size.
PARQUET_ROW_GROUP = 10_000


def resolve_format(path: str | Path, fmt: str | None = None) -> str:
    """The output format named by ``fmt`` (``--format``) or, failing that, by the file's suffix."""
    target = str(path)
    if fmt:
        fmt = fmt.lower()
        if fmt not in FORMATS:
            raise InputError("--format", f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    elif target == "-":
        fmt = "jsonl"
    else:
        suffixes = [s.lower() for s in Path(target).suffixes]
        if suffixes and suffixes[-1] == ".gz":
            suffixes.pop()
        fmt = _SUFFIX_FORMATS.get(suffixes[-1] if suffixes else "")
        if fmt is None:
            raise InputError(
                target,
                f"cannot tell the format from the file name; name it .jsonl/.csv/.parquet/.tsv "
                f"or pass --format ({'|'.join(FORMATS)})",
            )
    if fmt == "parquet" and target == "-":
        raise InputError("-", "Parquet cannot be written to stdout; give a file name such as events.parquet")
    if fmt == "parquet" and target.lower().endswith(".gz"):
        raise InputError(target, "Parquet compresses itself; drop the .gz suffix")
    return fmt


class _PendingFile:
    """A temporary file beside the destination, renamed over it only when writing finished cleanly."""

    def __init__(self, final: Path) -> None:
        if not final.parent.is_dir():
            raise InputError(str(final), f"the folder {final.parent} does not exist")
        self.final = final
        self.temp = final.parent / f".{final.name}.{os.getpid()}-{secrets.token_hex(4)}.part"
        try:
            # Created through os.open so the user's umask applies (mkstemp would force mode 0600).
            os.close(os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except OSError as exc:
            raise TidingsError(f"{final}: cannot write there ({exc.strerror})") from exc

    def commit(self) -> None:
        os.replace(self.temp, self.final)

    def discard(self) -> None:
        self.temp.unlink(missing_ok=True)


class EventWriter:
    """Streams records to one destination; ``count`` says how many were written.

    Use it as a context manager: leaving the block normally renames the finished file into place, leaving
    it with an exception deletes the temporary file and keeps whatever was at the destination before.
    """

    format = ""

    def __init__(self, path: str | Path, fields: Sequence[str] = RECORD_FIELDS) -> None:
        self.path = str(path)
        self.fields = tuple(fields)
        self.count = 0
        self._closed = False
        self._pending = None if self.path == "-" else _PendingFile(Path(self.path))
        self._stream: IO[str] | None = None
        try:
            self._open()
        except BaseException:
            self.abort()
            raise

    def _open(self) -> None:
        """Open the text stream (stdout, or the temporary file, gzipped when the name ends in .gz)."""
        if self._pending is None:
            self._stream = sys.stdout
        elif self.path.lower().endswith(".gz"):
            self._stream = gzip.open(self._pending.temp, "wt", encoding="utf-8", newline="")
        else:
            self._stream = open(self._pending.temp, "w", encoding="utf-8", newline="")  # noqa: SIM115

    def _write(self, record: Mapping[str, Any]) -> None:
        raise NotImplementedError

    def _finish(self) -> None:
        """Flush what the format still buffers and close the file (never stdout)."""
        if self._stream is not None:
            self._stream.flush()
            if self._stream is not sys.stdout:
                self._stream.close()

    def write(self, record: Mapping[str, Any]) -> None:
        """Write one record (keys outside ``fields`` are ignored, missing ones written as empty)."""
        try:
            self._write(record)
        except OSError as exc:
            raise TidingsError(f"{self.path}: cannot write ({exc.strerror})") from exc
        self.count += 1

    def write_all(self, records: Iterable[Mapping[str, Any]]) -> int:
        """Write every record; returns how many."""
        for record in records:
            self.write(record)
        return self.count

    def close(self) -> None:
        """Finish the file and move it into place."""
        if self._closed:
            return
        self._closed = True
        try:
            self._finish()
            if self._pending is not None:
                self._pending.commit()
        except OSError as exc:
            self._discard()
            raise TidingsError(f"{self.path}: cannot write ({exc.strerror})") from exc
        except BaseException:
            self._discard()
            raise

    def abort(self) -> None:
        """Stop writing and delete the temporary file, leaving the destination as it was."""
        if self._closed:
            return
        self._closed = True
        try:
            self._finish()
        except Exception:  # noqa: BLE001 - the file is being thrown away; its close error is irrelevant
            pass
        self._discard()

    def _discard(self) -> None:
        if self._pending is not None:
            self._pending.discard()

    def __enter__(self) -> EventWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class JsonlWriter(EventWriter):
    """One JSON object per line, evidence nested: the output contract as is."""

    format = "jsonl"

    def _write(self, record: Mapping[str, Any]) -> None:
        line = json.dumps({f: record.get(f) for f in self.fields}, ensure_ascii=False, default=_json_default)
        self._stream.write(line + "\n")  # type: ignore[union-attr]


class CsvWriter(EventWriter):
    """A header row, then one row per record; evidence flattened to ``evidence_*``, lists joined by ``;``."""

    format = "csv"

    def _open(self) -> None:
        super()._open()
        self._columns = flat_fields(self.fields)
        self._csv = csv.writer(self._stream, lineterminator="\n")  # type: ignore[arg-type]
        self._csv.writerow(self._columns)

    def _write(self, record: Mapping[str, Any]) -> None:
        flat = flatten_record(record)
        self._csv.writerow([_csv_value(flat.get(c)) for c in self._columns])


def _csv_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


class ParquetWriter(EventWriter):
    """Parquet with a fixed schema, written a row group at a time so memory stays bounded."""

    format = "parquet"

    def _open(self) -> None:
        self._schema = arrow_schema(self.fields)
        self._buffer: list[dict[str, Any]] = []
        import pyarrow.parquet as pq

        self._parquet = pq.ParquetWriter(self._pending.temp, self._schema, compression="zstd")  # type: ignore[union-attr]

    def _write(self, record: Mapping[str, Any]) -> None:
        row = {f: record.get(f) for f in self.fields}
        try:
            for name in DATE_FIELDS.intersection(row):
                row[name] = record_date(row[name])
        except ValueError as exc:
            raise InputError(self.path, f"record {self.count + 1}: {exc}") from exc
        self._buffer.append(row)
        if len(self._buffer) >= PARQUET_ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if not self._buffer:
            return
        import pyarrow as pa

        try:
            table = pa.Table.from_pylist(self._buffer, schema=self._schema)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise InputError(self.path, f"a record does not fit the Parquet schema: {exc}") from exc
        self._parquet.write_table(table)
        self._buffer.clear()

    def _finish(self) -> None:
        try:
            self._flush()
        finally:
            self._parquet.close()


class GdeltWriter(EventWriter):
    """The 61-column GDELT 2.0 event table: tab-separated, no header unless asked, so GDELT loaders read it.

    Besides the record fields it reads these optional keys when present: ``num_mentions``, ``num_sources``,
    ``num_articles`` (merged events), ``article_date``, ``source_url`` (or ``article_url``) and
    ``date_added`` (or ``coded_at``); ``location_feature`` (country, admin1, city) sharpens ActionGeo_Type.
    """

    format = "gdelt"

    def __init__(self, path: str | Path, fields: Sequence[str] = RECORD_FIELDS, header: bool = False) -> None:
        self._header = header
        # GDELT stamps DATEADDED per 15-minute update; one stamp per export is the closest equivalent.
        self._date_added = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d%H%M%S")
        super().__init__(path, fields)

    def _open(self) -> None:
        super()._open()
        if self._header:
            self._stream.write("\t".join(gdelt_columns()) + "\n")  # type: ignore[union-attr]

    def _write(self, record: Mapping[str, Any]) -> None:
        self._stream.write("\t".join(gdelt_row(record, self._date_added)) + "\n")  # type: ignore[union-attr]


_WRITERS: dict[str, type[EventWriter]] = {
    "jsonl": JsonlWriter,
    "csv": CsvWriter,
    "parquet": ParquetWriter,
    "gdelt": GdeltWriter,
}


def open_writer(
    path: str | Path, fmt: str | None = None, fields: Sequence[str] = RECORD_FIELDS, header: bool = False
) -> EventWriter:
    """A writer for ``path`` (``"-"`` for stdout) in ``fmt`` or the format its suffix names.

    ``fields`` fixes the columns (default: the mention contract, ``RECORD_FIELDS``; merged events use
    ``tidings.dedup.EVENT_FIELDS``). ``header`` adds a column-name row to GDELT output (CSV always has one).
    """
    fmt = resolve_format(path, fmt)
    unknown = [f for f in fields if f not in FIELD_KINDS]
    if unknown:
        raise InputError("fields", f"unknown output fields {unknown}; known: {', '.join(FIELD_KINDS)}")
    if fmt == "gdelt":
        return GdeltWriter(path, fields, header=header)
    return _WRITERS[fmt](path, fields)


def write_records(
    records: Iterable[Mapping[str, Any]],
    path: str | Path,
    fmt: str | None = None,
    fields: Sequence[str] = RECORD_FIELDS,
    header: bool = False,
) -> int:
    """Write all ``records`` to ``path``; returns how many were written."""
    with open_writer(path, fmt, fields, header=header) as writer:
        return writer.write_all(records)


# --- GDELT 2.0 event rows --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def gdelt_columns() -> tuple[str, ...]:
    """The 61 GDELT 2.0 event column names, in file order."""
    rows = sorted(ontology.read_table("gdelt2_event_columns.tsv"), key=lambda r: int(r["position"]))
    return tuple(r["name"] for r in rows)


@lru_cache(maxsize=1)
def _fips_table() -> dict[str, tuple[str, str]]:
    return {r["iso3"]: (r["fips"], r["name"]) for r in ontology.read_table("iso3_to_fips.tsv")}


def fips_for_iso3(iso3: str | None) -> str:
    """The FIPS 10-4 country code GDELT uses for an ISO-3166 alpha-3 code, ``""`` when there is none."""
    return _fips_table().get((iso3 or "").upper(), ("", ""))[0]


@lru_cache(maxsize=1)
def _known_groups() -> frozenset[str]:
    return frozenset(r["code"] for r in ontology.read_table("cameo_known_groups.tsv"))


def _text(value: Any) -> str:
    """A GDELT cell: empty when unknown; integral floats without ``.0``, as GDELT writes ``-10``."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _global_event_id(event_id: str | None) -> str:
    if not event_id:
        return ""
    try:
        return str(int(event_id[:15], 16))
    except ValueError:  # not one of tidings' hex ids: hash it so the number is still stable
        return str(int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:15], 16))


def _actor_columns(prefix: str, record: Mapping[str, Any], role: str) -> dict[str, str]:
    """Actor code, name, CAMEO country, known group and up to three role codes, split from the composite."""
    code = (record.get(f"{role}_code") or "").upper()
    chunks = [code[i : i + 3] for i in range(0, len(code) - 2, 3)]
    country = chunks[0] if chunks and chunks[0] in ontology.cameo_countries() else ""
    rest = chunks[1:] if country else chunks
    known = next((c for c in rest if c in _known_groups()), "")
    declared = record.get(f"{role}_type") or ""
    roles = [declared] if declared else []
    roles += [c for c in rest if c in ontology.actor_types() and c not in (known, declared)]
    roles += ["", "", ""]
    return {
        f"{prefix}Code": code,
        f"{prefix}Name": record.get(f"{role}_name") or "",
        f"{prefix}CountryCode": country,
        f"{prefix}KnownGroupCode": known,
        f"{prefix}Type1Code": roles[0],
        f"{prefix}Type2Code": roles[1],
        f"{prefix}Type3Code": roles[2],
    }


def _action_geo(record: Mapping[str, Any]) -> dict[str, str]:
    """ActionGeo_* from the event location; type 1 (country) when only a country is known."""
    iso3 = (record.get("location_country") or "").upper()
    name = record.get("location_name") or ""
    lat, lon = record.get("latitude"), record.get("longitude")
    if not (iso3 or name or lat is not None):
        return {"ActionGeo_Type": "0"}
    fips, country_name = _fips_table().get(iso3, ("", ""))
    feature = record.get("location_feature")
    if feature == "country" or (
        not feature and (not name or name.casefold() in (country_name.casefold(), iso3.casefold()))
    ):
        geo_type = 1
    elif feature == "admin1":
        geo_type = 2 if iso3 == "USA" else 5
    else:
        geo_type = 3 if iso3 == "USA" else 4
    if geo_type == 1:
        full_name = country_name or name
    elif name and country_name:
        full_name = f"{name}, {country_name}"  # GDELT style: "Tbilisi, Georgia"
    else:
        full_name = name or country_name
    return {
        "ActionGeo_Type": str(geo_type),
        "ActionGeo_FullName": full_name,
        "ActionGeo_CountryCode": fips,
        # The ADM1 division is unknown to tidings; GDELT's convention for that is the bare country code.
        "ActionGeo_ADM1Code": fips,
        "ActionGeo_Lat": _text(lat),
        "ActionGeo_Long": _text(lon),
        "ActionGeo_FeatureID": fips if geo_type == 1 else "",
    }


def _timestamp(value: Any) -> str:
    if not value:
        return ""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.fromisoformat(str(value))
    return value.strftime("%Y%m%d%H%M%S")


def gdelt_row(record: Mapping[str, Any], date_added: str) -> list[str]:
    """One record as the 61 GDELT 2.0 event-table cells (strings; ``""`` where tidings knows nothing)."""
    cells: dict[str, str] = {"GLOBALEVENTID": _global_event_id(record.get("event_id"))}
    day = record_date(record.get("event_date") or record.get("article_date") or record.get("first_seen"))
    if day is not None:
        cells["SQLDATE"] = day.strftime("%Y%m%d")
        cells["MonthYear"] = day.strftime("%Y%m")
        cells["Year"] = str(day.year)
        # GDELT's files use day-of-year / 365 (20130401 -> 2013.2493), not the codebook's (MONTH*30+DAY)/365.
        cells["FractionDate"] = f"{day.year + day.timetuple().tm_yday / 365:.4f}"
    cells.update(_actor_columns("Actor1", record, "source"))
    cells.update(_actor_columns("Actor2", record, "target"))
    code = record.get("event_code") or ""
    cells.update(
        {
            "IsRootEvent": "1" if record.get("sentence_index") == 0 else "0",
            "EventCode": code,
            "EventBaseCode": code[:3],
            "EventRootCode": record.get("event_root_code") or code[:2],
            "QuadClass": _text(record.get("quad_class")),
            "GoldsteinScale": _text(record.get("goldstein")),
            "NumMentions": _text(record.get("num_mentions") or 1),
            "NumSources": _text(record.get("num_sources") or 1),
            "NumArticles": _text(record.get("num_articles") or 1),
            "Actor1Geo_Type": "0",
            "Actor2Geo_Type": "0",
        }
    )
    cells.update(_action_geo(record))
    cells["DATEADDED"] = _timestamp(record.get("date_added") or record.get("coded_at")) or date_added
    cells["SOURCEURL"] = record.get("source_url") or record.get("article_url") or record.get("article_id") or ""
    return [_clean_cell(cells.get(name, "")) for name in gdelt_columns()]


def _clean_cell(value: str) -> str:
    """Tabs and line breaks inside a value would shift every later column, so they become spaces."""
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")
