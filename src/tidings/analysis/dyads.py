"""Dyad time series: who did what to whom, period by period, computed inside DuckDB.

A dyad is an ordered pair of actors (source → target) or, in the undirected view, an unordered pair. The
table counts merged events (``events``), so a happening reported by ten articles counts once; ``articles``
and ``sources`` say how widely it was reported. Everything is one SQL query over the store: a store of
millions of events is never loaded into Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl

from tidings.errors import InputError, UsageError
from tidings.store import Store, parse_day

#: Period lengths a series can be cut into (DuckDB ``date_trunc`` parts; weeks start on Monday).
FREQS: tuple[str, ...] = ("day", "week", "month", "quarter", "year")
#: The same periods as polars durations (``dt.truncate``, ``dt.offset_by``, ``date_range``).
PERIOD_EVERY: dict[str, str] = {"day": "1d", "week": "1w", "month": "1mo", "quarter": "3mo", "year": "1y"}
#: Actor granularity: ``country`` (``PAK``; actors without a country, such as IGOs, keep their code) or ``code``
#: (the full composite code, ``PAKGOV``).
LEVELS: tuple[str, ...] = ("country", "code")
#: Modes left out by ``facts_only``: what did not (or has not yet) happened.
NOT_FACTS: tuple[str, ...] = ("negated", "hypothetical")
#: QuadClass labels (CAMEO): 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
QUAD_LABELS: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

StoreLike = Store | str | Path


@contextmanager
def reading(store: StoreLike) -> Iterator[Store]:
    """The store to read: an open ``Store`` as given, or a path opened read-only for the duration."""
    if isinstance(store, Store):
        yield store
        return
    with Store(store, read_only=True) as opened:
        yield opened


def _quads(quad_classes: Sequence[int] | None) -> tuple[int, ...] | None:
    if not quad_classes:
        return None
    bad = [q for q in quad_classes if q not in QUAD_LABELS]
    if bad:
        raise UsageError("quad_classes", f"QuadClass is 1 to 4; got {bad}")
    return tuple(sorted(set(quad_classes)))


def check_choice(name: str, value: str, choices: Sequence[str]) -> str:
    """``value`` if it is one of ``choices``, else an InputError naming the option and the choices."""
    if value not in choices:
        raise UsageError(name, f"unknown value {value!r}; choose one of {', '.join(choices)}")
    return value


@dataclass(frozen=True)
class DyadFilter:
    """Which events belong to which dyad: one value object shared by ``dyads``, ``shifts`` and the charts.

    ``actor`` and ``pair`` match code prefixes (``USA`` matches ``USAGOV`` at code level); a ``pair`` selects
    events between its two actors in either direction, and ``directed`` decides whether A→B and B→A are
    separate dyads. Dates bound ``event_date`` inclusively.
    """

    actor: str | None = None
    pair: tuple[str, str] | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    facts_only: bool = True
    min_confidence: float | None = None
    level: str = "country"
    directed: bool = True
    #: Only events of these QuadClasses (e.g. ``(3, 4)`` for conflict), for the count-based alert rules.
    quad_classes: tuple[int, ...] | None = None

    @classmethod
    def of(
        cls,
        actor: str | None = None,
        pair: Sequence[str] | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        facts_only: bool = True,
        min_confidence: float | None = None,
        level: str = "country",
        directed: bool = True,
        quad_classes: Sequence[int] | None = None,
    ) -> DyadFilter:
        """Validate user-facing arguments (strings for dates, any sequence for the pair) into a filter."""
        if pair is not None and (len(pair) != 2 or not all(pair)):
            raise UsageError("pair", f"a pair is two actor codes, e.g. PAK SYR; got {list(pair)!r}")
        if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
            raise UsageError("min_confidence", f"{min_confidence} is not between 0 and 1")
        first, last = parse_day(since, "since"), parse_day(until, "until")
        if first and last and first > last:
            raise UsageError("since", f"{first} is after until ({last})")
        return cls(
            actor=actor.upper() if actor else None,
            pair=(pair[0].upper(), pair[1].upper()) if pair else None,
            since=first,
            until=last,
            facts_only=facts_only,
            min_confidence=min_confidence,
            level=check_choice("level", level, LEVELS),
            directed=directed,
            quad_classes=_quads(quad_classes),
        )

    def widened(self, days: int) -> DyadFilter:
        """The same selection starting ``days`` earlier: the look-back a rule compares the window with."""
        return replace(self, since=self.since - dt.timedelta(days=days)) if self.since else self

    def sql(self, store: Store, columns: Sequence[str] = ()) -> tuple[str, list[Any]]:
        """A query of the selected events as ``source, target, event_date, <columns>`` (``e.`` columns)."""
        actor_cols = (
            ("source_code", "target_code")
            if self.level == "code"
            else (
                "coalesce(source_country, source_code)",
                "coalesce(target_country, target_code)",
            )
        )
        src, tgt = actor_cols
        if not self.directed:
            src, tgt = f"least({actor_cols[0]}, {actor_cols[1]})", f"greatest({actor_cols[0]}, {actor_cols[1]})"
        clauses = ["event_date IS NOT NULL", f"{actor_cols[0]} IS NOT NULL", f"{actor_cols[1]} IS NOT NULL"]
        params: list[Any] = []
        if self.since is not None:
            clauses.append("event_date >= ?")
            params.append(self.since)
        if self.until is not None:
            clauses.append("event_date <= ?")
            params.append(self.until)
        if self.facts_only:
            clauses.append(f"coalesce(mode, '') NOT IN ({', '.join(repr(m) for m in NOT_FACTS)})")
        if self.min_confidence is not None:
            if "confidence" not in event_columns(store):
                raise InputError(
                    "min_confidence", f"{store.path} has no confidence column (coded by an older tidings); re-code it"
                )
            clauses.append("confidence >= ?")
            params.append(self.min_confidence)
        if self.quad_classes:
            clauses.append(f"quad_class IN ({', '.join(str(q) for q in self.quad_classes)})")
        a, b = actor_cols
        if self.actor:
            clauses.append(f"(starts_with({a}, ?) OR starts_with({b}, ?))")
            params += [self.actor, self.actor]
        if self.pair:
            clauses.append(
                f"((starts_with({a}, ?) AND starts_with({b}, ?)) OR (starts_with({a}, ?) AND starts_with({b}, ?)))"
            )
            first, second = self.pair
            params += [first, second, second, first]
        extra = "".join(f", {c}" for c in columns)
        sql = (
            f"SELECT {src} AS source, {tgt} AS target, event_date{extra} "
            f"FROM {store.events_relation()} AS e WHERE {' AND '.join(clauses)}"
        )
        return sql, params


def event_columns(store: Store) -> set[str]:
    """The columns of the store's merged events table (older stores lack newer columns such as confidence)."""
    return set(
        store.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'events'")[
            "column_name"
        ].to_list()
    )


