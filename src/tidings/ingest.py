"""Read news articles from JSONL, CSV, plain-text and HTML input into :class:`~tidings.model.Article` records.

All input validation lives here, so every later stage can trust an Article: it has an id, a date, and
non-empty text within the length limit, with control characters removed and every line ending in ``\\n``.
Input is streamed a line at a time (a file at a time for text and HTML, which hold one article each), so
memory stays bounded however large the input is.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import itertools
import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Union

from tidings.errors import InputError, UsageError
from tidings.model import Article

__all__ = [
    "DEFAULT_MAX_CHARS",
    "FORMATS",
    "IngestStats",
    "article_from_record",
    "clean_text",
    "csv_header_end",
    "input_files",
    "read_articles",
    "read_file_range",
    "record_boundaries",
    "sniff_format",
]

log = logging.getLogger(__name__)

#: The longest article text accepted, in characters; longer ones are bad records, not silently cut.
DEFAULT_MAX_CHARS = 5_000_000
#: The input formats ``read_articles`` understands.
INPUT_FORMATS = ("jsonl", "csv", "txt", "html")
FORMATS = INPUT_FORMATS  # the name callers have used
_EXTENSIONS = {
    ".jsonl": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
}
_EXTENSION_LIST = ".jsonl, .json, .csv, .txt, .html or .htm (each may end in .gz)"
_REQUIRED_COLUMNS = ("id", "date", "text")
_MAX_KEPT_ERRORS = 100
_STDIN = "<stdin>"
_RECORDS = "<records>"
# Every C0/C1 control character except tab (\x09) and newline (\x0a); \r is turned into \n before this runs.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A lone UTF-16 surrogate (JSON "\ud800") is a valid Python str but cannot be written as UTF-8 later.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Only dates the page states: htmldate's extensive search turns a footer "Copyright 2021" into 2021-01-01.
_HTML_DATE_PARAMS = {"original_date": True, "extensive_search": False}

Source = Union[str, "os.PathLike[str]", Iterable[Mapping[str, Any] | Article], Any]
#: The article fields an input can name differently (``fields={"text": "body"}``).
FIELD_NAMES = ("id", "date", "text", "title", "url", "source")


@dataclass
class IngestStats:
    """What one read did with its input, so a caller can say how much was usable and why the rest was not.

    ``errors`` keeps the first 100 messages only: a badly broken file must not fill memory with them.
    """

    read: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    def add_skipped(self, message: str) -> None:
        """Count one skipped record (or empty file) and keep its message if there is room."""
        self.skipped += 1
        if len(self.errors) < _MAX_KEPT_ERRORS:
            self.errors.append(message)


class _Invalid(ValueError):
    """A field of a record is wrong; ``article_from_record`` adds where the record came from."""


def read_articles(
    source: Source,
    *,
    fmt: str | None = None,
    default_date: dt.date | str | None = None,
    skip_bad: bool = False,
    stats: IngestStats | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    fields: Mapping[str, str] | None = None,
) -> Iterator[Article]:
    """Read articles from a file, a directory, standard input or records in memory, one at a time.

    ``source`` is a path; ``"-"`` for standard input (JSONL unless ``fmt`` says otherwise); a directory, read
    recursively in sorted order, taking the files named ``*.jsonl``, ``*.json``, ``*.csv``, ``*.txt``,
    ``*.html`` and ``*.htm``, each optionally gzipped (``.jsonl.gz``); an iterable of dicts or Articles,
    checked like JSONL records; or a pandas or polars DataFrame (one row per article). A JSON input whose
    first character is ``[`` is read as one array of article objects; otherwise one object per line.
    ``fmt`` (one of :data:`FORMATS`) overrides the file extension; for a directory it keeps only files of
    that format. A text or HTML file is one article whose id is its name without the extension, or, in a
    directory, its path relative to that directory (``2024/a/index.html``), so two files never share one.
    ``default_date`` dates text and HTML files that carry no date of their own; without it such a file is a
    bad record (the file's modification date is not the story's date). JSONL and CSV records must each
    have their own. ``fields`` maps article fields to the input's own column names (``{"text": "body"}``).

    Bad input raises :class:`~tidings.errors.InputError` naming the file and line. With ``skip_bad`` a bad
    record (or an empty file) is logged, counted in ``stats`` and skipped instead; a missing file, an
    unknown extension or a CSV header without the required columns still raises, since nothing in such a
    file could be read. File problems found before reading (not found, unknown type) raise at the call;
    everything else as the returned iterator reaches it.
    """
    if fmt is not None and fmt not in FORMATS:
        raise UsageError("--input-format", f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if isinstance(source, (Mapping, bytes)):
        raise TypeError(
            "read_articles() takes a path, '-' or an iterable of dicts or Articles, "
            f"not a {type(source).__name__} (to read one record, wrap it in a list)"
        )
    fallback = _as_date(default_date)
    names = _field_names(fields)
    if stats is None:
        stats = IngestStats()
    if isinstance(source, (str, os.PathLike)):
        if str(source) == "-":
            items = _read_stdin(fmt or "jsonl", fallback, max_chars, names)
        else:
            items = _read_files(_input_plan(Path(source), fmt), fallback, max_chars, names)
    else:
        items = _record_items(_frame_rows(source), max_chars, names)
    return _skip_or_raise(items, skip_bad, stats)


def _field_names(fields: Mapping[str, str] | None) -> dict[str, str]:
    """``{input column: article field}`` from ``{article field: input column}``, checked."""
    if not fields:
        return {}
    unknown = sorted(set(fields) - set(FIELD_NAMES))
    if unknown:
        raise UsageError("--field", f"unknown article field(s) {', '.join(unknown)}; map {', '.join(FIELD_NAMES)}")
    return {column: name for name, column in fields.items()}


def _renamed(record: Mapping[str, Any], names: Mapping[str, str]) -> Mapping[str, Any]:
    """The record with the input's column names replaced by the article fields they stand for."""
    if not names:
        return record
    out = {k: v for k, v in record.items() if k not in names and k not in names.values()}
    out.update({names[k]: v for k, v in record.items() if k in names})
    return out


def _frame_rows(source: Any) -> Any:
    """The rows of a pandas or polars DataFrame as dicts (missing values as None); other sources as given."""
    if hasattr(source, "iter_rows") and hasattr(source, "columns"):  # polars
        return source.iter_rows(named=True)
    if hasattr(source, "to_dict") and hasattr(source, "columns") and hasattr(source, "iterrows"):  # pandas
        frame = source.astype(object).where(source.notna(), None)
        return (dict(zip(frame.columns, row, strict=True)) for row in frame.itertuples(index=False, name=None))
    return source


def sniff_format(path: str | os.PathLike[str]) -> str:
    """Say which reader a file needs, from its extension: ``"jsonl"``, ``"csv"``, ``"txt"`` or ``"html"``.

    ``"-"`` (standard input) is JSONL. Raises :class:`InputError` for any other extension, so a stray file
    is reported rather than misread.
    """
    if str(path) == "-":
        return "jsonl"
    suffix = _inner_suffix(Path(path))
    try:
        return _EXTENSIONS[suffix]
    except KeyError:
        kind = f"{suffix!r}" if suffix else "(no extension)"
        raise InputError(
            str(path), f"unknown file type {kind}: expected {_EXTENSION_LIST}, or name the format explicitly"
        ) from None


def _inner_suffix(path: Path) -> str:
    """The extension that names the format, under a ``.gz`` (``news.jsonl.gz`` → ``.jsonl``)."""
    suffixes = [x.lower() for x in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def article_from_record(
    record: Mapping[str, Any],
    *,
    source: str = _RECORDS,
    line: int | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Article:
    """Check one input record (a JSON object, CSV row or dict) and make it an Article, or say what is wrong.

    Required: ``id`` (a string, or an integer, which becomes a string), ``date`` (``YYYY-MM-DD``, an ISO
    date-time whose date part is kept as written, or a ``datetime.date``) and non-empty ``text``. Optional:
    ``title``, ``url``, ``source`` (strings; empty means absent). Other keys are ignored. ``source`` and
    ``line`` only place the record in the :class:`InputError` message.
    """
    try:
        return Article(
            id=_id_field(record),
            date=_date_field(record),
            text=_text_field(record, max_chars),
            title=_optional_field(record, "title"),
            url=_optional_field(record, "url"),
            source=_optional_field(record, "source"),
        )
    except _Invalid as e:
        raise InputError(source, str(e), line) from None


def clean_text(text: str) -> str:
    """Drop control characters and end every line with ``\\n``, changing nothing else in the text.

    Offsets into the cleaned text are shown to users as evidence, so this is the only change ingest makes:
    ``\\r\\n`` and a lone ``\\r`` each become one ``\\n`` (a lone ``\\r`` is an old-style line break, and
    dropping it would glue two words together), and NUL and the other control characters, which no news
    text means and which break terminals and CSV output, are removed. Tab and newline stay.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


# --- byte ranges of one large file (the partitions of a distributed run) ------------------------------------


def input_files(path: str | os.PathLike[str], fmt: str | None = None) -> list[tuple[Path, str]]:
    """The files ``read_articles(path, fmt=fmt)`` would read, each with its format, without reading them."""
    if fmt is not None and fmt not in FORMATS:
        raise InputError("format", f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    return [(file, file_fmt) for file, file_fmt, _ in _input_plan(Path(path), fmt)]


def record_boundaries(path: str | os.PathLike[str], fmt: str, every: int) -> list[int]:
    """Byte offsets, about ``every`` bytes apart, where a JSONL or CSV record starts (0 and the size included).

    JSONL records cannot hold a raw newline, so a cut is the first line start after each target and only a
    few bytes around it are read. A CSV field may (a quoted newline), so a cut is the first line start with
    an even number of quote characters before it: the file's bytes are counted, never decoded or parsed.
    """
    size = os.path.getsize(path)
    if fmt not in ("jsonl", "csv"):
        raise InputError(str(path), f"only JSONL and CSV files can be split into byte ranges, not {fmt}")
    cuts = [0]
    with open(path, "rb") as handle:
        if fmt == "jsonl":
            target = every
            while target < size:
                handle.seek(target - 1)
                handle.readline()
                cut = handle.tell()
                if cut >= size:
                    break
                cuts.append(cut)
                target = cut + every
        else:
            cuts.extend(itertools.islice(_csv_boundaries(handle, size, every), 1, None))  # not the header's end
    cuts.append(size)
    return sorted(set(cuts))


def csv_header_end(path: str | os.PathLike[str]) -> int:
    """Where a CSV file's header row ends (a range after the first is read with ``[0, csv_header_end)``)."""
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        return next(_csv_boundaries(handle, size, size), size)


def _csv_boundaries(handle: IO[bytes], size: int, every: int) -> Iterator[int]:
    """Line starts outside quoted fields: the end of the header, then one at or after every ``every`` bytes."""
    chunk_size = 1 << 20
    position = quotes = 0
    target = 1  # the header ends at the first line start outside quotes
    while chunk := handle.read(chunk_size):
        search = max(target - 1 - position, 0)
        while (newline := chunk.find(b"\n", search)) >= 0:
            search = newline + 1
            if (quotes + chunk.count(b'"', 0, newline)) % 2:
                continue  # a newline inside a quoted field
            cut = position + newline + 1
            if cut >= size:
                return
            yield cut
            target = cut + every
            search = max(target - 1 - position, search)
        quotes += chunk.count(b'"')
        position += len(chunk)


def read_file_range(
    path: str | os.PathLike[str],
    fmt: str,
    start: int,
    end: int,
    *,
    header_end: int = 0,
    skip_bad: bool = False,
    stats: IngestStats | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    fields: Mapping[str, str] | None = None,
) -> Iterator[Article]:
    """The articles whose records lie in bytes ``[start, end)`` of a JSONL or CSV file (cuts from
    ``record_boundaries``), checked exactly as ``read_articles`` checks them and with the same line numbers.

    A CSV range after the first is read after the header (bytes ``[0, header_end)``, see ``csv_header_end``).
    Line numbers in errors are counted only when an error happens, so a worker never scans the file before
    its range.
    """
    name = str(path)
    stats = stats if stats is not None else IngestStats()
    names = _field_names(fields)
    prefix_lines = 0

    def items() -> Iterator[Article | InputError]:
        nonlocal prefix_lines
        with open(path, "rb") as handle:
            prefix = b""
            if fmt == "csv" and start > 0:
                prefix = handle.read(header_end)
                prefix_lines = prefix.count(b"\n")
            window = _ByteWindow(handle, start, end, prefix)
            # A byte range holds whole JSONL lines: a JSON array cannot be split, so it is never read as one.
            read: Iterator[Article | InputError] = (
                _jsonl_items(window, name, max_chars, names, arrays=False)  # type: ignore[arg-type]
                if fmt == "jsonl"
                else _csv_items(window, name, max_chars, names)  # type: ignore[arg-type]
            )
            for item in read:
                if isinstance(item, InputError) and start > 0:
                    if item.reason == "empty file, no articles":
                        continue  # a range of blank lines is not an empty file
                    item = _at_file_line(item, path, start, prefix_lines)
                yield item

    return _skip_or_raise(items(), skip_bad, stats)


class _ByteWindow:
    """Bytes ``[start, end)`` of an open file after an optional prefix, read a line at a time."""

    def __init__(self, handle: IO[bytes], start: int, end: int, prefix: bytes = b"") -> None:
        handle.seek(start)
        self._handle = handle
        self._left = end - start
        self._prefix = prefix

    def readline(self, limit: int = -1) -> bytes:
        if self._prefix:
            cut = self._prefix.find(b"\n") + 1 or len(self._prefix)
            line, self._prefix = self._prefix[:cut], self._prefix[cut:]
            return line
        if self._left <= 0:
            return b""
        line = self._handle.readline(self._left if limit is None or limit < 0 else min(limit, self._left))
        self._left -= len(line)
        return line


def _at_file_line(error: InputError, path: str | os.PathLike[str], start: int, prefix_lines: int) -> InputError:
    """The error of a record in a byte range, renumbered to its line in the whole file."""
    if error.line is None or error.line <= prefix_lines:
        return error
    before = 0
    with open(path, "rb") as handle:
        left = start
        while left > 0 and (chunk := handle.read(min(left, 1 << 20))):
            before += chunk.count(b"\n")
            left -= len(chunk)
    return InputError(error.source, error.reason, before + error.line - prefix_lines)


# --- the pieces read_articles is made of ------------------------------------------------------------------


def _skip_or_raise(items: Iterator[Article | InputError], skip_bad: bool, stats: IngestStats) -> Iterator[Article]:
    """Yield the articles; raise the first bad record, or with ``skip_bad`` log, count and pass over it."""
    for item in items:
        if isinstance(item, InputError):
            if not skip_bad:
                raise item
            stats.add_skipped(str(item))
            log.warning("%s (skipped)", item)
            continue
        stats.read += 1
        yield item


def _input_plan(path: Path, fmt: str | None) -> list[tuple[Path, str, str]]:
    """The files to read, the format of each and the id a one-article file (text, HTML) gives its article,
    checked before any reading so mistakes surface at once."""
    if path.is_dir():
        plan = []
        for file in _files_below(path):
            file_fmt = _EXTENSIONS.get(_inner_suffix(file))
            if file_fmt is not None and (fmt is None or file_fmt == fmt):
                plan.append((file, file_fmt, file.relative_to(path).as_posix()))
        if not plan:
            wanted = f"{fmt} files" if fmt else f"files named {_EXTENSION_LIST}"
            raise InputError(str(path), f"no input files in this directory (looked for {wanted})")
        return plan
    if not path.exists():
        raise InputError(str(path), "file not found")
    stem = path.name[: len(path.name) - len("".join(path.suffixes[-2:]))] if path.suffix.lower() == ".gz" else path.stem
    return [(path, fmt or sniff_format(path), stem or path.name)]


def _files_below(directory: Path) -> list[Path]:
    """Every file under ``directory`` in sorted order, leaving out hidden files and folders (``.git``...)."""
    found: list[Path] = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root, name) for name in names if not name.startswith("."))
    return sorted(found)


def _read_files(
    plan: list[tuple[Path, str, str]], fallback: dt.date | None, max_chars: int, names: Mapping[str, str]
) -> Iterator[Article | InputError]:
    for path, fmt, article_id in plan:
        try:
            stream = gzip.open(path, "rb") if path.suffix.lower() == ".gz" else path.open("rb")
        except FileNotFoundError:
            raise InputError(str(path), "file not found") from None
        except OSError as e:
            raise InputError(str(path), f"cannot read the file ({e.strerror})") from None
        with stream:
            try:
                yield from _stream_items(stream, str(path), fmt, article_id, fallback, max_chars, names)  # type: ignore[arg-type]
            except (OSError, EOFError) as e:  # a corrupt or truncated .gz
                yield InputError(str(path), f"cannot read the file ({e})")


def _read_stdin(
    fmt: str, fallback: dt.date | None, max_chars: int, names: Mapping[str, str]
) -> Iterator[Article | InputError]:
    # The binary buffer, so undecodable bytes are reported with their line rather than raised by the codec.
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError(_STDIN, "standard input is not a byte stream; pass a file path instead")
    yield from _stream_items(stream, _STDIN, fmt, "stdin", fallback, max_chars, names)


def _stream_items(
    stream: IO[bytes],
    name: str,
    fmt: str,
    article_id: str,
    fallback: dt.date | None,
    max_chars: int,
    names: Mapping[str, str],
) -> Iterator[Article | InputError]:
    """The articles (or bad records) in one input, read with the reader for ``fmt``."""
    if fmt == "jsonl":
        # A JSON array is read from stdin and .json files; a .jsonl file holds one object a line, always.
        arrays = name == _STDIN or name.lower().endswith((".json", ".json.gz"))
        yield from _jsonl_items(stream, name, max_chars, names, arrays)
    elif fmt == "csv":
        yield from _csv_items(stream, name, max_chars, names)
    else:
        yield _document_item(stream, name, fmt, article_id, fallback, max_chars)


def _record_items(records: Iterable[Any], max_chars: int, names: Mapping[str, str]) -> Iterator[Article | InputError]:
    for index, item in enumerate(records, start=1):
        if isinstance(item, (Article, Mapping)):
            # An Article is checked like a dict: one built by hand meets the rules of one read from disk.
            fields = vars(item) if isinstance(item, Article) else _renamed(item, names)
            try:
                yield article_from_record(fields, source=_RECORDS, line=index, max_chars=max_chars)
            except InputError as e:
                yield e
        else:
            yield InputError(_RECORDS, f"expected a dict or an Article, got {type(item).__name__}", index)


# --- JSONL and CSV: one record per line (CSV: per row) ---------------------------------------------------


def _jsonl_items(
    stream: IO[bytes], name: str, max_chars: int, names: Mapping[str, str], arrays: bool
) -> Iterator[Article | InputError]:
    limit = _byte_limit(max_chars)
    seen_any = False
    for lineno, raw in _numbered_lines(stream, limit):
        if raw is not None and not raw.strip():
            continue
        if arrays and not seen_any and raw is not None and raw.lstrip().startswith(b"["):
            yield from _json_array_items(raw + stream.read(), name, max_chars, names)
            return
        seen_any = True
        try:
            if raw is None:
                raise _line_too_long(name, lineno, limit, max_chars)
            record = _renamed(_json_object(_decode_utf8(raw, name, lineno), name, lineno), names)
            yield article_from_record(record, source=name, line=lineno, max_chars=max_chars)
        except InputError as e:
            yield e
    if not seen_any:
        yield InputError(name, "empty file, no articles")


def _json_array_items(
    data: bytes, name: str, max_chars: int, names: Mapping[str, str]
) -> Iterator[Article | InputError]:
    """A JSON array of article objects (one document, read whole); errors name the item's line."""
    text = _decode_utf8(data, name, 1)
    try:
        items = json.loads(text, strict=False)
    except json.JSONDecodeError as e:
        raise InputError(name, f"broken JSON ({e.msg} at column {e.colno})", e.lineno) from None
    if not items:
        yield InputError(name, "empty file, no articles")
    for index, item in enumerate(items, start=1):
        where = f"{name} item {index}"
        if not isinstance(item, dict):
            yield InputError(where, f"expected a JSON object with one article, got {type(item).__name__}")
            continue
        try:
            yield article_from_record(_renamed(item, names), source=where, max_chars=max_chars)
        except InputError as e:
            yield e


def _json_object(line: str, name: str, lineno: int) -> Mapping[str, Any]:
    try:
        # strict=False lets raw control characters inside strings through; clean_text drops them.
        value = json.loads(line, strict=False)
    except json.JSONDecodeError as e:
        hint = ""
        if name == _STDIN and not line.lstrip().startswith(("{", "[")):
            hint = "; is this plain text? then pass --input-format txt (and --date)"
        raise InputError(name, f"broken JSON ({e.msg} at column {e.colno}){hint}", lineno) from None
    if not isinstance(value, dict):
        raise InputError(
            name,
            f"expected a JSON object with one article, got {type(value).__name__} (JSONL: one object a line)",
            lineno,
        )
    return value


def _csv_items(
    stream: IO[bytes], name: str, max_chars: int, names: Mapping[str, str]
) -> Iterator[Article | InputError]:
    limit = _byte_limit(max_chars)
    # csv's field limit is process-wide (default 128 KiB, less than one long article); only ever raise it.
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)
    # Lines that could not be decoded, by line number: the row that contains one is reported bad.
    line_errors: dict[int, InputError] = {}

    def decoded_lines() -> Iterator[str]:
        for lineno, raw in _numbered_lines(stream, limit):
            try:
                if raw is None:
                    raise _line_too_long(name, lineno, limit, max_chars)
                yield _decode_utf8(raw, name, lineno)
            except InputError as e:
                line_errors[lineno] = e
                yield "\n" if raw is None else raw.decode("utf-8", "replace")

    reader = csv.reader(decoded_lines())
    header: list[str] | None = None
    seen_any = False
    last_line = 0
    while True:
        first_line = last_line + 1
        try:
            row: list[str] | None = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            row, problem = None, InputError(name, f"unreadable CSV row ({e})", first_line)
        else:
            problem = None  # type: ignore[assignment]
        # A row may span several lines (quoted newlines): it is bad if any of them was.
        last_line = reader.line_num
        bad_lines = [line_errors.pop(n) for n in range(first_line, last_line + 1) if n in line_errors]
        problem = problem or (bad_lines[0] if bad_lines else None)  # type: ignore[assignment]
        if row is not None and not any(cell.strip() for cell in row):
            continue
        if header is None:
            if problem is not None or row is None:
                raise problem or InputError(name, "unreadable CSV header", first_line)
            header = _csv_header([names.get(c.strip(), c) for c in row], name, first_line)
            continue
        seen_any = True
        yield problem or _csv_row_item(row or [], header, name, first_line, max_chars)
    if not seen_any:
        yield InputError(name, "empty file, no articles")


