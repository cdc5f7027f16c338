"""The geoparser: which spans of a text are places, and which place each one is, with the document in view.

Each table row is a sentence or two written for this file, a span, and the place it must resolve to (or
``None`` when the span must not be reported as a place at all).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tidings
from tidings.cli import app
from tidings.geonames import PlaceIndex
from tidings.places import PLACE_FIELDS, PlaceMention, PlaceResolver, find_places


def mention(text: str, span: str, nth: int = 0) -> PlaceMention | None:
    """The mention of the ``nth`` occurrence of ``span`` in ``text``, or None when it is not reported."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(span, start + 1)
    found = find_places(text)
    assert all(text[m.start_char : m.end_char] == m.text for m in found)
    return next((m for m in found if m.start_char == start and m.end_char == start + len(span)), None)


def where(m: PlaceMention | None) -> tuple[str | None, str | None, str | None] | None:
    return None if m is None else (m.country, m.feature, m.admin1)


# --- same-named places: the document decides -------------------------------------------------------------

DISAMBIGUATION = [
    # (text, span, occurrence, country, feature, admin1 or None when any)
    ("Floods closed schools in Paris, Texas, on Tuesday.", "Paris", 0, "USA", "city", "Texas"),
    ("Thousands marched through Paris on Saturday, and French police detained 40.", "Paris", 0, "FRA", "city", None),
    (
        "A grain silo collapsed in Paris, Kentucky. The mayor of Paris thanked the crews.",
        "Paris",
        1,
        "USA",
        "city",
        "Kentucky",
    ),
    ("Teachers in Paris, Ontario, voted to strike.", "Paris", 0, "CAN", "city", "Ontario"),
    ("Protesters gathered in Tbilisi as Georgia's parliament debated the bill.", "Georgia", 0, "GEO", "country", None),
    (
        "A storm cut power in Georgia, and crews in Atlanta and Savannah worked all night.",
        "Georgia",
        0,
        "USA",
        "admin1",
        "Georgia",
    ),
    (
        "Militias clashed in Tripoli, and flights were diverted to Misrata and Benghazi.",
        "Tripoli",
        0,
        "LBY",
        "city",
        None,
    ),
    (
        "Lebanese soldiers deployed in Tripoli after clashes. Officials in Beirut met.",
        "Tripoli",
        0,
        "LBN",
        "city",
        None,
    ),
    ("Health officials in Springfield, Illinois, reported measles cases.", "Springfield", 0, "USA", "city", "Illinois"),
    (
        "A tornado hit Springfield, Missouri, and shelters opened in Joplin.",
        "Springfield",
        0,
        "USA",
        "city",
        "Missouri",
    ),
    ("Bushfires forced evacuations in Victoria, and smoke reached Melbourne.", "Victoria", 0, "AUS", "admin1", None),
    (
        "The city council of Victoria, British Columbia, approved a plan. Ferries to Vancouver were late.",
        "Victoria",
        0,
        "CAN",
        "city",
        "British Columbia",
    ),
    ("Researchers in Cambridge worked with laboratories in Oxford and London.", "Cambridge", 0, "GBR", "city", None),
    (
        "Students in Cambridge, Massachusetts, walked out, as did students in Boston.",
        "Cambridge",
        0,
        "USA",
        "city",
        "Massachusetts",
    ),
    (
        "A desalination plant opened near Alexandria; the prime minister came from Cairo.",
        "Alexandria",
        0,
        "EGY",
        "city",
        None,
    ),
    (
        "A water main broke in Alexandria, Virginia, and commuters from Arlington took the metro.",
        "Alexandria",
        0,
        "USA",
        "city",
        "Virginia",
    ),
    ("Police in Hyderabad, in Pakistan's Sindh province, arrested five men.", "Hyderabad", 0, "PAK", "city", None),
    ("A firm in Hyderabad will hire engineers in Bengaluru and Pune.", "Hyderabad", 0, "IND", "city", None),
    ("Drones struck targets in the Kharkiv region overnight.", "Kharkiv region", 0, "UKR", "admin1", None),
    ("Gunmen attacked a village in Borno state.", "Borno state", 0, "NGA", "admin1", None),
    ("Washington and its allies met in Washington on Monday.", "Washington", 1, "USA", "city", "District of Columbia"),
]


