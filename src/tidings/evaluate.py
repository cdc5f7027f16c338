"""Score the coder against gold-coded sentences: precision, recall and F1 of (source, target, code) triples.

Gold format (one JSON object per line): ``id``, ``date``, ``text``, ``gold`` (a list of ``{source, target,
code, mode?}``), ``noevent``; optional ``valid`` (false: a feature the gold's authors never implemented,
reported apart), ``comments`` (never shown to the coder) and ``config`` (the coder settings the gold was
made with: a record with ``require_dyad: false`` is coded with target-less events allowed, as its gold
was). The coder sees only id, date and text.

Scoring counts triples as multisets per record, in the direction the gold states; only an event of a
symmetric act (meet, negotiate) left unmatched may match the reverse direction, so a gold file that codes
both directions (PETRARCH's does) needs both. A target written ``---`` (PETRARCH: no actor) equals an
empty one. Negated events are left out on both sides (they did not
happen); every other mode counts, because event coders conventionally code intentions and claims too. A
separate check counts gold events marked negated or hypothetical that the coder emitted as ``reported``:
that figure must be zero.

Article-level gold (``../shared/benchmarks/REAL_NEWS_CODING.md``: whole articles whose gold events give a
``root``) is scored by ``article_gold`` with the reference scorer's rules instead: triple P/R/F1, date
accuracy, forbidden events emitted as facts, and for every miss the stage that lost it (``miss_reasons``),
read from the per-sentence trace of the same run ``tidings code`` does.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.article_gold import GoldEvent, date_fits, is_article_gold, match_article, parse_gold_event
from tidings.config import Config
from tidings.errors import InputError
from tidings.ingest import article_from_record
from tidings.miss_reasons import REASONS, Miss, SentenceStatus, evidence_sentences, miss_reason
from tidings.model import Article, Event
from tidings.ontology import symmetric_codes
from tidings.pipeline import ArticleResult, shared_pipeline


@dataclass
class Score:
    """Counts and the derived precision, recall and F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: Counter, system: Counter) -> None:
        common = gold & system
        self.tp += sum(common.values())
        self.fp += sum((system - common).values())
        self.fn += sum((gold - common).values())

    def compare(self, gold: Iterable[tuple[str, str, str]], system: Iterable[tuple[str, str, str]], level: str) -> None:
        """Add the matches between gold and system (source, target, code) events at ``level``."""
        tp, fp, fn = _match(list(gold), list(system), level)
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn


@dataclass
class RecordResult:
    id: str
    text: str
    valid: bool
    gold: list[tuple[str, str, str]]
    system: list[tuple[str, str, str, str]]  # source, target, code, mode


@dataclass
class Report:
    """Everything ``tidings eval`` prints."""

    name: str
    records: int = 0
    root: Score = field(default_factory=Score)
    full: Score = field(default_factory=Score)
    country: Score = field(default_factory=Score)
    invalid_root: Score = field(default_factory=Score)
    per_root: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    noevent_records: int = 0
    noevent_false_alarms: int = 0
    mode_violations: int = 0
    mode_checked: int = 0
    results: list[RecordResult] = field(default_factory=list)
    min_confidence: float = 0.0


