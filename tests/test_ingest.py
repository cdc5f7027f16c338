"""Specification of ingest: what input tidings accepts, what it rejects, and how it says so."""

from __future__ import annotations

import datetime as dt
import inspect
import io
import json
import logging
import sys
from pathlib import Path

import pytest

from tidings.errors import InputError
from tidings.ingest import IngestStats, article_from_record, clean_text, read_articles, sniff_format
from tidings.model import Article

TALKS = {
    "id": "a1",
    "date": "2024-03-05",
    "text": "Negotiators from both countries met in Geneva on Tuesday to resume talks on the border dispute.",
    "title": "Border talks resume in Geneva",
    "url": "https://news.example.org/a1",
    "source": "Example Wire",
}
AID = {
    "id": "a2",
    "date": "2024-03-06",
    "text": "The government announced an aid package for farmers affected by the drought, officials said.",
}
VISIT = {
    "id": "a3",
    "date": "2024-03-07",
    "text": "The foreign minister will visit the capital next week for talks on trade, the ministry said.",
}

HTML_PAGE = """<!DOCTYPE html>
<html><head>
<title>Ministers agree on water sharing | Example News</title>
<meta property="og:title" content="Ministers agree on water sharing">
<meta property="article:published_time" content="2024-04-02T09:30:00Z">
<link rel="canonical" href="https://news.example.org/water-sharing">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>Ministers agree on water sharing</h1>
<p>Water ministers from the two neighbouring countries signed an agreement on Monday to share the flow of
the river during the dry season, according to a joint statement released after the meeting.</p>
<p>The agreement sets up a joint commission that will meet every three months to review river levels and
settle disputes, the statement said.</p>
</article>
<footer>Copyright 2021 Example News. All rights reserved.</footer>
</body></html>
"""


def write_jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def write_bytes(path: Path, *lines: bytes) -> Path:
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


def error_of(source, **kwargs) -> InputError:
    with pytest.raises(InputError) as caught:
        list(read_articles(source, **kwargs))
    return caught.value


# --- JSONL ------------------------------------------------------------------------------------------------


def test_jsonl_reads_every_field(tmp_path):
    (article,) = read_articles(write_jsonl(tmp_path / "news.jsonl", TALKS))
    assert article == Article(
        id="a1",
        date=dt.date(2024, 3, 5),
        text=TALKS["text"],
        title="Border talks resume in Geneva",
        url="https://news.example.org/a1",
        source="Example Wire",
    )


def test_jsonl_optional_fields_may_be_absent(tmp_path):
    (article,) = read_articles(write_jsonl(tmp_path / "news.jsonl", AID))
    assert (article.title, article.url, article.source) == (None, None, None)


