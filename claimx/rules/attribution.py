"""Attribution rules over the dependency parse: who (source token) claims what (content range).

Each rule yields `Candidate`s; `engine.RuleEngine` merges them, resolves claimants and builds
records. Rule names (the `rule` field of a claim):

- `verb-ccomp`: `X said/observes/warned that ...` and content before the cue (`..., sources said`);
- `verb-xcomp`: `with some claiming to ...`, `X wants to ...`;
- `verb-object`: `X attribute A to B`, `polls show A`, `X called for A`, `X point to A as B`;
- `verb-parataxis`: `A, he said, B` where the parser hangs the cue off the content;
- `verb-frame`, `adjective-frame`: a verb or adjective of `models/frames.tsv` with the complement
  it names (`X accused Y of A`, `X is critical of A`);
- `verb-passive`, `evidential`: `A was rejected by X`; `X reportedly did A`, `X seems A`;
- `according-to`: `according to X, A` and `A, according to X`;
- `noun-that`: `his claim that A`, `a statement that A`;
- `quote-after`, `quote-before`, `quote-colon`: direct quotes with the speaker after or before;
- `quote-continuation`: a quote paragraph with no cue continues the last speaker.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from claimx.rules.ruleset import RuleSet
from claimx.rules.index import index_of
from claimx.rules.quote_marks import Quote
from claimx.rules.text import Ranges, char_range, inside_any, overlap, skip_dateline, trim_content

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# Subjects that are a share of those polled (`71 percent approved`, `most said`).
SHARE_WORDS = {
    "percent",
    "%",
    "majority",
    "minority",
    "most",
    "half",
    "third",
    "quarter",
    "plurality",
    "share",
}
# Punctuation that sets off a clause that is a claim of its own (`..., accusing it of A`).
CLAUSE_BREAKS = (",", "—", "–", ";")
# What may follow a claimed object and complete it ("blamed A for B", "called A a B").
OBJECT_TAILS = ("prep", "oprd", "xcomp", "ccomp")
# Nouns of the setting of a telling: `in the legislature`, `at a rally` are its place, not its content.
PLACE_NOUNS = {
    "legislature",
    "interview",
    "statement",
    "speech",
    "debate",
    "rally",
    "meeting",
    "hearing",
    "letter",
    "post",
    "tweet",
    "conference",
    "event",
    "session",
    "town",
    "city",
    "state",
    "country",
}
NON_SOURCE_SUBJECTS = {"which", "that", "who", "what", "there"}
# Verbs too light to carry a stance of their own ("X has Y", "X got Y").
GENERIC_STOP = {
    "be",
    "have",
    "do",
    "get",
    "go",
    "come",
    "take",
    "give",
    "put",
    "let",
    "make",
    "become",
    "include",
    "begin",
    "start",
    "keep",
    "hold",
    "lose",
    "win",
    "use",
    "spend",
    "leave",
    "meet",
    "run",
    "bring",
    "pay",
    "serve",
    "join",
    "turn",
    "move",
    "live",
    "die",
    "sit",
    "stand",
    "help",
    "try",
    "need",
    "seem",
    "appear",
    "happen",
    "remain",
    "stay",
    "walk",
    "lead",
    "follow",
    "receive",
    "raise",
    "visit",
    "watch",
    "play",
    "face",
    "carry",
    "set",
    "send",
    "reach",
    "return",
    "open",
    "close",
    "enter",
    "drop",
    "end",
    "finish",
    "continue",
    "vote",
    "earn",
    "buy",
    "sell",
    "own",
}


# A complement found for a cue verb: content range, rule, end of the cue's own words (or None),
# and a weight overriding the cue's (or None).
Complement = tuple[tuple[int, int], str, "int | None", "float | None"]


@dataclass
class Candidate:
    """One attribution found by a rule, before claimant resolution."""

    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: Token | None
    rule: str
    weight: float
    attribution: str = "indirect"
    cue_token: Token | None = None
    claimant: dict | None = None  # set directly by quote-continuation
    frame: str = "speech"
    extra_hedge: bool = False
    notes: dict = field(default_factory=dict)


class AttributionRules:
    """The dependency-based attribution rules, bound to a rule set."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules

    # -- verbs ------------------------------------------------------------------------------
    def verb_cues(self, doc: Doc, quoted: list[tuple[int, int]] = ()) -> list[Candidate]:
        """Reporting verbs with their complement as content and their subject as source.

        `quoted` are the quotations' ranges: a subject inside one is not the speaker.
        """
        inside = inside_any(list(quoted))
        out = []
        idx = index_of(doc)
        cue_verbs, frames = self.rules.cue_verbs, self.rules.frames
        # Pick the candidate verbs off the index's lists: few tokens pass, and only they become Tokens.
        for i, (pos, dep, lemma) in enumerate(zip(idx.pos, idx.dep, idx.lemma)):
            # A stance adjective of `frames.tsv` after a copula (`X is critical of A`) too.
            stance = pos == "ADJ" and dep == "acomp" and lemma in frames
            if not stance and (
                pos != "VERB"
                or dep in ("amod", "compound", "nmod", "npadvmod")
                or lemma not in cue_verbs
                and lemma not in frames
            ):
                continue
            tok = doc[i]
            cue = cue_verbs.get(lemma) if not stance else None
            found = self._complement(tok, lemma) if cue is not None else self._framed(tok, lemma)
            if found is None:
                continue
            rng, rule, cue_end, weight = found
            if stance:
                rule = "adjective-frame"
            source = self._subject(tok)
            if rule in ("verb-frame", "adjective-frame") and not (
                self._sourcey(source) and not _object_controlled(tok)
            ):
                continue  # frames hold for a person or organisation that does what the verb says
            if (
                source is not None
                and source.lower_ in NON_SOURCE_SUBJECTS
                and not (tok.dep_ == "relcl" and source.head.i == tok.i)
            ):
                continue  # "what", "there": no source; a relative pronoun is resolved to its noun
            if source is not None and (source.is_punct or inside(source.idx)):
                source = self._speaker_after(tok)  # "“...,” said Sofia Lindgren"
            if (
                rule == "verb-object"
                and not self._sourcey(source)
                and (self.rules.reads(lemma, "source-subject") or source is None)
            ):
                continue
            content = trim_content(index_of(doc).text, *self._before_own_cue(doc, rng, tok))
            if content[1] - content[0] < 2:
                continue
            cue_rng = (tok.idx, cue_end if cue_end is not None else tok.idx + len(tok.text))
            out.append(
                Candidate(
                    content=content,
                    cue=cue_rng,
                    source=source,
                    rule=rule,
                    weight=weight if weight is not None else cue.weight,
                    cue_token=tok,
                    frame=cue.frame if cue is not None else "intention",
                )
            )
        return out

    def generic_verbs(self, doc: Doc, quoted: list[tuple[int, int]] = ()) -> list[Candidate]:
        """Stance verbs outside the lexicon: a person or organisation subject and a complement.

        "X endorsed Y", "X hopes to Y", "X blasted Y": lower confidence than lexicon cues.
        """
        inside = inside_any(list(quoted))
        out = []
        idx = index_of(doc)
        for i, (pos, dep, lemma) in enumerate(zip(idx.pos, idx.dep, idx.lemma)):
            if pos != "VERB" or dep in ("amod", "compound", "nmod", "npadvmod", "aux", "auxpass"):
                continue
            if lemma in self.rules.cue_verbs or lemma in GENERIC_STOP:
                continue
            if inside(idx.starts[i]):
                continue
            tok = doc[i]
            source = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if source is None or not self._sourcey(source):
                continue
            kids = list(tok.children)
            comp = next((c for c in kids if c.dep_ == "ccomp" and c.i > tok.i), None)
            if comp is None:
                continue
            content = trim_content(
                index_of(doc).text, *char_range(doc, comp.left_edge.i, comp.right_edge.i + 1)
            )
            if content[1] - content[0] < 2:
                continue
            out.append(
                Candidate(
                    content=content,
                    cue=(tok.idx, tok.idx + len(tok.text)),
                    source=source,
                    rule="verb-generic",
                    weight=0.5,
                    cue_token=tok,
                    frame="intention",
                )
            )
        return out

    def _complement(self, tok: Token, lemma: str) -> Complement | None:
        """What a lexicon cue verb's subject claims: its clause, its object, or a framed complement."""
        doc = tok.doc
        kids = list(tok.children)
        speech = self.rules.cue_verbs[lemma].frame == "speech"
        ccomps = [c for c in kids if c.dep_ == "ccomp"]
        if ccomps:
            c = ccomps[-1] if any(k.i > tok.i for k in ccomps) else ccomps[0]
            after = [k for k in ccomps if k.i > tok.i]
            if after:
                c = after[0]
            lo, hi = c.left_edge.i, c.right_edge.i + 1
            if c.i > tok.i:
                lo = max(lo, tok.i + 1)
            if c.i < tok.i:
                # Content before the cue ("..., sources said"): it ends where the cue's own words begin.
                hi = min(hi, self._left_edge_without(tok, c))
            return char_range(doc, lo, hi), "verb-ccomp", None, None
        if speech:
            # `asked the students if they were A`: the parser hung the question as an adverbial clause.
            for c in kids:
                if (
                    c.dep_ == "advcl"
                    and c.i > tok.i
                    and any(k.dep_ == "mark" and k.lower_ in ("if", "whether") for k in c.children)
                ):
                    return (
                        char_range(doc, c.left_edge.i, c.right_edge.i + 1),
                        "verb-ccomp",
                        None,
                        None,
                    )
        if self.rules.reads(lemma, "xcomp"):
            for c in kids:
                if c.dep_ == "xcomp" and c.i > tok.i:
                    lo = max(c.left_edge.i, tok.i + 1)
                    obj = next((o for o in kids if o.dep_ == "dobj" and tok.i < o.i < c.i), None)
                    if obj is not None:
                        lo = min(lo, obj.left_edge.i)
                    return char_range(doc, lo, c.right_edge.i + 1), "verb-xcomp", None, None
        preps = self.rules.content_preps.get(lemma)
        if preps:
            for c in kids:
                # `called for the president to resign`: the parser made "for" the mark of a clause.
                mark = doc[c.left_edge.i]
                if (
                    c.dep_ == "advcl"
                    and c.i > tok.i
                    and mark.dep_ == "mark"
                    and mark.head.i == c.i
                    and mark.lower_ in preps
                ):
                    return (
                        char_range(doc, mark.i + 1, c.right_edge.i + 1),
                        "verb-object",
                        mark.idx + len(mark.text),
                        None,
                    )
            for c in kids:
                if (
                    c.dep_ in ("prep", "prt")
                    and c.lower_ in preps
                    and c.i > tok.i
                    and not _circumstance(c)
                ):
                    end = tok.right_edge.i + 1
                    obj = _object_before_as(tok, c)
                    if obj is not None:
                        # `dismissed the row as "absurd"`: the claim is what is said of what.
                        return char_range(doc, obj.left_edge.i, end), "verb-object", None, None
                    start = c.i + 1
                    if start < end:
                        return char_range(doc, start, end), "verb-object", c.idx + len(c.text), None
        if not self.rules.reads(lemma, "no-object"):
            # A gerund is an object too ("Cruz supports squeezing out A").
            objs = [
                c
                for c in kids
                if c.i > tok.i
                and (c.dep_ == "dobj" or c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VBG")
            ]
            if not objs and speech and not any(c.dep_ in ("nsubjpass", "auxpass") for c in kids):
                # `called Clinton, his rival, an "enabler"`: the parser took the object for a predicate.
                objs = [c for c in kids if c.i > tok.i and c.dep_ == "oprd"]
            if objs:
                # The parser sometimes splits one object in two ("rapid AI | advances"): take all.
                end = max(c.right_edge.i for c in objs) + 1
                # "attribute A to B", "blame A for B": the preposition belongs to the claim.
                tails = (
                    OBJECT_TAILS + ("advcl",)
                    if self.rules.reads(lemma, "object-preposition")
                    else OBJECT_TAILS
                )
                end = self._with_tails(tok, objs[0], end, tails)
                return char_range(doc, objs[0].left_edge.i, end), "verb-object", None, None
        framed = self._framed(tok, lemma)
        if framed is not None:
            return framed
        # "A, X said": the parser hung the content before the cue as an adverbial clause.
        if speech:
            for c in kids:
                if (
                    c.i < tok.i
                    and c.dep_ in ("advcl", "dep", "parataxis")
                    and c.pos_ in ("VERB", "AUX")
                ):
                    if c.dep_ == "advcl" and _setting_clause(c):
                        continue  # `As they marched, they chanted A`: the setting, not what is said
                    end = c.right_edge.i + 1
                    if end < len(doc) and doc[end].text in (",", "—", "–"):
                        return char_range(doc, c.left_edge.i, end), "verb-ccomp", None, None
        # "A, he said, B": the parser made the cue a dependent of the content's verb.
        # "A, as Dayen noted" and "As The Times reported, A": the cue modifies the claim's clause.
        if (
            tok.dep_ == "advcl"
            and any(k.dep_ == "mark" and k.lower_ == "as" for k in kids)
            and tok.head.i != tok.i
        ):
            head = tok.head
            lo, hi = head.left_edge.i, head.right_edge.i + 1
            if tok.left_edge.i <= lo:
                lo = tok.right_edge.i + 1
            elif tok.right_edge.i + 1 >= hi:
                hi = tok.left_edge.i
            if hi > lo:
                return char_range(doc, lo, hi), "verb-parataxis", None, None
        # "A, a new poll finds": the parser made the cue a dependent of the content's verb.
        if (
            tok.dep_ == "parataxis" or tok.dep_ in ("ccomp", "conj") and tok.i > tok.head.i
        ) and any(k.dep_ == "nsubj" for k in kids):
            head = tok.head
            own = tok.left_edge.i
            if tok.dep_ == "parataxis":
                return (
                    char_range(doc, head.left_edge.i, head.right_edge.i + 1),
                    "verb-parataxis",
                    None,
                    None,
                )
            if own > head.left_edge.i and doc[own - 1].text in (",", "—", "–"):
                return char_range(doc, head.left_edge.i, own), "verb-parataxis", None, None
        return self._passive(tok) if not self.rules.reads(lemma, "no-passive") else None

    @staticmethod
    def _passive(tok: Token) -> Complement | None:
        """`A was rejected by X`: what the agent claims is the passive subject.

        Without an agent (`A was widely condemned as B`) the claim is the clause, its source unnamed.
        """
        subj = next((c for c in tok.children if c.dep_ == "nsubjpass" and c.i < tok.i), None)
        if subj is None:
            return None
        doc = tok.doc
        obj = next((c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i), None)
        if obj is not None:  # `X was asked a question about A`: the object is the claim
            return (
                char_range(doc, obj.left_edge.i, tok.right_edge.i + 1),
                "verb-passive",
                None,
                None,
            )
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        if agent is not None:
            return (
                char_range(doc, subj.left_edge.i, subj.right_edge.i + 1),
                "verb-passive",
                None,
                None,
            )
        end = max(
            (
                c.right_edge.i
                for c in tok.children
                if c.i > tok.i
                and (
                    c.dep_ in ("oprd", "xcomp", "ccomp", "attr")
                    or c.dep_ == "prep"
                    and c.lower_ != "according"
                    and not _circumstance(c)
                )
            ),
            default=tok.i,
        )
        return char_range(doc, subj.left_edge.i, end + 1), "verb-passive", None, None

    def _framed(self, tok: Token, lemma: str) -> Complement | None:
        """The complement `models/frames.tsv` names for this verb (`accused X of A`, `talked about A`).

        Of several framed complements after the verb, the one with the highest weight wins.
        """
        frames = self.rules.frames.get(lemma)
        if not frames:
            return None
        doc = tok.doc
        best: Complement | None = None
        kids = [c for c in tok.children if c.i > tok.i]
        # `accused the mayor of A`: the parser often hangs the verb's preposition on its object.
        kids += [
            p
            for o in kids
            if o.dep_ == "dobj"
            for p in o.children
            if p.dep_ == "prep" and p.i > o.i
        ]
        for c in kids:
            if c.dep_ == "prep":
                weight = frames.get("prep:" + c.lower_)
                lo, cue_end = c.i + 1, c.idx + len(c.text)
                obj = _object_before_as(tok, c)
                if obj is not None:
                    lo, cue_end = (
                        obj.left_edge.i,
                        None,
                    )  # `touted the plan as A`: as in the lexicon rule
            else:
                weight = frames.get(c.dep_)
                lo, cue_end = c.left_edge.i, None
            if weight is None or lo > c.right_edge.i or best is not None and best[3] >= weight:
                continue
            hi = c.right_edge.i + 1
            if c.dep_ == "dobj":  # the object's own complements, as in the lexicon rule
                hi = self._with_tails(tok, c, hi, OBJECT_TAILS)
            best = (char_range(doc, max(lo, tok.i + 1), hi), "verb-frame", cue_end, weight)
        return best

    def _with_tails(self, tok: Token, obj: Token, end: int, tails: tuple[str, ...]) -> int:
        """Where `tok`'s object ends once the complements that complete it are taken ("blamed A
        for B", "proposed A to help B"), not the time or place, nor a clause that is a claim of
        its own."""
        for k in tok.children:
            if (
                k.i > obj.i
                and (k.dep_ in tails or _purpose(k, end))
                and (k.dep_ != "prep" or not _circumstance(k))
                and not self._own_cue(k)
            ):
                end = max(end, k.right_edge.i + 1)
        return end

    def _before_own_cue(self, doc: Doc, rng: tuple[int, int], cue: Token) -> tuple[int, int]:
        """Cut a content that ends in `, accusing it of A`: that clause is its own claim."""
        for t in doc[cue.i + 1 :] if rng[0] > cue.idx else ():
            if t.idx >= rng[1]:
                break
            if (
                t.idx > rng[0]
                and self._own_cue(t)
                and t.right_edge.idx < rng[1] <= t.right_edge.idx + len(t.right_edge.text) + 1
            ):
                j = t.left_edge.i - 1
                joined = (
                    t.dep_ == "conj" and j >= 0 and doc[j].dep_ == "cc"
                )  # `said A and insisted B`
                if joined:
                    j -= 1
                while j > 0 and doc[j].is_quote and doc[j - 1].text in CLAUSE_BREAKS:
                    j -= 1  # `"New York values," stating that A`: the comma inside the quote
                if j >= 0 and doc[j].text in CLAUSE_BREAKS:
                    return rng[0], doc[j].idx
                if joined:
                    return rng[0], doc[t.left_edge.i - 1].idx  # before the "and"
        return rng

    def _own_cue(self, tok: Token) -> bool:
        """`called China expansionist, accusing it of A`: a clause led by a cue verb is a claim of
        its own, not part of the object before it."""
        if tok.lemma_.lower() not in self.rules.cue_verbs:
            return False
        if tok.dep_ == "conj":  # `said that A and insisted that B`
            return any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children) and any(
                c.dep_ == "cc" for c in tok.head.children if c.i < tok.i
            )
        return tok.dep_ in ("advcl", "xcomp", "ccomp") and tok.tag_ == "VBG"

    @staticmethod
    def _speaker_after(tok: Token) -> Token | None:
        """The speaker named right after an inverted cue: `said Caddell`, `said the minister`."""
        for t in tok.doc[tok.i + 1 : min(len(tok.doc), tok.i + 6)]:
            if t.is_sent_start:
                break
            if t.pos_ in ("PROPN", "NOUN", "PRON") and t.dep_ not in (
                "compound",
                "amod",
                "poss",
                "det",
            ):
                return t
            if t.pos_ in ("PROPN", "NOUN") and t.dep_ == "compound":
                continue
        return None

    @staticmethod
    def _left_edge_without(tok: Token, content: Token) -> int:
        """First token index of the cue's own words (its subtree minus the content)."""
        after = content.right_edge.i + 1
        return after if after <= tok.right_edge.i else tok.i

    def _subject(self, tok: Token) -> Token | None:
        found = self._raw_subject(tok)
        if found is not None and _in_dateline(found):
            # "WELLSTON - Eastmark's finance minister, Helena Marsh, said": skip the place name.
            for t in tok.doc[found.i + 1 : tok.i]:
                if t.head.i == tok.i and t.pos_ in ("NOUN", "PROPN") and not _in_dateline(t):
                    return t
            return None
        return found

    def _raw_subject(self, tok: Token) -> Token | None:
        cur = tok
        if tok.dep_ == "advcl" and self._own_cue(tok):
            # `X said that A, stating that B`: the parser hung the participle inside A, but it
            # is X who states B.
            up = tok.head
            while up.dep_ not in ("ccomp", "ROOT") and up.head.i != up.i:
                up = up.head
            if up.dep_ == "ccomp" and up.head.lemma_.lower() in self.rules.cue_verbs:
                cur = up.head
        for _ in range(4):
            for c in cur.children:
                if c.dep_ == "nsubj" or c.dep_ == "csubj":
                    return c
                if c.dep_ == "nsubjpass":
                    agent = next((a for a in cur.children if a.dep_ == "agent"), None)
                    if agent is not None:
                        return next((p for p in agent.children if p.dep_ == "pobj"), None)
                    return None
            if cur.dep_ == "relcl":
                return cur.head
            if (
                cur.dep_ in ("xcomp", "advcl", "conj", "pcomp", "acl", "acomp")
                and cur.head.i != cur.i
            ):
                if (
                    cur.dep_ == "acl"
                    and cur.head.pos_ in ("NOUN", "PROPN")
                    and cur.head.lemma_.lower() not in self.rules.cue_nouns
                ):
                    return cur.head
                if (
                    cur.dep_ == "pcomp"
                    and cur.head.dep_ == "prep"
                    and cur.head.head.pos_ in ("VERB", "AUX")
                ):
                    cur = (
                        cur.head.head
                    )  # `she was suspended after slamming A`: the clause's subject
                    continue
                cur = cur.head
                continue
            break
        return None

    def _sourcey(self, source: Token | None) -> bool:
        if source is None:
            return False
        if source.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            return True
        kind = self.rules.source_nouns.get(source.lemma_.lower())
        return (
            kind is not None
            or source.pos_ == "PRON"
            and source.lower_ in ("he", "she", "they", "we", "i")
        )

    # -- evidentials ----------------------------------------------------------------------
    def evidentials(self, doc: Doc, quoted: list[tuple[int, int]] = ()) -> list[Candidate]:
        """Claims credited to no one by name: `X reportedly did A`, `X seems A`, `X appears to A`.

        The cue is the evidential adverb or the distancing verb (hedges of type `evidential` and
        `verb` that are not reporting verbs); the claim is the clause, its source unnamed.
        """
        inside = inside_any(list(quoted))
        evidential = {k for k, v in self.rules.hedges.items() if v == "evidential"}
        raising = {k for k, v in self.rules.hedges.items() if v == "verb"} - set(
            self.rules.cue_verbs
        )
        out = []
        idx = index_of(doc)
        for i, (low, pos, lemma) in enumerate(zip(idx.lower, idx.pos, idx.lemma)):
            # The tests below on the index's lists, before a Token is built for the few that pass.
            if not (low in evidential and pos == "ADV" or pos == "VERB" and lemma in raising):
                continue
            if inside(idx.starts[i]):
                continue
            tok = doc[i]
            if pos == "ADV":
                clause = tok.head
                if clause.pos_ not in ("VERB", "AUX"):
                    continue
            elif any(
                c.dep_ in ("xcomp", "acomp", "attr", "oprd") and c.i > i for c in tok.children
            ):
                clause = tok
            else:
                continue
            subj = next(
                (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < clause.i),
                None,
            )
            if subj is None or subj.lower_ in NON_SOURCE_SUBJECTS:
                continue
            sent = index_of(doc).sent(clause)
            lo, hi = max(subj.left_edge.i, sent.start), min(clause.right_edge.i + 1, sent.end)
            content = trim_content(index_of(doc).text, *char_range(doc, lo, hi))
            if content[1] - content[0] < 3:
                continue
            out.append(
                Candidate(
                    content=content,
                    cue=(tok.idx, tok.idx + len(tok.text)),
                    source=None,
                    rule="evidential",
                    weight=0.5,
                    cue_token=tok,
                    frame="belief",
                )
            )
        return out

    # -- according to ---------------------------------------------------------------------
    def according_to(self, doc: Doc) -> list[Candidate]:
        """`according to X` and `in X's poll` before or after the clause they attribute.

        `in` counts when its object is a document noun of `cues.tsv` (`in a new poll, A`,
        `A, in the latest survey`, `in Forbes' words`); the document, or its possessor, is the source.
        """
        out = []
        cue = self.rules.cue_phrases.get("according to")
        idx = index_of(doc)
        lower, dep = idx.lower, idx.dep
        for i, low in enumerate(lower):
            # Only "according to" and a prepositional "in" can start a phrase: test the index's lists first.
            if not (
                low == "according"
                and i + 1 < len(lower)
                and lower[i + 1] == "to"
                or low == "in"
                and dep[i] == "prep"
            ):
                continue
            tok = doc[i]
            if low == "according":
                to = doc[i + 1]
                pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
                rule, weight, attribution = (
                    "according-to",
                    cue.weight if cue else 0.85,
                    "according_to",
                )
            else:
                to = tok
                pobj = next(
                    (
                        d
                        for c in tok.children
                        if c.dep_ == "pobj"
                        for d in (c, *_of_object(c))
                        if d.lemma_.lower() in self.rules.cue_documents
                    ),
                    None,
                )
                rule, attribution = "in-document", "indirect"
                weight = (
                    self.rules.cue_documents[pobj.lemma_.lower()].weight
                    if pobj is not None
                    else 0.0
                )
            if pobj is None:
                continue
            phrase = (tok.i, max(to.right_edge.i, tok.right_edge.i) + 1)
            # "According to the regulator, Ofnet, ...": the name after the comma is the source.
            if (
                phrase[1] + 2 < len(doc)
                and doc[phrase[1]].text == ","
                and pobj.pos_ in ("NOUN", "PROPN")
            ):
                nxt = doc[phrase[1] + 1]
                end = nxt.i
                while end < len(doc) and doc[end].pos_ == "PROPN":
                    end += 1
                if end > nxt.i and end < len(doc) and doc[end].text == "," and end - nxt.i <= 5:
                    phrase = (phrase[0], end + 1)
                    pobj = doc[end - 1]
            if rule == "in-document":
                pobj = next(
                    (c for c in pobj.children if c.dep_ == "poss"), pobj
                )  # "in Forbes' words"
            sent = index_of(doc).sent(tok)
            clause_head = tok.head if tok.head.i != tok.i else sent.root
            # `In a new survey, 71 percent approved of A`: the rest of the sentence, however it was parsed.
            opens = (
                rule == "in-document"
                and phrase[0] == sent.start
                and phrase[1] < sent.end
                and doc[phrase[1]].text == ","
            )
            if (
                rule == "in-document"
                and clause_head.pos_ not in ("VERB", "AUX")
                and all(t.is_punct or t.is_space for t in doc[phrase[1] : sent.end])
            ):
                clause_head = (
                    sent.root
                )  # `took 6 percent of the vote in a poll.`: it closes the sentence
            if rule == "in-document" and (
                clause_head.pos_ not in ("VERB", "AUX")
                and not opens
                or self._reports_itself(clause_head)
            ):
                continue  # "the lead in the poll" is no clause; "X said in a report": the verb is the cue
            lo, hi = clause_head.left_edge.i, clause_head.right_edge.i + 1
            if opens and clause_head.pos_ not in ("VERB", "AUX"):
                lo, hi = phrase[1] + 1, sent.end
            lo, hi = max(lo, sent.start), min(hi, sent.end)
            if phrase[0] <= lo + 1:
                lo = phrase[1]
            elif phrase[1] >= hi - 1 or phrase[0] - lo > hi - phrase[1]:
                hi = phrase[0]  # the phrase closes the clause (or most of it stands before)
            if hi <= lo:
                continue
            content = trim_content(index_of(doc).text, *char_range(doc, lo, hi))
            if content[1] - content[0] < 3:
                continue
            out.append(
                Candidate(
                    content=content,
                    cue=(tok.idx, to.idx + len(to.text)),
                    source=pobj,
                    rule=rule,
                    weight=weight,
                    attribution=attribution,
                    cue_token=tok,
                    frame="finding",
                )
            )
        return out

    def _reports_itself(self, verb: Token) -> bool:
        """`X said in a report that A`: a speech verb is the cue itself, unless its subject is a
        poll's share (`in the survey, 71 percent approved of A`)."""
        cue = self.rules.cue_verbs.get(verb.lemma_.lower())
        if cue is None or cue.frame != "speech":
            return False
        subject = self._subject(verb)
        return subject is None or not (subject.lemma_.lower() in SHARE_WORDS or subject.like_num)

    # -- noun cues ------------------------------------------------------------------------
    def noun_cues(self, doc: Doc) -> list[Candidate]:
        """`his claim that ...`, `a statement that ...`: a claim noun with a that-clause."""
        out = []
        idx = index_of(doc)
        for i, (pos, lemma) in enumerate(zip(idx.pos, idx.lemma)):
            if pos != "NOUN" or lemma not in self.rules.cue_nouns:
                continue
            tok = doc[i]
            clause = next(
                (
                    c
                    for c in tok.children
                    if c.dep_ in ("acl", "ccomp", "relcl")
                    and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                ),
                None,
            )
            if clause is None:
                continue
            source = next((c for c in tok.children if c.dep_ == "poss"), None)
            if source is None and tok.dep_ in ("dobj", "attr") and tok.head.pos_ in ("VERB", "AUX"):
                source = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            end = clause.right_edge.i + 1
            if tok.head.i > tok.i and tok.head.pos_ in ("VERB", "AUX"):
                end = min(
                    end, tok.head.i
                )  # "the warning that A rattled markets": stop before the verb
            content = trim_content(index_of(doc).text, *char_range(doc, clause.left_edge.i, end))
            cue = self.rules.cue_nouns[tok.lemma_.lower()]
            out.append(
                Candidate(
                    content=content,
                    cue=(tok.idx, tok.idx + len(tok.text)),
                    source=source,
                    rule="noun-that",
                    weight=cue.weight,
                    cue_token=tok,
                )
            )
        return out

    # -- direct quotes --------------------------------------------------------------------
    def quotes(self, doc: Doc, quotes: list[Quote], found: list[Candidate]) -> list[Candidate]:
        """Tie each quotation to a claim: widen an overlapping one, or find a cue beside it.

        A quotation interrupted by its cue (`"A," she said. "B"`) becomes one claim over both parts.
        """
        out: list[Candidate] = []
        text = index_of(doc).text
        prev: tuple[Candidate, Quote] | None = None
        ranges = Ranges()
        for cand in found:
            ranges.add(*cand.content, cand)
        for q in quotes:
            inner = (q.inner_start, q.inner_end)
            size = max(1, inner[1] - inner[0])
            # `"A," she said. "B"` continues the quote; `"A," she said, adding that "B"` does not:
            # another claim already holds B.
            owned = prev is not None and any(
                item is not prev[0]
                and item.cue is not None
                and prev[1].end <= item.cue[0] < q.start
                for _, _, item in ranges.overlapping(*inner)
            )
            if (
                prev is not None
                and not owned
                and _interrupted(text, prev[0], prev[1], q)
                and not self._cue_after(doc, q)
                and not self._cue_between(doc, prev[0], q)
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
                and (
                    shared >= 0.5 * size or q.start <= best.content[0] and best.content[1] <= q.end
                )
            ):
                self._absorb(best, q, text)
                cand = best
            else:
                cand = self._quote_cue(doc, q)
                if cand is not None:
                    out.append(cand)
                    ranges.add(*cand.content, cand)
            prev = (cand, q) if cand is not None and cand.cue and cand.cue[0] >= q.end else None
        return out

    def dash_signatures(self, doc: Doc, lines) -> list[Candidate]:
        """`“...” ― Sonya Herridge` and embedded posts `... — Paul Ryan (@SpeakerRyan) July 5`:
        a line whose words are signed with a dash and a name."""
        out = []
        text = index_of(doc).text
        for line in lines:
            dash = max(text.rfind(d, line.start, line.end) for d in ("―", "—", "–", " - "))
            if dash <= line.start:
                continue
            if text[dash] == " ":
                dash += 1
            sig_start = dash + 1
            while sig_start < line.end and text[sig_start] in " \xa0":
                sig_start += 1
            sig_end = line.end
            for stop in ("(@", "</", " (", ","):
                at = text.find(stop, sig_start, sig_end)
                if at > 0:
                    sig_end = at
            name = text[sig_start:sig_end].strip(" .\xa0")
            if not _signature_tail(text[sig_end : line.end]):
                continue  # `MYRTLE BEACH, S.C. - Sen. Ted Cruz, who ...`: the sentence goes on
            words = name.split()
            if not 1 <= len(words) <= 5 or not all(w[:1].isupper() for w in words):
                continue
            start = text.rfind(">", line.start, dash) + 1 or line.start
            start = max(start, line.start)
            content = trim_content(text, start, dash)
            if len(text[content[0] : content[1]].split()) < 3:
                continue
            sig = index_of(doc).span(sig_start, sig_start + len(name))
            if sig is None or any(t.pos_ in ("VERB", "AUX") for t in sig):
                continue
            out.append(_line_claim(text, content, dash, sig.root, "dash-signature"))
        return out

    def colon_lines(self, doc: Doc, lines) -> list[Candidate]:
        """`Name: what they said` lines (headlines, transcripts): the name claims the rest."""
        out = []
        text = index_of(doc).text
        # A headline names its source short ("Sanders: ...") where the tagger may miss the name:
        # a capitalised word the article names elsewhere, or a source noun ("Poll: ..."), will do.
        named = {
            w
            for e in index_of(doc).ents
            if e.label_ in ("PERSON", "ORG", "NORP")
            for w in e.text.split()
        }
        colons = [
            (line, text.find(":", line.start, min(line.end, line.start + 60))) for line in lines
        ]
        colons = [
            (line, colon, text[line.start : colon].strip())
            for line, colon in colons
            if colon >= 0 and len(text[colon + 1 : line.end].split()) >= 3
        ]
        # A label that opens several lines (`Q:`, `A:`, `TAPPER:`) is a transcript's speaker, and
        # so is any upper-case label in a transcript.
        labels = collections.Counter(label for _, _, label in colons)
        transcript = any(n >= 2 for n in labels.values())
        for line, colon, label in colons:
            prefix = index_of(doc).span(line.start, colon, mode="contract")
            if prefix is None or not 1 <= len(prefix) <= 6:
                continue
            if labels[label] < 2 and not (transcript and label.isupper()):
                if not all(t.pos_ in ("PROPN", "NOUN", "PUNCT", "DET", "ADJ") for t in prefix):
                    continue
                if not any(
                    t.pos_ == "PROPN"
                    or t.text[:1].isupper()
                    and (t.text in named or t.lemma_.lower() in self.rules.source_nouns)
                    for t in prefix
                ) and not index_of(doc).ents_in(prefix.start, prefix.end):
                    continue
            content = trim_content(text, colon + 1, line.end)
            out.append(_line_claim(text, content, colon, prefix.root, "colon-line"))
        return out

    @staticmethod
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
        cand.attribution = (
            "direct" if (cand.content[1] - cand.content[0]) <= quoted + 2 else "mixed"
        )

    def _cue_between(self, doc: Doc, cand: Candidate, q: Quote) -> bool:
        """`"A," Franken said. Silverman responded, "B"`: another reporting verb before the next
        quotation introduces it; it does not continue the first. A verb describing the speaker
        (`said X, who knows its gist.`) is no such cue."""
        between = index_of(doc).span(cand.cue[1], q.start, mode="contract")
        speaker = cand.source
        described = (speaker.left_edge.i, speaker.right_edge.i) if speaker is not None else (-1, -1)
        return between is not None and any(
            t.pos_ == "VERB"
            and t.lemma_.lower() in self.rules.cue_verbs
            and not described[0] <= t.i <= described[1]
            for t in between
        )

    def _cue_after(self, doc: Doc, q: Quote) -> bool:
        """Whether a reporting verb follows the quotation directly (`"...," said Y`)."""
        stop = index_of(doc).text.find("\n", q.end, q.end + 60)
        after = index_of(doc).span(
            q.end, stop if stop >= 0 else min(len(index_of(doc).text), q.end + 60), mode="contract"
        )
        for tok in list(after or [])[:6]:
            if tok.pos_ == "VERB" and tok.lemma_.lower() in self.rules.cue_verbs:
                # `... ." Asked what it meant, she said: ...` introduces what follows, not this quote.
                return not any(c.i > tok.i and c.dep_ in ("ccomp", "xcomp") for c in tok.children)
        return False

    def _quote_cue(self, doc: Doc, q: Quote) -> Candidate | None:
        """A cue verb just after (`"...," she said`) or before (`he said: "..."`) a quotation."""
        para_end = index_of(doc).text.find("\n", q.end)
        para_end = len(index_of(doc).text) if para_end < 0 else para_end
        para_start = index_of(doc).text.rfind("\n", 0, q.start) + 1
        after = index_of(doc).span(q.end, min(para_end, q.end + 80), mode="contract")
        closed = index_of(doc).text[q.inner_start : q.inner_end].rstrip().endswith(".")
        if after is not None:
            for n, tok in enumerate(list(after)[:14]):
                if tok.text in ("“", '"', "«") or (tok.is_sent_start and tok.i > after.start + 1):
                    break
                if tok.pos_ != "VERB":
                    continue
                lemma = tok.lemma_.lower()
                # A lexicon verb close by, or any verb the quotation hangs on
                # (`"...," he continued`, `"...," the email read`).
                if lemma in self.rules.cue_verbs and n < 8 or _governs(tok, q):
                    if closed and any(
                        c.i > tok.i
                        and (
                            c.dep_ == "ccomp"
                            or c.dep_ == "dobj"
                            and not self.rules.reads(lemma, "no-object")
                        )
                        for c in tok.children
                    ):
                        break  # `"... ends." She noted a rally`: the next sentence claims its own object
                    src = self._subject(tok)
                    words_end = q.inner_start + len(
                        index_of(doc).text[q.inner_start : q.inner_end].rstrip(" ,.;:")
                    )
                    if (
                        src is not None
                        and src.left_edge.idx <= q.start
                        and words_end <= src.right_edge.idx + len(src.right_edge.text)
                    ):
                        break  # `X, author of "Title," observes ...`: the quotation names the speaker's book
                    if src is None or src.is_punct or q.start <= src.idx < q.end:
                        src = self._speaker_after(tok)
                    return Candidate(
                        content=trim_content(index_of(doc).text, q.start, q.end),
                        cue=(tok.idx, tok.idx + len(tok.text)),
                        source=src,
                        rule="quote-after",
                        weight=self.rules.cue_verbs[lemma].weight
                        if lemma in self.rules.cue_verbs
                        else 0.7,
                        attribution="direct",
                        cue_token=tok,
                    )
        lead_end = q.start
        if not index_of(doc).text[para_start : q.start].strip():
            # `He told the crowd:` closing the paragraph before introduces this one's quotation.
            prev_end = len(index_of(doc).text[:para_start].rstrip())
            if prev_end and index_of(doc).text[prev_end - 1] == ":":
                lead_end = prev_end
                para_start = index_of(doc).text.rfind("\n", 0, prev_end) + 1
        before = index_of(doc).span(max(para_start, lead_end - 120), lead_end, mode="contract")
        if before is not None and len(before):
            toks = list(before)
            last = toks[-1]
            # Only the sentence that leads into the quote.
            last_sent = index_of(doc).sent(last)
            lead = [t for t in toks if t.i >= last_sent.start]
            if last.text == ":" or (last.text == "," and len(lead) > 1):
                for tok in reversed(lead[-10:]):
                    if tok.pos_ == "VERB" and tok.lemma_.lower() in self.rules.cue_verbs:
                        return Candidate(
                            content=trim_content(index_of(doc).text, q.start, q.end),
                            cue=(tok.idx, tok.idx + len(tok.text)),
                            source=self._subject(tok),
                            rule="quote-before",
                            weight=self.rules.cue_verbs[tok.lemma_.lower()].weight,
                            attribution="direct",
                            cue_token=tok,
                        )
                if last.text == ":":
                    subj = next((t for t in reversed(lead) if t.dep_ in ("nsubj",)), None)
                    return Candidate(
                        content=trim_content(index_of(doc).text, q.start, q.end),
                        cue=(last.idx, last.idx + 1),
                        source=subj,
                        rule="quote-colon",
                        weight=0.7,
                        attribution="direct",
                        cue_token=last,
                    )
        return None


