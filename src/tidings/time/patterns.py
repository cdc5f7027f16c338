"""The one regex that finds time expressions: one named alternative per rule, each resolved by the
function of the same name in :mod:`tidings.time.resolve`.

At a given position the first alternative that matches wins, so the order below is meaningful: longer,
more specific readings come first ("two days later" before "two days", "the day before yesterday" before
"the day"), and the catch-all for durations comes last among the word rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tidings.time.numbers import BELOW_HUNDRED, COUNT, YEAR_WORDS
from tidings.time.words import (
    COUNT_NOUNS,
    DURATION_UNITS,
    FUTURE_REF,
    MONTHS,
    MONTHS_FULL,
    PAST_REF,
    PRESENT_REF,
    SEASONS,
    SET_ADVERBS,
    VAGUE_COUNTS,
    WEEKDAYS,
)


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any run of white space."""
    return "|".join(w.replace(" ", r"\s+") for w in sorted(words, key=len, reverse=True))


MONTH_FULL = _alternatives(MONTHS_FULL)
_MONTH_ABBR = _alternatives(m for m in MONTHS if m not in MONTHS_FULL)
MONTH_ANY = rf"(?:{MONTH_FULL}|(?:{_MONTH_ABBR})\.?)"
# Weekdays are never ordinary words, so all-lower-case newswire ("on friday") is read too; month names are not
# ("may", "march"), so they stay capitalised.
WEEKDAY = "(?i:" + "|".join(WEEKDAYS) + ")"
_WEEKDAY_ABBR = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\."
YEAR_DIGITS = r"(?:19\d\d|20\d\d|2100)"
_YEAR = YEAR_DIGITS + r"(?![\d]|[,.]\d)"
_DAY = r"(?<![\d,.])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_MOD = r"(?i:early|mid|late)"
_UNIT = rf"(?i:{_alternatives(u for u in DURATION_UNITS if u != 'century')})"
_UNITS_PLURAL = "s"
_ORDINAL_WORD = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
_NOT_COUNT = rf"(?!\s+(?i:{'|'.join(COUNT_NOUNS)})\b)"
_PART = r"(?i:morning|afternoon|evening|night)"
# Prepositions are consumed but kept out of the expression's span (as TimeML does); every alternative
# shares this prefix so that "in May 2021" is read whole, not as "in May" followed by "2021".
_PREP = (
    r"(?:\b(?P<prep>(?i:in|on|at|since|by|during|until|till|from|of|before|after|for|over|within|through"
    r"|throughout))\s+)?"
)

