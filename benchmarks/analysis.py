"""What the analysis layer costs on a big store, and how often its alerts are right.

    python benchmarks/analysis.py [--events 1000000] [--dyads 200] [--seed 0] [--repeat 3] [--skip-speed]
                                  [--skip-rates]

**Speed**: builds a synthetic store of ``--events`` merged events (default one million) with DuckDB SQL in a
temporary folder: 60 countries, dyads drawn with Zipf-like weights (a few busy pairs, many sparse ones), five
years of dates, eight CAMEO acts from condemnation to agreements. Each measurement runs in a fresh Python
process (``--measure``), so its peak memory (``VmHWM``) is the measured call's own, imports included; the
import-only process is printed for comparison. Wall time depends on what else the machine runs, so the
fastest of ``--repeat`` runs is printed with the CPU time it used (DuckDB uses every core).

**Alert rates**: small stores of ``--dyads`` dyads each, written with numpy and inserted in one statement:
a year (two for the unseen-level rule) of weekly events. With no planted shift, every alert is a false alarm
(printed per dyad and per dyad-week). With a planted shift, a dyad counts as detected when an alert falls
within two weeks of the planted date; the same window in a store without a shift gives the chance level.
Tone shifts change the share of cooperative acts; volume shifts multiply the weekly event rate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

#: (event code, QuadClass, Goldstein): four hostile and four friendly acts.
ACTS = [
    ("111", 3, -2.0),
    ("112", 3, -2.0),
    ("1312", 3, -5.8),
    ("163", 4, -8.0),
    ("042", 1, 1.9),
    ("051", 1, 3.4),
    ("057", 1, 8.0),
    ("061", 2, 6.4),
]
START = dt.date(2024, 1, 1)  # a Monday


def empty_store(path: Path) -> None:
    """The store's own schema, created by opening it once."""
    from tidings.store import Store

    Store(path).close()


def build_big_store(path: Path, n_events: int, seed: int) -> float:
    """``n_events`` merged events and one article per ten events, generated inside DuckDB; returns seconds."""
    empty_store(path)
    started = time.perf_counter()
    codes = "[" + ", ".join(f"'{c}'" for c, _, _ in ACTS) + "]"
    quads = "[" + ", ".join(str(q) for _, q, _ in ACTS) + "]"
    scores = "[" + ", ".join(str(g) for _, _, g in ACTS) + "]"
    with duckdb.connect(str(path)) as con:
        con.execute(f"SELECT setseed({(seed % 1000) / 1000})")
        con.execute(
            f"""
INSERT INTO articles (article_id, content_hash, date, source, text, n_sentences, coded_at)
SELECT 'art' || i, md5(i::VARCHAR), DATE '2019-01-01' + (i % 1826)::INTEGER, 'outlet' || (i % 40),
       'synthetic', 1, now()::TIMESTAMP
FROM range({n_events // 10 + 1}) AS t(i)"""
        )
        con.execute(
            f"""
INSERT INTO events BY NAME
WITH draws AS (
    SELECT i,
        -- Zipf-like actor choice: the square of a uniform number favours the first countries
        (floor(pow(random(), 2) * 60))::INTEGER AS a, (floor(pow(random(), 2) * 60))::INTEGER AS b,
        (floor(random() * 8))::INTEGER + 1 AS act, (floor(random() * 1826))::INTEGER AS day,
        random() AS r
    FROM range({n_events}) AS t(i)
)
SELECT substr(md5('ev' || i), 1, 16) AS event_id, 'art' || (i // 10) AS article_id, 0 AS sentence_index,
    DATE '2019-01-01' + day AS event_date, 'day' AS date_precision,
    'C' || lpad(a::VARCHAR, 2, '0') || CASE WHEN r < 0.3 THEN 'GOV' ELSE '' END AS source_code,
    'C' || lpad(a::VARCHAR, 2, '0') AS source_country,
    'C' || lpad(((a + 1 + b) % 60)::VARCHAR, 2, '0') AS target_code,
    'C' || lpad(((a + 1 + b) % 60)::VARCHAR, 2, '0') AS target_country,
    {codes}[act] AS event_code, {quads}[act] AS quad_class, {scores}[act] AS goldstein,
    CASE WHEN r > 0.97 THEN 'negated' ELSE 'reported' END AS mode, 0.5 + r / 2 AS confidence,
    'Synthetic event ' || i AS evidence_sentence,
    1 + (i % 3) AS num_mentions, 1 AS num_articles, 1 AS num_sources,
    ['art' || (i // 10)] AS article_ids
FROM draws"""
        )
    return time.perf_counter() - started


