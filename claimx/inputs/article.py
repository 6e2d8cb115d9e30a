"""`ArticleInput`: one article to extract from, as the readers and the API hand it over."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from claimx.schema import ErrorInfo


@dataclass
class ArticleInput:
    """One article to extract from: its text and what the caller knows of it."""

    text: str | None
    path: str | None = None
    title: str | None = None
    publication: str | None = None
    byline: str | None = None
    url: str | None = None
    published: str | None = None
    id: str | None = None
    encoding: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    error: ErrorInfo | None = None


def document_id(text: str) -> str:
    """A stable id from the text: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


_INPUT_KEYS = {
    "text",
    "path",
    "title",
    "publication",
    "byline",
    "url",
    "published",
    "id",
    "encoding",
}


def as_input(item: str | dict[str, Any] | ArticleInput) -> ArticleInput:
    """Normalise a text, a dict (`{"text", "title", ...}`) or an `ArticleInput`."""
    if isinstance(item, ArticleInput):
        return item
    if isinstance(item, str):
        return ArticleInput(text=item)
    if isinstance(item, dict):
        known = {k: item[k] for k in _INPUT_KEYS if k in item}
        meta = {k: v for k, v in item.items() if k not in _INPUT_KEYS and k != "meta"}
        meta.update(item.get("meta") or {})
        for key in ("title", "publication", "byline", "url", "published", "id", "path", "encoding"):
            if key in known and known[key] is not None and not isinstance(known[key], str):
                known[key] = str(known[key])
        text = known.pop("text", None)
        if text is not None and not isinstance(text, str):
            return ArticleInput(
                text=None,
                error=ErrorInfo(type="invalid", message="'text' is not a string"),
                **known,
                meta=meta,
            )
        return ArticleInput(text=text, **known, meta=meta)
    raise TypeError(f"expected a str, a dict or an ArticleInput, not {type(item).__name__}")
