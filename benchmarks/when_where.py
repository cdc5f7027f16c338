"""Event dates and places against the hand-built gold set ``benchmarks/when_where_gold.jsonl``.

    python benchmarks/when_where.py [--gold PATH] [--limit N] [--errors] [--model NAME]

Scores two ways (conventions in ``benchmarks/WHEN_WHERE_GOLD_CODING.md``):

* via events: the whole coder runs on each item and every gold event is aligned to a system event: the
  one with the same trigger start, else one whose trigger overlaps the gold trigger, else the nearest
  in the same sentence. Gold events with no system event in their sentence are "unaligned" and left
  out of this mode's figures.
* resolver only: every gold event, dated and placed from its gold trigger word without event coding:
  ``resolve_dates`` + ``event_date`` over the trigger's ``clause_span``, and ``locate_event`` with
  the countries of the actors tidings finds up to and including the trigger's sentence (as the pipeline
  does; never the gold places).

Figures: exact day (system event_date == gold event_date), within range (system event_date within the
gold date_start..date_end), precision label, place country (a gold null country must get a null),
within 50 km (gold events with coordinates; no system place is a miss), and "no place respected" (gold
has no place → system gives none).
"""

from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

from actors import gold_items, sentence_actors

GOLD = Path(__file__).resolve().parent / "when_where_gold.jsonl"


@dataclass
class Guess:
    """A system date and place for one gold event."""

    date: dt.date | None
    precision: str | None
    location: object | None  # tidings.model.Location


@dataclass
class Tally:
    """Hits and totals of each figure in one mode."""

    counts: dict[str, list[int]] = field(default_factory=dict)

    def add(self, name: str, ok: bool) -> None:
        c = self.counts.setdefault(name, [0, 0])
        c[0] += ok
        c[1] += 1

    def line(self, name: str) -> str:
        hit, n = self.counts.get(name, [0, 0])
        return f"{hit / n:6.1%} ({hit}/{n})" if n else "     - (0/0)"


FIGURES = (
    "exact day",
    "within range",
    "precision label",
    "place country",
    "within 50 km",
    "no place respected",
)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def score(tally: Tally, gold: dict, guess: Guess) -> list[str]:
    """Add one gold event's outcome to ``tally``; return the names of the figures it got wrong."""
    wrong: list[str] = []

    def add(name: str, ok: bool) -> None:
        tally.add(name, ok)
        if not ok:
            wrong.append(name)

    d = guess.date.isoformat() if guess.date else None
    add("exact day", d == gold["event_date"])
    add("within range", d is not None and gold["date_start"] <= d <= gold["date_end"])
    add("precision label", guess.precision == gold["precision"])
    loc = guess.location
    add("place country", (loc.country if loc else None) == gold["location_country"])
    if gold["latitude"] is not None:
        add(
            "within 50 km",
            loc is not None
            and loc.latitude is not None
            and km(gold["latitude"], gold["longitude"], loc.latitude, loc.longitude) <= 50,
        )
    if gold["location_name"] is None:
        add("no place respected", loc is None)
    return wrong


def align(gold: dict, events: list) -> tuple[str, object | None]:
    """The system event for a gold event, and how it was found (same, overlap, sentence, unaligned)."""
    g0 = gold["trigger_start"]
    g1 = g0 + len(gold["trigger"])
    for ev in events:
        if ev.evidence.trigger_start == g0:
            return "same", ev
    for ev in events:
        if ev.evidence.trigger_start < g1 and g0 < ev.evidence.trigger_end:
            return "overlap", ev
    near = [ev for ev in events if ev.evidence.sentence_start <= g0 < ev.evidence.sentence_end]
    if near:
        return "sentence", min(near, key=lambda ev: abs(ev.evidence.trigger_start - g0))
    return "unaligned", None


def token_at(doc, char: int):
    """The token of ``doc`` covering sentence offset ``char`` (or the first one after it)."""
    for t in doc:
        if t.idx <= char < t.idx + len(t) or t.idx >= char:
            return t
    return doc[-1]


