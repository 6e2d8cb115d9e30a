"""Cutting a stream of articles into batches, lazily: the one packer every engine uses.

Vocabulary: a *batch* is a group of articles that goes through the pipeline (and to a worker)
together; a *piece* is a part of one long text (see `claimx.engines.extractor`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from claimx.inputs.article import ArticleInput, as_input

T = TypeVar("T")

# A batch closes at this many characters of text (about 7,500 tokens of news, one pipeline
# batch); a longer article goes alone. Workers get batches of the same size, so one batch fills
# pipeline batches instead of leaving a small remainder batch.
BATCH_CHARS = 40_000


def packed(
    items: Iterable[T], size: int, limit: int, measure: Callable[[T], int]
) -> Iterator[list[T]]:
    """Consecutive lists of at most `size` items whose `measure`s add up to at most `limit`
    (an item that alone exceeds it gets a list to itself), read lazily.

    A list is handed over as soon as it is full, before the next item is read, so a stream
    (standard input, a slow reader) is processed as it arrives.
    """
    pack: list[T] = []
    total = 0
    for item in items:
        n = measure(item)
        if pack and total + n > limit:
            yield pack
            pack, total = [], 0
        pack.append(item)
        total += n
        if len(pack) >= size:
            yield pack
            pack, total = [], 0
    if pack:
        yield pack


def batches(
    items: Iterable[Any], size: int, max_chars: int = BATCH_CHARS
) -> Iterator[list[ArticleInput]]:
    """Batches of up to `size` normalised inputs holding at most `max_chars` characters of text."""
    return packed((as_input(item) for item in items), size, max_chars, _chars)


def _chars(article: ArticleInput) -> int:
    return len(article.text or "")
