"""Shift alerts: dyads whose relation changed, when, from what level to what, and the events behind it.

Three methods, one output table:

- ``changepoint`` (default): a change in the mean of the dyad's ``signal`` found by ``ruptures`` and kept
  only when a permutation test says it is unlikely under "no change" (``tidings.analysis.changepoints``).
  Signals: ``goldstein`` (each event's Goldstein score, in date order: did the tone change?), ``coop`` (1 for
  a cooperative QuadClass, 0 for conflict: did the mix change?) and ``events`` (events per period: did the
  volume change?).
- ``trendfinder``: ACLED-style change bands of this period against the previous 4 or 52 (``rules``).
- ``unseen``: HDX-Signals-style alert when the 30-day event count is the highest in 1 or 3 years (``rules``).

Sparse dyads are handled by not testing them: a dyad needs ``min_events`` events in the window, each side of
a change point at least ``min_size`` values, and a p-value below ``alpha``. The undirected view is the
default here, because a relation warms or cools in both directions at once (Egypt meets Turkey one day,
Turkey praises Egypt the next).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from tidings.analysis.changepoints import Change, find_changes
from tidings.analysis.dyads import FREQS, PERIOD_EVERY, DyadFilter, StoreLike, check_choice, period_sql, reading
from tidings.analysis.rules import trendfinder, unseen_levels
from tidings.errors import UsageError
from tidings.store import Store

METHODS: tuple[str, ...] = ("changepoint", "trendfinder", "unseen")
SIGNALS: tuple[str, ...] = ("goldstein", "coop", "events")
#: The columns of every ``shifts`` table, in order, with their types (an empty result has them too).
SHIFT_SCHEMA: dict[str, Any] = {
    "source": pl.String,
    "target": pl.String,
    "change_date": pl.Date,
    "period": pl.Date,
    "level_before": pl.Float64,
    "level_after": pl.Float64,
    "score": pl.Float64,
    "p_value": pl.Float64,
    "method": pl.String,
    "signal": pl.String,
    "band": pl.String,
    "events_before": pl.Int64,
    "events_after": pl.Int64,
    "event_ids": pl.List(pl.String),
    "evidence": pl.List(pl.String),
}
_VALUE_SQL = {
    "goldstein": ("goldstein", "goldstein IS NOT NULL"),
    "coop": ("CASE WHEN quad_class IN (1, 2) THEN 1.0 ELSE 0.0 END", "quad_class IS NOT NULL"),
    "events": ("1.0", "TRUE"),
}


@dataclass(frozen=True)
class ChangeTest:
    """How a change point must be found and tested (see ``tidings.analysis.changepoints.find_changes``)."""

    signal: str = "goldstein"
    min_size: int = 3
    alpha: float = 0.01
    permutations: int = 999
    max_changes: int = 1
    max_evidence: int = 20
    seed: int = 0


def shifts(
    store: StoreLike,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    actor: str | None = None,
    pair: Sequence[str] | None = None,
    freq: str = "week",
    method: str = "changepoint",
    min_events: int = 10,
    signal: str = "goldstein",
    alpha: float = 0.01,
    permutations: int = 999,
    max_changes: int = 1,
    min_size: int = 3,
    baseline: int = 4,
    years: int = 1,
    quad_classes: Sequence[int] | None = None,
    facts_only: bool = True,
    min_confidence: float | None = None,
    level: str = "country",
    directed: bool = False,
    max_evidence: int = 20,
    seed: int = 0,
) -> pl.DataFrame:
    """Dyads whose relation changed between ``since`` and ``until``, one row per change, oldest first.

    Columns (``SHIFT_SCHEMA``): ``source, target, change_date`` (first event or period after the change),
    ``period`` (the ``freq`` period it falls in), ``level_before``/``level_after`` (mean signal, baseline and
    current count, or old and new 30-day record), ``score`` (standardised effect for change points, percentage
    change for Trendfinder, new/old record for unseen levels), ``p_value`` (change points), ``method``,
    ``signal``, ``band`` (Trendfinder), ``events_before``/``events_after``, ``event_ids`` of the events that
    drive the change (earliest first, at most ``max_evidence``) and their ``evidence`` sentences.
    """
    check_choice("method", method, METHODS)
    check_choice("signal", signal, SIGNALS)
    check_choice("freq", freq, FREQS)
    if min_events < 1 or min_size < 1:
        raise UsageError("min_events", "min_events and min_size must be at least 1")
    if not 0 < alpha <= 1 or permutations < 1:
        raise UsageError("alpha", f"alpha must be in (0, 1] and permutations at least 1; got {alpha}, {permutations}")
    selection = DyadFilter.of(actor, pair, since, until, facts_only, min_confidence, level, directed, quad_classes)
    with reading(store) as opened:
        if method == "trendfinder":
            found = trendfinder(opened, selection, freq, baseline, min_events, max_evidence)
            found = found.with_columns(method=pl.lit(f"trendfinder-{baseline}"), signal=pl.lit("events"))
        elif method == "unseen":
            found = unseen_levels(opened, selection, years, min_events, max_evidence)
            found = found.with_columns(method=pl.lit(f"unseen-{years}y"), signal=pl.lit("events"))
        else:
            test = ChangeTest(signal, min_size, alpha, permutations, max_changes, max_evidence, seed)
            found = changepoint_shifts(opened, selection, freq, min_events, test)
        return _finish(opened, found, freq)


def changepoint_shifts(
    store: Store, selection: DyadFilter, freq: str, min_events: int, test: ChangeTest
) -> pl.DataFrame:
    """Change points of every dyad with at least ``min_events`` events.

    The tested dyads' events come out of DuckDB in one query of six narrow columns (no text), so memory grows
    with the number of events tested, not with the store; the evidence sentences are read afterwards for the
    few events that drive a reported change."""
    value, needed = _VALUE_SQL[test.signal]
    events_sql, params = selection.sql(store, ("event_id", "goldstein", "quad_class", f"{period_sql(freq)} AS period"))
    sql = f"""
