"""A coding run as a Parquet dataset: one file per partition and event month, and a manifest of what is complete.

A distributed run (``tidings code ... --scheduler local:4 -o events/``) writes::

    events/
      _manifest.json                            complete partitions with their counts; the run's configuration
      event_month=2024-03/part-<partition>.parquet   event records: the output contract (``schema.arrow_schema``)
      _articles/part-<partition>.parquet        articles, sentences and mention notes, for ``tidings store import``

The event files are hive-partitioned, so DuckDB (``read_parquet('events/event_month=*/*.parquet',
hive_partitioning=true)``), polars, pandas/pyarrow (``pyarrow.dataset.dataset('events', partitioning='hive')``)
and Spark read them directly; folders and files starting with ``_`` or ``.`` are skipped by those readers.

Every file of a partition has a name fixed by the partition id and is written under a hidden temporary name,
then renamed: a partition coded twice (a worker killed after writing, its task retried elsewhere) writes the
same files with the same content, so each event is in the dataset once. Only the client writes the manifest,
after a partition's task has returned, so a partition listed there is complete.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from tidings.config import Config
from tidings.errors import InputError, TidingsError
from tidings.model import Article, Sentence
from tidings.pipeline import ArticleResult
from tidings.schema import DATE_FIELDS, RECORD_FIELDS, arrow_schema, record_date

MANIFEST = "_manifest.json"
ARTICLES_DIR = "_articles"
#: The hive partition key of the event files.
MONTH_KEY = "event_month"
#: Bumped when the layout changes; a dataset of a newer layout is refused, not misread.
LAYOUT_VERSION = 1

_SENTENCE_TYPE = pa.struct([("index", pa.int32()), ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string())])
_NOTES_TYPE = pa.struct([("event_id", pa.string()), ("notes", pa.list_(pa.string()))])
#: One row per article: what the store keeps besides the event records.
ARTICLE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("date", pa.date32()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("text", pa.string()),
        ("sentences", pa.list_(_SENTENCE_TYPE)),
        ("event_notes", pa.list_(_NOTES_TYPE)),
    ]
)


def records_table(records: Iterable[Mapping[str, Any]], fields: Sequence[str] = RECORD_FIELDS) -> pa.Table:
    """Event records (``Event.to_record()``) as an Arrow table of the fixed output schema."""
    rows = []
    for record in records:
        row = {f: record.get(f) for f in fields}
        for name in DATE_FIELDS.intersection(row):
            row[name] = record_date(row[name])
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=arrow_schema(fields))


def event_month(record: Mapping[str, Any], article_date: Any) -> str:
    """``YYYY-MM`` of the event date, or of the article date for an event the text gives no date."""
    day = record_date(record.get("event_date")) or record_date(article_date)
    return f"{day.year:04d}-{day.month:02d}" if day else "unknown"


@dataclass
class PartitionCounts:
    """What coding one partition produced (returned by a worker, kept in the manifest)."""

    articles: int = 0
    skipped: int = 0
    sentences: int = 0
    parsed_sentences: int = 0
    events: int = 0
    files: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: Of ``seconds``, the time spent writing Parquet files.
    write_seconds: float = 0.0
    worker: str = ""


def write_partition(root: str | Path, partition_id: str, results: Iterable[ArticleResult]) -> PartitionCounts:
    """Write a partition's events (one file per event month) and its articles; files named by the partition."""
    root = Path(root)
    counts = PartitionCounts()
    by_month: dict[str, list[dict[str, Any]]] = defaultdict(list)
    articles: list[dict[str, Any]] = []
    for result in results:
        counts.articles += 1
        counts.sentences += len(result.sentences)
        counts.parsed_sentences += result.parsed_sentences
        counts.events += len(result.events)
        records = [ev.to_record() for ev in result.events]
        for record in records:
            by_month[event_month(record, result.article.date)].append(record)
        articles.append(_article_row(result))
    started = time.perf_counter()
    name = f"part-{partition_id}.parquet"
    for month, records in sorted(by_month.items()):
        relative = f"{MONTH_KEY}={month}/{name}"
        _write_table(records_table(records), root / relative)
        counts.files.append(relative)
    relative = f"{ARTICLES_DIR}/{name}"
    _write_table(pa.Table.from_pylist(articles, schema=ARTICLE_SCHEMA), root / relative)
    counts.files.append(relative)
    counts.write_seconds = time.perf_counter() - started
    return counts


