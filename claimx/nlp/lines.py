"""`claimx_lines`: a line break ends a sentence, so headlines and key-point lines stand alone;
and no sentence runs on for more than `MAX_SENTENCE_CHARS` characters.

The second rule bounds what one claim carries: text with no sentence breaks (a log line, a
page of words without full stops) would otherwise make each of its claims hold a
"sentence" as long as the parsed piece, 20,000 characters, and the record grow with the
square of the text. The cut is recorded: the token a sentence was cut before is in
`doc.user_data[CUTS_KEY]`, and each claim in such a sentence has `sentence_cut` true.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from claimx.rules.claims import SENTENCE_CUTS_KEY as CUTS_KEY

# Three times the longest sentences of real news (about 600 characters), so only text without
# breaks is cut.
MAX_SENTENCE_CHARS = 2_000


@Language.component("claimx_lines", requires=["token.text"], assigns=["token.is_sent_start"])
def claimx_lines(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines and key-point lines stand alone,
    and at least every `MAX_SENTENCE_CHARS` characters (see the module docstring).

    Runs before the parser, which keeps sentence starts that are already set.
    """
    if len(doc) < 2:
        return doc
    from spacy.attrs import IDX, IS_SPACE, ORTH, SENT_START

    # The token after a line break is the one after the token holding it (a token's trailing
    # space is never a break): found from the token arrays and the distinct words, without
    # `doc.text`, which builds a Token per token.
    orth, is_space, idx = doc.to_array([ORTH, IS_SPACE, IDX]).T.tolist()
    strings = doc.vocab.strings
    breaks = {h for h in set(orth) if "\n" in strings[h]}
    n = len(doc)
    starts = []
    for k in range(n - 1):
        if orth[k] in breaks:
            i = k + 1
            while i < n and is_space[i]:
                i += 1
            if i < n:
                starts.append(i)
    if idx[-1] - idx[0] > MAX_SENTENCE_CHARS:
        starts = _capped(starts, orth, idx, is_space, doc)
    if starts:
        # In one array write: `token.is_sent_start = True` checks the whole document's parse
        # annotation each time, so a line at a time costs the square of the lines (a million
        # one-word lines: hours).
        flags: Any = doc.to_array([SENT_START])  # one column, a row per token
        flags[starts] = 1
        doc.from_array([SENT_START], flags)
    return doc


def _capped(
    starts: list[int], orth: list[int], idx: list[int], is_space: list[int], doc: Doc
) -> list[int]:
    """`starts` plus a cut wherever a stretch between them runs over `MAX_SENTENCE_CHARS`.

    A cut goes after the last comma, semicolon or colon in the second half of the stretch when
    there is one (the parse around it stays sensible), else before the token that would cross
    the limit. Only such a stretch can become a sentence that long: the parser adds starts,
    it never removes the ones set here.
    """
    n = len(idx)
    strings = doc.vocab.strings
    pauses = {strings.add(p) for p in (",", ";", ":")}
    end_of_text = idx[-1] + len(doc[n - 1].text)
    cuts: list[int] = []
    bounds = [0, *starts, n]
    for lo, hi in zip(bounds, bounds[1:]):
        end = idx[hi] if hi < n else end_of_text
        begin = lo
        while end - idx[begin] > MAX_SENTENCE_CHARS:
            limit = idx[begin] + MAX_SENTENCE_CHARS
            half = idx[begin] + MAX_SENTENCE_CHARS // 2
            # The last token start that keeps [begin, cut) within the limit (one token at least).
            k = begin + 1
            while k < hi and idx[k] <= limit:
                k += 1
            cut = max(begin + 1, k - 1)
            for j in range(cut, begin, -1):
                if idx[j] < half:
                    break
                if orth[j - 1] in pauses:
                    cut = j
                    break
            while cut < hi and is_space[cut]:
                cut += 1
            if cut >= hi:
                break
            cuts.append(cut)
            begin = cut
    if not cuts:
        return starts
    doc.user_data[CUTS_KEY] = set(cuts)
    return sorted(set(starts) | set(cuts))
