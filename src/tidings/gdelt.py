"""The GDELT 2.0 formats: the 61-column Events table, the 16-column Mentions table, and the same Events
columns as SQL over the store (the ``gdelt_events`` view), so GDELT queries run on a tidings store.

Rows are lists of strings (``""`` where tidings knows nothing), as GDELT's tab-separated files hold them. The
SQL view computes the same cells from the merged ``events`` table; a test keeps the two in agreement.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from tidings import ontology
from tidings.schema import record_date

#: GDELT 2.0 Mentions table columns (GDELT 2.0 Event Codebook V2.0), in file order.
MENTION_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
)
#: The modes a GDELT file can hold: GDELT has no mode column, so everything in it reads as having happened.
GDELT_MODES: tuple[str, ...] = ("reported", "claimed", "alleged")
#: MentionType 1: a web document (tidings codes text; GDELT's other types are broadcast, print, ...).
_WEB = "1"



@lru_cache(maxsize=1)
def gdelt_columns() -> tuple[str, ...]:
    """The 61 GDELT 2.0 event column names, in file order."""
    rows = sorted(ontology.read_table("gdelt2_event_columns.tsv"), key=lambda r: int(r["position"]))
    return tuple(r["name"] for r in rows)


@lru_cache(maxsize=1)
def _fips_table() -> dict[str, tuple[str, str]]:
    return {r["iso3"]: (r["fips"], r["name"]) for r in ontology.read_table("iso3_to_fips.tsv")}


def fips_for_iso3(iso3: str | None) -> str:
    """The FIPS 10-4 country code GDELT uses for an ISO-3166 alpha-3 code, ``""`` when there is none."""
    return _fips_table().get((iso3 or "").upper(), ("", ""))[0]


@lru_cache(maxsize=1)
def _known_groups() -> frozenset[str]:
    return frozenset(r["code"] for r in ontology.read_table("cameo_known_groups.tsv"))


def _text(value: Any) -> str:
    """A GDELT cell: empty when unknown; integral floats without ``.0``, as GDELT writes ``-10``."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _global_event_id(event_id: str | None) -> str:
    if not event_id:
        return ""
    try:
        return str(int(event_id[:15], 16))
    except ValueError:  # not one of tidings' hex ids: hash it so the number is still stable
        return str(int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:15], 16))


def _actor_columns(prefix: str, record: Mapping[str, Any], role: str) -> dict[str, str]:
    """Actor code, name, CAMEO country, known group and up to three role codes, split from the composite."""
    code = (record.get(f"{role}_code") or "").upper()
    chunks = [code[i : i + 3] for i in range(0, len(code) - 2, 3)]
    country = chunks[0] if chunks and chunks[0] in ontology.cameo_countries() else ""
    rest = chunks[1:] if country else chunks
    known = next((c for c in rest if c in _known_groups()), "")
    declared = record.get(f"{role}_type") or ""
    roles = [declared] if declared else []
    roles += [c for c in rest if c in ontology.actor_types() and c not in (known, declared)]
    roles += ["", "", ""]
    return {
        f"{prefix}Code": code,
        f"{prefix}Name": record.get(f"{role}_name") or "",
        f"{prefix}CountryCode": country,
        f"{prefix}KnownGroupCode": known,
        f"{prefix}Type1Code": roles[0],
        f"{prefix}Type2Code": roles[1],
        f"{prefix}Type3Code": roles[2],
    }


def _action_geo(record: Mapping[str, Any]) -> dict[str, str]:
    """ActionGeo_* from the event location; type 1 (country) when only a country is known."""
    iso3 = (record.get("location_country") or "").upper()
    name = record.get("location_name") or ""
    lat, lon = record.get("latitude"), record.get("longitude")
    if not (iso3 or name or lat is not None):
        return {"ActionGeo_Type": "0"}
    fips, country_name = _fips_table().get(iso3, ("", ""))
    feature = record.get("location_feature")
    if feature == "country" or (
        not feature and (not name or name.casefold() in (country_name.casefold(), iso3.casefold()))
    ):
        geo_type = 1
    elif feature == "admin1":
        geo_type = 2 if iso3 == "USA" else 5
    else:
        geo_type = 3 if iso3 == "USA" else 4
    if geo_type == 1:
        full_name = country_name or name
    elif name and country_name:
        full_name = f"{name}, {country_name}"  # GDELT style: "Tbilisi, Georgia"
    else:
        full_name = name or country_name
    return {
        "ActionGeo_Type": str(geo_type),
        "ActionGeo_FullName": full_name,
        "ActionGeo_CountryCode": fips,
        # The ADM1 division is unknown to tidings; GDELT's convention for that is the bare country code.
        "ActionGeo_ADM1Code": fips,
        "ActionGeo_Lat": _text(lat),
        "ActionGeo_Long": _text(lon),
        "ActionGeo_FeatureID": fips if geo_type == 1 else "",
    }


