"""A small store for the dashboard tests and a live server over it (imported by the test_web* modules).

The store holds events written by hand (no spaCy needed), chosen so every filter has something to find
and something to leave out: two country pairs, all four QuadClasses, negated and hypothetical mentions,
one event reported by two articles (merged into one event with two mentions), located and unlocated
events, dates over three months.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tidings.model import Actor, Article, Event, Evidence, Location, Sentence
from tidings.ontology import event_type
from tidings.store import Store

_NAMES = {"USA": "United States", "RUS": "Russia", "UKR": "Ukraine", "FRA": "France", "CHE": "Switzerland"}
_PLACES = {"Geneva": ("CHE", 46.2, 6.15), "Kharkiv": ("UKR", 49.99, 36.23), "Paris": ("FRA", 48.86, 2.35)}


@dataclass(frozen=True)
class Story:
    """One sentence of one article and the event coded from it."""

    article: str
    date: str
    source: str
    verb: str
    target: str
    code: str
    rest: str = "."
    mode: str = "reported"
    place: str | None = None
    outlet: str = "wire"
    event_date: str | None = None  # default: the article's date
    confidence: float = 0.9


#: Neutral sentences written for these tests; the event of each is what the coder would code.
STORIES = [
    Story("a01", "2024-01-08", "USA", "met", "RUS", "042", " officials in Geneva on Monday.", place="Geneva"),
    Story("a02", "2024-01-09", "USA", "met", "RUS", "042", " officials in Geneva on Monday.", place="Geneva",
          outlet="daily", event_date="2024-01-08"),
    Story("a03", "2024-01-20", "RUS", "accused", "USA", "112", " of blocking the grain talks.", confidence=0.6),
    Story("a04", "2024-02-02", "RUS", "shelled", "UKR", "190", " positions near Kharkiv overnight.", place="Kharkiv"),
    Story("a05", "2024-02-03", "UKR", "fought", "RUS", "190", " troops near Kharkiv.", place="Kharkiv"),
    Story("a06", "2024-02-15", "FRA", "sent aid to", "UKR", "070", " after the floods.", place="Paris"),
    Story("a07", "2024-02-20", "RUS", "did not attack", "FRA", "190", " vessels, officials said.", mode="negated"),
    Story("a08", "2024-03-01", "USA", "may impose sanctions on", "RUS", "163", " next month.", mode="hypothetical",
          confidence=0.4),
    Story("a09", "2024-03-10", "UKR", "appealed to", "FRA", "020", " for air defence systems."),
    Story("a10", "2024-03-18", "FRA", "hosted", "USA", "043", " delegates in Paris.", place="Paris"),
]  # fmt: skip


def _actor(code: str, start: int) -> Actor:
    name = _NAMES[code]
    return Actor(code=code, name=name, start=start, end=start + len(name), country=code, type=None)


def story_item(story: Story) -> tuple[Article, list[Sentence], list[Event]]:
    """The article, its one sentence and its event, with evidence offsets that point at the words."""
    source, target = _NAMES[story.source], _NAMES[story.target]
    lead = f"Report {story.article}. "
    sentence = f"{source} {story.verb} {target}{story.rest}"
    text = lead + sentence
    start = len(lead)
    trigger_start = start + len(source) + 1
    target_start = trigger_start + len(story.verb) + 1
    day = dt.date.fromisoformat(story.date)
    article = Article(id=story.article, date=day, text=text, title=f"Story {story.article}",
                      url=f"https://news.invalid/{story.article}", source=story.outlet)  # fmt: skip
    sentences = [Sentence(story.article, 0, 0, len(lead) - 1, lead.strip()), Sentence(story.article, 1, start,
                 len(text), sentence)]  # fmt: skip
    kind = event_type(story.code)
    location = None
    if story.place:
        country, lat, lon = _PLACES[story.place]
        location = Location(name=story.place, country=country, latitude=lat, longitude=lon)
    event = Event(
        article_id=story.article,
        sentence_index=1,
        event_code=story.code,
        source=_actor(story.source, start),
        target=_actor(story.target, target_start),
        evidence=Evidence(
            sentence=sentence,
            sentence_start=start,
            sentence_end=len(text),
            trigger_start=trigger_start,
            trigger_end=trigger_start + len(story.verb.split()[0]),
            source_start=start,
            source_end=start + len(source),
            target_start=target_start,
            target_end=target_start + len(target),
        ),
        mode=story.mode,
        confidence=story.confidence,
        source_rule="test: subject",
        target_rule="test: object",
        event_date=dt.date.fromisoformat(story.event_date) if story.event_date else day,
        date_precision="day",
        location=location,
        event_root_code=kind.root_code,
        quad_class=kind.quad_class,
        goldstein=kind.goldstein,
        plover_type=kind.plover_type,
        trigger=story.verb.split()[0],
        notes=["test story"],
    )
    return article, sentences, [event]


def build_store(path: Path) -> Path:
    with Store(path) as store:
        store.write_batch(story_item(s) for s in STORIES)
    return path


@pytest.fixture(scope="module")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "events.duckdb")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(db: Path, busy_wait: float = 2.0) -> Iterator[str]:
    """The dashboard served by uvicorn on a free local port in a thread; yields its base URL."""
    import uvicorn

    from tidings.web import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db, busy_wait=busy_wait), host="127.0.0.1", port=port,
                                           log_level="warning"))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the dashboard did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
