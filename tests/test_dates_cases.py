"""The time-expression table ``tests/data/dates_cases.tsv``: one row per expression, each a specification.

Columns: class (the kind of expression, see ``docs/dates.md``), document date, the expression's text as it
appears in the sentence (``-`` for a sentence with no time expression at all), the TIMEX3 value expected and
the sentence. A row passes when an expression the resolver finds overlaps that text and has that value.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from tidings.time import resolve_dates

CASES = Path(__file__).resolve().parent / "data" / "dates_cases.tsv"


def load_cases() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = load_cases()


def test_the_table_covers_every_class_with_enough_rows():
    classes = {row["class"] for row in ROWS}
    assert len(ROWS) >= 300
    assert {"weekday_past", "weekday_future", "part_of_day", "clock", "week", "weekend", "anaphora"} <= classes
    assert {"ordinal_day", "words", "duration", "set", "season", "quarter", "decade", "ref", "none"} <= classes


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['class']}:{r['expression']}:{i}" for i, r in enumerate(ROWS)])
def test_expression_value(row: dict[str, str]):
    sentence, anchor = row["sentence"], dt.date.fromisoformat(row["date"])
    found = resolve_dates(sentence, anchor)
    if row["expression"] == "-":
        assert found == [], "a sentence without a time expression"
        return
    at = sentence.lower().find(row["expression"].lower())
    assert at >= 0, "the expression must be in its sentence"
    overlapping = [x for x in found if x.start_char < at + len(row["expression"]) and at < x.end_char]
    assert overlapping, f"not found; found {[x.text for x in found]}"
    assert overlapping[0].value == row["value"], overlapping[0]
