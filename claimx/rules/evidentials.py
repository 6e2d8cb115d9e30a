"""Evidentials: claims credited to no one by name (`X reportedly did A`, `X seems A`).

Rule `evidential`; see `claimx.rules.table`.
"""

from __future__ import annotations

from claimx.rules.candidate import Candidate
from claimx.rules.context import Context
from claimx.rules.syntax import NON_SOURCE_SUBJECTS
from claimx.rules.text import char_range, trim_content


def find(ctx: Context) -> list[Candidate]:
    """Claims credited to no one by name: `X reportedly did A`, `X seems A`, `X appears to A`.

    The cue is the evidential adverb or the distancing verb (hedges of type `evidential` and
    `verb` that are not reporting verbs); the claim is the clause, its source unnamed.
    """
    inside = ctx.in_quote
    doc, idx, rules = ctx.doc, ctx.index, ctx.rules
    evidential = {k for k, v in rules.hedges.items() if v == "evidential"}
    raising = {k for k, v in rules.hedges.items() if v == "verb"} - set(rules.cue_verbs)
    out = []
    for i, (low, pos, lemma) in enumerate(zip(idx.lower, idx.pos, idx.lemma)):
        # The tests below on the index's lists, before a Token is built for the few that pass.
        if not (low in evidential and pos == "ADV" or pos == "VERB" and lemma in raising):
            continue
        if inside(idx.starts[i]):
            continue
        tok = doc[i]
        if pos == "ADV":
            clause = tok.head
            if clause.pos_ not in ("VERB", "AUX"):
                continue
        elif any(c.dep_ in ("xcomp", "acomp", "attr", "oprd") and c.i > i for c in tok.children):
            clause = tok
        else:
            continue
        subj = next(
            (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < clause.i),
            None,
        )
        if subj is None or subj.lower_ in NON_SOURCE_SUBJECTS:
            continue
        sent = idx.sent(clause)
        lo, hi = max(subj.left_edge.i, sent.start), min(clause.right_edge.i + 1, sent.end)
        content = trim_content(ctx.text, *char_range(doc, lo, hi))
        if content[1] - content[0] < 3:
            continue
        out.append(
            Candidate(
                content=content,
                cue=(tok.idx, tok.idx + len(tok.text)),
                source=None,
                rule="evidential",
                weight=0.5,
                cue_token=tok,
                frame="evidential",
            )
        )
    return out
