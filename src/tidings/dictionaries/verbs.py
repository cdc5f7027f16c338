"""TABARI/PETRARCH verb dictionaries: verb families, forms, synsets and patterns with their codes."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from tidings.cache import gc_paused
from tidings.dictionaries.records import (
    NULL_CODE,
    Element,
    ElementKind,
    Phrase,
    VerbDictionary,
    VerbFamily,
    VerbForm,
    VerbPattern,
    VerbTransformation,
)
from tidings.dictionaries.text import WORD_BREAK, Log, content_lines, phrase_words, plural_phrase, read_text

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
        return parse_verbs(Path(path), Log(str(path)))


def parse_verbs(path: Path, log: Log) -> VerbDictionary:
    synset_lines: dict[str, list[tuple[int, str]]] = {}
    no_plurals: set[str] = set()
    families: list[_FamilyDraft] = []
    transformations: list[VerbTransformation] = []
    synset: str | None = None
    for number, content, comment in content_lines(read_text(path, log)):
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
                transformations.append(VerbTransformation(*rule.groups(), line=number))  # type: ignore[misc,arg-type]
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


def _event_code(text: str, number: int, log: Log) -> tuple[str, str | None]:
    """``042`` / ``042:043`` / ``:173`` / ``---`` → (code, paired code); an empty side is ``---``."""
    raw = text.strip().upper()
    cleaned = re.sub(r"[^0-9A-Z:+#\-]", "", raw)
    if cleaned != raw:
        log.warn(number, f"odd characters removed from code [{text.strip()}]")
    code, sep, paired = cleaned.partition(":")
    return code or NULL_CODE, (paired or NULL_CODE) if sep else None


def _family_header(body: str, number: int, log: Log) -> _FamilyDraft:
    header = _FAMILY_HEADER.match(body)
    if not header:
        log.warn(number, f"verb block header without [code]: {body!r}; no default code")
        return _FamilyDraft(body.strip("- ").rstrip("_"), NULL_CODE, None, number)
    if "[" in header["rest"]:
        log.warn(number, f"second code in block header ignored: {header['rest'].strip(' -')!r}")
    code, paired = _event_code(header["code"], number, log)
    return _FamilyDraft(header["name"].rstrip("_ "), code, paired, number)


def _add_verb(family: _FamilyDraft, body: str, number: int, log: Log) -> None:
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
    words = [w for w in WORD_BREAK.split(raw.strip().lower()) if w.strip("+")]
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
    lines: Mapping[str, list[tuple[int, str]]], no_plurals: set[str], log: Log
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
                if plural := plural_phrase(phrase):
                    phrases.append(plural)
        synsets[name] = tuple(phrases)  # type: ignore[assignment]
    for name, phrases in synsets.items():  # type: ignore[assignment]
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


def _finish_family(draft: _FamilyDraft, synsets: Mapping[str, object], log: Log) -> VerbFamily:
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
    family: str, text: str, comment: str, number: int, synsets: Mapping[str, object], log: Log
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


def _elements(tokens: list[str], synsets: Mapping[str, object], number: int, log: Log) -> list[Element] | None:
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


def _chain(token: str, synsets: Mapping[str, object], number: int, log: Log) -> list[Element] | None:
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


def _atom(piece: str, number: int, log: Log) -> Element:
    if piece == "*":
        return _VERB
    if piece in _MARKERS:
        return Element(_MARKERS[piece])
    if any(ch.isalnum() for ch in piece):
        return Element("word", (piece.lower(),))
    log.warn(number, f"unknown symbol {piece!r} in pattern kept as 'other'")
    return Element("other", (piece,))
