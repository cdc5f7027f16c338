"""The evidence sentence cut into pieces so the page can mark the trigger, the source and the target.

Evidence offsets are character offsets into the article (see the output contract); the sentence's own
start turns them into offsets into the sentence. Spans that overlap (a trigger inside a source phrase,
which the coder can emit for "the attackers") keep one role per character, the trigger first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: Roles in the order they win a character both claim.
ROLES = ("trigger", "source", "target")


def evidence_pieces(event: Mapping[str, Any], prefix: str = "evidence_") -> list[tuple[str, str | None]]:
    """``[(text, role or None), ...]`` covering the evidence sentence of a flat event row, in order."""
    sentence: str = event.get(f"{prefix}sentence") or ""
    base = event.get(f"{prefix}sentence_start") or 0
    roles: list[str | None] = [None] * len(sentence)
    role: str | None
    for role in reversed(ROLES):  # later writes win, so the first role is written last
        start, end = event.get(f"{prefix}{role}_start"), event.get(f"{prefix}{role}_end")
        if start is None or end is None:
            continue
        for i in range(max(0, start - base), min(len(sentence), end - base)):
            roles[i] = role
    pieces: list[tuple[str, str | None]] = []
    for ch, role in zip(sentence, roles, strict=True):
        if pieces and pieces[-1][1] == role:
            pieces[-1] = (pieces[-1][0] + ch, role)
        else:
            pieces.append((ch, role))
    return pieces
