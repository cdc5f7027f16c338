"""What an article has said so far: the actors in order, for pronouns and bare roles."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from tidings.model import Actor


@dataclass
class ArticleContext:
    """What the article has said so far: the actors in order, for pronouns and "the minister"."""

    date: dt.date | None
    history: list[Actor] = field(default_factory=list)
    #: CAMEO country codes of places named so far (not actors, but they say where the story is).
    places: Counter = field(default_factory=Counter)

    def add(self, actors: Iterable[Actor]) -> None:
        self.history.extend(a for a in actors if a.code)

    def countries(self) -> set[str]:
        """ISO3 codes of the countries named so far (to disambiguate place names)."""
        return {a.country for a in self.history if a.country}

    def dominant_country(self) -> str | None:
        """The country the article is mostly about so far: the most often named one, earliest on ties;
        failing actors, the most often named place ("gunmen attacked a village in Nigeria")."""
        counts = Counter(a.code[:3] for a in self.history if a.country)
        if not counts:
            if self.places:
                return self.places.most_common(1)[0][0]
            return None
        best = max(counts.values())
        for a in self.history:
            if a.country and counts[a.code[:3]] == best:
                return a.code[:3]
        return None

    def last(self, predicate, skip: Iterable[str] = ()) -> Actor | None:
        skip = set(skip)
        for a in reversed(self.history):
            if predicate(a) and a.code not in skip:
                return a
        return None

    def last_two_distinct(self) -> list[Actor]:
        out: list[Actor] = []
        for a in reversed(self.history):
            if all(a.code[:3] != b.code[:3] for b in out):
                out.append(a)
            if len(out) == 2:
                break
        return list(reversed(out))
