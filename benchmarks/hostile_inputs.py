"""Time and peak memory of `claimx extract` on pathological but legal inputs, made here.

    python benchmarks/hostile_inputs.py                 # 1 MB single line, 100,000 short lines
    python benchmarks/hostile_inputs.py --mb 5          # a 5 MB single line

Each input is written to a temporary folder and run through the real command in a child
process (`python -m claimx extract --format jsonl`), measured with `resource.getrusage` of the
children: CPU seconds, wall seconds, peak RSS, and words per CPU second against the same
command on normal news (`samples/*.txt`) in the same run. Figures, not assertions: the tests
hold the properties on smaller inputs (`tests/test_bad_input.py`).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = "Officials said the plan would work and critics disagreed with them. "


def run(paths: list[Path]) -> dict[str, float]:
    """Run `claimx extract` on `paths` in a child; its CPU, wall time, peak RSS and claims."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "claimx", "extract", "--format", "jsonl", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"claimx failed ({done.returncode}): {done.stderr[-500:]}")
    records = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "cpu_s": round(cpu, 1),
        "wall_s": round(wall, 1),
        "peak_mb": round(after.ru_maxrss / 1024, 0),  # the largest child so far, in KB on Linux
        "claims": sum(len(r["claims"]) for r in records),
        "words_per_cpu_s": round(words / cpu, 0) if cpu else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of the single line, in MB")
    parser.add_argument("--lines", type=int, default=100_000, help="short lines in the other file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        single = folder / "single-line.txt"
        single.write_text(SENTENCE * int(args.mb * 1_000_000 // len(SENTENCE)), encoding="utf-8")
        short = folder / "short-lines.txt"
        short.write_text("A said B.\n" * args.lines, encoding="utf-8")
        news = sorted((ROOT / "samples").glob("*.txt"))
        results = {
            "normal news (samples/*.txt)": run(news),
            f"{args.mb:g} MB single line": run([single]),
            f"{args.lines:,} short lines": run([short]),
        }
    width = max(map(len, results))
    for name, figures in results.items():
        print(f"{name:<{width}}  " + "  ".join(f"{k}={v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
