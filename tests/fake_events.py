"""Hand-made articles and events for the store, export and dedup tests (no spaCy needed).

Run as a script it fills a store with fake articles, one transaction each, printing a line per article,
so a test can kill it mid-run or read the store meanwhile:
``python tests/fake_events.py STORE N [BATCH] [--pause SECONDS] [--hold]`` (``--hold``: one connection for
the whole run, which is faster but keeps readers out).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import time

from tidings.model import Actor, Article, Event, Evidence, Location, Sentence

_ACTORS = {
    "USA": ("United States", "USA", None),
    "USAGOV": ("US government", "USA", "GOV"),
    "RUS": ("Russia", "RUS", None),
    "IRQ": ("Iraq", "IRQ", None),
    "IGOUNO": ("United Nations", None, "IGO"),
}


def make_actor(code: str | None, start: int = 0) -> Actor | None:
    if code is None:
        return None
    name, country, role = _ACTORS.get(code, (code, code[:3], None))
    return Actor(code=code, name=name, start=start, end=start + len(name), country=country, type=role)


def make_event(
    article_id: str = "a1",
    event_code: str = "042",
    source: str | None = "USA",
    target: str | None = "RUS",
    event_date: dt.date | str | None = "2024-03-05",
    event_date_end: dt.date | str | None = None,
    date_precision: str = "day",
    mode: str = "reported",
    sentence_index: int = 0,
    trigger_start: int = 10,
    location: Location | str | None = None,
    sentence: str = "The United States met Russia.",
) -> Event:
    """An Event as the coder would emit it; strings stand in for dates and ISO3 for a country location."""
    if isinstance(event_date, str):
        event_date = dt.date.fromisoformat(event_date)
    if isinstance(event_date_end, str):
        event_date_end = dt.date.fromisoformat(event_date_end)
    if isinstance(location, str):
        location = Location(name=location, country=location, latitude=None, longitude=None, feature="country")
    return Event(
        article_id=article_id,
        sentence_index=sentence_index,
        event_code=event_code,
        source=make_actor(source, 0),
        target=make_actor(target, 20),
        evidence=Evidence(
            sentence=sentence,
            sentence_start=0,
            sentence_end=len(sentence),
            trigger_start=trigger_start,
            trigger_end=trigger_start + 3,
            source_start=0,
            source_end=4,
            target_start=20,
            target_end=26,
        ),
        mode=mode,
        event_date=event_date,
        event_date_end=event_date_end,
        date_precision=date_precision,
        location=location,
        event_root_code=event_code[:2],
        quad_class=1,
        goldstein=1.9,
        plover_type="CONSULT",
        trigger="met",
    )


def make_article(
    article_id: str = "a1", text: str = "The United States met Russia.", date: str = "2024-03-05", **kw: str
) -> Article:
    return Article(id=article_id, date=dt.date.fromisoformat(date), text=text, **kw)


def sentences_of(article: Article) -> list[Sentence]:
    """Split on '. ' with exact offsets, which is all the store needs."""
    out, start = [], 0
    for i, piece in enumerate(article.text.split(". ")):
        out.append(Sentence(article.id, i, start, start + len(piece), piece))
        start += len(piece) + 2
    return out


def fake_item(i: int) -> tuple[Article, list[Sentence], list[Event]]:
    """Article number ``i`` with ``i % 3 + 1`` events and ``i % 2 + 1`` sentences: counts a test can check."""
    text = " ".join(["Leaders met in the capital."] * 20) + f" Story {i}." + (". Talks went on" if i % 2 else "")
    article = make_article(f"art-{i:05d}", text, date=f"2024-01-{i % 28 + 1:02d}", source=f"outlet{i % 4}")
    events = [
        make_event(article.id, event_code=f"04{k}", trigger_start=k, event_date=article.date) for k in range(i % 3 + 1)
    ]
    return article, sentences_of(article), events


def expected_mentions(article_id: str) -> int:
    return int(article_id.split("-")[1]) % 3 + 1


def main(path: str, n: int, batch: int = 1, pause: float = 0.0, hold: bool = False) -> None:
    """Store articles 0..n-1, ``batch`` per transaction, printing a line after each commit."""
    from tidings.store import Store

    written = 0
    with Store(path) as store, (store.session() if hold else contextlib.nullcontext()):
        for first in range(0, n, batch):
            written += store.write_batch(fake_item(i) for i in range(first, min(n, first + batch)))
            print(f"committed up to {min(n, first + batch)}", flush=True)
            time.sleep(pause)
    print(f"done written={written}", flush=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("n", type=int)
    ap.add_argument("batch", type=int, nargs="?", default=1)
    ap.add_argument("--pause", type=float, default=0.0)
    ap.add_argument("--hold", action="store_true")
    args = ap.parse_args()
    main(args.path, args.n, args.batch, args.pause, args.hold)
