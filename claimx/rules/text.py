"""Small helpers shared by the rules: spans as dicts, trimming, token ranges."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from spacy.tokens import Doc

T = TypeVar("T")

# Characters a content or claimant span should not start or end with.
EDGE_PUNCT = set(" \t\r\n,;:—–-")
OPEN_QUOTES = "\"“„«‹「『'‘"
CLOSE_QUOTES = "\"”»›」』'’"
QUOTE_CHARS = set(OPEN_QUOTES + CLOSE_QUOTES)


def span(text: str, start: int, end: int) -> dict[str, Any]:
    """A `{text, start, end}` dict over `text`."""
    return {"text": text[start:end], "start": start, "end": end}


def trim(text: str, start: int, end: int, *, strip: set[str] = EDGE_PUNCT) -> tuple[int, int]:
    """Shrink (start, end) past whitespace and edge punctuation."""
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


def skip_dateline(text: str, start: int, end: int) -> int:
    """Skip a leading dateline ("PARIS - ", "BERLIN (Reuters) - ") at the start of a range."""
    limit = min(end, start + 60)
    for dash in (" - ", " – ", " — "):
        at = text.find(dash, start, limit)
        if at <= start:
            continue
        head = text[start:at]
        letters = [c for c in head if c.isalpha()]
        if not letters:
            continue
        bare = head.split("(")[0]
        place, _, date = bare.partition(",")  # "SHENZHEN, March 3 - ": a date may follow
        if (
            place.strip()
            and place.upper() == place
            and _dateline_date(date)
            and all(c.isalnum() or c in " ,.'()&" for c in head)
        ):
            return min(at + len(dash), end)
    return start


def _dateline_date(text: str) -> bool:
    """Whether what follows a dateline's place is empty or a short date ("March 3", "Tuesday")."""
    words = text.split()
    return not words or (
        len(words) <= 3 and words[0][:1].isupper() and words[0].rstrip(".").isalpha()
    )


def trim_content(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim a content range: dateline, edge punctuation, a final stop outside quotes, unbalanced quotes."""
    start, end = trim(text, start, end)
    start = skip_dateline(text, start, end)
    start, end = trim(text, start, end)
    while end > start and text[end - 1] in ".?!" and not _inside_quote(text, start, end):
        end -= 1
        start, end = trim(text, start, end)
    start, end = _balance_quotes(text, start, end)
    return trim(text, start, end)


def _inside_quote(text: str, start: int, end: int) -> bool:
    return text[start] in OPEN_QUOTES and text[end - 1] not in CLOSE_QUOTES


def _balance_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading opening quote with no closing one inside, or a trailing closing one with no opener."""
    if end - start < 2:
        return start, end
    inner = text[start:end]
    opens = sum(inner.count(q) for q in "“«„")
    closes = sum(inner.count(q) for q in "”»")
    if text[start] in "“«„" and opens > closes:
        start += 1
    elif text[end - 1] in "”»" and closes > opens:
        end -= 1
    straight = inner.count('"')
    if straight % 2 == 1:
        if text[start] == '"':
            start += 1
        elif text[end - 1] == '"':
            end -= 1
    return start, end


def char_range(doc: Doc, first: int, last_plus_one: int) -> tuple[int, int]:
    """Character offsets of tokens [first, last_plus_one)."""
    return doc[first].idx, doc[last_plus_one - 1].idx + len(doc[last_plus_one - 1].text)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Number of characters shared by two ranges."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


class Ranges(Generic[T]):
    """Ranges kept sorted by start, with the items they belong to, for overlap queries.

    Looking up what overlaps a range costs a binary search plus the ranges near it, so rules
    that compare every claim with every other one stay linear on long texts. `Ranges[None]`
    keeps bare ranges; `Ranges[Candidate]` keeps each range's candidate.
    """

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._items: list[tuple[int, int, T]] = []
        self._longest = 0

    def add(self, start: int, end: int, item: T) -> None:
        """Insert the range [start, end) with its item."""
        from bisect import bisect_right

        i = bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._items.insert(i, (start, end, item))
        self._longest = max(self._longest, end - start)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, T]]:
        """The stored ranges that share at least one character with [start, end)."""
        from bisect import bisect_left

        hi = bisect_left(self._starts, end)
        out = []
        i = hi - 1
        floor = start - self._longest
        while i >= 0 and self._starts[i] >= floor:
            s, e, item = self._items[i]
            if e > start and s < end:
                out.append((s, e, item))
            i -= 1
        return out

    def covered(self, start: int, end: int) -> int:
        """How many characters of [start, end) the stored ranges cover, overlaps counted once."""
        covered, reach = 0, start
        for s, e, _ in sorted(self.overlapping(start, end)):
            s, e = max(s, reach), min(e, end)
            if e > s:
                covered += e - s
                reach = e
        return covered


def inside_any(ranges: list[tuple[int, int]]):
    """A test `offset -> bool` for "inside one of these disjoint ranges", by binary search."""
    from bisect import bisect_right

    ordered = sorted(ranges)
    starts = [s for s, _ in ordered]

    def test(offset: int) -> bool:
        i = bisect_right(starts, offset) - 1
        return i >= 0 and ordered[i][0] <= offset < ordered[i][1]

    return test
