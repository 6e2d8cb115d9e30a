"""The tables of a claims database, and the rows one record gives them.

Written from the dumped record (`DocumentRecord.model_dump(mode="json")`, or a JSON line
parsed), so a run writes the lines the workers already made without validating them again.

- `documents`: one row per input (id is the record's `document.id`).
- `claims`: one row per claim: the claim columns of the flat formats (see
  `claimx.outputs.rows`), the sentence text, the entity texts, `frame`, `negated`, and the ids
  `document_id`, `claimant_id` (-> claimants) and `claim_group` (-> claim_groups).
- `comparisons`: one row per comparison of a claim (see `claim_comparisons`).
- `entities`: the named entities inside claims, with the id a gazetteer pins (`ref`).
- `document_entities`: the people and organisations a document names (`document.entities`).
- `claimants`, `claim_groups`: derived from the claims across the corpus (`claimx.database.derive`).
- `gazetteer`: the pinned names (`--entities`), kept so later runs pin the same way.

Deleting a document deletes its claims, comparisons and entities (ON DELETE CASCADE).
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    path TEXT, title TEXT, publication TEXT, byline TEXT, published TEXT, url TEXT,
    chars INTEGER, encoding TEXT, meta TEXT, claims INTEGER,
    error_type TEXT, error_message TEXT, schema_version TEXT
);
CREATE TABLE IF NOT EXISTS claimants (
    id TEXT PRIMARY KEY,
    key TEXT UNIQUE NOT NULL,
    name TEXT, kind TEXT, ref TEXT,
    names TEXT, roles TEXT, publications TEXT,
    claims INTEGER, documents INTEGER
);
CREATE TABLE IF NOT EXISTS claim_groups (
    id TEXT PRIMARY KEY,
    claimant_id TEXT REFERENCES claimants(id) DEFERRABLE INITIALLY DEFERRED,
    claimant_name TEXT, content TEXT,
    claims INTEGER, documents INTEGER, outlets INTEGER,
    publications TEXT, document_ids TEXT, first_published TEXT
);
CREATE TABLE IF NOT EXISTS claims (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    claim_index INTEGER,
    claimant_id TEXT REFERENCES claimants(id) DEFERRABLE INITIALLY DEFERRED,
    claim_group TEXT REFERENCES claim_groups(id) DEFERRABLE INITIALLY DEFERRED,
    claimant_name TEXT, claimant_kind TEXT, claimant_role TEXT, claimant_text TEXT,
    claimant_start INTEGER, claimant_end INTEGER, claimant_entity TEXT,
    cue TEXT, cue_start INTEGER, cue_end INTEGER,
    attribution TEXT, frame TEXT, negated INTEGER, negation TEXT,
    hedged INTEGER, hedge TEXT,
    content TEXT, content_start INTEGER, content_end INTEGER,
    sentence TEXT, sentence_start INTEGER, sentence_end INTEGER,
    entities TEXT,
    confidence REAL, rule TEXT, duplicate_of TEXT,
    document_publication TEXT, document_published TEXT, document_title TEXT
);
CREATE TABLE IF NOT EXISTS comparisons (
    id INTEGER PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER,
    subject TEXT, relation TEXT, object TEXT, condition TEXT, polarity TEXT, negated INTEGER
);
CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT, label TEXT, start INTEGER, "end" INTEGER, ref TEXT
);
CREATE TABLE IF NOT EXISTS document_entities (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity TEXT, name TEXT, kind TEXT, roles TEXT, gender TEXT, ref TEXT, mentions INTEGER
);
CREATE TABLE IF NOT EXISTS gazetteer (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, aliases TEXT, kind TEXT
);
CREATE INDEX IF NOT EXISTS claims_document ON claims(document_id);
CREATE INDEX IF NOT EXISTS claims_claimant ON claims(claimant_id);
CREATE INDEX IF NOT EXISTS claims_group ON claims(claim_group);
CREATE INDEX IF NOT EXISTS claims_kind ON claims(claimant_kind);
CREATE INDEX IF NOT EXISTS claims_attribution ON claims(attribution);
CREATE INDEX IF NOT EXISTS claims_frame ON claims(frame);
CREATE INDEX IF NOT EXISTS claims_publication ON claims(document_publication);
CREATE INDEX IF NOT EXISTS claims_published ON claims(document_published);
CREATE INDEX IF NOT EXISTS comparisons_claim ON comparisons(claim_id);
CREATE INDEX IF NOT EXISTS comparisons_document ON comparisons(document_id);
CREATE INDEX IF NOT EXISTS entities_claim ON entities(claim_id);
CREATE INDEX IF NOT EXISTS entities_document ON entities(document_id);
CREATE INDEX IF NOT EXISTS entities_text ON entities(text);
CREATE INDEX IF NOT EXISTS document_entities_document ON document_entities(document_id);
CREATE INDEX IF NOT EXISTS documents_publication ON documents(publication);
CREATE INDEX IF NOT EXISTS documents_published ON documents(published);
CREATE INDEX IF NOT EXISTS claimants_name ON claimants(name);
CREATE INDEX IF NOT EXISTS claimants_claims ON claimants(claims);
CREATE INDEX IF NOT EXISTS claim_groups_claimant ON claim_groups(claimant_id);
CREATE INDEX IF NOT EXISTS claim_groups_documents ON claim_groups(documents);
CREATE VIEW IF NOT EXISTS claim_group_articles AS
    SELECT claims.claim_group, claims.id AS claim_id, claims.claimant_name, claims.content,
           documents.id AS document_id, documents.title, documents.publication,
           documents.published, documents.path, documents.url
    FROM claims JOIN documents ON documents.id = claims.document_id
    WHERE claims.claim_group IS NOT NULL;
"""

