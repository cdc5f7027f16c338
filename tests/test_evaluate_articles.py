"""`tidings eval` on article-level gold (REAL_NEWS_CODING.md): what a gold event accepts, the one-to-one
matching, dates, forbidden events, the reason given for each miss, and agreement with the reference scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from fake_events import make_event

import tidings
from tidings.article_gold import GoldEvent, date_fits, event_fits, match_article, parse_gold_event
from tidings.errors import InputError
from tidings.evaluate import ArticleReport, evaluate, format_report
from tidings.miss_reasons import (
    NO_ACTOR,
    NO_PATTERN,
    NO_TARGET,
    NOT_IN_TEXT,
    OTHER_EVENT,
    PREFILTER,
    REASONS,
    TAKEN,
    WRONG_ACTOR,
    WRONG_CODE,
    WRONG_MODE,
    SentenceStatus,
    evidence_sentences,
    miss_reason,
)
from tidings.model import Actor, Sentence

SCORER = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "score_articles.py"


def gold(**kw) -> GoldEvent:
    raw = {"source": ["USA"], "target": ["RUS"], "root": "04", **kw}
    return parse_gold_event(raw)


# --- what a gold event accepts -------------------------------------------------------------------------

FITS = [
    # (gold fields, event fields, fits?)
    ({}, {"source": "USAGOV", "target": "RUSMIL", "event_code": "042"}, True),  # code prefix
    ({"source": ["IGO"]}, {"source": "IGOUNO", "event_code": "040"}, True),
    ({"source": ["*"]}, {"source": None, "event_code": "040"}, True),  # any actor or none
    ({}, {"source": None, "event_code": "040"}, False),
    ({}, {"source": "RUS", "target": "USA", "event_code": "040"}, False),  # direction counts...
    ({"symmetric": True}, {"source": "RUS", "target": "USA", "event_code": "040"}, True),  # ...unless symmetric
    ({"root": ["18", "19"]}, {"event_code": "190"}, True),  # alternative roots
    ({"root": ["18", "19"]}, {"event_code": "172"}, False),
    ({"root": "057"}, {"event_code": "057"}, True),  # three digits: that code
    ({"root": "057"}, {"event_code": "051"}, False),
]


@pytest.mark.parametrize(("gold_fields", "event_fields", "fits"), FITS)
def test_a_gold_event_accepts_prefixes_alternatives_and_wildcards(gold_fields, event_fields, fits):
    assert event_fits(gold(**gold_fields), make_event(**event_fields)) is fits


def test_an_actor_fits_by_its_country_when_its_code_does_not():
    # "the embassy" in a story about the United States: no code of its own, but the story's country
    embassy = Actor("---GOV", "the embassy", 0, 11, country="USA", type="GOV")
    event = replace(make_event(target="RUSGOV", event_code="040"), source=embassy)
    assert event_fits(gold(), event)
    assert not event_fits(gold(source=["FRA"]), event)


@pytest.mark.parametrize(
    ("gold_date", "event_date", "right"),
    [("2024-03-05", "2024-03-05", True), ("2024-03-05", "2024-03-06", False), (None, "2024-03-06", None),
     (["2024-03-01", "2024-03-07"], "2024-03-07", True), (["2024-03-01", "2024-03-07"], "2024-03-08", False),
     ("2024-03-05", None, False)],
)  # fmt: skip
def test_dates_are_a_day_or_an_inclusive_range(gold_date, event_date, right):
    assert date_fits(gold(date=gold_date), make_event(event_date=event_date)) is right


@pytest.mark.parametrize(
    ("raw", "message"),
    [({"source": ["USA"], "target": ["RUS"]}, "root"), ({"root": "4x"}, "root"),
     ({"root": "04", "source": 3}, "source"), ({"root": "04", "date": "March"}, "date"),
     ({"root": "04", "date": ["2024-03-05", "2024-03-01"]}, "date")],
)  # fmt: skip
def test_a_bad_gold_event_is_refused_naming_file_and_line(raw, message):
    with pytest.raises(InputError, match=rf"gold.jsonl:7: .*{message}"):
        parse_gold_event(raw, "gold.jsonl", 7)


# --- matching an article -------------------------------------------------------------------------------


def test_each_event_matches_one_gold_event_and_non_facts_are_not_predictions():
    two_meetings = [gold(), gold()]
    events = [make_event(event_code="040"), make_event(event_code="040", mode="hypothetical", trigger_start=40)]
    m = match_article(two_meetings, events)
    assert [e is not None for _, e in m.pairs] == [True, False]
    assert m.unmatched == []  # the hypothetical meeting is no prediction, so no false alarm either


def test_a_forbidden_event_counts_only_when_emitted_as_a_fact():
    forbidden = gold(root="19", forbid=True)
    assert match_article([forbidden], [make_event(event_code="190", mode="negated")]).forbidden_emitted == []
    hit = match_article([forbidden], [make_event(event_code="190", mode="alleged")])
    assert hit.forbidden == 1 and len(hit.forbidden_emitted) == 1
    assert hit.pairs == []  # a forbidden event is never a gold event to find
    assert len(hit.unmatched) == 1  # ...and the event that fits it is a false alarm


# --- the reason of a miss ------------------------------------------------------------------------------

S0 = Sentence("a1", 0, 0, 29, "The United States met Russia.")
S1 = Sentence("a1", 1, 30, 60, "Later the two sides had lunch.")


def trace(outcome: str, chosen: str | None = "meet/V → 040 (ours)"):
    from tidings.events.records import Trace

    return Trace("met", 3, 1, chosen, outcome)


REASON_CASES = [
    # (events, sentence statuses, evidence sentences, expected reason)
    ([make_event(event_code="040")], [SentenceStatus(S0, True)], (0,), TAKEN),
    ([make_event(event_code="040", mode="hypothetical")], [SentenceStatus(S0, True)], (0,), WRONG_MODE),
    ([], [SentenceStatus(S0, True)], (), NOT_IN_TEXT),
    ([], [SentenceStatus(S0, False, (), "no trigger word")], (0,), PREFILTER),
    ([make_event(event_code="040", source="IRQ")], [SentenceStatus(S0, True)], (0,), WRONG_ACTOR),
    ([make_event(event_code="190")], [SentenceStatus(S0, True)], (0,), WRONG_CODE),
    ([], [SentenceStatus(S0, True, (trace("no source actor found"),))], (0,), NO_ACTOR),
    ([], [SentenceStatus(S0, True, (trace("no target actor found"),))], (0,), NO_TARGET),
    ([make_event(event_code="190", source="IRQ")], [SentenceStatus(S0, True)], (0,), OTHER_EVENT),
    ([], [SentenceStatus(S0, True, (trace("no pattern's frame matched", None),))], (0,), NO_PATTERN),
]


@pytest.mark.parametrize(("events", "statuses", "evidence", "reason"), REASON_CASES)
def test_every_miss_gets_the_reason_the_pipeline_left(events, statuses, evidence, reason):
    got, detail = miss_reason(gold(), events, statuses, evidence)
    assert got == reason, detail


def test_every_reason_has_a_case():
    assert {case[-1] for case in REASON_CASES} == set(REASONS)


def test_a_trigger_with_the_gold_root_speaks_before_other_triggers():
    traces = (trace("no target actor found", "say/V → 010 (ours)"), trace("no source actor found"))
    reason, detail = miss_reason(gold(), [], [SentenceStatus(S0, True, traces)], (0,))
    assert reason == NO_ACTOR, detail


def test_evidence_is_found_across_line_breaks_and_in_every_sentence_it_overlaps():
    text = S0.text + "\n" + S1.text
    assert evidence_sentences("met Russia. Later the", text, [S0, S1]) == (0, 1)
    assert evidence_sentences("The United States met Russia. Later", text.replace(". ", ".\n"), [S0, S1]) == (0, 1)
    assert evidence_sentences("Nothing like it.", text, [S0, S1]) == ()


# --- the whole of tidings eval on article-level gold -----------------------------------------------------

#: Written for these tests. The second article lists fewer events than its text holds, so false alarms
#: are counted too; the figures themselves are not what is tested, only that both scorers agree on them.
ARTICLES = [
    {
        "id": "a-meet",
        "date": "2024-03-14",
        "title": "Ministers meet in Beijing",
        "text": "Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov in Beijing on Monday. "
        "The two ministers signed an agreement on energy cooperation. "
        "Police in Moscow arrested twelve protesters on Tuesday.",
        "gold": [
            {"source": ["CHN"], "target": ["RUS"], "root": "04", "date": "2024-03-11", "symmetric": True,
             "sentence": "Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov in Beijing "
                         "on Monday."},
            {"source": ["CHN"], "target": ["RUS"], "root": "057", "symmetric": True,
             "sentence": "The two ministers signed an agreement on energy cooperation."},
            {"source": ["RUS"], "target": ["RUS"], "root": "17", "date": "2024-03-12",
             "sentence": "Police in Moscow arrested twelve protesters on Tuesday."},
        ],
    },
    {
        "id": "a-strike",
        "date": "2024-03-14",
        "text": "Israeli aircraft struck targets in Gaza on Wednesday, the army said. Egypt condemned the strikes. "
        "France and Germany held talks in Paris on Friday. No group claimed responsibility for the rocket attack.",
        "gold": [
            {"source": ["ISR"], "target": ["PSE"], "root": ["18", "19"], "date": "2024-03-13", "mode": "claimed",
             "sentence": "Israeli aircraft struck targets in Gaza on Wednesday, the army said."},
            {"source": ["EGY"], "target": ["ISR"], "root": "11", "date": ["2024-03-13", "2024-03-14"],
             "sentence": "Egypt condemned the strikes."},
            {"source": ["*"], "target": ["ISR"], "root": "01", "mode": "negated", "forbid": True,
             "sentence": "No group claimed responsibility for the rocket attack."},
        ],
    },
    {
        "id": "a-sanctions",
        "date": "2024-03-14",
        "text": "The United States imposed sanctions on Iran last week. Iran rejected the sanctions on Thursday. "
        "Two soldiers were killed by a roadside bomb in Mali on Sunday.",
        "gold": [
            {"source": ["USA"], "target": ["IRN"], "root": "16", "date": ["2024-03-04", "2024-03-10"],
             "sentence": "The United States imposed sanctions on Iran last week."},
            {"source": ["IRN"], "target": ["USA"], "root": "12", "date": "2024-03-14",
             "sentence": "Iran rejected the sanctions on Thursday."},
            {"source": ["*"], "target": ["MLI"], "root": ["18", "19"], "date": "2024-03-10",
             "sentence": "Two soldiers were killed by a roadside bomb in Mali on Sunday."},
        ],
    },
]  # fmt: skip


@pytest.fixture(scope="module")
def article_gold(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gold") / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def article_report(article_gold: Path) -> ArticleReport:
    report = evaluate(article_gold)
    assert isinstance(report, ArticleReport)
    return report


def test_article_gold_is_scored_as_articles(article_report: ArticleReport):
    s = article_report.triples
    assert article_report.articles == 3 and article_report.forbidden == 1
    assert s.tp + s.fn == 8  # every non-forbidden gold event is either found or missed
    assert len(article_report.misses) == s.fn
    assert sum(n for _, n in article_report.reason_counts()) == s.fn


def test_the_report_shows_figures_and_the_largest_reason_first(article_report: ArticleReport):
    text = format_report(article_report, errors=True)
    assert "triples (root, source, target)" in text and "forbidden events emitted as facts" in text
    counts = [n for _, n in article_report.reason_counts()]
    assert counts == sorted(counts, reverse=True)
    for m in article_report.misses:
        assert m.gold.sentence in text


@pytest.mark.skipif(not SCORER.exists(), reason="the shared benchmarks are not here")
def test_tidings_eval_agrees_with_the_reference_scorer(article_gold: Path, article_report: ArticleReport, tmp_path):
    predictions = tmp_path / "pred.jsonl"
    tidings.run_code(article_gold, predictions)
    done = subprocess.run(
        [sys.executable, str(SCORER), str(article_gold), str(predictions), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    ref = json.loads(done.stdout)
    assert ref["gold_events"] > 0 and ref["predicted"] > 0
    ours = article_report.figures()
    shared = ("gold_events", "predicted", "tp", "precision", "recall", "f1", "date_acc", "dates", "forbidden_emitted")
    assert {k: ours[k] for k in shared} == {k: ref[k] for k in shared}
    assert ref["forbidden"] == ours["forbidden"] == 1
    assert sum(ours["misses_by_reason"].values()) == ref["gold_events"] - ref["tp"]


def test_eval_json_prints_the_figures(article_gold: Path, article_report: ArticleReport):
    from typer.testing import CliRunner

    from tidings.cli import app

    done = CliRunner().invoke(app, ["eval", str(article_gold), "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) == article_report.figures()


def test_min_confidence_leaves_out_events_below_it(article_gold: Path, article_report: ArticleReport):
    assert article_report.triples.tp + article_report.triples.fp > 0
    nothing = evaluate(article_gold, min_confidence=1.01)  # above any confidence: no event is left
    assert isinstance(nothing, ArticleReport)
    assert (nothing.triples.tp, nothing.triples.fp) == (0, 0)
    assert nothing.triples.fn == article_report.triples.tp + article_report.triples.fn


POLICE_GOLD = Path(__file__).resolve().parents[1] / "benchmarks" / "police_gold.jsonl"


def test_the_police_gold_set_is_well_formed():
    records = [json.loads(line) for line in POLICE_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(records) >= 40
    assert len({r["id"] for r in records}) == len(records)
    events = [(r, parse_gold_event(g, str(POLICE_GOLD), n)) for n, r in enumerate(records, 1) for g in r["gold"]]
    assert events
    for record, g in events:
        assert g.sentence in record["text"], (record["id"], g.sentence)  # evidence copied verbatim
        assert g.forbid == (g.mode in ("negated", "hypothetical")), record["id"]
    assert sum(r["text"] == r["text"].lower() for r in records) >= 5  # all-lower-case newswire is in it


def test_the_report_shows_what_each_confidence_threshold_would_give():
    from tidings.evaluate import scores_by_confidence

    sure = replace(make_event(event_code="040"), confidence=0.95)
    unsure = replace(make_event(event_code="190", trigger_start=40), confidence=0.6)
    steps = dict(scores_by_confidence([([gold(), gold(root="19")], [sure, unsure])], 0.0))
    assert steps, "no thresholds reported although events carry less than full confidence"
    assert (steps[0.5].tp, steps[0.5].fp) == (2, 0)
    assert (steps[0.7].tp, steps[0.7].fn) == (1, 1)  # the unsure attack is dropped at 0.7
    assert scores_by_confidence([([gold()], [make_event(event_code="040")])], 0.0) == []  # all at 1.0: nothing


def test_a_bad_gold_event_in_a_file_is_one_clean_error_line(tmp_path: Path):
    from typer.testing import CliRunner

    from tidings.cli import app

    good = ARTICLES[0]
    bad = {**ARTICLES[1], "gold": [{"source": ["EGY"], "target": ["ISR"], "root": "eleven"}]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    done = CliRunner().invoke(app, ["eval", str(path)])
    assert done.exit_code == 1  # a bad input file is a failure; exit 2 is for usage errors
    assert "gold.jsonl:2:" in done.output and "root" in done.output
    assert "Traceback" not in done.output
