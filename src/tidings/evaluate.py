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
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.config import Config
from tidings.errors import InputError
from tidings.model import Article
from tidings.ontology import symmetric_codes
from tidings.pipeline import shared_pipeline


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
            for key in ("id", "date", "text"):
                if key not in rec:
                    raise InputError(str(path), f"gold record lacks {key!r}", n)
            if not isinstance(rec.get("gold"), list) and not rec.get("noevent"):
                raise InputError(
                    str(path), 'no "gold" list (or "noevent": true) in this record: is this a gold file?', n
                )
            out.append(rec)
    if not out:
        raise InputError(str(path), "empty gold file")
    return out


def evaluate(gold_path: str | Path, config: Config | None = None, **options: Any) -> Report:
    """Run the coder over a gold file and score it (options as for ``tidings.code``)."""
    import dataclasses
    import datetime as dt

    base = Config.from_options(config, **options)
    records = read_gold(gold_path)
    # Records coded under a setting of their own (PETRARCH's require_dyad="false") are coded so here too.
    groups: dict[Config, list[dict]] = defaultdict(list)
    for r in records:
        settings = dataclasses.replace(base.settings, allow_missing_target=not _requires_dyad(r))
        groups[dataclasses.replace(base, settings=settings)].append(r)
    by_id = {}
    for config_for_group, group in groups.items():
        articles = [
            Article(id=str(r["id"]), date=dt.date.fromisoformat(str(r["date"])[:10]), text=r["text"]) for r in group
        ]
        for res in shared_pipeline(config_for_group).run(articles):
            by_id[res.article.id] = res.events
    report = Report(name=str(gold_path))
    for rec in records:
        events = by_id.get(str(rec["id"]), [])
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


def format_report(report: Report, errors: bool = False) -> str:
    """The text ``tidings eval`` prints."""

    def line(name: str, s: Score) -> str:
        return f"{name:<28} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}   (tp {s.tp}, fp {s.fp}, fn {s.fn})"

    out = [f"gold: {report.name} — {report.records} records"]
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
