"""`claimx claimants`: the most frequent claimants of a claims database, joined across articles."""

from __future__ import annotations

from claimx.cli.app import app
from claimx.cli.search import (
    DatabaseArgument,
    KindOption,
    LimitOption,
    ListingFormat,
    ListingFormatOption,
    open_existing,
    print_rows,
)


@app.command()
def claimants(
    database: DatabaseArgument,
    kind: KindOption = None,
    limit: LimitOption = 20,
    output_format: ListingFormatOption = ListingFormat.table,
) -> None:
    """The most frequent claimants, with their numbers of claims and documents."""
    from claimx.database.search import CLAIMANT_COLUMNS, top_claimants

    db = open_existing(database)
    rows = top_claimants(db, limit=limit or None, kind=kind)
    print_rows(rows, CLAIMANT_COLUMNS, output_format, "claimants")
