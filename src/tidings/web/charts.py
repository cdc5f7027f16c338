"""Vega-Lite specifications of the dashboard's charts, built from query rows, drawn by vega-embed.

The page carries the specification as a JSON data block and ``static/app.js`` hands it to the vendored
vega-embed; no chart library runs on the server. Colours follow the QuadClass: blues for cooperation,
oranges and reds for conflict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

QUAD_LABELS = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"}
QUAD_COLORS = {1: "#6baed6", 2: "#2171b5", 3: "#fd8d3c", 4: "#cb181d"}
_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"  # an identifier only: nothing is fetched
_TIME_UNITS = {"day": "yearmonthdate", "week": "yearmonthdate", "month": "yearmonth"}


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _quad_color() -> dict[str, Any]:
    return {
        "field": "quad",
        "type": "nominal",
        "title": "QuadClass",
        "sort": list(QUAD_LABELS.values()),
        "scale": {"domain": list(QUAD_LABELS.values()), "range": list(QUAD_COLORS.values())},
        "legend": {"orient": "top"},
    }


def _bars(freq: str, events_field: str = "events") -> dict[str, Any]:
    return {
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {"field": "period", "type": "temporal", "timeUnit": _TIME_UNITS[freq], "title": None,
                  "bandPosition": 0},
            "y": {"field": events_field, "type": "quantitative", "stack": True, "title": f"events per {freq}"},
            "color": _quad_color(),
            "order": {"field": "quad_class"},
        },
    }  # fmt: skip


def timeline_spec(rows: Iterable[Mapping[str, Any]], freq: str) -> dict[str, Any]:
    """Stacked bars of events per ``freq`` by QuadClass from ``[{period, quad_class, events}]``."""
    values = [
        {"period": _iso(r["period"]), "quad_class": r["quad_class"], "quad": QUAD_LABELS.get(r["quad_class"], "?"),
         "events": r["events"]}
        for r in rows
    ]  # fmt: skip
    return {"$schema": _SCHEMA, "width": "container", "height": 220, "data": {"values": values}, **_bars(freq)}


def dyad_spec(
    periods: Iterable[Mapping[str, Any]], shifts: Iterable[Mapping[str, Any]], freq: str
) -> dict[str, Any]:
    """The pair's timeline: events by QuadClass stacked, mean Goldstein as a line, shifts as rules.

    ``periods`` are rows of ``tidings.analysis.dyads`` (``period``, ``quad1``..``quad4``,
    ``goldstein_mean``), summed over both directions by the caller when the page shows both.
    """
    bars: list[dict[str, Any]] = []
    line: list[dict[str, Any]] = []
    for row in periods:
        period = _iso(row["period"])
        for quad, label in QUAD_LABELS.items():
            if row.get(f"quad{quad}"):
                bars.append({"period": period, "quad_class": quad, "quad": label, "events": row[f"quad{quad}"]})
        if row.get("goldstein_mean") is not None:
            line.append({"period": period, "goldstein_mean": round(row["goldstein_mean"], 2)})
    rules = [
        {"change_date": _iso(s["change_date"]), "label": f"shift: {s['level_before']:+.1f} → {s['level_after']:+.1f}"}
        for s in shifts
    ]
    x = {"field": "period", "type": "temporal", "timeUnit": _TIME_UNITS[freq], "title": None}
    layers: list[dict[str, Any]] = [{"data": {"values": bars}, **_bars(freq)}]
    if line:
        layers.append(
            {
                "data": {"values": line},
                "mark": {"type": "line", "point": True, "color": "#222", "tooltip": True},
                "encoding": {
                    "x": x,
                    "y": {"field": "goldstein_mean", "type": "quantitative", "title": "mean Goldstein",
                          "scale": {"domain": [-10, 10]}},
                },
            }
        )  # fmt: skip
    if rules:
        layers.append(
            {
                "data": {"values": rules},
                "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#7b3294", "strokeWidth": 2, "tooltip": True},
                "encoding": {"x": {"field": "change_date", "type": "temporal"}, "tooltip": {"field": "label"}},
            }
        )
    return {
        "$schema": _SCHEMA,
        "width": "container",
        "height": 260,
        "layer": layers,
        "resolve": {"scale": {"y": "independent"}},
    }
