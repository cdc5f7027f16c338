"""Drive a coding run: read input, code it (in one or several processes), write events and the store.

This is the body of ``tidings code`` kept out of the CLI so that notebooks and tests can call it
(``run_code("news.jsonl", "events.parquet")``) and get the same summary back.

What a run guarantees (README, "Bad input and abuse"):

- With a store, an article is recoded only when its text or the run's *fingerprint* (everything that decides
  its events: tidings and its data, the model, dictionaries and patterns by content, coder options) differs
  from what the store holds, or with ``force``. The output file still receives the events of *every* input
  article, in input order, taken from the store when unchanged: a resumed run writes the same file as an
  uninterrupted one.
- Coded articles are committed a batch at a time. On any error the batch in hand is committed before the
  error is raised, so the store keeps every article finished before it; on Ctrl-C the output file is also
  completed with the finished articles' events and ``RunInterrupted`` is raised.
- ``skip_bad`` covers coding too: an article the pipeline fails on is logged, counted and skipped.
- A duplicate article id within one run is a warning and counted; the first article with that id is kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import multiprocessing as mp
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.config import Config
from tidings.ingest import IngestStats, read_articles
from tidings.model import Article
from tidings.pipeline import ArticleResult, Pipeline, freeze_long_lived, resource_key, shared_pipeline
from tidings.summary import RunSummary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunOptions:
    """How a run reads and spreads its work; *what* it codes is the ``Config`` (all by value, so both can be
    sent to worker processes)."""

    config: Config = field(default_factory=Config)
    default_date: str | None = None
    input_format: str | None = None
    skip_bad: bool = False
    workers: int = 1
    #: Recode every article, even those the store holds with the same text and fingerprint.
    force: bool = False
    #: Input column (or JSON key) for each article field, when the input names them differently.
    fields: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_options(cls, config: Config | None = None, **options) -> RunOptions:
        """Run options and coder options in one call (``run_code(..., workers=2, paired_events=True)``)."""
        own = {k: options.pop(k) for k in _RUN_FIELDS if k in options}
        if "fields" in own and isinstance(own["fields"], dict):
            own["fields"] = tuple(own["fields"].items())
        return cls(config=Config.from_options(config, **options), **own)


_RUN_FIELDS = ("default_date", "input_format", "skip_bad", "workers", "force", "fields")


class RunInterrupted(KeyboardInterrupt):
    """Ctrl-C during a run, after the finished articles were committed and written; carries the summary."""

    def __init__(self, summary: RunSummary) -> None:
        super().__init__(f"interrupted: {summary.articles} articles coded; run the same command to resume")
        self.summary = summary


@dataclass
class ArticleFailure:
    """An article the pipeline raised on (with ``skip_bad`` the run counts it and goes on)."""

    article: Article
    message: str


_WORKER: Pipeline | None = None
_WORKER_SKIP_BAD = False
_STORE_BATCH = 64
#: Input articles checked against the store in one lookup (one connection) on a re-run.
_LOOKUP_BATCH = 256


def run_fingerprint(config: Config) -> str:
    """A hash of everything that decides an article's events: what a store compares to skip re-coding.

    It covers the tidings version and its code and data (``cache.package_stamp``, inside ``resource_key``),
    spaCy and the model's package version, every dictionary and pattern file by content stamp, and the
    coder options; not how the run is spread (batch size, workers), which does not change events.
    """
    import spacy
    from spacy.util import get_package_version

    options = config.fingerprint_fields()
    options.pop("batch_articles", None)
    parts = (spacy.__version__, get_package_version(config.model), resource_key(config), sorted(options.items()))
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()


def _init_worker(config: Config, skip_bad: bool) -> None:
    global _WORKER, _WORKER_SKIP_BAD
    # Ctrl-C reaches every process of the terminal's group: the parent commits and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker finds the parent's pipeline in the process cache and starts at once; a spawned one loads it.
    _WORKER = shared_pipeline(config)
    _WORKER_SKIP_BAD = skip_bad
    freeze_long_lived()


def _work(batch: list[Article]) -> list[ArticleResult | ArticleFailure]:
    assert _WORKER is not None
    return _code_batch(_WORKER, batch, _WORKER_SKIP_BAD)


def _code_batch(pipeline: Pipeline, batch: list[Article], skip_bad: bool) -> list[ArticleResult | ArticleFailure]:
    """Code a batch in one parse call; when it fails and ``skip_bad`` is set, one article at a time, so the
    article at fault is the only one lost."""
    try:
        return list(pipeline.run(batch))
    except Exception:
        if not skip_bad:
            raise
    out: list[ArticleResult | ArticleFailure] = []
    for article in batch:
        try:
            out.append(pipeline.code_article(article))
        except Exception as exc:  # noqa: BLE001 - skip_bad: one article must not end the run
            out.append(ArticleFailure(article, f"{article.id}: coding failed ({type(exc).__name__}: {exc})"))
    return out


def code_results(articles: Iterable[Article], options: RunOptions) -> Iterator[ArticleResult | ArticleFailure]:
    """Code articles with ``options.workers`` processes, yielding results in input order (``ArticleFailure``
    for an article the coder failed on, only with ``skip_bad``)."""
    config = options.config
    it = iter(articles)
    batches = iter(lambda: list(itertools.islice(it, config.batch_articles)), [])
    if options.workers <= 1:
        pipeline = shared_pipeline(config)
        for batch in batches:
            yield from _code_batch(pipeline, batch, options.skip_bad)
        return
    ctx = mp.get_context("spawn" if mp.get_start_method(allow_none=True) == "spawn" else "fork")
    if ctx.get_start_method() == "fork":
        # Load once here and let every forked worker inherit it (copy-on-write) instead of each loading the
        # model and dictionaries again: that start-up was the largest share of a short --workers run.
        shared_pipeline(config)
    with ctx.Pool(options.workers, initializer=_init_worker, initargs=(config, options.skip_bad)) as pool:
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

    ``coder_options`` are ``RunOptions``/``Config`` fields by name (``workers=2``, ``paired_events=True``,
    ``force=True``), for callers who do not build the option objects themselves. With ``scheduler`` (``local:N`` or
    a Dask address) the run goes to a Dask cluster and ``output`` is a Parquet dataset folder
    (``tidings.distributed``). Raises ``RunInterrupted`` on Ctrl-C (a ``KeyboardInterrupt``) once the finished
    work is saved; any other error carries the summary so far as ``error.run_summary``."""
    from tidings.export import open_writer

    options = options or RunOptions()
    if coder_options:
        options = RunOptions.from_options(options.config, **{**_own_fields(options), **coder_options})
    if scheduler is not None:
        from tidings.distributed import run_distributed

        totals = run_distributed(
            source, output, scheduler=scheduler, config=options.config, input_format=options.input_format,  # type: ignore[arg-type]
            default_date=options.default_date, skip_bad=options.skip_bad, db=db, progress=progress,
        )  # fmt: skip
        return totals
    run = _Run(options, time.perf_counter())
    try:
        run.open(source, output, fmt, db, open_writer)
        run.code(progress)
    except KeyboardInterrupt:
        with _interrupts_deferred():
            run.save_finished()
        raise RunInterrupted(run.finish()) from None
    except BaseException as exc:
        with _interrupts_deferred():
            run.abandon(exc)
        if isinstance(exc, Exception):
            exc.run_summary = run.finish()  # type: ignore[attr-defined]
        raise
    return run.finish()


