"""The DuckDB event store: idempotent writes, merged events, queries, exports and failure modes."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from fake_events import expected_mentions, fake_item, make_article, make_event, sentences_of

from tidings.dedup import merge_mentions
from tidings.errors import InputError, StoreError
from tidings.export import gdelt_columns
from tidings.model import MODES, Location
from tidings.schema import nest_record
from tidings.store import Store

FAKE_WRITER = Path(__file__).with_name("fake_events.py")


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "events.duckdb") as s:
        yield s


def write(store: Store, article_id: str, date: str = "2024-03-05", url: str | None = None, **event) -> None:
    """Store a one-sentence article with one event built from ``event``."""
    article = make_article(article_id, f"Story {article_id}.", date=date, url=url, source=f"outlet-{article_id}")
    store.write_article(article, sentences_of(article), [make_event(article_id, event_date=date, **event)])


def as_records(frame: pl.DataFrame) -> list[dict]:
    """Store rows back in the record shape: evidence nested, dates as ISO strings."""
    out = []
    for row in frame.iter_rows(named=True):
        record = nest_record(row)
        out.append({k: v.isoformat() if isinstance(v, dt.date) else v for k, v in record.items()})
    return out


def assert_consistent(store: Store) -> int:
    """Every stored article has all its sentences and mentions, and nothing is orphaned; returns articles."""
    rows = store.query(
        """SELECT a.article_id, a.n_sentences,
                  (SELECT count(*) FROM sentences s WHERE s.article_id = a.article_id) AS sentences,
                  (SELECT count(*) FROM mentions m WHERE m.article_id = a.article_id) AS mentions
           FROM articles a"""
    )
    for row in rows.iter_rows(named=True):
        assert row["sentences"] == row["n_sentences"], row
        assert row["mentions"] == expected_mentions(row["article_id"]), row
    for table in ("mentions", "sentences"):
        orphans = store.query(
            f"SELECT count(*) AS n FROM {table} WHERE article_id NOT IN (SELECT article_id FROM articles)"
        )
        assert orphans["n"][0] == 0, table
    return rows.height


# --- idempotent, resumable writes ----------------------------------------------------------------------


def test_writing_the_same_article_again_adds_nothing(store: Store) -> None:
    item = fake_item(4)
    assert not store.has_article(item[0])
    assert store.write_article(*item) is True
    before = store.counts()
    assert store.has_article(item[0])
    assert store.write_article(*item) is False
    assert store.write_batch([fake_item(4), fake_item(4)]) == 0
    assert store.counts() == before


def test_a_changed_article_replaces_its_old_sentences_and_mentions(store: Store) -> None:
    old = make_article("a1", "The United States met Russia. They talked.")
    store.write_article(old, sentences_of(old), [make_event("a1"), make_event("a1", event_code="043", trigger_start=5)])
    assert store.events().height == 2
    new = make_article("a1", "The United States attacked Russia.")
    assert not store.has_article(new)
    assert store.write_article(new, sentences_of(new), [make_event("a1", event_code="190")]) is True
    assert store.mentions()["event_code"].to_list() == ["190"]
    assert store.query("SELECT text FROM articles")["text"].to_list() == [new.text]
    assert store.query("SELECT count(*) AS n FROM sentences")["n"][0] == 1
    assert store.events()["event_code"].to_list() == ["190"]  # the merged events followed


def test_an_event_from_another_article_is_refused(store: Store) -> None:
    article = make_article("a1")
    with pytest.raises(InputError, match="belongs to article 'a2'"):
        store.write_article(article, sentences_of(article), [make_event("a2")])
    assert store.counts()["articles"] == 0


def test_runs_record_what_they_stored(store: Store) -> None:
    run = store.start_run({"model": "fake"})
    store.write_batch([fake_item(i) for i in range(3)], run_id=run)
    store.finish_run(run)
    row = store.query("SELECT * FROM runs").row(0, named=True)
    assert (row["n_articles"], row["n_mentions"], row["params"]) == (3, 6, '{"model": "fake"}')
    assert row["finished_at"] is not None


# --- merged events --------------------------------------------------------------------------------------


def test_two_articles_reporting_one_event_become_one_merged_event(store: Store) -> None:
    write(store, "a1", "2024-03-05")
    write(store, "a2", "2024-03-05")
    write(store, "a3", "2024-03-09")  # too far apart for day precision
    write(store, "a4", "2024-03-05", mode="negated")
    events = store.events()
    assert events.height == 3
    merged = events.filter(pl.col("num_mentions") == 2).row(0, named=True)
    assert (merged["num_articles"], merged["num_sources"], merged["article_ids"]) == (2, 2, ["a1", "a2"])
    assert merged["first_seen"] == dt.date(2024, 3, 5)
    assert store.events(merged=False).height == 4


def random_items(n: int, seed: int = 3) -> list[tuple]:
    """Articles with 1-3 random events each, dense enough that many of them merge."""
    rng = random.Random(seed)
    items = []
    for i in range(n):
        day = dt.date(2024, 3, 1) + dt.timedelta(days=rng.randrange(10))
        article = make_article(f"r{i:03d}", f"Story {i}.", date=day.isoformat(), source=rng.choice(["AP", None]))
        events = []
        for k in range(rng.randrange(1, 4)):
            precision = rng.choice(["day", "day", "week", "article"])
            start = day - dt.timedelta(days=rng.randrange(3))
            events.append(
                make_event(
                    article.id,
                    event_code=rng.choice(["042", "190"]),
                    source=rng.choice(["USA", "USAGOV"]),
                    target=rng.choice(["RUS", None]),
                    event_date=day if precision == "article" else start,
                    event_date_end=start + dt.timedelta(days=6) if precision == "week" else None,
                    date_precision=precision,
                    mode=rng.choice(MODES),
                    trigger_start=k,
                    location=rng.choice([None, "IRQ", "SYR", Location("Baghdad", "IRQ", 33.3, 44.4)]),
                )
            )
        items.append((article, sentences_of(article), events))
    return items


def test_the_store_merges_exactly_as_merge_mentions_does(store: Store) -> None:
    store.write_batch(random_items(120))
    in_store = sorted(as_records(store.events()), key=lambda e: e["event_id"])
    in_python = sorted(merge_mentions(as_records(store.mentions())), key=lambda e: e["event_id"])
    assert 30 < len(in_python) < 200
    assert in_store == in_python


def test_incremental_refresh_gives_the_same_events_as_a_full_rebuild(store: Store) -> None:
    items = random_items(90, seed=11)
    for first in range(0, 90, 30):
        store.write_batch(items[first : first + 30])
        store.refresh_events()
    changed = make_article("r005", "Rewritten.", date="2024-03-04")
    store.write_article(changed, sentences_of(changed), [make_event("r005", event_date="2024-03-04")])
    incremental = store.events().sort("event_id")
    store.refresh_events(full=True)
    assert store.events().sort("event_id").equals(incremental)
    assert store.counts()["events_pending"] == 0


# --- reading and exporting ------------------------------------------------------------------------------


@pytest.fixture
def three_events(store: Store) -> Store:
    write(store, "a1", "2024-03-05", source="USA", target="RUS", event_code="042")
    write(store, "a2", "2024-03-10", source="USAGOV", target="IRQ", event_code="190")
    write(store, "a3", "2024-03-20", source="RUS", target="USA", event_code="0251")
    return store


@pytest.mark.parametrize(
    ("filters", "articles"),
    [
        ({"actor": "USA"}, ["a1", "a2", "a3"]),
        ({"actor": "usagov"}, ["a2"]),
        ({"code": "19"}, ["a2"]),
        ({"code": "025"}, ["a3"]),
        ({"since": "2024-03-06"}, ["a2", "a3"]),
        ({"until": dt.date(2024, 3, 10)}, ["a1", "a2"]),
        ({"since": "2024-03-06", "until": "2024-03-19", "actor": "USA"}, ["a2"]),
    ],
)
def test_events_filter_by_date_actor_prefix_and_code_prefix(three_events: Store, filters: dict, articles: list) -> None:
    assert three_events.events(**filters)["article_id"].to_list() == articles
    assert three_events.mentions(**filters)["article_id"].to_list() == articles


def test_events_come_as_polars_pandas_or_arrow(three_events: Store) -> None:
    assert isinstance(three_events.events(), pl.DataFrame)
    assert isinstance(three_events.events(as_="pandas"), pd.DataFrame)
    assert isinstance(three_events.events(as_="arrow"), pa.Table)
    with pytest.raises(InputError, match="polars, pandas, arrow"):
        three_events.events(as_="excel")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        three_events.events(since="last week")


def test_query_runs_sql_and_reports_bad_sql_as_input_error(three_events: Store) -> None:
    assert three_events.query("SELECT count(*) AS n FROM mentions WHERE event_code = ?", ["042"])["n"][0] == 1
    with pytest.raises(InputError, match="query"):
        three_events.query("SELECT nothing FROM nowhere")


def test_gdelt_export_of_merged_events_carries_counts_and_the_first_url(store: Store, tmp_path: Path) -> None:
    write(store, "a2", "2024-03-05", url="https://example.org/second", event_code="0251")
    write(store, "a1", "2024-03-05", url="https://example.org/first", event_code="0251")
    out = tmp_path / "events.tsv"
    assert store.export(out) == 1
    cells = out.read_text().rstrip("\n").split("\t")
    row = dict(zip(gdelt_columns(), cells, strict=True))
    assert (row["EventCode"], row["SQLDATE"], row["NumMentions"], row["NumArticles"]) == (
        "0251",
        "20240305",
        "2",
        "2",
    )
    assert row["SOURCEURL"] == "https://example.org/first"
    assert row["DATEADDED"].startswith(dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d"))


def test_parquet_and_jsonl_exports_of_events_and_mentions(three_events: Store, tmp_path: Path) -> None:
    assert three_events.export(tmp_path / "e.parquet", actor="USA", code="19") == 1
    events = pl.read_parquet(tmp_path / "e.parquet")
    assert events["article_ids"].to_list() == [["a2"]] and events.schema["evidence"].to_schema()
    assert three_events.export(tmp_path / "m.jsonl", merged=False) == 3
    lines = [json.loads(line) for line in (tmp_path / "m.jsonl").read_text().splitlines()]
    assert [r["event_code"] for r in lines] == ["042", "190", "0251"]
    assert lines[0]["evidence"]["sentence"] == "The United States met Russia."


# --- failure modes --------------------------------------------------------------------------------------


def test_a_store_locked_by_another_process_is_a_one_line_store_error(tmp_path: Path) -> None:
    path = tmp_path / "events.duckdb"
    Store(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(60)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="in use by another process") as error:
            Store(path, timeout=0.5)
        assert str(path) in str(error.value) and "\n" not in str(error.value)
    finally:
        holder.kill()
        holder.wait()


def make_read_only(path: Path, request: pytest.FixtureRequest) -> None:
    """Read-only for real: permission bits for a normal user; root ignores those, so root gets chattr +i."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)]).returncode != 0:
        pytest.skip("cannot make a file read-only for root here (no chattr +i)")
    request.addfinalizer(lambda: subprocess.run(["chattr", "-i", str(path)]))


