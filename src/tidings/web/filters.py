"""The query parameters of the event pages, checked once: a request either becomes an ``EventFilter`` or a
``ParamError`` that the app answers with 400 and the message.

Every page that lists or counts events (``/events``, ``/api/events``, ``/map``, downloads, the dyad page)
reads the same parameters, so a link copied from one page filters the same rows on another. Nothing from
the request reaches SQL except as a bound parameter: ``where_clause`` builds the WHERE text from fixed
pieces and returns the values separately.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from tidings.model import MODES
from tidings.ontology import event_codes


class ParamError(ValueError):
    """A query or path parameter the dashboard cannot use; the message names it and says what is allowed."""


#: Largest page number accepted: deeper than any real store, small enough that OFFSET stays an integer.
MAX_PAGE = 1_000_000
MAX_PER_PAGE = 500
DEFAULT_PER_PAGE = 50
MAX_TEXT = 200
#: ``sort`` values: the column behind each (a leading ``-`` sorts descending).
SORTS: dict[str, str] = {
    "date": "event_date",
    "goldstein": "goldstein",
    "source": "source_code",
    "target": "target_code",
    "code": "event_code",
    "articles": "num_articles",
    "confidence": "confidence",
}
OVERVIEW_FREQS = ("day", "week", "month")
FORMATS = ("html", "csv", "json", "parquet")
#: Actor codes and countries: CAMEO codes are upper-case letters and digits in three-letter parts.
_ACTOR = re.compile(r"[A-Z0-9]{2,30}")
_CODE = re.compile(r"[0-9]{2,4}")
_PLOVER = re.compile(r"[A-Z_]{3,20}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@cache
def plover_types() -> tuple[str, ...]:
    """The PLOVER event types of the CAMEO codebook, the values ``plover=`` accepts."""
    return tuple(sorted({t.plover_type for t in event_codes().values() if t.plover_type}))


@dataclass(frozen=True)
class EventFilter:
    """Which events a page shows, in which order, and which slice of them."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    both_ways: bool = False
    code: str | None = None
    quad: int | None = None
    plover: str | None = None
    modes: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    min_confidence: float | None = None
    text: str | None = None
    place: str | None = None
    sort: str = "-date"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def replace(self, **changes: Any) -> EventFilter:
        return dataclasses.replace(self, **changes)

    def to_params(self, **changes: Any) -> dict[str, str]:
        """The query parameters that give this filter back (defaults left out), for links between pages."""
        f = self.replace(**changes)
        out: dict[str, str] = {}
        for name, value in (
            ("actor", f.actor),
            ("source", f.source),
            ("target", f.target),
            ("both_ways", "1" if f.both_ways else None),
            ("code", f.code),
            ("quad", f.quad),
            ("plover", f.plover),
            ("mode", ",".join(f.modes) or None),
            ("since", f.since),
            ("until", f.until),
            ("min_confidence", f.min_confidence),
            ("q", f.text),
            ("place", f.place),
            ("sort", None if f.sort == "-date" else f.sort),
            ("page", None if f.page == 1 else f.page),
            ("per_page", None if f.per_page == DEFAULT_PER_PAGE else f.per_page),
        ):
            if value is not None:
                out[name] = value.isoformat() if isinstance(value, dt.date) else str(value)
        return out


#: The parameters ``parse_filter`` reads; pages add their own (``format``, ``freq``...) to ``extra``.
FILTER_PARAMS = (
    "actor", "source", "target", "both_ways", "code", "quad", "plover", "mode", "since", "until",
    "min_confidence", "q", "place", "sort", "page", "per_page",
)  # fmt: skip


def check_names(params: Mapping[str, str], allowed: Sequence[str]) -> None:
    """Refuse parameters a page does not read: a typo (``?actr=USA``) must not silently show everything."""
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise ParamError(f"unknown parameter {unknown[0]!r}; this page takes {', '.join(sorted(allowed))}")


