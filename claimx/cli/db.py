"""`claimx db`: claims databases built from part files, and their shared claim groups.

claimx db import out/ -o claims.db         # JSONL shards or the Dask engine's Parquet
claimx db groups claims.db                 # the same claim printed in several articles
"""

from __future__ import annotations

from typing import Annotated

import typer

from claimx.cli.app import app, fail
from claimx.cli.search import (
    DatabaseArgument,
    LimitOption,
    ListingFormat,
    ListingFormatOption,
    open_existing,
    print_rows,
)
from claimx.errors import ClaimxError, ExitCode

db_app = typer.Typer(
    help="Claims databases: build one from part files, list claims printed in several articles.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")


@db_app.command("import")
def import_(
    parts: Annotated[
        list[str],
        typer.Argument(
            help="Part files or folders: *.jsonl records, or claims/ and documents/ Parquet tables.",
            show_default=False,
        ),
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", help="The claims database to create or add to.")
    ],
    entities: Annotated[
        str | None,
        typer.Option("--entities", help="A gazetteer, JSON Lines of {id, name, aliases}."),
    ] = None,
) -> None:
    """Build (or add to) a claims database from JSON Lines or Parquet part files."""
    from claimx.database import ClaimsDatabase, load_gazetteer
    from claimx.database.importer import import_parts

    try:
        gazetteer = load_gazetteer(entities) if entities else None
        database = ClaimsDatabase(output, gazetteer=gazetteer)
    except ClaimxError as exc:
        raise fail(str(exc), exc.exit_code) from None
    try:
        # Leaving the block commits and derives on success and on Ctrl-C, rolls back on errors.
        with database:
            n = import_parts(parts, database)
    except ClaimxError as exc:
        raise fail(str(exc), exc.exit_code) from None
    except KeyboardInterrupt:
        raise fail(
            f"interrupted; {database.documents} records committed into {output}",
            ExitCode.INTERRUPTED,
        ) from None
    summary = database.summary
    assert summary is not None
    typer.echo(
        f"{n} records into {output} ({database.replaced} replaced); "
        f"{summary.claimants} claimants, {summary.shared_groups} claims printed in several articles",
        err=True,
    )


@db_app.command("groups")
def groups(
    database: DatabaseArgument,
    min_documents: Annotated[
        int, typer.Option("--min-documents", min=1, help="Printed in at least this many articles.")
    ] = 2,
    limit: LimitOption = 50,
    output_format: ListingFormatOption = ListingFormat.table,
) -> None:
    """Claims printed in several articles: which outlets ran the same quote."""
    from claimx.database.search import GROUP_COLUMNS, shared_groups

    db = open_existing(database)
    rows = shared_groups(db, min_documents=min_documents, limit=limit or None)
    print_rows(rows, GROUP_COLUMNS, output_format, "claims printed in several articles")
