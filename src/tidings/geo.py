"""Where an event happened: the place phrases of the event's clause, resolved by the geoparser.

The names are resolved by ``tidings.places`` (the resolver behind ``tidings places``): a name the article's
``find_places`` mentions already resolved keeps that sense (one sense per document), any other name is
resolved with the phrase's, the sentence's and the article's countries. This module reads the dependency
parse to find which place phrase belongs to the event; ``tidings.gazetteer`` still reads nationality words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from tidings.model import Location
from tidings.nlp import SUBJECT_DEPS
from tidings.places import PlaceMention, PlaceResolver, default_resolver

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

from tidings.gazetteer import (  # the gazetteer's public API is re-exported from here
    CITY_POPULATIONS,
    REGION_WORDS,
    Gazetteer,
    default_gazetteer,
    place_key,
    place_keys,
)

__all__ = ["CITY_POPULATIONS", "Gazetteer", "default_gazetteer", "locate_event", "place_key", "place_keys"]

_SCENE_PREPOSITIONS = frozenset(
    "in at near inside outside within across through throughout around along off into".split()
)
# "From" gives the place of an act done from somewhere ("addressed the nation from Dhaka", "fired a missile
# from Jagang province", "expelled the envoy from Bamako"), but only where a movement began for verbs and
# nouns of motion ("arrived from Paris", "his return from Germany"), and a nationality in a subject
# ("envoys from Qatar said").
_FROM = "from"
_MOTION_FROM_WORDS = frozenset(
    """arrive arrival come return travel trip fly flight flee escape cross enter entry move withdraw
    withdrawal retreat depart departure leave drive march walk sail run head pull evacuate evacuation
    relocate emigrate defect exodus journey visit recall""".split()
)
# "To" gives the place of a visit or journey ("a visit to Kyiv", "travelled to Munich").
_VISIT_WORDS = frozenset("visit trip travel tour journey voyage pilgrimage fly return".split())
# Prepositions that give an event's topic, not its place: "agreed on a ceasefire in Idlib" was not agreed
# in Idlib, so a place nested under them ranks after the event's own phrases.
_TOPICAL = frozenset("on over about regarding concerning against for".split())
# "On" a named place gives the target of an attack ("strikes on Kyiv"), which is where it happened.
_ATTACK_NOUNS = frozenset(
    "attack attacks strike strikes airstrike airstrikes raid raids assault offensive bombardment shelling "
    "bombing".split()
)
# "Of" a place after these nouns is where the event happened: "took control of Kabul", "the siege of Homs".
_ACT_ON_PLACE_NOUNS = frozenset(
    """control capture seizure siege fall occupation liberation invasion bombing shelling bombardment
    blockade evacuation encirclement storming""".split()
)
# Verbs whose direct object is the place the act happens at: "entered Damascus", "left Moscow".
_PLACE_OBJECT_VERBS = frozenset(
    """enter leave flee visit tour attack strike hit bomb shell storm seize capture raid invade occupy cross
    reach besiege ransack overrun retake recapture liberate evacuate surround encircle blockade
    bombard pound loot torch burn blow destroy damage rock""".split()
)
# Nouns naming a place or part of one: "on the outskirts of Khartoum", "the city of Kharkiv".
_PLACE_PART_NOUNS = frozenset(
    """city town village capital outskirts outskirt suburb suburbs province region district state county
    area border frontier coast port island territory enclave neighbourhood neighborhood governorate oblast
    municipality heart centre center edge part street streets vicinity zone north south east west northeast
    northwest southeast southwest country side crossing""".split()
)
# Nouns naming a building or site: a name ending in one is a venue, often named after its town
# ("the Islamabad High Court", "Dhaka University", "the Kakhovka dam").
_VENUE_NOUNS = frozenset(
    """airport airbase base university college school court palace square dam bridge station port harbour
    harbor prison jail hospital stadium arena mosque church cathedral temple shrine embassy consulate
    parliament assembly camp hotel market plant refinery crossing checkpoint headquarters building hall
    office compound barracks terminal museum park plaza site sites facility facilities installation""".split()
)
_BORDER_NOUNS = frozenset({"border", "frontier", "boundary"})
_CAPITAL_NOUNS = frozenset({"capital"})
_COUNTRY_NOUNS = frozenset({"country", "nation"})
# Nouns that measure out an event noun: "a round of talks", "a wave of strikes" take the verb's place.
_MEASURE_NOUNS = frozenset("round rounds series wave spate string flurry barrage volley".split())
# Words that qualify a place without naming it: "northern Syria" is Syria.
_PLACE_QUALIFIERS = frozenset(
    """north south east west northern southern eastern western central northeastern northwestern
    southeastern southwestern northeast northwest southeast southwest upper lower greater the""".split()
)
# Dependents that start another clause, and with it, usually, another event.
_CLAUSES = frozenset({"ccomp", "xcomp", "advcl", "csubj", "csubjpass", "parataxis", "pcomp", "acl", "relcl"})
# Subordinators of a clause that happens where the main one does: "was shot while giving a speech in Nara".
_SAME_SCENE_MARKS = frozenset({"while", "whilst"})
_PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
# Entity labels that never hide a place name (a proper noun labelled otherwise may: "in Odesa" can come
# out as a LANGUAGE, "the town of Sderot" as NORP, "Russia's Kursk region" as a PRODUCT).
_NOT_PLACE_ENTITIES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_VERBS = frozenset({"VERB", "AUX"})


def locate_event(
    trigger: Token,
    context_countries: Iterable[str] = (),
    gazetteer: Gazetteer | None = None,
    places: Sequence[PlaceMention] = (),
    offset: int = 0,
    resolver: PlaceResolver | None = None,
) -> Location | None:
    """Where the event that ``trigger`` (a verb or event noun) names happened; None if the text doesn't say.

    Reads the phrases of place governed by the trigger's own clause: prepositional phrases on the trigger,
    on the verb a noun trigger or an infinitive hangs from ("held talks in Geneva", "held a round of talks
    in Muscat", "agreed to meet in Oslo"), on a verb it shares a subject with ("denied the charge in Moscow
    and blamed ..."), on an infinitive or "while" clause of its own ("agreed to restore ties, following
    talks in Beijing", "was shot while giving a speech in Nara"), on a participle of its subject ("leaders
    meeting in Vilnius agreed"), on the antecedent of "where" ("travelled to Munich for the conference,
    where he spoke"), or nested in them ("at the summit in Geneva", "on the outskirts of
    Khartoum", "20 km north of Kyiv"); the place an act is done from ("addressed the nation from Dhaka") or
    a visit goes to ("a visit to Kyiv"); the object of a verb acting on a place ("entered Damascus", "left
    Moscow"); appositions ("in the capital, Nairobi", "the Ukrainian city of Kharkiv"); qualified names
    ("in northern Syria" is Syria, a country); venues named after their town ("the Islamabad High Court");
    a named country's capital ("the German capital"); "the capital" and "the country" when the sentence or
    the article names one country; a possessor when the region itself is unknown ("in Kenya's Rift
    Valley" is Kenya); and the country an unknown town's phrase names ("the Polish village of Przewodow" is
    Poland). The nearest phrase the gazetteer knows wins, unless a later one names a finer place in the
    same country ("the city of Sderot in southern Israel" is Sderot). Among same-named places, those in a
    country the phrase names come first ("London, Ontario"), then the country of a place already found
    ("Hyderabad, in Pakistan's Sindh province"), then those of the sentence's places, then
    ``context_countries``.

    Not places: origins of a movement ("arrived from Paris"), names inside actors ("the Syrian
    government"), places in a clause of another event ("said that troops attacked Kharkiv"), places of an
    event's topic when the event has a place of its own ("agreed on a ceasefire in Idlib after talks in
    Moscow" is Moscow). "At the border with Lebanon" resolves to Lebanon, the named country, whichever
    side the actor stands on. No place in the text gives None: the capital or the actor's country is
    never guessed.

    ``places`` are the article's ``find_places`` mentions and ``offset`` where ``trigger.doc`` starts in the
    article: a name among them keeps the sense the whole document gave it. ``start_char``/``end_char`` of
    the result are offsets of the place name in ``trigger.doc.text``.
    """
    scene = _Scene(
        trigger, gazetteer or default_gazetteer(), frozenset(context_countries), resolver or default_resolver()
    )
    scene.places, scene.offset = places, offset
    best: Location | None = None
    owner_only = False  # the best so far is only the country owning a site ("Iran's nuclear sites")
    for phrase in _place_phrases(trigger):
        for found, owner in _phrase_locations(phrase, scene):
            if (
                best is None
                or (owner_only and not owner)
                or (found.country == best.country and _FINER[found.feature] > _FINER[best.feature])
            ):
                best, owner_only = found, owner
                scene.found = best.country
            if best.feature == "city":
                return best
    return best


_FINER = {"country": 0, "admin1": 1, "admin2": 2, "other": 2, "city": 3}


class _Scene:
    """What resolving one event's place names needs besides the names: the gazetteer, and the countries
    that choose among same-named places, nearest first."""

    def __init__(self, trigger: Token, gazetteer: Gazetteer, article: frozenset[str], resolver: PlaceResolver) -> None:
        self.trigger = trigger
        self.gazetteer = gazetteer
        self.resolver = resolver
        self.places: Sequence[PlaceMention] = ()
        self.offset = 0
        self.article = article
        self.found: str | None = None  # the country of the place found so far
        self._marks: list[tuple[int, int, str, bool]] | None = None

    @property
    def marks(self) -> list[tuple[int, int, str, bool]]:
        """``(start, end, country, is_name)`` for the place names and nationality words of the trigger's
        sentence; worked out only when a name needs them."""
        if self._marks is None:
            ents: Sequence[Span]
            try:
                ents = self.trigger.sent.ents
            except ValueError:  # no sentence boundaries: the doc is one sentence
                ents = self.trigger.doc.ents
            self._marks = []
            for ent in ents:
                code = None
                if ent.label_ == "GPE":
                    place = self.resolver.resolve_name(ent.text, (self.article,))
                    code = place.country if place is not None else None
                elif ent.label_ == "ORG":  # "the US Army", "Israeli Defense Forces"
                    place = self.resolver.resolve_name(ent[0].text, (), alternates=False)
                    code = place.country if place is not None and place.feature == "country" else None
                elif ent.label_ == "NORP":
                    code = self.gazetteer.demonym_country(ent.text)
                if code:
                    self._marks.append((ent.start_char, ent.end_char, code, ent.label_ != "NORP"))
        return self._marks

    def contexts(self, local: frozenset[str], start: int, end: int) -> Iterator[frozenset[str]]:
        """Countries to choose among the places named by the text at ``start:end``: those the phrase names,
        the one of the place already found, those of the rest of the sentence's place names (not counting
        the name itself), the article's, then the nationalities the sentence names ("Lebanese soldiers
        clashed with gunmen in Tripoli")."""
        yield local
        if self.found:
            yield frozenset({self.found})
        others = [(code, is_name) for s, e, code, is_name in self.marks if e <= start or s >= end]
        yield frozenset(code for code, is_name in others if is_name)
        yield self.article
        yield frozenset(code for code, is_name in others if not is_name)

    def one_country(self) -> str | None:
        """The country "the capital" or "the country" refers to: the only one the sentence's place names
        name, else the only one the article does."""
        named = {code for _, _, code, is_name in self.marks if is_name}
        for codes in (named, self.article):
            if codes:
                return next(iter(codes)) if len(codes) == 1 else None
        return None


def _place_phrases(trigger: Token) -> list[Token]:
    """Heads of the trigger's phrases of place, nearest first: fewest arcs from the trigger, then leftmost.

    Of the verb a noun trigger hangs from, only the verb's own prepositional phrases count: in "the trip
    followed a stop at a summit in Riyadh", Riyadh places the stop, not the trip. A verb that shares its
    subject with the trigger ("denied ... and blamed") lends all its phrases, after the trigger's own.
    """
    arcs = [(c, trigger, 1) for c in trigger.children if _same_event(trigger, c, trigger)]
    head = _governing_verb(trigger)
    if head is not None:
        arcs += [(c, head, 2) for c in head.children if c.dep_ == "prep" and not _covers(c, trigger)]
    partner = _subject_sharing_verb(trigger)
    if partner is not None:
        arcs += [(c, partner, 3) for c in partner.children if c != trigger and _same_event(partner, c, partner)]
    found = _locative_objects(arcs, trigger)
    antecedent = _where_antecedent(trigger)
    if antecedent is not None:  # "travelled to Munich for the conference, where he spoke": Munich
        found.append((2, antecedent))
        verb = antecedent.head.head if antecedent.dep_ == "pobj" else None
        if verb is not None and verb.pos_ in _VERBS:
            preps = [(c, verb, 3) for c in verb.children if c.dep_ == "prep" and not _covers(c, trigger)]
            found += _locative_objects(preps, verb)
    return [tok for _, tok in sorted(found, key=lambda f: (f[0], f[1].i))]


def _where_antecedent(trigger: Token) -> Token | None:
    """The noun a "where" clause headed by the trigger hangs from: "the conference, where he spoke"."""
    if trigger.dep_ != "relcl" or trigger.head.pos_ not in _NOUNS:
        return None
    return trigger.head if any(c.lower_ == "where" for c in trigger.children) else None


def _covers(tok: Token, other: Token) -> bool:
    return tok.left_edge.i <= other.i <= tok.right_edge.i


def _governing_verb(trigger: Token) -> Token | None:
    """The verb whose phrases also place the trigger: "held" for "held talks" and "held a round of talks",
    "agreed" for "agreed to meet".

    Not the verb of a clause the trigger is embedded in ("said that ... attacked"): that is another event.
    """
    tok = trigger
    while tok.dep_ == "pobj" and tok.head.lower_ == "of" and _is_a(tok.head.head, _MEASURE_NOUNS):
        tok = tok.head.head
    head = tok.head
    if head is tok or head.pos_ not in _VERBS:
        return None
    if tok.dep_ == "xcomp" or (tok.pos_ in _NOUNS and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr")):
        return head
    return None


def _subject_sharing_verb(trigger: Token) -> Token | None:
    """The verb a conjoined verb with no subject of its own shares its subject, time and place with:
    "denied" for "blamed" in "Peskov denied the charge in Moscow and blamed Kyiv"."""
    head = trigger.head
    if trigger.dep_ != "conj" or trigger.pos_ not in _VERBS or head.pos_ not in _VERBS:
        return None
    return None if any(c.dep_ in SUBJECT_DEPS for c in trigger.children) else head


def _locative_objects(arcs: list[tuple[Token, Token, int]], trigger: Token) -> list[tuple[int, Token]]:
    """Heads of place phrases below the given (dependent, governor, depth) arcs, with their rank (depth,
    plus a penalty for "from" and for places under a topic), keeping out of the clauses of other events and
    out of origins of a movement ("from Paris")."""
    found: list[tuple[int, Token]] = []
    stack = [(tok, governor, depth, tok.dep_ in SUBJECT_DEPS) for tok, governor, depth in arcs]
    while stack:
        tok, governor, depth, in_subject = stack.pop()
        below = [tok]
        if tok.dep_ == "prep":
            word = tok.lower_
            if word == _FROM and (
                in_subject or _is_a(governor, _MOTION_FROM_WORDS) or _is_a(trigger, _MOTION_FROM_WORDS)
            ):
                continue
            below = [obj for obj in tok.children if obj.dep_ == "pobj"] or [tok]  # "out of the session"
            here = [obj for obj in below if obj.dep_ == "pobj" and _is_locative(word, governor, obj)]
            found += [(depth + (2 if word == _FROM else 0), obj) for obj in here]
            if not here and word in _TOPICAL:
                depth += 1
        elif tok.dep_ == "dobj" and _is_a(governor, _PLACE_OBJECT_VERBS) and _may_be_place(tok):
            found.append((depth if tok.pos_ == "PROPN" else depth + 2, tok))
        stack += [(c, t, depth + 1, in_subject) for t in below for c in t.children if _same_event(t, c, trigger)]
    return found


def _same_event(parent: Token, child: Token, trigger: Token) -> bool:
    """False when ``child`` opens a clause about another event."""
    if child.dep_ in ("acl", "relcl"):
        # "the talks held in Geneva", "the attack, which took place in Kabul": about the trigger itself;
        # "leaders meeting in Vilnius agreed": where the trigger's subject was when it acted.
        if parent == trigger:
            return trigger.pos_ in _NOUNS
        return (
            child.dep_ == "acl"
            and child.tag_ in ("VBG", "VBN")
            and parent.dep_ in SUBJECT_DEPS
            and parent.head == trigger
            and not _has_subject(child)
        )
    if child.dep_ == "xcomp":  # "agreed to restore ties, following talks in Beijing"
        return parent == trigger and not _has_subject(child)
    if child.dep_ == "advcl":  # "was shot while giving a speech in Nara"
        return parent == trigger and any(c.dep_ == "mark" and c.lower_ in _SAME_SCENE_MARKS for c in child.children)
    if child.dep_ in _CLAUSES:
        return False
    return not (child.dep_ == "conj" and child.pos_ in _VERBS)


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in tok.children)


def _is_locative(word: str, head: Token, obj: Token) -> bool:
    """Whether "``head`` ``word`` ``obj``" puts something at ``obj``."""
    if word in _SCENE_PREPOSITIONS or word == _FROM:
        return True
    if word == "on":  # "on the outskirts", "on the border", "strikes on Kyiv"; not "sanctions on Iran"
        return _is_a(obj, _PLACE_PART_NOUNS) or (_is_a(head, _ATTACK_NOUNS) and obj.pos_ == "PROPN")
    if word == "of":  # "the city of Kharkiv", "north of Kyiv", "out of the session"; not "the government
        # of Kenya"
        return _is_a(head, _PLACE_PART_NOUNS | _ACT_ON_PLACE_NOUNS) or head.lower_ == "out"
    if word == "with":  # "the border with Lebanon"
        return _is_a(head, _BORDER_NOUNS)
    if word == "to":  # "a visit to Kyiv", "travelled to Munich"
        return _is_a(head, _VISIT_WORDS)
    return False


def _may_be_place(tok: Token) -> bool:
    """Whether a verb's object can be a place: a proper name, or a noun for a place or site."""
    return tok.pos_ == "PROPN" or _is_a(tok, _PLACE_PART_NOUNS | _VENUE_NOUNS)


def _is_a(tok: Token, words: frozenset[str]) -> bool:
    return tok.lower_ in words or tok.lemma_.lower() in words


def _phrase_locations(head: Token, scene: _Scene) -> Iterator[tuple[Location, bool]]:
    """The places a phrase of place names, most direct first: its own name; a name in apposition ("the
    capital, Nairobi"); the capital of a named country ("the German capital"); a name qualifying a common
    noun ("the Kharkiv region", "Borno state"); a possessor ("Kenya's Rift Valley"); then, when none of
    those is known, "the capital" or "the country" of the one country in view, or the country the phrase
    names ("the Polish village of Przewodow").

    Each comes with whether it is only the country owning a site ("the US embassy", "Iran's nuclear
    sites"), which any other place found for the event overrides ("the US embassy in Nairobi")."""
    gazetteer = scene.gazetteer
    local = _local_countries(head, gazetteer, scene.resolver)
    own = _name_span(head)
    names = [own] if own is not None else []
    names += [span for c in head.children if c.dep_ == "appos" and (span := _name_span(c)) is not None]
    yielded = False
    for span in names:
        if (location := _lookup_span(span, scene, local, head=head if span is own else None)) is not None:
            yielded = True
            yield location, False
    placeish = head.pos_ == "PROPN" or _is_a(head, _PLACE_PART_NOUNS | _VENUE_NOUNS)
    for child in head.children:
        if child.dep_ not in ("compound", "poss", "amod") or (own is not None and child.dep_ != "poss"):
            continue
        if child.dep_ == "poss" and not placeish:  # "a faction within Turkey's military"
            continue
        span = _name_span(child) if child.dep_ != "amod" else None  # "Ukrainian" is no place
        # "Borno state" asks for the region Borno, not a city of that name.
        suffix = f" {head.text}" if child.dep_ == "compound" and _is_a(head, REGION_WORDS) else ""
        location = _lookup_span(span, scene, local, suffix) if span is not None else None
        owner = location is not None and location.feature == "country" and _is_a(head, _VENUE_NOUNS)
        if own is None and _is_a(head, _CAPITAL_NOUNS):
            if location is not None:
                country = location.country if location.feature == "country" else None
            else:
                country = gazetteer.demonym_country(child.text) if child.dep_ == "amod" else None
            capital = scene.resolver.capital(country) if country else None
            if capital is not None:
                start = span.start_char if span is not None else child.idx
                yielded = True
                yield replace(capital, start_char=start, end_char=head.idx + len(head)), False
        if location is not None:
            yielded = True
            yield location, owner
    if not yielded:
        fallback = _unnamed_place(head, scene, local)
        if fallback is not None:
            yield fallback, False


def _unnamed_place(head: Token, scene: _Scene, local: frozenset[str]) -> Location | None:
    """A place the phrase gives without a name the gazetteer knows: "the capital" or "the country" of the
    one country in view, or the one country a phrase of place names by its nationality ("the Polish
    village of Przewodow", "the Egyptian side of the crossing"), placed at the country."""
    bare = head.tag_ in ("NN", "NNP") and not any(
        c.dep_ in ("compound", "poss", "amod", "appos", "nummod") for c in head.children
    )
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
    end = head.idx + len(head)
    if bare and definite and _is_a(head, _CAPITAL_NOUNS | _COUNTRY_NOUNS):
        country = scene.one_country()
        if country is None:
            return None
        if _is_a(head, _CAPITAL_NOUNS):
            capital = scene.resolver.capital(country)
            return replace(capital, start_char=head.idx, end_char=end) if capital is not None else None
        place = scene.resolver.country(country)
        return replace(place, start_char=head.idx, end_char=end) if place is not None else None
    holder = head.head.head if head.dep_ == "pobj" and head.head.lower_ == "of" else head
    if len(local) != 1 or _is_a(holder, _BORDER_NOUNS) or not _is_a(holder, _PLACE_PART_NOUNS):
        return None
    place = scene.resolver.country(next(iter(local)))
    return replace(place, start_char=head.idx, end_char=end) if place is not None else None


def _local_countries(head: Token, gazetteer: Gazetteer, resolver: PlaceResolver) -> frozenset[str]:
    """Countries the phrase itself points to: "Tripoli, Lebanon", "London, Ontario", "the Lebanese city of
    Tripoli"."""
    codes: set[str] = set()
    for tok in head.children:
        if tok.dep_ == "appos" and (span := _name_span(tok)) is not None:
            codes |= resolver.countries_of(span.text)
    holder = head.head.head if head.dep_ == "pobj" and head.head.lower_ == "of" else head
    for tok in (*head.children, *holder.children):
        if tok.dep_ == "amod" and tok.text[:1].isupper() and (code := gazetteer.demonym_country(tok.text)):
            codes.add(code)
    return frozenset(codes)


def _name_span(tok: Token) -> Span | None:
    """The proper name ``tok`` belongs to, when it may be a place: a GPE/LOC/FAC entity, or a capitalised
    proper noun that is no date ("in March"). Adjectives ("Syrian") never are: they are not nouns."""
    entity = _entity(tok)
    if entity is not None and entity.label_ in _PLACE_ENTITIES:
        return entity
    if tok.pos_ != "PROPN" or tok.ent_type_ in _NOT_PLACE_ENTITIES or not tok.text[:1].isupper():
        return None
    return entity if entity is not None else _compound_name(tok)


def _compound_name(tok: Token) -> Span:
    """``tok`` with the proper nouns compounded onto it: "Golan Heights", "Khyber Pakhtunkhwa"."""
    start = tok.i
    while start > 0 and tok.doc[start - 1].pos_ == "PROPN" and tok.doc[start - 1].head == tok:
        start -= 1
    return tok.doc[start : tok.i + 1]


def _entity(tok: Token) -> Span | None:
    return next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None) if tok.ent_type_ else None


def _lookup_span(
    span: Span, scene: _Scene, local: frozenset[str], suffix: str = "", head: Token | None = None
) -> Location | None:
    """Look a name up as written, then without its qualifiers ("northern Syria" is Syria), then as a venue
    named after its town ("the Islamabad High Court" is Islamabad), then, for a name the tagger ran into a
    longer one ("the Great Hall of the People in Beijing"), as the proper nouns around its head alone.

    A name the tagger took for a person, organisation or nationality ("in Jordan", "the town of Sderot")
    is looked up by its primary names only, which keeps "Hamas" from being Hamm.
    """
    sure = span.label_ in _PLACE_ENTITIES or not span.label_
    tokens = [t for t in span if not (t.i == span.start and t.pos_ == "DET")]  # "the Gaza Strip"
    while tokens and tokens[0].lower_ in _PLACE_QUALIFIERS:
        found = _lookup_tokens(tokens, scene, local, suffix, sure)
        if found is not None:
            return found
        tokens = tokens[1:]
    if not tokens:
        return None
    found = _lookup_tokens(tokens, scene, local, suffix, sure)
    if found is None and len(tokens) > 1 and _is_a(tokens[-1], _VENUE_NOUNS):
        for end in range(len(tokens) - 1, 0, -1):
            found = _lookup_tokens(tokens[:end], scene, local, "", False, _names_venues)
            if found is not None:
                break
    if found is None and head is not None and head.pos_ == "PROPN" and span.start <= head.i < span.end:
        head_name = _compound_name(head)
        if len(head_name) < len(span):
            found = _lookup_tokens(list(head_name), scene, local, suffix, False)
    return found


def _lookup_tokens(
    tokens: Sequence[Token],
    scene: _Scene,
    local: frozenset[str],
    suffix: str,
    alternates: bool,
    accept: Callable[[PlaceMention], bool] | None = None,
) -> Location | None:
    text = tokens[0].doc.text
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    place = _document_sense(scene, text[start:end] + suffix, start, end, bool(suffix))
    if place is None:
        place = scene.resolver.resolve_name(
            text[start:end] + suffix, scene.contexts(local, start, end), alternates=alternates
        )
    if place is None or (accept is not None and not accept(place)):
        return None
    return replace(place.to_location(), start_char=start, end_char=end)


def _document_sense(scene: _Scene, name: str, start: int, end: int, suffixed: bool) -> PlaceMention | None:
    """The article's own resolution of the name at ``start:end`` (sentence offsets): the mention at that
    very span ("Kharkiv region" when the suffix was read from the text), else a mention of the same name
    elsewhere in the article (one sense per document)."""
    if not scene.places:
        return None
    s, e = start + scene.offset, end + scene.offset
    for m in scene.places:
        if m.start_char == s and (m.end_char == e or (suffixed and m.end_char > e)):
            return m
    key = place_key(name)
    return next((m for m in scene.places if place_key(m.text) == key), None)


# A venue is named after a town big enough to be known for it ("Dhaka University"), not after a country
# ("the Pakistan Embassy" is wherever the embassy is) or a small town ("the Planalto Palace").
_VENUE_TOWN_POPULATION = 100_000


def _names_venues(place: PlaceMention) -> bool:
    return place.feature == "city" and place.population >= _VENUE_TOWN_POPULATION
