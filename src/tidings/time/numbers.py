"""Numbers written in words, as the time scanner meets them: counts ("twenty-five years") and years read
in pairs ("nineteen ninety-seven") or in thousands ("two thousand and three").

Kept here rather than taken from a number-parsing library because the year readings are specific to dates:
a general parser reads "nineteen ninety-seven" as 19 and 97, not as 1997.
"""

from __future__ import annotations

import re

from tidings.time.words import CARDINALS, TENS, UNITS_BELOW_TWENTY

_UNIT_WORDS = "|".join(sorted(UNITS_BELOW_TWENTY[1:], key=len, reverse=True))
_TEN_WORDS = "|".join(TENS)
# "twenty-five", "twenty five", "seventeen": a number below a hundred written out.
BELOW_HUNDRED = rf"(?:(?:{_TEN_WORDS})(?:[\s-](?:{_UNIT_WORDS}))?|{_UNIT_WORDS})"
# A count a time expression may start with; digits up to three places ("48 hours", "100 days").
COUNT = rf"(?i:(?<![\d,.])\d{{1,3}}|a\s+dozen|an?|{BELOW_HUNDRED})"
# Years in words: "nineteen ninety-seven", "nineteen-eighty", "two thousand and three".
YEAR_WORDS = (
    rf"(?i:(?:nineteen|twenty)[\s-](?:{BELOW_HUNDRED}|hundred)"
    rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{BELOW_HUNDRED}))?)"
)


def count_value(words: str) -> int:
    """The number a count is written as: "48", "a", "twenty-five", "a dozen"."""
    words = " ".join(words.lower().replace("-", " ").split())
    if words.isdigit():
        return int(words)
    if words in CARDINALS:
        return CARDINALS[words]
    tens, _, unit = words.partition(" ")
    if tens in TENS and unit in CARDINALS:
        return TENS[tens] + CARDINALS[unit]
    raise ValueError(f"not a count: {words!r}")


def year_value(words: str) -> int:
    """The year a year in words names: "nineteen ninety-seven" is 1997, "two thousand and three" 2003."""
    parts = re.split(r"[\s-]+", words.lower())
    if parts[:2] == ["two", "thousand"]:
        rest = [p for p in parts[2:] if p != "and"]
        return 2000 + (count_value(" ".join(rest)) if rest else 0)
    century = count_value(parts[0]) * 100
    rest = parts[1:]
    if rest == ["hundred"]:
        return century
    return century + count_value(" ".join(rest))
