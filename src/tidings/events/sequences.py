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

from spacy.tokens import Token

#: Words that make a pattern about the negated act ("did not allow" coded as a refusal).
NEGATION_WORDS = frozenset({"not", "n't", "never", "no"})


def sequence_matches(
    tok: Token, slot: str, groups: tuple[frozenset[str], ...], gaps: tuple[bool, ...], exact: bool = False
) -> bool:
    """True if ``groups`` appear in order on the ``slot`` side ("before"/"after") of ``tok``; a word
    matches a token's text, or (unless ``exact``) its lemma."""
    doc = tok.doc
    if slot == "before":
        allowed = set(range(tok.i))  # the coder parses one sentence per doc
        return _match(doc, allowed, tok.i - 1, -1, groups, gaps, 0, exact)
    allowed = {t.i for t in tok.subtree if t.i > tok.i}
    return _match(doc, allowed, tok.i + 1, 1, groups, gaps, 0, exact)


def _match(doc, allowed: set[int], start: int, step: int, groups, gaps, k: int, exact: bool) -> bool:
    if k == len(groups):
        return True
    positions = [start] if not gaps[k] else range(start, -1 if step < 0 else len(doc), step)
    for p in positions:
        if p not in allowed:
            if not gaps[k]:
                return False
            continue
        for alternative in groups[k]:
            words = alternative.split(" ")
            span = range(p, p + len(words)) if step > 0 else range(p - len(words) + 1, p + 1)
            lemma_ok = len(words) == 1 and not exact
            if all(i in allowed and _word_is(doc[i], w, lemma_ok) for i, w in zip(span, words, strict=True)):
                nxt = p + len(words) if step > 0 else p - len(words)
                if _match(doc, allowed, nxt, step, groups, gaps, k + 1, exact):
                    return True
    return False


def _word_is(token: Token, word: str, lemma_ok: bool) -> bool:
    return token.lower_ == word or (lemma_ok and token.lemma_.lower() == word)
