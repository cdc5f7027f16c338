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
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from tidings.actors.coder import SentenceActors
from tidings.events.framing import (
    _intent_governor,
    _threat_governor,
    intent_code,
    request_code,
    request_kind,
    threat_code,
)
from tidings.events.modality import DENIAL_VERBS, SPEECH_VERBS, detect_mode, speech_governor
from tidings.events.patterns import DEFAULT_NOUN_TARGETS, DEFAULT_VERB_TARGETS, Pattern, PatternBook
from tidings.events.sequences import sequence_matches, sequence_scope
from tidings.events.syntax import (
    _between_pair,
    _clause_tokens,
    _dominates,
    _governing_verb,
    _has_prep,
    _infinitival,
    _is_passive,
    _misparsed_to_place,
    _nested_nouns,
    _particle_preps,
    _passive_subjects,
    _phrase_nouns,
    _reduced_passive,
)
from tidings.model import Actor, Event, Evidence, Sentence
from tidings.ontology import event_type_or_user

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
}
# Verbs that frame another act (demand, threaten, host, propose ...) are not light verbs: their own code wins.
_SUBJ = ("nsubj", "csubj")
#: Roots whose events can have another event as their content (appeals, intents, approval, investigations,
#: demands, disapproval, rejections, threats): the content is not coded separately.
_FRAMING_ROOTS = {"01", "02", "03", "05", "09", "10", "11", "12", "13"}
_MUTUAL_ROOTS = {"17", "18", "19", "20"}
#: Roots of acts two coordinated subjects can do together without a named target.
_JOINT_ROOTS = {"03", "04", "05", "06", "19"}


@dataclass(frozen=True)
class CoderSettings:
    """How much the coder emits, beyond the events the text asserts between two actors."""

    #: Emit the reverse event of paired codes ("X visited Y" → also Y hosted X, 043), as PETRARCH does.
    paired_events: bool = False
    #: For reported speech ("X said Y attacked Z"), also emit the statement event X→Y (010).
    speech_events: bool = False
    #: Emit events without a target actor (off: CAMEO events are dyadic).
    allow_missing_target: bool = False
    #: Keep only events the text asserts as having happened (drop negated and hypothetical).
    facts_only: bool = False
    #: Also emit events that are only the content of another event: the release in "X demanded that Y
    #: release Z", the launch in "X condemned Y's launch". CAMEO codes these as the outer event only.
    embedded_events: bool = False


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


