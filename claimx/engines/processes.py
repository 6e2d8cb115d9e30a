"""Many articles over a pool of worker processes, in input order.

Each worker holds one `Extractor`. Articles are read lazily by the caller and sent in batches
of at most `batch_size` articles and `BATCH_CHARS` characters, with at most
`IN_FLIGHT_PER_WORKER` batches per worker in flight, so memory stays flat however long the
input is; results are collected in submission order, so output order is input order. Workers
are forked from the parent by default and inherit its loaded pipeline
(`$CLAIMX_START_METHOD=spawn|forkserver` makes each worker build its own).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from claimx.engines.batching import batches
from claimx.engines.serial import Outcome, process_batch, serial_outcomes
from claimx.engines.tuning import die_with_parent, settle_process
from claimx.errors import ClaimxError
from claimx.inputs.article import ArticleInput
from claimx.schema import DocumentRecord

if TYPE_CHECKING:  # typing only: the extractor module hands its work to this one
    from claimx.engines.extractor import Extractor

START_METHOD_ENV = "CLAIMX_START_METHOD"
# Batches in flight per worker. Output is in order, so one slow batch holds back the ones
# after it: a deep window lets the other workers run ahead meanwhile. It still bounds what the
# parent holds (inputs and finished lines of 8 * n_process batches, a few MB) however long the
# input is; a worker's own memory depends only on the batch it is running.
IN_FLIGHT_PER_WORKER = 8


_worker_extractor: Extractor | None = None
_worker_error: BaseException | None = None


def _init_worker(make_extractor: Callable[[], Extractor] | None, parent_pid: int) -> None:
    global _worker_extractor, _worker_error
    # Ctrl-C reaches the whole process group; the parent alone decides what to flush.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The parent's SIGTERM/SIGHUP handlers (claimx.cli.signals) came along with fork: a worker
    # dies of those signals at once, which is how the parent's pool stops it.
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    die_with_parent(parent_pid)
    if _worker_extractor is not None:  # inherited ready-made through fork
        return
    try:
        if make_extractor is None:
            raise ClaimxError("the worker was given no extractor to build")
        _worker_extractor = make_extractor()
        settle_process()
    except BaseException as exc:  # noqa: BLE001 - a raising initializer makes Pool respawn forever
        _worker_error = exc


def _work(batch: list[ArticleInput], batch_size: int) -> list[Outcome]:
    if _worker_extractor is None:
        raise _worker_error or ClaimxError("the worker could not build its extractor")
    return process_batch(_worker_extractor, batch, batch_size=batch_size, serialise=True)


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
    make_extractor: Callable[[], Extractor] | None = None,
    extractor: Extractor | None = None,
    start_method: str | None = None,
) -> PoolOutcomes:
    """Outcomes in input order, computed by `n_process` worker processes.

    Workers build their extractor with `make_extractor()` (default: `extractor.factory()`),
    or, with the `fork` start method and an `extractor` given, inherit that one already loaded. Outcomes carry JSON lines.
    The pool starts now, not at the first `next()`: forking before the caller starts threads
    of its own (a progress bar) keeps their locks out of the workers.
    """
    global _worker_extractor
    workers = worker_count(n_process)
    method = start_method or default_start_method()
    if extractor is not None and make_extractor is None:
        make_extractor = extractor.factory()
    ctx = multiprocessing.get_context(method)
    inherited = method == "fork" and extractor is not None
    if inherited:
        _worker_extractor = extractor
    try:
        pool = ctx.Pool(workers, initializer=_init_worker, initargs=(make_extractor, os.getpid()))
    finally:
        if inherited:
            _worker_extractor = None  # the parent never runs _work itself
    return PoolOutcomes(
        pool, _collect(pool, items, batch_size=batch_size, limit=workers * IN_FLIGHT_PER_WORKER)
    )


class PoolOutcomes:
    """An iterator of outcomes from a worker pool; `close()` (or exhaustion) ends the pool."""

    def __init__(self, pool: Any, outcomes: Generator[Outcome, None, None]) -> None:
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


def _collect(
    pool: Any, items: Iterable[Any], *, batch_size: int, limit: int
) -> Generator[Outcome, None, None]:
    pending: deque = deque()
    try:
        # Not Pool.imap: its feeder thread drains the whole input at once, so memory would
        # grow with the input. Submitting by hand keeps `limit` batches in flight at most.
        for batch in batches(items, batch_size):
            pending.append(pool.apply_async(_work, (batch, batch_size)))
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
    make_extractor: Callable[[], Extractor] | None = None,
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
        make_extractor=make_extractor,
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
) -> Generator[Outcome, None, None] | PoolOutcomes:
    """Outcomes in input order: in this process for one job, else in a worker pool (started
    at once). The result has `close()`, which stops any workers."""
    if worker_count(n_process) == 1:
        return serial_outcomes(items, extractor, batch_size=batch_size)
    return parallel_outcomes(items, n_process=n_process, batch_size=batch_size, extractor=extractor)
