"""The Dask engine's overhead: `--engine dask --workers N` against `claimx extract --jobs N`.

    python benchmarks/dask_vs_jobs.py                   # 1,000 Wikinews articles, 2 workers
    python benchmarks/dask_vs_jobs.py -n 300 --scale 1,2  # also throughput per worker count

Both commands run as subprocesses on the same article list (`--from-list`), end to end (start,
pipeline load, extraction, output), and their records are compared line for line. Then the
Python API runs the same list on an already-started LocalCluster, which separates the cluster
start from the per-article cost, and reports each worker's peak memory (resident set size).
Needs the `dask` extra and the shared corpus (`../shared/corpus/wikinews`). Prints a table on
stderr and one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "wikinews"


def _peak_rss_mb() -> float:
    """This process's peak resident set size in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cli(args: list[str]) -> tuple[float, float, str]:
    """Run `claimx ARGS`; (seconds, peak RSS in MB of the largest process it waited for, stderr)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "claimx", *args], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        sys.exit(f"claimx {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024, proc.stderr.strip().splitlines()[-1]


def _jobs_supported() -> bool:
    proc = subprocess.run(
        [sys.executable, "-m", "claimx", "extract", "--help"], capture_output=True, text=True
    )
    return "--jobs" in proc.stdout


def _sorted_lines(paths: list[Path]) -> list[str]:
    lines = [line for p in paths for line in p.read_text("utf-8").splitlines() if line]
    return sorted(lines, key=lambda line: json.loads(line)["document"]["path"])


def _api_run(paths: list[str], workers: int, out: str) -> dict:
    """Extract on a fresh LocalCluster through the Python API; time start and run apart."""
    from claimx import dask as cdask

    started = time.perf_counter()
    client = cdask.make_client(workers=workers)
    # Warm every worker's pipeline so `run` measures extraction, not loading.
    cdask.warm_workers(client)
    ready = time.perf_counter()
    try:
        summary = cdask.run(client, cdask.list_sources(paths), out=out, fmt="jsonl")
        peaks = sorted(client.run(_peak_rss_mb).values())
    finally:
        cluster = client.cluster
        client.close()
        cluster.close()
    return {
        "workers": workers,
        "start_s": round(ready - started, 2),
        "run_s": round(summary.seconds, 2),
        "articles_per_s": round(summary.documents / summary.seconds, 2),
        "claims": summary.claims,
        "partitions": summary.partitions,
        "worker_peak_rss_mb": [round(p) for p in peaks],
    }


def main() -> None:
    """Run the comparison and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "-n", type=int, default=1000, help="articles (the first N Wikinews files by name)"
    )
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--scale",
        default="",
        help="comma-separated worker counts to time through the API, e.g. 1,2",
    )
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()

    paths = sorted(str(p) for p in args.corpus.glob("*.txt"))[: args.n]
    if len(paths) < args.n:
        sys.exit(f"need {args.n} articles in {args.corpus}, found {len(paths)}")
    result: dict = {"articles": len(paths), "workers": args.workers, "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp, "inputs.txt")
        listing.write_text("\n".join(paths) + "\n", encoding="utf-8")

        jobs = args.workers if _jobs_supported() else 1
        result["jobs"] = jobs
        jobs_out = Path(tmp, "jobs.jsonl")
        secs, rss, line = _cli(
            ["extract", "--from-list", str(listing), "--jobs", str(jobs), "-o", str(jobs_out)]
            if jobs > 1
            else ["extract", "--from-list", str(listing), "-o", str(jobs_out)]
        )
        result["jobs_cli"] = {
            "seconds": round(secs, 2),
            "largest_process_rss_mb": round(rss),
            "summary": line,
        }

        dask_out = Path(tmp, "dask")
        secs, _, line = _cli(
            [
                "extract",
                "--from-list",
                str(listing),
                "--engine",
                "dask",
                "--workers",
                str(args.workers),
                "-o",
                str(dask_out),
            ]
        )
        result["dask_cli"] = {"seconds": round(secs, 2), "summary": line}
        result["ratio_dask_over_jobs"] = round(
            result["dask_cli"]["seconds"] / result["jobs_cli"]["seconds"], 3
        )
        result["identical_records"] = _sorted_lines([jobs_out]) == _sorted_lines(
            sorted(dask_out.glob("part-*.jsonl"))
        )

        result["api"] = []
        for workers in [int(w) for w in args.scale.split(",") if w] or [args.workers]:
            result["api"].append(_api_run(paths, workers, str(Path(tmp, f"api-{workers}"))))

    print(f"{len(paths)} articles, {os.cpu_count()} CPUs", file=sys.stderr)
    print(
        f"  claimx extract --jobs {jobs}:           {result['jobs_cli']['seconds']:8.1f} s   {result['jobs_cli']['summary']}",
        file=sys.stderr,
    )
    print(
        f"  claimx extract --engine dask --workers {args.workers}: {result['dask_cli']['seconds']:8.1f} s   {result['dask_cli']['summary']}",
        file=sys.stderr,
    )
    print(
        f"  ratio dask / jobs: {result['ratio_dask_over_jobs']:.3f}; identical records: {result['identical_records']}",
        file=sys.stderr,
    )
    for row in result["api"]:
        print(
            f"  API, {row['workers']} workers: start {row['start_s']} s, run {row['run_s']} s "
            f"({row['articles_per_s']} articles/s), worker peak RSS {row['worker_peak_rss_mb']} MB",
            file=sys.stderr,
        )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
