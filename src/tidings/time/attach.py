"""Which time expression dates an event: the one in its clause, else its sentence, else the date the
narrative is at (the last day named before it), else the article date.

:func:`clause_span` gives the character span of the clause an event trigger heads, so that in "X said on
Monday that Y attacked Z on Sunday" Sunday dates the attack and Monday the statement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tidings.model import PRECISIONS, TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["clause_span", "event_date"]

# ----------------------------------------------------------------------------------------- event date

_CONTEXTS = ("clause", "sentence", "article", "past")


def event_date(
    expressions: Sequence[TimeExpression],
    clause_span: tuple[int, int] | None,
    sentence_span: tuple[int, int],
    anchor_date: dt.date,
    context: str = "article",
    *,
    trigger_char: int | None = None,
) -> tuple[dt.date, dt.date | None, str]:
    """The date of one event: ``(event_date, event_date_end, precision)``.

    Looks for a time expression inside the event's clause, then (unless ``context="clause"``) inside its
    sentence; with ``context="article"`` (the default) an event whose sentence names no date happened on the
    day the narrative is at: the last day named before its sentence, if that day is not after the article
    date ("On Thursday an attacker stabbed four people. He was shot dead by police." dates both on
    Thursday). Otherwise it falls back to the article date with precision ``article``. Only expressions
    that name days count (not durations, sets or ``PAST_REF``). All spans are character offsets into the
    same text as the expressions. With several candidates in a scope, the nearest to ``trigger_char`` wins
    (then the finest precision, then the first); without a trigger, the finest precision, then the first. A
    possessive weekday dates the noun it qualifies ("Sunday's vote"), so it comes after the other
    candidates unless the trigger follows it closely. Outside the clause, a date after the article date
    belongs to some other, planned event ("confirmed that the runoff will be held on 19 June"), so the
    sentence does not lend it. ``context="past"`` (see :func:`date_context`) is ``"article"`` for an act the
    text reports as done: no date after the article date dates it, even inside its clause ("met ... to sign a
    deal to build the pipeline by 2025"). ``event_date_end`` is None when the range is a single day.
    """
    if context not in _CONTEXTS:
        raise ValueError(f"context must be one of {', '.join(_CONTEXTS)}, not {context!r}")
    datable = [x for x in expressions if x.start is not None and x.end is not None and x.precision]
    scopes = [(clause_span, False)] if clause_span is not None else []
    if context != "clause":
        scopes.append((sentence_span, True))
    for span, borrowed in scopes:
        if span is None:
            continue
        lo, hi = span
        inside = [
            x
            for x in datable
            if lo <= x.start_char
            and x.end_char <= hi
            and not ((borrowed or context == "past") and x.start > anchor_date)  # type: ignore[operator]
        ]
        if inside:
            best = min(inside, key=lambda x: _candidate_rank(x, trigger_char))
            assert best.start is not None and best.end is not None
            return best.start, (best.end if best.end != best.start else None), str(best.precision)
    if context in ("article", "past"):
        narrative = narrative_day(datable, sentence_span[0], anchor_date)
        if narrative is not None and narrative != anchor_date:
            return narrative, None, "day"
    return anchor_date, None, "article"


def date_context(trigger: Token, mode: str = "reported") -> str:
    """The ``context`` of :func:`event_date` for one event: ``"past"`` for an act reported as done (mode
    reported, claimed or alleged, or a past tense), whose date cannot be after the article date; ``"sentence"``
    for a present perfect ("US warplanes have also struck depots"), done at some time up to now rather than on
    the day the story is telling; otherwise ``"article"``."""
    verb = trigger
    while verb.pos_ not in _VERBAL and verb.head.i != verb.i:
        verb = verb.head  # a nominal event takes the tense of the clause it sits in
    if verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBP", "VBZ") for c in verb.children
    ):
        return "sentence"
    if mode in ("reported", "claimed", "alleged") or verb.tag_ == "VBD":
        return "past"
    return "article"


def narrative_day(expressions: Sequence[TimeExpression], before: int, anchor_date: dt.date) -> dt.date | None:
    """The day a story is at when it reaches offset ``before``: the last day-precision date named before it
    that is not still to come (a planned event does not date what is reported after it)."""
    for x in reversed(expressions):
        if x.end_char <= before and x.precision == "day" and x.start is not None and x.start <= anchor_date:
            return x.start
    return None


# How far after a possessive date ("Sunday's") a trigger may start and still be the noun it qualifies.
_POSSESSED_WITHIN = 30


def _candidate_rank(expr: TimeExpression, trigger_char: int | None) -> tuple[int, int, int, int]:
    distance = 0
    if trigger_char is not None:
        if trigger_char < expr.start_char:
            distance = expr.start_char - trigger_char
        elif trigger_char >= expr.end_char:
            distance = trigger_char - expr.end_char + 1
    possessive = expr.text.endswith(("'s", "’s"))
    qualifies_trigger = trigger_char is not None and 0 <= trigger_char - expr.end_char <= _POSSESSED_WITHIN
    aside = int(possessive and not qualifies_trigger)
    return aside, distance, PRECISIONS.index(str(expr.precision)), expr.start_char


# ------------------------------------------------------------------------------------------ clause span

# Dependents that start a clause of their own: their dates belong to their own event, not the trigger's.
_CLAUSAL_DEPS = {"ccomp", "advcl", "relcl", "conj", "parataxis"}
_CLAUSE_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_VERBAL = {"VERB", "AUX"}


def clause_span(trigger: Token) -> tuple[int, int]:
    """The character span of the clause an event trigger heads, as ``token.doc`` offsets (``token.idx``).

    The clause is the trigger's subtree minus embedded clauses with their own verb (ccomp, advcl,
    relcl, parataxis, verb conjuncts, and xcomp with its own subject): in "X said on Monday that Y
    attacked Z on Sunday" the clause of "said" is "X said on Monday" and that of "attacked" is "that Y
    attacked Z on Sunday". A noun trigger ("launched an attack on Sunday") is dated by the clause of the
    verb that governs it. The span is the unbroken stretch of clause tokens around the trigger, so an
    embedded clause in the middle ("The minister, who arrived on Sunday, said...") cuts it there. Add the
    sentence's start if the caller's offsets are sentence-relative; for a ``Span`` use ``span.start_char``.
    """
    head = trigger
    while head.pos_ not in _VERBAL and head.head.i != head.i:
        head = head.head
    if head.pos_ not in _VERBAL:
        head = trigger
    dropped: set[int] = set()
    for tok in head.subtree:
        if tok.i != head.i and tok.i not in dropped and _is_embedded_clause(tok):
            dropped.update(t.i for t in tok.subtree)
    kept = {t.i for t in head.subtree} - dropped
    lo = hi = head.i
    while lo - 1 in kept:
        lo -= 1
    while hi + 1 in kept:
        hi += 1
    doc = head.doc
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def _is_embedded_clause(tok: Token) -> bool:
    if tok.pos_ not in _VERBAL:
        return False
    if tok.dep_ in _CLAUSAL_DEPS:
        return True
    return tok.dep_ == "xcomp" and any(c.dep_ in _CLAUSE_SUBJECT_DEPS for c in tok.children)
