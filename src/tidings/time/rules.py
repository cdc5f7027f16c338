"""One resolver per alternative of :data:`tidings.time.patterns.SCAN`, named after it.

Each takes the match and a :class:`Context` and returns a :class:`~tidings.time.values.Period` (None when
the words turn out not to be a date, such as "the March rally" or "killed 2019 people"). Conventions in
``docs/dates.md``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from tidings.time import values as v
from tidings.time.numbers import count_value, year_value
from tidings.time.tense import FUTURE, PAST, direction
from tidings.time.values import Period
from tidings.time.words import HOLIDAYS, MONTHS, ORDINALS, PARTS_OF_DAY, PAST_REF, PRESENT_REF, SET_ADVERBS, WEEKDAYS

__all__ = ["RESOLVERS", "Context"]

_YEAR_PREPS = {"in", "since", "by", "during", "until", "till", "of", "from", "through", "throughout", "between"}
# What joins the second of two dates: "in 1996 and 1997", "from March to May", "in June, July or August".
_LIST_JOINER = re.compile(r"\s*(?:,\s*(?:and|or)?|and|or|to|through|until|till|-|–)\s*")
_DURATION_PREPS = {"for", "over", "within", "through", "throughout"}
# A bare plural unit ("years") is a duration only after one of these: "for years", "the first time in years".
_PLURAL_DURATION_PREPS = _DURATION_PREPS | {"in", "after"}


@dataclass(frozen=True)
class Context:
    """What a rule needs besides its match: the article date, the text, the date anaphora count from and
    where the expression that gave it starts (None when it is the article date)."""

    anchor: dt.date
    text: str
    sentence_starts: Sequence[int]
    reference: dt.date
    reference_at: int | None = None
    previous_end: int | None = None

    def continues_a_list(self, match: re.Match[str]) -> bool:
        """Whether the match is the second of two dates joined by "and", "or", "to" or a dash."""
        if self.previous_end is None or self.previous_end > match.start():
            return False
        return _LIST_JOINER.fullmatch(self.text, self.previous_end, match.start()) is not None

    def sentence_of(self, offset: int) -> tuple[int, int]:
        """The span of the sentence holding ``offset``."""
        i = bisect.bisect_right(self.sentence_starts, offset) - 1
        end = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else len(self.text)
        return self.sentence_starts[i], end

    def direction(self, match: re.Match[str]) -> str | None:
        """The tense around the match, preposition included ("said on Monday" puts "said" next to it)."""
        return direction(self.text, self.sentence_of(match.start()), match.span())


# ------------------------------------------------------------------------------------------ the rules


def _mod(value: str | None) -> str | None:
    return value.lower() if value else None


def _prep(match: re.Match[str]) -> str:
    return (match.group("prep") or "").lower()


@lru_cache(maxsize=4096)
def _month_and_day(body: str) -> tuple[int, int] | None:
    """Month and day of "28 December" / "Dec. 28th" by dateparser (in a leap year, so "29 February" is read)."""
    import dateparser  # imported on first use: a tenth of a second at start-up otherwise

    parsed = dateparser.parse(
        f"{body} 2000",
        languages=["en"],
        settings={"STRICT_PARSING": True, "RELATIVE_BASE": dt.datetime(2000, 1, 1)},
    )
    return (parsed.month, parsed.day) if parsed else None


def _parse_month_day(body: str, year: int) -> dt.date | None:
    """The date "28 December" names in ``year``; None for impossible dates (29 February 2019)."""
    month_day = _month_and_day(body)
    if month_day is None:
        return None
    try:
        return dt.date(year, *month_day)
    except ValueError:
        return None


def _nearest(candidates: list[Period], anchor: dt.date, way: str | None) -> Period | None:
    """Of a date's readings in several years, the latest not after the anchor (past), the first not before
    it (future) or, with no tense to go by, the one nearest the anchor."""
    past = [p for p in candidates if p.start is not None and p.start <= anchor]
    future = [p for p in candidates if p.end is not None and p.end >= anchor]
    best_past = max(past, key=lambda p: p.start) if past else None  # type: ignore[arg-type,return-value]
    best_future = min(future, key=lambda p: p.start) if future else None  # type: ignore[arg-type,return-value]
    if way == PAST or best_future is None:
        return best_past
    if way == FUTURE or best_past is None:
        return best_future
    assert best_past.start is not None and best_future.start is not None
    if best_past.end is not None and best_past.end >= anchor:
        return best_past  # the anchor falls inside it ("in March" in a March article)
    return best_past if anchor - best_past.start <= best_future.start - anchor else best_future


def dm(match: re.Match[str], ctx: Context) -> Period | None:
    body = " ".join(match.group("dm_body").split())
    if match.group("dm_year"):
        parsed = _parse_month_day(body, int(match.group("dm_year")))
        return v.day(parsed) if parsed else None
    # A few years each way also finds the right leap year for "29 February".
    years = range(ctx.anchor.year - 8, ctx.anchor.year + 9)
    readings = [v.day(d) for year in years if (d := _parse_month_day(body, year))]
    return _nearest(readings, ctx.anchor, ctx.direction(match))


def hol(match: re.Match[str], ctx: Context) -> Period | None:
    """A holiday on a fixed day ("Christmas", "New Year's Eve") or Thanksgiving (fourth Thursday of
    November), read like a month-day; it needs a preposition or its "Day"/"Eve" ("the Christmas tree")."""
    name = " ".join(match.group("hol").replace("’", "'").split()).lower()
    prep = _prep(match)
    if (not prep or prep == "of") and not name.endswith(("day", "eve")):
        return None
    if name.startswith("thanksgiving"):
        readings = [v.day(_thanksgiving(y)) for y in range(ctx.anchor.year - 1, ctx.anchor.year + 2)]
    else:
        month, day = HOLIDAYS[name]
        readings = [v.day(dt.date(y, month, day)) for y in range(ctx.anchor.year - 1, ctx.anchor.year + 2)]
    return _nearest(readings, ctx.anchor, ctx.direction(match))


def _thanksgiving(year: int) -> dt.date:
    first = dt.date(year, 11, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)


def iso(match: re.Match[str], ctx: Context) -> Period | None:
    return _safe_day(int(match.group("iso_y")), int(match.group("iso_m")), int(match.group("iso_d")))


def num(match: re.Match[str], ctx: Context) -> Period | None:
    a, b, year = int(match.group("num_a")), int(match.group("num_b")), int(match.group("num_y"))
    if a == b or (a > 12 >= b):
        return _safe_day(year, b, a)
    if b > 12 >= a:
        return _safe_day(year, a, b)
    return None  # 3/5/2021: 3 May or March 5? Not guessed.


def _safe_day(year: int, month: int, day: int) -> Period | None:
    try:
        return v.day(dt.date(year, month, day))
    except ValueError:
        return None


def my(match: re.Match[str], ctx: Context) -> Period:
    return v.month(int(match.group("my_y")), MONTHS[match.group("my_m").rstrip(".")], _mod(match.group("my_mod")))


def clock(match: re.Match[str], ctx: Context) -> Period:
    """A clock time on the day the text is talking about (the last day named, else the article date)."""
    word = (match.group("ck_word") or "").lower()
    if word:
        hh, mm = (24, 0) if word == "midnight" else (12, 0)
    elif match.group("ck_h24"):
        hh, mm = int(match.group("ck_h24")), int(match.group("ck_m24"))
    else:
        hh, mm = int(match.group("ck_h")) % 12, int(match.group("ck_m") or 0)
        hh += 12 if match.group("ck_ap").lower().startswith("p") else 0
    return v.part_of_day(ctx.reference, f"T{hh:02d}:{mm:02d}")


_DAY_WORDS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "overnight": -1, "last": -1, "this": 0}


def rd(match: re.Match[str], ctx: Context) -> Period:
    words = [w for w in match.group("rd").lower().split() if w not in ("early", "late")]
    if words[:2] == ["the", "day"]:  # the day before yesterday / after tomorrow
        return v.day(ctx.anchor + dt.timedelta(days=-2 if words[-1] == "yesterday" else 2))
    # "overnight" and "last night" mean the night before the article date: overnight news is written up
    # the next morning. "last night" and "this morning" are keyed by their first word.
    d = ctx.anchor + dt.timedelta(days=_DAY_WORDS[words[0]])
    part = PARTS_OF_DAY.get(words[-1])
    return v.part_of_day(d, part) if part else v.day(d)


def we(match: re.Match[str], ctx: Context) -> Period:
    rel = " ".join(match.group("we_rel").lower().split())
    a = ctx.anchor
    this_weekend = v.weekend(a)
    assert this_weekend.start is not None
    if rel in ("last", "past", "this past") or (
        rel in ("the", "that") and a < this_weekend.start and ctx.direction(match) != FUTURE
    ):
        return v.weekend(a - dt.timedelta(weeks=1)) if a < this_weekend.start or rel != "the" else this_weekend
    if rel == "next":
        return v.weekend(a + dt.timedelta(weeks=1))
    return this_weekend


def rp(match: re.Match[str], ctx: Context) -> Period:
    rel = match.group("rp_rel").lower().split()  # last | this | next | earlier this | later this | this past
    unit = match.group("rp_unit").lower()
    step = {"last": -1, "next": 1, "past": -1}.get(rel[-1], 0)
    a = ctx.anchor
    if unit == "week":
        span = v.week(a + dt.timedelta(weeks=step))
    elif unit == "month":
        span = v.month(*v.shift_month(a.year, a.month, step))
    elif unit == "quarter":
        y, m = v.shift_month(a.year, a.month, 3 * step)
        span = v.quarter(y, (m - 1) // 3 + 1)
    else:
        span = v.year(a.year + step)
    if rel[0] == "earlier":  # "earlier this week": Monday up to the article date
        return Period(span.value, span.start, a, span.precision)
    if rel[0] == "later":
        return Period(span.value, a, span.end, span.precision)
    return span


def _count(raw: str) -> int | None:
    """A count from its words; None for the vague ones ("several", "a few")."""
    try:
        return count_value(raw)
    except ValueError:
        return None


def rn(match: re.Match[str], ctx: Context) -> Period | None:
    way = match.group("rn_dir").lower()
    if way != "ago" and _prep(match) in _DURATION_PREPS:
        return None  # "for two days after the vote" is a duration
    n = _count(match.group("rn_n"))
    unit = match.group("rn_unit").lower()
    if unit in ("weekend", "quarter", "night"):
        unit = {"weekend": "week", "quarter": "month", "night": "day"}[unit]
        n = None if n is None else n * (3 if unit == "month" else 1)
    base = ctx.anchor if way == "ago" else ctx.reference
    sign = 1 if way.startswith(("later", "after")) else -1
    if way in ("after", "before") and _dates_the_clause_after(match, ctx):
        sign = -sign  # "agreed today, a day after envoys met": the meeting was the day before
    if n is None:  # "a few days ago", "several years later": the unit is known, not how many
        return v.timeless("PAST_REF" if sign < 0 else "FUTURE_REF")
    if unit in ("second", "minute", "hour"):  # "20 minutes later", "hours after": the same day, unless 24 hours pass
        return v.day(base + dt.timedelta(days=sign * (n // 24 if unit == "hour" else 0)))
    if unit in ("day", "week"):  # "two weeks ago" names a day, as "a week later" does
        return v.day(base + dt.timedelta(days=sign * n * (7 if unit == "week" else 1)))
    if unit == "month":
        return v.month(*v.shift_month(base.year, base.month, sign * n))
    if unit == "decade":
        return v.year(base.year + sign * 10 * n)
    return v.year(base.year + sign * n)


def _dates_the_clause_after(match: re.Match[str], ctx: Context) -> bool:
    """Whether "N days after/before" dates the clause it introduces rather than the one it belongs to.

    In "X happened on 3 May, a day after Y did Z", the expression follows a date of its own sentence and
    runs to the sentence's end: it dates Y's act, one day before X's. In "Three days after the vote,
    protests began" it dates the clause after the comma, three days after the vote.
    """
    if ctx.reference_at is None:
        return False
    lo, hi = ctx.sentence_of(match.start())
    return lo <= ctx.reference_at < match.start() and "," not in ctx.text[match.end() : hi]


def ana(match: re.Match[str], ctx: Context) -> Period | None:
    words = " ".join(match.group("ana").lower().split())
    if match.group("ana_dawn") and not _prep(match):
        return None  # "a new dawn"; "before dawn", "at dusk" are times of day
    if re.match(r"the (?:following|next) ", words) or words == "the day after":
        offset = 1
    elif re.match(r"the (?:previous|preceding) ", words) or words == "the day before":
        offset = -1
    elif words == "during the night" and ctx.reference_at is None:
        offset = -1  # like "overnight": the night before the article date
    else:  # "the same day", "later that evening", "hours later", "shortly afterwards", "in the afternoon"
        offset = 0
    d = ctx.reference + dt.timedelta(days=offset)
    groups = ("ana_same", "ana_next", "ana_in", "ana_mid", "ana_part", "ana_dawn")
    part = next((match.group(g) for g in groups if match.group(g)), None)
    if words == "during the night":
        part = "night"
    suffix = PARTS_OF_DAY.get((part or "").lower())
    return v.part_of_day(d, suffix) if suffix else v.day(d)


def au(match: re.Match[str], ctx: Context) -> Period:
    """A week, month, quarter or year counted from the day the text is talking about ("the following week");
    "the current quarter" is the article's."""
    unit = next(match.group(g) for g in ("au_unit", "au_in", "au_of", "au_by") if match.group(g)).lower()
    rel = (match.group("au_rel") or match.group("au_dir") or "").lower()
    step = {"following": 1, "next": 1, "after": 1, "later": 1}.get(rel, 0)
    step = -1 if rel in ("previous", "preceding", "prior", "before", "earlier") else step
    ref = ctx.anchor if rel == "current" else ctx.reference
    if unit == "quarter":
        y, m = v.shift_month(ref.year, ref.month, 3 * step)
        return v.quarter(y, (m - 1) // 3 + 1)
    if unit == "week":
        return v.week(ref + dt.timedelta(weeks=step))
    if unit == "month":
        return v.month(*v.shift_month(ref.year, ref.month, step))
    return v.year(ref.year + step)


def od(match: re.Match[str], ctx: Context) -> Period:
    """ "the second day" (of talks, of a visit): counted from the last day named, which is the first."""
    raw = match.group("od_n").lower()
    n = ORDINALS[raw] if raw in ORDINALS else int(re.sub(r"\D", "", raw))
    return v.day(ctx.reference + dt.timedelta(days=n - 1))


def wd(match: re.Match[str], ctx: Context) -> Period:
    target = WEEKDAYS.index(match.group("wd_d").capitalize())
    rel = (match.group("wd_rel") or "").lower()
    a = ctx.anchor
    if rel in ("next", "coming") or (rel in ("", "this", "early", "late") and ctx.direction(match) == FUTURE):
        d = a + dt.timedelta(days=(target - a.weekday() - 1) % 7 + 1)
    else:
        back = (a.weekday() - target) % 7
        if rel in ("last", "past") and back < 2:
            back += 7  # the day before is "yesterday": "last Thursday" on a Friday is the week before
        d = a - dt.timedelta(days=back)
    part = PARTS_OF_DAY.get((match.group("wd_part") or "").lower())
    return v.part_of_day(d, part) if part else v.day(d)


def sn(match: re.Match[str], ctx: Context) -> Period | None:
    name = match.group("sn_s").lower()
    rel = (match.group("sn_rel") or "").lower()
    if match.group("sn_y"):
        return v.season(int(match.group("sn_y")), name)
    if not rel and _prep(match) not in _YEAR_PREPS | {"before", "after"}:
        return None  # "prices fall", "a hot spring"
    if re.match(r"\s+of\b", ctx.text[match.end() :]) or (rel == "the" and name == "fall" and not _prep(match)):
        return None  # "the fall of the city"
    a = ctx.anchor
    readings = [v.season(y, name) for y in range(a.year - 2, a.year + 3)]
    if rel == "this":  # the one under way, else the next
        return min((r for r in readings if r.end is not None and r.end >= a), key=lambda r: r.start)  # type: ignore[arg-type,return-value]
    if rel in ("last", "past"):
        return max((r for r in readings if r.end is not None and r.end < a), key=lambda r: r.end)  # type: ignore[arg-type,return-value]
    if rel in ("next", "coming"):
        return min((r for r in readings if r.start is not None and r.start > a), key=lambda r: r.start)  # type: ignore[arg-type,return-value]
    return _nearest(readings, a, ctx.direction(match))


def qt(match: re.Match[str], ctx: Context) -> Period | None:
    if match.group("qt_q"):
        return v.quarter(int(match.group("qt_y3")), int(match.group("qt_q")))
    raw = match.group("qt_n").lower()
    n = 4 if raw == "final" else ORDINALS.get(raw) or int(raw[0])
    make = v.half if match.group("qt_u").lower() == "half" else v.quarter
    if make is v.half and n > 2:
        return None
    if make is v.half and raw == "final":
        n = 2
    a = ctx.anchor
    year = match.group("qt_y") or match.group("qt_y2")
    if year:
        return make(int(year), n)
    rel = (match.group("qt_rel") or "").lower()
    if rel:
        return make(a.year + {"last": -1, "next": 1}.get(rel, 0), n)
    if make is v.half:
        return None  # "the first half" of a match, of a speech: not a date without a year
    return _nearest([make(y, n) for y in (a.year - 1, a.year, a.year + 1)], a, ctx.direction(match) or PAST)


def dc(match: re.Match[str], ctx: Context) -> Period:
    if match.group("dc_y"):
        first = int(match.group("dc_y"))
    else:  # "the '90s": the latest such decade not after the article's
        first = (ctx.anchor.year // 100) * 100 + int(match.group("dc_2"))
        if first > ctx.anchor.year:
            first -= 100
    return v.decade(first, _mod(match.group("dc_mod")))


_CENTURY_WORDS = {"nineteenth": 19, "twentieth": 20, "twenty-first": 21}


def ce(match: re.Match[str], ctx: Context) -> Period:
    raw = match.group("ce_n").lower()
    current = (ctx.anchor.year - 1) // 100 + 1
    rel = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1}
    if raw in rel:
        return v.century(current + rel[raw])
    n = _CENTURY_WORDS.get(raw) or ORDINALS.get(raw) or int(re.sub(r"\D", "", raw))
    return v.century(n)


def fy(match: re.Match[str], ctx: Context) -> Period:
    raw = match.group("fy_y").lstrip("'’")
    year = int(raw) if len(raw) == 4 else (1900 if int(raw) > (ctx.anchor.year + 10) % 100 else 2000) + int(raw)
    return v.timeless(f"FY{year}")


def freq(match: re.Match[str], ctx: Context) -> Period:
    unit = (match.group("set_u") or match.group("set_fu") or "").lower()
    if unit.endswith("s") and not match.group("set_n"):
        unit = unit[:-1]  # "every other weeks" is not English, but "each Mondays" is no worse read as Monday
    if match.group("set_adv"):
        value = SET_ADVERBS[match.group("set_adv").lower()]
    elif match.group("set_wd"):
        value = f"XXXX-WXX-{WEEKDAYS.index(match.group('set_wd')[:-1]) + 1}"
    elif unit.capitalize() in WEEKDAYS:
        value = f"XXXX-WXX-{WEEKDAYS.index(unit.capitalize()) + 1}"
    elif unit in PARTS_OF_DAY:
        value = f"XXXX-XX-XX{PARTS_OF_DAY[unit]}"
    else:  # "every week", "every three months"
        value = v.duration(_count(match.group("set_n")) if match.group("set_n") else 1, unit.rstrip("s")).value
    return v.timeless(value, "SET")


def dur(match: re.Match[str], ctx: Context) -> Period | None:
    unit = match.group("dur_unit").lower()
    raw = match.group("dur_n")
    rel = (match.group("dur_rel") or "").lower()
    if rel in ("first", "final") and not raw:
        return None  # "the first year of his term" names no length
    if raw and unit == "second" and raw.lower() in ("a", "an"):
        return None  # "a second round"
    if raw:
        return v.duration(_count(raw), unit)
    if match.group("dur_pl"):  # "for years", "in recent weeks", "the coming months"
        if rel or _prep(match) in _PLURAL_DURATION_PREPS:
            return v.duration(None, unit)
        return None
    if match.group("dur_the") and rel:  # "the past year", "the last week"
        return v.duration(1, unit)
    return None


_REFS = {w: "PRESENT_REF" for w in PRESENT_REF} | {w: "PAST_REF" for w in PAST_REF}


def ref(match: re.Match[str], ctx: Context) -> Period:
    return v.timeless(_REFS.get(" ".join(match.group("ref").lower().split()), "FUTURE_REF"))


def mon(match: re.Match[str], ctx: Context) -> Period | None:
    rel = (match.group("mon_rel") or "").lower()
    mod = _mod(match.group("mon_mod"))
    if not (rel or mod or _prep(match) in _YEAR_PREPS | {"before", "after"} or ctx.continues_a_list(match)):
        return None  # a month name alone ("the March rally") is not dated here
    number = MONTHS[match.group("mon_m")]
    a = ctx.anchor
    if rel == "this":
        return v.month(a.year, number, mod)
    if rel == "last":
        return v.month(a.year if number < a.month else a.year - 1, number, mod)
    if rel == "next":
        return v.month(a.year if number > a.month else a.year + 1, number, mod)
    readings = [v.month(y, number, mod) for y in (a.year - 1, a.year, a.year + 1)]
    return _nearest(readings, a, ctx.direction(match))


# A year qualifying a noun, after a determiner or possessive: "the government's 2019 decision".
_YEAR_BEFORE = re.compile(r"(?:['’]s|\b(?i:the|its|his|her|their|our|a|this|that))\s+$")
_NOUN_AFTER = re.compile(r"\s+[a-z]{3,}\b")


def _is_year_position(match: re.Match[str], ctx: Context) -> bool:
    """A number is a year after "in", "since", "by"... or between a determiner and a noun."""
    if _prep(match) in _YEAR_PREPS or ctx.continues_a_list(match):
        return True
    return bool(
        _YEAR_BEFORE.search(ctx.text, max(0, match.start() - 8), match.start())
        and _NOUN_AFTER.match(ctx.text, match.end())
    )


def yr(match: re.Match[str], ctx: Context) -> Period | None:
    if not _is_year_position(match, ctx):
        return None  # "killed 2019 people", "for 2019": a number, not a year
    return v.year(int(match.group("yr_y")), _mod(match.group("yr_mod")))


def yw(match: re.Match[str], ctx: Context) -> Period | None:
    if _prep(match) not in _YEAR_PREPS and not ctx.continues_a_list(match):
        return None
    return v.year(year_value(match.group("yw_w")))


RESOLVERS: dict[str, Callable[[re.Match[str], Context], Period | None]] = {
    rule.__name__: rule
    for rule in (
        dm,
        hol,
        iso,
        num,
        my,
        clock,
        rd,
        we,
        rp,
        rn,
        ana,
        au,
        od,
        wd,
        sn,
        qt,
        dc,
        ce,
        fy,
        freq,
        dur,
        ref,
        mon,
        yr,
        yw,
    )
}
