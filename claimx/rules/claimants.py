"""Claimant resolution: from the mention in the text to a kind, a canonical name and a role.

- appositive and title roles ("Winston Ma, author of ...", "Chief Executive Jane Doe");
- short names to full names in the same article ("Ma" -> "Winston Ma");
- pronouns and definite descriptions ("he", "the company") to the nearest compatible antecedent;
- quantifiers ("some") to the group they quantify.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span, Token

from claimx.resources import RuleSet
from claimx.rules.text import QUOTE_CHARS, span, trim

PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "them", "we"}
THING_PRONOUNS = {"it"}
QUANTIFIERS = {"some", "many", "others", "most", "several", "few", "both", "all", "one", "another", "more"}
ORG_LABELS = {"ORG", "GPE", "NORP", "FAC"}
# Dependents that hang off a claimant mention without being part of its name.
NP_CUT_DEPS = {"appos", "relcl", "acl", "advcl", "parataxis", "punct", "ccomp", "dep", "meta"}


def np_range(tok: Token) -> tuple[int, int]:
    """Token range of the noun phrase headed by `tok`, without appositions, clauses or punctuation."""
    lo = hi = tok.i
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in NP_CUT_DEPS and t is tok:
                continue
            if c.dep_ == "punct" and c.text not in ("'s", "’s", "-", "&", "."):
                continue
            lo, hi = min(lo, c.left_edge.i if c.dep_ != "prep" else c.i), max(hi, c.i)
            stack.append(c)
    # Keep the range contiguous around the head: stop at a cut dependent.
    for c in tok.children:
        if c.dep_ in NP_CUT_DEPS:
            if c.i > tok.i:
                hi = min(hi, c.left_edge.i - 1)
            elif c.i < tok.i:
                lo = max(lo, c.right_edge.i + 1)
    doc = tok.doc
    while lo < tok.i and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > tok.i and (doc[hi].is_punct or doc[hi].is_space) and doc[hi].text not in (".",):
        hi -= 1
    if hi > tok.i and doc[hi].text == "." and not doc[hi - 1].text.endswith("."):
        hi -= 1
    return lo, hi + 1


class ClaimantResolver:
    """Resolves claimant mentions in one document, remembering earlier claimants for pronouns."""

    def __init__(self, doc: Doc, rules: RuleSet) -> None:
        self.doc = doc
        self.rules = rules
        self.text = doc.text
        self.persons = [e for e in doc.ents if e.label_ == "PERSON"]
        self.orgs = [e for e in doc.ents if e.label_ in ("ORG",)]
        self.full_names: dict[str, str] = {}
        for ent in self.persons:
            if len(ent) >= 2:
                self.full_names.setdefault(ent[-1].text.lower(), _clean_name(ent.text))
        self.roles: dict[str, str] = {}
        for ent in self.persons:
            role = self._appos_role(ent.root)
            if role:
                self.roles.setdefault(_clean_name(ent.text), role)
        self.history: list[tuple[int, dict[str, Any]]] = []

    # -- public ---------------------------------------------------------------------------
    def resolve(self, head: Token) -> dict[str, Any]:
        """The claimant dict for a mention headed by `head`."""
        lo, hi = np_range(head)
        mention = self.doc[lo:hi]
        start, end = trim(self.text, mention.start_char, mention.end_char)
        result = self._classify(head, mention)
        result["span"] = span(self.text, start, end) if end > start else None
        self.history.append((head.idx, result))
        return result

    def publication(self, name: str | None, mention: tuple[int, int] | None) -> dict[str, Any]:
        """The claimant of publication-voice claims."""
        return {
            "span": span(self.text, *mention) if mention else None,
            "kind": "publication",
            "name": name,
            "role": None,
            "mention": None,
        }

    def remember(self, claimant: dict[str, Any], at: int) -> None:
        """Record a claimant found by another rule, for later pronouns."""
        self.history.append((at, claimant))

    def last_speaker(self, before: int) -> dict[str, Any] | None:
        """The most recent person/organisation/group claimant before offset `before`."""
        for at, c in reversed(self.history):
            if at < before and c["kind"] in ("person", "organization", "group") and c.get("name"):
                return c
        return None

    # -- classification -------------------------------------------------------------------
    def _classify(self, head: Token, mention: Span) -> dict[str, Any]:
        low = head.lower_
        role = self._appos_role(head)
        if low in QUANTIFIERS and head.pos_ in ("PRON", "DET", "ADJ", "NOUN", "NUM"):
            return self._quantifier(head)
        if head.pos_ == "PRON" or low in PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS:
            return self._pronoun(head, role)
        person = next((e for e in mention.ents if e.label_ == "PERSON"), None)
        if person is not None:
            name = self._full_name(person)
            role = role or self._title_role(mention, person) or self.roles.get(name)
            return self._result("person", name, role, None)
        lemma = head.lemma_.lower()
        noun_kind = self.rules.source_nouns.get(lemma) or self.rules.source_nouns.get(low)
        has_det_the = any(t.lower_ in ("the", "this", "that") for t in mention if t.i < head.i)
        if noun_kind == "organization" and has_det_the and not any(t.pos_ == "PROPN" for t in mention):
            antecedent = self._nearest(self.orgs, head.idx)
            if antecedent is not None:
                return self._result("organization", _clean_name(antecedent.text), role, antecedent)
        org = next((e for e in mention.ents if e.label_ in ORG_LABELS), None)
        if org is not None and (org.root == head or head.pos_ == "PROPN"):
            return self._result("organization", _strip_the(org.text), role, None)
        if head.pos_ == "PROPN":
            key = head.text.lower()
            if key in self.full_names:
                name = self.full_names[key]
                return self._result("person", name, role or self.roles.get(name), None)
            return self._result("unknown", _strip_the(_clean_name(mention.text)), role, None)
        if noun_kind:
            kind = noun_kind
            if kind == "group" and head.tag_ in ("NN",) and lemma not in ("people",):
                kind = "unknown" if lemma in ("source", "insider", "official") else "person"
            return self._result(kind, _strip_the(_clean_name(mention.text)), role, None)
        if head.tag_ in ("NNS", "NNPS"):
            return self._result("group", _strip_the(_clean_name(mention.text)), role, None)
        return self._result("unknown", _strip_the(_clean_name(mention.text)), role, None)

    def _pronoun(self, head: Token, role: str | None) -> dict[str, Any]:
        low = head.lower_
        wanted = (
            ("person",)
            if low in PERSON_PRONOUNS
            else ("group", "organization")
            if low in GROUP_PRONOUNS
            else ("organization",)
            if low in THING_PRONOUNS
            else ()
        )
        for at, c in reversed(self.history):
            if at < head.idx and c["kind"] in wanted and c.get("name"):
                return self._result(c["kind"], c["name"], c.get("role"), None, c.get("span"))
        if "person" in wanted:
            ent = self._nearest(self.persons, head.idx)
            if ent is not None:
                name = self._full_name(ent)
                return self._result("person", name, self.roles.get(name), ent)
        if "organization" in wanted:
            ent = self._nearest(self.orgs, head.idx)
            if ent is not None:
                return self._result("organization", _strip_the(ent.text), None, ent)
        kind = "person" if low in ("i",) else "unknown"
        return self._result(kind, None, role, None)

    def _quantifier(self, head: Token) -> dict[str, Any]:
        # "some of the analysts": the group is the object of "of".
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for obj in c.children:
                    if obj.dep_ == "pobj":
                        lo, hi = np_range(obj)
                        return self._result("group", _strip_the(_clean_name(self.doc[lo:hi].text)), None, None)
        # "X are ..., with some claiming ...": the nearest plural subject before it.
        sent = head.sent
        candidates = [t for t in sent if t.i < head.i and t.dep_ in ("nsubj", "nsubjpass") and t.tag_ in ("NNS", "NNPS")]
        if not candidates and sent.start > 0:
            prev = self.doc[sent.start - 1].sent
            candidates = [t for t in prev if t.dep_ in ("nsubj", "nsubjpass") and t.tag_ in ("NNS", "NNPS")]
        if candidates:
            t = candidates[-1]
            lo, hi = np_range(t)
            mention = self.doc[lo:hi]
            return {
                "kind": "group",
                "name": _strip_the(_clean_name(mention.text)),
                "role": None,
                "mention": span(self.text, mention.start_char, mention.end_char),
            }
        return self._result("group", None, None, None)

    # -- helpers --------------------------------------------------------------------------
    def _result(self, kind: str, name: str | None, role: str | None, antecedent: Span | None, ante_span: dict | None = None) -> dict[str, Any]:
        mention = None
        if antecedent is not None:
            mention = span(self.text, antecedent.start_char, antecedent.end_char)
        elif ante_span is not None:
            mention = ante_span
        return {"kind": kind, "name": name, "role": role, "mention": mention}

    def _nearest(self, ents: list[Span], before: int) -> Span | None:
        best = None
        for e in ents:
            if e.start_char < before:
                best = e
            else:
                break
        return best

    def _full_name(self, ent: Span) -> str:
        name = _clean_name(ent.text)
        if len(ent) == 1:
            return self.full_names.get(ent[0].text.lower(), name)
        return name

    def _appos_role(self, head: Token) -> str | None:
        for c in head.children:
            if c.dep_ == "appos" and c.i > head.i:
                lo, hi = c.left_edge.i, c.right_edge.i + 1
                return _clean_role(self.doc[lo:hi].text)
        return None

    def _title_role(self, mention: Span, person: Span) -> str | None:
        before = [t for t in mention if t.i < person.start and t.dep_ != "det"]
        if not before:
            return None
        words = " ".join(t.lower_ for t in before)
        if any(r in words.split() or r in words for r in self.rules.roles):
            return _clean_role(self.doc[before[0].i : before[-1].i + 1].text)
        return None


def _clean_name(text: str) -> str:
    text = " ".join(text.split())
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text.strip(" ,;:")


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") and len(text) > 4 else text


def _clean_role(text: str) -> str | None:
    text = " ".join(text.split()).strip(" ,;:")
    # "author of "Digital War ... Cyberspace,"" -> drop the comma the sentence put inside the quotes.
    if len(text) >= 2 and text[-1] in QUOTE_CHARS and text[-2] in ",;":
        text = text[:-2] + text[-1]
    # A title cut off before its closing mark gets it back.
    if text.count('"') % 2 == 1:
        text += '"'
    elif text.count("“") > text.count("”"):
        text += "”"
    return text or None
