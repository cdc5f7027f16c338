"""Participants outside the trigger's dependency frame: the named fallback rules of ``events/fallback.py``.

Each case is a short neutral news text written for these tests; the event is found only when the rule named
in the case supplies the missing side (the rule name and a confidence below 1.0 are checked too).
"""

from __future__ import annotations

import pytest

import tidings
from tidings.events.fallback import packaged_implied_rules, parse_implied_rules

DATE = "2024-03-05"  # a Tuesday

#: (text, expected (source, code prefix, target), the side a fallback found, the rule's name)
CASES = [
    # agentless arrests: the police of the story's country
    (
        "Protests spread across Peru on Saturday. Dozens of demonstrators were detained in Lima.",
        ("PERCOP", "173", "PERCVL"),
        "source",
        "story police",
    ),
    (
        "Kenyan police said on Monday that 14 people were arrested after the march in Nairobi.",
        ("KENCOP", "173", "KENCVL"),
        "source",
        "story police",
    ),
    # a ban without a named author: the government of the country it happens in
    ("Thai officials said a curfew was imposed in Bangkok.", ("THAGOV", "172", "THA"), "source", "story government"),
    # people the text only counts
    ("Bolivian police arrested four on Tuesday.", ("BOLCOP", "173", "BOLCVL"), "target", "people held"),
    ("Egyptian police detained dozens outside the ministry.", ("EGYCOP", "173", "EGYCVL"), "target", "people held"),
    # a ban on a thing falls on the people of the banning country
    ("Indonesia imposed a ban on rice exports.", ("IDN", "172", "IDNCVL"), "target", "people restricted"),
    # an attack without a named attacker: the armed group the article names
    (
        "Boko Haram has attacked villages in Borno State for years. Two soldiers were killed in an ambush near "
        "Maiduguri on Sunday.",
        ("NGAREB", "19", "NGAMIL"),
        "source",
        "article attacker",
    ),
    # a grievance of people or groups without an addressee: their own government
    (
        "Ghana's parliament debated the budget on Monday. Teachers' unions rejected the proposal.",
        ("GHAEDU", "12", "GHAGOV"),
        "target",
        "own government",
    ),
    # a judgement of a thing nobody is named for: the country the article is about
    (
        "Chile proposed a new maritime boundary on Monday. Argentina's foreign minister called the proposal a "
        "provocation.",
        ("ARGGOV", "11", "CHL"),
        "target",
        "article topic",
    ),
    (
        "Brazil hosted the summit on Monday. The talks ended without agreement. Venezuela criticized the decision.",
        ("VEN", "11", "BRA"),
        "target",
        "article topic",
    ),
    # a passive's doer named on the statement it was done in (the passive shares its coordinated subject)
    (
        "Chad recalled its envoy on Monday and was criticized in a joint statement by Niger and Mali on Friday.",
        ("MLI", "11", "TCD"),
        "source",
        "agent of the statement",
    ),
    # a first-person subject in a quotation: the person quoted
    (
        '"We thank Norway for its help," the Colombian president said on Monday.',
        ("COLGOV", "05", "NOR"),
        "source",
        "quoted speaker",
    ),
]


def _found(text: str):
    return [e for e in tidings.code_text(text, date=DATE) if e.source is not None and e.target is not None]


@pytest.mark.parametrize(("text", "want", "side", "rule"), CASES, ids=[c[3] + ": " + c[0][:40] for c in CASES])
def test_fallback_rule_finds_the_missing_participant(text, want, side, rule):
    events = _found(text)
    assert events, "no event coded"
    source, code, target = want
    hits = [e for e in events if (e.source.code, e.target.code) == (source, target) and e.event_code.startswith(code)]
    assert hits, [(e.source.code, e.event_code, e.target.code) for e in events]
    ev = hits[0]
    assert getattr(ev, f"{side}_rule") == rule
    assert 0 < ev.confidence < 1.0
    other = "target" if side == "source" else "source"
    assert getattr(ev, f"{other}_rule") == "frame"


def test_frame_participants_keep_full_confidence():
    events = _found("France met Germany in Berlin on Monday.")
    assert events
    assert all(e.confidence == 1.0 and e.source_rule == e.target_rule == "frame" for e in events)


def test_implied_participant_has_no_evidence_offsets():
    events = _found("Protests spread across Peru on Saturday. Dozens of demonstrators were detained in Lima.")
    assert events
    arrest = next(e for e in events if e.event_code.startswith("173"))
    assert arrest.evidence.source_start is None
    assert arrest.to_record()["source_rule"] == "story police"


def test_attributive_participle_gets_no_implied_parties():
    # "a banned chemical" describes a thing; no one is coded as banning it
    events = tidings.code_text("Inspectors found a banned chemical at the Syrian site.", date=DATE)
    assert not [e for e in events if e.event_code.startswith("172")]


def test_a_place_the_coder_cannot_place_is_no_counted_people():
    # "arrested Zeta" names someone: the fallback must not turn an unknown name into the country's civilians
    events = tidings.code_text("Bolivian police arrested Zeta Marquez on Tuesday.", date=DATE)
    assert not [e for e in events if e.target is not None and e.target_rule == "people held"]


def test_packaged_table_is_valid_and_non_empty():
    rules = packaged_implied_rules()
    assert rules
    assert {r.side for r in rules} == {"source", "target"}
    assert all(0 < r.confidence < 1 for r in rules)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("173\tsomewhere\tstory police\tCOP\t0.6\t-", "side must be source or target"),
        ("173\tsource\tstory police\tCOP\thigh\t-", "is not a number"),
        ("173\ttarget\tpeople held\tCVL\t0.5\tcrowds", "object must be people, any or -"),
        ("173\tsource\tstory police", "expected code, side, rule, role, confidence, object"),
    ],
)
def test_bad_table_row_names_file_and_line(row, message):
    text = "code\tside\trule\trole\tconfidence\tobject\n" + row + "\n"
    with pytest.raises(ValueError, match=message) as err:
        parse_implied_rules(text, "mine.tsv")
    assert "mine.tsv:2" in str(err.value)


def test_symmetric_act_of_three_coordinated_actors_is_coded_for_every_pair():
    events = _found("Indonesia, Malaysia and Thailand met in Jakarta on Monday.")
    pairs = {frozenset((e.source.code[:3], e.target.code[:3])) for e in events if e.event_code.startswith("04")}
    assert pairs == {frozenset(p) for p in (("IDN", "MYS"), ("IDN", "THA"), ("MYS", "THA"))}


def test_role_of_no_known_country_takes_the_story_country():
    events = _found("Britain suspended parliament on Monday. Members of the House of Commons protested by shouting.")
    protests = [e for e in events if e.event_code.startswith("14")]
    assert protests
    assert all(e.target.code == "GBRLEG" and e.target_rule == "story country" for e in protests)
