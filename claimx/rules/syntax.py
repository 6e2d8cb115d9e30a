"""Questions about the dependency parse that several rule families ask.

Plain functions of tokens: the rule set, or the document's text, is passed where one is needed,
so each can be tried on a hand-built parse (`tests/test_syntax.py`).
"""

from __future__ import annotations

from spacy.tokens import Token

from claimx.rules.quote_marks import Quote
from claimx.rules.ruleset import RuleSet
from claimx.rules.text import skip_dateline

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


def subject(tok: Token, rules: RuleSet, text: str) -> Token | None:
    """Who does what `tok` says: its subject (`raw_subject`), not a dateline's place name.

    `text` is the document's text (`DocIndex.text`), where datelines are read.
    """
    found = raw_subject(tok, rules)
    if found is not None and in_dateline(found, text):
        # "WELLSTON - Eastmark's finance minister, Helena Marsh, said": skip the place name.
        for t in tok.doc[found.i + 1 : tok.i]:
            if t.head.i == tok.i and t.pos_ in ("NOUN", "PROPN") and not in_dateline(t, text):
                return t
        for t in found.children:
            # "SHENZHEN, March 3 - Tiangong Semiconductor said": the parser made the name an
            # apposition of the place.
            if t.dep_ == "appos" and t.i < tok.i and not in_dateline(t, text):
                return t
        return None
    return found


def raw_subject(tok: Token, rules: RuleSet) -> Token | None:
    """The subject of `tok`'s clause: its `nsubj`/`csubj`, a passive's agent, a relative
    clause's noun, or the subject of the clause it depends on (`wants to A`, `said A and B`)."""
    cur = tok
    if tok.dep_ == "advcl" and own_cue(tok, rules):
        # `X said that A, stating that B`: the parser hung the participle inside A, but it
        # is X who states B.
        up = tok.head
        while up.dep_ not in ("ccomp", "ROOT") and up.head.i != up.i:
            up = up.head
        if up.dep_ == "ccomp" and up.head.lemma_.lower() in rules.cue_verbs:
            cur = up.head
    for _ in range(4):
        # `"My reaction, that was outrageous," the strategist said`: the parser may give the
        # verb a subject inside the quotation too; the one nearest before the verb speaks.
        subjects = [c for c in cur.children if c.dep_ in ("nsubj", "csubj")]
        if len(subjects) > 1:
            before = [c for c in subjects if c.i < cur.i]
            return before[-1] if before else subjects[0]
        for c in cur.children:
            if c.dep_ == "nsubj" or c.dep_ == "csubj":
                return c
            if c.dep_ == "nsubjpass":
                agent = next((a for a in cur.children if a.dep_ == "agent"), None)
                if agent is not None:
                    return next((p for p in agent.children if p.dep_ == "pobj"), None)
                # `After saying A, she was taken to ...`, `he was quoted as saying A`: the
                # passive subject of the clause a participle hangs from says it.
                return c if cur is not tok else None
        if cur.dep_ == "relcl":
            return cur.head
        if cur.dep_ in ("xcomp", "advcl", "conj", "pcomp", "acl", "acomp") and cur.head.i != cur.i:
            if (
                cur.dep_ == "acl"
                and cur.head.pos_ in ("NOUN", "PROPN")
                and cur.head.lemma_.lower() not in rules.cue_nouns
            ):
                if cur.head.dep_ == "attr":
                    # `He's a puppet saying A`: the copula's subject says it.
                    subj = next((c for c in cur.head.head.children if c.dep_ == "nsubj"), None)
                    if subj is not None:
                        return subj
                return cur.head
            if (
                cur.dep_ == "pcomp"
                and cur.head.dep_ == "prep"
                and cur.head.head.pos_ in ("VERB", "AUX")
            ):
                # `she was suspended after slamming A`: the clause's subject
                cur = cur.head.head
                continue
            cur = cur.head
            continue
        break
    return None


def sourcey(source: Token | None, rules: RuleSet, roles: bool = False) -> bool:
    """Whether `source` can hold a stance: a person, organisation or place entity, a source
    noun of the rule set (`officials`, `the poll`), a personal pronoun, and with `roles` a
    person's role (`a reporter`, `the senator`)."""
    if source is None:
        return False
    if source.lower_ in ("who", "which", "that") and source.head.dep_ == "relcl":
        # `the Chicago Police Department, which reported A`: the noun the clause is about.
        noun = source.head.head
        if noun.i != source.head.i and noun.i != source.i:
            return sourcey(noun, rules, roles)
    if source.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    lemma = source.lemma_.lower()
    return (
        lemma in rules.source_nouns
        or roles
        and lemma in rules.roles
        or source.pos_ == "PRON"
        and source.lower_ in ("he", "she", "they", "we", "i")
    )


def speaker_after(tok: Token) -> Token | None:
    """The speaker named right after an inverted cue: `said Caddell`, `said the minister`."""
    for t in tok.doc[tok.i + 1 : min(len(tok.doc), tok.i + 6)]:
        if t.is_sent_start or t.pos_ == "ADP":
            break  # `said in an interview with ...`: a circumstance, not the speaker
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


