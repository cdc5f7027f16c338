"""The records tidings passes between stages: articles in, actors, time expressions, places and events out.

Only plain dataclasses live here, so every stage (ingest, actors, events, time, geo, store, export) can
share them without importing each other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

#: The attribution/modality values an event can carry, from most to least certain.
MODES = ("reported", "claimed", "alleged", "hypothetical", "negated")
#: Date precisions, finest first. ``article`` means "no date in the text: the story date was used".
PRECISIONS = ("day", "week", "month", "year", "article")


@dataclass(frozen=True)
class Article:
    """One news story as read from the input: the unit of ingest, dedup and idempotent storage."""

    id: str
    date: dt.date
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    #: news_report | opinion | interview | press_release: decided from the text by ``tidings.genre`` when the
    #: pipeline codes the article (unless given); it changes what an event's mode means. Not part of the hash:
    #: it follows from the text.
    genre: str | None = None

    @property
    def content_hash(self) -> str:
        """A hash of what the coder sees, so a store can tell a changed article from a re-run."""
        h = hashlib.sha1()
        for part in (self.id, self.date.isoformat(), self.title or "", self.text):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()


@dataclass(frozen=True)
class Sentence:
    """A sentence with its offsets into the article text (``article.text[start:end] == text``)."""

    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Actor:
    """A coded actor mention.

    ``code`` is the CAMEO composite (``PAKGOV``, ``IGOUNO``, ``SYRREB``); ``country`` the ISO-3166 alpha-3
    code when the actor belongs to a country; ``type`` the primary CAMEO role code (``GOV``, ``MIL``...).
    Offsets are into the article text. ``kind`` says how it was recognised (country, capital, demonym_role,
    role, person, igo, group, coref, unknown) so a user can audit the coder.
    """

    code: str
    name: str
    start: int
    end: int
    country: str | None = None
    type: str | None = None
    kind: str = "country"


@dataclass(frozen=True)
class TimeExpression:
    """A time expression resolved against the article date, with its TimeML (TIMEX3) ``type`` and ``value``.

    ``start``/``end``/``precision`` give the calendar period it names; they are None for expressions that
    name none (durations "three days", sets "every week", ``PAST_REF`` "recently"), which never date events.
    """

    article_id: str
    text: str
    start_char: int
    end_char: int
    value: str
    start: dt.date | None
    end: dt.date | None
    precision: str | None
    type: str = "DATE"

    def to_record(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "text": self.text,
            "start_char": self.start_char,
            "end_char": self.end_char,
            "type": self.type,
            "value": self.value,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "precision": self.precision,
        }


@dataclass(frozen=True)
class Location:
    """Where an event happened, resolved against a gazetteer."""

    name: str
    country: str | None
    latitude: float | None
    longitude: float | None
    start_char: int | None = None
    end_char: int | None = None
    feature: str = "city"  # country | admin1 | city


@dataclass(frozen=True)
class Evidence:
    """The text a person needs to check an event: the sentence and where each part sits in the article."""

    sentence: str
    sentence_start: int
    sentence_end: int
    trigger_start: int
    trigger_end: int
    source_start: int | None = None
    source_end: int | None = None
    target_start: int | None = None
    target_end: int | None = None


@dataclass
class Event:
    """One coded event mention: the record tidings emits, one per (source, target, code) in a sentence."""

    article_id: str
    sentence_index: int
    event_code: str
    source: Actor | None
    target: Actor | None
    evidence: Evidence
    mode: str = "reported"
    event_date: dt.date | None = None
    event_date_end: dt.date | None = None
    date_precision: str = "article"
    location: Location | None = None
    event_root_code: str = ""
    quad_class: int | None = None
    goldstein: float | None = None
    plover_type: str | None = None
    trigger: str = ""
    #: How sure the coder is of this event (0–1): 1.0 when source and target sit in the trigger's own dependency
    #: frame; lower when a fallback rule found a participant further away (clause, sentence, article context).
    confidence: float = 1.0
    #: The named rule that found each participant ("subject", "passive agent", "story country", ...): printed by
    #: ``tidings explain`` so a user can see why an actor was chosen.
    source_rule: str | None = None
    target_rule: str | None = None
    #: Free-form notes on how the event was coded (pattern id, rule names): shown by ``tidings explain``.
    notes: list[str] = field(default_factory=list)

    @property
    def event_id(self) -> str:
        """Stable id: the same article, sentence, trigger, actors and code always give the same id."""
        key = "|".join(
            str(x)
            for x in (
                self.article_id,
                self.sentence_index,
                self.evidence.trigger_start,
                self.source.code if self.source else "",
                self.source.start if self.source else "",
                self.target.code if self.target else "",
                self.target.start if self.target else "",
                self.event_code,
            )
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_record(self) -> dict[str, Any]:
        """The flat output contract (see README): one JSON-able dict per event."""
        rec: dict[str, Any] = {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "sentence_index": self.sentence_index,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "event_date_end": self.event_date_end.isoformat() if self.event_date_end else None,
            "date_precision": self.date_precision,
        }
        for role, actor in (("source", self.source), ("target", self.target)):
            rec[f"{role}_code"] = actor.code if actor else None
            rec[f"{role}_name"] = actor.name if actor else None
            rec[f"{role}_country"] = actor.country if actor else None
            rec[f"{role}_type"] = actor.type if actor else None
        loc = self.location
        ev = self.evidence
        rec.update(
            {
                "event_code": self.event_code,
                "event_root_code": self.event_root_code,
                "quad_class": self.quad_class,
                "goldstein": self.goldstein,
                "plover_type": self.plover_type,
                "mode": self.mode,
                "confidence": self.confidence,
                "source_rule": self.source_rule,
                "target_rule": self.target_rule,
                "trigger": self.trigger,
                "location_name": loc.name if loc else None,
                "location_country": loc.country if loc else None,
                "latitude": loc.latitude if loc else None,
                "longitude": loc.longitude if loc else None,
                "evidence": {
                    "sentence": ev.sentence,
                    "sentence_start": ev.sentence_start,
                    "sentence_end": ev.sentence_end,
                    "trigger_start": ev.trigger_start,
                    "trigger_end": ev.trigger_end,
                    "source_start": ev.source_start,
                    "source_end": ev.source_end,
                    "target_start": ev.target_start,
                    "target_end": ev.target_end,
                },
            }
        )
        return rec
