"""Hedges: expressions that mark a claim as uncertain or distanced ("reportedly", "may", "claiming to")."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from claimx.rules.index import DocIndex
from claimx.rules.ruleset import RuleSet
from claimx.rules.text import span


class HedgeRules:
    """Finds the hedge of a claim from the hedge lexicon."""

    def __init__(self, rules: RuleSet) -> None:
        self.modals = {k for k, v in rules.hedges.items() if v == "modal"}
        self.adverbs = {k for k, v in rules.hedges.items() if v in ("adverb", "evidential")}
        self.verbs = {k for k, v in rules.hedges.items() if v == "verb"}
        self.phrases = [k.split() for k, v in rules.hedges.items() if v == "phrase"]
        # The phrases by first word, so each token is checked against the few it can start.
        self.phrases_from: dict[str, list[list[str]]] = {}
        for words in self.phrases:
            self.phrases_from.setdefault(words[0], []).append(words)

    def find(
        self, idx: DocIndex, content: tuple[int, int], cue: Token | None, sentence: tuple[int, int]
    ) -> dict[str, Any] | None:
        """The hedging expression of a claim in the document of `idx`, or None.

        Looks at the cue (`claiming`, `alleged`), the sentence's adverbs and distancing
        phrases (`is said to`), and modal auxiliaries inside the content.
        """
        if cue is not None and cue.pos_ == "VERB" and cue.lemma_.lower() in self.verbs:
            return span(idx.text, cue.idx, cue.idx + len(cue.text))
        bounds = idx.bounds(*sentence)
        if bounds is None:
            return None
        # Over the index's lists rather than Tokens: this runs for every claim, over its sentence.
        lower, starts, ends = idx.lower, idx.starts, idx.ends
        first, stop = bounds
        found: list[tuple[int, int, int]] = []  # (priority, start, end); lower wins
        for i in range(first, stop):
            low = lower[i]
            inside = content[0] <= starts[i] < content[1]
            for words in self.phrases_from.get(low, ()):
                n = len(words)
                if lower[i : min(i + n, stop)] == words:
                    last = i + n - 1
                    near_cue = cue is not None and i <= cue.i <= last
                    found.append((0 if near_cue else 2, starts[i], ends[last]))
            if low in self.adverbs and idx.pos[i] in ("ADV", "ADJ"):
                if i > first and lower[i - 1] in ("less", "more", "as", "most", "least", "very"):
                    continue  # "less likely to": a statistic, not a hedge
                found.append((1 if inside else 3, starts[i], ends[i]))
            if inside and low in self.modals and idx.tag[i] == "MD":
                found.append((1, starts[i], ends[i]))
        if not found:
            return None
        _, start, end = min(found)
        return span(idx.text, start, end)
