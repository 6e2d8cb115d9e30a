"""`FirstTokenMatcher` finds exactly what spaCy's `Matcher` finds, skipping hopeless documents."""

from __future__ import annotations

import pytest
import spacy
from spacy.matcher import Matcher

from claimx.nlp.matching import FirstTokenMatcher, FirstTokens

PATTERNS = {
    "CHIP": [[{"TEXT": {"IN": ["Xeon", "Ryzen"]}}, {"TEXT": {"REGEX": r"^\d+$"}}]],
    "GPU": [[{"TEXT": {"REGEX": r"^(?:A|H)\d{2,3}$"}}]],
    "CARD": [[{"LOWER": {"IN": ["rtx", "gtx"]}}, {"TEXT": {"REGEX": r"^\d{4}$"}}]],
    "GPT": [[{"TEXT": "GPT"}, {"TEXT": "-"}, {"TEXT": "4"}]],
    "BOTH": [[{"LOWER": "core", "TEXT": {"REGEX": "^C"}}, {"LIKE_NUM": True}]],
}
TEXTS = [
    "Nothing to see here, just words.",
    "The Xeon 6 and a Ryzen chip.",
    "An H100 beats an A10, said nobody.",
    "She bought an RTX 4090 and a gtx 1080.",
    "GPT - 4 was released.",
    "The core 2 and Core 2 differ.",
    "",
]


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def _both(nlp, patterns):
    plain, first = Matcher(nlp.vocab), FirstTokenMatcher(nlp.vocab)
    for key, pats in patterns.items():
        plain.add(key, pats)
        first.add(key, pats)
    return plain, first


def test_same_matches_as_spacy(nlp):
    plain, first = _both(nlp, PATTERNS)
    for text in TEXTS:
        doc = nlp(text)
        assert first(doc) == plain(doc)
        assert first(doc[1:], as_spans=True) == plain(doc[1:], as_spans=True)


def test_possible_only_where_a_first_token_matches(nlp):
    check = FirstTokens(p for pats in PATTERNS.values() for p in pats)
    assert [check.possible(nlp(t)) for t in TEXTS] == [False, True, True, True, True, True, False]
    assert not check.possible(nlp("a core 2, a Cray"))  # "core" is lowercase: the regex wants "C"


def test_an_optional_first_token_sends_every_doc_to_the_matcher(nlp):
    check = FirstTokens([[{"TEXT": "x", "OP": "?"}, {"TEXT": "y"}]])
    assert check.possible(nlp("no x here"))
    _, first = _both(nlp, {"XY": [[{"TEXT": "x", "OP": "?"}, {"TEXT": "y"}]]})
    assert len(first(nlp("just y"))) == 1


def test_added_and_removed_patterns_are_seen(nlp):
    _, first = _both(nlp, PATTERNS)
    doc = nlp("Hello world")
    assert first(doc) == []
    first.add("HELLO", [[{"LOWER": "hello"}]])
    assert len(first(doc)) == 1
    first.remove("HELLO")
    assert first(doc) == []


def test_the_pipeline_ruler_uses_it(extractor):
    assert isinstance(extractor.nlp.get_pipe("claimx_entities").matcher, FirstTokenMatcher)
