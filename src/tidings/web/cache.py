"""Answers that only change when the store does, kept per store version, so a page computes them once.

A change-point test over every dyad of a big store takes seconds, the overview's aggregates and the map's
places a scan of every event; the answers only change when the store does. The key is what the result
depends on: the store file's and its write-ahead log's size and modification time (a coding run changes
them) plus the request's own parameters.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def store_version(path: Path) -> tuple[tuple[int, int], ...]:
    """(size, mtime in ns) of the store file and its WAL (absent: zeros): changes whenever a writer commits."""
    out = []
    for file in (path, path.with_name(path.name + ".wal")):
        try:
            stat = file.stat()
            out.append((stat.st_size, stat.st_mtime_ns))
        except FileNotFoundError:
            out.append((0, 0))
    return tuple(out)


class ResultCache:
    """A small least-recently-used map from (store version, question) to an answer; safe across threads."""

    def __init__(self, path: Path, size: int = 64) -> None:
        self.path = path
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, question: Hashable, compute: Callable[[], T]) -> T:
        """The cached answer to ``question`` for the store as it is now, computing it when missing."""
        key = (store_version(self.path), question)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()  # outside the lock: two threads may both compute once, neither waits on the other
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value
