"""HTML articles to text and metadata, with trafilatura (offline: the HTML is given, never fetched).

`html_to_article(markup)` returns the article's main text (navigation, scripts, styles,
footers and comments removed) with paragraphs separated by blank lines, and what the page says
of itself: title, author (byline), date (published), site name (publication) and canonical URL.
Claim offsets then refer to this extracted text, which `--include-text` puts in the record.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")

# Pages begin like this (after whitespace and comments); used to spot HTML given as `.txt` or on
# stdin. Only the first bytes are looked at, with plain string tests (no regex).
_HTML_OPENINGS = ("<!doctype html", "<html", "<?xml version", "<head", "<body")


@dataclass(frozen=True)
class HtmlArticle:
    """The article text extracted from a page, and the page's metadata."""

    text: str
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    publication: str | None = None
    url: str | None = None


def looks_like_html(text: str) -> bool:
    """True when `text` starts like an HTML document (a doctype or an `<html>` tag)."""
    head = text[:1024].lstrip("\ufeff \t\r\n").lower()
    while head.startswith("<!--"):
        end = head.find("-->")
        if end < 0:
            return False
        head = head[end + 3 :].lstrip()
    if head.startswith("<?xml version"):
        return "<html" in head
    return head.startswith(_HTML_OPENINGS)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KiB (`<meta charset=...>`), if Python knows it."""
    import codecs

    head = data[:4096].lower()
    at = head.find(b"charset=")
    if at < 0:
        return None
    value = head[at + 8 : at + 60].lstrip(b"\"' ")
    name = bytearray()
    for byte in value:
        if chr(byte).isalnum() or byte in b"-_.:":
            name.append(byte)
        else:
            break
    try:
        return codecs.lookup(name.decode("ascii")).name if name else None
    except (LookupError, UnicodeDecodeError):
        return None


# Content of <template> is inert in a browser (never shown), so it is no part of the article.
_TEMPLATE = re.compile(r"<template\b[^>]*>.*?</template\s*>", re.IGNORECASE | re.DOTALL)
# lxml refuses a document with an attribute value over 10 MB, and the page would come out as its
# title alone; attribute values carry no article text, so long ones are emptied first.
_LONG_ATTRIBUTE = re.compile(r"""=\s*(?:"[^"]{4096,}"|'[^']{4096,}')""")


def _inert_removed(markup: str) -> str:
    """`markup` without template content and without attribute values over 4 KiB."""
    if "<template" in markup or "<TEMPLATE" in markup or "<Template" in markup:
        markup = _TEMPLATE.sub("", markup)
    if len(markup) > 4096:
        markup = _LONG_ATTRIBUTE.sub('=""', markup)
    return markup


@lru_cache(maxsize=1)
def _config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    # claimx applies its own size limit (--max-chars) before this point; trafilatura's 20 MB
    # download limit would otherwise silently turn a large page into no text.
    config.set("DEFAULT", "MAX_FILE_SIZE", str(2**62))
    config.set("DEFAULT", "MIN_FILE_SIZE", "1")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def html_to_article(markup: str) -> HtmlArticle:
    """Extract the main text and metadata of an HTML page.

    Falls back to trafilatura's baseline text extraction for pages its main-content extractor
    rejects (very short pages, fragments); returns empty text when there is no text at all.
    Never raises for bad markup.
    """
    # lxml refuses NUL and most C0 controls; they carry no text in HTML anyway.
    markup = markup.translate(_XML_INVALID)
    markup = _inert_removed(markup)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    meta: dict[str, Any] = {}
    text = ""
    try:
        from trafilatura import bare_extraction

        found = bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            config=_config(),
        )
        if found is not None:
            meta = found.as_dict() if hasattr(found, "as_dict") else dict(found)
            text = meta.get("text") or ""
    except Exception:  # noqa: BLE001 - a third-party parser on hostile markup: fall back, never crash
        meta, text = {}, ""
    if not text.strip():
        text = _baseline(markup) or _wrapped_baseline(markup) or _stdlib_text(markup)
    return HtmlArticle(
        text=_paragraphs(text),
        title=_clean(meta.get("title")),
        byline=_clean(meta.get("author")),
        published=_clean(meta.get("date")),
        publication=_clean(meta.get("sitename")),
        url=_clean(meta.get("url")),
    )


def _baseline(markup: str) -> str:
    try:
        from trafilatura import html2txt

        return html2txt(markup) or ""
    except Exception:  # noqa: BLE001 - see html_to_article
        return ""


def _wrapped_baseline(markup: str) -> str:
    # trafilatura rejects a lone fragment ("<p>x</p>") as not-quite-HTML; wrapped, it is read.
    if "<" not in markup:
        return markup.strip()
    return _baseline(f"<html><body><div>{markup}</div></body></html>")


class _TextCollector(HTMLParser):
    """Text outside script/style; the last resort for markup lxml gives up on (deep nesting)."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "head", "title"})
    _BLOCK = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "article",
            "section",
            "blockquote",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _stdlib_text(markup: str) -> str:
    try:
        collector = _TextCollector()
        collector.feed(markup)
        collector.close()
    except Exception:  # noqa: BLE001 - see html_to_article
        return ""
    # Runs of spaces inside a line collapse, as a browser shows them.
    return "\n".join(" ".join(line.split()) for line in "".join(collector.parts).split("\n"))


def _paragraphs(text: str) -> str:
    """One blank line between paragraphs, as in plain-text articles; no trailing space."""
    lines = (line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n\n".join(line for line in lines if line)


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None


# C0 controls other than TAB, LF and CR, and the noncharacters XML forbids.
_XML_INVALID = {c: None for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)}
