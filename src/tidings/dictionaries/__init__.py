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
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from tidings.cache import gc_paused
from tidings.dictionaries.actors import (
    parse_actors,
    read_actor_dictionary,  # noqa: F401
)
from tidings.dictionaries.agents import (
    parse_agents,
    read_agent_dictionary,  # noqa: F401
)
from tidings.dictionaries.discards import (
    parse_discards,
    read_discards,  # noqa: F401
)
from tidings.dictionaries.records import (  # noqa: F401
    BASE_FILES,
    DICTIONARY_KINDS,
    NULL_CODE,
    PHOENIX_DIR,
    SENTENCE_DISCARD,
    STORY_DISCARD,
    ActorEntry,
    AgentEntry,
    DatedCode,
    DictionaryKind,
    DictionarySet,
    Element,
    ElementKind,
    Phrase,
    VerbDictionary,
    VerbFamily,
    VerbForm,
    VerbPattern,
    VerbTransformation,
)
from tidings.dictionaries.text import WORD_BREAK, Log, content_lines, phrase_words, plural_phrase, read_text  # noqa: F401
from tidings.dictionaries.verbs import (
    parse_verbs,
    read_verb_dictionary,  # noqa: F401
)
from tidings.errors import InputError

logger = logging.getLogger(__name__)


_KIND_NAMES: dict[str, DictionaryKind] = {kind: kind for kind in DICTIONARY_KINDS}
_READERS = {"actors": parse_actors, "agents": parse_agents, "discards": parse_discards, "verbs": parse_verbs}


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
        parsed: Any = _READERS[kind](path, Log(str(path), quiet))
        part = DictionarySet(verbs=parsed) if kind == "verbs" else DictionarySet(**{kind: tuple(parsed)})  # type: ignore[arg-type]
        result = result.merged(part)
    return result


def load_base_dictionaries() -> DictionarySet:
    """The packaged Phoenix dictionaries, parsed once per process and pickled in the user's cache dir."""
    from tidings import cache

    files = [(kind, PHOENIX_DIR / name) for kind, name in BASE_FILES]
    key = (
        "base-dictionaries",
        cache.tree_stamps([Path(__file__).parent]),
        tuple(cache.file_stamp(p) for _, p in files),
    )
    return cache.memoized(key, lambda: cache.disk_cached("base-dictionaries", key, lambda: _load(files, quiet=True)))
