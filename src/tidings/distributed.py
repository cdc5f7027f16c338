"""The same coder on a Dask cluster: input planned into partitions, each coded by a worker into a Parquet dataset.

    tidings code archive/ --scheduler local:4 -o events/           # a LocalCluster of 4 worker processes
    tidings code /mnt/archive/ --scheduler tcp://head:8786 -o /mnt/events/

The client never reads the texts: it lists the input files and cuts large JSONL/CSV files at record boundaries
(``ingest.record_boundaries``), packing small files together, into partitions of about ``partition_bytes``.
Each worker loads the pipeline once when it starts (``PipelinePlugin``), and codes a partition with the same
per-article step as a local run (``Pipeline.run``), writing its own files into the dataset (``tidings.dataset``).
The client records each finished partition in the dataset's manifest; a re-run skips those. A worker that dies
loses its task to the scheduler, which runs it again elsewhere; the retried partition rewrites the same files,
so every event is in the dataset once.

Workers open the input and output paths themselves: on a real cluster both must be on a shared file system.

From your own Dask code, ``code_records`` and ``code_frame`` are the per-article step for ``map_partitions``::

    import dask.bag as db
    events = db.read_text("news-*.jsonl").map(json.loads).map_partitions(code_records)
    ddf.map_partitions(code_frame, meta=event_frame_meta())      # a dask.dataframe with id, date, text
"""

from __future__ import annotations

import datetime as dt
import glob
import itertools
import logging
import os
import re
import resource
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tidings import cache
from tidings.config import Config
from tidings.dataset import Manifest, PartitionCounts, records_table, remove_unlisted, write_partition
from tidings.errors import InputError, TidingsError, UsageError
from tidings.ingest import IngestStats, csv_header_end, input_files, read_articles, read_file_range, record_boundaries
from tidings.model import Article
from tidings.pipeline import freeze_long_lived, shared_pipeline
from tidings.summary import RunSummary

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # Dask is an optional extra; connect() says how to install it
    WorkerPlugin = object  # type: ignore[assignment,misc]

if TYPE_CHECKING:
    import pandas

#: The largest partition (input bytes): about 5,000 news articles, a few minutes of one worker.
MAX_PARTITION_BYTES = 8 << 20
#: The smallest partition worth a task of its own.
MIN_PARTITION_BYTES = 32 << 10
#: Partitions per worker a small input is cut into, so the last ones do not leave workers idle.
PARTITIONS_PER_WORKER = 4
_SPLITTABLE = ("jsonl", "csv")
_PLUGIN = "tidings-pipeline"
#: Coded once by each worker as it starts, so everything a first article needs is loaded before the first task.
_WARM_UP = Article(
    id="tidings-warm-up",
    date=dt.date(2024, 1, 8),
    text="The foreign minister of Chile met the Peruvian ambassador in Santiago on Monday to discuss trade.",
)


@dataclass(frozen=True)
class Piece:
    """Bytes ``[start, end)`` of one input file (the whole file when it was not cut)."""

    path: str
    fmt: str
    start: int
    end: int
    size: int
    mtime_ns: int
    #: For a CSV range after the first: where the header row ends.
    header_end: int = 0

    @property
    def whole(self) -> bool:
        return self.start == 0 and self.end == self.size


@dataclass(frozen=True)
class Partition:
    """The unit of work of a distributed run: one or more pieces of input, coded by one task."""

    pieces: tuple[Piece, ...]

    @property
    def partition_id(self) -> str:
        """Stable while the input is unchanged: the first file's name and a digest of every piece's stamp."""
        first = Path(self.pieces[0].path).stem
        stem = re.sub(r"[^A-Za-z0-9_-]+", "_", first)[:40] or "input"
        return f"{stem}-{self.pieces[0].start}-{cache.digest(self.pieces)[:12]}"

    @property
    def nbytes(self) -> int:
        return sum(p.end - p.start for p in self.pieces)

    def source(self) -> dict[str, Any]:
        """The partition's input for the manifest (paths, byte ranges, stamps)."""
        return {"pieces": [asdict(p) for p in self.pieces]}


