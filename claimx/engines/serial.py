"""Batch processing: many articles through claimx, in input order, on one core or several.

The unit of work is an `Outcome`: one article's record plus what the caller needs to count it
(claims, error) without parsing it again. Serially, outcomes carry the `DocumentRecord` itself;
from worker processes they carry the record already serialised as one JSON line, because a
string crosses a process boundary far more cheaply than a pickled spaCy `Doc` (which is what
`nlp.pipe(n_process=N)` ships back).

Parallel runs use a `multiprocessing` pool whose workers each hold one `Extractor`. Articles
are read lazily by the caller and sent in chunks of at most `batch_size` articles and
`MAX_CHUNK_CHARS` characters, with at most eight chunks per worker in flight, so memory stays flat
however long the batch is; results are collected in submission order, so output order is input
order. Workers are forked from the parent by default and inherit its loaded pipeline
(`$CLAIMX_START_METHOD=spawn|forkserver` makes each worker load its own).

An article that makes the pipeline raise becomes a record with `error` set; the batch goes on.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
import sys
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from claimx.errors import ClaimxError
from claimx.engines.extractor import GROUP_CHARS, ArticleInput, Extractor, as_input, settle_process
from claimx.schema import DocumentRecord, ErrorInfo

START_METHOD_ENV = "CLAIMX_START_METHOD"
# Chunks in flight per worker. Output is in order, so one slow chunk holds back the ones
# after it: a deep window lets the other workers run ahead meanwhile. It still bounds what the
# parent holds (inputs and finished lines of 8 * n_process chunks, a few MB) however long the
# input is; a worker's own memory depends only on the chunk it is running.
IN_FLIGHT_PER_WORKER = 8
# A chunk also closes at this many characters (a longer article goes alone): the extractor's
# group size, so one chunk fills pipeline batches instead of leaving a small remainder batch.
MAX_CHUNK_CHARS = GROUP_CHARS


@dataclass
class Outcome:
    """One processed article: its record (as an object, a JSON line, or both) and its tallies."""

    claims: int
    error: ErrorInfo | None
    path: str | None
    record: DocumentRecord | None = None
    line: str | None = None

    @classmethod
    def of(cls, record: DocumentRecord, *, serialise: bool = False) -> Outcome:
        """Wrap a record; `serialise` stores its JSON line now (in a worker, before shipping)."""
        return cls(
            claims=len(record.claims),
            error=record.error,
            path=record.document.path,
            record=None if serialise else record,
            line=record.model_dump_json() if serialise else None,
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


# -- one chunk, in whichever process runs it ---------------------------------------------------


def process_chunk(
    extractor: Extractor, chunk: list[ArticleInput], *, batch_size: int, serialise: bool = False
) -> list[Outcome]:
    """Run one chunk through `extractor`; an article that raises gets an error record.

    The whole chunk goes through one `nlp.pipe` call (fast path). Only if that raises is the
    chunk redone one article at a time, to pin the failure on its article.
    """
    try:
        records = list(extractor.pipe(chunk, batch_size=batch_size))
    except Exception:  # noqa: BLE001 - isolated per article below
        records = [_one_safely(extractor, art) for art in chunk]
    return [Outcome.of(r, serialise=serialise) for r in records]


def _one_safely(extractor: Extractor, art: ArticleInput) -> DocumentRecord:
    try:
        return next(extractor.pipe([art]))
    except Exception as exc:  # noqa: BLE001 - any failure of one article becomes its record
        message = f"{art.path}: {exc}" if art.path else str(exc)
        failed = dataclasses.replace(art, error=ErrorInfo(type="processing", message=message))
        # An input that already carries an error is never parsed, so this cannot raise again.
        return next(extractor.pipe([failed]))


def chunked(
    items: Iterable[Any], size: int, max_chars: int = MAX_CHUNK_CHARS
) -> Iterator[list[ArticleInput]]:
    """Lists of up to `size` normalised inputs holding at most `max_chars` characters of text
    (an input longer than that gets a list to itself), read lazily."""
    chunk: list[ArticleInput] = []
    chars = 0
    for item in items:
        art = as_input(item)
        n = len(art.text or "")
        if chunk and chars + n > max_chars:
            yield chunk
            chunk, chars = [], 0
        chunk.append(art)
        chars += n
        if len(chunk) >= size:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def serial_outcomes(
    items: Iterable[Any], extractor: Extractor, *, batch_size: int = 32
) -> Iterator[Outcome]:
    """Outcomes in input order, in this process."""
    for chunk in chunked(items, batch_size):
        yield from process_chunk(extractor, chunk, batch_size=batch_size)


# -- worker processes --------------------------------------------------------------------------

_worker_extractor: Extractor | None = None
_worker_error: BaseException | None = None


def _init_worker(config: dict[str, Any] | None) -> None:
    global _worker_extractor, _worker_error
    # Ctrl-C reaches the whole process group; the parent alone decides what to flush.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _worker_extractor is not None:  # inherited ready-made through fork
        return
    try:
        _worker_extractor = Extractor(**(config or {}))
        settle_process()
    except BaseException as exc:  # noqa: BLE001 - a raising initializer makes Pool respawn forever
        _worker_error = exc


def _work(chunk: list[ArticleInput], batch_size: int) -> list[Outcome]:
    if _worker_extractor is None:
        raise _worker_error or ClaimxError("the worker could not build its extractor")
    return process_chunk(_worker_extractor, chunk, batch_size=batch_size, serialise=True)


def default_start_method() -> str:
    """`$CLAIMX_START_METHOD`, else `fork` where available (workers inherit the loaded
    pipeline, no reload), else `spawn`."""
    wanted = os.environ.get(START_METHOD_ENV)
    methods = multiprocessing.get_all_start_methods()
    if wanted:
        if wanted not in methods:
            raise ClaimxError(f"{START_METHOD_ENV}={wanted!r} is not one of {', '.join(methods)}")
        return wanted
    return "fork" if "fork" in methods and sys.platform != "darwin" else "spawn"


def worker_count(n_process: int) -> int:
    """`n_process`, with 0 or a negative number meaning every CPU (as in spaCy)."""
    return n_process if n_process > 0 else (os.cpu_count() or 1)


def parallel_outcomes(
    items: Iterable[Any],
    *,
    n_process: int,
    batch_size: int = 32,
    extractor_config: dict[str, Any] | None = None,
    extractor: Extractor | None = None,
    start_method: str | None = None,
) -> PoolOutcomes:
    """Outcomes in input order, computed by `n_process` worker processes.

    Workers build `Extractor(**extractor_config)`, or, with the `fork` start method and an
    `extractor` given, inherit that one already loaded. Outcomes carry JSON lines.
    The pool starts now, not at the first `next()`: forking before the caller starts threads
    of its own (a progress bar) keeps their locks out of the workers.
    """
    global _worker_extractor
    workers = worker_count(n_process)
    method = start_method or default_start_method()
    if extractor is not None and extractor_config is None:
        extractor_config = extractor.config()
    ctx = multiprocessing.get_context(method)
    inherited = method == "fork" and extractor is not None
    if inherited:
        _worker_extractor = extractor
    try:
        pool = ctx.Pool(workers, initializer=_init_worker, initargs=(extractor_config,))
    finally:
        if inherited:
            _worker_extractor = None  # the parent never runs _work itself
    return PoolOutcomes(
        pool, _collect(pool, items, batch_size=batch_size, limit=workers * IN_FLIGHT_PER_WORKER)
    )


class PoolOutcomes:
    """An iterator of outcomes from a worker pool; `close()` (or exhaustion) ends the pool."""

    def __init__(self, pool: Any, outcomes: Iterator[Outcome]) -> None:
        self._pool = pool
        self._outcomes = outcomes

    def __iter__(self) -> PoolOutcomes:
        return self

    def __next__(self) -> Outcome:
        return next(self._outcomes)

    def close(self) -> None:
        """Stop the workers now (pending work is dropped)."""
        self._outcomes.close()
        self._pool.terminate()


def _collect(pool: Any, items: Iterable[Any], *, batch_size: int, limit: int) -> Iterator[Outcome]:
    pending: deque = deque()
    try:
        # Not Pool.imap: its feeder thread drains the whole input at once, so memory would
        # grow with the batch. Submitting by hand keeps `limit` chunks in flight at most.
        for chunk in chunked(items, batch_size):
            pending.append(pool.apply_async(_work, (chunk, batch_size)))
            while len(pending) >= limit:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
        pool.close()
        pool.join()
    finally:
        # Reached early on Ctrl-C, an error, or a consumer that stops reading.
        pool.terminate()


def parallel_records(
    items: Iterable[Any],
    *,
    n_process: int,
    batch_size: int = 32,
    extractor_config: dict[str, Any] | None = None,
    extractor: Extractor | None = None,
    start_method: str | None = None,
) -> Iterator[DocumentRecord]:
    """`DocumentRecord`s in input order, computed by `n_process` worker processes.

    This is what `Extractor.pipe(items, n_process=N)` runs; see `parallel_outcomes`.
    """
    outcomes = parallel_outcomes(
        items,
        n_process=n_process,
        batch_size=batch_size,
        extractor_config=extractor_config,
        extractor=extractor,
        start_method=start_method,
    )
    try:
        for outcome in outcomes:
            yield outcome.as_record()
    finally:
        outcomes.close()


def run_outcomes(
    items: Iterable[Any], extractor: Extractor, *, n_process: int = 1, batch_size: int = 32
) -> Iterator[Outcome]:
    """Outcomes in input order: in this process for one job, else in a worker pool (started
    at once). The result has `close()`, which stops any workers."""
    if worker_count(n_process) == 1:
        return serial_outcomes(items, extractor, batch_size=batch_size)
    return parallel_outcomes(items, n_process=n_process, batch_size=batch_size, extractor=extractor)


# -- output that appears only when complete ----------------------------------------------------


class AtomicOutput:
    """A text file written under a temporary name in the same folder, renamed when complete.

    `commit()` renames it to its final name (atomic on POSIX: readers see the old file or the
    whole new one). `keep_partial()` renames it to `<name>.partial` (what an interrupted run
    finished, every line complete); `discard()` deletes it. The final name never holds a
    half-written file.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        folder = self.path.parent
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        self.tmp = Path(tmp)
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(fd, 0o666 & ~umask)
        self.stream: TextIO = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    @property
    def partial_path(self) -> Path:
        """Where `keep_partial` puts an interrupted run's output."""
        return self.path.with_name(self.path.name + ".partial")

    def commit(self) -> Path:
        """Flush, close and rename to the final name."""
        self._close()
        os.replace(self.tmp, self.path)
        return self.path

    def keep_partial(self) -> Path:
        """Flush, close and rename to `<name>.partial`."""
        self._close()
        os.replace(self.tmp, self.partial_path)
        return self.partial_path

    def discard(self) -> None:
        """Close and delete the temporary file."""
        self._close()
        self.tmp.unlink(missing_ok=True)

    def _close(self) -> None:
        if not self.stream.closed:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()


