"""Claim dicts from candidates: spans, sentence, frame, negation, hedge, comparisons,
entities and confidence."""

from __future__ import annotations

from typing import Any

from claimx.rules.candidate import Candidate
from claimx.rules.comparisons import ComparisonRules
from claimx.rules.hedges import HedgeRules
from claimx.rules.index import DocIndex
from claimx.rules.negation import NegationRules
from claimx.rules.text import span

# `doc.user_data` key of the token indices a sentence was cut before, because the text ran on
# without a break (set by `claimx.nlp.lines`); claims in such a sentence say `sentence_cut`.
SENTENCE_CUTS_KEY = "claimx_sentence_cuts"


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
        cue = cand.cue_token.i if cand.cue_token is not None else None
        comparisons = self.comparisons.find_all(idx, lo, hi, claimant, cue) if hi > lo else []
        negation = self.negations.find(cand.cue_token)
        confidence = cand.weight * (1.0 if claimant.get("name") else 0.75)
        return {
            "id": f"c{n}",
            "content": span(text, start, end),
            "sentence": span(text, *sent),
            "sentence_cut": self.sentence_cut(start),
            "claimant": claimant,
            "cue": span(text, *cand.cue) if cand.cue else None,
            "attribution": cand.attribution,
            "hedged": hedge is not None,
            "hedge": hedge,
            "comparisons": comparisons,
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

    def sentence_cut(self, start: int) -> bool:
        """Whether the sentence holding `start` was cut short (it starts or ends at a cut)."""
        cuts = self.index.doc.user_data.get(SENTENCE_CUTS_KEY)
        if not cuts:
            return False
        tok = self.index.token_at(start)
        if tok is None:
            return False
        sent = self.index.sent(tok)
        return sent.start in cuts or sent.end in cuts

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
