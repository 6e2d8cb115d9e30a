"""Predictions: the claims of claimx records that are scored, and records read back from files."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimx.evaluation.chars import CharSet, charset
from claimx.evaluation.gold import UNKNOWN_TYPE, GoldArticle, GoldFormatError, json_values
from claimx.schema import Claim, DocumentRecord

# claimx's own `according_to` is indirect speech, as the gold types go.
_PRED_TYPE = {
    "direct": "direct",
    "mixed": "mixed",
    "indirect": "indirect",
    "according_to": "indirect",
}


@dataclass(frozen=True)
class Prediction:
    """One predicted claim, reduced to what scoring needs."""

    id: str
    content: CharSet
    claimant: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    type: str = UNKNOWN_TYPE
    confidence: float = 0.0
    cue_text: str | None = None
    claimant_text: str | None = None
    content_text: str = ""


def read_predictions(path: str | Path) -> list[DocumentRecord]:
    """Read `DocumentRecord`s (JSON Lines, or JSON documents one after another)."""
    from pydantic import ValidationError

    path = Path(path)
    records = []
    for line, obj in json_values(path):
        try:
            records.append(DocumentRecord.model_validate(obj))
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise GoldFormatError(
                f"{path}:{line}: not a claimx record: {loc}: {first['msg']}"
            ) from None
    return records


def reported_within(claims: Sequence[Claim]) -> set[str]:
    """Ids of the claims whose cue lies inside the content of another, longer claim: claims
    reported within it (`The aide said the senator believes A`: the senator's belief)."""
    out = set()
    for claim in claims:
        if claim.cue is None:
            continue
        size_ = claim.content.end - claim.content.start
        for other in claims:
            if (
                other is not claim
                and other.content.start <= claim.cue.start
                and claim.cue.end <= other.content.end
                and other.content.end - other.content.start > size_
            ):
                out.add(claim.id)
                break
    return out


def predictions_of(
    record: DocumentRecord, *, top_level: bool = False, frames: Collection[str] | None = None
) -> tuple[list[Prediction], int]:
    """The scoreable predictions of a record, and how many claims were left out.

    Publication-voice claims and headline repeats are left out (see the module docstring), and
    with `top_level` the claims reported within another scoreable claim too: for univocal gold,
    such as PolNeAR, where a word belongs to at most one attribution. With `frames`, claims of
    other frames are left out too (and not counted as excluded: they are another question).
    """
    preds: list[Prediction] = []
    excluded = 0
    scoreable = [
        c for c in record.claims if c.attribution != "unattributed" and c.duplicate_of is None
    ]
    nested = reported_within(scoreable) if top_level else set()
    for claim in record.claims:
        if frames and claim.frame not in frames:
            continue
        if (
            claim.attribution == "unattributed"
            or claim.duplicate_of is not None
            or claim.id in nested
        ):
            excluded += 1
            continue
        span = claim.claimant.span
        preds.append(
            Prediction(
                id=claim.id,
                content=charset([(claim.content.start, claim.content.end)]),
                claimant=(span.start, span.end) if span else None,
                cue=(claim.cue.start, claim.cue.end) if claim.cue else None,
                type=_PRED_TYPE.get(claim.attribution, UNKNOWN_TYPE),
                confidence=claim.confidence,
                cue_text=claim.cue.text if claim.cue else None,
                claimant_text=span.text if span else claim.claimant.name,
                content_text=claim.content.text,
            )
        )
    return preds, excluded


def match_records(
    gold: Sequence[GoldArticle], records: Sequence[DocumentRecord]
) -> list[DocumentRecord | None]:
    """For each gold article, its record: by `document.id`, else `document.meta["id"]`, else order.

    Order is used only when no record matches any article by id and the counts agree; an
    article left without a record gets None (all its gold then counts as missed).
    """
    by_id: dict[str, DocumentRecord] = {}
    by_meta: dict[str, DocumentRecord] = {}
    for rec in records:
        by_id.setdefault(rec.document.id, rec)
        meta_id = rec.document.meta.get("id")
        if meta_id is not None:
            by_meta.setdefault(str(meta_id), rec)
    matched = [by_id.get(a.id) or by_meta.get(a.id) for a in gold]
    if any(m is not None for m in matched):
        return matched
    if len(records) != len(gold):
        raise GoldFormatError(
            f"no prediction record has a gold article's id, and the files differ in length "
            f"({len(records)} records, {len(gold)} articles), so they cannot be matched by order"
        )
    return list(records)
