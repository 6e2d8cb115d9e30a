"""Negated cues: `did not say`, `don't say`, `never said`, `declined to confirm`.

A negated cue still makes its claim (what was not said is what the sentence is about), marked
`negated` with the negating word as `negation`, so that "X did not say that A" never reads as X
saying A. The negating words are data (`negations.tsv`): a `particle` the parser attaches to
the cue (`neg`, or `preconj` for "neither"/"nor"), or a `governor` verb whose infinitive the cue
is (`declined to confirm`, `refused to say`, `failed to mention`). "X denied that A" is not
negated: denying is a claim of its own. Hedges (`may`, `reportedly`) are a separate matter
(`claimx.rules.hedges`).
"""

from __future__ import annotations

from spacy.tokens import Token

from claimx.rules.ruleset import RuleSet

NEGATION_DEPS = ("neg", "preconj")


class NegationRules:
    """The negation words of a rule set, ready to test cue tokens."""

    def __init__(self, rules: RuleSet) -> None:
        self.particles = frozenset(w for w, k in rules.negations.items() if k == "particle")
        self.governors = frozenset(w for w, k in rules.negations.items() if k == "governor")

    def find(self, cue: Token | None) -> tuple[int, int] | None:
        """The character range of what negates `cue` (a claim's cue token), or None."""
        if cue is None:
            return None
        for tok in (cue, *_auxiliary_heads(cue)):
            neg = self._particle(tok)
            if neg is not None:
                return neg
        head = cue.head
        if cue.dep_ == "xcomp" and head.i != cue.i and head.lemma_.lower() in self.governors:
            return head.idx, head.idx + len(head.text)  # `declined to confirm`
        return None

    def _particle(self, tok: Token) -> tuple[int, int] | None:
        for child in tok.children:
            if child.dep_ in NEGATION_DEPS and child.lower_ in self.particles:
                return child.idx, child.idx + len(child.text)
        return None


def _auxiliary_heads(cue: Token) -> tuple[Token, ...]:
    """The verb whose negation `cue` shares: `did not confirm or deny A` hangs "not" on
    "confirm" and "deny" on it, joined by "or" (not "but": `did not say A but insisted B`)."""
    head = cue.head
    if (
        cue.dep_ == "conj"
        and head.i != cue.i
        and head.pos_ in ("VERB", "AUX")
        and any(k.dep_ == "cc" and k.lower_ in ("or", "nor") for k in head.children)
    ):
        return (head,)
    return ()
