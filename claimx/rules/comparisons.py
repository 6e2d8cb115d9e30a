"""Comparative claims as triples: subject, normalised relation, object, and condition.

Triggers come from `claimx/rules/data/comparisons.tsv` (verbs such as "outperform", phrases such as
"on par with") plus comparative adjectives with "than" ("faster than").
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from claimx.rules.claimants import np_range
from claimx.rules.index import DocIndex
from claimx.rules.ruleset import RuleSet
from claimx.rules.text import span, trim

CONDITION_MARKERS = {"when", "while", "in", "for", "on", "at", "during", "if", "under"}
POSSESSIVE_PRONOUNS = {"their", "its", "his", "her", "our", "my", "your"}


class ComparisonRules:
    """Finds comparisons inside a token range."""

    def __init__(self, rules: RuleSet) -> None:
        self.verbs = rules.comparison_verbs
        self.phrases = {tuple(k.split()): v for k, v in rules.comparison_phrases.items()}
        self.max_phrase = max((len(k) for k in self.phrases), default=1)
        self.phrase_starts = {k[0] for k in self.phrases}

    def find(self, idx: DocIndex, lo: int, hi: int) -> dict[str, Any] | None:
        """The first comparison among tokens [lo, hi) of `idx`'s document, as a dict, or None."""
        doc = idx.doc
        for i in range(lo, hi):
            # Only a comparison verb, a comparative, "more"/"less" or a phrase's first word can
            # start one: test that on the index's lists before building a Token.
            low, pos = idx.lower[i], idx.pos[i]
            if not (
                (pos == "VERB" or pos == "NOUN" and idx.dep[i] == "ROOT")
                and idx.lemma[i] in self.verbs
                or idx.tag[i] in ("JJR", "RBR")
                or low in ("more", "less")
                or low in self.phrase_starts
            ):
                continue
            tok = doc[i]
            relation = None
            obj = None
            anchor = tok
            verb_like = tok.pos_ == "VERB" or (tok.pos_ == "NOUN" and tok.dep_ == "ROOT")
            if verb_like and tok.lemma_.lower() in self.verbs:
                relation = self.verbs[tok.lemma_.lower()]
                obj = self._object(tok)
            elif tok.tag_ in ("JJR", "RBR") and tok.lower_ not in ("more", "less"):
                than = next((c for c in tok.children if c.lower_ == "than"), None)
                if than is not None:
                    relation = f"{tok.lower_} than"
                    obj = next((c for c in than.children if c.dep_ == "pobj"), None)
            elif tok.lower_ in ("more", "less") and tok.head.pos_ in ("ADJ", "ADV"):
                than = next(
                    (c for c in list(tok.children) + list(tok.head.children) if c.lower_ == "than"),
                    None,
                )
                if than is not None:
                    relation = f"{tok.lower_} {tok.head.lower_} than"
                    obj = next((c for c in than.children if c.dep_ == "pobj"), None)
                    anchor = tok.head
            elif tok.lower_ in self.phrase_starts:
                for n in range(self.max_phrase, 0, -1):
                    words = tuple(t.lower_ for t in doc[tok.i : min(hi, tok.i + n)])
                    if len(words) == n and words in self.phrases:
                        relation = self.phrases[words]
                        last = doc[tok.i + n - 1]
                        obj = next((c for c in last.children if c.dep_ == "pobj"), None)
                        if obj is None and tok.i + n < len(doc):
                            obj = next(
                                (c for c in doc[tok.i + n - 1].subtree if c.dep_ == "pobj"), None
                            )
                        anchor = tok.head if tok.dep_ == "prep" else tok
                        break
            if relation is None or obj is None:
                continue
            subj = self._subject(anchor)
            if subj is None:
                continue
            return {
                "subject": self._np(idx, subj),
                "relation": relation,
                "object": self._np(idx, obj),
                "condition": self._condition(idx, anchor, hi),
            }
        return None

    def _object(self, verb: Token) -> Token | None:
        for c in verb.children:
            if c.dep_ in ("dobj", "attr") or (
                c.dep_ == "npadvmod" and c.pos_ in ("PROPN", "NOUN") and c.i > verb.i
            ):
                return c
            if c.dep_ == "prep" and c.lower_ in ("behind", "with", "to"):
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        # "rival or outperform X": the object hangs off the last conjunct.
        for c in verb.children:
            if c.dep_ == "conj":
                found = self._object(c)
                if found is not None:
                    return found
        return None

    @staticmethod
    def _subject(tok: Token) -> Token | None:
        cur = tok
        for _ in range(5):
            for c in cur.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    return c
            if cur.pos_ in ("VERB", "NOUN"):
                # "Qwen2 model rivals ..." mis-parsed as a compound of the verb: still its subject.
                left = [
                    c
                    for c in cur.children
                    if c.dep_ == "compound" and c.i < cur.i and c.pos_ in ("NOUN", "PROPN")
                ]
                if left:
                    return left[-1]
            if cur.dep_ in ("acl",) and cur.head.pos_ in ("NOUN", "PROPN"):
                return cur.head
            if cur.head.i == cur.i:
                return None
            cur = cur.head
        return None

    @staticmethod
    def _np(idx: DocIndex, tok: Token) -> dict[str, Any]:
        doc = idx.doc
        lo, hi = np_range(tok)
        # Modifiers the parser hung on the verb instead ("new | phone beats"): take them back.
        while (
            lo > 0
            and doc[lo - 1].head.i == tok.head.i
            and doc[lo - 1].dep_ in ("amod", "compound", "poss", "det", "nummod")
        ):
            lo = doc[lo - 1].left_edge.i
        # The parser sometimes cuts a name short ("STOXX Europe | 600 banks index"): run on over nouns.
        while (
            hi < len(doc)
            and doc[hi].pos_ in ("PROPN", "NOUN", "NUM")
            and doc[hi].dep_ in ("npadvmod", "compound", "nummod", "appos", "dobj", "pobj", "nmod")
            and not doc[hi].is_sent_start
        ):
            hi += 1
        while lo < tok.i and doc[lo].lower_ in POSSESSIVE_PRONOUNS | {"the", "a", "an"}:
            lo += 1
        start, end = trim(idx.text, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text))
        return span(idx.text, start, end)

    @staticmethod
    def _condition(idx: DocIndex, verb: Token, hi: int) -> dict[str, Any] | None:
        doc = idx.doc
        for c in verb.children:
            if c.i <= verb.i:
                continue
            first = doc[c.left_edge.i]
            if c.dep_ == "advcl" or (
                c.dep_ == "prep"
                and c.lower_ in CONDITION_MARKERS
                and c.lower_ not in ("with", "to")
            ):
                if (
                    c.dep_ == "prep"
                    and c.lower_ in ("for", "on", "at")
                    and first.i == c.i
                    and c.i == verb.i + 1
                ):
                    continue
                lo, end = c.left_edge.i, min(c.right_edge.i + 1, hi)
                if end <= lo:
                    continue
                start, stop = trim(
                    idx.text,
                    doc[lo].idx,
                    doc[end - 1].idx + len(doc[end - 1].text),
                    strip=set(" ,;:.—–-"),
                )
                if stop > start:
                    return span(idx.text, start, stop)
        return None