def _csv_row_item(row: list[str], header: list[str], name: str, line: int, max_chars: int) -> Article | InputError:
    if len(row) != len(header):
        return InputError(name, f"row has {len(row)} fields, the header has {len(header)}", line)
    try:
        return article_from_record(dict(zip(header, row, strict=True)), source=name, line=line, max_chars=max_chars)
    except InputError as e:
        return e


def _csv_header(row: list[str], name: str, line: int) -> list[str]:
    header = [cell.strip() for cell in row]
    missing = [column for column in _REQUIRED_COLUMNS if column not in header]
    if missing:
        raise InputError(
            name,
            f"CSV header has no {', '.join(missing)} column (found: {', '.join(header)}); "
            f"the first row must name the columns {', '.join(_REQUIRED_COLUMNS)}",
            line,
        )
    return header


def _numbered_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Each line with its 1-based number, without a leading BOM; ``None`` for a line longer than ``limit``.

    An over-long line is read past in ``limit``-sized pieces and never held whole, so one runaway line
    cannot exhaust memory.
    """
    lineno = 0
    while raw := stream.readline(limit):
        lineno += 1
        if len(raw) >= limit and not raw.endswith(b"\n"):
            while (rest := stream.readline(limit)) and not rest.endswith(b"\n"):
                pass
            yield lineno, None
            continue
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        yield lineno, raw


def _byte_limit(max_chars: int) -> int:
    """The most bytes a line (or text/HTML file) may take: beyond it no article could fit in ``max_chars``.

    Generous, because JSON may escape every character as ``\\uXXXX`` (6 bytes) and HTML adds markup.
    """
    return 8 * max_chars + (1 << 20)


def _line_too_long(name: str, lineno: int, limit: int, max_chars: int) -> InputError:
    return InputError(name, f"line too long: over {limit} bytes (the article limit is {max_chars} characters)", lineno)


# --- text and HTML: one article per file ------------------------------------------------------------------


def _document_item(
    stream: IO[bytes], name: str, fmt: str, article_id: str, fallback: dt.date | None, max_chars: int
) -> Article | InputError:
    limit = _byte_limit(max_chars)
    data = stream.read(limit + 1)
    try:
        if len(data) > limit:
            raise InputError(name, f"file too large: over {limit} bytes (the article limit is {max_chars} characters)")
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        content = _decode_utf8(data, name, 1)
        if not content.strip():
            raise InputError(name, "empty file, no articles")
        if fmt == "txt":
            record = {"id": article_id, "text": content, "date": _undated(name, fallback)}
        else:
            record = _html_record(content, name)
            record["id"] = article_id
            record["date"] = record["date"] or _undated(name, fallback)
        return article_from_record(record, source=name, max_chars=max_chars)
    except InputError as e:
        return e


def _html_record(html: str, name: str) -> dict[str, Any]:
    """The main text, title, date and URL of a news page, as found by trafilatura."""
    # Imported here: it is slow to import and only HTML input needs it.
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, date_extraction_params=_HTML_DATE_PARAMS
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InputError(name, "no article text found in the HTML")
    page_date = getattr(doc, "date", None)
    return {
        "text": text,
        "title": getattr(doc, "title", None),
        "url": getattr(doc, "url", None),
        "date": _parse_date(page_date) if isinstance(page_date, str) else None,
    }


def _undated(name: str, fallback: dt.date | None) -> dt.date:
    """The date for an article that states none: the given default, else a bad record. The file's
    modification date is not used: it is when the file was saved, and would date every event wrongly."""
    if fallback is not None:
        return fallback
    raise InputError(name, "this article has no date: pass a default date (--date YYYY-MM-DD, or default_date)")


# --- fields ------------------------------------------------------------------------------------------------


def _decode_utf8(raw: bytes, name: str, first_line: int) -> str:
    """Decode strictly, so mojibake is reported where it is instead of turning into evidence text."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line_start = raw.rfind(b"\n", 0, e.start) + 1
        line = first_line + raw.count(b"\n", 0, e.start)
        column = e.start - line_start + 1
        raise InputError(
            name,
            f"not valid UTF-8 (byte 0x{raw[e.start]:02x} at column {column}); save the input as UTF-8",
            line,
        ) from None


