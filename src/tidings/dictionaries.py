"""Read the TABARI/PETRARCH dictionary text formats (actors, agents, discards, verb patterns) into records.

The Phoenix dictionaries we ship (``tidings/data/phoenix``, see its SOURCES.md) and any the user adds are
plain text, so that people can extend them without touching code. This module turns them into frozen records
and does nothing else: matching them against text is the job of the actor and event coders.

Rules shared by every format (learnt from the files themselves; PETRARCH's ``dictionaries.rst`` agrees):

* ``#`` and the legacy KEDS ``;`` start a comment; ``<!-- ... -->`` comments may span lines.
* A phrase is words joined by ``_`` or blanks. A last word without a trailing ``_`` is a *stem* in TABARI
  (``ARGENTIN`` matches "Argentina"): :class:`Phrase` keeps that as ``stemmed_last``. PETRARCH2 itself
  matched whole words only and generated plurals/verb forms instead; we keep both kinds of information.
* Files are read leniently: malformed lines are logged (``file:line: message``) and skipped, never fatal.
  Only an unreadable path raises :class:`~tidings.errors.InputError`. Warnings about our packaged files
  go to the debug level, since a user cannot fix them.

Quirks of the shipped Phoenix files that the readers absorb (each is logged where it occurs):

* actors: several name lines in a row without ``+`` share the code block below them (BORIS_YELTSIN_,
  YELTSIN, ...); a lone date (``[MNEGOV 20121204]``) is a start date; malformed dates (``2004017``,
  ``1920030320``) leave that end open, and the restrictions listed before them still win for earlier days;
  ``X_(ABC)_`` adds ``abc`` as a variant when ABC is an acronym of X; text after the codes (MNC revenue
  figures) and names with undecodable characters are dropped; entries with no code are skipped.
* agents: ``AD!MINIST!RATION`` (a search-and-replace slip) is read as the word it was; ``[~ENV}``.
  PETRARCH lets a blank between agent words stand for "other words may come between" while ``_`` means
  consecutive; :class:`Phrase` does not keep that difference.
* verbs: ``[080!]``, ``[110]---`` headers, ``*SCEPTICAL``, stray ``)``, ``(TO/FOR ...)`` alternatives,
  ``;`` comments after verbs, and two patterns using synsets the file never defines (``&WEATHER``).
"""

from __future__ import annotations

import functools
import itertools
import logging
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Literal

from tidings.cache import gc_paused
from tidings.errors import InputError

logger = logging.getLogger(__name__)

DictionaryKind = Literal["actors", "agents", "verbs", "discards"]
DICTIONARY_KINDS: tuple[DictionaryKind, ...] = ("actors", "agents", "verbs", "discards")
STORY_DISCARD = "+"  # the phrase puts the whole story out of scope
SENTENCE_DISCARD = "$"  # the phrase puts only its sentence out of scope
NULL_CODE = "---"  # TABARI's "code nothing": an actor or verb that is recognised but yields no code

PHOENIX_DIR = Path(__file__).resolve().parent / "data" / "phoenix"
_BASE_FILES: tuple[tuple[DictionaryKind, str], ...] = (
    ("actors", "Phoenix.Countries.actors.txt"),
    ("actors", "Phoenix.International.actors.txt"),
    ("actors", "Phoenix.MilNonState.actors.txt"),
    ("agents", "Phoenix.agents.txt"),
    ("discards", "Phoenix.discards.txt"),
    ("verbs", "CAMEO.2.0.txt"),
)


# ----------------------------------------------------------------------------------------------- records
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


# ------------------------------------------------------------------------------------------ shared text
@dataclass(frozen=True)
class _Log:
    """Where lenient-parsing warnings go: user files warn; our packaged files only log at debug level."""

    source: str
    quiet: bool = False

    def warn(self, line: int, message: str) -> None:
        logger.log(logging.DEBUG if self.quiet else logging.WARNING, "%s:%d: %s", self.source, line, message)


_HTML_COMMENT = re.compile(r"<!\s*--")
_WORD_BREAK = re.compile(r"[_\s]+")


def _read_text(path: Path, log: _Log) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read dictionary file ({exc.strerror or exc})") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        log.warn(data.count(b"\n", 0, exc.start) + 1, "not UTF-8; reading the file as Latin-1")
        return data.decode("latin-1")


