"""Actor recognition and coding against the hand-built gold set ``benchmarks/actors_gold.jsonl``.

    python benchmarks/actors.py [--gold PATH] [--limit N] [--errors] [--model NAME]

Runs tidings' actor layer over every sentence of each item (the loop of ``tidings explain``: each
sentence parsed, ``SentenceActors`` with one ``ArticleContext`` per item) and matches the actors to the
gold mentions by character overlap, greedily by largest overlap, one to one. Prints precision, recall
and F1 at three levels, the false-friend check, full-code recall by gold ``kind`` and time per item.
Conventions are in ``benchmarks/ACTORS_GOLD_CODING.md``.

* mentions: a matched pair is a true positive whatever its codes.
* country: a matched pair is right when ``code[:3]`` agrees. A gold mention with an empty code
  (an unknown person) is right only if the system gives no code.
* full code: a matched pair is right when the codes are equal.

At the country and full-code levels a wrong pair counts as one false positive and one false negative;
an unmatched gold mention is a false negative and an unmatched coded system actor a false positive.
A ``not_actors`` span is "hit" when a coded system actor overlaps it and is not a country-level match of
a gold actor (so ``Alternative for Germany`` → ``DEUPTY`` does not hit the ``Germany`` inside it, but
``Georgia secretary of state`` → ``GEOGOV`` does).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "actors_gold.jsonl"


@dataclass
class Counts:
    """True positives, false positives and false negatives, with P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def line(self, label: str) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"{label:<10} P {p:6.1%}  R {r:6.1%}  F1 {f:6.1%}   (tp {self.tp}, fp {self.fp}, fn {self.fn})"


def sentence_actors(pipe, article) -> Iterator[tuple]:
    """Yield ``(sentence, doc, actors)`` for each sentence, from the pipeline's own trace of the article.

    ``pipe`` is built with the pre-filter off, so every sentence is parsed and this scores the actor layer,
    not the pre-filter; the article context is carried exactly as in ``tidings code``.
    """
    for trace in pipe.code_article(article, trace=True).traces:
        yield trace.sentence, trace.doc, trace.actors


def overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def match(gold: list[dict], system: list) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs, greedily by largest character overlap."""
    pairs = sorted(
        (
            (overlap(g["start"], g["end"], s.start, s.end), gi, si)
            for gi, g in enumerate(gold)
            for si, s in enumerate(system)
        ),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    used_g: set[int] = set()
    used_s: set[int] = set()
    out: list[tuple[int, int]] = []
    for ov, gi, si in pairs:
        if ov <= 0:
            break
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            out.append((gi, si))
    return sorted(out)


def same_country(gold_code: str, sys_code: str | None) -> bool:
    if not gold_code:
        return not sys_code
    return bool(sys_code) and gold_code[:3] == sys_code[:3]


def gold_items(doc: str, gold: Path, errors_help: str) -> tuple[argparse.Namespace, list[dict]]:
    """The command line shared by the gold-file benchmarks, and the gold items it selects."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=gold)
    ap.add_argument("--limit", type=int, default=None, help="first N items")
    ap.add_argument("--errors", action="store_true", help=errors_help)
    ap.add_argument("--model", default=None, help="spaCy model (default: tidings' default)")
    args = ap.parse_args()
    if not args.gold.exists():
        sys.exit(f"gold file not found: {args.gold}")
    with args.gold.open(encoding="utf-8") as fh:
        items = [json.loads(line) for line in itertools.islice(fh, args.limit) if line.strip()]
    return args, items


def main() -> None:
    args, items = gold_items(__doc__, GOLD, "list the mismatches of each item")

    from tidings.config import Config
    from tidings.model import Article
    from tidings.pipeline import Pipeline

    t0 = time.perf_counter()
    pipe = Pipeline(Config.from_options(prefilter=False, **({"model": args.model} if args.model else {})))
    pipe.gazetteer  # noqa: B018 - load the gazetteer outside the timed loop
    pipe.nlp("Warm up.")
    setup = time.perf_counter() - t0

    mention, country, full = Counts(), Counts(), Counts()
    by_kind: dict[str, Counter] = {}
    ff_hits = ff_total = 0
    report: list[str] = []
    t0 = time.perf_counter()
    for item in items:
        article = Article(item["id"], dt.date.fromisoformat(item["date"]), item["text"])
        system = [a for _, _, actors in sentence_actors(pipe, article) for a in actors]
        gold = item["actors"]
        pairs = match(gold, system)
        matched_g = {gi for gi, _ in pairs}
        matched_s = {si for _, si in pairs}
        lines: list[str] = []

        mention.tp += len(pairs)
        mention.fp += len(system) - len(pairs)
        mention.fn += len(gold) - len(pairs)
        for gi, g in enumerate(gold):
            k = by_kind.setdefault(g["kind"], Counter())
            k["n"] += 1
            if gi not in matched_g:
                country.fn += 1
                full.fn += 1
                lines.append(f"  miss   '{g['text']}' {g['code'] or '(no code)'} [{g['kind']}]")
        for gi, si in pairs:
            g, s = gold[gi], system[si]
            k = by_kind[g["kind"]]
            k["found"] += 1
            ok_country = same_country(g["code"], s.code)
            ok_full = (g["code"] or "") == (s.code or "")
            for counts, ok in ((country, ok_country), (full, ok_full)):
                if ok:
                    counts.tp += 1
                else:
                    counts.fp += 1
                    counts.fn += 1
            k["country"] += ok_country
            k["full"] += ok_full
            if not ok_full:
                lines.append(
                    f"  code   '{g['text']}' gold {g['code'] or '(no code)'} ≠ system '{s.name}' "
                    f"{s.code} [{g['kind']}/{s.kind}]"
                )
        for si, s in enumerate(system):
            if si not in matched_s:
                if s.code:
                    country.fp += 1
                    full.fp += 1
                lines.append(f"  extra  '{s.name}' {s.code} [{s.kind}]")

        right_country = {si for gi, si in pairs if same_country(gold[gi]["code"], system[si].code)}
        for na in item.get("not_actors", []):
            ff_total += 1
            hit = [
                s
                for si, s in enumerate(system)
                if s.code and si not in right_country and overlap(na["start"], na["end"], s.start, s.end)
            ]
            if hit:
                ff_hits += 1
                lines.append(f"  friend '{na['text']}' coded as '{hit[0].name}' {hit[0].code}")
        if lines:
            report.append(f"{item['id']}: {item['text']}\n" + "\n".join(lines))
    took = time.perf_counter() - t0

    n_gold = sum(len(i["actors"]) for i in items)
    print(f"gold: {args.gold.name}, {len(items)} items, {n_gold} actor mentions, {ff_total} not_actors")
    print(mention.line("mentions"))
    print(country.line("country"))
    print(full.line("full code"))
    print(f"false friends: {ff_hits} of {ff_total} not_actors spans got a coded system actor (lower is better)")
    print("by gold kind:      n   found  country  full-code recall")
    for kind, k in sorted(by_kind.items(), key=lambda kv: -kv[1]["n"]):
        n = k["n"]
        print(f"  {kind:<15} {n:>4}  {k['found'] / n:6.1%}  {k['country'] / n:6.1%}  {k['full'] / n:6.1%}")
    print(
        f"time: {took:.1f}s for {len(items)} items = {1000 * took / max(len(items), 1):.0f} ms/item "
        f"(setup {setup:.1f}s not included)"
    )
    if args.errors:
        print()
        print("\n\n".join(report))


if __name__ == "__main__":
    main()
