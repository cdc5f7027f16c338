"""Specification of the TABARI/PETRARCH dictionary readers, rule by rule, then against the shipped files."""

from __future__ import annotations

import logging
import time
from datetime import date
from pathlib import Path

import pytest

from tidings import dictionaries as d
from tidings.dictionaries import (
    DatedCode,
    DictionarySet,
    Element,
    Phrase,
    load_dictionaries,
    phrase_words,
    read_actor_dictionary,
    read_agent_dictionary,
    read_discards,
    read_verb_dictionary,
)
from tidings.errors import InputError

REFERENCE = Path("/work/shared/reference/petrarch2")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def words(*text: str) -> set[tuple[str, ...]]:
    return {tuple(t.split()) for t in text}


# ------------------------------------------------------------------------------------------------ phrases
def test_phrase_words_split_on_underscores_and_blanks_and_lowercase():
    assert phrase_words("UNITED_STATES OF_AMERICA_").words == ("united", "states", "of", "america")


def test_trailing_underscore_stops_the_last_word_and_its_absence_makes_a_stem():
    assert phrase_words("AFGHANISTAN_").stemmed_last is False
    assert phrase_words("ARGENTIN").stemmed_last is True
    assert phrase_words("ABU_A._HUSSAIN__").stemmed_last is False


def test_hyphens_and_periods_stay_inside_words():
    assert phrase_words("SECRETARY-GENERAL_BAN_KI-MOON").words == ("secretary-general", "ban", "ki-moon")
    assert phrase_words("U.S._").words == ("u.s.",)


def test_trailing_comma_becomes_a_word_of_its_own_as_a_tokenizer_would_make_it():
    assert phrase_words("SAMOA,_AMERICAN_").words == ("samoa", ",", "american")


# ------------------------------------------------------------------------------------------------- actors
def test_actor_name_with_code_on_one_line(tmp_path):
    [entry] = read_actor_dictionary(write(tmp_path, "a.actors.txt", "AFGHANISTAN_  [AFG]\n"))
    assert entry.name == "AFGHANISTAN"
    assert entry.phrases == (Phrase(("afghanistan",)),)
    assert entry.codes == (DatedCode("AFG"),)
    assert entry.line == 1 and entry.source.endswith("a.actors.txt")


def test_variants_and_tab_indented_dated_codes_belong_to_the_name_above(tmp_path):
    text = (
        "# comment line\n"
        "HAMID_KARZAI_  # CountryInfo.txt\n"
        "+KARZAI_\n"
        "+PRESIDENT_KARZAI  # a stem\n"
        "\t[AFGELI 750101-000101]\n"
        "\t[AFGGOV >011222]\n"
        "\t[AFGELI]\n"
        "BABRAK_KARMAL_\n"
        "\t[AFGGOV 791227-861124]\n"
    )
    karzai, karmal = read_actor_dictionary(write(tmp_path, "x.txt", text))
    assert {p.words for p in karzai.phrases} == words("hamid karzai", "karzai", "president karzai")
    assert Phrase(("president", "karzai"), stemmed_last=True) in karzai.phrases
    assert karzai.codes == (
        DatedCode("AFGELI", date(1975, 1, 1), date(2000, 1, 1)),
        DatedCode("AFGGOV", date(2001, 12, 22), None),
        DatedCode("AFGELI"),
    )
    assert karmal.codes == (DatedCode("AFGGOV", date(1979, 12, 27), date(1986, 11, 24)),)


def test_date_restrictions_in_every_written_form(tmp_path):
    text = (
        "SAM_GAMGEE [HOB]\n"
        "\t[HOBCIV <20080120]\n"
        "\t[HOB < 950601]\n"
        "\t[HOBGOV 19950601 - 19990815]\n"
        "\t[HOBREB > 990816]\n"
        "\t[HOBMIL 300101-310101]\n"
    )
    [entry] = read_actor_dictionary(write(tmp_path, "x.txt", text))
    assert entry.codes == (
        DatedCode("HOB"),
        DatedCode("HOBCIV", None, date(2008, 1, 20)),
        DatedCode("HOB", None, date(1995, 6, 1)),
        DatedCode("HOBGOV", date(1995, 6, 1), date(1999, 8, 15)),
        DatedCode("HOBREB", date(1999, 8, 16), None),
        DatedCode("HOBMIL", date(2030, 1, 1), date(1931, 1, 1)),  # two-digit years: 00-30 → 20xx
    )