def _id_field(record: Mapping[str, Any]) -> str:
    value = _plain(record.get("id"))
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _Invalid('missing or empty "id"')
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _Invalid(f'"id" must be a string or an integer, got {type(value).__name__}')
    return _no_surrogates(str(value), "id")


def _plain(value: Any) -> Any:
    """A NumPy scalar (from a DataFrame) as the Python value it holds."""
    return value.item() if type(value).__module__ == "numpy" and hasattr(value, "item") else value


def _date_field(record: Mapping[str, Any]) -> dt.date:
    return _to_date(record.get("date"))


def _to_date(value: Any) -> dt.date:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _Invalid('missing or empty "date" (expected YYYY-MM-DD)')
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise _Invalid(f'"date" must be a string (YYYY-MM-DD), got {type(value).__name__}')
    parsed = _parse_date(value)
    if parsed is None:
        raise _Invalid(f'bad "date" {value!r} (expected YYYY-MM-DD or an ISO date-time)')
    return parsed


def _text_field(record: Mapping[str, Any], max_chars: int) -> str:
    value = record.get("text")
    if value is None:
        raise _Invalid('missing "text"')
    if not isinstance(value, str):
        raise _Invalid(f'"text" must be a string, got {type(value).__name__}')
    text = clean_text(value)
    if not text.strip():
        raise _Invalid('empty "text"')
    if len(text) > max_chars:
        raise _Invalid(f"article too long: {len(text)} characters, limit {max_chars}")
    return _no_surrogates(text, "text")


