"""Named office holders, coded by the article date with the packaged tables
(``data/office_holders.tsv`` from REIGN, ``data/office_holders_supplement.tsv``): in office → the
government (``XXXGOV``) or organisation they lead; after leaving office → an elite of their country
(``XXXELI``); a bare surname only when one sitting office holder bears it."""

from __future__ import annotations

import pytest


def test_sitting_leaders_code_as_their_governments(event_of) -> None:
    e = event_of("Recep Tayyip Erdogan met Vladimir Putin in Sochi.", date="2023-05-10")
    assert (e.source.code, e.target.code) == ("TURGOV", "RUSGOV")


def test_surname_of_a_unique_sitting_leader_codes_as_that_leader(event_of) -> None:
    e = event_of("Erdogan criticized Sweden over the protest.", date="2023-05-10")
    assert (e.source.code, e.source.country, e.source.type) == ("TURGOV", "TUR", "GOV")


@pytest.mark.parametrize(
    ("date", "code"),
    [
        ("2019-05-10", "DEUGOV"),  # Chancellor 2005-11-22 .. 2021-12-08
        ("2023-05-10", "DEUELI"),
    ],
)
def test_leader_codes_as_government_in_office_and_elite_after(event_of, date: str, code: str) -> None:
    assert event_of("Angela Merkel met Chinese officials in Berlin.", date=date).source.code == code


@pytest.mark.parametrize(
    ("date", "code"),
    [
        ("2019-03-10", "USAGOV"),  # first term 2017-01-20 .. 2021-01-20
        ("2023-05-10", "USAELI"),  # between the terms
        ("2025-03-10", "USAGOV"),  # second term from 2025-01-20
    ],
)
def test_leader_with_two_spells_codes_by_the_spell_the_date_falls_in(event_of, date: str, code: str) -> None:
    assert event_of("Donald Trump criticized Iran over the tanker attacks.", date=date).source.code == code


def test_former_and_sitting_presidents_in_one_sentence(event_of) -> None:
    e = event_of("Obama criticized Trump over the border wall.", date="2019-03-10")
    assert (e.source.code, e.target.code) == ("USAELI", "USAGOV")


def test_surname_of_a_former_leader_codes_as_an_elite(event_of) -> None:
    # Uhuru Kenyatta: President 2013-04-09 .. 2022-09-13, succeeded by William Ruto.
    e = event_of("Kenyatta met Somali officials in Mombasa.", date="2023-05-10")
    assert (e.source.code, e.target.code) == ("KENELI", "SOMGOV")


def test_successor_codes_as_the_government(event_of) -> None:
    e = event_of("William Ruto met Somali officials in Nairobi.", date="2023-05-10")
    assert (e.source.code, e.target.code) == ("KENGOV", "SOMGOV")


def test_prime_minister_removed_from_office_is_no_longer_the_government(event_of) -> None:
    # Imran Khan: Prime Minister 2018-08-18 .. 2022-04-10 (removed by a no-confidence vote).
    e = event_of("Imran Khan accused the army of plotting against him.", date="2023-05-10")
    assert e.source.code in ("PAKELI", "PAKOPP")


def test_prime_minister_who_resigned_is_no_longer_the_government(event_of) -> None:
    # Jacinda Ardern: Prime Minister 2017-10-26 .. 2023-01-25.
    e = event_of("Jacinda Ardern praised Australia.", date="2024-06-10")
    assert e.source.code == "NZLELI"


def test_surname_of_a_former_leader_is_not_the_sitting_government(actors_of) -> None:
    # Boris Johnson left office on 2022-09-06; a bare "Johnson" in 2023 is not the British government.
    actors = actors_of("Johnson criticized Russia over the cyberattack.", date="2023-05-10")
    assert "GBRGOV" not in [a.code for a in actors]


@pytest.mark.parametrize(
    ("sentence", "date", "code"),
    [
        ("Mark Rutte urged Germany to raise defence spending.", "2023-05-10", "NLDGOV"),  # Prime Minister
        ("Rutte urged Germany to raise defence spending.", "2025-06-10", "IGOWSTNAT"),  # NATO from 2024-10-01
    ],
)
def test_person_who_moves_to_an_organisation_takes_its_code(event_of, sentence: str, date: str, code: str) -> None:
    assert event_of(sentence, date=date).source.code == code


def test_head_of_an_organisation_codes_as_the_organisation(event_of) -> None:
    e = event_of("Guterres urged Russia to extend the grain deal.", date="2023-05-10")
    assert (e.source.code, e.source.country) == ("IGOUNO", None)