def _timestamp(value: Any) -> str:
    if not value:
        return ""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.fromisoformat(str(value))
    return value.strftime("%Y%m%d%H%M%S")


def gdelt_row(record: Mapping[str, Any], date_added: str) -> list[str]:
    """One record as the 61 GDELT 2.0 event-table cells (strings; ``""`` where tidings knows nothing)."""
    cells: dict[str, str] = {"GLOBALEVENTID": _global_event_id(record.get("event_id"))}
    day = record_date(record.get("event_date") or record.get("article_date") or record.get("first_seen"))
    if day is not None:
        cells["SQLDATE"] = day.strftime("%Y%m%d")
        cells["MonthYear"] = day.strftime("%Y%m")
        cells["Year"] = str(day.year)
        # GDELT's files use day-of-year / 365 (20130401 -> 2013.2493), not the codebook's (MONTH*30+DAY)/365.
        cells["FractionDate"] = f"{day.year + day.timetuple().tm_yday / 365:.4f}"
    cells.update(_actor_columns("Actor1", record, "source"))
    cells.update(_actor_columns("Actor2", record, "target"))
    code = record.get("event_code") or ""
    cells.update(
        {
            "IsRootEvent": "1" if record.get("sentence_index") == 0 else "0",
            "EventCode": code,
            "EventBaseCode": code[:3],
            "EventRootCode": record.get("event_root_code") or code[:2],
            "QuadClass": _text(record.get("quad_class")),
            "GoldsteinScale": _text(record.get("goldstein")),
            "NumMentions": _text(record.get("num_mentions") or 1),
            "NumSources": _text(record.get("num_sources") or 1),
            "NumArticles": _text(record.get("num_articles") or 1),
            "Actor1Geo_Type": "0",
            "Actor2Geo_Type": "0",
        }
    )
    cells.update(_action_geo(record))
    cells["DATEADDED"] = _timestamp(record.get("date_added") or record.get("coded_at")) or date_added
    cells["SOURCEURL"] = record.get("source_url") or record.get("article_url") or record.get("article_id") or ""
    return [_clean_cell(cells.get(name, "")) for name in gdelt_columns()]


def _clean_cell(value: str) -> str:
    """Tabs and line breaks inside a value would shift every later column, so they become spaces."""
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def gdelt_mention_row(record: Mapping[str, Any]) -> list[str]:
    """One event mention as the 16 GDELT 2.0 Mentions-table cells.

    ``record`` is a stored mention (flat ``evidence_*`` columns) with ``global_event_id`` (the merged event's
    id), ``event_added`` (its DATEADDED), ``coded_at``, ``article_url``, ``article_source`` and ``doc_len``
    (the article's length in characters). Offsets are characters into the article, as in GDELT; a missing
    actor's offset is -1. Confidence is GDELT's 10-100 percent scale.
    """
    confidence = record.get("confidence")
    cells = {
        "GLOBALEVENTID": _global_event_id(record.get("global_event_id")),
        "EventTimeDate": _timestamp(record.get("event_added")),
        "MentionTimeDate": _timestamp(record.get("coded_at")),
        "MentionType": _WEB,
        "MentionSourceName": record.get("article_source") or "",
        "MentionIdentifier": record.get("article_url") or record.get("article_id") or "",
        "SentenceID": _text((record.get("sentence_index") or 0) + 1),
        "Actor1CharOffset": _offset(record.get("evidence_source_start")),
        "Actor2CharOffset": _offset(record.get("evidence_target_start")),
        "ActionCharOffset": _offset(record.get("evidence_trigger_start")),
        "InRawText": "1",
        "Confidence": "" if confidence is None else str(max(10, round(100 * float(confidence)))),
        "MentionDocLen": _text(record.get("doc_len")),
    }
    return [_clean_cell(cells.get(name, "")) for name in MENTION_COLUMNS]


def _offset(value: Any) -> str:
    return "-1" if value is None else str(value)


# --- the Events table as SQL over the store ------------------------------------------------------------


def _sql_list(values: Iterable[str]) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in sorted(values)) + ")"


def _actor_sql(prefix: str, role: str) -> str:
    """Actor columns as SQL select items, the rule of ``_actor_columns`` (DuckDB reuses earlier aliases)."""
    countries = _sql_list(ontology.cameo_countries())
    known = _sql_list(_known_groups())
    types = _sql_list(ontology.actor_types())
    code = f"upper(coalesce({role}_code, ''))"
    return f"""{code} AS {prefix}Code,
    coalesce({role}_name, '') AS {prefix}Name,
    [substr({prefix}Code, i, 3) FOR i IN range(1, length({prefix}Code) - 1, 3)] AS _{prefix}chunks,
    CASE WHEN _{prefix}chunks[1] IN {countries} THEN _{prefix}chunks[1] ELSE '' END AS {prefix}CountryCode,
    CASE WHEN {prefix}CountryCode <> '' THEN _{prefix}chunks[2:] ELSE _{prefix}chunks END AS _{prefix}rest,
    coalesce([c FOR c IN _{prefix}rest IF c IN {known}][1], '') AS {prefix}KnownGroupCode,
    '' AS {prefix}EthnicCode, '' AS {prefix}Religion1Code, '' AS {prefix}Religion2Code,
    coalesce({role}_type, '') AS _{prefix}declared,
    (CASE WHEN _{prefix}declared <> '' THEN [_{prefix}declared] ELSE [] END)
      || [c FOR c IN _{prefix}rest IF c IN {types} AND c <> {prefix}KnownGroupCode AND c <> _{prefix}declared]
      || ['', '', ''] AS _{prefix}roles,
    _{prefix}roles[1] AS {prefix}Type1Code, _{prefix}roles[2] AS {prefix}Type2Code,
    _{prefix}roles[3] AS {prefix}Type3Code"""


