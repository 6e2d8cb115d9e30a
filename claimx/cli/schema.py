"""`claimx schema`: print the JSON Schema of the record."""

from __future__ import annotations

import typer

from claimx.cli.app import app


@app.command()
def schema() -> None:
    """Print the JSON Schema of the record `claimx extract` writes."""
    from claimx.schema import json_schema_text

    typer.echo(json_schema_text())
