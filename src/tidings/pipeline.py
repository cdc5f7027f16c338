"""The whole flow for an article: the one place the stages are wired together.

    article → sentences (tokenizer + sentencizer) → dictionary matches and pre-filter decision
            → parse only the candidate sentences (``nlp.pipe``) → actors → events (patterns, modality)
            → event date (time), place (geo), venue recoding → ``Event`` records

Every front door — ``tidings.code``, ``run_code`` and its workers, the store, ``evaluate``, ``explain``, the
tests and the benchmarks — calls ``Pipeline.run`` or ``Pipeline.code_article``, so a result never depends on
which door was used. ``run`` only batches the parsing of several articles into one ``nlp.pipe`` call; the
per-article steps before and after the parse are the same functions. With ``trace=True`` each sentence
records what every stage decided, which is all ``tidings explain`` prints.
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from tidings import cache
from tidings.actors.coder import ArticleContext, Found, SentenceActors, compose, find_in_tokens
from tidings.actors.lexicon import Lexicon
from tidings.config import DEFAULT_MODEL, CoderSettings, Config
from tidings.events.coder import EventCoder
from tidings.events.modality import apply_genre_mode
from tidings.events.patterns import PatternBook
from tidings.events.records import Trace
from tidings.genre import with_genre
from tidings.model import Actor, Article, Event, Sentence
from tidings.nlp import load_model, parse_sentences, split_sentences
from tidings.prefilter import Decision, Prefilter

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from tidings.geo import Gazetteer

__all__ = ["DEFAULT_MODEL", "ArticleResult", "CoderSettings", "Config", "Pipeline", "SentenceTrace", "code"]


@dataclass
class SentenceTrace:
    """What every stage decided for one sentence (``Pipeline.code_article(..., trace=True)``)."""

    sentence: Sentence
    decision: Decision
    #: Dictionary matches: (words, code, kind, dictionary entry name, source file).
    matches: list[tuple[str, str | None, str, str, str]] = field(default_factory=list)
    #: The parsed sentence, or None when the pre-filter skipped it.
    doc: Doc | None = None
    actors: list[Actor] = field(default_factory=list)
    triggers: list[Trace] = field(default_factory=list)
    #: The final events of the sentence, after date, place and venue (the same objects ``code`` returns).
    events: list[Event] = field(default_factory=list)


@dataclass
class ArticleResult:
    """The coded output of one article, with what the store needs besides the events."""

    article: Article
    sentences: list[Sentence]
    events: list[Event]
    parsed_sentences: int = 0
    #: One entry per sentence when coded with ``trace=True``.
    traces: list[SentenceTrace] = field(default_factory=list)


@dataclass
class Resources:
    """The compiled dictionaries and patterns a configuration codes with (cached by file content)."""

    lexicon: Lexicon
    discards: Lexicon
    book: PatternBook


def resource_key(config: Config) -> tuple[Any, ...]:
    """What the compiled resources depend on: the model's tokenizer, every input file by content stamp."""
    return (
        "resources",
        config.model,
        cache.tree_stamps(config.dictionaries),
        config.user_roles_only,
        cache.tree_stamps(config.patterns),
        cache.package_stamp(),
    )


def load_resources(config: Config) -> Resources:
    """Lexicon, discards and pattern book for ``config``: from memory, else from disk, else compiled."""
    key = resource_key(config)

    def compile_all() -> Resources:
        from tidings.actors.build import build_discards, build_lexicon
        from tidings.events.patterns import load_pattern_book

        tokenizer = load_model(config.model).tokenizer
        return Resources(
            lexicon=build_lexicon(tokenizer, config.dictionaries, config.user_roles_only),
            discards=build_discards(tokenizer),
            book=load_pattern_book(config.patterns, config.dictionaries),
        )

    if config.dictionaries or config.patterns:
        # A user's files are compiled once per process (on top of the cached base phrases), not pickled: they
        # change often while being written, and every version would leave a file in the cache.
        return cache.memoized(key, compile_all)
    return cache.memoized(key, lambda: cache.disk_cached("resources", key, compile_all))


