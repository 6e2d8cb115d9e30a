"""Document layout from its lines: headline, byline, `Source:` line, dateline, key-point
lines, and page furniture.

Lines are read with plain string tests, not regular expressions, so adversarial text costs
linear time; furniture lines are matched with the patterns of `furniture.tsv`, each tried once
at the start of a line.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

SOURCE_PREFIXES = ("source:", "sources:", "via:", "credit:", "source -", "source –", "source —")
BYLINE_PREFIX = "by "
WIRE_END = (") -", ") –", ") —", ")-", ")–", ")—")
MAX_HEADLINE_CHARS = 250
MAX_KEYPOINT_WORDS = 25
# How far beyond a range inline markup is looked for (`without_markup`): a wiki heading's length.
MARKUP_REACH = 130


@dataclass
class Line:
    """One line of the text with its offsets (end excludes the newline)."""

    start: int
    end: int
    text: str
    kind: str = "body"  # body | title | byline | source | keypoint | blank | furniture


@dataclass
class Layout:
    """What the lines of a document are, and the metadata read from them."""

    lines: list[Line]
    title: str | None = None
    title_range: tuple[int, int] | None = None
    byline: str | None = None
    publication: str | None = None
    publication_range: tuple[int, int] | None = None

    def kind_at(self, offset: int) -> str:
        """The kind of line `offset` falls in."""
        for line in self.lines:
            if line.start <= offset <= line.end:
                return line.kind
        return "body"


def split_lines(text: str) -> list[Line]:
    """Lines with their character offsets."""
    lines, start = [], 0
    n = len(text)
    while start <= n:
        end = text.find("\n", start)
        if end < 0:
            end = n
        s, e = start, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        lines.append(Line(s, e, text[s:e], "body" if s < e else "blank"))
        if end >= n:
            break
        start = end + 1
    return lines


def _ends_sentence(s: str) -> bool:
    s = s.rstrip("\"”’'» ")
    return s.endswith((".", "!", "?", ":", ";"))


def _title_like(s: str) -> bool:
    words = [w for w in s.split() if w[:1].isalpha()]
    if not words:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.6


def mark_furniture(lines: Sequence[Line], furniture: Sequence[re.Pattern[str]]) -> None:
    """Mark the lines that match a pattern of `furniture.tsv` (wiki headings and lists, HTML
    left-overs, credit and copyright lines, `Read more`) as `furniture`: no claim, claimant or
    headline is read off them."""
    if not furniture:
        return
    for ln in lines:
        if ln.kind == "body" and any(p.match(ln.text) for p in furniture):
            ln.kind = "furniture"


@lru_cache(maxsize=8)
def _markup_matches(
    text: str, markup: tuple[re.Pattern[str], ...]
) -> tuple[list[int], list[tuple[int, int]]]:
    """Every inline-markup match in `text`, sorted, with their starts for bisection: found once
    per document, as every sentence and claimant of it is cut against them."""
    matches = sorted((m.start(), m.end()) for p in markup for m in p.finditer(text))
    return [s for s, _ in matches], matches


def without_markup(
    text: str, start: int, end: int, markup: Sequence[re.Pattern[str]]
) -> tuple[int, int]:
    """[start, end) cut to the longest stretch without inline markup (`furniture.tsv`, scope
    `inline`): "Shares fell 5% ==Media== * [http://...]" keeps "Shares fell 5%". The range is
    returned unchanged when it holds no markup, and empty (start, start) when it is all markup.
    """
    if not markup:
        return start, end
    # Searched a little beyond the range, so markup that the range cuts through counts too
    # (a claimant "== Outline =" out of "== Outline ==").
    lo, hi = max(0, start - MARKUP_REACH), min(len(text), end + MARKUP_REACH)
    starts, matches = _markup_matches(text, tuple(markup))
    found = sorted(
        (max(s, start), min(e, end))
        for s, e in matches[bisect_left(starts, lo) : bisect_left(starts, end)]
        if e > start and e <= hi
    )
    if not found:
        return start, end
    best, pos = (start, start), start
    for s, e in found:
        if s - pos > best[1] - best[0]:
            best = (pos, s)
        pos = max(pos, e)
    if end - pos > best[1] - best[0]:
        best = (pos, end)
    return best


def analyse(text: str, furniture: Sequence[re.Pattern[str]] = ()) -> Layout:
    """Classify the lines of `text` and read title, byline and publication from them.

    `furniture` are the line patterns of `furniture.tsv`: lines they match are left out of
    everything else (`mark_furniture`).
    """
    lines = split_lines(text)
    layout = Layout(lines)
    mark_furniture(lines, furniture)
    content = [ln for ln in lines if ln.kind not in ("blank", "furniture")]
    if not content:
        return layout

    # Publication from a trailing "Source: X" line.
    for ln in reversed(content[-4:]):
        low = ln.text.lower()
        for prefix in SOURCE_PREFIXES:
            if low.startswith(prefix) and len(ln.text) <= 100:
                name_start = ln.start + len(prefix)
                while name_start < ln.end and text[name_start] in " \t:-–—":
                    name_start += 1
                if name_start < ln.end:
                    ln.kind = "source"
                    layout.publication = text[name_start : ln.end].strip(" .")
                    layout.publication_range = (name_start, name_start + len(layout.publication))
                break
        if ln.kind == "source":
            break

    # Headline: the first line, when it reads as one (no final stop, or set apart, or title case).
    first = content[0]
    rest = content[1:]
    if rest and len(first.text) <= MAX_HEADLINE_CHARS:
        idx = lines.index(first)
        set_apart = idx + 1 < len(lines) and lines[idx + 1].kind == "blank"
        if not _ends_sentence(first.text) or set_apart or _title_like(first.text):
            first.kind = "title"
            layout.title = first.text.rstrip(".")
            layout.title_range = (first.start, first.start + len(layout.title))

    # Byline: "By Name" among the first lines.
    for ln in content[:5]:
        if ln.kind != "body":
            continue
        if (
            ln.text.lower().startswith(BYLINE_PREFIX)
            and len(ln.text.split()) <= 12
            and ln.text[3:4].isupper()
        ):
            ln.kind = "byline"
            layout.byline = ln.text[3:].strip()
            break

    # Wire dateline: "BEIJING (Reuters) - ..." names the publication when no Source line does.
    if layout.publication is None:
        for ln in content[:6]:
            head = ln.text[:120]
            close = head.find(")")
            open_ = head.rfind("(", 0, close) if close > 0 else -1
            if open_ >= 0 and head[close:].startswith(WIRE_END):
                name = head[open_ + 1 : close].strip()
                if name and name[0].isupper() and len(name) <= 40:
                    layout.publication = name
                    layout.publication_range = (
                        ln.start + open_ + 1,
                        ln.start + open_ + 1 + len(name),
                    )
                    break

    # Key points: short heading-like lines after the last body paragraph.
    body = [ln for ln in content if ln.kind == "body"]
    for ln in reversed(body):
        if ln is body[0]:
            break
        if len(ln.text.split()) <= MAX_KEYPOINT_WORDS and not _ends_sentence(ln.text):
            ln.kind = "keypoint"
        else:
            break
    return layout
