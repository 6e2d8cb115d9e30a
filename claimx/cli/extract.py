"""`claimx extract`: articles in, one validated record per article out, in input order.

Inputs are read lazily and records written (and flushed) as they finish, so memory stays flat
and a consumer downstream sees results at once. With `-o FILE` the output goes to a temporary
file beside FILE, renamed to FILE when the run completes; an interrupted run leaves what it
finished in `FILE.partial` instead, never a half file under FILE. SIGTERM and SIGHUP stop a
run as Ctrl-C does (`claimx.cli.signals`), with exit codes 143 and 129. A folder walk never
reads the run's own output (FILE, `FILE.partial`, the temporary file), and a second run on
the same FILE is refused while the first holds its lock.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from itertools import chain, islice
from typing import Annotated, Any

import typer

from claimx.cli.app import OutputFormat, app, error_line, fail
from claimx.cli.options import (
    FrameOption,
    GlobOption,
    JobsOption,
    ModelOption,
    PublicationOption,
    RecursiveOption,
    RulesOption,
    TitleOption,
    UnattributedOption,
)
from claimx.errors import ClaimxError, ExitCode, Terminated, interrupt_exit_code


class InputFormat(str, Enum):
    """How to read inputs: guessed, plain text, JSON Lines of articles, or HTML pages."""

    auto = "auto"
    text = "text"
    jsonl = "jsonl"
    html = "html"


class Engine(str, Enum):
    """Where the work runs: this machine's processes, or a Dask cluster."""

    local = "local"
    dask = "dask"


@app.command()
def extract(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="Article files, folders, or - for standard input.", show_default=False),
    ] = None,
    recursive: RecursiveOption = False,
    glob: GlobOption = None,
    from_list: Annotated[
        str | None,
        typer.Option(
            "--from-list", help="A file listing input paths, one a line (- for standard input)."
        ),
    ] = None,
    input_format: Annotated[
        InputFormat,
        typer.Option(
            "--input-format",
            help="auto (by content and extension), text, jsonl (one article a line: {id, text, title, publication, url, published, ...}), html.",
        ),
    ] = InputFormat.auto,
    jobs: JobsOption = 1,
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine",
            help="local (this machine, --jobs processes) or dask (a Dask cluster; -o names a folder of part files; needs claimx[dask]).",
        ),
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="With --engine dask: address of a running scheduler, e.g. tcp://HOST:8786.",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="With --engine dask and no --scheduler: worker processes of a local cluster (default: one per CPU).",
        ),
    ] = None,
    batch_size: Annotated[
        int,
        typer.Option(
            "--batch-size",
            min=1,
            help="Articles per batch sent through the pipeline (and to a worker).",
        ),
    ] = 32,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to FILE (complete files only: renamed into place at the end).",
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="json (one record; default for one input), jsonl (one record a line; default for several), table (for people), csv, tsv, sqlite (a claims database; default for -o *.db, *.sqlite).",
        ),
    ] = OutputFormat.auto,
    flat: Annotated[
        bool, typer.Option("--flat", help="One row per claim (with jsonl, csv, tsv).")
    ] = False,
    escape_formulas: Annotated[
        bool,
        typer.Option(
            "--escape-formulas/--no-escape-formulas",
            help="CSV/TSV: prefix with ' any cell starting with = + - @ TAB or CR, so spreadsheets show it as text instead of running it as a formula.",
        ),
    ] = True,
    model: ModelOption = None,
    rules: RulesOption = None,
    publication: PublicationOption = None,
    title: TitleOption = None,
    unattributed: UnattributedOption = True,
    entities: Annotated[
        str | None,
        typer.Option(
            "--entities",
            help="A gazetteer, JSON Lines of {id, name, aliases}: pins document entities (and a database's claimants) to its ids.",
        ),
    ] = None,
    frame: FrameOption = None,
    include_text: Annotated[
        bool, typer.Option("--include-text", help="Put each decoded input text in its record.")
    ] = False,
    max_chars: Annotated[
        int | None,
        typer.Option(
            "--max-chars",
            min=1,
            help="Refuse (as an error record) inputs longer than this many characters.",
        ),
    ] = None,
) -> None:
    """Extract who claims what from news articles."""
    from claimx.cli.progress import RunProgress
    from claimx.engines.extractor import Extractor
    from claimx.engines.tuning import settle_process
    from claimx.inputs.readers import iter_articles

    inputs = list(inputs or [])
    if not inputs and from_list is None:
        raise fail(
            "no input: give files, folders, - for standard input, or --from-list FILE",
            ExitCode.USAGE,
        )
    if engine is Engine.dask:
        from claimx.database import is_database_path

        if output_format is OutputFormat.sqlite or is_database_path(output):
            raise fail(
                "--engine dask writes part files: build the database from them with claimx db import PARTS/ -o claims.db",
                ExitCode.USAGE,
            )
        from claimx.cli.signals import stop_like_interrupt

        with stop_like_interrupt():
            code = _run_dask(
                inputs,
                out=output,
                fmt=output_format,
                scheduler=scheduler,
                workers=workers,
                flat=flat,
                extractor_config={
                    "model": model,
                    "rules_dir": rules,
                    "unattributed": unattributed,
                    "include_text": include_text,
                    "entities": entities,
                    "frames": frame,
                },
                recursive=recursive,
                glob=glob,
                from_list=from_list,
                input_format=input_format.value,
                max_chars=max_chars,
                publication=publication,
                title=title,
                batch_size=batch_size,
            )
        raise typer.Exit(code)
    if output_format is OutputFormat.parquet or scheduler or workers:
        raise fail("--format parquet, --scheduler and --workers need --engine dask", ExitCode.USAGE)
    fmt = _output_format(output_format, flat, output)

    read_options: dict[str, Any] = {
        "recursive": recursive,
        "glob": glob,
        "from_list": from_list,
        "input_format": input_format.value,
        "exclude": own_outputs(output),
    }
    if max_chars is not None:
        read_options["max_chars"] = max_chars
    articles = iter_articles(inputs, **read_options)
    if fmt is None:
        # One record gets indented JSON, several get JSON Lines: look two articles ahead to know.
        first = list(islice(articles, 2))
        fmt = OutputFormat.json if len(first) == 1 else OutputFormat.jsonl
        articles = chain(first, articles)

    try:
        extractor = Extractor(
            model,
            rules_dir=rules,
            unattributed=unattributed,
            include_text=include_text,
            entities=entities,
            frames=frame,
        )
        settle_process()
    except ClaimxError as exc:
        raise fail(str(exc), exc.exit_code) from None
    try:
        target = _target(output, fmt.value, entities)
    except ClaimxError as exc:  # another run holds the output's lock
        raise fail(str(exc), exc.exit_code) from None
    except OSError as exc:
        raise fail(f"cannot write {output}: {exc.strerror or exc}", ExitCode.USAGE) from None

    def with_defaults():
        for art in articles:
            art.publication = art.publication or publication
            art.title = art.title or title
            yield art

    report = RunProgress(
        total=_known_total(inputs, from_list, recursive, glob, input_format, output)
    )
    code = _run(
        extractor,
        with_defaults(),
        report,
        target,
        fmt=fmt.value,
        flat=flat,
        jobs=jobs,
        batch_size=batch_size,
        escape_formulas=escape_formulas,
    )
    if code:
        raise typer.Exit(int(code))


