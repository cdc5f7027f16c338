"""The pre-filter: which sentences are worth parsing, decided on tokens alone, with the reason.

Parsing is the expensive step and most news sentences hold no codable event. A sentence is parsed when it
has a trigger word of the pattern book (not one of the light verbs whose patterns need an event noun) and
a dictionary actor — or a pronoun once the article has named an actor. Out-of-scope sentences (sport and
entertainment: discard phrases, game scores) are never parsed. Every decision carries its reason, which
``tidings explain`` prints and ``tidings eval --errors`` counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tidings.actors.lexicon import Lexicon
from tidings.actors.vocabulary import PERSON_PRONOUNS, PLURAL_PRONOUNS, THING_PRONOUNS

#: A game score token ("1-0", "3–2").
_SCORE = re.compile(r"^\d{1,2}[-–]\d{1,2}$")
#: Verbs that report a game when a score is in the sentence.
GAME_VERBS = frozenset("beat beats defeated defeat drew draw won win lost thrashed edged".split())
#: Words that can refer back to an actor named earlier in the article.
REFERRING_PRONOUNS = frozenset(PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS)
#: Verbs whose patterns all need a complement that is an event word itself ("held talks", "made a visit",
#: "was at war"): they alone do not make a sentence worth parsing.
WEAK_TRIGGERS = frozenset(
    """be is are was were been being am 's have has had having do does did make makes made making take takes
    took taken taking get gets got go goes went come came see saw seen use used using find found say says
    said according place study""".split()
)


@dataclass(frozen=True)
class Decision:
    """Parse or skip a sentence, and why (shown by ``explain``, counted by ``eval``)."""

    parse: bool
    reason: str
    triggers: tuple[str, ...] = ()


class Prefilter:
    """Token-level decision per sentence. Built from the pattern book's trigger words and the discards."""

    def __init__(self, trigger_words: Iterable[str], discards: Lexicon, enabled: bool = True) -> None:
        self.trigger_words = frozenset(trigger_words) - WEAK_TRIGGERS
        self.discards = discards
        self.enabled = enabled

    def discard_reason(self, lowers: Sequence[str]) -> str | None:
        """Why a sentence is out of scope (sport, entertainment), or None: "beat England 1-0" is a game."""
        for m in self.discards.match(list(lowers)):
            return m.entries[0].name
        if any(_SCORE.match(t) for t in lowers) and any(t in GAME_VERBS for t in lowers):
            return "a game score"
        return None

    def decide(self, lowers: Sequence[str], actor_matches: int, has_history: bool) -> Decision:
        """Decide for one sentence given its lower-cased tokens and its number of dictionary matches."""
        discard = self.discard_reason(lowers)
        if discard:
            return Decision(False, f"out of scope: {discard}")
        triggers = tuple(t for t in lowers if t in self.trigger_words)
        if not self.enabled:
            return Decision(True, "pre-filter off", triggers)
        if not triggers:
            return Decision(False, "no trigger word", triggers)
        if actor_matches:
            return Decision(True, f"trigger word and {actor_matches} dictionary match(es)", triggers)
        if has_history and any(t in REFERRING_PRONOUNS for t in lowers):
            return Decision(True, "trigger word and a pronoun to an earlier actor", triggers)
        return Decision(False, "trigger word but no actor", triggers)
