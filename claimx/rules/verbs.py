"""Verb cues (`X said that A`, `X wants to A`, `X accused Y of A`) and stance verbs outside the
lexicon.

Rules `verb-ccomp`, `verb-xcomp`, `verb-object`, `verb-parataxis`, `verb-frame`,
`adjective-frame`, `verb-passive` (`cues`) and `verb-generic` (`generic`); see
`claimx.rules.table`.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimx.rules.candidate import Candidate
from claimx.rules.complements import before_own_cue, complement, framed
from claimx.rules.context import Context
from claimx.rules.ruleset import Cue, RuleSet
from claimx.rules.syntax import (
    NON_SOURCE_SUBJECTS,
    object_controlled,
    sourcey,
    speaker_after,
    subject,
)
from claimx.rules.text import char_range, trim_content

# Verbs too light to carry a stance of their own ("X has Y", "X got Y").
GENERIC_STOP = {
    "be",
    "have",
    "do",
    "get",
    "go",
    "come",
    "take",
    "give",
    "put",
    "let",
    "make",
    "become",
    "include",
    "begin",
    "start",
    "keep",
    "hold",
    "lose",
    "win",
    "use",
    "spend",
    "leave",
    "meet",
    "run",
    "bring",
    "pay",
    "serve",
    "join",
    "turn",
    "move",
    "live",
    "die",
    "sit",
    "stand",
    "help",
    "try",
    "need",
    "seem",
    "appear",
    "happen",
    "remain",
    "stay",
    "walk",
    "lead",
    "follow",
    "receive",
    "raise",
    "visit",
    "watch",
    "play",
    "face",
    "carry",
    "set",
    "send",
    "reach",
    "return",
    "open",
    "close",
    "enter",
    "drop",
    "end",
    "finish",
    "continue",
    "vote",
    "earn",
    "buy",
    "sell",
    "own",
    "ensure",
}


def find(ctx: Context) -> list[Candidate]:
    """The family's candidates: lexicon and frame cues first, then the generic stance verbs."""
    return cues(ctx) + generic(ctx)


def cues(ctx: Context) -> list[Candidate]:
    """Reporting verbs with their complement as content and their subject as source.

    A subject inside a quotation (`ctx.in_quote`) is not the speaker.
    """
    inside = ctx.in_quote
    out = []
    doc, idx, rules, text = ctx.doc, ctx.index, ctx.rules, ctx.text
    cue_verbs, frames = rules.cue_verbs, rules.frames
    # Pick the candidate verbs off the index's lists: few tokens pass, and only they become Tokens.
    for i, (pos, dep, lemma) in enumerate(zip(idx.pos, idx.dep, idx.lemma)):
        # A stance adjective of `frames.tsv` after a copula (`X is critical of A`) too.
        stance = pos == "ADJ" and dep == "acomp" and lemma in frames
        if not stance and (
            pos != "VERB"
            or dep in ("amod", "compound", "nmod", "npadvmod")
            or lemma not in cue_verbs
            and lemma not in frames
        ):
            continue
        tok = doc[i]
        cue = cue_verbs.get(lemma) if not stance else None
        found = complement(tok, lemma, rules) if cue is not None else framed(tok, lemma, rules)
        if found is None:
            continue
        rng, rule, cue_end, weight = found
        if stance:
            rule = "adjective-frame"
        source = subject(tok, rules, text)
        if rule in ("verb-frame", "adjective-frame") and not (
            sourcey(source, rules, roles=rule == "verb-frame") and not object_controlled(tok)
        ):
            continue  # frames hold for a person or organisation that does what the verb says
        if (
            source is not None
            and source.lower_ in NON_SOURCE_SUBJECTS
            and not (tok.dep_ == "relcl" and source.head.i == tok.i)
        ):
            continue  # "what", "there": no source; a relative pronoun is resolved to its noun
        if source is not None and (source.is_punct or inside(source.idx)):
            source = speaker_after(tok)  # "“...,” said Sofia Lindgren"
        if (
            rule == "verb-object"
            and not sourcey(source, rules, roles=True)
            and (rules.reads(lemma, "source-subject") or source is None)
        ):
            continue
        if rule == "verb-xcomp" and cue is not None and _causes(tok, source, cue, rules):
            continue  # "uncertainty could push makers to move": a cause, not an intention
        content = trim_content(text, *before_own_cue(doc, rng, tok, rules))
        if content[1] - content[0] < 2:
            continue
        cue_rng = (tok.idx, cue_end if cue_end is not None else tok.idx + len(tok.text))
        out.append(
            Candidate(
                content=content,
                cue=cue_rng,
                source=source,
                rule=rule,
                weight=weight if weight is not None else _cue_weight(cue),
                cue_token=tok,
                frame=_frame(cue, rule),
            )
        )
    return out