SCAN = re.compile(
    _PREP
    + r"\b(?:"
    # 3 May 2021 / May 3, 2021 / Monday, 28 December / the 28th of December
    + rf"(?P<dm>(?:(?:{WEEKDAY}|{_WEEKDAY_ABBR}),?\s+)?(?P<dm_body>(?:the\s+)?{_DAY}\s+(?:of\s+)?{MONTH_ANY}(?!\w)"
    + rf"|{MONTH_ANY}\s+{_DAY})(?:,?\s+(?P<dm_year>{_YEAR}))?\b{_NOT_COUNT})"
    + r"|(?P<hol>Christmas(?:\s+(?:Eve|Day))?|New\s+Year['’]s(?:\s+(?:Eve|Day))?|Thanksgiving(?:\s+Day)?|Halloween"
    + r"|Valentine['’]s\s+Day|Boxing\s+Day|May\s+Day)\b"
    + rf"|(?P<iso>(?<![\d-])(?P<iso_y>{YEAR_DIGITS})-(?P<iso_m>\d\d)-(?P<iso_d>\d\d)(?![\d-]))"
    + rf"|(?P<num>(?<![\d/.])(?P<num_a>\d{{1,2}})/(?P<num_b>\d{{1,2}})/(?P<num_y>{YEAR_DIGITS})(?![\d/]))"
    + rf"|(?P<my>(?:(?P<my_mod>{_MOD})[\s-]+)?(?P<my_m>{MONTH_ANY})\s+(?:of\s+)?(?P<my_y>{_YEAR})\b)"
    # 10 p.m., 22:30 GMT, noon
    + r"|(?P<clock>(?:(?P<ck_h>1[0-2]|0?[1-9])(?:[:.](?P<ck_m>[0-5]\d))?\s*(?P<ck_ap>(?i:[ap]\.m\.|[ap]m\b))"
    + r"|(?P<ck_h24>[01]?\d|2[0-3]):(?P<ck_m24>[0-5]\d)(?![\d:])|(?P<ck_word>(?i:noon|midnight|midday)))"
    + r"(?:\s+(?:[A-Z]{2}T|GMT|UTC|(?:local|[A-Z][a-z]+)\s+time)\b)?)"
    + r"|(?P<rd>(?<!\bUSA\s)(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|(?:late\s+)?last\s+night"
    + r"|overnight(?!\s+(?:rates?|interbank|loans?|funds|money|deposits?|call|repos?|lending|index|stay)\b)"
    + r"|tonight|this\s+(?:morning|afternoon|evening)|(?:early\s+)?(?:yesterday|today|tomorrow)"
    + r"(?:\s+(?:morning|afternoon|evening|night))?)\b)"
    + r"|(?P<we>(?P<we_rel>(?i:this\s+past|this|last|next|the|that|coming|past))\s+(?i:weekend)(?:['’]s)?\b)"
    + r"|(?P<rp>(?<![Tt]he\s)(?P<rp_rel>(?i:(?:earlier|later)\s+this|this|last|next|this\s+past|past))\s+"
    + r"(?P<rp_unit>(?i:week|month|quarter|year))\b)"
    + rf"|(?P<rn>(?<!\bfor\s)(?<!\bover\s)(?P<rn_n>{COUNT}|(?i:a\s+few|several|some))\s+"
    + rf"(?P<rn_unit>{_UNIT}){_UNITS_PLURAL}?\s+"
    + r"(?P<rn_dir>(?i:ago|later|earlier|after|before|afterwards?))\b)"
    + r"|(?P<ana>(?i:(?:the\s+same|that(?:\s+same)?)\s+(?P<ana_same>day|morning|afternoon|evening|night)"
    + r"|the\s+(?:following|next|previous|preceding)\s+(?P<ana_next>day|morning|afternoon|evening|night)"
    + r"|the\s+day\s+(?:before|after)|(?:later|earlier)\s+in\s+the\s+(?P<ana_in>day|evening|afternoon|morning)"
    + r"|(?:(?:a\s+few|several|some)\s+)?(?:hours|minutes)\s+(?:later|after(?:wards)?|earlier)"
    + r"|(?:shortly|soon|moments)\s+(?:after(?:wards)?|later|before)|within\s+(?:hours|minutes)"
    + r"|during\s+the\s+night|(?:in\s+the\s+)?(?:early|late|mid)[\s-]?(?P<ana_mid>morning|afternoon|evening)"
    + r"|in\s+the\s+(?P<ana_part>morning|afternoon|evening)(?!\s+of\b)"
    + r"|(?P<ana_dawn>dawn|daybreak|dusk|sunrise|sunset))\b)"
    # the following week, the same month, later in the year, the end of the year
    + r"|(?P<au>(?i:the\s+(?P<au_rel>following|next|previous|preceding|prior|same|current)\s+"
    + r"(?P<au_unit>week|month|quarter|year)"
    + r"|(?:earlier|later)\s+in\s+the\s+(?P<au_in>week|month|year)"
    + r"|the\s+(?P<au_by>week|month|year)\s+(?P<au_dir>before|after|earlier|later)"
    + r"|the\s+(?:end|beginning|start|middle|rest|remainder|turn)\s+of\s+(?:the|this)\s+(?P<au_of>week|month|year))\b)"
    + rf"|(?P<od>(?i:the\s+(?P<od_n>{_ORDINAL_WORD}|\d{{1,2}}(?:st|nd|rd|th))\s+day)\b(?!\s+of\s+(?:{MONTH_ANY})))"
    + rf"|(?P<wd>(?:(?P<wd_rel>(?i:last|next|this|coming|past|early|late))\s+)?(?P<wd_d>{WEEKDAY})"
    + rf"(?:['’]s\b|(?:\s+(?P<wd_part>{_PART}))?\b))"
    # seasons, quarters, halves, decades, centuries, fiscal years
    + r"|(?P<sn>(?:(?P<sn_rel>(?i:this|last|next|past|coming|the|early|late|mid|that))[\s-]+)?"
    + rf"(?P<sn_s>(?i:{'|'.join(SEASONS)}))\b(?:\s+(?:of\s+)?(?P<sn_y>{_YEAR})\b)?)"
    + r"|(?P<qt>(?:the\s+)?(?P<qt_n>(?i:first|second|third|fourth|final|1st|2nd|3rd|4th))[\s-]+"
    + r"(?P<qt_u>(?i:quarter|half))"
    + rf"(?:\s+of\s+(?:(?P<qt_y>{_YEAR})|(?P<qt_rel>(?i:this|last|next|the))\s+year)\b)?(?:\s+(?P<qt_y2>{_YEAR})\b)?"
    + rf"|Q(?P<qt_q>[1-4])\s+(?P<qt_y3>{_YEAR})\b)"
    + rf"|(?P<dc>(?:(?i:the)\s+)?(?:(?P<dc_mod>{_MOD})[\s-]+)?(?:(?P<dc_y>1[6-9]\d0|20\d0)|['’](?P<dc_2>\d0))s\b)"
    + rf"|(?P<ce>(?i:the\s+(?P<ce_n>\d{{1,2}}(?:st|nd|rd|th)|{_ORDINAL_WORD}|nineteenth|twentieth|twenty-first"
    + r"|last|previous|this|next|past)\s+century)\b)"
    + rf"|(?P<fy>(?i:fiscal|FY)[\s-]*(?:(?i:year)\s+)?(?P<fy_y>{YEAR_DIGITS}|['’]?\d\d)\b)"
    # sets: every week, each Monday, twice a year, annually
    + rf"|(?P<freq>(?i:(?:every|each)\s+(?:other\s+|(?P<set_n>{COUNT})\s+)?"
    + r"(?P<set_u>day|night|week|weekend|month|quarter|year|morning"
    + rf"|afternoon|evening|{WEEKDAY.lower()})s?|(?P<set_f>once|twice|(?:{BELOW_HUNDRED}|\d+)\s+times)\s+(?:a|per|an)"
    + rf"\s+(?P<set_fu>day|week|month|year)|(?P<set_adv>{'|'.join(SET_ADVERBS)})(?!\s+[a-z])"
    + r"|(?P<set_wd>(?:Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|Saturdays|Sundays))))\b"
    # durations: three days, the past five years, a two-week ceasefire, for years, in recent weeks
    + r"|(?P<dur>(?P<dur_the>(?i:the)\s+)?(?:(?P<dur_rel>(?i:past|last|next|coming|previous|following|recent"
    + rf"|first|final))\s+)?(?:(?P<dur_n>{COUNT}|(?i:{_alternatives(VAGUE_COUNTS)}))[ \t-]+(?:(?i:more|straight"
    + rf"|consecutive|full|long|whole)\s+)?)?(?P<dur_unit>{_UNIT})(?P<dur_pl>s)?\b(?(dur_n)|(?(dur_rel)|(?<=s)))"
    + r"(?!['’]s))"
    + rf"|(?P<ref>(?i:{_alternatives(PRESENT_REF + PAST_REF + FUTURE_REF)})\b(?!['’-]))"
    + rf"|(?P<mon>(?:(?P<mon_rel>(?i:last|this|next))\s+|(?P<mon_mod>{_MOD})[\s-]+)?(?P<mon_m>{MONTH_FULL})\b)"
    + rf"|(?P<yr>(?:(?P<yr_mod>{_MOD})[\s-]+)?(?P<yr_y>{_YEAR})\b{_NOT_COUNT})"
    + rf"|(?P<yw>(?P<yw_w>(?i:{YEAR_WORDS}))\b)"
    + r")"
)

