"""Alert rules analysts already use, written from their public descriptions, over dyad event counts.

**Trendfinder bands** (ACLED's change-level map): the events of the current period (a week by default) are
compared with the average of the previous 4 (a month) or 52 (a year) periods. Change above +25% is a *large
increase*, +10% to +25% *moderate*, −25% to +10% *limited*, below −25% a *large decrease*. Low-baseline rule:
an average of two events or fewer with five events or fewer now is *limited change*, whatever the percentage.
Periods without events count as zero; a period is judged only when the whole look-back lies inside the data
the store covers (its first to its last event, of any dyad).

**Unseen level** (OCHA's HDX Signals): the level is the number of events in the last 30 days, taken on every
day with an event. An alert is raised when the level is higher than every level of the previous 1 (or 3)
years and at least ``min_level``; alerts within 30 days of an earlier one are one episode, reported once, on
its first day. Only days at least the look-back after the store's first event are judged, so the start of
the data never looks like a record. (Levels are read on event days only, where the 30-day count
peaks; a peak on an event day just before the look-back window can be missed.)

Both return one row per alert with the events that make up the level, computed in DuckDB.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from tidings.analysis.dyads import DyadFilter, check_choice, period_sql
from tidings.store import Store

#: Trendfinder change bands, from most to least alarming; ``large increase`` and ``large decrease`` alert.
BANDS: tuple[str, ...] = ("large increase", "moderate increase", "limited change", "large decrease")
ALERT_BANDS: tuple[str, ...] = ("large increase", "large decrease")
#: Look-backs Trendfinder offers: the previous month (4 weeks) or year (52 weeks).
BASELINES: tuple[int, ...] = (4, 52)
#: The rolling window of an HDX-style level, in days.
LEVEL_DAYS = 30
_PERIOD_DAYS = {"day": 1, "week": 7, "month": 31, "quarter": 92, "year": 366}

_BAND_SQL = """CASE
    WHEN baseline <= 2 AND current <= 5 THEN 'limited change'
    WHEN baseline = 0 OR current > 1.25 * baseline THEN 'large increase'
    WHEN current > 1.10 * baseline THEN 'moderate increase'
    WHEN current >= 0.75 * baseline THEN 'limited change'
    ELSE 'large decrease' END"""


def _coverage(store: Store, selection: DyadFilter) -> tuple[str, list[Any]]:
    """SQL of the judged window and of what the store covers, as one row ``low, high, data_start``.

    Coverage is the store's first and last event of any dyad: a dyad silent in a week the store covers had
    no events that week (a real zero), while weeks before the store begins are unknown, not zero.
    """
    sql = f"""SELECT greatest(c.first, coalesce(?::DATE, c.first)) AS low,
        least(c.last, coalesce(?::DATE, c.last)) AS high, c.first AS data_start
    FROM (SELECT min(event_date) AS first, max(event_date) AS last FROM {store.events_relation()}) AS c"""
    return sql, [selection.since, selection.until]


def trendfinder(
    store: Store,
    selection: DyadFilter,
    freq: str = "week",
    baseline: int = 4,
    min_events: int = 10,
    max_evidence: int = 20,
) -> pl.DataFrame:
    """Trendfinder alerts per dyad and period: ``level_before`` the baseline average, ``level_after`` the count.

    ``score`` is the percentage change (None when the baseline is zero); a dyad is judged when it has at least
    ``min_events`` events in the window and its look-back.
    """
    check_choice("baseline", str(baseline), [str(b) for b in BASELINES])
    period = period_sql(freq)
    wide = selection.widened(baseline * _PERIOD_DAYS[check_choice("freq", freq, tuple(_PERIOD_DAYS))])
    events_sql, params = wide.sql(store, ("event_id",))
    bounds_sql, bound_params = _coverage(store, selection)
    step = "INTERVAL 3 MONTH" if freq == "quarter" else f"INTERVAL 1 {freq.upper()}"
    sql = f"""
WITH ev AS (SELECT *, {period} AS period FROM ({events_sql})),
bounds AS ({bounds_sql}),
counts AS (SELECT source, target, period, count(*) AS n FROM ev GROUP BY source, target, period),
dyad AS (SELECT source, target FROM counts GROUP BY source, target HAVING sum(n) >= ?),
calendar AS (
    SELECT unnest(generate_series(
        {period_sql(freq, "(SELECT greatest(data_start, coalesce(?::DATE, data_start)) FROM bounds)")},
        {period_sql(freq, "(SELECT high FROM bounds)")}, {step}))::DATE AS period),
