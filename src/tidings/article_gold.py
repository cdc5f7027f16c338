"""The article-level gold format (``REAL_NEWS_CODING.md``): what a gold event accepts, and how a whole
article's events are matched against it.

A careful coder reads a whole article and lists every event in it; many codings are defensible, so a gold
event lists what it accepts instead of one answer: alternative roots (``["18", "19"]``) or one exact
three-digit code (``"057"``), actors as code-or-country prefixes (``["USA"]`` accepts ``USAGOV`` and an actor
whose country is ``USA``), ``["*"]`` for "any actor or none", ``symmetric`` for acts either direction fits,
``forbid`` for an act that must not be emitted as a fact, and a ``date`` (a day or an inclusive range).

The rules are those of the project's reference scorer (``../shared/benchmarks/score_articles.py``), so
``tidings eval`` and that script print the same figures: gold events are taken in file order, each takes the
first unused fitting event of its article; events whose mode is not a fact (hypothetical, negated) are not
predictions at all; a forbidden gold event is "emitted" when any factual event fits it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tidings.errors import InputError
from tidings.model import Event

#: Modes that say an event did not (yet) happen: such events are right for forbidden gold, never a fact.
NONFACT_MODES = frozenset({"negated", "hypothetical", "counterfactual", "denied"})
#: Actor prefix meaning "any actor or none".
ANY_ACTOR = "*"


@dataclass(frozen=True)
class GoldEvent:
    """One event of an article as the gold coder wrote it, with what it accepts."""

    source: tuple[str, ...]
    target: tuple[str, ...]
    #: Two-digit roots any of which fits, or longer codes an event's code must start with.
    roots: tuple[str, ...]
    #: The day (``("2019-01-21",)``) or inclusive range (``(first, last)``) of the event; empty: not fixed.
    date: tuple[str, ...] = ()
    mode: str = "reported"
    symmetric: bool = False
    forbid: bool = False
    sentence: str = ""

    def describe(self) -> str:
        """``USA → IRN 11`` with alternatives joined by ``|``: how a miss is listed."""
        mark = " ↔ " if self.symmetric else " → "
        return f"{'|'.join(self.source) or '-'}{mark}{'|'.join(self.target) or '-'} {'|'.join(self.roots)}"


@dataclass
class ArticleMatch:
    """How one article's events met its gold: which gold event took which event, and what was left."""

    #: (gold event, the event it matched or None) for every non-forbidden gold event, in gold order.
    pairs: list[tuple[GoldEvent, Event | None]] = field(default_factory=list)
    #: Forbidden gold events some factual event fits, with that event.
    forbidden_emitted: list[tuple[GoldEvent, Event]] = field(default_factory=list)
    forbidden: int = 0
    #: Factual events no gold event took.
    unmatched: list[Event] = field(default_factory=list)


def is_article_gold(records: Sequence[Mapping[str, Any]]) -> bool:
    """True when a gold file is in the article-level format: its gold events give ``root`` (the sentence
    formats give ``code``)."""
    return any(isinstance(g, Mapping) and "root" in g for r in records for g in (r.get("gold") or []))


def _prefixes(value: Any, what: str, where: str, line: int | None) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(x, str) and x.strip() for x in items):
        raise InputError(where, f"gold {what} must be a code or a list of codes, got {value!r}", line)
    return tuple(x.strip().upper() for x in items)


def _date_field(value: Any, where: str, line: int | None) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    items = value if isinstance(value, list) else [value]
    try:
        days = tuple(dt.date.fromisoformat(str(x)[:10]).isoformat() for x in items)
    except ValueError:
        raise InputError(where, f"gold date {value!r} is not YYYY-MM-DD or [first, last]", line) from None
    if len(days) not in (1, 2) or (len(days) == 2 and days[0] > days[1]):
        raise InputError(where, f"gold date {value!r} must be one day or [first, last]", line)
    return days