def test_malformed_date_is_logged_with_file_and_line_and_left_open(tmp_path, caplog):
    path = write(tmp_path, "x.txt", "BAN_KI-MOON\n\t[KORGOVBUS 2004017-20061201]\n")
    with caplog.at_level(logging.WARNING, logger="tidings.dictionaries"):
        [entry] = read_actor_dictionary(path)
    assert entry.codes == (DatedCode("KORGOVBUS", None, date(2006, 12, 1)),)
    assert f"{path}:2: malformed date '2004017'" in caplog.text


def test_code_on_a_day_prefers_the_first_covering_restriction_then_the_default(tmp_path):
    text = "SAM [HOB]\n\t[ORCHOB 20100109-20100112]\n\t[HOBMIL 20080120-20121109]\n"
    [entry] = read_actor_dictionary(write(tmp_path, "x.txt", text))
    assert entry.code_on(date(2010, 1, 10)) == "ORCHOB"
    assert entry.code_on(date(2011, 1, 1)) == "HOBMIL"
    assert entry.code_on(date(2020, 1, 1)) == "HOB"
    assert entry.code_on() == "HOB"


def test_several_codes_on_a_line_and_slash_separated_codes_are_all_kept(tmp_path):
    text = "JAVIER_DE_CUELLAR_\t[IGOUNO 820101-911231] [ELI]# IGOrulers.txt\nLORIEN  [ELR/GAL]\n"
    cuellar, lorien = read_actor_dictionary(write(tmp_path, "x.txt", text))
    assert [c.code for c in cuellar.codes] == ["IGOUNO", "ELI"]
    assert [c.code for c in lorien.codes] == ["ELR", "GAL"]


def test_parenthetical_acronym_becomes_its_own_variant_and_other_parentheticals_are_dropped(tmp_path):
    text = "ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_ [YEMREB]\n+SAMOA_(AMERICAN)_\n+CHINA_(PRC)\n"
    [entry] = read_actor_dictionary(write(tmp_path, "x.txt", text))
    assert {p.words for p in entry.phrases} == words("aden abyan islamic army", "aaia", "samoa", "china", "prc")
    assert Phrase(("aaia",)) in entry.phrases


def test_html_comments_and_semicolon_comments_are_skipped(tmp_path):
    text = "<!-- header -->\n<!-- a comment\nNOT_AN_ACTOR [XXX]\n-->\nGONDOR [GON] ; old KEDS note\n"
    [entry] = read_actor_dictionary(write(tmp_path, "x.txt", text))
    assert entry.name == "GONDOR" and entry.codes == (DatedCode("GON"),)


def test_consecutive_name_lines_without_plus_share_the_code_block_below(tmp_path):
    text = "BORIS_YELTSIN_\nYELTSIN\nPRESIDENT_YELTSIN\n\t[RUSGOV 910710-991231]\nALEPH__ [BUDREB]\n"
    yeltsin, aleph = read_actor_dictionary(write(tmp_path, "x.txt", text))
    assert {p.words for p in yeltsin.phrases} == words("boris yeltsin", "yeltsin", "president yeltsin")
    assert aleph.codes == (DatedCode("BUDREB"),)


def test_noise_is_skipped_with_a_warning_never_a_crash(tmp_path, caplog):
    text = (
        "AYMAN_AL_ZAWAHIRI\n"  # no code at all, and the next line has its own
        "ALEPH__ [BUDREB]\n"
        "+FAEROYENE]_\n"
        'DA_SANTOS__"NANDO"_ [AGO]\n'
        "ORTHOFIX_ [MNCNLD] Antilles\t$503,000,000\n"
        "{junk\n"
        "\t[ABC 1920050709-20110709]\n"
    )
    with caplog.at_level(logging.WARNING, logger="tidings.dictionaries"):
        entries = read_actor_dictionary(write(tmp_path, "x.txt", text))
    by_name = {e.name: e for e in entries}
    assert "AYMAN AL ZAWAHIRI" not in by_name
    assert Phrase(("faeroyene",)) in by_name["ALEPH"].phrases
    assert by_name['DA SANTOS "NANDO"'].phrases == (Phrase(("da", "santos", "nando")),)
    assert by_name["ORTHOFIX"].codes == (DatedCode("MNCNLD"),)
    assert "has no [CODE]" in caplog.text and "ignored text after the code" in caplog.text


