"""The event store: articles, sentences, event mentions and merged events in one local DuckDB file.

Writes are idempotent and resumable. Each article (or batch of articles) is written in one transaction,
keyed by its content hash and the run's fingerprint (everything that decides its events): an article stored
with the same hash and fingerprint is skipped, a changed one replaces its old rows. A run killed at any
point leaves every article either wholly stored or absent, and the next run picks up where it stopped.

DuckDB lets one process hold a database file at a time, so a ``Store`` holds none between operations: each
call opens the file, does its work (a write is one transaction) and closes it again, and a call that finds
the file held by another process retries until ``timeout``. A run writing a store therefore holds it only
while it commits a batch, and ``query``, ``export``, the dashboard and a notebook read it in between. The
schema is described in ``docs/schema.md``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from tidings.dedup import merge_sql
from tidings.errors import InputError, StoreError, UsageError
from tidings.export import GdeltMentionsWriter, open_writer, resolve_format
from tidings.gdelt import GDELT_MODES, gdelt_events_sql
from tidings.model import MODES, Article, Event, Sentence
from tidings.schema import EVENT_FIELDS, RECORD_FIELDS, flat_field_types, flatten_record, nest_record

#: Bumped when the tables change shape; a store written by a newer tidings is refused, not misread.
#: 2: ``articles.fingerprint`` and ``genre``, ``mentions.mention_index``, the ``gdelt_events`` view (added in place).
SCHEMA_VERSION = 2
#: Seconds a reader (a writer) waits for a store another process holds before giving up.
READ_TIMEOUT = 10.0
WRITE_TIMEOUT = 60.0
#: One article to store: the article, its sentences and the events coded from it.
StoreItem = tuple[Article, Sequence[Sentence], Sequence[Event]]
_FRAME_KINDS = ("polars", "pandas", "arrow")
_EXPORT_BATCH = 10_000

_ARTICLE_TYPES: dict[str, pa.DataType] = {
    "article_id": pa.string(),
    "content_hash": pa.string(),
    "date": pa.date32(),
    "title": pa.string(),
    "url": pa.string(),
    "source": pa.string(),
    "genre": pa.string(),
    "text": pa.string(),
    "n_sentences": pa.int32(),
    "coded_at": pa.timestamp("us"),
    "run_id": pa.int32(),
    "fingerprint": pa.string(),
}
_SENTENCE_TYPES: dict[str, pa.DataType] = {
    "article_id": pa.string(),
    "sentence_index": pa.int32(),
    "start": pa.int32(),
    "end": pa.int32(),
    "text": pa.string(),
}
_MENTION_TYPES: dict[str, pa.DataType] = {
    **flat_field_types(RECORD_FIELDS),
    "notes": pa.list_(pa.string()),
    # The event's position among its article's events, so events read back come out in the coder's order.
    "mention_index": pa.int32(),
}
_EVENT_TYPES: dict[str, pa.DataType] = flat_field_types(EVENT_FIELDS)
_SQL_TYPES = {
    pa.string(): "VARCHAR",
    pa.int32(): "INTEGER",
    pa.float64(): "DOUBLE",
    pa.date32(): "DATE",
    pa.timestamp("us"): "TIMESTAMP",
    pa.list_(pa.string()): "VARCHAR[]",
}


def _columns(types: Mapping[str, pa.DataType], not_null: Iterable[str] = ()) -> str:
    required = set(not_null)
    return ", ".join(
        f'"{name}" {_SQL_TYPES[kind]}{" NOT NULL" if name in required else ""}' for name, kind in types.items()
    )


@functools.lru_cache(maxsize=1)
def _schema() -> str:
    """The store's DDL (built on first use: the GDELT view embeds the packaged country tables)."""
    return f"""
CREATE TABLE IF NOT EXISTS metadata (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE SEQUENCE IF NOT EXISTS run_ids;
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY DEFAULT nextval('run_ids'), started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP, tidings_version VARCHAR, params VARCHAR, n_articles INTEGER, n_mentions INTEGER);
CREATE TABLE IF NOT EXISTS articles (
    {_columns(_ARTICLE_TYPES, ("content_hash", "date", "text", "n_sentences", "coded_at"))},
    PRIMARY KEY (article_id));
CREATE TABLE IF NOT EXISTS sentences (
    {_columns(_SENTENCE_TYPES, _SENTENCE_TYPES)}, PRIMARY KEY (article_id, sentence_index));
CREATE TABLE IF NOT EXISTS mentions (
    {_columns(_MENTION_TYPES, ("article_id", "sentence_index", "event_code", "mode", "date_precision"))},
    PRIMARY KEY (event_id));
CREATE TABLE IF NOT EXISTS events ({_columns(_EVENT_TYPES)}, PRIMARY KEY (event_id));
CREATE TABLE IF NOT EXISTS events_pending (
    source_code VARCHAR NOT NULL, target_code VARCHAR NOT NULL, event_code VARCHAR NOT NULL);
ALTER TABLE articles ADD COLUMN IF NOT EXISTS fingerprint VARCHAR;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS genre VARCHAR;
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS mention_index INTEGER;
CREATE OR REPLACE VIEW mentions_in_context AS
    SELECT m.*, a.date AS article_date, a.source AS article_source, a.url AS article_url, a.coded_at
    FROM mentions AS m JOIN articles AS a ON a.article_id = m.article_id;
CREATE OR REPLACE VIEW gdelt_events AS {gdelt_events_sql("events", "articles")};
"""


