"""Writing records: JSON, JSON Lines and a Rich table. Writers stream and flush per record."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TextIO

from claimx.schema import DocumentRecord


def write_records(
    records: Iterable[DocumentRecord], fmt: str, stream: TextIO, *, flat: bool = False
) -> Iterator[DocumentRecord]:
    """Write each record to `stream` in `fmt` as it arrives, and yield it on.

    `json` writes indented JSON (one document per input; several are separated by newlines),
    `jsonl` one compact record a line, `table` a Rich table per record for people.
    """
    if fmt == "table":
        yield from _write_tables(records, stream)
        return
    for record in records:
        if fmt == "json":
            stream.write(record.model_dump_json(indent=2))
        else:
            stream.write(record.model_dump_json())
        stream.write("\n")
        stream.flush()
        yield record


def _write_tables(records: Iterable[DocumentRecord], stream: TextIO) -> Iterator[DocumentRecord]:
    from rich.console import Console

    console = Console(file=stream)
    for record in records:
        console.print(claims_table(record))
        yield record


def claims_table(record: DocumentRecord):
    """A Rich table of one record's claims: claimant, cue, content, attribution, flags."""
    from rich.table import Table

    doc = record.document
    title = doc.title or doc.path or doc.id
    table = Table(title=f"{title} ({len(record.claims)} claims)", show_lines=True, expand=True)
    table.add_column("Claimant", ratio=2)
    table.add_column("Cue", ratio=1)
    table.add_column("Content", ratio=6)
    table.add_column("Attribution", ratio=1)
    table.add_column("Notes", ratio=2)
    for claim in record.claims:
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
        table.add_row(
            f"{name}\n[dim]{who.kind}[/dim]",
            claim.cue.text if claim.cue else "",
            claim.content.text,
            claim.attribution,
            "\n".join(notes),
        )
    if record.error:
        table.caption = f"error: {record.error.type}: {record.error.message}"
    return table
