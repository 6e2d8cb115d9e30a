"""What a cue verb's subject claims: the complement of the verb that is the claim's content.

`complement` reads a lexicon cue verb (`cues.tsv`, read as `verbs.tsv` says), `framed` a verb or
adjective of `frames.tsv`; both return a `Complement`. The verb-cue rules of `claimx.rules.verbs`
use them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimx.rules.ruleset import RuleSet
from claimx.rules.syntax import (
    circumstance,
    object_before_as,
    own_cue,
    purpose,
    setting_clause,
)
from claimx.rules.text import char_range

# Punctuation that sets off a clause that is a claim of its own (`..., accusing it of A`).
CLAUSE_BREAKS = (",", "—", "–", ";")
# What may follow a claimed object and complete it ("blamed A for B", "called A a B").
OBJECT_TAILS = ("prep", "oprd", "xcomp", "ccomp")

# The frames whose verbs' objects are claims ("announced plans", "called it a fraud", "saw it as
# a threat", "cited a study"): an intention's object is what is wanted or done ("seeking
# office", "pushing up prices"), not a claim.
CLAIM_FRAMES = frozenset({"speech", "belief", "finding"})

# A complement found for a cue verb: content range, rule, end of the cue's own words (or None),
# and a weight overriding the cue's (or None).
Complement = tuple[tuple[int, int], str, "int | None", "float | None"]


def complement(tok: Token, lemma: str, rules: RuleSet) -> Complement | None:
    """What a lexicon cue verb's subject claims: its clause, its object, or a framed complement."""
    doc = tok.doc
    kids = list(tok.children)
    frame = rules.cue_verbs[lemma].frame
    speech = frame == "speech"
    ccomps = [c for c in kids if c.dep_ == "ccomp"]
    if ccomps:
        c = ccomps[-1] if any(k.i > tok.i for k in ccomps) else ccomps[0]
        after = [k for k in ccomps if k.i > tok.i]
        if after:
            c = after[0]
        lo, hi = c.left_edge.i, c.right_edge.i + 1
        if c.i > tok.i:
            lo = max(lo, tok.i + 1)
            # `said the agency has to date only attracted one company, X`: the parser split
            # one clause into clauses that follow each other; the claim is all of them.
            for k in after[1:]:
                if k.left_edge.i != hi:
                    break
                hi = k.right_edge.i + 1
        if c.i < tok.i:
            # `A, but B, the source added`: the parser made each clause a complement of the
            # cue; the claim is all of them, when only commas and conjunctions stand between.
            last = c
            for k in ccomps[1:]:
                if k.i < tok.i and all(
                    doc[j].dep_ in ("punct", "cc") for j in range(hi, k.left_edge.i)
                ):
                    hi, last = k.right_edge.i + 1, k
            # Content before the cue ("..., sources said"): it ends where the cue's own words begin.
            hi = min(hi, left_edge_without(tok, last))
            head = tok.head
            if tok.dep_ == "conj" and head.i < lo and _joined_before(doc, head, lo):
                # `A, but B, the source added`: the parser made the cue a conjunct of A's verb.
                lo = head.left_edge.i
        return char_range(doc, lo, hi), "verb-ccomp", None, None
    if speech:
        told = told_that(tok)
        if told is not None:
            return (
                char_range(doc, told.left_edge.i, told.right_edge.i + 1),
                "verb-ccomp",
                None,
                None,
            )
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
    if rules.reads(lemma, "xcomp"):
        for c in kids:
            if c.dep_ == "xcomp" and c.i > tok.i:
                lo = max(c.left_edge.i, tok.i + 1)
                obj = next((o for o in kids if o.dep_ == "dobj" and tok.i < o.i < c.i), None)
                if obj is not None:
                    lo = min(lo, obj.left_edge.i)
                return char_range(doc, lo, c.right_edge.i + 1), "verb-xcomp", None, None
    preps = rules.content_preps.get(lemma)
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
        # `saw the comment as a dig`: the parser may hang the "as" on the object.
        hung = [
            p
            for o in kids
            if o.dep_ == "dobj" and o.i > tok.i
            for p in o.children
            if p.dep_ == "prep" and p.lower_ == "as"
        ]
        for c in kids + hung:
            if (
                c.dep_ in ("prep", "prt")
                and c.lower_ in preps
                and c.i > tok.i
                and not circumstance(c)
            ):
                end = tok.right_edge.i + 1
                obj = object_before_as(tok, c)
                if obj is not None:
                    # `dismissed the row as "absurd"`: the claim is what is said of what; a
                    # clause after it (`... after she attacked A`) is the writer's setting.
                    end = max(c.right_edge.i, obj.right_edge.i) + 1
                    return char_range(doc, obj.left_edge.i, end), "verb-object", None, None
                start = c.i + 1
                if start < end:
                    return char_range(doc, start, end), "verb-object", c.idx + len(c.text), None
    if frame in CLAIM_FRAMES and not rules.reads(lemma, "no-object"):
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
                if rules.reads(lemma, "object-preposition")
                else OBJECT_TAILS
            )
            end = with_tails(tok, objs[0], end, tails, rules)
            return char_range(doc, objs[0].left_edge.i, end), "verb-object", None, None
    found = framed(tok, lemma, rules, objects=frame in CLAIM_FRAMES)
    if found is not None:
        return found
    # "A, X said": the parser hung the content before the cue as an adverbial clause.
    if speech:
        for c in kids:
            if (
                c.i < tok.i
                and c.dep_ in ("advcl", "dep", "parataxis")
                and c.pos_ in ("VERB", "AUX")
            ):
                if c.dep_ == "advcl" and setting_clause(c):
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
    if (tok.dep_ == "parataxis" or tok.dep_ in ("ccomp", "conj") and tok.i > tok.head.i) and any(
        k.dep_ == "nsubj" for k in kids
    ):
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
    return passive(tok) if not rules.reads(lemma, "no-passive") else None


