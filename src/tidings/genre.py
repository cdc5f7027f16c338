"""Article genre — news report, opinion, interview or press release — decided from the text by named cues.

Genre changes what an event's mode means: in an editorial, "He killed thousands of his own people" is the
writer's accusation, not a report; in a press release or an interview every assertion is one party's own
account. The cues are data (``data/genre_cues.json``): each is a regular expression counted in a scope of the
text (the whole text, the text outside quotes, its head or its tail) with a weight; the genre whose cues
weigh most wins, and a news report starts with a prior, so an article is a news report unless the other
cues clearly say otherwise. ``classify_genre`` returns the cues that fired, so a user can see why.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from tidings.errors import InputError
from tidings.model import Article

_CUE_FILE = "genre_cues.json"
_SCOPES = ("text", "outside_quotes", "head", "tail")
_HEAD_CHARS = 300
_TAIL_CHARS = 600
#: Quoted speech: straight or curly quotes; an unclosed quote runs to the end of its paragraph (the newswire
#: convention for a quote that goes on in the next paragraph).
_QUOTED = re.compile(r"\"[^\"\n]*(?:\"|$)|\u201c[^\u201d\n]*(?:\u201d|$)", re.MULTILINE)
_WORD = re.compile(r"[\w']+")


@dataclass(frozen=True)
class Cue:
    """One named piece of evidence for a genre: a regular expression, or phrases matched as whole words."""

    name: str
    genre: str
    scope: str
    weight: float
    cap: float
    per_100_words: bool = False
    pattern: re.Pattern[str] | None = None
    #: Lower-case words or word sequences (space-separated), counted as whole words: much cheaper than a regex.
    phrases: frozenset[str] = frozenset()

    def hits(self, scope: _Scope) -> int:
        if self.pattern is not None:
            return len(self.pattern.findall(scope.text))
        return sum(scope.count(p) for p in self.phrases)


@dataclass(frozen=True)
class ModeRule:
    """How a genre changes an event's mode: ``from`` → ``to`` for events of the given QuadClasses (all if empty)."""

    genre: str
    from_mode: str
    to_mode: str
    why: str
    quad_classes: frozenset[int] = frozenset()

    def applies(self, genre: str | None, mode: str, quad_class: int | None) -> bool:
        return (
            genre == self.genre
            and mode == self.from_mode
            and (not self.quad_classes or (quad_class is not None and quad_class in self.quad_classes))
        )


@dataclass(frozen=True)
class GenreCues:
    """The cue book: genres, the default, priors, cues and mode rules, validated on load."""

    genres: tuple[str, ...]
    default: str
    prior: Mapping[str, float]
    cues: tuple[Cue, ...]
    modes: tuple[ModeRule, ...]


@dataclass(frozen=True)
class GenreDecision:
    """The genre of a text, the score of every genre and the cues that fired, strongest first."""

    genre: str
    scores: Mapping[str, float]
    cues: tuple[tuple[str, str, float], ...]  # (genre, cue name, points)

    def describe(self) -> str:
        fired = "; ".join(f"{name} ({genre} +{points:.1f})" for genre, name, points in self.cues) or "no cue"
        return f"{self.genre} — {fired}"


def load_genre_cues(path: str | Path | None = None) -> GenreCues:
    """Read and check a cue book (default: the packaged ``data/genre_cues.json``)."""
    name = str(path) if path is not None else f"tidings/data/{_CUE_FILE}"
    if path is None:
        text = resources.files("tidings.data").joinpath(_CUE_FILE).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(name, f"broken JSON ({exc.msg})", exc.lineno) from None
    return _parse_cues(raw, name)


