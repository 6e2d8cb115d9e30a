"""The Typer app of the `claimx` command, its global options, and the one-line error helper.

A leaf: the commands (one module each in this folder) register themselves on `app`, and
`claimx.cli.main` imports them all.

stdout carries data only (JSON, JSON Lines, CSV); messages, progress and summaries go to stderr.
Errors are one line, `Error: ...`, with the exit codes of `claimx.errors.ExitCode`.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from claimx.errors import ClaimxError, ExitCode
from claimx.version import __version__

app = typer.Typer(
    name="claimx",
    help="Who claims what in the news: extract attributed claims from articles as validated records.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class State:
    """Options shared by every command."""

    debug: bool = False


def error_line(message: str) -> str:
    """`Error: message` as one line a terminal shows but never obeys: newlines, escape
    sequences and bidi controls from input text (a file name, a title) are made visible."""
    from claimx.outputs.neutral import for_terminal

    return f"Error: {for_terminal(message)}"


def fail(message: str, code: ExitCode = ExitCode.INPUT_FAILED) -> typer.Exit:
    """Print `Error: message` on stderr and return the Exit to raise."""
    typer.echo(error_line(message), err=True)
    return typer.Exit(int(code))


def _version_callback(value: bool) -> None:
    if not value:
        return
    lines = [f"claimx {__version__}"]
    try:
        from spacy import about

        lines.append(f"spaCy {about.__version__}")
    except ImportError:  # pragma: no cover - spaCy is a dependency
        lines.append("spaCy not installed")
    try:
        from claimx.nlp.pipeline import pipeline_version, resolve_model

        lines.append(f"pipeline {pipeline_version(resolve_model(None))}")
    except ClaimxError as exc:
        lines.append(f"pipeline: none ({exc})")
    try:
        from claimx.rules.loader import load_rules

        rules = load_rules()
        lines.append(f"rules {rules.name} {rules.version}")
    except ClaimxError as exc:
        lines.append(f"rules: invalid ({exc})")
    typer.echo("\n".join(lines))
    raise typer.Exit(0)


@app.callback()
def main_callback(
    version: Annotated[
        bool | None,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help="Show claimx, spaCy, pipeline and rules versions, then exit.",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
) -> None:
    """Who claims what in the news."""
    State.debug = debug


class OutputFormat(str, Enum):
    """Output formats of `claimx extract`."""

    auto = "auto"
    json = "json"
    jsonl = "jsonl"
    table = "table"
    csv = "csv"
    tsv = "tsv"
    parquet = "parquet"  # --engine dask only: a folder of Parquet tables
    sqlite = "sqlite"  # a claims database (-o claims.db; see claimx.database)
