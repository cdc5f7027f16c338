"""Nothing lost, nothing stale: the seven points of issue 14, each a row of the README's abuse table.

1. any article length, ``--skip-bad`` never ends a run, the store keeps what was coded before an error;
2. a re-run writes every article's events to ``-o`` and recodes what its options changed (``--force``: all);
3. article ids from folders are paths below the folder;
4. GDELT exports leave out negated and hypothetical events, filter by mode and confidence, come with the
   Mentions table and a ``gdelt_events`` view;
5. Ctrl-C (see ``test_interrupts.py``);
6. readers work while a run writes;
7. the conventions users expect from sqlite-utils-style tools.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from fake_events import make_article, make_event, sentences_of
from typer.testing import CliRunner

import tidings
from tidings.cli import app
from tidings.errors import InputError
from tidings.export import gdelt_columns
from tidings.run import RunOptions, run_code
from tidings.store import Store

FAKE_WRITER = Path(__file__).with_name("fake_events.py")
runner = CliRunner()
DAY = "2024-03-14"
MEETING = "France met Germany in Berlin on Monday to discuss energy prices."
ARREST = "Kenyan police arrested twelve protesters in Nairobi on Tuesday."


def article(i: int | str, text: str = ARREST) -> dict:
    return {"id": f"n{i}" if isinstance(i, int) else i, "date": DAY, "text": text}


def jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def stored_ids(db: Path) -> list[str]:
    with Store(db, read_only=True) as store:
        return store.query("SELECT article_id FROM articles ORDER BY 1")["article_id"].to_list()


# --- 1. any length; skip-bad; the store keeps what was coded before an error ------------------------------


def test_an_article_over_a_million_characters_is_coded_between_others(tmp_path):
    # One coded sentence, then more than spaCy's default max_length of filler words.
    long_text = MEETING + "\n\n" + ("lorem ipsum dolor sit amet consectetur " * 26_000)
    assert len(long_text) > 1_000_000
    rows = [article(i) for i in range(10)] + [article("long", long_text)] + [article(i) for i in range(10, 20)]
    db = tmp_path / "ev.duckdb"
    summary = run_code(jsonl(tmp_path / "in.jsonl", rows), tmp_path / "out.jsonl", db=db, skip_bad=True)
    assert (summary.articles, summary.skipped) == (21, 0)
    assert len(stored_ids(db)) == 21
    codes = [json.loads(line)["event_code"] for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    long_events = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert any(e["article_id"] == "long" and e["event_code"].startswith("04") for e in long_events), codes


def test_an_error_after_many_articles_keeps_every_coded_article_in_the_store(tmp_path):
    rows = [article(i) for i in range(70)] + ["{broken"]
    db = tmp_path / "ev.duckdb"
    with pytest.raises(InputError, match=r"in.jsonl:71") as error:
        run_code(jsonl(tmp_path / "in.jsonl", rows), None, db=db)
    assert len(stored_ids(db)) == 70  # not only the 64 of the last full batch
    assert error.value.run_summary.stored == 70


# --- 2. re-runs: every article's events in -o; changed options recode; --force -------------------------


def test_an_unchanged_rerun_writes_the_same_output_file(tmp_path):
    src = jsonl(tmp_path / "in.jsonl", [article(1), article(2, MEETING)])
    db, first, second = tmp_path / "ev.duckdb", tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    run_code(src, first, db=db)
    again = run_code(src, second, db=db)
    assert again.unchanged == 2 and again.events == 0 and again.stored_events > 0
    assert first.read_text() and second.read_text() == first.read_text()


def test_a_rerun_with_two_workers_writes_the_same_output_file(tmp_path):
    src = jsonl(tmp_path / "in.jsonl", [article(i, MEETING if i % 2 else ARREST) for i in range(6)])
    db, first, second = tmp_path / "ev.duckdb", tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    run_code(jsonl(tmp_path / "part.jsonl", [article(i, MEETING if i % 2 else ARREST) for i in (1, 4)]), None, db=db)
    summary = run_code(src, first, db=db, workers=2)
    assert (summary.unchanged, summary.stored) == (2, 4)
    run_code(src, second)
    assert first.read_text() and first.read_text() == second.read_text()


def test_changed_coder_options_recode_stored_articles_and_force_recodes_all(tmp_path):
    visit = "Pakistani President Arif Alvi visited China on Monday."
    src = jsonl(tmp_path / "in.jsonl", [article("v", visit), article(2)])
    db = tmp_path / "ev.duckdb"
    run_code(src, None, db=db)
    with Store(db, read_only=True) as store:
        before = store.mentions()["event_code"].to_list()
    paired = run_code(src, None, db=db, paired_events=True)
    assert paired.unchanged == 0 and paired.articles == 2
    with Store(db, read_only=True) as store:
        after = store.mentions()["event_code"].to_list()
    assert "042" in before and "043" not in before and "043" in after  # the host event of --paired
    assert run_code(src, None, db=db, paired_events=True).unchanged == 2
    forced = run_code(src, None, db=db, paired_events=True, force=True)
    assert (forced.unchanged, forced.stored) == (0, 2)


def test_an_edited_dictionary_recodes_stored_articles(tmp_path):
    actors = tmp_path / "extra.actors.txt"
    actors.write_text("ZORVANIA [ZRV]\n", encoding="utf-8")
    src = jsonl(tmp_path / "in.jsonl", [article(1, "Zorvania met France in Paris on Monday.")])
    db = tmp_path / "ev.duckdb"
    run_code(src, None, db=db, dictionaries=[str(actors)])
    assert run_code(src, None, db=db, dictionaries=[str(actors)]).unchanged == 1
    actors.write_text("ZORVANIA [ZRVGOV]\n", encoding="utf-8")
    assert run_code(src, None, db=db, dictionaries=[str(actors)]).unchanged == 0


# --- 3. folder ids -------------------------------------------------------------------------------------


def test_files_of_the_same_name_in_two_folders_are_two_articles(tmp_path):
    page = "<html><body><article><p>{}</p><p>Officials called the meeting constructive.</p></article></body></html>"
    for folder, text in (("a", MEETING), ("b", ARREST)):
        (tmp_path / "site" / folder).mkdir(parents=True)
        (tmp_path / "site" / folder / "index.html").write_text(page.format(text), encoding="utf-8")
    db = tmp_path / "ev.duckdb"
    summary = run_code(tmp_path / "site", None, db=db, default_date=DAY)
    assert (summary.articles, summary.duplicates) == (2, 0)
    assert stored_ids(db) == ["a/index.html", "b/index.html"]


# --- 4. GDELT: modes, confidence, the Mentions table, the gdelt_events view ----------------------------


@pytest.fixture
def moded_store(tmp_path: Path) -> Path:
    db = tmp_path / "ev.duckdb"
    with Store(db) as store:
        for i, (mode, confidence) in enumerate(
            [("reported", 1.0), ("negated", 1.0), ("hypothetical", 1.0), ("claimed", 0.4), ("alleged", 0.9)]
        ):
            a = make_article(f"a{i}", "The United States met Russia.", url=f"https://example.org/{i}")
            event = make_event(a.id, event_code=f"04{i}", mode=mode)
            event.confidence = confidence
            store.write_article(a, sentences_of(a), [event])
        second = make_article("b0", "The United States met Russia.", source="other outlet")
        store.write_article(second, sentences_of(second), [make_event("b0", event_code="040")])
    return db


def gdelt_rows(path: Path) -> list[dict[str, str]]:
    return [dict(zip(gdelt_columns(), line.split("\t"), strict=True)) for line in path.read_text().splitlines()]


def test_gdelt_export_leaves_out_negated_and_hypothetical_events(moded_store, tmp_path):
    out = tmp_path / "events.tsv"
    result = runner.invoke(app, ["export", "--db", str(moded_store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    codes = sorted(r["EventCode"] for r in gdelt_rows(out))
    assert codes == ["040", "043", "044"]  # reported, claimed, alleged
    jsonl_out = tmp_path / "all.jsonl"
    runner.invoke(app, ["export", "--db", str(moded_store), "-o", str(jsonl_out)])
    assert len(jsonl_out.read_text().splitlines()) == 5  # other formats carry the mode and keep them all


@pytest.mark.parametrize(
    ("options", "codes"),
    [
        (["--modes", "negated,hypothetical"], ["041", "042"]),
        (["--min-confidence", "0.5"], ["040", "044"]),
        (["--modes", "reported,hypothetical,negated", "--min-confidence", "0.95"], ["040", "041", "042"]),
    ],
)
def test_export_filters_by_mode_and_confidence(moded_store, tmp_path, options, codes):
    out = tmp_path / "events.tsv"
    result = runner.invoke(app, ["export", "--db", str(moded_store), "-o", str(out), *options])
    assert result.exit_code == 0, result.output
    assert sorted(r["EventCode"] for r in gdelt_rows(out)) == codes


def test_unknown_mode_is_a_usage_error(moded_store, tmp_path):
    out = str(tmp_path / "e.tsv")
    result = runner.invoke(app, ["export", "--db", str(moded_store), "-o", out, "--modes", "rumour"])
    assert result.exit_code == 2 and "rumour" in result.output


def test_gdelt_export_writes_the_mentions_table_beside_the_events(moded_store, tmp_path):
    from tidings.gdelt import MENTION_COLUMNS

    out = tmp_path / "events.tsv"
    runner.invoke(app, ["export", "--db", str(moded_store), "-o", str(out)])
    events = {r["GLOBALEVENTID"]: r for r in gdelt_rows(out)}
    lines = (tmp_path / "events.mentions.tsv").read_text().splitlines()
    mentions = [dict(zip(MENTION_COLUMNS, line.split("\t"), strict=True)) for line in lines]
    assert mentions and {m["GLOBALEVENTID"] for m in mentions} == set(events)
    by_event: dict[str, int] = {}
    for m in mentions:
        by_event[m["GLOBALEVENTID"]] = by_event.get(m["GLOBALEVENTID"], 0) + 1
    assert all(by_event[gid] == int(row["NumMentions"]) for gid, row in events.items())
    merged = [m for m in mentions if by_event[m["GLOBALEVENTID"]] == 2]
    assert {m["MentionSourceName"] for m in merged} == {"other outlet", ""}
    assert all(m["SentenceID"] == "1" and m["ActionCharOffset"] == "10" for m in mentions)


def test_the_gdelt_events_view_answers_gdelt_sql_like_the_exported_file(moded_store, tmp_path):
    out = tmp_path / "events.tsv"
    with Store(moded_store, read_only=True) as store:
        store.export(out, modes=["reported", "claimed", "alleged", "hypothetical", "negated"])
        view = store.query("SELECT * FROM gdelt_events ORDER BY GLOBALEVENTID")
        grouped = store.query("SELECT EventRootCode, sum(NumMentions) AS n FROM gdelt_events GROUP BY 1")
    assert grouped.to_dicts() == [{"EventRootCode": "04", "n": 6}]
    file_rows = sorted(gdelt_rows(out), key=lambda r: int(r["GLOBALEVENTID"]))
    assert view.height == len(file_rows) == 5
    for got, want in zip(view.iter_rows(named=True), file_rows, strict=True):
        for column in gdelt_columns():
            if column == "DATEADDED":
                continue  # the view has the article's coded_at, as the file has
            value = got[column]
            text = "" if value is None else (f"{value:.4f}" if column == "FractionDate" else str(value))
            assert text == want[column], column


# --- 6. readers while a run writes ---------------------------------------------------------------------


def test_readers_open_the_store_while_another_process_writes_it(tmp_path):
    db = tmp_path / "ev.duckdb"
    Store(db).close()
    writer = subprocess.Popen(
        [sys.executable, str(FAKE_WRITER), str(db), "300", "5", "--pause", "0.1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().startswith("committed")
        seen = []
        for _ in range(5):
            with Store(db, read_only=True) as reader:
                seen.append(reader.counts()["articles"])
            query = runner.invoke(app, ["query", "--db", str(db), "--csv", "SELECT count(*) AS n FROM articles"])
            assert query.exit_code == 0, query.output
            time.sleep(0.05)
        assert writer.poll() is None, "the writer finished before the readers were done: not concurrent"
    finally:
        writer.wait(timeout=120)
    assert writer.returncode == 0
    assert 0 < seen[0] < 300 and seen == sorted(seen)


def test_a_notebook_store_object_does_not_lock_the_command_line_out(tmp_path):
    db = tmp_path / "ev.duckdb"
    store = Store(db)  # read-write, kept open as a notebook would
    a = make_article("a1")
    store.write_article(a, sentences_of(a), [make_event("a1")])
    proc = subprocess.run(
        [sys.executable, "-m", "tidings.cli", "query", "--db", str(db), "--nl", "SELECT article_id FROM articles"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"article_id": "a1"}
    store.close()


# --- 7. conventions ------------------------------------------------------------------------------------


@pytest.fixture
def small_store(tmp_path: Path) -> Path:
    db = tmp_path / "ev.duckdb"
    with Store(db) as store:
        for i in range(3):
            a = make_article(f"a{i}")
            store.write_article(a, sentences_of(a), [make_event(a.id)])
    return db


@pytest.mark.parametrize(
    ("options", "parse"),
    [
        (["--json"], lambda out: json.loads(out)),
        (["--format", "json"], lambda out: json.loads(out)),
        (["--nl"], lambda out: [json.loads(line) for line in out.splitlines()]),
        (["--csv"], lambda out: pl.read_csv(out.encode()).to_dicts()),
    ],
)
def test_query_output_formats(small_store, options, parse):
    sql = "SELECT article_id FROM articles ORDER BY 1"
    result = runner.invoke(app, ["query", "--db", str(small_store), *options, sql])
    assert result.exit_code == 0, result.output
    assert parse(result.stdout) == [{"article_id": f"a{i}"} for i in range(3)]


def test_query_with_an_unknown_format_is_a_usage_error(small_store):
    result = runner.invoke(app, ["query", "--db", str(small_store), "--format", "xml", "SELECT 1"])
    assert result.exit_code == 2 and "xml" in result.output


def test_a_closed_pipe_ends_the_command_quietly(small_store):
    big = "SELECT range AS n FROM range(200000)"
    proc = subprocess.run(
        f"{sys.executable} -m tidings.cli query --db {small_store} --nl '{big}' | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.stdout == '{"n": 0}\n'
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_plain_text_on_stdin_suggests_the_text_input_format():
    result = runner.invoke(app, ["code", "-", "--quiet"], input="France met Germany in Berlin.\n")
    assert result.exit_code == 1
    assert "--input-format txt" in result.output and "Traceback" not in result.output


def test_eval_of_a_file_without_gold_and_of_a_missing_file_is_one_line(tmp_path):
    plain = jsonl(tmp_path / "news.jsonl", [article(1)])
    for path, message in ((plain, 'no "gold" list'), (tmp_path / "missing.jsonl", "gold file not found")):
        result = runner.invoke(app, ["eval", str(path)])
        assert result.exit_code == 1, result.output
        assert message in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_tidings_export_stays_callable_after_tidings_store_is_used(tmp_path):
    script = (
        "import sys, tidings\n"
        "tidings.Store\n"
        "events = tidings.code_text('Russia attacked Ukraine on Monday.', date='2024-03-14')\n"
        "assert events\n"
        "print(tidings.export(events, sys.argv[1]))\n"
    )
    out = tmp_path / "events.jsonl"
    proc = subprocess.run([sys.executable, "-c", script, str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) == len(out.read_text().splitlines()) > 0


def test_code_takes_pandas_and_polars_frames():
    rows = [article(1, MEETING), article(2)]
    for frame in (pd.DataFrame(rows), pl.DataFrame(rows)):
        events = list(tidings.code(frame))
        assert events and {e.article_id for e in events} == {"n1", "n2"}


def test_resolve_dates_takes_a_string_date():
    (expr,) = tidings.resolve_dates("The talks ended on Monday.", "2024-03-14")
    assert expr.value == "2024-03-11"
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        tidings.resolve_dates("The talks ended on Monday.", "last week")


def test_gzipped_jsonl_json_arrays_and_renamed_columns_are_read(tmp_path):
    gz = tmp_path / "news.jsonl.gz"
    gz.write_bytes(gzip.compress((json.dumps(article(1)) + "\n").encode()))
    array = tmp_path / "news.json"
    array.write_text(json.dumps([article(2), article(3)]), encoding="utf-8")
    renamed = tmp_path / "feed.csv"
    renamed.write_text(f"doc,published,body\nr1,{DAY},{ARREST}\n", encoding="utf-8")
    assert [a.id for a in tidings.read_articles(gz)] == ["n1"]
    assert [a.id for a in tidings.read_articles(array)] == ["n2", "n3"]
    fields = {"id": "doc", "date": "published", "text": "body"}
    assert [a.text for a in tidings.read_articles(renamed, fields=fields)] == [ARREST]
    result = runner.invoke(
        app, ["code", str(renamed), "--quiet", "--field", "id=doc", "--field", "date=published", "--field", "text=body"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[0])["article_id"] == "r1"


def test_every_command_and_option_has_help():
    import typer.main

    group = typer.main.get_command(app)
    commands = getattr(group, "commands", {})
    assert {"code", "export", "query", "eval"} <= set(commands)
    missing = []
    for name, command in commands.items():
        if not (command.help or "").strip():
            missing.append(name)
        missing += [f"{name} {p.name}" for p in command.params if not getattr(p, "help", None)]
    assert missing == []
    assert runner.invoke(app, ["code", "-h"]).exit_code == 0
    assert runner.invoke(app, ["--version"]).output.startswith("tidings ")


def test_run_options_take_the_run_fields_by_name():
    options = RunOptions.from_options(force=True, fields={"text": "body"}, paired_events=True)
    assert options.force and options.fields == (("text", "body"),) and options.config.settings.paired_events
