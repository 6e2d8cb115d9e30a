"""Resolution against the entity table: descriptions and pronouns to the entity they refer to.

- a definite description ("the company", "the Vermont senator", "the bank") goes to an earlier
  entity whose kind fits and whose name, titles or roles carry one of the noun's words
  (`descriptions.tsv`); the modifiers it shares with a role ("Vermont") and recency decide
  between several; an organisation noun with no typed match falls back to the organisation
  the passage is about;
- a pronoun goes to the most recent compatible mention, subjects first, in its sentence or the
  six before: gender and number must fit, and possessors ("Ivanka Trump's statement") and
  objects of prepositions come last. With no compatible antecedent it stays unresolved.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from claimx.rules.entities import ORG, PERSON, EntityTable, Entry
from claimx.rules.index import DocIndex
from claimx.rules.names import clean_role
from claimx.rules.ruleset import RuleSet
from claimx.rules.syntax import np_range

PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
# Mentions a pronoun rarely refers back to: possessors, objects of prepositions and names used
# as modifiers ("a Trump rally").
OBLIQUE_DEPS = {"poss", "pobj", "compound"}
# A pronoun's antecedent, by sentence distance times SENTENCE_COST plus the mention's tier:
# the subject of a main clause, of another clause, another role, an oblique mention; the last
# speaker or a person just introduced goes first; a person known to be of the pronoun's gender
# ahead of one of unknown gender. An oblique mention loses to a subject one sentence further.
SENTENCE_COST = 6
MAIN_SUBJECT, SUBJECT, OTHER, OBLIQUE, SPEAKER = 0, 1, 3, 8, -2
GENDER_FIT = 1
TOPIC_BONUS = 3  # the most a person's mention count takes off
# A lede's "A former party chairman says A": the sentences it may be in (from the first, the
# headline's) and how many after it may name the person.
LEDE_AT = 2
LEDE_SENTENCES = 3
PRONOUN_SENTENCES = 6  # how many sentences back a pronoun looks (a quotation takes several)
FAR_SENTENCES = 20  # and for a person whose gender is known
RUN_TOKENS = 400  # how far back "the bank" looks for a "Norddeck Bank" the tagger missed
# "the company": how far back an organisation is looked for, and the head start (in sentences
# times three) of one named like the noun or described so.
ORG_SENTENCES = 12
NAMED_BONUS = 15
TYPED_BONUS = 6
# Modifiers that say nothing about who is meant ("the former president").
SALIENT_MENTIONS = 6  # how many sentences of recency a person's mention count can outweigh
GENERIC_MODIFIERS = {"former", "new", "top", "current", "then", "late", "longtime", "veteran"}
MODIFIER_DEPS = {"amod", "compound", "nmod", "npadvmod", "nummod"}


OPEN_QUOTES = {"\u201c", "``"}
CLOSE_QUOTES = {"\u201d"}
TOGGLE_QUOTES = {'"', "''"}
QUOTED_PENALTY = 60  # a name inside a quotation is whom the speaker talks about, not the speaker


def quoted_tokens(table: EntityTable) -> frozenset[int]:
    """The tokens inside quotation marks (a paragraph break closes an open quotation); computed
    once per document and kept on the table."""
    if table.quoted is not None:
        return table.quoted
    inside = False
    out: set[int] = set()
    for tok in table.index.doc:
        text = tok.text
        if "\n" in text:
            inside = False
            continue
        if text in OPEN_QUOTES:
            inside = True
        elif text in CLOSE_QUOTES:
            inside = False
        elif text in TOGGLE_QUOTES:
            inside = not inside
        elif inside:
            out.add(tok.i)
        if "\n" in tok.whitespace_:
            inside = False
    table.quoted = frozenset(out)
    return table.quoted


def mention_tier(root: Token) -> int:
    """How readily a pronoun refers back to a name mention headed by `root`, by its place in
    its sentence (lower is readier; see SENTENCE_COST)."""
    dep = root.dep_
    if dep in SUBJECT_DEPS:
        return MAIN_SUBJECT if root.head.dep_ == "ROOT" else SUBJECT
    return OBLIQUE if dep in OBLIQUE_DEPS else OTHER


def pronoun_antecedent(
    table: EntityTable,
    index: DocIndex,
    head: Token,
    kinds: tuple[str, ...],
    history: list[tuple[int, Entry]],
    gender: str | None = None,
    speaker_first: bool = True,
) -> Entry | None:
    """The entity pronoun `head` refers to, or None when no earlier mention fits. `gender`
    ("f", "m") is the pronoun's own unless given; `speaker_first` puts the last speaker and a
    person just introduced first (a pronoun's habit, not a description's)."""
    gender = gender or PRONOUN_GENDER.get(head.lower_)
    doc = index.doc
    here = index.sent_of[head.i]
    best: tuple[int, int] | None = None
    found: Entry | None = None
    rows = [(lo, hi, e, False) for lo, hi, e in table.mentions_before(head.i)]
    # Earlier claimants count as mentions where they were, and first: a pronoun that speaks
    # usually continues the last speaker ("Xu, an analyst, was blunt: "A ..." ... she said").
    rows += [(tok, tok + 1, e, True) for tok, e in history if tok < head.i]
    quoted = quoted_tokens(table) if head.i not in quoted_tokens(table) else frozenset()
    for lo, hi, entry, claimant in rows:
        distance = here - index.sent_of[lo]
        if distance > PRONOUN_SENTENCES or distance < 0:
            continue
        if entry.kind not in kinds or entry.publication:
            continue
        if gender and entry.gender and entry.gender != gender:
            continue
        root = doc[lo:hi].root
        dep = root.dep_
        if dep in ("poss",) and root.head.i == head.i:
            continue
        tier = mention_tier(root)
        introduced = (
            distance
            and doc[lo].idx == min(entry.mentions)[0]
            and any(c.dep_ == "appos" and c.i >= hi and c.pos_ == "NOUN" for c in root.children)
        )
        if speaker_first and (claimant and root.head.dep_ != "ccomp" or introduced):
            # The last speaker, or a person just introduced with a role ("Henry Crespo,
            # president of ..."): who a quotation's "he said" usually is. A speaker inside
            # another's clause ("X said that Y shows A") is reported, not the last to speak.
            tier = SPEAKER
        if gender and entry.gender == gender:
            tier -= GENDER_FIT
        if lo in quoted and not claimant:
            tier += QUOTED_PENALTY
        # The person the article is about breaks near ties (half a sentence at most).
        tier -= min(entry.count, 2 * TOPIC_BONUS) // 2
        score = (distance * SENTENCE_COST + tier, -lo)
        if best is None or score < best:
            best, found = score, entry
    if found is None and gender:
        # Further back only a person known to be of the pronoun's gender (a first name, an
        # honorific) will do: the latest one.
        for lo, _, entry in table.mentions_before(head.i, limit=200):
            if here - index.sent_of[lo] > FAR_SENTENCES:
                break
            if entry.kind in kinds and entry.gender == gender and lo not in quoted:
                return entry
    return found


def description_antecedent(
    table: EntityTable,
    rules: RuleSet,
    index: DocIndex,
    head: Token,
    mention: Span,
    history: list[tuple[int, Entry]],
) -> Entry | None:
    """The entity a definite description headed by `head` refers back to, if the table has one.

    A person's description with no entity titled so ("the Vermont senator" for a "Sanders"
    never called senator) is read like a pronoun of its gender: the person the passage is about.
    """
    desc = rules.descriptions.get(head.lemma_.lower()) or rules.descriptions.get(head.lower_)
    if desc is None:
        return None
    words = desc.matches | {desc.noun}
    if desc.kind != PERSON:
        return _org_description(table, index, mention, words, desc.kind == "publication")
    mods = {t.lower_ for t in mention if t.i < head.i and t.dep_ in MODIFIER_DEPS}
    best: tuple[int, int, int] | None = None
    found: Entry | None = None
    seen: set[str] = set()
    quoted = quoted_tokens(table) if head.i not in quoted_tokens(table) else frozenset()
    for lo, _, entry in table.mentions_before(mention.start, limit=400):
        if entry.id in seen or entry.kind != PERSON or lo in quoted:
            continue
        seen.add(entry.id)
        if desc.gender and entry.gender and entry.gender != desc.gender:
            continue
        if not _looks_like(entry, words):
            continue
        shared = len(mods & (entry.role_words | {w.lower() for w in entry.words}))
        # Recency, and salience: the person named most often is who a bare "the president" is.
        distance = index.sent_of[mention.start] - index.sent_of[lo]
        score = (-shared, distance - min(entry.count, SALIENT_MENTIONS), -lo)
        if best is None or score < best:
            best, found = score, entry
    if found is None and mods - GENERIC_MODIFIERS:
        # "the Russian leader" for "Russian President Vladimir Putin": a shared modifier.
        for _, _, entry in table.mentions_before(mention.start, limit=400):
            if entry.kind == PERSON and (mods - GENERIC_MODIFIERS) & entry.role_words:
                return entry
    if found is None:
        found = pronoun_antecedent(
            table, index, head, (PERSON,), history, desc.gender, speaker_first=False
        )
    return found


def _org_description(
    table: EntityTable, index: DocIndex, mention: Span, words: frozenset[str], publication: bool
) -> Entry | None:
    """ "the company", "the bank": the organisation named nearest before, subjects first, with
    a head start for one whose name carries a word of the noun ("Norddeck Bank") and a smaller
    one for one whose apposition does ("an independent benchmarking group")."""
    doc = index.doc
    here = index.sent_of[mention.start]
    best: tuple[int, int] | None = None
    found: Entry | None = None
    quoted = quoted_tokens(table) if mention.start not in quoted_tokens(table) else frozenset()
    for lo, hi, entry in table.mentions_before(mention.start, limit=400):
        if entry.kind != ORG or (entry.publication and not publication):
            continue
        named = bool({w.lower() for w in entry.words} & words)
        typed = named or bool(entry.role_words & words)
        if publication and not typed:
            continue
        distance = min(here - index.sent_of[lo], ORG_SENTENCES)
        if not typed and distance > PRONOUN_SENTENCES:
            continue  # an organisation of no known kind only when named near
        dep = doc[lo:hi].root.dep_
        tier = 0 if dep in SUBJECT_DEPS else 2 if dep in OBLIQUE_DEPS else 1
        tier += QUOTED_PENALTY if lo in quoted else 0
        score = (distance * 3 + tier - (NAMED_BONUS if named else TYPED_BONUS if typed else 0), -lo)
        if best is None or score < best:
            best, found = score, entry
    return found


def _looks_like(entry: Entry, words: frozenset[str] | set[str]) -> bool:
    """Whether the entity's name, titles or roles carry one of `words`."""
    names = {w.lower() for w in entry.words}
    return bool(names & words or entry.role_words & words)


