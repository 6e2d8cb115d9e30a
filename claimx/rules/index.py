"""Per-document lookups built once: character offset to token, token to sentence.

spaCy's `Doc.char_span` and `Token.sent` scan the document on every call; over a long article
with thousands of claims that is quadratic. The engine builds one `DocIndex` per document and the
rules ask it instead.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span, Token

_current: DocIndex | None = None


class DocIndex:
    """Token offsets and sentence membership of one Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each access
        self.starts = [t.idx for t in doc]
        self.ends = [t.idx + len(t) for t in doc]
        self.sents = list(doc.sents) if len(doc) else []
        # doc.ents and Span.ents rebuild their spans on every access: keep them once.
        self.ents = list(doc.ents)
        self.ent_starts = [e.start for e in self.ents]
        self.sent_of = [0] * len(doc)
        for n, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self.sent_of[i] = n

    def ents_in(self, lo: int, hi: int) -> list[Span]:
        """Entities wholly inside tokens [lo, hi)."""
        i = bisect_left(self.ent_starts, lo)
        out = []
        while i < len(self.ents) and self.ents[i].start < hi:
            if self.ents[i].end <= hi:
                out.append(self.ents[i])
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

    def span(self, start: int, end: int, *, mode: str = "expand", label: str = "") -> Span | None:
        """Tokens covering [start, end): all touched ("expand") or only those inside ("contract")."""
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
        return Span(self.doc, lo, hi, label=label)


def bind(doc: Doc) -> DocIndex:
    """Build the index of `doc` and make it the current one for `index_of`."""
    global _current
    _current = DocIndex(doc)
    return _current


def index_of(doc: Doc) -> DocIndex:
    """The index of `doc` (built now when another document is bound)."""
    if _current is None or _current.doc is not doc:
        return bind(doc)
    return _current


def release() -> None:
    """Forget the bound document, so its Doc can be freed."""
    global _current
    _current = None