def test_a_read_only_store_file_is_a_store_error_but_opens_read_only(tmp_path: Path, request) -> None:
    path = tmp_path / "events.duckdb"
    with Store(path) as store:
        write(store, "a1")
    make_read_only(path, request)
    with pytest.raises(StoreError, match="cannot write the store") as error:
        Store(path)
    assert str(path) in str(error.value)
    with Store(path, read_only=True) as reader:
        assert reader.events().height == 1
        with pytest.raises(StoreError, match="read-only"):
            write(reader, "a2")


def test_files_that_are_not_stores_are_store_errors(tmp_path: Path) -> None:
    not_db = tmp_path / "notes.duckdb"
    not_db.write_text("just some text\n" * 500)
    with pytest.raises(StoreError, match="not a DuckDB database"):
        Store(not_db)
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)
    with pytest.raises(StoreError, match="no store there yet"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "no" / "such" / "events.duckdb")


@pytest.mark.slow
def test_a_writer_killed_mid_run_leaves_a_consistent_store_that_the_next_run_completes(
    tmp_path: Path,
) -> None:
    path, total = tmp_path / "events.duckdb", 400
    writer = subprocess.Popen(
        [sys.executable, str(FAKE_WRITER), str(path), str(total), "1", "--hold"], stdout=subprocess.PIPE, text=True
    )
    for _ in range(40):  # let some articles commit, then kill it while it writes the next ones
        assert writer.stdout.readline().startswith("committed")
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    assert writer.returncode == -signal.SIGKILL
    with Store(path, read_only=True) as reader:  # the killed writer never merged: a reader merges on the fly
        merged_on_the_fly = reader.events()
    with Store(path) as store:
        stored = assert_consistent(store)
        assert store.events().equals(merged_on_the_fly)
    assert 40 <= stored < total and merged_on_the_fly.height > 0

    rerun = subprocess.run(
        [sys.executable, str(FAKE_WRITER), str(path), str(total), "50", "--hold"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.splitlines()[-1] == f"done written={total - stored}"
    with Store(path) as store:
        assert assert_consistent(store) == total
        assert store.events().height > 0


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 4 MB tmpfs, so a write can really run out of space (needs root and mount)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small tmpfs")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)]).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)])


def test_a_full_disk_is_a_store_error_and_loses_nothing_committed(small_disk: Path) -> None:
    path = small_disk / "events.duckdb"
    committed = 0
    store = Store(path)  # not closed: merging on close would need the space that ran out
    with pytest.raises(StoreError, match="disk is full") as error:
        for i in range(500):
            article = make_article(f"big{i:03d}", os.urandom(150_000).hex())
            store.write_article(article, sentences_of(article), [make_event(article.id)])
            committed += 1
    assert str(path) in str(error.value)
    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    with Store(path) as store:
        assert store.counts()["articles"] == committed > 0
        assert store.counts()["mentions"] == committed
