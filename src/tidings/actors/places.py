"""Places in a sentence: which names say where something happens or goes ("talks in Almaty", "fled
Ukraine") and are not actors, which say who is acted on ("fired missiles at Israel"), and which country the
places of a sentence point to.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from tidings.actors.matching import Found
from tidings.actors.view import SentenceView
from tidings.actors.vocabulary import (
    AIM,
    DELIVER,
    DEPART,
    MOTION_VERBS,
    PLACE_NOUNS,
    STATIC,
)
from tidings.model import Actor
from tidings.ontology import cameo_for_iso3, split_actor_code


class Places:
    """Places and the countries they name, for one sentence (a collaborator of ``SentenceActors``)."""

    def __init__(self, sentence: SentenceView) -> None:
        self.sentence = sentence

    def place_country(self, tokens: Iterable[Token]) -> tuple[str, Span] | None:
        """The CAMEO country of the first named place among ``tokens`` that the gazetteer knows."""
        if self.sentence.gazetteer is None:
            return None
        where = {t.i for t in tokens}
        for ent in self.sentence.ents:
            if ent.label_ not in ("GPE", "LOC", "FAC") or not any(i in where for i in range(ent.start, ent.end)):
                continue
            loc = self.sentence.gazetteer.lookup(ent.text, self.sentence.context.countries())
            if loc is not None and loc.country:
                return cameo_for_iso3(loc.country), ent
        return None

    def place_actor(self, head: Token, idx: list[int]) -> Actor | None:
        """A town or region as the target of an event stands for its country ("shelled Kharkiv" → UKR)."""
        found = self.place_country([self.sentence.doc[i] for i in idx])
        if found is None and head.lemma_.lower() in PLACE_NOUNS and self.sentence.gazetteer is not None:
            # "the southern city of Kherson": the name after a place noun is a place, whatever tag the
            # model gave it
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for g in c.children:
                        if g.dep_ == "pobj" and g.pos_ == "PROPN":
                            words = [t for t in g.subtree if t.pos_ == "PROPN"]
                            span = self.sentence.doc[words[0].i : words[-1].i + 1]
                            loc = self.sentence.gazetteer.lookup(span.text, self.sentence.context.countries())
                            if loc is not None and loc.country:
                                found = (cameo_for_iso3(loc.country), span)
        if found is None:
            return None
        code, ent = found
        country, _ = split_actor_code(code)
        return self.sentence.span_actor(code, ent, country, None, "place")

    def names_place_noun(self, head: Token) -> bool:
        """ "the Solomon Islands": the place noun is part of a country's name, not a place of it."""
        f = self.sentence.by_token.get(head.i)
        return f is not None and not f.is_agent and f.start < head.i

    def is_place(self, head: Token, f: Found) -> bool:
        """True when the phrase says where something happens or goes, not who acts or is acted on:
        "talks in Almaty", "attacks in Lahore and Rawalpindi", "troops sent to Poland", "fled Ukraine".
        Places after a static preposition are counted as where the story is."""
        h = head
        while h.dep_ == "conj" and h.head.i != h.i:
            h = h.head  # "in Lahore and Rawalpindi"
        if h.dep_ == "dobj" and h.head.lemma_.lower() in DEPART and not f.is_agent and (f.code or "")[:3] != "IGO":
            return True  # "fled Ukraine", "entered Damascus", "since leaving the White House"
        if h.dep_ != "pobj":
            return False
        prep = h.head
        verb = prep.head
        if prep.lower_ == "at" and (verb.lemma_.lower() in AIM or verb.head.lemma_.lower() in AIM):
            return False  # "fired tear gas at protesters", "launched drones at Israel": the target
        if prep.lower_ in STATIC:
            if f.code and f.code[:3] not in ("IGO", "NGO", "---"):
                self.sentence.context.places[f.code[:3]] += 1  # where the story is, not where someone went
            return True
        return prep.lower_ in ("to", "into", "toward", "towards") and self.is_motion(verb)

    def is_motion(self, verb: Token) -> bool:
        """A verb of movement whose "to X" is a destination: "fled to Chad", "sent troops to Poland", but
        not a delivery to a recipient ("will send howitzers to Ukraine")."""
        lemma = verb.lemma_.lower()
        if lemma not in MOTION_VERBS:
            return False
        if lemma in DELIVER:
            objects = [c for c in verb.children if c.dep_ == "dobj"]
            return not objects or any(self.sentence.by_token.get(c.i) is not None for c in objects)
        return True

    def sentence_country(self, head: Token) -> str | None:
        """The country a bare role belongs to, from this sentence: a place attached to the role ("police in
        Nairobi"), else the one country the sentence's places name ("protesters marched through Tbilisi")."""
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in STATIC | {"of", "from"}:
                for t in c.subtree:
                    f = self.sentence.by_token.get(t.i)
                    if f is not None and not f.is_agent and f.code and f.code[:3] != "IGO":
                        return f.code[:3]
                town = self.place_country(c.subtree)  # "parliament in Honiara": a town the gazetteer knows
                if town is not None:
                    return town[0]
        places = set()
        for f in self.sentence.found:
            if f.is_agent or not f.code or f.code[:3] in ("IGO", "NGO"):
                continue
            tok = self.sentence.doc[f.end - 1]
            h = tok
            while h.dep_ in ("compound", "conj", "appos", "poss") and h.head.i != h.i:
                h = h.head
            if h.dep_ == "pobj" and h.head.lower_ in ("to", "into", "toward", "towards", "from"):
                continue  # a destination or origin is not where the role belongs
            places.add(f.code[:3])
        if not places:
            found = self.place_country(
                t
                for t in self.sentence.tokens
                if not (t.dep_ == "pobj" and t.head.lower_ in ("to", "into", "toward", "towards", "from"))
            )
            if found is not None:
                places.add(found[0])
        if len(places) == 1:
            return places.pop()
        return None