grid AS (
    SELECT d.source, d.target, k.period, coalesce(c.n, 0) AS current
    FROM dyad AS d CROSS JOIN calendar AS k LEFT JOIN counts AS c USING (source, target, period)),
judged AS (
    SELECT *, avg(current) OVER w AS baseline, count(*) OVER w AS looked_back FROM grid
    WINDOW w AS (PARTITION BY source, target ORDER BY period ROWS BETWEEN {baseline} PRECEDING AND 1 PRECEDING)),
alerts AS (
    SELECT *, {_BAND_SQL} AS band FROM judged
    WHERE looked_back = {baseline} AND period >= {period_sql(freq, "(SELECT low FROM bounds)")}
      AND period <= (SELECT high FROM bounds))
SELECT a.source, a.target, a.period AS change_date, a.baseline AS level_before, a.current::DOUBLE AS level_after,
    CASE WHEN a.baseline > 0 THEN 100 * (a.current - a.baseline) / a.baseline END AS score, a.band,
    coalesce(list(ev.event_id ORDER BY ev.event_date, ev.event_id) FILTER (WHERE ev.event_id IS NOT NULL)
        [1:{max_evidence}], []) AS event_ids
FROM alerts AS a LEFT JOIN ev USING (source, target, period)
WHERE a.band IN ({", ".join(repr(b) for b in ALERT_BANDS)})
GROUP BY ALL ORDER BY change_date, source, target
"""
    return store.query(sql, [*params, *bound_params, min_events, wide.since])


def unseen_levels(
    store: Store,
    selection: DyadFilter,
    years: int = 1,
    min_events: int = 10,
    max_evidence: int = 20,
) -> pl.DataFrame:
    """HDX-style alerts: the 30-day event count of a dyad reaches a level unseen in ``years`` years.

    ``level_before`` is the highest 30-day level of the look-back, ``level_after`` the new one (at least
    ``min_events``), ``score`` the rise relative to the old record (new / max(old, 1)).
    """
    check_choice("years", str(years), ("1", "3"))
    look_back = 365 * years
    events_sql, params = selection.widened(look_back + LEVEL_DAYS).sql(store, ("event_id",))
    bounds_sql, bound_params = _coverage(store, selection)
    sql = f"""
WITH ev AS ({events_sql}),
bounds AS ({bounds_sql}),
daily AS (SELECT source, target, event_date AS day, count(*) AS n FROM ev GROUP BY source, target, event_date),
rolled AS (
    SELECT *, sum(n) OVER (PARTITION BY source, target ORDER BY day
        RANGE BETWEEN INTERVAL {LEVEL_DAYS - 1} DAYS PRECEDING AND CURRENT ROW) AS level FROM daily),
judged AS (
    SELECT *, coalesce(max(level) OVER (PARTITION BY source, target ORDER BY day
        RANGE BETWEEN INTERVAL {look_back} DAYS PRECEDING AND INTERVAL 1 DAY PRECEDING), 0) AS record FROM rolled),
alerts AS (
    SELECT * FROM judged
    WHERE level > record AND level >= ?
      AND day >= (SELECT data_start FROM bounds) + INTERVAL {look_back} DAYS
      AND day >= (SELECT low FROM bounds) AND day <= (SELECT high FROM bounds)),
episodes AS (
    SELECT *, lag(day) OVER (PARTITION BY source, target ORDER BY day) AS previous FROM alerts)
SELECT a.source, a.target, a.day AS change_date, a.record::DOUBLE AS level_before, a.level::DOUBLE AS level_after,
    a.level / greatest(a.record, 1) AS score, NULL::VARCHAR AS band,
    list(ev.event_id ORDER BY ev.event_date DESC, ev.event_id)[1:{max_evidence}] AS event_ids
FROM episodes AS a JOIN ev ON ev.source = a.source AND ev.target = a.target
    AND ev.event_date BETWEEN a.day - INTERVAL {LEVEL_DAYS - 1} DAYS AND a.day
WHERE a.previous IS NULL OR a.day - a.previous >= {LEVEL_DAYS}
GROUP BY ALL ORDER BY change_date, source, target
"""
    return store.query(sql, [*params, *bound_params, min_events])
