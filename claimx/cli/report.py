"""`claimx report`: articles or records in, one self-contained HTML page out."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claimx.cli.app import app, error_line, fail
from claimx.cli.options import (
    FrameOption,
    GlobOption,
    JobsOption,
    ModelOption,
    PublicationOption,
    RecursiveOption,
    RulesOption,
    UnattributedOption,
)
from claimx.errors import ClaimxError, ExitCode
from claimx.outputs.atomic import OutputTarget
from claimx.schema import DocumentRecord

if TYPE_CHECKING:
    from claimx.inputs.article import ArticleInput

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
    model: ModelOption = None,
    rules: RulesOption = None,
    publication: PublicationOption = None,
    unattributed: UnattributedOption = True,
    frame: FrameOption = None,
    recursive: RecursiveOption = False,
    glob: GlobOption = None,
    jobs: JobsOption = 1,
) -> None:
    """Write an HTML report: highlighted claims per article, and sortable tables of claimants and comparisons."""
    from claimx.engines.frames import parse_frames, select_frames
    from claimx.outputs.html_report import write_report

    failures: list[str] = []
    extractor_box: list = []

    def get_extractor():
        # Loaded only when some input needs extracting: a report of records never loads spaCy.
        if not extractor_box:
            from claimx.engines.extractor import Extractor

            extractor_box.append(
                Extractor(
                    model,
                    rules_dir=rules,
                    unattributed=unattributed,
                    include_text=True,
                    frames=frame,
                )
            )
        return extractor_box[0]

    def records() -> Iterator[DocumentRecord]:
        for given in inputs:
            if _is_record_source(given):
                # Records read back are kept to the frames asked for, as extraction would.
                wanted = parse_frames(frame)
                for record in _records_from(given, failures):
                    yield select_frames(record, wanted)
                continue
            from claimx.inputs.readers import iter_articles

            def articles(given: str = given) -> Iterator[ArticleInput]:
                # The report itself (an .html file) is never read back as an article.
                own = [] if output == "-" else [output]
                for art in iter_articles([given], recursive=recursive, glob=glob, exclude=own):
                    art.publication = art.publication or publication
                    yield art

            for record in get_extractor().pipe(articles(), n_process=jobs):
                if record.error is not None:
                    failures.append(record.error.message)
                    typer.echo(error_line(record.error.message), err=True)
                yield record

    from claimx.cli.progress import RunProgress  # Rich's progress: only when a command runs
    from claimx.cli.signals import stop_like_interrupt

    progress = RunProgress(label="report", report_errors=False)
    try:
        # The same target as `extract -o`: stdout for `-`, a device as it is, else atomically.
        target = OutputTarget(None if output == "-" else output)
        try:
            # SIGTERM/SIGHUP end the report as Ctrl-C does: no half report, exit 143/129.
            with stop_like_interrupt(), progress:
                stats = write_report(progress.track(records()), target.stream, title=title)
        except BaseException:
            target.failed()
            raise
        target.complete()
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
    from claimx.inputs.records import looks_like_records

    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.strip():
                    return looks_like_records(line)
    except OSError:
        return False
    return False


def _records_from(given: str, failures: list[str]) -> Iterator[DocumentRecord]:
    from claimx.inputs.records import read_records

    source = "<stdin>" if given == "-" else given
    try:
        fh = sys.stdin if given == "-" else open(given, encoding="utf-8", errors="replace")  # noqa: SIM115
    except OSError as exc:
        failures.append(f"{given}: {exc.strerror or exc}")
        typer.echo(error_line(f"{given}: {exc.strerror or exc}"), err=True)
        return
    try:
        for item in read_records(fh, source):
            if isinstance(item, DocumentRecord):
                if item.error is not None:
                    failures.append(item.error.message)
                yield item
            else:
                failures.append(item[1])
                typer.echo(error_line(item[1]), err=True)
    finally:
        if fh is not sys.stdin:
            fh.close()
