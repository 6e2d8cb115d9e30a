"""The library entry point: `Extractor` turns texts into validated `DocumentRecord`s.

The pipeline is loaded once per `Extractor`; `claimx.extract()` keeps one per model name.
Long texts are split into paragraph-aligned chunks below the pipeline's `max_length` and their
offsets mapped back, so no article is refused or silently truncated.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from claimx.schema import Document, DocumentRecord, ErrorInfo

# Chunks stay well under spaCy's max_length: the parser's memory grows with the text it holds
# at once (about 460 MB for 100k characters), so long articles are parsed 20k characters at a time.
DEFAULT_CHUNK_CHARS = 20_000
# Articles are taken in groups of at most this many characters (about 7,500 tokens of news),
# which fill one pipeline batch; `claimx.engines.serial` sends workers chunks of the same size.
GROUP_CHARS = 40_000
# The pipeline's peak memory follows the tokens in one nlp.pipe batch (en_core_web_sm: about
# 16 KB a token, so +150 MB at this cap), not the number of articles, so a batch closes at this
# many tokens: dense or long texts (a long article's pieces) cannot raise the peak. The price is
# CPU: batches of 40k characters of news cost 1.5-2% more per word than spaCy's default 32 texts
# (about 7,300 tokens a batch against 11,700 over Wikinews; the parser and NER pay a fixed cost
# per batch step), and halving them costs about 2.5% more.
BATCH_TOKENS = 9_000
# Whitespace-free runs longer than this are cut apart (spaCy's tokenizer is quadratic on them).
MAX_RUN = 256
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_RUN + 1))

T = TypeVar("T")


@dataclass
class ArticleInput:
    """One article to extract from: its text and what the caller knows of it."""

    text: str | None
    path: str | None = None
    title: str | None = None
    publication: str | None = None
    byline: str | None = None
    url: str | None = None
    published: str | None = None
    id: str | None = None
    encoding: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    error: ErrorInfo | None = None


def document_id(text: str) -> str:
    """A stable id from the text: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


_INPUT_KEYS = {
    "text",
    "path",
    "title",
    "publication",
    "byline",
    "url",
    "published",
    "id",
    "encoding",
}


