"""Claim dicts from candidates: spans, sentence, frame, negation, hedge, comparison, entities
and confidence."""

from __future__ import annotations

from typing import Any

from claimx.rules.candidate import Candidate
from claimx.rules.comparisons import ComparisonRules
from claimx.rules.hedges import HedgeRules
from claimx.rules.index import DocIndex
from claimx.rules.negation import NegationRules
from claimx.rules.text import span


class ClaimMaker:
    """Builds the claim dicts of one document (`index`), with the engine's hedge and comparison
    rules."""

    def __init__(
        self,
        index: DocIndex,
        hedges: HedgeRules,
        comparisons: ComparisonRules,
        negations: NegationRules,
    ) -> None:
        self.index = index
        self.hedges = hedges
        self.comparisons = comparisons
        self.negations = negations
        self.made = 0

    def make(self, cand: Candidate, claimant: dict[str, Any]) -> dict[str, Any]:
        """The claim dict of `cand`, by `claimant`, with id `c<n>`: `n` counts the claims this
        maker made, so ids stay unique however many of them the engine drops later (the
        extractor renumbers them by position)."""
        self.made += 1
        n = self.made
        idx = self.index
        text = idx.text
        start, end = cand.content
        sent = self.sentence_range(start)
        lo, hi = idx.bounds(start, end) or (0, 0)
        hedge = self.hedges.find(idx, cand.content, cand.cue_token, sent)
        comparison = self.comparisons.find(idx, lo, hi) if hi > lo else None
        negation = self.negations.find(cand.cue_token)
        confidence = cand.weight * (1.0 if claimant.get("name") else 0.75)
        return {
            "id": f"c{n}",
            "content": span(text, start, end),
            "sentence": span(text, *sent),
            "claimant": claimant,
            "cue": span(text, *cand.cue) if cand.cue else None,
            "attribution": cand.attribution,
            "hedged": hedge is not None,
            "hedge": hedge,
            "comparison": comparison,
            "entities": self.entities(start, end),
            "confidence": round(min(1.0, confidence), 3),
            "rule": cand.rule,
            "duplicate_of": None,
            "frame": cand.frame,
            "negated": negation is not None,
            "negation": span(text, *negation) if negation else None,
        }

    def sentence_range(self, start: int) -> tuple[int, int]:
        """Character range of the sentence holding offset `start`, without edge whitespace."""
        idx = self.index
        tok = idx.token_at(start)
        if tok is None:
            return start, start
        sent = idx.sent(tok)
        s, e = sent.start_char, sent.end_char
        while e > s and idx.text[e - 1].isspace():
            e -= 1
        while s < e and idx.text[s].isspace():
            s += 1
        return s, e

    def entities(self, start: int, end: int) -> list[dict[str, Any]]:
        """The entities wholly inside [start, end), as `{text, start, end, label}` dicts."""
        idx = self.index
        found = idx.bounds(start, end, mode="contract")
        if found is None:
            return []
        return [
            {"text": t, "start": s, "end": e, "label": label}
            for t, s, e, label in idx.ent_info_in(*found)
        ]
