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
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from tidings.actors.coder import SentenceActors
from tidings.events.framing import _intent_governor, _threat_governor, intent_code, threat_code
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
    _nested_nouns,
    _phrase_nouns,
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
        preps: dict[str, set[str]] = {}
        holders = [tok, *objs, *_nested_nouns(objs)]
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
            holders.append(tok.head)  # "imposed a siege on X": the preposition hangs on the light verb
        for h in holders:
            for c in h.children:
                if c.dep_ in ("prep", "agent", "dative") and c.pos_ in ("ADP", "SCONJ") or c.dep_ == "agent":
                    preps.setdefault(c.lower_, set()).update(self._words(t for t in c.subtree if t.i != c.i))
                if c.dep_ == "prt" and c.head.i == tok.i:
                    preps.setdefault(c.lower_, set())
        prts = {c.lower_ for c in tok.children if c.dep_ == "prt"}
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
        return best, len(candidates) + len(exact)

    # -- actors -------------------------------------------------------------------------------------
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
        objs = [c for c in tok.children if c.dep_ in ("dobj",)]
        pobjs = [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        acls = [c for c in tok.children if c.dep_ == "acl"] if pos == "N" else []
        holders = [tok, *objs, *_nested_nouns(objs), *pobjs, *_nested_nouns(pobjs, depth=1), *acls]
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
                    found = [c for c in tok.children if c.dep_ == "nsubjpass"]
                else:
                    found = objs
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
                    if c.dep_ == "prep":
                        consumed.update(x.i for x in c.subtree if x.pos_ in ("NOUN",))
            if events and pos == "N" and _rank(tok) == 0:
                consumed.add(tok.head.i)
            out.extend(events)
        out = self._intents(out, sentence)
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
        coded_roots = {(e.trigger.i, e.event.event_code[:2]) for e in events}
        out: list[CodedEvent] = []
        for ce in events:
            gov, code = _intent_governor(ce.trigger), None
            if gov is not None:
                code = intent_code(ce.event.event_code)
            else:
                gov = _threat_governor(ce.trigger)
                code = threat_code(ce.event.event_code) if gov is not None else None
            if gov is None or code is None or (gov.i, code[:2]) in coded_roots:
                out.append(ce)
                continue
            mode, why = detect_mode(gov)
            ev = ce.event
            new = self._make(gov, code, ev.source, ev.target, mode, why, sentence, None)
            new.event.notes[0] = f"intent: '{gov.text}' to '{ce.trigger.text}' ({ev.event_code}) → {code}"
            out.append(new)
            coded_roots.add((gov.i, code[:2]))
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
            candidates = [self._source_heads(tok, pos)]
        source_heads: list[Token] = candidates[0] if candidates else []
        sources: list[Actor] = []
        for heads in candidates:
            found = [a for a in self._actors(heads, actors) if a.code or a.kind == "unknown"]
            if found and (any(not a.code.startswith("---") for a in found) or not sources):
                source_heads, sources = heads, found
                if any(not a.code.startswith("---") for a in found):
                    break
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
            targets = [
                a
                for a in self._actors(heads, actors, first)
                if (a.code or (a.kind == "unknown" and uncoded_ok))
                and not (a.kind == "coref" and a.code in source_codes)
            ]
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
            and pattern.code[:2] == "14"
            and sources[0].country
            and sources[0].code[:3] != "---"
            and (sources[0].type or "CVL") not in ("GOV", "MIL", "COP", "JUD", "SPY", "LEG")
        ):
            # Protests without a named target are directed at the protesters' own government (the CAMEO
            # convention); the target has no words of its own in the text, so no evidence offsets.
            c3 = sources[0].code[:3]
            targets = [Actor(c3 + "GOV", f"{c3} government (implied)", -1, -1, sources[0].country, "GOV", "implied")]
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
        for s in sources:
            for t in targets or [None]:
                if t is not None and (t.code == s.code and t.start == s.start):
                    continue
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
                out.append(self._make(tok, pattern.code, s, t, mode, why, sentence, pattern))
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
            if f.trigger.i != e.trigger.i and _dominates(f.trigger, e.trigger):
                inner = True
                break
        if not inner:
            keep.append(e)
    return keep
