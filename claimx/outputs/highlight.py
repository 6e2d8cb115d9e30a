"""Highlighting shared by the HTML report and the terminal view (`claimx show`).

`marks()` and `segments()` turn a record's claims into non-overlapping stretches of text, each
with the claim parts (content, claimant, cue) covering it; `claimant_label` is the name both
show for a claimant; `comparison_note` the line both show for a comparison.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from claimx.schema import Claim, Comparison, DocumentRecord

# The parts of a claim that are highlighted, in the order they are layered.
PARTS = ("content", "claimant", "cue")
PART_LABELS = {
    "content": "what is claimed (its number in the claim list follows it)",
    "claimant": "who claims it",
    "cue": "the cue (said, according to, ...)",
}
UNNAMED = "(unnamed)"


@dataclass(frozen=True)
class Mark:
    """One highlighted part of one claim: `text[start:end]` is its `part` of claim `claim` (1-based)."""

    start: int
    end: int
    part: str
    claim: int


def claimant_label(claim: Claim) -> str:
    """The claimant as people read it: the resolved name, else the mention, else
    `(the publication)` for publication-voice claims and `(unnamed)` for the rest."""
    who = claim.claimant
    named = who.name or (who.span.text if who.span else None)
    if named:
        return named
    # Publication-voice claims of an article whose publication is not known.
    return "(the publication)" if who.kind == "publication" else UNNAMED


def marks(record: DocumentRecord, text: str | None = None) -> list[Mark]:
    """The highlightable parts of a record's claims that really lie in `text`.

    `text` defaults to `record.text`. A span whose offsets do not give back its own text (a
    record paired with a different version of the article) is left out rather than drawn in
    the wrong place.
    """
    text = record.text if text is None else text
    if text is None:
        return []
    out = []
    for n, claim in enumerate(record.claims, 1):
        spans = {"content": claim.content, "claimant": claim.claimant.span, "cue": claim.cue}
        for part in PARTS:
            span = spans[part]
            if span is None or span.end <= span.start:
                continue
            if span.end > len(text) or text[span.start : span.end] != span.text:
                continue
            out.append(Mark(span.start, span.end, part, n))
    return out


def segments(text: str, found: list[Mark]) -> Iterator[tuple[int, int, list[Mark]]]:
    """Split `text` at every mark boundary: yield `(start, end, marks covering it)` in order.

    The stretches cover the whole text; those outside any mark have an empty list. Flat
    stretches sidestep overlapping spans, which nested HTML elements cannot express.
    """
    cuts = sorted({0, len(text), *(m.start for m in found), *(m.end for m in found)})
    for start, end in zip(cuts, cuts[1:]):
        if start == end:
            continue
        yield start, end, [m for m in found if m.start <= start and m.end >= end]


def comparison_note(comp: Comparison) -> str:
    """One comparison for people: "Ascend 910B → outperform (better) → Nvidia's A100", with
    "not" when negated and the resolved names of pronoun sides ("they [Chinese IT companies]")."""

    def side(text: str, name: str | None) -> str:
        return f"{text} [{name}]" if name and name != text else text

    rel = ("not " if comp.negated else "") + comp.relation
    note = (
        f"{side(comp.subject.text, comp.subject_name)} → {rel} ({comp.polarity}) → "
        f"{side(comp.object.text, comp.object_name)}"
    )
    return note + (f", {comp.condition.text}" if comp.condition else "")
