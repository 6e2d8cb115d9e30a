"""Quotations no rule tied to a cue: a quote paragraph continues the last quoted speaker
(`quote-continuation`), a quote opening a sentence belongs to the person the previous sentence
is about (`quote-previous-sentence`)."""

from __future__ import annotations

from typing import Any

from claimx.rules.candidate import Candidate
from claimx.rules.claimants import ClaimantResolver
from claimx.rules.claims import ClaimMaker
from claimx.rules.context import Context
from claimx.rules.text import Ranges, span, trim_content


def continuations(
    ctx: Context,
    claims: list[dict[str, Any]],
    found: list[Candidate],
    resolver: ClaimantResolver,
    maker: ClaimMaker,
) -> list[dict[str, Any]]:
    """Quote paragraphs with no cue of their own continue the previous quote's speaker (over
    `ctx.quotes`, the ones the engine found, not searched for again).

    `claims` are the attributed claims so far, made of the candidates `found`; a quotation that
    goes on with one of them (`She says A. "B"`) widens it in place. The new claims are returned.
    """
    out: list[dict[str, Any]] = []
    taken: Ranges[None] = Ranges()
    for c in found:
        taken.add(*c.content, None)
    text = ctx.text
    last: dict[str, Any] | None = None
    by_start = sorted(claims, key=lambda c: c["content"]["start"])
    i = 0
    for q in ctx.quotes:
        while i < len(by_start) and by_start[i]["content"]["start"] <= q.start:
            if by_start[i]["attribution"] in ("direct", "mixed") and by_start[i]["claimant"].get(
                "name"
            ):
                last = by_start[i]
            i += 1
        if taken.overlapping(q.start, q.end):
            continue
        para_start = text.rfind("\n", 0, q.start) + 1
        content = trim_content(text, q.start, q.end)
        if (
            not text[para_start : q.start].strip()
            and last is not None
            and q.start - last["content"]["end"] <= 1500
        ):
            # A quote paragraph with no cue continues the last quoted speaker, under that cue.
            cue = (last["cue"]["start"], last["cue"]["end"]) if last["cue"] else None
            cand = Candidate(
                content=content,
                cue=cue,
                source=None,
                rule="quote-continuation",
                weight=0.7,
                attribution="direct",
                claimant=dict(last["claimant"]),
                frame="speech",
            )
        else:
            found_speaker = _previous_sentence_speaker(ctx, q.start, para_start, resolver)
            if found_speaker is None:
                continue
            speaker, cue = found_speaker
            said = _claim_ending_at(claims, cue, text, q.start)
            if said is not None:
                # `She says A. "B"`: the quotation goes on with what she was saying; one claim.
                said["content"] = span(text, said["content"]["start"], content[1])
                said["entities"] = maker.entities(said["content"]["start"], content[1])
                said["attribution"] = "mixed"
                taken.add(*content, None)
                continue
            cand = Candidate(
                content=content,
                cue=cue,
                source=None,
                rule="quote-previous-sentence",
                weight=0.6,
                attribution="direct",
                claimant=speaker,
                frame="speech",
            )
        out.append(maker.make(cand, cand.claimant or {}))
        taken.add(*content, None)
    return out


def _previous_sentence_speaker(
    ctx: Context, start: int, para_start: int, resolver: ClaimantResolver
) -> tuple[dict[str, Any], tuple[int, int] | None] | None:
    """`Sarah Chen spoke after the vote. "This is ..."`: a quote opening a sentence belongs to
    the person the previous sentence of its paragraph is about, and that sentence's verb is
    its cue."""
    idx = ctx.index
    tok = idx.token_at(start)
    if tok is None:
        return None
    sent = idx.sent(tok)
    if sent.start_char < start - 1 or sent.start == 0:
        return None
    prev = idx.sent(ctx.doc[sent.start - 1])
    if prev.start_char < para_start:
        return None
    subj = next((t for t in prev.root.children if t.dep_ == "nsubj"), None)
    if subj is None or subj.ent_type_ != "PERSON":
        return None
    verb = prev.root
    cue = (verb.idx, verb.idx + len(verb.text)) if verb.pos_ == "VERB" else None
    return resolver.resolve(subj), cue


def _claim_ending_at(
    claims: list[dict[str, Any]], cue: tuple[int, int] | None, text: str, at: int
) -> dict[str, Any] | None:
    """The claim under `cue` whose content runs up to `at` with only punctuation between."""
    if cue is None:
        return None
    for c in claims:
        if (
            c["cue"]
            and (c["cue"]["start"], c["cue"]["end"]) == cue
            and c["content"]["end"] <= at
            and not text[c["content"]["end"] : at].strip(" .,;:\u00a0")
        ):
            return c
    return None
