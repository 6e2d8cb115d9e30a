"""claimx on Dask distributed: the same records as `claimx extract`, spread over a cluster.

    >>> from claimx.engines.distributed import extract_bag
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

Needs the `dask` extra: `pip install 'claimx[dask]'`. (This module is `claimx.engines.distributed`; the
imports below are absolute, so `import dask` is the real Dask package.)
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dask.bag as db

from claimx.engines.extractor import ArticleInput, Extractor, as_input
from claimx.schema import DocumentRecord, ErrorInfo

__all__ = [
    "Source",
    "Summary",
    "extract_bag",
    "list_sources",
    "make_client",
    "run",
    "run_cli",
    "warm_workers",
    "worker_extractor",
]

_GLOB_CHARS = "*?["
# Enough partitions to keep every worker busy and to make a lost partition cheap to redo, few
# enough that scheduling stays negligible next to ~50 ms of parsing per article.
PARTITIONS_PER_WORKER = 8
MAX_PARTITION_SIZE = 200

# A source is ("file", path) for one article or ("jsonl", path) for a JSON Lines file of them
# (paths or fsspec URLs). `list_sources` also gives an `ArticleInput` carrying its error for an
# input the listing already found bad, exactly where the CLI would report it.
Source = tuple[str, str]


# -- listing inputs (on the client) ----------------------------------------------------------
def _is_url(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def _kind(path: str, input_format: str) -> str:
    # As `claimx.inputs.readers.iter_articles` decides: by `--input-format`, else by the `.jsonl` suffix.
    if input_format == "jsonl" or (input_format == "auto" and path.endswith(".jsonl")):
        return "jsonl"
    return "file"


def list_sources(
    inputs: Iterable[str],
    *,
    recursive: bool = False,
    glob: str | None = None,
    from_list: str | None = None,
    input_format: str = "auto",
) -> list[Source | ArticleInput]:
    """Expand `inputs` (files, folders, `from_list`, fsspec URLs and globs) into sources, in order.

    Only names are listed, nothing is read. Local inputs are expanded by the CLI's own code
    (`claimx.inputs.readers`), so the same files come in the same order, and an input already known
    to be bad (an unlistable folder, a FIFO in a folder) comes back as its error `ArticleInput`,
    as in the CLI. A JSON Lines file is one source of many articles. A path that does not
    exist is kept, so it becomes an error record, as in the CLI.
    """
    from claimx.inputs.readers import _expand as expand_local

    sources: list[Source | ArticleInput] = []
    local: list[str] = []

    def flush() -> None:
        for path, problem in expand_local(
            local, recursive=recursive, glob=glob, from_list=None, stdin=None
        ):
            sources.append(problem if problem is not None else (_kind(path, input_format), path))
        local.clear()

    listed = list(inputs)
    if from_list is not None:
        from claimx.inputs.readers import _list_lines

        try:
            listed += list(_list_lines(from_list, None))
        except OSError as exc:
            raise ValueError(
                f"cannot read the list of inputs {from_list}: {exc.strerror or exc}"
            ) from None
    for given in listed:
        if given == "-":
            raise ValueError("the dask engine reads files, not standard input")
        if _is_url(given):
            flush()
            sources.extend(
                (_kind(url, input_format), url)
                for url in _expand_url(given, recursive=recursive, glob=glob)
            )
        elif any(c in given for c in _GLOB_CHARS) and not os.path.exists(given):
            # A pattern the shell did not expand (quoted, or too many files for a command line).
            import glob as globmod

            local.extend(sorted(globmod.glob(given, recursive=recursive)))
        else:
            local.append(given)
    flush()
    return sources


def _expand_url(url: str, *, recursive: bool, glob: str | None) -> list[str]:
    import fsspec

    fs, path = fsspec.core.url_to_fs(url)
    if any(c in path for c in _GLOB_CHARS):
        found = fs.glob(path)
    elif fs.isdir(path):
        found = (
            fs.find(path) if recursive else [p for p in fs.ls(path, detail=False) if fs.isfile(p)]
        )
        found = [p for p in found if not p.rsplit("/", 1)[-1].startswith(".")]
        if glob:
            import fnmatch

            found = [p for p in found if fnmatch.fnmatchcase(p.rsplit("/", 1)[-1], glob)]
    else:
        return [url]
    return sorted(fs.unstrip_protocol(p) for p in found)


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
    config = _extractor_config(extractor_config or {})
    futures = [
        client.submit(_warm, config, workers=[addr], pure=False, allow_other_workers=False)
        for addr in client.nthreads()
    ]
    return client.gather(futures)


def _read_url(url: str, options: dict[str, Any]) -> Iterator[ArticleInput]:
    """Read a remote file through fsspec and decode it exactly as a local one."""
    import io

    import fsspec

    from claimx.inputs.readers import article_from_bytes, iter_jsonl

    kwargs = _reader_kwargs(options)
    try:
        with fsspec.open(url, "rb") as remote:
            data = remote.read()
    except Exception as exc:  # noqa: BLE001 - any filesystem failure is this input's error
        yield ArticleInput(
            text=None, path=url, error=ErrorInfo(type="unreadable", message=f"{url}: {exc}")
        )
        return
    if _kind(url, kwargs["input_format"]) == "jsonl":
        yield from iter_jsonl(
            io.BytesIO(data), source=url, **{k: v for k, v in kwargs.items() if k == "max_chars"}
        )
    else:
        yield article_from_bytes(data, path=url, **kwargs)


def _reader_kwargs(options: dict[str, Any], *, jsonl: bool = False) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "input_format": "jsonl" if jsonl else options.get("input_format", "auto")
    }
    if options.get("max_chars") is not None:
        kwargs["max_chars"] = options["max_chars"]
    return kwargs


def _articles(items: Iterable[Any], options: dict[str, Any]) -> Iterator[ArticleInput]:
    """Sources, paths, dicts or ArticleInputs -> ArticleInputs, with the CLI's overrides."""
    from claimx.inputs.readers import iter_articles, read_path

    for item in items:
        if isinstance(item, str):
            item = (_kind(item, options.get("input_format", "auto")), item)
        if isinstance(item, tuple):
            kind, path = item
            if _is_url(path):
                arts: Iterable[ArticleInput] = _read_url(path, options)
            elif kind == "jsonl":
                arts = iter_articles([path], **_reader_kwargs(options, jsonl=True))
            else:
                arts = [read_path(path, **_reader_kwargs(options))]
        else:
            arts = [as_input(item)]
        for art in arts:
            art.publication = art.publication or options.get("publication")
            art.title = art.title or options.get("title")
            yield art


