"""The overview's chart as a Vega-Lite specification, built from query rows and drawn by vega-embed.

The page carries the specification as a JSON data block and ``static/app.js`` hands it to the vendored
vega-embed. The dyad page's chart is ``tidings.analysis.dyad_chart`` (Altair writes the same Vega-Lite), so
both use the analysis package's QuadClass labels and colours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from tidings.analysis.dyads import QUAD_LABELS
from tidings.analysis.plot import QUAD_COLOURS

_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier only: nothing is fetched
#: Fit the page's chart box, axes and legend included (``width: container`` alone overflows it).
AUTOSIZE = {"type": "fit", "contains": "padding"}
_TIME_UNITS = {"day": "yearmonthdate", "week": "yearmonthdate", "month": "yearmonth"}


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def timeline_spec(rows: Iterable[Mapping[str, Any]], freq: str) -> dict[str, Any]:
    """Stacked bars of events per ``freq`` by QuadClass from ``[{period, quad_class, events}]``."""
    values = [
        {"period": _iso(r["period"]), "quad_class": r["quad_class"], "quad": QUAD_LABELS.get(r["quad_class"], "none"),
         "events": r["events"]}
        for r in rows
    ]  # fmt: skip
    return {
        "$schema": _SCHEMA,
        "width": "container",
        "height": 220,
        "autosize": AUTOSIZE,
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {"field": "period", "type": "temporal", "timeUnit": _TIME_UNITS[freq], "title": None},
            "y": {"field": "events", "type": "quantitative", "stack": True, "title": f"events per {freq}"},
            "color": {
                "field": "quad",
                "type": "nominal",
                "title": "QuadClass",
                "scale": {"domain": list(QUAD_LABELS.values()), "range": list(QUAD_COLOURS.values())},
                "legend": {"orient": "top"},
            },
            "order": {"field": "quad_class"},
        },
    }
