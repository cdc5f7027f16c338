"""``explain`` describes the run ``code`` does: the same events, with the reasons behind them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import tidings
from tidings.explain import explain, explain_article, format_event
from tidings.model import Article

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles.jsonl"
VALIDATE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "petrarch2"


def _articles() -> list[Article]:
    out = []
    for line in EXAMPLES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            out.append(Article(id=r["id"], date=dt.date.fromisoformat(r["date"]), text=r["text"]))
    return out


def _signature(events) -> list[tuple]:
    return [
        (
            e.event_id,
            e.sentence_index,
            e.source and e.source.code,
            e.target and e.target.code,
            e.event_code,
            e.mode,
            e.event_date,
            e.event_date_end,
            e.date_precision,
            e.location and (e.location.name, e.location.country),
            e.confidence,
        )
        for e in events
    ]


@pytest.fixture(scope="module")
def patterns_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("patterns") / "extra.tsv"
    header = (Path(tidings.__file__).parent / "data" / "event_patterns.tsv").read_text().splitlines()[0]
    path.write_text(header + "\n", encoding="utf-8")
    return path


CONFIGS = {
    "default": {},
    "paired": {"paired_events": True},
    "patterns": "patterns",
    "dictionaries": "dictionaries",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CONFIGS))
def test_explain_codes_every_bundled_example_exactly_as_code_does(name, patterns_file):
    options = CONFIGS[name]
    if options == "patterns":
        options = {"patterns": [str(patterns_file)]}
    elif options == "dictionaries":
        if not VALIDATE.exists():
            pytest.skip("shared PETRARCH2 dictionaries not present")
        options = {"dictionaries": [str(VALIDATE / "PETR.Validate.actors.txt")]}
    articles = _articles()
    assert len(articles) >= 30
    coded = list(tidings.code(articles, **options))
    assert coded, "the examples gave no event at all"
    explained = [e for a in articles for e in explain_article(a, **options).events]
    assert _signature(explained) == _signature(coded)


def test_the_report_prints_each_event_code_emits():
    text = "French President Emmanuel Macron met Kenyan President William Ruto in Nairobi on Monday."
    events = tidings.code_text(text, date="2023-05-10")
    assert events, "no event coded from a plain meeting sentence"
    report = explain(text, date="2023-05-10")
    for e in events:
        assert format_event(e) in report
    assert events[0].event_code == "042"  # a visit: the venue is the target's country, as code decides


def test_a_skipped_sentence_is_reported_with_the_pre_filter_reason():
    report = explain("The weather was mild on Sunday.", date="2024-03-14")
    assert "pre-filter: skip — no trigger word" in report
    assert "parse:" not in report  # nothing was parsed, so nothing is shown as parsed


def test_an_unknown_option_is_an_error_not_ignored():
    with pytest.raises(tidings.errors.TidingsError, match="unknown coder option"):
        explain("Russia attacked Ukraine.", date="2024-03-14", paired=True)