def passive(tok: Token) -> Complement | None:
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
                c.dep_ in ("oprd", "xcomp", "ccomp", "attr", "acomp")
                # "is projected 12 percent higher": the comparison is what is projected
                or c.dep_ == "advmod"
                and c.tag_ in ("JJR", "RBR")
                or c.dep_ == "prep"
                and c.lower_ != "according"
                and not circumstance(c)
            )
        ),
        default=tok.i,
    )
    return char_range(doc, subj.left_edge.i, end + 1), "verb-passive", None, None


def framed(tok: Token, lemma: str, rules: RuleSet, *, objects: bool = True) -> Complement | None:
    """The complement `claimx/rules/data/frames.tsv` names for this verb (`accused X of A`, `talked about A`).

    Of several framed complements after the verb, the one with the highest weight wins.
    `objects` says whether a `dobj` frame may be read: for a lexicon verb, whether its frame is
    a claim (`CLAIM_FRAMES`). A verb only in `frames.tsv` has no lexicon frame: its object
    frames were learned where annotators read them as claims ("offered advice", "unveiled a
    plan") and are kept.
    """
    frames = rules.frames.get(lemma)
    if not frames:
        return None
    doc = tok.doc
    best: Complement | None = None
    best_weight = 0.0
    kids = [c for c in tok.children if c.i > tok.i]
    # `accused the mayor of A`: the parser often hangs the verb's preposition on its object.
    kids += [
        p for o in kids if o.dep_ == "dobj" for p in o.children if p.dep_ == "prep" and p.i > o.i
    ]
    cue_end: int | None
    for c in kids:
        if c.dep_ == "prep":
            weight = frames.get("prep:" + c.lower_)
            lo, cue_end = c.i + 1, c.idx + len(c.text)
            obj = object_before_as(tok, c)
            if obj is not None:  # `touted the plan as A`: as in the lexicon rule
                lo, cue_end = obj.left_edge.i, None
        else:
            weight = frames.get(c.dep_)
            lo, cue_end = c.left_edge.i, None
            if c.dep_ == "dobj" and not objects:
                continue
        if weight is None or lo > c.right_edge.i or best is not None and best_weight >= weight:
            continue
        hi = c.right_edge.i + 1
        if c.dep_ == "dobj":  # the object's own complements, as in the lexicon rule
            hi = with_tails(tok, c, hi, OBJECT_TAILS, rules)
        best = (char_range(doc, max(lo, tok.i + 1), hi), "verb-frame", cue_end, weight)
        best_weight = weight
    return best


def with_tails(tok: Token, obj: Token, end: int, tails: tuple[str, ...], rules: RuleSet) -> int:
    """Where `tok`'s object ends once the complements that complete it are taken ("blamed A
    for B", "proposed A to help B"), not the time or place, nor a clause that is a claim of
    its own."""
    for k in tok.children:
        if (
            k.i > obj.i
            and (k.dep_ in tails or purpose(k, end))
            and (k.dep_ != "prep" or not circumstance(k))
            and not own_cue(k, rules)
        ):
            end = max(end, k.right_edge.i + 1)
    return end


def before_own_cue(doc: Doc, rng: tuple[int, int], cue: Token, rules: RuleSet) -> tuple[int, int]:
    """Cut a content that ends in `, accusing it of A`: that clause is its own claim."""
    for t in doc[cue.i + 1 :] if rng[0] > cue.idx else ():
        if t.idx >= rng[1]:
            break
        if (
            t.idx > rng[0]
            and own_cue(t, rules)
            and t.right_edge.idx < rng[1] <= t.right_edge.idx + len(t.right_edge.text) + 1
        ):
            j = t.left_edge.i - 1
            joined = t.dep_ == "conj" and j >= 0 and doc[j].dep_ == "cc"  # `said A and insisted B`
            if joined:
                j -= 1
            while j > 0 and doc[j].is_quote and doc[j - 1].text in CLAUSE_BREAKS:
                j -= 1  # `"New York values," stating that A`: the comma inside the quote
            if j >= 0 and doc[j].text in CLAUSE_BREAKS:
                return rng[0], doc[j].idx
            if joined:
                return rng[0], doc[t.left_edge.i - 1].idx  # before the "and"
    return rng


def told_that(tok: Token) -> Token | None:
    """`told a meeting of leaders that A`: the parser took the that-clause for a relative clause
    of the listener; a relative clause led by "that" as its mark (not as its subject or object)
    is what was said."""
    for obj in tok.children:
        if obj.dep_ != "dobj" or obj.i < tok.i:
            continue
        for noun in (obj, *(g for p in obj.children if p.dep_ == "prep" for g in p.children)):
            for c in noun.children:
                first = c.doc[c.left_edge.i]
                if c.dep_ == "relcl" and first.lower_ == "that" and first.dep_ == "mark":
                    return c
    return None


def _joined_before(doc: Doc, head: Token, lo: int) -> bool:
    """Whether the clause starting at token `lo` is joined by a conjunction to `head`'s clause
    right before it (`A, but B`)."""
    j = lo - 1
    while j > head.i and doc[j].dep_ == "punct":
        j -= 1
    return j > head.i and doc[j].dep_ == "cc" and doc[j].head.i == head.i


def left_edge_without(tok: Token, content: Token) -> int:
    """First token index of the cue's own words (its subtree minus the content)."""
    after = content.right_edge.i + 1
    return after if after <= tok.right_edge.i else tok.i
