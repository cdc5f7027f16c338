"""What the dashboard reads from a store: one function per question a page asks, each a parameterised query.

Functions take an open read-only ``Store`` and return plain Python data (lists of dicts, numbers), so the
app only renders. Every query reads merged events through ``Store.events_relation()``, the same rows
``tidings export`` writes. The queries select the columns a page shows, not ``*``: on a store of a million
events that is the difference between 20 and 150 ms for a page of the list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tidings.export import open_writer
from tidings.model import Article
from tidings.schema import EVENT_FIELDS, nest_record
from tidings.store import Store
from tidings.web.filters import OVERVIEW_FREQS, EventFilter, order_clause, where_clause

#: Columns of a row in the event list (and the dyad page's list), plus ``confidence`` when the store has it.
LIST_COLUMNS = (
    "event_id", "event_date", "date_precision", "source_code", "source_name", "source_country",
    "target_code", "target_name", "target_country", "event_code", "event_root_code", "quad_class",
    "goldstein", "plover_type", "mode", "location_name", "location_country", "evidence_sentence", "num_articles",
)  # fmt: skip
#: Columns the lead's and other helpers' work may add to events; shown when a store has them.
OPTIONAL_COLUMNS = ("confidence", "location_feature", "location_admin1")
#: Most places drawn on the map; the busiest first.
MAP_LIMIT = 5000
TOP_N = 10
#: Offset from which a date-sorted page is found through the events per day (``_day_window``).
DEEP_FROM = 2000
#: Most mentions listed on an event page (the count says how many there are in all).
MENTION_LIMIT = 500
#: Download formats and the writer format each uses (``tidings export`` writes the same files).
DOWNLOADS = {"csv": ("csv", "text/csv", "csv"), "json": ("jsonl", "application/x-ndjson", "jsonl"),
             "parquet": ("parquet", "application/vnd.apache.parquet", "parquet")}  # fmt: skip


def event_columns(store: Store) -> frozenset[str]:
    """The columns of this store's events table (older stores lack the optional ones)."""
    frame = store.query(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'events' AND schema_name = 'main'"
    )
    return frozenset(frame["column_name"].to_list())


def _select(columns: frozenset[str], names: Sequence[str] = LIST_COLUMNS) -> str:
    return ", ".join([*names, *(c for c in OPTIONAL_COLUMNS if c in columns)])


def _rows(store: Store, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    return store.query(sql, list(params)).to_dicts()


def _scalar(store: Store, sql: str, params: Sequence[Any] = ()) -> Any:
    frame = store.query(sql, list(params))
    return frame.item(0, 0) if frame.height else None


@dataclass(frozen=True)
class EventPage:
    """One page of the filtered, sorted events and how many there are in all."""

    rows: list[dict[str, Any]]
    total: int
    filter: EventFilter

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.filter.per_page))


def _tiebreak(source: str) -> str:
    """``rowid`` for the events table (a cheap sort key), the event id for a merge computed on the fly."""
    return "rowid" if source == "events" else "event_id"


def list_events(store: Store, f: EventFilter, columns: frozenset[str], deep_from: int = DEEP_FROM) -> EventPage:
    """The page of events ``f`` asks for, sorted, with the total count of the filter.

    The sort carries event ids only (ties broken by ``rowid``) and the page's rows are then read by id (the
    primary key's index): sorting whole rows costs ten times more on a big store, for rows the page never shows. A page
    of a date sort at offset ``deep_from`` or more is found through the count of events per day instead
    (``_day_window``), so page 10,000 costs what page 1 does.
    """
    source = store.events_relation()
    where, params = where_clause(f, columns)
    order = order_clause(f, columns, _tiebreak(source))
    total: int | None = None
    window, offset = "", f.offset
    window_params: list[Any] = []
    if f.sort.lstrip("-") == "date" and f.offset >= deep_from:
        total, window, window_params, offset = _day_window(store, source, where, params, f)
    narrowed = f"{where} AND {window}" if where and window else where or (f" WHERE {window}" if window else "")
    # a text search's predicate is the costly part of its scan: count in the same scan then; otherwise a
    # separate count(*) is cheaper than carrying every matching row to a window
    counted = f.text is not None and total is None
    found = store.query(
        f"SELECT event_id{', count(*) OVER () AS total' if counted else ''} FROM {source} AS e{narrowed}{order} "
        "LIMIT ? OFFSET ?",
        [*params, *window_params, f.per_page, offset],
    )
    ids = found["event_id"].to_list()
    if counted and found.height:
        total = int(found["total"][0])
    if total is None:
        total = int(_scalar(store, f"SELECT count(*) FROM {source} AS e{where}", params) or 0)
    rows = (
        _rows(
            store,
            f"SELECT {_select(columns)} FROM {source} AS e WHERE event_id IN ({_placeholders(ids)}){order}",
            ids,
        )
        if ids
        else []
    )
    return EventPage(rows=rows, total=total, filter=f)


