"""Merge mentions of the same event, across articles, into one event with mention counts.

News reports the same happening many times. Counting every mention as an event inflates the busy stories,
so tidings merges them, in the spirit of GDELT's NumMentions/NumSources/NumArticles. The rule:

1. Same ``source_code``, ``target_code`` and ``event_code`` (a missing actor only matches a missing actor).
2. Same mode group: ``negated`` mentions merge only with negated ones; reported, claimed, alleged and
   hypothetical mentions merge with each other ("X did not attack Y" is not a mention of the attack).
3. Date ranges overlap. A mention covers ``[event_date, event_date_end or event_date]`` for day, week, month
   and year precision, and its article's date ± 1 day for ``article`` precision (no date in the text).
   Overlap chains: when A overlaps B and B overlaps C, all three are one event.
4. Same ``location_country`` when both are known. A mention without a country joins the located mentions
   it overlaps if they all name one country; if they name several, it stays apart from all of them.

The merged event takes its fields from its earliest mention (by article date, then article id, sentence,
mention id), except: ``event_id`` is a hash of the merge key and the first day the event covers; ``mode``
is the most certain mode among its mentions; the location comes from the earliest mention that has a
country. Counts: ``num_mentions`` (mention rows), ``num_sources`` (distinct article sources, an article
without a source counting as its own), ``num_articles``, ``first_seen``/``last_seen`` (article dates),
``article_ids`` and ``mention_ids`` (sorted).

``merge_mentions`` is the rule in plain Python (tests, small runs); ``merge_sql`` is the same rule as one
DuckDB query, which the store runs. A test keeps the two in agreement.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tidings.model import MODES
from tidings.schema import EVENT_FIELDS, MERGE_FIELDS, RECORD_FIELDS, flat_fields, record_date

_LOCATION_FIELDS = ("location_name", "location_country", "latitude", "longitude")
_ONE_DAY = dt.timedelta(days=1)


def mode_group(mode: str | None) -> str:
    """``negated`` or ``asserted``: mentions merge only within one group."""
    return "negated" if mode == "negated" else "asserted"


def mode_certainty(mode: str | None) -> int:
    """Position of ``mode`` in ``MODES`` (0 = most certain); unknown modes rank after all known ones."""
    return MODES.index(mode) if mode in MODES else len(MODES)


def mention_range(record: Mapping[str, Any]) -> tuple[dt.date, dt.date]:
    """The first and last day a mention can refer to (rule 3); undated mentions get ``date.min``."""
    article_day = record_date(record.get("article_date"))
    event_day = record_date(record.get("event_date"))
    if record.get("date_precision") == "article":
        center = article_day or event_day
        return (center - _ONE_DAY, center + _ONE_DAY) if center else (dt.date.min, dt.date.min)
    start = event_day or article_day or dt.date.min
    end = record_date(record.get("event_date_end")) or start
    return start, max(start, end)


def merged_event_id(key: tuple[str, str, str, str], place: str, first_day: dt.date) -> str:
    """Stable id of a merged event: the merge key, its country and the first day it covers."""
    text = "|".join((*key, place, first_day.isoformat()))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class _Mention:
    record: Mapping[str, Any]
    key: tuple[str, str, str, str]
    start: dt.date
    end: dt.date
    seen: dt.date | None
    order: tuple[Any, ...]

    @property
    def country(self) -> str:
        return self.record.get("location_country") or ""

    def overlaps(self, other: _Mention) -> bool:
        return self.start <= other.end and other.start <= self.end


def _mention(record: Mapping[str, Any]) -> _Mention:
    seen = record_date(record.get("article_date")) or record_date(record.get("event_date"))
    start, end = mention_range(record)
    key = (
        record.get("source_code") or "",
        record.get("target_code") or "",
        record.get("event_code") or "",
        mode_group(record.get("mode")),
    )
    order = (
        seen is None,
        seen or dt.date.min,
        record["article_id"],
        record["sentence_index"],
        record["event_id"],
    )
    return _Mention(record, key, start, end, seen, order)


def _place(mention: _Mention, located: list[_Mention]) -> str:
    """Rule 4: a mention's country; an unlocated one takes the single country of those it overlaps."""
    if mention.country:
        return mention.country
    near = {k.country for k in located if k.overlaps(mention)}
    return near.pop() if len(near) == 1 else ""


