"""Throughput benchmark: bare spaCy `nlp.pipe` against claimx, one job and two, and peak memory.

Not a test: it prints figures for people. Run it from the checkout on the shared corpus:

    python benchmarks/throughput.py ../shared/corpus/wikinews --limit 300 --repeat 3
    python benchmarks/throughput.py ../shared/corpus/wikinews --limit 300 --memory 50,0   # 0: every file
    python benchmarks/throughput.py ../shared/corpus/wikinews --limit 100 --profile       # needs pyinstrument

What it measures, on the first `--limit` files of FOLDER (sorted by name):

1. In this process, median CPU seconds of `--repeat` runs over the same texts in memory:
   - `spacy`: the pipeline claimx loads (same model, same components) with claimx's own
     components disabled: the floor claimx cannot beat;
   - `+helpers`: plus claimx's helper components (every `claimx_*`: the EntityRuler
     `claimx_entities`, the line splitter...);
   - `+claimx`: plus the `claimx` component (the rules), i.e. the whole `nlp.pipe`;
   - `records`: `claimx.engines.serial.serial_outcomes`, i.e. `--jobs 1` minus file reading: claims
     validated into `DocumentRecord`s;
   - `jsonl`: the same plus one JSON line per record: what `claimx extract --jobs 1` does.
   The ratio `jsonl / spacy` is the claimx overhead (target: at most 1.10).
2. The real command as a subprocess, `claimx extract --from-list ... --jobs 1` and `--jobs 2`:
   words/s over the run (model load excluded, from the command's own summary line) and
   including start-up (wall clock), the speedup jobs2/jobs1 (target: at least 1.5), and peak
   RSS of the largest process (`getrusage(RUSAGE_CHILDREN)` in a fresh wrapper per run) and of
   all processes together (sampled with psutil when it is installed).
3. With `--memory SMALL,LARGE`: peak RSS of the command on SMALL vs LARGE files (0 = all),
   and whether the LARGE run wrote one record per file in input order (target: ratio <= 1.3).

Words are whitespace-separated tokens of the input texts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# A fresh process per command run, so RUSAGE_CHILDREN holds that run's peak alone: the largest
# process in its tree (workers are waited for by the command, so they count too).
_WRAPPER = r"""
import json, resource, subprocess, sys, threading, time
cmd = sys.argv[1:]
t0 = time.perf_counter()
proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
tree_peak = [0]
def sample():
    try:
        import psutil
    except ImportError:
        return
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
            tree_peak[0] = max(tree_peak[0], sum(p.memory_info().rss for p in procs))
        except psutil.Error:
            pass
        time.sleep(0.2)
sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
_, err = proc.communicate()
wall = time.perf_counter() - t0
sampler.join(timeout=1)
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"rc": proc.returncode, "wall": wall, "peak_mb": peak_kb / 1024,
                  "tree_peak_mb": tree_peak[0] / 2**20 or None, "stderr": err[-2000:]}))
