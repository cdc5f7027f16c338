"""Dictionary matches in a sentence, checked against the text around them, and composed into actors.

Matching is done on tokens (``find_in_tokens``); each match is then read in context (``in_context``:
capitals after a preposition are places, "Russian-backed" names a sponsor, acronyms must be capitals),
and the matches of one noun phrase combine into a CAMEO composite (``compose``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from tidings.actors.lexicon import LexEntry, Lexicon, Match
from tidings.actors.vocabulary import MOTION_VERBS, PLACE_PREPOSITIONS, SPONSOR
from tidings.model import Actor
from tidings.ontology import actor_types, split_actor_code


@dataclass
class Found:
    """A dictionary match in a sentence, with the entry chosen for the article date."""

    start: int
    end: int
    entry: LexEntry
    code: str | None

    @property
    def is_agent(self) -> bool:
        return self.entry.kind == "agent"


def find_in_tokens(
    lexicon: Lexicon, tokens: list, date: dt.date | None, ents: dict[int, str] | None = None
) -> list[Found]:
    """Dictionary matches over tokens, with the false-friend rules applied.

    - Actor names must be capitalised in the text ("turkey", "chad", "who", "us" are ordinary words).
    - A single-word country inside a longer person name ("Michael Jordan") is not a country.
    - Bare surnames (weak entries) only count when one office holder of that name holds office on the
      article date.
    - Blocklisted phrases ("South China Sea") consume their tokens and produce nothing.
    """
    lowers = [t.lower_ for t in tokens]
    out: list[Found] = []
    covered: set[int] = set()
    for m in lexicon.match(lowers):
        found = _choose(m, tokens, date, ents or {})
        if found is not None and not found.entry.person and _acronym_in_lower_case(found, tokens[found.start]):
            continue  # a sentence-initial "An" is no Aryan Nations (AN), parsed or not
        if found is not None:
            out.append(found)
            covered.update(range(found.start, found.end))
    for i, t in enumerate(tokens):
        if (
            i not in covered
            and (t.tag_ in ("NNPS", "NNS") or t.ent_type_ == "NORP")
            and t.text[:1].isupper()
            and len(t.text) > 4
        ):
            plural = _demonym_plural(lexicon, t)
            if plural is not None:
                out.append(Found(i, i + 1, plural, (plural.code_on(date) or "")[:3] + "CVL"))
    out.sort(key=lambda f: f.start)
    return out


def _demonym_plural(lexicon: Lexicon, t) -> LexEntry | None:
    """ "Georgians", "Turks": the people of a country whose demonym the dictionaries have only in the
    singular."""
    if not t.lower_.endswith("s") or t.dep_ in ("compound", "amod"):
        return None
    for m in lexicon.match([t.lower_[:-1]]):
        for e in m.entries:
            code = e.code_on(None) if e.kind == "actor" and not e.person and not e.weak else None
            if code and len(code) == 3 and m.end == 1:
                return e
    return None


_TITLES = {
    "president",
    "prime",
    "minister",
    "mr",
    "mrs",
    "ms",
    "dr",
    "chancellor",
    "premier",
    "king",
    "queen",
    "prince",
    "sheikh",
    "general",
    "gen",
    "secretary",
    "senator",
    "leader",
    "emir",
    "sultan",
    "pm",
    "vice",
    "foreign",
    "defence",
    "defense",
    "the",
    "and",
    "but",
    "said",
    "when",
    "while",
    "as",
    "after",
    "before",
}


def _choose(m: Match, tokens: list, date: dt.date | None, ents: dict[int, str]) -> Found | None:
    entries = m.entries
    if any(e.kind == "block" for e in entries) and not any(e.kind == "actor" and not e.weak for e in entries):
        return None
    first = tokens[m.start]
    text_tokens = tokens[m.start : m.end]
    actor_entries = [e for e in entries if e.kind == "actor"]
    strong = [e for e in actor_entries if not e.weak]
    if strong or actor_entries:
        # Proper names must look like names: "turkey" (the bird), "who", "us" are not actors.
        if not any(t.text[:1].isupper() for t in text_tokens if any(ch.isalpha() for ch in t.text)):
            strong, actor_entries = [], []
    if strong:
        entry = strong[-1]
        code = entry.code_on(date)
        if m.end - m.start == 1 and ents.get(first.i) == "PERSON" and not entry.person and len(code or "") <= 3:
            # "Jordan" inside "Michael Jordan": a person's name, not the country ("Pope" in "Pope Leo" is
            # a title, coded with its role)
            if _ent_len(tokens, m.start, ents) > 1:
                return None
        if code:
            return Found(m.start, m.end, entry, code)
    weak = [e for e in actor_entries if e.weak]
    if weak and m.start > 0:
        prev = tokens[m.start - 1]
        # "Sarah Sharif" is not Prime Minister Sharif: a bare surname only counts after a title or alone.
        if prev.is_alpha and prev.text[:1].isupper() and prev.lower_ not in _TITLES:
            weak = []
    if weak and date is not None:
        live = [e for e in weak if any(c.valid_on(date) for c in e.codes)]
        if len({e.code_on(date) for e in live}) == 1:
            return Found(m.start, m.end, live[0], live[0].code_on(date))
    agents = [e for e in entries if e.kind == "agent"]
    if agents:
        return Found(m.start, m.end, agents[-1], agents[-1].agent_code)
    return None


def _ent_len(tokens: list, i: int, ents: dict[int, str]) -> int:
    n = 1
    j = i - 1
    while j >= 0 and ents.get(tokens[j].i) == "PERSON":
        n += 1
        j -= 1
    j = i + 1
    while j < len(tokens) and ents.get(tokens[j].i) == "PERSON":
        n += 1
        j += 1
    return n


def _acronym_in_lower_case(f: Found, tok) -> bool:
    """A one-word match of a short name not written in capitals: "Who", "An", "us" are words, not acronyms."""
    return (
        not f.is_agent
        and bool(f.code)
        and f.end - f.start == 1
        and not tok.text.isupper()
        and (len(tok.text) <= 3 or ((f.code or "")[:3] in ("IGO", "NGO") and len(tok.text) <= 4))
    )


def in_context(f: Found, doc: Doc) -> Found | None:
    """Adjust a match by its role in the parse.

    - A capital or seat of government after a locative preposition is a place, not the government:
      "arrived in Beijing" names China the country (``CHN``), "Beijing said" the government (``CHNGOV``).
    - A single place word inside a longer organisation or facility name ("Real Madrid", "Kyiv
      Independent") is part of that name, not an actor.
    """
    if f.is_agent or not f.code:
        return f
    tok = doc[f.end - 1]
    if f.end + 1 < len(doc) and doc[f.end].text == "-" and doc[f.end + 1].lower_ in SPONSOR:
        return None
    if f.end < len(doc) and doc[f.end].lower_.startswith("-") and doc[f.end].lower_[1:] in SPONSOR:
        return None
    if _acronym_in_lower_case(f, tok) and not (f.entry.person and tok.pos_ == "PROPN"):
        return None  # "Who ordered ...", "An independent mission": acronyms are written in capitals
    if f.code[:3] == "IGO" and tok.ent_type_ == "GPE" and tok.dep_ == "pobj" and tok.head.lower_ in PLACE_PREPOSITIONS:
        return None  # "talks in Brussels": the city, not the EU
    if f.end - f.start == 1 and tok.ent_type_ in ("ORG", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT"):
        span = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
        if (
            span is not None
            and len(span) > 1
            and not f.entry.person
            and not any(t.dep_ in ("cc", "conj", "punct") for t in span)  # "Arnor, Osgiliath and Gondor"
            and f.code.endswith("GOV")  # a capital inside a club or company name
        ):
            return None
    if (
        len(f.code) == 6
        and f.code[3:] not in actor_types()
        and f.code[:3] not in ("IGO", "NGO")
        and "Phoenix.Countries" in f.entry.source
    ):
        # a region code ("PSEGZA" for Gaza): a place of that country, never a role
        return Found(f.start, f.end, f.entry, f.code[:3])
    if len(f.code) == 6 and f.code.endswith("GOV") and not f.entry.person:
        head = tok
        while head.dep_ in ("compound", "conj", "appos") and head.head.i != head.i:
            head = head.head
        if (
            head.dep_ == "pobj"
            and head.head.lower_ in PLACE_PREPOSITIONS
            and (
                head.head.lower_ not in ("to", "from", "toward", "towards")
                or head.head.head.lemma_.lower() in MOTION_VERBS
            )
        ):
            return Found(f.start, f.end, f.entry, f.code[:3])
    return f


def under_of(tok: Token, head: Token) -> bool:
    """True when ``tok`` sits in an "of" phrase attached to ``head``."""
    t = tok
    while t.i != head.i and t.head.i != t.i:
        if t.dep_ == "prep" and t.lower_ == "of" and t.head.i == head.i:
            return True
        t = t.head
    return False


def compose(found: list[Found], tokens: list, offset: int) -> Actor | None:
    """Combine the matches of one noun phrase into a CAMEO composite actor, or None when there is none."""
    if not found:
        return None
    full = [f for f in found if not f.is_agent and f.code]
    agents = [f for f in found if f.is_agent and f.code]
    if len(agents) > 1:
        # "Deputy Emergency Situations Minister": "deputy" qualifies the title after it (alone, Phoenix
        # reads it as a sheriff's deputy)
        agents = [
            a for a in agents if not (a.end - a.start == 1 and tokens[a.start].lower_ in _TITLE_QUALIFIERS)
        ] or agents
    start = min(f.start for f in found)
    end = max(f.end for f in found)
    name = span_text(tokens, start, end)
    char_start = tokens[start].idx + offset
    char_end = tokens[end - 1].idx + len(tokens[end - 1].text) + offset
    base: Found | None = None
    # Prefer the most specific full code: a person or organisation over a bare country.
    for f in sorted(full, key=lambda f: (len(f.code or ""), f.entry.person), reverse=True):
        base = f
        break
    if base is not None:
        code = base.code or ""
        owner = next((f for f in full if len(f.code or "") == 3 and f.start < base.start), None)
        if (
            owner is not None
            and code[:3] == "IGO"
            and not base.entry.person
            and any(tokens[a.start].lower_ in _DELEGATES for a in agents)
        ):
            # "Russia's UN ambassador", "the Iranian envoy to the IAEA": a state's delegate to the body
            base, code = owner, (owner.code or "")
        if (
            owner is not None
            and not base.entry.person
            and len(code) == 6
            and code[3:] in _STATE_ROLES
            and code[:3] not in (owner.code, "IGO", "NGO")
        ):
            # "Brazil's Congress", "Mexico's Senate": a country's own institution, though the dictionary
            # names the one of another country
            code = (owner.code or "") + code[3:]
        group = next(
            (f for f in full if not f.entry.person and f.start < base.start and (f.code or "")[3:6] in _GROUP_ROLES),
            None,
        )
        if base.entry.person and group is not None and agents:
            # "Hamas political leader Ismail Haniyeh", "Taliban spokesman X": the text gives the person as
            # the group's, whatever office the dictionary remembers
            code = group.code or ""
        kind = "person" if base.entry.person else ("igo" if code.startswith("IGO") else "country")
        if len(code) == 3 and agents and code not in actor_types():
            # the primary role only: "agriculture minister" is GOV (Phoenix's GOVAGR sub-sector dropped)
            # (a user's own agent dictionary is taken as written: its codes are the user's convention)
            agent = agents[0]
            code += (agent.code or "") if agent.entry.source.startswith("user") else (agent.code or "")[:3]
            kind = "demonym_role"
        elif base.entry.person and code.endswith("ELI") and agents and code[:3] != "---":
            # "opposition leader Yair Lapid": a former office holder coded by the role the text gives now
            code = code[:3] + (agents[0].code or "ELI")
        elif (
            base.entry.person
            and code[:3] not in ("IGO", "NGO", "---")
            and (titles := [a for a in agents if a.code in _TEXT_ROLES and a.start < base.start])
        ):
            # "opposition candidate X", "Myanmar's military chief, Y": the title the text gives decides, not
            # the office the dictionary remembers (a later description, "once the governing force", does not)
            code = code[:3] + (titles[0].code or "")
        elif (
            len(code) == 3
            and not agents
            and base.end - base.start == 1
            and tokens[base.start].ent_type_ == "NORP"
            and tokens[base.start].tag_ in ("NNPS", "NNS")
            and tokens[base.start].dep_ not in ("amod", "compound")
        ):
            # "five detained Americans", "Palestinians": people of that country
            code += "CVL"
            kind = "demonym_role"
        elif len(code) == 3 and kind == "country" and base.end - base.start == 1:
            kind = "country"
        country, role = split_actor_code(code)
        return Actor(code=code, name=name, start=char_start, end=char_end, country=country, type=role, kind=kind)
    if agents:
        code = (agents[0].code or "")[:3]
        armed = [a for a in agents if (a.code or "")[:3] in ("REB", "INS")]
        if armed and all(tokens[a.start].text[:1].isupper() for a in agents):
            code = (armed[0].code or "")[:3]  # "Tigray People's Liberation Front": a named armed group
        return Actor(code="---" + code, name=name, start=char_start, end=char_end, country=None, type=code, kind="role")
    return None


#: Title words that qualify the title after them.
_TITLE_QUALIFIERS = {"deputy", "vice", "acting", "assistant"}
#: Words for a state's delegates to an organisation ("Russia's UN ambassador").
_DELEGATES = {"ambassador", "envoy", "representative", "delegate", "delegation", "mission"}
#: Roles of organisations outside the state that people can speak or act for.
_GROUP_ROLES = {"REB", "INS", "UAF", "OPP", "PTY"}
#: Roles of state institutions.
_STATE_ROLES = {"GOV", "LEG", "JUD", "MIL", "COP"}
#: Roles a text can give a known person that override the dictionary's office ("opposition candidate").
_TEXT_ROLES = {"OPP", "MIL", "LEG", "JUD", "REB", "ELI", "COP", "SPY"}


def span_text(tokens: list, start: int, end: int) -> str:
    return "".join(t.text_with_ws for t in tokens[start:end]).strip()
