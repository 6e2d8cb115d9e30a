"""Golden outputs of the samples: `samples/<slug>.expected.json`.

Each file is the full record `claimx extract samples/<slug>.txt` prints, with `document.path`
set to `samples/<slug>.txt` whatever the working directory. Regenerate them after a deliberate
change to the rules and review the diff before committing:

    python tests/golden.py --write          # rewrite every expected file
    python tests/golden.py                  # report which samples differ (exit 1 if any)
    python tests/golden.py tech-chips       # only the named samples
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def sample_slugs() -> list[str]:
    """The slugs of every sample article (`samples/<slug>.txt`), sorted."""
    return sorted(p.stem for p in SAMPLES.glob("*.txt"))


def sample_path(slug: str) -> str:
    """The path as the record gives it: relative to the checkout, with forward slashes."""
    return f"samples/{slug}.txt"


def current_record(slug: str, extractor: Any = None) -> dict[str, Any]:
    """The record of one sample as `claimx extract` produces it, as plain JSON data.

    The file is read with the same reader the CLI uses, so decoding and metadata match.
    """
    from claimx.engines.extractor import Extractor
    from claimx.inputs.readers import read_path

    extractor = extractor or Extractor()
    article = read_path(str(SAMPLES / f"{slug}.txt"))
    article.path = sample_path(slug)
    record = next(extractor.pipe([article]))
    return json.loads(record.model_dump_json())


def expected_path(slug: str) -> Path:
    """Where the checked-in golden record of `slug` lives."""
    return SAMPLES / f"{slug}.expected.json"


def load_expected(slug: str) -> dict[str, Any] | None:
    """The checked-in golden record, or None when there is none yet."""
    path = expected_path(slug)
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def write_expected(slug: str, record: dict[str, Any]) -> Path:
    """Write `record` as the golden record of `slug` (indented, stable key order)."""
    path = expected_path(slug)
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _claim_label(claim: dict[str, Any]) -> str:
    name = (claim.get("claimant") or {}).get("name")
    content = (claim.get("content") or {}).get("text", "")
    return f"{name!r}: {content[:70]!r}"


def _field_diffs(prefix: str, want: Any, got: Any) -> list[str]:
    """Leaf-level differences between two JSON values, as `path: expected -> got` lines."""
    if isinstance(want, dict) and isinstance(got, dict):
        out: list[str] = []
        for key in sorted(set(want) | set(got)):
            out.extend(
                _field_diffs(f"{prefix}.{key}", want.get(key, "<absent>"), got.get(key, "<absent>"))
            )
        return out
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        out = []
        for i, (w, g) in enumerate(zip(want, got)):
            out.extend(_field_diffs(f"{prefix}[{i}]", w, g))
        return out
    return [] if want == got else [f"{prefix}: expected {want!r}, got {got!r}"]


def diff_records(want: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """A readable, field-by-field diff of two records; empty when they are equal.

    Claims are paired by content span (start, end), so one extra or missing claim shows as
    that claim rather than as every later claim shifted by one.
    """
    lines = _field_diffs("document", want.get("document"), got.get("document"))
    for key in ("schema_version", "error"):
        lines.extend(_field_diffs(key, want.get(key), got.get(key)))

    def keyed(record: dict[str, Any]) -> dict[tuple[int, int], dict[str, Any]]:
        out: dict[tuple[int, int], dict[str, Any]] = {}
        for claim in record.get("claims", []):
            span = claim.get("content") or {}
            key = (span.get("start", -1), span.get("end", -1))
            while key in out:  # two claims on one content span: keep both apart
                key = (key[0], key[1] + 10**9)
            out[key] = claim
        return out

    wanted, gotten = keyed(want), keyed(got)
    for key in sorted(set(wanted) | set(gotten)):
        w, g = wanted.get(key), gotten.get(key)
        if g is None:
            lines.append(f"claim missing: {_claim_label(w)} at {key[0]}")
        elif w is None:
            lines.append(f"claim added: {_claim_label(g)} at {key[0]}")
        else:
            # ids embed the document id and a running number: compare them, but label by content.
            lines.extend(_field_diffs(f"claim {_claim_label(w)}", w, g))
    return lines


def main(argv: list[str] | None = None) -> int:
    """Compare (default) or rewrite (`--write`) the golden records; exit 1 when any differ."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", help="samples to handle (default: all)")
    parser.add_argument("--write", action="store_true", help="rewrite the expected files")
    args = parser.parse_args(argv)

    from claimx.engines.extractor import Extractor

    extractor = Extractor()
    differing = 0
    for slug in args.slugs or sample_slugs():
        record = current_record(slug, extractor)
        if args.write:
            path = write_expected(slug, record)
            print(
                f"wrote {path.relative_to(ROOT)} ({len(record['claims'])} claims)", file=sys.stderr
            )
            continue
        want = load_expected(slug)
        diffs = ["no expected file"] if want is None else diff_records(want, record)
        if diffs:
            differing += 1
            print(f"{slug}: {len(diffs)} differences", file=sys.stderr)
            for line in diffs[:40]:
                print(f"  {line}", file=sys.stderr)
        else:
            print(f"{slug}: same", file=sys.stderr)
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
