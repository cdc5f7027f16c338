"""People and groups the dictionaries do not know: they are kept, with their own name and whatever country
and role the text gives them, and nothing the text does not give (no country borrowed from the place
they are in or the country they talk about, no office borrowed from a leader with the same surname)."""

from __future__ import annotations

import pytest

SPOKESMAN_FORMS = [
    "A Kenyan police spokesman, John Otieno, accused the protesters of looting shops.",
    "Kenyan police spokesman John Otieno accused the protesters of looting shops.",
    "John Otieno, a Kenyan police spokesman, accused the protesters of looting shops.",
]


@pytest.mark.parametrize("sentence", SPOKESMAN_FORMS)
def test_unknown_person_takes_the_country_and_role_the_text_gives(event_of, sentence: str) -> None:
    e = event_of(sentence)
    assert (e.source.code, e.source.country, e.source.type) == ("KENCOP", "KEN", "COP")
    assert e.target.code == "KENCVL"


@pytest.mark.parametrize("sentence", SPOKESMAN_FORMS)
def test_unknown_person_keeps_his_name(event_of, sentence: str) -> None:
    assert "John Otieno" in event_of(sentence).source.name


@pytest.mark.parametrize(
    ("sentence", "source", "target"),
    [
        (
            "Oleksandr Hrytsenko, a Ukrainian army commander, accused Russia of shelling the town.",
            "UKRMIL",
            "RUS",
        ),
        ("The Tanzanian opposition leader Amani Mwakyusa criticized the government.", "TZAOPP", "TZAGOV"),
        ("Ghanaian businessman Kwame Asante met Nigerian officials in Lagos.", "GHABUS", "NGAGOV"),
    ],
)
def test_unknown_person_described_by_demonym_and_role(event_of, sentence: str, source: str, target: str) -> None:
    e = event_of(sentence)
    assert (e.source.code, e.target.code) == (source, target)


def test_unknown_person_is_not_given_the_country_he_talks_about(event_of) -> None:
    e = event_of("Marek Dvorak criticized Poland over the new law.")
    assert e.source.name == "Marek Dvorak"
    assert e.source.country is None
    assert e.target.code == "POL"


def test_unknown_person_is_not_given_the_country_she_is_in(event_of) -> None:
    e = event_of("Lindiwe Mabaso met Kenyan officials in Nairobi.")
    assert e.source.name == "Lindiwe Mabaso"
    assert e.source.country is None
    assert e.target.code == "KENGOV"


def test_shared_surname_does_not_make_a_student_the_prime_minister(event_of) -> None:
    # Shehbaz Sharif was Prime Minister on this date; Sarah Sharif is a student.
    e = event_of(
        "Sarah Sharif, a Pakistani student, criticized the university over the fee increase.",
        date="2023-05-10",
    )
    assert (e.source.code, e.source.type) == ("PAKEDU", "EDU")


def test_spokesman_for_a_group_speaks_for_the_group_not_the_country_it_accuses(event_of) -> None:
    e = event_of("A spokesman for the Sahel Liberation Front accused Mali of attacking civilians.")
    assert e.target.code == "MLI"
    assert (e.source.country, e.source.type) == (None, "REB")


def test_unknown_group_keeps_its_name(event_of) -> None:
    e = event_of("The Harbour Workers Alliance accused the Kenyan government of ignoring the strike.")
    assert "Harbour Workers Alliance" in e.source.name
    assert e.target.code == "KENGOV"


def test_a_title_of_an_unknown_company_is_not_a_government_role(actors_of) -> None:
    actors = actors_of("Borealis Mining president Anna Lindqvist criticized Sweden over the new tax.")
    assert "SWEGOV" not in [a.code for a in actors]


def test_an_unknown_named_speaker_is_kept_without_a_code(actors_of) -> None:
    actors = actors_of("The ceasefire talks had stalled, Marisol Quenneville-Ortiz told reporters on Friday.")
    unknown = [a for a in actors if "Quenneville-Ortiz" in a.name]
    assert [(a.code, a.country) for a in unknown] == [("", None)]