def test_jsonl_blank_lines_are_ignored(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(f"\n{json.dumps(TALKS)}\n\n   \n{json.dumps(AID)}\n\n", encoding="utf-8")
    assert [a.id for a in read_articles(path)] == ["a1", "a2"]


def test_json_extension_is_read_as_jsonl(tmp_path):
    assert [a.id for a in read_articles(write_jsonl(tmp_path / "news.json", TALKS, AID))] == ["a1", "a2"]


def test_iso_datetime_keeps_the_date_as_written(tmp_path):
    records = [dict(TALKS, date="2024-03-05T23:30:00-05:00"), dict(AID, date="2024-03-06T01:00:00Z")]
    path = write_jsonl(tmp_path / "news.jsonl", *records)
    assert [a.date for a in read_articles(path)] == [dt.date(2024, 3, 5), dt.date(2024, 3, 6)]


def test_numeric_id_is_converted_to_string(tmp_path):
    (article,) = read_articles(write_jsonl(tmp_path / "news.jsonl", dict(TALKS, id=1024)))
    assert article.id == "1024"


def test_unknown_keys_are_ignored(tmp_path):
    (article,) = read_articles(write_jsonl(tmp_path / "news.jsonl", dict(TALKS, language="en", wordcount=15)))
    assert article.id == "a1"


def test_duplicate_ids_are_yielded_for_the_store_to_decide(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", TALKS, dict(AID, id="a1"))
    assert [a.id for a in read_articles(path)] == ["a1", "a1"]


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(TALKS).encode() + b"\n")
    assert [a.id for a in read_articles(path)] == ["a1"]


def test_broken_json_line_names_file_and_line(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps(TALKS) + '\n{"id": "a2" "date": "2024-03-06"}\n', encoding="utf-8")
    err = error_of(path)
    assert str(err) == f"{path}:2: broken JSON (Expecting ',' delimiter at column 13)"
    assert (err.source, err.line) == (str(path), 2)


@pytest.mark.parametrize("line", ['["a1", "2024-03-05", "text"]', '"just a string"', "42", "null"])
def test_line_that_is_not_a_json_object_is_bad(tmp_path, line):
    path = tmp_path / "news.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    err = error_of(path)
    assert err.line == 1
    assert "expected a JSON object" in str(err)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": None}, 'missing "text"'),
        ({"text": ""}, 'empty "text"'),
        ({"text": "  \n\t "}, 'empty "text"'),
        ({"text": 5}, '"text" must be a string, got int'),
        ({"text": ["Talks resumed."]}, '"text" must be a string, got list'),
        ({"id": None}, 'missing or empty "id"'),
        ({"id": ""}, 'missing or empty "id"'),
        ({"id": 1.5}, '"id" must be a string or an integer, got float'),
        ({"id": True}, '"id" must be a string or an integer, got bool'),
        ({"date": None}, 'missing or empty "date"'),
        ({"date": "2024-13-45"}, "bad \"date\" '2024-13-45'"),
        ({"date": "5 March 2024"}, "bad \"date\" '5 March 2024'"),
        ({"date": "20240305"}, "bad \"date\" '20240305'"),
        ({"date": 20240305}, '"date" must be a string (YYYY-MM-DD), got int'),
        ({"title": ["Talks"]}, '"title" must be a string, got list'),
        ({"url": 7}, '"url" must be a string, got int'),
    ],
)
def test_bad_field_names_file_line_and_problem(tmp_path, change, message):
    record = {k: v for k, v in {**TALKS, **change}.items() if v is not None}
    path = write_jsonl(tmp_path / "news.jsonl", AID, record)
    err = error_of(path)
    assert str(err).startswith(f"{path}:2: {message}")


