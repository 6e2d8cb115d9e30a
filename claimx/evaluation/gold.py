"""Gold annotations: PolNeAR-format articles with their attributions, read and checked."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimx.errors import ClaimxError
from claimx.evaluation.chars import CharSet, charset

# Gold types come from PolNeAR's `type_heuristic`.
TYPES = ("direct", "mixed", "indirect")
UNKNOWN_TYPE = "unknown"


class GoldFormatError(ClaimxError):
    """A gold or prediction file is malformed; the message names the file and line."""


# -- character sets ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution, reduced to what scoring needs."""

    id: str
    content: CharSet
    source: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    type: str = UNKNOWN_TYPE
    cue_text: str | None = None
    source_text: str | None = None
    content_text: str = ""


@dataclass
class GoldArticle:
    """One gold article: its text, its scoreable attributions, and those without content."""

    id: str
    text: str
    attributions: list[GoldAttribution]
    meta: dict[str, Any] = field(default_factory=dict)
    skipped: int = 0


def _span(obj: Any, where: str) -> tuple[int, int] | None:
    if obj is None:
        return None
    if (
        not isinstance(obj, dict)
        or not isinstance(obj.get("start"), int)
        or not isinstance(obj.get("end"), int)
    ):
        raise GoldFormatError(f"{where}: a span needs integer 'start' and 'end'")
    if obj["end"] < obj["start"] or obj["start"] < 0:
        raise GoldFormatError(f"{where}: span end {obj['end']} is before its start {obj['start']}")
    return obj["start"], obj["end"]


def _check_text(text: str, obj: dict[str, Any] | None, where: str) -> None:
    # Offsets that do not point at the annotated words would be scored silently wrong.
    if obj is None or "text" not in obj:
        return
    if text[obj["start"] : obj["end"]] != obj["text"]:
        raise GoldFormatError(
            f"{where}: text[{obj['start']}:{obj['end']}] is {text[obj['start'] : obj['end']]!r}, "
            f"not {obj['text']!r}"
        )


def gold_article(obj: Any, where: str = "gold") -> GoldArticle:
    """Build a `GoldArticle` from one PolNeAR-format object (see the module docstring)."""
    if not isinstance(obj, dict):
        raise GoldFormatError(f"{where}: expected a JSON object")
    if not isinstance(obj.get("text"), str):
        raise GoldFormatError(f"{where}: 'text' must be a string")
    text = obj["text"]
    art_id = str(obj.get("id") or "")
    if not art_id:
        raise GoldFormatError(f"{where}: 'id' is missing")
    attributions = obj.get("attributions")
    if not isinstance(attributions, list):
        raise GoldFormatError(f"{where}: 'attributions' must be a list")
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise GoldFormatError(f"{where}: 'meta' must be an object")

    golds: list[GoldAttribution] = []
    skipped = 0
    for n, att in enumerate(attributions, 1):
        if not isinstance(att, dict):
            raise GoldFormatError(f"{where}: attribution {n} is not an object")
        aid = str(att.get("id") or f"#{n}")
        here = f"{where}: attribution {aid}"
        source = att.get("source")
        cue = att.get("cue")
        content = att.get("content")
        for name, span in (("source", source), ("cue", cue), ("content", content)):
            _span(span, f"{here} {name}")
            _check_text(text, span, f"{here} {name}")
        ranges: list[tuple[int, int]] = []
        if content is not None:
            fragments = content.get("fragments")
            if fragments:
                for f in fragments:
                    ranges.append(_span(f, f"{here} content fragment"))  # type: ignore[arg-type]
                    _check_text(text, f, f"{here} content fragment")
            else:
                ranges.append((content["start"], content["end"]))
        chars = charset(ranges)
        if not chars:
            skipped += 1
            continue
        kind = att.get("type_heuristic") or UNKNOWN_TYPE
        golds.append(
            GoldAttribution(
                id=aid,
                content=chars,
                source=_span(source, here),
                cue=_span(cue, here),
                type=str(kind),
                cue_text=text[cue["start"] : cue["end"]] if cue else None,
                source_text=text[source["start"] : source["end"]] if source else None,
                content_text=" … ".join(text[s:e] for s, e in chars),
            )
        )
    return GoldArticle(id=art_id, text=text, attributions=golds, meta=meta, skipped=skipped)


def json_values(path: Path) -> Iterable[tuple[int, Any]]:
    """The JSON values of a file: JSON Lines, or indented JSON documents one after another.

    Yields (line number where the value starts, value).
    """
    try:
        data = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFormatError(f"{path}: cannot read: {exc}") from None
    decoder = json.JSONDecoder()
    pos = 0
    while True:
        while pos < len(data) and data[pos].isspace():
            pos += 1
        if pos >= len(data):
            return
        line = data.count("\n", 0, pos) + 1
        try:
            value, pos = decoder.raw_decode(data, pos)
        except json.JSONDecodeError as exc:
            raise GoldFormatError(f"{path}:{line}: invalid JSON: {exc.msg}") from None
        yield line, value


def read_gold(path: str | Path) -> list[GoldArticle]:
    """Read a gold file: one PolNeAR-format article per line (see the README)."""
    path = Path(path)
    articles = [gold_article(obj, f"{path}:{line}") for line, obj in json_values(path)]
    seen: set[str] = set()
    for art in articles:
        if art.id in seen:
            raise GoldFormatError(f"{path}: article id {art.id!r} appears twice")
        seen.add(art.id)
    return articles


def extractor_item(article: GoldArticle) -> dict[str, Any]:
    """The `Extractor.pipe` item for a gold article: its whole text, with its id as document id."""
    item: dict[str, Any] = {"text": article.text, "id": article.id}
    title = article.meta.get("title")
    if isinstance(title, str) and title:
        item["title"] = title
    publication = article.meta.get("publication") or article.meta.get("publisher")
    if isinstance(publication, str) and publication:
        item["publication"] = publication
    return item
