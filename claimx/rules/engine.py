"""Runs every rule over a Doc and assembles claim dicts (validated later as `Claim`)."""

from __future__ import annotations

import dataclasses
import os
import re
from typing import Any

from spacy.tokens import Doc
from spacy.vocab import Vocab

from claimx.rules.candidate import Candidate
from claimx.rules.claimants import ClaimantResolver
from claimx.rules.claims import ClaimMaker
from claimx.rules.comparisons import ComparisonRules
from claimx.rules.context import Context
from claimx.rules.continuations import continuations
from claimx.rules.hedges import HedgeRules
from claimx.rules.index import DocIndex
from claimx.rules.layout import analyse, without_markup
from claimx.rules.negation import NegationRules
from claimx.rules.quote_marks import find_quotes
from claimx.rules.ruleset import RuleSet
from claimx.rules.table import DEFAULT_PRECEDENCE, FAMILIES, PRECEDENCE, QUOTE_FAMILY
from claimx.rules.text import Ranges, inside_any, overlap, trim_content
from claimx.rules.voice import publication_voice

# Set to `1` (when the engine is built) to make a claim with an inconsistent span raise
# `InternalSpanError` instead of being dropped: for tests, where such a claim is a rule's bug.
STRICT_SPANS_ENV = "CLAIMX_STRICT_SPANS"
# Cue frames that state the claimant's own stance rather than report a speech act.
STANCE_FRAMES = frozenset({"belief", "intention", "finding", "evidential"})
QUOTE_RULES = {"quote-after", "quote-before"}
# The looser readings of a cue (its object, a frame's complement, an infinitive, a passive, a
# stance verb outside the lexicon, an evidential) and the rules that report speech: a loose
# reading whose cue lies inside what someone is reported to say is part of that report
# (`X said Clinton described the deal as "the gold standard"`), not a claim of its own.
LOOSE_READINGS = frozenset(
    {"verb-object", "verb-frame", "verb-xcomp", "verb-generic", "verb-passive", "evidential"}
)
REPORTING_RULES = frozenset(
    {"verb-ccomp", "verb-parataxis", "quote-after", "quote-before", "according-to"}
)
# The kinds of line the line rules read: a byline or `Source:` line names no claimant.
CLAIM_LINE_KINDS = ("title", "body", "keypoint")
# Lines no claim starts in, nor its claimant: credits, and page furniture (`furniture.tsv`).
NO_CLAIM_LINE_KINDS = ("source", "byline", "furniture")


class InternalSpanError(RuntimeError):
    """A rule made a claim whose span is not `text[start:end]` (raised under `STRICT_SPANS_ENV`)."""