def own_cue(tok: Token, rules: RuleSet) -> bool:
    """`called China expansionist, accusing it of A`: a clause led by a cue verb is a claim of
    its own, not part of the object before it."""
    if tok.lemma_.lower() not in rules.cue_verbs:
        return False
    if tok.dep_ == "conj":  # `said that A and insisted that B`
        return any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children) and any(
            c.dep_ == "cc" for c in tok.head.children if c.i < tok.i
        )
    return tok.dep_ in ("advcl", "xcomp", "ccomp") and tok.tag_ == "VBG"


def circumstance(prep: Token) -> bool:
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


def object_before_as(verb: Token, prep: Token) -> Token | None:
    """The object of `verb` between it and `prep` when `prep` is "as" (`dismissed the row as A`)."""
    if prep.lower_ != "as":
        return None
    return next((o for o in verb.children if o.dep_ == "dobj" and verb.i < o.i < prep.i), None)


def purpose(clause: Token, after: int) -> bool:
    """`proposed $1 billion to help states treat addicts`: an infinitive right after the object
    says what it is for, and belongs to the claim; so it does after a time phrase of the verb
    (`announced plans this week to give A`)."""
    if clause.dep_ != "advcl" or not any(
        c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
    ):
        return False
    doc, verb = clause.doc, clause.head
    return clause.left_edge.i == after or all(
        doc[j].dep_ == "npadvmod" and doc[j].head.i == verb.i or doc[j].head.dep_ == "npadvmod"
        for j in range(after, clause.left_edge.i)
    )


def of_object(tok: Token) -> tuple[Token, ...]:
    """The object of `tok`'s "of" (`an average of polls`: polls), if it has one."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            return tuple(g for g in c.children if g.dep_ == "pobj")
    return ()


def setting_clause(tok: Token) -> bool:
    """Whether `tok` heads an adverbial setting rather than a statement: a clause opened by a
    subordinating conjunction (`as`, `while`, `after`) or a participle without a subject."""
    kids = list(tok.children)
    if any(k.dep_ == "mark" for k in kids):
        return True
    return tok.tag_ in ("VBG", "VBN") and not any(
        k.dep_ in ("nsubj", "nsubjpass", "expl") for k in kids
    )


def object_controlled(tok: Token) -> bool:
    """`asked the ministry to publish A`: the object of the verb above, not its subject, publishes."""
    return tok.dep_ == "xcomp" and any(c.dep_ in ("dobj", "dative") for c in tok.head.children)


def in_dateline(tok: Token, text: str) -> bool:
    """Whether `tok` is part of a dateline ("WELLSTON -", "FRANKFURT, Oct 24 (Reuters) -");
    `text` is its document's text."""
    line_start = text.rfind("\n", 0, tok.idx) + 1
    return skip_dateline(text, line_start, len(text)) > tok.idx


def governs(verb: Token, q: Quote) -> bool:
    """Whether the quotation is `verb`'s complement: its words depend on the verb, or the parser
    cut the sentence after a `?` and the verb has nothing else to say (`"Will it?" Reyes pressed.`)."""
    if any(q.inner_start <= c.idx < q.inner_end for c in verb.children):
        return True
    return verb.dep_ == "ROOT" and all(
        c.dep_ in ("punct", "advmod", "prt", "npadvmod") for c in verb.rights
    )


# Dependents that hang off a claimant mention without being part of its name.
NP_CUT_DEPS = {"appos", "relcl", "acl", "advcl", "parataxis", "punct", "ccomp", "dep", "meta"}
# Punctuation inside a name: "start-ups", "AT&T", "Dr."
NAME_PUNCT = {"'s", "’s", "'", "’", "-", "&", "."}


def np_range(tok: Token) -> tuple[int, int]:
    """Token range of the noun phrase headed by `tok`, without appositions, clauses or punctuation."""
    lo = hi = tok.i
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in NP_CUT_DEPS and t.i == tok.i and c.text not in NAME_PUNCT:
                continue
            if c.dep_ == "punct" and c.text not in NAME_PUNCT:
                continue
            lo, hi = min(lo, c.left_edge.i if c.dep_ != "prep" else c.i), max(hi, c.i)
            stack.append(c)
    # Keep the range contiguous around the head: stop at a cut dependent.
    for c in tok.children:
        if c.dep_ in NP_CUT_DEPS and c.text not in NAME_PUNCT:
            if c.i > tok.i:
                hi = min(hi, c.left_edge.i - 1)
            elif c.i < tok.i:
                lo = max(lo, c.right_edge.i + 1)
    doc = tok.doc
    lo, hi = min(lo, tok.i), max(hi, tok.i)  # cuts never leave the head outside its phrase
    while lo < tok.i and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > tok.i and (doc[hi].is_punct or doc[hi].is_space) and doc[hi].text not in (".",):
        hi -= 1
    if hi > tok.i and doc[hi].text == "." and not doc[hi - 1].text.endswith("."):
        hi -= 1
    return lo, hi + 1
