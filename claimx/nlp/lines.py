"""`claimx_lines`: a line break ends a sentence, so headlines and key-point lines stand alone."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("claimx_lines", requires=["token.text"], assigns=["token.is_sent_start"])
def claimx_lines(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines and key-point lines stand alone.

    Runs before the parser, which keeps sentence starts that are already set.
    """
    if len(doc) < 2:
        return doc
    from spacy.attrs import IS_SPACE, ORTH

    # The token after a line break is the one after the token holding it (a token's trailing
    # space is never a break): found from the token arrays and the distinct words, without
    # `doc.text`, which builds a Token per token.
    orth, is_space = doc.to_array([ORTH, IS_SPACE]).T.tolist()
    strings = doc.vocab.strings
    breaks = {h for h in set(orth) if "\n" in strings[h]}
    n = len(doc)
    for k in range(n - 1):
        if orth[k] in breaks:
            i = k + 1
            while i < n and is_space[i]:
                i += 1
            if i < n:
                doc[i].is_sent_start = True
    return doc