def named_later(table: EntityTable, index: DocIndex, head: Token, mention: Span) -> Entry | None:
    """The person a lede's indefinite description introduces before naming ("A former party
    chairman says A" ... "said Don Fowler"): in the article's first sentences only, the first
    person named in full, as a subject, within the next LEDE_SENTENCES sentences and not
    named before."""
    if (
        index.sent_of[head.i] > LEDE_AT
        or head.tag_ != "NN"
        or not any(t.lower_ in ("a", "an") and t.dep_ == "det" for t in mention)
    ):
        return None
    here = index.sent_of[head.i]
    best: tuple[int, Entry] | None = None
    for entry in table.entries:
        if entry.kind != PERSON or len(entry.words) < 2 or not entry.mentions:
            continue
        first = min(entry.mentions)[0]
        tok = index.token_at(first)
        if tok is None or first < mention.end_char:
            continue
        root = index.doc[tok.i : tok.i + len(entry.words)].root
        if root.dep_ not in SUBJECT_DEPS:
            continue  # named as the speaker or the subject ("said Don Fowler"), not in passing
        if 0 < index.sent_of[tok.i] - here <= LEDE_SENTENCES and (best is None or first < best[0]):
            best = (first, entry)
    return best[1] if best else None


def salient_org(table: EntityTable, before: int) -> Entry | None:
    """The organisation the passage is about at token `before`: the one named most often so far,
    with a bonus for the one named last (the table's counts, not a scan of the text)."""
    rows = table.mentions_before(before, limit=400)
    counts: dict[str, int] = {}
    entries: dict[str, Entry] = {}
    for _, _, entry in rows:
        if entry.kind == ORG and not entry.publication:
            counts[entry.id] = counts.get(entry.id, 0) + 1
            entries[entry.id] = entry
    if not counts:
        return None
    latest = next(e for _, _, e in rows if e.id in counts)
    return max(entries.values(), key=lambda e: counts[e.id] + (3 if e is latest else 0))


