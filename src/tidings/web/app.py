"""The dashboard's FastAPI application: routes, error answers and the read-only store they read.

``create_app(db)`` is the whole server; ``tidings serve`` only runs it under uvicorn. Each request opens
the store read-only and closes it when answered, so a coding run can take the store between requests
(a store held open by a writer makes the request wait briefly, then answer 503 with the reason). Pages are
server-rendered Jinja2 templates; htmx swaps the event table in place when a filter changes, and the
vendored vega-embed and Leaflet draw charts and the map from JSON the page carries or fetches. Every
script, style and map outline is served from ``static/``: the page never asks another host for anything
(the Content-Security-Policy header says so to the browser too).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tempfile
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException

from tidings.errors import StoreError, TidingsError
from tidings.model import Article
from tidings.store import Store
from tidings.web import charts, queries
from tidings.web.cache import ResultCache
from tidings.web.display import make_templates, query_string
from tidings.web.evidence import evidence_pieces
from tidings.web.filters import (
    FILTER_PARAMS,
    FORMATS,
    OVERVIEW_FREQS,
    EventFilter,
    ParamError,
    actor_code,
    check_names,
    parse_choice,
    parse_filter,
)

HERE = Path(__file__).resolve().parent
T = TypeVar("T")
#: How long a request waits for a store that a writer holds before answering 503.
BUSY_WAIT = 2.0
_EVENT_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")
_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
_PAGE_PARAMS = ("sort", "page", "per_page")


class StoreBusy(StoreError):
    """The store cannot be opened for reading right now (a writer holds it, or it went away)."""


@contextmanager
def open_store(path: Path, wait: float = BUSY_WAIT) -> Iterator[Store]:
    """The store opened read-only for one request, retried for ``wait`` seconds while a writer holds it."""
    deadline = time.monotonic() + wait
    while True:
        try:
            store = Store(path, read_only=True)
            break
        except StoreError as exc:
            if "in use" not in str(exc) or time.monotonic() >= deadline:
                raise StoreBusy(str(exc)) from None
            time.sleep(0.05)
    with store:
        yield store


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app(db: str | Path, busy_wait: float = BUSY_WAIT) -> FastAPI:
    """The dashboard over the store at ``db`` (opened read-only per request; it must exist)."""
    path = Path(db)
    with open_store(path, busy_wait):  # fail now, with the store's own message, not on the first request
        pass
    app = FastAPI(title="tidings", docs_url=None, redoc_url=None, openapi_url=None)
    templates = make_templates(HERE / "templates")
    cache = ResultCache(path)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def error(request: Request, status: int, message: str) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": message}, status_code=status)
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message, "db": path.name}, status_code=status
        )

    @app.exception_handler(ParamError)
    def bad_param(request: Request, exc: ParamError) -> Response:
        return error(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    def bad_request(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return error(request, 400, f"{where}: {first.get('msg', 'invalid request')}")

    @app.exception_handler(StoreBusy)
    def busy(request: Request, exc: StoreBusy) -> Response:
        response = error(request, 503, f"the store cannot be read right now: {exc}; try again shortly")
        response.headers["Retry-After"] = "2"
        return response

    @app.exception_handler(HTTPException)
    def http_error(request: Request, exc: HTTPException) -> Response:
        message = str(exc.detail) if exc.status_code != 404 else f"nothing at {request.url.path}"
        return error(request, exc.status_code, message)

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable) -> Response:
        start = time.perf_counter()
        response = await call_next(request)
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - start) * 1000:.1f}"
        response.headers["Content-Security-Policy"] = _CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def cached(question: Hashable, compute: Callable[[Store], T]) -> T:
        """``compute(store)`` once per store version; a known answer is given without opening the store."""

        def run() -> T:
            with open_store(path, busy_wait) as store:
                return compute(store)

        return cache.get(question, run)

    def page(request: Request, name: str, context: dict[str, Any]) -> Response:
        return templates.TemplateResponse(request, name, {"db": path.name, **context})

    @app.get("/", response_class=HTMLResponse)
    def overview(request: Request) -> Response:
        params = request.query_params
        check_names(params, ("freq",))
        parse_choice(params, "freq", OVERVIEW_FREQS, "week")  # checked before the store is opened

        def summary(store: Store, freq: str | None) -> dict[str, Any]:
            first, last = queries.date_span(store)
            freq = freq or queries.auto_freq(first, last)
            return {
                "counts": store.counts(), "first": first, "last": last, "freq": freq,
                "spec": charts.timeline_spec(queries.timeline(store, freq), freq),
                "actors": queries.top_actors(store), "dyads": queries.top_dyads(store),
            }  # fmt: skip

        freq = params.get("freq") or None
        return page(request, "overview.html", cached(("overview", freq), lambda store: summary(store, freq)))

    @app.get("/shifts/latest", response_class=HTMLResponse)
    def latest_shifts(request: Request) -> Response:
        """The overview's shift table: slow on a big store (a test per dyad), so fetched after the page."""
        check_names(request.query_params, ())
        rows = cached(("latest shifts",), lambda store: _latest_shifts(store, queries.date_span(store)[1]))
        return page(request, "_shifts.html", {"shifts": rows})

    @app.get("/events", response_model=None)
    def events(request: Request) -> Response:
        params = request.query_params
        f = parse_filter(params, extra=("format",))
        fmt = parse_choice(params, "format", FORMATS, "html")
        with open_store(path, busy_wait) as store:
            columns = queries.event_columns(store)
            if fmt != "html":
                return _download(store, f, columns, fmt)
            result = queries.list_events(store, f, columns)
        context = {"result": result, "f": f, "columns": columns, "base": "/events", "link": _linker(f)}
        if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
            return page(request, "_event_results.html", context)
        return page(request, "events.html", context)

    @app.get("/api/events")
    def api_events(request: Request) -> JSONResponse:
        f = parse_filter(request.query_params)
        with open_store(path, busy_wait) as store:
            result = queries.list_events(store, f, queries.event_columns(store))
        body = {"total": result.total, "page": f.page, "per_page": f.per_page, "pages": result.pages,
                "events": result.rows}  # fmt: skip
        return JSONResponse(jsonable_encoder(body))

    def event_and_mentions(request: Request, event_id: str, limit: int) -> tuple[dict[str, Any], list[dict]]:
        check_names(request.query_params, ())
        _check_event_id(event_id)
        with open_store(path, busy_wait) as store:
            row = queries.event_detail(store, event_id)
            if row is None:
                raise HTTPException(404)
            return row, queries.event_mentions(store, row.get("mention_ids") or [], limit)

    @app.get("/events/{event_id}", response_class=HTMLResponse)
    def event(request: Request, event_id: str) -> Response:
        row, mentions = event_and_mentions(request, event_id, queries.MENTION_LIMIT)
        for m in mentions:
            m["pieces"] = _mention_pieces(row, m)
        context = {"e": row, "pieces": evidence_pieces(row), "mentions": mentions}
        return page(request, "event.html", context)

    @app.get("/events/{event_id}/explain", response_class=HTMLResponse)
    def event_explain(request: Request, event_id: str) -> Response:
        """How the coder reads the evidence sentence in its article: slow (a coding run), so fetched after."""
        row, mentions = event_and_mentions(request, event_id, 1)
        with open_store(path, busy_wait) as store:
            article = queries.article(store, row["article_id"])
        if article is None:  # a mention without its article row: explain the sentence alone
            article = Article(id=row["article_id"], date=row.get("first_seen") or dt.date.today(),
                              text=row.get("evidence_sentence") or "")  # fmt: skip
        try:
            trace = explain_sentence(article, row["sentence_index"] if row["article_id"] == article.id else 0)
        except TidingsError as exc:  # e.g. the model is not installed here: say so in the page
            trace = f"tidings explain could not run: {exc}"
        return page(request, "_explain.html", {"trace": trace, "article": article, "e": row})

    def dyad_request(request: Request, a: str, b: str) -> tuple[str, str, EventFilter, bool]:
        params = request.query_params
        source, target = actor_code(a, "source in the path"), actor_code(b, "target in the path")
        f = parse_filter(params, extra=("freq", "directed"))
        if f.actor or f.source or f.target:
            raise ParamError("the pair comes from the path (/dyads/A/B); drop actor, source and target")
        parse_choice(params, "freq", OVERVIEW_FREQS, "week")  # checked now; its default needs the store
        directed = parse_choice(params, "directed", ("0", "1"), "0") == "1"
        return source, target, f.replace(source=source, target=target, both_ways=not directed), directed

    @app.get("/dyads/{a}/{b}", response_class=HTMLResponse)
    def dyad(request: Request, a: str, b: str) -> Response:
        source, target, f, directed = dyad_request(request, a, b)
        params = request.query_params
        with open_store(path, busy_wait) as store:
            columns = queries.event_columns(store)
            result = queries.list_events(store, f, columns)
        extra = {"freq": params.get("freq") or None, "directed": "1" if directed else None}
        context = {
            "a": source, "b": target, "f": f, "directed": directed, "result": result, "columns": columns,
            "base": f"/dyads/{source}/{target}", "freq": extra["freq"],
            "link": _linker(f, source=None, target=None, both_ways=False, extra=extra),
            "timeline": query_string(f.to_params(source=None, target=None, both_ways=False, page=1), **extra),
        }  # fmt: skip
        if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
            return page(request, "_event_results.html", context)
        return page(request, "dyad.html", context)

    @app.get("/dyads/{a}/{b}/timeline", response_class=HTMLResponse)
    def dyad_timeline(request: Request, a: str, b: str) -> Response:
        """The pair's chart and shifts (``tidings.analysis``): slow on a big store, so fetched after the page."""
        source, target, f, directed = dyad_request(request, a, b)
        asked = request.query_params.get("freq") or None

        def timeline(store: Store) -> tuple[str, dict[str, Any] | None, list[dict[str, Any]]]:
            span = queries.date_span(store, f, queries.event_columns(store))  # the pair's own span
            freq = asked or queries.auto_freq(*span)
            return (freq, *_dyad_analysis(store, source, target, f, freq, directed))

        freq, spec, shifts = cached(("dyad", source, target, f.since, f.until, asked, directed), timeline)
        context = {"a": source, "b": target, "freq": freq, "directed": directed, "spec": spec, "shifts": shifts}
        return page(request, "_dyad_timeline.html", context)

    @app.get("/map", response_class=HTMLResponse)
    def world_map(request: Request) -> Response:
        f = parse_filter(request.query_params)
        _no_paging(request)
        query = urlencode(f.to_params())
        return page(request, "map.html", {"f": f, "query": query})

    @app.get("/api/map")
    def api_map(request: Request) -> JSONResponse:
        f = parse_filter(request.query_params)
        _no_paging(request)
        body = cached(("map", f), lambda store: queries.map_places(store, f, queries.event_columns(store)))
        body = {**body, "limit": queries.MAP_LIMIT}
        return JSONResponse(jsonable_encoder(body))

    return app


