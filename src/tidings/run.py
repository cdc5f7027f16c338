"""Drive a coding run: read input, code it (in one or several processes), write events and the store.

This is the body of ``tidings code`` kept out of the CLI so that notebooks and tests can call it
(``run_code("news.jsonl", "events.parquet")``) and get the same summary back.
"""

from __future__ import annotations

import dataclasses
import itertools
import multiprocessing as mp
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tidings.config import Config
from tidings.ingest import IngestStats, read_articles
from tidings.model import Article
from tidings.pipeline import ArticleResult, Pipeline, freeze_long_lived, shared_pipeline


@dataclass(frozen=True)
class RunOptions:
    """How a run reads and spreads its work; *what* it codes is the ``Config`` (all by value, so both can be
    sent to worker processes)."""

    config: Config = field(default_factory=Config)
    default_date: str | None = None
    input_format: str | None = None
    skip_bad: bool = False
    workers: int = 1

    @classmethod
    def from_options(cls, config: Config | None = None, **options) -> RunOptions:
        """Run options and coder options in one call (``run_code(..., workers=2, paired_events=True)``)."""
        own = {k: options.pop(k) for k in ("default_date", "input_format", "skip_bad", "workers") if k in options}
        return cls(config=Config.from_options(config, **options), **own)


@dataclass
class RunSummary:
    """What a run did, for the one-line summary and for scripts."""

    articles: int = 0
    skipped: int = 0
    unchanged: int = 0
    sentences: int = 0
    parsed_sentences: int = 0
    events: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        rate = self.articles / self.seconds if self.seconds else 0.0
        extra = f", {self.unchanged} unchanged in store" if self.unchanged else ""
        return (
            f"tidings: {self.articles} articles read, {self.skipped} skipped{extra}, {self.sentences} sentences "
            f"({self.parsed_sentences} parsed), {self.events} events in {self.seconds:.1f}s ({rate:.1f} articles/s)"
        )


_WORKER: Pipeline | None = None
_STORE_BATCH = 64


def _init_worker(config: Config) -> None:
    global _WORKER
    # A forked worker finds the parent's pipeline in the process cache and starts at once; a spawned one loads it.
    _WORKER = shared_pipeline(config)
    freeze_long_lived()


def _work(batch: list[Article]) -> list[ArticleResult]:
    assert _WORKER is not None
    return list(_WORKER.run(batch))


def code_results(articles: Iterable[Article], options: RunOptions) -> Iterator[ArticleResult]:
    """Code articles with ``options.workers`` processes, yielding results in input order."""
    config = options.config
    if options.workers <= 1:
        yield from shared_pipeline(config).run(articles)
        return
    ctx = mp.get_context("spawn" if mp.get_start_method(allow_none=True) == "spawn" else "fork")
    if ctx.get_start_method() == "fork":
        # Load once here and let every forked worker inherit it (copy-on-write) instead of each loading the
        # model and dictionaries again: that start-up was the largest share of a short --workers run.
        shared_pipeline(config)
    it = iter(articles)
    batches = iter(lambda: list(itertools.islice(it, config.batch_articles)), [])
    with ctx.Pool(options.workers, initializer=_init_worker, initargs=(config,)) as pool:
        for results in pool.imap(_work, batches, chunksize=1):
            yield from results


def run_code(
    source: str | Path | Iterable,
    output: str | Path | None = "-",
    *,
    fmt: str | None = None,
    db: str | Path | None = None,
    options: RunOptions | None = None,
    progress: bool = False,
    scheduler: str | None = None,
    **coder_options,
) -> RunSummary:
    """Code ``source`` into ``output`` (events file, ``-`` for stdout, None for none) and/or a store.

    ``coder_options`` are ``RunOptions``/``Config`` fields by name (``workers=2``, ``paired_events=True``), for
    callers who do not build the option objects themselves. With ``scheduler`` (``local:N`` or a Dask address)
    the run goes to a Dask cluster and ``output`` is a Parquet dataset folder (``tidings.distributed``)."""
    from tidings.export import open_writer

    options = options or RunOptions()
    if coder_options:
        options = RunOptions.from_options(options.config, **{**_own_fields(options), **coder_options})
    if scheduler is not None:
        from tidings.distributed import run_distributed

        totals = run_distributed(
            source, output, scheduler=scheduler, config=options.config, input_format=options.input_format,
            default_date=options.default_date, skip_bad=options.skip_bad, db=db, progress=progress,
        )  # fmt: skip
        return RunSummary(**dataclasses.asdict(totals))
    stats = IngestStats()
    summary = RunSummary()
    started = time.perf_counter()
    store = None
    if db is not None:
        from tidings.store import Store

        store = Store(db)
    articles = read_articles(
        source,
        fmt=options.input_format,
        default_date=options.default_date,
        skip_bad=options.skip_bad,
        stats=stats,
    )
    if store is not None:
        articles = _skip_stored(articles, store, summary)
    writer = open_writer(output, fmt) if output is not None else None
    bar = _Progress() if progress else None
    pending: list = []
    run_id = store.start_run({"options": repr(options)}) if store is not None else None
    try:
        for result in code_results(articles, options):
            summary.articles += 1
            summary.sentences += len(result.sentences)
            summary.parsed_sentences += result.parsed_sentences
            summary.events += len(result.events)
            if writer is not None:
                for ev in result.events:
                    writer.write(ev.to_record())
            if store is not None:
                # One transaction per batch of articles: a killed run loses at most the batch in flight,
                # and the next run skips everything already committed.
                pending.append((result.article, result.sentences, result.events))
                if len(pending) >= _STORE_BATCH:
                    store.write_batch(pending, run_id=run_id)
                    pending = []
            if bar is not None:
                bar.update(summary)
        if store is not None:
            if pending:
                store.write_batch(pending, run_id=run_id)
            store.refresh_events()
            store.finish_run(run_id)
        if writer is not None:
            writer.close()
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    finally:
        if bar is not None:
            bar.stop()
        if store is not None:
            store.close()
    summary.articles += summary.unchanged
    summary.skipped = stats.skipped
    summary.errors = list(stats.errors)
    summary.seconds = time.perf_counter() - started
    return summary


def _own_fields(options: RunOptions) -> dict:
    return {
        "default_date": options.default_date,
        "input_format": options.input_format,
        "skip_bad": options.skip_bad,
        "workers": options.workers,
    }


def _skip_stored(articles: Iterable[Article], store, summary: RunSummary) -> Iterator[Article]:
    """Leave out articles the store already holds with the same content: re-runs are idempotent."""
    for a in articles:
        if store.has_article(a):
            summary.unchanged += 1
            continue
        yield a


class _Progress:
    """A rich progress line on a terminal: articles, events, articles per second."""

    def __init__(self) -> None:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._p = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True)
        self._task = self._p.add_task("starting", total=None)
        self._start = time.perf_counter()
        self._p.start()

    def update(self, s: RunSummary) -> None:
        rate = s.articles / max(time.perf_counter() - self._start, 1e-6)
        self._p.update(self._task, description=f"{s.articles} articles, {s.events} events, {rate:.1f} articles/s")

    def stop(self) -> None:
        self._p.stop()