WITH ev AS (SELECT *, {value} AS value FROM ({events_sql}) WHERE {needed}),
keep AS (SELECT source, target FROM ev GROUP BY source, target HAVING count(*) >= ?)
SELECT source, target, event_date, period, event_id, value FROM ev SEMI JOIN keep USING (source, target)
ORDER BY source, target, event_date, event_id
"""
    rows = store.query(sql, [*params, min_events])
    if rows.is_empty():
        return pl.DataFrame(schema=SHIFT_SCHEMA)
    periods = _calendar(rows, selection, freq)
    found: list[dict[str, Any]] = []
    for start, length in _dyad_slices(rows):
        group = rows.slice(start, length)
        source, target = group["source"][0], group["target"][0]
        series = _by_period(group, periods) if test.signal == "events" else _by_event(group)
        for change in find_changes(
            series.values, series.cuts, test.min_size, test.alpha, test.permutations, test.max_changes, test.seed
        ):
            found.append({"source": source, "target": target, **series.describe(change, test.max_evidence)})
    frame = pl.DataFrame(found, schema={k: SHIFT_SCHEMA[k] for k in _CHANGE_FIELDS}) if found else None
    if frame is None:
        return pl.DataFrame(schema=SHIFT_SCHEMA)
    return frame.with_columns(method=pl.lit("changepoint"), signal=pl.lit(test.signal))


def _dyad_slices(rows: pl.DataFrame) -> list[tuple[int, int]]:
    """(offset, length) of each dyad's run of rows; rows come sorted by dyad, and slices copy nothing."""
    same = (rows["source"] == rows["source"].shift(1)) & (rows["target"] == rows["target"].shift(1))
    starts = np.flatnonzero(~same.fill_null(False).to_numpy())
    ends = np.r_[starts[1:], rows.height]
    return list(zip(starts.tolist(), (ends - starts).tolist(), strict=True))


_CHANGE_FIELDS = (
    "source", "target", "change_date", "level_before", "level_after", "score", "p_value",
    "events_before", "events_after", "event_ids",
)  # fmt: skip