def partition_outcomes(items: Sequence[Any], config: dict[str, Any], options: dict[str, Any]):
    """Extract one partition: a `claimx.engines.serial.Outcome` (record included) per article, in order.

    The partition is cut and run as `claimx extract --jobs N` cuts and runs its input
    (`claimx.engines.serial.chunked`, `claimx.engines.serial.process_chunk`), so an article whose extraction
    raises gets the same error record.
    """
    from claimx.engines.serial import chunked, process_chunk

    extractor = worker_extractor(config)
    batch_size = int(options.get("batch_size") or 32)
    outcomes = []
    # The CLI's chunks (bounded in articles and in characters) keep a worker's peak memory that
    # of one chunk, however large the partition.
    for chunk in chunked(_articles(items, options), batch_size):
        outcomes.extend(process_chunk(extractor, chunk, batch_size=batch_size))
    return outcomes


def partition_records(
    items: Sequence[Any], config: dict[str, Any], options: dict[str, Any]
) -> list[DocumentRecord]:
    """Extract one partition: one `DocumentRecord` per article, in order."""
    return [outcome.as_record() for outcome in partition_outcomes(items, config, options)]


def _partition_dicts(
    items: Sequence[Any], config: dict[str, Any], options: dict[str, Any]
) -> list[dict[str, Any]]:
    return [r.model_dump(mode="json") for r in partition_records(items, config, options)]


