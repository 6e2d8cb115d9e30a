"""Many articles through one extractor in this process, in input order.

The unit of work is an `Outcome`: one article's record plus what the caller needs to count it
(claims, error) without parsing it again. Serially, outcomes carry the `DocumentRecord` itself;
from worker processes (`claimx.engines.processes`) they carry the record already serialised as
one JSON line, because a string crosses a process boundary far more cheaply than a pickled
spaCy `Doc` (which is what `nlp.pipe(n_process=N)` ships back).

An article that makes the pipeline raise becomes a record with `error` set; the batch goes on.
So does one whose record cannot be serialised (`processing`) or whose JSON line would be
larger than `MAX_RECORD_CHARS` (`too_large`): every record is serialised once, inside its own
error boundary, in `Outcome.of`, in every engine (here, the worker processes and Dask).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Generator, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimx.engines.batching import batches
from claimx.inputs.article import ArticleInput, safe_path, safe_text
from claimx.outputs.neutral import json_line_safe
from claimx.schema import Document, DocumentRecord, ErrorInfo

if TYPE_CHECKING:  # typing only: the extractor module hands its work to this one
    from claimx.engines.extractor import Extractor


# The largest record written, in characters of JSON: far above any article (a 50,000-word
# feature gives a few MB), far below what breaks writers and readers (2 GiB, the kernel's
# per-write cap; most JSON readers hold a line in memory several times over).
MAX_RECORD_CHARS = 256 * 2**20


@dataclass
class Outcome:
    """One processed article: its record (as an object, a JSON line, or both) and its tallies."""

    claims: int
    error: ErrorInfo | None
    path: str | None
    record: DocumentRecord | None = None
    line: str | None = None

    @classmethod
    def of(
        cls, record: DocumentRecord, *, serialise: bool = False, max_chars: int | None = None
    ) -> Outcome:
        """Wrap a record and serialise it now, inside this record's own error boundary.

        A record that cannot be serialised becomes a `processing` error record, one over
        `max_chars` (default `MAX_RECORD_CHARS`) a `too_large` one, so neither can fail the
        run or a writer later. `serialise` drops the object and ships only the line (from a
        worker).
        """
        limit = MAX_RECORD_CHARS if max_chars is None else max_chars
        try:
            line = json_line_safe(record.model_dump_json())
            if len(line) > limit:
                record = _failed_record(
                    record,
                    "too_large",
                    f"its record is too large ({len(line):,} characters of JSON, "
                    f"{len(record.claims):,} claims; the limit is {limit:,})",
                )
                line = json_line_safe(record.model_dump_json())
        except Exception as exc:  # noqa: BLE001 - one record that cannot be written fails alone
            record = _failed_record(
                record, "processing", f"its record cannot be written ({type(exc).__name__})"
            )
            line = json_line_safe(record.model_dump_json())
        return cls(
            claims=len(record.claims),
            error=record.error,
            path=record.document.path,
            record=None if serialise else record,
            line=line,
        )

    def as_line(self) -> str:
        """The record as one compact JSON line (no newline)."""
        if self.line is None:
            assert self.record is not None
            self.line = self.record.model_dump_json()
        return self.line

    def as_record(self) -> DocumentRecord:
        """The record as a validated `DocumentRecord`."""
        if self.record is None:
            assert self.line is not None
            self.record = DocumentRecord.model_validate_json(self.line)
        return self.record


def _failed_record(record: DocumentRecord, type_: str, why: str) -> DocumentRecord:
    """An error record in place of `record`: its document without `meta` (which may be what
    failed), every string made safe, no claims."""
    doc = record.document
    path = None if doc.path is None else safe_path(doc.path)

    def safe(value: str | None) -> str | None:
        return None if value is None else safe_text(value)

    return DocumentRecord(
        document=Document(
            id=safe_text(doc.id),
            path=path,
            title=safe(doc.title),
            publication=safe(doc.publication),
            byline=safe(doc.byline),
            chars=doc.chars,
            encoding=safe(doc.encoding),
            url=safe(doc.url),
            published=safe(doc.published),
        ),
        claims=[],
        error=ErrorInfo(type=type_, message=f"{path or '<text>'}: {why}"),
    )


def process_batch(
    extractor: Extractor, batch: list[ArticleInput], *, batch_size: int, serialise: bool = False
) -> list[Outcome]:
    """Run one batch through `extractor`; an article that raises gets an error record.

    The whole batch goes through one `nlp.pipe` call (fast path). Only if that raises is the
    batch redone one article at a time, to pin the failure on its article.
    """
    try:
        records = list(extractor.pipe(batch, batch_size=batch_size))
    except Exception:  # noqa: BLE001 - isolated per article below
        records = [_one_safely(extractor, art) for art in batch]
    return [Outcome.of(r, serialise=serialise) for r in records]


def _one_safely(extractor: Extractor, art: ArticleInput) -> DocumentRecord:
    try:
        return next(extractor.pipe([art]))
    except Exception as exc:  # noqa: BLE001 - any failure of one article becomes its record
        message = f"{art.path}: {exc}" if art.path else str(exc)
        failed = dataclasses.replace(art, error=ErrorInfo(type="processing", message=message))
        # An input that already carries an error is never parsed, so this cannot raise again.
        return next(extractor.pipe([failed]))


def serial_outcomes(
    items: Iterable[Any], extractor: Extractor, *, batch_size: int = 32
) -> Generator[Outcome, None, None]:
    """Outcomes in input order, in this process."""
    for batch in batches(items, batch_size):
        yield from process_batch(extractor, batch, batch_size=batch_size)
