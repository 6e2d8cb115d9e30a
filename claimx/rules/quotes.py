"""Direct quotations: pairing quotation marks in one linear pass, paragraph by paragraph.

Curly and angle marks pair by direction; straight double quotes toggle. A quotation still
open at the end of its paragraph runs to the paragraph's end (newswire convention: a quote
that continues into the next paragraph leaves its closing mark off).
"""

from __future__ import annotations

from dataclasses import dataclass

OPENERS = {"“": "”", "„": "“”", "«": "»", "‹": "›", "「": "」", "『": "』"}
CLOSERS = {"”", "»", "›", "」", "』"}
MIN_QUOTE_WORDS = 3


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
    """All quotations of at least `MIN_QUOTE_WORDS` words, in text order."""
    out: list[Quote] = []
    n = len(text)
    para_start = 0
    while para_start < n:
        para_end = text.find("\n", para_start)
        if para_end < 0:
            para_end = n
        _scan(text, para_start, para_end, out)
        para_start = para_end + 1
    return [q for q in out if len(text[q.inner_start : q.inner_end].split()) >= MIN_QUOTE_WORDS]


def _scan(text: str, lo: int, hi: int, out: list[Quote]) -> None:
    open_at = -1
    closer = ""
    i = lo
    while i < hi:
        ch = text[i]
        if open_at < 0:
            if ch in OPENERS:
                open_at, closer = i, OPENERS[ch]
            elif ch == '"':
                open_at, closer = i, '"'
        elif ch in closer or (ch in CLOSERS and closer != '"'):
            out.append(Quote(open_at, i + 1, open_at + 1, i, True))
            open_at = -1
        elif ch in OPENERS and closer != '"':
            # A new opener before a closer: the previous quotation ran on unclosed; restart here.
            open_at, closer = i, OPENERS[ch]
        i += 1
    if open_at >= 0:
        end = hi
        while end > open_at + 1 and text[end - 1].isspace():
            end -= 1
        out.append(Quote(open_at, end, open_at + 1, end, False))
