"""A country's possessive or an "of" phrase gives a role or person its country: "Pakistan's President Arif
Alvi", "Arif Alvi, Pakistan's president", "the UAE's foreign minister, Abdullah bin Zayed", "the president
of France"."""

from __future__ import annotations

import pytest


def test_possessive_country_before_title_and_name(event_of) -> None:
    e = event_of("Pakistan's President Arif Alvi met Chinese officials in Islamabad.")
    assert (e.source.code, e.target.code) == ("PAKGOV", "CHNGOV")


def test_name_with_possessive_title_in_apposition(event_of) -> None:
    e = event_of("Arif Alvi, Pakistan's president, met Chinese officials in Islamabad.")
    assert (e.source.code, e.target.code) == ("PAKGOV", "CHNGOV")
    assert e.source.name.startswith("Arif Alvi")


def test_possessive_title_with_name_in_apposition(event_of) -> None:
    e = event_of("The UAE's foreign minister, Abdullah bin Zayed, met Israeli officials in Abu Dhabi.")
    assert (e.source.code, e.target.code) == ("AREGOV", "ISRGOV")


def test_apposition_is_one_actor_not_two(actors_of) -> None:
    actors = actors_of("Arif Alvi, Pakistan's president, met Chinese officials in Islamabad.")
    assert [a.code for a in actors if a.type == "GOV"] == ["PAKGOV", "CHNGOV"]


@pytest.mark.parametrize(
    ("sentence", "source", "target"),
    [
        ("The president of France met Indian officials in Paris.", "FRAGOV", "INDGOV"),
        ("Chinese officials met the president of France in Beijing.", "CHNGOV", "FRAGOV"),
        ("The foreign minister of Egypt met Jordanian officials in Cairo.", "EGYGOV", "JORGOV"),
    ],
)
def test_role_of_a_country_takes_that_country(event_of, sentence: str, source: str, target: str) -> None:
    e = event_of(sentence)
    assert (e.source.code, e.target.code) == (source, target)


@pytest.mark.parametrize(
    ("sentence", "source", "target"),
    [
        ("India's army accused Pakistan of violating the ceasefire.", "INDMIL", "PAK"),
        ("Russia's foreign ministry summoned the British ambassador.", "RUSGOV", "GBRGOV"),
        ("Kenya's police arrested the protesters.", "KENCOP", "KENCVL"),
        ("Israel's prime minister criticized Iran over the enrichment.", "ISRGOV", "IRN"),
    ],
)
def test_possessive_country_before_a_role_noun(event_of, sentence: str, source: str, target: str) -> None:
    e = event_of(sentence)
    assert (e.source.code, e.target.code) == (source, target)


def test_each_possessive_stays_with_its_own_noun(event_of) -> None:
    e = event_of("Kenya's president met Uganda's army chief in Kampala.")
    assert (e.source.code, e.target.code) == ("KENGOV", "UGAMIL")


def test_possessive_country_before_a_leaders_surname(event_of) -> None:
    e = event_of("Brazil's Lula met Argentina's Milei in Brasilia.", date="2024-05-10")
    assert (e.source.code, e.target.code) == ("BRAGOV", "ARGGOV")


def test_possessive_capital_stands_for_its_government(event_of) -> None:
    e = event_of("Beijing's ambassador met Australian officials in Canberra.")
    assert (e.source.code, e.target.code) == ("CHNGOV", "AUSGOV")


def test_president_of_a_countrys_party_leads_the_party_not_the_country(event_of) -> None:
    e = event_of("The president of Kenya's opposition party met Ugandan officials.")
    assert (e.source.code, e.target.code) == ("KENOPP", "UGAGOV")