class Pipeline:
    """A configured coder. Build one per process and feed it articles; it is not thread-safe.

    Collaborators can be injected (a test's own lexicon, pattern book or gazetteer); by default they are
    compiled from ``config`` and cached by the content of the files they come from.
    """

    def __init__(
        self,
        config: Config | None = None,
        *,
        resources: Resources | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.config = config or Config()
        self.nlp = load_model(self.config.model)
        res = resources or load_resources(self.config)
        self.lexicon = res.lexicon
        self.book = res.book
        self.coder = EventCoder(self.book, self.config.settings)
        self.prefilter = Prefilter(self.book.trigger_words(), res.discards, enabled=self.config.prefilter)
        self._gazetteer = gazetteer
        self._places: tuple[Article | None, list] = (None, [])  # the last article with events, its places
        #: Seconds spent per stage, summed over the pipeline's life (benchmarks/throughput.py prints them).
        self.timings: dict[str, float] = dict.fromkeys(
            ("split", "prefilter", "parse", "genre", "actors", "events", "when_where", "places"), 0.0
        )

    @property
    def gazetteer(self) -> Gazetteer:
        """The place index, built on first use (a text with no place never pays for it)."""
        if self._gazetteer is None:
            from tidings.geo import Gazetteer

            self._gazetteer = Gazetteer()
        return self._gazetteer

    # -- the flow -----------------------------------------------------------------------------------
    def code_article(self, article: Article, trace: bool = False) -> ArticleResult:
        """Code one article: the per-article step every front door shares."""
        return next(self._run_batch([article], trace))

    def run(self, articles: Iterable[Article], trace: bool = False) -> Iterator[ArticleResult]:
        """Code articles in batches so that parsing can use ``nlp.pipe`` efficiently; results in input order."""
        it = iter(articles)
        while True:
            batch = list(itertools.islice(it, self.config.batch_articles))
            if not batch:
                return
            yield from self._run_batch(batch, trace)

    def _run_batch(self, batch: list[Article], trace: bool) -> Iterator[ArticleResult]:
        plans = [self._plan(article) for article in batch]
        texts = [step.sentence.text for plan in plans for step in plan.steps if step.decision.parse]
        t0 = time.perf_counter()
        docs = iter(list(parse_sentences(texts, self.config.model)) if texts else [])
        self.timings["parse"] += time.perf_counter() - t0
        for plan in plans:
            for step in plan.steps:
                if step.decision.parse:
                    step.doc = next(docs)
            yield self._finish(plan, trace)

    def _plan(self, article: Article) -> _Plan:
        """Split into sentences, find dictionary actors, decide which sentences to parse (tokens only)."""
        clock = time.perf_counter
        t0 = clock()
        doc0, sentences = split_sentences(article, self.config.model)
        t1 = clock()
        self.timings["split"] += t1 - t0
        steps: list[_Step] = []
        seen_actor = False
        for s in sentences:
            span = doc0.char_span(s.start, s.end, alignment_mode="expand")
            tokens = list(span) if span is not None else []
            found = find_in_tokens(self.lexicon, tokens, article.date)
            decision = self.prefilter.decide([t.lower_ for t in tokens], len(found), seen_actor)
            seen_actor = seen_actor or bool(found)
            steps.append(_Step(s, tokens, found, decision))
        self.timings["prefilter"] += clock() - t1
        return _Plan(article, sentences, steps)

    def _finish(self, plan: _Plan, trace: bool) -> ArticleResult:
        """Actors, events, dates, places and venue for the planned (and parsed) sentences of one article."""
        from tidings.time import resolve_dates

        clock = time.perf_counter
        t0 = clock()
        article = with_genre(plan.article)
        self.timings["genre"] += clock() - t0
        t0 = clock()
        context = ArticleContext(article.date)
        context.cast = [a for step in plan.steps for a in _unparsed_actors(step.found, step.tokens)]
        result = ArticleResult(article, plan.sentences, [])
        expressions = resolve_dates(article.text, article.date, article.id)
        self.timings["when_where"] += clock() - t0
        for step in plan.steps:
            s = step.sentence
            record = SentenceTrace(s, step.decision) if trace else None
            if record is not None:
                result.traces.append(record)
                record.matches = [_describe_match(f, step.tokens) for f in step.found]
            if step.doc is None:
                t0 = clock()
                context.add(_unparsed_actors(step.found, step.tokens))
                self.timings["actors"] += clock() - t0
                continue
            doc = step.doc
            result.parsed_sentences += 1
            t0 = clock()
            actors = SentenceActors(doc, s.start, self.lexicon, context, self.gazetteer)
            all_actors = actors.all_actors()
            t1 = clock()
            self.timings["actors"] += t1 - t0
            triggers: list[Trace] | None = [] if trace else None
            coded = self.coder.code_sentence(doc, s, actors, triggers)
            t2 = clock()
            self.timings["events"] += t2 - t1
            countries = context.countries() | {a.country for a in all_actors if a.country}
            events = [self._place_and_date(ce, s, article, expressions, countries) for ce in coded]
            events = [e for e in events if e.confidence >= self.config.settings.min_confidence]
            result.events.extend(events)
            if record is not None:
                record.doc, record.actors, record.triggers, record.events = doc, all_actors, triggers or [], events
            context.add(all_actors)
            self.timings["when_where"] += clock() - t2
        return result

    def _place_and_date(self, ce, s: Sentence, article: Article, expressions, countries: set[str]) -> Event:
        from tidings.events.venue import code_meeting_by_venue
        from tidings.time import clause_span, date_context, event_date

        ev = ce.event
        c0, c1 = clause_span(ce.trigger)
        ev.event_date, ev.event_date_end, ev.date_precision = event_date(
            expressions,
            (s.start + c0, s.start + c1),
            (s.start, s.end),
            article.date,
            date_context(ce.trigger, ev.mode),
            trigger_char=ev.evidence.trigger_start,
        )
        ev.location = self._locate(ce.trigger, countries, s.start, article)
        code_meeting_by_venue(ev)
        apply_genre_mode(ev, article.genre)
        return ev

    def _locate(self, trigger, countries: set[str], offset: int, article: Article):
        from tidings.geo import locate_event
        from tidings.places import find_places

        # The article's place mentions, found once for all its events (and only for articles with events).
        if self._places[0] is not article:
            t0 = time.perf_counter()
            self._places = (article, find_places(article.text, article.date, article.id))
            spent = time.perf_counter() - t0  # its own stage: taken out of "when_where", which encloses it
            self.timings["places"] += spent
            self.timings["when_where"] -= spent
        loc = locate_event(trigger, countries, self.gazetteer, places=self._places[1], offset=offset)
        if loc is None:
            return None
        if loc.start_char is not None:
            loc = replace(loc, start_char=loc.start_char + offset, end_char=(loc.end_char or loc.start_char) + offset)
        return loc


@dataclass
class _Step:
    sentence: Sentence
    tokens: list
    found: list[Found]
    decision: Decision
    doc: Doc | None = None


@dataclass
class _Plan:
    article: Article
    sentences: list[Sentence]
    steps: list[_Step]


def _describe_match(f: Found, tokens: list) -> tuple[str, str | None, str, str, str]:
    words = " ".join(t.text for t in tokens[f.start : f.end])
    kind = "agent" if f.is_agent else ("person" if f.entry.person else "actor")
    return (words, f.code, kind, f.entry.name, f.entry.source)


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


def shared_pipeline(config: Config) -> Pipeline:
    """One pipeline per configuration and file contents per process: notebook users call ``code`` many times,
    and an edited dictionary between two calls gives a new pipeline, never the old one."""
    return cache.memoized(("pipeline", config, resource_key(config)), lambda: Pipeline(config))


def freeze_long_lived() -> None:
    """Move everything loaded so far out of the garbage collector's reach (CLI and worker processes only).

    No collection first: freshly loaded resources hold no garbage worth the 0.3 s a full collection costs.

    The lexicon, pattern book and model hold millions of long-lived objects; without this every full
    collection walks them all, which costs a third of the event-coding time. It changes the whole process,
    so the library never calls it on a caller's behalf.
    """
    gc.freeze()


def code(
    articles: Iterable[Article] | Iterable[dict] | str,
    config: Config | None = None,
    **options: Any,
) -> Iterator[Event]:
    """Code articles into events: the library face of ``tidings code``.

    ``articles`` may be ``Article`` objects, dicts with ``id``, ``date``, ``text`` (as in the JSONL input), or a
    path readable by ``tidings.ingest.read_articles``. Options are those of ``Config`` and ``CoderSettings``
    (``model=``, ``dictionaries=``, ``patterns=``, ``paired_events=``, ``facts_only=``, ``min_confidence=``, ...).
    """
    from tidings.ingest import read_articles

    config = Config.from_options(config, **options)
    source = read_articles(articles)
    for result in shared_pipeline(config).run(source):
        yield from result.events


def code_text(
    text: str, date: dt.date | str | None = None, config: Config | None = None, **options: Any
) -> list[Event]:
    """Code one piece of text (a sentence or a story) dated ``date`` (default: today)."""
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    article = Article(id="text", date=date or dt.date.today(), text=text)
    return list(code([article], config, **options))
