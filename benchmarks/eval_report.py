"""Turn `claimx eval --json` output into Markdown tables for the model card.

    claimx eval ../shared/corpus/polnear/dev.jsonl --json | python benchmarks/eval_report.py
    python benchmarks/eval_report.py eval.json

Reads one JSON object (a file argument, or standard input) and prints Markdown on stdout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def pct(value: float | None) -> str:
    """A rate as a percentage with one decimal, or a dash when undefined."""
    return "–" if value is None else f"{100 * value:.1f}"


def markdown(report: dict[str, Any]) -> str:
    """Markdown tables for the headline metrics, the type breakdown and the cue recall."""
    lines = [
        f"{report['articles']} articles, {report['loose']['gold']} gold attributions, "
        f"{report['loose']['pred']} predictions (micro-averaged, %).",
        "",
        "| match | P | R | F1 | matched |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in ("loose", "strict"):
        m = report[name]
        lines.append(f"| {name} | {pct(m['p'])} | {pct(m['r'])} | {pct(m['f1'])} | {m['tp']} |")
    src, cue = report["source"], report["cue"]
    lines += [
        "",
        f"Source accuracy {pct(report['source_accuracy'])} ({src['correct']}/{src['total']}), "
        f"cue accuracy {pct(report['cue_accuracy'])} ({cue['correct']}/{cue['total']}), over loose matches.",
        "",
        "| type | P | R | F1 | matched | predicted | gold |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, m in report["by_type"].items():
        lines.append(
            f"| {kind} | {pct(m['p'])} | {pct(m['r'])} | {pct(m['f1'])} | {m['tp']} | {m['pred']} | {m['gold']} |"
        )
    if report.get("by_cue"):
        lines += ["", "| gold cue | recall | matched | gold |", "|---|---:|---:|---:|"]
        for cue_text, m in report["by_cue"].items():
            shown = cue_text.replace("|", "\\|")
            lines.append(f"| {shown} | {pct(m['recall'])} | {m['tp']} | {m['gold']} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Read the report from argv[0] or stdin and print its Markdown."""
    text = Path(argv[0]).read_text(encoding="utf-8") if argv else sys.stdin.read()
    print(markdown(json.loads(text)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