def _content_lines(text: str) -> Iterator[tuple[int, str, str]]:
    """(line number, content, comment) for each line with content once comments are removed."""
    in_comment = False
    for number, line in enumerate(text.splitlines(), 1):
        if in_comment:
            end = line.find("-->")
            if end < 0:
                continue
            line, in_comment = line[end + 3 :], False
        while "<!" in line and (opening := _HTML_COMMENT.search(line)):
            end = line.find("-->", opening.end())
            if end < 0:
                line, in_comment = line[: opening.start()], True
            else:
                line = line[: opening.start()] + " " + line[end + 3 :]
        cut = line.find("#")
        while cut > 0 and line.rfind("[", 0, cut) > line.rfind("]", 0, cut):
            cut = line.find("#", cut + 1)  # "[###]" is TABARI's discard code, not a comment
        content, comment = (line[:cut], line[cut + 1 :]) if cut >= 0 else (line, "")
        content = content.partition(";")[0]
        if content.strip():
            yield number, content.rstrip(), comment.strip()


def phrase_words(raw: str) -> Phrase:
    """Normalise a raw dictionary phrase (``"U.S._PRESIDENT_"``) to lowercase words (``u.s. president``).

    Words split on ``_`` and blanks; hyphens and periods inside words stay ("ki-moon", "u.s."); a trailing
    comma or colon becomes a word of its own, as a tokenizer would make it. Without a trailing ``_`` the
    last word is a stem (``stemmed_last``).
    """
    text = raw.strip()
    words: list[str] = []
    for word in _WORD_BREAK.split(text.lower()):
        if len(word) > 1 and word[-1] in ",:":
            words.extend((word[:-1], word[-1]))
        elif word:
            words.append(word)
    return Phrase(tuple(words), stemmed_last=bool(words) and not text.endswith("_"))


_NOT_NOUNS = frozenset({"and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"})


