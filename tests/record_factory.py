"""Hand-built `DocumentRecord`s for output, terminal-view and report tests.

They do not depend on the extraction rules, so those tests check the writers alone.
"""

from __future__ import annotations

from claimx.schema import Claim, Claimant, Comparison, Document, DocumentRecord, ErrorInfo, Span

ARTICLE = (
    "Chip race heats up\n\n"
    'Analysts said the new chip is faster than the A100. "We are ahead," said Dr. Lee, the firm\'s CTO.\n'
    "Sales may have doubled, according to Reuters <and> partners & co."
)


def span(text: str, fragment: str, start_at: int = 0) -> Span:
    """The Span of the first `fragment` in `text` at or after `start_at`."""
    start = text.index(fragment, start_at)
    return Span(text=fragment, start=start, end=start + len(fragment))


def sentence_of(text: str, fragment: str) -> Span:
    """The line holding `fragment`, as a Span (good enough as a sentence here)."""
    start = text.index(fragment)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    return Span(text=text[line_start:line_end], start=line_start, end=line_end)


def article_record(
    *, with_text: bool = True, doc_id: str = "doc1", path: str | None = "news/chip.txt"
) -> DocumentRecord:
    """A record of `ARTICLE` with three claims: a comparison, a direct quote, a hedged one."""
    t = ARTICLE
    claims = [
        Claim(
            id=f"{doc_id}:1",
            content=span(t, "the new chip is faster than the A100"),
            sentence=sentence_of(t, "Analysts said"),
            claimant=Claimant(span=span(t, "Analysts"), kind="group", name="Analysts"),
            cue=span(t, "said"),
            attribution="indirect",
            comparisons=[
                Comparison(
                    subject=span(t, "the new chip"),
                    relation="faster than",
                    object=span(t, "the A100"),
                    polarity="better",
                )
            ],
            confidence=0.8,
            rule="say-that",
            frame="speech",
        ),
        Claim(
            id=f"{doc_id}:2",
            content=span(t, "We are ahead,"),
            sentence=sentence_of(t, "We are ahead"),
            claimant=Claimant(
                span=span(t, "Dr. Lee"), kind="person", name="Lee", role="the firm's CTO"
            ),
            cue=span(t, "said", t.index("ahead")),
            attribution="direct",
            confidence=0.9,
            rule="quote-said",
            frame="speech",
        ),
        Claim(
            id=f"{doc_id}:3",
            content=span(t, "Sales may have doubled"),
            sentence=sentence_of(t, "Sales may"),
            claimant=Claimant(
                span=span(t, "Reuters <and> partners & co"),
                kind="organization",
                name="Reuters <and> partners & co",
            ),
            cue=span(t, "according to"),
            attribution="according_to",
            hedged=True,
            hedge=span(t, "may"),
            confidence=0.7,
            rule="according-to",
            frame="speech",
        ),
    ]
    return DocumentRecord(
        document=Document(
            id=doc_id, path=path, title="Chip race heats up", publication="The Wire", chars=len(t)
        ),
        claims=claims,
        text=t if with_text else None,
    )


def empty_record(doc_id: str = "doc2") -> DocumentRecord:
    """A record of an article in which no claim was found."""
    text = "Nothing is claimed here.\tA tab,\nand a newline."
    return DocumentRecord(
        document=Document(id=doc_id, path="news/empty.txt", title=None, chars=len(text)),
        claims=[],
        text=text,
    )


def error_record(doc_id: str = "doc3") -> DocumentRecord:
    """A record of an input that could not be read."""
    return DocumentRecord(
        document=Document(id=doc_id, path="news/missing.txt", chars=0),
        claims=[],
        error=ErrorInfo(type="unreadable", message="news/missing.txt: No such file or directory"),
    )
