"""Direct quotations: pairing quotation marks in one linear pass, paragraph by paragraph.

Curly and angle marks pair by direction; straight double quotes (and the doubled apostrophes
`''` some archives use for them) toggle. Single curly quotes count when they open at a word
boundary and close before a non-letter, so apostrophes (`don’t`) are not taken for them.
A quotation still open at the end of its paragraph runs to the paragraph's end (newswire
convention: a quote that continues into the next paragraph leaves its closing mark off).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = {"“": "”", "„": "“”", "«": "»", "‹": "›", "「": "」", "『": "』"}
CLOSERS = {"”", "»", "›", "」", "』"}
MIN_QUOTE_WORDS = 2
# A title: at most this many words, each capitalised or one of the small words, after one of the lead words.
TITLE_MAX_WORDS = 6
TITLE_SMALL_WORDS = frozenset(
    {"a", "an", "the", "of", "and", "&", "in", "on", "for", "to", "at", "with"}
)
TITLE_LEAD_WORDS = frozenset(
    {"on", "in", "to", "at", "from", "of", "with", "by", "called", "titled", "entitled"}
)
# Every character `_mark_at` can take for a mark: the scan jumps from one to the next.
_MARK_CHARS = re.compile("[" + re.escape("\"'‘’" + "".join(OPENERS) + "".join(CLOSERS)) + "]")


@dataclass(frozen=True)
class Quote:
    """A quotation: `start`/`end` include the marks; `inner_start`/`inner_end` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool

    @property
    def range(self) -> tuple[int, int]:
        """(start, end) with the marks."""
        return self.start, self.end


def find_quotes(text: str) -> list[Quote]:
    """All top-level quotations of at least `MIN_QUOTE_WORDS` words, in text order."""
    out: list[Quote] = []
    n = len(text)
    para_start = 0
    while para_start < n:
        para_end = text.find("\n", para_start)
        if para_end < 0:
            para_end = n
        _scan(text, para_start, para_end, out)
        para_start = para_end + 1
    return [
        q
        for q in out
        if len(text[q.inner_start : q.inner_end].split()) >= MIN_QUOTE_WORDS
        and not names_a_title(text, q)
    ]


def names_a_title(text: str, q: Quote) -> bool:
    """A quoted title or chant, not a quotation: a few capitalised words after a preposition or
    a possessive (`on CBS's "Face the Nation,"`, `author of "Digital War"`, `chants of "Ted! Ted!"`)."""
    words = text[q.inner_start : q.inner_end].strip(" ,.;:").split()
    if not 1 <= len(words) <= TITLE_MAX_WORDS or not all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in TITLE_SMALL_WORDS for w in words
    ):
        return False
    before = text[max(0, q.start - 20) : q.start].split()
    if not before:
        return False
    last = before[-1].lower()
    return last in TITLE_LEAD_WORDS or last.endswith(("'s", "’s"))


def _mark_at(text: str, i: int, hi: int) -> tuple[str, int]:
    """The quotation mark starting at `i` (normalised) and its length, or ("", 0)."""
    ch = text[i]
    if ch == "'" and i + 1 < hi and text[i + 1] == "'":
        return '"', 2
    if ch == '"' or ch in OPENERS or ch in CLOSERS:
        return ch, 1
    if ch == "‘":
        before = text[i - 1] if i > 0 else " "
        if not before.isalnum():
            return "‘", 1
    if ch == "’":
        after = text[i + 1] if i + 1 < hi else " "
        if not after.isalpha():
            return "’", 1
    return "", 0


def _scan(text: str, lo: int, hi: int, out: list[Quote]) -> None:
    open_at = -1
    open_len = 0
    closer = ""
    i = lo
    while i < hi:
        found = _MARK_CHARS.search(text, i, hi)
        if found is None:
            break
        i = found.start()
        mark, size = _mark_at(text, i, hi)
        if not size:
            i += 1
            continue
        if open_at < 0:
            if mark in OPENERS:
                open_at, open_len, closer = i, size, OPENERS[mark]
            elif mark == '"':
                open_at, open_len, closer = i, size, '"'
            elif mark == "‘":
                open_at, open_len, closer = i, size, "’"
        elif (
            mark in closer
            or (mark in CLOSERS and closer not in ('"', "’"))
            or {mark, closer} == {'"', "”"}
        ):
            # Scraped news mixes marks (`“A," she said`): a straight and a curly double close each other.
            out.append(Quote(open_at, i + size, open_at + open_len, i, True))
            open_at = -1
        elif mark in OPENERS and closer not in ('"', "’"):
            # A new opener before a closer: the previous quotation ran on unclosed; restart here.
            open_at, open_len, closer = i, size, OPENERS[mark]
        i += size
    if open_at >= 0 and closer != "’":
        end = hi
        while end > open_at + open_len and text[end - 1].isspace():
            end -= 1
        out.append(Quote(open_at, end, open_at + open_len, end, False))
