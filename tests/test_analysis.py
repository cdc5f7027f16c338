"""Dyad tables and shift alerts on stores filled through the store's own write path with events we make up.

Each helper event gets its own article (so nothing merges unless a test wants it to) and a CAMEO code whose
QuadClass and Goldstein score we set, which is all the analysis reads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from fake_events import make_article, make_event, sentences_of
from typer.testing import CliRunner

from tidings.analysis import SHIFT_SCHEMA, dyad_chart, dyads, save_chart, shifts
from tidings.analysis.changepoints import find_changes
from tidings.cli import app
from tidings.errors import InputError
from tidings.store import Store

#: (event code, QuadClass, Goldstein) of the acts the made-up stories use.
HOSTILE = [("111", 3, -2.0), ("163", 4, -8.0), ("1312", 3, -5.8), ("161", 4, -4.0)]
FRIENDLY = [("042", 1, 1.9), ("057", 1, 8.0), ("061", 2, 6.4), ("051", 1, 3.4)]
START = dt.date(2024, 1, 1)  # a Monday

runner = CliRunner()


@dataclasses.dataclass(frozen=True)
class Made:
    """One event to store: who, when, what, and how the coder saw it."""

    source: str
    target: str
    day: dt.date
    act: tuple[str, int, float]
    mode: str = "reported"
    confidence: float = 1.0
    outlet: str = "wire"


def fill(path: Path, made: Iterable[Made]) -> Path:
    """A store with one article per event, written by ``Store.write_batch``."""
    items = []
    for i, m in enumerate(made):
        code, quad, goldstein = m.act
        sentence = f"Story {i}: {m.source} and {m.target}, code {code}."
        article = make_article(f"a{i:05d}", sentence, date=m.day.isoformat(), source=m.outlet)
        event = make_event(article.id, code, m.source, m.target, m.day, sentence=sentence, mode=m.mode)
        event = dataclasses.replace(event, quad_class=quad, goldstein=goldstein, confidence=m.confidence)
        items.append((article, sentences_of(article), [event]))
    with Store(path) as store:
        store.write_batch(items)
    return path


def week(n: int, day: int = 0) -> dt.date:
    return START + dt.timedelta(weeks=n, days=day)


def story(source: str, target: str, acts: list[tuple[str, int, float]], spacing_days: int = 4) -> list[Made]:
    """Events of one dyad, every ``spacing_days`` days from START, in the order given."""
    return [Made(source, target, START + dt.timedelta(days=spacing_days * i), act) for i, act in enumerate(acts)]


def warming() -> list[tuple[str, int, float]]:
    """Sixteen hostile acts, then sixteen friendly ones."""
    return HOSTILE * 4 + FRIENDLY * 4


def interleaved() -> list[tuple[str, int, float]]:
    """The same thirty-two acts, hostile and friendly taking turns."""
    return [act for pair in zip(HOSTILE * 4, FRIENDLY * 4, strict=True) for act in pair]


@pytest.fixture(scope="module")
def two_dyads(tmp_path_factory) -> Path:
    """USA-RUS warms after 64 days; IRQ-SYR has the same acts spread evenly over the same span."""
    path = tmp_path_factory.mktemp("analysis") / "two.duckdb"
    return fill(path, story("USA", "RUS", warming()) + story("IRQ", "SYR", interleaved()))


# --- dyads ---------------------------------------------------------------------------------------------


def test_dyads_count_each_quadclass_and_goldstein_per_period(two_dyads):
    table = dyads(two_dyads, pair=("USA", "RUS"), freq="month")
    assert not table.is_empty()
    jan = table.filter(pl.col("period") == dt.date(2024, 1, 1)).row(0, named=True)
    # January: days 0, 4, ..., 28 are events 0..7, all hostile (two rounds of HOSTILE)
    assert (jan["events"], jan["quad3"], jan["quad4"], jan["quad1"] + jan["quad2"]) == (8, 4, 4, 0)
    assert jan["goldstein_sum"] == pytest.approx(2 * sum(g for _, _, g in HOSTILE))
    assert jan["goldstein_mean"] == pytest.approx(jan["goldstein_sum"] / 8)
    assert jan["coop_share"] == 0.0
    assert table["events"].sum() == 32
    assert set(table.columns) >= {"source", "target", "period", "articles", "sources", "coop_share", "mentions"}


def test_dyads_keep_direction_unless_asked(tmp_path):
    path = fill(
        tmp_path / "dir.duckdb",
        [Made("USA", "RUS", week(0), FRIENDLY[0]), Made("RUS", "USA", week(0, 2), HOSTILE[0])],
    )
    directed = dyads(path)
    assert sorted(directed.select("source", "target").rows()) == [("RUS", "USA"), ("USA", "RUS")]
    undirected = dyads(path, directed=False)
    assert undirected.select("source", "target", "events").rows() == [("RUS", "USA", 2)]


def test_dyads_at_code_level_keep_the_role(tmp_path):
    path = fill(tmp_path / "code.duckdb", [Made("USAGOV", "RUS", week(1), FRIENDLY[1])])
    assert dyads(path).select("source", "target").row(0) == ("USA", "RUS")
    assert dyads(path, level="code").select("source", "target").row(0) == ("USAGOV", "RUS")


def test_facts_only_and_min_confidence_drop_events(tmp_path):
    path = fill(
        tmp_path / "modes.duckdb",
        [
            Made("USA", "RUS", week(0), HOSTILE[0]),
            Made("USA", "RUS", week(0, 1), HOSTILE[1], mode="negated"),
            Made("USA", "RUS", week(0, 2), HOSTILE[2], mode="hypothetical"),
            Made("USA", "RUS", week(0, 3), HOSTILE[3], confidence=0.4),
        ],
    )
    assert dyads(path)["events"].to_list() == [2]
    assert dyads(path, facts_only=False)["events"].to_list() == [4]
    assert dyads(path, min_confidence=0.5)["events"].to_list() == [1]


def test_articles_and_sources_count_the_reports_of_a_merged_event(tmp_path):
    day = week(2)
    sentence = "The United States met Russia."
    items = []
    for i, outlet in enumerate(["wire", "wire", "daily"]):
        article = make_article(f"r{i}", sentence, date=day.isoformat(), source=outlet)
        items.append((article, sentences_of(article), [make_event(article.id, "042", "USA", "RUS", day)]))
    with Store(tmp_path / "merged.duckdb") as store:
        store.write_batch(items)
    row = dyads(tmp_path / "merged.duckdb").row(0, named=True)
    assert (row["events"], row["mentions"], row["articles"], row["sources"]) == (1, 3, 3, 2)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"freq": "fortnight"}, "freq"),
        ({"level": "region"}, "level"),
        ({"pair": ("USA",)}, "pair"),
        ({"since": "March"}, "since"),
        ({"min_confidence": 2.0}, "min_confidence"),
    ],
)
def test_bad_arguments_name_the_argument(two_dyads, kwargs, name):
    with pytest.raises(InputError, match=f"^{name}"):
        dyads(two_dyads, **kwargs)


# --- change points -------------------------------------------------------------------------------------


def test_a_warming_dyad_is_flagged_at_the_week_it_turns_and_an_evenly_spread_one_is_not(two_dyads):
    found = shifts(two_dyads)
    assert not found.is_empty()
    assert found.select("source", "target").rows() == [("RUS", "USA")]  # undirected: sorted pair
    row = found.row(0, named=True)
    turn = START + dt.timedelta(days=4 * 16)  # the first friendly act
    assert row["change_date"] == turn
    assert row["period"] == turn - dt.timedelta(days=turn.weekday())
    assert row["level_before"] < 0 < row["level_after"]
    assert (row["events_before"], row["events_after"]) == (16, 16)
    assert row["p_value"] < 0.01 and row["method"] == "changepoint"
    assert row["event_ids"] and len(row["event_ids"]) == len(row["evidence"])
    assert all(sentence for sentence in row["evidence"])


def test_the_evenly_spread_dyad_has_the_same_events(two_dyads):
    """The control is only fair if it holds the same acts: same counts, same Goldstein total."""
    table = dyads(two_dyads, freq="year", directed=False).sort("source")
    assert table.height == 2
    assert table["events"].to_list() == [32, 32]
    assert table["goldstein_sum"][0] == pytest.approx(table["goldstein_sum"][1])


def test_shift_table_has_the_contract_columns_even_when_empty(two_dyads):
    empty = shifts(two_dyads, pair=("IRQ", "SYR"))
    assert empty.is_empty()
    assert dict(empty.schema) == SHIFT_SCHEMA


def test_a_sparse_dyad_is_not_tested(tmp_path):
    path = fill(tmp_path / "sparse.duckdb", story("USA", "RUS", HOSTILE + FRIENDLY))  # 8 events, a clean break
    assert shifts(path).is_empty()  # below min_events=10
    # tested, a clean 4 + 4 break is still not rare enough for alpha = 0.01: 2 of the 70 orders are as clean
    tested = shifts(path, min_events=8, alpha=0.2)
    assert tested.height == 1 and tested["p_value"][0] > 0.01
    assert shifts(path, min_events=8).is_empty()


def test_the_coop_and_events_signals_see_their_own_changes(tmp_path):
    quiet = [Made("USA", "RUS", week(n), FRIENDLY[n % 4]) for n in range(0, 20)]
    busy = [Made("USA", "RUS", week(n, d), FRIENDLY[d % 4]) for n in range(20, 30) for d in range(1, 6)]
    path = fill(tmp_path / "volume.duckdb", quiet + busy)
    volume = shifts(path, signal="events")
    assert volume.height == 1
    assert volume["change_date"][0] == week(20)
    assert volume["level_before"][0] == pytest.approx(1.0) and volume["level_after"][0] == pytest.approx(5.0)
    assert shifts(path, signal="coop").is_empty()  # all friendly: the mix never changed


def test_two_change_points_find_a_warming_then_a_cooling(tmp_path):
    acts = HOSTILE * 4 + FRIENDLY * 4 + HOSTILE * 4
    path = fill(tmp_path / "twice.duckdb", story("USA", "RUS", acts))
    # one split cannot describe a bump: its best single split is not significant at 0.01
    assert shifts(path).is_empty()
    both = shifts(path, max_changes=2)
    assert both.height == 2
    turns = [START + dt.timedelta(days=4 * 16), START + dt.timedelta(days=4 * 32)]
    assert both["change_date"].to_list() == turns
    assert both["level_after"][0] > both["level_before"][0] and both["level_after"][1] < both["level_before"][1]


def test_noise_gives_few_alerts():
    """Pure noise, 300 series of 40 values: the share of false alarms stays near alpha."""
    rng = np.random.default_rng(7)
    values = [g for _, _, g in HOSTILE + FRIENDLY]
    alarms = sum(bool(find_changes(rng.choice(values, 40), seed=i)) for i in range(300))
    assert alarms <= 9  # alpha = 0.01 expects 3


def test_a_change_point_never_splits_one_day():
    values = np.array([-5.0] * 10 + [5.0] * 10)
    cuts = np.array([0, 4, 8, 12, 16, 20])  # four values a day: the break at 10 falls inside the third day
    (change,) = find_changes(values, cuts)
    assert change.split in (8, 12)


# --- rules ---------------------------------------------------------------------------------------------


def weekly(counts: list[int], source: str = "USA", target: str = "RUS") -> list[Made]:
    """``counts[n]`` events in week n (on different days, different codes, so none merge)."""
    acts = HOSTILE + FRIENDLY
    return [Made(source, target, week(n, d % 7), acts[d % 8]) for n, c in enumerate(counts) for d in range(c)]


@pytest.mark.parametrize(
    "counts, band",
    [
        ([4, 4, 4, 4, 10], "large increase"),  # +150 %
        ([4, 4, 4, 4, 5], None),  # +25 %: moderate, no alert
        ([4, 4, 4, 4, 1], "large decrease"),  # −75 %
        ([2, 2, 2, 2, 5], None),  # low baseline: limited change
        ([2, 2, 2, 2, 6], "large increase"),  # more than five now: the percentage counts
    ],
)
def test_trendfinder_bands(tmp_path, counts, band):
    path = fill(tmp_path / "tf.duckdb", weekly(counts))
    found = shifts(path, method="trendfinder", min_events=1, since=week(4).isoformat())
    assert found["band"].to_list() == ([band] if band else [])
    if band:
        row = found.row(0, named=True)
        assert row["change_date"] == week(4) and row["level_before"] == pytest.approx(counts[0])
        assert len(row["event_ids"]) == counts[-1]


def test_rules_count_only_the_quadclasses_asked_for(tmp_path):
    friendly = [Made("USA", "RUS", week(n, d), FRIENDLY[d]) for n in range(5) for d in range(4)]  # steady
    conflict = [Made("USA", "RUS", week(4, d), HOSTILE[d % 4]) for d in range(6)]  # conflict appears in week 4
    path = fill(tmp_path / "quads.duckdb", friendly + conflict)
    since = week(4).isoformat()
    everything = shifts(path, method="trendfinder", min_events=1, since=since)
    assert everything["band"].to_list() == ["large increase"]  # 10 events against 4 a week
    fighting = shifts(path, method="trendfinder", min_events=1, since=since, quad_classes=(3, 4))
    assert fighting["band"].to_list() == ["large increase"]
    assert (fighting["level_before"][0], fighting["level_after"][0]) == (0, 6)
    talking = shifts(path, method="trendfinder", min_events=1, since=since, quad_classes=(1, 2))
    assert talking.is_empty()


def test_trendfinder_needs_the_whole_look_back(tmp_path):
    path = fill(tmp_path / "tf.duckdb", weekly([1, 1, 9]))
    assert shifts(path, method="trendfinder", min_events=1).is_empty()


def test_unseen_level_alerts_once_per_episode_and_not_at_the_start_of_the_data(tmp_path):
    steady = weekly([1] * 60)
    burst = [Made("USA", "RUS", week(60, d % 7), FRIENDLY[d % 4]) for d in range(7)]
    burst += [Made("USA", "RUS", week(61, d % 7), HOSTILE[d % 4]) for d in range(7)]
    path = fill(tmp_path / "hdx.duckdb", steady + burst)
    found = shifts(path, method="unseen", min_events=5)
    assert found.height == 1
    row = found.row(0, named=True)
    assert week(60) <= row["change_date"] <= week(61, 6)
    assert row["level_before"] <= 5 < row["level_after"]  # one a week makes 30-day levels of 4 or 5
    assert row["method"] == "unseen-1y"
    assert shifts(path, method="unseen", min_events=5, years=3).is_empty()  # 3 years of data are not there


# --- charts and the command line -----------------------------------------------------------------------


def test_chart_saves_offline_html_and_png(two_dyads, tmp_path):
    chart = dyad_chart(two_dyads, ("USA", "RUS"))
    spec = chart.to_dict()
    assert len(spec["layer"]) == 3  # bars, Goldstein line, the shift
    html = save_chart(chart, tmp_path / "usa-rus.html").read_text(encoding="utf-8")
    assert "<script src=" not in html and "vega" in html
    png = save_chart(chart, tmp_path / "usa-rus.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(InputError, match="chart format"):
        save_chart(chart, tmp_path / "usa-rus.pdf")


def test_chart_from_a_dyads_table_draws_both_directions_and_the_marks_given(two_dyads):
    table = dyads(two_dyads, pair=("USA", "RUS"), freq="month")
    assert not table.is_empty()
    spec = dyad_chart(table, ("RUS", "USA"), freq="month", marks=pl.DataFrame()).to_dict()
    assert len(spec["layer"]) == 2  # no shift given, none drawn
    bars = spec["datasets"][spec["layer"][0]["data"]["name"]]
    assert sum(row["n"] for row in bars) == table["events"].sum()


def test_cli_min_confidence_reaches_the_library(tmp_path):
    path = fill(
        tmp_path / "conf.duckdb",
        [Made("USA", "RUS", week(0), HOSTILE[0]), Made("USA", "RUS", week(0, 1), HOSTILE[1], confidence=0.3)],
    )
    out = runner.invoke(app, ["dyads", "--db", str(path), "--format", "json", "--min-confidence", "0.5"])
    assert out.exit_code == 0, out.output
    assert [row["events"] for row in json.loads(out.stdout)] == [1]


def test_cli_dyads_and_shifts(two_dyads, tmp_path):
    out = runner.invoke(app, ["dyads", "--db", str(two_dyads), "--pair", "USA", "RUS", "--format", "csv"])
    assert out.exit_code == 0, out.output
    lines = out.stdout.strip().splitlines()
    assert lines[0].startswith("source,target,period,events,quad1") and len(lines) > 1
    plot = tmp_path / "shift.html"
    out = runner.invoke(app, ["shifts", "--db", str(two_dyads), "--format", "json", "--plot", str(plot)])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)
    assert [(r["source"], r["target"]) for r in rows] == [("RUS", "USA")]
    assert plot.stat().st_size > 0
    parquet = tmp_path / "shifts.parquet"
    assert (
        runner.invoke(app, ["shifts", "--db", str(two_dyads), "--format", "parquet", "-o", str(parquet)]).exit_code == 0
    )
    assert pl.read_parquet(parquet).height == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["dyads", "--freq", "fortnight"], "freq"),
        (["dyads", "--format", "xml"], "--format"),
        (["dyads", "--plot", "x.html"], "--pair"),
        (["shifts", "--method", "magic"], "method"),
        (["shifts", "--format", "parquet"], "parquet"),
    ],
)
def test_cli_bad_options_give_one_line(two_dyads, args, message):
    out = runner.invoke(app, [*args, "--db", str(two_dyads)])
    assert out.exit_code == 2
    assert message in out.output and "Traceback" not in out.output
