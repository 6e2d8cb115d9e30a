"""Hedges: expressions that mark a claim as uncertain or distanced ("reportedly", "may", "claiming to")."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Token

from claimx.resources import RuleSet
from claimx.rules.index import index_of
from claimx.rules.text import span


class HedgeRules:
    """Finds the hedge of a claim from the hedge lexicon."""

    def __init__(self, rules: RuleSet) -> None:
        self.modals = {k for k, v in rules.hedges.items() if v == "modal"}
        self.adverbs = {k for k, v in rules.hedges.items() if v in ("adverb", "evidential")}
        self.verbs = {k for k, v in rules.hedges.items() if v == "verb"}
        self.phrases = [k.split() for k, v in rules.hedges.items() if v == "phrase"]

    def find(self, doc: Doc, content: tuple[int, int], cue: Token | None, sentence: tuple[int, int]) -> dict[str, Any] | None:
        """The hedging expression of a claim, or None.

        Looks at the cue (`claiming`, `alleged`), the sentence's adverbs and distancing
        phrases (`is said to`), and modal auxiliaries inside the content.
        """
        if cue is not None and cue.pos_ == "VERB" and cue.lemma_.lower() in self.verbs:
            return span(index_of(doc).text, cue.idx, cue.idx + len(cue.text))
        sent = index_of(doc).span(*sentence)
        if sent is None:
            return None
        toks = list(sent)
        found: list[tuple[int, int, int]] = []  # (priority, start, end); lower wins
        for i, tok in enumerate(toks):
            low = tok.lower_
            inside = content[0] <= tok.idx < content[1]
            for words in self.phrases:
                n = len(words)
                if low == words[0] and [t.lower_ for t in toks[i : i + n]] == words:
                    last = toks[i + n - 1]
                    near_cue = cue is not None and tok.i <= cue.i <= last.i
                    found.append((0 if near_cue else 2, tok.idx, last.idx + len(last.text)))
            if low in self.adverbs and tok.pos_ in ("ADV", "ADJ"):
                if i > 0 and toks[i - 1].lower_ in ("less", "more", "as", "most", "least", "very"):
                    continue  # "less likely to": a statistic, not a hedge
                found.append((1 if inside else 3, tok.idx, tok.idx + len(tok.text)))
            if inside and low in self.modals and tok.tag_ == "MD":
                found.append((1, tok.idx, tok.idx + len(tok.text)))
        if not found:
            return None
        _, start, end = min(found)
        return span(index_of(doc).text, start, end)