def test_missing_text_key_is_bad(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", {"id": "a1", "date": "2024-03-05"})
    assert str(error_of(path)) == f'{path}:1: missing "text"'


def test_invalid_utf8_names_the_line(tmp_path):
    path = write_bytes(
        tmp_path / "news.jsonl",
        json.dumps(TALKS).encode(),
        b'{"id": "a2", "date": "2024-03-06", "text": "Caf\xe9 owners protested"}',
    )
    err = error_of(path)
    assert err.line == 2
    assert "not valid UTF-8" in str(err)
    assert "\n" not in str(err)


def test_unpaired_surrogate_is_bad(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"id": "a1", "date": "2024-03-05", "text": "Talks \\ud800 resumed."}\n', encoding="utf-8")
    assert "unpaired UTF-16 surrogate" in str(error_of(path))


# --- text rules --------------------------------------------------------------------------------------------


def test_control_characters_are_stripped_but_tabs_and_newlines_kept(tmp_path):
    text = "Officials\x00 met\x07 on\tMonday.\nTalks\x1b continue\x7f.\x85"
    (article,) = read_articles(write_jsonl(tmp_path / "news.jsonl", dict(TALKS, text=text)))
    assert article.text == "Officials met on\tMonday.\nTalks continue."


def test_crlf_becomes_lf_and_nothing_else_changes():
    text = "  Talks resumed.\r\nA second round is planned.\r\n\r\n  Officials declined to comment.  "
    assert clean_text(text) == "  Talks resumed.\nA second round is planned.\n\n  Officials declined to comment.  "


def test_lone_carriage_return_becomes_a_line_break_not_glued_words():
    assert clean_text("Talks resumed.\rA second round is planned.") == "Talks resumed.\nA second round is planned."


def test_article_too_long_is_bad(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", dict(TALKS, text="x" * 21))
    assert str(error_of(path, max_chars=20)) == f"{path}:1: article too long: 21 characters, limit 20"


def test_article_at_the_limit_is_read(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", dict(TALKS, text="x" * 20))
    assert len(next(read_articles(path, max_chars=20)).text) == 20


def test_runaway_line_is_bad_and_the_next_line_still_reads(tmp_path):
    path = tmp_path / "news.jsonl"
    with path.open("w", encoding="utf-8") as f:
        f.write(json.dumps(dict(TALKS, text="x" * (2 << 20))) + "\n")
        f.write(json.dumps(AID) + "\n")
    stats = IngestStats()
    assert [a.id for a in read_articles(path, max_chars=200, skip_bad=True, stats=stats)] == ["a2"]
    assert stats.errors[0].startswith(f"{path}:1: line too long")


# --- skipping bad records ----------------------------------------------------------------------------------


def test_skip_bad_counts_and_continues(tmp_path):
    path = tmp_path / "news.jsonl"
    lines = [json.dumps(TALKS), "{broken", json.dumps(dict(AID, text="")), json.dumps(VISIT)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stats = IngestStats()
    assert [a.id for a in read_articles(path, skip_bad=True, stats=stats)] == ["a1", "a3"]
    assert (stats.read, stats.skipped) == (2, 2)
    assert stats.errors[0].startswith(f"{path}:2: broken JSON")
    assert stats.errors[1] == f'{path}:3: empty "text"'


def test_skip_bad_logs_each_skipped_record(tmp_path, caplog):
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps(TALKS) + "\n{broken\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="tidings"):
        list(read_articles(path, skip_bad=True))
    assert any(f"{path}:2: broken JSON" in r.getMessage() for r in caplog.records)


def test_skip_bad_keeps_only_the_first_hundred_messages(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text("{broken\n" * 150 + json.dumps(TALKS) + "\n", encoding="utf-8")
    stats = IngestStats()
    assert [a.id for a in read_articles(path, skip_bad=True, stats=stats)] == ["a1"]
    assert (stats.read, stats.skipped, len(stats.errors)) == (1, 150, 100)
    assert stats.errors[-1].startswith(f"{path}:100:")


def test_skip_bad_undecodable_line_skips_only_that_line(tmp_path):
    path = write_bytes(
        tmp_path / "news.jsonl",
        json.dumps(TALKS).encode(),
        b'{"id": "a2", "date": "2024-03-06", "text": "\xff\xfe"}',
        json.dumps(VISIT).encode(),
    )
    stats = IngestStats()
    assert [a.id for a in read_articles(path, skip_bad=True, stats=stats)] == ["a1", "a3"]
    assert stats.errors[0].startswith(f"{path}:2: not valid UTF-8")


def test_without_skip_bad_the_first_bad_record_stops_the_read(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(f"{json.dumps(TALKS)}\n{{broken\n{json.dumps(AID)}\n", encoding="utf-8")
    articles = read_articles(path)
    assert next(articles).id == "a1"
    with pytest.raises(InputError):
        next(articles)


# --- file-level problems ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.jsonl", "empty.csv", "empty.txt", "empty.html"])
def test_empty_file_is_bad(tmp_path, name):
    path = tmp_path / name
    path.write_text("\n  \n", encoding="utf-8")
    assert str(error_of(path, default_date="2024-03-05")) == f"{path}: empty file, no articles"


def test_empty_file_is_skipped_with_skip_bad(tmp_path):
    (tmp_path / "a.jsonl").write_text("", encoding="utf-8")
    write_jsonl(tmp_path / "b.jsonl", TALKS)
    stats = IngestStats()
    assert [a.id for a in read_articles(tmp_path, skip_bad=True, stats=stats)] == ["a1"]
    assert stats.errors == [f"{tmp_path / 'a.jsonl'}: empty file, no articles"]


def test_file_not_found_raises_even_with_skip_bad(tmp_path):
    path = tmp_path / "missing.jsonl"
    with pytest.raises(InputError, match="file not found"):
        read_articles(path, skip_bad=True)


def test_unknown_extension_raises_even_with_skip_bad(tmp_path):
    path = tmp_path / "news.xml"
    path.write_text("<news/>", encoding="utf-8")
    with pytest.raises(InputError, match=r"unknown file type '\.xml'"):
        read_articles(path, skip_bad=True)


def test_format_overrides_the_extension(tmp_path):
    path = write_jsonl(tmp_path / "news.ndjson", TALKS)
    assert [a.id for a in read_articles(path, fmt="jsonl")] == ["a1"]


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(InputError, match="unknown format 'xml'"):
        read_articles(tmp_path, fmt="xml")


def test_bad_default_date_is_refused(tmp_path):
    with pytest.raises(InputError, match="default date"):
        read_articles(tmp_path, default_date="2024-02-30")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.jsonl", "jsonl"),
        ("a.json", "jsonl"),
        ("a.CSV", "csv"),
        ("a.txt", "txt"),
        ("a.html", "html"),
        ("a.htm", "html"),
        ("a.jsonl.gz", "jsonl"),
        ("a.CSV.gz", "csv"),
        ("-", "jsonl"),
    ],
)
def test_sniff_format_goes_by_extension(name, fmt):
    assert sniff_format(name) == fmt


@pytest.mark.parametrize("name", ["news.xml", "README", "news.tar.gz"])
def test_sniff_format_refuses_other_files(name):
    with pytest.raises(InputError, match="unknown file type"):
        sniff_format(name)


# --- CSV ---------------------------------------------------------------------------------------------------


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_csv_reads_articles(tmp_path):
    path = write_csv(
        tmp_path / "news.csv",
        "id,date,title,text\r\n"
        'a1,2024-03-05,Border talks resume,"Negotiators met in Geneva, officials said."\r\n'
        "a2,2024-03-06T08:00:00Z,,The government announced an aid package.\r\n",
    )
    first, second = read_articles(path)
    assert first == Article(
        "a1", dt.date(2024, 3, 5), "Negotiators met in Geneva, officials said.", "Border talks resume"
    )
    assert (second.id, second.date, second.title) == ("a2", dt.date(2024, 3, 6), None)


def test_csv_quoted_newlines_keep_text_and_line_numbers(tmp_path):
    path = write_csv(
        tmp_path / "news.csv",
        'id,date,text\na1,2024-03-05,"Talks resumed.\r\n\r\nA second round is planned."\na2,2024-13-01,Aid\n',
    )
    articles = read_articles(path)
    assert next(articles).text == "Talks resumed.\n\nA second round is planned."
    with pytest.raises(InputError) as caught:
        next(articles)
    assert caught.value.line == 5


def test_csv_large_field_is_read(tmp_path):
    text = "The delegation arrived. " * 20_000  # ~480k characters, above csv's default field limit
    path = write_csv(tmp_path / "news.csv", f'id,date,text\na1,2024-03-05,"{text}"\n')
    assert next(read_articles(path)).text == text


def test_csv_header_without_required_columns_raises_even_with_skip_bad(tmp_path):
    path = write_csv(tmp_path / "news.csv", "id,published,body\na1,2024-03-05,Talks resumed.\n")
    with pytest.raises(InputError) as caught:
        list(read_articles(path, skip_bad=True))
    assert "CSV header has no date, text column" in str(caught.value)


def test_csv_row_with_wrong_field_count_is_bad(tmp_path):
    path = write_csv(tmp_path / "news.csv", "id,date,text\na1,2024-03-05,Talks,resumed,today\n")
    assert str(error_of(path)) == f"{path}:2: row has 5 fields, the header has 3"


def test_csv_undecodable_row_is_skipped_alone(tmp_path):
    path = tmp_path / "news.csv"
    path.write_bytes(b"id,date,text\na1,2024-03-05,Talks resumed.\na2,2024-03-06,Caf\xe9 owners\na3,2024-03-07,Aid\n")
    stats = IngestStats()
    assert [a.id for a in read_articles(path, skip_bad=True, stats=stats)] == ["a1", "a3"]
    assert stats.errors[0].startswith(f"{path}:3: not valid UTF-8")


def test_csv_with_bom_and_numeric_ids(tmp_path):
    path = tmp_path / "news.csv"
    path.write_bytes(b"\xef\xbb\xbfid,date,text\n17,2024-03-05,Talks resumed.\n")
    assert next(read_articles(path)).id == "17"


# --- text files and directories ---------------------------------------------------------------------------


def test_directory_of_text_files_uses_default_date(tmp_path):
    (tmp_path / "geneva-talks.txt").write_text(TALKS["text"], encoding="utf-8")
    (tmp_path / "drought-aid.txt").write_text(AID["text"] + "\n", encoding="utf-8")
    articles = list(read_articles(tmp_path, default_date="2024-03-09"))
    assert [(a.id, a.date) for a in articles] == [  # in a folder, the id is the path below it
        ("drought-aid.txt", dt.date(2024, 3, 9)),
        ("geneva-talks.txt", dt.date(2024, 3, 9)),
    ]
    assert articles[0].text == AID["text"] + "\n"


def test_text_file_without_date_is_a_bad_record_alone_or_in_a_folder(tmp_path):
    """The file's modification date is not the story's: a lone file and a folder's file both need --date."""
    path = tmp_path / "visit.txt"
    path.write_text(VISIT["text"], encoding="utf-8")
    for source in (path, tmp_path):
        err = error_of(source)
        assert str(path) in str(err) and "--date" in str(err)


def test_text_file_with_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "visit.txt"
    path.write_bytes(b"The minister arrived.\nShe met the caf\xe9 owners.\n")
    err = error_of(path, default_date=dt.date(2024, 3, 7))
    assert (err.line, "not valid UTF-8" in str(err)) == (2, True)


def test_directory_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "2024" / "03").mkdir(parents=True)
    write_jsonl(tmp_path / "2024" / "03" / "b.jsonl", AID)
    write_jsonl(tmp_path / "2024" / "a.jsonl", TALKS)
    (tmp_path / "z.txt").write_text(VISIT["text"], encoding="utf-8")
    write_csv(tmp_path / "c.csv", "id,date,text\nc1,2024-03-08,Talks resumed.\n")
    ids = [a.id for a in read_articles(tmp_path, default_date="2024-03-09")]
    # 2024/03/b.jsonl, 2024/a.jsonl, c.csv, z.txt
    assert ids == ["a2", "a1", "c1", "z.txt"]


def test_directory_ignores_other_and_hidden_files(tmp_path):
    write_jsonl(tmp_path / "news.jsonl", TALKS)
    (tmp_path / "notes.md").write_text("# notes", encoding="utf-8")
    (tmp_path / ".hidden.jsonl").write_text("{broken", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("not news", encoding="utf-8")
    assert [a.id for a in read_articles(tmp_path)] == ["a1"]


def test_directory_with_format_keeps_only_that_format(tmp_path):
    write_jsonl(tmp_path / "news.jsonl", TALKS)
    (tmp_path / "visit.txt").write_text(VISIT["text"], encoding="utf-8")
    assert [a.id for a in read_articles(tmp_path, fmt="txt", default_date="2024-03-07")] == ["visit.txt"]


def test_directory_without_input_files_raises(tmp_path):
    (tmp_path / "notes.md").write_text("# notes", encoding="utf-8")
    with pytest.raises(InputError, match="no input files"):
        read_articles(tmp_path, skip_bad=True)


# --- HTML --------------------------------------------------------------------------------------------------


def test_html_main_text_extracted(tmp_path):
    path = tmp_path / "water-sharing.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    (article,) = read_articles(path)
    assert article.id == "water-sharing"
    assert "signed an agreement on Monday to share the flow" in article.text
    assert "joint commission" in article.text
    assert "Sport" not in article.text and "Copyright" not in article.text
    assert article.title == "Ministers agree on water sharing"
    assert article.date == dt.date(2024, 4, 2)


def test_html_without_a_date_uses_default_date_not_the_copyright_year(tmp_path):
    path = tmp_path / "water-sharing.htm"
    path.write_text(
        HTML_PAGE.replace('<meta property="article:published_time" content="2024-04-02T09:30:00Z">', ""),
        encoding="utf-8",
    )
    (article,) = read_articles(path, default_date="2024-04-03")
    assert article.date == dt.date(2024, 4, 3)


def test_html_without_text_is_bad(tmp_path):
    path = tmp_path / "blank.html"
    path.write_text(
        "<html><head><title>Live</title></head><body><script>loadFeed();</script></body></html>",
        encoding="utf-8",
    )
    assert str(error_of(path, default_date="2024-04-03")) == f"{path}: no article text found in the HTML"


# --- stdin and records in memory ---------------------------------------------------------------------------


def fake_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_dash_reads_jsonl(monkeypatch):
    fake_stdin(monkeypatch, (json.dumps(TALKS) + "\n" + json.dumps(AID) + "\n").encode())
    assert [a.id for a in read_articles("-")] == ["a1", "a2"]


def test_stdin_errors_name_stdin_and_line(monkeypatch):
    fake_stdin(monkeypatch, (json.dumps(TALKS) + "\n{broken\n").encode())
    err = error_of("-")
    assert (err.source, err.line) == ("<stdin>", 2)


def test_stdin_reads_csv_when_told(monkeypatch):
    fake_stdin(monkeypatch, b"id,date,text\na1,2024-03-05,Talks resumed.\n")
    assert [a.id for a in read_articles("-", fmt="csv")] == ["a1"]


def test_empty_stdin_is_bad(monkeypatch):
    fake_stdin(monkeypatch, b"")
    assert str(error_of("-")) == "<stdin>: empty file, no articles"


def test_iterable_of_dicts_is_checked_like_jsonl():
    articles = list(read_articles([TALKS, dict(AID, id=7, date=dt.date(2024, 3, 6))]))
    assert [(a.id, a.date) for a in articles] == [("a1", dt.date(2024, 3, 5)), ("7", dt.date(2024, 3, 6))]


def test_iterable_bad_item_is_named_by_position():
    stats = IngestStats()
    articles = list(read_articles([TALKS, {"id": "x"}, "not a record", VISIT], skip_bad=True, stats=stats))
    assert [a.id for a in articles] == ["a1", "a3"]
    assert stats.errors == [
        '<records>:2: missing or empty "date" (expected YYYY-MM-DD)',
        "<records>:3: expected a dict or an Article, got str",
    ]


def test_articles_pass_through_with_the_same_rules():
    ok = Article("a1", dt.date(2024, 3, 5), "Talks resumed.\r\n")
    assert list(read_articles([ok])) == [Article("a1", dt.date(2024, 3, 5), "Talks resumed.\n")]
    with pytest.raises(InputError, match="empty"):
        list(read_articles([Article("a2", dt.date(2024, 3, 5), "   ")]))


def test_a_single_dict_is_refused_with_a_hint():
    with pytest.raises(TypeError, match="wrap it in a list"):
        read_articles(TALKS)


def test_article_from_record_places_the_error():
    with pytest.raises(InputError) as caught:
        article_from_record({"id": "a1", "date": "2024-03-05"}, source="feed.jsonl", line=9)
    assert str(caught.value) == 'feed.jsonl:9: missing "text"'


# --- streaming ---------------------------------------------------------------------------------------------


def test_large_jsonl_streams_lazily(tmp_path):
    path = tmp_path / "news.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(5_000):
            f.write(json.dumps(dict(TALKS, id=f"a{i}")) + "\n")
        f.write("{broken\n")
    articles = read_articles(path)
    assert inspect.isgenerator(articles)
    assert next(articles).id == "a0"  # the broken last line has not been reached yet
    with pytest.raises(InputError, match=r":5001: broken JSON"):
        list(articles)
