"""What every dictionary format shares: reading the file, comment and continuation rules, phrase words."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tidings.dictionaries.records import Phrase
from tidings.errors import InputError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Log:
    """Where lenient-parsing warnings go: user files warn; our packaged files only log at debug level."""

    source: str
    quiet: bool = False

    def warn(self, line: int, message: str) -> None:
        logger.log(logging.DEBUG if self.quiet else logging.WARNING, "%s:%d: %s", self.source, line, message)


_HTML_COMMENT = re.compile(r"<!\s*--")
WORD_BREAK = re.compile(r"[_\s]+")


def read_text(path: Path, log: Log) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read dictionary file ({exc.strerror or exc})") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        log.warn(data.count(b"\n", 0, exc.start) + 1, "not UTF-8; reading the file as Latin-1")
        return data.decode("latin-1")


def content_lines(text: str) -> Iterator[tuple[int, str, str]]:
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
    for word in WORD_BREAK.split(text.lower()):
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


def plural_phrase(phrase: Phrase) -> Phrase | None:
    plural = _plural(phrase.words[-1]) if phrase.words else None
    return Phrase(phrase.words[:-1] + (plural,)) if plural else None
