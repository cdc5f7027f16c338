"""Intents, threats and requests: acts that are the content of a promise, threat, appeal or demand are coded
as the promise, threat, appeal or demand of that act (CAMEO 03x, 13x, 02x, 10x), not as having happened."""

from __future__ import annotations

from spacy.tokens import Doc

from tidings.actors.coder import SentenceActors
from tidings.events.frames import FrameMatcher
from tidings.events.framing import (
    intent_code,
    intent_governor,
    request_code,
    request_kind,
    threat_code,
    threat_governor,
)
from tidings.events.modality import SPEECH_VERBS, detect_mode
from tidings.events.parties import PartyFinder
from tidings.events.records import CodedEvent, make_event
from tidings.events.syntax import (
    dominates,
    infinitival,
)
from tidings.model import Event, Sentence
from tidings.ontology import event_type_or_user


class RequestCoding:
    """Recodes events governed by a word of promise, threat or request (a collaborator of ``EventCoder``)."""

    def __init__(self, frames: FrameMatcher, parties: PartyFinder) -> None:
        self.frames = frames
        self.parties = parties

    def intents(self, events: list[CodedEvent], sentence: Sentence) -> list[CodedEvent]:
        """ "X agreed to release Y", "X offered to mediate", "X is ready to hold talks": CAMEO codes the
        expressed intent (03x, by the kind of act promised), not the act, which has not happened."""
        # The governor's own pattern may know only the bare root ("threatened" → 130, "offered" → 030);
        # the act threatened or promised names the specific code, which then replaces the generic one.
        # A governor with a specific code of its own keeps it.
        own_specific = {(e.trigger.i, e.event.event_code[:2]) for e in events if not _generic(e.event.event_code)}
        generic: dict[tuple[int, str], list[CodedEvent]] = {}
        for e in events:
            if _generic(e.event.event_code):
                generic.setdefault((e.trigger.i, e.event.event_code[:2]), []).append(e)
        out: list[CodedEvent] = []
        dropped: set[int] = set()
        made: set[tuple[int, str, str]] = set()
        for ce in events:
            gov, code = intent_governor(ce.trigger), None
            if gov is not None:
                code = intent_code(ce.event.event_code)
            else:
                gov = threat_governor(ce.trigger)
                code = threat_code(ce.event.event_code) if gov is not None else None
            if gov is None or code is None or (gov.i, code[:2]) in own_specific:
                out.append(ce)
                continue
            ev = ce.event
            if _generic(code) and (gov.i, code[:2]) in generic:
                out.append(ce)  # nothing more specific to say than the governor already does
                continue
            for old in generic.pop((gov.i, code[:2]), []):
                dropped.add(id(old))
            key = (gov.i, code, ev.target.code if ev.target else "")
            if key in made:
                continue
            made.add(key)
            mode, why = detect_mode(gov)
            new = make_event(gov, code, ev.source, ev.target, mode, why, sentence, None)
            new.event.notes[0] = f"intent: '{gov.text}' to '{ce.trigger.text}' ({ev.event_code}) → {code}"
            out.append(new)
        return [ce for ce in out if id(ce) not in dropped]

    def requests(
        self, events: list[CodedEvent], doc: Doc, sentence: Sentence, actors: SentenceActors
    ) -> list[CodedEvent]:
        """ "X urged Y to release Z", "X insisted that Y lift sanctions": CAMEO codes the appeal (02x) or
        demand (10x) by the act asked for. The act needs no target of its own (what Y is asked to lift
        is often not an actor), so the code comes from the complement's best pattern, and the party asked
        is the complement's subject, the object of the asking verb, or the "on" of "called on"."""
        out = list(events)
        for gov in doc:
            if gov.pos_ not in ("VERB", "AUX"):
                continue
            comps = [
                c
                for c in gov.children
                if c.pos_ in ("VERB", "AUX") and (c.dep_ in ("xcomp", "ccomp") or infinitival(c))
            ]
            kind = request_kind(gov)
            if kind is None and comps and gov.lemma_.lower() in SPEECH_VERBS:
                # "X said Y must withdraw" is a demand, "X said Y should talk" an appeal
                modals = {a.lower_ for a in comps[0].children if a.dep_ == "aux"}
                kind = "demand" if modals & {"must"} else "appeal" if modals & {"should"} else None
            if kind is None or not comps:
                continue
            act, _ = self.frames.best_pattern(comps[0], "V")
            if act is None or act.code == "---" or act.code[:2] in ("02", "10"):
                continue
            code = request_code(act.code, kind)
            if code is None:
                continue
            here = [e for e in out if e.trigger.i == gov.i and e.event.event_code[:2] == code[:2]]
            # the asking verb's own pattern may already name the act; the act asked for can only refine it
            # ("asked X to send humanitarian aid": 023 → 0233)
            if any(
                not _generic(e.event.event_code)
                and not (len(code) > len(e.event.event_code) and code.startswith(e.event.event_code))
                for e in here
            ):
                continue
            if here:
                for e in here:
                    recode(e.event, code, f"request: '{gov.text}' for '{comps[0].text}' ({act.code}) → {code}")
            else:
                sources = [a for a in self.parties.actors_of(self.parties.source_heads(gov, "V"), actors) if a.code]
                asked = [g for g in comps[0].children if g.dep_ in ("nsubj", "nsubjpass")]
                asked = asked or [c for c in gov.children if c.dep_ == "dobj"]
                asked = asked or [
                    g
                    for c in gov.children
                    if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                    for g in c.children
                    if g.dep_ == "pobj"
                ]
                targets = [a for a in self.parties.actors_of(asked, actors, sources[0] if sources else None) if a.code]
                if not sources or not targets:
                    continue
                mode, why = detect_mode(gov)
                for src in sources:
                    for tgt in targets:
                        if tgt.code != src.code:
                            new = make_event(gov, code, src, tgt, mode, why, sentence, None)
                            new.event.notes[0] = f"request: '{gov.text}' for '{comps[0].text}' ({act.code}) → {code}"
                            out.append(new)
            # the act asked for has not happened: it is the request's content, not an event of its own
            out = [e for e in out if not (e.trigger.i == comps[0].i or dominates(comps[0], e.trigger))]
        return out


def _generic(code: str) -> bool:
    """A root's "not specified below" code (020, 100, 130)."""
    return len(code) == 3 and code.endswith("0")


def recode(event: Event, code: str, why: str) -> None:
    """Give an event a more specific code, with the codebook fields that go with it."""
    et = event_type_or_user(code)
    event.event_code, event.event_root_code = code, et.root_code
    event.quad_class, event.goldstein, event.plover_type = et.quad_class, et.goldstein, et.plover_type
    event.notes.append(why)
