"""tidings: local-first political event data. News text in, CAMEO-coded events with evidence out.

The library API mirrors the command line (``tidings code`` ↔ ``tidings.code``)::

    import tidings
    events = list(tidings.code("news.jsonl"))            # or a list of dicts / Article objects
    tidings.code_text("Pakistan's president met Chinese Foreign Minister Wang Yi.", date="2023-05-10")
    tidings.resolve_dates("The talks ended on Monday.", datetime.date(2024, 3, 14))
    with tidings.Store("events.duckdb") as store: store.events(actor="USA")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tidings.model import Actor, Article, Event, Evidence, Location, Sentence, TimeExpression

__all__ = [
    "Actor",
    "Article",
    "Event",
    "Evidence",
    "Location",
    "Sentence",
    "Store",
    "TimeExpression",
    "classify_genre",
    "code",
    "code_text",
    "evaluate",
    "explain",
    "export",
    "find_places",
    "import_dataset",
    "read_articles",
    "resolve_dates",
    "run_code",
]
__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from tidings import export
    from tidings.dataset import import_dataset
    from tidings.evaluate import evaluate
    from tidings.explain import explain
    from tidings.genre import classify_genre
    from tidings.ingest import read_articles
    from tidings.pipeline import code, code_text
    from tidings.places import find_places
    from tidings.run import run_code
    from tidings.store import Store
    from tidings.time import resolve_dates

_LAZY = {
    "code": ("tidings.pipeline", "code"),
    "code_text": ("tidings.pipeline", "code_text"),
    "run_code": ("tidings.run", "run_code"),
    "read_articles": ("tidings.ingest", "read_articles"),
    "find_places": ("tidings.places", "find_places"),
    "resolve_dates": ("tidings.time", "resolve_dates"),
    "Store": ("tidings.store", "Store"),
    "import_dataset": ("tidings.dataset", "import_dataset"),
    # The module itself: it is callable (``tidings.export(events, "out.jsonl")``), and Python rebinds the
    # package attribute to the module whenever it is imported, so a function here would not stay.
    "export": ("tidings.export", ""),
    "evaluate": ("tidings.evaluate", "evaluate"),
    "explain": ("tidings.explain", "explain"),
    "classify_genre": ("tidings.genre", "classify_genre"),
}


def __getattr__(name: str) -> Any:
    """Import heavy parts (spaCy, DuckDB) only when they are first used, so ``import tidings`` is quick."""
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        loaded = importlib.import_module(module)
        value = getattr(loaded, attr) if attr else loaded
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tidings' has no attribute {name!r}")
