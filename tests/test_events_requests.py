"""Appeals (02x) and demands (10x) are coded by the act the other party is asked to do."""

from __future__ import annotations

import pytest
from test_events import triples


def test_insisting_that_a_party_lift_sanctions_is_a_demand_to_ease_sanctions():
    got = triples("Cuba insisted that the United States lift its trade embargo.")
    assert ("CUB", "USA", "1054") in got


def test_the_act_demanded_is_not_coded_as_having_happened():
    got = triples("Cuba insisted that the United States lift its trade embargo.")
    assert not any(code.startswith("08") for _, _, code in got)


def test_must_under_a_speech_verb_is_a_demand():
    got = triples("The Chinese foreign ministry said Japan must withdraw its ships from the area.")
    assert ("CHNGOV", "JPN", "106") in got


def test_should_under_a_speech_verb_is_an_appeal():
    got = triples("The Norwegian foreign minister said Colombia should resume talks with the rebels.")
    assert any(s == "NORGOV" and t == "COL" and c == "026" for s, t, c in got), got


def test_asking_a_party_to_send_aid_is_an_appeal_for_aid():
    got = triples("Haiti asked Canada to send humanitarian aid after the storm.")
    assert ("HTI", "CAN", "0233") in got


def test_an_asking_verb_with_its_own_specific_pattern_keeps_it():
    assert ("FRA", "IRN", "0253") in triples("France urged Iran to release the detained French citizens.")


def test_an_offer_to_mediate_between_two_parties_is_an_intent_towards_both():
    got = triples("Qatar offered on Monday to mediate between Sudan and Chad over the border dispute.")
    assert {("QAT", "SDN", "039"), ("QAT", "TCD", "039")} <= got
    assert not any(c == "030" for _, _, c in got)  # the generic offer gives way to the specific intent


def test_reviewing_whether_to_act_towards_a_party_is_considering_it():
    got = triples("Seoul said it was reviewing whether to lift import restrictions on fish from Japan.")
    assert any(c == "014" and t.startswith("JPN") for _, t, c in got), got


def test_lifting_restrictions_without_a_party_is_no_domestic_act():
    got = triples("The Japanese government lifted restrictions on semiconductor materials.")
    assert not any(t == "JPN" for _, t, _ in got), got


#: calls for an inquiry: CAMEO has no appeal form for it, so both the call and the demand are 101
INQUIRY_CALLS = [
    ("Human Rights Watch called for an investigation into the killing of protesters in Kenya.", "NGOHRI", "KEN"),
    ("The opposition in Kenya urged an independent inquiry into the police raid.", "KENOPP", "KEN"),
]


@pytest.mark.parametrize(("text", "source", "target"), INQUIRY_CALLS)
def test_a_call_for_an_inquiry_is_a_demand_for_information(text, source, target):
    got = triples(text)
    assert got, text
    assert any(s == source and t.startswith(target) and c == "101" for s, t, c in got), got
    assert not any(c.startswith("09") for _, _, c in got), got  # the inquiry asked for has not happened
