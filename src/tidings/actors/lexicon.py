"""A token trie over every actor and agent phrase, so recognising actors costs one dictionary walk per token.

The PETRARCH/Phoenix dictionaries hold tens of thousands of phrases; matching them one regex at a time
would dominate the pipeline. Instead each phrase is tokenized with the model's own tokenizer (so "Ban
Ki-moon" and "U.S." split exactly as the article text does) and inserted into a nested-dict trie keyed by
lowercased token text. Matching is greedy longest-match from left to right.
"""

from __future__ import annotations

import datetime as dt
import marshal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

#: Suffixes that a "stemmed" dictionary word (no trailing underscore in TABARI files) may take in text.
#: TABARI matched such words as prefixes; a short closed list keeps "Niger" from matching "Nigeria".
STEM_SUFFIXES = ("s", "es", "n", "ns", "an", "ans", "i", "is", "'s")


@dataclass(frozen=True)
class DatedCode:
    """A CAMEO code valid between two dates (either end open)."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class LexEntry:
    """What a phrase stands for.

    ``kind`` is ``actor`` (countries, organisations, named people: full CAMEO codes, maybe dated),
    ``agent`` (role nouns such as "foreign minister" or "troops": a role code to combine with a country),
    or ``block`` (phrases that look like actors but are not, e.g. "South China Sea").
    """

    kind: str
    name: str
    codes: tuple[DatedCode, ...] = ()
    agent_code: str | None = None
    person: bool = False
    #: A weak entry (a bare surname) only matches when no other reading exists; see ``ActorCoder``.
    weak: bool = False
    source: str = ""
    #: Surface words (lowercased) the entry was built from, for explanations.
    words: tuple[str, ...] = ()
    #: Built from a stemmed dictionary word ("GUINEA" matching "Guinea-..."): never overrides an exact entry.
    stem: bool = False

    def code_on(self, day: dt.date | None) -> str | None:
        """The code this entry has on a date: the dated code covering it, else the undated default.

        A person whose dated codes all lie in the past and who has no default is coded as an elite
        (``ELI``) of the last country they served: the CAMEO convention for former office holders.
        """
        undated = [c for c in self.codes if c.start is None and c.end is None]
        dated = [c for c in self.codes if c.start is not None or c.end is not None]
        if day is not None:
            for c in dated:
                if c.valid_on(day):
                    return c.code
        if undated:
            return undated[0].code
        if dated:
            if day is None:
                return dated[-1].code
            past = [c for c in dated if c.end is not None and c.end < day]
            if past and self.person:
                last = max(past, key=lambda c: c.end or dt.date.min)
                if len(last.code) < 3:
                    return None
                # A former UN or NATO chief has no country of office: an elite of unknown country.
                return ("---" if last.code.startswith(("IGO", "NGO")) else last.code[:3]) + "ELI"
            return None
        return None


@dataclass
class Match:
    """A phrase found in a token sequence: token range ``[start, end)`` and the entries it stands for."""

    start: int
    end: int
    entries: list[LexEntry] = field(default_factory=list)


#: British and American spellings of words in organisation and role names: both match either form.
_SPELLING = {
    "organisation": "organization",
    "organisations": "organizations",
    "defence": "defense",
    "programme": "program",
    "centre": "center",
    "labour": "labor",
}


def _spelling(tokens: Sequence[str]) -> list[str]:
    return [_SPELLING.get(t, t) for t in tokens]


class Lexicon:
    """Longest-match phrase lookup over lowercased tokens.

    A trie of dicts keyed by token; the key ``""`` of a node holds the entries of the phrase ending there.
    Pickled (the disk cache) as one ``marshal`` blob of builtins — entries as tuples, leaves as entry ids —
    which loads several times faster than pickled objects; a leaf's entries are rebuilt on first use, so a
    process that codes one sentence builds a handful of the 60,000.
    """

    def __init__(self) -> None:
        self._root: dict = {}
        self.size = 0
        self._rows: list | None = None  # entry tuples of a loaded lexicon, indexed by the ids in its leaves
        self._built: dict[int, LexEntry] = {}

    def __getstate__(self) -> dict:
        rows: list[tuple] = []
        ids: dict[int, int] = {}

        def compact(node: dict) -> dict:
            out: dict = {}
            for key, value in node.items():
                if key == "":
                    leaf = []
                    for e in self._entries(node):
                        if id(e) not in ids:
                            ids[id(e)] = len(rows)
                            rows.append(_entry_row(e))
                        leaf.append(ids[id(e)])
                    out[""] = tuple(leaf)
                else:
                    out[key] = compact(value)
            return out

        root = compact(self._root)
        return {"blob": marshal.dumps((root, rows, self.size))}

    def __setstate__(self, state: dict) -> None:
        self._root, self._rows, self.size = marshal.loads(state["blob"])
        self._built = {}

    def _entries(self, node: dict) -> list[LexEntry]:
        """The entries of a node's phrase, rebuilding them from their rows the first time (loaded lexicons)."""
        leaf = node[""]
        if isinstance(leaf, tuple):
            assert self._rows is not None
            built = []
            for i in leaf:
                entry = self._built.get(i)
                if entry is None:
                    entry = self._built[i] = _entry_from_row(self._rows[i])
                built.append(entry)
            node[""] = leaf = built
        return leaf

    def add(self, tokens: Sequence[str], entry: LexEntry) -> None:
        """Add a phrase (already tokenized and lowercased); later additions of the same phrase win."""
        if not tokens:
            return
        node = self._root
        for tok in _spelling(tokens):
            node = node.setdefault(tok, {})
        payload = self._entries(node) if "" in node else node.setdefault("", [])
        if entry.stem and any(e.kind == entry.kind and not e.stem and e.weak == entry.weak for e in payload):
            return  # an exact phrase beats a stem expansion of another entry
        # A later dictionary (user file, our supplement) overrides an earlier one for the same phrase and
        # kind, so a user can correct the base without editing it.
        payload[:] = [e for e in payload if e.kind != entry.kind or e.weak != entry.weak]
        payload.append(entry)
        self.size += 1

    def match(self, tokens: Sequence[str]) -> list[Match]:
        """All non-overlapping longest matches, left to right."""
        out: list[Match] = []
        tokens = _spelling(tokens)
        i, n = 0, len(tokens)
        while i < n:
            best_end, best = self._longest(tokens, i)
            if best is not None and tokens[i] == "the":
                # "the UN refugee agency": a longer name after the article beats "the UN"
                end, entries = self._longest(tokens, i + 1)
                if entries is not None and end > best_end:
                    i, best_end, best = i + 1, end, entries
            if best is not None:
                out.append(Match(i, best_end, list(best)))
                i = best_end
            else:
                i += 1
        return out

    def _longest(self, tokens: Sequence[str], i: int) -> tuple[int, list | None]:
        """The end and entries of the longest phrase starting at token ``i`` (``-1, None`` if none)."""
        n = len(tokens)
        node = self._root.get(tokens[i]) if i < n else None
        best_end, best = -1, None
        j = i
        while node is not None:
            j += 1
            if "" in node:
                best_end, best = j, self._entries(node)
            if j >= n:
                break
            node = node.get(tokens[j])
        return best_end, best

    def contains(self, tokens: Iterable[str]) -> bool:
        node: dict | None = self._root
        for tok in _spelling(list(tokens)):
            node = node.get(tok) if node is not None else None
            if node is None:
                return False
        return node is not None and "" in node


def _entry_row(e: LexEntry) -> tuple:
    """A ``LexEntry`` as builtins only (dates as ordinals), for ``marshal``."""
    codes = tuple(
        (c.code, c.start.toordinal() if c.start else None, c.end.toordinal() if c.end else None) for c in e.codes
    )
    return (e.kind, e.name, codes, e.agent_code, e.person, e.weak, e.source, e.words, e.stem)


def _entry_from_row(row: tuple) -> LexEntry:
    kind, name, codes, agent_code, person, weak, source, words, stem = row
    dated = tuple(
        DatedCode(code, dt.date.fromordinal(a) if a else None, dt.date.fromordinal(b) if b else None)
        for code, a, b in codes
    )
    return LexEntry(kind, name, dated, agent_code, person, weak, source, tuple(words), stem)
