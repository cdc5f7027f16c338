"""Mentions that point back to an actor named earlier in the same story ("the president", "he", "she",
"the country", "it", "its", "both sides", "the two countries", "his Syrian counterpart"): the event in the
later sentence carries the code of the actor they refer to."""

from __future__ import annotations

import pytest

import tidings


def events_in_sentence(text: str, sentence: int, date: str = "2023-05-10") -> list[tidings.Event]:
    """Every event coded from one sentence of ``text`` (at least one, or the test fails here)."""
    events = [e for e in tidings.code_text(text, date=date) if e.sentence_index == sentence]
    assert events, f"no event coded from sentence {sentence} of {text!r}"
    return events


def test_the_president_refers_to_the_president_named_before(event_of) -> None:
    e = event_of(
        "Kenyan President William Ruto arrived in Addis Ababa on Monday. "
        "The president praised Ethiopia for hosting the talks.",
        sentence=1,
    )
    assert (e.source.code, e.target.code) == ("KENGOV", "ETH")


def test_the_minister_refers_to_the_minister_named_before(event_of) -> None:
    e = event_of(
        "Indian Foreign Minister Subrahmanyam Jaishankar arrived in Moscow on Tuesday. "
        "The minister met Russian officials.",
        sentence=1,
    )
    assert (e.source.code, e.target.code) == ("INDGOV", "RUSGOV")


def test_he_refers_to_the_man_named_before(event_of) -> None:
    e = event_of(
        "Kenyan President William Ruto arrived in Addis Ababa on Monday. He met Ethiopian officials.",
        sentence=1,
    )
    assert (e.source.code, e.target.code) == ("KENGOV", "ETHGOV")


def test_she_refers_to_the_woman_named_before(event_of) -> None:
    e = event_of("Finnish Prime Minister Sanna Marin visited Kyiv on Friday. She met Ukrainian officials.", sentence=1)
    assert (e.source.code, e.target.code) == ("FINGOV", "UKRGOV")


def test_the_country_refers_to_the_country_named_before(event_of) -> None:
    e = event_of(
        "Egypt recalled its ambassador on Sunday. The country also criticized Israel over the raid.",
        sentence=1,
    )
    assert (e.source.code, e.target.code) == ("EGY", "ISR")


def test_the_country_is_not_a_territory_named_only_as_a_modifier(event_of) -> None:
    # "Gaza" only says which ceasefire; the country that hosted the talks is Qatar.
    e = event_of(
        "Qatar hosted talks on the Gaza ceasefire on Friday. The country also criticized Israel over the strikes.",
        sentence=1,
    )
    assert (e.source.code, e.target.code) == ("QAT", "ISR")


def test_it_refers_to_the_country_that_acted_before(event_of) -> None:
    e = event_of(
        "Kenya hosted talks on the Sudan ceasefire on Friday. It also urged the warring parties to protect civilians.",
        sentence=1,
    )
    assert e.source.code == "KEN"


def test_its_gives_a_role_the_country_named_before(event_of) -> None:
    e = event_of(
        "Saudi Arabia hosted the talks on Sunday. Its foreign minister met Iranian officials in Riyadh.",
        sentence=1,
    )
    assert (e.source.code, e.target.code) == ("SAUGOV", "IRNGOV")


def test_both_sides_are_the_two_countries_named_before() -> None:
    text = "Armenia and Azerbaijan held talks on Monday. Both sides agreed to exchange prisoners."
    events = events_in_sentence(text, 1)
    assert events and {code for e in events for code in (e.source.code, e.target.code)} == {"ARM", "AZE"}


def test_the_two_countries_are_not_the_city_where_they_met() -> None:
    text = "Armenia and Azerbaijan held talks in Almaty on Monday. The two countries agreed to exchange prisoners."
    events = events_in_sentence(text, 1)
    assert events and {code for e in events for code in (e.source.code, e.target.code)} == {"ARM", "AZE"}


def test_the_two_leaders_are_the_two_leaders_named_before() -> None:
    text = (
        "Greek Prime Minister Kyriakos Mitsotakis met Turkish President Recep Tayyip Erdogan in Athens. "
        "The two leaders agreed to resume talks."
    )
    events = events_in_sentence(text, 1)
    assert {a.code for e in events for a in (e.source, e.target)} == {"GRCGOV", "TURGOV"}


def test_his_counterpart_has_the_role_of_the_man_he_meets(event_of) -> None:
    e = event_of(
        "Turkish Foreign Minister Mevlut Cavusoglu arrived in Damascus on Monday. He met his Syrian counterpart.",
        sentence=1,
    )
    assert (e.source.code, e.target.code) == ("TURGOV", "SYRGOV")


def test_counterpart_of_a_military_chief_is_a_military_chief(event_of) -> None:
    e = event_of("The Indian army chief met his Chinese counterpart on the border.")
    assert (e.source.code, e.target.code) == ("INDMIL", "CHNMIL")


def test_the_government_refers_to_the_country_of_the_officials_before(event_of) -> None:
    e = event_of(
        "Jordanian officials said the talks had stalled. The government accused Israel of violating the agreement.",
        sentence=1,
    )
    assert (e.source.code, e.target.code) == ("JORGOV", "ISR")


