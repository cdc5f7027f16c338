"""`tidings eval`: triple scoring, symmetric acts, records marked invalid, and the mode check."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tidings.errors import InputError
from tidings.evaluate import Score, evaluate, format_report

GOLD = [
    {
        "id": "g1",
        "date": "2024-03-14",
        "text": "France met Germany on Monday to discuss energy prices.",
        "gold": [{"source": "DEU", "target": "FRA", "code": "040"}],
        "noevent": False,
    },
    {
        "id": "g2",
        "date": "2024-03-14",
        "text": "Turkey did not meet Greece on Monday.",
        "gold": [{"source": "TUR", "target": "GRC", "code": "040", "mode": "negated"}],
        "noevent": False,
    },
    {"id": "g3", "date": "2024-03-14", "text": "The weather in Paris was mild on Sunday.", "gold": [], "noevent": True},
    {
        "id": "g4",
        "date": "2024-03-14",
        "text": "Russia attacked Ukraine on Monday.",
        "gold": [{"source": "RUS", "target": "UKR", "code": "190"}],
        "noevent": False,
        "valid": False,
        "comments": ["SECRET-ANSWER"],
    },
]


def write(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_score_counts_precision_recall_and_f1():
    s = Score()
    s.add(Counter({("A", "B", "04"): 1, ("A", "C", "19"): 1}), Counter({("A", "B", "04"): 1, ("X", "Y", "11"): 1}))
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)
    assert s.precision == s.recall == s.f1 == 0.5


def test_symmetric_meeting_matches_in_either_direction(tmp_path):
    report = evaluate(write(tmp_path, GOLD[:1]))
    assert (report.root.tp, report.root.fp, report.root.fn) == (1, 0, 0)


def test_negated_events_are_left_out_and_checked_for_mode(tmp_path):
    report = evaluate(write(tmp_path, GOLD[1:2]))
    assert report.root.fp == 0 and report.root.fn == 0
    assert report.mode_checked == 1 and report.mode_violations == 0


def test_invalid_records_are_reported_apart(tmp_path):
    report = evaluate(write(tmp_path, GOLD))
    assert report.invalid_root.tp == 1
    assert report.root.tp == 1  # only the valid meeting counts in the main score
    text = format_report(report, errors=True)
    assert "valid=false" in text
    assert "SECRET-ANSWER" not in text  # comments are never shown


def test_no_event_record_false_alarms_are_counted(tmp_path):
    report = evaluate(write(tmp_path, GOLD[2:3]))
    assert report.noevent_records == 1 and report.noevent_false_alarms == 0


def test_broken_gold_line_names_the_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(GOLD[0]) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gold.jsonl:2"):
        evaluate(path)


def test_symmetric_act_coded_both_ways_needs_both_directions():
    gold = [("AAA", "BBB", "040"), ("BBB", "AAA", "040")]
    one_way = Score()
    one_way.compare(gold, [("AAA", "BBB", "040")], "root")
    assert (one_way.tp, one_way.fp, one_way.fn) == (1, 0, 1)
    both = Score()
    both.compare(gold, [("BBB", "AAA", "040"), ("AAA", "BBB", "040")], "root")
    assert (both.tp, both.fp, both.fn) == (2, 0, 0)


def test_direction_counts_for_acts_that_are_not_symmetric():
    s = Score()
    s.compare([("AAA", "BBB", "190")], [("BBB", "AAA", "190")], "root")
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)


def test_reverse_match_needs_a_symmetric_code_on_both_sides():
    s = Score()
    s.compare([("AAA", "BBB", "043")], [("BBB", "AAA", "040")], "root")
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)


def test_petrarch_null_target_equals_an_empty_target():
    s = Score()
    s.compare([("AAA", "---", "023")], [("AAA", "", "023")], "full")
    assert s.tp == 1
    unknown_country = Score()
    unknown_country.compare([("AAA", "---", "023")], [("AAA", "---GOV", "023")], "country")
    assert unknown_country.tp == 0


def test_record_coded_without_require_dyad_is_coded_so(tmp_path):
    row = {
        "id": "d1",
        "date": "2024-03-14",
        "text": "France condemned the decision on Monday.",
        "gold": [{"source": "FRA", "target": "---", "code": "111"}],
        "noevent": False,
    }
    strict = evaluate(write(tmp_path, [row]))
    assert strict.root.tp == 0
    relaxed = evaluate(write(tmp_path, [{**row, "config": {"require_dyad": "False"}}]))
    assert (relaxed.root.tp, relaxed.root.fp, relaxed.root.fn) == (1, 0, 0)
