"""Options several commands share, defined once so their names and help never drift apart.

Each is an `Annotated` type for a command parameter: `model: ModelOption = None`. The names
mirror the `Extractor` keyword arguments (`model`, `rules_dir`, `unattributed`, `frames`) and the reader
options (`recursive`, `glob`).
"""

from __future__ import annotations

from typing import Annotated

import typer

from claimx.nlp.pipeline import MODEL_ENV

ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        envvar=MODEL_ENV,
        help="spaCy pipeline to use (package name or path).",
    ),
]
RulesOption = Annotated[
    str | None,
    typer.Option(
        "--rules",
        help="Folder of rule files to use instead of the shipped ones (claimx/rules/data/).",
    ),
]
PublicationOption = Annotated[
    str | None,
    typer.Option("--publication", help="Publication name for publication-voice claims."),
]
TitleOption = Annotated[
    str | None,
    typer.Option("--title", help="Headline, when the text's first line is not one."),
]
UnattributedOption = Annotated[
    bool,
    typer.Option(
        "--unattributed/--no-unattributed",
        help="Include claims the publication itself asserts.",
    ),
]
RecursiveOption = Annotated[
    bool, typer.Option("--recursive", "-r", help="Descend into sub-folders of folder inputs.")
]
GlobOption = Annotated[
    str | None,
    typer.Option(
        "--glob",
        help="Only files of folder inputs whose name matches this pattern, e.g. '*.txt'.",
    ),
]
JobsOption = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        help="Worker processes (0 or a negative number, as in spaCy: one per CPU); order is kept.",
    ),
]


def _check_frames(value: str | None) -> str | None:
    """`--frame` as given, once every name in it is a frame (else a usage error, exit 2)."""
    from claimx.engines.frames import parse_frames

    try:
        parse_frames(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    return value


FrameOption = Annotated[
    str | None,
    typer.Option(
        "--frame",
        callback=_check_frames,
        help="Keep only claims of these frames, comma-separated: speech, belief, intention, "
        "finding, evidential (default: all).",
        show_default=False,
    ),
]
