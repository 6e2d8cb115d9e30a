"""Parse-tree readings for comparisons: which verb a comparative's clause is set against,
whether a clause is asserted or denied, parallel prepositions, coordinated comparatives."""

from __future__ import annotations

from spacy.tokens import Token

# How far before "than" its comparative may stand ("a much better job of moving X than Y").
THAN_REACH = 12
# Tokens a comparative is not looked for across: another clause or list.
THAN_STOPS = {";", ":", "(", ")", "than", "but", "because", "although", "while", "whereas"}
NEGATIONS = {"not", "n't", "never", "no"}
# Clause openers that ask or suppose rather than assert ("whether X is better than Y").
SUPPOSING = {"whether", "if", "until", "unless"}
# A comparative without "than" compares across clauses joined by one of these ("A is fine, but B
# is better").
CONTRASTS = {"but", "while", "whereas", "yet", "and", "although", "though"}
PLACE_PREPS = {"in", "on", "at", "with", "for", "to"}
# Subjects that are the speaker, not a compared thing ("I like X better").
SPEAKERS = {"i", "you", "we", "one", "he", "she", "they"}


def verb_object(verb: Token) -> Token | None:
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
            found = verb_object(c)
            if found is not None:
                return found
    return None


def contrasted(verb: Token) -> Token | None:
    """The verb of the clause set against `verb`'s ("A is fine, but [I think] B is better";
    "While A works, B is better"; "A gets poor grades while B gets better ones"), or None."""
    link = verb
    for _ in range(2):  # "but I think B is better": the contrast joins the clause above
        if link.dep_ in ("ccomp", "xcomp") and link.head.i != link.i:
            link = link.head
    if link.dep_ == "conj" and any(
        c.dep_ == "cc" and c.lower_ in CONTRASTS for c in link.head.children
    ):
        return link.head
    if link.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in CONTRASTS for c in link.children
    ):
        return link.head
    for c in link.children:
        if (
            c.dep_ == "advcl"
            and c.i < verb.i
            and any(m.dep_ == "mark" and m.lower_ in CONTRASTS for m in c.children)
        ):
            return c
        if (
            c.dep_ == "ccomp"
            and c.i < verb.i
            and c.pos_ in ("VERB", "AUX")
            and c.right_edge.i + 1 < verb.i
            and c.doc[c.right_edge.i + 1].text in (",", ";")
            and not any(m.dep_ == "mark" for m in c.children)
        ):
            return c  # "A is weak, B is a much better sport": two clauses set side by side
    return None


def parallel(than: Token, n: int) -> Token | None:
    """In "better in Python than in PHP", "faster on my phone than on a laptop", what is
    compared with the object is the object of the same preposition before "than"."""
    doc = than.doc
    at = than.i + n
    if at >= len(doc) or doc[at].pos_ != "ADP":
        return None
    prep = doc[at].lower_
    for j in range(than.i - 1, max(0, than.i - THAN_REACH) - 1, -1):
        t = doc[j]
        if t.lower_ in THAN_STOPS or t.is_sent_start:
            break
        if t.lower_ == prep and t.dep_ == "prep":
            return next((c for c in t.children if c.dep_ == "pobj"), None)
    return None


def clause_parallel(than: Token, obj: Token) -> tuple[Token, Token] | None:
    """In "better at tennis than I am at basketball", "harder in Java than it is in Scala",
    the other side is a clause whose subject is a pronoun: the objects of the same preposition
    on both sides are what is compared, as (subject, object)."""
    if obj.pos_ != "PRON" or obj.dep_ not in ("nsubj", "nsubjpass") or obj.head.i < than.i:
        return None
    prep = next((c for c in obj.head.children if c.dep_ == "prep" and c.i > obj.i), None)
    other = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
    if prep is None or other is None:
        return None
    doc = than.doc
    for j in range(than.i - 1, than.sent.start - 1, -1):
        t = doc[j]
        if t.lower_ == prep.lower_ and t.dep_ == "prep":
            mine = next((c for c in t.children if c.dep_ == "pobj"), None)
            return (mine, other) if mine is not None else None
    return None


