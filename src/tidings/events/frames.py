"""Frames: what a trigger's clause holds (objects, prepositions, particles, complements, nearby words) and
which pattern of the book fits it best."""

from __future__ import annotations

from spacy.tokens import Token

from tidings.events.patterns import Pattern, PatternBook
from tidings.events.sequences import sequence_matches, sequence_scope
from tidings.events.syntax import (
    SUBJ,
    clause_tokens,
    nested_nouns,
    particle_preps,
    reduced_passive,
)


class FrameMatcher:
    """Picks the most specific fitting pattern for a trigger (a collaborator of ``EventCoder``)."""

    def __init__(self, book: PatternBook) -> None:
        self.book = book

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
        if reduced_passive(tok):
            # "sanctions imposed by X": the described noun is the object (its own modifiers, not the clause)
            head = tok.head
            obj_words |= self._words([head, *(t for c in head.children if c.i < head.i for t in c.subtree)])
        preps: dict[str, set[str]] = {}
        holders = [tok, *objs, *nested_nouns(objs)]
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
        prts = {c.lower_ for c in tok.children if c.dep_ == "prt"} | {p.lower_ for p in particle_preps(tok)}
        for p in particle_preps(tok):
            # "pulled out of the talks": the small model hangs "of" on "out"
            for c in p.children:
                if c.dep_ == "prep":
                    preps.setdefault(c.lower_, set()).update(self._words(t for t in c.subtree if t.i != c.i))
        subj_words: set[str] = set()
        for c in tok.children:
            if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
                subj_words |= self._words(c.subtree)
        xcomps = {c.lemma_.lower() for c in tok.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")}
        # "called the plan a fraud": the label given to the object ("*" when there is one at all)
        oprd = [c for c in tok.children if c.dep_ == "oprd"]
        oprd_words = self._words(t for c in oprd for t in c.subtree) | ({"*"} if oprd else set())
        near = self._words(clause_tokens(tok, after=True))
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
            "oprd": oprd_words,
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
                if not any(s.dep_ in SUBJ and any(g.dep_ == "conj" for g in s.children) for s in tok.children):
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


def _lexical(pattern: Pattern) -> int:
    """How many of a pattern's constraints name words (a bare preposition names none)."""
    return sum(1 for c in pattern.constraints if c.words or c.need)


def _time_phrase(prep: Token) -> bool:
    """ "on Thursday", "in May", "at night": a preposition whose objects are all times."""
    objs = [g for g in prep.children if g.dep_ == "pobj"]
    return bool(objs) and all(g.ent_type_ in ("DATE", "TIME") for g in objs)
