"""Find event triggers in a parsed sentence, pick the best pattern, and attach source and target actors.

Source and target come from the dependency parse, not from word order:

- verbs: the subject is the source and the object (or the pattern's preposition) the target; in the
  passive ("X was attacked by Y") the ``by`` phrase is the source and the subject the target; an
  infinitive or coordinated verb without its own subject borrows its governor's ("agreed to meet");
- nouns ("talks", "visit", "sanctions"): the possessor ("Iran's visit"), an adjective or compound
  inside the phrase ("Russian air strikes"), a ``by`` phrase, "between X and Y", or the subject of the
  verb that governs the noun ("X held talks with Y", "X imposed sanctions on Y");
- coordination multiplies: "X and Y signed ..." gives both actors, "X met Y and Z" two events; symmetric
  codes (meet, negotiate, agree) are coded once per pair.
"""

from __future__ import annotations

import itertools

from spacy.tokens import Doc, Token

from tidings.actors.coder import SentenceActors
from tidings.config import CoderSettings
from tidings.events.fallback import FRAME_CONFIDENCE, FrameResult, ParticipantFallback
from tidings.events.frames import FrameMatcher
from tidings.events.modality import DENIAL_VERBS, SPEECH_VERBS, detect_mode, speech_governor
from tidings.events.parties import (
    DOMESTIC_CODES,
    FRAMING_ROOTS,
    IN_PLACE_PREPOSITIONS,
    PartyFinder,
    by_weapon,
    home_place_target,
    owners,
)
from tidings.events.patterns import Pattern, PatternBook
from tidings.events.records import CodedEvent, Trace, make_event
from tidings.events.requests import RequestCoding
from tidings.events.syntax import (
    SUBJ,
    dominates,
    has_prep,
    is_passive,
    passive_subjects,
    phrase_nouns,
)
from tidings.model import Actor, Event, Sentence

_LIGHT_VERBS = {
    "hold",
    "have",
    "conduct",
    "launch",
    "carry",
    "impose",
    "make",
    "sign",
    "pay",
    "begin",
    "start",
    "open",
    "announce",
    "stage",
    "mount",
    "deliver",
    "send",
    "provide",
    "offer",
    "give",
    "issue",
    "express",
    "extend",
    "level",
    "reach",
    "resume",
    "continue",
    "lead",
    "join",
    "attend",
    "order",
    "approve",
    "slap",
    "step",
    "intensify",
    "escalate",
    "end",
    "complete",
    "wrap",
    "conclude",
    "organize",
    "organise",
    # verbs of degree carry the act they scale: "increased cooperation with X" is cooperation
    "increase",
    "expand",
    "deepen",
    "strengthen",
    "boost",
    "bolster",
}
# Verbs that frame another act (demand, threaten, host, propose ...) are not light verbs: their own code wins.
_MUTUAL_ROOTS = {"17", "18", "19", "20"}
#: Roots of acts two coordinated subjects can do together without a named target.
_JOINT_ROOTS = {"03", "04", "05", "06", "19"}


