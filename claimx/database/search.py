"""Questions to a claims database: full-text search over claims, and the frequent claimants.

    >>> db = sqlite_utils.Database("claims.db")
    >>> search(db, "Huawei", kind="person", since="2024-01-01")    # who said what about Huawei
    >>> search(db, claimant="Zhou Wei")                              # everything Zhou Wei claimed
    >>> top_claimants(db, limit=10)
    >>> shared_groups(db)                                            # the same quote, several outlets

Rows are plain dicts (JSON types), so every output format renders them alike.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from claimx.database.names import fold, organisation_key, person_key

SEARCH_COLUMNS = (
    "claim_id",
    "published",
    "publication",
    "title",
    "claimant",
    "claimant_kind",
    "attribution",
    "cue",
    "content",
    "claim_group",
    "group_documents",
    "document_id",
)
# The columns a terminal table shows (jsonl and csv carry all of SEARCH_COLUMNS).
SEARCH_TABLE_COLUMNS = ("published", "publication", "claimant", "content", "group_documents")
CLAIMANT_COLUMNS = ("id", "name", "kind", "claims", "documents", "roles", "publications", "ref")
GROUP_COLUMNS = ("id", "claimant_name", "content", "claims", "documents", "outlets", "publications")


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query: each word a quoted term, all of them required.

    Quoting keeps punctuation ("U.S.", "Huawei's") from being read as query syntax.
    """
    words = text.split()
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def search(
    db: sqlite_utils.Database,
    query: str | None = None,
    *,
    claimant: str | None = None,
    kind: str | None = None,
    frame: str | None = None,
    since: str | None = None,
    limit: int | None = 50,
) -> list[dict[str, Any]]:
    """Claims matching `query` (full text over content, sentence, claimant name and entities),
    best matches first; with no query, the newest claims first.

    `claimant` keeps the claims of the claimants it names (see `claimant_ids`; joined across
    articles, so "Zhou Wei" finds the claims printed as "Zhou" too); `kind` the
    claimant kind, `frame` the claim's frame, `since` documents published on or after a date.
    """
    where: list[str] = []
    params: list[Any] = []
    if query and query.strip():
        source = "claims_fts JOIN claims c ON c.rowid = claims_fts.rowid"
        where.append("claims_fts MATCH ?")
        params.append(fts_query(query))
        order = "claims_fts.rank"
    else:
        source = "claims c"
        order = "c.document_published DESC, c.document_id, c.claim_index"
    if claimant:
        ids = claimant_ids(db, claimant)
        where.append(f"c.claimant_id IN ({', '.join('?' * len(ids)) or 'NULL'})")
        params += ids
    for column, value in (("c.claimant_kind", kind), ("c.frame", frame)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if since:
        where.append("c.document_published >= ?")
        params.append(since)
    sql = f"""
        SELECT c.id AS claim_id, c.document_published AS published,
               c.document_publication AS publication, c.document_title AS title,
               coalesce(cl.name, c.claimant_name) AS claimant, c.claimant_kind,
               c.attribution, c.cue, c.content, c.claim_group,
               g.documents AS group_documents, c.document_id
        FROM {source}
        LEFT JOIN claimants cl ON cl.id = c.claimant_id
        LEFT JOIN claim_groups g ON g.id = c.claim_group
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY {order}
        {"LIMIT ?" if limit else ""}
    """
    if limit:
        params.append(limit)
    return list(db.query(sql, params))


def claimant_ids(db: sqlite_utils.Database, name: str) -> list[str]:
    """The ids of the claimants `name` names: by key or name (indexed: "Dr. Zhou Wei" finds
    "Zhou Wei", "Huawei Technologies" finds "Huawei"), else every claimant whose name or any
    name seen contains it."""
    keys = [
        f"person:{person_key(name)}",
        f"org:{organisation_key(name)}",
        f"group:{fold(name)}",
        f"name:{fold(name)}",
        f"ref:{name.strip()}",
    ]
    sql = f"SELECT id FROM claimants WHERE key IN ({', '.join('?' * len(keys))}) OR name = ?"
    ids = [r["id"] for r in db.query(sql, [*keys, name.strip()])]
    if not ids:
        like = f"%{name.strip()}%"
        sql = "SELECT id FROM claimants WHERE name LIKE ? OR names LIKE ?"
        ids = [r["id"] for r in db.query(sql, [like, like])]
    return ids


def top_claimants(
    db: sqlite_utils.Database, *, limit: int | None = 20, kind: str | None = None
) -> list[dict[str, Any]]:
    """The claimants with the most claims (then documents), with their roles and outlets."""
    sql = f"""
        SELECT {", ".join(CLAIMANT_COLUMNS)} FROM claimants
        {"WHERE kind = ?" if kind else ""}
        ORDER BY claims DESC, documents DESC, name
        {"LIMIT ?" if limit else ""}
    """
    params: list[Any] = [kind] if kind else []
    if limit:
        params.append(limit)
    return list(db.query(sql, params))


def shared_groups(
    db: sqlite_utils.Database, *, min_documents: int = 2, limit: int | None = 50
) -> list[dict[str, Any]]:
    """Claim groups printed in at least `min_documents` articles, the most printed first."""
    sql = f"""
        SELECT {", ".join(GROUP_COLUMNS)} FROM claim_groups WHERE documents >= ?
        ORDER BY documents DESC, outlets DESC, id {"LIMIT ?" if limit else ""}
    """
    params: list[Any] = [min_documents] + ([limit] if limit else [])
    return list(db.query(sql, params))
