"""Which way a date without a year or week points: the tense of the words nearest it in its clause.

"will meet on Friday" is the coming Friday, "met on Friday" the last one, "talks resume Dec. 15" this
December; the nearest cue wins, so "said on Monday it will meet" is past for Monday. The cues are words,
not a parse: :func:`tidings.time.resolve_dates` runs on every article, parsed or not, and must stay cheap.
"""

from __future__ import annotations

import re

from tidings.time.words import IRREGULAR_PAST, SCHEDULED_VERBS

FUTURE = "future"
PAST = "past"

# Future: modals, "is due to", plans, progressive ("are holding talks on Friday"), infinitives of
# scheduled acts ("agreed to meet on Friday") and their present tense ("the summit opens on Monday"), and a
# present "is"/"are" not followed by a participle ("the deadline is Friday", but not "is reported").
_FUTURE_CUE = re.compile(
    r"\b(?i:will|would|shall|won't|(?:is|are|was|were)\s+(?:due\s+)?to|plans?\s+to|planning\s+to|intends?\s+to"
    r"|scheduled|(?:is|are)\s+planned|upcoming|next|expected\s+to|set\s+to|to\s+be\s+held|going\s+to|ahead\s+of"
    r"|(?:is|are|am)\s+(?:not\s+)?(?!being\b)[a-z]+ing|(?:is|are)(?!\s+(?:\w+ly\s+)?(?:\w+ed|\w+en|been|being|said|thought)\b))\b"
    r"|(?<=\w)['’]ll\b"
    rf"|\b(?:to\s+)?(?:{'|'.join(SCHEDULED_VERBS)})\b"
)
# Past: past forms and participles, not right after "be" (passive: "will be held") or a modal ("will set").
_PAST_CUE = re.compile(
    rf"(?<!\bbe\s)(?<!\bto\s)(?<!\bwill\s)(?<!\bwould\s)(?<!\bshall\s)(?<!\bcan\s)(?<!\bmay\s)(?<!\bmust\s)\b(?i:{'|'.join(IRREGULAR_PAST)}|ago"
    r"|(?!(?:indeed|need|proceed|succeed|exceed|speed|feed|seed|bleed|red|bed|shed)\b)[a-z]{2,}ed)\b"
)
_ATTRIBUTION = re.compile(r"(?i:said|told|added|stated)")


def _is_attribution_tail(text: str, start: int, end: int, s: int, hi: int) -> bool:
    """A verb of saying after the expression that ends its sentence (", a spokesman said.")."""
    return start >= s and bool(_ATTRIBUTION.fullmatch(text, start, end)) and not text[end:hi].strip(" .\"'”’\n")


_CLAUSE_BREAK = re.compile(r"[;,:]|\s[-–—]\s|\s(?i:that|but|while|whereas|although|though|because|after|before|when)\s")


def direction(text: str, sentence: tuple[int, int], span: tuple[int, int]) -> str | None:
    """``"future"``, ``"past"`` or None for the expression at ``span`` (with its preposition) of ``text``.

    Looks in the expression's clause first, then its sentence; None when neither has a cue.
    """
    s, e = span
    sent_lo, sent_hi = sentence
    breaks = [b for b in _CLAUSE_BREAK.finditer(text, sent_lo, sent_hi) if b.end() <= s or b.start() >= e]
    seg_lo = max([b.end() for b in breaks if b.end() <= s], default=sent_lo)
    seg_hi = min([b.start() for b in breaks if b.start() >= e], default=sent_hi)
    for lo, hi, clause in ((seg_lo, seg_hi, True), (sent_lo, sent_hi, False)):
        verdict = _nearest_cue(text, lo, hi, s, e, attribution=clause)
        if verdict is not None:
            return verdict
    return None


def _nearest_cue(text: str, lo: int, hi: int, s: int, e: int, attribution: bool = True) -> str | None:
    """The tense of the nearest cue in ``text[lo:hi]`` outside ``s..e``; a tie goes to the future.

    Without ``attribution``, a verb of saying that ends the sentence does not count: in "shipments April
    1-15 and April 16-30, a spokesman said" the saying is past, not the shipments; in the expression's own
    clause ("said on Monday") and elsewhere ("In December, an official said that...") it does.
    """
    future = [m.span() for m in _FUTURE_CUE.finditer(text, lo, hi) if m.end() <= s or m.start() >= e]
    past = [
        m.span()
        for m in _PAST_CUE.finditer(text, lo, hi)
        if (m.end() <= s or m.start() >= e)
        and not any(fs < m.end() and m.start() < fe for fs, fe in future)
        and (attribution or not _is_attribution_tail(text, m.start(), m.end(), s, hi))
    ]

    def gap(span: tuple[int, int]) -> int:
        return s - span[1] if span[1] <= s else span[0] - e

    best_future = min(map(gap, future), default=None)
    best_past = min(map(gap, past), default=None)
    if best_future is None and best_past is None:
        return None
    if best_past is None or (best_future is not None and best_future <= best_past):
        return FUTURE
    return PAST
