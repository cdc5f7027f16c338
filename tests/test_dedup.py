"""The merge rule: which mentions are one event, and what the merged event says."""

from __future__ import annotations

import datetime as dt
import random

import duckdb
import pyarrow as pa
from fake_events import make_event

from tidings.dedup import EVENT_FIELDS, MERGE_FIELDS, mention_range, merge_mentions, merge_sql
from tidings.model import MODES, PRECISIONS, Location
from tidings.schema import FIELD_TYPES, RECORD_FIELDS, flat_field_types, flat_fields, flatten_record


def mention(article_id: str = "a1", article_date: str | None = None, outlet: str | None = None, **kw) -> dict:
    """A mention record as the store hands it over: the output contract plus its article's date/source."""
    record = make_event(article_id, **kw).to_record()
    record["article_date"] = article_date or record["event_date"]
    record["article_source"] = outlet
    return record


def test_two_articles_reporting_one_event_merge_and_are_counted() -> None:
    events = merge_mentions(
        [
            mention("a1", "2024-03-05", outlet="Reuters"),
            mention("a2", "2024-03-06", outlet="AP"),
            mention("a2", "2024-03-06", outlet="AP", sentence_index=3, trigger_start=80),
        ]
    )
    assert len(events) == 1
    event = events[0]
    assert (event["num_mentions"], event["num_articles"], event["num_sources"]) == (3, 2, 2)
    assert (event["first_seen"], event["last_seen"]) == ("2024-03-05", "2024-03-06")
    assert event["article_ids"] == ["a1", "a2"]
    assert len(event["mention_ids"]) == 3
    assert set(EVENT_FIELDS) == set(event)


def test_articles_from_one_outlet_count_as_one_source() -> None:
    events = merge_mentions([mention("a1", outlet="Reuters"), mention("a2", outlet="Reuters"), mention("a3")])
    assert events[0]["num_sources"] == 2  # Reuters, and a3 which has no source counts as its own


def test_day_dates_further_apart_than_their_precision_stay_apart() -> None:
    events = merge_mentions([mention("a1", event_date="2024-03-05"), mention("a2", event_date="2024-03-06")])
    assert len(events) == 2


