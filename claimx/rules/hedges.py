"""Hedges: expressions that mark a claim as uncertain or distanced ("reportedly", "may", "claiming to")."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Token

from claimx.resources import RuleSet
from claimx.rules.text import span


class HedgeRules:
    """Finds the hedge of a claim from the hedge lexicon."""

    def __init__(self, rules: RuleSet) -> None:
        self.modals = {k for k, v in rules.hedges.items() if v == "modal"}
        self.adverbs = {k for k, v in rules.hedges.items() if v == "adverb"}
        self.verbs = {k for k, v in rules.hedges.items() if v == "verb"}
        self.phrases = [k.split() for k, v in rules.hedges.items() if v == "phrase"]

    def find(self, doc: Doc, content: tuple[int, int], cue: Token | None, sentence: tuple[int, int]) -> dict[str, Any] | None:
        """The hedging expression of a claim, or None.

        Looks at the cue (`claiming`, `alleged`), the sentence's adverbs and distancing
        phrases (`is said to`), and modal auxiliaries inside the content.
        """
        if cue is not None and cue.pos_ == "VERB" and cue.lemma_.lower() in self.verbs:
            return span(doc.text, cue.idx, cue.idx + len(cue.text))
        sent = doc.char_span(*sentence, alignment_mode="expand")
        if sent is None:
            return None
        toks = list(sent)
        for i, tok in enumerate(toks):
            low = tok.lower_
            if low in self.adverbs and tok.pos_ in ("ADV", "ADJ"):
                return span(doc.text, tok.idx, tok.idx + len(tok.text))
            for words in self.phrases:
                n = len(words)
                if low == words[0] and [t.lower_ for t in toks[i : i + n]] == words:
                    last = toks[i + n - 1]
                    return span(doc.text, tok.idx, last.idx + len(last.text))
        for tok in toks:
            if content[0] <= tok.idx < content[1] and tok.lower_ in self.modals and tok.tag_ == "MD":
                return span(doc.text, tok.idx, tok.idx + len(tok.text))
        return None
