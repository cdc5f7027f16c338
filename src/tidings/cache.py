"""One cache layer for everything tidings compiles from files: keyed by what the result depends on.

A cached value is keyed by *stamps*: for each file it was built from, the path, size and modification time
(nanoseconds), plus the tidings version and the stamps of the code that builds it. An edited dictionary or
pattern file therefore gives a new key, in memory and on disk, so a notebook that edits a file between two
calls gets the new result — never the old one because the path string is the same.

Two levels share the keys:

- ``memoized(key, build)``: one value per key per process (the lexicon, the pattern book, the pipeline).
- ``disk_cached(kind, key, build)``: the same value pickled under the user's cache directory
  (``$XDG_CACHE_HOME/tidings`` or ``~/.cache/tidings``), so the next process starts in a fraction of the
  time it takes to compile 60,000 dictionary phrases. A missing, stale or corrupt file just means building
  again; the cache never fails a run.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import pickle
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
Stamp = tuple[str, int, int]

#: Values kept in memory per process; a notebook trying a few dictionary versions stays within it.
MEMORY_ENTRIES = 8
_memory: OrderedDict[Any, Any] = OrderedDict()
_lock = threading.Lock()


def file_stamp(path: str | Path) -> Stamp:
    """``(absolute path, size, mtime_ns)`` of one file: changes whenever the file is edited."""
    p = Path(path).resolve()
    st = p.stat()
    return (str(p), st.st_size, st.st_mtime_ns)


def tree_stamps(paths: Iterable[str | Path]) -> tuple[Stamp, ...]:
    """Stamps of files and of every file under folders, in a stable order. Missing paths stamp as absent,
    so the error about them is raised by the reader that needs them, with its own message."""
    out: list[Stamp] = []
    for spec in paths:
        text = str(spec)
        # ``kind:path`` specs of --dictionaries name a kind before the path.
        head, sep, rest = text.partition(":")
        path = Path(rest) if sep and head.isalpha() and len(head) > 1 and not Path(text).exists() else Path(text)
        if path.is_dir():
            out.extend(file_stamp(f) for f in sorted(path.rglob("*")) if f.is_file())
        elif path.is_file():
            out.append(file_stamp(path))
        else:
            out.append((str(path), -1, -1))
    return tuple(out)


def package_stamp() -> tuple[Any, ...]:
    """The tidings version and the stamps of its code and data: a change to either rebuilds every cache."""
    from tidings import __version__

    root = Path(__file__).resolve().parent
    files = [f for f in sorted(root.rglob("*")) if f.is_file() and "__pycache__" not in f.parts]
    return (__version__, tuple(file_stamp(f) for f in files))


def memoized(key: Any, build: Callable[[], T]) -> T:
    """One value per ``key`` per process (least recently used evicted beyond ``MEMORY_ENTRIES``)."""
    with _lock:
        if key in _memory:
            _memory.move_to_end(key)
            return _memory[key]
    value = build()
    with _lock:
        _memory[key] = value
        while len(_memory) > MEMORY_ENTRIES:
            _memory.popitem(last=False)
    return value


def clear_memory() -> None:
    """Forget every in-process value (tests; a long-lived process that wants its memory back)."""
    with _lock:
        _memory.clear()


def cache_dir() -> Path | None:
    """Where pickles live, or None when there is no home directory (then nothing is written)."""
    base = os.environ.get("TIDINGS_CACHE_DIR")
    if base:
        return Path(base)
    try:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tidings"
    except RuntimeError:
        return None


def digest(key: Any) -> str:
    """A short, stable hex name for a key made of strings, numbers and tuples."""
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:24]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small objects are built or unpickled.

    Their allocations otherwise trigger it constantly, and records without reference cycles give it nothing
    to collect: unpickling the lexicon takes several times longer with it running.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def disk_cached(kind: str, key: Any, build: Callable[[], T]) -> T:
    """``build()``'s value, pickled as ``<kind>-<digest(key)>.pickle``; older files of the same kind go."""
    folder = cache_dir()
    if folder is None:
        return build()
    target = folder / f"{kind}-{digest(key)}.pickle"
    try:
        with target.open("rb") as handle, gc_paused():
            return pickle.load(handle)
    except FileNotFoundError:
        pass
    except Exception as exc:  # stale or corrupt: rebuild
        log.debug("cache %s unreadable (%s); rebuilding", target, exc)
    with gc_paused():
        value = build()
    _write(value, target, kind)
    return value


def _write(value: Any, target: Path, kind: str) -> None:
    temporary: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False, suffix=".tmp") as handle:
            temporary = handle.name
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
        temporary = None
        for stale in target.parent.glob(f"{kind}-*.pickle"):
            if stale != target and _older_than_a_day(stale):
                stale.unlink(missing_ok=True)
    except Exception as exc:  # an optimisation only: never fail a run over it
        log.debug("cache not written to %s: %s", target, exc)
    finally:
        if temporary:
            Path(temporary).unlink(missing_ok=True)


def _older_than_a_day(path: Path) -> bool:
    """Stale pickles are removed only when old, so two configurations used side by side keep theirs."""
    import time

    try:
        return time.time() - path.stat().st_mtime > 86_400
    except OSError:
        return False