def _day_window(
    store: Store, source: str, where: str, params: list[Any], f: EventFilter
) -> tuple[int, str, list[Any], int]:
    """``(total, condition, values, offset)``: the days that hold page ``f.page`` of a date sort.

    Counting events per day is one cheap GROUP BY; walking those counts in sort order (days without a date
    last, as the sort puts them) finds the first and last day the page touches and how many events come
    before it. The page is then the same slice of the events of those days alone, in the same order.
    """
    descending = f.sort.startswith("-")
    days = store.query(
        f"""SELECT event_date AS day, count(*) AS n FROM {source} AS e{where}
            GROUP BY 1 ORDER BY day {"DESC" if descending else "ASC"} NULLS LAST""",
        params,
    ).rows()
    total = sum(n for _, n in days)
    before, skipped = 0, 0
    touched: list[dt.date | None] = []
    for day, n in days:
        if before + n > f.offset and before < f.offset + f.per_page:
            if not touched:
                skipped = before
            touched.append(day)
        before += n
    if not touched:
        return total, "FALSE", [], 0
    dated = [day for day in touched if day is not None]
    parts, values = [], []
    if dated:
        parts.append("event_date BETWEEN ? AND ?")
        values += [min(dated), max(dated)]
    if None in touched:
        parts.append("event_date IS NULL")
    return total, f"({' OR '.join(parts)})", values, f.offset - skipped


def write_download(store: Store, f: EventFilter, columns: frozenset[str], fmt: str, path: Path) -> int:
    """Write every event of ``f`` (all pages, in its order) to ``path`` as ``tidings export`` would."""
    writer_format = DOWNLOADS[fmt][0]
    where, params = where_clause(f, columns)
    fields = [*EVENT_FIELDS, *(c for c in OPTIONAL_COLUMNS if c in columns and c not in EVENT_FIELDS)]
    source = store.events_relation()
    frame = store.query(f"SELECT * FROM {source} AS e{where}{order_clause(f, columns, _tiebreak(source))}", params)
    with open_writer(path, writer_format, tuple(fields)) as writer:
        for chunk in frame.iter_slices(10_000):
            writer.write_all(nest_record(row) for row in chunk.iter_rows(named=True))
        return writer.count


def event_detail(store: Store, event_id: str) -> dict[str, Any] | None:
    """The merged event with this id, every column, or None."""
    rows = _rows(store, f"SELECT * FROM {store.events_relation()} AS e WHERE event_id = ?", [event_id])
    return rows[0] if rows else None


def article(store: Store, article_id: str) -> Article | None:
    """The stored article (its full text, so an event can be explained in context), or None."""
    rows = _rows(store, "SELECT article_id, date, text, title, url, source FROM articles WHERE article_id = ?",
                 [article_id])  # fmt: skip
    if not rows:
        return None
    r = rows[0]
    return Article(id=r["article_id"], date=r["date"], text=r["text"], title=r["title"], url=r["url"],
                   source=r["source"])  # fmt: skip


def _placeholders(values: Sequence[Any]) -> str:
    """``?, ?, ?``: a literal IN list lets DuckDB look ids up in the primary-key index instead of scanning."""
    return ", ".join("?" for _ in values)


def event_mentions(store: Store, mention_ids: Sequence[str], limit: int = MENTION_LIMIT) -> list[dict[str, Any]]:
    """The first ``limit`` mentions merged into an event with their articles, earliest article first."""
    ids = list(mention_ids)[:limit]
    if not ids:
        return []
    mentions = _rows(
        store,
        f"""SELECT event_id AS mention_id, article_id, sentence_index, evidence_sentence, mode, event_date,
                   date_precision, location_name, notes
            FROM mentions WHERE event_id IN ({_placeholders(ids)})""",
        ids,
    )
    article_ids = sorted({m["article_id"] for m in mentions})
    articles = {
        a["article_id"]: a
        for a in _rows(
            store,
            f"""SELECT article_id, title, url, source, date AS article_date FROM articles
                WHERE article_id IN ({_placeholders(article_ids)})""",
            article_ids,
        )
    } if article_ids else {}  # fmt: skip
    rows = [{**articles.get(m["article_id"], {}), **m} for m in mentions]
    far = dt.date.max
    return sorted(rows, key=lambda r: (r.get("article_date") or far, r["article_id"], r["sentence_index"],
                                       r["mention_id"]))  # fmt: skip


