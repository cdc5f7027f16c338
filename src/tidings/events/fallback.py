"""Participants the dependency frame does not hold: named fallback rules, each with a confidence.

The frame rules (:mod:`.parties`) read a trigger's own arguments: subject, object, the pattern's preposition,
the passive agent. Real news often leaves one side out of them: "dozens were detained after the march" names no
arresting side, "two people were killed in a bombing" no attacker, "the agency criticised the move" no owner of
the move. A careful human coder still codes these events, from the clause, the sentence and the article (see
``../shared/benchmarks/REAL_NEWS_CODING.md``). This module does the same by explicit rules, tried in order
after the frame found nothing for a side; each returns the actors it found, its name (stored on the event as
``source_rule``/``target_rule`` and shown by ``tidings explain``) and a confidence below the frame's 1.0.

Which role a story's country takes for which kind of act is data (``data/implied_participants.tsv``).
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Token

from tidings.actors.coder import SentenceActors
from tidings.actors.vocabulary import PERSON_ROLES
from tidings.events.modality import SPEECH_VERBS
from tidings.events.syntax import is_passive, passive_subjects
from tidings.model import Actor
from tidings.ontology import iso3_for_cameo

#: Confidence of a participant found in the trigger's own dependency frame.
FRAME_CONFIDENCE = 1.0
#: Roots of violence: an agentless attack has an attacker even when the article never names one.
_VIOLENT_ROOTS = ("18", "19", "20")
#: Roles of armed actors that are not a state's forces: the usual doers of an attack nobody is named for.
_ARMED_ROLES = {"REB", "INS", "IMG", "UAF", "SEP"}
#: Roots of judgements and refusals aimed at a thing ("criticised the move", "rejected the demarcation"): the
#: target is whoever the article says the thing belongs to.
_JUDGEMENT_ROOTS = ("10", "11", "12")
_RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
#: First-person words inside a quotation stand for whoever is quoted ("I thank John", wrote Trump).
_FIRST_PERSON = {"i", "we", "me", "us"}
#: Roots of demands, criticism, rejections and threats: voiced by people or groups without a named addressee,
#: they are aimed at their own government (as protests are, in CAMEO's convention).
_GRIEVANCE_ROOTS = ("10", "11", "12", "13")
_NON_STATE_DOMESTIC = {"CVL", "OPP", "LAB", "EDU", "REL", "HLH", "BUS", "MED", "REF"}
_STATE_AGENT_ROLES = {"GOV", "COP", "JUD", "MIL", "LEG", "SPY"}
#: Pronouns that stand for unnamed people ("banning anyone", "detained several").
_INDEFINITE_PEOPLE = {
    "anyone",
    "anybody",
    "everyone",
    "everybody",
    "someone",
    "somebody",
    "many",
    "several",
    "some",
    "dozens",
    "hundreds",
    "thousands",
    "others",
    "those",
    "nobody",
}


@dataclass(frozen=True)
class ImpliedRule:
    """One row of ``implied_participants.tsv``: for acts whose code starts with ``code``, the story's country
    in role ``role`` is the ``side`` participant the text leaves unnamed."""

    code: str
    side: str
    rule: str
    role: str
    confidence: float
    #: What the frame's object may be for a target rule: ``people`` (a number or "anyone" only) or ``any``.
    object: str = "any"


@dataclass(frozen=True)
class Participant:
    """What a fallback rule found for one side of an event."""

    actors: tuple[Actor, ...]
    rule: str
    confidence: float


def parse_implied_rules(text: str, name: str = "implied_participants.tsv") -> tuple[ImpliedRule, ...]:
    """Read the implied-participants table; a bad row raises ``ValueError`` naming the file and line."""
    rules: list[ImpliedRule] = []
    header = True
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if header:
            header = False
            continue
        cols = line.split("\t")
        if len(cols) < 6:
            raise ValueError(f"{name}:{n}: expected code, side, rule, role, confidence, object (tab separated)")
        code, side, rule, role, conf, obj = (c.strip() for c in cols[:6])
        if obj not in ("people", "any", "-"):
            raise ValueError(f"{name}:{n}: object must be people, any or -, not {obj!r}")
        if side not in ("source", "target"):
            raise ValueError(f"{name}:{n}: side must be source or target, not {side!r}")
        try:
            confidence = float(conf)
        except ValueError:
            raise ValueError(f"{name}:{n}: confidence {conf!r} is not a number") from None
        if not (code.isdigit() and 0 < confidence <= 1 and (role.isalpha() or role == "-")):
            raise ValueError(f"{name}:{n}: bad row {line!r}")
        role = "" if role == "-" else role
        rules.append(ImpliedRule(code, side, rule, role, confidence, "any" if obj == "-" else obj))
    return tuple(rules)


@functools.lru_cache(maxsize=1)
def packaged_implied_rules() -> tuple[ImpliedRule, ...]:
    """The table shipped in ``tidings/data``."""
    text = resources.files("tidings.data").joinpath("implied_participants.tsv").read_text(encoding="utf-8")
    return parse_implied_rules(text)


@dataclass
class FrameResult:
    """What the frame rules found for one trigger: the view a fallback rule reads."""

    trigger: Token
    code: str
    actors: SentenceActors
    sources: list[Actor]
    targets: list[Actor]
    source_heads: list[Token]
    target_heads: list[Token]


class ParticipantFallback:
    """The fallback rules, in order. Built once per coder; holds only the implied-participants table."""

    def __init__(self, rules: tuple[ImpliedRule, ...] | None = None) -> None:
        self.rules = packaged_implied_rules() if rules is None else rules

    # -- sources ------------------------------------------------------------------------------------
    def source(self, f: FrameResult) -> Participant | None:
        """A source for an event whose frame names none, or None."""
        for rule in (
            self._relative_antecedent,
            self._agent_of_medium,
            self._quoted_speaker,
            self._article_attacker,
            self._implied_source,
        ):
            found = rule(f)
            if found is not None:
                return found
        return None

    def _relative_antecedent(self, f: FrameResult) -> Participant | None:
        """ "the officials who questioned his authority": the relative pronoun stands for the noun before it."""
        tok = f.trigger
        if tok.dep_ != "relcl" or not f.source_heads:
            return None
        if not all(h.lower_ in _RELATIVE_PRONOUNS for h in f.source_heads):
            return None
        found = [a for a in f.actors.actors_for(tok.head) if a.code]
        return Participant(tuple(found), "relative antecedent", 0.9) if found else None

    def _agent_of_medium(self, f: FrameResult) -> Participant | None:
        """ "was condemned in a joint statement by Egypt and Greece": a passive's doer named on the statement,
        letter or report it was done in."""
        tok = f.trigger
        if not is_passive(tok):
            return None
        found: list[Actor] = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "through", "via", "with"):
                for medium in (g for g in c.children if g.dep_ == "pobj"):
                    for by in (b for b in medium.children if b.dep_ == "prep" and b.lower_ == "by"):
                        for g in by.children:
                            if g.dep_ == "pobj":
                                found.extend(a for a in f.actors.actors_for(g) if a.code)
        return Participant(tuple(found), "agent of the statement", 0.8) if found else None

    def _quoted_speaker(self, f: FrameResult) -> Participant | None:
        """ "I thank John for his service," wrote Trump: a first-person subject is the person quoted."""
        if not f.source_heads or not all(h.lower_ in _FIRST_PERSON for h in f.source_heads):
            return None
        speaker = _speaker(f)
        return Participant((speaker,), "quoted speaker", 0.6) if speaker is not None else None

    def _article_attacker(self, f: FrameResult) -> Participant | None:
        """An attack without a named doer ("was killed in a suicide bombing") is the armed group the article
        names: the one named most often, the latest on ties."""
        if not f.code.startswith(_VIOLENT_ROOTS) or not _agentless(f):
            return None
        counts: Counter[str] = Counter()
        latest: dict[str, Actor] = {}
        targets = {a.code for a in f.targets}  # "fighting ISIS": the group attacked is not its own attacker
        for a in [*f.actors.context.history, *f.actors.context.cast]:
            # a named group ("the Houthi movement", "ISIL"), not a bare role word ("militants", "the attacker")
            named = a.kind != "role" and not a.code.startswith("---")
            if named and (a.type in _ARMED_ROLES or a.code.startswith("IMG")) and a.code not in targets:
                counts[a.code] += 1
                latest[a.code] = a
        if not counts:
            return None
        code = counts.most_common(1)[0][0]
        a = latest[code]
        return Participant((Actor(a.code, a.name, -1, -1, a.country, a.type, "implied"),), "article attacker", 0.5)

    def _implied_source(self, f: FrameResult) -> Participant | None:
        """ "Dozens were detained": the police (or government, or courts) of the story's country."""
        rule = self._rule(f.code, "source")
        if rule is None or not _agentless(f):
            return None
        # "the PKK is banned in Turkey": the state where it happens, else the one the story is about
        country3 = _place_country(f) or _story_country(f)
        if country3 is None:
            return None
        return Participant((_implied(country3, rule.role, rule.rule),), rule.rule, rule.confidence)

    # -- targets ------------------------------------------------------------------------------------
    def target(self, f: FrameResult) -> Participant | None:
        """A target for an event whose frame names none, or None."""
        for rule in (
            self._quoted_addressee,
            self._inside_object,
            self._own_government,
            self._implied_target,
            self._owner_of_thing,
        ):
            found = rule(f)
            if found is not None:
                return found
        return None

    def _quoted_addressee(self, f: FrameResult) -> Participant | None:
        """ "They must help us," he said: a first-person object is the person quoted."""
        if not f.target_heads or not all(h.lower_ in _FIRST_PERSON for h in f.target_heads):
            return None
        speaker = _speaker(f)
        if speaker is None or any(speaker.code == a.code for a in f.sources):
            return None
        return Participant((speaker,), "quoted speaker", 0.5)

    def _own_government(self, f: FrameResult) -> Participant | None:
        """ "protesters' demands for an inquiry", "residents rejected the plan": people and groups of a country
        who demand, criticise, reject or threaten without naming whom address their own government."""
        if not f.code.startswith(_GRIEVANCE_ROOTS) or not f.sources:
            return None
        source = f.sources[0]
        if not source.country or source.type not in _NON_STATE_DOMESTIC or any(_named(h) for h in f.target_heads):
            return None
        return Participant((_implied(source.code[:3], "GOV", "own government"),), "own government", 0.5)

    def _inside_object(self, f: FrameResult) -> Participant | None:
        """ "criticised the proclamation of the Golan Heights by the US president": an actor deeper in the
        object phrase than the frame's slots reach is whose act is judged."""
        if not f.code.startswith((*_JUDGEMENT_ROOTS, "09")):  # and inquiries: "investigating an incident involving X"
            return None
        own = {a.code for a in f.sources}
        tok = f.trigger
        objects = passive_subjects(tok) if is_passive(tok) else [c for c in tok.children if c.dep_ == "dobj"]
        for h in objects or f.target_heads:
            for t in h.subtree:
                if t.i == h.i or t.pos_ not in ("PROPN", "NOUN"):
                    continue
                found = [a for a in f.actors.actors_for(t) if a.code and a.code not in own and a.kind != "place"]
                if found:
                    return Participant(tuple(found[:1]), "inside the object", 0.7)
        return None

    def _implied_target(self, f: FrameResult) -> Participant | None:
        """ "arrested four", "banning anyone wearing a niqab": the people of the country it happens in."""
        rule = self._rule(f.code, "target")
        if rule is None:
            return None
        if rule.object == "people" and not (f.target_heads and all(_counted_people(h) for h in f.target_heads)):
            # only people the text counts or leaves indefinite: "arrested four", "dozens were held"; a thing
            # ("seized the firearms") or a person the coder could not place is no party it can name
            return None
        if any(_named(h) for h in f.target_heads):
            return None  # a name the coder could not place ("banned the Zeta Front") is not "people"
        source = f.sources[0] if f.sources else None
        if source is not None and source.type == "MED":
            return None  # "AFP reported": the media's own verbs report, they address no one
        # a state's police or courts act on their own country's people; others where the story is
        state = source is not None and source.country and source.type in _STATE_AGENT_ROLES
        country3 = source.code[:3] if state and source is not None else _story_country(f)
        if country3 is None:
            return None
        return Participant((_implied(country3, rule.role, rule.rule),), rule.rule, rule.confidence)

    def _owner_of_thing(self, f: FrameResult) -> Participant | None:
        """ "the commission criticised the move": a judgement of a thing nobody is named for is aimed at the
        country the article is about (another's, or the source's own government)."""
        if not f.code.startswith(_JUDGEMENT_ROOTS) or not f.target_heads or not f.sources:
            return None
        if any(h.pos_ == "PRON" or h.tag_ in ("WDT", "WP") for h in f.target_heads):
            return None
        source = f.sources[0]
        own = source.code[:3] if source.country else None
        counts = _country_counts(f)
        for country3, n in counts.most_common():
            # another country the article names in passing ("a Korean study") is not what it is about
            if country3 != own and (own is None or n * 3 >= counts[own]):
                return Participant((_implied(country3, "", "article topic"),), "article topic", 0.4)
        if own and source.type not in ("GOV", None):
            return Participant((_implied(own, "GOV", "article topic"),), "article topic", 0.4)
        if own and source.code != own and f.code.startswith(("11", "12")):
            # a domestic story about one country: a government judging a thing judges its own country's affairs
            return Participant((_implied(own, "", "article topic"),), "article topic", 0.3)
        return None

    # -- placing ------------------------------------------------------------------------------------------
    def place(self, actors: list[Actor], f: FrameResult, other: list[Actor]) -> dict[int, tuple[str, float]]:
        """ "members of the House of Commons" in a British story: a role the coder found no country for belongs
        to the country the article is about, unless that country itself is the other party ("the minister flew
        to Washington" is no American minister). Replaces such actors in place; returns the rule by actor id."""
        found_by: dict[int, tuple[str, float]] = {}
        country3 = None
        for k, a in enumerate(actors):
            if not a.code.startswith("---") or a.kind == "implied":
                continue
            country3 = country3 or _story_country(f)
            if country3 is None or any(o.code == country3 for o in other):
                break  # the other party is that country itself (a destination, a place): not its own
            placed = Actor(country3 + a.code[3:], a.name, a.start, a.end, iso3_for_cameo(country3), a.type, a.kind)
            actors[k] = placed
            found_by[id(placed)] = ("story country", 0.6)
        return found_by

    def _rule(self, code: str, side: str) -> ImpliedRule | None:
        best: ImpliedRule | None = None
        for r in self.rules:
            if r.side == side and code.startswith(r.code) and (best is None or len(r.code) > len(best.code)):
                best = r
        return best


