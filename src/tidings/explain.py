"""``tidings explain``: why an event was or was not coded from a sentence.

"Why did nothing come out?" is the most common question users of event coders ask. This shows, for a
piece of text: the sentences and whether the pre-filter kept them, the dependency parse, the actors found
(dictionary matches and the composite codes), every trigger word with the patterns tried and the outcome,
the events, and the time expressions.
"""

from __future__ import annotations

import datetime as dt

from tidings.actors.coder import ArticleContext, SentenceActors, find_in_tokens
from tidings.model import Article
from tidings.nlp import DEFAULT_MODEL, split_sentences
from tidings.pipeline import Config, Pipeline


def explain(
    text: str,
    date: str | dt.date | None = None,
    model: str = DEFAULT_MODEL,
    dictionaries: tuple[str, ...] = (),
    user_roles_only: bool = False,
) -> str:
    """A plain-text report of how tidings reads ``text`` dated ``date`` (default: today)."""
    from tidings.time import resolve_dates

    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    article = Article(id="explain", date=date or dt.date.today(), text=text)
    pipe = Pipeline(Config(model=model, dictionaries=dictionaries, user_roles_only=user_roles_only))
    out: list[str] = [f"article date: {article.date.isoformat()}"]

    doc0, sentences = split_sentences(article, model)
    context = ArticleContext(article.date)
    for s in sentences:
        span = doc0.char_span(s.start, s.end, alignment_mode="expand")
        tokens = list(span) if span is not None else []
        found = find_in_tokens(pipe.lexicon, tokens, article.date)
        triggers = [t.text for t in tokens if t.lower_ in pipe.trigger_words]
        keep = pipe.is_candidate(tokens, found, bool(context.history))
        out.append("")
        out.append(f"sentence {s.index} [{s.start}:{s.end}]: {s.text}")
        discard = pipe.discard_reason(tokens)
        out.append(
            f"  pre-filter: {'parse' if keep else 'skip'} (trigger words: {', '.join(triggers) or 'none'}; "
            f"dictionary matches: {len(found)}{'; discarded: ' + discard if discard else ''})"
        )
        doc = pipe.nlp(s.text)
        out.append("  parse:")
        for t in doc:
            out.append(
                f"    {t.i:>3} {t.text:<16} {t.lemma_:<14} {t.pos_:<6} {t.dep_:<10} → {t.head.i:<3} {t.ent_type_}"
            )
        actors = SentenceActors(doc, s.start, pipe.lexicon, context, pipe.gazetteer)
        out.append("  dictionary matches:")
        for f in actors.found:
            words = " ".join(doc[i].text for i in range(f.start, f.end))
            kind = "agent" if f.is_agent else ("person" if f.entry.person else "actor")
            out.append(f"    '{words}' → {f.code} ({kind}: {f.entry.name}; {f.entry.source})")
        if not actors.found:
            out.append("    none")
        out.append("  actors:")
        for a in actors.all_actors():
            out.append(f"    '{a.name}' → {a.code} (country {a.country}, type {a.type}, {a.kind})")
        traces: list = []
        coded = pipe.coder.code_sentence(doc, s, actors, traces)
        out.append("  triggers:")
        for tr in traces:
            out.append(f"    '{tr.trigger}' (token {tr.token_index}): {tr.patterns_tried} pattern(s) for this word")
            out.append(f"      chosen: {tr.chosen or '-'}")
            out.append(f"      outcome: {tr.outcome}")
        if not traces:
            out.append("    no word in the sentence has an event pattern")
        out.append("  events:")
        for ce in coded:
            e = ce.event
            out.append(
                f"    {e.source.code if e.source else '-'} → {e.target.code if e.target else '-'} "
                f"{e.event_code} mode={e.mode} trigger='{e.trigger}'  [{'; '.join(e.notes)}]"
            )
        if not coded:
            out.append("    none")
        context.add(actors.all_actors())
    exprs = resolve_dates(text, article.date, article.id)
    out.append("")
    out.append("time expressions:")
    for x in exprs:
        out.append(f"  '{x.text}' [{x.start_char}:{x.end_char}] → {x.value} ({x.precision}, {x.start}..{x.end})")
    if not exprs:
        out.append("  none")
    return "\n".join(out)