def named_place(than: Token, word: Token) -> Token | None:
    """The proper noun a preposition brings in between the clause's verb and "than" ("sold
    better in Michigan than California"), or the named object there ("processors run Integer
    code faster than Floating-point code"), when there is exactly one."""
    doc = than.doc
    lo = min(word.i, word.head.i)
    found = [
        t
        for t in doc[lo : than.i]
        if t.dep_ == "pobj"
        and t.pos_ == "PROPN"
        and t.head.lower_ in PLACE_PREPS
        or t.dep_ == "dobj"
        and has_name(t)
    ]
    return found[0] if len(found) == 1 else None


def has_name(tok: Token) -> bool:
    """Whether the phrase headed by `tok` holds a proper noun."""
    return any(t.pos_ == "PROPN" for t in tok.subtree)


def infinitive(tok: Token) -> bool:
    """Whether a comparative takes to + verb ("harder to learn", "easier to use")."""
    if any(c.dep_ in ("xcomp", "ccomp") and c.i > tok.i for c in tok.children):
        return True
    doc = tok.doc
    if tok.i + 2 >= len(doc) or doc[tok.i + 1].lower_ != "to":
        return False
    verb = doc[tok.i + 2]  # "harder to debug", even when the tagger took "debug" for a noun
    return verb.tag_ == "VB" or (verb.is_lower and verb.pos_ not in ("DET", "PRON", "NUM"))


def negated(tok: Token) -> bool:
    """Whether `tok` has a negation among its dependents ("is not better", "never beat")."""
    return any(
        c.dep_ == "neg" or (c.lower_ in NEGATIONS and c.dep_ == "advmod") for c in tok.children
    )


def heads(tok: Token) -> list[Token]:
    """The verbs above a comparative, up to its clause ("is [not] a better option")."""
    out = []
    cur = tok
    for _ in range(3):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        out.append(cur)
        if cur.pos_ in ("VERB", "AUX"):
            break
    return out


def conjuncts(tok: Token) -> list[Token]:
    """The comparatives coordinated with `tok`, before it."""
    out = []
    head = tok.head if tok.dep_ == "conj" else tok
    for c in [head, *head.children]:
        if c is tok or c.i > tok.i:
            continue
        graded = c.tag_ in ("JJR", "RBR") or (
            c.pos_ in ("ADJ", "ADV") and any(m.lower_ in ("more", "less") for m in c.children)
        )
        if graded and (c is head or c.dep_ == "conj"):
            out.append(c)
    return out


def asserted(tok: Token) -> bool | None:
    """Whether the clauses above `tok` assert it (True), deny it ("I don't think X is better":
    False), or only ask or suppose it ("whether X is better", "if X were faster": None)."""
    cur = tok
    for _ in range(8):
        if any(c.dep_ == "mark" and c.lower_ in SUPPOSING for c in cur.children):
            return None
        if cur.dep_ == "ccomp" and negated(cur.head):
            return False
        if cur.head.i == cur.i:
            return True
        cur = cur.head
    return True


def thing_for_speaker(
    subj: Token | None, verb: Token, default: Token | None = None
) -> Token | None:
    """What a pronoun subject's clause compares: "I like B better" compares B, "I used A for
    years" A (its direct object); `default` when it has none; other subjects stand."""
    if subj is None or subj.pos_ != "PRON":
        return subj
    things = [c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")]
    if things:
        return things[0]
    return default if subj.lower_ in SPEAKERS or default is not None else subj


def said(verb: Token) -> Token:
    """The clause a speaker says or thinks ("I think the A stopped fine": "stopped"), else `verb`."""
    if any(c.dep_ == "nsubj" and c.lower_ in SPEAKERS for c in verb.children):
        return next((c for c in verb.children if c.dep_ == "ccomp"), verb)
    return verb
