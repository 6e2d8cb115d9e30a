"""Runs every rule over a Doc and assembles claim dicts (validated later as `Claim`)."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc
from spacy.vocab import Vocab

from claimx.rules.ruleset import RuleSet
from claimx.rules.attribution import AttributionRules, Candidate
from claimx.rules.claimants import ClaimantResolver
from claimx.rules.comparisons import ComparisonRules
from claimx.rules.hedges import HedgeRules
from claimx.rules.index import DocIndex, index_of, release
from claimx.rules.layout import Layout, analyse
from claimx.rules.quote_marks import Quote, find_quotes
from claimx.rules.text import Ranges, inside_any, overlap, span, trim_content

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
# Cue frames that state the claimant's own stance rather than report a speech act.
STANCE_FRAMES = frozenset({"belief", "intention", "finding"})
QUOTE_RULES = {"quote-after", "quote-before"}
MIN_UNATTRIBUTED_TOKENS = 5


class RuleEngine:
    """All claimx rules, compiled once for a vocab."""

    def __init__(self, vocab: Vocab, rules: RuleSet) -> None:
        self.vocab = vocab
        self.rules = rules
        self.attribution = AttributionRules(rules)
        self.comparisons = ComparisonRules(rules)
        self.hedges = HedgeRules(rules)

    def run(
        self, doc: Doc, *, unattributed: bool = True, publication: str | None = None
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """The claims of `doc` as dicts, and what was found of the document (title, publication...)."""
        index_of(doc)  # bound now, unless the caller already bound this doc (the component does)
        try:
            return self._run(doc, unattributed=unattributed, publication=publication)
        finally:
            release()

    def _run(
        self, doc: Doc, *, unattributed: bool, publication: str | None
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        text = index_of(doc).text
        layout = analyse(text)
        meta = {
            "title": layout.title,
            "publication": publication or layout.publication,
            "byline": layout.byline,
        }
        if not text.strip():
            return [], meta

        quotes = find_quotes(text)
        found = self.attribution.verb_cues(doc, [(q.start, q.end) for q in quotes])
        found += self.attribution.generic_verbs(doc, [(q.start, q.end) for q in quotes])
        found += self.attribution.according_to(doc)
        found += self.attribution.evidentials(doc, [(q.start, q.end) for q in quotes])
        found += self.attribution.noun_cues(doc)
        body_lines = [ln for ln in layout.lines if ln.kind in ("title", "body", "keypoint")]
        found += self.attribution.colon_lines(doc, body_lines)
        found += self.attribution.dash_signatures(doc, body_lines)
        found = _dedupe(found)
        found += self.attribution.quotes(doc, quotes, found)
        found = _dedupe(found)
        found = [
            c
            for c in found
            if c.content[1] - c.content[0] >= 2
            and layout.kind_at(c.content[0]) not in ("source", "byline")
        ]
        # A cue inside a quotation is the quoted speaker's own reported speech ("I think ..."):
        # nested, and rarely what a reader means by a claim in the article.
        quoted = inside_any([(q.inner_start, q.inner_end) for q in quotes])
        found = [c for c in found if c.cue is None or not quoted(c.cue[0])]

        resolver = ClaimantResolver(doc, self.rules)
        claims: list[dict[str, Any]] = []
        stances: set[str] = set()
        for cand in sorted(found, key=lambda c: c.content[0]):
            claimant = self._claimant(cand, resolver)
            claims.append(self._claim(doc, cand, claimant, len(claims) + 1))
            if cand.frame in STANCE_FRAMES:
                stances.add(claims[-1]["id"])
        claims = _without_restatements(claims, stances)
        claims += self._continuations(doc, claims, found, resolver, quotes)

        if unattributed:
            claims += self._publication_voice(doc, layout, claims, resolver, meta["publication"])
        claims.sort(key=lambda c: (c["content"]["start"], c["content"]["end"]))
        # A rule that produced an inconsistent span must cost its claim, not the whole document.
        return [c for c in claims if _spans_ok(c, text)], meta

    # -- attributed -------------------------------------------------------------------------
    def _claimant(self, cand: Candidate, resolver: ClaimantResolver) -> dict[str, Any]:
        if cand.claimant is not None:
            return cand.claimant
        if cand.source is None:
            return {"span": None, "kind": "unknown", "name": None, "role": None, "mention": None}
        return resolver.resolve(cand.source)

    def _claim(self, doc: Doc, cand: Candidate, claimant: dict[str, Any], n: int) -> dict[str, Any]:
        text = index_of(doc).text
        start, end = cand.content
        sent = _sentence_range(doc, start)
        lo, hi = _token_bounds(doc, start, end)
        hedge = self.hedges.find(doc, cand.content, cand.cue_token, sent)
        comparison = self.comparisons.find(doc, lo, hi) if hi > lo else None
        confidence = cand.weight * (1.0 if claimant.get("name") else 0.75)
        return {
            "id": f"c{n}",
            "content": span(text, start, end),
            "sentence": span(text, *sent),
            "claimant": claimant,
            "cue": span(text, *cand.cue) if cand.cue else None,
            "attribution": cand.attribution,
            "hedged": hedge is not None,
            "hedge": hedge,
            "comparison": comparison,
            "entities": _entities(doc, start, end),
            "confidence": round(min(1.0, confidence), 3),
            "rule": cand.rule,
            "duplicate_of": None,
        }

    def _continuations(
        self,
        doc: Doc,
        claims: list[dict[str, Any]],
        found: list[Candidate],
        resolver: ClaimantResolver,
        quotes: list[Quote],
    ) -> list[dict[str, Any]]:
        """Quote paragraphs with no cue of their own continue the previous quote's speaker (`quotes`: the
        ones `_run` found, not searched for again)."""
        out: list[dict[str, Any]] = []
        taken = Ranges()
        for c in found:
            taken.add(*c.content)
        text = index_of(doc).text
        last: dict[str, Any] | None = None
        by_start = sorted(claims, key=lambda c: c["content"]["start"])
        i = 0
        for q in quotes:
            while i < len(by_start) and by_start[i]["content"]["start"] <= q.start:
                if by_start[i]["attribution"] in ("direct", "mixed") and by_start[i][
                    "claimant"
                ].get("name"):
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
                )
            else:
                found_speaker = self._previous_sentence_speaker(doc, q.start, para_start, resolver)
                if found_speaker is None:
                    continue
                speaker, cue = found_speaker
                said = _claim_ending_at(claims, cue, text, q.start)
                if said is not None:
                    # `She says A. "B"`: the quotation goes on with what she was saying; one claim.
                    said["content"] = span(text, said["content"]["start"], content[1])
                    said["entities"] = _entities(doc, said["content"]["start"], content[1])
                    said["attribution"] = "mixed"
                    taken.add(*content)
                    continue
                cand = Candidate(
                    content=content,
                    cue=cue,
                    source=None,
                    rule="quote-previous-sentence",
                    weight=0.6,
                    attribution="direct",
                    claimant=speaker,
                )
            out.append(self._claim(doc, cand, cand.claimant, len(claims) + len(out) + 1))
            taken.add(*content)
        return out

    @staticmethod
    def _previous_sentence_speaker(
        doc: Doc, start: int, para_start: int, resolver: ClaimantResolver
    ) -> tuple[dict[str, Any], tuple[int, int] | None] | None:
        """`Sarah Chen spoke after the vote. "This is ..."`: a quote opening a sentence belongs to
        the person the previous sentence of its paragraph is about, and that sentence's verb is
        its cue."""
        idx = index_of(doc)
        tok = idx.token_at(start)
        if tok is None:
            return None
        sent = idx.sent(tok)
        if sent.start_char < start - 1 or sent.start == 0:
            return None
        prev = idx.sent(doc[sent.start - 1])
        if prev.start_char < para_start:
            return None
        subj = next((t for t in prev.root.children if t.dep_ == "nsubj"), None)
        if subj is None or subj.ent_type_ != "PERSON":
            return None
        verb = prev.root
        cue = (verb.idx, verb.idx + len(verb.text)) if verb.pos_ == "VERB" else None
        return resolver.resolve(subj), cue

    # -- publication voice ----------------------------------------------------------------
    def _publication_voice(
        self, doc, layout: Layout, claims, resolver: ClaimantResolver, publication: str | None
    ) -> list[dict[str, Any]]:
        text = index_of(doc).text
        taken = Ranges()
        for c in claims:
            taken.add(c["content"]["start"], c["content"]["end"])
        claimant = resolver.publication(publication, layout.publication_range)
        out: list[dict[str, Any]] = []
        headline_like: list[tuple[dict[str, Any], set[str]]] = []
        body: list[tuple[dict[str, Any], set[str]]] = []
        n = len(claims)
        for sent in index_of(doc).sents:
            start, end = trim_content(text, sent.start_char, sent.end_char)
            if end - start < 3:
                continue
            kind = layout.kind_at(start)
            if kind in ("source", "byline", "blank"):
                continue
            size = end - start
            # Covered when the attributed claims in it hold more than half of it, together
            # ("X argued that A, citing B" is X's, not the publication's).
            if taken.covered(start, end) > 0.5 * size:
                continue
            if not self._checkable(sent, kind):
                continue
            n += 1
            rule = {"title": "headline", "keypoint": "key-point"}.get(kind, "publication-voice")
            cand = Candidate(
                content=(start, end),
                cue=None,
                source=None,
                rule=rule,
                weight=0.6,
                attribution="unattributed",
                claimant=claimant,
            )
            claim = self._claim(doc, cand, dict(claimant), n)
            lemmas = _content_lemmas(index_of(doc), sent.start, sent.end)
            (headline_like if kind in ("title", "keypoint") else body).append((claim, lemmas))
            out.append(claim)
        # Headlines and key points that repeat a body claim point to it.
        if not headline_like:
            return out  # nothing to compare: skip the lemma sets of every claim
        idx = index_of(doc)
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

    def _checkable(self, sent, kind: str) -> bool:
        # On the index's lists (token positions `toks`): this runs for every sentence.
        idx = index_of(sent.doc)
        toks = [i for i in range(sent.start, sent.end) if not idx.is_space[i]]
        if kind in ("title", "keypoint"):
            return len(toks) >= 3
        if (
            len(toks) < MIN_UNATTRIBUTED_TOKENS
            or idx.text[idx.starts[toks[-1]] : idx.ends[toks[-1]]] == "?"
        ):
            return False
        lemma, comparison_verbs = idx.lemma, self.rules.comparison_verbs
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
        return any(
            idx.tag[i] in ("JJR", "RBR", "JJS") or lemma[i] in comparison_verbs for i in toks
        )


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per cue token and per content range; the higher-weight rule wins."""
    order = {
        "verb-ccomp": 0,
        "according-to": 1,
        "in-document": 6.5,
        "quote-after": 2,
        "quote-before": 2,
        "verb-xcomp": 3,
        "verb-object": 4,
        "verb-frame": 4.5,
        "adjective-frame": 4.6,
        "verb-passive": 5,
        "noun-that": 3.5,
        "quote-colon": 6,
        "verb-parataxis": 7,
        "colon-line": 8,
        "verb-generic": 9,
        "evidential": 8.5,
        "dash-signature": 1.5,
    }
    kept: list[Candidate] = []
    cues: set[int] = set()
    ranges = Ranges()
    for cand in sorted(cands, key=lambda c: (order.get(c.rule, 9), -c.weight)):
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
            ranges.add(*cand.content)
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


def _sentence_range(doc: Doc, start: int) -> tuple[int, int]:
    tok = index_of(doc).token_at(start)
    if tok is None:
        return start, start
    sent = index_of(doc).sent(tok)
    s, e = sent.start_char, sent.end_char
    while e > s and index_of(doc).text[e - 1].isspace():
        e -= 1
    while s < e and index_of(doc).text[s].isspace():
        s += 1
    return s, e


def _token_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    return index_of(doc).bounds(start, end) or (0, 0)


def _content_lemmas(idx: DocIndex, lo: int, hi: int) -> set[str]:
    """Lowercased lemmas of the content words (not stop words) among tokens [lo, hi)."""
    pos, stop, lemma = idx.pos, idx.is_stop, idx.lemma
    return {lemma[i] for i in range(lo, hi) if pos[i] in CONTENT_POS and not stop[i]}


def _entities(doc: Doc, start: int, end: int) -> list[dict[str, Any]]:
    idx = index_of(doc)
    found = idx.bounds(start, end, mode="contract")
    if found is None:
        return []
    return [
        {"text": t, "start": s, "end": e, "label": label}
        for t, s, e, label in idx.ent_info_in(*found)
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
