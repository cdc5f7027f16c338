"""Code the actors of a parsed sentence the way a CAMEO coder reads a noun phrase.

A noun phrase is coded from the dictionary phrases inside it: a country ("Pakistan", "Pakistani",
"Islamabad"), an organisation or a named person with a full code (``IGOUNO``, ``RUSGOV``), and role nouns
("foreign minister" → ``GOV``, "troops" → ``MIL``). They combine as CAMEO composites: country + role
(``PAKGOV``). Pronouns and definite descriptions ("he", "the minister", "the country", "both sides")
are resolved against the actors named earlier in the same article (an ``ArticleContext``).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from tidings.actors.context import ArticleContext
from tidings.actors.coref import POSSESSIVE_PRONOUN, Coreference, is_expletive_it
from tidings.actors.lexicon import Lexicon
from tidings.actors.lists import NameLists
from tidings.actors.matching import Found, compose, find_in_tokens, in_context, under_of
from tidings.actors.places import Places
from tidings.actors.roles import RoleCountry
from tidings.actors.vocabulary import (
    ABSTRACT_NOUNS,
    ACTOR_NOUNS,
    ARMED_GROUP_WORDS,
    ATTACK,
    CONDITION_NOUNS,
    DESCRIPTION_NOUNS,
    FACILITY_NOUNS,
    FORMER,
    MILITARY_SITES,
    NP_STOP,
    ORG_NOUNS,
    PAIR_NOUNS,
    PERSON_PRONOUNS,
    PLACE_NOUNS,
    PLURAL_PRONOUNS,
    STATE_NOUNS,
    THING_PRONOUNS,
    US_POLITICS,
    US_STATE_NAMESAKES,
    WEAPON_NOUNS,
)
from tidings.model import Actor
from tidings.ontology import actor_types, cameo_for_iso3, split_actor_code

# Re-exported: the pipeline, ``tidings explain`` and the tests import these from here.
__all__ = ["ArticleContext", "Found", "SentenceActors", "compose", "find_in_tokens"]

_PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS


class SentenceActors:
    """The actors of one parsed sentence, looked up by the token heading a noun phrase."""

    def __init__(self, doc: Doc, offset: int, lexicon: Lexicon, context: ArticleContext, gazetteer=None) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.offset = offset
        self.context = context
        # spaCy creates a new Token object on every access: build the list once per sentence.
        self.tokens = list(doc)
        self.ents = list(doc.ents)
        self.text = doc.text
        self._description_heads: list[Token] | None = None
        ents = {t.i: t.ent_type_ for t in self.tokens if t.ent_type_}
        self.found = [
            f
            for f in (in_context(f, doc) for f in find_in_tokens(lexicon, self.tokens, context.date, ents))
            if f is not None
        ]
        self.by_token: dict[int, Found] = {}
        for f in self.found:
            for i in range(f.start, f.end):
                self.by_token[i] = f
        self._cache: dict[int, list[Actor]] = {}
        self.resolving: set[int] = set()
        # Collaborators, each given this sentence as a ``SentenceView`` (and the collaborators it consults).
        self.coref = Coreference(self)
        self.places = Places(self)
        self.roles = RoleCountry(self, self.coref, self.places)
        self.lists = NameLists(self, self.roles)

    def span_actor(self, code: str, span: Span, country: str | None, type: str | None, kind: str) -> Actor:
        """An actor named by ``span`` of this sentence, with article offsets."""
        return Actor(code, span.text, span.start_char + self.offset, span.end_char + self.offset, country, type, kind)

    # -- noun phrases -------------------------------------------------------------------------------
    def np_tokens(self, head: Token) -> list[int]:
        """Token indices of the noun phrase headed by ``head`` (its modifiers, "of" phrases, appositions)."""
        out: list[int] = []
        stack = [head]
        while stack:
            t = stack.pop()
            out.append(t.i)
            for c in t.children:
                if c.dep_ in NP_STOP:
                    continue
                if c.dep_ == "prep" and c.lower_ not in ("of",):
                    continue
                stack.append(c)
        return sorted(out)

    def actor_at(self, head: Token, other: Actor | None = None) -> list[Actor]:
        """The actor(s) a noun phrase stands for; several for "both sides" or "the two countries"."""
        if head.i in self._cache:
            return self._cache[head.i]
        result = self._resolve(head, other)
        self._cache[head.i] = result
        return result

    def _resolve(self, head: Token, other: Actor | None) -> list[Actor]:
        idx = self.np_tokens(head)
        seen: list[Found] = []
        for i in idx:
            f = self.by_token.get(i)
            if f is not None and f not in seen:
                seen.append(f)
        lower = head.lower_
        lemma = head.lemma_.lower()
        # "both sides", "the two countries": the two most recent distinct actors.
        if (
            lemma in PAIR_NOUNS
            and any(c.lower_ in ("both", "two") for c in head.children)
            and not any(not f.is_agent for f in seen)
        ):
            pair = self.context.pair()
            if len(pair) == 2 and pair[0].country and pair[0].code[:3] == pair[1].code[:3]:
                # "both sides" of one country's war (its army and a rebel group): the country they share
                shared = Actor(pair[0].code[:3], "", 0, 0, pair[0].country, None, "coref")
                return [self.coref.relabel(shared, head)]
            if len(pair) == 2:
                return [self.coref.relabel(a, head) for a in pair]
        group = self.roles.unknown_group_of(head, seen)
        if group is not None:
            return [group]
        spoken = self.roles.spokesman_for(head, idx)
        if spoken is not None:
            return [spoken]
        named = self.roles.named_group(head, seen)
        if named is not None:
            return [named]
        head_found = self.by_token.get(head.i)
        if head_found is not None and head_found.is_agent and head_found.code:
            owners = [f for f in seen if not f.is_agent and f.entry.person and under_of(self.doc[f.start], head)]
            if owners and owners[0].code and len(owners[0].code) >= 3 and owners[0].code[:3] != "---":
                # "the party of Imran Khan", "supporters of President X": the group of that person's country
                code = owners[0].code[:3] + head_found.code[:3]
                country, rtype = split_actor_code(code)
                name = self.text[self.doc[min(idx)].idx : self.doc[max(idx)].idx + len(self.doc[max(idx)].text)]
                return [
                    Actor(
                        code,
                        name,
                        self.doc[min(idx)].idx + self.offset,
                        self.doc[max(idx)].idx + len(self.doc[max(idx)].text) + self.offset,
                        country,
                        rtype,
                        "demonym_role",
                    )
                ]
        agents_of = [f for f in seen if f.is_agent and under_of(self.doc[f.start], head)]
        if agents_of:
            # "the president of Kenya's opposition party": the organisation's role, not the title's
            seen = agents_of + [f for f in seen if f not in agents_of]
        if lemma == "counterpart":
            # "his Syrian counterpart": the role of the actor met, else of whoever "his" points to
            owner = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUN), None)
            if other is None:
                verb = head.head.head if head.dep_ == "pobj" else head.head
                subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < head.i), None)
                met = self.actor_at(subject) if subject is not None and subject.i not in self.resolving else []
                other = met[0] if met else None
            if other is None and owner is not None:
                other = self.coref.pronoun(POSSESSIVE_PRONOUN[owner.lower_], before=owner.i)
            met = self.roles.counterpart(head, idx, other)
            if met:
                return met
        if lemma in ABSTRACT_NOUNS and seen and all(f.is_agent and f.start < head.i for f in seen):
            return []  # "military ties", "security cooperation": a kind of relation, not an actor
        if head.tag_ == "NN" and lemma in CONDITION_NOUNS:
            return []  # "years of exile": a condition; "exiles" are people
        if lemma in FACILITY_NOUNS and not _is_attacked(head):
            return []  # "a Chinese military base": a place of an actor, not the actor (unless struck)
        if lemma in WEAPON_NOUNS and head.dep_ in ("dobj", "pobj", "conj") and all(f.is_agent for f in seen):
            return []  # "launched 300 drones", "shot down drones": the weapons, not the force using them
        split = self.lists.list_members(head, idx) or self.lists.coordinated_modifiers(head, idx, seen)
        if split:
            return split
        actor: Actor | None = compose(seen, self.tokens, self.offset)
        if actor is not None and actor.kind == "role" and self.roles.unknown_org_modifier(idx):
            # "Mobil president Richard Tucker": the title belongs to an organisation we do not know, not
            # to a state; keep the person, without inventing a country or a role
            return [Actor("", actor.name, actor.start, actor.end, None, None, "unknown")]
        if actor is not None and actor.country is None and actor.kind == "role":
            actor = self.roles.demonym_country(actor, idx) or self.roles.role_country(actor, head, idx, other)
        if actor is not None and actor.type == "CVL":
            actor = self.roles.refugees(actor, head)
        if actor is not None and lemma in MILITARY_SITES and len(actor.code) == 3 and actor.kind == "country":
            # "Russian positions" shelled: the country's forces
            country, rtype = split_actor_code(actor.code + "MIL")
            actor = Actor(actor.code + "MIL", actor.name, actor.start, actor.end, country, rtype, "demonym_role")
        if actor is not None:
            return [self.finish(actor, head, idx)]
        if lower in PLURAL_PRONOUNS:
            group = self.coref.coordinated_before(head.i)  # type: ignore[assignment]
            if group:
                return [self.coref.relabel(a, head) for a in group]
        if head.pos_ == "PRON" or lower in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS:
            ref = self.coref.pronoun(lower, before=head.i)
            return [self.coref.relabel(ref, head)] if ref else []
        owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        if lemma in STATE_NOUNS and owner is not None and owner.lower_ in ("his", "her", "their", "its"):
            # "his country", "their government": the country of whoever the pronoun points to
            ref = self.coref.pronoun(POSSESSIVE_PRONOUN[owner.lower_], before=owner.i)
            if ref is not None and ref.country:
                return [self.coref.state_of(ref, head, lemma)]
        if lemma in STATE_NOUNS and any(c.lower_ in ("the", "its", "this") for c in head.children):
            ref = self.context.last(lambda a: a.country is not None)
            if ref:
                return [self.coref.state_of(ref, head, lemma)]
        if lemma == "counterpart":
            return self.roles.counterpart(head, idx, other)
        if lemma in ORG_NOUNS and any(c.lower_ in ("the", "this") for c in head.children):
            ref = self.coref.named_before(head) or self.coref.latest(ORG_NOUNS[lemma], head.i)
            if ref is not None:
                return [self.coref.relabel(ref, head)]
        if self._is_membership(head):
            igo = self.coref.latest(lambda a: a.code[:3] == "IGO" and a.kind != "coref", head.i)
            if igo is not None:
                return [self.coref.relabel(igo, head)]  # "pushing allies to spend more" after NATO
        place = self.places.place_actor(head, idx) if head.ent_type_ != "PERSON" else None
        if place is not None:
            return [place]
        if head.ent_type_ == "NORP" and self.gazetteer is not None:
            # "Tanzanians", "Rohingya": people of a nationality the dictionaries lack
            iso3 = self.gazetteer.demonym_country(head.text)
            if iso3:
                code = cameo_for_iso3(iso3) + "CVL"
                country, rtype = split_actor_code(code)
                return [
                    Actor(
                        code,
                        head.text,
                        head.idx + self.offset,
                        head.idx + len(head.text) + self.offset,
                        country,
                        rtype,
                        "demonym_role",
                    )
                ]
            return []
        if not seen and head.text[:1].isupper() and head.pos_ in ("PROPN", "NOUN"):
            named = self.coref.named_again(self.ent_span(head) or self.doc[head.i : head.i + 1])
            if named is not None:
                return [named]
        if head.ent_type_ == "PERSON" or head.ent_type_ == "ORG":
            span = self.ent_span(head)
            if span is not None and head.ent_type_ == "ORG" and {t.lemma_.lower() for t in span} & ARMED_GROUP_WORDS:
                return [
                    Actor(
                        "---REB",
                        span.text,
                        span.start_char + self.offset,
                        span.end_char + self.offset,
                        None,
                        "REB",
                        "unknown",
                    )
                ]
            if span is not None:
                return [
                    Actor(
                        "",
                        span.text,
                        span.start_char + self.offset,
                        span.end_char + self.offset,
                        None,
                        None,
                        "unknown",
                    )
                ]
        return []

    def finish(self, actor: Actor, head: Token, idx: list[int]) -> Actor:
        """Final touches from the whole phrase: "former"/"ousted" makes an elite (``ELI``), and the name
        and offsets cover the whole phrase so a person's name is kept ("Kenyan police spokesman John Otieno")."""
        toks = [self.doc[i] for i in idx]
        code, kind = actor.code, actor.kind
        inside = [i for i in idx if i in self.by_token] + [head.i]
        lo, hi = min(inside), max(inside)
        # the contiguous stretch from the first dictionary word to the head: "Kenyan police spokesman
        # John Otieno", not the clauses and coordinated names around it
        while lo > 0 and self.doc[lo - 1].i in idx and self.doc[lo - 1].dep_ in ("compound", "amod", "poss", "case"):
            lo -= 1
        if code[:3] in US_STATE_NAMESAKES and any(t.lower_ in US_POLITICS for t in toks):
            # "Georgia's Republican secretary of state": the U.S. state (CAMEO codes its officials USA)
            code = "USA" + code[3:]
        if any(t.lower_ in FORMER for t in toks) and code[:3] not in ("IGO", "NGO") and not code.endswith("ELI"):
            code = (code[:3] if len(code) >= 3 else "---") + "ELI"
        # an apposition belongs to the name only when the head itself is not a dictionary word
        # ("John Otieno, a Kenyan police spokesman"), not in lists ("Biden, Egyptian President el-Sisi")
        appos = [t for t in head.children if t.dep_ == "appos"]
        keep_appos = {
            x.i
            for a in appos
            if head.i not in self.by_token
            or not any(x.i in self.by_token and not self.by_token[x.i].is_agent for x in a.subtree)
            for x in a.subtree
        }
        toks = [t for t in toks if lo <= t.i <= hi or t.i in keep_appos]
        toks.sort(key=lambda t: t.i)
        while toks and (toks[0].dep_ in ("det", "punct", "cc") or toks[0].pos_ == "DET"):
            toks = toks[1:]
        while toks and toks[-1].dep_ in ("punct", "cc"):
            toks = toks[:-1]
        if not toks:
            return actor
        first, last = toks[0], toks[-1]
        name = self.text[first.idx : last.idx + len(last.text)]
        country, rtype = split_actor_code(code)
        if (
            kind in ("role", "demonym_role", "country")
            and code[:3] not in ("IGO", "NGO")
            and head.ent_type_ == "PERSON"
            and head.i not in self.by_token  # a name the parser tags PERSON, not "Denmark"
        ):
            kind = "person"  # "former presidential candidate Senator Ted Cruz": "he", never "it"
        if len(name) > 120:  # a phrase with long modifiers: keep the dictionary words as the name
            return Actor(code, actor.name, actor.start, actor.end, country, rtype, kind)
        return Actor(code, name, first.idx + self.offset, last.idx + len(last.text) + self.offset, country, rtype, kind)

    def ent_span(self, head: Token):
        for ent in self.ents:
            if ent.start <= head.i < ent.end:
                return ent
        return None

    def actors_for(self, head: Token, other: Actor | None = None) -> list[Actor]:
        """The actors of a phrase and of the phrases coordinated with it ("X and Y", "X, Y and Z")."""
        out = list(self.actor_at(head, other))
        for c in head.children:
            if c.dep_ == "conj":
                out.extend(self.actors_for(c, other))
        return out

    def all_actors(self) -> list[Actor]:
        """Every actor phrase in the sentence, in text order, for the article context."""
        heads: list[Token] = []
        seen: set[int] = set()
        for f in self.found:
            head = self._actor_head(f)
            if head is not None and head.i not in seen:
                seen.add(head.i)
                heads.append(head)
        for t in self.tokens:
            if t.i not in seen and self._is_reference(t):
                seen.add(t.i)
                heads.append(t)
        out: list[tuple[int, Actor]] = []
        for h in sorted(heads, key=lambda t: t.i):
            if is_expletive_it(h) or self.is_capacity(h):
                continue
            actors = [a for a in self.actor_at(h) if a.code or (a.kind == "unknown" and h.ent_type_ == "PERSON")]
            if h.dep_ in ("nsubj", "nsubjpass") or (h.dep_ == "conj" and h.head.dep_ in ("nsubj", "nsubjpass")):
                self.context.subjects.update(a.start for a in actors)
            out.extend((h.i, a) for a in actors)
        # "Election Commission of India" is one mention: the country inside it is not another
        kept = [(h, a) for h, a in out if not any(g != h and _contains(b, a) for g, b in out)]
        # a list member the parser also coordinated ("... and Palestinian President Mahmoud Abbas") once
        kept = [
            (h, a)
            for k, (h, a) in enumerate(kept)
            if not any(g != h and (b.start, b.end) == (a.start, a.end) for g, b in kept[:k])
        ]
        return self._join_appositions(sorted((a for _, a in kept), key=lambda a: a.start))

    def _actor_head(self, f: Found) -> Token | None:
        """The head of the actor phrase a dictionary match belongs to, or None when the match only names a
        place or qualifies a thing ("talks in Almaty", "the Gaza ceasefire", "military buildings")."""
        tok = self.doc[f.end - 1]
        if tok.pos_ in ("ADP", "PART") and f.end - f.start > 1:
            tok = self.doc[f.end - 2]  # "ambassador to": the phrase ends at the noun
        head = tok
        owner = None  # the possessor phrase passed on the way up ("Merz" in "Merz's plan")
        while head.dep_ in ("compound", "amod", "poss", "nmod", "det", "case", "appos") and head.head.i != head.i:
            if head.dep_ == "poss":
                owner = head
            head = head.head
        if (
            owner is not None
            and head.i not in self.by_token
            and head.pos_ == "NOUN"
            and head.ent_type_ not in ("PERSON", "ORG")
            and head.lemma_.lower() not in PLACE_NOUNS  # "Syria's Idlib province" is a place
            and (head.lemma_.lower() in ABSTRACT_NOUNS or not self._role_outside(head, owner))
        ):
            head = owner  # "Chancellor Merz's plan", "Israel's military operations": the possessor acts
        if self.places.is_place(head, f):
            return None
        if (
            tok.dep_ in ("compound", "amod")
            and head.i != tok.i
            and not self._is_title_of(head, f)
            and head.lemma_.lower() not in ACTOR_NOUNS  # "Western countries", "IAEA inspectors"
            and not any(self.by_token.get(i) is not None and self.by_token[i].is_agent for i in self.np_tokens(head))
        ):
            return None
        if (
            head.i not in self.by_token
            and head.pos_ == "NOUN"
            and head.ent_type_ not in ("PERSON", "ORG")
            and head.lemma_.lower() not in ACTOR_NOUNS
        ):
            return None  # "military buildings", "the government's plan": the role word modifies a thing
        if (head.lemma_.lower() in PLACE_NOUNS and not self.places.names_place_noun(head)) or (
            head.dep_ == "pobj"
            and head.head.lower_ in ("with", "of", "near")
            and (
                head.head.head.lemma_.lower() in PLACE_NOUNS
                or self.doc[max(head.head.i - 1, 0)].lemma_.lower() in PLACE_NOUNS  # "checks on the border with X"
            )
        ):
            return None  # "the border with Poland", "Ukraine's second-largest city", "west of Hokkaido"
        return head

    def _role_outside(self, head: Token, owner: Token) -> bool:
        """ "Myanmar's military chief": a role word outside the possessor keeps the phrase an actor."""
        owned = {t.i for t in owner.subtree}
        return any(i in self.by_token and i not in owned for i in self.np_tokens(head))

    def _is_title_of(self, head: Token, f: Found) -> bool:
        """ "Homeland Security Secretary Chad Wolf": a title with a role before a person's name."""
        return (
            (head.ent_type_ == "PERSON" or (head.pos_ == "PROPN" and not head.ent_type_))
            and len(f.code or "") == 6
            and (f.code or "")[3:] in actor_types()
        )

    def _is_reference(self, t: Token) -> bool:
        """A word that names an actor without a dictionary match: a pronoun, a definite description, "allies",
        a person named again by surname ("Safadi said"), or a person the dictionaries do not know (kept
        uncoded, so the mention is not lost)."""
        if t.i not in self.by_token:
            if t.text in self.context.surnames and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
                return True
            if t.ent_type_ == "PERSON" and t.pos_ == "PROPN" and t.dep_ in ("nsubj", "nsubjpass", "dobj", "dative"):
                return True
        if t.pos_ == "PRON":
            # "it", "they" as subject or object, not the possessives "its", "their"
            return t.lower_ in _PRONOUNS and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "dative")
        return self._is_description(t) or self._is_membership(t)

    def _join_appositions(self, actors: list[Actor]) -> list[Actor]:
        """ "Qatar's emir, Sheikh Tamim bin Hamad Al Thani": a description and the person it describes,
        split by a comma the parser did not read as an apposition, are one mention."""
        out: list[Actor] = []
        for a in actors:
            prev = out[-1] if out else None
            if (
                prev is not None
                and self.text[prev.end - self.offset : a.start - self.offset].strip() == ","
                and prev.code == a.code
                and (prev.kind == "person") != (a.kind == "person")
            ):
                person = prev if prev.kind == "person" else a
                name = self.text[prev.start - self.offset : a.end - self.offset]
                out[-1] = Actor(person.code, name, prev.start, a.end, person.country, person.type, "person")
                continue
            out.append(a)
        return out

    def descriptions(self) -> list[Token]:
        """The heads of the sentence's definite descriptions, found once."""
        if self._description_heads is None:
            self._description_heads = [t for t in self.tokens if self._is_description(t)]
        return self._description_heads

    def _is_description(self, t: Token) -> bool:
        """ "the country", "both sides", "the bloc", "his government": a definite description that may
        refer to an actor named before."""
        return (
            (t.pos_ == "NOUN" or (t.pos_ == "PROPN" and t.text.islower()))  # "the bloc" tagged PROPN
            and t.lemma_.lower() in DESCRIPTION_NOUNS
            and t.dep_ != "poss"  # "the cabinet's resignation": a modifier, as "the government's plan"
            and any(c.lower_ in ("the", "its", "both", "two", "his", "her", "their") for c in t.children)
        )

    def _is_membership(self, t: Token) -> bool:
        """ "allies", "member states": the members of an organisation named before, when nothing says whose
        allies they are ("Ukraine's allies" are not NATO)."""
        if t.tag_ != "NNS" or t.pos_ != "NOUN":
            return False
        lemma = t.lemma_.lower()
        if lemma not in ("ally", "member", "state", "country", "nation"):
            return False
        if any(c.dep_ in ("poss", "amod") for c in t.children):
            return False
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children):
            return False
        return lemma in ("ally", "member") or (
            lemma in ("state", "country", "nation") and any(c.lower_ == "member" for c in t.children)
        )

    def is_capacity(self, head: Token) -> bool:
        """ "sworn in as prime minister", "step down as a member of parliament": a role phrase after "as"
        names the capacity someone acts in, not a second actor."""
        t = head
        if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.dep_ == "pobj":
            t = t.head.head  # "as a member of parliament"
        if not (t.dep_ == "pobj" and t.head.lower_ == "as"):
            return False
        f = self.by_token.get(head.i)  # a role word ("as president"), not a name ("such as China")
        return f is not None and f.is_agent


def _contains(outer: Actor, inner: Actor) -> bool:
    """True when ``inner``'s words lie inside the longer mention ``outer``."""
    return outer.start <= inner.start and inner.end <= outer.end and outer.end - outer.start > inner.end - inner.start


def _is_attacked(t: Token) -> bool:
    """True when ``t`` is what an attack is aimed at: "struck Iranian bases", "strikes on Iranian facilities"."""
    if t.dep_ == "dobj":
        return t.head.lemma_.lower() in ATTACK
    return t.dep_ == "pobj" and t.head.lower_ in ("on", "against") and t.head.head.lemma_.lower() in ATTACK