def plan_partitions(
    source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    fmt: str | None = None,
    *,
    workers: int = 1,
    partition_bytes: int | None = None,
) -> list[Partition]:
    """Cut the input into partitions of about ``partition_bytes`` (by default: at least ``PARTITIONS_PER_WORKER``
    per worker, within ``MIN_PARTITION_BYTES``..``MAX_PARTITION_BYTES``), from file sizes and a few bytes at
    each cut; texts are read by the workers only. ``source`` is a file, a folder, a glob or a list of them."""
    files = [(Path(p).resolve(), f) for spec in _specs(source) for p, f in input_files(spec, fmt)]
    stats = [p.stat() for p, _ in files]
    total = sum(st.st_size for st in stats)
    target = partition_bytes or min(
        max(total // max(workers * PARTITIONS_PER_WORKER, 1), MIN_PARTITION_BYTES), MAX_PARTITION_BYTES
    )
    partitions: list[Partition] = []
    small: list[Piece] = []
    for (path, file_fmt), st in zip(files, stats, strict=True):
        whole = Piece(str(path), file_fmt, 0, st.st_size, st.st_size, st.st_mtime_ns)
        if file_fmt not in _SPLITTABLE or st.st_size <= target:
            small.append(whole)
            if sum(p.size for p in small) >= target:
                partitions.append(Partition(tuple(small)))
                small = []
            continue
        cuts = record_boundaries(path, file_fmt, target)
        header = csv_header_end(path) if file_fmt == "csv" else 0
        for start, end in itertools.pairwise(cuts):
            partitions.append(Partition((Piece(str(path), file_fmt, start, end, st.st_size, st.st_mtime_ns, header),)))
    if small:
        partitions.append(Partition(tuple(small)))
    return partitions


def _specs(source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[str]:
    """Paths from one path, a glob (``archive/*.jsonl``) or a list of either."""
    items = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    out: list[str] = []
    for item in items:
        text = str(item)
        if text == "-":
            raise InputError("-", "a distributed run reads files (workers open them); save standard input to a file")
        matches = sorted(glob.glob(text)) if glob.has_magic(text) and not Path(text).exists() else [text]
        if not matches:
            raise InputError(text, "no file matches this pattern")
        out.extend(matches)
    return out


def read_partition(
    partition: Partition, *, default_date: str | None = None, skip_bad: bool = False, stats: IngestStats | None = None
) -> Iterator[Article]:
    """The articles of a partition, read and checked as ``read_articles`` reads the same files."""
    stats = stats if stats is not None else IngestStats()
    for piece in partition.pieces:
        if piece.whole:
            yield from read_articles(
                piece.path, fmt=piece.fmt, default_date=default_date, skip_bad=skip_bad, stats=stats
            )
        else:
            yield from read_file_range(
                piece.path,
                piece.fmt,
                piece.start,
                piece.end,
                header_end=piece.header_end,
                skip_bad=skip_bad,
                stats=stats,
            )


# --- on the workers --------------------------------------------------------------------------------------------


class PipelinePlugin(WorkerPlugin):
    """A Dask worker plugin: load the model, dictionaries and patterns once, when the worker starts."""

    name = _PLUGIN

    def __init__(self, config: Config) -> None:
        self.config = config

    def setup(self, worker: Any = None) -> None:
        pipeline = shared_pipeline(self.config)
        # Parts loaded on first use (gazetteer, date parser, lazy imports) load now, not inside the first task.
        pipeline.code_article(_WARM_UP)
        freeze_long_lived()  # a worker process is ours: keep the long-lived objects out of the collector's way

    def teardown(self, worker: Any = None) -> None:
        pass


def code_partition(
    partition: Partition,
    root: str,
    config: Config,
    default_date: str | None = None,
    skip_bad: bool = False,
) -> PartitionCounts:
    """Code one partition into the dataset at ``root`` (the task a worker runs)."""
    started = time.perf_counter()
    stats = IngestStats()
    articles = read_partition(partition, default_date=default_date, skip_bad=skip_bad, stats=stats)
    counts = write_partition(root, partition.partition_id, shared_pipeline(config).run(articles))
    counts.skipped = stats.skipped
    counts.errors = list(stats.errors[:10])
    counts.seconds = time.perf_counter() - started
    counts.worker = f"{os.uname().nodename}:{os.getpid()}"
    return counts


def peak_memory_mb() -> float:
    """This process's peak resident memory, in MB (what a worker needs)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


# --- the per-article step for a user's own Dask code -------------------------------------------------------------


def code_records(records: Iterable[Mapping[str, Any]], config: Config | None = None, **options: Any) -> list[dict]:
    """Event records for a partition of article dicts (``id``, ``date``, ``text``): ``bag.map_partitions``."""
    config = Config.from_options(config, **options)
    articles = read_articles(list(records))
    return [ev.to_record() for result in shared_pipeline(config).run(articles) for ev in result.events]


def code_frame(frame: pandas.DataFrame, config: Config | None = None, **options: Any) -> pandas.DataFrame:
    """The events of a pandas partition of articles (columns ``id``, ``date``, ``text``; ``title``, ``url``,
    ``source`` optional), as a frame of the output schema: ``ddf.map_partitions(code_frame, meta=...)``."""
    rows = frame.to_dict("records")
    for row in rows:
        for key, value in list(row.items()):
            if value is not None and not isinstance(value, str) and _is_missing(value):
                row[key] = None
    return records_table(code_records(rows, config, **options)).to_pandas()


def event_frame_meta() -> pandas.DataFrame:
    """An empty frame with ``code_frame``'s columns and types (the ``meta`` of ``map_partitions``)."""
    return records_table([]).to_pandas()


def _is_missing(value: Any) -> bool:
    try:
        return bool(value != value)  # NaN / NaT
    except (TypeError, ValueError):
        return False


# --- the client --------------------------------------------------------------------------------------------------


def connect(scheduler: str) -> Any:
    """A Dask client for ``local:N`` (a LocalCluster of N single-threaded worker processes) or an address."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise TidingsError("--scheduler needs Dask: pip install 'tidings[distributed]'") from None
    match = re.fullmatch(r"local(?::(\d+))?", scheduler)
    if match:
        n = int(match.group(1) or os.cpu_count() or 1)
        if n < 1:
            raise UsageError("--scheduler", "local:N needs at least one worker")
        # The cluster is ours: its start and stop chatter (INFO) is not news for the user's terminal.
        for name in ("distributed", "distributed.scheduler", "distributed.nanny", "distributed.worker"):
            logging.getLogger(name).setLevel(logging.WARNING)
        cluster = LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
        )
        return Client(cluster)
    if "://" not in scheduler:
        raise UsageError("--scheduler", f"expected local:N or an address like tcp://host:8786, got {scheduler!r}")
    try:
        return Client(scheduler, timeout=30)
    except OSError as exc:
        raise TidingsError(f"--scheduler: cannot reach {scheduler} ({exc})") from None


def dashboard_link(client: Any) -> str | None:
    """The dashboard address, when the scheduler serves one (it needs bokeh)."""
    try:
        services = client.scheduler_info().get("services", {})
    except Exception:  # noqa: BLE001 - only a hint for the user
        return None
    return client.dashboard_link if "dashboard" in services else None


def run_distributed(
    source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    *,
    scheduler: str | None = None,
    client: Any = None,
    config: Config | None = None,
    input_format: str | None = None,
    default_date: str | None = None,
    skip_bad: bool = False,
    db: str | os.PathLike[str] | None = None,
    partition_bytes: int | None = None,
    progress: bool = False,
    on_partition: Callable[[str, PartitionCounts], None] | None = None,
) -> RunSummary:
    """Code ``source`` on a Dask cluster into the Parquet dataset ``output``; optionally merge it into ``db``.

    Give ``scheduler`` (``local:N`` or an address) or an open ``client`` (which is left open). Partitions
    already complete in the dataset's manifest are skipped. ``on_partition`` is called with each finished one.
    Most callers use ``tidings.run_code(..., scheduler=...)``, which takes the same options as a local run.
    """
    options = _TaskOptions(config or Config(), input_format, default_date, skip_bad)
    root = _dataset_root(output)
    started = time.perf_counter()
    manifest = Manifest(root, options.config)
    own_client = client is None
    if client is None:
        if scheduler is None:
            raise TidingsError("run_distributed needs a scheduler (local:N or an address) or a client")
        client = connect(scheduler)
    summary = RunSummary()
    bar = None
    try:
        workers = max(len(client.scheduler_info().get("workers", {})), 1)
        partitions = plan_partitions(source, options.input_format, workers=workers, partition_bytes=partition_bytes)
        _drop_changed_inputs(manifest, partitions)
        remove_unlisted(root, manifest)
        todo = [p for p in partitions if not manifest.is_complete(p.partition_id)]
        done = {p.partition_id for p in partitions} - {p.partition_id for p in todo}
        summary.unchanged = sum(manifest.partitions[pid]["articles"] for pid in done)
        if progress:
            link = dashboard_link(client)
            if link:
                print(f"tidings: Dask dashboard at {link}", file=sys.stderr)
            bar = _PartitionProgress(len(todo), len(partitions) - len(todo))
        if todo:
            client.register_plugin(PipelinePlugin(options.config), name=_PLUGIN)
            _code_all(client, todo, root, options, manifest, summary, bar, on_partition)
    finally:
        if bar is not None:
            bar.stop()
        if own_client:
            _close(client)
    summary.articles += summary.unchanged
    summary.seconds = time.perf_counter() - started
    if db is not None:
        from tidings.dataset import import_dataset

        import_dataset(root, db)  # type: ignore[arg-type]
        summary.seconds = time.perf_counter() - started
    return summary


def _code_all(client, todo, root, options, manifest, summary, bar, on_partition) -> None:
    from distributed import KilledWorker, as_completed

    by_key = {}
    for partition in todo:
        future = client.submit(
            code_partition,
            partition,
            str(root),
            options.config,
            options.default_date,
            options.skip_bad,
            key=f"tidings-code-{partition.partition_id}",
            pure=False,
        )
        by_key[future.key] = (future, partition)
    try:
        for future in as_completed([f for f, _ in by_key.values()]):
            partition = by_key[future.key][1]
            try:
                counts: PartitionCounts = future.result()  # a bad record (without --skip-bad) raises here
            except KilledWorker:
                raise TidingsError(
                    f"partition {partition.partition_id} ({_describe(partition)}) killed every worker that tried it "
                    "(out of memory?); the partitions finished so far are kept, a re-run resumes"
                ) from None
            manifest.add(partition.partition_id, counts, partition.source())
            summary.articles += counts.articles
            summary.skipped += counts.skipped
            summary.sentences += counts.sentences
            summary.parsed_sentences += counts.parsed_sentences
            summary.events += counts.events
            summary.errors.extend(counts.errors)
            if bar is not None:
                bar.update(summary)
            if on_partition is not None:
                on_partition(partition.partition_id, counts)
    except BaseException:
        client.cancel([f for f, _ in by_key.values()])
        raise


@dataclass(frozen=True)
class _TaskOptions:
    config: Config
    input_format: str | None
    default_date: str | None
    skip_bad: bool


def _describe(partition: Partition) -> str:
    first = partition.pieces[0]
    more = f" and {len(partition.pieces) - 1} more files" if len(partition.pieces) > 1 else ""
    return f"{first.path} bytes {first.start}-{first.end}{more}"


def _dataset_root(output: str | os.PathLike[str] | None) -> Path:
    text = "" if output is None else str(output)
    if text in ("", "-") or Path(text).suffix.lower() in (".jsonl", ".csv", ".parquet", ".tsv", ".gz", ".json"):
        raise UsageError(text or "output", "a distributed run writes a Parquet dataset: give a folder, e.g. -o events/")
    root = Path(text)
    if root.exists() and not root.is_dir():
        raise UsageError(text, "exists and is not a folder; a distributed run writes a dataset folder")
    root.mkdir(parents=True, exist_ok=True)
    return root


def _drop_changed_inputs(manifest: Manifest, partitions: list[Partition]) -> None:
    """Forget complete partitions that cover a file of this run but are not in its plan: the file changed
    since, or it is cut differently now (another partition size or worker count). Their events come again
    from this plan's partitions, so no event is in the dataset twice."""
    planned = {part.partition_id for part in partitions}
    paths = {p.path for part in partitions for p in part.pieces}
    stale = [
        pid
        for pid, entry in manifest.partitions.items()
        if pid not in planned and any(p["path"] in paths for p in entry.get("source", {}).get("pieces", []))
    ]
    if stale:
        manifest.drop(stale)


def _close(client: Any) -> None:
    cluster = client.cluster
    client.close()
    if cluster is not None:
        cluster.close()


class _PartitionProgress:
    """A rich progress bar over partitions, with articles and events so far."""

    def __init__(self, total: int, done_before: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._p = Progress(
            TextColumn("partitions"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            transient=True,
        )
        suffix = f" ({done_before} already complete)" if done_before else ""
        self._task = self._p.add_task(f"starting{suffix}", total=total)
        self._start = time.perf_counter()
        self._p.start()

    def update(self, s: RunSummary) -> None:
        rate = s.articles / max(time.perf_counter() - self._start, 1e-6)
        self._p.update(
            self._task, advance=1, description=f"{s.articles} articles, {s.events} events, {rate:.1f} articles/s"
        )

    def stop(self) -> None:
        self._p.stop()
