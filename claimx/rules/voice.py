"""The publication's own voice: checkable sentences no attributed claim covers (`headline`,
`key-point`, `publication-voice`), and headlines or key points that repeat a body claim."""

from __future__ import annotations

import bisect
from typing import Any

from spacy.tokens import Span

from claimx.rules.candidate import Candidate
from claimx.rules.claimants import ClaimantResolver
from claimx.rules.claims import ClaimMaker
from claimx.rules.context import Context
from claimx.rules.index import DocIndex
from claimx.rules.layout import Layout, without_markup
from claimx.rules.ruleset import RuleSet
from claimx.rules.text import Ranges, trim_content

# Entity labels that make a sentence checkable when the publication asserts it.
CHECKABLE_LABELS = {
    "ORG",
    "PRODUCT",
    "MONEY",
    "PERCENT",
    "CARDINAL",
    "QUANTITY",
    "GPE",
    "PERSON",
    "EVENT",
    "LAW",
    "NORP",
    "FAC",
    "WORK_OF_ART",
}
CAUSAL_LEMMAS = {
    "cause",
    "drive",
    "lead",
    "result",
    "create",
    "boost",
    "cut",
    "raise",
    "reduce",
    "increase",
    "because",
    "due",
    "demonstrate",
    "help",
    "ease",
    "spur",
    "fuel",
    "trigger",
}
CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
DUPLICATE_OVERLAP = 0.5
# Two shared words are chance: "older adults" in a headline and in a short body claim.
DUPLICATE_MIN_SHARED = 3
MIN_UNATTRIBUTED_TOKENS = 5


def publication_voice(
    ctx: Context,
    layout: Layout,
    claims: list[dict[str, Any]],
    resolver: ClaimantResolver,
    publication: str | None,
    maker: ClaimMaker,
) -> list[dict[str, Any]]:
    """The publication's claims: each checkable sentence of the title, body or key points that
    the attributed `claims` do not cover, by the publication (`publication`, else the layout's).

    A headline or key point that repeats a body claim points to it (`duplicate_of`).
    """
    idx, text = ctx.index, ctx.text
    taken: Ranges[None] = Ranges()
    for c in claims:
        taken.add(c["content"]["start"], c["content"]["end"], None)
    # Where attributed claims have their cues, and where quotations run: a body sentence
    # holding either is someone's words, not the publication's.
    cues = sorted(
        c["cue"]["start"]
        for c in claims
        if c["cue"] is not None and _reports_sentence(idx, c["cue"]["start"])
    )
    quoted: Ranges[None] = Ranges()
    for q in ctx.quotes:
        quoted.add(q.start, q.end, None)
    attributed_comparisons = {
        (k["relation"], k["object"]["start"]) for c in claims for k in c["comparisons"]
    }
    claimant = resolver.publication(publication, layout.publication_range)
    out: list[dict[str, Any]] = []
    headline_like: list[tuple[dict[str, Any], set[str]]] = []
    body: list[tuple[dict[str, Any], set[str]]] = []
    for sent in idx.sents:
        start, end = trim_content(
            text, *without_markup(text, sent.start_char, sent.end_char, ctx.rules.markup)
        )
        if end - start < 3:
            continue
        kind = layout.kind_at(start)
        if kind in ("source", "byline", "blank", "furniture"):
            continue
        size = end - start
        # Covered when the attributed claims in it hold more than half of it, together
        # ("X argued that A, citing B" is X's, not the publication's).
        if taken.covered(start, end) > 0.5 * size:
            continue
        reported = kind == "body" and (
            _has_cue(cues, start, end) or quoted.covered(start, end) > 0.5 * size
        )
        # "Researchers don't say how many were infected": the sentence reports what someone
        # (did not) say, which its claim holds; and the second sentence of a quotation is the
        # speaker's, not the publication's. Such a sentence stays the publication's only for a
        # comparison no attributed claim holds ("I think A stopped fine, but B was better").
        if reported and not any(
            (k["relation"], k["object"]["start"]) not in attributed_comparisons
            for k in maker.comparisons.find_all(idx, sent.start, sent.end)
        ):
            continue
        if not _checkable(idx, ctx.rules, sent, kind):
            continue
        rule = {"title": "headline", "keypoint": "key-point"}.get(kind, "publication-voice")
        cand = Candidate(
            content=(start, end),
            cue=None,
            source=None,
            rule=rule,
            weight=0.6,
            attribution="unattributed",
            claimant=claimant,
            # What the publication states as fact, in its own voice: a finding of its
            # reporting, not anyone's speech (`--frame speech` keeps only reported words).
            frame="finding",
        )
        claim = maker.make(cand, dict(claimant))
        # A comparison an attributed claim holds ("..., with some claiming to rival X") is
        # that claim's; the publication does not assert it too.
        claim["comparisons"] = [
            k
            for k in claim["comparisons"]
            if (k["relation"], k["object"]["start"]) not in attributed_comparisons
        ]
        if reported and not claim["comparisons"]:
            continue
        lemmas = _content_lemmas(idx, sent.start, sent.end)
        (headline_like if kind in ("title", "keypoint") else body).append((claim, lemmas))
        out.append(claim)
    # Headlines and key points that repeat a body claim point to it.
    if not headline_like:
        return out  # nothing to compare: skip the lemma sets of every claim
    pool = body + [
        (
            c,
            _content_lemmas(
                idx, *(idx.bounds(c["content"]["start"], c["content"]["end"]) or (0, 0))
            ),
        )
        for c in claims
    ]
    for claim, lemmas in headline_like:
        best, score = None, 0.0
        for other, olemmas in pool:
            if not lemmas or not olemmas:
                continue
            shared = len(lemmas & olemmas)
            if shared < DUPLICATE_MIN_SHARED:
                continue
            s = shared / min(len(lemmas), len(olemmas))
            if s > score:
                best, score = other, s
        if best is not None and score >= DUPLICATE_OVERLAP:
            claim["duplicate_of"] = best["id"]
    return out


