"""Records to Parquet: a flat claims table and a documents table, with pyarrow.

`claims` has one row per claim with its document's fields repeated and spans as text, start
and end columns: exactly the columns of `claimx.outputs.writers.FLAT_COLUMNS`, in that order, typed
(ints, a bool, a double, strings).
Documents without claims, and inputs that failed, have no row there; `documents` has one row
per input (claims count and error included), so nothing is silently dropped and the two join
on `document_id`. Both schemas are fixed, so every part file of a dataset agrees, even an empty
one, and DuckDB, pandas and Spark read a folder of parts as one table.

Needs the `dask` extra (`pip install 'claimx[dask]'`), which brings pyarrow.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from claimx.outputs.rows import claim_rows
from claimx.schema import Claim, Claimant, Comparison, Document, DocumentRecord, ErrorInfo, Span

DOCUMENT_COLUMNS: list[tuple[str, str]] = [
    ("document_id", "string"),
    ("document_path", "string"),
    ("document_title", "string"),
    ("document_publication", "string"),
    ("document_byline", "string"),
    ("document_chars", "int64"),
    ("document_encoding", "string"),
    ("document_url", "string"),
    ("document_published", "string"),
    ("document_meta", "string"),  # JSON text: its keys vary from input to input
    ("claims", "int64"),
    ("error_type", "string"),
    ("error_message", "string"),
]


def _pa():
    try:
        import pyarrow
    except ImportError as exc:  # pragma: no cover - depends on the install
        from claimx.errors import ClaimxError

        raise ClaimxError("Parquet output needs: pip install 'claimx[dask]'") from exc
    return pyarrow


def _sample_record() -> DocumentRecord:
    """A record with every optional field set, so `flat_rows` shows every column and its type."""
    span = Span(text="x", start=0, end=1)
    claim = Claim(
        id="0:1",
        content=span,
        sentence=span,
        claimant=Claimant(span=span, kind="person", name="x", role="x", mention=span),
        cue=span,
        attribution="direct",
        frame="speech",
        negated=True,
        negation=span,
        hedged=True,
        hedge=span,
        comparisons=[
            Comparison(
                subject=span,
                relation="x",
                object=span,
                condition=span,
                polarity="better",
                negated=False,
                subject_name="x",
                object_name="x",
            )
        ],
        confidence=0.5,
        rule="x",
        duplicate_of="0:2",
    )
    doc = Document(
        id="0",
        path="x",
        title="x",
        publication="x",
        byline="x",
        chars=1,
        encoding="x",
        url="x",
        published="x",
        meta={"x": "x"},
    )
    return DocumentRecord(document=doc, claims=[claim, claim.model_copy(update={"id": "0:2"})])


@lru_cache(maxsize=1)
def claims_schema():
    """The pyarrow schema of the claims table, derived from `flat_rows` column by column."""
    pa = _pa()
    row = claim_rows(_sample_record())[0]
    fields = []
    for name, value in row.items():
        if isinstance(value, bool):
            kind = pa.bool_()
        elif isinstance(value, int):
            kind = pa.int64()
        elif isinstance(value, float):
            kind = pa.float64()
        else:
            kind = pa.string()
        fields.append(pa.field(name, kind))
    return pa.schema(fields)


@lru_cache(maxsize=1)
def documents_schema():
    """The pyarrow schema of the documents table (one row per input)."""
    pa = _pa()
    types = {"string": pa.string(), "int64": pa.int64()}
    return pa.schema([pa.field(name, types[kind]) for name, kind in DOCUMENT_COLUMNS])


def _cell(value: Any) -> Any:
    # Structured values (meta, entities) have no fixed shape across rows: keep them as JSON text.
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def claims_arrow(records: Iterable[DocumentRecord]):
    """A pyarrow Table of the claims of `records`, one row per claim."""
    pa = _pa()
    schema = claims_schema()
    columns: dict[str, list[Any]] = {name: [] for name in schema.names}
    for record in records:
        for row in claim_rows(record):
            for name in schema.names:
                columns[name].append(_cell(row.get(name)))
    return pa.Table.from_pydict(columns, schema=schema)


def document_row(record: DocumentRecord) -> dict[str, Any]:
    """The documents-table row of one record."""
    doc = record.document
    error: ErrorInfo | None = record.error
    return {
        "document_id": doc.id,
        "document_path": doc.path,
        "document_title": doc.title,
        "document_publication": doc.publication,
        "document_byline": doc.byline,
        "document_chars": doc.chars,
        "document_encoding": doc.encoding,
        "document_url": doc.url,
        "document_published": doc.published,
        "document_meta": json.dumps(doc.meta, ensure_ascii=False, sort_keys=True)
        if doc.meta
        else None,
        "claims": len(record.claims),
        "error_type": error.type if error else None,
        "error_message": error.message if error else None,
    }


def documents_arrow(records: Iterable[DocumentRecord]):
    """A pyarrow Table with one row per record: document fields, claim count, error."""
    pa = _pa()
    schema = documents_schema()
    rows = [document_row(r) for r in records]
    return pa.Table.from_pylist(rows, schema=schema)


def write_tables(
    records: Iterable[DocumentRecord], claims_file: Any, documents_file: Any
) -> tuple[int, int]:
    """Write the claims and documents tables of `records` to two Parquet files.

    The files are paths or binary file objects (e.g. from `fsspec.open`). Returns
    (claim rows, document rows).
    """
    import pyarrow.parquet as pq

    records = list(records)
    claims = claims_arrow(records)
    documents = documents_arrow(records)
    pq.write_table(claims, claims_file, compression="zstd")
    pq.write_table(documents, documents_file, compression="zstd")
    return claims.num_rows, documents.num_rows
