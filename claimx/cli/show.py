"""`claimx show`: one article in the terminal, claims highlighted, then who claims what.

The rendering is `claimx.outputs.terminal`; this module reads the article and extracts.
"""

from __future__ import annotations

from typing import Annotated

import typer

from claimx.cli.app import app, fail
from claimx.cli.options import (
    FrameOption,
    ModelOption,
    PublicationOption,
    RulesOption,
    TitleOption,
    UnattributedOption,
)
from claimx.errors import ClaimxError, ExitCode


@app.command()
def show(
    article: Annotated[
        str,
        typer.Argument(help="Article file to show, or - for standard input.", show_default=False),
    ],
    model: ModelOption = None,
    rules: RulesOption = None,
    publication: PublicationOption = None,
    title: TitleOption = None,
    unattributed: UnattributedOption = True,
    frame: FrameOption = None,
    markers: Annotated[
        bool | None,
        typer.Option(
            "--markers/--no-markers",
            help="Bracket claimants [[ ]], cues << >> and contents {{ }} in the text; default: only when output has no styling (a pipe, TERM=dumb).",
            show_default=False,
        ),
    ] = None,
    width: Annotated[
        int | None,
        typer.Option(
            "--width", min=20, help="Width in columns; default: the terminal's (or $COLUMNS)."
        ),
    ] = None,
) -> None:
    """Show an article in the terminal with claimants, cues and contents highlighted, then who claims what."""
    from rich.console import Console

    from claimx.engines.extractor import Extractor
    from claimx.inputs.readers import iter_articles
    from claimx.outputs.terminal import print_record

    art = next(iter_articles([article]), None)
    if art is None or art.error is not None:
        raise fail(art.error.message if art and art.error else f"{article}: nothing to read")
    art.publication = art.publication or publication
    art.title = art.title or title
    try:
        extractor = Extractor(
            model, rules_dir=rules, unattributed=unattributed, include_text=True, frames=frame
        )
    except ClaimxError as exc:
        raise fail(str(exc), exc.exit_code) from None
    record = next(extractor.pipe([art]))
    if record.error is not None:
        raise fail(record.error.message, ExitCode.INPUT_FAILED)
    console = Console(width=width, highlight=False, soft_wrap=False)
    print_record(console, record, markers=markers)
