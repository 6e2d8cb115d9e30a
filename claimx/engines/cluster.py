"""claimx on Dask distributed: the same records as `claimx extract`, spread over a cluster.

    >>> from claimx.engines.cluster import extract_bag
    >>> bag = extract_bag(["news/"], partition_size=100)   # a dask.bag.Bag of record dicts
    >>> bag.filter(lambda r: r["claims"]).count().compute()

Inputs are listed on the client (paths only; nothing is read there), cut into partitions, and
each partition is read and extracted on a worker with `claimx.inputs.readers` and the same
`claimx.Extractor` the CLI runs. A worker builds its pipeline once per process (see
`worker_extractor`), never per article or per partition.

`run` writes one output shard per partition, from the worker that extracted it, under a name
fixed by the partition number (`part-00000.jsonl`, or `claims/part-00000.parquet` plus
`documents/part-00000.parquet`). A shard is written to a temporary name and renamed, so a
partition that Dask re-runs after a worker died replaces its own shard: nothing is lost and
nothing is written twice.

Needs the `dask` extra: `pip install 'claimx[dask]'`. The module is named for what it runs on, a
cluster, not after the `dask` or `distributed` packages it imports.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dask.bag as db

from claimx.engines.extractor import Extractor
from claimx.engines.serial import Outcome, serial_outcomes
from claimx.engines.sources import Source, list_sources, read_sources, reader_options
from claimx.outputs.atomic import is_url, open_atomic
from claimx.schema import DocumentRecord

__all__ = [
    "Source",
    "Summary",
    "extract_bag",
    "list_sources",
    "make_client",
    "run",
    "warm_workers",
    "worker_extractor",
]

# Enough partitions to keep every worker busy and to make a lost partition cheap to redo, few
# enough that scheduling stays negligible next to ~50 ms of parsing per article.
PARTITIONS_PER_WORKER = 8
MAX_PARTITION_SIZE = 200

# -- reading and extracting (on the workers) -------------------------------------------------
_LOCAL = threading.local()


def worker_extractor(config: dict[str, Any]) -> Extractor:
    """This worker thread's `Extractor` for `config`, built on first use and kept.

    One per process with the usual one-thread workers; a worker with several threads gets one
    per thread, because a spaCy pipeline is not meant to be shared between threads.
    """
    cache: dict[str, Extractor] = _LOCAL.__dict__.setdefault("extractors", {})
    key = json.dumps(config, sort_keys=True, default=str)
    if key not in cache:
        cache[key] = Extractor(**config)
    return cache[key]


def _warm(config: dict[str, Any]) -> int:
    worker_extractor(config)
    return os.getpid()


def warm_workers(client, extractor_config: dict[str, Any] | None = None) -> list[int]:
    """Build the pipeline on every current worker now (as a task, in the thread tasks run in),
    so a timed run measures extraction rather than loading. Returns the worker process ids."""
    config = extractor_options(extractor_config or {})
    futures = [
        client.submit(_warm, config, workers=[addr], pure=False, allow_other_workers=False)
        for addr in client.nthreads()
    ]
    return client.gather(futures)


def partition_outcomes(items: Sequence[Any], config: dict[str, Any], options: dict[str, Any]):
    """Extract one partition: a `claimx.engines.serial.Outcome` (record included) per article,
    in order.

    The partition is cut into batches and run as `claimx extract --jobs N` runs its input
    (`claimx.engines.serial.serial_outcomes`), so an article whose extraction raises gets the
    same error record, and a worker's peak memory is that of one batch, however large the
    partition.
    """
    extractor = worker_extractor(config)
    batch_size = int(options.get("batch_size") or 32)
    return list(serial_outcomes(read_sources(items, options), extractor, batch_size=batch_size))


def partition_records(
    items: Sequence[Any], config: dict[str, Any], options: dict[str, Any]
) -> list[DocumentRecord]:
    """Extract one partition: one `DocumentRecord` per article, in order."""
    return [outcome.as_record() for outcome in partition_outcomes(items, config, options)]


def _partition_dicts(
    items: Sequence[Any], config: dict[str, Any], options: dict[str, Any]
) -> list[dict[str, Any]]:
    return [r.model_dump(mode="json") for r in partition_records(items, config, options)]


def extractor_options(extractor_config: dict[str, Any]) -> dict[str, Any]:
    """The `Extractor` keyword arguments of `extractor_config`, refusing unknown ones."""
    allowed = {
        "model",
        "rules_dir",
        "unattributed",
        "include_text",
        "piece_chars",
        "entities",
        "frames",
    }
    unknown = set(extractor_config) - allowed
    if unknown:
        raise TypeError(f"unknown Extractor options: {', '.join(sorted(unknown))}")
    return dict(extractor_config)


def _partition_size(n: int, workers: int | None) -> int:
    per = -(-n // max(1, (workers or 1) * PARTITIONS_PER_WORKER))
    return max(1, min(MAX_PARTITION_SIZE, per))


def extract_bag(
    paths_or_bag: Iterable[str] | db.Bag,
    *,
    partition_size: int | None = None,
    recursive: bool = False,
    glob: str | None = None,
    input_format: str = "auto",
    max_chars: int | None = None,
    publication: str | None = None,
    title: str | None = None,
    batch_size: int = 32,
    **extractor_config: Any,
) -> db.Bag:
    """A `dask.bag.Bag` of records (plain dicts, `DocumentRecord.model_dump(mode="json")`).

    `paths_or_bag` is a list of inputs as `claimx extract` takes them (files, folders, globs,
    JSON Lines files, fsspec URLs), or a Bag whose elements are paths or articles (texts as
    `{"text": ..., "title": ...}` dicts, or `ArticleInput`s). `extractor_config` are the
    `claimx.Extractor` options (`model`, `rules_dir`, `unattributed`, `include_text`,
    `piece_chars`). Dicts, not models, so the bag composes with `bag.map`, `to_dataframe` and
    `to_textfiles`; `DocumentRecord.model_validate(d)` turns one back into the record.
    Nothing runs until the bag is computed.
    """
    config = extractor_options(extractor_config)
    options = reader_options(input_format, max_chars, publication, title, batch_size)
    if isinstance(paths_or_bag, db.Bag):
        bag = paths_or_bag
    else:
        sources = list_sources(
            paths_or_bag, recursive=recursive, glob=glob, input_format=input_format
        )
        size = partition_size or _partition_size(len(sources), None)
        bag = (
            db.from_sequence(sources, partition_size=size)
            if sources
            else db.from_sequence([], npartitions=1)
        )
    return bag.map_partitions(_partition_dicts, config, options)


# -- writing shards (on the workers) ---------------------------------------------------------
def shard_names(index: int, fmt: str) -> list[str]:
    """The shard file names partition `index` writes, relative to the output folder."""
    if fmt == "parquet":
        return [f"claims/part-{index:05d}.parquet", f"documents/part-{index:05d}.parquet"]
    return [f"part-{index:05d}.jsonl"]


def write_partition(
    items: Sequence[Any],
    index: int,
    out: str,
    fmt: str,
    config: dict[str, Any],
    options: dict[str, Any],
) -> dict[str, Any]:
    """Extract one partition and write its shard(s) under `out`; return what the client counts.

    Idempotent: a re-run (after a worker died) rewrites the same shard names. The result
    carries one record-less `claimx.engines.serial.Outcome` per article (claims, error, path), so
    records never travel back to the client.
    """
    outcomes = partition_outcomes(items, config, options)
    names = [f"{out.rstrip('/')}/{name}" for name in shard_names(index, fmt)]
    if fmt == "parquet":
        from claimx.outputs.parquet import write_tables

        with open_atomic(names[0]) as claims_file, open_atomic(names[1]) as documents_file:
            write_tables((o.as_record() for o in outcomes), claims_file, documents_file)
    else:
        with open_atomic(names[0]) as handle:
            for outcome in outcomes:
                handle.write(outcome.as_line().encode("utf-8"))
                handle.write(b"\n")
    return {
        "index": index,
        "outcomes": [Outcome(claims=o.claims, error=o.error, path=o.path) for o in outcomes],
        "shards": names,
        "pid": os.getpid(),
    }


# -- running (on the client) -----------------------------------------------------------------
@dataclass
class Summary:
    """What a run did: counts, time, and the shards it wrote."""

    documents: int = 0
    claims: int = 0
    failed: int = 0
    partitions: int = 0
    seconds: float = 0.0
    workers: int = 0
    shards: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    pids: dict[int, int] = field(default_factory=dict)  # partition -> worker process that wrote it


def make_client(scheduler: str | None = None, workers: int | None = None):
    """A `distributed.Client`: to `scheduler`, or to a new loopback `LocalCluster`.

    The LocalCluster has `workers` single-threaded worker processes (default: one per CPU),
    since spaCy parsing is CPU-bound and holds the GIL. Its dashboard is on a free port when
    bokeh is installed and off otherwise.
    """
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler)
    cluster = LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0" if show_dashboard() else None,
        silence_logs=logging.ERROR,
    )
    return Client(cluster)


def show_dashboard() -> bool:
    """Whether the cluster has a dashboard to link to (bokeh is installed)."""
    import importlib.util

    return importlib.util.find_spec("bokeh") is not None


def _worker_count(client) -> int:
    return len(client.nthreads())


def existing_shards(out: str) -> list[str]:
    """Shard files already under `out` (a run refuses to mix its shards with older ones)."""
    patterns = ("part-*.jsonl", "claims/part-*.parquet", "documents/part-*.parquet")
    if is_url(out):
        import fsspec

        fs, path = fsspec.core.url_to_fs(out)
        return sorted(p for pattern in patterns for p in fs.glob(f"{path.rstrip('/')}/{pattern}"))
    return sorted(str(p) for pattern in patterns for p in Path(out).glob(pattern))


def run(
    client,
    sources: Sequence[Any],
    *,
    out: str,
    fmt: str = "jsonl",
    extractor_config: dict[str, Any] | None = None,
    options: dict[str, Any] | None = None,
    partition_size: int | None = None,
    on_partition: Callable[[dict[str, Any], Summary], None] | None = None,
) -> Summary:
    """Extract `sources` on `client`'s cluster, writing one shard set per partition under `out`.

    `sources` are what `list_sources` returns (or paths, or article dicts). `on_partition(result,
    summary)` is called on the client as each partition completes (progress, error lines).
    Raises what a partition raised if Dask gives up on it (e.g. `KilledWorker` once its
    workers died `distributed.scheduler.allowed-failures` times).
    """
    from distributed import as_completed

    if fmt not in ("jsonl", "parquet"):
        raise ValueError(f"unknown format {fmt!r}: jsonl or parquet")
    config = extractor_options(extractor_config or {})
    options = {**reader_options("auto", None, None, None, 32), **(options or {})}
    summary = Summary(workers=_worker_count(client))
    size = partition_size or _partition_size(len(sources), summary.workers)
    parts = [list(sources[i : i + size]) for i in range(0, len(sources), size)]
    summary.partitions = len(parts)
    started = time.perf_counter()
    token = uuid.uuid4().hex[:8]
    # One task per partition; its shards are named by the partition number, not by the task.
    futures = [
        client.submit(
            write_partition,
            part,
            index,
            out,
            fmt,
            config,
            options,
            key=f"claimx-part-{index:05d}-{token}",
            pure=False,
        )
        for index, part in enumerate(parts)
    ]
    try:
        for future in as_completed(futures):
            result = future.result()
            for outcome in result["outcomes"]:
                summary.documents += 1
                summary.claims += outcome.claims
                if outcome.error is not None:
                    summary.failed += 1
                    summary.errors.append(outcome.error.message)
            summary.shards.extend(result["shards"])
            summary.pids[result["index"]] = result["pid"]
            if on_partition is not None:
                on_partition(result, summary)
    except BaseException:
        client.cancel(futures)
        raise
    summary.shards.sort()
    summary.seconds = time.perf_counter() - started
    _remove_leftovers(out)
    return summary


def _remove_leftovers(out: str) -> None:
    """Delete temporary shards that a killed worker left half-written (local folders only)."""
    if is_url(out):
        return  # object stores never show a half-written object
    for pattern in (".part-*.tmp", "claims/.part-*.tmp", "documents/.part-*.tmp"):
        for leftover in Path(out).glob(pattern):
            leftover.unlink(missing_ok=True)
