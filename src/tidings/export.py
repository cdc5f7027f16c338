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
import json
import os
import re
import secrets
import sys
import types
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from tidings.errors import InputError, TidingsError, UsageError
from tidings.gdelt import (  # noqa: F401 - the GDELT helpers were public here before gdelt.py
    MENTION_COLUMNS,
    fips_for_iso3,
    gdelt_columns,
    gdelt_mention_row,
    gdelt_row,
)
from tidings.model import Event
from tidings.schema import (
    DATE_FIELDS,
    FIELD_KINDS,
    RECORD_FIELDS,
    arrow_schema,
    flat_fields,
    flatten_record,
    record_date,
)

#: The event output formats (``--format``).
OUTPUT_FORMATS = ("jsonl", "csv", "parquet", "gdelt")
FORMATS = OUTPUT_FORMATS  # the name callers have used
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
# A writer's temporary file: ".NAME.PID-RANDOM.part" beside the destination.
_PART = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]{8}\.part$")


def resolve_format(path: str | Path, fmt: str | None = None) -> str:
    """The output format named by ``fmt`` (``--format``) or, failing that, by the file's suffix."""
    target = str(path)
    if fmt:
        fmt = fmt.lower()
        if fmt not in FORMATS:
            raise UsageError("--format", f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
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
        _remove_orphans(final)
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


def _remove_orphans(final: Path) -> None:
    """Delete temporary files a killed writer (``kill -9``, power loss) left beside ``final``.

    Only files of processes that no longer exist are removed: another live run's file is left alone."""
    for path in final.parent.glob(f".{final.name}.*.part"):
        found = _PART.match(path.name)
        if found is None or found["name"] != final.name or _alive(int(found["pid"])):
            continue
        path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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

    def write(self, record: Mapping[str, Any] | Event) -> None:
        """Write one record or ``Event`` (keys outside ``fields`` are ignored, missing ones written as empty)."""
        if isinstance(record, Event):
            record = record.to_record()
        try:
            self._write(record)
        except OSError as exc:
            raise TidingsError(f"{self.path}: cannot write ({exc.strerror})") from exc
        self.count += 1

    def write_all(self, records: Iterable[Mapping[str, Any] | Event]) -> int:
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


class GdeltMentionsWriter(EventWriter):
    """The 16-column GDELT 2.0 Mentions table (see ``tidings.gdelt.gdelt_mention_row`` for the record keys)."""

    format = "gdelt"

    def __init__(self, path: str | Path, header: bool = False) -> None:
        self._header = header
        super().__init__(path, ())

    def _open(self) -> None:
        super()._open()
        if self._header:
            self._stream.write("\t".join(MENTION_COLUMNS) + "\n")  # type: ignore[union-attr]

    def _write(self, record: Mapping[str, Any]) -> None:
        self._stream.write("\t".join(gdelt_mention_row(record)) + "\n")  # type: ignore[union-attr]


def mentions_table_path(events_path: str | Path) -> Path:
    """Where the GDELT Mentions table goes beside an Events table: ``events.tsv`` → ``events.mentions.tsv``."""
    path = Path(events_path)
    suffixes = "".join(path.suffixes[-2:]) if path.suffix.lower() == ".gz" else path.suffix
    stem = path.name[: len(path.name) - len(suffixes)] if suffixes else path.name
    return path.with_name(f"{stem}.mentions{suffixes or '.tsv'}")


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
    records: Iterable[Mapping[str, Any] | Event],
    path: str | Path,
    fmt: str | None = None,
    fields: Sequence[str] = RECORD_FIELDS,
    header: bool = False,
) -> int:
    """Write all ``records`` (dicts, or the ``Event`` objects ``tidings.code`` yields) to ``path``; returns
    how many were written. This is ``tidings.export(...)``."""
    with open_writer(path, fmt, fields, header=header) as writer:
        return writer.write_all(records)


class _CallableModule(types.ModuleType):
    """``tidings.export`` names this module, because Python binds a submodule to its package's attribute on
    import (``import tidings.store`` does so); calling it is ``write_records``, so ``tidings.export(events,
    "out.jsonl")`` works however the module was reached."""

    __call__ = staticmethod(write_records)


sys.modules[__name__].__class__ = _CallableModule