class _Run:
    """The state of one run: input, store, output, the batch not yet committed, the summary."""

    def __init__(self, options: RunOptions, started: float) -> None:
        self.options = options
        self.started = started
        self.stats = IngestStats()
        self.summary = RunSummary()
        self.store: Any = None
        self.writer: Any = None
        self.run_id: int | None = None
        self.fingerprint: str | None = None
        self.pending: list = []
        self.plan: _Plan | None = None
        self.articles: Iterator[Article] = iter(())

    def open(self, source: Any, output: Any, fmt: str | None, db: Any, open_writer: Any) -> None:
        options = self.options
        articles = read_articles(
            source,
            fmt=options.input_format,
            default_date=options.default_date,
            skip_bad=options.skip_bad,
            stats=self.stats,
            fields=dict(options.fields) or None,
        )
        self.input = _InputUntilError(articles)
        self.articles = _unique(iter(self.input), self.summary)
        if output is not None:
            self.writer = open_writer(output, fmt)
        empty = True
        if db is not None:
            from tidings.store import Store

            self.fingerprint = run_fingerprint(options.config)
            with self.timed_store():
                self.store = Store(db)
                with self.store.session():
                    empty = self.store.counts()["articles"] == 0
                    self.run_id = self.store.start_run({"options": repr(options), "fingerprint": self.fingerprint})
        # A store empty at the start holds nothing this run could skip: no lookups needed.
        lookups = self.store if not empty and not options.force else None
        self.plan = _Plan(lookups, self.fingerprint, want_records=self.writer is not None, timer=self.timed_store)

    @contextlib.contextmanager
    def timed_store(self) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.summary.store_seconds += time.perf_counter() - started

    def code(self, progress: bool) -> None:
        assert self.plan is not None
        bar = _Progress() if progress else None
        results = code_results(self.plan.fresh(self.articles), self.options)
        try:
            for result in results:
                # An article is written and queued for the store whole, or not at all, even on Ctrl-C.
                with _interrupts_deferred():
                    self._emit_stored(self.plan.before(result.article.id))
                    if isinstance(result, ArticleFailure):
                        self.stats.add_skipped(result.message)
                        log.warning("%s (skipped)", result.message)
                    else:
                        self._emit(result)
                if bar is not None:
                    bar.update(self.summary)
            with _interrupts_deferred():
                self._emit_stored(self.plan.rest())
            if self.input.error is not None:
                raise self.input.error
        finally:
            if bar is not None:
                bar.stop()
            _close(results)
        with _interrupts_deferred():
            self._commit()
            if self.store is not None:
                with self.timed_store(), self.store.session():
                    self.store.refresh_events()
                    self.store.finish_run(self.run_id)
                self.store.close()
            if self.writer is not None:
                self.writer.close()

    def _emit(self, result: ArticleResult) -> None:
        s = self.summary
        s.articles += 1
        s.sentences += len(result.sentences)
        s.parsed_sentences += result.parsed_sentences
        s.events += len(result.events)
        if self.writer is not None:
            self.writer.write_all(result.events)
        if self.store is not None:
            # One transaction per batch of articles: a killed run loses at most the batch in flight,
            # and the next run skips everything already committed.
            self.pending.append((result.article, result.sentences, result.events))
            if len(self.pending) >= _STORE_BATCH:
                self._commit()

    def _emit_stored(self, entries: Iterable[_Entry]) -> None:
        for entry in entries:
            self.summary.articles += 1
            self.summary.unchanged += 1
            if self.writer is not None and entry.records:
                self.writer.write_all(entry.records)
                self.summary.stored_events += len(entry.records)

    def _commit(self) -> None:
        if self.store is None or not self.pending:
            return
        with self.timed_store():
            self.store.write_batch(
                self.pending, run_id=self.run_id, fingerprint=self.fingerprint, replace=self.options.force
            )
        self.summary.stored += len(self.pending)
        self.pending = []

    def save_finished(self) -> None:
        """After Ctrl-C: commit the coded articles and complete the output with their events."""
        try:
            self._commit()
        finally:
            if self.writer is not None:
                self.writer.close()

    def abandon(self, exc: BaseException) -> None:
        """After an error: keep what was coded in the store (unless the store failed); leave the old output."""
        from tidings.errors import StoreError

        try:
            if not isinstance(exc, StoreError):
                self._commit()
        finally:
            if self.writer is not None:
                self.writer.abort()

    def finish(self) -> RunSummary:
        s = self.summary
        s.skipped = self.stats.skipped
        s.errors = list(self.stats.errors)
        s.seconds = time.perf_counter() - self.started
        return s


