"""Noun cues: `his claim that A`, `a statement that A`, `X said in a statement that A`.

Rule `noun-that`; see `claimx.rules.table`.
"""

from __future__ import annotations

from claimx.rules.candidate import Candidate
from claimx.rules.context import Context
from claimx.rules.text import char_range, trim_content


def find(ctx: Context) -> list[Candidate]:
    """`his claim that ...`, `a statement that ...`: a claim noun with a that-clause."""
    out = []
    doc, idx, cue_nouns = ctx.doc, ctx.index, ctx.rules.cue_nouns
    for i, (pos, lemma) in enumerate(zip(idx.pos, idx.lemma)):
        if pos != "NOUN" or lemma not in cue_nouns:
            continue
        tok = doc[i]
        clause = next(
            (
                c
                for c in tok.children
                if c.dep_ in ("acl", "ccomp", "relcl")
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            ),
            None,
        )
        if clause is None:
            continue
        source = next((c for c in tok.children if c.dep_ == "poss"), None)
        if source is None and tok.dep_ in ("dobj", "attr") and tok.head.pos_ in ("VERB", "AUX"):
            source = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        cue_tok = tok
        if source is None and tok.dep_ == "pobj" and tok.head.lower_ == "in":
            # "X said in a statement that A": X claims it, and the verb is the cue (not "X
            # seized on a report that A": the report is someone else's).
            verb = tok.head.head
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if verb.pos_ == "VERB" and verb.lemma_.lower() in ctx.rules.cue_verbs and subj:
                source, cue_tok = subj, verb
        end = clause.right_edge.i + 1
        if tok.head.i > tok.i and tok.head.pos_ in ("VERB", "AUX"):
            # "the warning that A rattled markets": stop before the verb
            end = min(end, tok.head.i)
        content = trim_content(ctx.text, *char_range(doc, clause.left_edge.i, end))
        cue = cue_nouns[tok.lemma_.lower()]
        out.append(
            Candidate(
                content=content,
                cue=(cue_tok.idx, cue_tok.idx + len(cue_tok.text)),
                source=source,
                rule="noun-that",
                weight=cue.weight,
                cue_token=cue_tok,
                frame=cue.frame,
            )
        )
    return out
