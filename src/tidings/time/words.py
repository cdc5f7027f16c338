"""The English words time expressions are made of, as data: months, weekdays, numbers, units, seasons.

Each table is the one place its words live; the scanner (:mod:`tidings.time.patterns`) builds its regex
from them and the resolvers read values from them.
"""

from __future__ import annotations

# Full names first: month names are matched case-sensitively so that "may" and "march" as verbs never
# start a date, and only full names stand alone ("in March"); abbreviations need a day ("Dec. 15").
MONTH_NAMES = (
    "January Jan|February Feb|March Mar|April Apr|May|June Jun|July Jul|August Aug|September Sept Sep"
    "|October Oct|November Nov|December Dec"
).split("|")
MONTHS = {name: number for number, names in enumerate(MONTH_NAMES, start=1) for name in names.split()}
MONTHS_FULL = [names.split()[0] for names in MONTH_NAMES]

# Holidays on a fixed day, as month and day; Thanksgiving (fourth Thursday of November) is computed.
HOLIDAYS = {
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "boxing day": (12, 26),
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "new year's": (1, 1),
    "valentine's day": (2, 14),
    "halloween": (10, 31),
    "may day": (5, 1),
}

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

UNITS_BELOW_TWENTY = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
    " seventeen eighteen nineteen"
).split()
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
CARDINALS = {word: n for n, word in enumerate(UNITS_BELOW_TWENTY)} | TENS | {"a": 1, "an": 1, "a dozen": 12}

ORDINALS = {
    word: n
    for n, word in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(), start=1
    )
}

# Vague counts: TimeML writes the number as X ("several days" is PXD).
VAGUE_COUNTS = ("several", "a few", "few", "many", "some", "a couple of", "a number of", "dozens of")

# Duration units and their TIMEX3 letters; the clock units go after "T" (PT3H, but P3M is three months).
DURATION_UNITS = {
    "second": "S",
    "minute": "M",
    "hour": "H",
    "day": "D",
    "night": "D",
    "week": "W",
    "weekend": "WE",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "decade": "DE",
    "century": "CE",
}
CLOCK_UNITS = {"second", "minute", "hour"}

# Parts of the day and their TIMEX3 suffixes ("this morning" is 1998-02-06TMO).
PARTS_OF_DAY = {
    "morning": "TMO",
    "afternoon": "TAF",
    "evening": "TEV",
    "night": "TNI",
    "tonight": "TNI",
    "overnight": "TNI",
    "dawn": "TMO",
    "daybreak": "TMO",
    "dusk": "TEV",
    "sunrise": "TMO",
    "sunset": "TEV",
}

# Seasons: TIMEX3 code and first month. Winter is named by the year of its December.
SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "autumn": ("FA", 9), "fall": ("FA", 9), "winter": ("WI", 12)}

# Words that stand for the present, the past or the future without naming a period.
PRESENT_REF = ("now", "currently", "presently", "nowadays", "at present", "these days", "at the moment")
PAST_REF = ("recently", "lately", "the past", "the recent past", "the distant past", "previously", "formerly")
FUTURE_REF = ("the future", "the near future", "the foreseeable future", "the distant future")

# Adverbs of frequency that are TIMEX3 sets.
SET_ADVERBS = {
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "quarterly": "P3M",
    "annually": "P1Y",
    "yearly": "P1Y",
}

# A number right before one of these is a count ("of 2019 people"), not a year.
COUNT_NOUNS = (
    "people persons civilians soldiers troops men women children deaths dead votes cases migrants refugees"
    " prisoners protesters students workers families homes houses rockets missiles drones"
).split()

# Verbs whose present tense in news announces a scheduled event ("talks resume Dec. 15").
SCHEDULED_VERBS = (
    "meet meets begin begins resume resumes arrive arrives convene convenes attend attends hold holds testify"
    " testifies travel travels host hosts opens starts ends closes expires takes leaves"
).split()

# Irregular past participles and past forms that the "-ed" rule misses.
IRREGULAR_PAST = (
    "was were had did said told met held took gave made left went came fought struck shot won lost fled began"
    " led sent saw broke spoke wrote died been begun done gone seen taken given written spoken broken chosen"
    " driven fallen known shown sworn thrown drew drawn rose risen bought brought caught fell felt found got"
    " heard kept knew paid ran sat sold stood stole swore threw tore understood woke wore"
).split()