def own_peak_mb() -> float:
    """This process's peak resident memory. Linux keeps ``ru_maxrss`` across exec, so a child started by a big
    parent would report the parent's peak; ``VmHWM`` belongs to the process's own memory map."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(kind: str, store: str) -> None:
    """One timed call in this (fresh) process; prints JSON with seconds, peak memory and result rows."""
    import tidings.analysis as analysis

    calls = {
        "imports": lambda: pl.DataFrame(),
        "dyads-month": lambda: analysis.dyads(store, freq="month"),
        "dyads-week-undirected": lambda: analysis.dyads(store, freq="week", directed=False),
        "shifts-changepoint": lambda: analysis.shifts(store, freq="month"),
        "shifts-trendfinder": lambda: analysis.shifts(store, method="trendfinder"),
        "shifts-unseen": lambda: analysis.shifts(store, method="unseen"),
    }
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    rows = calls[kind]().height
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    peak_mb = own_peak_mb()
    print(json.dumps({"kind": kind, "seconds": seconds, "cpu": cpu, "peak_mb": peak_mb, "rows": rows}))


def speed(n_events: int, seed: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory(prefix="tidings-analysis-") as tmp:
        path = Path(tmp) / "big.duckdb"
        built = build_big_store(path, n_events, seed)
        with duckdb.connect(str(path), read_only=True) as con:
            n, dyad_count = con.execute(
                "SELECT count(*), count(DISTINCT (source_country, target_country)) FROM events"
            ).fetchone()
        size_mb = path.stat().st_size / 1e6
        print(f"synthetic store: {n:,} events, {dyad_count:,} directed country dyads, {size_mb:.0f} MB, "
              f"built in {built:.1f} s")  # fmt: skip
        print(f"{'call':<24} {'seconds':>8} {'CPU s':>8} {'peak MB':>8} {'rows':>8}")
        for kind in ("imports", "dyads-month", "dyads-week-undirected", "shifts-changepoint", "shifts-trendfinder",
                     "shifts-unseen"):  # fmt: skip
            runs = []
            for _ in range(max(1, repeat)):
                out = subprocess.run(
                    [sys.executable, __file__, "--measure", kind, str(path)], capture_output=True, text=True, check=True
                )
                runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
            r = min(
                runs, key=lambda run: run["seconds"]
            )  # the machine is shared: the fastest run is the least disturbed
            print(f"{kind:<24} {r['seconds']:>8.2f} {r['cpu']:>8.2f} {r['peak_mb']:>8.0f} {r['rows']:>8,}")
        print(
            f"(fastest of {max(1, repeat)} runs each; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
        )


# --- alert rates -------------------------------------------------------------------------------------------


def weekly_events(
    rng: np.random.Generator, weeks: int, rate: np.ndarray, p_coop: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Events of one dyad: Poisson counts per week at ``rate[w]``, each friendly with probability ``p_coop[w]``.

    Returns (day offsets from START, act index). Days are spread at random within the week.
    """
    counts = rng.poisson(rate[:weeks])
    week_of = np.repeat(np.arange(weeks), counts)
    days = week_of * 7 + rng.integers(0, 7, week_of.size)
    friendly = rng.random(week_of.size) < p_coop[week_of]
    act = np.where(friendly, rng.integers(4, 8, week_of.size), rng.integers(0, 4, week_of.size))
    return days, act


def scenario_store(path: Path, rng: np.random.Generator, dyads: int, weeks: int, rate, p_coop) -> None:
    """A store of ``dyads`` dyads (country i → country i+1000) with the same weekly process each."""
    frames = []
    for d in range(dyads):
        days, act = weekly_events(rng, weeks, rate, p_coop)
        frames.append(pl.DataFrame({"d": np.full(days.size, d), "day": days, "act": act}))
    ev = pl.concat(frames).with_row_index("i")
    codes, quads, scores = (pl.Series([a[k] for a in ACTS]) for k in range(3))
    table = ev.select(
        event_id=pl.format("e{}", pl.col("i")),
        article_id=pl.format("a{}", pl.col("i")),
        sentence_index=pl.lit(0, pl.Int32),
        event_date=pl.lit(START) + pl.duration(days=pl.col("day")),
        source_code=pl.format("S{}", pl.col("d")),
        target_code=pl.format("T{}", pl.col("d")),
        event_code=pl.col("act").map_elements(lambda k: codes[k], return_dtype=pl.String),
        quad_class=pl.col("act").map_elements(lambda k: quads[k], return_dtype=pl.Int32),
        goldstein=pl.col("act").map_elements(lambda k: scores[k], return_dtype=pl.Float64),
        mode=pl.lit("reported"),
        evidence_sentence=pl.lit("synthetic"),
        num_mentions=pl.lit(1, pl.Int32),
        article_ids=pl.concat_list(pl.format("a{}", pl.col("i"))),
    ).with_columns(event_date=pl.col("event_date").cast(pl.Date))
    empty_store(path)
    with duckdb.connect(str(path)) as con:
        con.register("new_events", table.to_arrow())
        con.execute("INSERT INTO events BY NAME SELECT * FROM new_events")