# The merge key of a mention, as events_pending stores it (no NULLs, so keys compare with "=").
_KEY = "coalesce(source_code, ''), coalesce(target_code, ''), event_code"
_SAME_KEY = (
    "coalesce({t}.source_code, '') = d.source_code AND coalesce({t}.target_code, '') = d.target_code "
    "AND {t}.event_code = d.event_code"
)


def _utc_now() -> dt.datetime:
    """Now in UTC, without tzinfo: the store's TIMESTAMP columns are UTC by convention."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _open_error(path: str, exc: duckdb.Error, read_only: bool) -> StoreError:
    """Turn DuckDB's open failure into one line that says what is wrong with ``path`` and what to do."""
    text = str(exc)
    if "Could not set lock" in text:
        pid = re.search(r"PID (\d+)", text)
        holder = f" (PID {pid.group(1)})" if pid else ""
        return StoreError(f"{path}: the store is in use by another process{holder}; wait for it or stop it")
    if "not a valid DuckDB database" in text:
        return StoreError(f"{path}: not a DuckDB database; give --db a new file name or an existing store")
    if "database does not exist" in text:
        return StoreError(f"{path}: no store there yet; create it with `tidings code ... --db {path}`")
    if "Is a directory" in text:
        return StoreError(f"{path} is a folder; give a file name such as {Path(path) / 'events.duckdb'}")
    if any(s in text for s in ("Permission denied", "Operation not permitted", "Read-only file system")):
        if read_only:
            return StoreError(f"{path}: permission denied; this user cannot read the store")
        return StoreError(f"{path}: cannot write the store (read-only file or folder); open it read-only or copy it")
    if "No such file or directory" in text:
        return StoreError(f"{path}: the folder {Path(path).parent} does not exist")
    if "No space left" in text:
        return StoreError(f"{path}: the disk is full; free some space and try again")
    return StoreError(f"{path}: cannot open the store: {_first_line(exc)}")


