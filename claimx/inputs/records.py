"""claimx records as input: JSON Lines that `claimx extract` wrote, read back (for `report`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from claimx.schema import DocumentRecord


def read_records(lines: Iterable[str], source: str) -> Iterator[DocumentRecord | tuple[int, str]]:
    """Parse JSON Lines of records; yield each record, or `(line number, problem)` for a bad line."""
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield DocumentRecord.model_validate_json(line)
        except ValueError as exc:
            first = str(exc).splitlines()
            problem = first[1].strip() if len(first) > 1 else (first[0] if first else "invalid")
            yield lineno, f"{source}:{lineno}: not a claimx record: {problem}"


def looks_like_records(first_line: str) -> bool:
    """Whether a JSON line is a claimx record (rather than an article to extract from)."""
    try:
        obj = json.loads(first_line)
    except ValueError:
        return False
    return isinstance(obj, dict) and "document" in obj and "schema_version" in obj