class EventCoder:
    """Codes the events of parsed sentences with a ``PatternBook``."""

    def __init__(
        self, book: PatternBook, settings: CoderSettings | None = None, fallback: ParticipantFallback | None = None
    ) -> None:
        self.book = book
        self.frames = FrameMatcher(book)
        self.parties = PartyFinder(self.frames)
        self.recoder = RequestCoding(self.frames, self.parties)
        self.settings = settings or CoderSettings()
        self.fallback = fallback or ParticipantFallback()

    # -- main ---------------------------------------------------------------------------------------
    def code_sentence(
        self, doc: Doc, sentence: Sentence, actors: SentenceActors, traces: list[Trace] | None = None
    ) -> list[CodedEvent]:
        """All events of one parsed sentence (``doc`` is the sentence parsed on its own)."""
        out: list[CodedEvent] = []
        consumed: set[int] = set()
        order = sorted(doc, key=lambda t: (_rank(t), t.i))
        for tok in order:
            if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ == "ROOT"):
                pos = "V"
            elif tok.pos_ in ("NOUN", "PROPN"):
                pos = "N"
            elif tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "oprd", "xcomp", "ROOT"):
                pos = "J"  # "X was optimistic about a deal with Y"
            else:
                continue
            if tok.i in consumed:
                continue
            pattern, tried = self.frames.best_pattern(tok, pos)
            if tried == 0:
                continue
            trace = Trace(tok.text, tok.i, tried)
            if traces is not None:
                traces.append(trace)
            if pattern is None:
                trace.outcome = "no pattern's frame matched"
                continue
            trace.chosen = pattern.describe()
            if pattern.code == "---":
                trace.outcome = "pattern says: not an event"
                continue
            events = self._events_for(tok, pos, pattern, doc, sentence, actors, trace)
            if events:
                for c in tok.children:
                    if c.dep_ in ("dobj", "nsubjpass", "attr"):
                        consumed.update(x.i for x in c.subtree if x.pos_ in ("NOUN", "PROPN"))
                    if c.dep_ == "prep" and c.lower_ not in _ADJUNCT_PREPS:
                        consumed.update(x.i for x in c.subtree if x.pos_ in ("NOUN",))
            if events and pos == "N" and _rank(tok) == 0:
                consumed.add(tok.head.i)
            out.extend(events)
        out = self.recoder.intents(out, sentence)
        out = self.recoder.requests(out, doc, sentence, actors)
        if not self.settings.embedded_events:
            out = _drop_embedded(out)
        # one event per id: the same actors reached through two slots must not give two records
        unique: dict[str, CodedEvent] = {}
        for ce in out:
            unique.setdefault(ce.event.event_id, ce)
        return list(unique.values())

    def _events_for(self, tok, pos, pattern, doc, sentence, actors, trace) -> list[CodedEvent]:
        if pos == "N":
            candidates = self.parties.noun_source_candidates(tok)
        elif pos == "J":
            candidates = [self.parties.source_heads(tok.head, "V")] if tok.head.i != tok.i else []
        elif pattern.sources:
            # the pattern names where the source is ("+ * FROM $"): those slots, not the subject
            where = Pattern(tok.lemma_, pos, "---", targets=pattern.sources)
            candidates = list(self.parties.target_candidates(tok, where, pos))
        else:
            candidates = self.parties.verb_source_candidates(tok)
        source_heads: list[Token] = candidates[0] if candidates else []
        sources: list[Actor] = []
        for heads in candidates:
            found = [a for a in self.parties.actors_of(heads, actors) if a.code or a.kind == "unknown"]
            if found and (any(not a.code.startswith("---") for a in found) or not sources):
                source_heads, sources = heads, found
                if any(not a.code.startswith("---") for a in found):
                    break
        if not sources and pos == "V" and pattern.code[:2] == "15" and is_passive(tok):
            # "U.S. warships were sent to the Gulf": forces moved without a named mover are their
            # country's own show of force
            own = [a for a in self.parties.actors_of(passive_subjects(tok), actors) if a.type == "MIL" and a.country]
            if own:
                sources, source_heads = own, passive_subjects(tok)
        first = sources[0] if sources else None
        target_heads: list[Token] = []
        targets: list[Actor] = []
        source_codes = {a.code for a in sources}
        slots = self.parties.target_candidates(tok, pattern, pos)
        # A user's TABARI/PETRARCH dictionary was written for coders that took the first actor of the verb
        # phrase as the target, unless the pattern marks another place (+); on our own patterns that rule
        # costs more than it finds (benchmarks/events_gold.jsonl), so there the slots decide.
        if pos == "V" and pattern.origin == "user":
            phrase = ([h] for h in phrase_nouns(tok))
            if pattern.targets or is_passive(tok):  # a marked slot, or a passive's subject, comes first
                slots = itertools.chain(slots, phrase)
            else:
                slots = itertools.chain(phrase, slots)
        unplaced: tuple[list[Token], list[Actor]] | None = None
        inside: list[tuple[int, int]] = []  # the words of the unplaced actor: not read again in pieces
        # an actor we cannot code ("its embassy") is a target only where target-less events are wanted
        uncoded_ok = self.settings.allow_missing_target
        for heads in slots:
            if any(start <= sentence.start + h.idx < end for h in heads for start, end in inside):
                continue
            target_heads = heads
            locative = any(h.dep_ == "pobj" and h.head.lower_ in IN_PLACE_PREPOSITIONS for h in heads)
            targets = [
                home_place_target(owners(a, h), first, pattern.code, locative)  # type: ignore[misc]
                for h in heads
                for a in actors.actors_for(h, first)
                if (a.code or (a.kind == "unknown" and uncoded_ok))
                and not (a.kind == "coref" and a.code in source_codes)
            ]
            targets = [a for a in targets if a is not None]
            if targets and all(a.code.startswith("---") for a in targets):
                # "abandoned military ties with X": a role of no known country is the last resort
                if unplaced is None:
                    unplaced = (heads, targets)
                    inside = [(a.start, a.end) for a in targets]
                targets = []
                continue
            if targets:
                break
        if not targets and unplaced is not None:
            target_heads, targets = unplaced
        # "talks between X and Y", "X and Y signed", "both sides agreed": a pair without a target
        if (
            not targets
            and len(sources) >= 2
            and (pattern.paired_code == pattern.code or (pattern.code[:2] in _JOINT_ROOTS and not target_heads))
        ):
            # "X and Y agreed to expand trade", "X and Y fought": the coordinated actors act on each other;
            # a symmetric act of three or more ("A, B and C met") is coded once for every pair
            if pattern.paired_code == pattern.code and len(sources) > 2:
                targets = list(sources)
            else:
                sources, targets = sources[:1], sources[1:]
        if not sources and len(targets) >= 2 and has_prep(tok, "between"):
            if pattern.paired_code == pattern.code and len(targets) > 2:
                sources = list(targets)
            else:
                sources, targets = targets[:1], targets[1:]
        if len(sources) >= 2 and not targets and has_prep(tok, "between"):
            sources, targets = sources[:1], sources[1:]
        if (
            not targets
            and sources
            and (pattern.code[:2] == "14" or pattern.code[:3] == "082")
            and sources[0].country
            and sources[0].code[:3] != "---"
            and (sources[0].type or "CVL") not in ("GOV", "MIL", "COP", "JUD", "SPY", "LEG")
        ):
            # Protests without a named target are directed at the protesters' own government (the CAMEO
            # convention); the target has no words of its own in the text, so no evidence offsets.
            c3 = sources[0].code[:3]
            targets = [Actor(c3 + "GOV", f"{c3} government (implied)", -1, -1, sources[0].country, "GOV", "implied")]
        if (
            not targets
            and sources
            and pattern.code[:3] in DOMESTIC_CODES
            and len(pattern.code) == 4  # curfews, emergency rule, party bans; "lifted restrictions" may be on trade
            and sources[0].country
            and sources[0].type in ("GOV", "LEG", "JUD")
        ):
            # A government easing or imposing administrative restrictions (curfews, emergency rule, bans)
            # without naming whom acts on its own country (the CAMEO convention).
            c3 = sources[0].code[:3]
            targets = [Actor(c3, f"{c3} (implied)", -1, -1, sources[0].country, None, "implied")]
        found_by = self._fallback_participants(tok, pattern.code, actors, sources, targets, source_heads, target_heads)
        if not sources:
            trace.outcome = "no source actor found" + (
                f" (looked at: {', '.join(t.text for t in source_heads)})" if source_heads else ""
            )
            return []
        if not targets and not self.settings.allow_missing_target:
            trace.outcome = "no target actor found" + (
                f" (looked at: {', '.join(t.text for t in target_heads)})" if target_heads else ""
            )
            return []
        mode, why = detect_mode(tok)
        if mode == "negated" and pattern.negated_form:
            mode, why = "reported", "the pattern codes the negated act"
        if self.settings.facts_only and mode in ("negated", "hypothetical"):
            trace.outcome = f"dropped: {mode} ({why}) and facts-only is on"
            return []
        out: list[CodedEvent] = []
        symmetric = pattern.paired_code == pattern.code
        done: set[frozenset[str]] = set()
        code = by_weapon(pattern, tok, source_heads)
        for s in sources:
            for t in targets or [None]:  # type: ignore[list-item]
                if t is not None and (t.code == s.code and t.start == s.start):
                    continue
                if t is not None and t.type == "MED" and code[:2] == "04":
                    continue  # speaking to reporters or a broadcaster is a statement, not a consultation
                if (
                    t is not None
                    and t.code == s.code
                    and (t.kind == "coref" or s.kind == "coref" or not t.code or len(t.code) <= 3)
                ):
                    continue  # a pronoun back at the source, or a country acting on itself, is no dyad
                if symmetric and t is not None:
                    key = frozenset((s.code, t.code))
                    if key in done:
                        continue
                    done.add(key)
                out.append(make_event(tok, code, s, t, mode, why, sentence, pattern))
                if symmetric and t is not None and pattern.code[:2] in _MUTUAL_ROOTS:
                    # fighting and clashes are mutual: CAMEO codes both directions
                    out.append(make_event(tok, pattern.code, t, s, mode, why, sentence, pattern))
                elif self.settings.paired_events and pattern.paired_code and t is not None:
                    out.append(make_event(tok, pattern.paired_code, t, s, mode, why, sentence, pattern))
        if self.settings.speech_events and mode == "claimed":
            gov = speech_governor(tok)
            if gov is not None:
                speakers = self.parties.actors_of([c for c in gov.children if c.dep_ in SUBJ], actors)
                for sp in speakers:
                    if sp.code and sp.code != sources[0].code:
                        out.append(make_event(gov, "010", sp, sources[0], "reported", "statement", sentence, None))
        for ce in out:
            _record_rules(ce.event, found_by)
        trace.outcome = f"{len(out)} event(s); mode {mode} ({why})"
        trace.events = [
            f"{e.event.source.code if e.event.source else '-'} → "
            f"{e.event.target.code if e.event.target else '-'} {e.event.event_code}"
            f" (source: {e.event.source_rule}, target: {e.event.target_rule}, confidence {e.event.confidence:.2f})"
            for e in out
        ]
        return out

    def _fallback_participants(self, tok, code, actors, sources, targets, source_heads, target_heads):
        """Fill a side the frame left empty by the fallback rules (in place); returns which rule found which
        actor, by identity, with its confidence."""
        found_by: dict[int, tuple[str, float]] = {}
        view = FrameResult(tok, code, actors, sources, targets, source_heads, target_heads)
        if (sources and targets) or tok.dep_ == "amod":
            # "a banned chemical", "the captured fighters": a participle describing a thing gets no parties
            found_by.update(self.fallback.place(sources, view, targets))
            found_by.update(self.fallback.place(targets, view, sources))
            return found_by

        def fill(side: list[Actor], p) -> None:
            if p is not None and not side:
                side.extend(p.actors)
                found_by.update((id(a), (p.rule, p.confidence)) for a in p.actors)

        if not sources:
            fill(sources, self.fallback.source(view))
        if not targets and sources:
            fill(targets, self.fallback.target(view))
        if not sources and targets:
            fill(sources, self.fallback.source(view))  # "unknown attacker" needs the victims first
        found_by.update(self.fallback.place(sources, view, targets))
        found_by.update(self.fallback.place(targets, view, sources))
        return found_by
