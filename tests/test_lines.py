"""`claimx_lines`: the first non-space token after each line break starts a sentence."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from claimx.nlp.lines import claimx_lines


def _starts(doc: Doc) -> list[int]:
    return [t.i for t in doc if t.is_sent_start and t.i > 0]


def test_sentence_starts_after_line_breaks():
    nlp = spacy.blank("en")
    assert _starts(claimx_lines(nlp.make_doc("Headline here\n\nBody text .\n  Next line"))) == [
        3,
        7,
    ]
    assert _starts(claimx_lines(nlp.make_doc("No break at all ."))) == []
    assert _starts(claimx_lines(nlp.make_doc("Trailing break\n"))) == []
    # A break inside a word (a Doc built from words) counts too.
    assert _starts(claimx_lines(Doc(nlp.vocab, words=["a\nb", "c", "d"]))) == [1]