@dataclass
class _Entry:
    """One input article in input order: unchanged in the store (with its stored records) or to code."""

    article_id: str
    unchanged: bool
    records: list[dict] | None = None


class _Plan:
    """Which input articles need coding, and the input order to write every article's events in.

    ``fresh`` reads the input a store batch at a time (one store lookup per batch) and yields only the
    articles to code; the coder's results come back in that order, so ``before(article_id)`` hands over the
    unchanged articles that precede a result, and ``rest`` those after the last one.
    """

    def __init__(
        self, store: Any, fingerprint: str | None, want_records: bool, timer: Any = contextlib.nullcontext
    ) -> None:
        self.store = store  # None: nothing to look up (no store, an empty one, or --force)
        self.fingerprint = fingerprint
        self.want_records = want_records
        self.timer = timer
        self.order: deque[_Entry] = deque()

    def fresh(self, articles: Iterator[Article]) -> Iterator[Article]:
        if self.store is None:
            for article in articles:
                self.order.append(_Entry(article.id, False))
                yield article
            return
        from tidings.store import is_current

        while chunk := list(itertools.islice(articles, _LOOKUP_BATCH)):
            with self.timer(), self.store.session():
                states = self.store.article_states(a.id for a in chunk)
                same = [a.id for a in chunk if is_current(states.get(a.id), a, self.fingerprint)]
                records = self.store.stored_records(same) if self.want_records and same else {}
            kept = set(same)
            for article in chunk:
                unchanged = article.id in kept
                self.order.append(_Entry(article.id, unchanged, records.get(article.id)))
                if not unchanged:
                    yield article

    def before(self, article_id: str) -> Iterator[_Entry]:
        while self.order and self.order[0].unchanged:
            yield self.order.popleft()
        entry = self.order.popleft()
        assert entry.article_id == article_id, (entry.article_id, article_id)

    def rest(self) -> Iterator[_Entry]:
        while self.order:
            yield self.order.popleft()


class _InputUntilError:
    """The input's articles up to a bad record, which is kept in ``error`` rather than raised at once: the
    articles read before it are coded and stored first, then the run raises it."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self._articles = articles
        self.error: Exception | None = None

    def __iter__(self) -> Iterator[Article]:
        from tidings.errors import TidingsError

        try:
            yield from self._articles
        except TidingsError as exc:
            self.error = exc


def _unique(articles: Iterable[Article], summary: RunSummary) -> Iterator[Article]:
    """Leave out a second article with an id already read in this run (warning and count): storing it would
    silently replace the first, and an output file could not hold both consistently across resumed runs."""
    seen: set[str] = set()
    for article in articles:
        if article.id in seen:
            summary.duplicates += 1
            log.warning("duplicate article id %r in this run: the first one is kept, this one left out", article.id)
            continue
        seen.add(article.id)
        yield article


def _close(results: Iterator[Any]) -> None:
    close = getattr(results, "close", None)
    if close is not None:
        close()


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Let a commit or a file rename finish before Ctrl-C takes effect (it is raised right after)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def _own_fields(options: RunOptions) -> dict:
    return {name: getattr(options, name) for name in _RUN_FIELDS}


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