@pytest.mark.parametrize(("text", "span", "nth", "country", "feature", "admin1"), DISAMBIGUATION)
def test_the_document_chooses_among_same_named_places(text, span, nth, country, feature, admin1) -> None:
    got = mention(text, span, nth)
    assert got is not None, f"{span!r} not found in {text!r}: {find_places(text)}"
    assert got.country == country and got.feature == feature, got
    if admin1 is not None:
        assert got.admin1 == admin1, got


def test_one_sense_per_document() -> None:
    text = "Floods hit Paris, Texas, on Monday. Paris schools stayed shut, and Paris police closed roads."
    found = [m for m in find_places(text) if m.text == "Paris"]
    assert len(found) == 3
    assert {(m.country, m.admin1) for m in found} == {("USA", "Texas")}


# --- spans that are not places ---------------------------------------------------------------------------

NOT_PLACES = [
    # metonymy: the place speaks or acts for its government
    ("Washington said it would send more air defence systems.", "Washington"),
    ("Moscow has denied the report.", "Moscow"),
    ("Beijing's response was swift.", "Beijing"),
    ("Paris and Berlin called for changes to the rules.", "Paris"),
    ("Kremlin officials said the bill was a domestic matter.", "Kremlin"),
    # people and organisations the name runs into
    ("Paris Hilton visited a hotel.", "Paris"),
    ("Students of George Washington University protested.", "Washington"),
    ("The Washington Post reported the story.", "Washington"),
    ("Senator Sanders spoke first. Sanders said the bill would pass.", "Sanders"),
    ("The University of Georgia closed after a leak.", "Georgia"),
    # common words and dates
    ("Reading the statement, the mayor thanked the crews.", "Reading"),
    ("Congress passed the bill in March.", "Congress"),
    ("The vote is due in May.", "May"),
    ("Officials said HIV cases fell.", "HIV"),
]


@pytest.mark.parametrize(("text", "span"), NOT_PLACES)
def test_metonymy_people_organisations_and_common_words_are_not_places(text, span) -> None:
    assert mention(text, span) is None, find_places(text)


DEMONYMS = [
    "Syrian forces shelled the town.",
    "Lebanese troops were deployed.",
    "The Pakistani delegation arrived.",
    "Ukrainian officials said the dam was destroyed.",
]


@pytest.mark.parametrize("text", DEMONYMS)
def test_demonyms_are_not_places(text) -> None:
    assert find_places(text) == []


def test_a_place_after_a_preposition_is_a_place_even_before_said() -> None:
    assert where(mention("Officials in nearby Dallas said two roads were shut.", "Dallas")) == ("USA", "city", "Texas")
    assert mention("Officials in Kharkiv region said the strike hit a school.", "Kharkiv region") is not None


# --- lower-case and upper-case text ----------------------------------------------------------------------

CASELESS = [
    ("fighting continued in tripoli and benghazi, libya's two largest cities.", "tripoli", "LBY"),
    ("the army took control in niamey, the capital of niger.", "niamey", "NER"),
    ("heavy snow closed roads around denver and boulder in colorado.", "boulder", "USA"),
    ("a fire in valparaiso, chile, killed more than 100 people.", "valparaiso", "CHL"),
    ("POLICE IN NAIROBI ARRESTED TWELVE PROTESTERS ON TUESDAY.", "NAIROBI", "KEN"),
]


@pytest.mark.parametrize(("text", "span", "country"), CASELESS)
def test_text_without_capitals_still_works(text, span, country) -> None:
    got = mention(text, span)
    assert got is not None, find_places(text)
    assert got.country == country