"""

SUMMARY = re.compile(r"(\d+) files?, (\d+) claims, (\d+) failed, ([\d.]+) s")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run every measurement, print the report."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "folder", type=Path, help="folder of .txt articles (e.g. ../shared/corpus/wikinews)"
    )
    ap.add_argument(
        "--limit", type=int, default=300, help="articles for the throughput runs (default 300)"
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs per measurement; medians are reported (default 3)",
    )
    ap.add_argument(
        "--batch-size", type=int, default=32, help="nlp.pipe / --batch-size (default 32)"
    )
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: claimx's)")
    ap.add_argument(
        "--memory",
        default=None,
        metavar="SMALL,LARGE",
        help="also compare peak RSS on SMALL vs LARGE files (0: all)",
    )
    ap.add_argument(
        "--memory-jobs", type=int, default=2, help="--jobs for the memory runs (default 2)"
    )
    ap.add_argument(
        "--skip-inprocess", action="store_true", help="skip the in-process measurements"
    )
    ap.add_argument(
        "--skip-cli", action="store_true", help="skip the command's --jobs 1 / --jobs 2 runs"
    )
    ap.add_argument(
        "--profile", action="store_true", help="profile the claimx layer with pyinstrument"
    )
    args = ap.parse_args(argv)

    files = sorted(p for p in args.folder.glob("*.txt") if p.is_file())
    if not files:
        print(f"no .txt files in {args.folder}", file=sys.stderr)
        return 2
    sample = files[: args.limit]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sample]
    words = sum(len(t.split()) for t in texts)
    print(
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start; python {sys.version.split()[0]}"
    )
    print(
        f"sample: {len(sample)} articles, {words:,} words, {sum(map(len, texts)):,} chars; batch size {args.batch_size}; {args.repeat} runs each, medians"
    )

    if not args.skip_inprocess:
        in_process(texts, words, args)
    if args.profile:
        profile(texts, args)
    if not args.skip_cli:
        cli_runs(sample, words, args)
    if args.memory:
        small, large = (int(x) for x in args.memory.split(","))
        memory_runs(files, small, large or len(files), args)
    return 0


# -- 1. in process -----------------------------------------------------------------------------


def in_process(texts: list[str], words: int, args) -> dict[str, float]:
    """Median seconds of each layer over `texts`, printed as words/s and ratios to bare spaCy."""
    from claimx.engines.extractor import Extractor
    from claimx.engines.serial import serial_outcomes
    from claimx.engines.tuning import settle_process
    from claimx.inputs.article import ArticleInput

    ex = Extractor(args.model)
    settle_process()  # as `claimx extract` does once its extractor is loaded (every stage gains)
    nlp = ex.nlp
    own = [name for name in nlp.pipe_names if name.startswith("claimx")]
    print(f"pipeline: {ex.model}: {', '.join(nlp.pipe_names)} (claimx's own: {', '.join(own)})")

    def spacy_only():
        with nlp.select_pipes(disable=own):
            for _ in nlp.pipe(texts, batch_size=args.batch_size):
                pass

    def with_helpers():
        with nlp.select_pipes(disable=["claimx"]):
            for _ in nlp.pipe(texts, batch_size=args.batch_size):
                pass

    def full_pipe():
        for _ in nlp.pipe(texts, batch_size=args.batch_size):
            pass

    def records():
        for _ in serial_outcomes(
            (ArticleInput(text=t) for t in texts), ex, batch_size=args.batch_size
        ):
            pass

    def jsonl():
        out = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - what the CLI writes, thrown away
        with out:
            for o in serial_outcomes(
                (ArticleInput(text=t) for t in texts), ex, batch_size=args.batch_size
            ):
                out.write(o.as_line())
                out.write("\n")
                out.flush()

    stages = {
        "spacy": spacy_only,
        "+helpers": with_helpers,
        "+claimx": full_pipe,
        "records": records,
        "jsonl": jsonl,
    }
    # Warm-up over every text: the first pass also fills the vocab with the sample's words,
    # which would otherwise slow down only whichever stage happens to run first.
    for _ in nlp.pipe(texts, batch_size=args.batch_size):
        pass
    # CPU seconds of this process, not wall clock: on a shared machine other processes steal
    # wall time unevenly, and this measurement is single-threaded work anyway.
    times: dict[str, list[float]] = {name: [] for name in stages}
    walls: dict[str, list[float]] = {name: [] for name in stages}
    for _ in range(args.repeat):
        for name, fn in stages.items():  # interleaved, so background load hits every stage alike
            c0, w0 = time.process_time(), time.perf_counter()
            fn()
            times[name].append(time.process_time() - c0)
            walls[name].append(time.perf_counter() - w0)
    med = {name: statistics.median(ts) for name, ts in times.items()}
    base = med["spacy"]
    print("\nin process (texts in memory, one core; words per CPU second):")
    print(f"  {'stage':<9} {'words/s':>9} {'x spaCy':>8}  CPU s per run (wall s)")
    for name, secs in med.items():
        runs = ", ".join(f"{t:.2f} ({w:.2f})" for t, w in zip(times[name], walls[name]))
        print(f"  {name:<9} {words / secs:>9,.0f} {secs / base:>8.3f}  {runs}")
    # The stage differences above are differences of large numbers; time the record layer
    # directly too, on docs parsed once (uses Extractor internals: a benchmark may).
    from claimx.nlp.component import raw_claims_of

    docs = list(nlp.pipe(texts, batch_size=args.batch_size))
    arts = [ArticleInput(text=t) for t in texts]
    c0 = time.process_time()
    recs = [ex._record(a, [raw_claims_of(d)]) for a, d in zip(arts, docs)]
    rec_cpu = time.process_time() - c0
    c0 = time.process_time()
    for r in recs:
        r.model_dump_json()
    json_cpu = time.process_time() - c0
    claims = sum(len(r.claims) for r in recs)
    print(
        f"  measured directly ({claims} claims): records {100 * rec_cpu / base:.2f}% of bare spaCy, JSON {100 * json_cpu / base:.2f}%"
    )
    ratio = med["jsonl"] / base
    verdict = "ok" if ratio <= 1.10 else "over target"
    print(f"  claimx/spaCy (jsonl / spacy): {ratio:.3f}  (target <= 1.10: {verdict})")
    print(
        "  where claimx's time goes, as % of bare spaCy: "
        f"helper components {100 * (med['+helpers'] - base) / base:+.1f}%, "
        f"rules component {100 * (med['+claimx'] - med['+helpers']) / base:+.1f}%, "
        f"records {100 * (med['records'] - med['+claimx']) / base:+.1f}%, "
        f"JSON {100 * (med['jsonl'] - med['records']) / base:+.1f}%"
    )
    return med


def profile(texts: list[str], args) -> None:
    """A pyinstrument profile of `--jobs 1` work in process, claimx frames only."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("\n--profile needs pyinstrument: pip install pyinstrument", file=sys.stderr)
        return
    from claimx.engines.extractor import Extractor
    from claimx.engines.serial import serial_outcomes
    from claimx.inputs.article import ArticleInput

    ex = Extractor(args.model)
    profiler = Profiler(interval=0.001)
    with profiler:
        for o in serial_outcomes(
            (ArticleInput(text=t) for t in texts), ex, batch_size=args.batch_size
        ):
            o.as_line()
    print("\nprofile of --jobs 1 work (pyinstrument):")
    print(profiler.output_text(unicode=True, color=False, show_all=False))


