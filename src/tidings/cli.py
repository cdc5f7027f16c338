"""The ``tidings`` command line: each command is a few lines over the library function of the same name.

Options shared by several commands are defined once here (the coder options by ``coder_options``, which
turns them into the one ``Config`` the library takes), so ``code``, ``explain`` and ``eval`` always accept the
same coder options with the same spelling and help.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
import sys
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from tidings.config import DEFAULT_MODEL, Config
from tidings.errors import TidingsError, UsageError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="News text in, CAMEO-coded events out.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from tidings import __version__

        typer.echo(f"tidings {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """News text in, CAMEO-coded events out."""


def _fail(exc: Exception) -> None:
    """One line on stderr; exit 2 for a usage error (how the command was called), 1 for any other failure."""
    from tidings.errors import UsageError

    typer.echo(f"tidings: error: {exc}", err=True)
    summary = getattr(exc, "run_summary", None)
    if summary is not None and summary.articles:
        typer.echo(f"{summary.line()} before the error; {summary.stored} stored", err=True)
    raise typer.Exit(2 if isinstance(exc, UsageError) else 1)


def _setup_logging(quiet: bool) -> None:
    logging.basicConfig(level=logging.ERROR if quiet else logging.WARNING, format="tidings: %(message)s")


# -- options shared by several commands, defined once ---------------------------------------------------
#: Coder options: (CLI parameter name, type, typer option, the ``Config.from_options`` name and value mapping).
CODER_OPTIONS: dict[str, tuple[Any, Any]] = {
    "model": (str, typer.Option(DEFAULT_MODEL, "--model", help="Any installed spaCy pipeline with a parser.")),
    "dictionaries": (
        list[str],
        typer.Option(
            [], "--dictionaries", help="TABARI/PETRARCH dictionary file or folder (kind:path names a kind); repeatable."
        ),
    ),
    "user_roles_only": (
        bool,
        typer.Option(False, "--user-roles-only", help="A --dictionaries agents file replaces the packaged roles."),
    ),
    "patterns": (list[str], typer.Option([], "--patterns", help="Extra event pattern TSV files; repeatable.")),
    "paired": (bool, typer.Option(False, "--paired", help="Also emit the reverse event of paired codes (visit/host).")),
    "speech_events": (
        bool,
        typer.Option(False, "--speech-events", help="Also emit the statement event of reported speech."),
    ),
    "embedded_events": (
        bool,
        typer.Option(False, "--embedded-events", help="Also emit acts that are only the content of another event."),
    ),
    "allow_missing_target": (
        bool,
        typer.Option(False, "--allow-missing-target", help="Emit events without a target actor."),
    ),
    "facts_only": (bool, typer.Option(False, "--facts-only", help="Drop negated and hypothetical events.")),
    "min_confidence": (
        float,
        typer.Option(0.0, "--min-confidence", min=0.0, max=1.0, help="Drop events below this confidence (0-1)."),
    ),
    "no_prefilter": (bool, typer.Option(False, "--no-prefilter", help="Parse every sentence.")),
}
#: CLI parameter → ``Config.from_options`` keyword, where the spellings differ.
_CONFIG_NAMES = {"paired": "paired_events"}


def config_from_cli(values: dict[str, Any]) -> Config:
    """The ``Config`` for the shared coder options' values."""
    options = {_CONFIG_NAMES.get(k, k): v for k, v in values.items() if k != "no_prefilter"}
    options["prefilter"] = not values.get("no_prefilter", False)
    return Config.from_options(**options)


def option_group(
    options: dict[str, tuple[Any, Any]], into: str, combine: Callable[[dict[str, Any]], Any]
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A decorator giving a command every option of ``options`` (name → (type, typer option)) and handing it the
    one value ``combine`` makes of them, as the parameter ``into``: each shared option is written once."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        sig = inspect.signature(func)
        own = [p for p in sig.parameters.values() if p.name != into]
        extra = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=kind)
            for name, (kind, option) in options.items()
        ]

        @functools.wraps(func)
        def wrapper(**kwargs: Any) -> Any:
            kwargs[into] = combine({name: kwargs.pop(name) for name in options})
            return func(**kwargs)

        hints = typing.get_type_hints(func)
        wrapper.__signature__ = sig.replace(parameters=[*own, *extra])  # type: ignore[attr-defined]
        wrapper.__annotations__ = {
            **{p.name: hints[p.name] for p in own if p.name in hints},
            **{name: kind for name, (kind, _) in options.items()},
        }
        return wrapper

    return decorate