def _linker(f: EventFilter, extra: dict[str, str | None] | None = None, **fixed: Any) -> Callable[..., str]:
    """``link(page=2)``: the query string of ``f`` with changes, for the links of a page's event table."""
    kept = {k: v for k, v in (extra or {}).items() if v is not None}

    def link(**changes: Any) -> str:
        return urlencode({**f.to_params(**fixed, **changes), **kept})

    return link


def explain_sentence(article: Article, sentence_index: int) -> str:
    """The ``tidings explain`` report of one sentence, from a traced coding run of its whole article.

    Coding the whole article (not the sentence alone) gives the sentence the context the run that stored
    it had: earlier actors for "he" or "the ministry", the article date for "on Monday".
    """
    from tidings.explain import explain_article, format_explanation

    result = explain_article(article).result
    kept = [t for t in result.traces if t.sentence.index == sentence_index]
    return format_explanation(dataclasses.replace(result, traces=kept or result.traces))


def _no_paging(request: Request) -> None:
    given = [p for p in _PAGE_PARAMS if p in request.query_params]
    if given:
        raise ParamError(f"unknown parameter {given[0]!r}; the map takes {', '.join(sorted(_MAP_PARAMS))}")


_MAP_PARAMS = tuple(p for p in FILTER_PARAMS if p not in _PAGE_PARAMS)


