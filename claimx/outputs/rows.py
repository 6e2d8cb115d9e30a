"""Flat rows: one dict per claim with the document's fields repeated, for CSV, TSV, flat JSON
Lines and Parquet. Built here once, so every flat format agrees column for column."""

from __future__ import annotations

from typing import Any

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
    "frame",
    "negated",
    "negation",
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
    "comparison_polarity",
    "comparison_negated",
    "comparison_subject_name",
    "comparison_object_name",
    "comparisons",
    "confidence",
    "rule",
    "duplicate_of",
)


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
        # The first comparison in columns; `comparisons` says how many the claim has.
        comp = claim.comparisons[0] if claim.comparisons else None
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
            frame=claim.frame,
            negated=claim.negated,
            negation=claim.negation.text if claim.negation else None,
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
            comparison_polarity=comp.polarity if comp else None,
            comparison_negated=comp.negated if comp else None,
            comparison_subject_name=comp.subject_name if comp else None,
            comparison_object_name=comp.object_name if comp else None,
            comparisons=len(claim.comparisons),
            confidence=claim.confidence,
            rule=claim.rule,
            duplicate_of=claim.duplicate_of,
        )
        rows.append(row)
    return rows


def claim_rows(record: DocumentRecord) -> list[dict[str, Any]]:
    """The rows of `flat_rows` for the claims alone (none for a record without claims): the
    rows of a table with one row per claim, such as the Parquet claims table."""
    return flat_rows(record) if record.claims else []
