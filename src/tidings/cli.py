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
    typer.echo(f"tidings: error: {exc}", err=True)
    raise typer.Exit(2)


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
    skip_bad: bool = _skip_bad_option(),
    workers: int = typer.Option(1, "--workers", help="Worker processes."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Dask cluster: local:N or tcp://host:port; -o is then a Parquet dataset folder."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
) -> None:
    """Code news articles into CAMEO events."""
    from tidings.pipeline import freeze_long_lived, shared_pipeline
    from tidings.run import RunOptions, run_code

    _setup_logging(quiet)
    opts = RunOptions(config=config, default_date=date, input_format=input_format, skip_bad=skip_bad, workers=workers)
    show = not quiet and sys.stderr.isatty()
    try:
        if scheduler is None:  # the Dask client codes nothing itself; its workers load the pipeline
            # Load before freezing (the long-lived objects leave the collector's reach); forked workers inherit both.
            shared_pipeline(config)
            freeze_long_lived()
        summary = run_code(input, output, fmt=fmt, db=db, options=opts, progress=show, scheduler=scheduler)
    except TidingsError as exc:
        _fail(exc)
        return
    if not quiet:
        typer.echo(summary.line(), err=True)


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
    output: str = typer.Option("-", "-o", "--output"),
    fmt: str | None = typer.Option(None, "--format", help="gdelt | parquet | csv | jsonl"),
    since: str | None = typer.Option(None, "--since"),
    until: str | None = typer.Option(None, "--until"),
    actor: str | None = typer.Option(None, "--actor", help="Actor code prefix, e.g. USA or IGOUNO."),
    code: str | None = typer.Option(None, "--code", help="CAMEO code prefix, e.g. 19 or 042."),
    mentions: bool = typer.Option(False, "--mentions", help="Export raw mentions instead of merged events."),
) -> None:
    """Export stored events (merged across articles) to GDELT 2.0, Parquet, CSV or JSONL."""
    from tidings.store import Store

    try:
        with Store(db, read_only=True) as store:
            n = store.export(output, fmt=fmt, since=since, until=until, actor=actor, code=code, merged=not mentions)
    except TidingsError as exc:
        _fail(exc)
        return
    typer.echo(f"tidings: exported {n} events", err=True)


@app.command("query")
def query_cmd(
    sql: str = typer.Argument(..., help="SQL over tables articles, sentences, mentions, events."),
    db: Path = typer.Option(..., "--db"),
    fmt: str = typer.Option("table", "--format", help="table | csv | jsonl"),
) -> None:
    """Run SQL against the store and print the result."""
    import polars as pl

    from tidings.store import Store

    try:
        with Store(db, read_only=True) as store:
            df = store.query(sql)
    except TidingsError as exc:
        _fail(exc)
        return
    except Exception as exc:  # SQL errors from DuckDB are user mistakes: one line, no traceback
        _fail(Exception(str(exc).splitlines()[0]))
        return
    if fmt == "csv":
        sys.stdout.write(df.write_csv())
    elif fmt == "jsonl":
        sys.stdout.write(df.write_ndjson())
    else:
        with pl.Config(tbl_rows=50, tbl_cols=20, fmt_str_lengths=40):
            typer.echo(str(df))


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


if __name__ == "__main__":  # python -m tidings.cli
    app()