@lru_cache(maxsize=1)
def gdelt_events_sql(events: str = "events", articles: str = "articles") -> str:
    """A query with the 61 GDELT 2.0 Events columns (and their GDELT types) over the merged ``events``.

    Text columns are ``''`` where tidings knows nothing, as in the exported file; numbers are NULL.
    """
    fips = ", ".join(
        "('" + iso3 + "', '" + code + "', '" + name.replace("'", "''") + "')"
        for iso3, (code, name) in sorted(_fips_table().items())
    )
    geo_empty = ", ".join(
        f"{kind} AS Actor{n}Geo_{col}"
        for n in (1, 2)
        for col, kind in (
            ("Type", "0"),
            ("FullName", "''"),
            ("CountryCode", "''"),
            ("ADM1Code", "''"),
            ("ADM2Code", "''"),
            ("Lat", "NULL::DOUBLE"),
            ("Long", "NULL::DOUBLE"),
            ("FeatureID", "''"),
        )
    )
    computed = f"""
    SELECT
    ('0x' || left(e.event_id, 15))::BIGINT AS GLOBALEVENTID,
    coalesce(e.event_date, e.first_seen) AS _day,
    strftime(_day, '%Y%m%d')::INTEGER AS SQLDATE,
    strftime(_day, '%Y%m')::INTEGER AS MonthYear,
    year(_day)::INTEGER AS Year,
    round(year(_day) + dayofyear(_day) / 365, 4)::DOUBLE AS FractionDate,
    {_actor_sql("Actor1", "e.source")},
    {_actor_sql("Actor2", "e.target")},
    CASE WHEN e.sentence_index = 0 THEN 1 ELSE 0 END AS IsRootEvent,
    e.event_code AS EventCode,
    left(e.event_code, 3) AS EventBaseCode,
    coalesce(nullif(e.event_root_code, ''), left(e.event_code, 2)) AS EventRootCode,
    e.quad_class AS QuadClass,
    e.goldstein AS GoldsteinScale,
    coalesce(nullif(e.num_mentions, 0), 1) AS NumMentions,
    coalesce(nullif(e.num_sources, 0), 1) AS NumSources,
    coalesce(nullif(e.num_articles, 0), 1) AS NumArticles,
    NULL::DOUBLE AS AvgTone,
    {geo_empty},
    upper(coalesce(e.location_country, '')) AS _iso3,
    coalesce(e.location_name, '') AS _place,
    coalesce(f.fips, '') AS _fips,
    coalesce(f.name, '') AS _country,
    CASE WHEN _iso3 = '' AND _place = '' AND e.latitude IS NULL THEN 0
         WHEN _place = '' OR lower(_place) IN (lower(_country), lower(_iso3)) THEN 1
         WHEN _iso3 = 'USA' THEN 3 ELSE 4 END AS ActionGeo_Type,
    CASE WHEN ActionGeo_Type = 0 THEN ''
         WHEN ActionGeo_Type = 1 THEN coalesce(nullif(_country, ''), _place)
         WHEN _place <> '' AND _country <> '' THEN _place || ', ' || _country
         ELSE coalesce(nullif(_place, ''), _country) END AS ActionGeo_FullName,
    CASE WHEN ActionGeo_Type = 0 THEN '' ELSE _fips END AS ActionGeo_CountryCode,
    ActionGeo_CountryCode AS ActionGeo_ADM1Code,
    '' AS ActionGeo_ADM2Code,
    e.latitude AS ActionGeo_Lat,
    e.longitude AS ActionGeo_Long,
    CASE WHEN ActionGeo_Type = 1 THEN _fips ELSE '' END AS ActionGeo_FeatureID,
    strftime(a.coded_at, '%Y%m%d%H%M%S')::BIGINT AS DATEADDED,
    coalesce(a.url, e.article_id) AS SOURCEURL
    FROM {events} AS e
    LEFT JOIN {articles} AS a ON a.article_id = e.article_id
    LEFT JOIN (VALUES {fips}) AS f(iso3, fips, name) ON f.iso3 = upper(e.location_country)"""
    return f"SELECT {', '.join(gdelt_columns())} FROM ({computed})"
