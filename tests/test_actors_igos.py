"""International organisations as actors, with the Phoenix/CAMEO codes tidings ships
(``data/phoenix/Phoenix.International.actors.txt`` and ``data/actors_supplement.txt``), and the words that
look like them but are not ("Who" asking a question, Brussels as a meeting place)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("The United Nations criticized Myanmar over the executions.", "IGOUNO"),
        ("The UN urged Sudan to protect civilians.", "IGOUNO"),
        ("The U.N. Security Council condemned North Korea over the launch.", "IGOUNO"),
        ("The European Union imposed sanctions on Belarus.", "IGOEUREEC"),
        ("The EU imposed new sanctions on Russia.", "IGOEUREEC"),
        ("NATO accused Russia of violating the treaty.", "IGOWSTNAT"),
        ("The African Union criticized the junta in Niger.", "IGOAFRAFU"),
        ("ASEAN urged Myanmar to end the violence.", "IGOSEAASN"),
        ("The Arab League condemned Israel over the raid.", "IGOMEAARL"),
        ("The GCC criticized Iran over the islands.", "IGOPGSGCC"),
        ("OPEC urged the United States to release oil reserves.", "IGOOPC"),
        ("The IMF approved a loan for Pakistan.", "IGOBUSIMF"),
        ("The International Monetary Fund praised Egypt.", "IGOBUSIMF"),
        ("The World Bank approved a loan for Kenya.", "IGOUNODEVWBK"),
        ("The WHO praised Rwanda for its vaccination campaign.", "IGOUNOHLHWHO"),
        ("The World Health Organization warned Brazil about the outbreak.", "IGOUNOHLHWHO"),
        ("The ICC issued an arrest warrant for the Russian president.", "IGOJUDICC"),
        ("The IAEA criticized Iran over the enrichment.", "IGOUNOIAE"),
    ],
)
def test_organisation_codes_with_its_igo_code(event_of, sentence: str, source: str) -> None:
    assert event_of(sentence).source.code == source


def test_organisation_belongs_to_no_country(event_of) -> None:
    source = event_of("NATO accused Russia of violating the treaty.").source
    assert (source.country, source.type) == (None, "IGO")


def test_full_name_and_acronym_give_the_same_code(actors_of) -> None:
    long = actors_of("The Gulf Cooperation Council welcomed the agreement.")
    short = actors_of("The GCC welcomed the agreement.")
    assert [a.code for a in long] == [a.code for a in short] == ["IGOPGSGCC"]


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        ("Kenya asked the IMF for a loan.", "IGOBUSIMF"),
        ("Iran accused the IAEA of bias.", "IGOUNOIAE"),
    ],
)
def test_organisation_as_target(event_of, sentence: str, target: str) -> None:
    assert event_of(sentence).target.code == target


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("UNHCR criticized Greece over the treatment of migrants.", "IGOUNOREFHCR"),
        ("The UN secretary-general urged Israel to allow aid into Gaza.", "IGOUNO"),
    ],
)
def test_un_agencies_and_officers_code_under_the_un(event_of, sentence: str, source: str) -> None:
    assert event_of(sentence).source.code == source


def test_brussels_as_speaker_stands_for_the_european_union(event_of) -> None:
    assert event_of("Brussels imposed new tariffs on Chinese electric cars.").source.code == "IGOEUREEC"


def test_question_word_who_is_not_the_world_health_organization(actors_of) -> None:
    actors = actors_of("Who ordered the strike remains unclear, officials said.")
    assert [a.code for a in actors if a.code.startswith("IGO")] == []


def test_brussels_as_a_meeting_place_is_not_the_european_union(actors_of) -> None:
    actors = actors_of("Armenia and Azerbaijan held talks in Brussels.")
    assert "IGOEUREEC" not in [a.code for a in actors]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # British and American spellings of one name are the same organisation
        ("The Organisation of Islamic Cooperation condemned the attack.", "IGOMOSOIC"),
        ("The Organization of Islamic Cooperation condemned the attack.", "IGOMOSOIC"),
        ("The UN refugee agency appealed for funds for Sudan.", "IGOUNOREFHCR"),
        ("The UN nuclear watchdog criticised Iran.", "IGOUNOIAE"),
        # groupings with no Phoenix code are the generic IGO
        ("G20 finance ministers met in Rio de Janeiro.", "IGO"),
    ],
)
def test_organisation_names_and_descriptions_code_as_the_igo(actors_of, text: str, code: str) -> None:
    assert actors_of(text)[0].code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("European governments agreed to fund the air defence plan.", "EURGOV"),
        ("Western diplomats walked out of the session.", "WSTGOV"),
    ],
)
def test_european_and_western_name_regional_actors(actors_of, text: str, code: str) -> None:
    assert actors_of(text)[0].code == code


def test_inspectors_of_an_organisation_are_the_organisation(actors_of) -> None:
    actors = actors_of("IAEA inspectors visited the Fordow enrichment site on Monday.")
    assert [a.code for a in actors] == ["IGOUNOIAE"]


def test_an_organisation_title_with_an_unknown_name_belongs_to_the_organisation(actors_of) -> None:
    actors = actors_of(
        "The International Labour Organization published its annual report. "
        "Director-General Amara Okonkwo-Lindqvist said unemployment had fallen."
    )
    assert actors[0].code.startswith("IGO")
    assert [a.code for a in actors if "Okonkwo-Lindqvist" in a.name] == [actors[0].code]


def test_the_bloc_refers_to_an_organisation_named_earlier_in_the_same_sentence(actors_of) -> None:
    actors = actors_of("ASEAN leaders met in Vientiane and invited Timor-Leste to join the bloc.")
    assert coded(actors, "bloc") == ["IGOSEAASN"]


def coded(actors, last_word: str) -> list[str]:
    return [a.code for a in actors if a.name.split()[-1] == last_word]
