"""Why a gold event was missed: the stage of the pipeline that lost it, decided from what the coder left.

A gold event names its evidence sentence; the pipeline keeps, per sentence, whether the pre-filter sent it
to the parser and, per trigger word, what the event coder tried (``events.coder.Trace``). From those and the
events coded, each miss gets one reason, the first of these that holds:

==========================  ==================================================================================
``taken by another gold``   a fitting factual event exists, but an earlier gold event of the article took it
``wrong mode``              a fitting event exists, but as hypothetical or negated (not a fact)
``evidence not in text``    the gold's sentence is not in the article (a gold-file problem)
``pre-filter dropped``      no sentence of the evidence was parsed: the cheap token filter dropped it
``wrong actor``             an event of the sentence has a fitting root, but not fitting participants
``wrong code``              an event of the sentence has fitting participants, but another code
``no actor found``          a trigger's pattern fit, but no source actor was found for it
``no target``               a trigger's pattern fit and a source was found, but no target
``other event coded``       the sentence gave events, with neither a fitting root nor fitting participants
``no pattern/trigger``      the sentence was parsed, but no trigger word's pattern fit (or none was there)
==========================  ==================================================================================

The order puts the most specific evidence first: an event that nearly fits says more than a trace.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tidings.article_gold import GoldEvent, event_fits, is_fact, participants_fit, root_fits
from tidings.events.records import Trace
from tidings.model import Event, Sentence

TAKEN = "taken by another gold"
WRONG_MODE = "wrong mode"
NOT_IN_TEXT = "evidence not in text"
PREFILTER = "pre-filter dropped"
WRONG_ACTOR = "wrong actor"
WRONG_CODE = "wrong code"
NO_ACTOR = "no actor found"
NO_TARGET = "no target"
OTHER_EVENT = "other event coded"
NO_PATTERN = "no pattern/trigger"
#: Every reason, in the order they are tried.
REASONS: tuple[str, ...] = (
    TAKEN,
    WRONG_MODE,
    NOT_IN_TEXT,
    PREFILTER,
    WRONG_ACTOR,
    WRONG_CODE,
    NO_ACTOR,
    NO_TARGET,
    OTHER_EVENT,
    NO_PATTERN,
)
#: Trace outcomes (``EventCoder``) that name a missing participant, with the reason they stand for.
_TRACE_REASONS = (("no source actor", NO_ACTOR), ("no target actor", NO_TARGET))


@dataclass(frozen=True)
class SentenceStatus:
    """What the pipeline did with one sentence: parsed or not (and why not), and the trigger traces."""

    sentence: Sentence
    parsed: bool
    traces: tuple[Trace, ...] = ()
    #: Why the pre-filter dropped the sentence, when it says so.
    dropped_because: str | None = None


@dataclass(frozen=True)
class Miss:
    """A gold event no factual event matched, with the reason and the sentences it was looked for in."""

    article_id: str
    gold: GoldEvent
    reason: str
    sentence_indexes: tuple[int, ...]
    detail: str = ""


def evidence_sentences(gold_sentence: str, text: str, sentences: Sequence[Sentence]) -> tuple[int, ...]:
    """Indexes of our sentences that overlap the gold's evidence sentence (our splitter may cut it otherwise)."""
    start = text.find(gold_sentence) if gold_sentence else -1
    end = start + len(gold_sentence)
    if start < 0 and gold_sentence:
        # Whitespace differences (a line break where the gold copied a space) should not lose the evidence.
        pattern = r"\s+".join(re.escape(w) for w in gold_sentence.split())
        m = re.search(pattern, text) if pattern else None
        if m is not None:
            start, end = m.start(), m.end()
    if start < 0:
        return ()
    return tuple(s.index for s in sentences if s.start < end and s.end > start)


def miss_reason(
    gold: GoldEvent,
    events: Sequence[Event],
    statuses: Sequence[SentenceStatus],
    evidence: tuple[int, ...],
) -> tuple[str, str]:
    """The reason a gold event was missed and a short detail (the trace or event that shows it).

    ``events`` are all the article's events, whatever their mode; ``statuses`` the article's sentences.
    """
    fitting = [e for e in events if event_fits(gold, e)]
    if any(is_fact(e) for e in fitting):
        return TAKEN, _show(next(e for e in fitting if is_fact(e)))
    if fitting:
        return WRONG_MODE, _show(fitting[0])
    if not evidence:
        return NOT_IN_TEXT, gold.sentence[:60]
    here = [s for s in statuses if s.sentence.index in evidence]
    if here and not any(s.parsed for s in here):
        why = "; ".join(s.dropped_because for s in here if s.dropped_because)
        return PREFILTER, why
    in_sentence = [e for e in events if e.sentence_index in evidence]
    for e in in_sentence:
        if root_fits(gold, e):
            return WRONG_ACTOR, _show(e)
    for e in in_sentence:
        if participants_fit(gold, e):
            return WRONG_CODE, _show(e)
    traces = [t for s in here for t in s.traces]
    # A trigger whose pattern has the gold's root speaks for this event; any other trigger only for the sentence.
    for group in ([t for t in traces if _trace_fits(gold, t)], traces):
        for prefix, reason in _TRACE_REASONS:
            for t in group:
                if t.outcome.startswith(prefix):
                    return reason, f"'{t.trigger}': {t.outcome}"
    if in_sentence:
        return OTHER_EVENT, _show(in_sentence[0])
    tried = ", ".join(f"'{t.trigger}' ({t.outcome})" for t in traces)
    return NO_PATTERN, tried or "no trigger word with a pattern"


#: The code at the end of ``Pattern.describe()`` ("attack/V ... → 190 (ours)"), as a trace records it.
_DESCRIBED_CODE = re.compile(r"→ (\S+) \(")


def _trace_fits(gold: GoldEvent, trace: Trace) -> bool:
    """Was the trigger's chosen pattern one of the gold's roots (or codes)?"""
    m = _DESCRIBED_CODE.search(trace.chosen or "")
    code = m.group(1) if m else ""
    return bool(code) and any(code[:2] == r if len(r) == 2 else code.startswith(r) for r in gold.roots)


def _show(e: Event) -> str:
    s = e.source.code if e.source and e.source.code else (e.source.name if e.source else "-")
    t = e.target.code if e.target and e.target.code else (e.target.name if e.target else "-")
    return f"coded {s} → {t} {e.event_code} ({e.mode}, sentence {e.sentence_index})"
