"""Event patterns as data: which word, in which dependency frame, signals which CAMEO code.

One pattern says: a trigger lemma (a verb like "meet", or a noun like "talks"), the frame it needs
(object words, prepositions with their objects, particles, subject words), the CAMEO code, and where the
target sits (direct object, a "with" phrase, ...). Patterns come from two places:

- ``data/event_patterns.tsv``: ours, curated for world news, with nominal events and light verbs;
- the PETRARCH2 verb dictionary (``CAMEO.2.0.txt``), converted from its word-order patterns to frames.

Both are loaded into one ``PatternBook`` indexed by trigger lemma. When several patterns of a trigger
match a sentence, the most specific wins (most frame constraints); ours win ties.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from tidings.events.sequences import NEGATION_WORDS
from tidings.ontology import is_event_code

log = logging.getLogger("tidings")

#: Default target slots when a pattern names none: direct object first, then the usual prepositions.
DEFAULT_VERB_TARGETS = (
    "dobj",
    "dative",
    "with",
    "against",
    "to",
    "on",
    "for",
    "into",
    "at",
    "from",
    "between",
)
DEFAULT_NOUN_TARGETS = ("with", "to", "against", "on", "for", "between", "of", "over", "into", "at")


@dataclass(frozen=True)
class Constraint:
    """One frame requirement.

    ``slot`` is ``obj`` (a word in the trigger's object phrase), ``prep`` (a preposition child, optionally
    with words in its object), ``prt`` (a verb particle), ``subj`` (a word in the subject phrase),
    ``xcomp`` (an open complement verb), ``near`` (a word anywhere in the trigger's clause after it), or
    ``before``/``after`` (words in that order on that side of the trigger, see :mod:`.sequences`), or
    ``compound`` (the subject is coordinated: "X and Y agreed").
    ``words`` is a set of alternatives; for ``prep`` each word group must appear (all of ``need``); for
    ``before``/``after`` the groups of ``need`` must appear in order outward from the trigger, ``gaps``
    saying where other words may come between.
    """

    slot: str
    words: frozenset[str] = frozenset()
    prep: str | None = None
    need: tuple[frozenset[str], ...] = ()
    gaps: tuple[bool, ...] = ()
    #: ``before``/``after`` words match as written only, not by lemma ("EFFORT" is not "efforts").
    exact: bool = False


@dataclass(frozen=True)
class Pattern:
    """A trigger in a frame, and the event it codes."""

    trigger: str
    pos: str  # "V" or "N"
    code: str
    constraints: tuple[Constraint, ...] = ()
    targets: tuple[str, ...] = ()
    paired_code: str | None = None
    origin: str = "tidings"
    note: str = ""
    #: Where the source is when it is not the subject (``+ * FROM $``: the "from" phrase); slot names as
    #: in ``targets``, which may hold ``subj`` for a pattern whose subject is the target.
    sources: tuple[str, ...] = ()
    #: The pattern spells out a negation ("NOT *"): its code is for the negated act, which did happen.
    negated_form: bool = False

    @functools.cached_property
    def specificity(self) -> float:
        # Ties go to the user's own dictionary, then to our curated patterns, then to PETRARCH's base.
        bonus = {"user": 0.5, "tidings": 0.25}.get(self.origin, 0.0)
        # A word-list on the object, particle, complement or subject says more than a bare preposition:
        # "withdrew its ambassador from X" is about the ambassador, not about leaving a place.
        lexical = sum(0.5 for c in self.constraints if c.slot in ("obj", "prt", "xcomp", "subj") and c.words)
        return sum(_weight(c) for c in self.constraints) + lexical + bonus

    def describe(self) -> str:
        cons = " ".join(_describe_constraint(c) for c in self.constraints)
        return f"{self.trigger}/{self.pos} {cons} → {self.code} ({self.origin}{': ' + self.note if self.note else ''})"


def _weight(c: Constraint) -> float:
    """A word in sequence counts like a frame word; one tied to its neighbour (``A_B``) a little more."""
    if c.slot in ("before", "after"):
        return len(c.need) + 0.1 * sum(not gap for gap in c.gaps)
    return 1 + 0.5 * len(c.need)


def _describe_constraint(c: Constraint) -> str:
    if c.slot in ("before", "after"):
        words = ["|".join(sorted(g)[:3]) + ("|…" if len(g) > 3 else "") for g in c.need]
        if c.slot == "before":
            words.reverse()
        return f"{c.slot}:{' '.join(words)}"
    if c.slot == "prep":
        inner = " ".join("|".join(sorted(w)) for w in c.need)
        return f"({c.prep}{' ' + inner if inner else ''})"
    return f"{c.slot}:{'|'.join(sorted(c.words))}"


@dataclass
class PatternBook:
    """All patterns, indexed by trigger lemma and part of speech."""

    by_trigger: dict[tuple[str, str], list[Pattern]] = field(default_factory=dict)
    #: Multi-word verbs ("call on", "step up") are indexed by their head lemma plus a particle/prep.
    forms: dict[str, set[str]] = field(default_factory=dict)
    _by_form: dict[str, list[str]] | None = field(default=None, repr=False)

    def add(self, pattern: Pattern) -> None:
        self.by_trigger.setdefault((pattern.trigger, pattern.pos), []).append(pattern)

    def get(self, lemma: str, pos: str) -> list[Pattern]:
        return self.by_trigger.get((lemma, pos), [])

    def lemmas_of(self, surface: str) -> list[str]:
        """The dictionary verbs that list ``surface`` among their forms ("cordoned" → "cordon"): a
        fallback for words the tagger lemmatises wrongly."""
        if self._by_form is None:
            self._by_form = {}
            for lemma, forms in self.forms.items():
                for form in forms:
                    self._by_form.setdefault(form, []).append(lemma)
        return self._by_form.get(surface, [])

    def trigger_words(self) -> set[str]:
        """Lowercase surface forms that can trigger an event: the pre-filter looks for these.

        Only words with at least one pattern count (a PETRARCH verb whose patterns were all dropped
        triggers nothing); regular inflections are added for our own lemmas ("talks", "sanctioned").
        """
        words: set[str] = set()
        for (lemma, _pos), patterns in self.by_trigger.items():
            if not any(p.code != "---" for p in patterns):
                continue
            words.add(lemma)
            words.update(self.forms.get(lemma, ()))
            words.update(_inflections(lemma))
        return words

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_trigger.values())


def _inflections(lemma: str) -> set[str]:
    """Regular English forms of a verb or noun lemma (irregular verbs come from the PETRARCH forms)."""
    out = {lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        out.add(lemma[:-1] + "ing")
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) >= 3 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return out


def parse_constraints(text: str, source: str = "") -> tuple[Constraint, ...]:
    """Parse the frame column of ``event_patterns.tsv``.

    Syntax, space separated: ``obj:aid|assistance``, ``prep:with``, ``prep:to=peace|ceasefire``,
    ``prt:off``, ``subj:troops|soldiers``, ``xcomp:leave``, ``near:talks``, ``oprd:hero|*`` (a predicate
    complement, "called the plan a fraud"; ``*`` stands for any).
    """
    out: list[Constraint] = []
    for item in text.split():
        slot, _, rest = item.partition(":")
        if slot == "prep":
            prep, _, words = rest.partition("=")
            need = (frozenset(words.split("|")),) if words else ()
            out.append(Constraint("prep", prep=prep, need=need))
        elif slot in ("obj", "prt", "subj", "xcomp", "near", "oprd"):
            out.append(Constraint(slot, words=frozenset(rest.split("|"))))
        else:
            raise ValueError(f"{source}: unknown frame constraint {item!r}")
    return tuple(out)


def load_tsv_patterns(path: Path | None = None) -> list[Pattern]:
    """Read our curated patterns (or a user's file in the same format)."""
    if path is None:
        text = resources.files("tidings.data").joinpath("event_patterns.tsv").read_text(encoding="utf-8")
        name = "event_patterns.tsv"
    else:
        text = Path(path).read_text(encoding="utf-8")
        name = str(path)
    out: list[Pattern] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if cols[0] == "trigger":
            continue
        cols += [""] * (6 - len(cols))
        trigger, pos, frame, code, targets, note = (c.strip() for c in cols[:6])
        paired = None
        if ":" in code:
            code, paired = code.split(":", 1)
            paired = paired or None
        if (code != "---" and not is_event_code(code)) or (paired and not is_event_code(paired)):
            raise ValueError(f"{name}:{n}: unknown CAMEO code {code!r}")
        out.append(
            Pattern(
                trigger=trigger.lower(),
                pos=pos or "V",
                code=code,
                constraints=parse_constraints(frame, f"{name}:{n}"),
                targets=tuple(t for t in targets.split(",") if t),
                paired_code=paired,
                origin="tidings",
                note=note,
            )
        )
    return out


def petrarch_patterns(
    verbs, family_defaults: bool = False, origin: str = "petrarch"
) -> tuple[list[Pattern], dict[str, set[str]]]:
    """Convert a parsed PETRARCH verb dictionary into frame patterns.

    A PETRARCH pattern is a word-order template around the verb (``- * (TO BORDER) [154]``). Each
    element becomes a constraint: ``(PREP words)`` → a prepositional child with those words (attachment
    matters more than order there); plain words, synsets and ``A_B`` phrases → words in that order on
    their side of the verb (``before``/``after``, see :mod:`tidings.events.sequences`), ``_`` meaning
    next to each other. ``$``/``+`` (source/target) say where the actors are when that is not the usual
    subject and object (:func:`_roles`); ``^`` (skip) lets words pass. A pattern that spells out a negation
    ("&NOT_AUX *") codes the negated act. Patterns whose code is ``---`` (explicitly "not an event") are
    kept as blockers with code ``---`` so that, e.g., "face a run-off" does not fall back to the verb's
    default. Multi-word verbs are their head verb with the other words as constraints (``WIRE_+TAP``:
    "tap" right after "wire").
    """
    # A user's dictionary is matched as written: words as spelled (PETRARCH did not stem them; its
    # synsets list their plurals), synset phrases whole, "_" as adjacency, modal and negation words as
    # words to find. Our base copy of CAMEO.2.0 is matched more loosely, as measured
    # best on modern news (benchmarks/events_gold.jsonl): a synset phrase ("ROCKET PROPELLED GRENADE")
    # by its head word, words in order but not necessarily adjacent, modal words left to the mode
    # detector. A frame constraint (a preposition's object) always matches a phrase by its head.
    lenient = origin == "user"
    phrases = {
        name.lstrip("&").lower(): frozenset(" ".join(ph.words) for ph in members if ph.words)
        for name, members in verbs.synsets.items()
    }
    patterns: list[Pattern] = []
    forms: dict[str, set[str]] = {}
    for fam in verbs.verbs:
        fam_code = _clean_code(getattr(fam, "code", None), lenient)
        members = []
        for vf in fam.verbs:
            words = vf.lemma.lower().replace("_", " ").split()
            at = min(getattr(vf, "head", 0), len(words) - 1)
            head, extra = words[at], _verb_words(words[:at], words[at + 1 :])
            members.append((head, extra, vf))
            forms.setdefault(head, set()).update(f.split()[min(at, len(f.split()) - 1)] for f in vf.forms if f)
        fam_paired = _paired(fam.paired_code, lenient)
        for head, extra, vf in members:
            own_code = _clean_code(vf.code, lenient)
            # Only a verb's own code is a default we trust. A family's code applies to every synonym in
            # the family ("observe" and "quote" share 010, "join" is "assemble"), which on modern news
            # codes far more false events than it finds (measured on benchmarks/events_gold.jsonl).
            # "LEFT [032:033]": the verb's own pair, else the family's, codes the reverse event too
            if own_code and own_code != "---":
                paired = _paired(vf.paired_code, lenient) if vf.code else fam_paired
                patterns.append(
                    Pattern(head, "V", own_code, extra, paired_code=paired, origin=origin, note=f"{fam.name} verb code")
                )
            elif fam_code and fam_code != "---" and family_defaults:
                patterns.append(
                    Pattern(
                        head,
                        "V",
                        fam_code,
                        extra,
                        paired_code=fam_paired,
                        origin=origin,
                        note=f"{fam.name} family code",
                    )
                )
        for pat in fam.patterns:
            code = _clean_code(pat.code, lenient)
            if code is None or (code == "---" and pat.paired_code):
                continue  # reverse-only patterns ([:173]) are not used
            converted = _convert_elements(pat, phrases, literal=lenient)
            if converted is None:
                continue
            cons, targets, sources, negated = converted
            paired = _paired(pat.paired_code, lenient)
            verb = (pat.verb or "").lower()
            chosen = [m for m in members if m[0] == verb] or members
            for head, extra in dict.fromkeys((h, e) for h, e, _ in chosen):
                patterns.append(
                    Pattern(
                        head,
                        "V",
                        code,
                        cons + extra,
                        targets=targets,
                        paired_code=paired,
                        origin=origin,
                        note=f"{fam.name} line {pat.line}",
                        sources=sources,
                        negated_form=negated,
                    )
                )
    return patterns, forms


def _verb_words(before: list[str], after: list[str]) -> tuple[Constraint, ...]:
    """The words of a multi-word verb around its head: a particle ("meet with") as a frame constraint,
    other words ("kidnap and kill", "wire tap") as words right next to the verb."""
    out: list[Constraint] = []
    if before:
        groups = tuple(frozenset([w]) for w in reversed(before))
        out.append(Constraint("before", need=groups, gaps=(False,) * len(groups)))
    if len(after) == 1 and after[0] in _PATTERN_PARTICLES:
        out.append(Constraint("prep", prep=after[0]))
    elif after:
        out.append(Constraint("after", need=tuple(frozenset([w]) for w in after), gaps=(False,) * len(after)))
    return tuple(out)


_PATTERN_PARTICLES = {
    "with",
    "to",
    "on",
    "off",
    "up",
    "down",
    "out",
    "in",
    "into",
    "for",
    "over",
    "back",
    "away",
    "by",
    "against",
    "from",
    "at",
    "about",
    "through",
    "of",
    "across",
    "along",
    "around",
}


_USER_CODE = re.compile(r"^[0-9]{2}[0-9A-Z]{0,2}$")


def _clean_code(code: str | None, lenient: bool = False) -> str | None:
    """A CAMEO code, ``---`` for "not an event", or None. A user's dictionary may use codes of its own
    (``174L``, ``901``): with ``lenient`` they are kept, so the user's codebook is honoured."""
    if not code:
        return None
    code = code.strip()
    if code == "---":
        return "---"
    if is_event_code(code) or (lenient and _USER_CODE.match(code)):
        return code
    return None


def _paired(code: str | None, lenient: bool) -> str | None:
    """The reverse-direction code of ``[042:043]``; None when there is none or it is ``---``."""
    paired = _clean_code(code, lenient) if code else None
    return None if paired == "---" else paired


_MODAL_WORDS = NEGATION_WORDS | {"will", "would", "to", "be", "is", "was", "has", "have"}
#: Where an actor marked after a plain word (``MONEY $``) may be: a prepositional phrase of the verb.
_ANY_PREP = ("from", "by", "with", "of", "to", "in", "at", "on", "for", "against")
_Converted = tuple[tuple[Constraint, ...], tuple[str, ...], tuple[str, ...], bool]


def _convert_elements(pat, phrases: dict[str, frozenset[str]], literal: bool = True) -> _Converted | None:
    """(constraints, target slots, source slots, negated form) for a pattern; None if it cannot be used.

    Not ``literal``: phrases match by their last word, any words may come between, and pre-verb words
    that are modal or negation words are dropped (see :func:`petrarch_patterns`).
    """
    out: list[Constraint] = []
    roles: dict[str, tuple[str, ...]] = {}
    negated = False
    for side, elements in (("before", tuple(reversed(pat.pre))), ("after", pat.post)):
        groups: list[frozenset[str]] = []
        gaps: list[bool] = []
        previous = None  # the element met just before, in text order, on the "after" side
        for n, el in enumerate(elements):
            # "_" ties the element nearest the verb to it; other elements may have words between them
            loose = not (n == 0 and el.adjacent)
            if el.kind == "prep":
                prep = (el.prep or "").lower()
                if not prep:
                    continue
                need = tuple(frozenset(w.split()[-1] for w in g) for part in el.parts for g in _groups(part, phrases))
                if any(not g for g in need):
                    return None
                out.append(Constraint("prep", prep=prep.split("/")[0], need=need))
                for part in el.parts:
                    if part.kind in ("source", "target"):
                        roles.setdefault(part.kind, (prep,))
            elif el.kind in ("word", "synset", "phrase"):
                parts = el.parts if el.kind == "phrase" else (el,)
                if side == "before":
                    parts = tuple(reversed(parts))
                for k, part in enumerate(parts):
                    if part.kind in ("source", "target"):
                        if side == "before":
                            roles.setdefault(part.kind, ("subj",))
                        continue
                    found = _groups(part, phrases)
                    if not found or any(not g for g in found):
                        return None
                    if side == "before":
                        found.reverse()
                    if not literal:
                        found = [frozenset(w.split()[-1] for w in g) for g in found]
                        if side == "before" and any(g & _MODAL_WORDS for g in found):
                            continue
                    for m, g in enumerate(found):
                        groups.append(g)
                        gaps.append(loose if k == 0 and m == 0 else not literal)
                        negated = negated or any(w in NEGATION_WORDS for alt in g for w in alt.split())
            elif el.kind == "compound" and side == "before":
                out.append(Constraint("compound"))  # "% * [030:030]": coordinated subjects act on each other
            elif el.kind in ("source", "target"):
                if side == "before":
                    roles.setdefault(el.kind, ("subj",))
                elif previous is None:
                    roles.setdefault(el.kind, ("dobj",))
                elif previous.kind == "word" and previous.words[-1].lower() in _PATTERN_PARTICLES:
                    roles.setdefault(el.kind, (previous.words[-1].lower(),))
                else:
                    roles.setdefault(el.kind, _ANY_PREP)
            previous = el
        if groups:
            out.append(Constraint(side, need=tuple(groups), gaps=tuple(gaps), exact=literal))
    targets, sources = roles.get("target", ()), roles.get("source", ())
    if targets == ("subj",) and not sources:
        sources = ("above",)  # "NOTED + *": the subject is the target, the one who noted the source
    if sources == ("subj",):
        sources = ()
        if targets == ("subj",):
            targets = ()  # both before the verb: the usual subject and object
    if targets and targets != ("subj",):
        # the marked slot first; the usual ones stay as a fallback for a parse that attached it elsewhere
        targets += tuple(t for t in DEFAULT_VERB_TARGETS if t not in targets)
    return tuple(out), targets, sources, negated


def _groups(el, phrases: dict[str, frozenset[str]]) -> list[frozenset[str]]:
    """Word alternatives an element needs, one set per word position (a synset member may be a phrase)."""
    if el.kind == "synset":
        name = (el.words[0] if el.words else "").lower().lstrip("&")
        return [phrases.get(name, frozenset())]
    if el.kind == "word":
        return [frozenset(w.lower() for w in el.words)]
    if el.kind == "phrase":
        out = []
        for part in el.parts or ():
            out.extend(_groups(part, phrases))
        return out
    return []


def build_pattern_book(
    extra_files: Iterable[Path] = (), verbs=None, include_petrarch: bool = True, family_defaults: bool = False
) -> PatternBook:
    """Our curated patterns, then PETRARCH's converted ones, then the user's own pattern files."""
    book = PatternBook()
    for p in load_tsv_patterns():
        book.add(p)
    if include_petrarch:
        if verbs is None:
            from tidings import dictionaries

            verbs = dictionaries.load_base_dictionaries().verbs
        pats, forms = petrarch_patterns(verbs, family_defaults, "user" if family_defaults else "petrarch")
        if family_defaults:
            # A user's verb dictionary defines the verbs it lists: our curated rows for them step aside.
            theirs = {(p.trigger, p.pos) for p in pats} | {(f, "V") for fs in forms.values() for f in fs}
            for key in theirs:
                book.by_trigger.pop(key, None)
        for p in pats:
            book.add(p)
        for k, v in forms.items():
            book.forms.setdefault(k, set()).update(v)
    for f in extra_files:
        for p in load_tsv_patterns(Path(f)):
            book.add(p)
    return book


def load_pattern_book(extra_files: tuple[str, ...] = (), dictionary_paths: tuple[str, ...] = ()) -> PatternBook:
    """The pattern book of a configuration (the pipeline caches it by the files' content).

    ``dictionary_paths`` are the user's ``--dictionaries`` (files or folders of any kind); when they hold a
    verb dictionary it replaces the base one, and is trusted the way its authors used it: family codes
    apply to every verb of the family.
    """
    verbs = None
    if dictionary_paths:
        from tidings import dictionaries

        user = dictionaries.load_dictionaries(dictionary_paths).verbs
        verbs = user if user.verbs else None
    return build_pattern_book(tuple(Path(p) for p in extra_files), verbs=verbs, family_defaults=verbs is not None)