def _governs(verb: Token, q: Quote) -> bool:
    """Whether the quotation is `verb`'s complement: its words depend on the verb, or the parser
    cut the sentence after a `?` and the verb has nothing else to say (`"Will it?" Reyes pressed.`)."""
    if any(q.inner_start <= c.idx < q.inner_end for c in verb.children):
        return True
    return verb.dep_ == "ROOT" and all(
        c.dep_ in ("punct", "advmod", "prt", "npadvmod") for c in verb.rights
    )


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


def _object_before_as(verb: Token, prep: Token) -> Token | None:
    """The object of `verb` between it and `prep` when `prep` is "as" (`dismissed the row as A`)."""
    if prep.lower_ != "as":
        return None
    return next((o for o in verb.children if o.dep_ == "dobj" and verb.i < o.i < prep.i), None)


def _purpose(clause: Token, after: int) -> bool:
    """`proposed $1 billion to help states treat addicts`: an infinitive right after the object
    says what it is for, and belongs to the claim."""
    return (
        clause.dep_ == "advcl"
        and clause.left_edge.i == after
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
    )


def _of_object(tok: Token) -> tuple[Token, ...]:
    """The object of `tok`'s "of" (`an average of polls`: polls), if it has one."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            return tuple(g for g in c.children if g.dep_ == "pobj")
    return ()


def _signature_tail(tail: str) -> bool:
    """Whether what follows a dash signature's name ends the line as a signature does: nothing, a
    handle or markup (`(@SpeakerRyan) July 5`), or a short date (`, March 3, 2016`)."""
    tail = tail.strip(" .\xa0")
    if not tail or tail.startswith(("(@", "<", "(")):
        return True
    return len(tail.split()) <= 4 and any(ch.isdigit() for ch in tail)


def _setting_clause(tok: Token) -> bool:
    """Whether `tok` heads an adverbial setting rather than a statement: a clause opened by a
    subordinating conjunction (`as`, `while`, `after`) or a participle without a subject."""
    kids = list(tok.children)
    if any(k.dep_ == "mark" for k in kids):
        return True
    return tok.tag_ in ("VBG", "VBN") and not any(
        k.dep_ in ("nsubj", "nsubjpass", "expl") for k in kids
    )


def _object_controlled(tok: Token) -> bool:
    """`asked the ministry to publish A`: the object of the verb above, not its subject, publishes."""
    return tok.dep_ == "xcomp" and any(c.dep_ in ("dobj", "dative") for c in tok.head.children)


def _circumstance(prep: Token) -> bool:
    """Whether a prepositional phrase gives the time or place of the telling (`on Thursday`,
    `in the legislature`) rather than completing what is claimed (`regard him with distaste`)."""
    # The date must be the phrase's own (`on Thursday`, `during a Tuesday interview`), not one
    # inside a clause of it (`attacked him for comments made this week`).
    if any(
        t.ent_type_ in ("DATE", "TIME")
        for obj in prep.children
        for t in (obj, *obj.children)
        if t.dep_ not in ("acl", "relcl")
    ):
        return True
    return prep.lower_ in ("in", "at", "during") and any(
        t.ent_type_ in ("GPE", "FAC", "LOC", "ORG") or t.lemma_ in PLACE_NOUNS
        for t in prep.children
    )


def _in_dateline(tok: Token) -> bool:
    """Whether `tok` is part of a dateline ("WELLSTON -", "FRANKFURT, Oct 24 (Reuters) -")."""
    text = index_of(tok.doc).text
    line_start = text.rfind("\n", 0, tok.idx) + 1
    return skip_dateline(text, line_start, len(text)) > tok.idx


def _line_claim(
    text: str, content: tuple[int, int], cue_at: int, source: Token, rule: str
) -> Candidate:
    """A claim read off one line, `Name: ...` or `... ― Name`: the one-character cue at `cue_at`."""
    quoted = text[content[0]] in "\"“”‘'«"
    return Candidate(
        content=content,
        cue=(cue_at, cue_at + 1),
        source=source,
        rule=rule,
        weight=0.7,
        attribution="direct" if quoted else "indirect",
    )