def _reports_sentence(idx: DocIndex, cue_start: int) -> bool:
    """Whether the cue at `cue_start` is its sentence's main verb (or joined to it): then the
    sentence reports what someone says ("Researchers don't say how many were infected"),
    while a cue in a subordinate clause leaves the main clause to the publication
    ("Developers released 40 models, with some claiming to beat A")."""
    tok = idx.token_at(cue_start)
    if tok is None:
        return False
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ == "ROOT"


def _has_cue(cues: list[int], start: int, end: int) -> bool:
    """Whether a cue offset of the sorted `cues` lies in [start, end)."""
    at = bisect.bisect_left(cues, start)
    return at < len(cues) and cues[at] < end


def _checkable(idx: DocIndex, rules: RuleSet, sent: Span, kind: str) -> bool:
    """Whether the publication asserting `sent` (of a line of `kind`) makes a checkable claim:
    a headline of three words or more; a body sentence with a verb and an entity, a number, a
    cause or a comparison."""
    # On the index's lists (token positions `toks`): this runs for every sentence.
    toks = [i for i in range(sent.start, sent.end) if not idx.is_space[i]]
    if kind in ("title", "keypoint"):
        return len(toks) >= 3
    if (
        len(toks) < MIN_UNATTRIBUTED_TOKENS
        or idx.text[idx.starts[toks[-1]] : idx.ends[toks[-1]]] == "?"
    ):
        return False
    lemma, comparison_verbs = idx.lemma, rules.comparison_verbs
    if any(lemma[i] in comparison_verbs and idx.dep[i] == "ROOT" for i in toks):
        return True  # "X beats Y on Z", even when the tagger took the verb for a noun
    if not any(idx.pos[i] in ("VERB", "AUX") for i in toks):
        return False
    if any(e.label_ in CHECKABLE_LABELS for e in idx.ents_in(sent.start, sent.end)):
        return True
    if any(idx.like_num[i] for i in toks):
        return True
    if any(lemma[i] in CAUSAL_LEMMAS for i in toks):
        return True
    if any(idx.tag[i] in ("JJR", "RBR", "JJS") or lemma[i] in comparison_verbs for i in toks):
        return True
    return _compares(idx, rules, toks)


def _compares(idx: DocIndex, rules: RuleSet, toks: list[int]) -> bool:
    """Whether a comparison phrase or a preference verb stands among `toks` ("superior to",
    "on par with", "prefer X to Y", "X rather than Y"): the publication asserting such a
    sentence asserts a comparison."""
    # A few dozen phrases, read only for sentences no cheaper test made checkable.
    phrases = {
        tuple(p.split())
        for table in (rules.comparison_phrases, rules.comparison_alternatives)
        for p in table
    }
    firsts = {p[0] for p in phrases}
    lower, lemma = idx.lower, idx.lemma
    for i in toks:
        if lemma[i] in rules.comparison_preferences:
            return True
        if lower[i] in firsts and any(tuple(lower[i : i + len(p)]) == p for p in phrases):
            return True
    return False


def _content_lemmas(idx: DocIndex, lo: int, hi: int) -> set[str]:
    """Lowercased lemmas of the content words (not stop words) among tokens [lo, hi)."""
    pos, stop, lemma = idx.pos, idx.is_stop, idx.lemma
    return {lemma[i] for i in range(lo, hi) if pos[i] in CONTENT_POS and not stop[i]}