class RuleEngine:
    """All claimx rules, compiled once for a vocab."""

    def __init__(self, vocab: Vocab, rules: RuleSet) -> None:
        self.vocab = vocab
        self.rules = rules
        self.comparisons = ComparisonRules(rules)
        self.hedges = HedgeRules(rules)
        self.negations = NegationRules(rules)
        self.strict_spans = os.environ.get(STRICT_SPANS_ENV) == "1"

    def run(
        self,
        doc: Doc,
        *,
        index: DocIndex | None = None,
        unattributed: bool = True,
        publication: str | None = None,
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """The claims of `doc` as dicts, and what was found of the document (title, publication...).

        `index` is the `DocIndex` of `doc` when the caller has built it already (the component
        does, to set its spans from it too); else it is built here.
        """
        if index is None:
            index = DocIndex(doc)
        text = index.text
        layout = analyse(text, self.rules.furniture)
        meta: dict[str, Any] = {
            "title": layout.title,
            "publication": publication or layout.publication,
            "byline": layout.byline,
        }
        if not text.strip():
            return [], meta

        quotes = find_quotes(text)
        ctx = Context(
            doc=doc,
            index=index,
            rules=self.rules,
            quotes=quotes,
            body_lines=[ln for ln in layout.lines if ln.kind in CLAIM_LINE_KINDS],
        )
        found: list[Candidate] = []
        for find in FAMILIES:
            if find is QUOTE_FAMILY:
                # The quote family ties quotations to the others' merged candidates (a copy of
                # the list: what it returns is added to `found`, not to what it reads).
                found = _dedupe(found)
                ctx.found = list(found)
            found += find(ctx)
        found = _dedupe(found)
        found = _without_markup(found, text, self.rules.markup)
        found = [
            c
            for c in found
            if c.content[1] - c.content[0] >= 2
            and layout.kind_at(c.content[0]) not in NO_CLAIM_LINE_KINDS
        ]
        # A cue inside a quotation is the quoted speaker's own reported speech ("I think ..."):
        # nested, and rarely what a reader means by a claim in the article. A transcript's
        # `"PENCE: ...` label is none: it names the speaker of the quotation.
        quoted = inside_any([(q.inner_start, q.inner_end) for q in quotes])
        found = [
            c for c in found if c.cue is None or c.rule == "colon-line" or not quoted(c.cue[0])
        ]

        resolver = ClaimantResolver(index, self.rules)
        maker = ClaimMaker(index, self.hedges, self.comparisons, self.negations)
        claims: list[dict[str, Any]] = []
        stances: set[str] = set()
        for cand in sorted(found, key=lambda c: c.content[0]):
            claimant = _claimant(cand, resolver)
            claims.append(maker.make(cand, claimant))
            if cand.frame in STANCE_FRAMES:
                stances.add(claims[-1]["id"])
        claims = _without_restatements(claims, stances)
        claims = _without_negating_verbs(claims)
        claims = _without_reported_readings(claims)
        claims += continuations(ctx, claims, found, resolver, maker)

        if unattributed:
            claims += publication_voice(ctx, layout, claims, resolver, meta["publication"], maker)
        claims.sort(key=lambda c: (c["content"]["start"], c["content"]["end"]))
        meta["entities"] = resolver.entities(claims, layout.title_range)
        # A rule that produced an inconsistent span must cost its claim, not the whole document;
        # under STRICT_SPANS_ENV (tests) it is a bug to report.
        kept = []
        for c in claims:
            who = c["claimant"].get("span")
            if who is not None and (
                layout.kind_at(who["start"]) == "furniture"
                or without_markup(text, who["start"], who["end"], self.rules.markup)
                != (who["start"], who["end"])
            ):
                continue  # "Read more: ..." or "==Media== * X": markup names no one who claims
            if _spans_ok(c, text):
                kept.append(c)
            elif self.strict_spans:
                raise InternalSpanError(_span_error(c, text))
        _number(kept)
        return kept, meta


def _number(claims: list[dict[str, Any]]) -> None:
    """Number `claims` by position (`c1`, `c2`, ...), pointing `duplicate_of` at the new ids."""
    new = {c["id"]: f"c{n}" for n, c in enumerate(claims, 1)}
    for c in claims:
        c["id"] = new[c["id"]]
        if c.get("duplicate_of"):
            c["duplicate_of"] = new.get(c["duplicate_of"])


def _without_markup(
    cands: list[Candidate], text: str, markup: tuple[re.Pattern[str], ...]
) -> list[Candidate]:
    """Candidates whose content runs into inline markup (`==Media==`, `<br />`), cut to the
    longest stretch of it without markup (`layout.without_markup`)."""
    if not markup:
        return cands
    out = []
    for cand in cands:
        start, end = cand.content
        cut = without_markup(text, start, end, markup)
        if cut != (start, end):
            cand = dataclasses.replace(cand, content=trim_content(text, *cut))
        out.append(cand)
    return out


def _claimant(cand: Candidate, resolver: ClaimantResolver) -> dict[str, Any]:
    """The claimant dict of `cand`: set by its rule, resolved from its source, or unknown."""
    if cand.claimant is not None:
        return cand.claimant
    if cand.source is None:
        return {"span": None, "kind": "unknown", "name": None, "role": None, "mention": None}
    return resolver.resolve(cand.source)


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per cue token and per content range; the rule of lower precedence
    (`claimx.rules.table`) wins, then the higher weight."""
    kept: list[Candidate] = []
    cues: set[int] = set()
    ranges: Ranges[None] = Ranges()
    order = PRECEDENCE
    for cand in sorted(cands, key=lambda c: (order.get(c.rule, DEFAULT_PRECEDENCE), -c.weight)):
        # A cue may carry a quotation before it and a clause after it (`"A," she said, B`):
        # quote rules share their cue; other rules get one claim per cue.
        if cand.cue_token is not None and cand.cue_token.i in cues and cand.rule not in QUOTE_RULES:
            continue
        dup = False
        for s, e, _ in ranges.overlapping(*cand.content):
            inter = overlap(cand.content, (s, e))
            union = max(cand.content[1], e) - min(cand.content[0], s)
            if union and inter / union >= 0.8:
                dup = True
                break
        if not dup:
            kept.append(cand)
            ranges.add(*cand.content, None)
            if cand.cue_token is not None:
                cues.add(cand.cue_token.i)
    return kept


def _without_restatements(claims: list[dict[str, Any]], stances: set[str]) -> list[dict[str, Any]]:
    """Drop a stance (belief, intention, finding) whose cue lies inside a longer claim by the
    same claimant (`stances`: the ids of the stance claims).

    `Lee said she wants A` is one claim of Lee's, "she wants A"; "A" under "wants" says it
    again. A speech act stays (`Lee said she told the mayor A`): it is another, earlier claim.
    """
    out = []
    for c in claims:
        name, cue = (c["claimant"].get("name") or "").lower(), c["cue"]
        if name and cue is not None and c["id"] in stances:
            size = c["content"]["end"] - c["content"]["start"]
            if any(
                o is not c
                and (o["claimant"].get("name") or "").lower() == name
                and o["content"]["start"] <= cue["start"]
                and cue["end"] <= o["content"]["end"]
                and o["content"]["end"] - o["content"]["start"] > size
                for o in claims
            ):
                continue
        out.append(c)
    return out


def _without_reported_readings(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop a loose reading (`LOOSE_READINGS`) whose cue lies inside the longer content of a
    reported claim (`REPORTING_RULES`): what the reported words say someone did is the
    reporter's claim ("X said Y attacked Z": X's claim, not Y's)."""
    outer = [
        (c["content"]["start"], c["content"]["end"]) for c in claims if c["rule"] in REPORTING_RULES
    ]
    if not outer:
        return claims
    out = []
    for c in claims:
        cue = c["cue"]
        if c["rule"] in LOOSE_READINGS and cue is not None:
            size = c["content"]["end"] - c["content"]["start"]
            if any(s <= cue["start"] and cue["end"] <= e and e - s > size for s, e in outer):
                continue
        out.append(c)
    return out


def _without_negating_verbs(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop the claim of a negating verb (`declined to confirm A`: "declined", with content "to
    confirm A") when the cue it governs made a negated claim of its own ("confirm" A, negated
    by "declined"): one claim, that X did not confirm A."""
    negators = {(c["negation"]["start"], c["negation"]["end"]) for c in claims if c.get("negation")}
    if not negators:
        return claims
    return [
        c
        for c in claims
        if c["cue"] is None or (c["cue"]["start"], c["cue"]["end"]) not in negators
    ]


def _spans_ok(obj: Any, text: str) -> bool:
    """Whether every `{text, start, end}` inside `obj` is `text[start:end]`.

    The same spans as `claimx.schema.iter_spans` finds, walked without building their paths,
    and with plain loops rather than `all()` over generators (this runs for every claim).
    """
    if isinstance(obj, dict):
        if "text" in obj and "start" in obj and "end" in obj:
            start, end = obj["start"], obj["end"]
            if not (0 <= start <= end <= len(text) and text[start:end] == obj["text"]):
                return False
        for value in obj.values():
            if isinstance(value, (dict, list)) and not _spans_ok(value, text):
                return False
    elif isinstance(obj, list):
        for value in obj:
            if not _spans_ok(value, text):
                return False
    return True


def _span_error(claim: dict[str, Any], text: str) -> str:
    """What is wrong with `claim`'s spans: its rule, the bad span's path and value, and the text
    at its offsets."""
    where, bad = _bad_span(claim, text) or ("claim", {})
    there = text[bad.get("start", 0) : bad.get("end", 0)]
    return f"rule {claim.get('rule')!r} made {where} = {bad!r}, but text[start:end] is {there!r}"


def _bad_span(obj: Any, text: str, path: str = "claim") -> tuple[str, dict[str, Any]] | None:
    """The path and value of the first span in `obj` that `_spans_ok` rejects, or None.

    Walked again only for the error message, so `_spans_ok` stays lean on the common path.
    """
    if isinstance(obj, dict):
        if "text" in obj and "start" in obj and "end" in obj:
            start, end = obj["start"], obj["end"]
            if not (0 <= start <= end <= len(text) and text[start:end] == obj["text"]):
                return path, obj
        items = [(f"{path}.{k}", v) for k, v in obj.items()]
    elif isinstance(obj, list):
        items = [(f"{path}[{n}]", v) for n, v in enumerate(obj)]
    else:
        return None
    for where, value in items:
        found = _bad_span(value, text, where)
        if found is not None:
            return found
    return None