@pytest.mark.parametrize("text", ["it was a nice day for reading in the park.", "the man may march on sale day."])
def test_lower_case_common_words_are_not_places(text) -> None:
    assert find_places(text) == []


# --- feature classes and the record ----------------------------------------------------------------------

FEATURES = [
    ("Floods hit Bangladesh.", "Bangladesh", "country"),
    ("Snow fell across Hokkaido overnight.", "Hokkaido", "admin1"),
    ("Floods closed roads across Lamar County, Texas.", "Lamar County", "admin2"),
    ("A quake struck Hualien on Wednesday.", "Hualien", "city"),
    ("Tanks moved into the Golan Heights.", "Golan Heights", "admin1"),
]


@pytest.mark.parametrize(("text", "span", "feature"), FEATURES)
def test_feature_classes(text, span, feature) -> None:
    got = mention(text, span)
    assert got is not None, find_places(text)
    assert got.feature == feature


def test_a_record_has_every_field_of_the_contract() -> None:
    found = tidings.find_places("A ferry capsized near Mwanza, Tanzania.", date="2024-08-05", article_id="a1")
    assert [m.text for m in found] == ["Mwanza", "Tanzania"]
    town = found[0].to_record()
    assert tuple(town) == PLACE_FIELDS
    assert town["article_id"] == "a1" and town["feature"] == "city" and town["country"] == "TZA"
    assert isinstance(town["geonames_id"], int) and town["admin1"]
    assert abs(town["latitude"] - -2.52) < 0.2 and abs(town["longitude"] - 32.9) < 0.2
    assert 0.5 < town["confidence"] <= 1.0


def test_a_resolver_can_be_given_its_own_index() -> None:
    index = PlaceIndex(
        name=["Testville"], feature=["city"], country=["USA"], admin1=["Ohio"], region=["US.OH"],
        latitude=__import__("array").array("d", [40.0]), longitude=__import__("array").array("d", [-82.0]),
        population=__import__("array").array("q", [50000]), geonames_id=__import__("array").array("q", [0]),
        names={"testville": (0,)}, alternates={}, aliases={}, admin1_ids={}, country_ids={}, capitals={},
        longest_name=1,
    )  # fmt: skip
    found = find_places("Storms hit Testville on Monday.", resolver=PlaceResolver(index))
    assert [(m.name, m.geonames_id) for m in found] == [("Testville", None)]


# --- the command and the events --------------------------------------------------------------------------


def test_places_command_writes_one_record_per_mention(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    text = "Floods hit Paris, Texas, and officials in Dallas closed two roads."
    src.write_text(json.dumps({"id": "p1", "date": "2024-05-02", "text": text}) + "\n", encoding="utf-8")
    out = tmp_path / "places.jsonl"
    result = CliRunner().invoke(app, ["places", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in rows] == ["Paris", "Texas", "Dallas"]
    assert all(text[r["start_char"] : r["end_char"]] == r["text"] and r["article_id"] == "p1" for r in rows)


def test_places_command_refuses_other_formats_in_one_line(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "p1", "date": "2024-05-02", "text": "Rain in Oslo."}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["places", str(src), "-o", str(tmp_path / "p.parquet")])
    assert result.exit_code == 2
    assert "JSONL" in result.output and "Traceback" not in result.output


def test_event_places_come_from_the_same_resolver() -> None:
    text = "Floods hit Paris, Texas, on Monday. Police arrested two protesters in Paris on Tuesday."
    events = tidings.code_text(text, date="2024-05-02")
    placed = [e for e in events if e.location is not None]
    assert placed, [e.event_code for e in events]
    mentions = {(m.start_char, m.end_char): m for m in find_places(text)}
    for ev in placed:
        m = mentions[(ev.location.start_char, ev.location.end_char)]
        assert (ev.location.name, ev.location.country, ev.location.latitude) == (m.name, m.country, m.latitude)
        assert ev.location.country == "USA"
