"""``--min-confidence`` on export: only events the coder is sure enough of leave the store."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from fake_events import make_article, make_event, sentences_of
from typer.testing import CliRunner

from tidings.cli import app
from tidings.store import Store

runner = CliRunner()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """Two articles, each with one event: one coded from its frame (0.9), one found by a fallback rule (0.4)."""
    path = tmp_path / "events.duckdb"
    with Store(path) as store:
        for article_id, code, confidence in (("sure", "042", 0.9), ("unsure", "190", 0.4)):
            article = make_article(article_id, "The United States met Russia.")
            event = replace(make_event(article_id, event_code=code), confidence=confidence)
            store.write_article(article, sentences_of(article), [event])
    return path


@pytest.mark.parametrize(
    ("merged", "threshold", "kept"),
    [(True, 0.5, {"sure"}), (False, 0.5, {"sure"}), (True, 0.3, {"sure", "unsure"}), (True, None, {"sure", "unsure"})],
)
def test_export_keeps_events_at_or_above_the_threshold(store_path: Path, tmp_path: Path, merged, threshold, kept):
    out = tmp_path / "out.jsonl"
    with Store(store_path, read_only=True) as store:
        n = store.export(out, merged=merged, min_confidence=threshold)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert n == len(rows) == len(kept)
    ids = {r["article_ids"][0] if merged else r["article_id"] for r in rows}
    assert ids == kept


def test_the_export_command_takes_min_confidence(store_path: Path, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    done = runner.invoke(app, ["export", "--db", str(store_path), "-o", str(out), "--min-confidence", "0.5"])
    assert done.exit_code == 0, done.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["confidence"] for r in rows] == [0.9]
    bad = runner.invoke(app, ["export", "--db", str(store_path), "-o", str(out), "--min-confidence", "2"])
    assert bad.exit_code != 0
