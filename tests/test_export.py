"""Event writers: JSONL, CSV, Parquet and the GDELT 2.0 event table."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pycountry
import pytest
from fake_events import make_event

from tidings import export
from tidings.errors import InputError
from tidings.export import (
    fips_for_iso3,
    gdelt_columns,
    gdelt_row,
    open_writer,
    resolve_format,
    write_records,
)
from tidings.model import Location
from tidings.ontology import read_table
from tidings.schema import EVIDENCE_FIELDS, RECORD_FIELDS

BAGHDAD = Location("Baghdad", "IRQ", 33.3406, 44.4009)


def records(n: int = 3) -> list[dict]:
    return [make_event(f"a{i}", trigger_start=i, sentence_index=i % 2).to_record() for i in range(n)]


def gdelt(record: dict, **extra: object) -> dict[str, str]:
    """One GDELT row of ``record`` as {column name: cell}."""
    return dict(zip(gdelt_columns(), gdelt_row({**record, **extra}, "20240306120000"), strict=True))


# --- choosing the format ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("e.jsonl", "jsonl"),
        ("e.json", "jsonl"),
        ("e.jsonl.gz", "jsonl"),
        ("e.csv", "csv"),
        ("e.parquet", "parquet"),
        ("e.tsv", "gdelt"),
        ("e.gdelt", "gdelt"),
        ("-", "jsonl"),
    ],
)
def test_the_format_follows_the_file_suffix(name: str, fmt: str) -> None:
    assert resolve_format(name) == fmt


def test_an_explicit_format_wins_over_the_suffix() -> None:
    assert resolve_format("events.txt", "GDELT") == "gdelt"


def test_unknown_formats_and_suffixes_are_input_errors() -> None:
    with pytest.raises(InputError, match="--format"):
        resolve_format("e.csv", "xlsx")
    with pytest.raises(InputError, match="e.txt"):
        resolve_format("e.txt")


def test_parquet_cannot_go_to_stdout() -> None:
    with pytest.raises(InputError, match="stdout"):
        open_writer("-", "parquet")


# --- JSONL and CSV --------------------------------------------------------------------------------------


def test_jsonl_writes_one_record_per_line_with_nested_evidence(tmp_path: Path) -> None:
    path = tmp_path / "e.jsonl"
    assert write_records(records(), path) == 3
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert lines == records()
    assert list(lines[0]) == list(RECORD_FIELDS)


def test_jsonl_goes_to_stdout_for_dash(capsys: pytest.CaptureFixture[str]) -> None:
    with open_writer("-") as writer:
        writer.write_all(records(2))
    assert [json.loads(line)["article_id"] for line in capsys.readouterr().out.splitlines()] == ["a0", "a1"]


def test_gzipped_jsonl_is_readable(tmp_path: Path) -> None:
    path = tmp_path / "e.jsonl.gz"
    write_records(records(), path)
    assert len(pd.read_json(path, lines=True)) == 3


def test_csv_header_is_the_record_fields_with_evidence_flattened(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    write_records(records(), path)
    with path.open(newline="") as f:
        rows = list(csv.reader(f))
    expected = [f for f in RECORD_FIELDS if f != "evidence"] + [f"evidence_{f}" for f in EVIDENCE_FIELDS]
    assert rows[0] == expected
    assert len(rows) == 4
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["event_code"] == "042" and row["evidence_sentence"] == "The United States met Russia."


# --- Parquet --------------------------------------------------------------------------------------------


def test_parquet_round_trips_through_polars_with_an_evidence_struct(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "PARQUET_ROW_GROUP", 2)  # several row groups from a handful of records
    path = tmp_path / "e.parquet"
    assert write_records(records(5), path) == 5
    frame = pl.read_parquet(path)
    assert frame.columns == list(RECORD_FIELDS)
    assert frame.schema["event_date"] == pl.Date
    assert frame.schema["sentence_index"] == pl.Int32
    assert isinstance(frame.schema["evidence"], pl.Struct)
    assert frame["event_code"].to_list() == ["042"] * 5
    assert frame["evidence"].struct.field("trigger_start").to_list() == [0, 1, 2, 3, 4]
    assert frame.row(0, named=True)["evidence"] == records(1)[0]["evidence"]
    assert pq.ParquetFile(path).num_row_groups == 3


def test_an_empty_parquet_file_still_has_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "e.parquet"
    write_records([], path)
    assert pl.read_parquet(path).columns == list(RECORD_FIELDS)


# --- atomic replacement ---------------------------------------------------------------------------------


def test_an_interrupted_export_leaves_the_previous_file_in_place(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    write_records(records(2), path)
    before = path.read_text()
    with pytest.raises(RuntimeError), open_writer(path) as writer:
        writer.write_all(records(3))
        raise RuntimeError("killed mid-export")
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["e.csv"]  # no temporary file left behind


def test_a_missing_output_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        open_writer(tmp_path / "nowhere" / "e.jsonl")


# --- GDELT 2.0 ------------------------------------------------------------------------------------------


def test_gdelt_rows_have_the_61_codebook_columns_in_order(tmp_path: Path) -> None:
    path = tmp_path / "e.tsv"
    write_records(records(), path, header=True)
    lines = path.read_text().splitlines()
    names = [r["name"] for r in read_table("gdelt2_event_columns.tsv")]
    assert len(names) == 61 and lines[0].split("\t") == names
    assert len(lines) > 1, "no data rows were written"
    assert all(len(line.split("\t")) == 61 for line in lines)


def test_gdelt_files_have_no_header_by_default(tmp_path: Path) -> None:
    path = tmp_path / "e.tsv"
    write_records(records(2), path)
    assert len(path.read_text().splitlines()) == 2


def test_gdelt_dates_and_codes_keep_leading_zeros(tmp_path: Path) -> None:
    record = make_event(event_code="0251", event_date="2024-03-05").to_record()
    path = tmp_path / "e.tsv"
    write_records([record], path)
    frame = pd.read_csv(path, sep="\t", header=None, names=list(gdelt_columns()), dtype=str, keep_default_na=False)
    row = frame.iloc[0]
    assert (row["SQLDATE"], row["MonthYear"], row["Year"]) == ("20240305", "202403", "2024")
    assert row["FractionDate"] == "2024.1781"  # day 65 of the year / 365, as GDELT computes it
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("0251", "025", "02")
    assert (row["QuadClass"], row["GoldsteinScale"], row["IsRootEvent"]) == ("1", "1.9", "1")
    assert row["GLOBALEVENTID"] == str(int(record["event_id"][:15], 16))
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("1", "1", "1")
    assert row["SOURCEURL"] == "a1" and len(row["DATEADDED"]) == 14


def test_gdelt_actor_columns_split_the_cameo_code() -> None:
    row = gdelt(make_event(source="USAGOV", target="IGOUNO").to_record())
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == ("USAGOV", "USA", "GOV")
    assert row["Actor1KnownGroupCode"] == ""
    assert (row["Actor2Code"], row["Actor2CountryCode"], row["Actor2KnownGroupCode"]) == ("IGOUNO", "", "UNO")
    assert (row["Actor2Type1Code"], row["Actor2Name"]) == ("IGO", "United Nations")


def test_gdelt_action_geo_uses_fips_codes() -> None:
    city = gdelt(make_event(location=BAGHDAD).to_record())
    assert (city["ActionGeo_Type"], city["ActionGeo_FullName"]) == ("4", "Baghdad, Iraq")
    assert (city["ActionGeo_CountryCode"], city["ActionGeo_Lat"], city["ActionGeo_Long"]) == (
        "IZ",
        "33.3406",
        "44.4009",
    )
    country = gdelt(make_event(location="IRQ").to_record())
    assert (country["ActionGeo_Type"], country["ActionGeo_FullName"], country["ActionGeo_FeatureID"]) == (
        "1",
        "Iraq",
        "IZ",
    )
    nowhere = gdelt(make_event().to_record())
    assert (nowhere["ActionGeo_Type"], nowhere["ActionGeo_CountryCode"]) == ("0", "")


def test_gdelt_counts_url_and_date_added_come_from_the_record_when_present() -> None:
    row = gdelt(
        make_event(sentence_index=2).to_record(),
        num_mentions=5,
        num_sources=2,
        num_articles=3,
        source_url="https://example.org/story",
        date_added="2024-03-06T08:15:00",
    )
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("5", "2", "3")
    assert (row["SOURCEURL"], row["DATEADDED"], row["IsRootEvent"]) == (
        "https://example.org/story",
        "20240306081500",
        "0",
    )


def test_tabs_inside_values_cannot_shift_gdelt_columns() -> None:
    record = make_event().to_record()
    record["source_name"] = "United\tStates\n"
    assert len(gdelt_row(record, "20240306120000")) == 61
    assert "\t" not in "".join(gdelt_row(record, "20240306120000"))


def test_fips_table_covers_every_iso_country_with_a_fips_code() -> None:
    rows = list(read_table("iso3_to_fips.tsv"))
    fips = [r["fips"] for r in rows]
    assert len(fips) == len(set(fips))
    without_fips = {"ALA", "BES", "UMI"}
    assert {c.alpha_3 for c in pycountry.countries} - {r["iso3"] for r in rows} == without_fips
    assert (fips_for_iso3("DEU"), fips_for_iso3("GBR"), fips_for_iso3("xyz")) == ("GM", "UK", "")
