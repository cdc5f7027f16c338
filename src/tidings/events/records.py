"""What the event coder hands on: coded events with their trigger token, and traces of what it tried.

Its own module so that the coder and its collaborators (requests, venue) share these records without
importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from tidings.model import Event, Evidence, Sentence
from tidings.ontology import event_type_or_user


@dataclass
class Trace:
    """What the coder tried for one trigger, for ``tidings explain``."""

    trigger: str
    token_index: int
    patterns_tried: int = 0
    chosen: str | None = None
    outcome: str = ""
    events: list[str] = field(default_factory=list)


@dataclass
class CodedEvent:
    """An event with the parsed trigger token kept, so later stages can date and place it."""

    event: Event
    trigger: Token


def make_event(tok, code, source, target, mode, why, sentence: Sentence, pattern) -> CodedEvent:
    """A coded event of ``code`` at trigger token ``tok``, with evidence offsets and codebook attributes."""
    et = event_type_or_user(code)
    start = sentence.start + tok.idx
    ev = Event(
        article_id=sentence.article_id,
        sentence_index=sentence.index,
        event_code=code,
        source=source,
        target=target,
        evidence=Evidence(
            sentence=sentence.text,
            sentence_start=sentence.start,
            sentence_end=sentence.end,
            trigger_start=start,
            trigger_end=start + len(tok.text),
            source_start=source.start if source and source.start >= 0 else None,
            source_end=source.end if source and source.end >= 0 else None,
            target_start=target.start if target and target.start >= 0 else None,
            target_end=target.end if target and target.end >= 0 else None,
        ),
        mode=mode,
        event_root_code=et.root_code,
        quad_class=et.quad_class,
        goldstein=et.goldstein,
        plover_type=et.plover_type,
        trigger=tok.text,
        notes=[pattern.describe() if pattern else "speech event", f"mode: {why}"],
    )
    return CodedEvent(ev, tok)