# -- progress and summary on stderr ------------------------------------------------------------


class BatchReport:
    """Counts outcomes; shows a Rich progress bar on stderr when stderr is a terminal.

    The bar never redirects stdout or stderr (Rich's `Progress` does by default), so stdout
    stays pure data. `summary()` is the one line printed at the end.
    """

    def __init__(self, *, total: int | None = None, show: bool | None = None) -> None:
        import time

        from rich.console import Console

        self.console = Console(stderr=True)
        self.show = self.console.is_terminal if show is None else show
        self.total = total
        self.files = 0
        self.claims = 0
        self.failed = 0
        self._clock = time.perf_counter
        self.started = self._clock()
        self._progress = None
        self._task = None

    def __enter__(self) -> BatchReport:
        if self.show:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("extracting"),
                BarColumn(),
                MofNCompleteColumn() if self.total else TextColumn("{task.completed} files"),
                TextColumn("{task.fields[claims]} claims"),
                TextColumn("{task.fields[rate]} articles/s"),
                TimeRemainingColumn() if self.total else TimeElapsedColumn(),
                console=self.console,
                redirect_stdout=False,
                redirect_stderr=False,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("extract", total=self.total, claims=0, rate="-")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def add(self, outcome: Outcome) -> None:
        """Count one outcome; report its error as one `Error:` line."""
        self.files += 1
        self.claims += outcome.claims
        if outcome.error is not None:
            self.failed += 1
            self.console.print(
                f"Error: {outcome.error.message}", markup=False, highlight=False, soft_wrap=True
            )
        if self._progress is not None:
            elapsed = self._clock() - self.started
            rate = f"{self.files / elapsed:.1f}" if elapsed > 0 else "-"
            self._progress.update(self._task, completed=self.files, claims=self.claims, rate=rate)

    @property
    def seconds(self) -> float:
        """Seconds since the report started."""
        return self._clock() - self.started

    def summary(self, *, interrupted: bool = False) -> str:
        """`N files, N claims, N failed, S s (R files/s)`, plus `interrupted` when it was."""
        secs = self.seconds
        rate = self.files / secs if secs > 0 else 0.0
        files = "file" if self.files == 1 else "files"
        line = f"{self.files} {files}, {self.claims} claims, {self.failed} failed, {secs:.1f} s ({rate:.1f} files/s)"
        return f"{line}, interrupted" if interrupted else line


