"""Time expressions and event dates, measured three ways.

    python benchmarks/dates.py [--errors] [--no-code]

1. Our table ``tests/data/dates_cases.tsv`` (TIMEX3 values, written by us): value accuracy (an expression
   overlapping the listed text with the listed value, over all listed expressions), span recall (strict:
   the same text; relaxed: overlapping) and span precision (found expressions that overlap a listed one,
   over all found; every expression of a sentence is listed).
2. ``benchmarks/when_where_gold.jsonl`` (event dates, written by us): span recall of each gold event's
   time expression and whether the expression found there resolves to the gold day range. Not every time
   expression of those texts is annotated, so no precision.
3. The real-news dev set ``../shared/benchmarks/wikinews_events_dev.jsonl`` (read by path, skipped when
   absent): the event dates of its gold events (a) from the resolver on each gold event's sentence, without
   event coding (``event_date`` over the sentence, with the story's day carried from earlier sentences), and
   (b) ``date_acc`` of ``score_articles.py`` over a ``tidings code`` run (only the events the coder matches;
   ``--no-code`` skips it).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from tidings.time import event_date, resolve_dates

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "tests" / "data" / "dates_cases.tsv"
WHEN_WHERE = ROOT / "benchmarks" / "when_where_gold.jsonl"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
WIKINEWS = SHARED / "wikinews_events_dev.jsonl"


def ratio(hit: int, n: int) -> str:
    return f"{hit / n:.3f} ({hit}/{n})" if n else "- (0/0)"


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def score_table(errors: bool) -> None:
    with TABLE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    by_sentence: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_sentence[(row["sentence"], row["date"])].append(row)
    value_ok = strict = relaxed = listed = found_n = found_ok = 0
    per_class: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    began = time.perf_counter()
    for (sentence, date), group in by_sentence.items():
        found = resolve_dates(sentence, dt.date.fromisoformat(date))
        spans = []
        for row in group:
            if row["expression"] == "-":
                continue
            at = sentence.lower().find(row["expression"].lower())
            span = (at, at + len(row["expression"]))
            spans.append(span)
            listed += 1
            hits = [x for x in found if overlaps(x.start_char, x.end_char, *span)]
            relaxed += bool(hits)
            strict += any((x.start_char, x.end_char) == span for x in hits)
            ok = bool(hits) and hits[0].value == row["value"]
            value_ok += ok
            per_class[row["class"]][0] += ok
            per_class[row["class"]][1] += 1
            if errors and not ok:
                got = f"{hits[0].text!r} {hits[0].value}" if hits else "nothing"
                print(f"  [{row['class']}] {date} {row['expression']!r} want {row['value']}, got {got} | {sentence}")
        for x in found:
            found_n += 1
            ok = any(overlaps(x.start_char, x.end_char, *s) for s in spans)
            found_ok += ok
            if errors and not ok:
                print(f"  [extra] {date} {x.text!r} {x.value} | {sentence}")
    seconds = time.perf_counter() - began
    print(f"table {TABLE.relative_to(ROOT)}: {listed} expressions in {len(by_sentence)} sentences ({seconds:.2f} s)")
    print(f"  value accuracy          {ratio(value_ok, listed)}")
    print(f"  span recall, relaxed    {ratio(relaxed, listed)}   strict {ratio(strict, listed)}")
    print(f"  span precision, relaxed {ratio(found_ok, found_n)}")
    print("  by class: " + ", ".join(f"{c} {h}/{n}" for c, (h, n) in sorted(per_class.items())))


def score_when_where(errors: bool) -> None:
    items = [json.loads(line) for line in WHEN_WHERE.open(encoding="utf-8") if line.strip()]
    found_n = range_ok = n = 0
    for item in items:
        anchor = dt.date.fromisoformat(item["date"])
        text = item["text"]
        found = resolve_dates(text, anchor, item["id"])
        for ev in item["events"]:
            phrase = ev.get("time_expression")
            if not phrase:
                continue
            n += 1
            at = text.find(phrase)
            hits = [x for x in found if overlaps(x.start_char, x.end_char, at, at + len(phrase))]
            found_n += bool(hits)
            ok = bool(hits) and (str(hits[0].start), str(hits[0].end)) == (ev["date_start"], ev["date_end"])
            range_ok += ok
            if errors and not ok:
                got = f"{hits[0].text!r} {hits[0].start}..{hits[0].end}" if hits else "nothing"
                print(f"  {item['id']} {phrase!r} want {ev['date_start']}..{ev['date_end']}, got {got}")
    print(f"when_where_gold.jsonl: {n} gold events with a time expression")
    print(f"  span recall, relaxed    {ratio(found_n, n)}")
    print(f"  day range right         {ratio(range_ok, n)}")


def date_ok(gold: str | list[str], got: str) -> bool:
    return gold[0] <= got <= gold[1] if isinstance(gold, list) else got == gold


def score_wikinews(errors: bool, run_code: bool) -> None:
    if not WIKINEWS.exists():
        print(f"{WIKINEWS} not found: real-news figures skipped")
        return
    articles = [json.loads(line) for line in WIKINEWS.open(encoding="utf-8") if line.strip()]
    tally: Counter[str] = Counter()
    for article in articles:
        anchor, text = dt.date.fromisoformat(article["date"]), article["text"]
        found = resolve_dates(text, anchor, article["id"])
        for gold in article["gold"]:
            at = text.find(gold["sentence"])
            if not gold.get("date") or gold.get("forbid") or at < 0:
                continue
            span = (at, at + len(gold["sentence"]))
            tally["n"] += 1
            for context in ("sentence", "article"):
                got = event_date(found, None, span, anchor, context=context)[0].isoformat()
                tally[context] += date_ok(gold["date"], got)
                if errors and context == "article" and not date_ok(gold["date"], got):
                    print(f"  {article['id']} want {gold['date']}, got {got} | {gold['sentence'][:110]}")
            tally["article date"] += date_ok(gold["date"], anchor.isoformat())
    print(f"wikinews_events_dev.jsonl: {tally['n']} dated gold events, resolver on the gold sentence")
    print(f"  the article date alone           {ratio(tally['article date'], tally['n'])}")
    print(f"  dates of the sentence only       {ratio(tally['sentence'], tally['n'])}")
    print(f"  with the story's day carried     {ratio(tally['article'], tally['n'])}")
    if not run_code:
        return
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "events.jsonl"
        subprocess.run(["tidings", "code", str(WIKINEWS), "-o", str(pred), "--quiet"], check=True)
        scored = subprocess.run(
            [sys.executable, str(SHARED / "score_articles.py"), str(WIKINEWS), str(pred), "--json"],
            check=True,
            capture_output=True,
            text=True,
        )
    figures = json.loads(scored.stdout)
    print(f"  tidings code + score_articles.py: date_acc {figures['date_acc']} over {figures['dates']} matched events")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="list every miss")
    parser.add_argument("--no-code", action="store_true", help="skip the tidings code run on the real-news set")
    args = parser.parse_args()
    score_table(args.errors)
    score_when_where(args.errors)
    score_wikinews(args.errors, not args.no_code)


if __name__ == "__main__":
    main()
