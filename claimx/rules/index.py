"""Per-document lookups built once: character offset to token, token to sentence, token attributes.

spaCy's `Doc.char_span` and `Token.sent` scan the document on every call; over a long article
with thousands of claims that is quadratic. The engine builds one `DocIndex` per document (or
takes the caller's) and hands it to every rule, in its `Context` or as an argument.

Reading `tok.pos_` or `tok.lemma_` builds a `Token` and looks a string up on every access, which
adds up when a dozen rules walk every token. The index reads the attributes of all tokens at once
(`Doc.to_array`) as plain lists of strings, so rules can pick out the few tokens they care about
before touching a `Token`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import chain

import numpy as np
from spacy.attrs import (
    DEP,
    IDX,
    IS_SPACE,
    IS_STOP,
    LEMMA,
    LENGTH,
    LIKE_NUM,
    LOWER,
    ORTH,
    POS,
    SPACY,
    TAG,
)
from spacy.tokens import Doc, Span, Token

_ATTRS = [IDX, LENGTH, LOWER, POS, TAG, DEP, LEMMA, IS_SPACE, IS_STOP, LIKE_NUM, ORTH, SPACY]
_SPACES = np.array(["", " "], dtype=object)


class DocIndex:
    """Token offsets, sentence membership and token attributes of one Doc.

    Per token `i`: `starts[i]`/`ends[i]` (character offsets), `lower[i]` (`lower_`), `pos[i]`
    (`pos_`), `tag[i]` (`tag_`), `dep[i]` (`dep_`), `lemma[i]` (`lemma_.lower()`), and the flags
    `is_space[i]`, `is_stop[i]`, `like_num[i]`.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        # Column by column in numpy, so no Python loop runs per token here.
        arr = doc.to_array(_ATTRS).reshape(len(doc), len(_ATTRS)).T
        idx, length, lower, pos, tag, dep, lemma, is_space, is_stop, like_num, orth, spacy = arr
        strings = doc.vocab.strings
        # What `doc.text` returns (each token's text and its trailing space), without building
        # a Token per token as `doc.text` does on every access.
        words, spaces = _strings(strings, orth), _SPACES[spacy.astype(bool).astype(int)].tolist()
        self.text = "".join(chain.from_iterable(zip(words, spaces)))
        self.starts: list[int] = idx.tolist()
        self.ends: list[int] = (idx + length).tolist()
        self.lower = _strings(strings, lower)
        self.pos = _strings(strings, pos)
        self.tag = _strings(strings, tag)
        self.dep = _strings(strings, dep)
        self.lemma = _strings(strings, lemma, lowercase=True)
        self.is_space: list[bool] = is_space.astype(bool).tolist()
        self.is_stop: list[bool] = is_stop.astype(bool).tolist()
        self.like_num: list[bool] = like_num.astype(bool).tolist()
        self.sents = list(doc.sents) if len(doc) else []
        # doc.ents and Span.ents rebuild their spans on every access: keep them once.
        self.ents = list(doc.ents)
        self.ent_starts = [e.start for e in self.ents]
        self.ent_ends = [e.end for e in self.ents]
        # (text, start_char, end_char, label_) of each entity, for the claims' entity lists; the
        # offsets from the token lists, as asking each Span for its text rebuilds it token by token.
        self.ent_info = [
            (
                self.text[self.starts[lo] : self.ends[hi - 1]],
                self.starts[lo],
                self.ends[hi - 1],
                e.label_,
            )
            for e, lo, hi in zip(self.ents, self.ent_starts, self.ent_ends)
        ]
        self.sent_of = [0] * len(doc)
        for n, sent in enumerate(self.sents):
            self.sent_of[sent.start : sent.end] = [n] * (sent.end - sent.start)

    def ents_in(self, lo: int, hi: int) -> list[Span]:
        """Entities wholly inside tokens [lo, hi)."""
        return [self.ents[i] for i in self._ents_in(lo, hi)]

    def ent_info_in(self, lo: int, hi: int) -> list[tuple[str, int, int, str]]:
        """`ent_info` of the entities wholly inside tokens [lo, hi)."""
        return [self.ent_info[i] for i in self._ents_in(lo, hi)]

    def _ents_in(self, lo: int, hi: int) -> list[int]:
        i = bisect_left(self.ent_starts, lo)
        out = []
        while i < len(self.ent_starts) and self.ent_starts[i] < hi:
            if self.ent_ends[i] <= hi:
                out.append(i)
            i += 1
        return out

    def sent(self, tok: Token) -> Span:
        """The sentence of `tok`."""
        return self.sents[self.sent_of[tok.i]]

    def token_at(self, offset: int) -> Token | None:
        """The first token that ends after `offset` (the token at or after it)."""
        i = bisect_right(self.ends, offset)
        if i >= len(self.ends):
            return self.doc[-1] if len(self.doc) else None
        return self.doc[i]

    def bounds(self, start: int, end: int, *, mode: str = "expand") -> tuple[int, int] | None:
        """Token indices [lo, hi) of `span(start, end, mode=mode)`, without building the Span."""
        if end <= start or not self.starts:
            return None
        if mode == "expand":
            lo = bisect_right(self.ends, start)
            hi = bisect_left(self.starts, end)
        else:
            lo = bisect_left(self.starts, start)
            hi = bisect_right(self.ends, end)
        if hi <= lo:
            return None
        return lo, hi

    def span(self, start: int, end: int, *, mode: str = "expand", label: str = "") -> Span | None:
        """Tokens covering [start, end): all touched ("expand") or only those inside ("contract")."""
        found = self.bounds(start, end, mode=mode)
        if found is None:
            return None
        return Span(self.doc, found[0], found[1], label=label)


# String of each hash (or symbol id) seen lately, and lowercased for lemmas. Hashes are hashes of
# the strings themselves, so one table serves every vocab. It is emptied when it reaches
# `_TABLE_LIMIT` entries: kept whole, it would grow with every new word of a long batch run
# (about 20 MB a worker over 5,000 news articles), and memory must stay flat.
_NAMES: dict[int, str] = {}
_LOWER_NAMES: dict[int, str] = {}
_TABLE_LIMIT = 20_000


def _strings(strings, ids: np.ndarray, lowercase: bool = False) -> list[str]:
    """The strings of `ids` (hashes or symbol ids) through the shared table."""
    table = _LOWER_NAMES if lowercase else _NAMES
    ids = ids.tolist()
    try:
        return list(map(table.__getitem__, ids))
    except KeyError:  # new strings: look them up once
        if len(table) > _TABLE_LIMIT:
            table.clear()
        for h in set(ids).difference(table):
            table[h] = strings[h].lower() if lowercase else strings[h]
        return list(map(table.__getitem__, ids))