def _run_dask(inputs: list[str], *, fmt: OutputFormat, flat: bool, **options) -> int:
    """`--engine dask`: everything is in `claimx.cli.cluster.run_dask`; this only checks the
    extra is there."""
    if flat:
        raise fail(
            "--engine dask writes records (jsonl) or a claims table (parquet); --flat does not apply",
            ExitCode.USAGE,
        )
    try:
        import distributed  # noqa: F401

        from claimx.cli.cluster import run_dask

        if fmt is OutputFormat.parquet:
            import pyarrow  # noqa: F401
    except ImportError:
        raise fail("--engine dask needs: pip install 'claimx[dask]'", ExitCode.USAGE) from None
    return run_dask(inputs, fmt="jsonl" if fmt is OutputFormat.auto else fmt.value, **options)


def _output_format(requested: OutputFormat, flat: bool, output: str | None) -> OutputFormat | None:
    """The format to write, or None for `auto` to decide once it knows how many records come."""
    from claimx.database import is_database_path

    if requested is OutputFormat.auto and is_database_path(output) and not flat:
        requested = OutputFormat.sqlite
    if requested is OutputFormat.sqlite and (flat or output in (None, "-")):
        raise fail(
            "--format sqlite writes a database: give -o FILE.db, without --flat", ExitCode.USAGE
        )
    if requested is OutputFormat.auto:
        return OutputFormat.jsonl if flat else None
    if flat and requested not in (OutputFormat.jsonl, OutputFormat.csv, OutputFormat.tsv):
        raise fail(
            f"--flat works with --format jsonl, csv or tsv, not {requested.value}", ExitCode.USAGE
        )
    return requested


def own_outputs(output: str | None) -> list[str]:
    """The files a run with `-o output` writes, which its folder walks must not read back:
    the output and its `.partial` (the temporary file is hidden, and walks skip hidden files)."""
    if output is None or output == "-":
        return []
    from claimx.outputs.atomic import PARTIAL_SUFFIX

    return [output, output + PARTIAL_SUFFIX]