def coref_codes(actors, word: str) -> list[str]:
    """The codes given to the mentions of ``word`` ("it", "the bloc"), found by their last word."""
    return [a.code for a in actors if a.name and a.name.lower().split()[-1] == word.lower().split()[-1]]


def test_object_pronoun_does_not_refer_to_the_subject_of_its_own_verb(actors_of) -> None:
    actors = actors_of(
        "Ghanaian voters elected opposition candidate John Mahama as president, "
        "and outgoing President Nana Akufo-Addo congratulated him."
    )
    assert coref_codes(actors, "him") == ["GHAOPP"]


def test_they_prefers_a_plural_group_over_a_government_named_after_it(actors_of) -> None:
    actors = actors_of(
        "Egyptian warplanes struck targets in eastern Libya, and Cairo said they had destroyed weapons depots."
    )
    assert coref_codes(actors, "they") == ["EGYMIL"]


def test_them_after_a_group_in_the_previous_sentence_is_that_group(actors_of) -> None:
    actors = actors_of(
        "Nigerian doctors began a strike against the government's pay plan on Monday. "
        "Health Minister Osagie Ehanire urged them to return."
    )
    assert coref_codes(actors, "them") == ["NGAHLH"]


def test_pronoun_in_a_subordinate_clause_refers_to_the_governing_subject(actors_of) -> None:
    actors = actors_of(
        "A Chilean senator, Marta Olivares-Pinto, filed a complaint against President Gabriel Boric "
        "over what she called a breach of the constitution."
    )
    assert coref_codes(actors, "she") == ["CHLLEG"]


def test_he_prefers_the_subject_of_the_previous_sentence(actors_of) -> None:
    actors = actors_of(
        "Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed in Nairobi on Monday. "
        "He said the two countries would expand trade.",
        date="2023-06-12",
    )
    assert coref_codes(actors, "he") == ["KENGOV"]


@pytest.mark.parametrize(
    "text",
    [
        "Poland reopened the border crossing with Lithuania, and President Andrzej Duda called it a symbol of trust.",
        "Norway joined the talks on Monday, and Prime Minister Jonas Gahr Store warned that it was the last chance.",
    ],
)
def test_it_naming_no_actor_is_not_coded(actors_of, text: str) -> None:
    assert coref_codes(actors_of(text), "it") == []


def test_the_commission_refers_to_the_commission_named_before(actors_of) -> None:
    actors = actors_of(
        "Opposition parties accused the Election Commission of India of bias. "
        "The commission rejected the charge and said it had followed the rules."
    )
    assert coref_codes(actors, "The commission") == ["INDGOV"]
    assert coref_codes(actors, "it") == ["INDGOV"]


def test_the_bloc_refers_to_the_regional_organisation_named_before(actors_of) -> None:
    actors = actors_of(
        "ASEAN admitted Timor-Leste as an observer on Friday. Indonesian President Joko Widodo said the bloc "
        "would help the country prepare for membership."
    )
    assert coref_codes(actors, "the bloc") == ["IGOSEAASN"]


def test_both_sides_of_one_countrys_war_are_that_country(actors_of) -> None:
    actors = actors_of(
        "Colombia's army and the Cauca Liberation Front signed a ceasefire in Havana. "
        "Cuban mediators said both sides had agreed to free hostages."
    )
    assert coref_codes(actors, "sides") == ["COL"]


def test_both_sides_are_the_two_subjects_not_the_mediator(actors_of) -> None:
    actors = actors_of(
        "Armenia and Azerbaijan signed a border protocol after talks hosted by the European Union. "
        "EU envoy Toivo Klaar said both sides had shown flexibility."
    )
    assert sorted(coref_codes(actors, "sides")) == ["ARM", "AZE"]


def test_his_counterpart_with_a_name_takes_the_role_of_the_man_he_hosts(actors_of) -> None:
    actors = actors_of(
        "Egypt's foreign minister, Badr Abdelatty, hosted his Libyan counterpart, Taher al-Baour, in Cairo.",
        date="2024-10-01",
    )
    assert [a.code for a in actors if "counterpart" in a.name] == ["LBYGOV"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "NATO defence ministers met in Brussels, and the secretary-general urged allies to send more air defences.",
            "IGOWSTNAT",
        ),
        ("Malaysia opened the ASEAN summit by urging member states to settle the dispute peacefully.", "IGOSEAASN"),
    ],
)
def test_allies_and_member_states_are_the_organisation_named_before(actors_of, text: str, code: str) -> None:
    actors = actors_of(text)
    assert [a.code for a in actors if a.name in ("allies", "states")] == [code]


def test_the_inspectors_refer_to_the_inspectors_named_before(actors_of) -> None:
    actors = actors_of(
        "IAEA inspectors arrived at the Bushehr plant on Monday. Iranian officials said the inspectors left on Friday."
    )
    assert coref_codes(actors, "inspectors")[-1] == "IGOUNOIAE"


def test_it_does_not_refer_to_a_person_named_with_a_title(actors_of) -> None:
    actors = actors_of(
        "The United States has proposed new limits on steel imports. "
        "Former presidential candidate Senator Abigail Whitcombe-Reyes introduced the bill on Monday. "
        "It was co-sponsored by four senators."
    )
    codes = coref_codes(actors, "It")
    assert codes, "'It' was not resolved at all"
    assert all(c in ("USA", "USAGOV") for c in codes)