def _one(params: Mapping[str, Any], name: str) -> str | None:
    """The parameter's value with blanks as absent (an empty form field is no filter)."""
    value = params.get(name)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def actor_code(value: str, name: str) -> str:
    """An actor or country code as the store writes it (upper case), or a ParamError."""
    code = value.strip().upper()
    if not _ACTOR.fullmatch(code):
        raise ParamError(f"{name}={value!r} is not an actor or country code (letters and digits, e.g. USA, RUSGOV)")
    return code


def parse_date(value: str, name: str) -> dt.date:
    """A calendar day written YYYY-MM-DD (only that form: Python 3.11 would also take 2024-W05 or 20240105)."""
    try:
        if not _DAY.fullmatch(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ParamError(f"{name}={value!r} is not a date; use YYYY-MM-DD") from None


def _int(value: str, name: str, low: int, high: int) -> int:
    if not re.fullmatch(r"[0-9]{1,9}", value):
        raise ParamError(f"{name}={value!r} is not a whole number from {low} to {high:,}")
    number = int(value)
    if not low <= number <= high:
        raise ParamError(f"{name}={value!r} is out of range; use {low} to {high:,}")
    return number


def _confidence(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 0.0 <= number <= 1.0:  # also refuses nan
        raise ParamError(f"min_confidence={value!r} is not a number from 0 to 1")
    return number


def _modes(value: str) -> tuple[str, ...]:
    modes = tuple(m.strip().lower() for m in value.split(",") if m.strip())
    for mode in modes:
        if mode not in MODES:
            raise ParamError(f"mode={mode!r} is not a mode; use {', '.join(MODES)} (comma-separated)")
    return modes


def _sort(value: str) -> str:
    if value.lstrip("-") not in SORTS:
        choices = ", ".join(SORTS)
        raise ParamError(f"sort={value!r} is not a column to sort by; use {choices}, with '-' for descending")
    return value


def _bool(value: str, name: str) -> bool:
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ParamError(f"{name}={value!r} is not 1 or 0")


def parse_filter(params: Mapping[str, Any], extra: Sequence[str] = ()) -> EventFilter:
    """The ``EventFilter`` of a request's query parameters; ``extra`` names the page's own parameters."""
    check_names(params, (*FILTER_PARAMS, *extra))
    values: dict[str, Any] = {}
    for name in ("actor", "source", "target"):
        if (raw := _one(params, name)) is not None:
            values[name] = actor_code(raw, name)
    if (raw := _one(params, "both_ways")) is not None:
        values["both_ways"] = _bool(raw, "both_ways")
    if (raw := _one(params, "code")) is not None:
        if not _CODE.fullmatch(raw):
            raise ParamError(f"code={raw!r} is not a CAMEO event code or its start (2 to 4 digits, e.g. 19, 042)")
        values["code"] = raw
    if (raw := _one(params, "quad")) is not None:
        values["quad"] = _int(raw, "quad", 1, 4)
    if (raw := _one(params, "plover")) is not None:
        plover = raw.upper()
        if not _PLOVER.fullmatch(plover) or plover not in plover_types():
            raise ParamError(f"plover={raw!r} is not a PLOVER type; use one of {', '.join(plover_types())}")
        values["plover"] = plover
    if (raw := _one(params, "mode")) is not None:
        values["modes"] = _modes(raw)
    for name in ("since", "until"):
        if (raw := _one(params, name)) is not None:
            values[name] = parse_date(raw, name)
    if values.get("since") and values.get("until") and values["since"] > values["until"]:
        raise ParamError(f"since={values['since']} is after until={values['until']}")
    if (raw := _one(params, "min_confidence")) is not None:
        values["min_confidence"] = _confidence(raw)
    if (raw := _one(params, "q")) is not None:
        if len(raw) > MAX_TEXT:
            raise ParamError(f"q is {len(raw)} characters long; search for at most {MAX_TEXT}")
        values["text"] = raw
    if (raw := _one(params, "place")) is not None:
        if len(raw) > MAX_TEXT:
            raise ParamError(f"place is {len(raw)} characters long; a place name has at most {MAX_TEXT}")
        values["place"] = raw
    if (raw := _one(params, "sort")) is not None:
        values["sort"] = _sort(raw)
    if (raw := _one(params, "page")) is not None:
        values["page"] = _int(raw, "page", 1, MAX_PAGE)
    if (raw := _one(params, "per_page")) is not None:
        values["per_page"] = _int(raw, "per_page", 1, MAX_PER_PAGE)
    return EventFilter(**values)


def parse_choice(params: Mapping[str, Any], name: str, choices: Sequence[str], default: str) -> str:
    """A parameter that takes one of a few words (``format``, ``freq``)."""
    raw = _one(params, name)
    if raw is None:
        return default
    if raw.lower() not in choices:
        raise ParamError(f"{name}={raw!r} is not allowed; use one of {', '.join(choices)}")
    return raw.lower()


def _actor_clause(side: str, value: str) -> tuple[str, list[Any]]:
    """One side matches an actor code by its start (USA matches USAGOV) or the actor's country."""
    return f"(starts_with({side}_code, ?) OR {side}_country = ?)", [value, value]


def where_clause(f: EventFilter, columns: frozenset[str]) -> tuple[str, list[Any]]:
    """The WHERE text (fixed pieces only) and its bound values for the events of ``f``.

    ``columns`` are the store's event columns: a filter on a column this store lacks (``confidence`` in a
    store written before it existed) is a ParamError, not an SQL error.
    """
    clauses: list[str] = []
    params: list[Any] = []

    def add(sql: str, values: Sequence[Any]) -> None:
        clauses.append(sql)
        params.extend(values)

    if f.actor:
        source, source_values = _actor_clause("source", f.actor)
        target, target_values = _actor_clause("target", f.actor)
        add(f"({source} OR {target})", source_values + target_values)
    if f.source or f.target:
        forward: list[str] = []
        forward_values: list[Any] = []
        backward: list[str] = []
        backward_values: list[Any] = []
        for side, other, value in (("source", "target", f.source), ("target", "source", f.target)):
            if value:
                sql, values = _actor_clause(side, value)
                forward.append(sql)
                forward_values += values
                sql, values = _actor_clause(other, value)
                backward.append(sql)
                backward_values += values
        if f.both_ways:
            add(f"(({' AND '.join(forward)}) OR ({' AND '.join(backward)}))", forward_values + backward_values)
        else:
            add(" AND ".join(forward), forward_values)
    if f.code:
        add("starts_with(event_code, ?)", [f.code])
    if f.quad:
        add("quad_class = ?", [f.quad])
    if f.plover:
        add("plover_type = ?", [f.plover])
    if f.modes:
        add(f"mode IN ({', '.join('?' for _ in f.modes)})", list(f.modes))
    if f.since:
        add("event_date >= ?", [f.since])
    if f.until:
        add("event_date <= ?", [f.until])
    if f.min_confidence is not None:
        if "confidence" not in columns:
            raise ParamError("min_confidence: this store has no confidence column (written by an older tidings)")
        add("confidence >= ?", [f.min_confidence])
    if f.text:
        add("contains(lower(evidence_sentence), lower(?))", [f.text])
    if f.place:
        add("lower(location_name) = lower(?)", [f.place])
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def order_clause(f: EventFilter, columns: frozenset[str], tiebreak: str = "event_id") -> str:
    """ORDER BY text for ``f.sort`` (a fixed column name from ``SORTS``), ties broken by ``tiebreak``.

    Readers of the events table break ties by ``rowid``: sorting a million rows on a string key as well
    costs four times more, and the row order of one store version is as fixed as its ids.
    """
    column = SORTS[f.sort.lstrip("-")]
    if column not in columns:
        raise ParamError(f"sort={f.sort!r}: this store has no {column} column")
    direction = "DESC" if f.sort.startswith("-") else "ASC"
    return f" ORDER BY {column} {direction} NULLS LAST, {tiebreak}"