def _parse_cues(raw: Any, name: str) -> GenreCues:
    if not isinstance(raw, Mapping) or not all(isinstance(c, Mapping) for c in raw.get("cues") or []):
        raise InputError(name, "a cue book is a JSON object whose 'cues' are objects")
    genres = tuple(str(g) for g in raw.get("genres") or ())
    default = str(raw.get("default"))
    if not genres or default not in genres:
        raise InputError(name, "needs 'genres' and a 'default' that is one of them")
    cues = []
    for i, c in enumerate(raw.get("cues") or [], 1):
        where = f"cue {i} ({c.get('name', '?')})"
        if c.get("genre") not in genres or c.get("scope") not in _SCOPES:
            raise InputError(name, f"{where}: genre must be one of {genres}, scope one of {_SCOPES}")
        flags = re.MULTILINE | (0 if c.get("case_sensitive") else re.IGNORECASE)
        phrases = frozenset(" ".join(_words(str(p).lower())) for p in c.get("phrases") or ())
        try:
            pattern = re.compile(c["pattern"], flags) if not phrases else None
        except (KeyError, re.error) as exc:
            raise InputError(name, f"{where}: bad or missing pattern or phrases ({exc})") from None
        cues.append(
            Cue(
                name=str(c["name"]),
                genre=c["genre"],
                scope=c["scope"],
                weight=float(c.get("weight", 1.0)),
                cap=float(c.get("cap", 1)),
                per_100_words=bool(c.get("per_100_words")),
                pattern=pattern,
                phrases=phrases - {""},
            )
        )
    modes = []
    for m in raw.get("modes") or []:
        if m.get("genre") not in genres:
            raise InputError(name, f"mode rule for unknown genre {m.get('genre')!r}")
        modes.append(
            ModeRule(m["genre"], m["from"], m["to"], str(m.get("why", "")), frozenset(m.get("quad_classes") or ()))
        )
    prior = {g: float(v) for g, v in (raw.get("prior") or {}).items() if g in genres}
    return GenreCues(genres, default, prior, tuple(cues), tuple(modes))


@functools.lru_cache(maxsize=1)
def packaged_genre_cues() -> GenreCues:
    """The packaged cue book, read once per process."""
    return load_genre_cues()


def _words(text: str) -> list[str]:
    return _WORD.findall(text.replace("\u2019", "'"))


class _Scope:
    """One part of the text a cue is counted in, with its lower-case words computed once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._words: list[str] | None = None
        self._joined: str | None = None
        self._counts: Counter[str] | None = None

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._words = _words(self.text.lower())
        return self._words

    def count(self, phrase: str) -> int:
        """How often a space-separated lower-case phrase occurs as whole words."""
        if self._counts is None:
            self._counts = Counter(self.words)
        parts = phrase.split(" ")
        if len(parts) == 1:
            return self._counts[phrase]
        if not all(self._counts[w] for w in parts):
            return 0  # a word of it is missing: no need to scan the text
        if self._joined is None:
            self._joined = " " + " ".join(self.words) + " "
        return self._joined.count(f" {phrase} ")


def _scopes(text: str, title: str | None) -> dict[str, _Scope]:
    head = ((title or "") + "\n" + text[:_HEAD_CHARS]).strip()
    return {
        "text": _Scope(text),
        "outside_quotes": _Scope(_QUOTED.sub(" ", text)),
        "head": _Scope(head),
        "tail": _Scope(text[-_TAIL_CHARS:]),
    }


def classify_genre(text: str, title: str | None = None, cues: GenreCues | None = None) -> GenreDecision:
    """Decide the genre of an article from its text (and title, which is where labels like "Opinion" sit)."""
    book = cues or packaged_genre_cues()
    scopes = _scopes(text, title)
    words = max(len(scopes["outside_quotes"].words), 1)
    scores = {g: book.prior.get(g, 0.0) for g in book.genres}
    fired: list[tuple[str, str, float]] = []
    for cue in book.cues:
        hits = cue.hits(scopes[cue.scope])
        if not hits:
            continue
        amount = hits * 100 / words if cue.per_100_words else hits
        points = cue.weight * min(amount, cue.cap)
        scores[cue.genre] += points
        fired.append((cue.genre, cue.name, round(points, 2)))
    best = max(book.genres, key=lambda g: (scores[g], g == book.default))
    fired.sort(key=lambda f: -f[2])
    return GenreDecision(best, scores, tuple(fired))


def with_genre(article: Article) -> Article:
    """The article with its genre decided from title and text, unless it already has one."""
    if article.genre is not None:
        return article
    return replace(article, genre=classify_genre(article.text, article.title).genre)


def genre_mode_rules(cues: GenreCues | None = None) -> Sequence[ModeRule]:
    """The rules by which a genre changes an event's mode (``events.modality.mode_in_genre`` applies them)."""
    return (cues or packaged_genre_cues()).modes