# The full-text index over claims; kept in step by triggers on the text columns only, so that
# setting claimant_id and claim_group (every run) does not rewrite the index.
FTS_COLUMNS = ("content", "sentence", "claimant_name", "entities")
_FTS_TRIGGERS = """
CREATE TRIGGER IF NOT EXISTS claims_fts_insert AFTER INSERT ON claims BEGIN
    INSERT INTO claims_fts (rowid, {cols}) VALUES (new.rowid, {new});
END;
CREATE TRIGGER IF NOT EXISTS claims_fts_delete AFTER DELETE ON claims BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old});
END;
CREATE TRIGGER IF NOT EXISTS claims_fts_update AFTER UPDATE OF {cols} ON claims BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old});
    INSERT INTO claims_fts (rowid, {cols}) VALUES (new.rowid, {new});
END;
""".format(
    cols=", ".join(FTS_COLUMNS),
    new=", ".join(f"new.{c}" for c in FTS_COLUMNS),
    old=", ".join(f"old.{c}" for c in FTS_COLUMNS),
)


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create whatever tables, indexes, the full-text index and its triggers are missing.

    Run before any write transaction: `executescript` commits what is pending first.
    """
    db.conn.executescript(SCHEMA)
    if not db["claims_fts"].exists():
        db.table("claims").enable_fts(list(FTS_COLUMNS), tokenize="unicode61 remove_diacritics 2")
    db.conn.executescript(_FTS_TRIGGERS)


def claim_comparisons(claim: dict[str, Any]) -> list[dict[str, Any]]:
    """The comparisons of a dumped claim, each `{subject, relation, object, condition, polarity,
    negated}` with spans as text.

    The one place that knows the record's shape: schema 2.0's single `comparison` today, a list
    `comparisons` (with polarity and negated) when that lands.
    """
    items = claim.get("comparisons")
    if items is None:
        items = [claim["comparison"]] if claim.get("comparison") else []
    return [
        {
            "subject": _text(c.get("subject")),
            "relation": c.get("relation"),
            "object": _text(c.get("object")),
            "condition": _text(c.get("condition")),
            "polarity": c.get("polarity"),
            "negated": c.get("negated"),
        }
        for c in items
    ]


def _text(span: Any) -> Any:
    return span.get("text") if isinstance(span, dict) else span


def document_row(record: dict[str, Any]) -> dict[str, Any]:
    """The documents row of a dumped record."""
    doc = record["document"]
    error = record.get("error") or {}
    return {
        "id": doc["id"],
        "path": doc.get("path"),
        "title": doc.get("title"),
        "publication": doc.get("publication"),
        "byline": doc.get("byline"),
        "published": doc.get("published"),
        "url": doc.get("url"),
        "chars": doc.get("chars"),
        "encoding": doc.get("encoding"),
        "meta": json.dumps(doc["meta"], ensure_ascii=False, sort_keys=True)
        if doc.get("meta")
        else None,
        "claims": len(record.get("claims") or []),
        "error_type": error.get("type"),
        "error_message": error.get("message"),
        "schema_version": record.get("schema_version"),
    }


def claim_row(doc: dict[str, Any], n: int, claim: dict[str, Any]) -> dict[str, Any]:
    """The claims row of the `n`-th (1-based) claim of a dumped record's document."""
    who = claim.get("claimant") or {}
    span = who.get("span") or {}
    cue = claim.get("cue") or {}
    content, sentence = claim["content"], claim["sentence"]
    return {
        "id": claim["id"],
        "document_id": doc["id"],
        "claim_index": n,
        "claimant_id": None,
        "claim_group": None,
        "claimant_name": who.get("name"),
        "claimant_kind": who.get("kind"),
        "claimant_role": who.get("role"),
        "claimant_text": span.get("text"),
        "claimant_start": span.get("start"),
        "claimant_end": span.get("end"),
        "claimant_entity": who.get("entity"),
        "cue": cue.get("text"),
        "cue_start": cue.get("start"),
        "cue_end": cue.get("end"),
        "attribution": claim.get("attribution"),
        "frame": claim.get("frame"),
        "negated": claim.get("negated"),
        "negation": _text(claim.get("negation")),
        "hedged": claim.get("hedged"),
        "hedge": _text(claim.get("hedge")),
        "content": content["text"],
        "content_start": content["start"],
        "content_end": content["end"],
        "sentence": sentence["text"],
        "sentence_start": sentence["start"],
        "sentence_end": sentence["end"],
        "entities": "; ".join(e["text"] for e in claim.get("entities") or []) or None,
        "confidence": claim.get("confidence"),
        "rule": claim.get("rule"),
        "duplicate_of": claim.get("duplicate_of"),
        "document_publication": doc.get("publication"),
        "document_published": doc.get("published"),
        "document_title": doc.get("title"),
    }


def entity_rows(doc_id: str, claim: dict[str, Any]) -> list[dict[str, Any]]:
    """The entities rows of one dumped claim (`ref` is set later, from the gazetteer)."""
    return [
        {
            "claim_id": claim["id"],
            "document_id": doc_id,
            "text": e["text"],
            "label": e.get("label"),
            "start": e.get("start"),
            "end": e.get("end"),
            "ref": None,
        }
        for e in claim.get("entities") or []
    ]


def document_entity_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The document_entities rows of a dumped document (`document.entities`)."""
    return [
        {
            "document_id": doc["id"],
            "entity": ref.get("id"),
            "name": ref.get("name"),
            "kind": ref.get("kind"),
            "roles": json.dumps(ref.get("roles") or [], ensure_ascii=False),
            "gender": ref.get("gender"),
            "ref": ref.get("ref"),
            "mentions": len(ref.get("mentions") or []),
        }
        for ref in doc.get("entities") or []
    ]