def test_missing_file_is_an_input_error_naming_the_path(tmp_path):
    with pytest.raises(InputError, match="cannot read dictionary file"):
        read_actor_dictionary(tmp_path / "nope.txt")


# ------------------------------------------------------------------------------------------------- agents
def test_tilde_first_appends_the_agent_code_and_tilde_last_prepends_it(tmp_path):
    text = "FARMER [~AGR]\nHUMAN_RIGHTS_BODY  [NGO~]\nPOLICE {} [ ~COP]\n"
    agents = read_agent_dictionary(write(tmp_path, "x.agents.txt", text))
    assert {(a.phrase.words, a.code, a.position) for a in agents} == {
        (("farmer",), "AGR", "suffix"),
        (("farmers",), "AGR", "suffix"),
        (("human", "rights", "body"), "NGO", "prefix"),
        (("human", "rights", "bodies"), "NGO", "prefix"),
        (("police",), "COP", "suffix"),
    }


def test_regular_plurals_are_added_to_the_last_word_unless_stopped_or_already_plural(tmp_path):
    text = "BOSS [~BUS]\nARMY [~MIL]\nATTORNEY [~JUD]\nNEWS [~MED]\nISLAMIC_FRONT_ [~REB]\nOBSERVERS_IN [IGO~]\n"
    phrases = {a.phrase.words for a in read_agent_dictionary(write(tmp_path, "x.txt", text))}
    assert phrases == words(
        "boss", "bosses", "army", "armies", "attorney", "attorneys", "news", "islamic front", "observers in"
    )


def test_braces_give_the_irregular_plural_instead(tmp_path):
    text = "THIEF {THIEVES} [~CRM]\nCHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE} [~BUS]\n"
    phrases = {a.phrase.words for a in read_agent_dictionary(write(tmp_path, "x.txt", text))}
    assert phrases == words("thief", "thieves", "chamber of commerce", "chambers of commerce")


def test_substitution_sets_expand_as_text_without_plurals(tmp_path):
    text = (
        "!PERSON! = MAN, MEN, WOMAN\n"
        "!MINIST! = MINISTER, MINISTRY\n"
        "CATTLE!PERSON! [~AGR]\n"
        "!MINIST! FOR_AGRICULTURE [~GOVAGR]\n"
        "!MINIST!_OF_SILLY_WALKS [~GOV]\n"
        "FOR_THE_AD!MINIST!RATION [~GOV]\n"  # a marker inside a word was a search-and-replace slip
    )
    phrases = {a.phrase.words for a in read_agent_dictionary(write(tmp_path, "x.txt", text))}
    assert phrases == words(
        "cattleman",
        "cattlemen",
        "cattlewoman",
        "minister for agriculture",
        "ministry for agriculture",
        "minister of silly walks",
        "ministry of silly walks",
        "for the administration",
    )


def test_agent_lines_without_a_code_are_skipped_and_a_brace_closer_is_tolerated(tmp_path, caplog):
    text = "ISLAMIC_EXTREMIST\nDEPARMENT_OF_ENVIRONMENT [~ENV}\n!NOPE!_MAN [~X]\n"
    with caplog.at_level(logging.WARNING, logger="tidings.dictionaries"):
        agents = read_agent_dictionary(write(tmp_path, "x.txt", text))
    assert [a.code for a in agents] == ["ENV", "ENV"]
    assert "has no [~CODE]" in caplog.text and "!NOPE! is not defined" in caplog.text


# ----------------------------------------------------------------------------------------------- discards
def test_plus_marks_a_story_discard_and_plain_lines_a_sentence_discard(tmp_path):
    text = "# header\nMONTHS LATER\n+ World Golf Championships   # pas\nGROUP A_\n"
    assert read_discards(write(tmp_path, "x.discards.txt", text)) == [
        (Phrase(("months", "later"), stemmed_last=True), d.SENTENCE_DISCARD),
        (Phrase(("world", "golf", "championships"), stemmed_last=True), d.STORY_DISCARD),
        (Phrase(("group", "a")), "$"),
    ]


