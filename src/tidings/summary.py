"""What a coding run did: one record for the local runner, its workers and the Dask runner alike."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RunSummary:
    """What a run did, for the one-line summary and for scripts."""

    articles: int = 0
    skipped: int = 0
    unchanged: int = 0
    duplicates: int = 0
    sentences: int = 0
    parsed_sentences: int = 0
    events: int = 0
    #: Events written to the output from the store, for articles that were not recoded.
    stored_events: int = 0
    #: Articles committed to the store by this run.
    stored: int = 0
    seconds: float = 0.0
    #: Seconds spent in store calls (lookups, commits, merging): the store's own cost, for benchmarks.
    store_seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        rate = self.articles / self.seconds if self.seconds else 0.0
        extra = f", {self.unchanged} unchanged in store" if self.unchanged else ""
        extra += f", {self.duplicates} duplicate ids left out" if self.duplicates else ""
        from_store = f" (+{self.stored_events} from the store)" if self.stored_events else ""
        return (
            f"tidings: {self.articles} articles read, {self.skipped} skipped{extra}, {self.sentences} sentences "
            f"({self.parsed_sentences} parsed), {self.events} events{from_store} in {self.seconds:.1f}s "
            f"({rate:.1f} articles/s)"
        )
