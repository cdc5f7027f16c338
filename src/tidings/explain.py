"""``tidings explain``: why an event was or was not coded, read off the run that ``tidings code`` does.

"Why did nothing come out?" is the most common question users of event coders ask. The answer must describe
the real run, so this module codes nothing itself: it calls ``Pipeline.code_article(article, trace=True)``
— the same step ``code``, ``eval`` and the store use — and formats its trace: per sentence the pre-filter
decision and its reason, the dependency parse, the dictionary matches, the actors, every trigger word with
the patterns tried and the outcome, and the final events after date, place and venue; then the article's
time expressions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tidings.config import Config
from tidings.model import Article, Event
from tidings.pipeline import ArticleResult, SentenceTrace, shared_pipeline


@dataclass
class Explanation:
    """The traced result of coding one text, and its plain-text report."""

    result: ArticleResult

    @property
    def events(self) -> list[Event]:
        """Exactly the events ``tidings.code`` returns for the same article and configuration."""
        return self.result.events

    def text(self) -> str:
        return format_explanation(self.result)


def explain_article(article: Article, config: Config | None = None, **options: Any) -> Explanation:
    """Code ``article`` with a trace (options as for ``tidings.code``)."""
    config = Config.from_options(config, **options)
    return Explanation(shared_pipeline(config).code_article(article, trace=True))


def explain(text: str, date: str | dt.date | None = None, config: Config | None = None, **options: Any) -> str:
    """A plain-text report of how tidings codes ``text`` dated ``date`` (default: today)."""
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    article = Article(id="explain", date=date or dt.date.today(), text=text)
    return explain_article(article, config, **options).text()


def format_event(e: Event) -> str:
    """One event on one line: actors, code, mode, confidence, date, place, and the rules that chose them."""
    place = e.location.name if e.location else "-"
    date = e.event_date.isoformat() if e.event_date else "-"
    rules = f"source by {e.source_rule or '-'}, target by {e.target_rule or '-'}"
    return (
        f"{e.source.code if e.source else '-'} → {e.target.code if e.target else '-'} {e.event_code} "
        f"mode={e.mode} confidence={e.confidence:.2f} date={date} ({e.date_precision}) place={place} "
        f"trigger='{e.trigger}' [{rules}; {'; '.join(e.notes)}]"
    )


def format_explanation(result: ArticleResult) -> str:
    out: list[str] = [f"article date: {result.article.date.isoformat()}", _genre_line(result.article)]
    for trace in result.traces:
        out.append("")
        out.extend(_sentence_lines(trace))
    from tidings.time import resolve_dates

    exprs = resolve_dates(result.article.text, result.article.date, result.article.id)
    out.append("")
    out.append("time expressions:")
    for x in exprs:
        days = f", {x.precision}, {x.start}..{x.end}" if x.start is not None else ""
        out.append(f"  '{x.text}' [{x.start_char}:{x.end_char}] → {x.type} {x.value}{days}")
    if not exprs:
        out.append("  none")
    return "\n".join(out)


def _genre_line(article: Article) -> str:
    """The article's genre and the cues behind it: the genre changes what an event's mode means."""
    from tidings.genre import classify_genre

    decision = classify_genre(article.text, article.title)
    if decision.genre != article.genre:
        return f"genre: {article.genre} (given with the article)"
    return f"genre: {decision.describe()}"


def _sentence_lines(trace: SentenceTrace) -> list[str]:
    s, d = trace.sentence, trace.decision
    out = [f"sentence {s.index} [{s.start}:{s.end}]: {s.text}"]
    out.append(
        f"  pre-filter: {'parse' if d.parse else 'skip'} — {d.reason} "
        f"(trigger words: {', '.join(d.triggers) or 'none'})"
    )
    out.append("  dictionary matches:")
    for words, code, kind, name, source in trace.matches:
        out.append(f"    '{words}' → {code} ({kind}: {name}; {source})")
    if not trace.matches:
        out.append("    none")
    if trace.doc is None:
        return out
    out.append("  parse:")
    for t in trace.doc:
        out.append(f"    {t.i:>3} {t.text:<16} {t.lemma_:<14} {t.pos_:<6} {t.dep_:<10} → {t.head.i:<3} {t.ent_type_}")
    actors = [f"'{a.name}' → {a.code} (country {a.country}, type {a.type}, {a.kind})" for a in trace.actors]
    out += _section("actors", actors)
    triggers = [
        f"'{tr.trigger}' (token {tr.token_index}): {tr.patterns_tried} pattern(s) for this word\n"
        f"      chosen: {tr.chosen or '-'}\n      outcome: {tr.outcome}"
        for tr in trace.triggers
    ]
    out += _section("triggers", triggers, empty="no word in the sentence has an event pattern")
    out += _section("events", [format_event(e) for e in trace.events])
    return out


def _section(title: str, lines: list[str], empty: str = "none") -> list[str]:
    return [f"  {title}:", *(f"    {line}" for line in lines or [empty])]