# -------------------------------------------------------------------------------------------------- verbs
VERBS = """\
&CURRENCY
+DOLLAR
+KRONER_
&AUXVERB1_
+WAS
+IS_TO

--- ACCELERATE   [---]  ---
SPEED {SPEEDING SPEEDS SPED }
STOP
RAISE
HURRY
+ASK_FOR {+ASKED_FOR +ASKING_FOR} [020]
+ANGERED_BY {}
SCRAP {SCRAPPING SCRAPS SCRAPPED };shan   8/30/93
- * (TO)                                              [042:043]     # SPEED
- &AUXVERB1 * {RELIEF ASSISTANCE} (FOR &CURRENCY)      [073]         # RUSH
- $ * (TO +) ^ %                                      [061]
- * (IN AIR ATTACK/RAID)                              [195]         # HURRY
- SO IN_*_OUT_AGAIN NOW                               [074]         # STOP
- * = ROCKET                                          [190]         # STOP
- * (BEFORE COURT)                                    [:173]        # STOP
- * (IN &WEATHER)                                     [---]         # STOP
- * DIPLXMATIC  [###]  # -PAS

---  OFFEND   [:110]  ---
OFFEND

~ a (a b ATTACK) SAY = a b 015
"""


@pytest.fixture
def verbs(tmp_path):
    return read_verb_dictionary(write(tmp_path, "x.verbs.txt", VERBS))


def test_synsets_get_plurals_unless_label_or_phrase_is_stopped(verbs):
    assert verbs.synsets["CURRENCY"] == (Phrase(("dollar",)), Phrase(("dollars",)), Phrase(("kroner",)))
    assert verbs.synsets["AUXVERB1"] == (Phrase(("was",)), Phrase(("is", "to")))


def test_family_header_gives_the_default_code_and_paired_reverse_code(verbs):
    accelerate, offend = verbs.verbs
    assert (accelerate.name, accelerate.code, accelerate.paired_code) == ("ACCELERATE", "---", None)
    assert (offend.name, offend.code, offend.paired_code) == ("OFFEND", "---", "110")


def test_member_verbs_get_regular_forms_beside_the_listed_irregular_ones(verbs):
    forms = {v.lemma: v.forms for v in verbs.verbs[0].verbs}
    assert forms["speed"] == {"speed", "speeding", "speeds", "sped"}
    assert forms["stop"] == {"stop", "stops", "stopped", "stopping"}
    assert forms["raise"] == {"raise", "raises", "raised", "raising"}
    assert forms["hurry"] == {"hurry", "hurries", "hurried", "hurrying"}
    assert forms["scrap"] == {"scrap", "scraps", "scrapped", "scrapping"}


def test_multi_word_verbs_inflect_the_plus_word_and_empty_braces_mean_as_written(verbs):
    by_lemma = {v.lemma: v for v in verbs.verbs[0].verbs}
    assert by_lemma["ask for"].forms == {"ask for", "asked for", "asking for", "asks for"}
    assert by_lemma["ask for"].code == "020"
    assert by_lemma["angered by"].forms == {"angered by"}


def test_pattern_elements_are_parsed_into_a_structure(verbs):
    to, relief, actors = verbs.verbs[0].patterns[:3]
    assert (to.verb, to.pre, to.code, to.paired_code) == ("speed", (), "042", "043")
    assert to.post == (Element("prep", prep="to"),)
    assert relief.pre == (Element("synset", ("AUXVERB1",)),)
    assert relief.post == (
        Element(
            "phrase",
            ("relief", "assistance"),
            parts=(Element("word", ("relief",)), Element("word", ("assistance",))),
        ),
        Element("prep", ("&CURRENCY",), prep="for", parts=(Element("synset", ("CURRENCY",)),)),
    )
    assert [e.kind for e in actors.pre] == ["source"]
    assert [e.kind for e in actors.post] == ["prep", "skip", "compound"]
    assert actors.post[0] == Element("prep", ("+",), prep="to", parts=(Element("target"),))
    assert actors.verb == "" and actors.family == "ACCELERATE"