def date_span(
    store: Store, f: EventFilter | None = None, columns: frozenset[str] = frozenset()
) -> tuple[dt.date | None, dt.date | None]:
    """The first and last event date of the store, or of the events of ``f``."""
    where, params = where_clause(f or EventFilter(), columns)
    frame = store.query(f"SELECT min(event_date), max(event_date) FROM {store.events_relation()} AS e{where}", params)
    return frame.row(0) if frame.height else (None, None)


def auto_freq(first: dt.date | None, last: dt.date | None) -> str:
    """The bucket that gives a readable timeline: days for a few months, weeks for a few years, else months."""
    if first is None or last is None:
        return "week"
    days = (last - first).days
    return "day" if days <= 120 else "week" if days <= 3 * 366 else "month"


def timeline(store: Store, freq: str, f: EventFilter | None = None, columns: frozenset[str] = frozenset()) -> list:
    """Events per period and QuadClass: ``[{period, quad_class, events}]`` for dated events."""
    assert freq in OVERVIEW_FREQS
    where, params = where_clause(f or EventFilter(), columns)
    where = f"{where} AND event_date IS NOT NULL" if where else " WHERE event_date IS NOT NULL"
    return _rows(
        store,
        f"""SELECT CAST(date_trunc('{freq}', event_date) AS DATE) AS period, quad_class, count(*) AS events
            FROM {store.events_relation()} AS e{where} GROUP BY ALL ORDER BY period, quad_class""",
        params,
    )


def top_actors(store: Store, limit: int = TOP_N) -> list[dict[str, Any]]:
    """The actors in most events, on either side, with the name the store gives each most often."""
    source = store.events_relation()
    top = _rows(
        store,
        f"""SELECT code, count(*) AS events FROM (
                SELECT source_code AS code FROM {source} AS e UNION ALL SELECT target_code FROM {source} AS e)
            WHERE code IS NOT NULL GROUP BY code ORDER BY events DESC, code LIMIT ?""",
        [limit],
    )
    codes = [row["code"] for row in top]
    names = {
        row["code"]: row
        for row in _rows(
            store,
            f"""SELECT code, mode(name) AS name, mode(country) AS country FROM (
                    SELECT source_code AS code, source_name AS name, source_country AS country
                    FROM {source} AS e WHERE source_code IN (SELECT unnest(?::VARCHAR[]))
                    UNION ALL SELECT target_code, target_name, target_country
                    FROM {source} AS e WHERE target_code IN (SELECT unnest(?::VARCHAR[])))
                GROUP BY code""",
            [codes, codes],
        )
    }
    return [{**row, **names.get(row["code"], {})} for row in top]


def top_dyads(store: Store, limit: int = TOP_N) -> list[dict[str, Any]]:
    """The directed country pairs with most events, their mean Goldstein score and cooperative share."""
    return _rows(
        store,
        f"""SELECT source_country AS source, target_country AS target, count(*) AS events,
                   avg(goldstein) AS goldstein_mean, avg(CAST(quad_class <= 2 AS INTEGER)) AS coop_share
            FROM {store.events_relation()} AS e
            WHERE source_country IS NOT NULL AND target_country IS NOT NULL AND source_country <> target_country
            GROUP BY ALL ORDER BY events DESC, source, target LIMIT {int(limit)}""",
    )


def map_places(store: Store, f: EventFilter, columns: frozenset[str], limit: int = MAP_LIMIT) -> dict[str, Any]:
    """Located events grouped by place (coordinates to 0.01°): the busiest ``limit`` places and totals."""
    where, params = where_clause(f, columns)
    located = "latitude IS NOT NULL AND longitude IS NOT NULL"
    where = f"{where} AND {located}" if where else f" WHERE {located}"
    places = _rows(
        store,
        f"""SELECT round(latitude, 2) AS lat, round(longitude, 2) AS lon, any_value(location_name) AS name,
                   any_value(location_country) AS country, count(*) AS events,
                   count(*) OVER () AS total_places, sum(count(*)) OVER () AS located_events
            FROM {store.events_relation()} AS e{where} GROUP BY ALL ORDER BY events DESC, lat, lon LIMIT ?""",
        [*params, limit],
    )
    totals = places[0] if places else {"total_places": 0, "located_events": 0}
    return {
        "places": [{k: p[k] for k in ("lat", "lon", "name", "country", "events")} for p in places],
        "located_events": int(totals["located_events"]),
        "total_places": int(totals["total_places"]),
    }
