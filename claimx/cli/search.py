"""`claimx search`: full-text search over a claims database (`claimx extract -o claims.db`).

The queries are `claimx.database.search`; this module parses options and prints rows.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from claimx.cli.app import app, fail
from claimx.errors import ExitCode


class ListingFormat(str, Enum):
    """How `search`, `claimants` and `db groups` print rows."""

    table = "table"
    jsonl = "jsonl"
    csv = "csv"


DatabaseArgument = Annotated[
    str, typer.Argument(help="A claims database (claimx extract -o claims.db).", show_default=False)
]
ListingFormatOption = Annotated[
    ListingFormat, typer.Option("--format", "-f", help="table (for people), jsonl or csv.")
]
LimitOption = Annotated[
    int, typer.Option("--limit", "-n", min=0, help="At most this many rows (0: all).")
]
KindOption = Annotated[
    str | None,
    typer.Option(
        "--kind",
        help="Only claimants of this kind: person, organization, group, publication, unknown.",
    ),
]


def open_existing(path: str):
    """The database at `path`, opened for reading; a missing or foreign file is a usage error."""
    from pathlib import Path

    from claimx.database import open_database

    if not Path(path).is_file():
        raise fail(f"{path}: no such database", ExitCode.USAGE)
    try:
        db = open_database(path)
        db.execute("SELECT 1 FROM claims LIMIT 1")
    except Exception as exc:  # noqa: BLE001 - sqlite3 raises several kinds for a foreign file
        raise fail(f"{path}: not a claims database ({exc})", ExitCode.USAGE) from None
    return db


def print_rows(rows, columns, fmt: ListingFormat, title: str, table_columns=None) -> None:
    """Print rows on stdout in `fmt` (a table shows `table_columns`, when given)."""
    from claimx.outputs.listing import write_listing

    if fmt is ListingFormat.table and table_columns:
        columns = table_columns
    write_listing(rows, columns, fmt.value, sys.stdout, title=title)


@app.command()
def search(
    database: DatabaseArgument,
    query: Annotated[
        str | None,
        typer.Argument(
            help="Words to find in claim content, sentence, claimant name and entities (all required).",
            show_default=False,
        ),
    ] = None,
    claimant: Annotated[
        str | None,
        typer.Option("--claimant", "-c", help="Only claims of claimants whose name contains this."),
    ] = None,
    kind: KindOption = None,
    frame: Annotated[
        str | None,
        typer.Option(
            "--frame",
            help="Only claims of this frame: speech, belief, intention, finding, evidential.",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="Only documents published on or after this date (YYYY-MM-DD)."
        ),
    ] = None,
    limit: LimitOption = 50,
    output_format: ListingFormatOption = ListingFormat.table,
) -> None:
    """Search the claims of a claims database: who said what about QUERY."""
    from claimx.database.search import SEARCH_COLUMNS, SEARCH_TABLE_COLUMNS
    from claimx.database.search import search as run_search

    db = open_existing(database)
    try:
        rows = run_search(
            db, query, claimant=claimant, kind=kind, frame=frame, since=since, limit=limit or None
        )
    except Exception as exc:  # noqa: BLE001 - an FTS syntax error is the user's query
        raise fail(f"cannot search: {exc}", ExitCode.USAGE) from None
    title = f"claims matching {query or '(all)'}"
    print_rows(rows, SEARCH_COLUMNS, output_format, title, SEARCH_TABLE_COLUMNS)
