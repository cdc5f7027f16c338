"""TABARI/PETRARCH discard lists: phrases that put a sentence or a story out of scope."""

from __future__ import annotations

from pathlib import Path

from tidings.cache import gc_paused
from tidings.dictionaries.records import SENTENCE_DISCARD, STORY_DISCARD, Phrase
from tidings.dictionaries.text import Log, content_lines, phrase_words, read_text


def read_discards(path: str | Path) -> list[tuple[Phrase, str]]:
    """Read a discards file: each phrase with ``"+"`` (story discard: line starts ``+``) or ``"$"`` (sentence)

    A discard phrase found in a sentence stops it (or its whole story) from being coded: sports, films...
    """
    with gc_paused():
        return parse_discards(Path(path), Log(str(path)))


def parse_discards(path: Path, log: Log) -> list[tuple[Phrase, str]]:
    discards = []
    for _, content, _ in content_lines(read_text(path, log)):
        body = content.strip()
        kind = STORY_DISCARD if body.startswith("+") else SENTENCE_DISCARD
        phrase = phrase_words(body.lstrip("+"))
        if phrase.words:
            discards.append((phrase, kind))
    return discards