def _overlap_runs(mentions: list[_Mention]) -> list[list[_Mention]]:
    """Split mentions into chains of overlapping date ranges (rule 3) by one sweep in date order."""
    runs: list[list[_Mention]] = []
    reach = dt.date.min
    for m in sorted(mentions, key=lambda m: (m.start, m.end, m.record["event_id"])):
        if runs and m.start <= reach:
            runs[-1].append(m)
            reach = max(reach, m.end)
        else:
            runs.append([m])
            reach = m.end
    return runs


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _merge(key: tuple[str, str, str, str], place: str, run: list[_Mention]) -> dict[str, Any]:
    first = min(run, key=lambda m: m.order)
    located = [m for m in run if m.country]
    where = min(located, key=lambda m: m.order) if located else first
    certainty = min(mode_certainty(m.record.get("mode")) for m in run)
    seen = [m.seen for m in run if m.seen]
    event: dict[str, Any] = {f: first.record.get(f) for f in RECORD_FIELDS}
    event.update(
        event_id=merged_event_id(key, place, min(m.start for m in run)),
        event_date=_iso(record_date(first.record.get("event_date")) or first.seen),
        event_date_end=_iso(record_date(first.record.get("event_date_end"))),
        mode=MODES[certainty] if certainty < len(MODES) else first.record.get("mode"),
        evidence=dict(first.record.get("evidence") or {}),
        num_mentions=len(run),
        num_sources=len({m.record.get("article_source") or m.record["article_id"] for m in run}),
        num_articles=len({m.record["article_id"] for m in run}),
        first_seen=_iso(min(seen) if seen else None),
        last_seen=_iso(max(seen) if seen else None),
        article_ids=sorted({m.record["article_id"] for m in run}),
        mention_ids=sorted(m.record["event_id"] for m in run),
    )
    event.update({f: where.record.get(f) for f in _LOCATION_FIELDS})
    return event


