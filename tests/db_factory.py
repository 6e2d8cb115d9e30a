"""Hand-built records for the claims-database tests: articles of quotes with named claimants.

The records are validated `DocumentRecord`s dumped to dicts (what the database writer reads),
with text we write ourselves.
"""

from __future__ import annotations

from typing import Any

from claimx.schema import Claim, Claimant, Document, DocumentRecord, Entity, Span


def _span(text: str, fragment: str, start_at: int = 0) -> Span:
    start = text.index(fragment, start_at)
    return Span(text=fragment, start=start, end=start + len(fragment))


def quote_record(
    doc_id: str,
    quotes: list[tuple[str, str, str | None, str]],
    *,
    publication: str | None = "Harbour Ledger",
    published: str | None = "2026-03-02",
    title: str = "A headline",
    entities: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A dumped record with one sentence per quote `(name, kind, role, content)`:
    `"content," said name, role.` Entities named in `entities` are marked in every content."""
    sentences = []
    for name, _kind, role, content in quotes:
        sentences.append(f'"{content}," said {name}' + (f", {role}." if role else "."))
    text = title + "\n\n" + "\n".join(sentences)
    claims = []
    at = 0
    for n, ((name, kind, role, content), sentence) in enumerate(zip(quotes, sentences), 1):
        start = text.index(sentence, at)
        at = start + len(sentence)
        c = _span(text, content, start)
        ents = [
            Entity(**_span(text, e, c.start).model_dump(), label="ORG")
            for e in entities
            if e in content
        ]
        claims.append(
            Claim(
                id=f"{doc_id}:{n}",
                content=c,
                sentence=Span(text=sentence, start=start, end=start + len(sentence)),
                claimant=Claimant(
                    span=_span(text, name, start),
                    kind=kind,
                    name=name,
                    role=role,  # type: ignore[arg-type]
                ),
                cue=_span(text, "said", start),
                attribution="direct",
                frame="speech",
                entities=ents,
                confidence=0.9,
                rule="quote-said",
            )
        )
    record = DocumentRecord(
        document=Document(
            id=doc_id,
            path=f"{doc_id}.txt",
            title=title,
            publication=publication,
            chars=len(text),
            published=published,
        ),
        claims=claims,
    )
    return record.model_dump(mode="json")