def test_slash_alternatives_become_one_pattern_each(verbs):
    air = [p for p in verbs.patterns if p.code == "195"]
    assert [p.post[0].words for p in air] == [("air", "attack"), ("air", "raid")]


def test_underscore_ties_words_to_the_verb(verbs):
    [tied] = [p for p in verbs.patterns if p.code == "074"]
    assert tied.pre == (Element("word", ("so",)), Element("word", ("in",), adjacent=True))
    assert tied.post[0].kind == "phrase" and tied.post[0].words == ("out", "again") and tied.post[0].adjacent
    assert tied.post[1] == Element("word", ("now",))


def test_reverse_only_code_has_a_null_forward_code(verbs):
    assert ("---", "173") in [(p.code, p.paired_code) for p in verbs.patterns]


def test_unknown_symbols_are_kept_as_other(verbs):
    [rocket] = [p for p in verbs.patterns if p.code == "190"]
    assert rocket.post == (Element("other", ("=",)), Element("word", ("rocket",)))


def test_pattern_with_a_synset_from_another_file_is_kept_with_a_warning(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="tidings.dictionaries"):
        verbs = read_verb_dictionary(write(tmp_path, "x.verbs.txt", VERBS))
    assert "synset &WEATHER is not defined in this file" in caplog.text
    [weather] = [p for p in verbs.patterns if p.line == 23]
    assert weather.post == (Element("prep", ("&WEATHER",), prep="in", parts=(Element("synset", ("WEATHER",)),)),)


def test_tabari_discard_code_is_not_taken_for_a_comment(verbs):
    assert "###" in [p.code for p in verbs.patterns]


def test_transformations_are_read(verbs):
    [rule] = verbs.transformations
    assert (rule.source, rule.inner_source, rule.inner_target, rule.inner_verb) == ("a", "a", "b", "ATTACK")
    assert (rule.verb, rule.result_source, rule.result_target, rule.code) == ("SAY", "a", "b", "015")


# ---------------------------------------------------------------------------------------- loading, merging
def test_load_dictionaries_reads_a_folder_by_file_names_and_honours_kind_prefixes(tmp_path):
    folder = tmp_path / "dicts"
    folder.mkdir()
    write(folder, "my.actors.txt", "GONDOR [GON]\n")
    write(folder, "my.agents.txt", "RANGER [~MIL]\n")
    write(folder, "my.discards.txt", "+FOOTBALL\n")
    write(folder, "CAMEO.mine.txt", "--- MEET [040] ---\nMEET\n")
    write(folder, "Phoenix.IssueCoding.txt", "n:atrocity [ID_ATROCITY]\n")
    extra = write(tmp_path, "roles.txt", "WIZARD [~ELI]\n")
    loaded = load_dictionaries([folder, f"agents:{extra}"])
    assert [e.name for e in loaded.actors] == ["GONDOR"]
    assert {a.phrase.words for a in loaded.agents} == words("ranger", "rangers", "wizard", "wizards")
    assert loaded.discards == ((Phrase(("football",), stemmed_last=True), "+"),)
    assert [f.name for f in loaded.verbs.verbs] == ["MEET"]


def test_load_dictionaries_names_a_missing_path(tmp_path):
    with pytest.raises(InputError, match="no such dictionary file or folder"):
        load_dictionaries([tmp_path / "missing"])


def test_user_entries_add_to_the_base_and_win_where_the_same_phrase_appears(tmp_path):
    base = load_dictionaries([write(tmp_path, "base.actors.txt", "GONDOR [GON]\n+MINAS_TIRITH\nROHAN [ROH]\n")])
    user = load_dictionaries([write(tmp_path, "user.actors.txt", "MINAS_TIRITH [GONGOV]\nARNOR [ARN]\n")])
    merged = base.merged(user)
    index = {p.words: e for e in merged.actors for p in e.phrases}
    assert index[("minas", "tirith")].codes == (DatedCode("GONGOV"),)
    assert index[("gondor",)].codes == (DatedCode("GON"),)
    assert {("rohan",), ("arnor",)} <= set(index)


