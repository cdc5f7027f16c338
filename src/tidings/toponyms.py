"""Which spans of a text are place names: words, capitals, and the signs that a name is no place here.

The geoparser (``tidings.places``) reads these: a name must be capitalised in ordinary text (not in text
written all in one case); it may not run into a person's or organisation's name ("Paris Hilton", "George
Washington", "the Washington Post"); a nationality word ("Syrian"), a month ("May") or a common English word
that some town shares ("Congress") is no place; and a place that speaks or acts ("Washington said",
"Beijing's response") stands for its government (metonymy). Word lists are data, one per kind, with the
reason for each in its comment.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tidings.actors.vocabulary import PLACE_PREPOSITIONS
from tidings.gazetteer import place_key
from tidings.geonames import ADMIN_KIND_WORDS, place_index
from tidings.ontology import read_table

# Words, with inner hyphens and apostrophes ("Ivano-Frankivsk", "Sana'a") but not a possessive "'s".
WORD_PATTERN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:-[^\W\d_]+|['’](?!s\b)[^\W\d_]+)*")
MAX_NAME_WORDS = 6
# Lower-case words allowed inside a capitalised name: "Isle of Man", "Rio de Janeiro", "Trinidad and Tobago".
_CONNECTORS = frozenset("of the de del da do dos das la le les el al an am upon on en sur y und di du and".split())
# Words that may stand capitalised just before a place without making it part of a person's name.
_NAME_QUALIFIERS = frozenset(
    """north south east west northern southern eastern western central northeastern northwestern
    southeastern southwestern northeast northwest southeast southwest upper lower greater the new
    downtown rural suburban coastal nearby neighbouring neighboring""".split()
)
# Capitalised words that may follow a place without making it part of an organisation's or person's name:
# "Kyiv Mayor Vitali Klitschko", "Texas Governor", "Paris March 3" (a dateline).
_AFTER_OK = frozenset(
    """president prime minister governor mayor senator premier chancellor foreign defence defense interior
    police officials authorities residents city county province state region district oblast governorate
    airport port on in at and or but said says january february march april may june july august september
    october november december monday tuesday wednesday thursday friday saturday sunday""".split()
)
# A title before a capitalised word makes it a person: "President Lincoln", "Mr Paris".
_PERSON_TITLES = frozenset(
    "mr mrs ms dr sir president senator sen rep gov governor general gen judge king queen prince".split()
)
# Verbs (and the auxiliaries before them) of a place that speaks or acts for its government: metonymy.
_METONYMY_VERBS = frozenset(
    """plans planned intends declared declares launched launches said says say told announced announces
    warned warns accused accuses denied denies rejected rejects
    urged urges called calls condemned condemns welcomed welcomes criticised criticized criticizes
    criticises threatened threatens demanded demands insisted insists responded responds vowed vows
    expelled expels recalled recalls blamed blames imposed imposes sanctioned retaliated agreed agrees
    refused refuses signalled signaled pledged pledges claimed claims argued argues protested
    summoned summons asked asks wants wanted hopes hoped believes believed considers considered""".split()
)
_AUXILIARIES = frozenset("has have had will would is was has also did does may might could should".split())
# A possessed noun that makes the possessor a government: "Moscow's decision", "Beijing's response".
_POLICY_NOUNS = frozenset(
    """decision position response stance policy policies refusal demand demands approach support backing
    objection objections insistence offer proposal plan plans warning threat claims retaliation
    government leadership envoy ambassador diplomats""".split()
)
# A place after a preposition is no speaker: "officials in Kharkiv said", "the government of Georgia said".
_PREPOSITIONS = frozenset("in at near from to into outside inside across around towards toward via of for by".split())
# Month and weekday names are dates, even where some town bears them ("May", "March", "August").
CALENDAR_WORDS = frozenset(
    """january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday""".split()
)
# "The port of Dover", "the island of Rhodes": "of" after these nouns is as sure a sign of a place as "in".
PLACE_OF_NOUNS = frozenset(
    """city town village port island islands streets outskirts province region state capital suburbs suburb
    centre center county district municipality""".split()
)
# "The University of Georgia", "the Bank of England": "of" after these opens an organisation's name.
ORGANISATION_OF_NOUNS = frozenset("university college bank institute academy school museum council church".split())
_DEMONYM_ENDINGS = ("an", "ian", "ese", "ish", "i", "ean", "ic", "ot", "iot")


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """``data/place_generic_words.tsv``: common words that are also the name of some obscure place."""
    return frozenset(place_key(row["word"]) for row in read_table("place_generic_words.tsv"))


#: Single words at least this common are kept in the cached frequency table; rarer ones read as 0, which is
#: below every threshold the geoparser compares with (the lowest is 2.5).
_TABLE_FLOOR = 2.0


@lru_cache(maxsize=1)
def _word_frequencies() -> dict[str, float]:
    """wordfreq's English Zipf values of every word at or above ``_TABLE_FLOOR``, cached on disk.

    Importing wordfreq and loading its tables costs over half a second; a short run that resolves a few
    names reads this small table instead, and wordfreq is only imported when the table is first built."""
    import importlib.metadata

    from tidings import cache

    def build() -> dict[str, float]:
        from wordfreq import top_n_list, zipf_frequency

        table = {}
        for word in top_n_list("en", 150_000):
            value = zipf_frequency(word, "en")
            if value < _TABLE_FLOOR:
                break
            table[word] = value
        return table

    key = ("word-frequencies", importlib.metadata.version("wordfreq"), _TABLE_FLOOR)
    return cache.disk_cached("word-frequencies", key, build)  # once per process: this function is lru_cached


@lru_cache(maxsize=65536)
def zipf(key: str) -> float:
    """How common ``key`` is as English text (wordfreq's Zipf scale: 7 "the", 5 "nice", 3.8 "springfield")."""
    if " " in key or "-" in key:  # phrases: wordfreq combines the words' frequencies
        from wordfreq import zipf_frequency

        return zipf_frequency(key, "en")
    return _word_frequencies().get(key, 0.0)


def is_caseless(text: str, tokens: list[tuple[int, int]]) -> bool:
    """Whether the text is written all in lower or all in upper case, so capitals say nothing."""
    sample = tokens[:400]
    upper = sum(1 for s, _ in sample if text[s].isupper())
    if upper <= len(sample) * 0.02:
        return True
    shouting = sum(1 for s, e in sample if e - s > 1 and text[s:e].isupper())
    return shouting >= len(sample) * 0.6


def capitalised(text: str, token: tuple[int, int]) -> bool:
    return text[token[0]].isupper()


def joined(text: str, tokens: list[tuple[int, int]], i: int, j: int, caseless: bool) -> bool:
    """Whether ``tokens[i:j]`` can be one name: single spaces between them; capitalised words or connectors."""
    for k in range(i + 1, j):
        if text[tokens[k - 1][1] : tokens[k][0]] != " ":
            return False
    if caseless:
        return True
    if not capitalised(text, tokens[j - 1]):
        return False
    return all(capitalised(text, tokens[k]) or text[tokens[k][0] : tokens[k][1]] in _CONNECTORS for k in range(i, j))


def sentence_initial(text: str, tokens: list[tuple[int, int]], i: int) -> bool:
    if i == 0:
        return True
    gap = text[tokens[i - 1][1] : tokens[i][0]]
    return any(c in gap for c in '.!?\n:;"“')


def qualified(text: str, tokens: list[tuple[int, int]], keys: list[str], j: int) -> bool:
    """Whether a comma and another capitalised name follow: "Reading, England"."""
    return j < len(tokens) and text[tokens[j - 1][1] : tokens[j][0]].strip() == "," and capitalised(text, tokens[j])


def runs_into_name(text: str, tokens: list[tuple[int, int]], keys: list[str], i: int, j: int) -> str | None:
    """ "person" when the name is part of a person's ("George Washington", "Mr Jordan"), "name" when it runs
    into another name ("Paris Hilton", "the Washington Post"), else None."""
    if i > 0 and text[tokens[i - 1][1] : tokens[i][0]] in (" ", ". "):
        before = keys[i - 1]
        if before.rstrip(".") in _PERSON_TITLES:
            return "person"
        if text[tokens[i - 1][1] : tokens[i][0]] == " " and capitalised(text, tokens[i - 1]):
            if not (before in _NAME_QUALIFIERS or before in PLACE_PREPOSITIONS or zipf(before) >= 6.0):
                if not (sentence_initial(text, tokens, i - 1) and zipf(before) >= 5.0):
                    return "person"
    if j < len(tokens) and text[tokens[j - 1][1] : tokens[j][0]] == " " and capitalised(text, tokens[j]):
        after = keys[j]
        if after not in _AFTER_OK and after not in ADMIN_KIND_WORDS:
            return "name"
    return None


def is_metonymy(text: str, tokens: list[tuple[int, int]], keys: list[str], j: int) -> bool:
    """A place that speaks or acts: "Washington said", "Moscow has denied", "Beijing's response"."""
    if j >= len(tokens):
        return False
    gap = text[tokens[j - 1][1] : tokens[j][0]]
    if gap == " " and keys[j] == "and":  # "Paris and Berlin called for changes": skip the other name
        k = j + 1
        while k < len(tokens) and k < j + 4 and capitalised(text, tokens[k]):
            k += 1
        if k > j + 1 and k < len(tokens):
            return is_metonymy(text, tokens, keys, k)
        return False
    if gap == " ":
        nxt = keys[j]
        if nxt in _METONYMY_VERBS:
            return True
        if nxt in _AUXILIARIES and j + 1 < len(tokens):
            return keys[j + 1] in _METONYMY_VERBS or (
                keys[j + 1] in ("not", "also") and j + 2 < len(tokens) and keys[j + 2] in _METONYMY_VERBS
            )
        return False
    if gap in ("'s ", "’s ", "' ", "’ ") or (gap in ("'", "’") and keys[j] == "s"):
        k = j + 1 if keys[j] == "s" else j
        return k < len(tokens) and keys[k] in _POLICY_NOUNS
    return False


def after_preposition(text: str, tokens: list[tuple[int, int]], keys: list[str], i: int) -> bool:
    """Whether a preposition stands up to three words before token ``i`` within the clause: "officials in
    nearby Dallas said", "officials in Abuja and Paris called" (the speakers are the officials)."""
    for k in range(i - 1, max(-1, i - 4), -1):
        if not text[tokens[k][1] : tokens[k + 1][0]].isspace():
            return False
        if keys[k] in _PREPOSITIONS:
            return True
    return False


def is_demonym(key: str, feature: str) -> bool:
    """A nationality word that some obscure town shares ("Roman"), never a country's own name."""
    if feature == "country" or " " in key or not key.endswith(_DEMONYM_ENDINGS):
        return False
    return _demonym_country(key) is not None


@lru_cache(maxsize=8192)
def _demonym_country(key: str) -> str | None:
    """The country a nationality word names, by the longest shared beginning with a country name."""
    if not key.endswith(_DEMONYM_ENDINGS) or len(key) < 4:
        return None
    idx = place_index()
    best: tuple[int, str] | None = None
    for code, row in idx.country_ids.items():
        name = place_key(idx.name[row])
        shared = 0
        for a, b in zip(key, name, strict=False):
            if a != b:
                break
            shared += 1
        least = 3 if key.endswith("ish") else 4
        if shared >= least and shared >= len(name.split(" ")[0]) / 2 and len(key) - shared <= 4:
            score = shared - (len(name) - shared)
            if best is None or score > best[0]:
                best = (score, code)
    return best[1] if best is not None and best[0] >= -4 else None


def nationalities(text: str, tokens: list[tuple[int, int]]) -> set[str]:
    """Countries the story's capitalised nationality words name ("Lebanese troops")."""
    words = {text[s:e] for s, e in tokens if text[s].isupper() and text[s:e].lower().endswith(_DEMONYM_ENDINGS)}
    return {code for w in words if (code := _demonym_country(place_key(w))) is not None and not _is_place_word(w)}


def _is_place_word(word: str) -> bool:
    return place_key(word) in place_index().names


def demonyms_before(text: str, tokens: list[tuple[int, int]], i: int) -> set[str]:
    """Countries named by nationality words in the four words before token ``i``: "the Lebanese city of"."""
    out: set[str] = set()
    for k in range(max(0, i - 4), i):
        s, e = tokens[k]
        if text[s].isupper():
            code = _demonym_country(place_key(text[s:e]))
            if code is not None:
                out.add(code)
    return out
