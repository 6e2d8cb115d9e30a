"""Writing records: JSON, JSON Lines, flat CSV/TSV/JSON Lines and a Rich table.

Writers stream and flush per record. The flat formats (`csv`, `tsv`, `jsonl` with `flat=True`)
write one row per claim; their columns are `FLAT_COLUMNS`, built by `flat_rows()` alone so every
flat format (and Parquet) agrees on them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from claimx.schema import DocumentRecord

# One row per claim, document fields first. A document with no claims (or an error) still gets
# one row, with the claim columns empty, so no input disappears from a spreadsheet.
FLAT_COLUMNS: tuple[str, ...] = (
    "document_id",
    "document_path",
    "document_title",
    "document_publication",
    "document_url",
    "document_published",
    "error_type",
    "error_message",
    "claim_index",
    "claim_id",
    "claimant_name",
    "claimant_kind",
    "claimant_role",
    "claimant_text",
    "claimant_start",
    "claimant_end",
    "cue",
    "cue_start",
    "cue_end",
    "attribution",
    "hedged",
    "hedge",
    "content",
    "content_start",
    "content_end",
    "sentence_start",
    "sentence_end",
    "comparison_subject",
    "comparison_relation",
    "comparison_object",
    "comparison_condition",
    "confidence",
    "rule",
    "duplicate_of",
)

FLAT_FORMATS = ("csv", "tsv", "jsonl")
FORMATS = ("json", "jsonl", "table", "csv", "tsv")


def flat_rows(record: DocumentRecord) -> list[dict[str, Any]]:
    """The flat rows of one record: one dict per claim, keys `FLAT_COLUMNS` in order.

    Values keep their JSON types (str, int, float, bool, or None when absent), so callers
    choose how to render them: CSV writes None as an empty cell, flat JSONL as null, Parquet
    as a null of the column's type. A record with no claims, including an error record, gives
    one row whose claim columns (`claim_index` onwards) are all None.
    """
    doc = record.document
    base: dict[str, Any] = dict.fromkeys(FLAT_COLUMNS)
    base.update(
        document_id=doc.id,
        document_path=doc.path,
        document_title=doc.title,
        document_publication=doc.publication,
        document_url=doc.url,
        document_published=doc.published,
        error_type=record.error.type if record.error else None,
        error_message=record.error.message if record.error else None,
    )
    if not record.claims:
        return [base]
    rows = []
    for n, claim in enumerate(record.claims, 1):
        who = claim.claimant
        comp = claim.comparison
        row = dict(base)
        row.update(
            claim_index=n,
            claim_id=claim.id,
            claimant_name=who.name,
            claimant_kind=who.kind,
            claimant_role=who.role,
            claimant_text=who.span.text if who.span else None,
            claimant_start=who.span.start if who.span else None,
            claimant_end=who.span.end if who.span else None,
            cue=claim.cue.text if claim.cue else None,
            cue_start=claim.cue.start if claim.cue else None,
            cue_end=claim.cue.end if claim.cue else None,
            attribution=claim.attribution,
            hedged=claim.hedged,
            hedge=claim.hedge.text if claim.hedge else None,
            content=claim.content.text,
            content_start=claim.content.start,
            content_end=claim.content.end,
            sentence_start=claim.sentence.start,
            sentence_end=claim.sentence.end,
            comparison_subject=comp.subject.text if comp else None,
            comparison_relation=comp.relation if comp else None,
            comparison_object=comp.object.text if comp else None,
            comparison_condition=comp.condition.text if comp and comp.condition else None,
            confidence=claim.confidence,
            rule=claim.rule,
            duplicate_of=claim.duplicate_of,
        )
        rows.append(row)
    return rows


def write_records(
    records: Iterable[DocumentRecord], fmt: str, stream: TextIO, *, flat: bool = False
) -> Iterator[DocumentRecord]:
    """Write each record to `stream` in `fmt` as it arrives, and yield it on.

    `json` writes indented JSON (one document per input; several are separated by newlines),
    `jsonl` one compact record a line, `table` a Rich table per record for people.
    `csv` and `tsv` write a header, then one row per claim (see `flat_rows`); `jsonl` with
    `flat=True` writes those rows as JSON objects, one claim a line. `flat` is an error with
    `json` and `table`; it changes nothing for `csv` and `tsv`, which are always flat.
    Nothing is written until the returned iterator is consumed.
    """
    # Checked here, not in the generator, so a bad call fails at once rather than on first use.
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if flat and fmt not in FLAT_FORMATS:
        raise ValueError(f"--flat works with jsonl, csv and tsv, not {fmt}")
    if fmt == "table":
        return _write_tables(records, stream)
    if fmt == "csv":
        return _write_csv(records, stream)
    if fmt == "tsv":
        return _write_tsv(records, stream)
    if fmt == "jsonl" and flat:
        return _write_flat_jsonl(records, stream)
    return _write_json(records, stream, indent=2 if fmt == "json" else None)


def _write_json(
    records: Iterable[DocumentRecord], stream: TextIO, *, indent: int | None
) -> Iterator[DocumentRecord]:
    for record in records:
        stream.write(record.model_dump_json(indent=indent))
        stream.write("\n")
        stream.flush()
        yield record


def _write_flat_jsonl(
    records: Iterable[DocumentRecord], stream: TextIO
) -> Iterator[DocumentRecord]:
    for record in records:
        for row in flat_rows(record):
            stream.write(json.dumps(row, ensure_ascii=False))
            stream.write("\n")
        stream.flush()
        yield record


def _csv_cell(value: Any) -> str:
    """Render a flat value for CSV/TSV: empty for None, `true`/`false` for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _write_csv(records: Iterable[DocumentRecord], stream: TextIO) -> Iterator[DocumentRecord]:
    # RFC 4180 quoting (fields with commas, quotes or newlines are quoted) with \n line ends,
    # which spreadsheets, pandas and csvkit all read.
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(FLAT_COLUMNS)
    stream.flush()
    for record in records:
        for row in flat_rows(record):
            writer.writerow([_csv_cell(row[c]) for c in FLAT_COLUMNS])
        stream.flush()
        yield record


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def tsv_cell(value: Any) -> str:
    """Render a flat value for TSV: tabs, newlines, carriage returns and backslashes are
    backslash-escaped (`\\t`, `\\n`, `\\r`, `\\\\`), so every row is one line and `cut`/`awk` work."""
    return _csv_cell(value).translate(_TSV_ESCAPES)