def _optional_field(record: Mapping[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None or (isinstance(value, float) and value != value):  # NaN: a DataFrame's missing value
        return None
    if not isinstance(value, str):
        raise _Invalid(f'"{key}" must be a string, got {type(value).__name__}')
    value = clean_text(value)
    return _no_surrogates(value, key) if value.strip() else None


def _no_surrogates(value: str, key: str) -> str:
    found = _SURROGATE.search(value)
    if found:
        raise _Invalid(
            f'"{key}" holds an unpaired UTF-16 surrogate (\\u{ord(found.group()):04x} at character {found.start()})'
        )
    return value


def _parse_date(text: str) -> dt.date | None:
    """The calendar date of ``YYYY-MM-DD`` or an ISO date-time, as written (no time-zone shift), else None.

    The date part is kept as written because it is the day the outlet dated the story.
    """
    text = text.strip()
    if not _ISO_DATE.match(text):
        return None
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        if text[10] not in "Tt ":
            return None
        # Python 3.10's fromisoformat does not read a trailing "Z".
        return dt.datetime.fromisoformat(text[:-1] + "+00:00" if text[-1] in "Zz" else text).date()
    except ValueError:
        return None


def _as_date(value: dt.date | str | None) -> dt.date | None:
    try:
        return None if value is None else _to_date(value)
    except _Invalid as e:
        raise InputError("default date", str(e)) from None
