"""The sides of a comparison: which tokens are compared, their spans, the condition, and the
names the sides resolve to ("they" -> the claimant's "Chinese IT companies")."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from claimx.rules.claimants import GROUP_PRONOUNS, PERSON_PRONOUNS, QUANTIFIERS, np_range
from claimx.rules.index import DocIndex
from claimx.rules.text import span, trim

CONDITION_MARKERS = {"when", "while", "in", "for", "on", "at", "during", "if", "under"}
# Clause openers that set another statement beside the comparison rather than a condition.
NOT_CONDITIONS = {"while", "whereas", "although", "though", "but", "because", "since"}
# Articles left out of a side's span; possessives stay ("their American equivalents").
ARTICLES = {"the", "a", "an"}
FIRST_PERSON = {"i", "we", "me", "us", "our", "my"}
THING_WORDS = {"it", "its"}
DEMONSTRATIVES = {"this", "that", "these", "those"}
RELATIVES = {"that", "which", "who"}
POSSESSIVES = {"their", "its", "his", "her", "our", "my", "your"}
NAMED_LABELS = {"ORG", "PRODUCT", "PERSON", "NORP", "GPE", "FAC", "WORK_OF_ART", "LANGUAGE"}
# A trailing stop that belongs to the word ("Inc.", "U.S."), not to the sentence.
ABBREVIATIONS = {"inc.", "corp.", "co.", "ltd.", "jr.", "sr.", "st.", "u.s.", "u.k.", "etc."}
NOUNS = ("NOUN", "PROPN", "PRON")
# Prepositions that bring in named examples of a side ("others like Go", "including Sony").
EXAMPLE_PREPS = {"like", "including"}
# Words between a subject and the object a comparison brings in ("than", "compared to the").
LINKS = {"ADP", "SCONJ", "CCONJ", "DET", "PUNCT", "VERB", "PART"}
# Subjects that are the speaker, not a compared thing ("I like X better than Y").
SPEAKERS = {"i", "you", "we", "one"}
# Subjects that stand in for the compared thing ("it is easier to learn X than Y").
PLACEHOLDERS = {"it", "this", "that"}


class Sides:
    """Finds and spells out the sides of the comparisons in tokens [lo, hi) of one claim."""

    def __init__(
        self,
        idx: DocIndex,
        lo: int,
        hi: int,
        claimant: dict[str, Any] | None = None,
        referring: frozenset[str] = frozenset(),
    ) -> None:
        self.idx = idx
        self.lo, self.hi = lo, hi
        self.claimant = claimant or {}
        # Nouns that refer back to an organisation as "the <noun>" (sources.tsv).
        self.referring = referring

    # -- which tokens ---------------------------------------------------------------------
    def subject(self, tok: Token) -> Token | None:
        """The subject of the clause `tok` is in: its own, or that of a verb above it."""
        cur = tok
        for _ in range(6):
            for c in cur.children:
                if c.dep_ in ("nsubj", "nsubjpass", "csubj") and c.i != tok.i:
                    return self._relative(c)
            if cur.pos_ == "VERB" or cur.dep_ == "ROOT":
                # "Qwen2 model rivals ..." parsed as a compound of the verb: still its subject.
                left = [
                    c
                    for c in cur.children
                    if c.dep_ == "compound" and c.i < cur.i and c.pos_ in ("NOUN", "PROPN")
                ]
                if left:
                    return left[-1]
            if cur.dep_ in ("acl", "relcl") and cur.head.pos_ in ("NOUN", "PROPN"):
                return cur.head
            if cur.head.i == cur.i:
                return None
            cur = cur.head
        return None

    def comparative_subject(self, word: Token, than: Token) -> Token | None:
        """What a comparative grades: the subject of its clause ("X is faster", "X has better
        graphics", "X is a better option"), not a noun it modifies as subject ("better X than
        Y"). When the subject is the speaker ("I like X better than Y", "I can type faster on
        my phone than my laptop"), the thing compared is the object or place closest before
        "than"."""
        head = word.head
        if word.dep_ == "amod" and any(c.dep_ == "expl" for c in head.head.children):
            return head  # "there are better phones than X": the phones
        if word.dep_ == "amod" and head.dep_ in ("nsubj", "nsubjpass"):
            return None
        subj = self.subject(word)
        doc = word.doc
        if subj is not None and subj.lower_ in PLACEHOLDERS and subj.i < word.i:
            # "it is easier to learn Python than Lisp", "this is nicer in Swift than C": the
            # name between the comparative and "than" is what is compared.
            named = [
                t
                for t in doc[word.i + 1 : than.i]
                if t.pos_ == "PROPN" and t.dep_ in ("dobj", "pobj", "nsubj", "compound", "conj")
            ]
            return self.noun_head(named[-1]) if named else subj
        if subj is not None and subj.lower_ not in SPEAKERS:
            return subj
        # "I like X better than Y", "I rank milk better than soda": the last object before.
        start = subj.i + 1 if subj is not None else max(self.lo, than.i - 12)
        things = [
            t
            for t in doc[start : than.i]
            if t.dep_ in ("dobj", "pobj") and t.pos_ in ("NOUN", "PROPN")
        ]
        return things[-1] if things else subj

    def than_object(self, than: Token, n: int) -> Token | None:
        """The object of "than" (or of a word standing for it) at `than`, `n` tokens long."""
        doc = than.doc
        last = doc[than.i + n - 1]
        pobj = next((c for c in last.children if c.dep_ in ("pobj", "dobj", "pcomp")), None)
        if pobj is not None and pobj.pos_ in ("VERB", "AUX"):
            # "than using JavaScript": the verb's object is the other side.
            pobj = next((c for c in pobj.children if c.dep_ in ("dobj", "pobj")), pobj)
        if pobj is not None:
            return pobj
        # "than Apple is": "than" marks a clause; its subject is the other side.
        if than.dep_ == "mark" and than.head.i > than.i:
            subj = next((c for c in than.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return subj
        after = last.i + 1
        # "than, say, Adidas": the aside is not the other side.
        while after < len(doc) and doc[after].lower_ in ("say", ",", "e.g.", "(", "even"):
            after += 1
        if after < len(doc) and not doc[after].is_sent_start:
            return self.noun_at(doc[after])
        return None

    def noun_at(self, tok: Token) -> Token | None:
        """The head of the noun phrase at or just after `tok` ("say BMW", "the Ford Transit")."""
        doc = tok.doc
        for j in range(tok.i, min(len(doc), tok.i + 4)):
            t = doc[j]
            if t.pos_ in NOUNS or t.like_num:
                return self.noun_head(t)
            if t.is_punct and t.text not in ("'", '"', "“"):
                return None
        return None

    @staticmethod
    def noun_head(tok: Token) -> Token:
        """`tok`, or the noun it is a modifier of ("Ford" -> "Transit" in "Ford Transit")."""
        while (
            tok.dep_ in ("compound", "amod", "nmod", "poss")
            and tok.head.i > tok.i
            and tok.head.pos_ in ("NOUN", "PROPN")
            and tok.head.i - tok.i <= 4
        ):
            tok = tok.head
        return tok

    def _relative(self, tok: Token) -> Token:
        """A relative pronoun stands for the noun its clause modifies ("chips that are faster")."""
        if tok.lower_ in RELATIVES and tok.head.dep_ == "relcl" and tok.head.head.pos_ in NOUNS:
            return tok.head.head
        return tok

    # -- the record's dicts ---------------------------------------------------------------
    def triples(
        self,
        subj: Token,
        relation: str,
        obj: Token,
        anchor: Token,
        polarity: str,
        negated: bool,
        *,
        condition: bool = True,
        object_from: int = 0,
    ) -> list[dict[str, Any]]:
        """One comparison dict per coordinated subject and object ("A and B are faster than C
        or D": four), in text order."""
        out = []
        objs = _conjuncts(obj)
        objs += [e for o in objs for e in _examples(o)]
        for s in _conjuncts(subj):
            for o in objs:
                found = self.triple(
                    s,
                    relation,
                    o,
                    anchor,
                    polarity,
                    negated,
                    condition=condition,
                    object_from=object_from,
                )
                if found is not None:
                    out.append(found)
        return out

    def triple(
        self,
        subj: Token,
        relation: str,
        obj: Token,
        anchor: Token,
        polarity: str,
        negated: bool,
        *,
        condition: bool = True,
        object_from: int = 0,
    ) -> dict[str, Any] | None:
        """The comparison dict, or None when the sides overlap; the object starts at token
        `object_from` or later ("a better Java": Java)."""
        doc = subj.doc
        if (
            obj.lower_ in DEMONSTRATIVES
            and obj.n_lefts + obj.n_rights == 0
            and obj.i + 1 < len(doc)
        ):
            # "to that newfangled Nikon camera" parsed with "that" as the object.
            obj = self.noun_at(doc[obj.i + 1]) or obj
        # "there are [better] phones than X": the side starts after its comparative.
        after = anchor.i + 1 if subj.left_edge.i <= anchor.i < subj.i else 0
        subject = self._np(subj, before=anchor.i if anchor.i > subj.i else len(doc), start=after)
        obj_span, cut = self._np(obj, cut_conditions=True, start=object_from)
        # "better in hockey than baseball" parsed with "than baseball" inside the subject's
        # phrase: the subject ends before the word that brings in the object.
        if subject and obj_span and subj.i < obj.i and subject["end"] > obj_span["start"]:
            head = obj
            while head.dep_ == "conj" and head.head.i < head.i:
                head = head.head  # "than Java and PHP": the cut is before Java for PHP too
            first = max(subj.i + 1, min(head.i, head.left_edge.i))
            subject = self._np(subj, until=self._lead_in(subj.i, first), start=after)
        if subject is None or obj_span is None:
            return None
        if subject["start"] < obj_span["end"] and obj_span["start"] < subject["end"]:
            return None
        cond = None
        if condition:
            cond = self._condition(anchor, after=obj_span["end"])
            if cond is None and cut is not None:
                cond = cut
        return {
            "subject": subject,
            "relation": relation,
            "object": obj_span,
            "condition": cond,
            "polarity": polarity,
            "negated": negated,
            "subject_name": self.name(subj, subject),
            "object_name": self.name(obj, obj_span),
        }

    def _lead_in(self, lo: int, at: int) -> int:
        """The first token of the run of link words ("than", "compared to", ...) before token `at`."""
        doc = self.idx.doc
        j = at
        while j - 1 > lo and doc[j - 1].pos_ in LINKS:
            j -= 1
        return j

    def _np(
        self,
        tok: Token,
        cut_conditions: bool = False,
        start: int = 0,
        before: int = -1,
        until: int = -1,
    ) -> Any:
        """The span of the noun phrase headed by `tok` (without articles or a final stop); with
        `cut_conditions`, (span, condition) where a trailing "on reasoning tasks" is the
        condition, not part of the object."""
        idx = self.idx
        doc = idx.doc
        lo, hi = np_range(tok)
        # "the same system running Windows 8": the participle says which thing is compared.
        acl = next((c for c in tok.children if c.dep_ == "acl" and c.i == hi), None)
        if acl is not None and acl.tag_ in ("VBG", "VBN"):
            hi = max(hi, min(acl.right_edge.i + 1, before if before >= 0 else len(doc)))
        # One conjunct: "Lexus IS" of "Lexus IS and Acura TSX" (each is compared on its own).
        for c in tok.children:
            if c.dep_ in ("conj", "cc") and c.i > tok.i:
                hi = min(hi, c.left_edge.i)
        # Modifiers the parser hung on the verb instead ("new | phone beats"): take them back.
        while (
            lo > 0
            and doc[lo - 1].head.i == tok.head.i
            and (
                doc[lo - 1].dep_ in ("amod", "compound", "poss", "det", "nummod")
                or doc[lo - 1].dep_ in ("advmod", "npadvmod")
                and doc[lo - 1].pos_ == "PROPN"
            )
            and doc[lo - 1].head.i != tok.i
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
        # "MySQL/InnoDB", "Java/C#": one side written as alternatives joined by a slash.
        while lo > 1 and doc[lo - 1].text == "/" and not doc[lo - 2].whitespace_:
            lo = doc[lo - 2].left_edge.i if doc[lo - 2].dep_ == "compound" else lo - 2
        while hi + 1 < len(doc) and doc[hi].text == "/" and not doc[hi].whitespace_:
            hi += 2
        cond = None
        if cut_conditions:
            for c in tok.children:
                if c.dep_ == "prep" and c.i > tok.i and c.lower_ in CONDITION_MARKERS and c.i < hi:
                    end = min(c.right_edge.i + 1, self.hi if self.hi > c.i else len(doc))
                    cond = self._span(c.i, end)
                    hi = c.i
                    break
        if until > tok.i:
            hi = min(hi, until)
        lo = max(lo, min(start, tok.i))
        while lo < tok.i and doc[lo].lower_ in ARTICLES:
            lo += 1
        found = self._span(lo, hi)
        return (found, cond) if cut_conditions else found

    def _span(self, lo: int, hi: int) -> dict[str, Any] | None:
        """Tokens [lo, hi) as a span, without edge punctuation or a sentence's final stop."""
        if hi <= lo:
            return None
        idx = self.idx
        start, end = trim(idx.text, idx.starts[lo], idx.ends[hi - 1], strip=set(" \t\r\n,;:—–-"))
        while end > start and idx.text[end - 1] in ".?!" and not self._abbreviation(start, end):
            end -= 1
        start, end = trim(idx.text, start, end, strip=set(" \t\r\n,;:—–-\"'“”"))
        return span(idx.text, start, end) if end > start else None

    def _abbreviation(self, start: int, end: int) -> bool:
        """Whether the stop ending [start, end) belongs to a word ("Inc.", an initial "F."),
        not to the sentence: an initial at the very end of a sentence is a name's full stop
        ("more reliable than C.")."""
        text = self.idx.text
        word = text[start:end].rsplit(None, 1)[-1].lower()
        if word in ABBREVIATIONS:
            return True
        rest = text[end : end + 3].strip(" \t\"'”’)")
        return len(word) == 2 and word[0].isalpha() and rest[:1] not in ("", "\n")

    def _condition(self, anchor: Token, after: int) -> dict[str, Any] | None:
        """A clause or phrase after the object that says when the comparison holds ("when
        training LLMs", "on coding tasks")."""
        heads = [anchor]
        if anchor.dep_ in ("acomp", "attr", "amod", "advmod", "oprd") and anchor.head.i != anchor.i:
            heads.append(anchor.head)
        for head in heads:
            for c in head.children:
                if c.i <= anchor.i or self.idx.starts[c.left_edge.i] < after:
                    continue
                if c.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in NOT_CONDITIONS for m in c.children
                ):
                    continue  # "..., while the A200 only rivals the H100": another claim
                if c.dep_ == "advcl" or (c.dep_ == "prep" and c.lower_ in CONDITION_MARKERS):
                    if c.dep_ == "prep" and c.lower_ in ("for", "on", "at") and c.i == anchor.i + 1:
                        continue
                    end = min(c.right_edge.i + 1, max(self.hi, c.i + 1))
                    found = self._span(c.left_edge.i, end)
                    if found is not None:
                        return found
        return None

    # -- names ----------------------------------------------------------------------------
    def name(self, tok: Token, side: dict[str, Any]) -> str | None:
        """The name a side resolves to: itself when it is a name; the claimant for a pronoun or
        quantifier that refers to it ("We" in the claimant's own words, "they" after "some
        claim"); the nearest entity before it for "it" or a definite description ("the
        model"), else the description itself; None for a pronoun nothing fits."""
        low = tok.lower_
        claimant = self.claimant
        cname = claimant.get("name")
        cspan = claimant.get("span")
        if cspan and cspan["start"] <= self.idx.starts[tok.i] < cspan["end"] and cname:
            return str(cname)  # the side is the claimant's own mention ("some" -> its group)
        if low in FIRST_PERSON:
            return str(cname) if cname and claimant.get("kind") != "publication" else None
        if low in GROUP_PRONOUNS | QUANTIFIERS:
            if cname and claimant.get("kind") in ("group", "organization"):
                return str(cname)
            return self._group(tok) or self._nearest_entity(tok, ("ORG", "NORP", "GPE"))
        if low in PERSON_PRONOUNS:
            if cname and claimant.get("kind") == "person":
                return str(cname)
            return self._nearest_entity(tok, ("PERSON",))
        if low in THING_WORDS:
            if cname and claimant.get("kind") == "organization":
                return str(cname)  # "Mistral said it outperforms ..."
            return self._nearest_entity(tok, ("PRODUCT", "ORG"))
        if low in DEMONSTRATIVES:
            return None  # "those of its peers": no name of its own
        described = any(
            c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children
        )
        if (
            tok.pos_ == "NOUN"
            and tok.is_lower
            and described
            and not tok.ent_type_
            and not any(t.pos_ == "PROPN" for t in tok.subtree)
        ):
            # A description: "the company" names the organisation before it, "the model" the
            # product before it.
            referring = tok.lemma_.lower() in self.referring
            found = self._nearest_entity(tok, ("ORG",) if referring else ("PRODUCT",))
            if found is not None:
                return found
        text = str(side["text"])
        first = text.split(" ", 1)
        # "their Ascend 910B" names the Ascend 910B.
        return first[1] if len(first) == 2 and first[0].lower() in POSSESSIVES else text

    def _group(self, tok: Token) -> str | None:
        """The group a quantifier or "they" stands for: "some of the X" -> X, else the nearest
        plural subject before it in its sentence or the one before ("Chinese developers have
        released ..., with some claiming ...")."""
        doc = tok.doc
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None:
                    found = self._np(pobj)
                    return str(found["text"]) if found else None
        sent = self.idx.sent(tok)
        start = self.idx.sent(doc[sent.start - 1]).start if sent.start > 0 else sent.start
        for j in range(tok.i - 1, start - 1, -1):
            t = doc[j]
            if t.dep_ in ("nsubj", "nsubjpass") and t.tag_ in ("NNS", "NNPS"):
                found = self._np(t)
                return str(found["text"]) if found else None
        return None

    def _nearest_entity(self, tok: Token, labels: tuple[str, ...]) -> str | None:
        """The text of the last entity with one of `labels` ending before `tok`."""
        idx = self.idx
        for text, _start, end, label in reversed(idx.ent_info):
            if end <= idx.starts[tok.i] and label in labels:
                return text
        return None


def _conjuncts(tok: Token, most: int = 6) -> list[Token]:
    """`tok` and the nouns coordinated with it ("Lexus IS and Acura TSX"), at most `most`."""
    found = [tok] + [c for c in tok.conjuncts if c.i > tok.i and c.pos_ in NOUNS]
    return found[:most]


def _examples(tok: Token) -> list[Token]:
    """The named examples of a side ("others, such as Perl", "drinks like Pepsi", "all companies
    including Sony"): each is compared as well."""
    found: list[Token] = []
    for t in tok.subtree:
        if t.dep_ == "prep" and (
            t.lower_ in EXAMPLE_PREPS
            or t.lower_ == "as"
            and any(c.lower_ == "such" for c in t.children)
        ):
            found += [e for p in t.children if p.dep_ == "pobj" for e in _conjuncts(p)]
    return found[:6]


def name_sides(claims: list[dict[str, Any]], referents: list[dict[str, Any]]) -> None:
    """Name the comparison sides of `claims` (claim dicts) from the document's referents
    (`document.entities` as dicts: `name` and `mentions`): a side whose head mention is one of a
    referent's mentions ("it", "the model", "Codestral") takes the referent's name. In place;
    sides no mention falls inside keep the name the rules gave them."""
    spans = [
        (m["start"], m["end"], str(r["name"])) for r in referents for m in r.get("mentions", [])
    ]
    if not spans:
        return
    for claim in claims:
        for comp in claim.get("comparisons", []):
            for side in ("subject", "object"):
                s, e = comp[side]["start"], comp[side]["end"]
                # The mention that ends the side is its head: "Mistral's [Codestral]".
                inside = [m for m in spans if s <= m[0] and m[1] <= e]
                if inside:
                    comp[f"{side}_name"] = max(inside, key=lambda m: (m[1], m[1] - m[0]))[2]
