"""The shared syntax helpers (`claimx.rules.syntax`) and `DocIndex`, on hand-built parses.

Each Doc is built with its words, heads, labels, tags, lemmas and entities given, as spaCy's own
matcher tests do, so no model is loaded and each test reads exactly the parse it names.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from claimx.rules.index import DocIndex
from claimx.rules.loader import load_rules
from claimx.rules.syntax import (
    circumstance,
    object_before_as,
    own_cue,
    raw_subject,
    sourcey,
    speaker_after,
    subject,
)

# Tokens written without a space before them.
_NO_SPACE_BEFORE = {",", ".", ":", ";", "”", "'s"}


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("en").vocab


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def i_of(tok) -> int | None:
    """The index of `tok`, or None (Tokens are built anew on every access: compare indices)."""
    return None if tok is None else tok.i


def parse(vocab, rows: list[tuple]) -> Doc:
    """A Doc from rows of (word, head, dep, pos, tag, lemma[, entity IOB tag]).

    `head` is the absolute index of the token's head (its own index for a root).
    """
    words = [r[0] for r in rows]
    spaces = [
        i + 1 < len(words) and words[i + 1] not in _NO_SPACE_BEFORE and words[i] != "“"
        for i in range(len(words))
    ]
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        tags=[r[4] for r in rows],
        lemmas=[r[5] for r in rows],
        ents=[r[6] if len(r) > 6 else "O" for r in rows],
    )


# -- subject ------------------------------------------------------------------------------------


def test_subject_is_the_verbs_nsubj(vocab, rules):
    doc = parse(
        vocab,
        [
            ("Officials", 1, "nsubj", "NOUN", "NNS", "official"),
            ("said", 1, "ROOT", "VERB", "VBD", "say"),
            ("the", 3, "det", "DET", "DT", "the"),
            ("plan", 4, "nsubj", "NOUN", "NN", "plan"),
            ("failed", 1, "ccomp", "VERB", "VBD", "fail"),
            (".", 1, "punct", "PUNCT", ".", "."),
        ],
    )
    assert i_of(subject(doc[1], rules, doc.text)) == 0
    assert (
        i_of(subject(doc[4], rules, doc.text)) == 3
    )  # the clause's own subject, not the speaker's


def test_subject_of_a_passive_is_its_agent(vocab, rules):
    doc = parse(
        vocab,
        [
            ("The", 1, "det", "DET", "DT", "the"),
            ("plan", 3, "nsubjpass", "NOUN", "NN", "plan"),
            ("was", 3, "auxpass", "AUX", "VBD", "be"),
            ("rejected", 3, "ROOT", "VERB", "VBN", "reject"),
            ("by", 3, "agent", "ADP", "IN", "by"),
            ("the", 6, "det", "DET", "DT", "the"),
            ("minister", 4, "pobj", "NOUN", "NN", "minister"),
            (".", 3, "punct", "PUNCT", ".", "."),
        ],
    )
    assert i_of(subject(doc[3], rules, doc.text)) == 6


def test_a_passive_without_agent_has_no_subject(vocab, rules):
    doc = parse(
        vocab,
        [
            ("The", 1, "det", "DET", "DT", "the"),
            ("plan", 3, "nsubjpass", "NOUN", "NN", "plan"),
            ("was", 3, "auxpass", "AUX", "VBD", "be"),
            ("rejected", 3, "ROOT", "VERB", "VBN", "reject"),
            (".", 3, "punct", "PUNCT", ".", "."),
        ],
    )
    assert subject(doc[3], rules, doc.text) is None  # the passive subject is what is claimed


def test_subject_of_a_relative_clause(vocab, rules):
    # "the minister quoted in the report": no subject of its own, so the noun it modifies.
    doc = parse(
        vocab,
        [
            ("The", 1, "det", "DET", "DT", "the"),
            ("minister", 6, "nsubj", "NOUN", "NN", "minister"),
            ("quoted", 1, "relcl", "VERB", "VBN", "quote"),
            ("in", 2, "prep", "ADP", "IN", "in"),
            ("the", 5, "det", "DET", "DT", "the"),
            ("report", 3, "pobj", "NOUN", "NN", "report"),
            ("resigned", 6, "ROOT", "VERB", "VBD", "resign"),
            (".", 6, "punct", "PUNCT", ".", "."),
        ],
    )
    assert i_of(raw_subject(doc[2], rules)) == 1
    # "the analyst who warned ...": the relative pronoun, resolved to its noun later.
    doc = parse(
        vocab,
        [
            ("the", 1, "det", "DET", "DT", "the"),
            ("analyst", 1, "ROOT", "NOUN", "NN", "analyst"),
            ("who", 3, "nsubj", "PRON", "WP", "who"),
            ("warned", 1, "relcl", "VERB", "VBD", "warn"),
            ("of", 3, "prep", "ADP", "IN", "of"),
            ("losses", 4, "pobj", "NOUN", "NNS", "loss"),
        ],
    )
    assert i_of(subject(doc[3], rules, doc.text)) == 2


def test_subject_climbs_from_an_xcomp(vocab, rules):
    doc = parse(
        vocab,
        [
            ("Lee", 1, "nsubj", "PROPN", "NNP", "lee", "B-PERSON"),
            ("wants", 1, "ROOT", "VERB", "VBZ", "want"),
            ("to", 3, "aux", "PART", "TO", "to"),
            ("cut", 1, "xcomp", "VERB", "VB", "cut"),
            ("taxes", 3, "dobj", "NOUN", "NNS", "tax"),
            (".", 1, "punct", "PUNCT", ".", "."),
        ],
    )
    assert i_of(subject(doc[3], rules, doc.text)) == 0


def test_subject_skips_a_dateline(vocab, rules):
    # The parser took the dateline's place name for the subject: the name after it says it.
    doc = parse(
        vocab,
        [
            ("WELLSTON", 3, "nsubj", "PROPN", "NNP", "wellston", "B-GPE"),
            ("-", 3, "punct", "PUNCT", "HYPH", "-"),
            ("Marsh", 3, "npadvmod", "PROPN", "NNP", "marsh", "B-PERSON"),
            ("said", 3, "ROOT", "VERB", "VBD", "say"),
            ("talks", 5, "nsubj", "NOUN", "NNS", "talk"),
            ("failed", 3, "ccomp", "VERB", "VBD", "fail"),
            (".", 3, "punct", "PUNCT", ".", "."),
        ],
    )
    assert i_of(raw_subject(doc[3], rules)) == 0
    assert i_of(subject(doc[3], rules, doc.text)) == 2


# -- sourcey ------------------------------------------------------------------------------------


def test_sourcey_entity_source_noun_and_pronoun(vocab, rules):
    doc = parse(
        vocab,
        [
            ("Lee", 5, "nsubj", "PROPN", "NNP", "lee", "B-PERSON"),
            (",", 0, "punct", "PUNCT", ",", ","),
            ("officials", 0, "conj", "NOUN", "NNS", "official"),
            ("and", 2, "cc", "CCONJ", "CC", "and"),
            ("she", 2, "conj", "PRON", "PRP", "she"),
            ("said", 5, "ROOT", "VERB", "VBD", "say"),
            ("it", 7, "nsubj", "PRON", "PRP", "it"),
            ("ended", 5, "ccomp", "VERB", "VBD", "end"),
            ("the", 9, "det", "DET", "DT", "the"),
            ("plan", 7, "dobj", "NOUN", "NN", "plan"),
        ],
    )
    assert sourcey(doc[0], rules)  # a PERSON entity
    assert sourcey(doc[2], rules)  # "official" is a source noun of the rule set
    assert sourcey(doc[4], rules)  # a personal pronoun
    assert not sourcey(doc[6], rules)  # "it" holds no stance
    assert not sourcey(doc[9], rules)  # nor does a plain noun
    assert not sourcey(None, rules)


# -- speaker after an inverted cue --------------------------------------------------------------


def test_speaker_after_an_inverted_cue(vocab):
    doc = parse(
        vocab,
        [
            ("“", 3, "punct", "PUNCT", "``", "“"),
            ("We", 3, "nsubj", "PRON", "PRP", "we"),
            ("will", 3, "aux", "AUX", "MD", "will"),
            ("win", 6, "ccomp", "VERB", "VB", "win"),
            (",", 6, "punct", "PUNCT", ",", ","),
            ("”", 6, "punct", "PUNCT", "''", "”"),
            ("said", 6, "ROOT", "VERB", "VBD", "say"),
            ("party", 8, "compound", "NOUN", "NN", "party"),
            ("leader", 9, "compound", "NOUN", "NN", "leader"),
            ("Caddell", 6, "nsubj", "PROPN", "NNP", "caddell", "B-PERSON"),
            (".", 6, "punct", "PUNCT", ".", "."),
        ],
    )
    assert i_of(speaker_after(doc[6])) == 9  # past the compounds to the name


def test_speaker_after_stops_at_the_sentence_end(vocab):
    doc = parse(
        vocab,
        [
            ("Voters", 1, "nsubj", "NOUN", "NNS", "voter"),
            ("said", 1, "ROOT", "VERB", "VBD", "say"),
            ("so", 1, "advmod", "ADV", "RB", "so"),
            (".", 1, "punct", "PUNCT", ".", "."),
            ("Lee", 5, "nsubj", "PROPN", "NNP", "lee", "B-PERSON"),
            ("left", 5, "ROOT", "VERB", "VBD", "leave"),
        ],
    )
    assert speaker_after(doc[1]) is None


# -- own cue ------------------------------------------------------------------------------------


def test_own_cue_participle_clause(vocab, rules):
    doc = parse(
        vocab,
        [
            ("He", 1, "nsubj", "PRON", "PRP", "he"),
            ("called", 1, "ROOT", "VERB", "VBD", "call"),
            ("China", 3, "nsubj", "PROPN", "NNP", "china", "B-GPE"),
            ("expansionist", 1, "oprd", "ADJ", "JJ", "expansionist"),
            (",", 1, "punct", "PUNCT", ",", ","),
            ("accusing", 1, "advcl", "VERB", "VBG", "accuse"),
            ("it", 5, "dobj", "PRON", "PRP", "it"),
            ("of", 5, "prep", "ADP", "IN", "of"),
            ("theft", 7, "pobj", "NOUN", "NN", "theft"),
            (",", 1, "punct", "PUNCT", ",", ","),
            ("smiling", 1, "advcl", "VERB", "VBG", "smile"),
        ],
    )
    assert own_cue(doc[5], rules)  # a cue verb's participle: a claim of its own
    assert not own_cue(doc[10], rules)  # a participle, but no cue verb
    assert not own_cue(doc[1], rules)  # the main verb leads no clause of its own


def test_own_cue_second_conjunct_with_its_own_clause(vocab, rules):
    doc = parse(
        vocab,
        [
            ("She", 1, "nsubj", "PRON", "PRP", "she"),
            ("said", 1, "ROOT", "VERB", "VBD", "say"),
            ("prices", 3, "nsubj", "NOUN", "NNS", "price"),
            ("rose", 1, "ccomp", "VERB", "VBD", "rise"),
            ("and", 1, "cc", "CCONJ", "CC", "and"),
            ("insisted", 1, "conj", "VERB", "VBD", "insist"),
            ("wages", 7, "nsubj", "NOUN", "NNS", "wage"),
            ("fell", 5, "ccomp", "VERB", "VBD", "fall"),
        ],
    )
    assert own_cue(doc[5], rules)  # `said A and insisted B`: B is a claim of its own
    assert not own_cue(doc[3], rules)  # "rise" is no cue verb


# -- circumstance -------------------------------------------------------------------------------


def test_circumstance_date_and_place_but_not_a_completion(vocab):
    doc = parse(
        vocab,
        [
            ("Lee", 1, "nsubj", "PROPN", "NNP", "lee", "B-PERSON"),
            ("attacked", 1, "ROOT", "VERB", "VBD", "attack"),
            ("him", 1, "dobj", "PRON", "PRP", "he"),
            ("on", 1, "prep", "ADP", "IN", "on"),
            ("Thursday", 3, "pobj", "PROPN", "NNP", "thursday", "B-DATE"),
            ("in", 1, "prep", "ADP", "IN", "in"),
            ("the", 7, "det", "DET", "DT", "the"),
            ("legislature", 5, "pobj", "NOUN", "NN", "legislature"),
            ("at", 1, "prep", "ADP", "IN", "at"),
            ("Paris", 8, "pobj", "PROPN", "NNP", "paris", "B-GPE"),
            ("for", 1, "prep", "ADP", "IN", "for"),
            ("comments", 10, "pobj", "NOUN", "NNS", "comment"),
            ("with", 1, "prep", "ADP", "IN", "with"),
            ("distaste", 12, "pobj", "NOUN", "NN", "distaste"),
        ],
    )
    assert circumstance(doc[3])  # on Thursday: a date
    assert circumstance(doc[5])  # in the legislature: a place noun
    assert circumstance(doc[8])  # at Paris: a place entity
    assert not circumstance(doc[10])  # for comments: what the attack was for
    assert not circumstance(doc[12])  # with distaste: how


def test_circumstance_ignores_a_date_inside_a_clause_of_the_phrase(vocab):
    # "for comments Monday", with "Monday" a clause of the object: the date is not the phrase's.
    doc = parse(
        vocab,
        [
            ("Lee", 1, "nsubj", "PROPN", "NNP", "lee", "B-PERSON"),
            ("attacked", 1, "ROOT", "VERB", "VBD", "attack"),
            ("him", 1, "dobj", "PRON", "PRP", "he"),
            ("for", 1, "prep", "ADP", "IN", "for"),
            ("comments", 3, "pobj", "NOUN", "NNS", "comment"),
            ("Monday", 4, "acl", "PROPN", "NNP", "monday", "B-DATE"),
        ],
    )
    assert not circumstance(doc[3])


# -- object before "as" -------------------------------------------------------------------------


def test_object_before_as(vocab):
    doc = parse(
        vocab,
        [
            ("He", 1, "nsubj", "PRON", "PRP", "he"),
            ("dismissed", 1, "ROOT", "VERB", "VBD", "dismiss"),
            ("the", 3, "det", "DET", "DT", "the"),
            ("row", 1, "dobj", "NOUN", "NN", "row"),
            ("as", 1, "prep", "ADP", "IN", "as"),
            ("absurd", 4, "pobj", "ADJ", "JJ", "absurd"),
            ("on", 1, "prep", "ADP", "IN", "on"),
            ("TV", 6, "pobj", "NOUN", "NN", "tv"),
        ],
    )
    assert i_of(object_before_as(doc[1], doc[4])) == 3
    assert object_before_as(doc[1], doc[6]) is None  # only "as" says what the object is


# -- DocIndex -----------------------------------------------------------------------------------


def test_doc_index_lookups(vocab):
    doc = parse(
        vocab,
        [
            ("Ana", 1, "compound", "PROPN", "NNP", "ana", "B-PERSON"),
            ("Ruiz", 2, "nsubj", "PROPN", "NNP", "ruiz", "I-PERSON"),
            ("won", 2, "ROOT", "VERB", "VBD", "win"),
            (".", 2, "punct", "PUNCT", ".", "."),
            ("Paris", 5, "nsubj", "PROPN", "NNP", "paris", "B-GPE"),
            ("cheered", 5, "ROOT", "VERB", "VBD", "cheer"),
            (".", 5, "punct", "PUNCT", ".", "."),
        ],
    )
    idx = DocIndex(doc)
    assert idx.text == doc.text == "Ana Ruiz won. Paris cheered."
    assert idx.lemma[5] == "cheer" and idx.pos[4] == "PROPN" and idx.dep[2] == "ROOT"
    # token_at: the token at the offset, or the next one after a space.
    assert idx.token_at(0) is not None and idx.token_at(0).i == 0
    assert idx.token_at(5).i == 1  # inside "Ruiz"
    assert idx.token_at(3).i == 1  # the space after "Ana"
    assert idx.token_at(999).i == 6  # past the end: the last token
    # bounds: tokens touched ("expand") or wholly inside ("contract").
    assert idx.bounds(1, 6) == (0, 2)
    assert idx.bounds(1, 6, mode="contract") is None
    assert idx.bounds(0, 12, mode="contract") == (0, 3)
    assert idx.bounds(5, 5) is None
    # sent: the sentence of a token.
    assert (idx.sent(doc[2]).start, idx.sent(doc[2]).end) == (0, 4)
    assert idx.sent(doc[5]).text == "Paris cheered."
    # ents_in: entities wholly inside tokens [lo, hi).
    assert [e.text for e in idx.ents_in(0, 7)] == ["Ana Ruiz", "Paris"]
    assert [e.text for e in idx.ents_in(1, 7)] == ["Paris"]  # "Ana Ruiz" starts before 1
    assert idx.ents_in(0, 1) == []  # "Ana Ruiz" ends after 1
    assert idx.ent_info_in(4, 5) == [("Paris", 14, 19, "GPE")]


# -- strict spans -------------------------------------------------------------------------------


def _officials_said(vocab) -> Doc:
    return parse(
        vocab,
        [
            ("Officials", 1, "nsubj", "NOUN", "NNS", "official"),
            ("said", 1, "ROOT", "VERB", "VBD", "say"),
            ("the", 3, "det", "DET", "DT", "the"),
            ("plan", 4, "nsubj", "NOUN", "NN", "plan"),
            ("failed", 1, "ccomp", "VERB", "VBD", "fail"),
            ("badly", 4, "advmod", "ADV", "RB", "badly"),
            (".", 1, "punct", "PUNCT", ".", "."),
        ],
    )


def _corrupting(monkeypatch):
    """Make every claim's content text disagree with its offsets, as a buggy rule would."""
    from claimx.rules.claims import ClaimMaker

    real = ClaimMaker.make

    def make(self, cand, claimant):
        claim = real(self, cand, claimant)
        claim["content"]["text"] += "!"
        return claim

    monkeypatch.setattr(ClaimMaker, "make", make)