def named_run(doc: Doc, noun: str, before: int) -> Span | None:
    """The last capitalised name ending in `noun` before token `before` ("Norddeck Bank" for
    "the bank") that the tagger did not take for an entity."""
    best = None
    for tok in doc[max(0, before - RUN_TOKENS) : before]:
        if (
            tok.lower_ == noun
            and tok.text[:1].isupper()
            and tok.i > 0
            and doc[tok.i - 1].pos_ == "PROPN"
        ):
            lo = tok.i
            while lo > 0 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].text[:1].isupper():
                lo -= 1
            best = doc[lo : tok.i + 1]
    return best


def quantified_group(index: DocIndex, head: Token) -> Span | None:
    """The group a quantifier ("some", "many") picks from: the object of its "of" ("some of
    the analysts"), else, for a quantifier that is a subject, the nearest plural subject before
    it in its sentence or the last ("Analysts are ..., with some claiming ..."; not "comments
    ... drew scrutiny from some who saw A")."""
    doc = index.doc
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for obj in c.children:
                if obj.dep_ == "pobj":
                    lo, hi = np_range(obj)
                    return doc[lo:hi]
    if head.dep_ not in SUBJECT_DEPS:
        return None
    return plural_subject(index, head)


def main_group(index: DocIndex, head: Token, rules: RuleSet) -> Span | None:
    """The plural main-clause subject before a "they" when it names people or a body (a source
    noun: "local governments"), else None."""
    g = plural_subject(index, head)
    if g is None or g.root.head.dep_ != "ROOT":
        return None
    return g if g.root.lemma_.lower() in rules.source_nouns else None


