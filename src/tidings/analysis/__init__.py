"""Analysis on top of the store: dyad time series, shift alerts and their charts.

    from tidings.analysis import dyads, shifts, dyad_chart, save_chart
    table = dyads("events.duckdb", actor="PAK", freq="month")     # one row per dyad × period
    alerts = shifts("events.duckdb", since="2021-06-01")           # dyads whose relation changed
    chart = dyad_chart("events.duckdb", ("PAK", "SYR"))            # counts by QuadClass, Goldstein, shifts
    save_chart(chart, "pak-syr.html")                              # offline HTML (or .png / .svg)

Every function takes a ``Store`` or a path (opened read-only) and pushes its work down to DuckDB.
"""

from __future__ import annotations

from tidings.analysis.dyads import FREQS, LEVELS, DyadFilter, dyads
from tidings.analysis.plot import dyad_chart, save_chart
from tidings.analysis.shifts import METHODS, SHIFT_SCHEMA, SIGNALS, shifts

__all__ = [
    "FREQS",
    "LEVELS",
    "METHODS",
    "SHIFT_SCHEMA",
    "SIGNALS",
    "DyadFilter",
    "dyad_chart",
    "dyads",
    "save_chart",
    "shifts",
]
