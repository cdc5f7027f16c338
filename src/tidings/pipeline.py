"""The whole flow for a batch of articles: the one place the stages are wired together.

    article → sentences (tokenizer + sentencizer) → dictionary matches and trigger words (pre-filter)
            → parse only the candidate sentences (``nlp.pipe``) → actors → events (patterns, modality)
            → event date (time) and place (geo) → ``Event`` records

The CLI, the library API (``tidings.code``), the store and the distributed runner all call this module,
so a result never depends on which front door was used.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import itertools
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from tidings.actors.build import cached_discards, cached_lexicon
from tidings.actors.coder import ArticleContext, Found, SentenceActors, compose, find_in_tokens
from tidings.events.coder import CoderSettings, EventCoder, Trace
from tidings.events.patterns import cached_pattern_book
from tidings.model import Actor, Article, Event, Sentence
from tidings.nlp import DEFAULT_MODEL, load_model, parse_sentences, split_sentences

_SCORE = re.compile(r"^\d{1,2}[-–]\d{1,2}$")
_GAME_VERBS = {
    "beat",
    "beats",
    "defeated",
    "defeat",
    "drew",
    "draw",
    "won",
    "win",
    "lost",
    "thrashed",
    "edged",
}
_PRONOUNS = {"he", "she", "they", "it", "its", "his", "her", "their", "them", "him"}
#: Verbs whose patterns all need a complement that is an event word itself ("held talks", "made a visit",
#: "was at war"): they alone do not make a sentence worth parsing.
_WEAK_TRIGGERS = {
    "be",
    "is",
    "are",
    "was",
    "were",
    "been",
    "being",
    "am",
    "'s",
    "have",
    "has",
    "had",
    "having",
    "do",
    "does",
    "did",
    "make",
    "makes",
    "made",
    "making",
    "take",
    "takes",
    "took",
    "taken",
    "taking",
    "get",
    "gets",
    "got",
    "go",
    "goes",
    "went",
    "come",
    "came",
    "see",
    "saw",
    "seen",
    "use",
    "used",
    "using",
    "find",
    "found",
    "say",
    "says",
    "said",
    "according",
    "place",
    "study",
}


@dataclass(frozen=True)
class Config:
    """Everything that decides what the coder outputs, by value (no global state, no INI files)."""

    model: str = DEFAULT_MODEL
    dictionaries: tuple[str, ...] = ()
    #: A user's agents file replaces the packaged roles instead of adding to them.
    user_roles_only: bool = False
    patterns: tuple[str, ...] = ()
    prefilter: bool = True
    batch_articles: int = 32
    settings: CoderSettings = field(default_factory=CoderSettings)


@dataclass
class ArticleResult:
    """The coded output of one article, with what the store needs besides the events."""

    article: Article
    sentences: list[Sentence]
    events: list[Event]
    parsed_sentences: int = 0
    traces: list[tuple[int, Trace]] = field(default_factory=list)


class Pipeline:
    """A configured coder. Build one per process and feed it articles; it is not thread-safe."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.nlp = load_model(self.config.model)
        # Every --dictionaries path goes to both: the lexicon takes its actors and agents, the pattern book
        # its verbs (a folder may hold all kinds).
        self.lexicon = cached_lexicon(self.config.model, self.config.dictionaries, self.config.user_roles_only)
        self.discards = cached_discards(self.config.model)
        self.book = cached_pattern_book(self.config.patterns, self.config.dictionaries)
        self.coder = EventCoder(self.book, self.config.settings)
        self.trigger_words = frozenset(self.book.trigger_words() - _WEAK_TRIGGERS)
        self._gazetteer = None
        # The lexicon, pattern book and model hold millions of long-lived objects; without this, every
        # full garbage collection walks them all, which cost a third of the event-coding time.
        _ = self.gazetteer  # build the place index now, before freezing
        gc.collect()
        gc.freeze()
        #: Seconds spent per stage, summed over the pipeline's life (benchmarks/throughput.py prints them).
        self.timings: dict[str, float] = dict.fromkeys(
            ("split", "prefilter", "parse", "actors", "events", "when_where"), 0.0
        )

    @property
    def gazetteer(self):
        if self._gazetteer is None:
            from tidings.geo import Gazetteer

            self._gazetteer = Gazetteer()
        return self._gazetteer

    # -- pre-filter ---------------------------------------------------------------------------------
    def is_candidate(self, tokens: list, found: list[Found], has_history: bool) -> bool:
        """Can this sentence hold an event? It needs a trigger word and an actor (or a pronoun to one)."""
        if self.discard_reason(tokens):
            return False
        if not self.config.prefilter:
            return True
        if not any(t.lower_ in self.trigger_words for t in tokens):
            return False
        if found:
            return True
        return has_history and any(t.lower_ in _PRONOUNS for t in tokens)

    def discard_reason(self, tokens: list) -> str | None:
        """Why a sentence is out of scope (sport, entertainment), or None: "beat England 1-0" is a game."""
        lowers = [t.lower_ for t in tokens]
        for m in self.discards.match(lowers):
            return m.entries[0].name
        if any(_SCORE.match(t) for t in lowers) and any(t in _GAME_VERBS for t in lowers):
            return "a game score"
        return None

    # -- the flow -----------------------------------------------------------------------------------
    def run(self, articles: Iterable[Article], explain: bool = False) -> Iterator[ArticleResult]:
        """Code articles in batches so that parsing can use ``nlp.pipe`` efficiently."""
        it = iter(articles)
        while True:
            batch = list(itertools.islice(it, self.config.batch_articles))
            if not batch:
                return
            yield from self._run_batch(batch, explain)

    def _run_batch(self, batch: list[Article], explain: bool) -> Iterator[ArticleResult]:
        prepared = []
        texts: list[str] = []
        clock = time.perf_counter
        for article in batch:
            t0 = clock()
            doc0, sentences = split_sentences(article, self.config.model)
            t1 = clock()
            self.timings["split"] += t1 - t0
            plan = []
            seen_actor = False
            for s in sentences:
                span = doc0.char_span(s.start, s.end, alignment_mode="expand")
                tokens = list(span) if span is not None else []
                found = find_in_tokens(self.lexicon, tokens, article.date)
                cand = self.is_candidate(tokens, found, seen_actor)
                seen_actor = seen_actor or bool(found)
                plan.append((s, tokens, found, len(texts) if cand else None))
                if cand:
                    texts.append(s.text)
            prepared.append((article, sentences, plan))
            self.timings["prefilter"] += clock() - t1
        t0 = clock()
        docs = list(parse_sentences(texts, self.config.model)) if texts else []
        self.timings["parse"] += clock() - t0
        for article, sentences, plan in prepared:
            yield self._code_article(article, sentences, plan, docs, explain)

    def _code_article(self, article, sentences, plan, docs, explain) -> ArticleResult:
        from tidings.events.venue import code_meeting_by_venue
        from tidings.time import clause_span, date_context, event_date, resolve_dates

        clock = time.perf_counter
        t0 = clock()
        context = ArticleContext(article.date)
        context.cast = [a for _, tokens, found, _ in plan for a in _unparsed_actors(found, tokens)]
        result = ArticleResult(article, sentences, [])
        expressions = resolve_dates(article.text, article.date, article.id)
        self.timings["when_where"] += clock() - t0
        for s, tokens, found, doc_index in plan:
            if doc_index is None:
                t0 = clock()
                context.add(_unparsed_actors(found, tokens))
                self.timings["actors"] += clock() - t0
                continue
            doc = docs[doc_index]
            result.parsed_sentences += 1
            t0 = clock()
            actors = SentenceActors(doc, s.start, self.lexicon, context, self.gazetteer)
            all_actors = actors.all_actors()
            t1 = clock()
            self.timings["actors"] += t1 - t0
            traces: list[Trace] | None = [] if explain else None
            coded = self.coder.code_sentence(doc, s, actors, traces)
            t2 = clock()
            self.timings["events"] += t2 - t1
            if traces:
                result.traces.extend((s.index, t) for t in traces)
            countries = context.countries() | {a.country for a in all_actors if a.country}
            for ce in coded:
                ev = ce.event
                c0, c1 = clause_span(ce.trigger)
                date, end, precision = event_date(
                    expressions,
                    (s.start + c0, s.start + c1),
                    (s.start, s.end),
                    article.date,
                    date_context(ce.trigger, ev.mode),
                    trigger_char=ev.evidence.trigger_start,
                )
                ev.event_date, ev.event_date_end, ev.date_precision = date, end, precision
                ev.location = self._locate(ce.trigger, countries, s.start)
                code_meeting_by_venue(ev)
                result.events.append(ev)
            context.add(all_actors)
            self.timings["when_where"] += clock() - t2
        return result

    def _locate(self, trigger, countries: set[str], offset: int):
        from tidings.geo import locate_event

        loc = locate_event(trigger, countries, self.gazetteer)
        if loc is None:
            return None
        if loc.start_char is not None:
            from dataclasses import replace

            loc = replace(loc, start_char=loc.start_char + offset, end_char=(loc.end_char or loc.start_char) + offset)
        return loc


