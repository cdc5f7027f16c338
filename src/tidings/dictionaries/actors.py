"""TABARI/PETRARCH actor dictionaries: names with (dated) CAMEO codes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from tidings.cache import gc_paused
from tidings.dictionaries.records import ActorEntry, DatedCode, Phrase
from tidings.dictionaries.text import Log, content_lines, phrase_words, read_text

_CODE_BLOCK = re.compile(r"\[([^\[\]{}]*)[\]}]")
_EMBEDDED_PLUS = re.compile(r"\+(?=[_\s])|(?<=[_\s])\+")
_PARENTHETICAL = re.compile(r"\(([^()]*)\)")
_ACRONYM = re.compile(r"[a-z0-9][a-z0-9.\-]{1,9}")


def read_actor_dictionary(path: str | Path) -> list[ActorEntry]:
    """Read an actors file: ``NAME_ [CODE]`` lines, ``+VARIANT`` lines and tab-indented ``[CODE dates]``."""
    with gc_paused():
        return parse_actors(Path(path), Log(str(path)))


def parse_actors(path: Path, log: Log) -> list[ActorEntry]:
    entries: list[ActorEntry] = []
    phrases: list[Phrase] = []
    codes: list[DatedCode] = []
    name, first_line, folded = "", 0, False

    def finish() -> None:
        if not name:
            return
        if not codes:
            log.warn(first_line, f"actor {name!r} has no [CODE]; skipped")
        elif not phrases:
            log.warn(first_line, f"actor {name!r} has no usable phrase; skipped")
        else:
            entries.append(ActorEntry(name, tuple(dict.fromkeys(phrases)), tuple(codes), log.source, first_line))

    for number, content, _ in content_lines(read_text(path, log)):
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


def _codes_in(body: str, number: int, log: Log) -> list[DatedCode]:
    """Every ``[CODE restriction]`` on a line; text after the last one is noise (MNC revenue figures...)."""
    codes, end = [], None
    for block in _CODE_BLOCK.finditer(body):
        codes.extend(_dated_codes(block.group(1), number, log))
        end = block.end()
    if end is not None and body[end:].strip():
        log.warn(number, f"ignored text after the code: {body[end:].strip()!r}")
    return codes


def _dated_codes(inner: str, number: int, log: Log) -> list[DatedCode]:
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


def _parse_date(text: str, number: int, log: Log, context: str) -> date | None:
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


def _actor_phrases(raw: str, number: int, log: Log) -> list[Phrase]:
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