def alert_rates(
    found: pl.DataFrame, dyads: int, periods: int, planted: dt.date, window: tuple[int, int] = (-14, 14)
) -> tuple[float, float, float]:
    """(share of dyads with any alert, alerts per dyad-period, share of dyads alerted within ``window`` days of
    ``planted``). Stores without a planted shift are scored at the same date: their last figure is chance."""
    low, high = (planted + dt.timedelta(days=d) for d in window)
    near = found.filter(pl.col("change_date").is_between(low, high))
    alerted = found.select(pl.struct("source", "target").n_unique()).item() / dyads
    at_shift = near.select(pl.struct("source", "target").n_unique()).item() / dyads
    return alerted, found.height / (dyads * periods), at_shift


def rates(dyads: int, seed: int) -> None:
    from tidings.analysis import shifts

    rng = np.random.default_rng(seed)
    rows = []
    with tempfile.TemporaryDirectory(prefix="tidings-rates-") as tmp:
        # tone: 52 weeks at 1 or 4 events a week, friendly share 0.3, then 0.3 + size from week 26
        planted = START + dt.timedelta(weeks=26)
        for per_week in (1.0, 4.0):
            for size in (0.0, 0.2, 0.4, 0.6):
                p = np.r_[np.full(26, 0.3), np.full(26, 0.3 + size)]
                path = Path(tmp) / f"tone{per_week}-{size}.duckdb"
                scenario_store(path, rng, dyads, 52, np.full(52, per_week), p)
                for signal in ("goldstein", "coop"):
                    found = shifts(path, signal=signal)
                    label = f"{per_week:.0f}/week, coop +{size:.1f}"
                    rows.append(("changepoint", signal, label, size == 0, *alert_rates(found, dyads, 52, planted)))
        # volume: 104 weeks at 3 events a week, × factor from week 80; weeks 60-103 judged
        planted = START + dt.timedelta(weeks=80)
        since = (START + dt.timedelta(weeks=60)).isoformat()
        for factor in (1.0, 1.5, 2.0, 3.0):
            r = np.r_[np.full(80, 3.0), np.full(24, 3.0 * factor)]
            path = Path(tmp) / f"volume{factor}.duckdb"
            scenario_store(path, rng, dyads, 104, r, np.full(104, 0.5))
            for label, kwargs in (
                ("changepoint", {"signal": "events", "since": since}),
                ("trendfinder-4", {"method": "trendfinder", "since": since}),
                ("trendfinder-52", {"method": "trendfinder", "baseline": 52, "since": since}),
                ("unseen-1y", {"method": "unseen", "since": since}),
            ):
                found = shifts(path, **kwargs)
                scenario = f"3/week, rate x{factor:.1f}"
                # a 30-day level needs up to 30 days of the new rate to set a record
                window = (0, 30) if label.startswith("unseen") else (-14, 14)
                measured = alert_rates(found, dyads, 44, planted, window)
                rows.append((label, "events", scenario, factor == 1, *measured))
    print(f"\n{dyads} dyads per store; 'near' = an alert within two weeks of the planted date (unseen: the 30")
    print("days after it); in stores without a shift, the chance level. per period = alerts / (dyads x judged weeks)")
    header = f"{'method':<14} {'signal':<10} {'store':<24} {'kind':<12} {'alerted':>8} {'per period':>11} {'near':>7}"
    print(header)
    for method, signal, scenario, null, alerted, per_period, near in rows:
        kind = "no shift" if null else "planted"
        print(f"{method:<14} {signal:<10} {scenario:<24} {kind:<12} {alerted:>8.1%} {per_period:>11.2%} {near:>7.1%}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--dyads", type=int, default=200, help="dyads per alert-rate store")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of each call (the fastest is printed)")
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--skip-rates", action="store_true")
    ap.add_argument("--measure", nargs=2, metavar=("KIND", "STORE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        measure(*args.measure)
        return
    if not args.skip_speed:
        speed(args.events, args.seed, args.repeat)
    if not args.skip_rates:
        rates(args.dyads, args.seed)


if __name__ == "__main__":
    main()