# -- 2. the command ------------------------------------------------------------------------------


def run_cli(paths: list[Path], *extra: str) -> dict:
    """Run `claimx extract` over `paths` (via --from-list) in a fresh wrapper; its figures."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(map(str, paths)) + "\n")
    try:
        cmd = [
            sys.executable,
            "-m",
            "claimx",
            "extract",
            "--from-list",
            listing.name,
            "--format",
            "jsonl",
            *extra,
        ]
        out = subprocess.run(
            [sys.executable, "-c", _WRAPPER, *cmd], capture_output=True, text=True, check=True
        )
    finally:
        os.unlink(listing.name)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    m = SUMMARY.search(result["stderr"])
    if result["rc"] not in (0, 1) or not m:
        raise SystemExit(f"claimx extract failed ({result['rc']}): {result['stderr']}")
    result.update(files=int(m[1]), claims=int(m[2]), failed=int(m[3]), run=float(m[4]))
    return result


def cli_runs(sample: list[Path], words: int, args) -> None:
    """`claimx extract --jobs 1` and `--jobs 2`, medians of `--repeat` runs each."""
    common = ["--batch-size", str(args.batch_size)] + (
        ["--model", args.model] if args.model else []
    )
    runs: dict[int, list[dict]] = {1: [], 2: []}
    for _ in range(args.repeat):
        for jobs in runs:
            runs[jobs].append(run_cli(sample, "--jobs", str(jobs), *common))
    print("\nthe command (claimx extract --from-list, subprocess):")
    print(
        f"  {'jobs':<5} {'words/s run':>12} {'words/s wall':>13} {'peak MB':>8} {'all procs MB':>13}  claims"
    )
    med: dict[int, dict[str, float]] = {}
    for jobs, rs in runs.items():
        m = {key: statistics.median(r[key] for r in rs) for key in ("run", "wall", "peak_mb")}
        trees = [r["tree_peak_mb"] for r in rs if r["tree_peak_mb"]]
        m["tree"] = statistics.median(trees) if trees else float("nan")
        med[jobs] = m
        print(
            f"  {jobs:<5} {words / m['run']:>12,.0f} {words / m['wall']:>13,.0f} {m['peak_mb']:>8.0f} {m['tree']:>13.0f}  {rs[0]['claims']}"
        )
    speed = med[1]["run"] / med[2]["run"]
    speed_wall = med[1]["wall"] / med[2]["wall"]
    verdict = "ok" if speed >= 1.5 else "under target"
    print(
        f"  speedup jobs2/jobs1: {speed:.2f} over the run, {speed_wall:.2f} with start-up (target >= 1.5: {verdict})"
    )


def memory_runs(files: list[Path], small: int, large: int, args) -> None:
    """Peak RSS for `small` vs `large` files, and a check of the large run's output."""
    print(f"\nmemory (claimx extract --jobs {args.memory_jobs}, {small} vs {large} files):")
    figures = {}
    for n in (small, large):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out.jsonl"
            r = run_cli(files[:n], "--jobs", str(args.memory_jobs), "-o", str(out))
            lines = out.read_text(encoding="utf-8").splitlines()
            paths = [json.loads(line)["document"]["path"] for line in lines]
            in_order = paths == [str(p) for p in files[:n]]
        figures[n] = r
        tree = f", all processes {r['tree_peak_mb']:.0f} MB" if r["tree_peak_mb"] else ""
        print(
            f"  {n:>6} files: peak {r['peak_mb']:.0f} MB (largest process){tree}; {len(lines)} lines, in order: {in_order}; "
            f"{r['claims']} claims, {r['failed']} failed, {r['run']:.1f} s"
        )
    ratio = figures[large]["peak_mb"] / figures[small]["peak_mb"]
    verdict = "flat" if ratio <= 1.3 else "grows"
    print(f"  peak RSS ratio {large}/{small}: {ratio:.2f} (target <= 1.3: {verdict})")


if __name__ == "__main__":
    sys.exit(main())
