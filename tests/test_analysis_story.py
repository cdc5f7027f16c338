"""The bundled story (``examples/dyad_story.jsonl``) through the real coder: Egypt and Turkey move from
condemnations, a recalled ambassador and sanctions (January–February) to meetings, agreements and resumed
flights (mid-March on). ``shifts`` must flag the turn in the right week, and must stay silent when the same
ten articles are re-dated so that hostile and friendly stories take turns over the same months."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

import tidings
from tidings.analysis import dyads, shifts

STORY = Path(__file__).resolve().parents[1] / "examples" / "dyad_story.jsonl"
PAIR = ("EGY", "TUR")

pytestmark = pytest.mark.slow  # codes twenty articles with spaCy


def story_articles() -> list[dict]:
    return [json.loads(line) for line in STORY.read_text(encoding="utf-8").splitlines() if line.strip()]


def evenly_spread(articles: list[dict]) -> list[dict]:
    """The same articles on the same ten dates, the four hostile ones at positions 2, 5, 7 and 10."""
    hostile, friendly = articles[:4], articles[4:]
    order = [friendly[0], hostile[0], friendly[1], friendly[2], hostile[1], friendly[3], hostile[2]]
    order += [friendly[4], friendly[5], hostile[3]]
    return [dict(article, date=original["date"]) for article, original in zip(order, articles, strict=True)]


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("story")
    articles = story_articles()
    paths = {"story": folder / "story.duckdb", "spread": folder / "spread.duckdb"}
    tidings.run_code(articles, None, db=paths["story"])
    tidings.run_code(evenly_spread(articles), None, db=paths["spread"])
    return paths


def test_the_story_is_coded_as_hostility_then_cooperation(stores):
    monthly = dyads(stores["story"], pair=PAIR, freq="month", directed=False)
    assert monthly.height >= 5
    share = dict(zip(monthly["period"].to_list(), monthly["coop_share"].to_list(), strict=True))
    assert share[dt.date(2025, 1, 1)] == share[dt.date(2025, 2, 1)] == 0.0
    assert all(share[dt.date(2025, m, 1)] == 1.0 for m in (4, 5, 6))
    assert monthly["events"].sum() >= 20


def test_shifts_flags_the_week_egypt_and_turkey_met(stores):
    found = shifts(stores["story"])
    assert found.select("source", "target").rows() == [PAIR]
    row = found.row(0, named=True)
    assert row["period"] == dt.date(2025, 3, 17)  # the week of the Doha meeting
    assert row["level_before"] < -2 and row["level_after"] > 2
    # the meeting and the agreement reached at it ("agreed to hold further talks next month") share its day
    assert row["evidence"] and any("Doha" in sentence for sentence in row["evidence"])
    monthly = shifts(stores["story"], freq="month")
    assert monthly["period"].to_list() == [dt.date(2025, 3, 1)]


def test_the_same_events_spread_evenly_raise_no_alert(stores):
    story = dyads(stores["story"], pair=PAIR, freq="year", directed=False)
    spread = dyads(stores["spread"], pair=PAIR, freq="year", directed=False)
    assert not spread.is_empty()
    assert spread["events"].sum() == story["events"].sum()
    assert spread.select(pl.col("goldstein_sum").sum()).item() == pytest.approx(
        story.select(pl.col("goldstein_sum").sum()).item()
    )
    assert shifts(stores["spread"]).is_empty()
