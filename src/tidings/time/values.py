"""TIMEX3 values and the calendar periods they name: the one place that writes ``1998-W05``, ``1998-Q4``,
``1998-02-06TMO`` or ``P3D`` (conventions in ``docs/dates.md``).

A :class:`Period` is what a resolver returns: the TimeML ``type`` and ``value``, and for expressions that
name a stretch of the calendar its first and last day and the precision events dated by it get.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from tidings.time.words import CLOCK_UNITS, DURATION_UNITS, SEASONS


@dataclass(frozen=True)
class Period:
    """A resolved time expression before it is tied to its text span."""

    value: str
    start: dt.date | None
    end: dt.date | None
    precision: str | None
    type: str = "DATE"


def day(d: dt.date) -> Period:
    return Period(d.isoformat(), d, d, "day")


def part_of_day(d: dt.date, suffix: str) -> Period:
    """A day with a part of it ("TMO", "TNI") or a clock time ("T22:00"): a TIME whose event date is the day."""
    return Period(f"{d.isoformat()}{suffix}", d, d, "day", "TIME")


def week(any_day: dt.date) -> Period:
    monday = any_day - dt.timedelta(days=any_day.weekday())
    iso_year, iso_week, _ = monday.isocalendar()
    return Period(f"{iso_year}-W{iso_week:02d}", monday, monday + dt.timedelta(days=6), "week")


def weekend(any_day: dt.date) -> Period:
    """The Saturday and Sunday of ``any_day``'s ISO week."""
    w = week(any_day)
    assert w.end is not None
    return Period(f"{w.value}-WE", w.end - dt.timedelta(days=1), w.end, "week")


def month(year: int, number: int, mod: str | None = None) -> Period:
    """A month; "early/mid/late" narrow the range to days 1-10, 11-20, 21-end but keep the value."""
    last = calendar.monthrange(year, number)[1]
    first_day, last_day = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}.get(mod or "", (1, last))
    return Period(f"{year}-{number:02d}", dt.date(year, number, first_day), dt.date(year, number, last_day), "month")


def months(value: str, year: int, first: int, count: int) -> Period:
    """A run of ``count`` months from ``first`` of ``year`` (seasons, quarters, halves), precision month."""
    end_year, end_month = shift_month(year, first, count - 1)
    start = dt.date(year, first, 1)
    end = dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    return Period(value, start, end, "month")


def season(year: int, name: str) -> Period:
    """A season of ``year``; winter is named by the year of its December (2019-WI runs Dec 2019 to Feb 2020)."""
    code, first = SEASONS[name]
    return months(f"{year}-{code}", year, first, 3)


def quarter(year: int, number: int) -> Period:
    return months(f"{year}-Q{number}", year, 3 * number - 2, 3)


def half(year: int, number: int) -> Period:
    return months(f"{year}-H{number}", year, 6 * number - 5, 6)


def year(number: int, mod: str | None = None) -> Period:
    first_month, last_month = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}.get(mod or "", (1, 12))
    end = dt.date(number, last_month, calendar.monthrange(number, last_month)[1])
    return Period(str(number), dt.date(number, first_month, 1), end, "year")


def decade(first_year: int, mod: str | None = None) -> Period:
    """The 1990s: value ``199``; early/mid/late narrow the range to its first, middle or last years."""
    lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(mod or "", (0, 9))
    return Period(str(first_year // 10), dt.date(first_year + lo, 1, 1), dt.date(first_year + hi, 12, 31), "year")


def century(number: int) -> Period:
    """The 20th century (1901-2000 by the calendar, 19xx by its value ``19``)."""
    first = (number - 1) * 100
    return Period(f"{number - 1:02d}", dt.date(max(first, 1), 1, 1), dt.date(first + 99, 12, 31), "year")


def duration(count: int | None, unit: str) -> Period:
    """``P3D``, ``PT48H``, ``P2Y``; an unknown count is X (``PXY`` for "years")."""
    letter = DURATION_UNITS[unit]
    n = "X" if count is None else str(count)
    return Period(f"PT{n}{letter}" if unit in CLOCK_UNITS else f"P{n}{letter}", None, None, None, "DURATION")


def timeless(value: str, type: str = "DATE") -> Period:
    """A value that names no calendar period: ``PRESENT_REF``, ``PAST_REF``, ``FY1998``, a set such as ``P1W``."""
    return Period(value, None, None, None, type)


def shift_month(year_number: int, month_number: int, by: int) -> tuple[int, int]:
    index = year_number * 12 + (month_number - 1) + by
    return index // 12, index % 12 + 1