def test_a_day_inside_a_month_precision_range_merges_with_it() -> None:
    month = mention("a1", event_date="2024-03-01", event_date_end="2024-03-31", date_precision="month")
    day = mention("a2", event_date="2024-03-15")
    assert mention_range(month) == (dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert len(merge_mentions([month, day])) == 1


def test_article_precision_covers_the_article_date_and_a_day_either_side() -> None:
    undated = mention("a1", article_date="2024-03-10", event_date="2024-03-10", date_precision="article")
    assert mention_range(undated) == (dt.date(2024, 3, 9), dt.date(2024, 3, 11))
    assert len(merge_mentions([undated, mention("a2", event_date="2024-03-11")])) == 1
    assert len(merge_mentions([undated, mention("a2", event_date="2024-03-12")])) == 2


def test_overlapping_ranges_chain_into_one_event() -> None:
    chain = [
        mention("a1", event_date="2024-03-01", event_date_end="2024-03-07", date_precision="week"),
        mention("a2", event_date="2024-03-07", event_date_end="2024-03-13", date_precision="week"),
        mention("a3", event_date="2024-03-13"),
    ]
    events = merge_mentions(chain)
    assert len(events) == 1 and events[0]["num_articles"] == 3


def test_negated_mentions_never_merge_with_reported_ones() -> None:
    events = merge_mentions([mention("a1"), mention("a2", mode="negated")])
    assert sorted(e["mode"] for e in events) == ["negated", "reported"]


def test_a_merged_event_takes_the_most_certain_mode() -> None:
    events = merge_mentions([mention("a1", mode="alleged"), mention("a2", mode="claimed")])
    assert len(events) == 1 and events[0]["mode"] == "claimed"


def test_different_actors_or_codes_stay_apart() -> None:
    records = [
        mention("a1"),
        mention("a2", target="IRQ"),
        mention("a3", event_code="043"),
        mention("a4", source=None),
    ]
    assert len(merge_mentions(records)) == 4


def test_mentions_in_two_known_countries_stay_apart() -> None:
    events = merge_mentions([mention("a1", location="IRQ"), mention("a2", location="SYR")])
    assert sorted(e["location_country"] for e in events) == ["IRQ", "SYR"]


def test_an_unlocated_mention_joins_the_one_country_it_overlaps() -> None:
    events = merge_mentions([mention("a1", location="IRQ"), mention("a2")])
    assert len(events) == 1
    assert events[0]["location_country"] == "IRQ" and events[0]["num_mentions"] == 2


def test_an_unlocated_mention_between_two_countries_stays_apart() -> None:
    events = merge_mentions([mention("a1", location="IRQ"), mention("a2", location="SYR"), mention("a3")])
    assert len(events) == 3


def test_the_earliest_article_gives_the_representative_fields() -> None:
    late = mention("late", article_date="2024-03-07", event_date="2024-03-05", sentence="Later report.")
    early = mention("early", article_date="2024-03-05", event_date="2024-03-05", sentence="First report.")
    event = merge_mentions([late, early])[0]
    assert event["article_id"] == "early" and event["evidence"]["sentence"] == "First report."


def test_the_location_comes_from_the_earliest_located_mention() -> None:
    baghdad = Location("Baghdad", "IRQ", 33.34, 44.4)
    event = merge_mentions([mention("a1", "2024-03-05"), mention("a2", "2024-03-06", location=baghdad)])[0]
    assert event["article_id"] == "a1"
    assert (event["location_name"], event["latitude"]) == ("Baghdad", 33.34)


def test_the_merged_id_does_not_depend_on_input_order() -> None:
    records = [mention("a1"), mention("a2", event_date="2024-03-06", date_precision="article"), mention("a3")]
    forward = merge_mentions(records)
    backward = merge_mentions(list(reversed(records)))
    assert [e["event_id"] for e in forward] == [e["event_id"] for e in backward]


def test_every_event_field_has_a_column_type() -> None:
    assert set(MERGE_FIELDS) <= set(FIELD_TYPES)
    assert flat_fields(EVENT_FIELDS)[: len(flat_fields(RECORD_FIELDS))] == flat_fields(RECORD_FIELDS)


# --- the SQL form agrees with the Python form ----------------------------------------------------------


def random_mentions(n: int, seed: int = 7) -> list[dict]:
    """A dense sample: few actors, codes and days, so merges, chains and location conflicts all happen."""
    rng = random.Random(seed)
    records = []
    for i in range(n):
        article_day = dt.date(2024, 3, 1) + dt.timedelta(days=rng.randrange(12))
        precision = rng.choice(PRECISIONS)
        event_day = article_day - dt.timedelta(days=rng.randrange(4))
        end = event_day + dt.timedelta(days={"week": 6, "month": 29, "year": 364}.get(precision, 0))
        place = rng.choice([None, None, "IRQ", "SYR", Location("Baghdad", "IRQ", 33.3, 44.4)])
        records.append(
            mention(
                f"a{i // 3:03d}",
                article_date=article_day.isoformat(),
                outlet=rng.choice([None, "Reuters", "AP", "AFP"]),
                source=rng.choice(["USA", "USAGOV", None]),
                event_code=rng.choice(["042", "043", "190"]),
                target=rng.choice(["RUS", "IRQ", None]),
                event_date=None if precision == "article" and rng.random() < 0.5 else event_day,
                event_date_end=end if precision in ("week", "month", "year") else None,
                date_precision=precision,
                mode=rng.choice(MODES),
                sentence_index=i % 3,
                trigger_start=i,
                location=place,
            )
        )
    return records


def sql_merge(records: list[dict]) -> list[dict]:
    """Run ``merge_sql`` in DuckDB over the records and bring the rows back to the Python record shape."""
    types = {**flat_field_types(RECORD_FIELDS), "article_date": pa.date32(), "article_source": pa.string()}
    rows = []
    for record in records:
        row = flatten_record(record)
        for name in ("event_date", "event_date_end", "article_date"):
            row[name] = dt.date.fromisoformat(row[name]) if row[name] else None
        rows.append(row)
    con = duckdb.connect()
    con.register("sample", pa.Table.from_pylist(rows, schema=pa.schema(list(types.items()))))
    out = []
    for row in con.sql(merge_sql("sample")).to_arrow_table().to_pylist():
        event = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items()}
        event["evidence"] = {k[len("evidence_") :]: event.pop(k) for k in list(event) if k.startswith("evidence_")}
        out.append(event)
    return sorted(out, key=lambda e: e["event_id"])


def test_the_sql_merge_agrees_with_merge_mentions() -> None:
    records = random_mentions(300)
    python = sorted(merge_mentions(records), key=lambda e: e["event_id"])
    sql = sql_merge(records)
    assert 20 < len(python) < 250  # the sample really merges, and really keeps things apart
    assert [e["event_id"] for e in sql] == [e["event_id"] for e in python]
    for ours, theirs in zip(python, sql, strict=True):
        assert ours == theirs