def _write_tsv(records: Iterable[DocumentRecord], stream: TextIO) -> Iterator[DocumentRecord]:
    stream.write("\t".join(FLAT_COLUMNS) + "\n")
    stream.flush()
    for record in records:
        for row in flat_rows(record):
            stream.write("\t".join(tsv_cell(row[c]) for c in FLAT_COLUMNS) + "\n")
        stream.flush()
        yield record


def _write_tables(records: Iterable[DocumentRecord], stream: TextIO) -> Iterator[DocumentRecord]:
    from rich.console import Console

    console = Console(file=stream)
    for record in records:
        console.print(claims_table(record))
        yield record


def claims_table(record: DocumentRecord):
    """A Rich table of one record's claims: number, claimant, cue, content, attribution, notes.

    The number is the claim's position in `record.claims`, as `claimx show` marks it in the text.
    """
    from rich.table import Table
    from rich.text import Text

    doc = record.document
    title = doc.title or doc.path or doc.id
    table = Table(
        title=Text(f"{title} ({len(record.claims)} claims)"), show_lines=True, expand=True
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Claimant", ratio=2)
    table.add_column("Cue", ratio=1)
    table.add_column("Content", ratio=6)
    table.add_column("Attribution", ratio=1, min_width=12)
    table.add_column("Notes", ratio=2)
    for n, claim in enumerate(record.claims, 1):
        who = claim.claimant
        name = who.name or (who.span.text if who.span else "?")
        if who.role:
            name += f" ({who.role})"
        notes = []
        if claim.hedged:
            notes.append("hedged")
        if claim.comparison:
            comp = claim.comparison
            notes.append(f"{comp.subject.text} → {comp.relation} → {comp.object.text}")
        if claim.duplicate_of:
            notes.append("repeats a body claim")
        # Article text goes in as Text, never as markup: "[" in a quote must not be parsed.
        table.add_row(
            str(n),
            Text.assemble(name, "\n", (who.kind, "dim")),
            Text(claim.cue.text if claim.cue else ""),
            Text(claim.content.text),
            claim.attribution,
            Text("\n".join(notes)),
        )
    if record.error:
        table.caption = Text(f"error: {record.error.type}: {record.error.message}")
    return table
