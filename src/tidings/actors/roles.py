"""The country and organisation of a role phrase that names none itself: "the army", "soldiers",
"a spokesman for the Sahel Liberation Front", "Director-General Tedros", "his Syrian counterpart".

In order: a possessive pronoun, a description that names an actor seen before, a place attached to the
role, an actor coordinated with it, then the story's main country (for state roles counting the actors
earlier in the sentence; rebels and civilians belong where the story happens).
"""

from __future__ import annotations

from spacy.tokens import Token

from tidings.actors.coref import POSSESSIVE_PRONOUN, Coreference
from tidings.actors.matching import Found, span_text
from tidings.actors.places import Places
from tidings.actors.view import SentenceView
from tidings.actors.vocabulary import (
    ARMED_GROUP_WORDS,
    IGO_TITLES,
    NON_STATE_ROLES,
    PORTFOLIOS,
    SPOKESPEOPLE,
)
from tidings.model import Actor
from tidings.ontology import cameo_for_iso3, iso3_for_cameo, split_actor_code


class RoleCountry:
    """Give a bare role its country, for one sentence (a collaborator of ``SentenceActors``)."""

    def __init__(self, sentence: SentenceView, coref: Coreference, places: Places) -> None:
        self.sentence = sentence
        self.coref = coref
        self.places = places

    def role_country(self, actor: Actor, head: Token, idx: list[int], other: Actor | None) -> Actor:
        """Give a bare role ("the foreign minister", "police") the country the text implies.

        In order: an organisation title ("Director-General") → the last IGO; a possessive pronoun ("its
        army") → its referent; a definite description ("the commission", "the minister") → the actor it
        names or the last of that role; a place attached to the role or the one place of the sentence; an
        actor coordinated with it; otherwise the article's main country (for state roles counting the
        actors earlier in the sentence).
        """
        role = actor.type or ""
        if any(self.sentence.doc[i].lower_ in IGO_TITLES for i in idx):
            igo = self.coref.latest(lambda a: a.code[:3] == "IGO" and a.kind != "coref", head.i)
            if igo is not None:
                # "Director-General Tedros ..." after "the World Health Organization": its head
                return Actor(igo.code, actor.name, actor.start, actor.end, None, igo.type, "role")
        if role == "NGO":
            # international aid groups belong to no country (CAMEO codes them plain NGO)
            return Actor("NGO", actor.name, actor.start, actor.end, None, "NGO", "role")
        poss = [
            self.sentence.doc[i]
            for i in idx
            if self.sentence.doc[i].dep_ == "poss" and self.sentence.doc[i].pos_ == "PRON"
        ]
        ref: Actor | None = None
        if poss:
            p = poss[0].lower_
            ref = self.coref.pronoun(POSSESSIVE_PRONOUN.get(p, p), before=poss[0].i)
        definite = any(self.sentence.doc[i].lower_ in ("the", "this", "these") for i in idx)
        before = self.coref.actors_before(head.i)
        if ref is None and definite:
            named = self.coref.named_before(head)
            if named is not None and ((named.type == role and named.country) or named.code[:3] in ("IGO", "NGO")):
                # "the commission" after "the Election Commission of Pakistan", "the court" after "the
                # International Criminal Court": the organisation itself
                return Actor(named.code, actor.name, actor.start, actor.end, named.country, named.type, "coref")
            ref = next(
                (
                    a
                    for a in reversed([*self.sentence.context.history, *before])
                    if a.type == role and a.country is not None
                ),
                None,
            )
        country3 = ref.code[:3] if ref is not None and ref.country else None
        if not country3:
            country3 = self.places.sentence_country(head) or self.coordinated_country(head)
        if not country3 and role in NON_STATE_ROLES:
            # rebels, gangs, civilians belong where the story happens ("militants in Gaza")
            country3 = self.sentence.context.dominant_country()
        if not country3:
            # a state's forces or officials belong to the state the sentence is about: count the actors
            # named earlier in it ("Mexico's president agreed to deploy troops")
            country3 = self.sentence.context.dominant_country(also=before)
        if not country3:
            return actor
        code = country3 + role
        # "her government", "its army": coreference through a possessive
        kind = "coref" if poss and ref is not None else "role"
        return Actor(code, actor.name, actor.start, actor.end, iso3_for_cameo(country3), role, kind)

    def coordinated_country(self, head: Token) -> str | None:
        """ "Ethiopia's government and the Tigray People's Liberation Front": a bare role coordinated with
        an actor of one country is of that country."""
        siblings = [c for c in head.children if c.dep_ == "conj"]
        if head.dep_ == "conj":
            siblings.append(head.head)
        for s in siblings:
            if s.i in self.sentence.resolving:
                continue
            self.sentence.resolving.add(s.i)
            try:
                countries = {a.code[:3] for a in self.sentence.actor_at(s) if a.country}
            finally:
                self.sentence.resolving.discard(s.i)
            if len(countries) == 1:
                return countries.pop()
        return None

    def demonym_country(self, actor: Actor, idx: list[int]) -> Actor | None:
        """A nationality word the dictionaries lack ("Maldivian President ..."), read by the gazetteer."""
        if self.sentence.gazetteer is None:
            return None
        for i in idx:
            t = self.sentence.doc[i]
            if t.ent_type_ == "NORP" and i not in self.sentence.by_token and t.dep_ in ("amod", "compound"):
                iso3 = self.sentence.gazetteer.demonym_country(t.text)
                if iso3:
                    code = cameo_for_iso3(iso3) + (actor.type or "")
                    country, rtype = split_actor_code(code)
                    return Actor(code, actor.name, actor.start, actor.end, country, rtype, "demonym_role")
        return None

    def unknown_org_modifier(self, idx: list[int]) -> bool:
        """True when a modifier of the phrase is an organisation name the dictionaries do not know."""
        for i in idx:
            t = self.sentence.doc[i]
            if t.ent_type_ == "ORG" and i not in self.sentence.by_token and t.dep_ in ("compound", "poss", "nmod"):
                return True
            # "Borealis Mining president": unknown proper nouns qualifying the title itself
            f = self.sentence.by_token.get(i)
            if (
                f is not None
                and f.is_agent
                and (f.code or "")[:3] == "GOV"
                and any(
                    c.dep_ in ("compound", "poss")
                    and c.pos_ == "PROPN"
                    and c.i not in self.sentence.by_token
                    and c.lower_ not in PORTFOLIOS  # "Health Minister": a ministry, not a company
                    for c in t.children
                )
            ):
                return True
        return False

    def named_group(self, head: Token, seen: list[Found]) -> Actor | None:
        """An organisation the dictionaries do not know, whose name holds only role words ("Tigray People's
        Liberation Front"): a group with the role its name says (armed words → REB) and the country the
        text gives, named in full."""
        if head.ent_type_ != "ORG" or not seen or not all(f.is_agent for f in seen):
            return None
        span = self.sentence.ent_span(head)
        if span is None or len(span) < 2 or not all(span.start <= f.start and f.end <= span.end for f in seen):
            return None
        words = {t.lemma_.lower() for t in span}
        rtype = "REB" if words & ARMED_GROUP_WORDS else (seen[0].code or "")[:3]
        actor = self.sentence.span_actor("---" + rtype, span, None, rtype, "role")
        return self.role_country(actor, head, [t.i for t in span], None)

    def unknown_group_of(self, head: Token, seen: list[Found]) -> Actor | None:
        """ "A spokesman for the Sahel Liberation Front": a role speaking for an organisation the
        dictionaries do not know stands for that organisation, not for a country."""
        if not seen or not all(f.is_agent for f in seen):
            return None
        for c in head.children:
            if c.dep_ != "prep" or c.lower_ not in ("for", "of"):
                continue
            for g in c.children:
                if g.dep_ != "pobj" or g.ent_type_ != "ORG":
                    continue
                span = self.sentence.ent_span(g)
                if span is None or any(
                    i in self.sentence.by_token and not self.sentence.by_token[i].is_agent
                    for i in range(span.start, span.end)
                ):
                    continue
                words = {t.lemma_.lower() for t in span}
                inner = [
                    self.sentence.by_token[i].code for i in range(span.start, span.end) if i in self.sentence.by_token
                ]
                rtype = inner[0] if inner else ("REB" if words & ARMED_GROUP_WORDS else None)
                return self.sentence.span_actor(("---" + rtype) if rtype else "", span, None, rtype, "unknown")
        return None

    def counterpart(self, head: Token, idx: list[int], other: Actor | None) -> list[Actor]:
        countries = [
            f for f in self.sentence.found if f.start in idx and not f.is_agent and f.code and len(f.code) == 3
        ]
        role = (other.type if other is not None else None) or "GOV"
        if countries:
            code = (countries[0].code or "") + role
        else:
            return []
        country, rtype = split_actor_code(code)
        return [
            Actor(
                code,
                span_text(self.sentence.tokens, min(idx), max(idx) + 1),
                self.sentence.doc[min(idx)].idx + self.sentence.offset,
                self.sentence.doc[max(idx)].idx + len(self.sentence.doc[max(idx)].text) + self.sentence.offset,
                country,
                rtype,
                "demonym_role",
            )
        ]

    def spokesman_for(self, head: Token, idx: list[int]) -> Actor | None:
        """ "A spokesman for the Nigerian navy, Commander X": a spokesman speaks as the body he speaks for."""
        if head.lemma_.lower() not in SPOKESPEOPLE:
            return None
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("for", "of"):
                body = next((g for g in c.children if g.dep_ == "pobj"), None)
                if body is None or body.i in self.sentence.resolving:
                    continue
                self.sentence.resolving.add(body.i)
                try:
                    coded = [a for a in self.sentence.actor_at(body) if a.code]
                finally:
                    self.sentence.resolving.discard(body.i)
                if len(coded) == 1:
                    a = coded[0]
                    return self.sentence.finish(
                        Actor(a.code, a.name, a.start, a.end, a.country, a.type, "role"), head, idx
                    )
        return None

    def refugees(self, actor: Actor, head: Token) -> Actor:
        """ "Two million people had fled Ukraine": people who flee are refugees, of the country they fled."""
        verb = head.head
        if head.dep_ not in ("nsubj", "nsubjpass") or verb.lemma_.lower() != "flee":
            return actor
        country = actor.code[:3] if actor.country else None
        for c in verb.children:
            place = c if c.dep_ == "dobj" else next((g for g in c.children if g.dep_ == "pobj"), None)
            if place is not None and (c.dep_ == "dobj" or c.lower_ == "from"):
                f = self.sentence.by_token.get(place.i)
                if country is None and f is not None and not f.is_agent and f.code:
                    country = f.code[:3]
        code = (country or "---") + "REF"
        return Actor(
            code, actor.name, actor.start, actor.end, iso3_for_cameo(country) if country else None, "REF", actor.kind
        )
