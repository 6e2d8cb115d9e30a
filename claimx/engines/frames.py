"""Keep the claims of some frames only (`--frame speech,belief`, `Extractor(frames=...)`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import get_args

from claimx.schema import DocumentRecord, Frame

FRAMES: tuple[str, ...] = get_args(Frame)


def parse_frames(frames: str | Iterable[str] | None) -> frozenset[str] | None:
    """The set of frames named by `frames` ("speech,belief", or a list of names); None (or
    empty) for all of them. Raises `ValueError` naming an unknown frame."""
    if frames is None:
        return None
    names = frames.split(",") if isinstance(frames, str) else list(frames)
    wanted = frozenset(n.strip().lower() for n in names if n.strip())
    unknown = sorted(wanted - set(FRAMES))
    if unknown:
        raise ValueError(f"unknown frame {unknown[0]!r}; frames are: {', '.join(FRAMES)}")
    return wanted if wanted and wanted != set(FRAMES) else None


def select_frames(record: DocumentRecord, frames: Collection[str] | None) -> DocumentRecord:
    """`record` with only the claims whose frame is in `frames` (None: all), their ids
    renumbered to their new positions (`<doc id>:<n>`) and `duplicate_of` pointed at the new
    ids, or cleared when the claim it pointed at was left out."""
    if not frames:
        return record
    kept = [c for c in record.claims if c.frame in frames]
    if len(kept) == len(record.claims):
        return record
    new = {c.id: f"{record.document.id}:{n}" for n, c in enumerate(kept, 1)}
    claims = [
        c.model_copy(
            update={
                "id": new[c.id],
                "duplicate_of": new.get(c.duplicate_of) if c.duplicate_of else None,
            }
        )
        for c in kept
    ]
    return record.model_copy(update={"claims": claims})
