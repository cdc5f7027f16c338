"""Mode of every event: reported, claimed, alleged, hypothetical, negated; and --facts-only."""

from __future__ import annotations

import tidings

DATE = "2024-05-10"


def modes(text: str, **kwargs) -> dict[str, str]:
    return {e.event_code[:2]: e.mode for e in tidings.code_text(text, date=DATE, **kwargs)}


def test_plain_assertion_is_reported():
    assert modes("Turkey criticized Sweden on Monday.") == {"11": "reported"}


def test_negation_on_the_verb_is_negated():
    assert modes("Turkey did not meet Greece on Monday.") == {"04": "negated"}


def test_denied_attacking_is_negated():
    got = modes("Israel denied attacking Lebanon on Sunday.")
    assert got.get("19") == "negated"  # the attack did not happen by this account
    assert got.get("01", "reported") == "reported"  # denying responsibility (016) is itself a statement


def test_future_visit_is_hypothetical():
    assert modes("Japan's prime minister will visit China next week.") == {"04": "hypothetical"}


def test_plans_to_meet_is_hypothetical():
    assert set(modes("Brazil plans to meet Argentina in June.").values()) == {"hypothetical"}


def test_conditional_attack_is_hypothetical():
    got = modes("Iran said it would attack Israel if the strikes continued.")
    assert got.get("19") == "hypothetical"


def test_reported_speech_is_claimed():
    got = modes("Ukraine said Russian forces shelled Kharkiv on Tuesday.")
    assert got.get("19") == "claimed"


def test_reportedly_is_alleged():
    got = modes("Sudan has reportedly expelled the Kenyan ambassador.")
    assert set(got.values()) == {"alleged"}


def test_no_negated_or_hypothetical_event_is_emitted_as_reported():
    for text, code in (
        ("Turkey did not meet Greece.", "04"),
        ("Japan will visit China next week.", "04"),
        ("Chile refused to recognize Venezuela.", "05"),
    ):
        events = [e for e in tidings.code_text(text, date=DATE, embedded_events=True) if e.event_code[:2] == code]
        assert events, f"the act itself must still be coded (with its mode) in {text!r}"
        assert all(e.mode != "reported" for e in events), text


def test_a_refusal_is_itself_a_reported_rejection():
    assert modes("Chile refused to recognize Venezuela.").get("12") == "reported"


def test_facts_only_drops_negated_and_hypothetical_events():
    text = "Japan will visit China next week. Turkey did not meet Greece. Chile praised Peru."
    kept = tidings.code_text(text, date=DATE, facts_only=True)
    assert [e.event_code[:2] for e in kept] == ["05"]


def test_negated_ability_negates_the_act():
    got = modes("The United Nations said it had not been able to deliver aid to Sudan.")
    assert got.get("07") == "negated"


def test_a_time_adjunct_of_a_planning_verb_is_not_a_plan():
    # "set ... on fire during protests": the protests happened; "set" plans only with an infinitive
    got = modes("Kenyan protesters set part of a police station on fire during demonstrations over fuel prices.")
    assert got.get("14") == "reported", got


def test_a_purpose_preposition_of_a_planning_verb_is_still_a_plan():
    assert modes("Egypt called for talks with Ethiopia over the dam.").get("04", "hypothetical") == "hypothetical"


def test_a_relative_clause_under_a_denial_is_not_denied():
    got = modes("Kenya denied responsibility for the explosion, which Somalia had blamed on Nairobi.")
    assert got.get("11") == "reported", got
