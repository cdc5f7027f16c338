"""The geoparser (``tidings.find_places``) against our toponym gold, the event-place gold, and for speed.

    python benchmarks/places.py [--gold PATH] [--errors] [--no-speed]

Figures, on ``benchmarks/places_gold.jsonl`` (passages written by us, conventions in its source
``places_gold.txt``; coordinates are the gazetteer's entry for the place the annotator meant):

* recall: gold toponyms whose span a system mention overlaps;
* precision: system mentions that overlap a gold toponym (a mention of a non-place, a metonymic use or a
  demonym counts against it);
* accuracy@161 km: of the gold toponyms a system mention overlaps, those placed within 161 km (100 miles)
  of the gold point (the field's geocoding figure); "end to end" counts missed toponyms as wrong too;
* same place: the system's entry has the gold's country and feature, and lies within 161 km.

On ``benchmarks/when_where_gold.jsonl`` (event places): each gold event place with coordinates is looked
up among the mentions of its item whose text the gold place name contains; accuracy@161 km of those found.

Speed: ``find_places`` over every article of ``../shared/benchmarks/news_wikinews.jsonl`` on one core,
after the index has loaded (its load time is printed separately).
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD = HERE / "places_gold.jsonl"
WHEN_WHERE = HERE / "when_where_gold.jsonl"
WIKINEWS = HERE.parents[1] / "shared" / "benchmarks" / "news_wikinews.jsonl"
RADIUS_KM = 161.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def score_gold(records: list[dict], show_errors: bool) -> dict[str, float]:
    from tidings.places import find_places

    gold_n = found = near = same = 0
    system_n = true_pos = 0
    errors: list[str] = []
    for rec in records:
        mentions = find_places(rec["text"], rec["date"], rec["id"])
        system_n += len(mentions)
        golds = rec["places"]
        gold_n += len(golds)
        matched_mentions = set()
        for g in golds:
            hit = next((m for m in mentions if m.start_char < g["end_char"] and g["start_char"] < m.end_char), None)
            if hit is None:
                errors.append(f"{rec['id']}: missed {g['text']!r} ({g['name']}, {g['country']})")
                continue
            matched_mentions.add(id(hit))
            found += 1
            d = km(g["latitude"], g["longitude"], hit.latitude, hit.longitude)
            near += d <= RADIUS_KM
            same += d <= RADIUS_KM and hit.country == g["country"] and hit.feature == g["feature"]
            if d > RADIUS_KM:
                errors.append(
                    f"{rec['id']}: {g['text']!r} is {g['name']} ({g['country']}, {g['feature']}); "
                    f"got {hit.name} ({hit.country}, {hit.feature}, {hit.admin1}), {d:.0f} km off"
                )
        true_pos += len(matched_mentions)
        for m in mentions:
            if id(m) not in matched_mentions:
                errors.append(f"{rec['id']}: false place {m.text!r} -> {m.name} ({m.country}, {m.feature})")
    if show_errors:
        print("\n".join(errors))
    return {
        "toponyms": gold_n,
        "system mentions": system_n,
        "recall": found / gold_n if gold_n else 0.0,
        "precision": true_pos / system_n if system_n else 0.0,
        "accuracy@161 (found)": near / found if found else 0.0,
        "accuracy@161 (end to end)": near / gold_n if gold_n else 0.0,
        "same place (found)": same / found if found else 0.0,
    }


def score_event_places(records: list[dict]) -> dict[str, float]:
    from tidings.places import find_places

    total = found = near = 0
    for rec in records:
        mentions = find_places(rec["text"], rec["date"], rec["id"])
        for ev in rec["events"]:
            if ev.get("latitude") is None or not ev.get("location_name"):
                continue
            total += 1
            name = ev["location_name"].lower()
            hit = next((m for m in mentions if m.text.lower() in name or m.name.lower() in name), None)
            if hit is None:
                continue
            found += 1
            near += km(ev["latitude"], ev["longitude"], hit.latitude, hit.longitude) <= RADIUS_KM
    return {
        "event places": total,
        "found": found / total if total else 0.0,
        "accuracy@161 (found)": near / found if found else 0.0,
    }


def load_index() -> float:
    """Seconds to load the place index (from its cache file, once built) and the word frequencies."""
    from tidings.places import default_resolver, find_places

    t0 = time.perf_counter()
    default_resolver()
    find_places("Paris")
    return time.perf_counter() - t0


def speed(path: Path) -> tuple[float, float, int]:
    """(articles per wall-clock second, per CPU second of this process, articles) of ``find_places``; the
    CPU figure is the one-core speed on a machine other programs share."""
    from tidings.places import find_places

    articles = read_jsonl(path)
    t0, c0 = time.perf_counter(), time.process_time()
    for a in articles:
        find_places(a["text"], a.get("date"), a.get("id"))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return len(articles) / wall, len(articles) / cpu, len(articles)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--errors", action="store_true", help="List every miss, wrong place and false place.")
    ap.add_argument("--no-speed", action="store_true", help="Skip the Wikinews speed run.")
    args = ap.parse_args()
    load = load_index()
    figures = score_gold(read_jsonl(args.gold), args.errors)
    print(f"toponym gold ({args.gold.name}):")
    for name, value in figures.items():
        print(f"  {name:28} {value:.3f}" if isinstance(value, float) else f"  {name:28} {value}")
    if WHEN_WHERE.exists():
        print(f"event places ({WHEN_WHERE.name}):")
        for name, value in score_event_places(read_jsonl(WHEN_WHERE)).items():
            print(f"  {name:28} {value:.3f}" if isinstance(value, float) else f"  {name:28} {value}")
    if not args.no_speed:
        if WIKINEWS.exists():
            wall, cpu, n = speed(WIKINEWS)
            print(
                f"speed: index load {load:.2f} s; find_places over {n} Wikinews articles: {wall:.0f} articles/s "
                f"wall clock, {cpu:.0f} articles per CPU second (one core)"
            )
        else:
            print(f"speed: skipped ({WIKINEWS} not found)")


if __name__ == "__main__":
    main()