def generic(ctx: Context) -> list[Candidate]:
    """Stance verbs outside the lexicon: a person or organisation subject and a that-clause.

    "X ruled that A", "X stressed that A": lower confidence than lexicon cues, frame belief.
    """
    inside = ctx.in_quote
    out = []
    doc, idx, rules = ctx.doc, ctx.index, ctx.rules
    for i, (pos, dep, lemma) in enumerate(zip(idx.pos, idx.dep, idx.lemma)):
        if pos != "VERB" or dep in ("amod", "compound", "nmod", "npadvmod", "aux", "auxpass"):
            continue
        if lemma in rules.cue_verbs or lemma in GENERIC_STOP:
            continue
        if inside(idx.starts[i]):
            continue
        tok = doc[i]
        source = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if source is None or not sourcey(source, rules):
            continue
        kids = list(tok.children)
        comp = next((c for c in kids if c.dep_ == "ccomp" and c.i > tok.i), None)
        # Only a that-clause: "X ruled that A", "X stressed that A"; a wh-clause after a verb
        # outside the lexicon is what is done, not claimed ("explore how A", "ensure A").
        if comp is None or not any(m.dep_ == "mark" and m.lower_ == "that" for m in comp.children):
            continue
        content = trim_content(ctx.text, *char_range(doc, comp.left_edge.i, comp.right_edge.i + 1))
        if content[1] - content[0] < 2:
            continue
        out.append(
            Candidate(
                content=content,
                cue=(tok.idx, tok.idx + len(tok.text)),
                source=source,
                rule="verb-generic",
                weight=0.5,
                cue_token=tok,
                # A verb outside the lexicon: a stance held ("heard that", "ruled that"),
                # never counted as speech, which only the lexicon's verbs make.
                frame="belief",
            )
        )
    return out


def _causes(tok: Token, source: Token | None, cue: Cue, rules: RuleSet) -> bool:
    """`Prolonged uncertainty could push manufacturers to move`: an intention verb with an
    object before its infinitive, whose subject is a common noun that names no one (no
    entity, source noun or role), causes what follows rather than intends it."""
    if cue.frame != "intention" or source is None or source.pos_ != "NOUN" or source.ent_type_:
        return False
    lemma = source.lemma_.lower()
    if lemma in rules.source_nouns or lemma in rules.roles:
        return False
    return any(c.dep_ == "dobj" and c.i > tok.i for c in tok.children) or any(
        c.dep_ == "xcomp" and any(k.dep_ == "nsubj" for k in c.children) for c in tok.children
    )


def _frame(cue: Cue | None, rule: str) -> str:
    """The frame of a verb-cue claim: its lexicon cue's; an adjective of `frames.tsv` is a
    stance held (`is critical of A`: belief); a verb only in `frames.tsv` an intention."""
    if cue is not None:
        return cue.frame
    return "belief" if rule == "adjective-frame" else "intention"


def _cue_weight(cue: Cue | None) -> float:
    """The weight of a lexicon cue, for a complement whose rule gave none (a frame always does,
    so a cue is there whenever this is asked)."""
    if cue is None:
        raise ValueError("a complement without a weight needs its lexicon cue")
    return cue.weight
