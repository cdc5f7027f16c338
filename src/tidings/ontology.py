"""The CAMEO codebook: labels, Goldstein scores, QuadClass, PLOVER types and country codes.

Everything is read from the TSV tables in ``tidings/data`` (copied from the shared reference with their
source notes), once per process, so that a user can inspect or replace the tables without touching code.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pycountry


def read_table(name: str) -> Iterator[dict[str, str]]:
    """Rows of a packaged TSV table as dicts, skipping the ``#`` source-note lines at its top."""
    text = resources.files("tidings.data").joinpath(name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


@dataclass(frozen=True)
class EventType:
    """One CAMEO event code with the attributes every emitted event carries."""

    code: str
    label: str
    root_code: str
    goldstein: float
    quad_class: int
    plover_type: str | None


@lru_cache(maxsize=1)
def _codebook() -> dict[str, EventType]:
    plover: dict[str, str] = {}
    for row in read_table("plover_mapping.tsv"):
        # A root can map to two PLOVER types (08 → CONCEDE and RETREAT); the first listed is the default.
        plover.setdefault(row["cameo_code"], row["plover_event"])
    book: dict[str, EventType] = {}
    for row in read_table("cameo_event_codes.tsv"):
        code = row["code"]
        ptype = plover.get(code) or plover.get(code[:3]) or plover.get(row["root_code"])
        book[code] = EventType(
            code=code,
            label=row["label"],
            root_code=row["root_code"],
            goldstein=float(row["goldstein"]),
            quad_class=int(row["quad_class"]),
            plover_type=ptype or None,
        )
    return book


def event_type(code: str) -> EventType:
    """Look up a CAMEO event code; unknown 4-digit codes fall back to their 3-digit parent.

    Raises ``KeyError`` for codes outside CAMEO so that a typo in a user's pattern file is caught early.
    """
    book = _codebook()
    if code in book:
        return book[code]
    for parent in (code[:3], code[:2]):
        if parent in book:
            base = book[parent]
            return EventType(code, base.label, base.root_code, base.goldstein, base.quad_class, base.plover_type)
    raise KeyError(f"unknown CAMEO event code {code!r}")


def event_type_or_user(code: str) -> EventType:
    """Like ``event_type``, but a code from a user's own dictionary that CAMEO lacks (``174L``, ``901``)
    gets its root from its first two digits and no Goldstein score or PLOVER type."""
    try:
        return event_type(code)
    except KeyError:
        root = code[:2]
        quad = None
        if root.isdigit():
            r = int(root)
            quad = 1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4 if r <= 20 else None
        return EventType(code, "user-defined code", root, None, quad, None)  # type: ignore[arg-type]


def is_event_code(code: str) -> bool:
    """True when ``code`` is (or specialises) a CAMEO event code."""
    try:
        event_type(code)
    except KeyError:
        return False
    return True


def event_codes() -> dict[str, EventType]:
    """The whole codebook, keyed by code."""
    return dict(_codebook())


# CAMEO country codes that are not ISO-3166 alpha-3 (GDELT quirks and places CAMEO codes as countries).
_CAMEO_TO_ISO = {
    "ROM": "ROU",
    "TMP": "TLS",
    "IMY": "IMN",
    "MTN": "MNE",
    "WSB": "PSE",
    "GZS": "PSE",
    "BAG": "IRQ",
}


@lru_cache(maxsize=1)
def cameo_countries() -> dict[str, str]:
    """CAMEO country and region codes with their labels."""
    return {row["code"]: row["label"] for row in read_table("cameo_countries.tsv")}


@lru_cache(maxsize=4096)
def iso3_for_cameo(code: str | None) -> str | None:
    """ISO-3166 alpha-3 for a CAMEO country code, ``None`` for regions (``AFR``) and non-country codes."""
    if not code:
        return None
    code = code[:3]
    if code in _CAMEO_TO_ISO:
        return _CAMEO_TO_ISO[code]
    if pycountry.countries.get(alpha_3=code) is not None:
        return code
    return None


@lru_cache(maxsize=512)
def cameo_for_iso3(iso3: str) -> str:
    """The CAMEO country code for an ISO-3166 alpha-3 code (the same, except GDELT's ROM and TMP)."""
    reverse = {"ROU": "ROM", "TLS": "TMP", "IMN": "IMY", "MNE": "MNE"}
    return reverse.get(iso3, iso3)


@lru_cache(maxsize=1)
def actor_types() -> dict[str, str]:
    """CAMEO actor type (role) codes with labels: GOV, MIL, REB, ..."""
    types = {row["code"]: row["label"] for row in read_table("cameo_actor_types.tsv")}
    types.setdefault("PTY", "Political party")  # in the CAMEO manual, absent from GDELT's type table
    return types


def split_actor_code(code: str) -> tuple[str | None, str | None]:
    """Split a CAMEO composite into (ISO3 country, first role code): ``PAKGOV`` → (``PAK``, ``GOV``).

    IGO and other non-country codes give no country; their role is the first known type after the prefix
    (``IGOUNO`` → (None, ``IGO``)).
    """
    if not code:
        return None, None
    code = code.strip().upper()
    types = actor_types()
    country = iso3_for_cameo(code[:3]) if len(code) >= 3 else None
    if code[:3] in cameo_countries() or country:
        rest = code[3:]
    else:
        rest = code
    role = None
    for i in range(0, len(rest) - 2, 3):
        chunk = rest[i : i + 3]
        if chunk in types:
            role = chunk
            break
    return country, role


@lru_cache(maxsize=1)
def _code_forms() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in read_table("cameo_code_forms.tsv")}


def code_form(act_code: str, form: str) -> str | None:
    """The code of an act's ``form`` (``intent``, ``threat``, ``appeal``, ``demand``): the most specific prefix of
    ``act_code`` in ``data/cameo_code_forms.tsv`` that has one, or None when CAMEO has no such form."""
    table = _code_forms()
    for n in (4, 3, 2):
        row = table.get(act_code[:n])
        if row and row.get(form):
            return row[form]
    return None


@lru_cache(maxsize=1)
def symmetric_codes() -> frozenset[str]:
    """Codes of acts both parties do together (meet, negotiate, sign): either direction is the same event."""
    return frozenset(code for code, row in _code_forms().items() if row.get("symmetric") == "yes")
