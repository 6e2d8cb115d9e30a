"""Rows of a query (dicts of JSON values) as a Rich table, JSON Lines or CSV.

What `claimx search` and `claimx claimants` print: the same three renderings as `extract`'s
flat formats, for rows whose columns the caller names.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

LISTING_FORMATS = ("table", "jsonl", "csv")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_listing(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
    fmt: str,
    stream: TextIO,
    *,
    title: str | None = None,
) -> int:
    """Write `rows` (keys `columns`) to `stream` in `fmt`; returns how many rows."""
    if fmt not in LISTING_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(LISTING_FORMATS)}")
    n = 0
    if fmt == "jsonl":
        for row in rows:
            stream.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n")
            n += 1
        return n
    if fmt == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
            n += 1
        return n
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in columns))
        n += 1
    Console(file=stream).print(table)
    return n
