"""The `claimx` console script: the app with every command registered, and its error handling.

stdout carries data only (JSON, JSON Lines, CSV); messages, progress and summaries go to stderr.
Errors are one line, `Error: ...`, with the exit codes of `claimx.errors.ExitCode`.
"""

from __future__ import annotations

import sys

import typer

# Importing a command module registers its command on `app`; `--help` lists them in this
# order, the main job first, so the imports are kept out of alphabetical sorting.
# isort: off
from claimx.cli import extract as _extract  # noqa: F401
from claimx.cli import show as _show  # noqa: F401
from claimx.cli import report as _report  # noqa: F401
from claimx.cli import search as _search  # noqa: F401
from claimx.cli import claimants as _claimants  # noqa: F401
from claimx.cli import db as _db  # noqa: F401
from claimx.cli import eval as _eval  # noqa: F401
from claimx.cli import schema as _schema  # noqa: F401

# isort: on
from claimx.cli.app import State, app, error_line
from claimx.errors import ClaimxError, interrupt_exit_code

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point: run the app, turning ClaimxErrors into one-line errors."""
    try:
        app(standalone_mode=True)
    except ClaimxError as exc:
        if State.debug:
            raise
        typer.echo(error_line(str(exc)), err=True)
        sys.exit(int(exc.exit_code))
    except KeyboardInterrupt as exc:  # also SIGTERM and SIGHUP (claimx.cli.signals)
        typer.echo("Error: interrupted", err=True)
        sys.exit(int(interrupt_exit_code(exc)))
