"""Shared fixtures: one loaded coder per test session (spaCy takes seconds to load), and ways to ask it
what a text says: the events (``tidings.code_text``, the public face) or, where no event is needed, the
actors each sentence names (the same steps ``tidings explain`` shows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

import tidings
from tidings.config import Config
from tidings.model import Actor, Article, Event
from tidings.pipeline import Pipeline, shared_pipeline

#: The article date used when a test does not care which day the story ran.
ARTICLE_DATE = "2023-05-10"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return shared_pipeline(Config())


@pytest.fixture(scope="session")
def actors_of() -> Callable[..., list[Actor]]:
    """``actors_of(text, date)``: every actor the text names, sentence by sentence, in text order.

    The actors come from the pipeline's own trace (``code_article(..., trace=True)``) with every sentence
    parsed, so earlier sentences are the context of later ones exactly as in ``tidings code``: "the
    president" or "it" in a second sentence resolves against the first.
    """
    every_sentence = shared_pipeline(Config(prefilter=False))

    def actors(text: str, date: str = ARTICLE_DATE) -> list[Actor]:
        article = Article(id="test", date=dt.date.fromisoformat(date), text=text)
        result = every_sentence.code_article(article, trace=True)
        return [a for trace in result.traces for a in trace.actors]

    return actors


@pytest.fixture(scope="session")
def event_of() -> Callable[..., Event]:
    """``event_of(text, date, sentence=0)``: the first event ``tidings.code_text`` codes from that sentence.

    Fails with the list of what was coded when the sentence gave no event, so a missing event reads as
    a specification failure rather than an ``IndexError``.
    """

    def first(text: str, date: str = ARTICLE_DATE, sentence: int = 0) -> Event:
        events = tidings.code_text(text, date=date)
        mine = [e for e in events if e.sentence_index == sentence]
        coded = [
            (e.sentence_index, e.source and e.source.code, e.event_code, e.target and e.target.code) for e in events
        ]
        assert mine, f"no event coded from sentence {sentence} of {text!r}; coded: {coded}"
        return mine[0]

    return first
