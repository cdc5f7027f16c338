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
from tidings.errors import TidingsError

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


def coder_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command every coder option and hand it one ``config: Config`` instead of the separate values."""
    sig = inspect.signature(func)
    own = [p for p in sig.parameters.values() if p.name != "config"]
    extra = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=kind)
        for name, (kind, option) in CODER_OPTIONS.items()
    ]

    @functools.wraps(func)
    def wrapper(**kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in CODER_OPTIONS}
        kwargs["config"] = config_from_cli(values)
        return func(**kwargs)

    hints = typing.get_type_hints(func)
    wrapper.__signature__ = sig.replace(parameters=[*own, *extra])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {
        **{p.name: hints[p.name] for p in own if p.name in hints},
        **{name: kind for name, (kind, _) in CODER_OPTIONS.items()},
    }
    return wrapper


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
        if workers <= 1:
            shared_pipeline(config)  # load before freezing: the long-lived objects leave the collector's reach
            freeze_long_lived()
        summary = run_code(input, output, fmt=fmt, db=db, options=opts, progress=show)
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
    gold: Path = typer.Argument(..., help="Gold JSONL (id, date, text, gold: [{source, target, code}])."),
    errors: bool = typer.Option(False, "--errors", help="List misses and false alarms."),
) -> None:
    """Score the coder against a gold file: precision, recall and F1 of (source, target, code) triples."""
    from tidings.evaluate import evaluate, format_report

    try:
        report = evaluate(gold, config=config)
    except TidingsError as exc:
        _fail(exc)
        return
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
    min_confidence: float = typer.Option(
        0.0, "--min-confidence", min=0.0, max=1.0, help="Drop events below this confidence (0-1)."
    ),
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
