"""claimx: who claims what in the news.

>>> import claimx
>>> record = claimx.extract("Analysts said the chip is faster than the A100.")
>>> record.claims[0].claimant.name
'Analysts'
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from claimx.version import __version__

__all__ = ["Claim", "DocumentRecord", "Extractor", "__version__", "extract"]

if TYPE_CHECKING:
    from claimx.engines.extractor import Extractor
    from claimx.schema import Claim, DocumentRecord


def __getattr__(name: str) -> Any:
    # Lazy imports keep `claimx --version` and `claimx schema` from loading spaCy.
    if name == "Extractor":
        from claimx.engines.extractor import Extractor

        return Extractor
    if name in ("DocumentRecord", "Claim"):
        from claimx import schema

        return getattr(schema, name)
    raise AttributeError(f"module 'claimx' has no attribute {name!r}")


def extract(
    text: str,
    *,
    title: str | None = None,
    publication: str | None = None,
    model: str | None = None,
    path: str | None = None,
    frames: str | Collection[str] | None = None,
) -> DocumentRecord:
    """Extract the claims of one article and return its validated record.

    `frames` keeps only the claims of these frames ("speech,belief" or a list; None: all), as
    `Extractor(frames=...)` does. The spaCy pipeline is loaded on first use and reused by later
    calls with the same model.
    """
    from claimx.engines.extractor import get_extractor
    from claimx.engines.frames import parse_frames, select_frames

    wanted = parse_frames(frames)
    record = get_extractor(model).extract(text, title=title, publication=publication, path=path)
    return select_frames(record, wanted)