def test_engine_finds_the_claim_of_a_hand_built_parse(vocab, rules, monkeypatch):
    from claimx.rules.engine import STRICT_SPANS_ENV, RuleEngine

    monkeypatch.setenv(STRICT_SPANS_ENV, "1")
    claims, _ = RuleEngine(vocab, rules).run(_officials_said(vocab), unattributed=False)
    assert [(c["rule"], c["content"]["text"]) for c in claims] == [
        ("verb-ccomp", "the plan failed badly")
    ]
    assert claims[0]["claimant"]["name"] == "Officials"


def test_a_bad_span_is_dropped_by_default(vocab, rules, monkeypatch):
    from claimx.rules.engine import STRICT_SPANS_ENV, RuleEngine

    monkeypatch.delenv(STRICT_SPANS_ENV, raising=False)
    _corrupting(monkeypatch)
    claims, _ = RuleEngine(vocab, rules).run(_officials_said(vocab), unattributed=False)
    assert claims == []


def test_a_bad_span_raises_under_strict_spans(vocab, rules, monkeypatch):
    from claimx.rules.engine import STRICT_SPANS_ENV, InternalSpanError, RuleEngine

    monkeypatch.setenv(STRICT_SPANS_ENV, "1")
    engine = RuleEngine(vocab, rules)  # the variable is read here, once
    monkeypatch.delenv(STRICT_SPANS_ENV)
    _corrupting(monkeypatch)
    with pytest.raises(InternalSpanError, match=r"rule 'verb-ccomp' made claim\.content"):
        engine.run(_officials_said(vocab), unattributed=False)
