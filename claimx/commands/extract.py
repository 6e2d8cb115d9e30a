"""`claimx extract`: articles in, one validated record per article out."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from claimx.cli import OutputFormat, app, fail
from claimx.errors import ClaimxError, ExitCode


@app.command()
def extract(
    inputs: Annotated[list[str], typer.Argument(help="Article files, or - for standard input.", show_default=False)],
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="json (one record; default for one input), jsonl (one record a line; default for several), table (for people)."),
    ] = OutputFormat.auto,
    model: Annotated[Optional[str], typer.Option("--model", "-m", envvar="CLAIMX_MODEL", help="spaCy pipeline to use (package name or path).")] = None,
    rules: Annotated[Optional[str], typer.Option("--rules", help="Directory of rule files to use instead of the shipped models/.")] = None,
    publication: Annotated[Optional[str], typer.Option("--publication", help="Publication name for publication-voice claims.")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="Headline, when the text's first line is not one.")] = None,
    unattributed: Annotated[bool, typer.Option("--unattributed/--no-unattributed", help="Include claims the publication itself asserts.")] = True,
) -> None:
    """Extract who claims what from news articles."""
    from claimx.extractor import Extractor
    from claimx.output import write_records
    from claimx.readers import iter_articles

    try:
        extractor = Extractor(model, rules_dir=rules, unattributed=unattributed)
    except ClaimxError as exc:
        raise fail(str(exc), exc.exit_code) from None

    fmt = output_format
    if fmt is OutputFormat.auto:
        fmt = OutputFormat.json if len(inputs) == 1 else OutputFormat.jsonl

    def items():
        for art in iter_articles(inputs):
            art.publication = art.publication or publication
            art.title = art.title or title
            yield art

    failed = 0
    for record in write_records(extractor.pipe(items()), fmt.value, sys.stdout):
        if record.error is not None:
            failed += 1
            typer.echo(f"Error: {record.error.message}", err=True)
    if failed:
        raise typer.Exit(int(ExitCode.INPUT_FAILED))