def _extractor_config(extractor_config: dict[str, Any]) -> dict[str, Any]:
    allowed = {"model", "rules_dir", "unattributed", "include_text", "chunk_chars"}
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
    `chunk_chars`). Dicts, not models, so the bag composes with `bag.map`, `to_dataframe` and
    `to_textfiles`; `DocumentRecord.model_validate(d)` turns one back into the record.
    Nothing runs until the bag is computed.
    """
    config = _extractor_config(extractor_config)
    options = _options(input_format, max_chars, publication, title, batch_size)
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


def _options(
    input_format: str,
    max_chars: int | None,
    publication: str | None,
    title: str | None,
    batch_size: int,
) -> dict[str, Any]:
    return {
        "input_format": input_format,
        "max_chars": max_chars,
        "publication": publication,
        "title": title,
        "batch_size": batch_size,
    }


# -- writing shards (on the workers) ---------------------------------------------------------
def shard_names(index: int, fmt: str) -> list[str]:
    """The shard file names partition `index` writes, relative to the output folder."""
    if fmt == "parquet":
        return [f"claims/part-{index:05d}.parquet", f"documents/part-{index:05d}.parquet"]
    return [f"part-{index:05d}.jsonl"]


@contextlib.contextmanager
def _atomic_open(url: str):
    """Open `url` for binary writing; it appears complete or not at all."""
    if _is_url(url):
        import fsspec

        # Object stores publish an object only when its upload completes.
        with fsspec.open(url, "wb") as handle:
            yield handle
        return
    target = Path(url.removeprefix("file://"))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


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
    from claimx.engines.serial import Outcome

    outcomes = partition_outcomes(items, config, options)
    names = [f"{out.rstrip('/')}/{name}" for name in shard_names(index, fmt)]
    if fmt == "parquet":
        from claimx.outputs.parquet import write_tables

        with _atomic_open(names[0]) as claims_file, _atomic_open(names[1]) as documents_file:
            write_tables((o.as_record() for o in outcomes), claims_file, documents_file)
    else:
        with _atomic_open(names[0]) as handle:
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
        dashboard_address=":0" if _has_bokeh() else None,
        silence_logs=logging.ERROR,
    )
    return Client(cluster)


def _has_bokeh() -> bool:
    import importlib.util

    return importlib.util.find_spec("bokeh") is not None


def _worker_count(client) -> int:
    return len(client.nthreads())


def existing_shards(out: str) -> list[str]:
    """Shard files already under `out` (a run refuses to mix its shards with older ones)."""
    patterns = ("part-*.jsonl", "claims/part-*.parquet", "documents/part-*.parquet")
    if _is_url(out):
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
    config = _extractor_config(extractor_config or {})
    options = {**_options("auto", None, None, None, 32), **(options or {})}
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
    if _is_url(out):
        return  # object stores never show a half-written object
    for pattern in (".part-*.tmp", "claims/.part-*.tmp", "documents/.part-*.tmp"):
        for leftover in Path(out).glob(pattern):
            leftover.unlink(missing_ok=True)


def run_cli(
    inputs: Sequence[str],
    *,
    out: str | None,
    fmt: str = "jsonl",
    scheduler: str | None = None,
    workers: int | None = None,
    extractor_config: dict[str, Any] | None = None,
    recursive: bool = False,
    glob: str | None = None,
    from_list: str | None = None,
    input_format: str = "auto",
    max_chars: int | None = None,
    publication: str | None = None,
    title: str | None = None,
    batch_size: int = 32,
    partition_size: int | None = None,
) -> int:
    """`claimx extract --engine dask`: run, report on stderr, return the exit code.

    The dashboard link, the progress bar, one `Error:` line per failed article and the
    summary line (as `claimx extract` prints them) go to stderr; the records go to shards
    under `out` (a folder or fsspec URL), never to stdout.
    """
    from claimx.engines.serial import BatchReport
    from claimx.errors import ClaimxError, ExitCode

    def error(message: str, code: ExitCode) -> int:
        print(f"Error: {message}", file=sys.stderr)
        return int(code)

    if not out:
        return error(
            "--engine dask writes shards: give an output folder with -o OUT_DIR", ExitCode.USAGE
        )
    if fmt not in ("jsonl", "parquet"):
        return error(f"--engine dask writes --format jsonl or parquet, not {fmt}", ExitCode.USAGE)
    if scheduler and workers:
        return error(
            "--scheduler and --workers exclude each other (a cluster has its own workers)",
            ExitCode.USAGE,
        )
    config = _extractor_config(extractor_config or {})
    try:
        # Fail fast on the client, before starting a cluster: the pipeline exists, the rules load.
        from claimx.nlp.pipeline import resolve_model
        from claimx.rules.loader import load_rules

        config["model"] = resolve_model(config.get("model"))
        load_rules(config.get("rules_dir"))
        sources = list_sources(
            inputs, recursive=recursive, glob=glob, from_list=from_list, input_format=input_format
        )
    except ClaimxError as exc:
        return error(str(exc), exc.exit_code)
    except ValueError as exc:
        return error(str(exc), ExitCode.USAGE)
    if not sources:
        return error("no input files found", ExitCode.INPUT_FAILED)
    if scheduler:
        # Remote workers do not share our working directory.
        sources = [
            s if not isinstance(s, tuple) or _is_url(s[1]) else (s[0], os.path.abspath(s[1]))
            for s in sources
        ]
        out = out if _is_url(out) else os.path.abspath(out)
    if existing_shards(out):
        return error(
            f"{out} already holds part files from another run; remove them or choose another folder",
            ExitCode.USAGE,
        )
    try:
        if _is_url(out):
            import fsspec

            fs, path = fsspec.core.url_to_fs(out)
            fs.makedirs(path, exist_ok=True)
        else:
            Path(out).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return error(f"cannot write {out}: {exc.strerror or exc}", ExitCode.USAGE)

    options = _options(input_format, max_chars, publication, title, batch_size)
    files = all(isinstance(s, ArticleInput) or s[0] == "file" for s in sources)
    client = make_client(scheduler, workers)
    try:
        if scheduler or _has_bokeh():
            print(f"Dask dashboard: {client.dashboard_link}", file=sys.stderr)
        # The CLI's own report: same progress bar, `Error:` lines and summary as a local run.
        report = BatchReport(total=len(sources) if files else None)

        def on_partition(result: dict[str, Any], summary: Summary) -> None:
            for outcome in result["outcomes"]:
                report.add(outcome)

        with report:
            summary = run(
                client,
                sources,
                out=out,
                fmt=fmt,
                extractor_config=config,
                options=options,
                partition_size=partition_size,
                on_partition=on_partition,
            )
    except ClaimxError as exc:
        return error(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # noqa: BLE001 - a task Dask gave up on: one line, not a traceback
        return error(f"the dask run failed: {type(exc).__name__}: {exc}", ExitCode.INPUT_FAILED)
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None and not scheduler:
            cluster.close()
    print(
        f"wrote {len(summary.shards)} shard files to {out} from {summary.partitions} partitions "
        f"on {summary.workers} dask worker{'s' if summary.workers != 1 else ''}",
        file=sys.stderr,
    )
    print(report.summary(), file=sys.stderr)
    return int(ExitCode.INPUT_FAILED if report.failed else ExitCode.OK)
