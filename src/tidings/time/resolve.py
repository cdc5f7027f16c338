"""Every time expression of a text, found by :data:`tidings.time.patterns.SCAN` and resolved by the rule of
:mod:`tidings.time.rules` its alternative names, in text order; a clock time and the day next to it are
joined into one expression ("10 p.m. Wednesday").
"""

from __future__ import annotations

import datetime as dt
import re

from tidings.errors import InputError
from tidings.model import TimeExpression
from tidings.time.patterns import SCAN, SENTENCE_BREAK, scan_windows
from tidings.time.rules import RESOLVERS, Context

__all__ = ["resolve_dates"]


def resolve_dates(text: str, anchor_date: dt.date | str, article_id: str = "") -> list[TimeExpression]:
    """Every time expression in ``text``, resolved against the article date, in text order.

    Offsets are into ``text`` and cover the expression without its preposition ("on *Monday*",
    "in *early March*"). ``type`` and ``value`` follow TimeML's TIMEX3 (``2019-W41``, ``2019-10-08TMO``,
    ``P3D``, ``PAST_REF``); ``start``/``end``/``precision`` are the calendar days an event dated by it
    gets, None for durations, sets and references to the past or present. Pass the whole article, not one
    sentence at a time: anaphora such as "the next day" count from the last day-precision date before them
    anywhere in ``text``. ``anchor_date`` may be a ``YYYY-MM-DD`` string.
    """
    if isinstance(anchor_date, str):
        try:
            anchor_date = dt.date.fromisoformat(anchor_date.strip()[:10])
        except ValueError:
            raise InputError("anchor_date", f"{anchor_date!r} is not a date; use YYYY-MM-DD") from None
    found: list[TimeExpression] = []
    starts = [0] + [m.end() for m in SENTENCE_BREAK.finditer(text)]
    reference, reference_at = anchor_date, None
    joined = False  # whether found[-1] is already a clock time joined to its day
    matches = (m for lo, hi in scan_windows(text) for m in SCAN.finditer(text, lo, hi))
    for match in matches:
        rule = str(match.lastgroup)  # each alternative is one group named after its rule, closing last
        ctx = Context(anchor_date, text, starts, reference, reference_at, found[-1].end_char if found else None)
        period = RESOLVERS[rule](match, ctx)
        if period is None:
            continue
        s, e = match.span(rule)
        expr = TimeExpression(
            article_id, text[s:e], s, e, period.value, period.start, period.end, period.precision, period.type
        )
        joined = bool(found) and not joined and _joins(found[-1], expr, text)
        if joined:
            expr = _join(found.pop(), expr, text)
        found.append(expr)
        if expr.precision == "day" and expr.start is not None:
            reference, reference_at = expr.start, expr.start_char
    return found


# "10 p.m. Wednesday", "Wednesday at 10 p.m.", "Monday, 28 December at noon": a clock time and its day.
_JOINER = re.compile(r"(?:\s*,)?\s*(?:(?i:at|on|of)\s+)?")


def _joins(first: TimeExpression, second: TimeExpression, text: str) -> bool:
    gap = text[first.end_char : second.start_char]
    if not _JOINER.fullmatch(gap):
        return False
    clocks = [x for x in (first, second) if _is_clock(x)]
    days = [x for x in (first, second) if x.precision == "day" and not _is_clock(x)]
    return len(clocks) == 1 and len(days) == 1


def _is_clock(expr: TimeExpression) -> bool:
    return expr.type == "TIME" and re.search(r"T\d\d:\d\d$", expr.value) is not None


def _join(first: TimeExpression, second: TimeExpression, text: str) -> TimeExpression:
    clock, day = (first, second) if _is_clock(first) else (second, first)
    assert day.start is not None
    value = day.start.isoformat() + clock.value[clock.value.index("T") :]
    s, e = first.start_char, second.end_char
    return TimeExpression(first.article_id, text[s:e], s, e, value, day.start, day.end, "day", "TIME")
