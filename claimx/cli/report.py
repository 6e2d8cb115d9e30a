"""`claimx report`: articles or records in, one self-contained HTML page out."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Optional

import typer

from claimx.cli.app import app, fail
from claimx.errors import ClaimxError, ExitCode
from claimx.schema import DocumentRecord

RECORD_SUFFIXES = (".jsonl", ".ndjson")


@app.command()
def report(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Folders or files of articles, JSON Lines files of claimx records (from `claimx extract "
            "--include-text`), or - for records on standard input.",
            show_default=False,
        ),
    ],
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", help="HTML file to write (- for standard output).", show_default=False
        ),
    ],
    title: Annotated[
        str, typer.Option("--title", help="Heading of the report page.")
    ] = "claimx report",
    model: Annotated[
        Optional[str],
        typer.Option(
            "--model",
            "-m",
            envvar="CLAIMX_MODEL",
            help="spaCy pipeline to use (package name or path).",
        ),
    ] = None,
    rules: Annotated[
        Optional[str],
        typer.Option(
            "--rules", help="Directory of rule files to use instead of the shipped models/."
        ),
    ] = None,
    publication: Annotated[
        Optional[str],
        typer.Option("--publication", help="Publication name for publication-voice claims."),
    ] = None,
    unattributed: Annotated[
        bool,
        typer.Option(
            "--unattributed/--no-unattributed",
            help="Include claims the publication itself asserts.",
        ),
    ] = True,
    recursive: Annotated[
        bool, typer.Option("--recursive", "-r", help="Descend into subfolders of folder inputs.")
    ] = False,
    glob: Annotated[
        Optional[str],
        typer.Option(
            "--glob",
            help="Only files of folder inputs whose names match this pattern, e.g. '*.txt'.",
        ),
    ] = None,
    processes: Annotated[
        int, typer.Option("--processes", "-j", min=1, help="Worker processes for extraction.")
    ] = 1,
) -> None:
    """Write an HTML report: highlighted claims per article, and sortable tables of claimants and comparisons."""
    from claimx.outputs.html_report import write_report

    failures: list[str] = []
    extractor_box: list = []

    def get_extractor():
        # Loaded only when some input needs extracting: a report of records never loads spaCy.
        if not extractor_box:
            from claimx.engines.extractor import Extractor

            extractor_box.append(
                Extractor(model, rules_dir=rules, unattributed=unattributed, include_text=True)
            )
        return extractor_box[0]

    def records() -> Iterator[DocumentRecord]:
        for given in inputs:
            if _is_record_source(given):
                yield from _records_from(given, failures)
                continue
            from claimx.inputs.readers import iter_articles

            def articles():
                for art in iter_articles([given], recursive=recursive, glob=glob):
                    art.publication = art.publication or publication
                    yield art

            for record in get_extractor().pipe(articles(), n_process=processes):
                if record.error is not None:
                    failures.append(record.error.message)
                    typer.echo(f"Error: {record.error.message}", err=True)
                yield record

    try:
        stats = _write(
            output, lambda stream: write_report(_progress(records()), stream, title=title)
        )
    except ClaimxError as exc:
        raise fail(str(exc), exc.exit_code) from None
    except OSError as exc:
        raise fail(f"cannot write {output}: {exc.strerror or exc}") from None
    where = "standard output" if output == "-" else output
    typer.echo(
        f"report: {stats.articles} articles, {stats.claims} claims, {len(stats.claimants)} claimants, "
        f"{len(stats.comparisons)} comparative claims -> {where}",
        err=True,
    )
    if failures:
        raise typer.Exit(int(ExitCode.INPUT_FAILED))


def _is_record_source(given: str) -> bool:
    """Standard input, or a .jsonl file whose first line is a claimx record (not an article)."""
    if given == "-":
        return True
    path = Path(given)
    if path.suffix.lower() not in RECORD_SUFFIXES or not path.is_file():
        return False
    from claimx.outputs.html_report import looks_like_records

    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.strip():
                    return looks_like_records(line)
    except OSError:
        return False
    return False


def _records_from(given: str, failures: list[str]) -> Iterator[DocumentRecord]:
    from claimx.outputs.html_report import read_records

    source = "<stdin>" if given == "-" else given
    try:
        fh = sys.stdin if given == "-" else open(given, encoding="utf-8", errors="replace")  # noqa: SIM115
    except OSError as exc:
        failures.append(f"{given}: {exc.strerror or exc}")
        typer.echo(f"Error: {given}: {exc.strerror or exc}", err=True)
        return
    try:
        for item in read_records(fh, source):
            if isinstance(item, DocumentRecord):
                if item.error is not None:
                    failures.append(item.error.message)
                yield item
            else:
                failures.append(item[1])
                typer.echo(f"Error: {item[1]}", err=True)
    finally:
        if fh is not sys.stdin:
            fh.close()


def _progress(records: Iterator[DocumentRecord]) -> Iterator[DocumentRecord]:
    """Count articles on stderr while they are processed, when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield from records
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.completed} articles"),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("report", total=None)
        for record in records:
            bar.advance(task)
            yield record


def _write(output: str, render):
    """Run `render(stream)` into `output` atomically (a temporary file renamed at the end)."""
    if output == "-":
        return render(sys.stdout)
    target = Path(output)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            result = render(fh)
        # mkstemp makes the file private; a report is an ordinary file, readable as umask allows.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result
