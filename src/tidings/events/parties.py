"""Parties: where a trigger's source and target sit in the parse, and the rules that turn a phrase into a
party (places in the source's own country, property standing for its owners, borders, addressees of threats).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from tidings.actors.coder import SentenceActors
from tidings.events.frames import FrameMatcher
from tidings.events.modality import SPEECH_VERBS
from tidings.events.patterns import DEFAULT_NOUN_TARGETS, DEFAULT_VERB_TARGETS, Pattern
from tidings.events.syntax import (
    SUBJ,
    between_pair,
    clause_tokens,
    governing_verb,
    infinitival,
    is_passive,
    misparsed_to_place,
    nested_nouns,
    particle_preps,
    passive_subjects,
)
from tidings.model import Actor

#: Roots whose events can have another event as their content (appeals, intents, approval, investigations,
#: demands, disapproval, rejections, threats): the content is not coded separately.
FRAMING_ROOTS = {"01", "02", "03", "05", "09", "10", "11", "12", "13"}


class PartyFinder:
    """Source and target slots of a trigger (a collaborator of ``EventCoder``; consults the frame matcher)."""

    def __init__(self, frames: FrameMatcher) -> None:
        self.frames = frames

    def verb_source_candidates(self, tok: Token) -> list[list[Token]]:
        """Where a verb's source may be, in order. An infinitive borrows its governor's object when that
        object is a party ("urged Iran to release") but its subject when the object is a thing ("police
        used tear gas to disperse protesters"); which one names an actor decides."""
        first = self.source_heads(tok, "V")
        cands = [first] if first else []
        if first and tok.dep_ == "xcomp" and all(f.head.i == tok.head.i and f.dep_ == "dobj" for f in first):
            subj = [c for c in tok.head.children if c.dep_ in SUBJ]
            if subj:
                cands.append(subj)
        return cands

    def source_heads(self, tok: Token, pos: str) -> list[Token]:
        if pos == "V":
            if is_passive(tok):
                # "was shot and wounded by a gunman": coordinated passives share the "by" phrase
                for holder in (tok, *[c for c in tok.children if c.dep_ == "conj"]):
                    agent = [c for c in holder.children if c.dep_ == "agent"]
                    if agent:
                        return [g for a in agent for g in a.children if g.dep_ == "pobj"]
                return []
            subj = [c for c in tok.children if c.dep_ in SUBJ]
            if subj:
                return subj
            # borrowed subject: "agreed to meet", "met and signed", "troops who attacked"
            t = tok
            for _ in range(4):
                if t.dep_ in ("xcomp", "conj", "advcl", "acomp", "oprd", "pcomp", "prep", "ccomp") and t.head.i != t.i:
                    came_by = t.dep_
                    t = t.head
                    if came_by == "xcomp":
                        # "urged X to release": the governor's object does the infinitive's action
                        objs = [c for c in t.children if c.dep_ == "dobj"]
                        if objs:
                            return objs
                    # "were found guilty of raping", "was arrested after attacking": a passive's subject does
                    # what its complement or adjunct says
                    passive_ok = came_by in ("xcomp", "pcomp", "prep", "acomp", "oprd") or (
                        came_by == "advcl" and tok.tag_ == "VBG"
                    )
                    subj = [c for c in t.children if c.dep_ in SUBJ or (c.dep_ == "nsubjpass" and passive_ok)]
                    if subj:
                        return subj
                    if came_by == "ccomp":
                        break
                elif t.dep_ in ("relcl", "acl") and t.head.i != t.i:
                    if t.dep_ == "acl" and t.head.lemma_.lower() in _INSTRUMENT_NOUNS:
                        # "passed a law banning X": whoever passed the law does the banning
                        gov = governing_verb(t.head)
                        if gov is not None:
                            return self.source_heads(gov, "V")
                    return [t.head]
                else:
                    break
            return []
        # nominal event: the first of these that names an actor
        return self._first_noun_source(tok)

    def noun_source_candidates(self, tok: Token) -> list[list[Token]]:
        """Where a nominal event's source may be, in order: the possessor ("Iran's visit"), a "by"/"from"
        phrase, a modifier inside the phrase ("Russian air strikes"), the subject (or passive agent) of
        the verb the noun hangs from ("X held talks", "drills were held by X")."""
        cands: list[list[Token]] = [
            [c for c in tok.children if c.dep_ == "poss"],
            between_pair(tok),
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
        gov = governing_verb(tok)
        if gov is not None:
            cands.append(self.source_heads(gov, "V"))
        return [c for c in cands if c]

    def _first_noun_source(self, tok: Token) -> list[Token]:
        cands = self.noun_source_candidates(tok)
        return cands[0] if cands else []

    def target_candidates(self, tok: Token, pattern: Pattern, pos: str):
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
        if pos == "V" and is_passive(tok):
            objs = [c for c in tok.children if c.dep_ == "dobj"] + passive_subjects(tok)
        else:
            objs = [c for c in tok.children if c.dep_ == "dobj"]
        pobjs = [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        particles = particle_preps(tok)
        pobjs += [g for p in particles for c in p.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        acls = [c for c in tok.children if c.dep_ == "acl"] if pos == "N" else []
        # "next to", "close to", "ahead of": the preposition hangs on an adverb of the verb
        adverbs = [c for c in tok.children if c.dep_ == "advmod" and any(g.dep_ == "prep" for g in c.children)]
        holders = [
            tok,
            *objs,
            *nested_nouns(objs),
            *particles,
            *adverbs,
            *pobjs,
            *nested_nouns(pobjs, depth=1),
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
                if pos == "V" and is_passive(tok):
                    found = passive_subjects(tok)
                else:
                    found = objs or _object_read_as_subject(tok)
            elif slot == "subj":
                # a pattern whose subject is the target ("+ * FROM $": "X was freed from Y")
                found = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
                found = found or ([] if is_passive(tok) else self.source_heads(tok, pos))
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
                things = objs if pos == "V" else nested_nouns([tok], depth=1)
                found = [
                    g
                    for o in [*things, *nested_nouns(things, depth=1)]
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
                        near = misparsed_to_place(h)
                    near = [_across_border(g) for g in near]
                    if near:
                        yield near
                continue
            if found:
                yield found
        if pattern.code[:2] in FRAMING_ROOTS and pos == "V" and not is_passive(tok):
            # "condemned Moscow's treatment of dissidents", "investigating abuses by Iranian authorities":
            # the target of a judgement is the doer of the act judged
            for o in [*objs, *nested_nouns(objs, depth=1)]:
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
            and not is_passive(tok)
            and pattern.code[:2] in FRAMING_ROOTS
            and tok.lemma_.lower() not in SPEECH_VERBS  # "X attacked Y, an official said": no target
        ):
            # "threatened to impose sanctions on X": the target of the action threatened, offered or asked
            for c in tok.children:
                # a clausal complement is a clause whatever its tag ("that Sweden extradite" is sometimes
                # tagged as an adjective by the small model)
                if c.dep_ in ("xcomp", "ccomp") or infinitival(c):
                    subj = [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
                    if subj:
                        yield subj  # "demanded that Moscow release ...": Moscow
                    inner, _ = self.frames.best_pattern(c, "V")
                    yield from self.target_candidates(c, inner or Pattern(c.lemma_, "V", "010"), "V")
        if pattern.code[:2] in ("13", "15"):
            # "drills in a show of force aimed at Tokyo", "warships sent as a warning to Iran": threats and
            # shows of force name whom they address in a phrase of their own
            yield from _addressees(tok)

    def actors_of(self, heads: list[Token], actors: SentenceActors, other: Actor | None = None) -> list[Actor]:
        out: list[Actor] = []
        for h in heads:
            out.extend(actors.actors_for(h, other))
        return out


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
DOMESTIC_CODES = {"081", "172"}

IN_PLACE_PREPOSITIONS = {"in", "at", "near", "outside", "around", "across", "inside", "throughout"}


def home_place_target(target: Actor, source: Actor | None, code: str, locative: bool = False) -> Actor | None:
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
    if code[:3] in DOMESTIC_CODES:
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


def owners(actor: Actor, head: Token) -> Actor:
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


def by_weapon(pattern: Pattern, tok: Token, source_heads: list[Token]) -> str:
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
    gov = governing_verb(tok) if tok.pos_ in ("NOUN", "PROPN") else None
    seen = [tok, *clause_tokens(tok)]
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
