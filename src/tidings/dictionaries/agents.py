"""TABARI/PETRARCH agent dictionaries: role nouns with a code to combine with a country."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from tidings.cache import gc_paused
from tidings.dictionaries.records import AgentEntry, Phrase
from tidings.dictionaries.text import Log, content_lines, phrase_words, plural_phrase, read_text

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
        return parse_agents(Path(path), Log(str(path)))


def parse_agents(path: Path, log: Log) -> list[AgentEntry]:
    entries: list[AgentEntry] = []
    substitutions: dict[str, tuple[str, ...]] = {}
    for number, content, _ in content_lines(read_text(path, log)):
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


def _agent_code(text: str, number: int, log: Log) -> tuple[str, Literal["prefix", "suffix"]]:
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
    plural = plural_phrase(singular)
    return [plural] if plural else []