def _target(output: str | None, fmt: str, entities: str | None):
    """Where the run writes: a claims database for sqlite, else stdout or an atomic file."""
    from claimx.outputs.atomic import OutputTarget

    if fmt != "sqlite":
        return OutputTarget(output)
    from claimx.database import DatabaseTarget, load_gazetteer

    assert output is not None
    return DatabaseTarget(output, gazetteer=load_gazetteer(entities) if entities else None)


def _run(
    extractor,
    articles,
    report,
    target,
    *,
    fmt: str,
    flat: bool,
    jobs: int,
    batch_size: int,
    escape_formulas: bool = True,
) -> ExitCode:
    """Extract, write, report; returns the exit code. The output is finalised on every path:
    complete, kept as `.partial` (Ctrl-C, SIGTERM, SIGHUP), or removed (a failure)."""
    from claimx.cli.signals import stop_like_interrupt
    from claimx.engines.processes import run_outcomes

    try:
        with stop_like_interrupt():
            try:
                # Workers start before the progress bar's thread does (claimx.engines.processes).
                outcomes = run_outcomes(articles, extractor, n_process=jobs, batch_size=batch_size)
                try:
                    with report:
                        _write(
                            outcomes,
                            fmt,
                            target if fmt == "sqlite" else target.stream,
                            flat=flat,
                            report=report,
                            escape_formulas=escape_formulas,
                        )
                finally:
                    outcomes.close()  # stops worker processes now, not when garbage-collected
            except KeyboardInterrupt as exc:
                kept = target.interrupted()
                where = f" kept in {kept}" if kept else ""
                what = "interrupted" if not isinstance(exc, Terminated) else _signal_name(exc)
                typer.echo(f"Error: {what}; {report.files} finished records{where}", err=True)
                typer.echo(report.summary(interrupted=True), err=True)
                return interrupt_exit_code(exc)
            target.complete()
    except BrokenPipeError:
        # The reader went away (`| head`): nothing more can be written, and that is no error.
        target.failed()
        _silence_stdout()
        return ExitCode.OK
    except OSError as exc:
        # A full disk, an I/O error: one line, and no temporary file left filling the disk.
        target.failed()
        typer.echo(error_line(f"cannot write the output: {exc.strerror or exc}"), err=True)
        return ExitCode.OUTPUT_FAILED
    except BaseException:
        target.failed()
        raise
    typer.echo(report.summary(), err=True)
    if fmt == "sqlite":
        typer.echo(target.describe(), err=True)
    return ExitCode.INPUT_FAILED if report.failed else ExitCode.OK


def _signal_name(exc: Terminated) -> str:
    import signal

    return f"stopped by {signal.Signals(exc.signum).name}"


def _write(outcomes, fmt: str, stream, *, flat: bool, report, escape_formulas: bool = True) -> None:
    """Write each outcome as it arrives and count it once written."""
    if fmt == "sqlite":
        # The database takes the records as the JSON lines the workers made.
        for outcome in outcomes:
            stream.add_line(outcome.as_line())
            report.add(outcome)
        return
    if fmt == "jsonl" and not flat:
        # Fast path: records are written as the JSON lines they already are (from workers),
        # with no re-validation; one flush per line keeps the stream live for `| jq`.
        for outcome in outcomes:
            stream.write(outcome.as_line())
            stream.write("\n")
            stream.flush()
            report.add(outcome)
        return
    from claimx.outputs.writers import write_records

    pending = []

    def records():
        for outcome in outcomes:
            pending.append(outcome)
            yield outcome.as_record()

    for _ in write_records(records(), fmt, stream, flat=flat, escape_formulas=escape_formulas):
        report.add(pending.pop(0))


def _known_total(
    inputs: list[str],
    from_list: str | None,
    recursive: bool,
    glob: str | None,
    input_format,
    output: str | None = None,
) -> int | None:
    """How many records are coming, when that is cheap and certain (for the progress bar's ETA).

    Only for plain file and folder inputs shown to a terminal; JSON Lines and stdin hold an
    unknown number of articles, and the bar then counts without an ETA.
    """
    if not sys.stderr.isatty() or from_list is not None or input_format is InputFormat.jsonl:
        return None
    try:
        from claimx.inputs.readers import expand_paths
    except ImportError:
        return None
    if "-" in inputs:
        return None
    try:
        return sum(
            1
            for _ in expand_paths(
                inputs, recursive=recursive, glob=glob, exclude=own_outputs(output)
            )
        )
    except Exception:  # noqa: BLE001 - the total is cosmetic; never fail a run over it
        return None


def _silence_stdout() -> None:
    # Python flushes stdout at exit; pointing it at /dev/null avoids a second BrokenPipeError.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