def parse_day(value: str | dt.date | None, name: str) -> dt.date | None:
    """A ``since``/``until`` bound as a date; an InputError naming ``name`` when it is not YYYY-MM-DD."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(name, f"{value!r} is not a date; use YYYY-MM-DD") from None


@dataclass(frozen=True)
class Filters:
    """Which events to read: dates inclusive, actor and code by prefix, modes, a confidence floor."""

    since: str | dt.date | None = None
    until: str | dt.date | None = None
    actor: str | None = None
    code: str | None = None
    #: Modes to keep (None: all); GDELT exports default to ``tidings.gdelt.GDELT_MODES``.
    modes: Sequence[str] | None = None
    min_confidence: float | None = None


def check_modes(modes: Iterable[str] | None) -> tuple[str, ...] | None:
    """Modes as a tuple, each one of ``tidings.model.MODES`` (a usage error names the unknown ones)."""
    if modes is None:
        return None
    if isinstance(modes, str):
        modes = [m for m in modes.split(",") if m.strip()]
    chosen = tuple(m.strip().lower() for m in modes)
    unknown = [m for m in chosen if m not in MODES]
    if unknown or not chosen:
        raise UsageError("--modes", f"unknown mode(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(MODES)}")
    return chosen


def _filters(date_column: str, f: Filters) -> tuple[str, list[Any]]:
    """A WHERE clause for the shared filters."""
    since, until, actor, code = f.since, f.until, f.actor, f.code
    clauses: list[str] = []
    params: list[Any] = []
    if (first := parse_day(since, "since")) is not None:
        clauses.append(f"{date_column} >= ?")
        params.append(first)
    if (last := parse_day(until, "until")) is not None:
        clauses.append(f"{date_column} <= ?")
        params.append(last)
    if actor:
        clauses.append("(starts_with(source_code, ?) OR starts_with(target_code, ?))")
        params += [actor.upper(), actor.upper()]
    if code:
        clauses.append("starts_with(event_code, ?)")
        params.append(code)
    modes = check_modes(f.modes)
    if modes is not None:
        clauses.append("list_contains(?::VARCHAR[], mode)")
        params.append(list(modes))
    if f.min_confidence:
        # a mention stored before events carried a confidence has none: it was coded from the frame alone
        clauses.append("coalesce(confidence, 1.0) >= ?")
        params.append(float(f.min_confidence))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _mention_rows(article: Article, events: Sequence[Event]) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for event in events:
        if event.article_id != article.id:
            raise InputError(article.id, f"event {event.event_id} belongs to article {event.article_id!r}")
        row = flatten_record(event.to_record())
        row.update(event_date=event.event_date, event_date_end=event.event_date_end, notes=list(event.notes))
        row["mention_index"] = len(rows)
        rows.setdefault(row["event_id"], row)  # the same id twice is the same mention twice
    return list(rows.values())


def is_current(state: tuple[str, str | None] | None, article: Article, fingerprint: str | None) -> bool:
    """Whether a stored article (its hash and fingerprint) still holds what coding ``article`` would give."""
    if state is None or state[0] != article.content_hash:
        return False
    return fingerprint is None or state[1] == fingerprint


F = TypeVar("F", bound=Callable[..., Any])


def _connected(method: F) -> F:
    """Run a Store method inside a session: open the file for the call unless a session already holds it."""

    @functools.wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> Any:
        with self.session():
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


class Store:
    """A tidings event store in one DuckDB file; use it as a context manager.

    ``Store(path)`` creates the file if needed; ``Store(path, read_only=True)`` opens an existing store for
    reading only. Neither holds the file between calls (see the module docstring): each operation opens it,
    waiting up to ``timeout`` seconds while another process holds it, so a notebook's Store never locks the
    command line out. ``with store.session():`` keeps one connection for several operations (faster, but
    it holds the file for the block). ``":memory:"`` gives a throwaway store, connected for its lifetime.
    Share a Store between threads only behind your own lock.
    """

    def __init__(self, path: str | Path, read_only: bool = False, timeout: float | None = None) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.timeout = timeout if timeout is not None else (READ_TIMEOUT if read_only else WRITE_TIMEOUT)
        self._closed = False
        self._active: duckdb.DuckDBPyConnection | None = None
        self._depth = 0
        # A run with worker processes looks articles up from the pool's feeder thread while the main thread
        # commits: one session at a time, so one connection is never used by two threads at once.
        self._lock = threading.RLock()
        self._resident = self.path == ":memory:"
        if self._resident:
            self._active = self._connect()
        with self.session():
            self._prepare()

    # --- lifecycle -------------------------------------------------------------------------------------

    def _connect(self) -> duckdb.DuckDBPyConnection:
        """Open the file, retrying while another process holds it (a writer commits in well under a second)."""
        deadline = time.monotonic() + self.timeout
        pause = 0.02
        while True:
            try:
                return duckdb.connect(self.path, read_only=self.read_only)
            except duckdb.Error as exc:
                if "Could not set lock" not in str(exc) or time.monotonic() + pause > deadline:
                    raise _open_error(self.path, exc, self.read_only) from None
            time.sleep(pause)
            pause = min(pause * 2, 0.5)

    @contextmanager
    def session(self) -> Iterator[Store]:
        """Hold one connection for the block (re-entrant): every operation inside shares it."""
        with self._lock:
            if self._closed:
                raise StoreError(f"{self.path}: the store is closed")
            if self._active is None:
                self._active = self._connect()
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
                if self._depth == 0 and not self._resident:
                    con, self._active = self._active, None
                    con.close()

    @property
    def _con(self) -> duckdb.DuckDBPyConnection:
        if self._active is None:
            raise StoreError(f"{self.path}: no open connection (use the Store's methods or store.session())")
        return self._active

    def _prepare(self) -> None:
        try:
            version = self._scalar("SELECT value FROM metadata WHERE key = 'schema_version'")
        except duckdb.CatalogException:
            version = None
        if version is not None and int(version) > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer tidings (schema {version}, this one reads up to "
                f"{SCHEMA_VERSION}); upgrade tidings"
            )
        if not self.read_only and (version is None or int(version) < SCHEMA_VERSION):
            with self._transaction():
                self._con.execute(_schema())
                self._con.execute(
                    "INSERT OR REPLACE INTO metadata VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
                )
            version = SCHEMA_VERSION
        if version is None:
            raise StoreError(f"{self.path}: a DuckDB file but not a tidings store (no metadata table)")
        self._version = int(version)

    def close(self) -> None:
        """Merge the mentions written since the last refresh; the Store cannot be used afterwards."""
        if self._closed:
            return
        try:
            self._refresh_if_stale()
        finally:
            self._disconnect()

    def _disconnect(self) -> None:
        self._closed = True
        if self._active is not None and self._depth == 0:
            con, self._active = self._active, None
            con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self._disconnect()  # committed batches are safe; merging can wait for the next writer

    def __repr__(self) -> str:
        return f"Store({self.path!r}, read_only={self.read_only})"

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One atomic unit: everything inside commits together or not at all."""
        try:
            self._con.execute("BEGIN TRANSACTION")
            yield
            self._con.execute("COMMIT")
        except BaseException as exc:
            try:
                self._con.execute("ROLLBACK")
            except duckdb.Error:
                pass  # a failed COMMIT has already rolled back
            if isinstance(exc, duckdb.Error):
                raise self._write_error(exc) from None
            raise

    def _write_error(self, exc: duckdb.Error) -> StoreError:
        text = str(exc)
        if "No space left" in text:
            return StoreError(
                f"{self.path}: the disk is full; this batch was not stored (earlier ones are safe). "
                "Free some space and run again: stored articles are skipped"
            )
        if self.read_only or "read-only" in text:
            return StoreError(f"{self.path}: opened read-only; open it without read_only to write")
        return StoreError(f"{self.path}: write failed: {_first_line(exc)}")

    def _scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        """The first value of the first row; fetches the whole result, as DuckDB needs before more work."""
        rows = self._con.execute(sql, params).fetchall()
        return rows[0][0] if rows else None

    # --- writing ---------------------------------------------------------------------------------------

    def stored_hashes(self, article_ids: Iterable[str]) -> dict[str, str]:
        """``{article_id: content_hash}`` for those of ``article_ids`` already stored."""
        return {key: state[0] for key, state in self.article_states(article_ids).items()}

    @_connected
    def article_states(self, article_ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        """``{article_id: (content_hash, fingerprint)}`` for those of ``article_ids`` already stored."""
        ids = list(article_ids)
        if not ids:
            return {}
        fingerprint = "fingerprint" if self._version >= 2 else "NULL"
        rows = self._con.execute(
            f"SELECT article_id, content_hash, {fingerprint} FROM articles "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            [ids],
        ).fetchall()
        return {key: (content, print_) for key, content, print_ in rows}

    def has_article(self, article: Article, fingerprint: str | None = None) -> bool:
        """True when this article is stored with the same content (and, when given, the same fingerprint),
        so coding it again can be skipped."""
        state = self.article_states([article.id]).get(article.id)
        return is_current(state, article, fingerprint)

    @_connected
    def stored_records(self, article_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """The event records (``Event.to_record()`` shape) stored for each article, in the coder's order.

        A run reads these for the articles it did not recode, so its output file holds every input
        article's events whether or not they were coded in this run."""
        ids = list(article_ids)
        out: dict[str, list[dict[str, Any]]] = {key: [] for key in ids}
        if not ids:
            return out
        order = "mention_index, " if self._version >= 2 else ""
        relation = self._con.sql(
            "SELECT * EXCLUDE (notes) FROM mentions WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
            f"ORDER BY article_id, {order}sentence_index, evidence_trigger_start, event_id",
            params=[ids],
        )
        for row in relation.to_arrow_table().to_pylist():
            record = nest_record(row)
            for name in ("event_date", "event_date_end"):
                record[name] = record[name].isoformat() if record[name] is not None else None
            out[record["article_id"]].append({f: record.get(f) for f in RECORD_FIELDS})
        return out

    def write_article(
        self,
        article: Article,
        sentences: Sequence[Sentence],
        events: Sequence[Event],
        run_id: int | None = None,
        fingerprint: str | None = None,
    ) -> bool:
        """Store one article with its sentences and events; False when it was already stored unchanged."""
        return self.write_batch([(article, sentences, events)], run_id=run_id, fingerprint=fingerprint) == 1

    @_connected
    def write_batch(
        self,
        items: Iterable[StoreItem],
        run_id: int | None = None,
        fingerprint: str | None = None,
        replace: bool = False,
    ) -> int:
        """Store many articles in one transaction; returns how many were new or changed.

        An article stored with the same content hash (and, when ``fingerprint`` is given, coded with the same
        fingerprint) is skipped unless ``replace``; a changed article's old sentences and mentions are
        deleted first. Merged events are brought up to date by ``refresh_events``.
        """
        latest: dict[str, StoreItem] = {}
        for item in items:
            latest[item[0].id] = item  # an article given twice: the last version wins
        if not latest:
            return 0
        with self._transaction():
            stored = self.article_states(latest)
            fresh = [
                item
                for key, item in latest.items()
                if replace or not is_current(stored.get(key), item[0], fingerprint)
            ]
            changed = [item[0].id for item in fresh if item[0].id in stored]
            if changed:
                self._delete_articles(changed)
            if fresh:
                self._insert(fresh, run_id, fingerprint)
        return len(fresh)

    def _delete_articles(self, article_ids: list[str]) -> None:
        ids = "(SELECT unnest(?::VARCHAR[]))"
        self._con.execute(
            f"INSERT INTO events_pending SELECT DISTINCT {_KEY} FROM mentions WHERE article_id IN {ids}",
            [article_ids],
        )
        for table in ("mentions", "sentences", "articles"):
            self._con.execute(f"DELETE FROM {table} WHERE article_id IN {ids}", [article_ids])

    def _insert(self, items: list[StoreItem], run_id: int | None, fingerprint: str | None) -> None:
        now = _utc_now()
        articles, sentences, mentions = [], [], []
        for article, article_sentences, events in items:
            articles.append(
                {
                    "article_id": article.id,
                    "content_hash": article.content_hash,
                    "date": article.date,
                    "title": article.title,
                    "url": article.url,
                    "source": article.source,
                    "genre": article.genre,
                    "text": article.text,
                    "n_sentences": len(article_sentences),
                    "coded_at": now,
                    "run_id": run_id,
                    "fingerprint": fingerprint,
                }
            )
            sentences += [
                {
                    "article_id": article.id,
                    "sentence_index": s.index,
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                }
                for s in article_sentences
            ]
            mentions += _mention_rows(article, events)
        self._append("articles", articles, _ARTICLE_TYPES)
        self._append("sentences", sentences, _SENTENCE_TYPES)
        self._append("mentions", mentions, _MENTION_TYPES)
        self._con.execute(
            f"INSERT INTO events_pending SELECT DISTINCT {_KEY} FROM mentions "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            [[a["article_id"] for a in articles]],
        )

    def _append(self, table: str, rows: list[dict[str, Any]], types: Mapping[str, pa.DataType]) -> None:
        if not rows:
            return
        try:
            batch = pa.Table.from_pylist(rows, schema=pa.schema(list(types.items())))
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise InputError(table, f"a value does not fit the store's column type: {exc}") from None
        name = f"_tidings_new_{table}"
        self._con.register(name, batch)
        try:
            self._con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {name}")
        finally:
            self._con.unregister(name)

    @_connected
    def refresh_events(self, full: bool = False) -> int:
        """Bring the merged ``events`` table up to date with the mentions; returns events rewritten.

        Only merge keys (source, target, code) touched since the last refresh are recomputed, unless
        ``full`` is set, which rebuilds the table from every mention.
        """
        with self._transaction():
            if full:
                self._con.execute("DELETE FROM events")
                source = "mentions_in_context"
            else:
                if not self._scalar("SELECT count(*) FROM events_pending"):
                    return 0
                self._con.execute("CREATE OR REPLACE TEMP TABLE _dirty AS SELECT DISTINCT * FROM events_pending")
                self._con.execute(f"DELETE FROM events AS e USING _dirty AS d WHERE {_SAME_KEY.format(t='e')}")
                source = (
                    f"(SELECT m.* FROM mentions_in_context AS m SEMI JOIN _dirty AS d ON {_SAME_KEY.format(t='m')})"
                )
            inserted = self._scalar(f"INSERT INTO events BY NAME {merge_sql(source)}")
            self._con.execute("DELETE FROM events_pending")
            self._con.execute("DROP TABLE IF EXISTS _dirty")
        return int(inserted or 0)

    @_connected
    def _refresh_if_stale(self) -> bool:
        """Refresh merged events if mentions changed since; False when that is needed but read-only."""
        if not self._scalar("SELECT count(*) FROM events_pending"):
            return True
        if self.read_only:
            return False
        self.refresh_events()
        return True

    @_connected
    def _current_events(self) -> str:
        """Where merged events are read from: the events table, brought up to date first when possible.

        A reader of a store whose writer stopped before merging (killed, say) merges on the fly instead.
        """
        return "events" if self._refresh_if_stale() else f"({merge_sql('mentions_in_context')})"

    def events_relation(self) -> str:
        """SQL naming the up-to-date merged events, for readers (``tidings.analysis``) that write their own queries.

        Usually just ``events``; for a read-only store whose writer stopped before merging, the merge query itself.
        """
        return self._current_events()

    @_connected
    def start_run(self, params: Mapping[str, Any] | None = None) -> int:
        """Record the start of a coding run; pass the id to ``write_batch`` and ``finish_run``."""
        from tidings import __version__

        with self._transaction():
            run_id = self._scalar(
                "INSERT INTO runs (started_at, tidings_version, params) VALUES (?, ?, ?) RETURNING run_id",
                [_utc_now(), __version__, json.dumps(params or {})],
            )
        return int(run_id)

    @_connected
    def finish_run(self, run_id: int) -> None:
        """Stamp a run as finished, with how many articles and mentions it stored."""
        with self._transaction():
            self._con.execute(
                """UPDATE runs SET finished_at = ?,
                    n_articles = (SELECT count(*) FROM articles WHERE run_id = ?),
                    n_mentions = (SELECT count(*) FROM mentions JOIN articles USING (article_id)
                              WHERE run_id = ?)
                   WHERE run_id = ?""",
                [_utc_now(), run_id, run_id, run_id],
            )

    # --- reading ---------------------------------------------------------------------------------------

    def _frame(self, sql: str, params: list[Any], as_: str) -> Any:
        if as_ not in _FRAME_KINDS:
            raise InputError("as_", f"unknown frame kind {as_!r}; choose one of {', '.join(_FRAME_KINDS)}")
        relation = self._con.sql(sql, params=params)
        if as_ == "pandas":
            return relation.df()
        if as_ == "arrow":
            return relation.to_arrow_table()
        return relation.pl()

    def _events_sql(self, f: Filters, extra: str = "") -> tuple[str, list[Any]]:
        where, params = _filters("e.event_date", f)
        sql = (
            f"SELECT e.*{extra} FROM {self._current_events()} AS e "
            f"LEFT JOIN articles AS a ON a.article_id = e.article_id{where} ORDER BY e.event_date, e.event_id"
        )
        return sql, params

    def _mentions_sql(self, f: Filters, extra: str = "") -> tuple[str, list[Any]]:
        where, params = _filters("coalesce(event_date, article_date)", f)
        sql = f"SELECT *{extra} FROM mentions_in_context{where} ORDER BY article_date, article_id, event_id"
        return sql, params

    @_connected
    def events(
        self,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        actor: str | None = None,
        code: str | None = None,
        merged: bool = True,
        as_: str = "polars",
        modes: Sequence[str] | None = None,
        min_confidence: float | None = None,
    ) -> Any:
        """Merged events (or, with ``merged=False``, mentions) as a polars, pandas or Arrow table.

        ``since``/``until`` bound the event date (inclusive); ``actor`` matches the start of the source or
        target code (``USA`` matches ``USAGOV``); ``code`` the start of the CAMEO event code; ``modes`` keeps
        only those modes; ``min_confidence`` drops events below it.
        """
        if not merged:
            return self.mentions(since, until, actor, code, as_=as_, modes=modes, min_confidence=min_confidence)
        return self._frame(*self._events_sql(Filters(since, until, actor, code, modes, min_confidence)), as_)

    @_connected
    def mentions(
        self,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        actor: str | None = None,
        code: str | None = None,
        as_: str = "polars",
        modes: Sequence[str] | None = None,
        min_confidence: float | None = None,
    ) -> Any:
        """Event mentions, one row per coded event, with their article's date, source and url."""
        return self._frame(*self._mentions_sql(Filters(since, until, actor, code, modes, min_confidence)), as_)

    @_connected
    def query(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        """Run any SQL against the store and get a polars DataFrame back.

        Besides the tables, the view ``gdelt_events`` has the merged events under GDELT 2.0's column names,
        so GDELT SQL runs as written (``SELECT EventRootCode, count(*) FROM gdelt_events GROUP BY 1``)."""
        try:
            return self._con.sql(sql, params=list(params) if params else None).pl()
        except duckdb.Error as exc:
            raise InputError("query", _first_line(exc)) from None

    @_connected
    def counts(self) -> dict[str, int]:
        """Rows per table, for summaries and progress reports."""
        tables = ("articles", "sentences", "mentions", "events", "events_pending")
        sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in tables)
        return {name: int(n) for name, n in self._con.execute(sql).fetchall()}

    @_connected
    def export(
        self,
        path: str | Path,
        fmt: str | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        actor: str | None = None,
        code: str | None = None,
        merged: bool = True,
        header: bool = False,
        modes: Sequence[str] | None = None,
        min_confidence: float | None = None,
        mentions_table: str | Path | None = None,
    ) -> int:
        """Write events (merged, or mentions with ``merged=False``) to a file; returns how many.

        The format comes from ``fmt`` or the suffix (see ``tidings.export.open_writer``). GDELT rows get
        their counts from the merged event and SOURCEURL/DATEADDED from its earliest article. GDELT has no
        mode column, so a GDELT export keeps only ``tidings.gdelt.GDELT_MODES`` unless ``modes`` says
        otherwise (other formats keep every mode and carry it). ``mentions_table`` (GDELT, merged events
        only) also writes the GDELT 2.0 Mentions table of the exported events to that path.
        """
        gdelt = resolve_format(path, fmt) == "gdelt"
        if modes is None and gdelt:
            modes = GDELT_MODES
        chosen = Filters(since, until, actor, code, modes, min_confidence)
        if merged:
            extra = ", a.url AS source_url, a.coded_at AS date_added"
            sql, params = self._events_sql(chosen, extra)
        else:
            extra = ", article_url AS source_url, coded_at AS date_added"
            sql, params = self._mentions_sql(chosen, extra)
        if mentions_table is not None and not (gdelt and merged):
            raise UsageError("mentions_table", "the GDELT Mentions table goes with a GDELT export of merged events")
        fields = EVENT_FIELDS if merged else RECORD_FIELDS
        with open_writer(path, fmt, fields, header=header) as writer:
            for batch in self._con.sql(sql, params=params).to_arrow_reader(_EXPORT_BATCH):
                writer.write_all(nest_record(row) for row in batch.to_pylist())
            if mentions_table is not None:
                self._export_mentions_table(mentions_table, sql, params, header)
            return writer.count

    def _export_mentions_table(self, path: str | Path, events_sql: str, params: list[Any], header: bool) -> int:
        """The GDELT Mentions table: one row per mention of each event that ``events_sql`` selects."""
        sql = f"""
            WITH chosen AS ({events_sql}),
            links AS (SELECT event_id AS global_event_id, date_added AS event_added,
                             unnest(mention_ids) AS mention_id FROM chosen)
            SELECT l.global_event_id, l.event_added, m.*, length(a.text) AS doc_len
            FROM links AS l JOIN mentions_in_context AS m ON m.event_id = l.mention_id
            JOIN articles AS a ON a.article_id = m.article_id
            ORDER BY l.global_event_id, m.coded_at, m.event_id"""
        with GdeltMentionsWriter(path, header=header) as writer:
            for batch in self._con.sql(sql, params=params).to_arrow_reader(_EXPORT_BATCH):
                writer.write_all(batch.to_pylist())
            return writer.count