#: Prepositions of time and circumstance: their nouns are events of their own ("during protests").
_ADJUNCT_PREPS = {"during", "after", "before", "amid", "despite", "following", "since", "until", "ahead"}


def _record_rules(ev: Event, found_by: dict[int, tuple[str, float]]) -> None:
    """Name the rule that found each participant and the event's confidence (the weakest rule's)."""
    conf = FRAME_CONFIDENCE
    for role, actor in (("source", ev.source), ("target", ev.target)):
        if actor is None:
            continue
        rule, c = found_by.get(id(actor), ("implied by code" if actor.kind == "implied" else "frame", FRAME_CONFIDENCE))
        setattr(ev, f"{role}_rule", rule)
        conf = min(conf, c)
    ev.confidence = conf


def _rank(t: Token) -> int:
    """Coding order: nouns carried by a light verb ("sent a message of condolence") before verbs, so the
    noun's specific code wins over the light verb's generic one; then verbs; then other nouns."""
    if t.pos_ in ("NOUN", "PROPN"):
        if t.dep_ in ("dobj", "nsubjpass") and t.head.pos_ in ("VERB", "AUX") and t.head.lemma_.lower() in _LIGHT_VERBS:
            return 0
        return 2
    return 1


def _drop_embedded(events: list[CodedEvent]) -> list[CodedEvent]:
    """Drop events that are the content of a framing event in the same sentence."""
    framing = [
        e
        for e in events
        if e.event.event_code[:2] in FRAMING_ROOTS
        and e.trigger.lemma_.lower() not in SPEECH_VERBS
        and e.trigger.lemma_.lower() not in DENIAL_VERBS  # "denied attacking": keep the negated attack
    ]
    keep = []
    by_trigger = {e.trigger.i: e for e in events}
    for e in events:
        t = e.trigger
        # "attacked a hotel, killing nine people": the participle reports a consequence of the same act
        if t.dep_ in ("advcl", "conj") and t.tag_ == "VBG" and e.event.event_code[:2] in _MUTUAL_ROOTS:
            parent = by_trigger.get(t.head.i)
            if parent is not None and parent.event.event_code[:2] in _MUTUAL_ROOTS:
                continue
        inner = False
        for f in framing:
            ft = f.trigger
            # a noun carried by a light verb frames what the verb governs: "signed an agreement to restore ties"
            carrier = ft.head if ft.dep_ == "dobj" and ft.head.lemma_.lower() in _LIGHT_VERBS else None
            if ft.i != t.i and (
                dominates(ft, t) or (carrier is not None and carrier.i != t.i and dominates(carrier, t))
            ):
                inner = True
                break
        if not inner:
            keep.append(e)
    return keep
