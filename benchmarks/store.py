"""What the DuckDB store costs: coding with and without it, an idempotent re-run, and exports.

    python benchmarks/store.py [--limit N] [--corpus wikinews|reuters|both] [--workers N] [--repeat R]
                               [--keep DIR]

Reads ``../shared/benchmarks/news_*.jsonl`` by path (``reuters``: only the ``world`` stories) and codes
them with ``tidings.run.run_code``: without a store, into a fresh store in a temporary folder (each
``--repeat`` times, alternating, keeping the fastest, since the store's cost is near the run-to-run noise),
and again into the last store (nothing changed, so every article should be skipped). Prints articles/s
of each, the store's cost as a share of pipeline time, then the time, size and row count of
GDELT and Parquet exports from the store (``Store.export``), and checks every GDELT line has 61
tab-separated columns.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from throughput import load

GDELT_COLUMNS = 61


def size(path: Path) -> str:
    n = path.stat().st_size
    return f"{n / 1e6:.2f} MB" if n >= 1e5 else f"{n / 1e3:.1f} kB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="wikinews", choices=["wikinews", "reuters", "both"])
    ap.add_argument("--limit", type=int, default=None, help="first N lines of each corpus")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=2, help="timed runs each way (fastest wins)")
    ap.add_argument("--keep", type=Path, default=None, help="folder for the store and exports")
    args = ap.parse_args()

    import pyarrow.parquet as pq

    import tidings.store  # noqa: F401 - import DuckDB outside the timed runs
    from tidings.pipeline import Pipeline
    from tidings.run import RunOptions, run_code
    from tidings.store import Store

    rows = load(args.corpus, args.limit)
    print(f"corpus: {args.corpus}, {len(rows)} articles")
    opts = RunOptions(workers=args.workers)
    # Warm up outside the timed runs: model, lexicon and patterns (cached per process), gazetteer index.
    Pipeline(opts.config).gazetteer.lookup("Paris")
    run_code(rows[:3], None, options=opts)

    with tempfile.TemporaryDirectory(prefix="tidings-store-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / "ev.duckdb"
        plains, storeds = [], []
        for _ in range(max(args.repeat, 1)):
            plains.append(run_code(rows, None, options=opts))
            for stale in (db, db.with_suffix(".duckdb.wal")):
                stale.unlink(missing_ok=True)
            storeds.append(run_code(rows, None, db=db, options=opts))
        plain = min(plains, key=lambda s: s.seconds)
        stored = min(storeds, key=lambda s: s.seconds)
        print(
            f"without store: {plain.seconds:.1f}s = {plain.articles / plain.seconds:.2f} articles/s, "
            f"{plain.events} event mentions (runs: {', '.join(f'{r.seconds:.1f}s' for r in plains)})"
        )
        print(
            f"with store:    {stored.seconds:.1f}s = {stored.articles / stored.seconds:.2f} articles/s, "
            f"{stored.events} event mentions (runs: {', '.join(f'{r.seconds:.1f}s' for r in storeds)})"
        )
        cost = stored.seconds - plain.seconds
        print(f"store cost: {cost:+.2f}s = {100 * cost / plain.seconds:+.1f}% of pipeline time (store file {size(db)})")
        # The difference of two timed runs is at the mercy of a busy machine; time inside the store calls
        # (lookups, commits, merging) is the store's own cost, measured in the same run.
        print(
            f"time in store calls: {stored.store_seconds:.2f}s = {100 * stored.store_seconds / stored.seconds:.1f}% "
            f"of that run ({stored.stored} articles committed)"
        )
        again = run_code(rows, None, db=db, options=opts)
        print(
            f"second run (unchanged): {again.seconds:.2f}s, {again.unchanged} of {again.articles} articles "
            f"skipped, {again.events} event mentions coded"
            + ("" if again.unchanged == again.articles and not again.events else "  ✗ NOT IDEMPOTENT")
        )

        for fmt, name in (("gdelt", "events.gdelt"), ("parquet", "events.parquet")):
            path = folder / name
            t0 = time.perf_counter()
            with Store(db, read_only=True) as st:
                n = st.export(path, fmt=fmt)
            took = time.perf_counter() - t0
            if fmt == "gdelt":
                with path.open(encoding="utf-8") as fh:
                    widths = [len(line.rstrip("\n").split("\t")) for line in fh]
                bad = sum(w != GDELT_COLUMNS for w in widths)
                check = (
                    f"{len(widths)} lines, all {GDELT_COLUMNS} columns"
                    if not bad
                    else f"{len(widths)} lines, {bad} without {GDELT_COLUMNS} columns ✗"
                )
            else:
                meta = pq.read_metadata(path)
                check = f"{meta.num_rows} rows, {meta.num_columns} columns"
            print(f"export {fmt:<8} {took:.2f}s, {n} merged events, {size(path)}; {check}")


if __name__ == "__main__":
    main()