class OutputTarget:
    """Where `claimx extract` writes: stdout (`None` or `-`), a device or FIFO written directly
    (`/dev/null`), or a regular file written through `AtomicOutput`."""

    def __init__(self, output: str | None) -> None:
        self.atomic: AtomicOutput | None = None
        self._direct: TextIO | None = None
        if output in (None, "-"):
            self.stream: TextIO = sys.stdout
        elif not os.path.exists(output) or os.path.isfile(output):
            self.atomic = AtomicOutput(output)
            self.stream = self.atomic.stream
        else:
            self._direct = open(output, "w", encoding="utf-8")  # noqa: SIM115 - closed in finish
            self.stream = self._direct

    def complete(self) -> None:
        """The run finished: put the file in place."""
        self.stream.flush()
        if self.atomic:
            self.atomic.commit()
        elif self._direct:
            self._direct.close()

    def interrupted(self) -> Path | None:
        """The run was interrupted: keep what is done (as `<file>.partial`, returned)."""
        if self.atomic:
            return self.atomic.keep_partial()
        try:
            self.stream.flush()
        finally:
            if self._direct:
                self._direct.close()
        return None

    def failed(self) -> None:
        """The run crashed: leave nothing under the final name."""
        if self.atomic:
            self.atomic.discard()
        elif self._direct:
            self._direct.close()
