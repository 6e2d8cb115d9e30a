"""A user gazetteer: names pinned to external ids (`--entities FILE.jsonl`).

One JSON object a line: `{"id": "Q1234", "name": "Zhou Wei", "aliases": ["Wei Zhou"],
"kind": "person"}` (`kind` optional: person or organization). A name or alias pins a claimant
or an entity with that name (compared as keys, see `claimx.database.names`) to the id, and the
id is the claimant's identity across articles: every claimant pinned to Q1234 is one row.
In records, `pin_referents` sets `Referent.ref` of the document entities it names.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from claimx.database.names import fold, organisation_key, person_key
from claimx.errors import RuleFileError
from claimx.schema import DocumentRecord


@dataclass(frozen=True)
class GazetteerEntry:
    """One pinned entity: its id, its name, other names, and its kind when given."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None


@dataclass
class Gazetteer:
    """Entries indexed by every key of their names, for `lookup`."""

    entries: list[GazetteerEntry] = field(default_factory=list)
    _index: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            self._add(entry)

    def add(self, entry: GazetteerEntry) -> None:
        """Add (or replace, by id) one entry."""
        self.entries = [e for e in self.entries if e.id != entry.id] + [entry]
        self._add(entry)

    def _add(self, entry: GazetteerEntry) -> None:
        for name in (entry.name, *entry.aliases):
            for key in {fold(name), person_key(name), organisation_key(name)}:
                if key:
                    self._index.setdefault(key, entry.id)

    def lookup(self, name: str | None, kind: str | None = None) -> str | None:
        """The id pinned to `name`, or None."""
        if not name or not self._index:
            return None
        key = person_key(name) if kind == "person" else organisation_key(name)
        return self._index.get(key) or self._index.get(fold(name))

    def __len__(self) -> int:
        return len(self.entries)


def load_gazetteer(path: str | Path) -> Gazetteer:
    """Read a gazetteer file; a bad line is a `RuleFileError` naming file and line (exit 4)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise RuleFileError(str(path), None, f"cannot read: {exc.strerror or exc}") from None
    entries = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("expected a JSON object")
            entry_id, name = row.get("id"), row.get("name")
            if not isinstance(entry_id, str) or not entry_id:
                raise ValueError('"id" must be a non-empty string')
            if not isinstance(name, str) or not name.strip():
                raise ValueError('"name" must be a non-empty string')
            aliases = row.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                raise ValueError('"aliases" must be a list of strings')
            unknown = set(row) - {"id", "name", "aliases", "kind", "description"}
            if unknown:
                raise ValueError(f"unknown field {sorted(unknown)[0]!r}")
        except ValueError as exc:
            raise RuleFileError(str(path), n, str(exc)) from None
        entries.append(GazetteerEntry(entry_id, name, tuple(aliases), row.get("kind")))
    return Gazetteer(entries)


def pin_referents(record: DocumentRecord, gazetteer: Gazetteer) -> DocumentRecord:
    """Set `ref` on the record's document entities (`document.entities`) the gazetteer names,
    by their name or any of their mentions; a `ref` already set is kept. Returns the record."""
    for referent in record.document.entities:
        if referent.ref is None:
            names = [referent.name, *(m.text for m in referent.mentions)]
            referent.ref = next(
                (ref for n in names if (ref := gazetteer.lookup(n, referent.kind))), None
            )
    return record