def as_input(item: str | dict[str, Any] | ArticleInput) -> ArticleInput:
    """Normalise a text, a dict (`{"text", "title", ...}`) or an `ArticleInput`."""
    if isinstance(item, ArticleInput):
        return item
    if isinstance(item, str):
        return ArticleInput(text=item)
    if isinstance(item, dict):
        known = {k: item[k] for k in _INPUT_KEYS if k in item}
        meta = {k: v for k, v in item.items() if k not in _INPUT_KEYS and k != "meta"}
        meta.update(item.get("meta") or {})
        for key in ("title", "publication", "byline", "url", "published", "id", "path", "encoding"):
            if key in known and known[key] is not None and not isinstance(known[key], str):
                known[key] = str(known[key])
        text = known.pop("text", None)
        if text is not None and not isinstance(text, str):
            return ArticleInput(
                text=None,
                error=ErrorInfo(type="invalid", message="'text' is not a string"),
                **known,
                meta=meta,
            )
        return ArticleInput(text=text, **known, meta=meta)
    raise TypeError(f"expected a str, a dict or an ArticleInput, not {type(item).__name__}")


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
        chunk_chars: int = DEFAULT_CHUNK_CHARS,
    ) -> None:
        from claimx.nlp.pipeline import load_pipeline, resolve_model

        self.model = resolve_model(model)
        self.rules_dir = rules_dir
        self.unattributed = unattributed
        self.include_text = include_text
        self.chunk_chars = chunk_chars
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
        (see `claimx.engines.serial`), order kept.
        """
        if n_process != 1:
            from claimx.engines.serial import parallel_records

            yield from parallel_records(
                items,
                n_process=n_process,
                batch_size=batch_size,
                extractor_config=self.config(),
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
            "chunk_chars": self.chunk_chars,
        }

    def _pipe_serial(
        self, inputs: Iterable[ArticleInput], *, batch_size: int
    ) -> Iterator[DocumentRecord]:
        for group in _packed(inputs, batch_size, GROUP_CHARS, lambda art: len(art.text or "")):
            yield from self._process_group(group, batch_size)

    def _process_group(self, group: list[ArticleInput], batch_size: int) -> list[DocumentRecord]:
        """Records for a group of articles; one that makes the pipeline fail gets an error record."""
        try:
            return list(self._run_group(group, batch_size))
        except Exception as exc:  # noqa: BLE001 - one bad article must not end the batch
            if len(group) > 1:
                return [rec for art in group for rec in self._process_group([art], batch_size)]
            art = group[0]
            art.error = ErrorInfo(
                type="processing", message=f"{art.path or '<text>'}: {type(exc).__name__}: {exc}"
            )
            return [self._error_record(art)]

    def _run_group(self, group: list[ArticleInput], batch_size: int) -> Iterator[DocumentRecord]:
        from claimx.nlp.component import raw_claims_of

        parsed = [False] * len(group)

        def pieces() -> Iterator[tuple[Any, tuple[int, int]]]:
            # Tokenised here rather than inside nlp.pipe (which takes a Doc as it is, so the
            # work is the same) so that batches can be measured in tokens; lazily, so a huge
            # article is never held as tokens all at once.
            for i, art in enumerate(group):
                if art.error is not None or art.text is None:
                    continue
                parsed[i] = True
                for start, end in self._chunks(art.text):
                    yield self.nlp.make_doc(art.text[start:end]), (i, start)

        found: dict[int, list[tuple[list[dict[str, Any]], dict[str, Any]]]] = {}
        # Only the claims of each chunk are kept, not its Doc. A batch is as full as
        # `batch_size` and BATCH_TOKENS allow: spaCy's cost per word rises as batches shrink,
        # and its peak memory follows the tokens in one batch, whatever the articles' lengths.
        for batch in _packed(pieces(), batch_size, BATCH_TOKENS, lambda item: len(item[0])):
            for doc, (i, offset) in self.nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
                found.setdefault(i, []).append(
                    raw_claims_of(doc, offset=offset, publication=group[i].publication)
                )
        for i, art in enumerate(group):
            if not parsed[i]:
                yield self._error_record(art)
            else:
                yield self._record(art, found.get(i, []))

    def _chunks(self, text: str) -> Iterator[tuple[int, int]]:
        """Paragraph-aligned (start, end) ranges, each at most `chunk_chars` long.

        A run of more than `MAX_RUN` characters without whitespace (a wall of quotes or dashes)
        is cut into pieces of its own: spaCy's tokenizer takes quadratic time on such runs.
        """
        for start, end in self._paragraph_chunks(text):
            pos = start
            for m in _LONG_RUN.finditer(text, start, end):
                if m.start() > pos:
                    yield pos, m.start()
                for piece in range(m.start(), m.end(), MAX_RUN):
                    yield piece, min(piece + MAX_RUN, m.end())
                pos = m.end()
            if pos < end or pos == start:
                yield pos, end

    def _paragraph_chunks(self, text: str) -> Iterator[tuple[int, int]]:
        limit = max(1000, min(self.chunk_chars, self.nlp.max_length - 1))
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
        return DocumentRecord(
            document=self._document(art, text, {}),
            claims=[],
            error=art.error or ErrorInfo(type="invalid", message="no text"),
        )

    def _document(self, art: ArticleInput, text: str, found: dict[str, Any]) -> Document:
        return Document(
            id=art.id or document_id(text),
            path=art.path,
            title=art.title or found.get("title"),
            publication=art.publication or found.get("publication"),
            byline=art.byline or found.get("byline"),
            chars=len(text),
            encoding=art.encoding,
            url=art.url,
            published=art.published,
            meta=art.meta,
        )

    def _record(
        self, art: ArticleInput, parts: list[tuple[list[dict[str, Any]], dict[str, Any]]]
    ) -> DocumentRecord:
        """The validated record of one article from its chunks' claims (validated once, as a whole)."""
        text = art.text or ""
        claims: list[dict[str, Any]] = []
        found: dict[str, Any] = {}
        for chunk_claims, chunk_found in parts:
            claims.extend(chunk_claims)
            for key, value in chunk_found.items():
                if value is not None:
                    found.setdefault(key, value)
        document = self._document(art, text, found)
        return DocumentRecord.model_validate(
            {
                "document": document,
                "claims": _renumber(claims, document.id),
                "error": None,
                "text": text if self.include_text else None,
            }
        )