def resolve(pipe, article, gold_events: list[dict]) -> list[Guess]:
    """Date and place of each gold event from its gold trigger, with tidings' resolvers alone."""
    from tidings.geo import locate_event
    from tidings.places import find_places
    from tidings.time import clause_span, event_date, resolve_dates

    exprs = resolve_dates(article.text, article.date, article.id)
    places = find_places(article.text, article.date, article.id)
    sentences = []
    countries: set[str] = set()
    for s, doc, actors in sentence_actors(pipe, article):
        countries |= {a.country for a in actors or () if a.country}
        # A sentence the coder leaves out of scope (sport, a game score) has no parse: parse it here.
        sentences.append((s, doc if doc is not None else pipe.nlp(s.text), frozenset(countries)))
    out: list[Guess] = []
    for g in gold_events:
        at = g["trigger_start"]
        s, doc, known = next(((s, d, k) for s, d, k in sentences if s.start <= at < s.end), sentences[-1])
        tok = token_at(doc, at - s.start)
        c0, c1 = clause_span(tok)
        date, _, precision = event_date(
            exprs, (s.start + c0, s.start + c1), (s.start, s.end), article.date, trigger_char=at
        )
        place = locate_event(tok, known, pipe.gazetteer, places=places, offset=s.start)
        out.append(Guess(date, precision, place))
    return out


def describe(gold: dict, guess: Guess | None) -> str:
    if guess is None:
        return "no system event"
    loc = guess.location
    place = f"{loc.name} ({loc.country}, {loc.latitude}, {loc.longitude})" if loc else "no place"
    return f"{guess.date} {guess.precision} | {place}"


def main() -> None:
    args, items = gold_items(__doc__, GOLD, "list the gold events each mode got wrong")

    from tidings.config import Config
    from tidings.model import Article
    from tidings.pipeline import Pipeline

    model = {"model": args.model} if args.model else {}
    pipe = Pipeline(Config.from_options(**model))
    every_sentence = Pipeline(Config.from_options(prefilter=False, **model))
    pipe.gazetteer  # noqa: B018 - load the gazetteer outside the timed loops
    pipe.nlp("Warm up.")

    via, alone = Tally(), Tally()
    how: dict[str, int] = {}
    report: list[str] = []
    t_events = t_resolver = 0.0
    for item in items:
        article = Article(item["id"], dt.date.fromisoformat(item["date"]), item["text"])
        t0 = time.perf_counter()
        events = list(pipe.run([article]))[0].events
        t1 = time.perf_counter()
        guesses = resolve(every_sentence, article, item["events"])
        t_events += t1 - t0
        t_resolver += time.perf_counter() - t1
        lines: list[str] = []
        for g, guess in zip(item["events"], guesses, strict=True):
            kind, ev = align(g, events)
            how[kind] = how.get(kind, 0) + 1
            via_guess = None
            wrong_via: list[str] = []
            if ev is not None:
                via_guess = Guess(ev.event_date, ev.date_precision, ev.location)
                wrong_via = score(via, g, via_guess)
            wrong_alone = score(alone, g, guess)
            if wrong_via or wrong_alone or ev is None:
                gold_place = (
                    f"{g['location_name']} ({g['location_country']}, {g['latitude']}, {g['longitude']})"
                    if g["location_name"]
                    else "no place"
                )
                lines.append(
                    f"  '{g['trigger']}'@{g['trigger_start']} [{g['time_expression'] or '-'}] gold "
                    f"{g['event_date']} {g['precision']} | {gold_place}\n"
                    f"      via events ({kind}): {describe(g, via_guess)}"
                    + (f"  ✗ {', '.join(wrong_via)}" if wrong_via else "")
                    + f"\n      resolver only: {describe(g, guess)}"
                    + (f"  ✗ {', '.join(wrong_alone)}" if wrong_alone else "")
                )
        if lines:
            report.append(f"{item['id']} ({item['date']}): {item['text']}\n" + "\n".join(lines))

    n_gold = sum(len(i["events"]) for i in items)
    print(f"gold: {args.gold.name}, {len(items)} items, {n_gold} events")
    print(
        "alignment of gold events to system events: "
        + ", ".join(f"{k} {how.get(k, 0)}" for k in ("same", "overlap", "sentence", "unaligned"))
    )
    print(f"{'':<20} {'via events':>18}  {'resolver only':>18}")
    for name in FIGURES:
        print(f"{name:<20} {via.line(name):>18}  {alone.line(name):>18}")
    print(
        f"time: coder {1000 * t_events / max(len(items), 1):.0f} ms/item, "
        f"resolver only {1000 * t_resolver / max(len(items), 1):.0f} ms/item (parses every sentence)"
    )
    if args.errors:
        print()
        print("\n\n".join(report))


if __name__ == "__main__":
    main()
