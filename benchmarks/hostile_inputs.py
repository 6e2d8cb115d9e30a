"""Time and peak memory of `claimx extract` on pathological but legal inputs, made here.

    python benchmarks/hostile_inputs.py                  # 5 MB single lines, 1,000,000 short lines
    python benchmarks/hostile_inputs.py --mb 1 --lines 100000 --line "A said B."   # smaller

The single line comes twice: made of sentences, and made of words with no sentence break at
all (the case that gave each claim a 20,000-character "sentence" before sentences were capped).
The short lines are `--line` (default `x`) a line, one million times: 2 MB. Every record
written must be valid JSON (the run fails otherwise).

Each input is written to a temporary folder and run through the real command in a child
process (`python -m claimx extract --format jsonl`), each in a fresh wrapper process so that
`resource.getrusage(RUSAGE_CHILDREN)` holds that run alone: CPU seconds, wall seconds, peak
RSS, and words per CPU second net of start-up (a run on an empty file: loading the pipeline),
against the same command on normal news (`samples/*.txt`) in the same run. Figures, not
assertions: the tests hold the properties on smaller inputs (`tests/test_bad_input.py`).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = "Officials said the plan would work and critics disagreed with them. "
NO_BREAKS = "officials said the plan would work and critics disagreed with them and "


# Runs the command and reports its own child's usage: a fresh wrapper per run, because
# RUSAGE_CHILDREN's peak RSS is the largest child a process has ever waited for.
_WRAPPER = r"""
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=False)
use = resource.getrusage(resource.RUSAGE_CHILDREN)
claims = sum(len(json.loads(l)["claims"]) for l in done.stdout.splitlines() if l.strip())
print(json.dumps({"rc": done.returncode, "err": done.stderr[-500:], "claims": claims,
                  "cpu": use.ru_utime + use.ru_stime, "wall": time.perf_counter() - t0,
                  "peak_kb": use.ru_maxrss}))
"""


def run(paths: list[Path], startup_cpu: float = 0.0) -> dict[str, float]:
    """Run `claimx extract` on `paths`; its CPU, wall time, peak RSS, claims and words/CPU s."""
    command = [sys.executable, "-m", "claimx", "extract", "--format", "jsonl", *map(str, paths)]
    out = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command], capture_output=True, text=True, check=True
    )
    got = json.loads(out.stdout)
    if got["rc"] not in (0, 1):
        raise SystemExit(f"claimx failed ({got['rc']}): {got['err']}")
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    work = got["cpu"] - startup_cpu
    return {
        "cpu_s": round(got["cpu"], 1),
        "wall_s": round(got["wall"], 1),
        "peak_mb": round(got["peak_kb"] / 1024),
        "claims": got["claims"],
        "words_per_cpu_s": round(words / work) if work > 0 else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="size of the single lines, in MB")
    parser.add_argument(
        "--lines", type=int, default=1_000_000, help="short lines in the other file"
    )
    parser.add_argument("--line", default="x", help="the text of each short line")
    parser.add_argument("--skip", default="", help="comma-separated: single,nobreaks,short")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        skip = set(filter(None, args.skip.split(",")))
        single = folder / "single-line.txt"
        single.write_text(SENTENCE * int(args.mb * 1_000_000 // len(SENTENCE)), encoding="utf-8")
        nobreaks = folder / "no-breaks.txt"
        nobreaks.write_text(
            NO_BREAKS * int(args.mb * 1_000_000 // len(NO_BREAKS)), encoding="utf-8"
        )
        short = folder / "short-lines.txt"
        short.write_text(f"{args.line}\n" * args.lines, encoding="utf-8")
        empty = folder / "empty.txt"
        empty.write_text("", encoding="utf-8")
        startup = run([empty])["cpu_s"]
        news = sorted((ROOT / "samples").glob("*.txt")) * 20  # enough words to outweigh noise
        results = {"normal news (samples/*.txt, 20 times)": run(news, startup)}
        if "single" not in skip:
            results[f"{args.mb:g} MB single line of sentences"] = run([single], startup)
        if "nobreaks" not in skip:
            results[f"{args.mb:g} MB single line, no sentence breaks"] = run([nobreaks], startup)
        if "short" not in skip:
            results[f"{args.lines:,} short lines ({args.line!r})"] = run([short], startup)
        print(f"start-up (an empty file): {startup} CPU s, not counted in words/CPU s")
    width = max(map(len, results))
    for name, figures in results.items():
        print(f"{name:<{width}}  " + "  ".join(f"{k}={v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
