"""Distributed runs: partitions planned from bytes, the same events from a Dask cluster as from one process,
re-runs that skip complete partitions, a killed worker's partition retried with every event once, store import."""

from __future__ import annotations

import csv
import json
import os
import signal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli import app
from tidings.config import Config
from tidings.dataset import MANIFEST, Manifest, import_dataset, read_events, records_table
from tidings.errors import InputError
from tidings.ingest import read_articles
from tidings.run import RunOptions, run_code

distributed = pytest.importorskip("distributed")

from tidings.distributed import (  # noqa: E402 - after the skip: Dask is an optional extra
    code_frame,
    code_records,
    event_frame_meta,
    plan_partitions,
    read_partition,
    run_distributed,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles.jsonl"
WIKINEWS = ROOT.parent / "shared" / "benchmarks" / "news_wikinews.jsonl"
runner = CliRunner()

# Our own neutral sentences; several paragraphs so that byte ranges fall inside quoted CSV fields.
TEXTS = [
    "The foreign minister of Kenya met the Ugandan ambassador in Nairobi on Tuesday.\n\nBoth sides discussed trade.",
    'Police in Chile arrested "several" protesters in Santiago on Friday.\nThe protests continued for a week.',
    "Japan signed an agreement with Vietnam on fisheries on Monday.\n\nOfficials described the talks as useful.",
]


def article_rows(n: int) -> list[dict]:
    return [{"id": f"a{i}", "date": "2024-03-14", "text": TEXTS[i % len(TEXTS)] * (1 + i % 4)} for i in range(n)]


def sorted_records(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: (r["event_id"], json.dumps(r, sort_keys=True, default=str)))


def events_of_file(path: Path) -> list[dict]:
    """Records of a JSONL events file in the dataset's types (dates as dates), sorted."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return sorted_records(records_table(records).to_pylist())


def events_of_dataset(root: Path) -> list[dict]:
    return sorted_records(read_events(root).to_pylist())


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    with Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def one_process(tmp_path_factory) -> list[dict]:
    out = tmp_path_factory.mktemp("one") / "events.jsonl"
    run_code(EXAMPLES, out)
    return events_of_file(out)


# --- planning: the client reads no texts, ranges are cut at record boundaries ---------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_byte_ranges_read_the_same_articles_as_the_whole_file(tmp_path, fmt):
    rows = article_rows(60)
    path = tmp_path / f"in.{fmt}"
    if fmt == "jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    else:
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=["id", "date", "text"])
            writer.writeheader()
            writer.writerows(rows)
    partitions = plan_partitions(path, partition_bytes=1500)
    assert len(partitions) > 5
    assert all(not p.pieces[0].whole for p in partitions)
    got = [a for p in partitions for a in read_partition(p)]
    assert got == list(read_articles(path))


def test_small_files_are_packed_and_ids_are_stable(tmp_path):
    for i in range(6):
        (tmp_path / f"f{i}.jsonl").write_text(json.dumps(article_rows(6)[i]) + "\n", encoding="utf-8")
    first = plan_partitions(tmp_path, partition_bytes=600)
    assert 1 < len(first) < 6
    assert [p.partition_id for p in first] == [p.partition_id for p in plan_partitions(tmp_path, partition_bytes=600)]
    assert sorted(a.id for p in first for a in read_partition(p)) == [f"a{i}" for i in range(6)]


def test_a_bad_record_in_a_later_range_names_its_line_in_the_file(tmp_path):
    lines = [json.dumps(r) for r in article_rows(40)]
    lines[33] = '{"id": "broken", "date": "2024-03-14", "text": "cut'
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    partitions = plan_partitions(path, partition_bytes=1000)
    assert len(partitions) > 3
    with pytest.raises(InputError) as info:
        for p in partitions:
            list(read_partition(p))
    assert info.value.line == 34
    assert str(info.value).startswith(f"{path}:34: broken JSON")


def test_output_must_be_a_folder(tmp_path):
    result = runner.invoke(app, ["code", str(EXAMPLES), "--scheduler", "local:2", "-o", str(tmp_path / "e.jsonl")])
    assert result.exit_code == 2
    assert "give a folder" in result.output


# --- same events, whichever door -----------------------------------------------------------------------------


def test_local_cluster_two_workers_and_one_process_give_the_same_events(tmp_path, client, one_process):
    assert one_process
    root = tmp_path / "events"
    summary = run_distributed(EXAMPLES, root, client=client, partition_bytes=8_000)
    two = tmp_path / "two.jsonl"
    run_code(EXAMPLES, two, options=RunOptions(workers=2))
    assert len(Manifest(root).partitions) >= 3
    assert summary.events == len(one_process)
    assert events_of_dataset(root) == one_process
    assert events_of_file(two) == one_process
    months = {p.name for p in root.glob("event_month=*")}
    assert {f"event_month={r['event_date']:%Y-%m}" for r in one_process if r["event_date"]} <= months


def test_dataset_reads_directly_in_duckdb(tmp_path, client, one_process):
    import duckdb

    root = tmp_path / "events"
    run_distributed(EXAMPLES, root, client=client, partition_bytes=8_000)
    glob = str(root / "event_month=*" / "*.parquet")
    rows = duckdb.sql(
        f"SELECT count(*), count(DISTINCT event_month) FROM read_parquet('{glob}', hive_partitioning=true)"
    )
    count, months = rows.fetchall()[0]
    assert count == len(one_process)
    assert months > 1


def test_a_rerun_skips_complete_partitions_and_redoes_only_missing_ones(tmp_path, client, one_process):
    root = tmp_path / "events"
    run_distributed(EXAMPLES, root, client=client, partition_bytes=8_000)
    coded: list[str] = []
    again = run_distributed(
        EXAMPLES, root, client=client, partition_bytes=8_000, on_partition=lambda p, c: coded.append(p)
    )
    assert coded == []
    assert again.unchanged == 32
    manifest = Manifest(root)
    dropped = sorted(manifest.partitions)[0]
    del manifest.partitions[dropped]
    manifest.save()
    run_distributed(EXAMPLES, root, client=client, partition_bytes=8_000, on_partition=lambda p, c: coded.append(p))
    assert coded == [dropped]
    assert events_of_dataset(root) == one_process


def test_a_rerun_cut_differently_replaces_the_old_partitions(tmp_path, client, one_process):
    root = tmp_path / "events"
    run_distributed(EXAMPLES, root, client=client, partition_bytes=8_000)
    before = set(Manifest(root).partitions)
    run_distributed(EXAMPLES, root, client=client, partition_bytes=20_000)
    after = set(Manifest(root).partitions)
    assert after and not before & after
    assert events_of_dataset(root) == one_process
    glob = str(root / "event_month=*" / "*.parquet")
    import duckdb

    rows = duckdb.sql(f"SELECT count(*), count(DISTINCT event_id) FROM read_parquet('{glob}')").fetchall()[0]
    assert rows[0] == len(one_process)


def test_a_killed_worker_partition_is_retried_and_every_event_appears_once(tmp_path, one_process):
    from distributed import Client, LocalCluster

    root = tmp_path / "events"
    killed: list[int] = []
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with Client(cluster) as c:

            def kill_a_busy_worker(partition_id, counts):
                if killed:
                    return
                pids = c.run(os.getpid)
                busy = [addr for addr, keys in c.processing().items() if keys]
                if busy:
                    killed.append(pids[busy[0]])
                    os.kill(pids[busy[0]], signal.SIGKILL)

            summary = run_distributed(EXAMPLES, root, client=c, partition_bytes=2_500, on_partition=kill_a_busy_worker)
            assert killed, "no worker was busy after the first partition"
            assert killed[0] not in c.run(os.getpid).values()  # the nanny started a fresh worker
    assert summary.articles == 32
    assert sum(e["articles"] for e in Manifest(root).partitions.values()) == 32
    records = events_of_dataset(root)
    assert len({r["event_id"] for r in records}) == len({r["event_id"] for r in one_process})
    assert records == one_process


def test_a_bad_record_stops_the_run_with_its_file_and_line(tmp_path, client):
    lines = [json.dumps(r) for r in article_rows(30)]
    lines[25] = '{"id": "no-date", "text": "Japan signed an agreement with Vietnam."}'
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        run_distributed(source, tmp_path / "events", client=client, partition_bytes=1_500)
    assert info.value.line == 26
    assert "date" in info.value.reason
    skipped = run_distributed(source, tmp_path / "skipped", client=client, partition_bytes=1_500, skip_bad=True)
    assert (skipped.articles, skipped.skipped) == (29, 1)


def test_coded_with_other_options_is_refused(tmp_path, client):
    root = tmp_path / "events"
    run_distributed(EXAMPLES, root, client=client, partition_bytes=30_000)
    with pytest.raises(InputError, match="other coder options"):
        run_distributed(EXAMPLES, root, client=client, config=Config(prefilter=False), partition_bytes=30_000)


# --- store import ------------------------------------------------------------------------------------------------


def test_store_import_merges_like_a_local_run_and_is_idempotent(tmp_path, client):
    from tidings.store import Store

    root = tmp_path / "events"
    run_distributed(EXAMPLES, root, client=client, partition_bytes=8_000)
    local_db = tmp_path / "local.duckdb"
    run_code(EXAMPLES, None, db=local_db)
    imported_db = tmp_path / "imported.duckdb"
    result = runner.invoke(app, ["store", "import", str(root), "--db", str(imported_db)])
    assert result.exit_code == 0, result.output
    assert "32 new or changed" in result.output
    again = import_dataset(root, imported_db)
    assert again.stored == 0 and again.articles == 32

    def merged(db: Path) -> list[tuple]:
        with Store(db, read_only=True) as store:
            sql = "SELECT event_id, num_mentions, mention_ids FROM events ORDER BY event_id"
            return [tuple(r) for r in store.query(sql).rows()]

    local = merged(local_db)
    assert local
    assert merged(imported_db) == local
    with Store(imported_db, read_only=True) as store:
        assert store.counts() == Store(local_db, read_only=True).counts()


def test_store_import_of_a_folder_that_is_not_a_dataset_fails_cleanly(tmp_path):
    result = runner.invoke(app, ["store", "import", str(tmp_path), "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 1  # a bad input is a failure (exit 1); usage errors exit 2
    assert MANIFEST in result.output


# --- the per-article step from a user's own Dask code ---------------------------------------------------------


def test_dask_bag_map_partitions_gives_the_events_of_one_process(one_process):
    import dask.bag as db

    rows = [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines()]
    bag = db.from_sequence(rows, npartitions=3).map_partitions(code_records)
    got = bag.compute(scheduler="sync")
    assert got
    assert sorted_records(records_table(got).to_pylist()) == one_process


def test_dask_dataframe_map_partitions_gives_the_events_of_one_process(one_process):
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")

    frame = pd.read_json(EXAMPLES, lines=True, dtype={"id": str, "date": str})
    events = dd.from_pandas(frame, npartitions=3).map_partitions(code_frame, meta=event_frame_meta())
    got = events.compute(scheduler="sync")
    assert len(got) == len(one_process)
    assert sorted(got["event_id"]) == sorted(r["event_id"] for r in one_process)


# --- a real corpus -------------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not WIKINEWS.exists(), reason="shared Wikinews benchmark not present")
def test_wikinews_same_events_from_local_cluster_workers_and_one_process(tmp_path, client):
    source = tmp_path / "wikinews.jsonl"
    lines = WIKINEWS.read_text(encoding="utf-8").splitlines()[:300]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run_code(source, one)
    run_code(source, two, options=RunOptions(workers=2))
    root = tmp_path / "events"
    run_distributed(source, root, client=client)
    expected = events_of_file(one)
    assert len(expected) > 100
    assert len(Manifest(root).partitions) >= 4
    assert events_of_dataset(root) == expected
    assert events_of_file(two) == expected