@pytest.mark.parametrize(
    ("date", "code"),
    [
        ("2019-05-10", "CHNGOV"),  # Foreign Minister 2013-03-16 .. 2022-12-30
        ("2023-09-10", "CHNGOV"),  # second spell from 2023-07-25
    ],
)
def test_minister_codes_as_government_in_each_spell(event_of, date: str, code: str) -> None:
    e = event_of("Wang Yi met Sergey Lavrov in Moscow.", date=date)
    assert (e.source.code, e.target.code) == (code, "RUSGOV")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Pedro Sanchez and European Commission President Ursula von der Leyen met Moroccan King Mohammed VI "
            "in Rabat.",
            {"Pedro Sanchez": "ESPGOV", "European Commission President Ursula von der Leyen": "IGOEUREEC"},
        ),
        (
            "Saudi Arabia cancelled a meeting with French President Emmanuel Macron, Turkish President Recep "
            "Tayyip Erdogan and Qatari Emir Tamim bin Hamad Al Thani, Saudi Foreign Minister Faisal bin Farhan said.",
            {
                "Turkish President Recep Tayyip Erdogan": "TURGOV",
                "Qatari Emir Tamim bin Hamad Al Thani": "QATGOV",
                "Saudi Foreign Minister Faisal bin Farhan": "SAUGOV",
            },
        ),
    ],
)
def test_a_list_the_parser_glued_together_gives_one_actor_per_member(actors_of, text, expected) -> None:
    got = {a.name: a.code for a in actors_of(text, date="2024-06-01")}
    for name, code in expected.items():
        assert got.get(name) == code


def test_a_descriptive_apposition_is_not_a_second_member(actors_of) -> None:
    actors = actors_of("Kim Yo Jong, the sister of North Korean leader Kim Jong Un, criticised Seoul and Washington.")
    assert [a.code for a in actors][:1] == ["PRKGOV"]
    assert not any(a.name.startswith("the sister") for a in actors)


def test_a_short_surname_of_an_office_holder_is_a_name_not_an_acronym(actors_of) -> None:
    actors = actors_of(
        "Chinese President Xi Jinping arrived in Moscow. Putin thanked Xi for the visit.", date="2023-03-20"
    )
    assert [a.code for a in actors if a.name == "Xi"] == ["CHNGOV"]


def test_a_person_named_again_by_surname_keeps_the_code_of_the_full_mention(actors_of) -> None:
    actors = actors_of(
        "Lebanon's caretaker economy minister, Amin Salam-Haddad, met IMF officials on Monday. "
        "Salam-Haddad said the talks had been constructive."
    )
    assert [a.code for a in actors if a.name == "Salam-Haddad"] == ["LBNGOV"]


def test_a_minister_of_a_portfolio_with_an_unknown_name_gets_the_story_country(actors_of) -> None:
    actors = actors_of(
        "Thousands of Kenyan nurses went on strike on Monday. "
        "Health Minister Wanjiru Kamau-Otieno urged them to return."
    )
    assert [a.code for a in actors if "Kamau-Otieno" in a.name] == ["KENGOV"]


def test_a_title_that_names_the_country_codes_a_person_the_dictionaries_lack(actors_of) -> None:
    actors = actors_of("Acting Homeland Security Secretary Jordan Whitfield-Pryce accused Iran of cyberattacks.")
    assert actors[0].code == "USAGOV" and actors[0].name.endswith("Whitfield-Pryce")


def test_a_description_and_the_person_after_a_comma_are_one_mention(actors_of) -> None:
    actors = actors_of(
        "Emirati President Mohamed bin Zayed embraced Qatar's emir, Sheikh Tamim bin Hamad Al Thani, on arrival.",
        date="2023-06-01",
    )
    assert [a.name for a in actors if a.code == "QATGOV"] == ["Qatar's emir, Sheikh Tamim bin Hamad Al Thani"]


def test_the_pope_is_the_head_of_state_of_the_vatican(actors_of) -> None:
    actors = actors_of("Pope Leo met Lebanese President Joseph Aoun in Beirut.", date="2025-12-01")
    assert actors[0].code == "VATGOV" and actors[0].name == "Pope Leo"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Emergencies Minister Alexander Kurenkov visited the flooded town of Orsk in Russia.", "RUSGOV"),
        ("Deputy Foreign Minister Sergei Ryabkov rejected the proposal.", "GOV"),
    ],
)
def test_portfolio_and_deputy_titles_are_government_offices(actors_of, text: str, code: str) -> None:
    assert actors_of(text, date="2024-06-01")[0].code.endswith(code)


def test_a_short_capitalised_word_is_not_a_surname_unless_it_is_a_name(actors_of) -> None:
    actors = actors_of("In Seoul, President Yoon Suk Yeol met business leaders.", date="2023-05-10")
    assert not [a for a in actors if a.name == "In"]


def test_a_description_after_a_known_name_does_not_change_its_role(actors_of) -> None:
    actors = actors_of("The Taliban, once the governing force in Kabul, rejected the proposal.", date="2015-06-01")
    assert actors[0].code == "AFGREB"


def test_a_known_person_titled_as_a_groups_leader_is_coded_as_the_group(actors_of) -> None:
    actors = actors_of("Turkish officials received Hamas leader Ismail Haniyeh in Istanbul.", date="2023-06-01")
    assert [a.code for a in actors if "Haniyeh" in a.name] == ["PSEREB"]
