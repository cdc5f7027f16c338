"""The records dictionary files are read into: phrases, dated codes, actor, agent and verb entries."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Literal

DictionaryKind = Literal["actors", "agents", "verbs", "discards"]
DICTIONARY_KINDS: tuple[DictionaryKind, ...] = ("actors", "agents", "verbs", "discards")
STORY_DISCARD = "+"  # the phrase puts the whole story out of scope
SENTENCE_DISCARD = "$"  # the phrase puts only its sentence out of scope
NULL_CODE = "---"  # TABARI's "code nothing": an actor or verb that is recognised but yields no code

PHOENIX_DIR = Path(__file__).resolve().parents[1] / "data" / "phoenix"
BASE_FILES: tuple[tuple[DictionaryKind, str], ...] = (
    ("actors", "Phoenix.Countries.actors.txt"),
    ("actors", "Phoenix.International.actors.txt"),
    ("actors", "Phoenix.MilNonState.actors.txt"),
    ("agents", "Phoenix.agents.txt"),
    ("discards", "Phoenix.discards.txt"),
    ("verbs", "CAMEO.2.0.txt"),
)


@dataclass(frozen=True)
class Phrase:
    """A dictionary phrase as lowercase words; ``stemmed_last`` means its last word matches as a prefix."""

    words: tuple[str, ...]
    stemmed_last: bool = False

    def __str__(self) -> str:
        return " ".join(self.words) + ("*" if self.stemmed_last else "")


@dataclass(frozen=True)
class DatedCode:
    """An actor code, valid from ``start`` to ``end`` inclusive; no dates at all makes it the default."""

    code: str
    start: date | None = None
    end: date | None = None

    @property
    def is_default(self) -> bool:
        return self.start is None and self.end is None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class ActorEntry:
    """One named actor: every way of writing its name and the CAMEO codes it carries, by date."""

    name: str
    phrases: tuple[Phrase, ...]
    codes: tuple[DatedCode, ...]
    source: str
    line: int

    def code_on(self, day: date | None = None) -> str | None:
        """The code on ``day``: the first date restriction covering it, else the first undated code.

        ``"---"`` (:data:`NULL_CODE`) means the actor is known but not coded then; ``None`` means no code.
        """
        if day is not None:
            for dated in self.codes:
                if not dated.is_default and dated.covers(day):
                    return dated.code
        return next((c.code for c in self.codes if c.is_default), None)


@dataclass(frozen=True)
class AgentEntry:
    """A role noun ("farmer", "minister") and the agent code it adds to the actor it qualifies.

    ``position`` says where the code goes relative to the actor's country code: ``[~AGR]`` is a
    ``"suffix"`` ("Pakistani farmer" → PAK + AGR = PAKAGR); ``[IGO~]`` is a ``"prefix"``, used for
    organisations (IGO + PAK = IGOPAK).
    """

    phrase: Phrase
    code: str
    position: Literal["prefix", "suffix"]
    source: str = ""
    line: int = 0


ElementKind = Literal["word", "synset", "phrase", "prep", "source", "target", "skip", "compound", "other"]


@dataclass(frozen=True)
class Element:
    """One piece of a verb pattern, before or after the verb.

    kinds: ``word`` (``words`` holds it), ``synset`` (``words`` holds the synset name, e.g. ``"WEAPON"``),
    ``phrase`` (consecutive words from ``{...}`` or ``A_B``; ``parts`` holds its pieces and ``words`` them
    flattened, synsets as ``"&NAME"``), ``prep`` (``(PREP ...)``: ``prep`` is the preposition and
    ``parts`` what follows it), ``source`` (``$``), ``target`` (``+``), ``skip`` (``^``: an actor or noun
    phrase here is passed over, not coded), ``compound`` (``%``: a compound actor whose members act on each
    other), ``other`` (an unknown symbol kept raw in ``words``). ``adjacent`` means ``_`` ties it to the
    verb: no words may come between.
    """

    kind: ElementKind
    words: tuple[str, ...] = ()
    prep: str | None = None
    parts: tuple[Element, ...] = ()
    adjacent: bool = False


@dataclass(frozen=True)
class VerbPattern:
    """A verb pattern: the verb (``*``) with what must come before and after it, and the event code.

    A pattern applies to every verb of its family; ``verb`` is only the verb it was first written for
    (from the ``# VERB`` comment; ``""`` if none). ``paired_code`` comes from ``[042:043]``: a second
    event coded in the reverse direction, target → source ("A rushed to B": A 042 visits B, B 043 hosts A).
    ``[:173]`` has only the reverse event, so ``code`` is ``"---"``.
    """

    family: str
    verb: str
    pre: tuple[Element, ...]
    post: tuple[Element, ...]
    code: str
    paired_code: str | None
    line: int
    source: str = ""


@dataclass(frozen=True)
class VerbForm:
    """A verb and every inflected form we match it by (lowercase; multi-word verbs joined by spaces).

    ``head`` is the index of the word that inflects in a multi-word verb: 1 in ``WIRE_+TAP``.
    """

    lemma: str
    forms: frozenset[str]
    code: str | None = None
    paired_code: str | None = None
    line: int = 0
    head: int = 0


@dataclass(frozen=True)
class VerbFamily:
    """A ``--- NAME [code] ---`` block: synonymous verbs, their default code and their patterns."""

    name: str
    code: str
    paired_code: str | None
    verbs: tuple[VerbForm, ...]
    patterns: tuple[VerbPattern, ...]
    line: int
    source: str = ""


@dataclass(frozen=True)
class VerbTransformation:
    """A rule for a verb whose object is another coded event, e.g. ``~ a (a b ATTACK) SAY = a b 015``.

    Read: when ``source`` ``verb``s that ``inner_source`` ``inner_verb``s ``inner_target``, code
    ``result_source`` → ``result_target`` with ``code``. Letters are actor variables, ``_`` any actor,
    ``.`` no actor; ``Q`` as verb or code means any code (passed through).
    """

    source: str
    inner_source: str
    inner_target: str
    inner_verb: str
    verb: str
    result_source: str
    result_target: str
    code: str
    line: int


@dataclass(frozen=True)
class VerbDictionary:
    """The verb dictionary: synonym sets (``&NAME``), verb families with patterns, and transformations."""

    synsets: dict[str, tuple[Phrase, ...]] = field(default_factory=dict)
    verbs: tuple[VerbFamily, ...] = ()
    transformations: tuple[VerbTransformation, ...] = ()

    @property
    def patterns(self) -> tuple[VerbPattern, ...]:
        return tuple(p for family in self.verbs for p in family.patterns)

    def merged(self, other: VerbDictionary) -> VerbDictionary:
        """Add ``other`` to this dictionary; its synsets, verbs and family codes win over ours."""
        theirs = {form.lemma for family in other.verbs for form in family.verbs}
        by_name = {family.name: family for family in other.verbs}
        families = []
        for family in self.verbs:
            kept = tuple(form for form in family.verbs if form.lemma not in theirs)
            if family.name in by_name:
                added = by_name.pop(family.name)
                family = replace(added, verbs=kept + added.verbs, patterns=family.patterns + added.patterns)
            elif len(kept) != len(family.verbs):
                family = replace(family, verbs=kept)
            families.append(family)
        families.extend(f for f in other.verbs if f.name in by_name)
        return VerbDictionary(
            synsets={**self.synsets, **other.synsets},
            verbs=tuple(families),
            transformations=self.transformations + other.transformations,
        )


@dataclass(frozen=True)
class DictionarySet:
    """Everything the coders look words up in; ``base.merged(user)`` layers a user's files on ours."""

    actors: tuple[ActorEntry, ...] = ()
    agents: tuple[AgentEntry, ...] = ()
    discards: tuple[tuple[Phrase, str], ...] = ()
    verbs: VerbDictionary = field(default_factory=VerbDictionary)

    def merged(self, other: DictionarySet) -> DictionarySet:
        """Add ``other``'s entries; where both have the same phrase, ``other``'s entry wins."""
        theirs = {p.words for entry in other.actors for p in entry.phrases}
        actors = []
        for entry in self.actors:
            kept = tuple(p for p in entry.phrases if p.words not in theirs)
            if len(kept) == len(entry.phrases):
                actors.append(entry)
            elif kept:
                actors.append(replace(entry, phrases=kept))
        agent_words = {a.phrase.words for a in other.agents}
        discard_words = {phrase.words for phrase, _ in other.discards}
        return DictionarySet(
            actors=tuple(actors) + other.actors,
            agents=tuple(a for a in self.agents if a.phrase.words not in agent_words) + other.agents,
            discards=tuple(d for d in self.discards if d[0].words not in discard_words) + other.discards,
            verbs=self.verbs.merged(other.verbs),
        )
