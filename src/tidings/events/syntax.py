"""Paths in the dependency parse that the event coder follows (complements, objects, governing verbs)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from tidings.actors.vocabulary import MOTION_VERBS, STATIC
from tidings.events.modality import SPEECH_VERBS

#: Subject relations of an active clause.
SUBJ = ("nsubj", "csubj")


def dominates(outer: Token, inner: Token) -> bool:
    """True when ``inner`` sits in the complement or object of ``outer`` (not in its subject)."""
    t = inner
    while t.head.i != t.i:
        if t.head.i == outer.i:
            return t.dep_ not in ("nsubj", "nsubjpass", "csubj", "punct", "cc", "conj", "advmod", "npadvmod")
        t = t.head
    return False


def infinitival(tok: Token) -> bool:
    """An infinitive clause ("threatened to impose", parsed as xcomp or advcl)."""
    return tok.dep_ in ("xcomp", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def nested_nouns(objs: list[Token], depth: int = 2) -> list[Token]:
    """Nouns reached from an object through "of"-like prepositional chains: in "welcomed the resumption
    of ties with X", the "with" phrase hangs on "ties", two steps below the verb's object."""
    out: list[Token] = []
    frontier = list(objs)
    for _ in range(depth):
        nxt: list[Token] = []
        for o in frontier:
            for c in o.children:
                if c.dep_ == "prep" and c.lower_ in ("of", "for", "on", "in"):
                    nxt.extend(g for g in c.children if g.dep_ == "pobj")
        out.extend(nxt)
        frontier = nxt
    return out


def governing_verb(tok: Token) -> Token | None:
    """The verb a nominal trigger hangs from ("held talks", "a message of condolence was sent")."""
    t = tok
    for _ in range(5):
        if t.dep_ not in (
            "dobj",
            "nsubjpass",
            "nsubj",
            "attr",
            "pobj",
            "prep",
            "conj",
            "compound",
            "appos",
            "oprd",
        ):
            return None
        if t.head.i == t.i:
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or reduced_passive(tok)


def reduced_passive(tok: Token) -> bool:
    """ "sanctions imposed by Washington", "aid sent to Sudan": a past participle describing a noun is a
    passive whose subject is that noun."""
    return tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.i != tok.i and tok.head.pos_ in ("NOUN", "PROPN")


def passive_subjects(tok: Token) -> list[Token]:
    """The passive subject of ``tok``: its nsubjpass, its coordinated governor's subject, or the noun a reduced
    passive describes."""
    subj = [c for c in tok.children if c.dep_ == "nsubjpass"]
    if not subj and tok.dep_ == "conj" and not any(c.dep_ in ("nsubj", "csubj") for c in tok.children):
        # "Turkey is under sanctions and was condemned by ...": a coordinated passive shares the first subject
        subj = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return subj or ([tok.head] if reduced_passive(tok) else [])


def between_pair(tok: Token) -> list[Token]:
    """ "talks between X and Y": the heads of X and Y, as the pair a nominal event is about."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "between":
            for g in c.children:
                if g.dep_ == "pobj" and any(x.dep_ == "conj" for x in g.children):
                    return [g]
    return []


def has_prep(tok: Token, prep: str) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == prep for c in tok.children)


def clause_tokens(root: Token, after: bool = False) -> list[Token]:
    """Tokens of ``root``'s subtree without embedded clauses (they hold other events)."""
    out: list[Token] = []
    stack = [root]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in ("ccomp", "advcl", "relcl", "parataxis") and c.pos_ in ("VERB", "AUX"):
                continue
            stack.append(c)
            if not after or c.i > root.i:
                out.append(c)
    return out


_COMPASS = {
    f"{a}{b}"
    for a in ("", "north", "south")
    for b in ("northern", "southern", "eastern", "western", "central", "east", "west", "north", "south")
    if not a or b in ("eastern", "western", "east", "west")
} | {"north-eastern", "north-western", "south-eastern", "south-western"}


def misparsed_to_place(holder: Token) -> list[Token]:
    """ "sent teams to eastern Libya": the small model reads "to eastern" as an infinitive whose object is
    Libya. A compass adjective cannot be a verb, so the object is the place the preposition names."""
    return [
        g
        for c in holder.children
        if c.dep_ in ("advcl", "xcomp")
        and c.lower_ in _COMPASS
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for g in c.children
        if g.dep_ == "dobj"
    ]


_ADVERB_PARTICLES = {"out", "off", "back", "away", "up", "down"}


def particle_preps(verb: Token) -> list[Token]:
    """Particles the parser tagged as prepositions ("pulled out of", "backed away from"): a preposition
    with no object of its own but a preposition below it is the verb's particle."""
    return [
        c
        for c in verb.children
        if c.dep_ == "prep"
        and c.lower_ in _ADVERB_PARTICLES
        and not any(g.dep_ == "pobj" for g in c.children)
        and any(g.dep_ == "prep" for g in c.children)
    ]


def phrase_nouns(tok: Token) -> Iterator[Token]:
    """Noun phrases of a verb's phrase after it, in text order: where TABARI and PETRARCH looked for the
    target ("renewed his licence in X", "broke into an anti-X parade", "warned of X").

    Each noun comes as the head of its whole phrase first ("X's main opposition groups"), then on its own.
    Left out: the "by" phrase of a passive (the source), what a speaker said ("said Y would ...": another
    event) and the place where an act that is not a journey happened ("signed a deal in Beijing").
    """
    skip = {t.i for c in tok.children if c.dep_ == "agent" for t in c.subtree}
    lemma = tok.lemma_.lower()
    if lemma in SPEECH_VERBS:
        skip.update(t.i for c in tok.children if c.dep_ in ("ccomp", "parataxis") for t in c.subtree)
    if lemma not in MOTION_VERBS:
        skip.update(t.i for c in tok.children if c.dep_ == "prep" and c.lower_ in STATIC for t in c.subtree)
    seen: set[int] = set()
    for t in tok.subtree:
        if t.i <= tok.i or t.i in skip or t.pos_ not in ("PROPN", "NOUN"):
            continue
        head = t
        while head.dep_ in ("compound", "poss", "amod", "nmod") and head.head.i != head.i:
            head = head.head
        for h in (head, t):
            if h.i not in seen:
                seen.add(h.i)
                yield h