@dataclass
class ArticleReport:
    """What ``tidings eval`` prints for article-level gold: triples, dates, forbidden events, misses by reason."""

    name: str
    articles: int = 0
    triples: Score = field(default_factory=Score)
    dates_right: int = 0
    dates_checked: int = 0
    forbidden: int = 0
    #: (article id, forbidden gold event, the factual event that fits it)
    forbidden_emitted: list[tuple[str, GoldEvent, Event]] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)
    #: Factual events no gold event took, by article id.
    false_alarms: dict[str, list[Event]] = field(default_factory=dict)
    #: (article id, gold event, event) for matched events whose date the gold contradicts.
    wrong_dates: list[tuple[str, GoldEvent, Event]] = field(default_factory=list)
    min_confidence: float = 0.0
    #: (threshold, triple score had events below it been dropped); empty when every event has confidence 1.
    by_confidence: list[tuple[float, Score]] = field(default_factory=list)

    @property
    def date_accuracy(self) -> float | None:
        """Share of matched events with a gold date that carry a fitting date (None: no gold dates)."""
        return self.dates_right / self.dates_checked if self.dates_checked else None

    def reason_counts(self) -> list[tuple[str, int]]:
        """Misses per reason, largest first (ties in the order the reasons are tried)."""
        counts = Counter(m.reason for m in self.misses)
        return sorted(((r, counts[r]) for r in REASONS if counts[r]), key=lambda x: -x[1])

    def figures(self) -> dict[str, Any]:
        """The figures as ``score_articles.py --json`` prints them (same keys, same rounding), and the misses
        per reason: what a script or a README table takes."""
        s = self.triples
        acc = self.date_accuracy
        return {
            "gold_events": s.tp + s.fn,
            "predicted": s.tp + s.fp,
            "tp": s.tp,
            "precision": round(s.precision, 3),
            "recall": round(s.recall, 3),
            "f1": round(s.f1, 3),
            "date_acc": round(acc, 3) if acc is not None else None,
            "dates": self.dates_checked,
            "forbidden_emitted": len(self.forbidden_emitted),
            "forbidden": self.forbidden,
            "misses_by_reason": dict(self.reason_counts()),
        }


#: Codes for acts both parties do together (meet, negotiate, sign, cooperate): either direction matches.
SYMMETRIC_CODES = symmetric_codes()  # from data/cameo_code_forms.tsv, the codebook's one statement of it


def _key(s: str, t: str, c: str, level: str) -> tuple[str, str, str]:
    s, t = _no_target(s), _no_target(t)
    if level == "root":
        return (s, t, c[:2])
    if level == "country":
        return (s[:3], t[:3], c[:2])
    return (s, t, c)


def _no_target(code: str) -> str:
    """PETRARCH writes ``---`` for "no actor here"; a coder's empty code says the same."""
    return "" if code == "---" else code


def _triples(events: Iterable[tuple[str, str, str]], level: str) -> Counter:
    return Counter(_key(s, t, c, level) for s, t, c in events)


def _match(gold: list[tuple[str, str, str]], system: list[tuple[str, str, str]], level: str) -> tuple[int, int, int]:
    """(tp, fp, fn): events match in their stated direction first; an event of a symmetric act (meet,
    negotiate, agree) left over may then match a left-over event of the reverse direction. A gold file that
    codes both directions of a meeting (PETRARCH does) therefore needs both; one that codes one direction
    accepts either."""
    g_left, s_left = _triples(gold, level), _triples(system, level)
    common = g_left & s_left
    tp = sum(common.values())
    g_left, s_left = g_left - common, s_left - common
    g_sym = _triples(((s, t, c) for s, t, c in gold if c in SYMMETRIC_CODES), level)
    s_sym = _triples(((s, t, c) for s, t, c in system if c in SYMMETRIC_CODES), level)
    for (s, t, c), n in list(g_left.items()):
        reverse = (t, s, c)
        k = min(n, g_sym[(s, t, c)], s_left[reverse], s_sym[reverse]) if t and s else 0
        if k:
            tp += k
            g_left[(s, t, c)] -= k
            s_left[reverse] -= k
            s_sym[reverse] -= k
    return tp, sum((+s_left).values()), sum((+g_left).values())