def merge_mentions(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Merge mention records (``Event.to_record()`` dicts) into events, ordered by date then id.

    Records may also carry ``article_date`` and ``article_source`` (the store adds them); without
    ``article_date`` the event date stands in for it, without ``article_source`` the article id does.
    """
    groups: dict[tuple[str, str, str, str], list[_Mention]] = defaultdict(list)
    for record in records:
        m = _mention(record)
        groups[m.key].append(m)
    events: list[dict[str, Any]] = []
    for key, group in groups.items():
        located = [m for m in group if m.country]
        by_place: dict[str, list[_Mention]] = defaultdict(list)
        for m in group:
            by_place[_place(m, located)].append(m)
        for place, mentions in by_place.items():
            events.extend(_merge(key, place, run) for run in _overlap_runs(mentions))
    events.sort(key=lambda e: (e["event_date"] or "", e["event_id"]))
    return events


_CLUSTER = "_src, _tgt, _code, _group, _place, _cluster"
_RUN_ORDER = "_seen, article_id, sentence_index, event_id"


def _same_run(alias: str) -> str:
    return " AND ".join(f"{alias}.{k} = c.{k}" for k in _CLUSTER.split(", "))


def _select_list() -> str:
    """The output columns of ``merge_sql``: flat event fields, each from the right part of the query."""
    computed = {
        "event_id": "substr(sha1(concat_ws('|', c._src, c._tgt, c._code, c._group, c._place, "
        "strftime(c._first_day, '%Y-%m-%d'))), 1, 16)",
        "event_date": "coalesce(r.event_date, r.article_date)",
        "mode": f"coalesce(list_extract({list(MODES)!r}, c._certainty + 1), r.mode)",
    }
    columns = []
    for name in flat_fields(EVENT_FIELDS):
        if name in computed:
            expr = computed[name]
        elif name in _LOCATION_FIELDS:
            expr = f"l.{name}"
        elif name in MERGE_FIELDS:
            expr = f"c.{name}"
        else:
            expr = f"r.{name}"
        columns.append(f"{expr} AS {name}")
    return ",\n    ".join(columns)


def merge_sql(mentions: str) -> str:
    """The merge rule as one DuckDB query over ``mentions`` (a table, view or parenthesised subquery).

    ``mentions`` needs the flat mention columns (evidence as ``evidence_*``) plus ``article_date`` and
    ``article_source``; the result has one row per merged event, columns ``flat_fields(EVENT_FIELDS)``.
    """
    certainty = " ".join(f"WHEN '{mode}' THEN {i}" for i, mode in enumerate(MODES))
    return f"""
WITH dated AS (
    SELECT *,
        coalesce(source_code, '') AS _src,
        coalesce(target_code, '') AS _tgt,
        coalesce(event_code, '') AS _code,
        CASE WHEN mode = 'negated' THEN 'negated' ELSE 'asserted' END AS _group,
        coalesce(article_date, event_date) AS _seen,
        coalesce(article_source, article_id) AS _outlet,
        CASE WHEN date_precision = 'article' THEN coalesce(article_date, event_date) - 1
             ELSE coalesce(event_date, article_date) END AS _start
    FROM {mentions}
),
m AS (
    SELECT *,
        CASE WHEN date_precision = 'article' THEN coalesce(article_date, event_date) + 1
             ELSE greatest(coalesce(event_date_end, _start), _start) END AS _end
    FROM dated
),
placed AS (
    SELECT u.event_id, min(k.location_country) AS _near
    FROM m AS u JOIN m AS k
      ON u._src = k._src AND u._tgt = k._tgt AND u._code = k._code AND u._group = k._group
     AND k._start <= u._end AND u._start <= k._end
    WHERE u.location_country IS NULL AND k.location_country IS NOT NULL
    GROUP BY u.event_id
    HAVING count(DISTINCT k.location_country) = 1
),
located AS (
    SELECT m.*, coalesce(m.location_country, placed._near, '') AS _place
    FROM m LEFT JOIN placed ON m.event_id = placed.event_id
),
swept AS (
    SELECT *, max(_end) OVER (
        PARTITION BY _src, _tgt, _code, _group, _place ORDER BY _start, _end, event_id
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS _reach
    FROM located
),
clustered AS (
    SELECT *, sum(CASE WHEN _reach IS NULL OR _start > _reach THEN 1 ELSE 0 END) OVER (
        PARTITION BY _src, _tgt, _code, _group, _place ORDER BY _start, _end, event_id
        ROWS UNBOUNDED PRECEDING) AS _cluster
    FROM swept
),
ranked AS (
    SELECT *,
        row_number() OVER (PARTITION BY {_CLUSTER} ORDER BY {_RUN_ORDER}) AS _rank,
        row_number() OVER (
            PARTITION BY {_CLUSTER} ORDER BY location_country IS NULL, {_RUN_ORDER}) AS _loc_rank,
        CASE mode {certainty} ELSE {len(MODES)} END AS _certainty
    FROM clustered
),
c AS (
    SELECT {_CLUSTER},
        min(_start) AS _first_day,
        min(_certainty) AS _certainty,
        count(*)::INTEGER AS num_mentions,
        count(DISTINCT _outlet)::INTEGER AS num_sources,
        count(DISTINCT article_id)::INTEGER AS num_articles,
        min(_seen) AS first_seen,
        max(_seen) AS last_seen,
        list(DISTINCT article_id ORDER BY article_id) AS article_ids,
        list(event_id ORDER BY event_id) AS mention_ids
    FROM ranked
    GROUP BY {_CLUSTER}
)
SELECT
    {_select_list()}
FROM c
JOIN ranked AS r ON r._rank = 1 AND {_same_run("r")}
JOIN ranked AS l ON l._loc_rank = 1 AND {_same_run("l")}
"""
