"""Claim groups: the same claim by the same claimant, printed in several articles, as one group.

Contents are compared after `normalise_content` (quotes, case, punctuation and spacing folded);
contents under `MIN_GROUP_CHARS` ("that", "the bill") are too generic to group.
Identical normalised contents of one claimant share a group at once; near-identical ones (an
edited word, a dropped clause end) join when `rapidfuzz`'s `fuzz.ratio` reaches
`NEAR_THRESHOLD` and they hold the same numbers. To stay linear, a claim is only compared with the groups that share one of its
rarest words (within that claimant's claims), never with all of them.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from claimx.database.names import fold

# fuzz.ratio (0-100) from which two normalised contents are one claim. Measured on Wikinews
# (96,859 claims): exact matches alone give 122 groups printed in several articles, 92 gives 133
# (a typo, "U.S. President Bush", a dropped clause end), 85 gives 136 but starts joining
# different claims ("a run-off must be held" / "... held on 28 December"). 0.7 s of CPU.
NEAR_THRESHOLD = 92.0
# Contents shorter than this (normalised characters) must match exactly: a word or two
# changed in a short sentence is a different claim.
MIN_FUZZY_CHARS = 40
# Contents shorter than this (normalised characters: "that", "some issues", "the bill") are
# too generic to be one claim across articles: each is a group of its own.
MIN_GROUP_CHARS = 20
# How many of a claim's rarest words pick the groups it is compared with.
SIGNATURE_WORDS = 3


_NUMBER = re.compile(r"\d+")


def _numbers(norm: str) -> list[str]:
    # "killed at least 40 people" and "at least 55 people" are two claims, however alike.
    return _NUMBER.findall(norm)


def normalise_content(text: str) -> str:
    """The content as compared: casefolded, straight quotes, no punctuation, single spaces."""
    return fold(text)


@dataclass(frozen=True)
class GroupItem:
    """One claim to group: its id, its claimant and its content."""

    claim_id: str
    claimant_id: str
    content: str


def group_id(first_claim_id: str) -> str:
    """A group's id, from the id of its first claim (in the order claims were given)."""
    return "g" + hashlib.sha1(first_claim_id.encode()).hexdigest()[:12]


def assign_groups(items: Iterable[GroupItem]) -> dict[str, str]:
    """claim id -> group id for every item; items of one claimant are grouped together.

    Items are grouped in the order given (the first of a group names it), so give them in a
    stable order (by date, then document and claim) for ids that survive a rerun.
    """
    by_claimant: dict[str, list[GroupItem]] = defaultdict(list)
    for item in items:
        by_claimant[item.claimant_id].append(item)
    out: dict[str, str] = {}
    for block in by_claimant.values():
        out.update(_group_block(block))
    return out


def _group_block(block: list[GroupItem]) -> dict[str, str]:
    norms = [normalise_content(item.content) for item in block]
    exact: dict[str, str] = {}
    out: dict[str, str] = {}
    if len(block) == 1:
        return {block[0].claim_id: group_id(block[0].claim_id)}
    df = Counter(w for n in norms for w in set(n.split()) if len(w) > 3)
    by_word: dict[str, list[tuple[str, str]]] = defaultdict(list)  # word -> (norm, group)
    for item, norm in zip(block, norms):
        if len(norm) < MIN_GROUP_CHARS:
            out[item.claim_id] = group_id(item.claim_id)
            continue
        if norm in exact:
            out[item.claim_id] = exact[norm]
            continue
        signature = sorted({w for w in norm.split() if len(w) > 3}, key=lambda w: (df[w], w))
        signature = signature[:SIGNATURE_WORDS]
        found = None
        if len(norm) >= MIN_FUZZY_CHARS:
            best = NEAR_THRESHOLD
            seen: set[str] = set()
            for word in signature:
                for other, gid in by_word[word]:
                    if other in seen:
                        continue
                    seen.add(other)
                    score = fuzz.ratio(norm, other, score_cutoff=best)
                    if score >= best and _numbers(norm) == _numbers(other):
                        best, found = score, gid
        gid = found or group_id(item.claim_id)
        exact[norm] = gid
        out[item.claim_id] = gid
        if found is None and len(norm) >= MIN_FUZZY_CHARS:
            for word in signature:
                by_word[word].append((norm, gid))
    return out