#: Give a command every coder option and hand it one ``config: Config`` instead of the separate values.
coder_options = option_group(CODER_OPTIONS, "config", config_from_cli)


def _date_option() -> Any:
    return typer.Option(None, "--date", help="Article date (YYYY-MM-DD) for inputs without one (.txt, .html).")


def _skip_bad_option() -> Any:
    return typer.Option(False, "--skip-bad", help="Skip bad records and count them instead of stopping.")


def _output_option() -> Any:
    return typer.Option("-", "-o", "--output", help="Output file (.jsonl, .csv, .parquet, .tsv) or - for stdout.")


def _input_argument() -> Any:
    return typer.Argument(..., help="JSONL/CSV/TXT/HTML file, a directory of them, or - for stdin.")


@app.command("code")
@coder_options
def code_cmd(
    config: Config,
    input: str = _input_argument(),
    output: str = _output_option(),
    fmt: str | None = typer.Option(None, "--format", help="jsonl | csv | parquet | gdelt (default: suffix)."),
    db: Path | None = typer.Option(None, "--db", help="Also store articles and events in this DuckDB file."),
    date: str | None = _date_option(),
    input_format: str | None = typer.Option(None, "--input-format", help="jsonl | csv | txt | html."),
    field: list[str] = typer.Option(
        [], "--field", help="FIELD=COLUMN: read an article field from a differently named column; repeatable."
    ),
    skip_bad: bool = _skip_bad_option(),
    force: bool = typer.Option(False, "--force", help="Recode every article, even those unchanged in --db."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Dask cluster: local:N or tcp://host:port; -o is then a Parquet dataset folder."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
) -> None:
    """Code news articles into CAMEO events."""
    from tidings.pipeline import freeze_long_lived, shared_pipeline
    from tidings.run import RunInterrupted, RunOptions, run_code

    _setup_logging(quiet)
    show = not quiet and sys.stderr.isatty()
    try:
        opts = RunOptions(
            config=config,
            default_date=date,
            input_format=input_format,
            skip_bad=skip_bad,
            workers=workers,
            force=force,
            fields=_field_mapping(field),
        )
        if scheduler is None:  # the Dask client codes nothing itself; its workers load the pipeline
            # Load before freezing (the long-lived objects leave the collector's reach); forked workers inherit both.
            shared_pipeline(config)
            freeze_long_lived()
        summary = run_code(input, output, fmt=fmt, db=db, options=opts, progress=show, scheduler=scheduler)
    except RunInterrupted as stop:
        typer.echo(f"tidings: {stop}", err=True)
        raise typer.Exit(130) from None
    except TidingsError as exc:
        _fail(exc)
        return
    if not quiet:
        typer.echo(summary.line(), err=True)


def _field_mapping(pairs: list[str]) -> tuple[tuple[str, str], ...]:
    """``--field text=body`` values as ``(("text", "body"),)``."""
    from tidings.errors import UsageError

    out = []
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise UsageError("--field", f"{pair!r} is not FIELD=COLUMN (e.g. --field text=body)")
        out.append((name.strip(), column.strip()))
    return tuple(out)


@app.command("explain")
@coder_options
def explain_cmd(
    config: Config,
    text: str = typer.Argument(..., help="A sentence or short text to explain."),
    date: str | None = typer.Option(None, "--date", help="Article date (YYYY-MM-DD); default today."),
) -> None:
    """Show how `tidings code` codes a text: pre-filter, parse, actors, patterns tried, events and why."""
    from tidings.explain import explain

    try:
        typer.echo(explain(text, date=date, config=config))
    except (TidingsError, ValueError) as exc:
        _fail(exc)


@app.command("dates")
def dates_cmd(
    input: str = _input_argument(),
    date: str | None = _date_option(),
    skip_bad: bool = _skip_bad_option(),
) -> None:
    """List every time expression resolved against its article date, as JSONL."""
    from tidings.ingest import read_articles
    from tidings.time import resolve_dates

    try:
        for article in read_articles(input, default_date=date, skip_bad=skip_bad):
            for expr in resolve_dates(article.text, article.date, article.id):
                sys.stdout.write(json.dumps(expr.to_record(), ensure_ascii=False) + "\n")
    except TidingsError as exc:
        _fail(exc)


@app.command("eval")
@coder_options
def eval_cmd(
    config: Config,
    gold: Path = typer.Argument(
        ..., help="Gold JSONL: sentence format (gold: [{source, target, code}]) or article-level (gold: [{root, ...}])."
    ),
    errors: bool = typer.Option(False, "--errors", help="List misses (by reason) and false alarms."),
    as_json: bool = typer.Option(
        False, "--json", help="Article-level gold: print the figures as one JSON object (score_articles.py's keys)."
    ),
) -> None:
    """Score the coder against a gold file: precision, recall and F1 of (source, target, code) triples.

    Article-level gold (REAL_NEWS_CODING.md) also gives date accuracy, forbidden events emitted and the misses
    grouped by the reason they were lost."""
    from tidings.evaluate import ArticleReport, evaluate, format_report

    try:
        report = evaluate(gold, config=config)
    except TidingsError as exc:
        _fail(exc)
        return
    if as_json and isinstance(report, ArticleReport):
        typer.echo(json.dumps(report.figures()))
        return
    if as_json:
        _fail(TidingsError(f"{gold}: --json is for article-level gold (REAL_NEWS_CODING.md)"))
    typer.echo(format_report(report, errors=errors))


@app.command("export")
def export_cmd(
    db: Path = typer.Option(..., "--db", help="DuckDB store written by `tidings code --db`."),
    output: str = typer.Option("-", "-o", "--output", help="Output file, or - for stdout."),
    fmt: str | None = typer.Option(None, "--format", help="gdelt | parquet | csv | jsonl (default: suffix)."),
    since: str | None = typer.Option(None, "--since", help="First event date (YYYY-MM-DD), inclusive."),
    until: str | None = typer.Option(None, "--until", help="Last event date (YYYY-MM-DD), inclusive."),
    actor: str | None = typer.Option(None, "--actor", help="Actor code prefix, e.g. USA or IGOUNO."),
    code: str | None = typer.Option(None, "--code", help="CAMEO code prefix, e.g. 19 or 042."),
    modes: str | None = typer.Option(
        None,
        "--modes",
        help="Comma-separated modes to keep (reported,claimed,alleged,hypothetical,negated); "
        "default for GDELT: reported,claimed,alleged (GDELT has no mode column); otherwise all.",
    ),
    min_confidence: float = CODER_OPTIONS["min_confidence"][1],
    mentions: bool = typer.Option(False, "--mentions", help="Export raw mentions instead of merged events."),
    mentions_table: bool = typer.Option(
        True,
        "--mentions-table/--no-mentions-table",
        help="With GDELT to a file, also write the GDELT 2.0 Mentions table beside it (NAME.mentions.tsv).",
    ),
    header: bool = typer.Option(False, "--header", help="Add a column-name row to GDELT output."),
) -> None:
    """Export stored events (merged across articles) to GDELT 2.0, Parquet, CSV or JSONL."""
    from tidings.export import mentions_table_path, resolve_format
    from tidings.store import Store, check_modes

    try:
        chosen = check_modes(modes)
        gdelt_file = resolve_format(output, fmt) == "gdelt" and output != "-" and not mentions
        beside = mentions_table_path(output) if gdelt_file and mentions_table else None
        with Store(db, read_only=True) as store:
            n = store.export(
                output,
                fmt=fmt,
                since=since,
                until=until,
                actor=actor,
                code=code,
                merged=not mentions,
                header=header,
                modes=chosen,
                min_confidence=min_confidence,
                mentions_table=beside,
            )
    except TidingsError as exc:
        _fail(exc)
        return
    typer.echo(f"tidings: exported {n} events" + (f"; GDELT mentions table in {beside}" if beside else ""), err=True)


#: ``tidings query`` output formats; ``nl`` is newline-delimited JSON (sqlite-utils' name for it).
QUERY_FORMATS = ("table", "csv", "json", "jsonl", "nl")


@app.command("query")
def query_cmd(
    sql: str = typer.Argument(..., help="SQL over tables articles, sentences, mentions, events, view gdelt_events."),
    db: Path = typer.Option(..., "--db", help="DuckDB store written by `tidings code --db`."),
    fmt: str = typer.Option("table", "--format", help="table | csv | json | jsonl (= nl)."),
    as_csv: bool = typer.Option(False, "--csv", help="CSV with a header row (same as --format csv)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON array of objects (same as --format json)."),
    as_nl: bool = typer.Option(False, "--nl", help="Newline-delimited JSON, one object a line (--format jsonl)."),
) -> None:
    """Run SQL against the store and print the result."""
    import polars as pl

    from tidings.errors import UsageError
    from tidings.store import Store

    try:
        flags = [name for name, on in (("csv", as_csv), ("json", as_json), ("nl", as_nl)) if on]
        if len(flags) > 1:
            raise UsageError("query", f"choose one of --{' / --'.join(flags)}")
        chosen = flags[0] if flags else fmt.lower()
        if chosen not in QUERY_FORMATS:
            raise UsageError("--format", f"unknown format {fmt!r}; choose one of {', '.join(QUERY_FORMATS)}")
        with Store(db, read_only=True) as store:
            df = store.query(sql)
    except TidingsError as exc:
        _fail(exc)
        return
    if chosen == "csv":
        sys.stdout.write(df.write_csv())
    elif chosen == "json":
        sys.stdout.write(json.dumps(df.to_dicts(), ensure_ascii=False, default=str) + "\n")
    elif chosen in ("jsonl", "nl"):
        for row in df.iter_rows(named=True):
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    else:
        with pl.Config(tbl_rows=50, tbl_cols=20, fmt_str_lengths=40):
            typer.echo(str(df))


@app.command("places")
def places_cmd(
    input: str = _input_argument(),
    output: str = _output_option(),
    date: str | None = _date_option(),
    skip_bad: bool = _skip_bad_option(),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary line."),
) -> None:
    """List every place mention as JSONL, resolved with its whole article in view (one record per mention)."""
    from tidings.export import JsonlWriter, resolve_format
    from tidings.ingest import read_articles
    from tidings.places import PLACE_FIELDS, places_of_articles

    try:
        if output != "-" and resolve_format(output) != "jsonl":
            raise UsageError(output, "place mentions are written as JSONL: give a name ending in .jsonl, or -")
        articles = read_articles(input, default_date=date, skip_bad=skip_bad)
        with JsonlWriter(output, PLACE_FIELDS) as writer:
            n = writer.write_all(m.to_record() for m in places_of_articles(articles))
    except TidingsError as exc:
        _fail(exc)
        return
    if not quiet:
        typer.echo(f"tidings: {n} place mentions", err=True)


# --- analysis: dyads and shifts (tidings.analysis) ----------------------------------------------------------

TABLE_FORMATS = ("table", "csv", "json", "parquet")


def _write_table(df: Any, fmt: str, output: str) -> None:
    """Print or save an analysis table (a polars DataFrame); lists become ``;``-joined text in CSV."""
    import polars as pl

    from tidings.analysis.dyads import check_choice

    check_choice("--format", fmt, TABLE_FORMATS)
    lists = [name for name, kind in df.schema.items() if isinstance(kind, pl.List)]
    if fmt == "parquet" and output == "-":
        raise UsageError("--format", "parquet is binary; give a file with -o FILE.parquet")
    if fmt == "table":
        shown = df.drop("evidence", strict=False)
        with pl.Config(tbl_rows=50, tbl_cols=20, fmt_str_lengths=40, tbl_width_chars=200):
            text = str(shown) + "\n"
    elif fmt == "csv":
        text = df.with_columns(pl.col(n).list.join(";") for n in lists).write_csv()
    elif fmt == "json":
        text = df.write_json() + "\n"
    if output == "-":
        sys.stdout.write(text)
        return
    target = Path(output)
    partial = target.with_name(f".{target.name}.partial")
    if fmt == "parquet":
        df.write_parquet(partial)
    else:
        partial.write_text(text, encoding="utf-8")
    partial.replace(target)


def _save_plot(plot: Path, store: str, pair: tuple[str, str], **selection: Any) -> None:
    from tidings.analysis import dyad_chart, save_chart

    save_chart(dyad_chart(store, pair, **selection), plot)
    typer.echo(f"tidings: chart written to {plot}", err=True)


def _pair(pair: tuple[str, str] | None) -> tuple[str, str] | None:
    return (pair[0], pair[1]) if pair and pair[0] and pair[1] else None


def _store_option() -> Any:
    return typer.Option(..., "--db", help="DuckDB store written by `tidings code --db`.")


def _pair_option() -> Any:
    return typer.Option(None, "--pair", help="Only events between the two actors A B (code prefixes), either way.")


def _table_format_option() -> Any:
    return typer.Option("table", "--format", help="table | csv | json | parquet")


def _table_output_option() -> Any:
    return typer.Option("-", "-o", "--output", help="Output file, or - for stdout (not for parquet).")


#: Which events and dyads an analysis command reads: CLI parameter → typer option (``tidings.analysis`` keywords).
#: What the analysis commands select from the store; they get it as one ``selection`` dict.
SELECTION_OPTIONS: dict[str, tuple[Any, Any]] = {
    "actor": (str | None, typer.Option(None, "--actor", help="Only dyads with this actor (code prefix, e.g. PAK).")),
    "pair": (tuple[str, str] | None, _pair_option()),
    "since": (str | None, typer.Option(None, "--since", help="First event date (YYYY-MM-DD).")),
    "until": (str | None, typer.Option(None, "--until", help="Last event date (YYYY-MM-DD).")),
    "freq": (str, typer.Option("week", "--freq", help="day | week | month | quarter | year")),
    "level": (str, typer.Option("country", "--level", help="country (PAK) | code (PAKGOV)")),
    "all_modes": (bool, typer.Option(False, "--all-modes", help="Keep negated and hypothetical events.")),
    "min_confidence": CODER_OPTIONS["min_confidence"],
}


def _selection(values: dict[str, Any]) -> dict[str, Any]:
    """The ``tidings.analysis`` keywords the dyad table, the shifts and the chart of a command share."""
    return {
        "actor": values["actor"],
        "pair": _pair(values["pair"]),
        "since": values["since"],
        "until": values["until"],
        "freq": values["freq"],
        "level": values["level"],
        "facts_only": not values["all_modes"],
        "min_confidence": values["min_confidence"] or None,  # 0 keeps everything, even stores without confidence
    }


selection_options = option_group(SELECTION_OPTIONS, "selection", _selection)


@app.command("dyads")
@selection_options
def dyads_cmd(
    selection: dict[str, Any],
    db: Path = _store_option(),
    undirected: bool = typer.Option(False, "--undirected", help="A-B and B-A as one dyad."),
    fmt: str = _table_format_option(),
    output: str = _table_output_option(),
    plot: Path | None = typer.Option(None, "--plot", help="Also draw the --pair timeline (.html, .png, .svg)."),
) -> None:
    """Dyad time series: events per source, target and period, by QuadClass, with Goldstein and reach."""
    from tidings.analysis import dyads

    actor, chosen = selection.pop("actor"), selection.pop("pair")
    try:
        table = dyads(str(db), actor=actor, pair=chosen, directed=not undirected, **selection)
        _write_table(table, fmt, output)
        if plot is not None:
            if chosen is None:
                raise UsageError("--plot", "a chart shows one pair: give --pair A B")
            _save_plot(plot, str(db), chosen, **selection)
    except TidingsError as exc:
        _fail(exc)


@app.command("shifts")
@selection_options
def shifts_cmd(
    selection: dict[str, Any],
    db: Path = _store_option(),
    method: str = typer.Option("changepoint", "--method", help="changepoint | trendfinder | unseen"),
    signal: str = typer.Option("goldstein", "--signal", help="changepoint signal: goldstein | coop | events"),
    min_events: int = typer.Option(10, "--min-events", help="Fewest events a dyad needs to be tested."),
    alpha: float = typer.Option(0.01, "--alpha", help="Largest p-value of a reported change point."),
    permutations: int = typer.Option(999, "--permutations", help="Reorderings per test (p-values down to 1/(n+1))."),
    max_changes: int = typer.Option(1, "--max-changes", help="Change points per dyad (binary segmentation)."),
    baseline: int = typer.Option(4, "--baseline", help="trendfinder: compare with the previous 4 or 52 periods."),
    years: int = typer.Option(1, "--years", help="unseen: a 30-day level unseen in 1 or 3 years."),
    quad: list[int] = typer.Option([], "--quad", help="Only events of this QuadClass (1-4); repeatable."),
    directed: bool = typer.Option(False, "--directed", help="A-B and B-A as separate dyads."),
    fmt: str = _table_format_option(),
    output: str = _table_output_option(),
    plot: Path | None = typer.Option(None, "--plot", help="Draw the --pair (or the first shift's) timeline."),
) -> None:
    """Dyads whose relation changed: when, from what level to what, and the events that drive it."""
    from tidings.analysis import shifts

    actor, pair = selection.pop("actor"), selection.pop("pair")
    method_options: dict[str, Any] = {"method": method, "signal": signal, "min_events": min_events, "alpha": alpha,
                                      "permutations": permutations, "max_changes": max_changes,
                                      "baseline": baseline, "years": years}  # fmt: skip
    try:
        table = shifts(str(db), actor=actor, pair=pair, quad_classes=quad or None, directed=directed,
                       **method_options, **selection)  # fmt: skip
        _write_table(table, fmt, output)
        chosen = pair or ((str(table["source"][0]), str(table["target"][0])) if table.height else None)
        if plot is not None and chosen is None:
            typer.echo("tidings: no shift found, so no chart", err=True)
        elif plot is not None and chosen is not None:
            _save_plot(plot, str(db), chosen, **selection)
    except TidingsError as exc:
        _fail(exc)


@app.command("genre")
def genre_cmd(
    input: str = typer.Argument(..., help="Same inputs as `tidings code`."),
    date: str | None = _date_option(),
    skip_bad: bool = _skip_bad_option(),
) -> None:
    """Print each article's genre (news report, opinion, interview, press release) and the cues behind it, as JSONL."""
    from tidings.genre import classify_genre
    from tidings.ingest import read_articles

    try:
        for article in read_articles(input, default_date=date, skip_bad=skip_bad):
            decision = classify_genre(article.text, article.title)
            record = {
                "article_id": article.id,
                "genre": decision.genre,
                "scores": {g: round(v, 2) for g, v in decision.scores.items()},
                "cues": [{"genre": g, "cue": name, "points": points} for g, name, points in decision.cues],
            }
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    except TidingsError as exc:
        _fail(exc)


@app.command("serve")
def serve_cmd(
    db: Path = typer.Option(..., "--db", help="DuckDB store written by `tidings code --db` (opened read-only)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (only this machine by default)."),
    port: int = typer.Option(8765, "--port", help="Port to listen on."),
) -> None:
    """Browse the store's events, dyads, evidence and map in a web browser (read-only)."""
    try:
        from tidings.web import serve
    except ImportError as exc:
        _fail(Exception(f"the dashboard needs the web extra ({exc.name} is missing): pip install 'tidings[web]'"))
        return
    try:
        serve(db, host=host, port=port)
    except TidingsError as exc:
        _fail(exc)


store_app = typer.Typer(no_args_is_help=True, help="Work with event stores.")
app.add_typer(store_app, name="store")


@store_app.command("import")
def store_import_cmd(
    dataset: Path = typer.Argument(..., help="Parquet dataset folder written by `tidings code --scheduler`."),
    db: Path = typer.Option(..., "--db", help="DuckDB store to merge it into (created if needed)."),
) -> None:
    """Merge a dataset's complete partitions into a store (idempotent: unchanged articles are skipped)."""
    from tidings.dataset import import_dataset

    try:
        summary = import_dataset(dataset, db)
    except TidingsError as exc:
        _fail(exc)
        return
    typer.echo(summary.line(), err=True)


def cli() -> None:
    """The ``tidings`` console script: the Typer app, quiet when its reader goes away (``| head``).

    A closed pipe is not an error of the command: like sqlite-utils and the Unix tools, stop without a
    traceback. Python's own advice: point stdout at devnull so the final flush cannot raise again."""
    import os

    try:
        app()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":  # python -m tidings.cli
    cli()
