"""Claimants joined across articles: one key, hence one claimants row, per person or organisation.

The rules, in order (each is evidence; nothing else merges two names):

1. An id pinned by the gazetteer or by the document's entity (`Referent.ref`) is the identity.
2. A person named with two or more words is keyed by the name without titles ("Dr. Zhou Wei" is
   "Zhou Wei"); an organisation by its name without "the" and legal endings ("Huawei
   Technologies" is "Huawei"). Publications are organisations.
3. A person named by one word ("Zhou") joins the full name with that first or last word in the
   same document, else in the same outlet, when there is exactly one. When the outlet has
   several ("Zhou Wei" and "Zhou Li"), the role is the evidence: it joins the one whose roles
   share words with its role, if exactly one does. Otherwise it stays its own claimant, keyed to
   its document, so two people who share a surname are never merged on the surname alone.
4. A claimant of unknown kind joins a person or organisation with the same key, if one exists.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from claimx.database.gazetteer import Gazetteer
from claimx.database.names import fold, organisation_key, person_key, role_words


@dataclass(frozen=True)
class Mention:
    """One claim's claimant as the database sees it."""

    claim_id: str
    document_id: str
    publication: str | None
    name: str | None
    kind: str
    role: str | None = None
    ref: str | None = None  # an id pinned to the claimant's document entity
    entity_roles: tuple[str, ...] = ()


@dataclass
class Claimant:
    """A claimant across the corpus: its key, and what its mentions showed."""

    key: str
    names: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    roles: set[str] = field(default_factory=set)
    publications: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    claims: int = 0
    ref: str | None = None

    @property
    def id(self) -> str:
        """Stable across runs: derived from the key."""
        return claimant_id(self.key)

    @property
    def name(self) -> str:
        """The fullest name seen (most words), the most frequent among those."""
        return max(self.names, key=lambda n: (len(n.split()), self.names[n], n))

    @property
    def kind(self) -> str:
        """The most frequent kind seen, `unknown` only when nothing else was."""
        known = Counter({k: c for k, c in self.kinds.items() if k != "unknown"})
        return (known or self.kinds).most_common(1)[0][0]


def claimant_id(key: str) -> str:
    """The claimant id of a key."""
    return "c" + hashlib.sha1(key.encode()).hexdigest()[:12]


def join_claimants(
    mentions: Iterable[Mention], gazetteer: Gazetteer | None = None
) -> tuple[dict[str, str], dict[str, Claimant]]:
    """Key every named mention: (claim id -> claimant key, claimant key -> `Claimant`).

    Mentions without a name (publication voice with no known publication, "officials") get no
    key. The result does not depend on the order of the mentions.
    """
    gazetteer = gazetteer or Gazetteer()
    keys: dict[str, str] = {}
    bare: list[Mention] = []
    unknown: list[Mention] = []
    # (scope, word) -> full-name person keys; scope is a document or an outlet.
    by_word: dict[tuple[str, str], set[str]] = defaultdict(set)
    roles: dict[str, set[str]] = defaultdict(set)
    named = [m for m in mentions if m.name and m.name.strip()]
    for m in named:
        assert m.name is not None
        ref = m.ref or gazetteer.lookup(m.name, m.kind)
        key = None
        if ref:
            key = f"ref:{ref}"
        elif m.kind == "person":
            pk = person_key(m.name)
            if " " not in pk:
                bare.append(m)
                continue
            key = f"person:{pk}"
        elif m.kind in ("organization", "publication"):
            key = f"org:{organisation_key(m.name)}"
        elif m.kind == "group":
            key = f"group:{fold(m.name)}"
        else:
            unknown.append(m)
            continue
        keys[m.claim_id] = key
        if key.startswith(("person:", "ref:")) and m.kind == "person":
            words = person_key(m.name).split()
            for word in {words[0], words[-1]} if len(words) > 1 else ():
                by_word[("doc:" + m.document_id, word)].add(key)
                if m.publication:
                    by_word[("pub:" + fold(m.publication), word)].add(key)
        roles[key] |= role_words(m.role) | {w for r in m.entity_roles for w in role_words(r)}
    known = set(keys.values())
    for m in unknown:
        assert m.name is not None
        for key in (f"person:{person_key(m.name)}", f"org:{organisation_key(m.name)}"):
            if key in known:
                keys[m.claim_id] = key
                break
        else:
            keys[m.claim_id] = f"name:{fold(m.name)}"
    for m in bare:
        keys[m.claim_id] = _bare_key(m, by_word, roles)
    claimants: dict[str, Claimant] = {}
    for m in named:
        key = keys[m.claim_id]
        c = claimants.get(key)
        if c is None:
            c = claimants[key] = Claimant(key, ref=key[4:] if key.startswith("ref:") else None)
        assert m.name is not None
        c.names[m.name.strip()] += 1
        c.kinds[m.kind] += 1
        if m.role:
            c.roles.add(m.role)
        if m.publication:
            c.publications.add(m.publication)
        c.documents.add(m.document_id)
        c.claims += 1
    return keys, claimants


def _bare_key(
    m: Mention, by_word: dict[tuple[str, str], set[str]], roles: dict[str, set[str]]
) -> str:
    assert m.name is not None
    word = person_key(m.name)
    evidence = role_words(m.role) | {w for r in m.entity_roles for w in role_words(r)}
    scopes = ["doc:" + m.document_id]
    if m.publication:
        scopes.append("pub:" + fold(m.publication))
    for scope in scopes:
        candidates = by_word.get((scope, word), set())
        if len(candidates) == 1:
            return next(iter(candidates))
        if len(candidates) > 1 and evidence:
            matching = [k for k in candidates if evidence & roles[k]]
            if len(matching) == 1:
                return matching[0]
    return f"person:{word}@{m.document_id}"
