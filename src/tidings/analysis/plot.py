"""The timeline of one dyad: events by QuadClass stacked per period, mean Goldstein as a line, shifts marked.

Charts are Altair (Vega-Lite) specifications; ``save_chart`` writes them as interactive HTML with the Vega
scripts inlined (it works offline: no CDN) or as a static PNG/SVG for papers, both rendered by
``vl-convert-python``, which bundles its own copy of Vega.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import altair as alt
import polars as pl

from tidings.analysis.dyads import FREQS, PERIOD_EVERY, QUAD_LABELS, StoreLike, check_choice, dyads
from tidings.analysis.shifts import shifts
from tidings.errors import InputError, UsageError

#: Bar colours per QuadClass: greens for cooperation, oranges and reds for conflict.
QUAD_COLOURS: dict[int, str] = {1: "#9bd18b", 2: "#2e8b3e", 3: "#f4a259", 4: "#c8102e"}
CHART_FORMATS: tuple[str, ...] = (".html", ".png", ".svg")
_WIDTH = 720


def _undirected(frame: pl.DataFrame, pair: tuple[str, str]) -> pl.DataFrame:
    """Rows of a ``dyads`` table between the two actors of ``pair`` (either direction), summed per period."""
    a, b = pair
    between = frame.filter(
        (pl.col("source").str.starts_with(a) & pl.col("target").str.starts_with(b))
        | (pl.col("source").str.starts_with(b) & pl.col("target").str.starts_with(a))
    )
    return (
        between.group_by("period")
        .agg(pl.col("events", "quad1", "quad2", "quad3", "quad4", "goldstein_sum").sum())
        .with_columns(goldstein_mean=pl.col("goldstein_sum") / pl.col("events"))
        .sort("period")
    )


def dyad_chart(
    store_or_frame: StoreLike | pl.DataFrame,
    pair: Sequence[str],
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    freq: str = "week",
    level: str = "country",
    facts_only: bool = True,
    min_confidence: float | None = None,
    marks: pl.DataFrame | None = None,
    title: str | None = None,
) -> alt.LayerChart:
    """A timeline of the relation between the two actors of ``pair``, both directions together.

    ``store_or_frame`` is a store (or its path), from which the series and its change points (``shifts`` with
    the same window) are computed, or a ``dyads`` table already in hand; ``marks`` is a ``shifts`` table to
    draw instead of the computed one (pass an empty frame for none).
    """
    if len(pair) != 2:
        raise UsageError("pair", f"a pair is two actor codes, e.g. PAK SYR; got {list(pair)!r}")
    key = (pair[0].upper(), pair[1].upper())
    if isinstance(store_or_frame, pl.DataFrame):
        table = store_or_frame
    else:
        table = dyads(store_or_frame, pair=key, since=since, until=until, freq=freq, level=level,
                      facts_only=facts_only, min_confidence=min_confidence)  # fmt: skip
        if marks is None:
            marks = shifts(store_or_frame, pair=key, since=since, until=until, freq=freq, level=level,
                           facts_only=facts_only, min_confidence=min_confidence)  # fmt: skip
    series = _undirected(table, key)
    if series.is_empty():
        raise InputError("pair", f"no events between {key[0]} and {key[1]} in the selection")
    every = PERIOD_EVERY[check_choice("freq", freq, FREQS)]
    series = series.with_columns(end=pl.col("period").dt.offset_by(every))
    series = series.with_columns(middle=pl.col("period") + (pl.col("end") - pl.col("period")) / 2)
    return _layers(series, marks if marks is not None else pl.DataFrame(), title or f"{key[0]} – {key[1]}")


def _layers(series: pl.DataFrame, marks: pl.DataFrame, title: str) -> alt.LayerChart:
    """Stacked QuadClass bars spanning their periods, the mean Goldstein line (at mid-period) on its own axis,
    and a rule at each shift."""
    long = series.unpivot(
        index=["period", "end"], on=[f"quad{q}" for q in QUAD_LABELS], variable_name="quad", value_name="n"
    )
    long = long.with_columns(
        quad=pl.col("quad").str.slice(4).cast(pl.Int32).replace_strict(QUAD_LABELS, return_dtype=pl.String)
    ).filter(pl.col("n") > 0)
    x = alt.X("period:T", title=None)
    bars = (
        alt.Chart(long.to_pandas())
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(
            x=x,
            x2="end:T",
            y=alt.Y("sum(n):Q", title="events", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "quad:N",
                title="QuadClass",
                scale=alt.Scale(domain=list(QUAD_LABELS.values()), range=list(QUAD_COLOURS.values())),
            ),
            order=alt.Order("quad:N"),
            tooltip=["period:T", "quad:N", "n:Q"],
        )
    )
    line = (
        alt.Chart(series.select("middle", "period", "goldstein_mean").to_pandas())
        .mark_line(point=True, color="#222222")
        .encode(
            x="middle:T",
            y=alt.Y("goldstein_mean:Q", title="mean Goldstein", scale=alt.Scale(domain=[-10, 10])),
            tooltip=["period:T", alt.Tooltip("goldstein_mean:Q", format=".2f")],
        )
    )
    layers: list[alt.Chart] = [bars, line]
    if not marks.is_empty():
        shown = marks.select("change_date", "level_before", "level_after", "score", "method").to_pandas()
        layers.append(
            alt.Chart(shown)
            .mark_rule(color="#1f4e9c", strokeDash=[6, 3], size=2)
            .encode(
                x="change_date:T", tooltip=["change_date:T", "method:N", "level_before:Q", "level_after:Q", "score:Q"]
            )
        )
    return alt.layer(*layers).resolve_scale(y="independent").properties(width=_WIDTH, height=280, title=title)


def save_chart(chart: alt.TopLevelMixin, path: str | Path) -> Path:
    """Write ``chart`` to ``path`` (``.html`` with Vega inlined, ``.png`` or ``.svg``); replaced only when done."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in CHART_FORMATS:
        raise UsageError(str(path), f"unknown chart format {suffix or '(none)'}; use {', '.join(CHART_FORMATS)}")
    if not target.parent.is_dir():
        raise InputError(str(path), f"the folder {target.parent} does not exist")
    handle, temporary = tempfile.mkstemp(suffix=suffix, dir=target.parent, prefix=f".{target.name}.")
    os.close(handle)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes private files; a chart is as readable as any output
    try:
        if suffix == ".html":
            chart.save(temporary, format="html", inline=True)
        elif suffix == ".png":
            chart.save(temporary, format="png", scale_factor=2)
        else:
            chart.save(temporary, format="svg")
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target
