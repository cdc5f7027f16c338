"""The command line: thin wrappers over the library, clean one-line errors, idempotent store runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from tidings.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles.jsonl"
runner = CliRunner()


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


ARTICLES = [
    {
        "id": "a1",
        "date": "2024-03-14",
        "text": "Kenyan police arrested twelve protesters in Nairobi on Tuesday.",
    },
    {
        "id": "a2",
        "date": "2024-03-15",
        "text": "France met Germany in Berlin on Monday to discuss energy prices.",
    },
]


def test_code_writes_jsonl_with_the_output_contract(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["code", str(src), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert records
    for key in (
        "event_id",
        "article_id",
        "event_date",
        "date_precision",
        "source_code",
        "target_code",
        "event_code",
        "event_root_code",
        "quad_class",
        "goldstein",
        "plover_type",
        "mode",
        "evidence",
    ):
        assert key in records[0]
    meeting = [r for r in records if r["article_id"] == "a2"]
    assert meeting and meeting[0]["event_code"].startswith("04")
    assert meeting[0]["event_date"] == "2024-03-11"  # "on Monday" before a Friday article


def test_code_writes_parquet_and_csv_by_suffix(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    for name in ("events.parquet", "events.csv"):
        out = tmp_path / name
        result = runner.invoke(app, ["code", str(src), "-o", str(out), "--quiet"])
        assert result.exit_code == 0, result.output
        df = pl.read_parquet(out) if name.endswith("parquet") else pl.read_csv(out)
        assert df.height >= 2


def test_broken_json_line_is_a_one_line_error_naming_file_and_line(tmp_path):
    src = tmp_path / "bad.jsonl"
    src.write_text(json.dumps(ARTICLES[0]) + "\n{not json\n", encoding="utf-8")
    result = runner.invoke(app, ["code", str(src), "-o", str(tmp_path / "out.jsonl"), "--quiet"])
    assert result.exit_code == 1  # a failure while working (exit 2 is for usage errors)
    assert "bad.jsonl:2" in result.output
    assert "Traceback" not in result.output


def test_skip_bad_counts_and_keeps_going(tmp_path):
    src = tmp_path / "bad.jsonl"
    src.write_text(json.dumps(ARTICLES[0]) + "\n{not json\n" + json.dumps(ARTICLES[1]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["code", str(src), "-o", str(out), "--skip-bad"])
    assert result.exit_code == 0, result.output
    assert "2 articles read, 1 skipped" in result.output
    assert out.read_text().strip()


def test_unknown_model_is_a_clean_error(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    result = runner.invoke(app, ["code", str(src), "--model", "no_such_model_xx", "--quiet"])
    assert result.exit_code == 1
    assert "no_such_model_xx" in result.output and "not installed" in result.output


def test_store_run_is_idempotent_and_exports_gdelt(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    db = tmp_path / "ev.duckdb"
    first = runner.invoke(app, ["code", str(src), "-o", str(tmp_path / "e1.jsonl"), "--db", str(db)])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["code", str(src), "-o", str(tmp_path / "e2.jsonl"), "--db", str(db)])
    assert "2 unchanged in store" in second.output
    q = runner.invoke(app, ["query", "--db", str(db), "--format", "csv", "SELECT count(*) AS n FROM mentions"])
    n_mentions = int(q.output.strip().splitlines()[-1])
    assert n_mentions == len((tmp_path / "e1.jsonl").read_text().splitlines())
    gd = tmp_path / "ev.tsv"
    ex = runner.invoke(app, ["export", "--db", str(db), "--format", "gdelt", "-o", str(gd)])
    assert ex.exit_code == 0, ex.output
    rows = gd.read_text().splitlines()
    assert rows and all(len(r.split("\t")) == 61 for r in rows)


def test_dates_command_lists_expressions_with_offsets(tmp_path):
    text = "Talks ended on Monday. The following day, both sides met again."
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "d1", "date": "2024-03-14", "text": text}])
    result = runner.invoke(app, ["dates", str(src)])
    assert result.exit_code == 0, result.output
    exprs = [json.loads(line) for line in result.output.splitlines()]
    assert exprs[0]["value"] == "2024-03-11"
    assert text[exprs[0]["start_char"] : exprs[0]["end_char"]] == exprs[0]["text"]
    assert exprs[1]["value"] == "2024-03-12"


def test_dates_command_prints_timex_types_and_no_days_for_a_duration(tmp_path):
    text = "The envoy arrived this morning for three days of talks."
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "d1", "date": "2024-03-14", "text": text}])
    result = runner.invoke(app, ["dates", str(src)])
    assert result.exit_code == 0, result.output
    exprs = [json.loads(line) for line in result.output.splitlines()]
    assert [(x["text"], x["type"], x["value"]) for x in exprs] == [
        ("this morning", "TIME", "2024-03-14TMO"),
        ("three days", "DURATION", "P3D"),
    ]
    assert (exprs[0]["start"], exprs[0]["precision"]) == ("2024-03-14", "day")
    assert (exprs[1]["start"], exprs[1]["end"], exprs[1]["precision"]) == (None, None, None)


def test_explain_says_why_nothing_was_coded():
    result = runner.invoke(app, ["explain", "The weather in Paris was mild on Sunday.", "--date", "2024-03-14"])
    assert result.exit_code == 0
    assert "pre-filter: skip — no trigger word" in result.output
    assert "  events:" not in result.output  # the sentence was never parsed, so no event was tried


def test_explain_shows_the_chosen_pattern_and_actors():
    result = runner.invoke(app, ["explain", "Russia attacked Ukraine on Monday.", "--date", "2024-03-14"])
    assert "RUS → UKR 19" in result.output
    assert "'Russia' → RUS" in result.output


@pytest.mark.skipif(not EXAMPLES.exists(), reason="examples not present")
def test_readme_first_command_works_on_the_bundled_examples(tmp_path):
    out = tmp_path / "events.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "tidings.cli", "code", str(EXAMPLES), "-o", str(out), "--quiet"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) >= 20
    assert {r["article_id"] for r in records} >= {"ex-001"}


@pytest.mark.skipif(not EXAMPLES.exists(), reason="examples not present")
def test_two_workers_give_the_same_events_as_one(tmp_path):
    from tidings.run import RunOptions, run_code

    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run_code(EXAMPLES, one)
    run_code(EXAMPLES, two, options=RunOptions(workers=2))
    rows = [sorted(p.read_text().splitlines()) for p in (one, two)]
    assert rows[0] and rows[0] == rows[1]