def plural_subject(index: DocIndex, head: Token) -> Span | None:
    """The nearest plural subject before `head`, in its sentence or the last."""
    doc = index.doc

    def group(t: Token) -> bool:
        return t.dep_ in SUBJECT_DEPS and t.tag_ in ("NNS", "NNPS")

    sent = index.sent(head)
    candidates = [t for t in sent if t.i < head.i and group(t)]
    if not candidates and sent.start > 0:
        candidates = [t for t in index.sent(doc[sent.start - 1]) if group(t)]
    if candidates:
        lo, hi = np_range(candidates[-1])
        return doc[lo:hi]
    return None


def relative_noun(head: Token) -> Token | None:
    """The noun a relative pronoun `head` stands for: "a charity that says ..." (the charity),
    "the Trust, a charity that says ..." (the Trust), "Nadia Farouk, president of the
    Federation, who called ..." (the person, not the Federation); None outside a relative clause."""
    clause = head.head
    if clause.dep_ != "relcl" or clause.head.i == clause.i:
        return None
    noun = clause.head
    if noun.dep_ == "appos" and noun.head.pos_ in ("PROPN", "NOUN"):
        noun = noun.head
    if head.lower_ == "who" and noun.ent_type_ != "PERSON":
        up = noun
        for _ in range(4):
            if up.head.i == up.i:
                break
            up = up.head
            if up.ent_type_ == "PERSON" or (up.dep_ in SUBJECT_DEPS and up.pos_ == "PROPN"):
                return up
    return noun


def appos_role(head: Token) -> str | None:
    """The role an apposition after `head` gives ("Winston Ma, author of ...")."""
    for c in head.children:
        if c.dep_ == "appos" and c.i > head.i:
            lo, hi = c.left_edge.i, c.right_edge.i + 1
            for k in c.children:
                if k.dep_ in ("relcl", "acl") and k.i > c.i and k.lower_ not in ("of",):
                    hi = min(hi, k.left_edge.i)
            return clean_role(head.doc[lo:hi].text)
    return None


def title_role(mention: Span, person: Span, roles: frozenset[str]) -> str | None:
    """The title before a person's name in a mention ("Chief Executive Jane Doe")."""
    before = [t for t in mention if t.i < person.start and t.dep_ != "det"]
    if not before:
        return None
    words = " ".join(t.lower_ for t in before)
    if any(r in words.split() or r in words for r in roles):
        return clean_role(mention.doc[before[0].i : before[-1].i + 1].text)
    return None


def belongs_to(head: Token, person: Span) -> bool:
    """Whether the person named in a common noun's phrase is its possessor or the object of
    its preposition ("Scott's family", "advisers to Mr. Obama"), not the noun itself."""
    if head.pos_ != "NOUN" or person.start <= head.i < person.end:
        return False
    root = person.root
    if root.dep_ == "poss":
        return root.head.i == head.i
    return root.dep_ == "pobj" and root.head.head.i == head.i
