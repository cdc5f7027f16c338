"""Bad input and abuse, end to end through ``run_code`` with a store: each row of the README table.

Every case must give a clear error or process the rest, and never lose what the store already holds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings.errors import InputError, TidingsError
from tidings.run import RunOptions, run_code
from tidings.store import Store

GOOD = {
    "id": "good-1",
    "date": "2024-03-14",
    "text": "Kenyan police arrested twelve protesters in Nairobi on Tuesday.",
}


def jsonl(path: Path, rows: list) -> Path:
    path.write_bytes(b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in rows))
    return path


def stored_articles(db: Path) -> int:
    with Store(db, read_only=True) as store:
        return int(store.query("SELECT count(*) AS n FROM articles")["n"][0])


@pytest.fixture
def db_with_one_article(tmp_path: Path) -> Path:
    db = tmp_path / "ev.duckdb"
    run_code(jsonl(tmp_path / "good.jsonl", [GOOD]), None, db=db)
    assert stored_articles(db) == 1
    return db


def test_truncated_file_reports_the_last_line_and_keeps_the_store(tmp_path, db_with_one_article):
    src = tmp_path / "cut.jsonl"
    src.write_text(json.dumps(GOOD | {"id": "x2"}) + "\n" + json.dumps(GOOD | {"id": "x3"})[:40], encoding="utf-8")
    with pytest.raises(InputError, match=r"cut.jsonl:2"):
        run_code(src, None, db=db_with_one_article)
    assert stored_articles(db_with_one_article) >= 1


def test_truncated_file_with_skip_bad_stores_the_complete_records(tmp_path, db_with_one_article):
    src = tmp_path / "cut.jsonl"
    src.write_text(json.dumps(GOOD | {"id": "x2"}) + "\n" + json.dumps(GOOD | {"id": "x3"})[:40], encoding="utf-8")
    summary = run_code(src, None, db=db_with_one_article, options=RunOptions(skip_bad=True))
    assert summary.skipped == 1
    assert stored_articles(db_with_one_article) == 2


def test_invalid_utf8_line_is_named(tmp_path):
    src = jsonl(tmp_path / "bytes.jsonl", [GOOD, b'{"id": "b", "date": "2024-03-14", "text": "caf\xe9"}'])
    with pytest.raises(InputError, match=r"bytes.jsonl:2: .*UTF-8"):
        run_code(src, None)


def test_wrong_json_types_are_named(tmp_path):
    src = jsonl(tmp_path / "types.jsonl", [{"id": "t", "date": "2024-03-14", "text": ["not", "a", "string"]}])
    with pytest.raises(InputError, match=r"types.jsonl:1"):
        run_code(src, None)


def test_twenty_megabyte_article_is_refused_and_the_rest_processed(tmp_path):
    huge = GOOD | {"id": "huge", "text": "Word " * 4_000_000}
    src = jsonl(tmp_path / "huge.jsonl", [huge, GOOD])
    summary = run_code(src, None, options=RunOptions(skip_bad=True))
    assert summary.skipped == 1 and summary.articles == 1


def test_sentence_of_100k_characters_without_punctuation_is_coded_in_windows(tmp_path):
    text = "France met Germany in Berlin " + "and talks went on " * 6000 + "until late"
    src = jsonl(tmp_path / "long.jsonl", [GOOD | {"id": "long", "text": text}])
    out = tmp_path / "out.jsonl"
    summary = run_code(src, out)
    assert summary.articles == 1
    assert summary.sentences > 10  # cut into bounded windows instead of one giant parse


def test_duplicate_ids_in_one_run_are_counted_and_the_first_is_kept(tmp_path, caplog):
    db, out = tmp_path / "ev.duckdb", tmp_path / "out.jsonl"
    first = GOOD | {"id": "dup", "text": "France met Germany in Berlin on Monday to discuss energy prices."}
    second = GOOD | {"id": "dup"}
    summary = run_code(jsonl(tmp_path / "d.jsonl", [first, second]), out, db=db)
    assert (summary.articles, summary.duplicates) == (1, 1)
    assert any("duplicate article id 'dup'" in r.getMessage() for r in caplog.records)
    with Store(db, read_only=True) as store:
        rows = store.query("SELECT text FROM articles WHERE article_id = 'dup'")
        codes = set(store.query("SELECT event_code FROM mentions WHERE article_id = 'dup'")["event_code"])
    assert rows.height == 1 and rows["text"][0].startswith("France")
    assert codes and all(c.startswith("04") for c in codes)
    written = {json.loads(line)["event_code"] for line in out.read_text().splitlines()}
    assert written == codes


def test_rerun_of_the_same_input_is_idempotent(tmp_path, db_with_one_article):
    src = jsonl(tmp_path / "good.jsonl", [GOOD])
    summary = run_code(src, None, db=db_with_one_article)
    assert summary.unchanged == 1
    with Store(db_with_one_article, read_only=True) as store:
        n = int(store.query("SELECT count(*) AS n FROM mentions")["n"][0])
    again = run_code(src, None, db=db_with_one_article)
    assert again.unchanged == 1
    with Store(db_with_one_article, read_only=True) as store:
        assert int(store.query("SELECT count(*) AS n FROM mentions")["n"][0]) == n


def test_empty_file_is_a_clear_error(tmp_path):
    src = tmp_path / "empty.jsonl"
    src.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        run_code(src, None)


def test_html_soup_is_reduced_to_its_text(tmp_path):
    src = tmp_path / "page.html"
    src.write_text(
        "<html><head><title>Talks</title><script>var x = 1;</script></head><body><nav>Menu Home About</nav>"
        "<article><p>France met Germany in Berlin on Monday to discuss energy prices.</p>"
        "<p>Officials from both countries described the meeting as constructive and said further "
        "talks were planned for the coming months.</p></article><footer>Copyright</footer></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    run_code(src, out, options=RunOptions(default_date="2024-03-14"))
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert records and any(r["event_code"].startswith("04") for r in records)
    assert all("var x" not in r["evidence"]["sentence"] for r in records)


def test_an_output_error_leaves_no_half_written_file(tmp_path):
    out = tmp_path / "events.parquet"
    out.write_bytes(b"previous good content")
    with pytest.raises(TidingsError):
        run_code(jsonl(tmp_path / "bad.jsonl", [GOOD, b"{broken"]), out)
    assert out.read_bytes() == b"previous good content"
