"""The document's entity table: every person and organisation it names, with its mentions.

Built once per document from its named entities (`DocIndex.ents`), in one pass in text order:

- a person's mentions are grouped by name: "Zhou Wei", "Zhou", "Mr. Zhou", "chief executive
  Zhou Wei"; a short name goes to the full name it shortens, the most recent one, or the most
  mentioned one when the text has two (Hillary and Bill Clinton), or the one an honorific's
  gender fits ("Mrs. Clinton");
- an organisation's mentions by name, first words and initials: "Tiangong Semiconductor",
  "Tiangong"; "International Monetary Fund", "IMF";
- roles come from titles before a name ("President Obama", "Sen. Ted Cruz") and appositions
  ("Lindsey Graham, the South Carolina senator"); gender from honorifics and first names
  (`honorifics.tsv`, `names.tsv`).

`claimx.rules.referents` reads the table to resolve descriptions, pronouns and short names.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span

from claimx.rules.index import DocIndex
from claimx.rules.names import (
    name_words,
    org_name,
    stem,
    title_case_line,
)
from claimx.rules.ruleset import RuleSet
from claimx.rules.text import span

PERSON = "person"
ORG = "organization"
# Words an organisation's initials leave out.
INITIAL_SKIP = {"of", "the", "and", "for", "&", "on", "in", "de"}
# Dependents before a name that form its title ("Republican presidential nominee Donald Trump").
TITLE_DEPS = {"compound", "amod", "nmod", "nn", "npadvmod"}


@dataclass
class Entry:
    """One entity of the document while the table is built."""

    id: str
    kind: str
    name: str
    words: list[str]
    mentions: list[tuple[int, int]] = field(default_factory=list)  # character ranges
    roles: list[str] = field(default_factory=list)
    role_words: set[str] = field(default_factory=set)
    gender: str | None = None  # "f" or "m"
    count: int = 0
    subjects: int = 0  # mentions as a subject
    last: tuple[int, bool] = (-1, False)  # sentence of the latest mention, and whether a subject
    publication: bool = False

    @property
    def surname(self) -> str:
        """The last word of the name, lower case ("zhou" for "Zhou Wei" is not known: "wei")."""
        return self.words[-1].lower() if self.words else ""

    def add_role(self, role: str) -> None:
        """Record a role or title seen with the entity, and its words for matching descriptions."""
        if role and role not in self.roles:
            self.roles.append(role)
        self.role_words.update(w.strip(",;:").lower() for w in role.split())

    def record(self, text: str) -> dict[str, Any]:
        """The entity as a `Referent` dict."""
        gender = {"f": "female", "m": "male"}.get(self.gender or "")
        return {
            "id": self.id,
            "name": self.name,
            "kind": "publication" if self.publication else self.kind,
            "mentions": [span(text, s, e) for s, e in sorted(set(self.mentions))],
            "roles": self.roles,
            "gender": gender,
            "ref": None,
        }


class EntityTable:
    """The persons and organisations of one document, and which entity each name mention is."""

    def __init__(self, index: DocIndex, rules: RuleSet, org_like: Any) -> None:
        self.index = index
        self.rules = rules
        self.text = index.text
        self.entries: list[Entry] = []
        # One row per name mention, in text order: (first token, last token + 1, entry).
        self._starts: list[int] = []
        self._rows: list[tuple[int, int, Entry]] = []
        self._full: dict[str, Entry] = {}  # "zhou wei" -> entry
        self._by_surname: dict[str, list[Entry]] = {}
        self._by_first: dict[str, list[Entry]] = {}  # first names of full names
        self._org_keys: dict[str, Entry] = {}
        self.quoted: frozenset[int] | None = None  # tokens inside quotation marks (referents.py)
        self._lower: set[str] | None = None  # words the text writes in lower case (headlines)
        ents = index.ents
        # Full person names by surname, for short names met before them (a headline's "Clinton").
        ahead: dict[str, list[Span]] = {}
        for e in ents:
            if e.label_ == "PERSON" and not org_like(e):
                words = name_words(e)
                if len(words) >= 2:
                    ahead.setdefault(words[-1].lower(), []).append(e)
        for e in ents:
            person = e.label_ == "PERSON" and not org_like(e) and not _employer(e)
            if e.label_ == "ORG" and len(e) == 1 and e.text.lower() in self._by_surname:
                person = True  # "Roux" after "Camille Roux", tagged ORG
            elif e.label_ == "ORG" and len(e) > 1:
                # "Impeach AG Lynch" in a headline, tagged ORG: Lynch, named in full below.
                short = self._headline_trim(e, name_words(e))
                person = len(short) == 1 and short[0].lower() in ahead
            if person:
                entry = self._person(e, ahead)
            elif e.label_ in ("ORG", "PERSON"):
                e = _whole_org(e)
                entry = self._org(e)
            else:
                continue
            if entry is None:
                continue
            entry.count += 1
            subject = e.root.dep_ in ("nsubj", "nsubjpass")
            entry.subjects += subject
            entry.last = (index.sent_of[e.start], subject)
            entry.mentions.append((e.start_char, e.end_char))
            self._starts.append(e.start)
            self._rows.append((e.start, e.end, entry))
        self._untagged_surnames()

    # -- lookups ------------------------------------------------------------------------------
    def at(self, lo: int, hi: int) -> Entry | None:
        """The entity of the name mention inside tokens [lo, hi) (the last one, if several)."""
        i = bisect_right(self._starts, hi - 1) - 1
        while i >= 0 and self._rows[i][0] >= lo:
            start, end, entry = self._rows[i]
            if end <= hi:
                return entry
            i -= 1
        return None

    def covering(self, tok: int) -> Entry | None:
        """The entity of the name mention that token `tok` is part of."""
        i = bisect_right(self._starts, tok) - 1
        if i >= 0 and self._rows[i][0] <= tok < self._rows[i][1]:
            return self._rows[i][2]
        return None

    def mentions_before(self, tok: int, limit: int = 60) -> list[tuple[int, int, Entry]]:
        """The name mentions that end before token `tok`, the most recent first (at most `limit`)."""
        i = bisect_right(self._starts, tok - 1)
        out: list[tuple[int, int, Entry]] = []
        while i > 0 and len(out) < limit:
            i -= 1
            row = self._rows[i]
            if row[1] <= tok:
                out.append(row)
        return out

    def named(self, name: str, kind: str) -> Entry | None:
        """The entity of this kind called `name` in full."""
        key = name.lower()
        entry = self._full.get(key) if kind == PERSON else self._org_keys.get(key)
        return entry if entry is not None and entry.name.lower() == key else None

    def by_org_key(self, word: str) -> Entry | None:
        """The organisation a short name or initials stand for ("IMF", "Tiangong", "Post")."""
        return self._org_keys.get(word.lower())

    def add(self, kind: str, name: str, lo: int, hi: int, chars: tuple[int, int]) -> Entry:
        """Enter a claimant named by a proper noun the tagger missed ("Tiangong Semiconductor")."""
        words = name.split()
        entry = self._org_keys.get(name.lower()) if kind == ORG else self._full.get(name.lower())
        if entry is None and kind == ORG:
            short = self._org_keys.get(words[0].lower())
            if short is not None and len(short.words) == 1:
                short.name, short.words, entry = name, words, short  # "Tiangong" said so first
        if entry is None:
            entry = self._new(kind, name, words)
            if kind == PERSON:
                self._full[name.lower()] = entry
                self._by_surname.setdefault(words[-1].lower(), []).append(entry)
        if kind == ORG:
            self._org_keys.setdefault(name.lower(), entry)
            self._org_keys.setdefault(words[0].lower(), entry)
        entry.count += 1
        entry.mentions.append(chars)
        at = bisect_right(self._starts, lo)
        self._starts.insert(at, lo)
        self._rows.insert(at, (lo, hi, entry))
        return entry

    def add_mention(self, entry: Entry, chars: tuple[int, int]) -> None:
        """Record a claimant mention ("he", "the company") of `entry`, unless it overlaps one
        of its mentions already ("chief executive Zhou Wei" and "Zhou Wei")."""
        s, e = chars
        if not any(s < me and ms < e for ms, me in entry.mentions):
            entry.mentions.append(chars)

    def records(
        self, keep: set[str], skip: tuple[int, int] | None = None
    ) -> tuple[list[dict[str, Any]], dict[str, str]]:
        """The table as `Referent` dicts, in order of first mention and numbered in that order,
        and the renumbering (old id -> new id) for the claimants that point into it.

        An entity named only inside `skip` (the headline, where title case fools the tagger:
        "Regulator Warns") is left out unless a claimant's id in `keep` points to it."""

        def shown(e: Entry) -> bool:
            if skip is None or e.id in keep:
                return True
            return any(not (skip[0] <= s and e_ <= skip[1]) for s, e_ in e.mentions)

        ordered = sorted(
            (e for e in self.entries if shown(e)), key=lambda e: min(e.mentions, default=(0, 0))
        )
        renumber = {e.id: f"e{n}" for n, e in enumerate(ordered, 1)}
        records = [{**e.record(self.text), "id": renumber[e.id]} for e in ordered]
        return records, renumber

    # -- building -----------------------------------------------------------------------------
    def _new(self, kind: str, name: str, words: list[str]) -> Entry:
        entry = Entry(f"e{len(self.entries) + 1}", kind, name, words)
        self.entries.append(entry)
        return entry

    def _person(self, ent: Span, ahead: dict[str, list[Span]]) -> Entry | None:
        named = name_words(ent)
        words = self._headline_trim(ent, named)
        if not words:
            return None
        honor = self._honorific(ent)
        # A first name gives a gender; a one-word name only when no one has it as a surname.
        first = self.rules.name_genders.get(words[0].lower())
        if len(words) == 1 and words[0].lower() in self._by_surname:
            first = None
        gender = honor or first
        if len(words) >= 2:
            key = " ".join(w.lower() for w in words)
            entry = self._full.get(key)
            if entry is None:
                # "Clinton" met before "Hillary Clinton" (a headline): the short entry grows up.
                short = [
                    e for e in self._by_surname.get(words[-1].lower(), []) if len(e.words) == 1
                ]
                entry = short[-1] if short else None
                if entry is not None and entry.gender and gender and entry.gender != gender:
                    entry = None
                # "Donald J. Trump" after "Donald Trump": one person, the first name given.
                same = [
                    e
                    for e in self._by_surname.get(words[-1].lower(), [])
                    if len(e.words) >= 2 and e.words[0].lower() == words[0].lower()
                ]
                if same:
                    entry = same[-1]
                elif entry is not None:
                    entry.name, entry.words = " ".join(words), words
                else:
                    entry = self._new(PERSON, " ".join(words), words)
                    self._by_surname.setdefault(words[-1].lower(), []).append(entry)
                firsts = self._by_first.setdefault(words[0].lower(), [])
                if entry not in firsts:
                    firsts.append(entry)
                self._full[key] = entry
        else:
            entry = self._short_person(ent, words[0], honor, ahead)
        if gender and not entry.gender:
            entry.gender = gender
        role = self._title(ent) if words == named else None  # a headline's words are no title
        if role:
            entry.add_role(role)
        appos = _appos_role(ent)
        if appos:
            entry.add_role(appos)
        return entry

    def _short_person(
        self, ent: Span, word: str, honor: str | None, ahead: dict[str, list[Span]]
    ) -> Entry:
        low = word.lower()
        cands = [
            e
            for e in self._by_surname.get(low, [])
            if not (honor and e.gender and e.gender != honor)
        ]
        if not cands:
            # A first name alone ("Hillary"), of someone named in full before.
            cands = [e for e in self._by_first.get(low, []) if e.kind == PERSON]
        if len(cands) == 1:
            return cands[0]
        if cands:
            # Two people of one surname: the subject of this or the last sentence, else the one
            # mentioned most, as a subject most, first.
            here = self.index.sent_of[ent.start]
            recent = max(cands, key=lambda e: e.last[0])
            if recent.last[1] and here - recent.last[0] <= 1:
                return recent
            return max(cands, key=lambda e: (e.count, e.subjects, -int(e.id[1:])))
        later = [e for e in ahead.get(low, []) if e.start > ent.start]
        if later:
            words = name_words(later[0])
            entry = self._new(PERSON, " ".join(words), words)
            self._full[" ".join(w.lower() for w in words)] = entry
            self._by_surname.setdefault(low, []).append(entry)
            return entry
        entry = self._new(PERSON, word, [word])
        self._by_surname.setdefault(low, []).append(entry)
        return entry

    def _org(self, ent: Span) -> Entry | None:
        name = org_name(ent.text)
        if not name:
            return None
        words = name.split()
        key = name.lower()
        entry = self._org_keys.get(key)
        if entry is None and len(words) == 1:
            entry = self._org_keys.get(key)
        if entry is None:
            # "Tiangong Semiconductor" after "Tiangong": the longer name is the fuller one.
            entry = self._org_keys.get(words[0].lower()) if len(words) > 1 else None
            if entry is not None and len(entry.words) == 1 and entry.words[0] == words[0]:
                entry.name, entry.words = name, words
            elif entry is not None and not (
                len(entry.words) > 1 and entry.words[: len(words)] == words
            ):
                entry = None
        if entry is None:
            entry = self._new(ORG, name, words)
        entry.publication = entry.publication or self._is_credit(ent)
        self._org_keys.setdefault(key, entry)
        if len(words) > 1:
            caps = [w for w in words if w.lower() not in INITIAL_SKIP]
            if len(caps) > 1:
                self._org_keys.setdefault("".join(w[0] for w in caps).lower(), entry)
            self._org_keys.setdefault(words[0].lower(), entry)
            self._org_keys.setdefault(words[-1].lower(), entry)
        appos = _appos_role(ent)
        if appos:
            entry.add_role(appos)
        return entry

    def _headline_trim(self, ent: Span, words: list[str]) -> list[str]:
        """A name in a title-case line without the headline words the tagger took into it:
        "Endorsed Trump" is Trump, "Impeach AG Lynch" is Lynch. A leading word goes when the
        article writes it in lower case elsewhere (in any inflection), or when it is an
        abbreviation of two or three capitals."""
        if len(words) < 2 or not title_case_line(self.text, ent.start_char):
            return words
        if self._lower is None:
            self._lower = {stem(t.lower_) for t in self.index.doc if t.is_lower}
        while len(words) > 1 and (
            stem(words[0].lower()) in self._lower
            or (words[0].isupper() and 2 <= len(words[0]) <= 3)
        ):
            words = words[1:]
        return words

    def _untagged_surnames(self) -> None:
        """Add the surnames the tagger missed ("Ham made it clear", after "Gen. Norman Ham"): a
        capitalised proper noun on its own, outside every name, that is the surname of exactly
        one person named in full before it."""
        idx = self.index
        doc = idx.doc
        full = {k: v[0] for k, v in self._by_surname.items() if len(v) == 1 and len(v[0].words) > 1}
        if not full:
            return
        taken = {i for lo, hi, _ in self._rows for i in range(lo, hi)}
        added = []
        pos, lower = idx.pos, idx.lower
        # The index's lists first: a Token is built only for a proper noun that is a surname.
        for i, low in enumerate(lower):
            if pos[i] != "PROPN" or low not in full or i in taken:
                continue
            tok, entry = doc[i], full[low]
            if tok.ent_type_ in ("PERSON", "ORG") or not tok.text[:1].isupper():
                continue
            if entry.mentions[0][0] > tok.idx:
                continue
            if (i > 0 and pos[i - 1] == "PROPN") or (i + 1 < len(pos) and pos[i + 1] == "PROPN"):
                continue  # part of another name ("Ham Radio Club")
            entry.count += 1
            entry.subjects += tok.dep_ in ("nsubj", "nsubjpass")
            entry.mentions.append((tok.idx, tok.idx + len(tok.text)))
            added.append((tok.i, tok.i + 1, entry))
        if added:
            self._rows = sorted(self._rows + added, key=lambda r: r[0])
            self._starts = [r[0] for r in self._rows]

    def _honorific(self, ent: Span) -> str | None:
        """The gender an honorific before or at the start of `ent` gives ("Mrs. Clinton")."""
        doc = ent.doc
        for i in (ent.start, ent.start - 1):
            if 0 <= i < len(doc) and doc[i].lower_ in self.rules.honorifics:
                return self.rules.honorifics[doc[i].lower_]
        return None

    def _title(self, ent: Span) -> str | None:
        """Title words before a name in its phrase: "Sen." in "Sen. Ted Cruz"."""
        doc = ent.doc
        root = ent.root
        lo = ent.start
        i = ent.start - 1
        while i >= 0 and doc[i].head.i == root.i and doc[i].dep_ in TITLE_DEPS:
            lo = doc[i].left_edge.i if doc[i].left_edge.i < i else i
            i = lo - 1
        inside = [
            t
            for t in ent
            if t.lower_ in self.rules.roles or t.lower_.rstrip(".") + "." in self.rules.roles
        ]
        if lo < ent.start:
            words = doc[lo : ent.start].text
            return words.strip(" ,") or None
        if inside:
            return " ".join(t.text for t in inside)
        return None

    def _is_credit(self, ent: Span) -> bool:
        # The wire credit in a dateline, "(Reuters)", is the publisher.
        text = self.text
        return (
            ent.start_char > 0
            and text[ent.start_char - 1] == "("
            and text[ent.end_char : ent.end_char + 1] == ")"
        )