class EventCoder:
    """Codes the events of parsed sentences with a ``PatternBook``."""

    def __init__(self, book: PatternBook, settings: CoderSettings | None = None) -> None:
        self.book = book
        self.settings = settings or CoderSettings()

    # -- frames -------------------------------------------------------------------------------------
    @staticmethod
    def _words(tokens) -> set[str]:
        out: set[str] = set()
        for t in tokens:
            out.add(t.lower_)
            out.add(t.lemma_.lower())
        return out

    def _frame(self, tok: Token) -> dict:
        objs = [c for c in tok.children if c.dep_ in ("dobj", "attr", "oprd", "dative", "nsubjpass", "acomp")]
        obj_words: set[str] = set()
        for o in objs:
            obj_words |= self._words(t for t in o.subtree if t.dep_ not in ("relcl",))
        if _reduced_passive(tok):
            # "sanctions imposed by X": the described noun is the object (its own modifiers, not the clause)
            head = tok.head
            obj_words |= self._words([head, *(t for c in head.children if c.i < head.i for t in c.subtree)])
        preps: dict[str, set[str]] = {}
        holders = [tok, *objs, *_nested_nouns(objs)]
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
            holders.append(tok.head)  # "imposed a siege on X": the preposition hangs on the light verb
        for h in holders:
            for c in h.children:
                if _time_phrase(c):
                    continue  # "agreed on Thursday" is no agreement on something
                if c.dep_ in ("prep", "agent", "dative") and c.pos_ in ("ADP", "SCONJ") or c.dep_ == "agent":
                    preps.setdefault(c.lower_, set()).update(self._words(t for t in c.subtree if t.i != c.i))
                if c.dep_ == "prt" and c.head.i == tok.i:
                    preps.setdefault(c.lower_, set())
        prts = {c.lower_ for c in tok.children if c.dep_ == "prt"} | {p.lower_ for p in _particle_preps(tok)}
        for p in _particle_preps(tok):
            # "pulled out of the talks": the small model hangs "of" on "out"
            for c in p.children:
                if c.dep_ == "prep":
                    preps.setdefault(c.lower_, set()).update(self._words(t for t in c.subtree if t.i != c.i))
        subj_words: set[str] = set()
        for c in tok.children:
            if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
                subj_words |= self._words(c.subtree)
        xcomps = {c.lemma_.lower() for c in tok.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")}
        near = self._words(_clause_tokens(tok, after=True))
        near |= obj_words
        for vals in preps.values():
            near |= vals
        if tok.pos_ in ("NOUN", "PROPN"):
            near |= self._words(t for t in tok.subtree if t.i < tok.i)
        return {
            "token": tok,
            "obj": obj_words,
            "prep": preps,
            "prt": prts,
            "subj": subj_words,
            "xcomp": xcomps,
            "near": near,
        }

    @staticmethod
    def _satisfies(pattern: Pattern, frame: dict) -> bool:
        for c in pattern.constraints:
            if c.slot == "prep":
                words = frame["prep"].get(c.prep or "")
                if words is None:
                    return False
                if any(not (group & words) for group in c.need):
                    return False
            elif c.slot == "prt":
                if not (c.words & frame["prt"]):
                    return False
            elif c.slot == "xcomp":
                if not (c.words & frame["xcomp"]):
                    return False
            elif c.slot == "compound":
                tok = frame["token"]
                if not any(s.dep_ in _SUBJ and any(g.dep_ == "conj" for g in s.children) for s in tok.children):
                    return False
            elif c.slot in ("before", "after"):
                scope = frame.get(c.slot)
                if scope is None:
                    scope = frame[c.slot] = sequence_scope(frame["token"], c.slot)
                if not sequence_matches(frame["token"], c.slot, c.need, c.gaps, c.exact, scope):
                    return False
            else:
                if not (c.words & frame[c.slot]):
                    return False
        return True

    def best_pattern(self, tok: Token, pos: str) -> tuple[Pattern | None, int]:
        lemma, surface = tok.lemma_.lower(), tok.lower_
        candidates = self.book.get(lemma, pos)
        if not candidates and pos == "V":
            candidates = [p for other in self.book.lemmas_of(surface) for p in self.book.get(other, pos)]
        # A dictionary that lists an inflected form as its own verb ("LEFT" apart from "LEAVE") means
        # that form: its patterns are preferred for that surface word.
        exact = self.book.get(surface, pos) if surface != lemma else []
        if not candidates and not exact:
            return None, 0
        frame = self._frame(tok)
        best: Pattern | None = None
        best_score = -1.0
        for bonus, group in ((0.5, exact), (0.0, candidates)):
            for p in group:
                score = p.specificity + bonus
                if score > best_score and self._satisfies(p, frame):
                    best, best_score = p, score
        if best is not None and best.origin == "petrarch":
            # Converted PETRARCH patterns are approximate (word lists anywhere in the clause, no target slot);
            # a curated pattern of ours that fits with a constraint of its own, or with the same code,
            # knows the frame better ("sent drones to X" is military aid to X, not cooperation with drones).
            ours = [
                p
                for p in candidates
                if p.origin == "tidings"
                and ((_lexical(p) and _lexical(p) >= _lexical(best)) or p.code == best.code)
                and self._satisfies(p, frame)
            ]
            if ours:
                best = max(ours, key=lambda p: p.specificity)
        return best, len(candidates) + len(exact)

    # -- actors -------------------------------------------------------------------------------------
    def _verb_source_candidates(self, tok: Token) -> list[list[Token]]:
        """Where a verb's source may be, in order. An infinitive borrows its governor's object when that
        object is a party ("urged Iran to release") but its subject when the object is a thing ("police
        used tear gas to disperse protesters"); which one names an actor decides."""
        first = self._source_heads(tok, "V")
        cands = [first] if first else []
        if first and tok.dep_ == "xcomp" and all(f.head.i == tok.head.i and f.dep_ == "dobj" for f in first):
            subj = [c for c in tok.head.children if c.dep_ in _SUBJ]
            if subj:
                cands.append(subj)
        return cands

    def _source_heads(self, tok: Token, pos: str) -> list[Token]:
        if pos == "V":
            if _is_passive(tok):
                # "was shot and wounded by a gunman": coordinated passives share the "by" phrase
                for holder in (tok, *[c for c in tok.children if c.dep_ == "conj"]):
                    agent = [c for c in holder.children if c.dep_ == "agent"]
                    if agent:
                        return [g for a in agent for g in a.children if g.dep_ == "pobj"]
                return []
            subj = [c for c in tok.children if c.dep_ in _SUBJ]
            if subj:
                return subj
            # borrowed subject: "agreed to meet", "met and signed", "troops who attacked"
            t = tok
            for _ in range(4):
                if t.dep_ in ("xcomp", "conj", "advcl", "acomp", "pcomp", "prep", "ccomp") and t.head.i != t.i:
                    came_by = t.dep_
                    t = t.head
                    if came_by == "xcomp":
                        # "urged X to release": the governor's object does the infinitive's action
                        objs = [c for c in t.children if c.dep_ == "dobj"]
                        if objs:
                            return objs
                    subj = [c for c in t.children if c.dep_ in _SUBJ or (c.dep_ == "nsubjpass" and came_by == "xcomp")]
                    if subj:
                        return subj
                    if came_by == "ccomp":
                        break
                elif t.dep_ in ("relcl", "acl") and t.head.i != t.i:
                    if t.dep_ == "acl" and t.head.lemma_.lower() in _INSTRUMENT_NOUNS:
                        # "passed a law banning X": whoever passed the law does the banning
                        gov = _governing_verb(t.head)
                        if gov is not None:
                            return self._source_heads(gov, "V")
                    return [t.head]
                else:
                    break
            return []
        # nominal event: the first of these that names an actor
        return self._first_noun_source(tok)

    def _noun_source_candidates(self, tok: Token) -> list[list[Token]]:
        """Where a nominal event's source may be, in order: the possessor ("Iran's visit"), a "by"/"from"
        phrase, a modifier inside the phrase ("Russian air strikes"), the subject (or passive agent) of
        the verb the noun hangs from ("X held talks", "drills were held by X")."""
        cands: list[list[Token]] = [
            [c for c in tok.children if c.dep_ == "poss"],
            _between_pair(tok),
            [
                g
                for c in tok.children
                if c.dep_ == "prep" and c.lower_ in ("by", "from")
                for g in c.children
                if g.dep_ == "pobj"
            ],
            [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i],
            # "sanctions imposed by Washington": the agent of a participle describing the noun
            [
                g
                for c in tok.children
                if c.dep_ == "acl"
                for a in c.children
                if a.dep_ == "agent"
                for g in a.children
                if g.dep_ == "pobj"
            ],
        ]
        gov = _governing_verb(tok)
        if gov is not None:
            cands.append(self._source_heads(gov, "V"))
        return [c for c in cands if c]

    def _first_noun_source(self, tok: Token) -> list[Token]:
        cands = self._noun_source_candidates(tok)
        return cands[0] if cands else []

    def _target_candidates(self, tok: Token, pattern: Pattern, pos: str):
        """Head tokens of each target slot in the pattern's order of preference."""
        if pos == "J":
            # "optimistic about reaching a deal with Ethiopia": the first actor named inside the phrase
            for t in sorted(tok.subtree, key=lambda x: (x.i < tok.i, abs(x.i - tok.i))):
                if t.i != tok.i and t.pos_ in ("PROPN", "NOUN", "PRON") and t.dep_ in ("pobj", "dobj", "nsubj"):
                    yield [t]
            return
        slots = pattern.targets or (DEFAULT_VERB_TARGETS if pos == "V" else DEFAULT_NOUN_TARGETS)
        # in the passive the subject is the verb's object: "aid for Ukraine was promised", "allegations
        # against the minister are being investigated"
        if pos == "V" and _is_passive(tok):
            objs = [c for c in tok.children if c.dep_ == "dobj"] + _passive_subjects(tok)
        else:
            objs = [c for c in tok.children if c.dep_ == "dobj"]
        pobjs = [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        particles = _particle_preps(tok)
        pobjs += [g for p in particles for c in p.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        acls = [c for c in tok.children if c.dep_ == "acl"] if pos == "N" else []
        # "next to", "close to", "ahead of": the preposition hangs on an adverb of the verb
        adverbs = [c for c in tok.children if c.dep_ == "advmod" and any(g.dep_ == "prep" for g in c.children)]
        holders = [
            tok,
            *objs,
            *_nested_nouns(objs),
            *particles,
            *adverbs,
            *pobjs,
            *_nested_nouns(pobjs, depth=1),
            *acls,
        ]
        if pos == "N":
            # "sent a message of condolence to X", "imposed sanctions on X": the preposition may hang
            # on any word between the noun and the verb that governs it.
            t = tok
            while (
                t.dep_ in ("pobj", "prep", "dobj", "nsubjpass", "attr", "compound", "conj", "appos") and t.head.i != t.i
            ):
                t = t.head
                holders.append(t)
                if t.pos_ in ("VERB", "AUX"):
                    break
        for slot in slots:
            if slot == "dobj":
                if pos == "V" and _is_passive(tok):
                    found = _passive_subjects(tok)
                else:
                    found = objs or _object_read_as_subject(tok)
            elif slot == "subj":
                # a pattern whose subject is the target ("+ * FROM $": "X was freed from Y")
                found = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
                found = found or ([] if _is_passive(tok) else self._source_heads(tok, pos))
            elif slot == "above":
                # the subject of the clause this one is the content of ("X noted that Y regretted")
                t, found = tok, []
                while not found and t.dep_ in ("ccomp", "xcomp", "advcl", "conj") and t.head.i != t.i:
                    t = t.head
                    found = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
            elif slot == "dative":
                found = [c for c in tok.children if c.dep_ == "dative" and c.pos_ != "ADP"]
            elif slot == "poss":
                found = [g for o in objs for g in o.children if g.dep_ == "poss"]
            elif slot == "objmod":
                # "imported Russian oil", "resumed imports of Australian barley": whose goods they are
                things = objs if pos == "V" else _nested_nouns([tok], depth=1)
                found = [
                    g
                    for o in [*things, *_nested_nouns(things, depth=1)]
                    for g in o.children
                    if g.dep_ in ("amod", "compound", "nmod") and g.i < o.i
                ]
            elif slot in ("ccomp", "xcomp"):
                # "demanded that Moscow release ...": the subject of the demanded clause
                found = [
                    g
                    for c in tok.children
                    if c.dep_ in ("ccomp", "xcomp")
                    for g in c.children
                    if g.dep_ in ("nsubj", "nsubjpass")
                ]
            else:
                # the nearest word holding the preposition wins: "presented credentials to X in a show
                # of support to Y" targets X
                for h in holders:
                    near = [
                        g
                        for c in h.children
                        if c.dep_ in ("prep", "dative") and c.lower_ == slot
                        for g in c.children
                        if g.dep_ == "pobj"
                    ]
                    if not near and slot == "to":
                        near = _misparsed_to_place(h)
                    near = [_across_border(g) for g in near]
                    if near:
                        yield near
                continue
            if found:
                yield found
        if pattern.code[:2] in _FRAMING_ROOTS and pos == "V" and not _is_passive(tok):
            # "condemned Moscow's treatment of dissidents", "investigating abuses by Iranian authorities":
            # the target of a judgement is the doer of the act judged
            for o in [*objs, *_nested_nouns(objs, depth=1)]:
                doers = [c for c in o.children if c.dep_ == "poss"] + [
                    g
                    for c in o.children
                    if c.dep_ in ("prep", "agent") and c.lower_ == "by"
                    for g in c.children
                    if g.dep_ == "pobj"
                ]
                if doers:
                    yield doers
        if (
            pos == "V"
            and not _is_passive(tok)
            and pattern.code[:2] in _FRAMING_ROOTS
            and tok.lemma_.lower() not in SPEECH_VERBS  # "X attacked Y, an official said": no target
        ):
            # "threatened to impose sanctions on X": the target of the action threatened, offered or asked
            for c in tok.children:
                # a clausal complement is a clause whatever its tag ("that Sweden extradite" is sometimes
                # tagged as an adjective by the small model)
                if c.dep_ in ("xcomp", "ccomp") or _infinitival(c):
                    subj = [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
                    if subj:
                        yield subj  # "demanded that Moscow release ...": Moscow
                    inner, _ = self.best_pattern(c, "V")
                    yield from self._target_candidates(c, inner or Pattern(c.lemma_, "V", "010"), "V")
        if pattern.code[:2] in ("13", "15"):
            # "drills in a show of force aimed at Tokyo", "warships sent as a warning to Iran": threats and
            # shows of force name whom they address in a phrase of their own
            yield from _addressees(tok)

    def _actors(self, heads: list[Token], actors: SentenceActors, other: Actor | None = None) -> list[Actor]:
        out: list[Actor] = []
        for h in heads:
            out.extend(actors.actors_for(h, other))
        return out

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
            pattern, tried = self.best_pattern(tok, pos)
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
        out = self._intents(out, sentence)
        out = self._requests(out, doc, sentence, actors)
        if not self.settings.embedded_events:
            out = _drop_embedded(out)
        # one event per id: the same actors reached through two slots must not give two records
        unique: dict[str, CodedEvent] = {}
        for ce in out:
            unique.setdefault(ce.event.event_id, ce)
        return list(unique.values())

    def _intents(self, events: list[CodedEvent], sentence: Sentence) -> list[CodedEvent]:
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
            gov, code = _intent_governor(ce.trigger), None
            if gov is not None:
                code = intent_code(ce.event.event_code)
            else:
                gov = _threat_governor(ce.trigger)
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
            new = self._make(gov, code, ev.source, ev.target, mode, why, sentence, None)
            new.event.notes[0] = f"intent: '{gov.text}' to '{ce.trigger.text}' ({ev.event_code}) → {code}"
            out.append(new)
        return [ce for ce in out if id(ce) not in dropped]

    def _requests(
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
                if c.pos_ in ("VERB", "AUX") and (c.dep_ in ("xcomp", "ccomp") or _infinitival(c))
            ]
            kind = request_kind(gov)
            if kind is None and comps and gov.lemma_.lower() in SPEECH_VERBS:
                # "X said Y must withdraw" is a demand, "X said Y should talk" an appeal
                modals = {a.lower_ for a in comps[0].children if a.dep_ == "aux"}
                kind = "demand" if modals & {"must"} else "appeal" if modals & {"should"} else None
            if kind is None or not comps:
                continue
            act, _ = self.best_pattern(comps[0], "V")
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
                    _recode(e.event, code, f"request: '{gov.text}' for '{comps[0].text}' ({act.code}) → {code}")
            else:
                sources = [a for a in self._actors(self._source_heads(gov, "V"), actors) if a.code]
                asked = [g for g in comps[0].children if g.dep_ in ("nsubj", "nsubjpass")]
                asked = asked or [c for c in gov.children if c.dep_ == "dobj"]
                asked = asked or [
                    g
                    for c in gov.children
                    if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                    for g in c.children
                    if g.dep_ == "pobj"
                ]
                targets = [a for a in self._actors(asked, actors, sources[0] if sources else None) if a.code]
                if not sources or not targets:
                    continue
                mode, why = detect_mode(gov)
                for src in sources:
                    for tgt in targets:
                        if tgt.code != src.code:
                            new = self._make(gov, code, src, tgt, mode, why, sentence, None)
                            new.event.notes[0] = f"request: '{gov.text}' for '{comps[0].text}' ({act.code}) → {code}"
                            out.append(new)
            # the act asked for has not happened: it is the request's content, not an event of its own
            out = [e for e in out if not (e.trigger.i == comps[0].i or _dominates(comps[0], e.trigger))]
        return out

    def _events_for(self, tok, pos, pattern, doc, sentence, actors, trace) -> list[CodedEvent]:
        if pos == "N":
            candidates = self._noun_source_candidates(tok)
        elif pos == "J":
            candidates = [self._source_heads(tok.head, "V")] if tok.head.i != tok.i else []
        elif pattern.sources:
            # the pattern names where the source is ("+ * FROM $"): those slots, not the subject
            where = Pattern(tok.lemma_, pos, "---", targets=pattern.sources)
            candidates = list(self._target_candidates(tok, where, pos))
        else:
            candidates = self._verb_source_candidates(tok)
        source_heads: list[Token] = candidates[0] if candidates else []
        sources: list[Actor] = []
        for heads in candidates:
            found = [a for a in self._actors(heads, actors) if a.code or a.kind == "unknown"]
            if found and (any(not a.code.startswith("---") for a in found) or not sources):
                source_heads, sources = heads, found
                if any(not a.code.startswith("---") for a in found):
                    break
        if not sources and pos == "V" and pattern.code[:2] == "15" and _is_passive(tok):
            # "U.S. warships were sent to the Gulf": forces moved without a named mover are their
            # country's own show of force
            own = [a for a in self._actors(_passive_subjects(tok), actors) if a.type == "MIL" and a.country]
            if own:
                sources, source_heads = own, _passive_subjects(tok)
        first = sources[0] if sources else None
        target_heads: list[Token] = []
        targets: list[Actor] = []
        source_codes = {a.code for a in sources}
        slots = self._target_candidates(tok, pattern, pos)
        # A user's TABARI/PETRARCH dictionary was written for coders that took the first actor of the verb
        # phrase as the target, unless the pattern marks another place (+); on our own patterns that rule
        # costs more than it finds (benchmarks/events_gold.jsonl), so there the slots decide.
        if pos == "V" and pattern.origin == "user":
            phrase = ([h] for h in _phrase_nouns(tok))
            if pattern.targets or _is_passive(tok):  # a marked slot, or a passive's subject, comes first
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
            locative = any(h.dep_ == "pobj" and h.head.lower_ in _LOCATIVE for h in heads)
            targets = [
                _home_place_target(_owners(a, h), first, pattern.code, locative)
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
            # "X and Y agreed to expand trade", "X and Y fought": the coordinated actors act on each other
            sources, targets = sources[:1], sources[1:]
        if not sources and len(targets) >= 2 and _has_prep(tok, "between"):
            sources, targets = targets[:1], targets[1:]
        if len(sources) >= 2 and not targets and _has_prep(tok, "between"):
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
            and pattern.code[:3] in _DOMESTIC_CODES
            and len(pattern.code) == 4  # curfews, emergency rule, party bans; "lifted restrictions" may be on trade
            and sources[0].country
            and sources[0].type in ("GOV", "LEG", "JUD")
        ):
            # A government easing or imposing administrative restrictions (curfews, emergency rule, bans)
            # without naming whom acts on its own country (the CAMEO convention).
            c3 = sources[0].code[:3]
            targets = [Actor(c3, f"{c3} (implied)", -1, -1, sources[0].country, None, "implied")]
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
        code = _by_weapon(pattern, tok, source_heads)
        for s in sources:
            for t in targets or [None]:
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
                out.append(self._make(tok, code, s, t, mode, why, sentence, pattern))
                if symmetric and t is not None and pattern.code[:2] in _MUTUAL_ROOTS:
                    # fighting and clashes are mutual: CAMEO codes both directions
                    out.append(self._make(tok, pattern.code, t, s, mode, why, sentence, pattern))
                elif self.settings.paired_events and pattern.paired_code and t is not None:
                    out.append(self._make(tok, pattern.paired_code, t, s, mode, why, sentence, pattern))
        if self.settings.speech_events and mode == "claimed":
            gov = speech_governor(tok)
            if gov is not None:
                speakers = self._actors([c for c in gov.children if c.dep_ in _SUBJ], actors)
                for sp in speakers:
                    if sp.code and sp.code != sources[0].code:
                        out.append(self._make(gov, "010", sp, sources[0], "reported", "statement", sentence, None))
        trace.outcome = f"{len(out)} event(s); mode {mode} ({why})"
        trace.events = [
            f"{e.event.source.code if e.event.source else '-'} → "
            f"{e.event.target.code if e.event.target else '-'} {e.event.event_code}"
            for e in out
        ]
        return out

    @staticmethod
    def _make(tok, code, source, target, mode, why, sentence: Sentence, pattern) -> CodedEvent:
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


#: Prepositions of time and circumstance: their nouns are events of their own ("during protests").
_ADJUNCT_PREPS = {"during", "after", "before", "amid", "despite", "following", "since", "until", "ahead"}
#: Documents that act for whoever issues them ("a decree banning", "a resolution condemning").
_INSTRUMENT_NOUNS = {
    "law",
    "bill",
    "decree",
    "order",
    "resolution",
    "legislation",
    "measure",
    "ruling",
    "directive",
    "ordinance",
    "statement",
    "regulation",
}
#: Administrative acts a government does to its own country: easing (081) or imposing (172) restrictions.
_DOMESTIC_CODES = {"081", "172"}
_LOCATIVE = {"in", "at", "near", "outside", "around", "across", "inside", "throughout"}


def _home_place_target(target: Actor, source: Actor | None, code: str, locative: bool = False) -> Actor | None:
    """A town in the source's own country is no party to the act: "police deployed in Islamabad" has no
    target there. Violence done in such a place falls on the people who live there (CAMEO codes them as
    civilians): "militants attacked a hotel in Mogadishu" targets Somali civilians."""
    # a bare country that is the source's own is a place too: a government "travelled to South Dakota"
    # or "blamed the United States" for its own acts names no other party
    place = target.kind == "place" or (
        len(target.code) == 3 and (locative or (source is not None and source.code != target.code))
    )
    if not place or source is None or not source.country or target.country != source.country:
        return target
    if code[:3] in _DOMESTIC_CODES:
        return replace(target, code=target.code[:3], type=None, kind="place")  # emergency lifted in a region
    if code[:2] in ("17", "18", "19", "20"):
        c3 = target.code[:3]
        return replace(target, code=c3 + "CVL", type="CVL", kind="place")
    return None


#: Things that stand for the people who own or hold them: "demolished Palestinian homes" targets
#: Palestinian civilians, "shelled Russian positions" the Russian military.
_CIVILIAN_PROPERTY = {
    "home",
    "house",
    "village",
    "farm",
    "farmland",
    "property",
    "shop",
    "neighbourhood",
    "neighborhood",
    "crop",
    "orchard",
    "livestock",
    "residence",
    "apartment",
    "dwelling",
}
_MILITARY_PROPERTY = {
    "position",
    "base",
    "convoy",
    "checkpoint",
    "outpost",
    "barracks",
    "trench",
    "garrison",
    "airbase",
}


def _owners(actor: Actor, head: Token) -> Actor:
    """A country named only as the owner of homes or military positions is its civilians or its military."""
    if len(actor.code) != 3 or actor.code.startswith("---") or actor.type:
        return actor
    lemma = head.lemma_.lower()
    if lemma in _CIVILIAN_PROPERTY:
        return replace(actor, code=actor.code + "CVL", type="CVL")
    if lemma in _MILITARY_PROPERTY:
        return replace(actor, code=actor.code + "MIL", type="MIL")
    return actor


_ARTILLERY = {"artillery", "shells", "shell", "mortar", "mortars", "howitzer", "howitzers", "rocket", "rockets", "tank"}
_AIRCRAFT = {
    "jet",
    "jets",
    "warplane",
    "warplanes",
    "aircraft",
    "drone",
    "drones",
    "helicopter",
    "helicopters",
    "bomber",
}


def _by_weapon(pattern: Pattern, tok: Token, source_heads: list[Token]) -> str:
    """A generic use of force (190) done with artillery is shelling (194), from the air an aerial attack
    (195): "artillery pounded", "drones struck", "attacked with rockets"."""
    if pattern.code != "190" or pattern.origin == "user":
        return pattern.code
    words = {t.lower_ for h in source_heads for t in h.subtree}
    words |= {g.lower_ for c in tok.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.subtree}
    if words & _AIRCRAFT:
        return "195"
    if words & _ARTILLERY:
        return "194"
    return pattern.code


def _across_border(tok: Token) -> Token:
    """ "troops moved to Belarus's border with Ukraine": a border with a country points at that country."""
    if tok.lemma_.lower() in ("border", "frontier", "boundary"):
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "with":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
    return tok


_AIMING = {"aim", "direct", "target"}
_WARNING_NOUNS = {"warning", "message", "signal", "threat"}


def _addressees(tok: Token):
    """Whom a threat or show of force addresses: the "at" of "aimed at"/"directed at", the object of
    "targeting", the "to" of "a warning to", anywhere in the trigger's clause."""
    gov = _governing_verb(tok) if tok.pos_ in ("NOUN", "PROPN") else None
    seen = [tok, *_clause_tokens(tok)]
    if gov is not None:
        seen += [t for c in gov.children if c.dep_ in ("advcl", "acl", "prep") for t in c.subtree]
    for t in seen:
        lemma = t.lemma_.lower()
        if lemma in _AIMING and t.pos_ == "VERB":
            at = [
                g for c in t.children if c.dep_ == "prep" and c.lower_ == "at" for g in c.children if g.dep_ == "pobj"
            ]
            objs = [c for c in t.children if c.dep_ == "dobj"] if t.tag_ == "VBG" else []
            if at or objs:
                yield at or objs
        elif lemma in _WARNING_NOUNS and t.pos_ == "NOUN":
            to = [
                g for c in t.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children if g.dep_ == "pobj"
            ]
            if to:
                yield to


def _lexical(pattern: Pattern) -> int:
    """How many of a pattern's constraints name words (a bare preposition names none)."""
    return sum(1 for c in pattern.constraints if c.words or c.need)


def _time_phrase(prep: Token) -> bool:
    """ "on Thursday", "in May", "at night": a preposition whose objects are all times."""
    objs = [g for g in prep.children if g.dep_ == "pobj"]
    return bool(objs) and all(g.ent_type_ in ("DATE", "TIME") for g in objs)


def _generic(code: str) -> bool:
    """A root's "not specified below" code (020, 100, 130)."""
    return len(code) == 3 and code.endswith("0")


def _recode(event: Event, code: str, why: str) -> None:
    """Give an event a more specific code, with the codebook fields that go with it."""
    et = event_type_or_user(code)
    event.event_code, event.event_root_code = code, et.root_code
    event.quad_class, event.goldstein, event.plover_type = et.quad_class, et.goldstein, et.plover_type
    event.notes.append(why)


def _object_read_as_subject(verb: Token) -> list[Token]:
    """The small parser often reads "beat farmers harvesting olives" as a clause whose subject is the
    farmers; an unmarked participle clause right after the verb holds the verb's real object."""
    return [
        g
        for c in verb.children
        if c.dep_ == "ccomp" and c.tag_ == "VBG" and c.i > verb.i and not any(m.dep_ == "mark" for m in c.children)
        for g in c.children
        if g.dep_ == "nsubj" and g.i > verb.i
    ]


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
        if e.event.event_code[:2] in _FRAMING_ROOTS
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
                _dominates(ft, t) or (carrier is not None and carrier.i != t.i and _dominates(carrier, t))
            ):
                inner = True
                break
        if not inner:
            keep.append(e)
    return keep