def _unparsed_actors(found: list[Found], tokens: list) -> list[Actor]:
    """Actors of a sentence that was not parsed: adjacent matches combine ("Pakistani President")."""
    out: list[Actor] = []
    group: list[Found] = []
    for f in found:
        if group and f.start > group[-1].end + 1:
            a = compose(group, tokens, 0)
            if a:
                out.append(a)
            group = []
        group.append(f)
    if group:
        a = compose(group, tokens, 0)
        if a:
            out.append(a)
    return out


def code(
    articles: Iterable[Article] | Iterable[dict] | str,
    *,
    model: str = DEFAULT_MODEL,
    dictionaries: Iterable[str] = (),
    user_roles_only: bool = False,
    patterns: Iterable[str] = (),
    facts_only: bool = False,
    paired_events: bool = False,
    speech_events: bool = False,
    embedded_events: bool = False,
    prefilter: bool = True,
) -> Iterator[Event]:
    """Code articles into events: the library face of ``tidings code``.

    ``articles`` may be ``Article`` objects, dicts with ``id``, ``date``, ``text`` (as in the JSONL
    input), or a path readable by ``tidings.ingest.read_articles``.
    """
    from tidings.ingest import read_articles

    source = read_articles(articles)
    config = Config(
        model=model,
        dictionaries=tuple(str(d) for d in dictionaries),
        user_roles_only=user_roles_only,
        patterns=tuple(str(p) for p in patterns),
        prefilter=prefilter,
        settings=CoderSettings(
            paired_events=paired_events,
            speech_events=speech_events,
            facts_only=facts_only,
            embedded_events=embedded_events,
        ),
    )
    for result in _pipeline(config).run(source):
        yield from result.events


@functools.lru_cache(maxsize=4)
def _pipeline(config: Config) -> Pipeline:
    """One pipeline per configuration per process: notebook users call ``code`` many times."""
    return Pipeline(config)


def code_text(text: str, date: dt.date | str | None = None, **kwargs) -> list[Event]:
    """Code one piece of text (a sentence or a story) dated ``date`` (default: today)."""
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    article = Article(id="text", date=date or dt.date.today(), text=text)
    return list(code([article], **kwargs))
