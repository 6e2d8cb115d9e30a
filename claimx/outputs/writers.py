"""Writing records: JSON, JSON Lines, flat CSV/TSV/JSON Lines and a Rich table.

Writers stream and flush per record. The flat formats (`csv`, `tsv`, `jsonl` with `flat=True`)
write one row per claim; their columns are `claimx.outputs.rows.FLAT_COLUMNS`, built by
`flat_rows()` alone so every flat format (and Parquet) agrees on them.

Untrusted text is neutralised on the way out (`claimx.outputs.neutral`): CSV/TSV cells that a
spreadsheet would run as a formula get a leading `'` (unless `escape_formulas=False`), JSON
Lines escape U+2028/U+2029, and the table view shows control characters instead of sending them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from claimx.outputs.neutral import for_spreadsheet, json_line_safe
from claimx.outputs.rows import FLAT_COLUMNS, flat_rows
from claimx.outputs.terminal import claims_table
from claimx.schema import DocumentRecord

FLAT_FORMATS = ("csv", "tsv", "jsonl")
FORMATS = ("json", "jsonl", "table", "csv", "tsv")


def write_records(
    records: Iterable[DocumentRecord],
    fmt: str,
    stream: TextIO,
    *,
    flat: bool = False,
    escape_formulas: bool = True,
) -> Iterator[DocumentRecord]:
    """Write each record to `stream` in `fmt` as it arrives, and yield it on.

    `json` writes indented JSON (one document per input; several are separated by newlines),
    `jsonl` one compact record a line, `table` a Rich table per record for people.
    `csv` and `tsv` write a header, then one row per claim (see `flat_rows`); `jsonl` with
    `flat=True` writes those rows as JSON objects, one claim a line. `flat` is an error with
    `json` and `table`; it changes nothing for `csv` and `tsv`, which are always flat.
    Nothing is written until the returned iterator is consumed. `escape_formulas` (CSV and
    TSV) prefixes with `'` every text cell starting with `=`, `+`, `-`, `@`, TAB or CR, which a
    spreadsheet would otherwise run as a formula; False writes cells exactly as they are.
    """
    # Checked here, not in the generator, so a bad call fails at once rather than on first use.
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if flat and fmt not in FLAT_FORMATS:
        raise ValueError(f"--flat works with jsonl, csv and tsv, not {fmt}")
    if fmt == "table":
        return _write_tables(records, stream)
    if fmt == "csv":
        return _write_csv(records, stream, escape_formulas=escape_formulas)
    if fmt == "tsv":
        return _write_tsv(records, stream, escape_formulas=escape_formulas)
    if fmt == "jsonl" and flat:
        return _write_flat_jsonl(records, stream)
    return _write_json(records, stream, indent=2 if fmt == "json" else None)


def _write_json(
    records: Iterable[DocumentRecord], stream: TextIO, *, indent: int | None
) -> Iterator[DocumentRecord]:
    for record in records:
        stream.write(json_line_safe(record.model_dump_json(indent=indent)))
        stream.write("\n")
        stream.flush()
        yield record


def _write_flat_jsonl(
    records: Iterable[DocumentRecord], stream: TextIO
) -> Iterator[DocumentRecord]:
    for record in records:
        for row in flat_rows(record):
            stream.write(json_line_safe(json.dumps(row, ensure_ascii=False)))
            stream.write("\n")
        stream.flush()
        yield record


def _csv_cell(value: Any, escape_formulas: bool = False) -> str:
    """Render a flat value for CSV/TSV: empty for None, `true`/`false` for booleans; text
    that would run as a formula prefixed with `'` under `escape_formulas`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return for_spreadsheet(value) if escape_formulas else value
    return str(value)


def _write_csv(
    records: Iterable[DocumentRecord], stream: TextIO, *, escape_formulas: bool
) -> Iterator[DocumentRecord]:
    # RFC 4180 quoting (fields with commas, quotes or newlines are quoted) with \n line ends,
    # which spreadsheets, pandas and csvkit all read.
    writer = csv.writer(stream, lineterminator="\n")
    # The csv module quotes a field with a newline but not one with a lone carriage return
    # (with "\n" line ends), which readers then take for a line end: such rows are quoted whole.
    quoted = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(FLAT_COLUMNS)
    stream.flush()
    for record in records:
        for row in flat_rows(record):
            cells = [_csv_cell(row[c], escape_formulas) for c in FLAT_COLUMNS]
            (quoted if any("\r" in cell for cell in cells) else writer).writerow(cells)
        stream.flush()
        yield record


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def tsv_cell(value: Any, escape_formulas: bool = False) -> str:
    """Render a flat value for TSV: tabs, newlines, carriage returns and backslashes are
    backslash-escaped (`\\t`, `\\n`, `\\r`, `\\\\`), so every row is one line and `cut`/`awk` work;
    under `escape_formulas` a cell that would run as a formula is prefixed with `'`."""
    return _csv_cell(value, escape_formulas).translate(_TSV_ESCAPES)


def _write_tsv(
    records: Iterable[DocumentRecord], stream: TextIO, *, escape_formulas: bool
) -> Iterator[DocumentRecord]:
    stream.write("\t".join(FLAT_COLUMNS) + "\n")
    stream.flush()
    for record in records:
        stream.writelines(
            "\t".join(tsv_cell(row[c], escape_formulas) for c in FLAT_COLUMNS) + "\n"
            for row in flat_rows(record)
        )
        stream.flush()
        yield record


def _write_tables(records: Iterable[DocumentRecord], stream: TextIO) -> Iterator[DocumentRecord]:
    from rich.console import Console

    console = Console(file=stream)
    for record in records:
        console.print(claims_table(record))
        yield record
