"""What the event coder hands on: coded events with their trigger token, and traces of what it tried.

Its own module so that the coder and its collaborators (requests, venue) share these records without
importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from tidings.model import Event


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
