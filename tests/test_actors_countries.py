"""Countries as actors: names and their variants, abbreviations, demonyms, capitals and seats of power
standing for governments, capitals that are only places, and words that look like countries but are not
("Georgia" the U.S. state, "Jordan" a first name, "turkey" the bird, "China" in "South China Sea")."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("sentence", "source", "target"),
    [
        ("Turkey criticized Sweden over the protest.", "TUR", "SWE"),
        # The country keeps its name where nothing says it is the U.S. state (see the false friends below).
        ("Georgia accused Russia of violating its airspace.", "GEO", "RUS"),
    ],
)
def test_country_name_codes_as_the_bare_country(event_of, sentence: str, source: str, target: str) -> None:
    e = event_of(sentence)
    assert (e.source.code, e.target.code) == (source, target)
    assert (e.source.country, e.source.type) == (source, None)


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("The United States and the United Kingdom signed a trade agreement.", "USA"),
        ("The Democratic Republic of the Congo accused Rwanda of backing the rebels.", "COD"),
        ("The Republic of Korea and Japan agreed to resume talks.", "KOR"),
        ("Burma released political prisoners.", "MMR"),
    ],
)
def test_long_and_former_country_names_code_as_the_country(event_of, sentence: str, source: str) -> None:
    assert event_of(sentence).source.code == source


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("The US criticized North Korea over the missile launch.", "USA"),
        ("The U.S. accused Russia of interfering in the election.", "USA"),
        ("The UK expelled two Russian diplomats.", "GBR"),
        ("The UAE hosted talks between Sudan and South Sudan.", "ARE"),
        ("The DPRK criticized South Korea over the drills.", "PRK"),
    ],
)
def test_abbreviation_names_its_country(event_of, sentence: str, source: str) -> None:
    assert event_of(sentence).source.code == source


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("US officials met Iranian diplomats in Oman.", "USAGOV"),
        ("U.S. officials met Iranian diplomats in Oman.", "USAGOV"),
        ("UK officials met Iranian diplomats in Oman.", "GBRGOV"),
        ("U.K. officials met Iranian diplomats in Oman.", "GBRGOV"),
    ],
)
def test_abbreviation_before_a_role_gives_the_role_that_country(event_of, sentence: str, source: str) -> None:
    e = event_of(sentence)
    assert (e.source.code, e.target.code) == (source, "IRNGOV")


@pytest.mark.parametrize(
    ("sentence", "source", "target"),
    [
        ("Emirati officials met Syrian officials in Damascus.", "AREGOV", "SYRGOV"),
        ("Pakistani officials met Emirati officials in Dubai.", "PAKGOV", "AREGOV"),
    ],
)
def test_demonyms_give_their_countries(event_of, sentence: str, source: str, target: str) -> None:
    e = event_of(sentence)
    assert (e.source.code, e.target.code) == (source, target)
    assert (e.source.country, e.target.country) == (source[:3], target[:3])


@pytest.mark.parametrize(
    ("sentence", "source", "target"),
    [
        ("Beijing criticized Washington over the arms sale to Taiwan.", "CHNGOV", "USAGOV"),
        ("Moscow accused Kyiv of shelling the plant.", "RUSGOV", "UKRGOV"),
    ],
)
def test_capital_city_stands_for_its_government(event_of, sentence: str, source: str, target: str) -> None:
    e = event_of(sentence)
    assert (e.source.code, e.target.code) == (source, target)


def test_capital_as_speaker_is_the_government(actors_of) -> None:
    actors = actors_of("Beijing said it would retaliate against the new tariffs.")
    assert [a.code for a in actors if a.kind != "coref"] == ["CHNGOV"]  # "it" is a coreferent mention


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("The Kremlin accused Ukraine of attacking the power plant.", "RUSGOV"),
        ("Downing Street condemned Iran over the attack on the tanker.", "GBRGOV"),
        ("Washington imposed sanctions on Iran.", "USAGOV"),
    ],
)
def test_seat_of_power_stands_for_its_government(event_of, sentence: str, source: str) -> None:
    assert event_of(sentence).source.code == source


def test_capital_after_a_preposition_is_a_place_not_the_government(event_of) -> None:
    e = event_of("The Pakistani delegation arrived in Beijing on Monday.")
    assert (e.source.code, e.target.code) == ("PAKGOV", "CHN")


def test_capital_addressed_by_a_protest_is_the_government(event_of) -> None:
    # "to" is not always a place: one government protests *to* another.
    e = event_of("Tokyo protested to Seoul over the textbooks.")
    assert (e.source.code, e.target.code) == ("JPNGOV", "KORGOV")


def test_country_with_a_soviet_past_is_recognised_as_a_country(actors_of) -> None:
    # A place ("in eastern Ukraine") is not an actor; here Ukraine acts.
    ukraine = [
        a for a in actors_of("Ukraine accused separatists of attacking an army checkpoint.") if a.name == "Ukraine"
    ]
    assert [(a.code, a.kind) for a in ukraine] == [("UKR", "country")]


def test_georgia_the_us_state_is_not_the_country(actors_of) -> None:
    actors = actors_of("Voters in the U.S. state of Georgia cast ballots on Tuesday.")
    assert [a.code for a in actors if a.country == "GEO"] == []


def test_jordan_as_a_first_name_is_not_the_country(actors_of) -> None:
    actors = actors_of("Jordan Peterson criticized the Canadian government.")
    assert [a.code for a in actors if a.code] == ["CANGOV"]


def test_lowercase_turkey_is_the_bird(actors_of) -> None:
    actors = actors_of("Farmers sold turkey and chicken at the market in Nairobi.")
    assert [a.code for a in actors if a.country == "TUR"] == []


def test_china_inside_south_china_sea_is_not_china(actors_of) -> None:
    actors = actors_of("Vietnam and the Philippines held talks on the South China Sea.")
    assert [a.code for a in actors] == ["VNM", "PHL"]


def test_a_town_named_after_a_place_noun_stands_for_its_country(event_of) -> None:
    e = event_of("Russian forces shelled the southern city of Kherson overnight.")
    assert (e.source.code, e.target.code) == ("RUSMIL", "UKR")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Protesters set fire to police stations in Karachi and Quetta on Friday.", "Quetta"),
        ("Russia's defence ministry reported fighting in Ukraine's Donetsk region.", "Ukraine"),
        ("Peru's army said a drone was found on a beach north of Lima.", "Lima"),
        ("Rescue teams searched residential areas of Antakya, Turkey's southernmost city.", "Turkey"),
        ("Farmers blocked checks on the border with Hungary on Monday.", "Hungary"),
        ("Thousands of civilians fled Sudan after the fighting began.", "Sudan"),
        ("Rebel fighters entered Kinshasa on Sunday.", "Kinshasa"),
        ("Azerbaijani troops pushed into southern Armenia overnight.", "Armenia"),
    ],
)
def test_a_place_where_something_happens_or_goes_is_not_an_actor(actors_of, text: str, place: str) -> None:
    assert not [a for a in actors_of(text) if place in a.name]


@pytest.mark.parametrize(
    ("text", "target", "code"),
    [
        ("Police fired rubber bullets at demonstrators in Bogota.", "demonstrators", "COLCVL"),
        ("Iran launched a barrage of missiles at Israel on Tuesday.", "Israel", "ISR"),
        ("Canada will send more armoured vehicles to Ukraine, its defence minister said.", "Ukraine", "UKR"),
        ("The chancellor defended her policy towards Beijing.", "Beijing", "CHNGOV"),
    ],
)
def test_a_target_or_recipient_after_a_preposition_is_an_actor(actors_of, text: str, target: str, code: str) -> None:
    assert [a.code for a in actors_of(text) if a.name.endswith(target)] == [code]


def test_a_place_noun_inside_a_country_name_keeps_the_country(actors_of) -> None:
    actors = actors_of("New Zealand said it was concerned after the Marshall Islands signed a deal with China.")
    assert "MHL" in [a.code for a in actors]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The president appealed to Turks to stay calm.", "TURCVL"),
        ("Thousands of Georgians marched through the capital.", "GEOCVL"),
    ],
)
def test_a_plural_demonym_names_the_people_of_that_country(actors_of, text: str, code: str) -> None:
    assert code in [a.code for a in actors_of(text)]


def test_western_countries_are_the_west(actors_of) -> None:
    actors = actors_of("Russia accused Western countries of prolonging the war.")
    assert [a.code for a in actors] == ["RUS", "WST"]


@pytest.mark.parametrize(
    "text",
    [
        "Georgia Governor Brian Kemp signed the budget on Tuesday.",
        "Georgia's Democratic attorney general, Rowan Ellery-Banks, sued the company.",
    ],
)
def test_officials_of_the_us_state_of_georgia_are_us_officials(actors_of, text: str) -> None:
    actors = actors_of(text, date="2022-05-03")
    assert actors and actors[0].code == "USAGOV"
    assert not [a for a in actors if "Georgia" in a.name and a.code.startswith("GEO")]


def test_western_inside_a_place_name_is_not_the_west(actors_of) -> None:
    actors = actors_of("Troops of the Western Mindanao Command arrested three suspects on Monday.")
    assert not [a for a in actors if a.code.startswith("WST")]