def _packed(
    items: Iterable[T], size: int, limit: int, measure: Callable[[T], int]
) -> Iterator[list[T]]:
    """Consecutive lists of at most `size` items whose `measure`s add up to at most `limit`
    (an item that alone exceeds it gets a list to itself), read lazily."""
    pack: list[T] = []
    total = 0
    for item in items:
        n = measure(item)
        if pack and (len(pack) >= size or total + n > limit):
            yield pack
            pack, total = [], 0
        pack.append(item)
        total += n
    if pack:
        yield pack


def _renumber(claims: list[dict[str, Any]], doc_id: str) -> list[dict[str, Any]]:
    """Give claims ids `<doc id>:<n>` in text order, and point `duplicate_of` at the new ids."""
    claims = sorted(claims, key=lambda c: (c["content"]["start"], c["content"]["end"]))
    mapping = {c["id"]: f"{doc_id}:{n}" for n, c in enumerate(claims, 1)}
    out = []
    for c in claims:
        dup = c.get("duplicate_of")
        out.append({**c, "id": mapping[c["id"]], "duplicate_of": mapping.get(dup) if dup else None})
    return out


_EXTRACTORS: dict[str, Extractor] = {}


def settle_process() -> None:
    """Tune this process for a long run of batches: call once its extractor is loaded.

    - Every object alive now leaves the garbage collector's full passes: the loaded pipeline is
      a few hundred thousand long-lived objects that every full collection would walk again
      (about 50 ms each, several per thousand articles).
    - Memory freed by one batch is kept for the next (see `_keep_freed_memory`).

    Only a process that owns its lifetime (the CLI, a batch worker) calls this; a library
    constructor does not, since both settings are process-wide and would also reach the host
    application.
    """
    gc.collect()  # first, so that no garbage is frozen with the pipeline
    gc.freeze()
    _keep_freed_memory()


# glibc's mallopt parameters, and the values claimx sets.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_MMAP_THRESHOLD = 32 * 2**20  # glibc's own ceiling for its adaptive threshold on 64-bit
_TRIM_THRESHOLD = 256 * 2**20  # above one batch's working memory (about 150 MB at BATCH_TOKENS)


def _keep_freed_memory() -> None:
    """Stop glibc from handing each batch's memory back to the kernel only to fault it in again.

    A parsed batch holds about 150 MB that is freed when its claims are taken. By default
    glibc returns large freed blocks and the heap's free top to the kernel, and the next batch
    pays a page fault per 4 KB to get them back: about 100,000 faults and 3% of the CPU time
    per 150 articles, measured. Fixed thresholds keep that memory in the process instead; the
    peak stays that of one batch. A no-op where the C library has no `mallopt` (not glibc).
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    # Both at once: setting either one turns off glibc's adaptive mmap threshold.
    mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
    mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)


def get_extractor(model: str | None = None) -> Extractor:
    """The shared `Extractor` for `model`, loaded on first use (one per resolved pipeline)."""
    from claimx.nlp.pipeline import resolve_model

    name = resolve_model(model)
    if name not in _EXTRACTORS:
        _EXTRACTORS[name] = Extractor(name)
    return _EXTRACTORS[name]
