"""Runs every rule over a Doc and assembles claim dicts (validated later as `Claim`)."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc
from spacy.vocab import Vocab

from claimx.resources import RuleSet


class RuleEngine:
    """All claimx rules, compiled once for a vocab."""

    def __init__(self, vocab: Vocab, rules: RuleSet) -> None:
        self.vocab = vocab
        self.rules = rules

    def run(self, doc: Doc, *, unattributed: bool = True, publication: str | None = None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """The claims of `doc` as dicts, and what was found of the document (title, publication...)."""
        return [], {}
