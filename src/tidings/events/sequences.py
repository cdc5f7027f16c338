"""Word-order constraints of dictionary patterns: words that must come before or after the trigger, in order.

A TABARI/PETRARCH pattern such as ``- RECENTLY_* [025]`` or ``- * NEW_&TIES_RELATIONS [903]`` is a
template in word order: its words must appear in that order on their side of the verb, words joined by
``_`` next to each other (and to the verb, for ``RECENTLY_*``), other words with anything in between.
The frame constraints of :mod:`tidings.events.patterns` ask where a word hangs in the parse; these ask only
where it stands, which is what such patterns say.

A :class:`~tidings.events.patterns.Constraint` with slot ``before`` or ``after`` holds one word group per
position, listed outward from the trigger (for ``before``, the nearest word first). A group is a set of
alternatives; an alternative of several words ("did n't", "golden goblin galleons") must match that many
consecutive tokens. ``gaps[k]`` says whether other words may stand between group ``k`` and the one
before it (the trigger for ``k == 0``).

Scope: ``before`` looks at every token of the sentence left of the trigger (auxiliaries, the subject, a
governing "said"); ``after`` at the trigger's own subtree right of it, clauses included, as the verb
phrase of a constituency parse would hold them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.tokens import Token

#: Words that make a pattern about the negated act ("did not allow" coded as a refusal).
NEGATION_WORDS = frozenset({"not", "n't", "never", "no"})


_WORDS = "tidings.sequence_words"


@dataclass(frozen=True)
class Scope:
    """Where a ``before``/``after`` constraint of one trigger may match, with the sentence's words."""

    allowed: frozenset[int]
    lower: tuple[str, ...]
    lemma: tuple[str, ...]


def sequence_scope(tok: Token, slot: str) -> Scope:
    """The tokens a ``before``/``after`` constraint of ``tok`` may match (see the module docstring)."""
    doc = tok.doc
    if slot == "before":
        allowed = frozenset(range(tok.i))  # the coder parses one sentence per doc
    else:
        allowed = frozenset(t.i for t in tok.subtree if t.i > tok.i)
    words = doc.user_data.get(_WORDS)
    if words is None:  # once per sentence, shared by all its triggers
        words = doc.user_data[_WORDS] = (tuple(t.lower_ for t in doc), tuple(t.lemma_.lower() for t in doc))
    return Scope(allowed, *words)


def sequence_matches(
    tok: Token,
    slot: str,
    groups: tuple[frozenset[str], ...],
    gaps: tuple[bool, ...],
    exact: bool = False,
    scope: Scope | None = None,
) -> bool:
    """True if ``groups`` appear in order on the ``slot`` side ("before"/"after") of ``tok``; a word
    matches a token's text, or (unless ``exact``) its lemma. ``scope`` is :func:`sequence_scope`'s answer,
    if the caller keeps it."""
    scope = sequence_scope(tok, slot) if scope is None else scope
    step = -1 if slot == "before" else 1
    return _match(scope, tok.i + step, step, groups, gaps, 0, exact)


def _match(scope: Scope, start: int, step: int, groups, gaps, k: int, exact: bool) -> bool:
    if k == len(groups):
        return True
    edges = _edges(groups[k], step)
    stop = -1 if step < 0 else len(scope.lower)
    for p in range(start, stop, step) if gaps[k] else (start,):
        if p not in scope.allowed:
            if not gaps[k]:
                return False
            continue
        low = scope.lower[p]
        candidates = list(edges.get(low, ()))
        if not exact and scope.lemma[p] != low:
            candidates += [w for w in edges.get(scope.lemma[p], ()) if len(w) == 1]
        for words in candidates:
            n = len(words)
            if n > 1:
                span = range(p, p + n) if step > 0 else range(p - n + 1, p + 1)
                if not all(i in scope.allowed and scope.lower[i] == w for i, w in zip(span, words, strict=True)):
                    continue
            if _match(scope, p + n * step, step, groups, gaps, k + 1, exact):
                return True
    return False


@functools.lru_cache(maxsize=4096)
def _edges(group: frozenset[str], step: int) -> dict[str, tuple[tuple[str, ...], ...]]:
    """A group's alternatives by the word met first when walking in direction ``step``."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for alternative in group:
        words = tuple(alternative.split(" "))
        out.setdefault(words[0] if step > 0 else words[-1], []).append(words)
    return {edge: tuple(alts) for edge, alts in out.items()}
