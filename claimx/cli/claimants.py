"""`claimx claimants`: the most frequent claimants of a claims database, joined across articles."""

from __future__ import annotations

from typing import Annotated

import typer

from claimx.cli.app import app
from claimx.cli.search import (
    DatabaseArgument,
    LimitOption,
    ListingFormat,
    ListingFormatOption,
    open_existing,
    print_rows,
)


@app.command()
def claimants(
    database: DatabaseArgument,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="Only claimants of this kind: person, organization, group, publication, unknown.",
        ),
    ] = None,
    limit: LimitOption = 20,
    output_format: ListingFormatOption = ListingFormat.table,
) -> None:
    """The most frequent claimants, with their numbers of claims and documents."""
    from claimx.database.search import CLAIMANT_COLUMNS, top_claimants

    db = open_existing(database)
    rows = top_claimants(db, limit=limit or None, kind=kind)
    print_rows(rows, CLAIMANT_COLUMNS, output_format, "claimants")
