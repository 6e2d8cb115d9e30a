"""`claimx extract --engine dask`: run on a Dask cluster, report on stderr, return the exit code.

The engine is `claimx.engines.cluster`; this module is its command-line face: usage checks,
the dashboard link, the progress bar, one `Error:` line per failed article and the summary
line, as a local `claimx extract` prints them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimx.cli.app import error_line
from claimx.cli.progress import RunProgress
from claimx.errors import ClaimxError, ExitCode
from claimx.inputs.article import ArticleInput
from claimx.outputs.atomic import OutputLock, is_url


def run_dask(
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
    from claimx.engines.cluster import (
        Summary,
        existing_shards,
        extractor_options,
        list_sources,
        make_client,
        reader_options,
        run,
        show_dashboard,
    )

    def error(message: str, code: ExitCode) -> int:
        print(error_line(message), file=sys.stderr)
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
    config = extractor_options(extractor_config or {})
    try:
        # Fail fast on the client, before starting a cluster: the pipeline exists, the rules load.
        from claimx.nlp.pipeline import resolve_model
        from claimx.rules.loader import load_rules

        config["model"] = resolve_model(config.get("model"))
        load_rules(config.get("rules_dir"))
        sources = list_sources(
            inputs,
            recursive=recursive,
            glob=glob,
            from_list=from_list,
            input_format=input_format,
            exclude=[out],
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
            s if not isinstance(s, tuple) or is_url(s[1]) else (s[0], os.path.abspath(s[1]))
            for s in sources
        ]
        out = out if is_url(out) else os.path.abspath(out)
    try:
        if is_url(out):
            import fsspec

            fs, path = fsspec.core.url_to_fs(out)
            fs.makedirs(path, exist_ok=True)
        else:
            Path(out).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return error(f"cannot write {out}: {exc.strerror or exc}", ExitCode.USAGE)

    # One run per output folder: a second one would mix its shards with the first's.
    lock = None if is_url(out) else OutputLock(out, folder=True)
    try:
        if lock is not None:
            lock.acquire()
    except ClaimxError as exc:
        return error(str(exc), exc.exit_code)
    try:
        if existing_shards(out):
            return error(
                f"{out} already holds part files from another run; remove them or choose another folder",
                ExitCode.USAGE,
            )
        options = reader_options(input_format, max_chars, publication, title, batch_size)
        files = all(isinstance(s, ArticleInput) or s[0] == "file" for s in sources)
        client = make_client(scheduler, workers)
        try:
            if scheduler or show_dashboard():
                print(f"Dask dashboard: {client.dashboard_link}", file=sys.stderr)
            # The CLI's own report: same progress bar, `Error:` lines and summary as a local run.
            report = RunProgress(total=len(sources) if files else None)

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
    finally:
        if lock is not None:
            lock.release()
