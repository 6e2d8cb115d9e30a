"""Character sets and the span tests the scoring is built on (integer arithmetic only)."""

from __future__ import annotations

from collections.abc import Iterable

# A set of characters as sorted, disjoint, non-adjacent half-open [start, end) ranges.
CharSet = tuple[tuple[int, int], ...]


def charset(ranges: Iterable[tuple[int, int]]) -> CharSet:
    """Normalise (start, end) ranges into a `CharSet`: sorted, merged, empty ranges dropped."""
    merged: list[list[int]] = []
    for start, end in sorted((int(s), int(e)) for s, e in ranges if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


def size(chars: CharSet) -> int:
    """Number of characters in a `CharSet`."""
    return sum(e - s for s, e in chars)


def intersection_size(a: CharSet, b: CharSet) -> int:
    """Number of characters two `CharSet`s share."""
    i = j = total = 0
    while i < len(a) and j < len(b):
        lo = max(a[i][0], b[j][0])
        hi = min(a[i][1], b[j][1])
        if hi > lo:
            total += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def spans_overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    """Whether two (start, end) spans share at least one character; False when either is None."""
    if a is None or b is None:
        return False
    return max(a[0], b[0]) < min(a[1], b[1])


def loose_match(intersection: int, gold_size: int) -> bool:
    """The loose test: |pred ∩ gold| / |gold| > 0.3 (exclusive), in integer arithmetic."""
    return gold_size > 0 and 10 * intersection > 3 * gold_size


def strict_match(intersection: int, union: int) -> bool:
    """The strict test: Jaccard |pred ∩ gold| / |pred ∪ gold| >= 0.8 (inclusive), in integers."""
    return union > 0 and 5 * intersection >= 4 * union


# -- the things scored -------------------------------------------------------------------------