# Every time expression holds a digit or a word starting with one of these (month and weekday names as
# written, time words in any case). The scan runs only on stretches of text around them (``scan_windows``),
# which is most of its speed on long articles.
_NAME_STEMS = tuple("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec Mon Tue Wed Thu Fri Sat Sun FY Q".split())
_WORD_STEMS = tuple(
    """day week month year decade centur quarter half hour minute second night morning afternoon evening tonight
    overnight yesterday today tomorrow now current present recent late previous former past future moment spring
    summer autumn fall winter noon midnight midday dawn daybreak dusk sunrise sunset daily nightly annual fiscal
    nineteen twenty thousand shortly soon christmas thanksgiving halloween valentine boxing""".split()
)
_TOKEN = re.compile(r"\d+|[^\W\d_]+")
# How far an expression can start before its first anchor ("throughout the first nine months") and run on
# after its last one, lookaheads included.
_BEFORE, _AFTER = 48, 40


def scan_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` that may hold time expressions, in order and not overlapping."""
    windows: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        if not (word[0].isdigit() or word.startswith(_NAME_STEMS) or word.lower().startswith(_WORD_STEMS)):
            continue
        lo, hi = max(0, m.start() - _BEFORE), min(len(text), m.end() + _AFTER)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z])|\n\s*")
