"""The derived tables: claimants joined across articles and claim groups, from the claims.

Recomputed over the whole database at the end of every run, in one transaction, so they never
depend on the order articles arrived in, and a rerun over the same inputs gives the same ids
(claimant ids come from their keys, group ids from their first claim).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from claimx.database.gazetteer import Gazetteer, GazetteerEntry
from claimx.database.groups import GroupItem, assign_groups
from claimx.database.joining import Mention, claimant_id, join_claimants


@dataclass
class DeriveSummary:
    """What a derivation found: claimants, groups, groups printed in more than one document."""

    claimants: int
    groups: int
    shared_groups: int


def stored_gazetteer(db: sqlite_utils.Database) -> Gazetteer:
    """The gazetteer kept in the database's `gazetteer` table."""
    entries = [
        GazetteerEntry(r["id"], r["name"], tuple(json.loads(r["aliases"] or "[]")), r["kind"])
        for r in db.query("SELECT id, name, aliases, kind FROM gazetteer")
    ]
    return Gazetteer(entries)


def store_gazetteer(db: sqlite_utils.Database, gazetteer: Gazetteer) -> None:
    """Add (or replace, by id) the entries of `gazetteer` in the `gazetteer` table."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO gazetteer (id, name, aliases, kind) VALUES (?, ?, ?, ?)",
        [(e.id, e.name, json.dumps(list(e.aliases)), e.kind) for e in gazetteer.entries],
    )


def derive(db: sqlite_utils.Database) -> DeriveSummary:
    """Rebuild `claimants` and `claim_groups`, set each claim's `claimant_id` and `claim_group`
    and each entity's `ref`, in one transaction."""
    gazetteer = stored_gazetteer(db)
    referents: dict[tuple[str, str], dict[str, Any]] = {
        (r["document_id"], r["entity"]): r
        for r in db.query("SELECT document_id, entity, name, roles, ref FROM document_entities")
    }
    rows = list(
        db.query(
            """SELECT c.id, c.document_id, d.publication, d.published, c.claim_index,
                      c.claimant_name, c.claimant_kind, c.claimant_role, c.claimant_entity,
                      c.content, c.claimant_id, c.claim_group
               FROM claims c JOIN documents d ON d.id = c.document_id"""
        )
    )
    mentions = []
    for r in rows:
        referent = referents.get((r["document_id"], r["claimant_entity"] or ""))
        mentions.append(
            Mention(
                claim_id=r["id"],
                document_id=r["document_id"],
                publication=r["publication"],
                name=_fullest(r["claimant_name"], referent["name"] if referent else None),
                kind=r["claimant_kind"] or "unknown",
                role=r["claimant_role"],
                ref=referent["ref"] if referent else None,
                entity_roles=tuple(json.loads(referent["roles"] or "[]")) if referent else (),
            )
        )
    keys, claimants = join_claimants(mentions, gazetteer)
    rows.sort(key=lambda r: (r["published"] or "", r["document_id"], r["claim_index"]))
    groups = assign_groups(
        GroupItem(r["id"], keys[r["id"]], r["content"] or "") for r in rows if r["id"] in keys
    )
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r["id"] in groups:
            members[groups[r["id"]]].append(r)
    with db.atomic():
        db.execute("DELETE FROM claim_groups")
        db.execute("DELETE FROM claimants")
        db.conn.executemany(
            """INSERT INTO claimants (id, key, name, kind, ref, names, roles, publications,
                                      claims, documents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (
                    c.id,
                    c.key,
                    c.name,
                    c.kind,
                    c.ref,
                    json.dumps(sorted(c.names), ensure_ascii=False),
                    json.dumps(sorted(c.roles), ensure_ascii=False),
                    json.dumps(sorted(c.publications), ensure_ascii=False),
                    c.claims,
                    len(c.documents),
                )
                for c in claimants.values()
            ],
        )
        db.conn.executemany(
            """INSERT INTO claim_groups (id, claimant_id, claimant_name, content, claims,
                   documents, outlets, publications, document_ids, first_published)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [_group_row(gid, ms, claimants[keys[ms[0]["id"]]]) for gid, ms in members.items()],
        )
        db.conn.executemany(
            """UPDATE claims SET claimant_id = ?, claim_group = ?
               WHERE id = ? AND (claimant_id IS NOT ? OR claim_group IS NOT ?)""",
            [
                (cid, gid, r["id"], cid, gid)
                for r in rows
                for cid, gid in [
                    (claimant_id(keys[r["id"]]) if r["id"] in keys else None, groups.get(r["id"]))
                ]
                if (cid, gid) != (r["claimant_id"], r["claim_group"])
            ],
        )
        if len(gazetteer):
            _pin_entities(db, gazetteer)
    shared = sum(1 for ms in members.values() if len({m["document_id"] for m in ms}) > 1)
    return DeriveSummary(claimants=len(claimants), groups=len(members), shared_groups=shared)


def _fullest(name: str | None, entity_name: str | None) -> str | None:
    # The document's entity gives the fullest name it knows ("Zhou Wei" for a claimant "Zhou").
    if entity_name and (not name or len(entity_name.split()) > len(name.split())):
        return entity_name
    return name


def _group_row(gid: str, ms: list[dict[str, Any]], claimant: Any) -> tuple[Any, ...]:
    documents = list(dict.fromkeys(m["document_id"] for m in ms))
    publications = sorted({m["publication"] for m in ms if m["publication"]})
    dates = [m["published"] for m in ms if m["published"]]
    return (
        gid,
        claimant.id,
        claimant.name,
        ms[0]["content"],
        len(ms),
        len(documents),
        len(publications),
        json.dumps(publications, ensure_ascii=False),
        json.dumps(documents),
        min(dates) if dates else None,
    )


_ENTITY_KINDS = {"PERSON": "person", "ORG": "organization"}


def _pin_entities(db: sqlite_utils.Database, gazetteer: Gazetteer) -> None:
    updates = []
    for r in db.query("SELECT text, max(label) AS label FROM entities GROUP BY text"):
        ref = gazetteer.lookup(r["text"], _ENTITY_KINDS.get(r["label"] or ""))
        if ref:
            updates.append((ref, r["text"]))
    db.conn.executemany("UPDATE entities SET ref = ? WHERE text = ?", updates)