@dataclass(frozen=True)
class _Series:
    """One dyad's values in time order, where they may be split, and how to read a change back as dates."""

    values: np.ndarray
    cuts: np.ndarray | None
    dates: pl.Series  # the date each value starts at (its event's date, or its period's first day)
    events: pl.DataFrame  # the dyad's events: event_date, event_id, value, position (index into values)

    def describe(self, change: Change, max_evidence: int) -> dict[str, Any]:
        """The output fields of a change: its date, levels, score and the events that drive it."""
        after = self.events.filter(pl.col("position").is_between(change.split, change.end - 1))
        rising = change.after > change.before
        driving = after.filter(pl.col("value") > change.before if rising else pl.col("value") < change.before)
        if driving.is_empty():  # a drop in volume: the events that remain are the evidence
            driving = after
        segment = self.events.filter(pl.col("position").is_between(change.start, change.end - 1))
        later = segment["position"] >= change.split
        return {
            "change_date": self.dates[change.split],
            "level_before": change.before,
            "level_after": change.after,
            "score": change.effect,
            "p_value": change.p_value,
            "events_before": int((~later).sum()),
            "events_after": int(later.sum()),
            "event_ids": driving["event_id"].head(max_evidence).to_list(),
        }


def _by_event(group: pl.DataFrame) -> _Series:
    """Each event is a value; splits fall only between different dates."""
    days = group["event_date"].to_numpy()
    cuts = np.r_[0, np.flatnonzero(days[1:] != days[:-1]) + 1, days.size]
    events = group.with_row_index("position").with_columns(pl.col("position").cast(pl.Int64))
    return _Series(group["value"].to_numpy().astype(float), cuts, group["event_date"], events)


def _by_period(group: pl.DataFrame, periods: pl.Series) -> _Series:
    """Events per period, zeros included, over the whole window; every period boundary may be split."""
    position = np.searchsorted(periods.to_numpy(), group["period"].to_numpy())
    counts = np.bincount(position, minlength=periods.len()).astype(float)
    # an event "drives" a rise when its period's count is above the old level, so its value is that count
    events = group.with_columns(position=pl.Series(position.astype(np.int64)), value=pl.Series(counts[position]))
    return _Series(counts, None, periods, events)


def _calendar(rows: pl.DataFrame, selection: DyadFilter, freq: str) -> pl.Series:
    """Every period of the window: from ``since`` (or the first event) to ``until`` (or the last event)."""
    frame = pl.DataFrame(
        {"d": [selection.since or rows["event_date"].min(), selection.until or rows["event_date"].max()]}
    )
    first, last = frame.select(pl.col("d").dt.truncate(PERIOD_EVERY[freq]))["d"].to_list()
    return pl.date_range(first, last, PERIOD_EVERY[freq], eager=True)


def _finish(store: Store, found: pl.DataFrame, freq: str) -> pl.DataFrame:
    """All ``SHIFT_SCHEMA`` columns in order, the period of each change, and the evidence sentences."""
    missing = {name: pl.lit(None, dtype=kind) for name, kind in SHIFT_SCHEMA.items() if name not in found.columns}
    found = found.with_columns(**missing).with_columns(period=pl.col("change_date").dt.truncate(PERIOD_EVERY[freq]))
    ids = sorted({i for row in found["event_ids"].to_list() for i in row or ()})
    sentences: dict[str, str] = {}
    if ids:
        text = store.query(
            f"SELECT event_id, evidence_sentence FROM {store.events_relation()} "
            "WHERE event_id IN (SELECT unnest(?::VARCHAR[]))",
            [ids],
        )
        sentences = dict(zip(text["event_id"].to_list(), text["evidence_sentence"].to_list(), strict=True))
    evidence = pl.Series(
        "evidence", [[sentences.get(i) for i in row or ()] for row in found["event_ids"].to_list()], pl.List(pl.String)
    )
    found = found.with_columns(evidence)
    return found.select([pl.col(n).cast(k) for n, k in SHIFT_SCHEMA.items()]).sort(["change_date", "source", "target"])
