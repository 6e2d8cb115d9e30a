"""Direct quotes: tie each quotation to a claim, widening one that holds part of it or finding
the cue beside it (`"A," she said`, `He said: "A"`).

Rules `quote-after`, `quote-before`, `quote-colon`; see `claimx.rules.table`. The family runs
after the others' candidates are deduplicated (`Context.found`): it widens those in place. The
quotation marks are paired by `claimx.rules.quote_marks`.
"""

from __future__ import annotations

import re

from claimx.rules.candidate import Candidate
from claimx.rules.context import Context
from claimx.rules.quote_marks import Quote
from claimx.rules.syntax import governs, speaker_after, subject
from claimx.rules.text import Ranges, overlap, trim_content

# An upper-case speaker label opening a transcript's turn ("PENCE:", "MR. SMITH:").
TRANSCRIPT_LABEL = re.compile(r"[A-Z][A-Z.\' -]{1,30}:\s")


def find(ctx: Context) -> list[Candidate]:
    """Tie each quotation to a claim: widen an overlapping one, or find a cue beside it.

    A quotation interrupted by its cue (`"A," she said. "B"`) becomes one claim over both parts.
    The candidates of `ctx.found` may be widened; the new ones are returned.
    """
    out: list[Candidate] = []
    text = ctx.text
    prev: tuple[Candidate, Quote] | None = None
    ranges: Ranges[Candidate] = Ranges()
    for found in ctx.found:
        ranges.add(*found.content, found)
    cand: Candidate | None
    for q in ctx.quotes:
        inner = (q.inner_start, q.inner_end)
        size = max(1, inner[1] - inner[0])
        # `"A," she said. "B"` continues the quote; `"A," she said, adding that "B"` does not:
        # another claim already holds B.
        owned = prev is not None and any(
            item is not prev[0] and item.cue is not None and prev[1].end <= item.cue[0] < q.start
            for _, _, item in ranges.overlapping(*inner)
        )
        if (
            prev is not None
            and not owned
            and _interrupted(text, prev[0], prev[1], q)
            and not _cue_after(ctx, q)
            and not _cue_between(ctx, prev[0], q)
        ):
            cand = prev[0]
            cand.content = trim_content(text, cand.content[0], q.end)
            cand.attribution = "direct"
            prev = None
            continue
        # A claim whose cue is inside this quotation is the speaker's own nested report,
        # dropped later: it must not take the quotation from the cue outside.
        near = [
            item
            for _, _, item in ranges.overlapping(*inner)
            if item.cue is None or not inner[0] <= item.cue[0] < inner[1]
        ]
        best = max(near, key=lambda c: overlap(c.content, inner), default=None)
        shared = overlap(best.content, inner) if best is not None else 0
        # Absorb when the claim covers most of the quote, or is a part of it (the parser
        # often takes only the last sentence of a multi-sentence quote as the complement).
        if (
            best is not None
            and shared
            and (shared >= 0.5 * size or q.start <= best.content[0] and best.content[1] <= q.end)
        ):
            _absorb(best, q, text)
            cand = best
        else:
            cand = _quote_cue(ctx, q)
            if cand is not None:
                out.append(cand)
                ranges.add(*cand.content, cand)
        prev = (cand, q) if cand is not None and cand.cue and cand.cue[0] >= q.end else None
    return out


def _absorb(cand: Candidate, q: Quote, text: str) -> None:
    """Widen `cand` to the whole quotation, never across its own cue."""
    lo, hi = min(cand.content[0], q.start), max(cand.content[1], q.end)
    if cand.cue and overlap((lo, hi), cand.cue) > 0:
        if q.start >= cand.cue[1]:
            lo = max(lo, cand.cue[1])
        else:
            hi = min(hi, cand.cue[0])
    cand.content = trim_content(text, lo, hi)
    quoted = q.end - q.start
    cand.attribution = "direct" if (cand.content[1] - cand.content[0]) <= quoted + 2 else "mixed"


def _interrupted(text: str, cand: Candidate, first: Quote, second: Quote) -> bool:
    """Whether `second` continues `first` after the cue between them, in the same paragraph."""
    gap = text[first.end : second.start]
    # The cue's part can be long: `"A," said X, a fellow at ... who worked with ... "B"`.
    return (
        0 < len(gap) <= 250
        and "\n" not in gap
        and cand.cue is not None
        and first.end <= cand.cue[0] < second.start
    )


def _cue_between(ctx: Context, cand: Candidate, q: Quote) -> bool:
    """`"A," Franken said. Silverman responded, "B"`: another reporting verb before the next
    quotation introduces it; it does not continue the first. A verb describing the speaker
    (`said X, who knows its gist.`) is no such cue."""
    if cand.cue is None:
        return False
    between = ctx.index.span(cand.cue[1], q.start, mode="contract")
    speaker = cand.source
    described = (speaker.left_edge.i, speaker.right_edge.i) if speaker is not None else (-1, -1)
    return between is not None and any(
        t.pos_ == "VERB"
        and t.lemma_.lower() in ctx.rules.cue_verbs
        and not described[0] <= t.i <= described[1]
        for t in between
    )


