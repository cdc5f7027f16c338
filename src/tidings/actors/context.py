"""What an article has said so far: the actors in order, for pronouns and bare roles."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tidings.model import Actor


@dataclass
class ArticleContext:
    """What the article has said so far: the actors in order, for pronouns and "the minister"."""

    date: dt.date | None
    history: list[Actor] = field(default_factory=list)
    #: CAMEO country codes of places named so far (not actors, but they say where the story is).
    places: Counter = field(default_factory=Counter)
    #: Start offsets of actors that were the subject of their clause: the most salient referents.
    subjects: set[int] = field(default_factory=set)
    #: Sentence number of each actor in ``history``, by start offset.
    sentence_of: dict[int, int] = field(default_factory=dict)
    sentences: int = 0
    #: Last words of the people named so far ("Safadi" of "Ayman Safadi"), to find them named again.
    surnames: set[str] = field(default_factory=set)
    #: The dictionary actors of the whole article, later sentences too (read before coding starts): who the
    #: story is about and whom it names as an attacker, for participants a sentence leaves out.
    cast: list[Actor] = field(default_factory=list)

    def add(self, actors: Iterable[Actor]) -> None:
        """Record the actors of one sentence (call once per sentence, in order)."""
        for a in actors:
            if a.code:
                self.history.append(a)
                self.sentence_of[a.start] = self.sentences
                if a.kind in ("person", "demonym_role"):
                    self.surnames.add(re.split(r"[\s\-]", a.name)[-1])
        self.sentences += 1

    def countries(self) -> set[str]:
        """ISO3 codes of the countries named so far (to disambiguate place names)."""
        return {a.country for a in self.history if a.country}

    def dominant_country(self, also: Iterable[Actor] = ()) -> str | None:
        """The country the article is mostly about so far: the most often named one, earliest on ties;
        failing actors, the most often named place ("gunmen attacked a village in Nigeria").

        ``also`` adds actors not yet in the history (those named earlier in the current sentence).
        """
        actors = [*self.history, *also]
        counts = Counter(a.code[:3] for a in actors if a.country)
        if not counts:
            if self.places:
                return self.places.most_common(1)[0][0]
            return None
        best = max(counts.values())
        for a in actors:
            if a.country and counts[a.code[:3]] == best:
                return a.code[:3]
        return None

    def last(self, predicate, skip: Iterable[str] = ()) -> Actor | None:
        skip = set(skip)
        for a in reversed(self.history):
            if predicate(a) and a.code not in skip:
                return a
        return None

    def salient(self, predicate: Callable[[Actor], bool]) -> Actor | None:
        """The referent a pronoun most likely means: in the latest sentence with a fitting actor, its
        subject if it has a fitting one ("Ruto met Abiy. He said ..." → Ruto), else the last fitting actor."""
        latest: int | None = None
        best: Actor | None = None
        for a in reversed(self.history):
            if not predicate(a):
                continue
            n = self.sentence_of.get(a.start, -1)
            if latest is None:
                latest, best = n, a
            elif n != latest:
                break
            if a.start in self.subjects:
                best = a  # walking backwards: ends on the sentence's first fitting subject
        return best

    def pair(self) -> list[Actor]:
        """The two parties "both sides" or "the two countries" means: two distinct subjects of one of the
        last two sentences ("Sudan's army and the RSF signed ..."), else the two latest distinct actors."""
        for n in (self.sentences - 1, self.sentences - 2):
            subjects: list[Actor] = []
            for a in self.history:
                if self.sentence_of.get(a.start) == n and a.start in self.subjects:
                    if all(a.code != b.code for b in subjects):
                        subjects.append(a)
            if len(subjects) >= 2:
                return subjects[:2]
        return self.last_two_distinct()

    def last_two_distinct(self) -> list[Actor]:
        out: list[Actor] = []
        for a in reversed(self.history):
            if all(a.code[:3] != b.code[:3] for b in out):
                out.append(a)
            if len(out) == 2:
                break
        return list(reversed(out))
