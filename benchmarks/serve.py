"""How fast the dashboard answers on a big store: p50/p95 server time per page over a synthetic store.

    python benchmarks/serve.py                      # 1,000,000 events in a temporary folder
    python benchmarks/serve.py --events 200000 --repeat 10
    python benchmarks/serve.py --db /tmp/big.duckdb # build once, keep it (re-used when it exists)

The store is built with DuckDB SQL alone (no coder, seconds not hours): events between 60 countries over
five years, real CAMEO codes with their QuadClass and Goldstein score, one to three mentions per event from
articles of 40 outlets, an evidence sentence per mention. Server time is what the app itself spends on a
request (its ``Server-Timing`` header), measured through the ASGI app in this process, so the figures leave
out the network and the browser. Goal: every page ≤ 300 ms at p95.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

from tidings.ontology import event_codes
from tidings.store import Store

#: ISO3 code, name and a point inside the country (approximate capital coordinates).
COUNTRIES = [
    ("USA", "United States", 38.9, -77.0), ("RUS", "Russia", 55.8, 37.6), ("CHN", "China", 39.9, 116.4),
    ("UKR", "Ukraine", 50.5, 30.5), ("DEU", "Germany", 52.5, 13.4), ("FRA", "France", 48.9, 2.35),
    ("GBR", "United Kingdom", 51.5, -0.13), ("IND", "India", 28.6, 77.2), ("PAK", "Pakistan", 33.7, 73.1),
    ("IRN", "Iran", 35.7, 51.4), ("ISR", "Israel", 31.8, 35.2), ("TUR", "Turkey", 39.9, 32.9),
    ("SAU", "Saudi Arabia", 24.7, 46.7), ("EGY", "Egypt", 30.0, 31.2), ("NGA", "Nigeria", 9.06, 7.49),
    ("KEN", "Kenya", -1.29, 36.8), ("ZAF", "South Africa", -25.7, 28.2), ("ETH", "Ethiopia", 9.03, 38.7),
    ("BRA", "Brazil", -15.8, -47.9), ("ARG", "Argentina", -34.6, -58.4), ("MEX", "Mexico", 19.4, -99.1),
    ("COL", "Colombia", 4.71, -74.1), ("VEN", "Venezuela", 10.5, -66.9), ("CAN", "Canada", 45.4, -75.7),
    ("JPN", "Japan", 35.7, 139.7), ("KOR", "South Korea", 37.6, 127.0), ("PRK", "North Korea", 39.0, 125.8),
    ("IDN", "Indonesia", -6.2, 106.8), ("PHL", "Philippines", 14.6, 121.0), ("VNM", "Vietnam", 21.0, 105.8),
    ("THA", "Thailand", 13.8, 100.5), ("MMR", "Myanmar", 19.8, 96.1), ("AFG", "Afghanistan", 34.5, 69.2),
    ("IRQ", "Iraq", 33.3, 44.4), ("SYR", "Syria", 33.5, 36.3), ("LBN", "Lebanon", 33.9, 35.5),
    ("JOR", "Jordan", 31.9, 35.9), ("YEM", "Yemen", 15.4, 44.2), ("QAT", "Qatar", 25.3, 51.5),
    ("ARE", "United Arab Emirates", 24.5, 54.4), ("POL", "Poland", 52.2, 21.0), ("ITA", "Italy", 41.9, 12.5),
    ("ESP", "Spain", 40.4, -3.7), ("SWE", "Sweden", 59.3, 18.1), ("NOR", "Norway", 59.9, 10.8),
    ("FIN", "Finland", 60.2, 24.9), ("GRC", "Greece", 38.0, 23.7), ("SRB", "Serbia", 44.8, 20.5),
    ("HUN", "Hungary", 47.5, 19.0), ("BLR", "Belarus", 53.9, 27.6), ("GEO", "Georgia", 41.7, 44.8),
    ("ARM", "Armenia", 40.2, 44.5), ("AZE", "Azerbaijan", 40.4, 49.9), ("KAZ", "Kazakhstan", 51.2, 71.4),
    ("SDN", "Sudan", 15.6, 32.5), ("LBY", "Libya", 32.9, 13.2), ("MAR", "Morocco", 34.0, -6.8),
    ("DZA", "Algeria", 36.8, 3.06), ("AUS", "Australia", -35.3, 149.1), ("NZL", "New Zealand", -41.3, 174.8),
]
_ROLES = ["", "GOV", "MIL", "GOV", "", "OPP", "BUS"]
_MODES = ["reported"] * 14 + ["claimed", "claimed", "alleged", "hypothetical", "negated", "negated"]
_PRECISIONS = ["day"] * 7 + ["week", "month", "article"]
_START_DAY = "2020-01-01"
_DAYS = 5 * 365


def _lists(con: duckdb.DuckDBPyConnection) -> None:
    """Small lookup tables the generator draws from, each indexed 0..n-1."""
    con.execute("CREATE TEMP TABLE country (i INTEGER, iso VARCHAR, name VARCHAR, lat DOUBLE, lon DOUBLE)")
    con.executemany("INSERT INTO country VALUES (?, ?, ?, ?, ?)", [(i, *c) for i, c in enumerate(COUNTRIES)])
    codes = [t for t in event_codes().values() if len(t.code) >= 3]
    con.execute(
        "CREATE TEMP TABLE code (i INTEGER, code VARCHAR, root VARCHAR, quad INTEGER, goldstein DOUBLE,"
        " plover VARCHAR, label VARCHAR)"
    )
    con.executemany(
        "INSERT INTO code VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(i, t.code, t.root_code, t.quad_class, t.goldstein, t.plover_type, t.label) for i, t in enumerate(codes)],
    )
    for name, values in (("role", _ROLES), ("mode", _MODES), ("precision", _PRECISIONS)):
        con.execute(f"CREATE TEMP TABLE {name} (i INTEGER, v VARCHAR)")
        con.executemany(f"INSERT INTO {name} VALUES (?, ?)", list(enumerate(values)))


#: The mention columns every synthetic mention and event shares, as SQL over the ``ev`` draw.
_MENTION_COLUMNS = """0 AS sentence_index, day AS event_date, NULL AS event_date_end, precision AS date_precision,
    s_code AS source_code, s_name AS source_name, s_iso AS source_country,
    nullif(substr(s_code, 4), '') AS source_type,
    t_code AS target_code, t_name AS target_name, t_iso AS target_country, nullif(substr(t_code, 4), '') AS target_type,
    code AS event_code, root AS event_root_code, quad AS quad_class, goldstein, plover AS plover_type, mode,
    round(0.5 + (hash(i, 'confidence') % 50) / 100.0, 2) AS confidence,
    split_part(verb, ' ', 1) AS trigger,
    s_name AS location_name, s_iso AS location_country, lat AS latitude, lon AS longitude,
    sentence AS evidence_sentence, 0 AS evidence_sentence_start, length(sentence) AS evidence_sentence_end,
    length(s_name) + 1 AS evidence_trigger_start,
    length(s_name) + 1 + length(split_part(verb, ' ', 1)) AS evidence_trigger_end,
    0 AS evidence_source_start, length(s_name) AS evidence_source_end,
    length(s_name) + length(verb) + 2 AS evidence_target_start,
    length(s_name) + length(verb) + 2 + length(t_name) AS evidence_target_end"""


def build_store(path: Path, n_events: int) -> None:
    """Fill a new tidings store at ``path`` with ``n_events`` merged events and their mentions and articles."""
    Store(path).close()  # the real schema, so the app reads what `tidings code --db` writes
    con = duckdb.connect(str(path))
    _lists(con)
    n_articles = max(1, n_events // 4)
    n_codes = con.execute("SELECT count(*) FROM code").fetchone()[0]
    con.execute(
        f"""CREATE TEMP TABLE draw AS
        SELECT i,
            printf('%016x', hash(i, 'event')) AS event_id,
            -- skewed towards a few busy countries, as news is
            CAST(floor(pow(hash(i, 's') % 1000000 / 1000000.0, 2) * {len(COUNTRIES)}) AS INTEGER) AS s,
            CAST(floor(pow(hash(i, 't') % 1000000 / 1000000.0, 2) * {len(COUNTRIES)}) AS INTEGER) AS t,
            CAST(hash(i, 'c') % {n_codes} AS INTEGER) AS c,
            CAST(hash(i, 'r1') % {len(_ROLES)} AS INTEGER) AS r1,
            CAST(hash(i, 'r2') % {len(_ROLES)} AS INTEGER) AS r2,
            CAST(hash(i, 'm') % {len(_MODES)} AS INTEGER) AS m,
            CAST(hash(i, 'p') % {len(_PRECISIONS)} AS INTEGER) AS p,
            DATE '{_START_DAY}' + CAST(hash(i, 'd') % {_DAYS} AS INTEGER) AS day,
            CAST(1 + hash(i, 'n') % 3 AS INTEGER) AS n_mentions,
            CAST(hash(i, 'a') % {n_articles} AS INTEGER) AS a
        FROM range({n_events}) AS r(i)"""
    )
    con.execute(
        """CREATE TEMP TABLE ev AS
        SELECT d.*, cs.iso AS s_iso, cs.name AS s_name, ct.iso AS t_iso, ct.name AS t_name,
            cs.iso || r1.v AS s_code, ct.iso || r2.v AS t_code, code.code, code.root, code.quad, code.goldstein,
            code.plover, lower(code.label) AS verb, mode.v AS mode, precision.v AS precision,
            cs.lat + (hash(d.i, 'y') % 5) * 0.4 - 0.8 AS lat, cs.lon + (hash(d.i, 'x') % 5) * 0.4 - 0.8 AS lon,
            cs.name || ' ' || lower(code.label) || ' ' || ct.name || ', officials said.' AS sentence
        FROM draw AS d JOIN country AS cs ON cs.i = d.s JOIN country AS ct ON ct.i = d.t JOIN code ON code.i = d.c
        JOIN role AS r1 ON r1.i = d.r1 JOIN role AS r2 ON r2.i = d.r2 JOIN mode ON mode.i = d.m
        JOIN precision ON precision.i = d.p"""
    )
    con.execute(
        f"""INSERT INTO articles
        SELECT printf('art-%07d', i), printf('%016x', hash(i, 'h')), DATE '{_START_DAY}' + CAST(i % {_DAYS} AS INTEGER),
            printf('Report %d', i), printf('https://news.example/%d', i), printf('outlet-%02d', i % 40),
            'Synthetic article text.', 1, TIMESTAMP '2025-01-01 00:00:00', NULL
        FROM range({n_articles}) AS r(i)"""
    )
    con.execute(
        f"""INSERT INTO mentions BY NAME
        SELECT printf('%016x', hash(i, 'mention', k)) AS event_id,
            printf('art-%07d', (a + k * 7919) % {n_articles}) AS article_id, {_MENTION_COLUMNS}, ['synthetic'] AS notes
        FROM ev, range(3) AS kk(k) WHERE k < n_mentions"""
    )
    con.execute(
        f"""INSERT INTO events BY NAME
        SELECT event_id, printf('art-%07d', a) AS article_id, {_MENTION_COLUMNS},
            n_mentions AS num_mentions, n_mentions AS num_sources, n_mentions AS num_articles,
            day AS first_seen, day AS last_seen,
            list_sort([printf('art-%07d', (a + k * 7919) % {n_articles}) FOR k IN range(n_mentions)]) AS article_ids,
            list_sort([printf('%016x', hash(i, 'mention', k)) FOR k IN range(n_mentions)]) AS mention_ids
        FROM ev"""
    )
    con.close()


def _pages(db: Path) -> dict[str, str]:
    """The requests measured: every route, with the filters a user reaches for, on real ids of the store."""
    con = duckdb.connect(str(db), read_only=True)
    event_id, source, target = con.execute(
        "SELECT event_id, source_country, target_country FROM events ORDER BY hash(event_id) LIMIT 1"
    ).fetchone()
    busiest = con.execute(
        "SELECT source_country, target_country FROM events WHERE source_country <> target_country "
        "GROUP BY ALL ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    con.close()
    return {
        "overview /": "/",
        "events /events": "/events",
        "events, actor + sort": "/events?actor=USA&sort=-goldstein",
        "events, text search": "/events?q=sanction",
        "events, code + mode + dates": "/events?code=19&mode=reported&since=2022-01-01&until=2022-12-31",
        "events, page 10,000": "/events?page=10000",
        "events, confidence sort": "/events?min_confidence=0.8&sort=-confidence",
        "api /api/events": "/api/events?actor=RUS&quad=4",
        "event /events/{id}": f"/events/{event_id}",
        "dyad, random pair": f"/dyads/{source}/{target}",
        "dyad, busiest pair": f"/dyads/{busiest[0]}/{busiest[1]}",
        "map /map": "/map",
        "map data /api/map": "/api/map",
        "map data, filtered": "/api/map?quad=4&since=2023-01-01",
        "fragment: dyad timeline, random": f"/dyads/{source}/{target}/timeline",
        "fragment: dyad timeline, busiest": f"/dyads/{busiest[0]}/{busiest[1]}/timeline",
        "fragment: latest shifts": "/shifts/latest",
    }


def _server_ms(response: Any) -> float:
    match = re.search(r"dur=([0-9.]+)", response.headers.get("server-timing", ""))
    if response.status_code != 200 or not match:
        raise SystemExit(f"{response.request.url}: status {response.status_code}: {response.text[:300]}")
    return float(match.group(1))


def measure(db: Path, repeat: int) -> list[tuple[str, str, float, float, float, float]]:
    """``(name, url, first ms, p50 ms, p95 ms, CPU ms p50)`` per page.

    The first request is timed on its own (cold: the answers cached per store version are computed by it),
    then ``repeat`` more. CPU is the process's CPU time over a request (every thread, DuckDB's included): on a
    machine shared with other work, wall-clock server time grows with the load, CPU time much less.
    """
    from fastapi.testclient import TestClient

    from tidings.web import create_app

    client = TestClient(create_app(db))
    out = []
    for name, url in _pages(db).items():
        first = _server_ms(client.get(url))
        times, cpu = [], []
        for _ in range(repeat):
            started = time.process_time()
            times.append(_server_ms(client.get(url)))
            cpu.append((time.process_time() - started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)]
        out.append((name, url, first, statistics.median(times), p95, statistics.median(cpu)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20, help="requests per page")
    parser.add_argument("--db", type=Path, default=None, help="keep the store here (re-used when it exists)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "serve.duckdb"
        if not db.exists():
            t0 = time.perf_counter()
            build_store(db, args.events)
            print(f"built {db} with {args.events:,} events in {time.perf_counter() - t0:.1f}s")
        con = duckdb.connect(str(db), read_only=True)
        counts = con.execute("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM mentions)").fetchone()
        con.close()
        print(f"store: {counts[0]:,} events, {counts[1]:,} mentions; {args.repeat} requests per page")
        rows = measure(db, args.repeat)
        width = max(len(name) for name, *_ in rows)
        print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores shared with other work skew these figures)")
        print(f"{'page':<{width}}  {'first ms':>9}  {'p50 ms':>8}  {'p95 ms':>8}  {'CPU ms':>8}")
        for name, _, first, p50, p95, cpu in rows:
            flag = "" if p95 <= 300 else "  > 300 ms"
            print(f"{name:<{width}}  {first:9.1f}  {p50:8.1f}  {p95:8.1f}  {cpu:8.1f}{flag}")
        pages = [row for row in rows if not row[0].startswith("fragment")]
        worst = max(pages, key=lambda row: row[4])
        verdict = "met" if worst[4] <= 300 else "NOT met"
        print(f"slowest page p95: {worst[4]:.1f} ms ({worst[0]}; goal ≤ 300 ms): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
