"""Claimant resolution: from the mention in the text to a kind, a canonical name and a role.

- appositive and title roles ("Winston Ma, author of ...", "Chief Executive Jane Doe");
- short names to full names in the same article ("Ma" -> "Winston Ma");
- pronouns and definite descriptions ("he", "the company") to the nearest compatible antecedent;
- quantifiers ("some") to the group they quantify.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span, Token

from claimx.rules.entities import ORG, PERSON, EntityTable, Entry
from claimx.rules.index import DocIndex
from claimx.rules.names import clean_name, clean_role, is_personal_role, strip_the
from claimx.rules.referents import (
    PRONOUN_GENDER,
    appos_role,
    belongs_to,
    description_antecedent,
    main_group,
    named_later,
    named_run,
    pronoun_antecedent,
    quantified_group,
    relative_noun,
    salient_org,
    title_role,
)
from claimx.rules.ruleset import RuleSet
from claimx.rules.syntax import np_range
from claimx.rules.text import skip_dateline, span, trim

PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
GROUP_PRONOUNS = {"they", "them", "we", "their", "our"}
THING_PRONOUNS = {"it", "its"}
RELATIVE_PRONOUNS = {"who", "which", "that"}
QUANTIFIERS = {
    "some",
    "many",
    "others",
    "most",
    "several",
    "few",
    "both",
    "all",
    "one",
    "another",
    "more",
}
ORG_LABELS = {"ORG", "GPE", "NORP", "FAC"}
# How far back (characters) an organisation may be for a "they"/"it" with no table antecedent.
FALLBACK_CHARS = 300


class ClaimantResolver:
    """Resolves claimant mentions in one document, remembering earlier claimants for pronouns."""

    def __init__(self, index: DocIndex, rules: RuleSet) -> None:
        self.index = index
        self.doc = index.doc
        self.rules = rules
        self.text = index.text
        ents = index.ents
        self.persons = [e for e in ents if e.label_ == "PERSON"]
        orgs = [
            e for e in ents if e.label_ in ("ORG",) or (e.label_ == "PERSON" and self._org_like(e))
        ]
        # "Lumora's chip" tagged PERSON after "Lumora Semiconductor": the short form of an organisation.
        first_words = {e[0].text for e in orgs if len(e) > 1}
        self.orgs = sorted(
            orgs
            + [e for e in ents if e.label_ == "PERSON" and len(e) == 1 and e.text in first_words],
            key=lambda e: e.start,
        )
        self.full_names: dict[str, str] = {}
        for ent in self.persons:
            if len(ent) >= 2:
                self.full_names.setdefault(ent[-1].text.lower(), clean_name(ent.text))
        self.roles: dict[str, str] = {}
        for ent in self.persons:
            role = appos_role(ent.root)
            if role:
                self.roles.setdefault(clean_name(ent.text), role)
        self.history: list[tuple[int, dict[str, Any]]] = []
        self.table = EntityTable(index, rules, self._org_like)
        # (token, entity) of each claimant resolved so far: antecedents for later pronouns.
        self.resolved: list[tuple[int, Entry]] = []
        self._at = 0  # where the mention being resolved starts

    # -- public ---------------------------------------------------------------------------
    def resolve(self, head: Token) -> dict[str, Any]:
        """The claimant dict for a mention headed by `head`."""
        lo, hi = np_range(head)
        cut = self._after_dateline(lo, max(hi, head.right_edge.i + 1))
        if head.i < cut <= head.right_edge.i:
            # "SHENZHEN, March 3 - Tiangong Semiconductor said": the parser made the place the
            # subject; the claimant is the phrase after the dateline.
            head = self.doc[cut : head.right_edge.i + 1].root
            lo, hi = np_range(head)
        lo = max(lo, cut)
        mention = self.doc[lo:hi]
        start, end = trim(self.text, mention.start_char, mention.end_char)
        self.history = self.history[-100:]  # pronouns look back a little, not over the whole text
        self.resolved = self.resolved[-100:]
        self._at = head.idx
        result = self._classify(head, mention)
        result["span"] = span(self.text, start, end) if end > start else None
        self._link(result, head, mention)
        name = result.get("name")
        if result["kind"] == "person" and name and len(name.split()) >= 2:
            self.full_names.setdefault(name.split()[-1].lower(), name)
            if result.get("role"):
                self.roles.setdefault(name, result["role"])
        self.history.append((head.idx, result))
        return result

    def entities(
        self, claims: list[dict[str, Any]], title: tuple[int, int] | None = None
    ) -> list[dict[str, Any]]:
        """The document's entity table as `Referent` dicts (`document.entities`), numbered in
        order of first mention; the `claimant.entity` of `claims` is renumbered to match.
        Entities named only in the `title` range, and by no claimant, are left out."""
        keep = {c["claimant"]["entity"] for c in claims if c["claimant"].get("entity")}
        records, renumber = self.table.records(keep, title)
        for c in claims:
            old = c["claimant"].get("entity")
            if old is not None:
                c["claimant"] = {**c["claimant"], "entity": renumber.get(old)}
        return records

    def _after_dateline(self, lo: int, hi: int) -> int:
        """The first token of a mention after the dateline its line opens with (`lo` if none)."""
        start = self.doc[lo].idx
        line = self.text.rfind("\n", 0, start) + 1
        if start - line > 70:
            return lo
        cut = skip_dateline(self.text, line, self.doc[hi - 1].idx)
        while lo < hi - 1 and self.doc[lo].idx < cut:
            lo += 1
        return lo

    def _link(self, result: dict[str, Any], head: Token, mention: Span) -> None:
        """Point the claimant at its entity (`entity`), naming it by the entity's fullest name."""
        entry: Entry | None = result.pop("entry", None)
        name = result.get("name")
        if entry is None:
            entry = self.table.covering(head.i)
            if (
                entry is not None
                and result["kind"] in (PERSON, ORG)
                and entry.kind != result["kind"]
            ):
                if name and (name == entry.name or name.endswith(" " + entry.name)):
                    # "Helena Marsh, the finance minister": the tagger said ORG, the role says
                    # person; the classifier knows better. "Lynch", tagged ORG after "Loretta
                    # Lynch": the table already knew the person.
                    if result["kind"] == PERSON:
                        entry.kind = PERSON
                    else:
                        result["kind"] = entry.kind
                else:
                    entry = None
            elif entry is not None:
                result["kind"] = entry.kind  # "Reporters Without Borders" is one organisation
            if entry is None and result["kind"] in (PERSON, ORG) and head.pos_ == "PROPN":
                entry = self.table.at(mention.start, mention.end)
                if entry is not None and entry.kind != result["kind"]:
                    entry = None
            if entry is None and result["kind"] in (PERSON, ORG) and name:
                entry = self.table.named(name, result["kind"])  # "its chief, Zhou Wei,"
            if entry is None and head.pos_ == "PROPN" and name:
                entry = self._enter(result, head, mention)
        if (
            entry is not None
            and name
            and result["kind"] == entry.kind == PERSON
            and name.endswith(" " + entry.name)
            and len(entry.words) == 1
        ):
            entry.name, entry.words = name, name.split()  # "Marsh" is "Helena Marsh"
        if entry is None:
            result["entity"] = None
            return
        if result["kind"] in (PERSON, ORG):
            result["name"] = entry.name
        result["entity"] = entry.id
        if result.get("role"):
            entry.add_role(result["role"])
        sp = result.get("span")
        if sp is not None:
            self.table.add_mention(entry, (sp["start"], sp["end"]))
        self.resolved.append((head.i, entry))

    def _enter(self, result: dict[str, Any], head: Token, mention: Span) -> Entry | None:
        """A table entry for a proper-noun claimant the tagger did not name: an organisation
        when its last word says so ("Semiconductor", "Institute"), a person when it was
        resolved as one."""
        name = result["name"]
        words = name.split()
        kind = result["kind"]
        if kind == "unknown" and len(words) >= 2:
            last = head.lower_
            org_words = self.rules.org_words
            kind = ORG if last in org_words or head.lemma_.lower() in org_words else kind
        if kind not in (PERSON, ORG) or not all(w[:1].isupper() for w in words):
            return None
        result["kind"] = kind
        lo = next((t.i for t in mention if t.text[:1].isupper() and t.dep_ != "det"), head.i)
        return self.table.add(kind, name, lo, mention.end, (mention.start_char, mention.end_char))

    def publication(self, name: str | None, mention: tuple[int, int] | None) -> dict[str, Any]:
        """The claimant of publication-voice claims."""
        return {
            "span": span(self.text, *mention) if mention else None,
            "kind": "publication",
            "name": name,
            "role": None,
            "mention": None,
            "entity": None,
        }

    # -- classification -------------------------------------------------------------------
    def _classify(self, head: Token, mention: Span) -> dict[str, Any]:
        low = head.lower_
        noun = relative_noun(head) if low in RELATIVE_PRONOUNS else None
        if noun is not None:
            lo, hi = np_range(noun)
            found = self._classify(noun, self.doc[lo:hi])
            found["mention"] = span(
                self.text, self.doc[lo].idx, self.doc[hi - 1].idx + len(self.doc[hi - 1].text)
            )
            return found
        role = appos_role(head)
        named = self._appos_name(head) if low == "one" else None
        if named is not None and named[0] == PERSON:
            return self._result(PERSON, named[1], None, None)  # "One of the men, Jessie Elkins,"
        if low in QUANTIFIERS and head.pos_ in ("PRON", "DET", "ADJ", "NOUN", "NUM"):
            group = quantified_group(self.index, head)
            if group is None:
                return self._result("group", None, None, None)
            name = strip_the(clean_name(group.text))
            return self._result("group", name, None, group if group.start < head.i else None)
        if head.pos_ == "PRON" or low in PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS:
            return self._pronoun(head, role)
        # "the finance minister, Helena Marsh," / "the regulator, Ofnet,": the name is in apposition.
        if head.pos_ == "NOUN" or (head.pos_ == "PROPN" and head.text.islower()):
            named = self._appos_name(head)
            if named is not None:
                kind, name = named
                if head.lemma_.lower() in self.rules.roles or head.lower_ in self.rules.roles:
                    kind = "person"
                lo = next((t.i for t in mention if t.dep_ != "det"), mention.start)
                desc = clean_role(self.doc[lo : head.i + 1].text)
                return self._result(kind, name, desc, None)
        mention_ents = self.index.ents_in(mention.start, mention.end)
        ents = sorted(mention_ents, key=lambda e: (not (e.start <= head.i < e.end), -len(e)))
        person = next((e for e in ents if e.label_ == "PERSON" and not self._org_like(e)), None)
        if (
            any(belongs_to(head, e) for e in ents)
            and not any(e.start <= head.i < e.end for e in ents)
            and self.table.covering(head.i) is None  # "Reporters Without Borders" is one name
        ):
            # "Scott's family", "advisers to Mr. Obama": who speaks is unnamed; the person
            # named is whom they speak for, kept in the description.
            kind = "unknown"
            if head.lower_ in self.rules.roles or head.lemma_.lower() in self.rules.roles:
                kind = "person"  # "Obama's former campaign strategist"
            if head.tag_ in ("NNS", "NNPS"):
                kind = "group"  # "researchers at the Institute"
            return self._result(kind, strip_the(clean_name(mention.text)), role, None)
        if person is not None:
            name = self._full_name(person)
            role = role or title_role(mention, person, self.rules.roles) or self.roles.get(name)
            return self._result("person", name, role, None)
        lemma = head.lemma_.lower()
        noun_kind = self.rules.source_nouns.get(lemma) or self.rules.source_nouns.get(low)
        has_det_the = any(t.lower_ in ("the", "this", "that") for t in mention if t.i < head.i)
        if (
            has_det_the
            and (head.tag_ == "NN" or head.tag_ == "NNP" and head.text.islower())
            and not any(e.start <= head.i < e.end or e.label_ == "PERSON" for e in ents)
        ):
            described = self._description(head, mention, lemma, role)
            if described is not None:
                return described
        org = next((e for e in ents if e.label_ in ORG_LABELS or self._org_like(e)), None)
        if org is not None and len(org) == 1 and org.text.lower() in self.full_names:
            name = self.full_names[org.text.lower()]  # "Roux" after "Camille Roux"
            return self._result("person", name, role or self.roles.get(name), None)
        if org is not None and (org.start <= head.i < org.end or head.pos_ == "PROPN"):
            if (
                org.label_ == "ORG"
                and is_personal_role(role, self.rules.roles)
                and all(t.pos_ == "PROPN" for t in org)
            ):
                name = clean_name(org.text)  # "Nadia Farouk, president of ...": NER said ORG
                self.full_names.setdefault(org[-1].text.lower(), name)
                return self._result("person", name, role, None)
            return self._result("organization", self._org_name(org), role, None)
        if head.pos_ == "PROPN":
            key = head.text.lower()
            short = self.table.by_org_key(key) if len(mention) <= 2 else None
            if short is not None and not short.publication:
                # "The Post" after "the New York Post"
                return self._entry_result(short, role, None)
            if key in self.full_names:
                name = self.full_names[key]
                return self._result("person", name, role or self.roles.get(name), None)
            return self._result("unknown", strip_the(clean_name(mention.text)), role, None)
        if lemma in self.rules.roles or lemma in ("man", "woman"):
            later = named_later(self.table, self.index, head, mention)
            if later is not None:
                return self._entry_result(later, role, None)
        if noun_kind:
            kind = noun_kind
            if kind == "group" and head.tag_ in ("NN",) and lemma not in ("people",):
                kind = "unknown" if lemma in ("source", "insider", "official") else "person"
            return self._result(kind, strip_the(clean_name(mention.text)), role, None)
        if head.tag_ in ("NNS", "NNPS"):
            return self._result("group", strip_the(clean_name(mention.text)), role, None)
        return self._result("unknown", strip_the(clean_name(mention.text)), role, None)

    def _org_like(self, ent: Span) -> bool:
        """A PERSON entity that is really an organisation ("OpenEval Lab", "Orbis Labs")."""
        last = ent[-1]
        kind = self.rules.source_nouns.get(last.lemma_.lower()) or self.rules.source_nouns.get(
            last.lower_
        )
        return ent.label_ == "PERSON" and len(ent) > 1 and kind == "organization"

    def _org_name(self, ent: Span) -> str:
        """Canonical organisation name: "Brightline" -> "Brightline Research" when the text has both."""
        name = strip_the(clean_name(ent.text))
        longer = [
            strip_the(clean_name(e.text))
            for e in self.orgs
            if e.text.lower().startswith(name.lower() + " ") and len(e.text) > len(name)
        ]
        return max(longer, key=len) if longer else name

    def _appos_name(self, head: Token) -> tuple[str, str] | None:
        for c in head.children:
            if c.dep_ != "appos" or c.i < head.i:
                continue
            for e in self.index.ents_in(c.left_edge.i, c.right_edge.i + 1):
                # "the other man, his cousin James York,": the name in apposition to the role.
                if e.root == c or e.start <= c.i < e.end or e.root.head == c and c.pos_ == "NOUN":
                    if e.label_ == "PERSON" and not self._org_like(e):
                        return "person", self._full_name(e)
                    if e.label_ in ORG_LABELS or self._org_like(e):
                        return "organization", self._org_name(e)
            if c.pos_ == "PROPN":
                lo, hi = np_range(c)
                return "organization", clean_name(self.doc[lo:hi].text)
        return None

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
        if wanted == ("person",) or wanted == ("organization",):
            entry = pronoun_antecedent(self.table, self.index, head, wanted, self.resolved)
            if entry is not None:
                return self._entry_result(entry, self.roles.get(entry.name), None)
            if wanted == ("person",):
                # No compatible antecedent near: unresolved rather than guessed.
                return self._result("unknown", None, role, None)
        gender = PRONOUN_GENDER.get(low)
        group = main_group(self.index, head, self.rules) if low in ("they", "them") else None
        for at, c in reversed(self.history):
            spoke = self.index.token_at(at) if group is not None else None
            if group is not None and spoke is not None and spoke.head.dep_ != "ROOT":
                # "Governments fib when Beijing demands A. They stop B": not the subordinate speaker.
                return self._result("group", strip_the(clean_name(group.text)), None, group)
            if (
                at < head.idx
                and c["kind"] in wanted
                and c.get("name")
                and self._agrees(c["name"], gender)
                # "The statement noted ...": an organisation no entity stands for names no one.
                and (c.get("entity") or c["kind"] != "organization")
            ):
                return self._result(c["kind"], c["name"], c.get("role"), None, c.get("span"))
        if "person" in wanted:
            people = [
                e for e in self.persons if not self._org_like(e) and self._agrees(e.text, gender)
            ]
            subjects = [e for e in people if e.root.dep_ in ("nsubj", "nsubjpass")]
            recent = self._nearest(people, head.idx)
            ent = (
                recent
                if recent is not None and self.rules.name_genders.get(recent[0].lower_) == gender
                else None
            )
            ent = ent or self._nearest(subjects, head.idx) or recent
            if ent is not None:
                name = self._full_name(ent)
                return self._result("person", name, self.roles.get(name), ent)
        if "organization" in wanted:
            ent = self._nearest(self.orgs, head.idx)
            # Only a name close before: far back, "they"/"it" is anyone ("They" -> Beijing).
            if ent is not None and head.idx - ent.end_char <= FALLBACK_CHARS:
                return self._result("organization", self._org_name(ent), None, ent)
        kind = "person" if low in ("i",) else "unknown"
        return self._result(kind, None, role, None)

    def _agrees(self, name: str, gender: str | None) -> bool:
        """Whether a person's first name is compatible with a pronoun's gender (unknown names are)."""
        if gender is None or not name:
            return True
        known = self.rules.name_genders.get(name.split()[0].lower())
        return known is None or known == gender

    # -- helpers --------------------------------------------------------------------------
    def _result(
        self,
        kind: str,
        name: str | None,
        role: str | None,
        antecedent: Span | None,
        ante_span: dict | None = None,
    ) -> dict[str, Any]:
        mention = None
        if antecedent is not None:
            mention = span(self.text, antecedent.start_char, antecedent.end_char)
        elif ante_span is not None:
            mention = ante_span
        return {"kind": kind, "name": name, "role": role, "mention": mention}

    @staticmethod
    def _nearest(ents: list[Span], before: int) -> Span | None:
        lo, hi = 0, len(ents)
        while lo < hi:  # ents are in text order: the last one starting before `before`
            mid = (lo + hi) // 2
            if ents[mid].start_char < before:
                lo = mid + 1
            else:
                hi = mid
        return ents[lo - 1] if lo else None

    def _description(
        self, head: Token, mention: Span, lemma: str, role: str | None
    ) -> dict[str, Any] | None:
        """ "the company", "the senator": the entity the description refers back to."""
        desc = self.rules.descriptions.get(lemma)
        if (desc is None or desc.kind != PERSON) and self.table.at(mention.start, head.i):
            return None  # "the Aldmoor team": a named organisation's, not a reference back
        entry = description_antecedent(
            self.table, self.rules, self.index, head, mention, self.resolved
        )
        if entry is not None:
            return self._entry_result(entry, role, None)
        if desc is not None and desc.kind != PERSON:
            # No organisation of the kind: the one the passage is about now, subjects first.
            entry = pronoun_antecedent(self.table, self.index, head, (ORG,), self.resolved)
            if entry is not None:
                return self._entry_result(entry, role, None)
        if lemma in self.rules.referring_nouns:
            run = named_run(self.doc, lemma, head.i)
            if run is not None:
                return self._result("organization", strip_the(clean_name(run.text)), role, run)
            entry = salient_org(self.table, head.i)
            if entry is not None:
                return self._entry_result(entry, role, None)
        return None

    def _entry_result(self, entry: Entry, role: str | None, at: Span | None) -> dict[str, Any]:
        """The claimant dict of a mention that refers to `entry`; its antecedent is its last name
        mention."""
        result = self._result(entry.kind, entry.name, role, at)
        before = [m for m in entry.mentions if m[1] <= self._at]
        if at is None and before:
            s, e = max(before)
            result["mention"] = span(self.text, s, e)
        result["entry"] = entry
        return result

    def _full_name(self, ent: Span) -> str:
        entry = self.table.at(ent.start, ent.end)
        if entry is not None and entry.kind == PERSON and len(entry.words) > 1:
            return entry.name
        name = clean_name(ent.text)
        if len(ent) == 1:
            return self.full_names.get(ent[0].text.lower(), name)
        return name
