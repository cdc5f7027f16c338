"""The geoparser: every place a text names, resolved against the GeoNames index with the whole document in view.

``find_places(text)`` works in three steps, none of which needs a parse, so it runs on plain tokens at
hundreds of articles a second:

1. Candidate spans come from the gazetteer itself: the longest run of words (up to six) whose folded form
   is a place name in ``tidings.geonames``. In ordinary text a name must be capitalised; in text written
   all in lower (or upper) case, any span counts, but a common English word must name a prominent place.
2. Spans that are not places are dropped (rules and word lists in ``tidings.toponyms``): person and
   organisation names the place runs into ("Paris Hilton", "George Washington", "the Washington Post"),
   demonyms ("Syrian"), common words at the start of a sentence ("Reading the report"), and metonymy: a
   place that speaks or acts ("Washington said", "Moscow's decision"), which stands for its government.
   Dropped spans still tell which countries the story is about.
3. Each distinct name gets one sense for the whole document, scored from priors (a country beats a town,
   bigger beats smaller, a capital beats a town, a town beats the region of its country named alike) and
   from the document: a region or country written right after it ("Paris, Texas"), the countries and
   regions of the story's other places, a nationality word just before it ("the Lebanese city of
   Tripoli"). Names with a clear winner are settled first and inform the rest.

``PlaceResolver.resolve_name`` resolves one name with a given context the same way; ``geo.locate_event``
uses it (and the document's mentions) so that event places and ``tidings places`` agree.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tidings.gazetteer import place_key, place_keys
from tidings.geonames import ADMIN_KIND_WORDS, PlaceIndex, place_index, rows_named
from tidings.model import Location
from tidings.toponyms import (
    CALENDAR_WORDS,
    MAX_NAME_WORDS,
    ORGANISATION_OF_NOUNS,
    PLACE_OF_NOUNS,
    PLACE_PREPOSITIONS,
    WORD_PATTERN,
    after_preposition,
    capitalised,
    demonyms_before,
    generic_words,
    is_caseless,
    is_demonym,
    is_metonymy,
    joined,
    nationalities,
    qualified,
    runs_into_name,
    sentence_initial,
    zipf,
)

#: The fields of a place record, in output order (``tidings places``, ``PlaceMention.to_record``).
PLACE_FIELDS = (
    "article_id", "text", "start_char", "end_char", "name", "feature", "country", "admin1", "latitude",
    "longitude", "geonames_id", "confidence",
)  # fmt: skip


@dataclass(frozen=True)
class PlaceMention:
    """One place named in a text, resolved. Offsets are into the text given to ``find_places``."""

    article_id: str | None
    text: str
    start_char: int
    end_char: int
    name: str
    feature: str  # country | admin1 | admin2 | city | other
    country: str | None  # ISO 3166 alpha-3
    admin1: str | None
    latitude: float
    longitude: float
    geonames_id: int | None
    confidence: float
    #: People living in the place (0 when unknown); not part of the record, but ranks venue towns.
    population: int = 0

    def to_record(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in PLACE_FIELDS}

    def to_location(self) -> Location:
        """The event-location view of this mention (what ``Event.location`` holds)."""
        return Location(
            self.name, self.country, self.latitude, self.longitude, self.start_char, self.end_char, self.feature
        )


_FEATURE_BONUS = {"country": 3.0, "admin1": 0.0, "admin2": -2.0, "city": 0.0, "other": 0.0}
_TIER_BONUS = (5.0, 0.0, -1.5)  # alias, own name, alternate name


# --- the resolver ---------------------------------------------------------------------------------------


@dataclass
class _Mention:
    start: int  # token index
    end: int
    key: str
    rows: list[tuple[int, float]]  # (index row, prior score)
    emit: bool = True  # False: not a place here (metonymy, demonym), but still context
    common: bool = False  # the span is also a common English word
    region_word: bool = False  # "Idlib province": the span ends with a kind-of-region word
    locative: bool = False  # after "in", "at", "near"...: surely a place


class PlaceResolver:
    """Place names to places with the document in view; built on ``tidings.geonames.place_index``."""

    def __init__(self, index: PlaceIndex | None = None) -> None:
        self.index = index or place_index()

    # -- one name ------------------------------------------------------------------------------------------
    def candidates(self, key: str, region_word: bool = False) -> list[tuple[int, float]]:
        """``(row, prior)`` for every place named ``key``; a trailing region word ("Borno state", "Kursk
        region") asks for a region: its admin1/admin2 rows, else the region of the biggest town so named."""
        idx = self.index
        if region_word or key.rsplit(" ", 1)[-1] in ADMIN_KIND_WORDS:
            base = key.rsplit(" ", 1)[0] if key.rsplit(" ", 1)[-1] in ADMIN_KIND_WORDS else key
            rows = [(t, r) for t, r in (*rows_named(idx, key), *rows_named(idx, base)) if idx.feature[r] in _AREAS]
            if not rows:
                towns = [r for t, r in rows_named(idx, base) if t < 2 and idx.feature[r] == "city"]
                town = max(towns, key=lambda r: idx.population[r], default=None)
                if town is not None and idx.population[town] < 50_000:
                    return []  # "the Old Town district": no region, and not a town's region either
                region = idx.admin1_ids.get(idx.region[town]) if town is not None else None
                rows = [(1, region)] if region is not None else [(1, town)] if town is not None else []
            return self._scored(rows)
        if len(key) < 3 and key not in idx.aliases:
            return []
        return self._scored(list(rows_named(idx, key)))

    def _scored(self, rows: Iterable[tuple[int, int]]) -> list[tuple[int, float]]:
        idx = self.index
        best: dict[int, float] = {}
        rows = list(rows)
        towns = {idx.country[r] for _, r in rows if idx.feature[r] == "city" and idx.population[r] >= _BIG_TOWN}
        for tier, row in rows:
            feature = idx.feature[row]
            score = math.log10(idx.population[row] + 100) + _FEATURE_BONUS[feature] + _TIER_BONUS[tier]
            if feature == "city" and idx.capitals.get(idx.country[row]) == row:
                score += 1.5
            if feature == "admin1" and tier > 0 and idx.country[row] in towns:
                score -= 2.0  # "Washington", "New York", "Tripoli": the town, not its country's region
            if score > best.get(row, -99):
                best[row] = score
        return sorted(best.items(), key=lambda kv: -kv[1])

    def resolve_name(
        self, name: str, contexts: Iterable[Iterable[str]] = (), alternates: bool = True
    ) -> PlaceMention | None:
        """The best place for one name; ``contexts`` are sets of countries, nearest first, each narrowing the
        choice to its countries when some candidates lie in them (``locate_event`` passes the phrase's, the
        sentence's and the article's). ``alternates=False`` skips towns' alternate names, for text that may
        be no place at all (among them are "Hamas" for Hamm)."""
        key = place_key(name)
        if key in generic_words():
            return None
        idx = self.index
        rows = self.candidates(key)
        if not alternates:
            own = {r for tier, r in rows_named(idx, key) if tier < 2}
            rows = [(r, s) for r, s in rows if r in own or idx.feature[r] in _AREAS]
        if not rows:
            return None
        top = rows[0][0]
        if " " not in key and idx.feature[top] == "city" and idx.population[top] < _BIG_TOWN and zipf(key) >= 3.5:
            return None  # "ransacked Congress": the word, not a small town named after it
        for context in contexts:
            if len({idx.country[r] for r, _ in rows}) < 2:
                break
            codes = set(context)
            inside = [(r, s) for r, s in rows if idx.country[r] in codes]
            if inside:
                rows = inside
        row, score = rows[0]
        second = rows[1][1] if len(rows) > 1 else score - 4
        return self._mention(row, None, name, 0, len(name), _confidence(score - second))

    def countries_of(self, name: str) -> frozenset[str]:
        """The countries of every place ``name`` may be, by own names only ("Georgia": GEO and USA)."""
        idx = self.index
        return frozenset(idx.country[r] for tier, r in rows_named(idx, place_key(name)) if tier < 2 and idx.country[r])

    def country(self, code: str) -> Location | None:
        """The country with ISO3 code ``code``, as a country-level mention places it."""
        row = self.index.country_ids.get(code)
        return self._mention(row, None, "", 0, 0, 1.0).to_location() if row is not None else None

    def capital(self, code: str) -> Location | None:
        """The capital of the country with ISO3 code ``code`` as GeoNames lists it ("the German capital")."""
        row = self.index.capitals.get(code)
        return self._mention(row, None, "", 0, 0, 1.0).to_location() if row is not None else None

    def _mention(self, row: int, article_id: str | None, text: str, start: int, end: int, conf: float) -> PlaceMention:
        idx = self.index
        feature = idx.feature[row]
        admin1 = idx.admin1[row] or None
        return PlaceMention(
            article_id, text, start, end, idx.name[row], feature, idx.country[row] or None,
            admin1 if feature != "country" else None, round(idx.latitude[row], 5), round(idx.longitude[row], 5),
            idx.geonames_id[row] or None, conf, idx.population[row],
        )  # fmt: skip

    # -- a document ----------------------------------------------------------------------------------------
    def find(self, text: str, article_id: str | None = None) -> list[PlaceMention]:
        """Every place mention in ``text`` (see the module docstring), in text order."""
        tokens = [(m.start(), m.end()) for m in WORD_PATTERN.finditer(text)]
        if not tokens:
            return []
        keys = place_keys([text[s:e] for s, e in tokens])
        caseless = is_caseless(text, tokens)
        mentions = self._spans(text, tokens, keys, caseless)
        if not mentions:
            return []
        chosen = self._disambiguate(text, tokens, mentions)
        idx = self.index
        out = []
        for m in mentions:
            if not m.emit or m.key not in chosen:
                continue
            row, conf, supported = chosen[m.key]
            if not (supported or m.locative) and idx.feature[row] == "city" and idx.population[row] < _SMALL_TOWN:
                continue  # a small town named with nothing around it saying so: more often a surname or word
            if m.common:
                conf *= 0.8
            s, e = tokens[m.start][0], tokens[m.end - 1][1]
            out.append(self._mention(row, article_id, text[s:e], s, e, round(conf, 3)))
        return out

    def _spans(self, text: str, tokens: list[tuple[int, int]], keys: list[str], caseless: bool) -> list[_Mention]:
        idx = self.index
        n = len(tokens)
        i = 0
        found_mentions: list[_Mention] = []
        persons: set[str] = set()
        longest = min(MAX_NAME_WORDS, idx.longest_name)
        while i < n:
            if not caseless and not capitalised(text, tokens[i]):
                i += 1
                continue
            found = None
            for j in range(min(n, i + longest), i, -1):
                if j - i > 1 and not joined(text, tokens, i, j, caseless):
                    continue
                key = " ".join(keys[i:j])
                if key in idx.names or key in idx.alternates or key in idx.aliases:
                    found = j, key
                    break
            if found is None:
                i += 1
                continue
            j, key = found
            region_word = j < n and keys[j] in ADMIN_KIND_WORDS and joined(text, tokens, j - 1, j + 1, True)
            if region_word:
                j += 1
                key = f"{key} {keys[j - 1]}"
            mention = self._judge(text, tokens, keys, i, j, key, caseless, region_word, persons)
            if mention is not None:
                found_mentions.append(mention)
            i = j
        for mention in found_mentions:  # "Bernie Sanders ... Sanders said": a person all through the story
            if mention.key in persons and mention.rows and self.index.feature[mention.rows[0][0]] == "city":
                mention.emit = False
        return found_mentions

    def _judge(
        self,
        text: str,
        tokens: list[tuple[int, int]],
        keys: list[str],
        i: int,
        j: int,
        key: str,
        caseless: bool,
        region_word: bool,
        persons: set[str],
    ) -> _Mention | None:
        """The span ``tokens[i:j]`` as a mention (or None when it is no place at all); a name found as part
        of a person's name is added to ``persons``."""
        idx = self.index
        if key in generic_words():
            return None
        rows = self.candidates(key, region_word)
        if not rows:
            return None
        top = rows[0][0]
        feature, pop = idx.feature[top], max(idx.population[r] for r, _ in rows)
        prominent = feature in ("country", "admin1") or key in idx.aliases or idx.population[top] >= 1_000_000
        frequency = zipf(key) if j - i == 1 else 0.0
        initial = not caseless and sentence_initial(text, tokens, i)
        # "Congress", "Collins", "Vice", "Reading the report": words more often than names
        common = frequency >= (4.0 if initial else 4.5 if caseless else 5.0) or (frequency >= 3.5 and pop < 100_000)
        before = keys[i - 1] if i > 0 and text[tokens[i - 1][1] : tokens[i][0]].isspace() else ""
        locative = before in PLACE_PREPOSITIONS or (before == "of" and i > 1 and keys[i - 2] in PLACE_OF_NOUNS)
        if before == "of" and i > 1 and keys[i - 2] in ORGANISATION_OF_NOUNS and capitalised(text, tokens[i - 2]):
            return None
        if key in CALENDAR_WORDS:
            return None
        if all(tier == 2 for tier, _ in rows_named(idx, key)) and not locative and pop < 1_000_000:
            if zipf(key) >= 2.5:  # an alternate name that is also a word of English text ("Hindi")
                return None
        if caseless:
            if common and not prominent:
                return None
            if not (prominent or pop >= 15_000 or (locative and pop >= 1000)):
                return None
        else:
            s, e = tokens[i][0], tokens[j - 1][1]
            if e - s <= 4 and text[s:e].isupper() and key not in idx.aliases and not prominent:
                return None  # an acronym ("HIV", "NATO"), not a town
            if common and not prominent and not locative and not qualified(text, tokens, keys, j):
                return None
            part_of = runs_into_name(text, tokens, keys, i, j)
            if part_of == "person":
                persons.add(key)
            if part_of == "name" and feature == "country":  # "the US Army": no place, but the story's country
                return _Mention(i, j, key, rows[:1], emit=False)
            if part_of is not None:
                return None
        mention = _Mention(i, j, key, rows, common=common, region_word=region_word, locative=locative)
        seat = key in idx.aliases and feature == "city" and place_key(idx.name[idx.aliases[key]]) != key
        if seat and not locative and j < len(tokens) and text[tokens[j - 1][1] : tokens[j][0]] == " ":
            mention.emit = False  # "Kremlin officials", "the White House said": the government, not a place
        if is_demonym(key, feature):
            mention.emit = False
        elif not after_preposition(text, tokens, keys, i) and is_metonymy(text, tokens, keys, j):
            mention.emit = False
        return mention

    def _disambiguate(
        self, text: str, tokens: list[tuple[int, int]], mentions: list[_Mention]
    ) -> dict[str, tuple[int, float, bool]]:
        """One sense per name per document: ``key -> (row, confidence, supported)``, where ``supported``
        says the text around the name or the story's other places back the sense up."""
        idx = self.index
        base: dict[str, dict[int, float]] = {}
        for m in mentions:
            scores = base.setdefault(m.key, {})
            for row, prior in m.rows:
                scores[row] = max(scores.get(row, -99), prior)
        backed: set[tuple[str, int]] = set()

        def boost(key: str, row: int, amount: float) -> None:
            base[key][row] += amount
            backed.add((key, row))

        # Local evidence: "Paris, Texas" (a qualifier right after), "the Lebanese city of Tripoli".
        for a, b in zip(mentions, mentions[1:], strict=False):
            if b.start == a.end and text[tokens[a.end - 1][1] : tokens[b.start][0]].strip() == ",":
                for row in list(base[a.key]):
                    for q in base[b.key]:
                        if _contains(idx, q, row):
                            boost(a.key, row, 8.0)
                            boost(b.key, q, 8.0)
        for m in mentions:
            for country in demonyms_before(text, tokens, m.start):
                for row in base[m.key]:
                    if idx.country[row] == country:
                        boost(m.key, row, 3.0)
        # Nationality words anywhere in the story are weak evidence for their country's places.
        named = nationalities(text, tokens)
        for scores in base.values():
            for row in scores:
                if idx.country[row] in named:
                    scores[row] += 1.0
        chosen = {k: (max(v, key=lambda row, v=v: v[row]), 0.5, False) for k, v in base.items()}  # type: ignore[misc]
        for _ in range(2):  # settle clear names first; then every name again with the others' senses
            chosen = self._rescore(base, {k: v[0] for k, v in chosen.items()})
        return {k: (row, conf, ok or (k, row) in backed) for k, (row, conf, ok) in chosen.items()}

    def _rescore(self, base: dict[str, dict[int, float]], chosen: dict[str, int]) -> dict[str, tuple[int, float, bool]]:
        """Each name's best sense given the senses ``chosen`` for the document's other names: places in a
        country the story names or has other places in, or in a region it names or has places in, gain."""
        idx = self.index
        countries: Counter = Counter()
        named_countries: Counter = Counter()
        regions: Counter = Counter()
        for row in chosen.values():
            countries[idx.country[row]] += 1
            if idx.feature[row] == "country":
                named_countries[idx.country[row]] += 1
            if idx.region[row]:
                regions[idx.region[row]] += 1
        out: dict[str, tuple[int, float, bool]] = {}
        for k, scores in base.items():
            own = chosen[k]
            ranked = []
            for row, score in scores.items():
                c, reg = idx.country[row], idx.region[row]
                mine = idx.country[own] == c
                context = 0.0
                others = countries[c] - mine
                if others:
                    context += 3.0 + (1.0 if others > 1 else 0.0)
                    context += 1.0 if named_countries[c] - (mine and idx.feature[own] == "country") > 0 else 0.0
                if reg and regions[reg] - (idx.region[own] == reg) > 0:
                    context += 3.0
                ranked.append((score + context, context > 0, row))
            ranked.sort(reverse=True)
            gap = ranked[0][0] - ranked[1][0] if len(ranked) > 1 else 4.0
            out[k] = (ranked[0][2], _confidence(gap), ranked[0][1])
        return out


_AREAS = frozenset({"admin1", "admin2"})
# A town this big outranks the region of its country named alike ("Washington", "New York", "Quebec").
_BIG_TOWN = 100_000
# Towns smaller than this need support (a preposition of place before, a region or country after, or
# another place of their region or country in the story) to count as places.
_SMALL_TOWN = 10_000


def _confidence(gap: float) -> float:
    """A score gap between the best and the next sense, as a number in (0.5, 1)."""
    return round(1 / (1 + math.exp(-gap)), 3)


def _contains(idx: PlaceIndex, outer: int, inner: int) -> bool:
    """Whether place ``outer`` (a country, region or district) contains place ``inner``."""
    feature = idx.feature[outer]
    if outer == inner or idx.feature[inner] == "country":
        return False
    if feature == "country":
        return idx.country[outer] == idx.country[inner]
    if feature == "admin1":
        return idx.region[outer] == idx.region[inner] and idx.feature[inner] != "admin1"
    if feature == "admin2":
        return idx.region[outer] == idx.region[inner] and idx.feature[inner] == "city"
    return False


# --- the public functions -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def default_resolver() -> PlaceResolver:
    """The process-wide resolver (the index behind it loads once)."""
    return PlaceResolver()


def find_places(
    text: str,
    date: dt.date | str | None = None,
    article_id: str | None = None,
    resolver: PlaceResolver | None = None,
) -> list[PlaceMention]:
    """Every place mention in ``text``, resolved with the whole document in view: the library face of
    ``tidings places``.

    ``date`` is the article date; the gazetteer is today's, so it does not change the result yet, but it
    is taken so a call reads like ``resolve_dates(text, date)`` and callers need not change when historical
    names are added. ``resolver`` lets a test or notebook pass its own index.
    """
    del date
    return (resolver or default_resolver()).find(text, article_id)


def places_of_articles(articles: Iterable, resolver: PlaceResolver | None = None) -> Iterator[PlaceMention]:
    """``find_places`` over articles (``tidings.model.Article``), in order: what ``tidings places`` writes."""
    resolver = resolver or default_resolver()
    for article in articles:
        yield from resolver.find(article.text, article.id)