def parse_gold_event(raw: Any, where: str = "gold", line: int | None = None) -> GoldEvent:
    """A gold event from its JSON object, or an ``InputError`` naming the file and line."""
    if not isinstance(raw, Mapping):
        raise InputError(where, f"a gold event must be an object, got {raw!r}", line)
    roots = _prefixes(raw.get("root"), "root", where, line)
    if not roots or not all(r.isdigit() and len(r) >= 2 for r in roots):
        raise InputError(where, f"gold root must be a CAMEO code or a list of them, got {raw.get('root')!r}", line)
    return GoldEvent(
        source=_prefixes(raw.get("source"), "source", where, line),
        target=_prefixes(raw.get("target"), "target", where, line),
        roots=roots,
        date=_date_field(raw.get("date"), where, line),
        mode=str(raw.get("mode") or "reported"),
        symmetric=bool(raw.get("symmetric")),
        forbid=bool(raw.get("forbid")),
        sentence=str(raw.get("sentence") or ""),
    )


def actor_fits(prefixes: tuple[str, ...], code: str | None, country: str | None) -> bool:
    """Does an actor with ``code`` and ``country`` fit the gold prefixes? No prefixes or ``*``: anything does."""
    if not prefixes or ANY_ACTOR in prefixes:
        return True
    candidates = [c.upper() for c in (code, country) if c]
    return any(c.startswith(p) for p in prefixes for c in candidates)


def root_fits(gold: GoldEvent, event: Event) -> bool:
    """A two-digit gold root needs the same root; a longer gold code needs the event's code to start with it."""
    root = event.event_root_code or event.event_code[:2]
    return any(root == r if len(r) == 2 else event.event_code.startswith(r) for r in gold.roots)


def _actors(event: Event) -> tuple[tuple[str | None, str | None], tuple[str | None, str | None]]:
    s, t = event.source, event.target
    return (s.code if s else None, s.country if s else None), (t.code if t else None, t.country if t else None)


def participants_fit(gold: GoldEvent, event: Event) -> bool:
    """Source and target fit, in the gold's direction or, for a symmetric act, the reverse one."""
    (sc, scy), (tc, tcy) = _actors(event)
    if actor_fits(gold.source, sc, scy) and actor_fits(gold.target, tc, tcy):
        return True
    return gold.symmetric and actor_fits(gold.source, tc, tcy) and actor_fits(gold.target, sc, scy)


def event_fits(gold: GoldEvent, event: Event) -> bool:
    """The event is the gold event: a fitting root and fitting participants."""
    return root_fits(gold, event) and participants_fit(gold, event)


def date_fits(gold: GoldEvent, event: Event) -> bool | None:
    """Is the event dated as the gold says? None when the gold gives no date."""
    if not gold.date:
        return None
    if event.event_date is None:
        return False
    day = event.event_date.isoformat()
    return gold.date[0] <= day <= gold.date[-1]


def is_fact(event: Event) -> bool:
    """Events the text does not assert as having happened are not predictions."""
    return event.mode.lower() not in NONFACT_MODES


def match_article(gold: Sequence[GoldEvent], events: Sequence[Event]) -> ArticleMatch:
    """Match an article's factual events to its gold events (the reference scorer's greedy rule)."""
    facts = [e for e in events if is_fact(e)]
    out = ArticleMatch()
    for g in gold:
        if g.forbid:
            out.forbidden += 1
            hit = next((e for e in facts if event_fits(g, e)), None)
            if hit is not None:
                out.forbidden_emitted.append((g, hit))
    used: set[int] = set()
    for g in gold:
        if g.forbid:
            continue
        index = next((i for i, e in enumerate(facts) if i not in used and event_fits(g, e)), None)
        if index is not None:
            used.add(index)
        out.pairs.append((g, facts[index] if index is not None else None))
    out.unmatched = [e for i, e in enumerate(facts) if i not in used]
    return out