def test_user_verbs_join_the_base_family_of_the_same_name(tmp_path):
    base = read_verb_dictionary(write(tmp_path, "a.verbs.txt", "--- MEET [040] ---\nMEET\n- * TALKS [043]\n"))
    user = read_verb_dictionary(write(tmp_path, "b.verbs.txt", "--- MEET [040] ---\nCONFER\n- * SUMMIT [046]\n"))
    [family] = base.merged(user).verbs
    assert [v.lemma for v in family.verbs] == ["meet", "confer"]
    assert [p.code for p in family.patterns] == ["043", "046"]


# ------------------------------------------------------------------------------------- the shipped files
@pytest.fixture(scope="module")
def base():
    from tidings import cache

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache, "cache_dir", lambda: None)  # never touch the developer's ~/.cache from tests
        cache.clear_memory()
        yield d.load_base_dictionaries()
        cache.clear_memory()


def actor_index(dictionaries: DictionarySet) -> dict[tuple[str, ...], d.ActorEntry]:
    return {p.words: e for e in dictionaries.actors for p in e.phrases}


def test_shipped_countries_map_names_and_variants_to_country_codes(base):
    index = actor_index(base)
    assert index[("afghanistan",)].code_on() == "AFG"
    assert index[("afghan",)].code_on() == "AFG"
    assert index[("prc",)].code_on() == "CHN"


def test_shipped_office_holder_has_dated_codes(base):
    karzai = actor_index(base)[("hamid", "karzai")]
    assert DatedCode("AFGGOV", date(2001, 12, 22), None) in karzai.codes
    assert karzai.code_on(date(2005, 6, 1)) == "AFGGOV"
    assert karzai.code_on(date(1990, 6, 1)) == "AFGELI"


def test_shipped_agents_code_ministers_as_government(base):
    agents = {a.phrase.words: a for a in base.agents}
    for role in [("minister",), ("ministers",), ("ministry",), ("minister", "of", "defense")]:
        assert agents[role].code.startswith("GOV") and agents[role].position == "suffix"
    assert agents[("peacekeeping", "troops")].position == "prefix"


def test_shipped_verb_dictionary_has_its_families_patterns_and_synsets(base):
    verbs = base.verbs
    assert len(verbs.verbs) == 397 and len(verbs.synsets) == 40
    assert len(verbs.patterns) > 4500  # 4,668 pattern lines, '/' alternatives expanded
    assert len(verbs.transformations) == 8
    assert len(base.discards) > 500


def test_parsing_the_countries_file_is_fast():
    start = time.perf_counter()
    read_actor_dictionary(d.PHOENIX_DIR / "Phoenix.Countries.actors.txt")
    assert time.perf_counter() - start < 3.0  # target 1.5 s; doubled so a busy CI machine does not flake


@pytest.mark.parametrize("kind", ["actors", "agents", "verbs", "discards"])
def test_petrarch_validation_dictionaries_parse(kind):
    path = REFERENCE / f"PETR.Validate.{kind}.txt"
    if not path.exists():
        pytest.skip(f"{path} is not available here")
    loaded = load_dictionaries([path])
    assert loaded.actors or loaded.agents or loaded.discards or loaded.verbs.patterns
    if kind == "actors":
        sam = actor_index(loaded)[("sam", "gamgee")]
        assert sam.code_on(date(2010, 1, 10)) == "ORCHOB" and sam.code_on(date(2013, 6, 1)) == "HOBELI"


def test_same_files_are_read_once_and_warn_once_until_edited(tmp_path, caplog):
    import os

    verbs = tmp_path / "mine.verbs.txt"
    verbs.write_text("--- PRAISE [051?] ---\nPRAISE\n", encoding="utf-8")
    with caplog.at_level("WARNING", logger="tidings.dictionaries"):
        first = load_dictionaries([verbs])
        second = load_dictionaries([str(verbs)])
    assert second is first
    assert sum("odd characters" in r.getMessage() for r in caplog.records) == 1
    verbs.write_text("--- PRAISE [052] ---\nPRAISE\n", encoding="utf-8")
    os.utime(verbs, ns=(1, 1))
    assert load_dictionaries([verbs]).verbs.verbs[0].code == "052"