def _article_row(result: ArticleResult) -> dict[str, Any]:
    a = result.article
    return {
        "article_id": a.id,
        "date": a.date,
        "title": a.title,
        "url": a.url,
        "source": a.source,
        "text": a.text,
        "sentences": [{"index": s.index, "start": s.start, "end": s.end, "text": s.text} for s in result.sentences],
        "event_notes": [{"event_id": ev.event_id, "notes": list(ev.notes)} for ev in result.events if ev.notes],
    }


def _write_table(table: pa.Table, path: Path) -> None:
    """Write under a hidden temporary name in the same folder, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
    try:
        pq.write_table(table, temporary, compression="zstd")
        os.replace(temporary, path)
    except OSError as exc:
        raise TidingsError(f"{path}: cannot write ({exc.strerror})") from exc
    finally:
        temporary.unlink(missing_ok=True)


# --- the manifest --------------------------------------------------------------------------------------------


class Manifest:
    """The list of complete partitions of a dataset and the configuration they were coded with.

    A dataset holds the events of one configuration: adding partitions coded with other options would mix
    two codings, so that is refused with a message naming both.
    """

    def __init__(self, root: str | Path, config: Config | None = None) -> None:
        self.root = Path(root)
        self.path = self.root / MANIFEST
        self.partitions: dict[str, dict[str, Any]] = {}
        self.config = _config_fields(config) if config is not None else None
        if self.path.exists():
            self._load(config)

    def _load(self, config: Config | None) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(str(self.path), f"unreadable manifest ({exc})") from None
        if not isinstance(data, dict) or data.get("layout", 0) > LAYOUT_VERSION:
            raise InputError(str(self.path), "not a tidings dataset manifest, or written by a newer tidings")
        stored = data.get("config")
        if config is not None and stored is not None and stored != self.config:
            raise InputError(
                str(self.path),
                "this dataset was coded with other coder options; write to a new folder "
                f"(dataset: {json.dumps(stored, sort_keys=True)}; this run: {json.dumps(self.config, sort_keys=True)})",
            )
        self.config = stored if self.config is None else self.config
        self.partitions = dict(data.get("partitions", {}))

    def is_complete(self, partition_id: str) -> bool:
        return partition_id in self.partitions

    def add(self, partition_id: str, counts: PartitionCounts, source: Mapping[str, Any]) -> None:
        """Record a partition as complete and save the manifest (atomically: a crash keeps the old one)."""
        self.partitions[partition_id] = {
            "source": dict(source),
            "articles": counts.articles,
            "skipped": counts.skipped,
            "events": counts.events,
            "files": list(counts.files),
        }
        self.save()

    def drop(self, partition_ids: Iterable[str]) -> None:
        """Forget partitions (their input changed) and delete their files."""
        for pid in list(partition_ids):
            entry = self.partitions.pop(pid, None)
            for relative in (entry or {}).get("files", []):
                (self.root / relative).unlink(missing_ok=True)
        self.save()

    def save(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        data = {"layout": LAYOUT_VERSION, "config": self.config, "partitions": self.partitions}
        temporary = self.root / f".{MANIFEST}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
        temporary.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.path)


def _config_fields(config: Config) -> dict[str, Any]:
    return json.loads(json.dumps(config.fingerprint_fields(), default=str))


def remove_unlisted(root: str | Path, manifest: Manifest) -> int:
    """Delete part files no complete partition lists (left by a killed run) and stale temporary files."""
    root = Path(root)
    listed = {f for entry in manifest.partitions.values() for f in entry.get("files", [])}
    removed = 0
    for path in root.glob("*/*"):
        relative = path.relative_to(root).as_posix()
        stale_part = path.name.startswith("part-") and path.suffix == ".parquet" and relative not in listed
        if stale_part or (path.name.startswith(".") and path.suffix == ".tmp"):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


# --- reading a dataset back ------------------------------------------------------------------------------------


def read_events(root: str | Path) -> pa.Table:
    """Every event of the complete partitions of a dataset, as one Arrow table (without the month column)."""
    manifest = Manifest(root)
    files = [
        Path(root) / f
        for entry in manifest.partitions.values()
        for f in entry.get("files", [])
        if not f.startswith(ARTICLES_DIR)
    ]
    tables = [pq.read_table(f, schema=arrow_schema()) for f in sorted(files)]
    return pa.concat_tables(tables) if tables else arrow_schema().empty_table()


class DatasetMention:
    """An event record read back from a dataset, with the few attributes the store reads from an ``Event``."""

    def __init__(self, record: dict[str, Any], notes: Sequence[str] = ()) -> None:
        self.record = record
        self.article_id = record["article_id"]
        self.event_id = record["event_id"]
        self.event_date = record_date(record.get("event_date"))
        self.event_date_end = record_date(record.get("event_date_end"))
        self.notes = list(notes)

    def to_record(self) -> dict[str, Any]:
        return dict(self.record)


def partition_items(root: str | Path, entry: Mapping[str, Any]) -> Iterator[tuple[Article, list[Sentence], list]]:
    """The store items (article, sentences, mentions) of one complete partition, in article order."""
    root = Path(root)
    files = entry.get("files", [])
    events: dict[str, list[dict[str, Any]]] = defaultdict(list)
    article_file = None
    for relative in files:
        if relative.startswith(ARTICLES_DIR):
            article_file = root / relative
            continue
        for record in pq.read_table(root / relative, schema=arrow_schema()).to_pylist():
            events[record["article_id"]].append(_iso_dates(record))
    if article_file is None:
        raise InputError(str(root), f"partition without an articles file ({', '.join(files)})")
    for row in pq.read_table(article_file, schema=ARTICLE_SCHEMA).to_pylist():
        article = Article(
            id=row["article_id"],
            date=row["date"],
            text=row["text"],
            title=row["title"],
            url=row["url"],
            source=row["source"],
        )
        sentences = [Sentence(article.id, s["index"], s["start"], s["end"], s["text"]) for s in row["sentences"]]
        notes = {n["event_id"]: n["notes"] for n in row["event_notes"]}
        mentions = [DatasetMention(r, notes.get(r["event_id"], ())) for r in events.get(article.id, [])]
        yield article, sentences, mentions


def _iso_dates(record: dict[str, Any]) -> dict[str, Any]:
    """Dates back to the ISO strings of ``Event.to_record``, so a read-back record equals the written one."""
    for name in DATE_FIELDS.intersection(record):
        if record[name] is not None:
            record[name] = record[name].isoformat()
    return record


@dataclass
class ImportSummary:
    """What ``import_dataset`` did."""

    partitions: int = 0
    articles: int = 0
    stored: int = 0
    mentions: int = 0

    def line(self) -> str:
        return (
            f"tidings: imported {self.partitions} partitions: {self.articles} articles "
            f"({self.stored} new or changed, {self.articles - self.stored} unchanged), {self.mentions} mentions"
        )


def import_dataset(root: str | Path, db: str | Path, batch: int = 256) -> ImportSummary:
    """Merge a dataset's complete partitions into a store, with the store's own idempotent, deduplicating writes:
    articles already stored unchanged are skipped, changed ones replaced, and merged events refreshed once."""
    from tidings.store import Store

    root = Path(root)
    if not (root / MANIFEST).exists():
        raise InputError(str(root), f"not a tidings dataset (no {MANIFEST}); write one with tidings code --scheduler")
    manifest = Manifest(root)
    summary = ImportSummary()
    with Store(db) as store:
        run_id = store.start_run({"import": str(root)})
        pending: list = []
        for pid in sorted(manifest.partitions):
            summary.partitions += 1
            for item in partition_items(root, manifest.partitions[pid]):
                summary.articles += 1
                summary.mentions += len(item[2])
                pending.append(item)
                if len(pending) >= batch:
                    summary.stored += store.write_batch(pending, run_id=run_id)
                    pending = []
        if pending:
            summary.stored += store.write_batch(pending, run_id=run_id)
        store.refresh_events()
        store.finish_run(run_id)
    return summary