def _plural(word: str) -> str | None:
    """The regular English plural of a noun, or None if the word already looks plural or is not a noun."""
    if not word[-1:].isalpha() or (word.endswith("s") and not word.endswith("ss")) or word in _NOT_NOUNS:
        return None
    if word.endswith(("ss", "sh", "ch", "x", "z")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _plural_phrase(phrase: Phrase) -> Phrase | None:
    plural = _plural(phrase.words[-1]) if phrase.words else None
    return Phrase(phrase.words[:-1] + (plural,)) if plural else None


# ------------------------------------------------------------------------------------------------ actors
_CODE_BLOCK = re.compile(r"\[([^\[\]{}]*)[\]}]")
_EMBEDDED_PLUS = re.compile(r"\+(?=[_\s])|(?<=[_\s])\+")
_PARENTHETICAL = re.compile(r"\(([^()]*)\)")
_ACRONYM = re.compile(r"[a-z0-9][a-z0-9.\-]{1,9}")


def read_actor_dictionary(path: str | Path) -> list[ActorEntry]:
    """Read an actors file: ``NAME_ [CODE]`` lines, ``+VARIANT`` lines and tab-indented ``[CODE dates]``."""
    with gc_paused():
        return _read_actors(Path(path), _Log(str(path)))


def _read_actors(path: Path, log: _Log) -> list[ActorEntry]:
    entries: list[ActorEntry] = []
    name, phrases, codes, first_line, folded = "", [], [], 0, False

    def finish() -> None:
        if not name:
            return
        if not codes:
            log.warn(first_line, f"actor {name!r} has no [CODE]; skipped")
        elif not phrases:
            log.warn(first_line, f"actor {name!r} has no usable phrase; skipped")
        else:
            entries.append(ActorEntry(name, tuple(dict.fromkeys(phrases)), tuple(codes), log.source, first_line))

    for number, content, _ in _content_lines(_read_text(path, log)):
        body = content.strip()
        line_codes = _codes_in(body, number, log)
        if body.startswith("["):
            if not name:
                log.warn(number, "code line with no actor name before it; skipped")
            codes.extend(line_codes)
            continue
        text = body.lstrip("+").partition("[")[0]
        if not body.startswith("+"):
            # Name lines with no code, one after another, share the code block that follows them: the
            # editors left out the '+' (BORIS_YELTSIN_, then YELTSIN, ... then the tab-indented codes).
            if name and not codes and not line_codes:
                if not folded:
                    log.warn(number, f"name lines without '+' read as variants of {name!r}")
                folded = True
            else:
                finish()
                name, phrases, codes, first_line = " ".join(text.replace("_", " ").split()), [], [], number
                folded = False
        elif not name:
            log.warn(number, "+variant with no actor name before it; skipped")
            continue
        phrases.extend(_actor_phrases(text, number, log))
        codes.extend(line_codes)
    finish()
    return entries


def _codes_in(body: str, number: int, log: _Log) -> list[DatedCode]:
    """Every ``[CODE restriction]`` on a line; text after the last one is noise (MNC revenue figures...)."""
    codes, end = [], None
    for block in _CODE_BLOCK.finditer(body):
        codes.extend(_dated_codes(block.group(1), number, log))
        end = block.end()
    if end is not None and body[end:].strip():
        log.warn(number, f"ignored text after the code: {body[end:].strip()!r}")
    return codes


def _dated_codes(inner: str, number: int, log: _Log) -> list[DatedCode]:
    """``AFGGOV 041202-071220`` / ``>100701`` / ``<100701`` / none; ``ELR/GAL`` is two codes."""
    code, _, restriction = inner.strip().replace("\t", " ").partition(" ")
    restriction = restriction.strip()
    start = end = None
    if restriction.startswith("<"):
        end = _parse_date(restriction[1:], number, log, inner)
    elif restriction.startswith(">"):
        start = _parse_date(restriction[1:], number, log, inner)
    elif "-" in restriction:
        first, _, last = restriction.partition("-")
        start, end = _parse_date(first, number, log, inner), _parse_date(last, number, log, inner)
    elif restriction:  # [MNEGOV 20121204]: Dukanovic was prime minister again from that day
        log.warn(number, f"lone date in [{inner.strip()}] read as a start date ('>')")
        start = _parse_date(restriction, number, log, inner)
    if not code:
        log.warn(number, "empty code [] ignored")
    return [DatedCode(c, start, end) for c in code.upper().split("/") if c]


def _parse_date(text: str, number: int, log: _Log, context: str) -> date | None:
    """YYMMDD (00-30 → 20xx, else 19xx) or YYYYMMDD; anything else is logged and left open (None)."""
    digits = text.strip()
    if digits.isdigit() and len(digits) in (6, 8):
        if len(digits) == 6:
            year = int(digits[:2])
            year += 2000 if year <= 30 else 1900
        else:
            year = int(digits[:4])
        try:
            return date(year, int(digits[-4:-2]), int(digits[-2:]))
        except ValueError:
            pass
    log.warn(number, f"malformed date {digits!r} in [{context.strip()}]; treating that end as open")
    return None


def _actor_phrases(raw: str, number: int, log: _Log) -> list[Phrase]:
    """The phrases one name line stands for: ``X_(ABC)_`` gives ``x`` and, if ABC is an acronym, ``abc``."""
    phrases = []
    for part in _EMBEDDED_PLUS.split(raw):  # "..._AL_ISLAMI+_ISLAMIC_ADEN_ARMY_" is two names run together
        if any(ch in part for ch in "[]{}"):
            log.warn(number, f"stray bracket in name {part.strip()!r} removed")
            part = re.sub(r"[\[\]{}]", "", part)
        groups = _PARENTHETICAL.findall(part)
        text = _PARENTHETICAL.sub(" ", part)
        text = text.partition("(")[0].replace(")", "").replace('"', "")  # "NAME (ACTING_", "DIAS_"NANDO"_"
        phrase = phrase_words(text)
        if not phrase.words:
            continue
        if any("\ufffd" in word for word in phrase.words):
            log.warn(number, f"name {part.strip()!r} has undecodable characters; skipped")
            continue
        phrases.append(phrase)
        for group in groups:
            token = group.strip("_ ").lower()
            if _ACRONYM.fullmatch(token) and _is_acronym_of(token, phrase.words):
                phrases.append(Phrase((token,)))
    return phrases


def _is_acronym_of(token: str, words: Sequence[str]) -> bool:
    """Short (≤3 letters) or spelled by the initials of the name: AAIA ← Aden Abyan Islamic Army."""
    letters = [ch for ch in token if ch.isalpha()]
    if len(letters) <= 3:
        return True
    initials = iter(piece[0] for word in words for piece in word.split("-") if piece)
    return all(letter in initials for letter in letters)  # subsequence test: consumes the iterator


# ------------------------------------------------------------------------------------------------ agents
_SUBSTITUTION = re.compile(r"^!(\w+)!\s*=\s*(.*)$")
_MARKER = re.compile(r"!(\w+)!")
_AGENT_LINE = re.compile(r"^(?P<name>[^\[{]*?)\s*(?:\{(?P<plurals>[^}]*)\})?\s*\[(?P<code>[^\]}]*)(?P<close>[\]}])")


def read_agent_dictionary(path: str | Path) -> list[AgentEntry]:
    """Read an agents file: ``FARMER [~AGR]``, ``THIEF {THIEVES} [~CRM]``, ``CATTLE!PERSON! [~AGR]``.

    Regular plurals of the last word are added (PETRARCH did so); ``{X}`` gives the plural instead,
    ``{}`` or a trailing ``_`` means none. ``!SET! = A, B`` defines a substitution set whose items replace
    ``!SET!`` as text (``CATTLE!PERSON!`` → cattleman, cattlemen ...), with no plurals added.
    """
    with gc_paused():
        return _read_agents(Path(path), _Log(str(path)))


def _read_agents(path: Path, log: _Log) -> list[AgentEntry]:
    entries: list[AgentEntry] = []
    substitutions: dict[str, tuple[str, ...]] = {}
    for number, content, _ in _content_lines(_read_text(path, log)):
        body = content.strip()
        if definition := _SUBSTITUTION.match(body):
            items = tuple(item.strip() for item in definition.group(2).split(",") if item.strip())
            substitutions[definition.group(1).upper()] = items
            continue
        line = _AGENT_LINE.match(body)
        if not line:
            log.warn(number, f"agent {body!r} has no [~CODE]; skipped")
            continue
        if line["close"] == "}":
            log.warn(number, "agent code closed with '}' instead of ']'; read anyway")
        code, position = _agent_code(line["code"].replace(" ", ""), number, log)
        try:
            names = _substitute(line["name"], substitutions)
        except KeyError as missing:
            log.warn(number, f"substitution set !{missing.args[0]}! is not defined above; line skipped")
            continue
        phrases = [phrase_words(name) for name in names]
        if names == [line["name"]]:  # no substitution: add plurals
            phrases.extend(_agent_plurals(phrases[0], line["name"], line["plurals"]))
        for phrase in dict.fromkeys(p for p in phrases if p.words):
            entries.append(AgentEntry(phrase, code, position, log.source, number))
    return entries


def _agent_code(text: str, number: int, log: _Log) -> tuple[str, Literal["prefix", "suffix"]]:
    if text.startswith("~"):
        return text[1:].upper(), "suffix"
    if text.endswith("~"):
        return text[:-1].upper(), "prefix"
    log.warn(number, f"agent code [{text}] has no '~' to say which side of the actor code it goes; suffix assumed")
    return text.upper(), "suffix"


def _substitute(name: str, substitutions: Mapping[str, tuple[str, ...]]) -> list[str]:
    marker = _MARKER.search(name)
    if not marker:
        return [name]
    items = substitutions[marker.group(1).upper()]
    if name[marker.start() - 1 : marker.start()].isalpha() and name[marker.end() : marker.end() + 1].isalpha():
        items = (marker.group(1),)  # inside a word: "AD!MINIST!RATION" was a search-and-replace accident
    return [
        n for item in items for n in _substitute(name[: marker.start()] + item + name[marker.end() :], substitutions)
    ]


def _agent_plurals(singular: Phrase, raw: str, braces: str | None) -> list[Phrase]:
    if braces is not None:
        return [Phrase(phrase_words(item).words) for item in braces.split() if item.strip("_")]
    if raw.rstrip().endswith("_"):
        return []
    plural = _plural_phrase(singular)
    return [plural] if plural else []


# ---------------------------------------------------------------------------------------------- discards
def read_discards(path: str | Path) -> list[tuple[Phrase, str]]:
    """Read a discards file: each phrase with ``"+"`` (story discard: line starts ``+``) or ``"$"`` (sentence)

    A discard phrase found in a sentence stops it (or its whole story) from being coded: sports, films...
    """
    with gc_paused():
        return _read_discards(Path(path), _Log(str(path)))


def _read_discards(path: Path, log: _Log) -> list[tuple[Phrase, str]]:
    discards = []
    for _, content, _ in _content_lines(_read_text(path, log)):
        body = content.strip()
        kind = STORY_DISCARD if body.startswith("+") else SENTENCE_DISCARD
        phrase = phrase_words(body.lstrip("+"))
        if phrase.words:
            discards.append((phrase, kind))
    return discards


# ------------------------------------------------------------------------------------------------- verbs
_FAMILY_HEADER = re.compile(r"^---\s*(?P<name>[^\[]*?)\s*\[(?P<code>[^\]]*)\](?P<rest>.*)$")
_VERB_LINE = re.compile(r"^(?P<name>[^{\[]*)(?:\{(?P<forms>[^}]*)\}?)?\s*(?:\[(?P<code>[^\]]*)\])?(?P<rest>.*)$")
_PATTERN_CODE = re.compile(r"\[([^\[\]]*)\]\s*$")
_TRANSFORMATION = re.compile(r"^~\s*(\S+)\s*\(\s*(\S+)\s+(\S+)\s+(\S+)\s*\)\s*(\S+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)\s*$")
# brackets are tokens of their own, and so is a '*' glued to a word without '_' ("- *SCEPTICAL [012]")
_PATTERN_TOKEN_BREAK = re.compile(r"([(){}]|\*(?=[^\s_*])|(?<=[^\s_*])\*)")
_COMMENT_VERB = re.compile(r"[A-Z][A-Z_'\-]*")
_MARKERS: dict[str, ElementKind] = {"$": "source", "+": "target", "^": "skip", "%": "compound"}
_VERB = Element("other", ("*",))  # stands for the verb while a pattern is split into pre and post
_MAX_ALTERNATIVES = 64


@dataclass
class _FamilyDraft:
    """A verb family while its file is being read; its patterns are parsed once all synsets are known."""

    name: str
    code: str
    paired_code: str | None
    line: int
    verbs: dict[str, VerbForm] = field(default_factory=dict)
    pattern_lines: list[tuple[int, str, str]] = field(default_factory=list)


def read_verb_dictionary(path: str | Path) -> VerbDictionary:
    """Read a PETRARCH verb dictionary (CAMEO.2.0.txt): synsets, verb families and their patterns.

    * ``&NAME`` then ``+WORD`` lines: a synonym set; regular plurals are added unless the label or the
      phrase ends in ``_``.
    * ``--- NAME [code] ---`` starts a family; ``[---]`` = no event for the verb alone.
    * ``SPEED {SPEEDING SPEEDS SPED} [code]``: a member verb; regular forms (-s, -ed, -ing) are added to
      the listed irregular ones; ``{}`` means the verb is used only as written. ``+ASK_FOR {+ASKED_FOR}``
      is a multi-word verb: ``+`` marks the word that inflects, the rest is a particle kept as is.
    * ``- pre * post [code] # VERB``: a pattern (see :class:`Element`); ``A/B`` alternatives are expanded
      into one pattern each; ``A_B`` joins words that must be consecutive (``IN_*``: next to the verb).
    * ``~ a (a b ATTACK) SAY = a b 015``: a :class:`VerbTransformation`.
    """
    with gc_paused():
        return _read_verbs(Path(path), _Log(str(path)))


def _read_verbs(path: Path, log: _Log) -> VerbDictionary:
    synset_lines: dict[str, list[tuple[int, str]]] = {}
    no_plurals: set[str] = set()
    families: list[_FamilyDraft] = []
    transformations: list[VerbTransformation] = []
    synset: str | None = None
    for number, content, comment in _content_lines(_read_text(path, log)):
        body = content.strip()
        if body.startswith("+") and synset is not None:
            synset_lines[synset].append((number, body[1:]))
            continue
        synset = None
        if body.startswith("---"):
            families.append(_family_header(body, number, log))
        elif body.startswith("&"):
            label = body[1:].strip()
            synset = label.rstrip("_").upper()
            synset_lines[synset] = []
            if label.endswith("_"):
                no_plurals.add(synset)
        elif body.startswith("~"):
            if rule := _TRANSFORMATION.match(body):
                transformations.append(VerbTransformation(*rule.groups(), line=number))
            else:
                log.warn(number, f"unreadable transformation {body!r}; skipped")
        elif not families:
            log.warn(number, f"{body!r} comes before any '--- NAME [code] ---' verb block; skipped")
        elif body.startswith("-"):
            families[-1].pattern_lines.append((number, body[1:], comment))
        else:
            _add_verb(families[-1], body, number, log)
    synsets = _build_synsets(synset_lines, no_plurals, log)
    return VerbDictionary(
        synsets=synsets,
        verbs=tuple(_finish_family(draft, synsets, log) for draft in families),
        transformations=tuple(transformations),
    )


def _event_code(text: str, number: int, log: _Log) -> tuple[str, str | None]:
    """``042`` / ``042:043`` / ``:173`` / ``---`` → (code, paired code); an empty side is ``---``."""
    raw = text.strip().upper()
    cleaned = re.sub(r"[^0-9A-Z:+#\-]", "", raw)
    if cleaned != raw:
        log.warn(number, f"odd characters removed from code [{text.strip()}]")
    code, sep, paired = cleaned.partition(":")
    return code or NULL_CODE, (paired or NULL_CODE) if sep else None


def _family_header(body: str, number: int, log: _Log) -> _FamilyDraft:
    header = _FAMILY_HEADER.match(body)
    if not header:
        log.warn(number, f"verb block header without [code]: {body!r}; no default code")
        return _FamilyDraft(body.strip("- ").rstrip("_"), NULL_CODE, None, number)
    if "[" in header["rest"]:
        log.warn(number, f"second code in block header ignored: {header['rest'].strip(' -')!r}")
    code, paired = _event_code(header["code"], number, log)
    return _FamilyDraft(header["name"].rstrip("_ "), code, paired, number)


def _add_verb(family: _FamilyDraft, body: str, number: int, log: _Log) -> None:
    line = _VERB_LINE.match(body)
    assert line is not None  # every group of the pattern is optional
    if line["rest"].strip():
        log.warn(number, f"ignored text after verb: {line['rest'].strip()!r}")
    words, head = _verb_words(line["name"])
    if not words:
        log.warn(number, f"verb line without a verb: {body!r}; skipped")
        return
    lemma = " ".join(words)
    forms = {lemma}
    listed = [_verb_words(item) for item in re.split(r"[\s,]+", line["forms"] or "") if item.strip("+_")]
    forms.update(" ".join(item_words) for item_words, _ in listed)
    # Regular forms fill the slots ({} lists none; -s, -ing, past) that the listed forms leave open:
    # "STRING_UP {+STRUNG_UP}" still gets "strings up", but "SPEED {... SPED}" gets no "speeded".
    heads = [item_words[min(i, len(item_words) - 1)] for item_words, i in listed]
    if line["forms"] is None or heads:
        third, past, gerund = _verb_inflections(words[head])
        for inflected, taken in (
            (third, any(h.endswith("s") for h in heads)),
            (gerund, any(h.endswith("ing") for h in heads)),
            (past, any(not h.endswith(("s", "ing")) for h in heads)),
        ):
            if not taken:
                forms.add(" ".join((*words[:head], inflected, *words[head + 1 :])))
    code, paired = _event_code(line["code"], number, log) if line["code"] is not None else (None, None)
    if previous := family.verbs.get(lemma):  # "BRING" and "BRING {BRINGS BRINGING BROUGHT}"
        forms |= previous.forms
        code, paired = code or previous.code, paired or previous.paired_code
    family.verbs[lemma] = VerbForm(lemma, frozenset(forms), code, paired, number, head)


def _verb_words(raw: str) -> tuple[list[str], int]:
    """Words of a verb and the index of the one that inflects (marked ``+``; the first by default)."""
    words = [w for w in _WORD_BREAK.split(raw.strip().lower()) if w.strip("+")]
    head = next((i for i, w in enumerate(words) if w.startswith("+")), 0)
    return [w.lstrip("+") for w in words], head


def _verb_inflections(word: str) -> tuple[str, str, str]:
    """Regular -s, -ed and -ing forms, with y → ie, e-dropping and doubling (stop → stopped)."""
    consonant_y = word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou"
    doubles = (
        len(word) >= 3
        and word[-1] not in "aeiouwxy"
        and word[-2] in "aeiou"
        and word[-3] not in "aeiou"
        and len(re.findall(r"[aeiou]+", word)) == 1
    )
    stem = word + word[-1] if doubles else word
    if word.endswith(("s", "sh", "ch", "x", "z", "o")):
        third = word + "es"
    else:
        third = word[:-1] + "ies" if consonant_y else word + "s"
    if word.endswith("e"):
        past = word + "d"
    else:
        past = word[:-1] + "ied" if consonant_y else stem + "ed"
    if word.endswith("ie"):
        gerund = word[:-2] + "ying"
    elif word.endswith("e") and len(word) > 2 and not word.endswith(("ee", "ye", "oe")):
        gerund = word[:-1] + "ing"
    else:
        gerund = stem + "ing"
    return third, past, gerund


def _build_synsets(
    lines: Mapping[str, list[tuple[int, str]]], no_plurals: set[str], log: _Log
) -> dict[str, tuple[Phrase, ...]]:
    synsets: dict[str, tuple[Phrase, ...]] = {}
    for name, members in lines.items():
        phrases: list[Phrase] = []
        for number, raw in members:
            if raw.strip().startswith("&"):  # a synset inside a synset: expanded below
                phrases.append(Phrase((raw.strip().rstrip("_").upper(),)))
                continue
            phrase = Phrase(phrase_words(raw).words)  # PETRARCH matched synsets as whole words: no stems
            if not phrase.words:
                log.warn(number, f"empty member in synset &{name}")
                continue
            phrases.append(phrase)
            if name not in no_plurals and not raw.rstrip().endswith("_"):
                if plural := _plural_phrase(phrase):
                    phrases.append(plural)
        synsets[name] = tuple(phrases)
    for name, phrases in synsets.items():
        expanded: list[Phrase] = []
        for phrase in phrases:
            ref = phrase.words[0]
            if ref.startswith("&"):
                if ref[1:] in synsets and ref[1:] != name:
                    expanded.extend(p for p in synsets[ref[1:]] if not p.words[0].startswith("&"))
                else:
                    log.warn(lines[name][0][0], f"synset &{name} refers to unknown synset {ref}")
            else:
                expanded.append(phrase)
        synsets[name] = tuple(dict.fromkeys(expanded))
    return synsets


def _finish_family(draft: _FamilyDraft, synsets: Mapping[str, object], log: _Log) -> VerbFamily:
    patterns: list[VerbPattern] = []
    for number, text, comment in draft.pattern_lines:
        patterns.extend(_parse_pattern(draft.name, text, comment, number, synsets, log))
    return VerbFamily(
        draft.name,
        draft.code,
        draft.paired_code,
        tuple(draft.verbs.values()),
        tuple(patterns),
        draft.line,
        log.source,
    )


def _parse_pattern(
    family: str, text: str, comment: str, number: int, synsets: Mapping[str, object], log: _Log
) -> list[VerbPattern]:
    code_match = _PATTERN_CODE.search(text)
    if not code_match:
        log.warn(number, f"pattern without a [code] at its end: {text.strip()!r}; skipped")
        return []
    code, paired = _event_code(code_match.group(1), number, log)
    verb_match = _COMMENT_VERB.match(comment)
    verb = verb_match.group(0).replace("_", " ").lower() if verb_match else ""
    tokens = _PATTERN_TOKEN_BREAK.sub(r" \1 ", text[: code_match.start()]).split()
    choices = [tok.split("/") if _is_alternation(tok) else [tok] for tok in tokens]
    if math.prod(len(choice) for choice in choices) > _MAX_ALTERNATIVES:
        log.warn(number, "pattern has too many '/' alternatives; skipped")
        return []
    patterns = []
    for variant in itertools.product(*choices):
        elements = _elements(list(variant), synsets, number, log)
        if elements is None:
            return []
        verbs = [i for i, element in enumerate(elements) if element is _VERB]
        if len(verbs) != 1:
            log.warn(number, f"pattern needs exactly one '*' (the verb), has {len(verbs)}; skipped")
            return []
        pre, post = tuple(elements[: verbs[0]]), tuple(elements[verbs[0] + 1 :])
        patterns.append(VerbPattern(family, verb, pre, post, code, paired, number, log.source))
    return patterns


def _is_alternation(token: str) -> bool:
    return "/" in token and not token.startswith("&") and all(token.split("/"))


def _elements(tokens: list[str], synsets: Mapping[str, object], number: int, log: _Log) -> list[Element] | None:
    """Parse pattern tokens into elements (with :data:`_VERB` for ``*``); None if the pattern must go."""
    elements: list[Element] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in ("(", "{"):
            close = ")" if token == "(" else "}"
            end = next((j for j in range(i + 1, len(tokens)) if tokens[j] == close), None)
            if end is None:
                log.warn(number, f"unclosed {token!r} in pattern; closed at the end")
                end = len(tokens)
            inner = _elements(tokens[i + 1 : end], synsets, number, log)
            if inner is None:
                return None
            if _VERB in inner:
                log.warn(number, f"'*' inside {token}...{close} in pattern; skipped")
                return None
            elements.append(_group(token, inner))
            i = end + 1
            continue
        if token in (")", "}"):
            log.warn(number, f"stray {token!r} in pattern kept as 'other'")
            elements.append(Element("other", (token,)))
        else:
            chain = _chain(token, synsets, number, log)
            if chain is None:
                return None
            elements.extend(chain)
        i += 1
    return elements


def _group(opening: str, inner: list[Element]) -> Element:
    if opening == "{":
        return Element("phrase", _flat_words(inner), parts=tuple(inner))
    if inner and inner[0].kind == "word":
        return Element("prep", _flat_words(inner[1:]), prep=inner[0].words[0], parts=tuple(inner[1:]))
    return Element("prep", _flat_words(inner), parts=tuple(inner))


def _flat_words(elements: Sequence[Element]) -> tuple[str, ...]:
    words: list[str] = []
    for element in elements:
        if element.kind == "synset":
            words.append("&" + element.words[0])
        elif element.kind in _MARKER_SYMBOLS:
            words.append(_MARKER_SYMBOLS[element.kind])
        else:
            words.extend(element.words)
    return tuple(words)


_MARKER_SYMBOLS = {kind: symbol for symbol, kind in _MARKERS.items()}


def _chain(token: str, synsets: Mapping[str, object], number: int, log: _Log) -> list[Element] | None:
    """One blank-free token: a word, marker or synset, or ``A_B_*_C`` pieces that must be consecutive."""
    pieces = [p for p in token.split("_") if p]
    atoms: list[Element] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if piece.startswith("&"):  # synset names contain '_' too: take the longest one defined
            j = next((j for j in range(len(pieces), i, -1) if "_".join(pieces[i:j])[1:].upper() in synsets), None)
            if j is None:  # kept: another dictionary file (the user's, or ours) may define it
                log.warn(number, f"synset {piece} is not defined in this file")
                j = i + 1
            atoms.append(Element("synset", ("_".join(pieces[i:j])[1:].upper(),)))
            i = j
            continue
        atoms.append(_atom(piece, number, log))
        i += 1
    if len(atoms) <= 1 or atoms.count(_VERB) > 1:
        return atoms
    if _VERB not in atoms:
        return [Element("phrase", _flat_words(atoms), parts=tuple(atoms))]
    at = atoms.index(_VERB)
    before, after = atoms[:at], atoms[at + 1 :]
    return [*_joined(before), _VERB, *_joined(after)]


def _joined(atoms: list[Element]) -> list[Element]:
    if not atoms:
        return []
    if len(atoms) == 1:
        return [replace(atoms[0], adjacent=True)]
    return [Element("phrase", _flat_words(atoms), parts=tuple(atoms), adjacent=True)]


def _atom(piece: str, number: int, log: _Log) -> Element:
    if piece == "*":
        return _VERB
    if piece in _MARKERS:
        return Element(_MARKERS[piece])
    if any(ch.isalnum() for ch in piece):
        return Element("word", (piece.lower(),))
    log.warn(number, f"unknown symbol {piece!r} in pattern kept as 'other'")
    return Element("other", (piece,))


# ------------------------------------------------------------------------------------------------ loading
_KIND_NAMES: dict[str, DictionaryKind] = {kind: kind for kind in DICTIONARY_KINDS}
_READERS = {"actors": _read_actors, "agents": _read_agents, "discards": _read_discards, "verbs": _read_verbs}


def dictionary_kind(path: str | Path) -> DictionaryKind | None:
    """Guess a dictionary's format from its file name; None for PETRARCH's issues lists (not supported)."""
    name = Path(path).name.lower()
    if "agents" in name:
        return "agents"
    if "verbs" in name or "cameo" in name:
        return "verbs"
    if "discards" in name:
        return "discards"
    if "issue" in name:
        return None
    return "actors"


def load_dictionaries(paths: Iterable[str | Path]) -> DictionarySet:
    """Read dictionary files or folders (all ``*.txt`` in them) into one set; later files win.

    The kind comes from the file name (``agents``, ``verbs``/``CAMEO``, ``discards``, else actors) or
    from a ``kind:`` prefix, e.g. ``"agents:my_roles.txt"``.
    """
    files = _dictionary_files(paths)
    stamps = []
    for kind, path in files:
        stat = path.stat()
        stamps.append((kind, str(path), stat.st_size, stat.st_mtime_ns))
    return _load_stamped(tuple(stamps))


@functools.lru_cache(maxsize=8)
def _load_stamped(stamps: tuple[tuple[DictionaryKind, str, int, int], ...]) -> DictionarySet:
    """Read each set of files once per process (the actor and the event coder both need them), so their
    warnings are printed once; a file's size and mtime are part of the key, so an edited file is re-read."""
    return _load([(kind, Path(path)) for kind, path, _, _ in stamps], quiet=False)


def _dictionary_files(paths: Iterable[str | Path]) -> list[tuple[DictionaryKind, Path]]:
    files: list[tuple[DictionaryKind, Path]] = []
    for spec in paths:
        forced: DictionaryKind | None = None
        path = Path(spec)
        if isinstance(spec, str):
            head, sep, rest = spec.partition(":")
            if sep and head.lower() in _KIND_NAMES:
                forced, path = _KIND_NAMES[head.lower()], Path(rest)
        if path.is_dir():
            found = sorted(path.glob("*.txt"))
            if not found:
                raise InputError(str(path), "folder has no .txt dictionary files")
        elif path.is_file():
            found = [path]
        else:
            raise InputError(str(path), "no such dictionary file or folder; give a .txt file, a folder, or kind:path")
        for file in found:
            kind = forced or dictionary_kind(file)
            if kind is None:
                logger.warning("%s: issues lists are not a supported dictionary kind; skipped", file)
            else:
                files.append((kind, file))
    return files


def _load(files: Sequence[tuple[DictionaryKind, Path]], quiet: bool) -> DictionarySet:
    with gc_paused():
        return _merge_files(files, quiet)


def _merge_files(files: Sequence[tuple[DictionaryKind, Path]], quiet: bool) -> DictionarySet:
    result = DictionarySet()
    for kind, path in files:
        parsed = _READERS[kind](path, _Log(str(path), quiet))
        if kind == "verbs":
            part = DictionarySet(verbs=parsed)
        else:
            part = DictionarySet(**{kind: tuple(parsed)})
        result = result.merged(part)
    return result


def load_base_dictionaries() -> DictionarySet:
    """The packaged Phoenix dictionaries, parsed once per process and pickled in the user's cache dir."""
    from tidings import cache

    files = [(kind, PHOENIX_DIR / name) for kind, name in _BASE_FILES]
    key = ("base-dictionaries", cache.file_stamp(__file__), tuple(cache.file_stamp(p) for _, p in files))
    return cache.memoized(key, lambda: cache.disk_cached("base-dictionaries", key, lambda: _load(files, quiet=True)))
