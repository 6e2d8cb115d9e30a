"""Writing records into a claims database (SQLite), safely and without duplicates.

    >>> with ClaimsDatabase("claims.db") as db:
    ...     for record in records:
    ...         db.add(record.model_dump(mode="json"))

Records are written in transactions of `commit_every` documents: a crash, a Ctrl-C or a SIGKILL
loses at most the transaction under way, and SQLite rolls it back on the next open, so the
database is always the one of the last commit. A document already in the database (same
`document.id`) is replaced with its claims, so a rerun adds nothing twice. `close()` (or leaving
the `with` block) then rebuilds the claimants and claim groups (`claimx.database.derive`) and
writes the Datasette metadata file beside the database.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlite_utils

from claimx.database.derive import DeriveSummary, derive, store_gazetteer
from claimx.database.gazetteer import Gazetteer
from claimx.database.metadata import write_metadata
from claimx.database.tables import (
    claim_comparisons,
    claim_row,
    document_entity_rows,
    document_row,
    ensure_schema,
    entity_rows,
)

DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
# Documents per transaction: large enough that commits cost little, small enough that an
# interrupted run keeps nearly all it did.
COMMIT_EVERY = 200


def is_database_path(path: str | os.PathLike[str] | None) -> bool:
    """Whether `-o PATH` names a claims database (by its suffix)."""
    return path is not None and Path(path).suffix.lower() in DATABASE_SUFFIXES


def open_database(path: str | os.PathLike[str]) -> sqlite_utils.Database:
    """Open (creating if need be) a claims database with its schema, foreign keys on."""
    db = sqlite_utils.Database(Path(path))
    db.conn.execute("PRAGMA foreign_keys = ON")
    ensure_schema(db)
    return db


def _writing(db: sqlite_utils.Database) -> None:
    # While writing: a write-ahead log, synced at checkpoints rather than at every commit (a
    # crash still loses nothing committed; a power cut at most the last commits), and readers
    # (Datasette, `claimx search`) go on reading the last commit meanwhile.
    db.conn.execute("PRAGMA journal_mode = WAL")
    db.conn.execute("PRAGMA synchronous = NORMAL")


def _done_writing(db: sqlite_utils.Database) -> None:
    # Back to one self-contained file (no -wal beside it) once the run is over; while a reader
    # (Datasette) has it open, the database stays in WAL mode, which is as valid.
    try:
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.conn.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.OperationalError:
        pass


def _insert_sql(table: str, row: dict[str, Any]) -> str:
    cols = ", ".join(f'"{c}"' for c in row)
    return f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(row))})"


class ClaimsDatabase:
    """A claims database open for writing: `add` dumped records, then `close`."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        gazetteer: Gazetteer | None = None,
        commit_every: int = COMMIT_EVERY,
        metadata: bool = True,
    ) -> None:
        self.path = Path(path)
        self.db = open_database(self.path)
        _writing(self.db)
        self.commit_every = commit_every
        self.metadata = metadata
        self.pending: list[dict[str, Any]] = []
        self.documents = 0
        self.replaced = 0
        self.summary: DeriveSummary | None = None
        if gazetteer is not None and len(gazetteer):
            with self.db.atomic():
                store_gazetteer(self.db, gazetteer)

    def add(self, record: dict[str, Any]) -> None:
        """Queue one dumped record (`model_dump(mode="json")` or a parsed JSON line)."""
        self.pending.append(record)
        if len(self.pending) >= self.commit_every:
            self.commit()

    def add_line(self, line: str) -> None:
        """Queue one record given as its JSON line."""
        self.add(json.loads(line))

    def commit(self) -> None:
        """Write the queued records in one transaction."""
        if not self.pending:
            return
        with self.db.atomic():
            for record in self.pending:
                self._write(record)
        self.documents += len(self.pending)
        self.pending = []

    def _write(self, record: dict[str, Any]) -> None:
        conn = self.db.conn
        doc = record["document"]
        row = document_row(record)
        # Replacing: the delete cascades to the document's claims, comparisons and entities.
        if conn.execute("DELETE FROM documents WHERE id = ?", (doc["id"],)).rowcount:
            self.replaced += 1
        conn.execute(_insert_sql("documents", row), list(row.values()))
        claims = [claim_row(doc, n, c) for n, c in enumerate(record.get("claims") or [], 1)]
        seen: set[str] = set()
        for row in claims:
            # Records made before claim ids were numbered by position could repeat one.
            if row["id"] in seen:
                row["id"] = f"{row['id']}~{row['claim_index']}"
            seen.add(row["id"])
        if claims:
            conn.executemany(_insert_sql("claims", claims[0]), [list(r.values()) for r in claims])
        for table, rows in (
            ("comparisons", self._comparison_rows(doc["id"], record)),
            (
                "entities",
                [e for c in record.get("claims") or [] for e in entity_rows(doc["id"], c)],
            ),
            ("document_entities", document_entity_rows(doc)),
        ):
            if rows:
                conn.executemany(_insert_sql(table, rows[0]), [list(r.values()) for r in rows])

    @staticmethod
    def _comparison_rows(doc_id: str, record: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {"claim_id": c["id"], "document_id": doc_id, "position": i, **comp}
            for c in record.get("claims") or []
            for i, comp in enumerate(claim_comparisons(c), 1)
        ]

    def close(self) -> DeriveSummary:
        """Commit what is queued, rebuild claimants and claim groups, write the metadata."""
        self.commit()
        self.summary = derive(self.db)
        _done_writing(self.db)
        if self.metadata:
            write_metadata(self.path)
        self.db.close()
        return self.summary

    def abort(self) -> None:
        """Drop what is queued (the database keeps its last commit) and close."""
        self.pending = []
        if self.db.conn.in_transaction:
            self.db.conn.rollback()
        self.db.close()

    def __enter__(self) -> ClaimsDatabase:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None or issubclass(exc_type, KeyboardInterrupt):
            self.close()
        else:
            self.abort()


class DatabaseTarget:
    """`claimx extract -o claims.db`: the output target of a run that writes a database, with
    the methods of `claimx.outputs.atomic.OutputTarget`."""

    def __init__(self, path: str, *, gazetteer: Gazetteer | None = None) -> None:
        self.path = path
        self.database = ClaimsDatabase(path, gazetteer=gazetteer)

    def add_line(self, line: str) -> None:
        """Write one record, given as its JSON line."""
        self.database.add_line(line)

    def complete(self) -> None:
        """The run finished: commit, derive the claimants and groups."""
        self.database.close()

    def describe(self) -> str:
        """One line for people: what the database holds now."""
        summary = self.database.summary
        if summary is None:
            return f"{self.path}: {self.database.documents} documents written"
        return (
            f"{self.path}: {self.database.documents} documents written "
            f"({self.database.replaced} replaced), {summary.claimants} claimants, "
            f"{summary.shared_groups} claims printed in several articles"
        )

    def interrupted(self) -> Path | None:
        """Ctrl-C: keep what was finished (committed into the database itself)."""
        self.database.close()
        return Path(self.path)

    def failed(self) -> None:
        """The run crashed: the database keeps its last commit."""
        self.database.abort()
