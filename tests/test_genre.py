"""Article genre from named cues, and how it feeds the mode of events (passages written for these tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fake_events import make_article, make_event, sentences_of

import tidings
from tidings.errors import InputError
from tidings.events.modality import mode_in_genre
from tidings.genre import GenreCues, classify_genre, load_genre_cues, packaged_genre_cues
from tidings.store import Store

OPINION = (
    "Opinion: The world cannot keep looking away\n\n"
    "By the Editorial Board\n\n"
    "Russian forces shelled Ukrainian cities for months. The Kremlin signed a trade agreement with China in May. "
    "We have watched this shameful campaign for too long, and our leaders have offered little more than words.\n\n"
    "It is time for Europe to act. We must hold those responsible to account, and you should ask your "
    "representatives why they have not."
)
NEWS = (
    "KYIV, May 12 (Reuters) - Russian forces shelled Ukrainian cities for months. The Kremlin signed a trade "
    'agreement with China in May. "We will not give up, and I will stay in my home," one resident told reporters, '
    "adding that her street had been hit twice, officials said."
)
INTERVIEW = (
    "The mayor of Lyon spoke to us about the city's new tram lines.\n\n"
    "Q: Why did the council choose the eastern route first?\n\n"
    "A: The eastern districts have waited longest. We looked at where people travel every day.\n\n"
    "Q: What do you say to shop owners who fear the works?\n\n"
    "A: I understand them. We will pay for the loss of trade during the building work.\n\n"
    "Q: When will the first line open?\n\n"
    "A: In the spring of next year, if the weather lets us."
)
PRESS_RELEASE = (
    "FOR IMMEDIATE RELEASE\n\n"
    "The Ministry of Health of Ghana today announced a vaccination campaign against measles in five regions. "
    "The campaign will reach two million children by the end of the year.\n\n"
    "About the Ministry of Health\n\n"
    "Media contact: press office, press@health.example.org\n\n"
    "###"
)
LOWER_CASE_NEWS = (
    "police in tbilisi used pepper spray to disperse demonstrators outside parliament on tuesday night, "
    "the interior ministry said. eleven people were detained, according to a lawyers' group."
)


@pytest.mark.parametrize(
    ("text", "genre"),
    [(OPINION, "opinion"), (NEWS, "news_report"), (INTERVIEW, "interview"), (PRESS_RELEASE, "press_release"),
     (LOWER_CASE_NEWS, "news_report")],
)  # fmt: skip
def test_the_genre_follows_from_named_cues(text, genre):
    decision = classify_genre(text)
    assert decision.genre == genre, decision.describe()
    if genre != "news_report":
        assert any(g == genre for g, _, _ in decision.cues)  # the cues that decided it are shown


def test_first_person_inside_quotes_is_the_speaker_not_the_writer():
    decision = classify_genre(NEWS)
    fired = {name for _, name, _ in decision.cues}
    assert "first person singular outside quotes" not in fired
    assert decision.genre == "news_report"


def test_an_opinion_label_in_the_title_counts():
    body = "The new budget cuts school funding again. Sadly, our children will pay for it."
    assert classify_genre(body, title="Editorial: A budget that fails our schools").genre == "opinion"
    assert classify_genre(body, title="Budget cuts school funding").genre != "press_release"


def test_opinion_makes_an_unattributed_accusation_alleged_but_leaves_cooperation_reported():
    events = list(tidings.code([{"id": "op", "date": "2024-06-10", "text": OPINION}]))
    conflict = [e for e in events if e.quad_class in (3, 4)]
    cooperation = [e for e in events if e.quad_class in (1, 2)]
    assert conflict and cooperation, [(e.event_code, e.mode) for e in events]
    assert all(e.mode == "alleged" for e in conflict)
    assert all(e.mode == "reported" for e in cooperation)
    assert any("opinion piece" in note for e in conflict for note in e.notes)


def test_the_same_sentences_in_a_news_report_stay_reported():
    events = list(tidings.code([{"id": "news", "date": "2024-06-10", "text": NEWS}]))
    conflict = [e for e in events if e.quad_class in (3, 4)]
    assert conflict
    assert all(e.mode == "reported" for e in conflict)


@pytest.mark.parametrize(
    ("genre", "mode", "quad_class", "becomes"),
    [("opinion", "reported", 4, "alleged"), ("opinion", "reported", 3, "alleged"),
     ("opinion", "reported", 1, "reported"), ("opinion", "claimed", 4, "claimed"),
     ("opinion", "hypothetical", 4, "hypothetical"),
     ("press_release", "reported", 1, "claimed"), ("interview", "reported", 4, "claimed"),
     ("news_report", "reported", 4, "reported"), (None, "reported", 4, "reported")],
)  # fmt: skip
def test_genre_mode_rules(genre, mode, quad_class, becomes):
    assert mode_in_genre(mode, genre, quad_class)[0] == becomes


def test_a_given_genre_is_kept(pipeline):
    from tidings.model import Article

    article = Article(id="g", date=make_article().date, text=NEWS, genre="opinion")
    (result,) = pipeline.run([article])
    assert result.article.genre == "opinion"
    conflict = [e for e in result.events if e.quad_class in (3, 4)]
    assert conflict and all(e.mode == "alleged" for e in conflict)


def test_the_store_keeps_the_genre(tmp_path: Path):
    article = make_article("a1", "The United States met Russia.", genre="opinion")
    with Store(tmp_path / "s.duckdb") as store:
        store.write_article(article, sentences_of(article), [make_event("a1")])
        assert store.query("SELECT genre FROM articles")["genre"].to_list() == ["opinion"]


def test_the_packaged_cue_book_is_valid_and_named():
    book = packaged_genre_cues()
    assert isinstance(book, GenreCues) and book.cues
    assert set(book.genres) == {"news_report", "opinion", "interview", "press_release"}
    assert {c.genre for c in book.cues} == set(book.genres)  # every genre has cues of its own


@pytest.mark.parametrize(
    ("change", "message"),
    [({"genre": "satire"}, "genre must be one of"), ({"scope": "footer"}, "scope one of"),
     ({"pattern": "(unclosed"}, "bad or missing pattern")],
)  # fmt: skip
def test_a_bad_cue_is_refused_with_its_name(tmp_path: Path, change, message):
    raw = json.loads((Path(tidings.__file__).parent / "data" / "genre_cues.json").read_text(encoding="utf-8"))
    cue = next(c for c in raw["cues"] if "pattern" in c)
    cue.update(change)
    path = tmp_path / "cues.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_genre_cues(path)
