"""Building a claims database from part files: JSON Lines shards and the Dask engine's Parquet.

`claimx extract --engine dask -o out/` writes `out/part-*.jsonl` (records) or, with
`--format parquet`, `out/claims/part-*.parquet` and `out/documents/part-*.parquet` (flat rows,
see `claimx.outputs.parquet`). `import_parts` reads either into a `ClaimsDatabase`. Parquet
rows carry what the flat formats carry: no sentence text, no entities, one comparison.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from claimx.errors import ClaimxError


def part_files(paths: list[str]) -> tuple[list[Path], list[Path], list[Path]]:
    """(JSON Lines files, claims Parquet files, documents Parquet files) under `paths`, sorted."""
    jsonl: list[Path] = []
    claims: list[Path] = []
    documents: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            jsonl += sorted(path.rglob("*.jsonl"))
            claims += sorted(path.glob("claims/*.parquet"))
            documents += sorted(path.glob("documents/*.parquet"))
        elif path.suffix == ".jsonl":
            jsonl.append(path)
        elif path.suffix == ".parquet":
            (documents if path.parent.name == "documents" else claims).append(path)
        elif not path.exists():
            raise ClaimxError(f"{path}: no such file or folder")
        else:
            raise ClaimxError(f"{path}: not a .jsonl or .parquet part file")
    if claims and not documents:
        raise ClaimxError("Parquet claims need their documents/ tables beside them")
    return jsonl, claims, documents


def jsonl_records(files: list[Path]) -> Iterator[dict[str, Any]]:
    """The records of JSON Lines files, one dict a line; a bad line names file and line."""
    for path in files:
        with path.open(encoding="utf-8") as handle:
            for n, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    record["document"]["id"]
                except (ValueError, KeyError, TypeError):
                    raise ClaimxError(f"{path}:{n}: not a claimx record") from None
                yield record


def parquet_records(claims: list[Path], documents: list[Path]) -> Iterator[dict[str, Any]]:
    """Records rebuilt from the Parquet claims and documents tables (one per document row)."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ClaimxError("Parquet parts need: pip install 'claimx[dask]'") from None
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for path in claims:
        for row in pq.read_table(path).to_pylist():
            by_doc[row["document_id"]].append(row)
    for path in documents:
        for row in pq.read_table(path).to_pylist():
            rows = sorted(by_doc.pop(row["document_id"], []), key=lambda r: r["claim_index"])
            yield _record(row, rows)


def _span(text: Any, start: Any, end: Any) -> dict[str, Any] | None:
    if text is None and start is None:
        return None
    return {"text": text, "start": start, "end": end}


def _record(doc: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    error = (
        {"type": doc["error_type"], "message": doc["error_message"]} if doc["error_type"] else None
    )
    claims = []
    for r in rows:
        comparison = None
        if r.get("comparison_relation"):
            comparison = {
                "subject": _span(r["comparison_subject"], None, None),
                "relation": r["comparison_relation"],
                "object": _span(r["comparison_object"], None, None),
                "condition": _span(r["comparison_condition"], None, None)
                if r["comparison_condition"]
                else None,
            }
        claims.append(
            {
                "id": r["claim_id"],
                "content": _span(r["content"], r["content_start"], r["content_end"]),
                "sentence": _span(None, r["sentence_start"], r["sentence_end"]),
                "claimant": {
                    "span": _span(r["claimant_text"], r["claimant_start"], r["claimant_end"]),
                    "kind": r["claimant_kind"],
                    "name": r["claimant_name"],
                    "role": r["claimant_role"],
                },
                "cue": _span(r["cue"], r["cue_start"], r["cue_end"]),
                "attribution": r["attribution"],
                "hedged": r["hedged"],
                "hedge": _span(r["hedge"], None, None) if r["hedge"] else None,
                "comparison": comparison,
                "confidence": r["confidence"],
                "rule": r["rule"],
                "duplicate_of": r["duplicate_of"],
            }
        )
    return {
        "document": {
            "id": doc["document_id"],
            "path": doc["document_path"],
            "title": doc["document_title"],
            "publication": doc["document_publication"],
            "byline": doc["document_byline"],
            "chars": doc["document_chars"],
            "encoding": doc["document_encoding"],
            "url": doc["document_url"],
            "published": doc["document_published"],
            "meta": json.loads(doc["document_meta"]) if doc["document_meta"] else {},
        },
        "claims": claims,
        "error": error,
    }


def import_parts(paths: list[str], database: Any) -> int:
    """Add every record under `paths` to `database` (a `ClaimsDatabase`); returns how many."""
    jsonl, claims, documents = part_files(paths)
    n = 0
    for record in jsonl_records(jsonl):
        database.add(record)
        n += 1
    for record in parquet_records(claims, documents):
        database.add(record)
        n += 1
    return n
