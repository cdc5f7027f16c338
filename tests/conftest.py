"""Shared fixtures: one loaded coder per test session (spaCy takes seconds to load), and ways to ask it
what a text says: the events (``tidings.code_text``, the public face) or, where no event is needed, the
actors each sentence names (the same steps ``tidings explain`` shows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

import tidings
from tidings.actors.coder import ArticleContext, SentenceActors
from tidings.model import Actor, Article, Event
from tidings.nlp import split_sentences
from tidings.pipeline import Config, Pipeline

#: The article date used when a test does not care which day the story ran.
ARTICLE_DATE = "2023-05-10"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline(Config())


@pytest.fixture(scope="session")
def actors_of(pipeline: Pipeline) -> Callable[..., list[Actor]]:
    """``actors_of(text, date)``: every actor the text names, sentence by sentence, in text order.

    Earlier sentences are the context of later ones, as in the pipeline, so "the president" or "it" in
    a second sentence resolves against the first.
    """

    def actors(text: str, date: str = ARTICLE_DATE) -> list[Actor]:
        day = dt.date.fromisoformat(date)
        article = Article(id="test", date=day, text=text)
        _, sentences = split_sentences(article, pipeline.config.model)
        context = ArticleContext(day)
        out: list[Actor] = []
        for s in sentences:
            doc = pipeline.nlp(s.text)
            found = SentenceActors(doc, s.start, pipeline.lexicon, context, pipeline.gazetteer).all_actors()
            context.add(found)
            out.extend(found)
        return out

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
