"""Lists of names the parser glued into one noun phrase: "Emmanuel Macron and European Commission
President Ursula von der Leyen", "US President Joe Biden, Egyptian President Abdel Fattah el-Sisi and
Palestinian President Mahmoud Abbas".

The small English model often attaches the second title and name of such a list to the first as a
compound or apposition. Read flat, the list is plain: the commas and "and" separate the members, and each
member that starts with a name or a title and names a person, state or organisation is an actor of its
own. An apposition that only describes ("Arif Alvi, Pakistan's president", "Kim Yo Jong, the sister of
...") is not split off.
"""

from __future__ import annotations

from spacy.tokens import Token

from tidings.actors.matching import Found, compose
from tidings.actors.roles import RoleCountry
from tidings.actors.view import SentenceView
from tidings.model import Actor

_SEPARATORS = {",", ";", "and", "or"}


class NameLists:
    """Split a noun phrase that is really a list of actors (a collaborator of ``SentenceActors``)."""

    def __init__(self, sentence: SentenceView, roles: RoleCountry) -> None:
        self.sentence = sentence
        self.roles = roles

    def list_members(self, head: Token, idx: list[int]) -> list[Actor]:
        """One actor per member when the phrase headed by ``head`` is a list of names, else []."""
        span = set(idx)
        for i in idx:  # members the parser coordinated below a non-head word ("Macron and [European ...")
            if i != head.i:
                for c in self.sentence.doc[i].children:
                    if c.dep_ == "conj":
                        span.update(t.i for t in c.subtree)
        lo, hi = min(span), max(span)
        if not any(self.sentence.doc[i].lower_ in ("and", "or") for i in range(lo, hi + 1)):
            return []
        segments: list[list[int]] = [[]]
        for i in range(lo, hi + 1):
            if self.sentence.doc[i].lower_ in _SEPARATORS and i not in self.sentence.by_token:
                if segments[-1]:
                    segments.append([])
            else:
                segments[-1].append(i)
        segments = [s for s in segments if s]
        members = [s for s in segments if self.is_member(s)]
        named = [s for s in members if self.names_someone(s)]
        if len(members) < 2 or not named or any(self.is_modifier(s, span) for s in members):
            return []
        out: list[Actor] = []
        for seg in members:
            found: list[Found] = []
            for i in seg:
                f = self.sentence.by_token.get(i)
                if f is not None and f not in found and f.start >= seg[0] and f.end - 1 <= seg[-1]:
                    found.append(f)
            actor = compose(found, self.sentence.tokens, self.sentence.offset)
            if actor is None:
                continue
            if actor.country is None and actor.kind == "role":
                actor = self.roles.role_country(actor, self.sentence.doc[seg[-1]], seg, None)
            first = next(i for i in seg if self.sentence.doc[i].pos_ != "DET")
            last = seg[-1]
            start = self.sentence.doc[first].idx + self.sentence.offset
            end = self.sentence.doc[last].idx + len(self.sentence.doc[last].text) + self.sentence.offset
            name = self.sentence.text[
                self.sentence.doc[first].idx : self.sentence.doc[last].idx + len(self.sentence.doc[last].text)
            ]
            out.append(Actor(actor.code, name, start, end, actor.country, actor.type, actor.kind))
        return out if len(out) >= 2 else []

    def is_member(self, seg: list[int]) -> bool:
        """A list member starts with a name or a title ("Egyptian President ...", "the United Kingdom"),
        not with a common noun that describes ("the sister of ...")."""
        first = next((self.sentence.doc[i] for i in seg if self.sentence.doc[i].pos_ != "DET"), None)
        if first is None:
            return False
        return (first.i in self.sentence.by_token or first.pos_ == "PROPN") and any(
            i in self.sentence.by_token for i in seg
        )

    def is_modifier(self, seg: list[int], span: set[int]) -> bool:
        """A member that modifies the phrase's head is a coordinated modifier, read elsewhere: "Iranian and
        U.S. officials", "the foreign ministers of Armenia and Azerbaijan"."""
        inside = set(seg)
        last = next(
            (self.sentence.doc[i] for i in seg if self.sentence.doc[i].head.i not in inside), self.sentence.doc[seg[-1]]
        )
        while last.dep_ == "conj" and last.head.i != last.i:
            last = last.head
        if last.dep_ == "amod" or last.pos_ == "ADJ" or last.ent_type_ == "NORP":
            return True
        return last.dep_ == "pobj" and last.head.head.i in span

    def names_someone(self, seg: list[int]) -> bool:
        """The member names a person, state or organisation, not only a role."""
        return any((f := self.sentence.by_token.get(i)) is not None and not f.is_agent and f.code for i in seg)

    def coordinated_modifiers(self, head: Token, idx: list[int], seen: list[Found]) -> list[Actor]:
        """ "Iranian and U.S. officials", "the foreign ministers of Armenia and Azerbaijan": one actor per
        coordinated country, each with the phrase's role."""
        inside = set(idx)
        agents = [f for f in seen if f.is_agent]
        groups: list[list[Found]] = []
        # "lawmakers in Fornost and Gondor": places of the role coordinated in an "in"/"from" phrase
        extra = (
            [
                g.i
                for c in head.children
                if c.dep_ == "prep" and c.lower_ in ("in", "from")
                for g in c.children
                if g.dep_ == "pobj"
            ]
            if agents and all(f.is_agent for f in seen)
            else []
        )
        for i in [*idx, *extra]:
            tok = self.sentence.doc[i]
            if i == head.i or not any(c.dep_ == "conj" for c in tok.children):
                continue
            chain = [tok]
            stack = [c for c in tok.children if c.dep_ == "conj"]
            while stack:
                c = stack.pop()
                chain.append(c)
                stack.extend(x for x in c.children if x.dep_ == "conj")
            members = []
            for t in chain:
                span = [t.i] + [x.i for x in t.subtree if x.dep_ in ("compound", "amod", "det") and x.i not in inside]
                f = next(
                    (
                        self.sentence.by_token[j]
                        for j in span
                        if j in self.sentence.by_token and not self.sentence.by_token[j].is_agent
                    ),
                    None,
                )
                if f is not None and f not in members:
                    members.append(f)
            if len(members) >= 2:
                groups.append(members)
        if not groups:
            return []
        tokens = self.sentence.tokens
        out = []
        for f in groups[0]:
            actor = compose([f, *agents], tokens, self.sentence.offset)
            if actor is not None:
                out.append(actor)
        if len({a.code for a in out}) < 2:
            return []  # "police in Moscow and St Petersburg": one country's police
        return out