def period_sql(freq: str, column: str = "event_date") -> str:
    """The SQL expression of the period (its first day) a date falls in."""
    check_choice("freq", freq, FREQS)
    return f"date_trunc('{freq}', {column})::DATE"


def dyads(
    store: StoreLike,
    actor: str | None = None,
    pair: Sequence[str] | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    freq: str = "week",
    facts_only: bool = True,
    min_confidence: float | None = None,
    level: str = "country",
    directed: bool = True,
) -> pl.DataFrame:
    """One row per dyad and period with events: counts by QuadClass, Goldstein, reach.

    Columns: ``source, target, period`` (first day of the period), ``events`` (merged events), ``quad1``..
    ``quad4``, ``goldstein_mean``, ``goldstein_sum``, ``coop_share`` (QuadClass 1–2 among events with a
    QuadClass), ``mentions`` (summed ``num_mentions``), ``articles`` and ``sources`` (distinct articles and
    outlets that reported the dyad's events in that period). Periods without events have no row.
    ``facts_only`` (default) leaves out negated and hypothetical events; ``min_confidence`` drops events the
    coder was less sure of. See ``DyadFilter`` for actor, pair, level and direction.
    """
    selection = DyadFilter.of(actor, pair, since, until, facts_only, min_confidence, level, directed)
    period = period_sql(freq)
    with reading(store) as opened:
        events_sql, params = selection.sql(opened, ("quad_class", "goldstein", "num_mentions", "article_ids"))
        sql = f"""
WITH ev AS (SELECT *, {period} AS period FROM ({events_sql})),
counts AS (
    SELECT source, target, period,
        count(*)::INTEGER AS events,
        count(*) FILTER (WHERE quad_class = 1)::INTEGER AS quad1,
        count(*) FILTER (WHERE quad_class = 2)::INTEGER AS quad2,
        count(*) FILTER (WHERE quad_class = 3)::INTEGER AS quad3,
        count(*) FILTER (WHERE quad_class = 4)::INTEGER AS quad4,
        avg(goldstein) AS goldstein_mean,
        coalesce(sum(goldstein), 0) AS goldstein_sum,
        count(*) FILTER (WHERE quad_class IN (1, 2)) / nullif(count(quad_class), 0) AS coop_share,
        coalesce(sum(num_mentions), 0)::INTEGER AS mentions
    FROM ev GROUP BY source, target, period
),
reach AS (
    SELECT u.source, u.target, u.period,
        count(DISTINCT u.article_id)::INTEGER AS articles,
        count(DISTINCT coalesce(a.source, u.article_id))::INTEGER AS sources
    FROM (SELECT source, target, period, unnest(article_ids) AS article_id FROM ev) AS u
    LEFT JOIN articles AS a ON a.article_id = u.article_id
    GROUP BY u.source, u.target, u.period
)
SELECT c.*, coalesce(r.articles, 0)::INTEGER AS articles, coalesce(r.sources, 0)::INTEGER AS sources
FROM counts AS c LEFT JOIN reach AS r USING (source, target, period)
ORDER BY source, target, period
"""
        return opened.query(sql, params)
