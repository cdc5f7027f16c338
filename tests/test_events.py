"""Event coding: triggers, frames, source and target from the parse, coordination, nominal events."""

from __future__ import annotations

import pytest

import tidings

DATE = "2024-05-10"


def triples(text: str, date: str = DATE, **kwargs) -> set[tuple[str, str, str]]:
    return {
        (e.source.code if e.source else "", e.target.code if e.target else "", e.event_code)
        for e in tidings.code_text(text, date=date, **kwargs)
    }


def roots(text: str, date: str = DATE) -> set[tuple[str, str, str]]:
    return {(s, t, c[:2]) for s, t, c in triples(text, date)}


def test_meeting_between_two_named_countries_is_a_consultation():
    assert roots("France met Germany in Berlin on Monday to discuss energy prices.") == {("FRA", "DEU", "04")}


def test_meeting_between_leaders_codes_both_governments():
    got = triples("Pakistani President Arif Alvi met Chinese Foreign Minister Wang Yi in Beijing.", date="2021-05-10")
    assert ("PAKGOV", "CHNGOV", "042") in got  # met in the host's capital: a visit


def test_passive_voice_swaps_source_and_target():
    assert roots("Iran was attacked by Israel on Friday.") == {("ISR", "IRN", "19")}


def test_shelling_codes_artillery_attack():
    assert ("RUSMIL", "UKR", "194") in triples("Russian forces shelled the Ukrainian city of Kharkiv on Tuesday.")


def test_sanctions_on_a_country_are_coded_from_the_light_verb_clause():
    assert roots("The United States imposed sanctions on Iran last week.") == {("USA", "IRN", "16")}


def test_capital_speaking_for_its_government_criticises_another():
    assert roots("Beijing criticized Washington over the arms sale.") == {("CHNGOV", "USAGOV", "11")}


def test_symmetric_agreement_of_coordinated_subjects_is_coded_once():
    got = triples("France and Germany signed an agreement on energy cooperation.")
    assert len(got) == 1
    ((s, t, c),) = got
    assert {s, t} == {"FRA", "DEU"} and c.startswith("05")


def test_one_source_meeting_two_targets_gives_two_events():
    got = roots("Japan's prime minister met the leaders of India and Australia in Tokyo.")
    targets = {t[:3] for _, t, _ in got}
    assert {"IND", "AUS"} <= targets


def test_nominal_visit_with_possessor_source():
    got = roots("Indian Prime Minister Narendra Modi's visit to Japan began on Saturday.")
    assert ("INDGOV", "JPN", "04") in got


def test_talks_between_two_parties_are_a_negotiation():
    got = roots("The talks between Serbia and Kosovo resumed in Brussels on Thursday.")
    assert any(c == "04" for _, _, c in got)


def test_arrest_by_police_in_a_country_context():
    got = roots("Kenyan police arrested twelve protesters in Nairobi on Tuesday.")
    assert ("KENCOP", "KENCVL", "17") in got


def test_demand_targets_the_subject_of_the_demanded_clause():
    got = roots("Ukraine demanded that Russia withdraw its troops from the power plant.")
    assert ("UKR", "RUS", "10") in got


def test_content_of_a_demand_is_not_coded_as_a_separate_event():
    codes = {c for _, _, c in roots("Ukraine demanded that Russia withdraw its troops from the power plant.")}
    assert codes == {"10"}


def test_consequence_participle_is_part_of_the_attack():
    got = roots("Militants attacked a police station in northern Nigeria, killing four officers.")
    assert len([1 for _, _, c in got if c in ("18", "19", "20")]) <= 2


def test_sports_result_is_not_an_attack_between_states():
    assert not any(c in ("18", "19") for _, _, c in roots("Real Madrid defeated Barcelona 3-2 on Sunday."))


def test_every_event_carries_codebook_attributes_and_evidence():
    text = "Turkey condemned Syria on Monday. Greece praised Cyprus for its mediation."
    events = tidings.code_text(text, date=DATE)
    assert len(events) >= 2, f"expected a condemnation and a praise, got {[e.event_code for e in events]}"
    for e in events:
        rec = e.to_record()
        assert rec["event_root_code"] == rec["event_code"][:2]
        assert rec["quad_class"] in (1, 2, 3, 4)
        assert isinstance(rec["goldstein"], float)
        ev = rec["evidence"]
        assert text[ev["sentence_start"] : ev["sentence_end"]] == ev["sentence"]
        assert text[ev["trigger_start"] : ev["trigger_end"]] == rec["trigger"]
        assert text[ev["source_start"] : ev["source_end"]] == rec["source_name"]


def test_event_ids_are_stable_across_runs():
    text = "Egypt hosted talks between Israel and Hamas in Cairo on Sunday."
    first = [e.event_id for e in tidings.code_text(text, date=DATE)]
    second = [e.event_id for e in tidings.code_text(text, date=DATE)]
    assert first and first == second


@pytest.mark.parametrize(
    "text, root",
    [
        ("Egypt appealed to the United Nations for humanitarian aid.", "02"),
        ("Qatar pledged humanitarian assistance to Sudan.", "03"),
        ("South Korea praised Japan for the decision.", "05"),
        ("Germany delivered air defence systems to Ukraine.", "07"),
        ("Iran released two French citizens on Friday.", "08"),
        ("The United Nations is investigating Sudan over the killings.", "09"),
        ("Israel rejected Egypt's ceasefire proposal.", "12"),
        ("North Korea threatened South Korea with military action.", "13"),
        ("Algeria recalled its ambassador from France.", "16"),
        ("Indian troops clashed with Chinese soldiers on the border.", "19"),
    ],
)
def test_common_roots_are_coded(text, root):
    assert any(c == root for _, _, c in roots(text)), roots(text)


def test_an_event_is_emitted_once_even_when_two_slots_reach_the_same_actor():
    events = tidings.code_text("The minister said he was optimistic about investment prospects in China.", date=DATE)
    ids = [e.event_id for e in events]
    assert len(ids) == len(set(ids))
