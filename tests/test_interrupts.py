"""A run stopped at a random point — ``kill -9`` or Ctrl-C (SIGINT) — loses nothing and leaves nothing stale.

Over a 300-article run (the Wikinews sample of ``../shared/benchmarks``, read by path; skipped when absent),
ten trials of each: after the interruption, re-running the same command completes the store to exactly the
mentions and merged events of an uninterrupted run, and writes an output file byte-for-byte equal to the
uninterrupted run's. After Ctrl-C the output file already holds the events of every finished article.

To keep the wall time reasonable each article is its story's first sentence (the seven longest stories
give their second sentence too, to reach 300), and every run starts with the coder already loaded: the
re-runs happen in the test process, and the runs killed with ``kill -9`` in a child forked from it. One
more test presses Ctrl-C on the real command line.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tidings.run import RunInterrupted, run_code
from tidings.store import Store

WIKINEWS = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "news_wikinews.jsonl"
ARTICLES = 300
TRIALS = 10

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not WIKINEWS.exists(), reason="shared Wikinews sample not present"),
]


def _opening(text: str, start: int) -> str:
    """The sentence of ``text`` that starts at ``start`` (up to the next full stop and space)."""
    end = text.find(". ", start)
    return text[start : end + 1 if end > 0 else len(text)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    stories = [json.loads(line) for line in WIKINEWS.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [dict(s, text=_opening(s["text"], 0)) for s in stories]
    for story in sorted(stories, key=lambda s: -len(s["text"]))[: ARTICLES - len(rows)]:
        rest = _opening(story["text"], len(_opening(story["text"], 0)) + 1).strip()
        rows.append(dict(story, id=story["id"] + "#2", text=rest))
    assert len(rows) == ARTICLES and all(r["text"].strip() for r in rows)
    path = tmp_path_factory.mktemp("corpus") / "news.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def uninterrupted(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("whole")
    summary = run_code(corpus, folder / "events.jsonl", db=folder / "events.duckdb")
    assert summary.articles == ARTICLES and summary.events > 30
    # Timed again with everything loaded (the first run also loads the model and the place index), and
    # recoded with force: the same events must come out.
    again = run_code(corpus, folder / "again.jsonl", db=folder / "events.duckdb", force=True)
    assert (folder / "again.jsonl").read_bytes() == (folder / "events.jsonl").read_bytes()
    return {
        "seconds": again.seconds,
        "output": (folder / "events.jsonl").read_bytes(),
        "store": _contents(folder / "events.duckdb"),
    }


def _contents(db: Path) -> dict:
    """Everything a run decides in a store: articles, mentions and merged events (not when they were coded)."""
    with Store(db, read_only=True) as store:
        return {
            "articles": store.query("SELECT article_id, content_hash, n_sentences FROM articles ORDER BY 1"),
            "mentions": store.query("SELECT * FROM mentions ORDER BY event_id"),
            "events": store.query("SELECT * FROM events ORDER BY event_id"),
        }


def _assert_complete(db: Path, output: Path, expected: dict) -> None:
    assert output.read_bytes() == expected["output"]
    got = _contents(db)
    for table, frame in expected["store"].items():
        assert frame.height > 0, table
        assert got[table].equals(frame), table


def _event_lines_of_first(expected: bytes, n_articles: int, corpus: Path) -> bytes:
    """The uninterrupted output's lines for the first ``n_articles`` input articles."""
    ids = [json.loads(line)["id"] for line in corpus.read_text(encoding="utf-8").splitlines()][:n_articles]
    keep = set(ids)
    lines = expected.splitlines(keepends=True)
    return b"".join(line for line in lines if json.loads(line)["article_id"] in keep)


def _run_then_exit(corpus: Path, out: Path, db: Path) -> None:
    run_code(corpus, out, db=db)
    os._exit(0)


def test_kill_9_at_random_points_then_a_rerun_completes_the_store_and_the_output(corpus, uninterrupted, tmp_path):
    rng = random.Random(14)
    fork = mp.get_context("fork")
    interrupted = 0
    for trial in range(TRIALS):
        db, out = tmp_path / f"k{trial}.duckdb", tmp_path / f"k{trial}.jsonl"
        child = fork.Process(target=_run_then_exit, args=(corpus, out, db))
        child.start()
        time.sleep(rng.uniform(0.05, 0.9 * uninterrupted["seconds"]))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        interrupted += child.exitcode == -signal.SIGKILL
        summary = run_code(corpus, out, db=db)
        assert summary.articles == ARTICLES
        _assert_complete(db, out, uninterrupted)
        assert not list(tmp_path.glob(f".k{trial}.jsonl.*.part")), "the killed writer's temporary file remains"
    assert interrupted >= TRIALS // 2


def test_ctrl_c_at_random_points_saves_the_finished_articles_and_a_rerun_completes(corpus, uninterrupted, tmp_path):
    rng = random.Random(41)
    stopped = 0
    for trial in range(TRIALS):
        db, out = tmp_path / f"c{trial}.duckdb", tmp_path / f"c{trial}.jsonl"
        delay = rng.uniform(0.05, 0.9 * uninterrupted["seconds"])
        timer = threading.Timer(delay, os.kill, (os.getpid(), signal.SIGINT))
        timer.start()
        try:
            try:
                run_code(corpus, out, db=db)
            finally:
                timer.cancel()
                timer.join()
        except RunInterrupted as stop:
            stopped += 1
            finished = stop.summary.articles
            assert str(stop) == f"interrupted: {finished} articles coded; run the same command to resume"
            # The output holds exactly the events of the finished articles, the store holds those articles.
            assert out.read_bytes() == _event_lines_of_first(uninterrupted["output"], finished, corpus)
            with Store(db, read_only=True) as store:
                assert store.counts()["articles"] == finished
        except KeyboardInterrupt:
            pass  # the signal came just as the run ended, outside it: nothing to check
        summary = run_code(corpus, out, db=db)
        assert summary.articles == ARTICLES
        _assert_complete(db, out, uninterrupted)
    assert stopped >= TRIALS // 2


def test_ctrl_c_on_the_command_line_prints_how_to_resume_and_exits_130(corpus, tmp_path):
    db, out = tmp_path / "cli.duckdb", tmp_path / "cli.jsonl"
    child = subprocess.Popen(
        [sys.executable, "-m", "tidings.cli", "code", str(corpus), "-o", str(out), "--db", str(db), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not _has_articles(db):
        time.sleep(0.2)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    assert "interrupted:" in err and "articles coded; run the same command to resume" in err
    assert "Traceback" not in err
    assert out.exists()


def _has_articles(db: Path) -> bool:
    if not db.exists():
        return False
    try:
        with Store(db, read_only=True, timeout=0.5) as store:
            return store.counts()["articles"] > 0
    except Exception:  # noqa: BLE001 - still being created
        return False