def _check_event_id(event_id: str) -> None:
    if not _EVENT_ID.fullmatch(event_id):
        raise ParamError(f"event id {event_id[:80]!r} is not an event id (letters, digits, '-' and '_')")


def _mention_pieces(event: dict[str, Any], mention: dict[str, Any]) -> list[tuple[str, str | None]]:
    """A mention's sentence, marked only when it is the event's own evidence (its offsets are the event's)."""
    if mention.get("evidence_sentence") == event.get("evidence_sentence"):
        return evidence_pieces(event)
    return [(mention.get("evidence_sentence") or "", None)]


def _download(store: Store, f: EventFilter, columns: frozenset[str], fmt: str) -> Response:
    _, media_type, suffix = queries.DOWNLOADS[fmt]
    folder = tempfile.TemporaryDirectory(prefix="tidings-download-")
    target = Path(folder.name) / f"events.{suffix}"
    queries.write_download(store, f, columns, fmt, target)
    return FileResponse(
        target, media_type=media_type, filename=f"events.{suffix}", background=BackgroundTask(folder.cleanup)
    )


def _latest_shifts(store: Store, last: dt.date | None) -> list[dict[str, Any]]:
    """The shifts of the last year of the store, newest first (``tidings.analysis.shifts``, its defaults)."""
    from tidings.analysis import shifts

    since = (last - dt.timedelta(days=365)) if last else None
    frame = shifts(store, since=since)
    return frame.sort("change_date", descending=True).head(10).to_dicts()


def _dyad_analysis(
    store: Store, a: str, b: str, f: EventFilter, freq: str, directed: bool
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The pair's timeline chart (Vega-Lite, from ``tidings.analysis.dyad_chart``) and its shifts.

    Both directions are drawn together unless ``directed``; codes longer than a country code (``RUSGOV``)
    are compared as codes, others as countries. None for the chart when the pair has no facts in the window.
    """
    import polars as pl

    from tidings.analysis import dyad_chart, dyads, shifts

    level = "code" if len(a) > 3 or len(b) > 3 else "country"
    frame = dyads(store, pair=(a, b), since=f.since, until=f.until, freq=freq, level=level, directed=True)
    found = shifts(store, pair=(a, b), since=f.since, until=f.until, freq=freq, level=level, directed=directed)
    if directed:
        forward = pl.col("source").str.starts_with(a) & pl.col("target").str.starts_with(b)
        frame, found = frame.filter(forward), found.filter(forward)
    chart = dyad_chart(frame, (a, b), freq=freq, marks=found, title=" ") if frame.height else None
    # the chart's own width: its bar widths are computed for it (a wider container would not widen them)
    spec = chart.configure_legend(orient="top").to_dict(validate=False) if chart is not None else None
    return spec, found.sort("change_date").to_dicts()