def _employer(ent: Span) -> bool:
    """A one-word "person" that employs one: "analysts at Bernstein", "an economist from ING"."""
    root = ent.root
    prep = root.head
    return (
        len(ent) == 1
        and root.dep_ == "pobj"
        and prep.lower_ in ("at", "from", "with")
        and prep.head.pos_ == "NOUN"
    )


def _whole_org(ent: Span) -> Span:
    """An organisation's whole name when the tagger took only its end: "Reporters Without
    Borders", where a capitalised function word ("Without", "For") inside the run shows it."""
    doc = ent.doc
    lo = ent.start
    saw_function = False
    while lo > 0 and doc[lo - 1].text[:1].isupper() and not doc[lo - 1].ent_type_:
        if doc[lo - 1].pos_ in ("ADP", "CCONJ", "DET"):
            if lo - 1 == doc[lo - 1].sent.start:
                break
            saw_function = True
        elif doc[lo - 1].pos_ not in ("NOUN", "PROPN", "ADJ"):
            break
        lo -= 1
    while lo < ent.start and doc[lo].pos_ in ("ADP", "CCONJ", "DET"):
        lo += 1
    return doc[lo : ent.end] if saw_function and lo < ent.start else ent


def _appos_role(ent: Span) -> str | None:
    """The apposition after a name: "the South Carolina senator" in "Graham, the ... senator,"."""
    root = ent.root
    for c in root.children:
        if c.dep_ == "appos" and c.i >= ent.end and c.pos_ in ("NOUN",):
            lo = c.left_edge.i
            while lo < c.i and c.doc[lo].dep_ in ("det", "punct"):
                lo += 1
            return c.doc[lo : c.i + 1].text
    return None
