"""Reference within an article: pronouns ("he", "it", "they") and definite descriptions ("the commission",
"the country") resolved against the actors named before them.

Resolution follows salience, as a reader does: a pronoun prefers a referent of its own kind ("he"/"she"
→ people, "it" → states and organisations, "they" → groups and plural phrases), the subject of a
governing clause in its own sentence ("A lawmaker filed a motion to impeach the president over what she
called ..." → the lawmaker), else the subject of the latest sentence that names a fitting actor. An object
pronoun never refers to the subject of its own verb ("Sall congratulated him" → not Sall).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Token

from tidings.actors.view import SentenceView
from tidings.actors.vocabulary import PERSON_PRONOUNS, PERSON_ROLES, PLURAL_PRONOUNS, STATE_NOUNS, THING_PRONOUNS
from tidings.model import Actor
from tidings.nlp import SUBJECT_DEPS
from tidings.ontology import split_actor_code

#: Possessive determiners and the pronoun whose referent they share.
POSSESSIVE_PRONOUN = {"his": "he", "her": "she", "their": "they", "its": "it"}


def pronoun_fits(lower: str) -> Callable[[Actor], bool] | None:
    """Which actors a pronoun can stand for, by its person/number, or None for other words."""
    if lower in PERSON_PRONOUNS:
        return lambda a: a.kind in ("person", "unknown") or (a.type in PERSON_ROLES and a.kind != "country")
    if lower in THING_PRONOUNS:
        # a state, an organisation or an institution ("the Foreign Ministry said it ..."), not "officials"
        return lambda a: a.kind not in ("person", "unknown") and bool(a.code) and not looks_plural(a)
    if lower in PLURAL_PRONOUNS:
        return lambda a: a.kind != "person"
    return None


def looks_plural(a: Actor) -> bool:
    """A phrase naming several people or things by a plural common noun ("officials", "IAEA inspectors"),
    not a proper name that ends in -s ("United Nations")."""
    last = a.name.rsplit(None, 1)[-1] if a.name else ""
    return last.islower() and last.endswith("s") and not last.endswith("ss")


def is_expletive_it(t: Token) -> bool:
    """ "it was one minute to midnight", "called it a new chapter": an "it" that names no actor."""
    if t.lower_ != "it":
        return False
    if t.dep_ == "dobj" and any(c.dep_ == "oprd" for c in t.head.children):
        return True
    head = t.head
    if t.dep_ == "nsubj" and head.lemma_ == "be":
        attrs = [c for c in head.children if c.dep_ == "attr"]
        if attrs and all(c.pos_ in ("NOUN", "NUM") for c in attrs):
            return True
        if any(c.dep_ == "acomp" for c in head.children) and any(c.dep_ in ("ccomp", "xcomp") for c in head.children):
            return True  # "it is important to ...", "it was clear that ..."
    return False


class Coreference:
    """The within-article reference rules for one sentence (a collaborator of ``SentenceActors``)."""

    def __init__(self, sentence: SentenceView) -> None:
        self.sentence = sentence

    def relabel(self, ref: Actor, head: Token) -> Actor:
        """A coreferent mention keeps the referent's code but points at its own words as evidence."""
        start = head.idx + self.sentence.offset
        return Actor(ref.code, head.text, start, start + len(head.text), ref.country, ref.type, "coref")

    def state_of(self, ref: Actor, head: Token, lemma: str) -> Actor:
        """ "the country", "his government": the referent's country with the role the noun names."""
        code = ref.code[:3] + (STATE_NOUNS[lemma] or "")
        country, rtype = split_actor_code(code)
        start = head.idx + self.sentence.offset
        return Actor(code, head.text, start, start + len(head.text), country, rtype, "coref")

    def pronoun(self, lower: str, before: int | None = None) -> Actor | None:
        """The actor a pronoun refers to: a fitting one earlier in this sentence (by salience), else the
        salient one of the latest sentence that has one ("Iran said it would ..." → Iran)."""
        fits = pronoun_fits(lower)
        if fits is None:
            return None
        plural = lower in PLURAL_PRONOUNS
        if before is not None:
            token = self.sentence.doc[before]
            bound = self.clause_subject(token)
            cands = [(h, a) for h, a in self.heads_before(before) if a.code and fits(a) and h.i not in bound]
            if plural and any(looks_plural(a) for _, a in cands):
                cands = [(h, a) for h, a in cands if looks_plural(a)]
            if cands:
                ancestors = {t.i for t in token.ancestors}
                governing = [a for h, a in cands if h.dep_ in SUBJECT_DEPS and h.head.i in ancestors]
                return governing[-1] if governing else cands[-1][1]
        if plural:
            ref = self.sentence.context.salient(lambda a: fits(a) and looks_plural(a))
            if ref is not None:
                return ref
        return self.sentence.context.salient(fits)

    def clause_subject(self, token: Token) -> set[int]:
        """Token indices of the subject of the verb an object pronoun depends on: "Sall congratulated him"
        cannot mean Sall."""
        if token.dep_ in ("dobj", "dative"):
            verb = token.head
        elif token.dep_ == "pobj" and token.head.dep_ == "prep":
            verb = token.head.head
        else:
            return set()
        return {t.i for c in verb.children if c.dep_ in SUBJECT_DEPS for t in c.subtree}

    def heads_before(self, i: int) -> list[tuple[Token, Actor]]:
        """(head token, actor) for the actor phrases of this sentence that end before token ``i``."""
        out: list[tuple[Token, Actor]] = []
        heads: list[Token] = []
        for f in self.sentence.found:
            if f.end > i:
                continue
            head = self.sentence.doc[f.end - 1]
            while head.dep_ in ("compound", "amod", "poss", "nmod", "case") and head.head.i != head.i:
                head = head.head
            if head.i < i and head not in heads:
                heads.append(head)
        # definite descriptions resolved earlier ("The commission rejected ... and said it ...")
        heads.extend(t for t in self.sentence.descriptions() if t.i < i and t not in heads)
        heads.sort(key=lambda t: t.i)
        for head in heads:
            if head.i in self.sentence.resolving or self.sentence.is_capacity(head):
                continue
            self.sentence.resolving.add(head.i)
            try:
                out.extend((head, a) for a in self.sentence.actor_at(head) if a.code)
            finally:
                self.sentence.resolving.discard(head.i)
        return out

    def actors_before(self, i: int) -> list[Actor]:
        """Actors named in this sentence before token ``i``, as whole phrases ("Ukraine's defence minister")."""
        return [a for _, a in self.heads_before(i)]

    def coordinated_before(self, i: int) -> list[Actor]:
        """ "X and Y ... their": the coordinated actors nearest before token ``i`` in this sentence."""
        for t in reversed(self.sentence.tokens[:i]):
            if any(c.dep_ == "conj" for c in t.children) and t.dep_ != "conj" and t.pos_ in ("NOUN", "PROPN"):
                group = [a for a in self.sentence.actors_for(t) if a.code]
                if len(group) >= 2:
                    return group
        return []

    def latest(self, predicate: Callable[[Actor], bool], before: int) -> Actor | None:
        """The latest actor that fits, earlier in this sentence first, then in the article."""
        for a in reversed(self.actors_before(before)):
            if predicate(a):
                return a
        return self.sentence.context.last(predicate)

    def named_before(self, head: Token) -> Actor | None:
        """ "the commission" after "the Election Commission of Pakistan", "the inspectors" after "IAEA
        inspectors": the latest actor whose own name has the description's head noun."""
        word = head.lower_
        for a in reversed([*self.sentence.context.history, *self.actors_before(head.i)]):
            if a.kind != "coref" and a.code and word in a.name.lower().replace("'s", "").split():
                return a
        return None

    def named_again(self, span) -> Actor | None:
        """ "Safadi said ..." after "Jordan's foreign minister, Ayman Safadi": a person named again by a
        shorter form of the name takes the code the full mention got."""
        words = _name_words(span.text)
        if not words:
            return None
        for a in reversed([*self.sentence.context.history, *self.actors_before(span.start)]):
            if a.kind == "coref" or not a.code or a.code[:3] in ("IGO", "NGO"):
                continue
            name = _name_words(a.name)
            if len(name) > len(words) and name[-len(words) :] == words or _inner_name(name, words):
                start = span.start_char + self.sentence.offset
                return Actor(a.code, span.text, start, start + len(span.text), a.country, a.type, "person")
        return None


def _inner_name(name: list[str], words: list[str]) -> bool:
    """True when ``words`` occur in ``name`` as a run that ends a name ("Ayman Safadi" in
    "Jordan's foreign minister, Ayman Safadi, ...")."""
    n = len(words)
    return any(
        name[i : i + n] == words and (i + n == len(name) or not name[i + n][:1].isupper())
        for i in range(1, len(name) - n + 1)
    )


def _name_words(text: str) -> list[str]:
    """The words of a name, hyphenated parts apart: "Amin Salam-Haddad" → Amin, Salam, Haddad."""
    return [w for w in re.split(r"[\s,\-]+", text) if w]