def _agentless(f: FrameResult) -> bool:
    """No doer in the frame: a passive without "by", or a subject that names nobody ("an attempt failed")."""
    tok = f.trigger
    if tok.pos_ in ("NOUN", "PROPN"):
        return True  # "the arrests", "the bombing": a nominal event whose doer the phrase did not name
    return is_passive(tok) or not f.source_heads


def _named(h: Token) -> bool:
    """A proper name: a party the text names, even when the coder cannot place it."""
    return h.pos_ == "PROPN" or h.ent_type_ in ("GPE", "LOC", "FAC", "ORG", "PERSON", "NORP")


def _speaker(f: FrameResult) -> Actor | None:
    """Whom a quotation in this sentence is by: the subject of its speech verb ("wrote Trump"), else the person
    the article quoted last."""
    for t in f.trigger.doc:
        if t.lemma_.lower() in SPEECH_VERBS and t.pos_ == "VERB":
            for c in t.children:
                if c.dep_ == "nsubj" and c.lower_ not in _FIRST_PERSON:
                    found = [a for a in f.actors.actors_for(c) if a.code]
                    if found:
                        return found[0]
    return f.actors.context.salient(lambda a: bool(a.code) and (a.kind == "person" or a.type in PERSON_ROLES))


def _counted_people(h: Token) -> bool:
    """ "four", "dozens", "anyone": a number or an indefinite pronoun standing for people."""
    return h.pos_ == "NUM" or h.like_num or h.lower_ in _INDEFINITE_PEOPLE


def _country_counts(f: FrameResult) -> Counter[str]:
    """How often the article names each country, counting the whole article when the cast is known."""
    ctx = f.actors.context
    pool = ctx.cast or ctx.history
    return Counter(a.code[:3] for a in pool if a.country and a.code)


def _place_country(f: FrameResult) -> str | None:
    """The country of an "in X" phrase on the trigger ("was banned in Turkey", "arrested in Tunisian towns")."""
    for c in f.trigger.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "across", "throughout"):
            for g in c.children:
                if g.dep_ == "pobj":
                    for a in f.actors.actors_for(g):
                        if a.country and a.code:
                            return a.code[:3]
    return None


def _story_country(f: FrameResult) -> str | None:
    """The CAMEO country the story is about: the one the whole article names most, else the one so far."""
    counts = _country_counts(f)
    if counts:
        return counts.most_common(1)[0][0]
    return f.actors.context.dominant_country()


def _implied(country3: str, role: str, rule: str) -> Actor:
    """An actor the text implies but never writes: no evidence offsets."""
    code = country3 + role
    return Actor(code, f"{code} ({rule})", -1, -1, iso3_for_cameo(country3), role or None, "implied")
