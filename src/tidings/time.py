"""Event-date resolution: find time expressions in news text and anchor them to the article date.

News stories date events relative to the day they were written ("on Monday", "last week", "two days
later"), so an event coder needs the article date to turn them into calendar dates. This module holds the
three steps:

* :func:`resolve_dates` finds every time expression in a text with one compiled regex pass, then
  resolves each against the article date (``dateparser`` only parses the month-name dates the scan found);
* :func:`clause_span` gives the character span of the clause an event trigger heads, so that in
  "X said on Monday that Y attacked Z on Sunday" Sunday dates the attack and Monday the statement;
* :func:`event_date` picks one date for an event from those expressions, or falls back to the article
  date with precision ``article``.

Conventions (all in the article's local calendar, weeks are ISO weeks Monday..Sunday):

* A bare weekday or month is read as past ("the latest one on or before the article date") unless the
  words around it in its sentence are future-tense ("will", "is due to", "scheduled"...).
* "overnight" and "last night" mean the day before the article date: overnight news is written up the
  next morning.
* "last Monday" is the latest Monday strictly before the article date; "next Tuesday" the first Tuesday
  strictly after it; "this Friday" reads like a bare "Friday".
* "early/mid/late March" keep ``value`` "YYYY-03" and precision ``month`` but narrow start/end to days
  1-10, 11-20 and 21-end (for years: January-April, May-August, September-December).
* Anaphora ("the same day", "two days later") count from the latest day-precision date before them in
  the text, or from the article date when there is none.
* Numeric dates are read only when unambiguous: ISO ``2021-05-03``, or ``d/m/yyyy`` / ``m/d/yyyy`` when
  one of the first two numbers is above 12 or both are equal.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import dateparser

from tidings.errors import InputError
from tidings.model import PRECISIONS, TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["clause_span", "event_date", "resolve_dates"]

# --------------------------------------------------------------------------------------------- patterns

_MONTH_NAMES = "January Jan|February Feb|March Mar|April Apr|May|June Jun|July Jul|August Aug|September Sept Sep"
_MONTHS = {
    name: number
    for number, names in enumerate(f"{_MONTH_NAMES}|October Oct|November Nov|December Dec".split("|"), start=1)
    for name in names.split()
}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_NUMBERS |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

# Month names are matched case-sensitively so that "may" and "march" as verbs never start a date.
_FULL_NAMES = [names.split()[0] for names in f"{_MONTH_NAMES}|October Oct|November Nov|December Dec".split("|")]
_MONTH_FULL = "|".join(sorted(_FULL_NAMES, key=len, reverse=True))
_MONTH_ABBR = "|".join(sorted((m for m in _MONTHS if m not in _FULL_NAMES), key=len, reverse=True))
_MONTH_ANY = rf"(?:{_MONTH_FULL}|(?:{_MONTH_ABBR})\.?)"
_WEEKDAY = "|".join(_WEEKDAYS)
_YEAR_DIGITS = r"(?:19\d\d|20\d\d|2100)"
_YEAR = _YEAR_DIGITS + r"(?![\d]|[,.]\d)"
_DAY = r"(?<![\d,.])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_NUM = r"(?i:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
_MOD = r"(?i:early|mid|late)"
# A number right before one of these is a count ("of 2019 people"), not a date.
_NOT_COUNT = (
    r"(?!\s+(?i:people|persons|civilians|soldiers|troops|men|women|children|deaths|dead|votes|cases|migrants"
    r"|refugees|prisoners|protesters|students|workers|families|homes|houses|rockets|missiles|drones)\b)"
)
# Prepositions are consumed but kept out of the expression's span (as TimeML does); every alternative
# shares this prefix so that "in May 2021" is read whole, not as "in May" followed by "2021".
_PREP = r"(?:\b(?P<prep>(?i:in|on|at|since|by|during|until|till|from|of|before|after|for|over|within))\s+)?"

_SCAN = re.compile(
    _PREP
    + r"\b(?:"
    # 3 May 2021 / May 3, 2021 / Monday, 28 December / the 28th of December
    + rf"(?P<dm>(?:(?:{_WEEKDAY}),?\s+)?(?P<dm_body>(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH_ANY}(?!\w)"
    + rf"|{_MONTH_ANY}\s+{_DAY})(?:,?\s+(?P<dm_year>{_YEAR}))?\b{_NOT_COUNT})"
    + rf"|(?P<iso>(?<![\d-])(?P<iso_y>{_YEAR_DIGITS})-(?P<iso_m>\d\d)-(?P<iso_d>\d\d)(?![\d-]))"
    + rf"|(?P<num>(?<![\d/.])(?P<num_a>\d{{1,2}})/(?P<num_b>\d{{1,2}})/(?P<num_y>{_YEAR_DIGITS})(?![\d/]))"
    + rf"|(?P<my>(?:(?P<my_mod>{_MOD})[\s-]+)?(?P<my_m>{_MONTH_ANY})\s+(?P<my_y>{_YEAR})\b)"
    + r"|(?P<rd>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|last\s+night|overnight"
    + r"|tonight|this\s+(?:morning|afternoon|evening)|(?:yesterday|today|tomorrow)"
    + r"(?:\s+(?:morning|afternoon|evening|night))?)\b)"
    + r"|(?P<rp>(?<![Tt]he\s)(?P<rp_rel>(?i:(?:earlier|later)\s+this|this|last|next))\s+"
    + r"(?P<rp_unit>(?i:week|month|year))\b)"
    + rf"|(?P<rn>(?P<rn_n>{_NUM})\s+(?P<rn_unit>(?i:minute|hour|day|week|month|year))s?\s+"
    + r"(?P<rn_dir>(?i:ago|later|earlier|after|before))\b)"
    + r"|(?P<ana>(?i:(?:the\s+same|that(?:\s+same)?)\s+(?:day|morning|afternoon|evening|night)"
    + r"|the\s+(?:following|next|previous|preceding)\s+(?:day|morning|afternoon|evening|night)"
    + r"|the\s+day\s+(?:before|after)|(?:later|earlier)\s+in\s+the\s+(?:day|evening|afternoon)"
    + r"|(?:(?:a\s+few|several|some)\s+)?(?:hours|minutes)\s+(?:later|after(?:wards)?|earlier)"
    + r"|(?:shortly|soon|moments)\s+(?:after(?:wards)?|later|before)|within\s+(?:hours|minutes)"
    + r"|during\s+the\s+night|in\s+the\s+(?:(?:early|late)\s+)?(?:morning|afternoon|evening)(?!\s+of\b))\b)"
    + rf"|(?P<wd>(?:(?P<wd_rel>(?i:last|next|this|coming))\s+)?(?P<wd_d>{_WEEKDAY})"
    + r"(?:['’]s\b|(?:\s+(?i:morning|afternoon|evening|night))?\b))"
    + rf"|(?P<mon>(?:(?P<mon_rel>(?i:last|this|next))\s+|(?P<mon_mod>{_MOD})[\s-]+)?"
    + rf"(?P<mon_m>{_MONTH_FULL})\b)"
    + rf"|(?P<yr>(?:(?P<yr_mod>{_MOD})[\s-]+)?(?P<yr_y>{_YEAR})\b{_NOT_COUNT})"
    + r")"
)
_YEAR_PREPS = {"in", "since", "by", "during", "until", "till", "of", "from"}
_DURATION_PREPS = {"for", "over", "within"}

# Tense cues. A past participle right after "be" is passive ("will be held"), so it is not a past cue.
_FUTURE_CUE = re.compile(
    r"\b(?i:will|would|shall|won't|(?:is|are|was|were)\s+(?:due\s+)?to|plans?\s+to|planning\s+to"
    r"|scheduled|next|upcoming|expected\s+to|set\s+to|to\s+be\s+held|going\s+to)\b|(?<=\w)['’]ll\b"
)
_PAST_CUE = re.compile(
    r"(?<!\bbe\s)\b(?i:was|were|had|did|said|told|met|held|took|gave|made|left|went|came|fought|struck"
    r"|shot|won|lost|fled|began|led|sent|saw|broke|spoke|wrote|died"
    r"|(?!(?:indeed|need|proceed|succeed|exceed|speed|feed|seed|bleed)\b)[a-z]{2,}ed)\b"
)
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z])|\n\s*")
_CLAUSE_BREAK = re.compile(r"[;,:]|\s[-–—]\s|\s(?i:that|but|while|whereas|although|though|because|after|before|when)\s")

# ------------------------------------------------------------------------------------------ resolution


@dataclass(frozen=True)
class _Resolved:
    """A resolved date range before it is tied to its text span."""

    value: str
    start: dt.date
    end: dt.date
    precision: str


@dataclass(frozen=True)
class _Context:
    """What a rule needs besides its match: the article date, the text, the date anaphora count from and
    where the expression that gave it starts (None when it is the article date)."""

    anchor: dt.date
    text: str
    sentence_starts: Sequence[int]
    reference: dt.date
    reference_at: int | None = None

    def sentence_of(self, offset: int) -> tuple[int, int]:
        """The span of the sentence holding ``offset``."""
        i = bisect.bisect_right(self.sentence_starts, offset) - 1
        end = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else len(self.text)
        return self.sentence_starts[i], end


def resolve_dates(text: str, anchor_date: dt.date | str, article_id: str = "") -> list[TimeExpression]:
    """Every time expression in ``text``, resolved against the article date, in text order.

    Offsets are into ``text`` and cover the expression without its preposition ("on *Monday*",
    "in *early March*"). Durations ("for two days"), clock times and bare numbers are not returned.
    Pass the whole article, not one sentence at a time: anaphora such as "the next day" count from the
    last day-precision date before them anywhere in ``text``. ``anchor_date`` may be ``YYYY-MM-DD``.
    """
    if isinstance(anchor_date, str):
        try:
            anchor_date = dt.date.fromisoformat(anchor_date.strip()[:10])
        except ValueError:
            raise InputError("anchor_date", f"{anchor_date!r} is not a date; use YYYY-MM-DD") from None
    found: list[TimeExpression] = []
    starts = [0] + [m.end() for m in _SENTENCE_BREAK.finditer(text)]
    reference, reference_at = anchor_date, None
    for match in _SCAN.finditer(text):
        rule = str(match.lastgroup)  # each alternative is one group named after its rule, closing last
        ctx = _Context(anchor_date, text, starts, reference, reference_at)
        resolved = _RESOLVERS[rule](match, ctx)
        if resolved is None:
            continue
        s, e = match.span(rule)
        found.append(
            TimeExpression(
                article_id=article_id,
                text=text[s:e],
                start_char=s,
                end_char=e,
                value=resolved.value,
                start=resolved.start,
                end=resolved.end,
                precision=resolved.precision,
            )
        )
        if resolved.precision == "day":
            reference, reference_at = resolved.start, s
    return found


def _day(d: dt.date) -> _Resolved:
    return _Resolved(d.isoformat(), d, d, "day")


def _week(any_day: dt.date) -> _Resolved:
    monday = any_day - dt.timedelta(days=any_day.weekday())
    iso_year, iso_week, _ = monday.isocalendar()
    sunday = monday + dt.timedelta(days=6)
    return _Resolved(f"{iso_year}-W{iso_week:02d}", monday, sunday, "week")


def _month(year: int, month: int, mod: str | None = None) -> _Resolved:
    last = calendar.monthrange(year, month)[1]
    first_day, last_day = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}.get(mod or "", (1, last))
    return _Resolved(f"{year}-{month:02d}", dt.date(year, month, first_day), dt.date(year, month, last_day), "month")


def _year(year: int, mod: str | None = None) -> _Resolved:
    first_month, last_month = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}.get(mod or "", (1, 12))
    end = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
    return _Resolved(str(year), dt.date(year, first_month, 1), end, "year")


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _mod(value: str | None) -> str | None:
    return value.lower() if value else None


def _is_future(match: re.Match[str], ctx: _Context) -> bool:
    """Whether the words nearest the expression in its clause (else sentence) put it in the future.

    The nearest tense cue wins, so "said on Monday it will meet" is past for Monday and "said it will
    meet on Monday" is future; with no cue at all, news reports the past.
    """
    s, e = match.span()  # with its preposition: "said on Monday" puts "said" right next to it
    sent_lo, sent_hi = ctx.sentence_of(s)
    breaks = [b for b in _CLAUSE_BREAK.finditer(ctx.text, sent_lo, sent_hi) if b.end() <= s or b.start() >= e]
    seg_lo = max([b.end() for b in breaks if b.end() <= s], default=sent_lo)
    seg_hi = min([b.start() for b in breaks if b.start() >= e], default=sent_hi)
    for lo, hi in ((seg_lo, seg_hi), (sent_lo, sent_hi)):
        verdict = _nearest_cue(ctx.text, lo, hi, s, e)
        if verdict is not None:
            return verdict
    return False


def _nearest_cue(text: str, lo: int, hi: int, s: int, e: int) -> bool | None:
    """True/False for the nearest future/past cue in ``text[lo:hi]`` outside ``s..e``, None if none."""
    future = [m.span() for m in _FUTURE_CUE.finditer(text, lo, hi) if m.end() <= s or m.start() >= e]
    past = [
        m.span()
        for m in _PAST_CUE.finditer(text, lo, hi)
        if (m.end() <= s or m.start() >= e) and not any(fs < m.end() and m.start() < fe for fs, fe in future)
    ]

    def gap(span: tuple[int, int]) -> int:
        return s - span[1] if span[1] <= s else span[0] - e

    best_future = min(map(gap, future), default=None)
    best_past = min(map(gap, past), default=None)
    if best_future is None and best_past is None:
        return None
    if best_past is None:
        return True
    return best_future is not None and best_future <= best_past


@lru_cache(maxsize=4096)
def _parse_month_day(body: str, year: int) -> dt.date | None:
    """Parse "28 December" / "Dec. 28th" in a given year with dateparser; None for impossible dates."""
    parsed = dateparser.parse(
        f"{body} {year}",
        languages=["en"],
        settings={"STRICT_PARSING": True, "RELATIVE_BASE": dt.datetime(year, 1, 1)},
    )
    return parsed.date() if parsed else None


def _resolve_dm(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    body = " ".join(match.group("dm_body").split())
    if match.group("dm_year"):
        parsed = _parse_month_day(body, int(match.group("dm_year")))
        return _day(parsed) if parsed else None
    future = _is_future(match, ctx)
    # Search outward from the article year: the latest date not after the anchor (past) or the first
    # not before it (future). A few years' range also finds the right leap year for "29 February".
    years = range(ctx.anchor.year, ctx.anchor.year + 9) if future else range(ctx.anchor.year, ctx.anchor.year - 9, -1)
    for year in years:
        parsed = _parse_month_day(body, year)
        if parsed and (parsed >= ctx.anchor if future else parsed <= ctx.anchor):
            return _day(parsed)
    return None


def _resolve_iso(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    return _safe_day(int(match.group("iso_y")), int(match.group("iso_m")), int(match.group("iso_d")))


def _resolve_num(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    a, b, year = int(match.group("num_a")), int(match.group("num_b")), int(match.group("num_y"))
    if a == b or (a > 12 >= b):
        return _safe_day(year, b, a)
    if b > 12 >= a:
        return _safe_day(year, a, b)
    return None  # 3/5/2021: 3 May or March 5? Not guessed.


def _safe_day(year: int, month: int, day: int) -> _Resolved | None:
    try:
        return _day(dt.date(year, month, day))
    except ValueError:
        return None


def _resolve_my(match: re.Match[str], ctx: _Context) -> _Resolved:
    month = _MONTHS[match.group("my_m").rstrip(".")]
    return _month(int(match.group("my_y")), month, _mod(match.group("my_mod")))


_DAY_WORDS = {
    "yesterday": -1,
    "today": 0,
    "tonight": 0,
    "tomorrow": 1,
    "overnight": -1,
    "last": -1,
    "this": 0,
}


def _resolve_rd(match: re.Match[str], ctx: _Context) -> _Resolved:
    words = match.group("rd").lower().split()
    if words[:2] == ["the", "day"]:  # the day before yesterday / after tomorrow
        offset = -2 if words[-1] == "yesterday" else 2
    else:  # "last night" and "this morning" are keyed by their first word
        offset = _DAY_WORDS[words[0]]
    return _day(ctx.anchor + dt.timedelta(days=offset))


def _resolve_rp(match: re.Match[str], ctx: _Context) -> _Resolved:
    rel = match.group("rp_rel").lower().split()[0]  # last | this | next | earlier | later
    unit = match.group("rp_unit").lower()
    step = {"last": -1, "next": 1}.get(rel, 0)
    a = ctx.anchor
    if unit == "week":
        span = _week(a + dt.timedelta(weeks=step))
    elif unit == "month":
        span = _month(*_shift_month(a.year, a.month, step))
    else:
        span = _year(a.year + step)
    if rel == "earlier":  # "earlier this week": Monday up to the article date
        return _Resolved(span.value, span.start, a, span.precision)
    if rel == "later":
        return _Resolved(span.value, a, span.end, span.precision)
    return span


def _resolve_rn(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    direction = match.group("rn_dir").lower()
    if direction != "ago" and (match.group("prep") or "").lower() in _DURATION_PREPS:
        return None  # "for two days after the vote" is a duration
    raw = match.group("rn_n").lower()
    n = _NUMBERS[raw] if raw in _NUMBERS else int(raw)
    unit = match.group("rn_unit").lower()
    base = ctx.anchor if direction == "ago" else ctx.reference
    sign = 1 if direction in ("later", "after") else -1
    if direction in ("after", "before") and _dates_the_clause_after(match, ctx):
        sign = -sign  # "agreed today, a day after envoys met": the meeting was the day before
    if unit in ("minute", "hour"):  # "20 minutes later", "hours after": the same day, unless 24 hours pass
        return _day(base + dt.timedelta(days=sign * (n // 24 if unit == "hour" else 0)))
    if unit in ("day", "week"):
        day = base + dt.timedelta(days=sign * n * (7 if unit == "week" else 1))
        # "three weeks ago" is a week; "a week later" counts from a day, so stays a day.
        return _week(day) if unit == "week" and direction == "ago" else _day(day)
    if unit == "month":
        return _month(*_shift_month(base.year, base.month, sign * n))
    return _year(base.year + sign * n)


def _dates_the_clause_after(match: re.Match[str], ctx: _Context) -> bool:
    """Whether "N days after/before" dates the clause it introduces rather than the one it belongs to.

    In "X happened on 3 May, a day after Y did Z", the expression follows a date of its own sentence and
    runs to the sentence's end: it dates Y's act, one day before X's. In "Three days after the vote,
    protests began" it dates the clause after the comma, three days after the vote.
    """
    if ctx.reference_at is None:
        return False
    lo, hi = ctx.sentence_of(match.start())
    return lo <= ctx.reference_at < match.start() and "," not in ctx.text[match.end() : hi]


def _resolve_ana(match: re.Match[str], ctx: _Context) -> _Resolved:
    words = " ".join(match.group("ana").lower().split())
    if re.match(r"the (?:following|next) ", words) or words == "the day after":
        offset = 1
    elif re.match(r"the (?:previous|preceding) ", words) or words == "the day before":
        offset = -1
    elif words == "during the night" and ctx.reference_at is None:
        offset = -1  # like "overnight": the night before the article date
    else:  # "the same day", "later that evening", "hours later", "shortly afterwards", "in the afternoon"
        offset = 0
    return _day(ctx.reference + dt.timedelta(days=offset))


def _resolve_wd(match: re.Match[str], ctx: _Context) -> _Resolved:
    target = _WEEKDAYS.index(match.group("wd_d"))
    rel = (match.group("wd_rel") or "").lower()
    a = ctx.anchor
    if rel in ("next", "coming") or (rel in ("", "this") and _is_future(match, ctx)):
        return _day(a + dt.timedelta(days=(target - a.weekday() - 1) % 7 + 1))
    back = (a.weekday() - target) % 7
    if rel == "last" and back == 0:
        back = 7
    return _day(a - dt.timedelta(days=back))


def _resolve_mon(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    rel = (match.group("mon_rel") or "").lower()
    mod = _mod(match.group("mon_mod"))
    if not (rel or mod or (match.group("prep") or "").lower() in _YEAR_PREPS | {"before", "after"}):
        return None  # a month name alone ("the March rally") is not dated here
    month = _MONTHS[match.group("mon_m")]
    a = ctx.anchor
    if rel == "this":
        year = a.year
    elif rel == "last":
        year = a.year if month < a.month else a.year - 1
    elif rel == "next":
        year = a.year if month > a.month else a.year + 1
    elif _is_future(match, ctx):
        year = a.year if month >= a.month else a.year + 1
    else:
        year = a.year if month <= a.month else a.year - 1
    return _month(year, month, mod)


# A year qualifying a noun, after a determiner or possessive: "the government's 2019 decision".
_YEAR_BEFORE = re.compile(r"(?:['’]s|\b(?i:the|its|his|her|their|our|a|this|that))\s+$")
_NOUN_AFTER = re.compile(r"\s+[a-z]{3,}\b")


def _resolve_yr(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    if (match.group("prep") or "").lower() not in _YEAR_PREPS and not (
        _YEAR_BEFORE.search(ctx.text, max(0, match.start() - 8), match.start())
        and _NOUN_AFTER.match(ctx.text, match.end())
    ):
        return None  # "killed 2019 people", "for 2019": a number, not a year
    return _year(int(match.group("yr_y")), _mod(match.group("yr_mod")))


_RESOLVERS = {
    "dm": _resolve_dm,
    "iso": _resolve_iso,
    "num": _resolve_num,
    "my": _resolve_my,
    "rd": _resolve_rd,
    "rp": _resolve_rp,
    "rn": _resolve_rn,
    "ana": _resolve_ana,
    "wd": _resolve_wd,
    "mon": _resolve_mon,
    "yr": _resolve_yr,
}

# ----------------------------------------------------------------------------------------- event date

_CONTEXTS = ("clause", "sentence", "article")


def event_date(
    expressions: Sequence[TimeExpression],
    clause_span: tuple[int, int] | None,
    sentence_span: tuple[int, int],
    anchor_date: dt.date,
    context: str = "sentence",
    *,
    trigger_char: int | None = None,
) -> tuple[dt.date, dt.date | None, str]:
    """The date of one event: ``(event_date, event_date_end, precision)``.

    Looks for a time expression inside the event's clause, then (unless ``context="clause"``) inside its
    sentence, and otherwise falls back to the article date with precision ``article``. ``context=
    "article"`` behaves like ``"sentence"``: dates are never carried across sentences, since anaphora
    such as "the same day" were already resolved by :func:`resolve_dates`. All spans are character
    offsets into the same text as the expressions. With several candidates in a scope, the nearest to
    ``trigger_char`` wins (then the finest precision, then the first); without a trigger, the finest
    precision, then the first. A possessive weekday dates the noun it qualifies ("Sunday's vote"), so it
    comes after the other candidates unless the trigger follows it closely. Outside the clause, a date
    after the article date belongs to some other, planned event ("confirmed that the runoff will be held
    on 19 June"), so the sentence does not lend it. ``event_date_end`` is None when the range is a
    single day.
    """
    if context not in _CONTEXTS:
        raise ValueError(f"context must be one of {', '.join(_CONTEXTS)}, not {context!r}")
    scopes = [(clause_span, False)] if clause_span is not None else []
    if context != "clause":
        scopes.append((sentence_span, True))
    for span, borrowed in scopes:
        if span is None:
            continue
        lo, hi = span
        inside = [
            x
            for x in expressions
            if lo <= x.start_char and x.end_char <= hi and not (borrowed and x.start > anchor_date)
        ]
        if inside:
            best = min(inside, key=lambda x: _candidate_rank(x, trigger_char))
            return best.start, (best.end if best.end != best.start else None), best.precision
    return anchor_date, None, "article"


# How far after a possessive date ("Sunday's") a trigger may start and still be the noun it qualifies.
_POSSESSED_WITHIN = 30


def _candidate_rank(expr: TimeExpression, trigger_char: int | None) -> tuple[int, int, int, int]:
    distance = 0
    if trigger_char is not None:
        if trigger_char < expr.start_char:
            distance = expr.start_char - trigger_char
        elif trigger_char >= expr.end_char:
            distance = trigger_char - expr.end_char + 1
    possessive = expr.text.endswith(("'s", "’s"))
    qualifies_trigger = trigger_char is not None and 0 <= trigger_char - expr.end_char <= _POSSESSED_WITHIN
    aside = int(possessive and not qualifies_trigger)
    return aside, distance, PRECISIONS.index(expr.precision), expr.start_char


# ------------------------------------------------------------------------------------------ clause span

# Dependents that start a clause of their own: their dates belong to their own event, not the trigger's.
_CLAUSAL_DEPS = {"ccomp", "advcl", "relcl", "conj", "parataxis"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_VERBAL = {"VERB", "AUX"}


def clause_span(trigger: Token) -> tuple[int, int]:
    """The character span of the clause an event trigger heads, as ``token.doc`` offsets (``token.idx``).

    The clause is the trigger's subtree minus embedded clauses with their own verb (ccomp, advcl,
    relcl, parataxis, verb conjuncts, and xcomp with its own subject): in "X said on Monday that Y
    attacked Z on Sunday" the clause of "said" is "X said on Monday" and that of "attacked" is "that Y
    attacked Z on Sunday". A noun trigger ("launched an attack on Sunday") is dated by the clause of the
    verb that governs it. The span is the unbroken stretch of clause tokens around the trigger, so an
    embedded clause in the middle ("The minister, who arrived on Sunday, said...") cuts it there. Add the
    sentence's start if the caller's offsets are sentence-relative; for a ``Span`` use ``span.start_char``.
    """
    head = trigger
    while head.pos_ not in _VERBAL and head.head.i != head.i:
        head = head.head
    if head.pos_ not in _VERBAL:
        head = trigger
    dropped: set[int] = set()
    for tok in head.subtree:
        if tok.i != head.i and tok.i not in dropped and _is_embedded_clause(tok):
            dropped.update(t.i for t in tok.subtree)
    kept = {t.i for t in head.subtree} - dropped
    lo = hi = head.i
    while lo - 1 in kept:
        lo -= 1
    while hi + 1 in kept:
        hi += 1
    doc = head.doc
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def _is_embedded_clause(tok: Token) -> bool:
    if tok.pos_ not in _VERBAL:
        return False
    if tok.dep_ in _CLAUSAL_DEPS:
        return True
    return tok.dep_ == "xcomp" and any(c.dep_ in _SUBJECT_DEPS for c in tok.children)
