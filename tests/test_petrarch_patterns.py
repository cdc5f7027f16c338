"""PETRARCH-format verb dictionaries given with ``--dictionaries``: how their patterns code sentences.

Every dictionary here is a small one written for the test (invented countries, real CAMEO codes), so that
each test shows one mechanic of the format and fails if it stops working.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.pipeline import code_text

#: Each test compiles a user dictionary set of its own (several seconds on two cores).
pytestmark = pytest.mark.slow

ACTORS = """\
VALDORIA_ [VLD]
KESTRAN_ [KST]
MORVANIA_ [MRV]
"""


def dictionaries(tmp_path: Path, verbs: str, actors: str = ACTORS, agents: str = "") -> tuple[str, ...]:
    (tmp_path / "test.actors.txt").write_text(actors, encoding="utf-8")
    (tmp_path / "test.verbs.txt").write_text(verbs, encoding="utf-8")
    paths = [str(tmp_path / "test.actors.txt"), str(tmp_path / "test.verbs.txt")]
    if agents:
        (tmp_path / "test.agents.txt").write_text(agents, encoding="utf-8")
        paths.append(str(tmp_path / "test.agents.txt"))
    return tuple(paths)


def triples(text: str, dicts: tuple[str, ...], **kwargs) -> set[tuple[str, str, str]]:
    events = code_text(text, date="2001-05-04", dictionaries=dicts, **kwargs)
    return {(e.source.code if e.source else "", e.target.code if e.target else "", e.event_code) for e in events}


def test_family_code_pair_codes_the_reverse_event(tmp_path):
    dicts = dictionaries(tmp_path, "--- JOURNEY [042:043] ---\nJOURNEY\n")
    got = triples("Valdoria journeyed to Kestran on Monday.", dicts, paired_events=True)
    assert got == {("VLD", "KST", "042"), ("KST", "VLD", "043")}


def test_verb_code_pair_wins_over_the_family_pair(tmp_path):
    dicts = dictionaries(tmp_path, "--- JOURNEY [042:043] ---\nJOURNEY\nTREK [032:033]\n")
    got = triples("Valdoria trekked to Kestran on Monday.", dicts, paired_events=True)
    assert got == {("VLD", "KST", "032"), ("KST", "VLD", "033")}


def test_words_before_the_verb_must_be_there(tmp_path):
    verbs = "--- PRAISE [051] ---\nPRAISE\n- WARMLY_* [052]\n"
    dicts = dictionaries(tmp_path, verbs)
    assert triples("Valdoria warmly praised Kestran.", dicts) == {("VLD", "KST", "052")}
    assert triples("Valdoria praised Kestran warmly.", dicts) == {("VLD", "KST", "051")}


def test_underscore_ties_a_pre_verb_word_to_the_verb(tmp_path):
    verbs = "--- PRAISE [051] ---\nPRAISE\n- WARMLY_* [052]\n"
    dicts = dictionaries(tmp_path, verbs)
    assert triples("Valdoria warmly and loudly praised Kestran.", dicts) == {("VLD", "KST", "051")}


def test_pattern_that_spells_out_a_negation_codes_the_refusal_as_having_happened(tmp_path):
    verbs = "&NOTAUX\n+DID N'T\n+DID NOT\n\n--- PERMIT [080] ---\nPERMIT\n- &NOTAUX * [111]\n"
    events = code_text(
        "Valdoria didn't permit Kestran to land.", date="2001-05-04", dictionaries=dictionaries(tmp_path, verbs)
    )
    assert [(e.source.code, e.target.code, e.event_code, e.mode) for e in events] == [("VLD", "KST", "111", "reported")]


def test_synset_phrase_must_appear_whole(tmp_path):
    verbs = "&GRAIN\n+WINTER_WHEAT\n+BARLEY\n\n--- SHIP [070] ---\nSHIP\n- * &GRAIN [073]\n"
    dicts = dictionaries(tmp_path, verbs)
    assert triples("Valdoria shipped winter wheat to Kestran.", dicts) == {("VLD", "KST", "073")}
    assert triples("Valdoria shipped spring wheat to Kestran.", dicts) == {("VLD", "KST", "070")}


def test_marked_source_after_the_verb_and_target_before_it(tmp_path):
    verbs = "--- RESCUE [---] ---\nRESCUE\n- + * FROM $ [066]\n"
    got = triples("Kestran was rescued from Morvania on Sunday.", dictionaries(tmp_path, verbs))
    assert got == {("MRV", "KST", "066")}


def test_multi_word_verb_with_a_word_before_its_head(tmp_path):
    verbs = "--- SEIZE [171] ---\nSEIZE\nBLOCK_+CHAIN {BLOCK_+CHAINED}\n"
    dicts = dictionaries(tmp_path, verbs)
    assert triples("Valdoria block chained the ports of Kestran.", dicts) == {("VLD", "KST", "171")}
    assert triples("Valdoria chained the ports of Kestran.", dicts) == set()


def test_listed_verb_forms_rescue_a_wrong_lemma(tmp_path):
    verbs = "--- ENCLOSE [192] ---\n+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF +CORDONING_OFF}\n"
    got = triples("Valdoria cordoned off the border with Kestran.", dictionaries(tmp_path, verbs))
    assert got == {("VLD", "KST", "192")}


def test_compound_subject_pattern_codes_members_acting_on_each_other(tmp_path):
    verbs = "--- ACCEPT [081] ---\nACCEPT\n- % * [030:030]\n"
    got = triples(
        "Valdoria and Kestran accept that rivers should be shared.", dictionaries(tmp_path, verbs), paired_events=True
    )
    assert got == {("VLD", "KST", "030"), ("KST", "VLD", "030")}


def test_user_stemmed_name_replaces_the_base_entry_for_the_same_words(tmp_path):
    actors = ACTORS + "NORWAY [NWY]\n"
    verbs = "--- PRAISE [051] ---\nPRAISE\n"
    got = triples("Norway praised Kestran.", dictionaries(tmp_path, verbs, actors=actors))
    assert got == {("NWY", "KST", "051")}


def test_user_verb_takes_the_first_actor_of_its_phrase_as_target(tmp_path):
    dicts = dictionaries(tmp_path, "--- PRAISE [051] ---\nPRAISE\n")
    assert triples("Valdoria praised the reopening of the old bridge in Kestran.", dicts) == {("VLD", "KST", "051")}
    assert triples("Valdoria praised the ceasefire between Kestran and Morvania.", dicts) >= {("VLD", "KST", "051")}


def test_first_actor_is_offered_as_its_whole_phrase(tmp_path):
    dicts = dictionaries(tmp_path, "--- PRAISE [051] ---\nPRAISE\n", agents="NAVY [~NAV]\n")
    assert triples("Valdoria praised Kestran's navy on Sunday.", dicts) == {("VLD", "KSTNAV", "051")}


def test_passive_keeps_its_subject_as_target_and_by_phrase_as_source(tmp_path):
    dicts = dictionaries(tmp_path, "--- PRAISE [051] ---\nPRAISE\n")
    assert triples("Kestran was praised by Valdoria in Morvania.", dicts) == {("VLD", "KST", "051")}


def test_user_pattern_words_match_as_spelled(tmp_path):
    dicts = dictionaries(tmp_path, "--- PRAISE [051] ---\nPRAISE\n- * EFFORT [052]\n")
    assert triples("Valdoria praised the effort of Kestran.", dicts) == {("VLD", "KST", "052")}
    assert triples("Valdoria praised the efforts of Kestran.", dicts) == {("VLD", "KST", "051")}


def test_role_of_no_known_country_is_the_last_resort_target(tmp_path):
    dicts = dictionaries(tmp_path, "--- PRAISE [051] ---\nPRAISE\n")
    assert triples("Valdoria praised huge military convoys with Kestran.", dicts) == {("VLD", "KST", "051")}


def test_target_marked_before_the_verb_takes_the_source_from_the_clause_above(tmp_path):
    verbs = "--- REGRET [111] ---\nREGRET\n- OBSERVED + * [115]\n"
    got = triples("Valdoria observed that Kestran regretted the delay by Morvania.", dictionaries(tmp_path, verbs))
    assert got == {("VLD", "KST", "115")}


def test_what_a_speaker_said_is_not_the_target_of_the_saying(tmp_path):
    dicts = dictionaries(tmp_path, "--- SAY [010] ---\nSAY {SAID SAYS SAYING}\n")
    assert triples("Valdoria said Kestran would reopen the border soon.", dicts) == set()


def test_place_where_the_act_happened_is_not_its_target_unless_someone_went_there(tmp_path):
    dicts = dictionaries(tmp_path, "--- PRAISE [051] ---\nPRAISE\n\n--- ARRIVE [032] ---\nARRIVE\n")
    assert triples("Valdoria praised the accord at a summit in Kestran.", dicts) == set()
    assert triples("Valdoria arrived in Kestran on Sunday.", dicts) == {("VLD", "KST", "032")}


def test_user_agents_file_adds_to_the_base_roles(tmp_path):
    verbs = "--- PRAISE [051] ---\nPRAISE\n"
    own_roles = dictionaries(tmp_path, verbs, agents="HARBOUR MASTER [~BUS]\n")
    assert triples("The mayor of Valdoria praised Kestran.", own_roles) == {("VLDGOV", "KST", "051")}
    assert triples("The harbour master of Valdoria praised Kestran.", own_roles) == {("VLDBUS", "KST", "051")}


def test_user_roles_only_makes_a_user_agents_file_replace_the_base_roles(tmp_path):
    verbs = "--- PRAISE [051] ---\nPRAISE\n"
    own_roles = dictionaries(tmp_path, verbs, agents="HARBOUR MASTER [~BUS]\n")
    got = triples("The mayor of Valdoria praised Kestran.", own_roles, user_roles_only=True)
    assert got == {("VLD", "KST", "051")}
    got = triples("The harbour master of Valdoria praised Kestran.", own_roles, user_roles_only=True)
    assert got == {("VLDBUS", "KST", "051")}


def test_an_organisation_we_cannot_code_is_no_target_of_a_dyadic_event(tmp_path):
    dicts = dictionaries(tmp_path, "--- PRAISE [051] ---\nPRAISE\n")
    assert triples("Valdoria praised the Borealis Mining president on Sunday.", dicts) == set()


def test_last_resort_target_is_not_read_again_in_pieces(tmp_path):
    dicts = dictionaries(tmp_path, "--- PRAISE [051] ---\nPRAISE\n")
    got = triples("Valdoria praised a spokesman for the Sahel Liberation Front on Sunday.", dicts)
    assert got == {("VLD", "---REB", "051")}
