"""`ArticleInput`: one article to extract from, as the readers and the API hand it over."""

from __future__ import annotations

import hashlib
import os
import re
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


_SURROGATE = re.compile("[\ud800-\udfff]")


def safe_text(text: str) -> str:
    """`text` with any lone surrogate written as its escape (`\\ud800`), so it can be encoded.

    JSON allows `"\\ud800"` and Python decodes it to a lone surrogate, which no UTF-8 writer
    can encode: it would fail the whole record. Text without one comes back unchanged, after
    one quick check.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def safe_path(path: str) -> str:
    """A path as the record and messages show it: a file name that is not valid UTF-8 (Python
    holds its bytes as surrogates) shows those bytes backslash-escaped, `caf\\xe9.txt`."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = os.fsencode(path)
        except UnicodeEncodeError:  # a surrogate that stands for no byte (not from the OS)
            return safe_text(path)
        return safe_text(raw.decode("utf-8", errors="backslashreplace"))
    return path


def safe_value(value: Any) -> Any:
    """A JSON value (from `json.loads`) with `safe_text` applied to every string in it."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        return {safe_text(str(k)): safe_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [safe_value(v) for v in value]
    return value


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
    """Normalise a text, a dict (`{"text", "title", ...}`) or an `ArticleInput`.

    Strings from a text or a dict go through `safe_text` (lone surrogates escaped); a dict's
    `meta` must be an object, else the input is `invalid`.
    """
    if isinstance(item, ArticleInput):
        return item
    if isinstance(item, str):
        return ArticleInput(text=safe_text(item))
    if isinstance(item, dict):
        known = {k: item[k] for k in _INPUT_KEYS if k in item}
        meta = {k: v for k, v in item.items() if k not in _INPUT_KEYS and k != "meta"}
        given_meta = item.get("meta")
        problem = None
        if isinstance(given_meta, dict):
            meta.update(given_meta)
        elif given_meta is not None:
            problem = f"'meta' is not an object (a {type(given_meta).__name__})"
        meta = safe_value(meta)
        for key in ("title", "publication", "byline", "url", "published", "id", "path", "encoding"):
            if key in known and known[key] is not None:
                known[key] = safe_text(
                    known[key] if isinstance(known[key], str) else str(known[key])
                )
        text = known.pop("text", None)
        if text is not None and not isinstance(text, str):
            problem = problem or "'text' is not a string"
        if problem is not None:
            return ArticleInput(
                text=None, error=ErrorInfo(type="invalid", message=problem), **known, meta=meta
            )
        return ArticleInput(text=None if text is None else safe_text(text), **known, meta=meta)
    raise TypeError(f"expected a str, a dict or an ArticleInput, not {type(item).__name__}")