def _cue_after(ctx: Context, q: Quote) -> bool:
    """Whether a reporting verb follows the quotation directly (`"...," said Y`)."""
    text = ctx.text
    stop = text.find("\n", q.end, q.end + 60)
    after = ctx.index.span(
        q.end, stop if stop >= 0 else min(len(text), q.end + 60), mode="contract"
    )
    for tok in list(after or [])[:6]:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in ctx.rules.cue_verbs:
            # `... ." Asked what it meant, she said: ...` introduces what follows, not this quote.
            return not any(c.i > tok.i and c.dep_ in ("ccomp", "xcomp") for c in tok.children)
    return False


def _quote_cue(ctx: Context, q: Quote) -> Candidate | None:
    """A cue verb just after (`"...," she said`) or before (`he said: "..."`) a quotation."""
    text, idx, rules = ctx.text, ctx.index, ctx.rules
    para_end = text.find("\n", q.end)
    para_end = len(text) if para_end < 0 else para_end
    para_start = text.rfind("\n", 0, q.start) + 1
    after = idx.span(q.end, min(para_end, q.end + 80), mode="contract")
    closed = text[q.inner_start : q.inner_end].rstrip().endswith(".")
    if after is not None:
        for n, tok in enumerate(list(after)[:14]):
            if tok.text in ("“", '"', "«") or (tok.is_sent_start and tok.i > after.start + 1):
                break
            if tok.pos_ != "VERB":
                continue
            lemma = tok.lemma_.lower()
            # A lexicon verb close by, or any verb the quotation hangs on
            # (`"...," he continued`, `"...," the email read`).
            if lemma in rules.cue_verbs and n < 8 or governs(tok, q):
                if closed and any(
                    c.i > tok.i
                    and (
                        c.dep_ == "ccomp"
                        or c.dep_ == "dobj"
                        and not rules.reads(lemma, "no-object")
                    )
                    for c in tok.children
                ):
                    break  # `"... ends." She noted a rally`: the next sentence claims its own object
                src = subject(tok, rules, text)
                words_end = q.inner_start + len(text[q.inner_start : q.inner_end].rstrip(" ,.;:"))
                if (
                    src is not None
                    and src.left_edge.idx <= q.start
                    and words_end <= src.right_edge.idx + len(src.right_edge.text)
                ):
                    break  # `X, author of "Title," observes ...`: the quotation names the speaker's book
                if src is None or src.is_punct or q.start <= src.idx < q.end:
                    src = speaker_after(tok)
                return Candidate(
                    content=trim_content(text, q.start, q.end),
                    cue=(tok.idx, tok.idx + len(tok.text)),
                    source=src,
                    rule="quote-after",
                    weight=rules.cue_verbs[lemma].weight if lemma in rules.cue_verbs else 0.7,
                    attribution="direct",
                    cue_token=tok,
                    frame="speech",
                )
    lead_end = q.start
    if not text[para_start : q.start].strip():
        # `He told the crowd:` closing the paragraph before introduces this one's quotation.
        prev_end = len(text[:para_start].rstrip())
        if prev_end and text[prev_end - 1] == ":":
            lead_end = prev_end
            para_start = text.rfind("\n", 0, prev_end) + 1
    if TRANSCRIPT_LABEL.match(text, q.inner_start):
        return None  # `"PENCE: Well, ...`: the transcript's label names the speaker (colon-line)
    before = idx.span(max(para_start, lead_end - 120), lead_end, mode="contract")
    if before is not None and len(before):
        toks = list(before)
        last = toks[-1]
        # Only the sentence that leads into the quote.
        last_sent = idx.sent(last)
        lead = [t for t in toks if t.i >= last_sent.start]
        if last.text == ":" or (last.text == "," and len(lead) > 1):
            for tok in reversed(lead[-10:]):
                if tok.pos_ == "VERB" and tok.lemma_.lower() in rules.cue_verbs:
                    return Candidate(
                        content=trim_content(text, q.start, q.end),
                        cue=(tok.idx, tok.idx + len(tok.text)),
                        source=subject(tok, rules, text),
                        rule="quote-before",
                        weight=rules.cue_verbs[tok.lemma_.lower()].weight,
                        attribution="direct",
                        cue_token=tok,
                        frame="speech",
                    )
            if last.text == ":":
                subj = next((t for t in reversed(lead) if t.dep_ in ("nsubj",)), None)
                return Candidate(
                    content=trim_content(text, q.start, q.end),
                    cue=(last.idx, last.idx + 1),
                    source=subj,
                    rule="quote-colon",
                    weight=0.7,
                    attribution="direct",
                    cue_token=last,
                    frame="speech",
                )
    return None
