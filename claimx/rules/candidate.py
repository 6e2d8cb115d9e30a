"""`Candidate`: one attribution a rule found, before the engine merges it with the others."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token


@dataclass
class Candidate:
    """One attribution found by a rule, before claimant resolution.

    `content` and `cue` are character ranges; `source` is the token heading the claimant's
    mention (None: unnamed); `rule` is a rule name of `claimx.rules.table`; `weight` is the
    confidence before claimant resolution; `cue_token` is the token the rule read the claim
    off, so that one cue makes one claim (`engine._dedupe`).
    """

    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: Token | None
    rule: str
    weight: float
    attribution: str = "indirect"
    cue_token: Token | None = None
    claimant: dict | None = None  # set directly by quote-continuation
    # The claim's frame (`claimx.schema.Frame`): speech, belief, intention, finding or
    # evidential. Every rule sets it; the lexicon's cues give theirs (`cues.tsv`).
    frame: str = "speech"
