"""The Datasette metadata claimx writes beside a claims database (`claims.metadata.json`).

`datasette claims.db -m claims.metadata.json` then shows titles and descriptions, facets on
claimant kind, attribution and publication, claimants labelled by name in foreign keys, and
the claims search box wired to the full-text index `claims_fts`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def metadata_path(db_path: str | os.PathLike[str]) -> Path:
    """Where the metadata of `db_path` goes: `claims.db` -> `claims.metadata.json`."""
    path = Path(db_path)
    return path.with_name(path.stem + ".metadata.json")


def datasette_metadata(db_path: str | os.PathLike[str]) -> dict[str, Any]:
    """The metadata dict for the database at `db_path` (Datasette names it by its stem)."""
    name = Path(db_path).stem
    tables = {
        "claims": {
            "title": "Claims",
            "description": "One row per claim: who claims what, with which cue, in which article.",
            "facets": ["claimant_kind", "attribution", "document_publication", "frame"],
            "fts_table": "claims_fts",
            "fts_pk": "rowid",
            "searchmode": "escaped",
            "sort_desc": "document_published",
            "label_column": "content",
        },
        "claimants": {
            "title": "Claimants",
            "description": "One row per claimant across the articles, joined by name, role and pinned id.",
            "facets": ["kind"],
            "sort_desc": "claims",
            "label_column": "name",
        },
        "claim_groups": {
            "title": "Claim groups",
            "description": "The same claim by the same claimant printed in several articles.",
            "sort_desc": "documents",
            "label_column": "content",
        },
        "documents": {
            "title": "Documents",
            "description": "One row per input article.",
            "facets": ["publication", "error_type"],
            "label_column": "title",
        },
        "comparisons": {"title": "Comparisons", "facets": ["relation"]},
        "entities": {"title": "Entities in claims", "facets": ["label"]},
        "document_entities": {"title": "People and organisations per document"},
        "gazetteer": {"title": "Pinned names (--entities)"},
    }
    return {
        "title": "claimx claims database",
        "description": "Who claims what, across articles. Built by claimx extract -o.",
        "databases": {name: {"tables": tables}},
    }


def write_metadata(db_path: str | os.PathLike[str]) -> Path:
    """Write the metadata file beside the database; returns its path."""
    path = metadata_path(db_path)
    # Written beside and renamed into place, so Datasette never reads half a file.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(datasette_metadata(db_path), indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path
