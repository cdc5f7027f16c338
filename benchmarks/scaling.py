"""Scaling: one process against ``--workers 2`` and ``--scheduler local:2`` on the Reuters-21578 world stories.

    python benchmarks/scaling.py [--limit 1046] [--repeat 2] [--workers 2]

Reads ``../shared/benchmarks/news_reuters21578.jsonl`` by path and keeps the "world" stories of its first
``--limit`` lines, as ``benchmarks/throughput.py`` does (1046 lines: 240 stories). Every mode runs in a fresh
process, as ``tidings code`` does, and is timed from that process's start, so start-up is included; the modes
alternate and each is repeated (the best run is the least disturbed by other load on a shared machine; the
load average before each run is printed with it). Printed per mode: wall time, articles/s, speed-up over one
process and efficiency (speed-up / workers), start-up, peak resident memory per worker; for the Dask run the
scheduler overhead (the share of worker time not spent inside a task, and the round trip of an empty task),
what one partition costs, and the time ``tidings store import`` takes per article.
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()  # a child run is timed from here: imports and model loading count

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
REUTERS = SHARED / "news_reuters21578.jsonl"


def world_stories(limit: int) -> list[dict]:
    rows = []
    with REUTERS.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= limit:
                break
            rec = json.loads(line)
            if rec.get("world"):
                rows.append({k: rec.get(k) for k in ("id", "date", "text", "title")})
    return rows


def _rss_mb(kb: int) -> float:
    return kb / 1024


# --- one measured run, in a process of its own -------------------------------------------------------------------


def child(mode: str, source: str, out: str, workers: int) -> dict:
    from tidings.pipeline import freeze_long_lived, shared_pipeline
    from tidings.run import RunOptions, run_code

    result: dict = {"mode": mode}
    if mode == "dask":
        return child_dask(source, out, workers, result)
    options = RunOptions(workers=1 if mode == "one" else workers)
    shared_pipeline(options.config)  # as the CLI does: load, freeze, then code (forked workers inherit it)
    freeze_long_lived()
    result["startup"] = time.perf_counter() - _T0
    result["startup_cpu"] = _cpu(os.times())
    cpu0 = os.times()
    summary = run_code(source, out, options=options)
    cpu1 = os.times()
    result["wall"] = time.perf_counter() - _T0
    result["coding"] = result["wall"] - result["startup"]
    result["articles"], result["events"] = summary.articles, summary.events
    result["parent_cpu"] = _cpu(cpu1)
    result["children_cpu"] = (cpu1.children_user - cpu0.children_user) + (cpu1.children_system - cpu0.children_system)
    result["worker_cpu"] = [result["parent_cpu"]] if mode == "one" else [result["children_cpu"] / workers] * workers
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["peak_mb_per_worker"] = _rss_mb(own if mode == "one" else kids)
    result["parent_peak_mb"] = _rss_mb(own)
    return result


def child_dask(source: str, out: str, workers: int, result: dict) -> dict:
    from tidings.config import Config
    from tidings.dataset import import_dataset
    from tidings.distributed import PipelinePlugin, connect, peak_memory_mb, run_distributed

    config = Config()
    client = connect(f"local:{workers}")
    result["cluster_start"] = time.perf_counter() - _T0
    client.register_plugin(PipelinePlugin(config), name="tidings-pipeline")
    result["startup"] = time.perf_counter() - _T0
    result["worker_start_cpu"] = max(client.run(lambda: _cpu(os.times())).values())
    tasks: list[tuple[float, float, float]] = []
    summary = run_distributed(
        source,
        out,
        client=client,
        config=config,
        on_partition=lambda pid, c: tasks.append((c.seconds, c.write_seconds, c.articles)),
    )
    done = time.perf_counter()
    result["wall"] = done - _T0
    result["coding"] = summary.seconds
    result["articles"], result["events"] = summary.articles, summary.events
    result["partitions"] = len(tasks)
    busy = sum(t for t, _, _ in tasks)
    result["task_seconds"] = busy
    result["write_seconds"] = sum(w for _, w, _ in tasks)
    result["overhead_share"] = 1 - busy / (workers * summary.seconds)
    result["peak_mb_per_worker"] = max(client.run(peak_memory_mb).values())
    result["worker_cpu"] = sorted(client.run(lambda: _cpu(os.times())).values())
    result["parent_cpu"] = _cpu(os.times())
    result["startup_cpu"] = 0.0  # workers load in parallel; their start-up is in their own CPU time
    # The scheduler's own cost per task: round trips of empty tasks on the same cluster.
    t0 = time.perf_counter()
    client.gather(client.map(_empty, range(200), pure=False))
    result["empty_task_ms"] = (time.perf_counter() - t0) / 200 * 1000 * workers
    client.close()
    client.cluster.close()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        imported = import_dataset(out, Path(tmp) / "store.duckdb")
        result["import_seconds"] = time.perf_counter() - t0
        result["import_articles"] = imported.articles
    return result


def _empty(i: int) -> int:
    return i


def _cpu(t: os.times_result) -> float:
    """CPU seconds this process used (user + system), children not included."""
    return t.user + t.system


# --- the driver ---------------------------------------------------------------------------------------------------


def run_mode(mode: str, source: Path, tmp: Path, workers: int) -> dict:
    out = tmp / (f"ds-{time.monotonic_ns()}" if mode == "dask" else f"events-{mode}.jsonl")
    load = os.getloadavg()[0]
    cmd = [
        sys.executable,
        __file__,
        "--child",
        mode,
        "--source",
        str(source),
        "--out",
        str(out),
        "--workers",
        str(workers),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"{mode} run failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["load"] = load
    return result


def report(results: dict[str, list[dict]], workers: int) -> None:
    best = {mode: min(runs, key=lambda r: r["wall"]) for mode, runs in results.items()}
    base = best["one"]
    print(f"\n{base['articles']} articles, {base['events']} events (one process)")
    for mode, runs in results.items():
        b = best[mode]
        n = 1 if mode == "one" else workers
        speedup = base["wall"] / b["wall"]
        walls = ", ".join(f"{r['wall']:.1f}s (load {r['load']:.1f})" for r in runs)
        print(
            f"{mode:>8}: best {b['wall']:.1f}s = {b['articles'] / b['wall']:.1f} articles/s; speed-up {speedup:.2f}x, "
            f"efficiency {speedup / n:.2f}; start-up {b['startup']:.1f}s; peak memory per worker "
            f"{b['peak_mb_per_worker']:.0f} MB; median {statistics.median(r['wall'] for r in runs):.1f}s; runs: {walls}"
        )
        steady = base["coding"] / b["coding"]
        print(f"{'':>10}coding only (after start-up) {b['coding']:.1f}s: speed-up {steady:.2f}x")
        # What the same work would take with the cores to itself: the CPU on the longest path.
        path = b["startup_cpu"] + max(b["worker_cpu"])
        cpus = "/".join(f"{c:.1f}" for c in b["worker_cpu"])
        print(
            f"{'':>10}CPU: parent {b['parent_cpu']:.1f}s, per worker {cpus}s; CPU-time speed-up bound "
            f"{base['parent_cpu'] / path:.2f}x (one process's CPU / this mode's longest CPU path)"
        )
        if mode == "workers":
            total = b["parent_cpu"] + b["children_cpu"]
            print(f"{'':>10}parent's share of CPU {100 * b['parent_cpu'] / max(total, 1e-9):.0f}% (reading, writing)")
        if mode == "dask":
            per_partition = b["task_seconds"] / max(b["partitions"], 1)
            print(
                f"{'':>10}cluster start {b['cluster_start']:.1f}s, pipeline load on workers "
                f"{b['startup'] - b['cluster_start']:.1f}s; {b['partitions']} partitions, "
                f"{per_partition:.2f}s each ({b['articles'] / max(b['partitions'], 1):.0f} articles; "
                f"writing {100 * b['write_seconds'] / max(b['task_seconds'], 1e-9):.1f}% of it)"
            )
            print(
                f"{'':>10}CPU a worker spends starting (spawn, imports, model, dictionaries): "
                f"{b['worker_start_cpu']:.1f}s"
            )
            share = b["empty_task_ms"] / 1000 * b["partitions"] / workers / max(b["coding"], 1e-9)
            print(
                f"{'':>10}scheduler overhead: {100 * b['overhead_share']:.1f}% of worker time outside tasks "
                f"(includes the last partition's tail); empty-task round trip {b['empty_task_ms']:.1f} ms "
                f"= {100 * share:.2f}% of the run"
            )
            print(
                f"{'':>10}store import: {b['import_seconds']:.2f}s for {b['import_articles']} articles "
                f"({1000 * b['import_seconds'] / max(b['import_articles'], 1):.2f} ms/article)"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=1046, help="first N lines of the Reuters file")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--modes", default="one,workers,dask")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--source", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.source, args.out, args.workers)))
        return
    if not REUTERS.exists():
        sys.exit(f"benchmark corpus not found: {REUTERS}")
    rows = world_stories(args.limit)
    modes = args.modes.split(",")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        source = tmp / "world.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        warm = tmp / "warm.jsonl"
        warm.write_text(json.dumps(rows[0]) + "\n", encoding="utf-8")
        run_mode("one", warm, tmp, 1)  # compiled dictionaries into the disk cache, as after a user's first run
        print(f"{len(rows)} Reuters world stories, {os.cpu_count()} cores; {args.repeat} runs per mode")
        results: dict[str, list[dict]] = {m: [] for m in modes}
        for _ in range(args.repeat):
            for mode in modes:
                results[mode].append(run_mode(mode, source, tmp, args.workers))
                r = results[mode][-1]
                print(f"  {mode}: {r['wall']:.1f}s (load {r['load']:.1f})", flush=True)
        report(results, args.workers)


if __name__ == "__main__":
    main()
