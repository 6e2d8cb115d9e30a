"""The library entry point: `Extractor` turns texts into validated `DocumentRecord`s.

The pipeline is loaded once per `Extractor`; `claimx.extract()` keeps one per model name.
Long texts are split into paragraph-aligned pieces below the pipeline's `max_length` and their
offsets mapped back, so no article is refused or silently truncated. The `Extractor` itself
runs in one process; `pipe(n_process=N)` hands the work to `claimx.engines.processes`.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any

from claimx.engines.batching import BATCH_CHARS, packed
from claimx.engines.frames import parse_frames
from claimx.engines.processes import parallel_records
from claimx.inputs.article import ArticleInput, as_input, document_id
from claimx.schema import Document, DocumentRecord, ErrorInfo

# Pieces stay well under spaCy's max_length: the parser's memory grows with the text it holds
# at once (about 460 MB for 100k characters), so long articles are parsed 20k characters at a time.
DEFAULT_PIECE_CHARS = 20_000
# The pipeline's peak memory follows the tokens in one nlp.pipe batch (en_core_web_sm: about
# 16 KB a token, so +150 MB at this cap), not the number of articles, so a batch closes at this
# many tokens: dense or long texts (a long article's pieces) cannot raise the peak. The price is
# CPU: batches of 40k characters of news cost 1.5-2% more per word than spaCy's default 32 texts
# (about 7,300 tokens a batch against 11,700 over Wikinews; the parser and NER pay a fixed cost
# per batch step), and halving them costs about 2.5% more.
BATCH_TOKENS = 9_000
# Whitespace-free runs longer than this are cut apart (spaCy's tokenizer is quadratic on them).
MAX_RUN = 256
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")
# At least this many lines in a row of at most one word each (a column of numbers, a word
# list, a million `x` lines) are not parsed: no claim fits in one word, and each such line
# costs the pipeline two tokens (the word and its line break), twice what a word of news costs.
TRIVIAL_LINES = 100


class Extractor:
    """Extract claims from articles with one loaded spaCy pipeline.

    >>> ex = Extractor()
    >>> record = ex.extract("Analysts said the chip is faster than the A100.")
    >>> [r.document.chars for r in ex.pipe(["One text.", {"text": "Another.", "title": "T"}])]
    [9, 8]
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        rules_dir: str | None = None,
        unattributed: bool = True,
        include_text: bool = False,
        piece_chars: int = DEFAULT_PIECE_CHARS,
        chunk_chars: int | None = None,
        entities: str | None = None,
        frames: str | Collection[str] | None = None,
    ) -> None:
        """`frames` keeps only the claims of these frames ("speech,belief" or a list of
        `claimx.schema.Frame` names; None: all), numbered by their position among those kept.
        Raises `ValueError` for an unknown frame."""
        from claimx.nlp.pipeline import load_pipeline, resolve_model

        # A gazetteer (JSON Lines of {id, name, aliases}): pins document entities to its ids.
        self.entities = entities
        self.gazetteer = None
        if entities:
            from claimx.database.gazetteer import load_gazetteer

            self.gazetteer = load_gazetteer(entities)
        self.frames = parse_frames(frames)

        self.model = resolve_model(model)
        self.rules_dir = rules_dir
        self.unattributed = unattributed
        self.include_text = include_text
        if chunk_chars is not None:
            warnings.warn(
                "Extractor(chunk_chars=) is now piece_chars=", DeprecationWarning, stacklevel=2
            )
            piece_chars = chunk_chars
        self.piece_chars = piece_chars
        self.nlp = load_pipeline(self.model, rules_dir=rules_dir, unattributed=unattributed)

    # -- one article -------------------------------------------------------------------------
    def extract(
        self,
        text: str,
        *,
        title: str | None = None,
        publication: str | None = None,
        path: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> DocumentRecord:
        """Extract the claims of one article."""
        item = ArticleInput(
            text=text, title=title, publication=publication, path=path, meta=meta or {}
        )
        return next(self.pipe([item]))

    # -- many articles -----------------------------------------------------------------------
    def pipe(
        self,
        items: Iterable[str | dict[str, Any] | ArticleInput],
        *,
        batch_size: int = 32,
        n_process: int = 1,
    ) -> Iterator[DocumentRecord]:
        """Yield one record per item, in input order, lazily.

        `items` are texts, dicts with a `text` key (and optional `title`, `publication`,
        `path`, `url`, `published`, `id`; other keys are kept in `document.meta`) or
        `ArticleInput`s. An item that fails yields a record with `error` set.
        With `n_process > 1` the work is spread over that many worker processes
        (see `claimx.engines.processes`), order kept.
        """
        if n_process != 1:
            yield from parallel_records(
                items, n_process=n_process, batch_size=batch_size, make_extractor=self.factory()
            )
            return
        yield from self._pipe_serial((as_input(i) for i in items), batch_size=batch_size)

    def config(self) -> dict[str, Any]:
        """The keyword arguments that rebuild this extractor (in a worker process)."""
        return {
            "model": self.model,
            "rules_dir": self.rules_dir,
            "unattributed": self.unattributed,
            "include_text": self.include_text,
            "piece_chars": self.piece_chars,
            "entities": self.entities,
            "frames": sorted(self.frames) if self.frames else None,
        }

    def factory(self) -> Callable[[], Extractor]:
        """A picklable callable that builds an extractor like this one (in a worker process)."""
        return functools.partial(Extractor, **self.config())

    def _pipe_serial(
        self, inputs: Iterable[ArticleInput], *, batch_size: int
    ) -> Iterator[DocumentRecord]:
        for batch in packed(inputs, batch_size, BATCH_CHARS, lambda art: len(art.text or "")):
            yield from self._process_batch(batch, batch_size)

    def _process_batch(self, batch: list[ArticleInput], batch_size: int) -> list[DocumentRecord]:
        """Records for a batch of articles; one that makes the pipeline fail gets an error record."""
        try:
            return list(self._run_batch(batch, batch_size))
        except Exception as exc:  # noqa: BLE001 - one bad article must not end the batch
            if len(batch) > 1:
                return [rec for art in batch for rec in self._process_batch([art], batch_size)]
            art = batch[0]
            art.error = ErrorInfo(
                type="processing", message=f"{art.path or '<text>'}: {type(exc).__name__}: {exc}"
            )
            return [self._error_record(art)]

    def _run_batch(self, batch: list[ArticleInput], batch_size: int) -> Iterator[DocumentRecord]:
        from claimx.nlp.component import raw_claims_of

        parsed = [False] * len(batch)

        def docs() -> Iterator[tuple[Any, tuple[int, int]]]:
            # Tokenised here rather than inside nlp.pipe (which takes a Doc as it is, so the
            # work is the same) so that batches can be measured in tokens; lazily, so a huge
            # article is never held as tokens all at once.
            for i, art in enumerate(batch):
                if art.error is not None or art.text is None:
                    continue
                parsed[i] = True
                for start, end in self._pieces(art.text):
                    yield self.nlp.make_doc(art.text[start:end]), (i, start)

        found: dict[int, list[tuple[list[dict[str, Any]], dict[str, Any]]]] = {}
        # Only the claims of each piece are kept, not its Doc. A batch is as full as
        # `batch_size` and BATCH_TOKENS allow: spaCy's cost per word rises as batches shrink,
        # and its peak memory follows the tokens in one batch, whatever the articles' lengths.
        for step in packed(docs(), batch_size, BATCH_TOKENS, lambda item: len(item[0])):
            for doc, (i, offset) in self.nlp.pipe(step, as_tuples=True, batch_size=len(step)):
                found.setdefault(i, []).append(
                    raw_claims_of(doc, offset=offset, publication=batch[i].publication)
                )
        for i, art in enumerate(batch):
            if not parsed[i]:
                yield self._error_record(art)
            else:
                yield self._record(art, found.get(i, []))

    def _pieces(self, text: str) -> Iterator[tuple[int, int]]:
        """Paragraph-aligned (start, end) ranges, each at most `piece_chars` long.

        A run of more than `MAX_RUN` characters without whitespace (a wall of quotes or dashes)
        is cut into pieces of its own: spaCy's tokenizer takes quadratic time on such runs.
        Runs of `TRIVIAL_LINES` or more lines of at most one word are left out.
        """
        for outer_start, outer_end in self._paragraph_pieces(text):
            for start, end in _without_trivial_lines(text, outer_start, outer_end):
                yield from _split_long_runs(text, start, end)

    def _paragraph_pieces(self, text: str) -> Iterator[tuple[int, int]]:
        limit = max(1000, min(self.piece_chars, self.nlp.max_length - 1))
        if len(text) <= limit:
            yield 0, len(text)
            return
        start = 0
        n = len(text)
        while start < n:
            end = min(n, start + limit)
            if end < n:
                cut = text.rfind("\n\n", start + limit // 2, end)
                if cut < 0:
                    cut = text.rfind("\n", start + limit // 2, end)
                if cut < 0:
                    cut = text.rfind(". ", start + limit // 2, end)
                    cut = cut + 1 if cut >= 0 else -1
                if cut < 0:
                    cut = text.rfind(" ", start + limit // 2, end)
                if cut > start:
                    end = cut + 1
            yield start, end
            start = end

    def _error_record(self, art: ArticleInput) -> DocumentRecord:
        text = art.text or ""
        document = self._document(art, text, {})
        if not art.id and not text:
            # With no text to hash every error record would share the empty text's id: hash
            # where the input came from instead, so records stay apart (a database key).
            document.id = document_id(f"path:{art.path or ''}")
        return DocumentRecord(
            document=document,
            claims=[],
            error=art.error or ErrorInfo(type="invalid", message="no text"),
        )

    def _document(
        self,
        art: ArticleInput,
        text: str,
        found: dict[str, Any],
        entities: list[dict[str, Any]] | None = None,
    ) -> Document:
        return Document.model_validate(
            {
                "id": art.id or document_id(text),
                "path": art.path,
                "title": art.title or found.get("title"),
                "publication": art.publication or found.get("publication"),
                "byline": art.byline or found.get("byline"),
                "chars": len(text),
                "encoding": art.encoding,
                "url": art.url,
                "published": art.published,
                "meta": art.meta,
                "entities": entities or [],
            }
        )

    def _record(
        self, art: ArticleInput, parts: list[tuple[list[dict[str, Any]], dict[str, Any]]]
    ) -> DocumentRecord:
        """The validated record of one article from its pieces' claims (validated once, as a whole)."""
        text = art.text or ""
        claims: list[dict[str, Any]] = []
        found: dict[str, Any] = {}
        entities: list[dict[str, Any]] = []
        for piece_claims, piece_found in parts:
            claims.extend(piece_claims)
            entities.extend(piece_found.get("entities") or [])
            for key, value in piece_found.items():
                if value is not None and key != "entities":
                    found.setdefault(key, value)
        if len(parts) > 1:
            claims, entities = _renumber_entities(claims, entities)
        document = self._document(art, text, found, entities)
        if self.frames:
            claims = [c for c in claims if c.get("frame") in self.frames]
        record = DocumentRecord.model_validate(
            {
                "document": document,
                "claims": _renumber(claims, document.id),
                "error": None,
                "text": text if self.include_text else None,
            }
        )
        if self.gazetteer is not None:
            from claimx.database.gazetteer import pin_referents

            pin_referents(record, self.gazetteer)
        return record


def _split_long_runs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """[start, end) with each whitespace-free run over `MAX_RUN` characters in pieces of its own."""
    pos = start
    for m in _LONG_RUN.finditer(text, start, end):
        if m.start() > pos:
            yield pos, m.start()
        for piece in range(m.start(), m.end(), MAX_RUN):
            yield piece, min(piece + MAX_RUN, m.end())
        pos = m.end()
    if pos < end or pos == start:
        yield pos, end


def _without_trivial_lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """[start, end) without its runs of `TRIVIAL_LINES` or more lines of at most one word.

    News has long lines: a text with fewer line breaks than that is returned whole after one
    count, and only a text with many is looked at line by line.
    """
    if text.count("\n", start, end) < TRIVIAL_LINES:
        yield start, end
        return
    keep = start  # where the stretch to parse begins
    run_start = start  # where the current run of trivial lines begins
    run = 0
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl + 1
        if len(text[pos:stop].split(None, 1)) <= 1:
            if run == 0:
                run_start = pos
            run += 1
        else:
            if run >= TRIVIAL_LINES:
                if run_start > keep:
                    yield keep, run_start
                keep = pos
            run = 0
        pos = stop
    if run >= TRIVIAL_LINES:
        if run_start > keep:
            yield keep, run_start
    elif keep < end:
        yield keep, end


def _renumber_entities(
    claims: list[dict[str, Any]], entities: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Number the entities of a text's pieces `e1`, `e2`, ... in text order, and point each
    claimant at the new id (one speaker in two pieces stays two entities)."""
    entities = sorted(entities, key=lambda e: min((m["start"] for m in e["mentions"]), default=0))
    mapping = {e["id"]: f"e{n}" for n, e in enumerate(entities, 1)}
    claims = [
        {**c, "claimant": {**c["claimant"], "entity": mapping.get(c["claimant"]["entity"])}}
        if c["claimant"].get("entity")
        else c
        for c in claims
    ]
    return claims, [{**e, "id": mapping[e["id"]]} for e in entities]


def _renumber(claims: list[dict[str, Any]], doc_id: str) -> list[dict[str, Any]]:
    """Give claims ids `<doc id>:<n>` in text order, `n` their position, and point
    `duplicate_of` at the new ids (the engine's ids are unique within each piece, and the
    pieces' ids are kept apart by their offsets)."""
    claims = sorted(claims, key=lambda c: (c["content"]["start"], c["content"]["end"]))
    mapping: dict[str, str] = {}
    for n, c in enumerate(claims, 1):
        mapping.setdefault(c["id"], f"{doc_id}:{n}")
    out: list[dict[str, Any]] = []
    for c in claims:
        dup = c.get("duplicate_of")
        out.append(
            {
                **c,
                "id": f"{doc_id}:{len(out) + 1}",
                "duplicate_of": mapping.get(dup) if dup else None,
            }
        )
    return out


_EXTRACTORS: dict[str, Extractor] = {}


def get_extractor(model: str | None = None) -> Extractor:
    """The shared `Extractor` for `model`, loaded on first use (one per resolved pipeline)."""
    from claimx.nlp.pipeline import resolve_model

    name = resolve_model(model)
    if name not in _EXTRACTORS:
        _EXTRACTORS[name] = Extractor(name)
    return _EXTRACTORS[name]