def _loose_keys(events: Iterable[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    """Root-level keys of events, symmetric acts in both directions: what the error listing compares."""
    keys = set()
    for s, t, c in events:
        keys.add(_key(s, t, c, "root"))
        if c in SYMMETRIC_CODES:
            keys.add(_key(t, s, c, "root"))
    return keys


def _requires_dyad(record: dict) -> bool:
    """False when the gold was coded with events lacking a target allowed (``config.require_dyad``)."""
    value = (record.get("config") or {}).get("require_dyad", True)
    return str(value).strip().lower() not in ("false", "0", "no")


def read_gold(path: str | Path) -> list[dict]:
    """Gold records, with a clear error naming the line for a broken one."""
    return [rec for _, rec in _gold_lines(path)]


def _gold_lines(path: str | Path) -> list[tuple[int, dict]]:
    """(line number, record) for every gold record: the line names a bad gold event in an error."""
    out = []
    try:
        fh = open(path, encoding="utf-8")  # noqa: SIM115 - closed by the with below
    except FileNotFoundError:
        raise InputError(str(path), "gold file not found") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read the gold file ({exc.strerror})") from None
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(str(path), f"broken JSON ({exc.msg})", n) from None
            if not isinstance(rec, dict):
                raise InputError(str(path), "a gold record must be a JSON object", n)
            for key in ("id", "date", "text"):
                if key not in rec:
                    raise InputError(str(path), f"gold record lacks {key!r}", n)
            if not isinstance(rec.get("gold"), list) and not rec.get("noevent"):
                raise InputError(
                    str(path), 'no "gold" list (or "noevent": true) in this record: is this a gold file?', n
                )
            out.append((n, rec))
    if not out:
        raise InputError(str(path), "empty gold file")
    return out


def evaluate(gold_path: str | Path, config: Config | None = None, **options: Any) -> Report | ArticleReport:
    """Run the coder over a gold file and score it (options as for ``tidings.code``).

    The format is read from the file: article-level gold (``REAL_NEWS_CODING.md``: events with ``root``)
    gives an ``ArticleReport``, the sentence formats (events with ``code``) a ``Report``. With
    ``min_confidence=`` the coder drops the events below it, as ``tidings code --min-confidence`` does.
    """
    base = Config.from_options(config, **options)
    lines = _gold_lines(gold_path)
    records = [rec for _, rec in lines]
    # a bad gold event is reported before the (long) coding run, not after it
    article_gold = (
        [[parse_gold_event(g, str(gold_path), n) for g in rec.get("gold") or []] for n, rec in lines]
        if is_article_gold(records)
        else None
    )
    results = _code_records(lines, str(gold_path), base)
    min_confidence = base.settings.min_confidence
    if article_gold is not None:
        return _score_articles(str(gold_path), records, article_gold, results, min_confidence)
    report = Report(name=str(gold_path), min_confidence=min_confidence)
    for rec in records:
        events = results[str(rec["id"])].events
        system = [
            (e.source.code if e.source else "", e.target.code if e.target else "", e.event_code, e.mode) for e in events
        ]
        gold_events = rec.get("gold") or []
        gold_kept = [
            (g.get("source") or "", g.get("target") or "", str(g.get("code") or ""))
            for g in gold_events
            if g.get("mode", "reported") != "negated"
        ]
        sys_kept = [(s, t, c) for s, t, c, m in system if m != "negated"]
        valid = rec.get("valid", True) is not False
        report.records += 1
        report.results.append(RecordResult(str(rec["id"]), rec["text"], valid, gold_kept, system))
        if not valid:
            report.invalid_root.compare(gold_kept, sys_kept, "root")
            continue
        report.root.compare(gold_kept, sys_kept, "root")
        report.full.compare(gold_kept, sys_kept, "full")
        report.country.compare(gold_kept, sys_kept, "country")
        roots = {c[:2] for _, _, c in gold_kept} | {c[:2] for _, _, c in sys_kept}
        for r in roots:
            report.per_root[r].compare(
                [g for g in gold_kept if g[2][:2] == r], [s for s in sys_kept if s[2][:2] == r], "root"
            )
        if rec.get("noevent"):
            report.noevent_records += 1
            report.noevent_false_alarms += bool(sys_kept)
        for g in gold_events:
            if g.get("mode") in ("negated", "hypothetical"):
                report.mode_checked += 1
                key = (g.get("source") or "", g.get("target") or "", str(g.get("code") or "")[:2])
                if any((s, t, c[:2]) == key and m == "reported" for s, t, c, m in system):
                    report.mode_violations += 1
    return report


def _code_records(lines: list[tuple[int, dict]], path: str, base: Config) -> dict[str, ArticleResult]:
    """Code every gold record as ``tidings code`` would (the coder sees only id, date, title and text), with
    the per-sentence trace the miss reasons are read from."""
    # Records coded under a setting of their own (PETRARCH's require_dyad="false") are coded so here too.
    groups: dict[Config, list[Article]] = defaultdict(list)
    for n, r in lines:
        settings = dataclasses.replace(base.settings, allow_missing_target=not _requires_dyad(r))
        visible = {k: r.get(k) for k in ("id", "date", "title", "text")}
        groups[dataclasses.replace(base, settings=settings)].append(article_from_record(visible, source=path, line=n))
    results: dict[str, ArticleResult] = {}
    for config, articles in groups.items():
        for res in shared_pipeline(config).run(articles, trace=True):
            results[res.article.id] = res
    return results


def _score_articles(
    name: str,
    records: list[dict],
    golds: list[list[GoldEvent]],
    results: dict[str, ArticleResult],
    min_confidence: float,
) -> ArticleReport:
    """Score article-level gold by the reference scorer's rules, and give every miss its reason."""
    report = ArticleReport(name=name, min_confidence=min_confidence)
    scored: list[tuple[list[GoldEvent], list[Event]]] = []
    for rec, gold in zip(records, golds, strict=True):
        article_id = str(rec["id"])
        result = results[article_id]
        events = result.events
        match = match_article(gold, events)
        report.articles += 1
        report.forbidden += match.forbidden
        report.forbidden_emitted += [(article_id, g, e) for g, e in match.forbidden_emitted]
        if match.unmatched:
            report.false_alarms[article_id] = match.unmatched
        statuses = _sentence_statuses(result)
        for g, e in match.pairs:
            if e is None:
                report.triples.fn += 1
                evidence = evidence_sentences(g.sentence, result.article.text, result.sentences)
                reason, detail = miss_reason(g, events, statuses, evidence)
                report.misses.append(Miss(article_id, g, reason, evidence, detail))
                continue
            report.triples.tp += 1
            right = date_fits(g, e)
            if right is not None:
                report.dates_checked += 1
                report.dates_right += right
                if not right:
                    report.wrong_dates.append((article_id, g, e))
        report.triples.fp += len(match.unmatched)
        scored.append((gold, events))
    report.by_confidence = scores_by_confidence(scored, min_confidence)
    return report


#: Thresholds at which ``tidings eval`` shows what ``--min-confidence`` would give, when events carry less than 1.
CONFIDENCE_STEPS = (0.5, 0.7, 0.9)


def scores_by_confidence(
    scored: list[tuple[list[GoldEvent], list[Event]]], min_confidence: float
) -> list[tuple[float, Score]]:
    """Triple scores had the events below each threshold been dropped: one run shows the whole trade-off."""
    if all(e.confidence >= 1.0 for _, events in scored for e in events):
        return []
    out = []
    for step in (t for t in CONFIDENCE_STEPS if t > min_confidence):
        score = Score()
        for gold, events in scored:
            match = match_article(gold, [e for e in events if e.confidence >= step])
            found = sum(e is not None for _, e in match.pairs)
            score.tp += found
            score.fn += len(match.pairs) - found
            score.fp += len(match.unmatched)
        out.append((step, score))
    return out


def _sentence_statuses(result: ArticleResult) -> list[SentenceStatus]:
    """Per sentence: the pre-filter's decision and the trigger traces of the coder."""
    return [
        SentenceStatus(t.sentence, t.decision.parse, tuple(t.triggers), None if t.decision.parse else t.decision.reason)
        for t in result.traces
    ]


def format_report(report: Report | ArticleReport, errors: bool = False) -> str:
    """The text ``tidings eval`` prints."""
    if isinstance(report, ArticleReport):
        return format_article_report(report, errors)

    def line(name: str, s: Score) -> str:
        return f"{name:<28} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}   (tp {s.tp}, fp {s.fp}, fn {s.fn})"

    out = [f"gold: {report.name} — {report.records} records{_confidence_note(report.min_confidence)}"]
    out.append(line("triples, root code", report.root))
    out.append(line("triples, full code", report.full))
    out.append(line("triples, country+root", report.country))
    if report.invalid_root.tp + report.invalid_root.fn + report.invalid_root.fp:
        out.append(line("valid=false records (root)", report.invalid_root))
    out.append(f"no-event records: {report.noevent_records}, with a false alarm: {report.noevent_false_alarms}")
    out.append(
        f"negated/hypothetical gold events emitted as 'reported': {report.mode_violations} of {report.mode_checked}"
    )
    out.append("per root category:")
    for r in sorted(report.per_root):
        out.append("  " + line(r, report.per_root[r]))
    if errors:
        out.append("")
        out.append("errors (- missed gold, + false alarm):")
        for res in report.results:
            system = [(s, t, c) for s, t, c, m in res.system if m != "negated"]
            _, fp, fn = _match(res.gold, system, "root")
            if not fp and not fn:
                continue
            out.append(f"[{res.id}]{'' if res.valid else ' (valid=false)'} {res.text}")
            s_root, g_root = _loose_keys(system), _loose_keys(res.gold)
            for (s, t, c), n in Counter(res.gold).items():
                if _key(s, t, c, "root") not in s_root:
                    out.append(f"   - {s} → {t} {c}" + (f" ×{n}" if n > 1 else ""))
            for s, t, c, m in res.system:
                if _key(s, t, c, "root") not in g_root:
                    out.append(f"   + {s} → {t} {c} ({m})")
    return "\n".join(out)


def _confidence_note(min_confidence: float) -> str:
    return f" (events with confidence ≥ {min_confidence:g})" if min_confidence > 0 else ""


def _event_text(e: Event) -> str:
    s = e.source.code if e.source and e.source.code else (f"'{e.source.name}'" if e.source else "-")
    t = e.target.code if e.target and e.target.code else (f"'{e.target.name}'" if e.target else "-")
    return f"{s} → {t} {e.event_code} ({e.mode}, sentence {e.sentence_index}, '{e.trigger}')"


def format_article_report(report: ArticleReport, errors: bool = False) -> str:
    """The text ``tidings eval`` prints for article-level gold: figures, then misses by reason, largest first."""
    s = report.triples
    gold_n = s.tp + s.fn
    out = [
        f"gold: {report.name} — {report.articles} articles, {gold_n} gold events, {report.forbidden} forbidden"
        + _confidence_note(report.min_confidence),
        f"triples (root, source, target)  P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}"
        f"   (tp {s.tp}, fp {s.fp}, fn {s.fn})",
    ]
    acc = report.date_accuracy
    out.append(
        f"event dates right: {acc:.3f} ({report.dates_right} of {report.dates_checked} matched events with a gold date)"
        if acc is not None
        else "event dates right: - (no matched event has a gold date)"
    )
    out.append(f"forbidden events emitted as facts: {len(report.forbidden_emitted)} of {report.forbidden}")
    for step, c in report.by_confidence:
        out.append(
            f"  with --min-confidence {step:g}: P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}"
            f"   (tp {c.tp}, fp {c.fp}, fn {c.fn})"
        )
    out.append(f"misses by reason ({s.fn}):")
    for reason, n in report.reason_counts():
        out.append(f"  {n:>5}  {n / s.fn:6.1%}  {reason}")
    if not errors:
        return "\n".join(out)
    out += ["", "misses (gold events no factual event matched), by reason:"]
    for reason, _ in report.reason_counts():
        out.append(f"[{reason}]")
        for m in (m for m in report.misses if m.reason == reason):
            where = ",".join(str(i) for i in m.sentence_indexes) or "?"
            out.append(f"  {m.article_id} s{where}: {m.gold.describe()} ({m.gold.mode}) — {m.detail}")
            out.append(f"      {m.gold.sentence}")
    out += ["", "forbidden events emitted as facts:"]
    out += [f"  {a}: {g.describe()} — {_event_text(e)}" for a, g, e in report.forbidden_emitted] or ["  none"]
    out += ["", "matched events with a wrong date:"]
    out += [
        f"  {a}: {g.describe()} gold {'..'.join(g.date)}, coded {e.event_date} — {_event_text(e)}"
        for a, g, e in report.wrong_dates
    ] or ["  none"]
    out += ["", "false alarms (factual events no gold event took):"]
    for article_id, events in report.false_alarms.items():
        out += [f"  {article_id}: {_event_text(e)}" for e in events]
    if not report.false_alarms:
        out.append("  none")
    return "\n".join(out)
