"""The document's entity table (`document.entities`) and the claimants that point into it."""

from __future__ import annotations

import pytest

import claimx


@pytest.fixture(scope="module")
def extractor():
    return claimx.Extractor()


def _claim(record, content: str):
    return next(
        c for c in record.claims if content in c.content.text and c.attribution != "unattributed"
    )


def test_claims_of_one_speaker_share_an_entity(extractor):
    text = (
        "Tiangong Semiconductor opened a plant in Wuxi in May. Its chief executive, Zhou Wei, said"
        " the plant would employ 2,000 people. Zhou said that sales would rise 12 percent. He"
        " added that the company would hire 300 engineers."
    )
    record = extractor.extract(text)
    ids = {e.id: e for e in record.document.entities}
    zhou = [e for e in record.document.entities if e.name == "Zhou Wei"]
    assert len(zhou) == 1
    for content in ("employ 2,000 people", "sales would rise", "hire 300 engineers"):
        assert _claim(record, content).claimant.entity == zhou[0].id
    assert [e.id for e in record.document.entities] == [f"e{n}" for n in range(1, len(ids) + 1)]
    texts = [m.text for m in zhou[0].mentions]
    assert "Zhou Wei" in texts and "Zhou" in texts
    for e in record.document.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text


def test_roles_and_gender_are_recorded(extractor):
    text = "Sen. Ted Cruz spoke after the vote. Mrs. Lee Hart said the deal would cost 3 billion dollars."
    record = extractor.extract(text)
    by_name = {e.name: e for e in record.document.entities}
    assert any("Sen." in r for r in by_name["Ted Cruz"].roles)
    assert by_name["Lee Hart"].gender == "female"


def test_pronoun_antecedent_is_kept_as_mention(extractor):
    record = extractor.extract(
        "Melanie Ross met Tom Baker in Leeds. He said that the city would get 5 million pounds."
    )
    claimant = _claim(record, "5 million pounds").claimant
    assert claimant.name == "Tom Baker"
    assert claimant.span is not None and claimant.span.text == "He"
    assert claimant.mention is not None and claimant.mention.text == "Tom Baker"


def test_unresolvable_pronoun_and_unnamed_source_get_no_entity(extractor):
    record = extractor.extract(
        "He said that the plan would cost 3 million dollars. A spokesman said that the plant"
        " would close in March."
    )
    for content in ("3 million dollars", "close in March"):
        claimant = _claim(record, content).claimant
        assert claimant.entity is None
    assert _claim(record, "3 million dollars").claimant.name is None
    assert record.document.entities == []


def test_headline_words_are_not_part_of_a_name(extractor):
    # A title-case headline fools the tagger into "Endorsed Delacroix"; the article writes
    # "endorsing" in lower case, so the word is the headline's, not the name's.
    text = (
        "Right After This Senator Endorsed Delacroix, The Party Did Something Odd\n\n"
        "Sen. Paul Brandt caused a stir when he went on the record endorsing Anna Delacroix.\n\n"
        "Delacroix said that the campaign would open ten offices."
    )
    record = extractor.extract(text)
    names = {e.name for e in record.document.entities}
    assert not any("Endorsed" in n for n in names), names
    assert _claim(record, "ten offices").claimant.name == "Anna Delacroix"


def test_a_surname_the_tagger_missed_is_a_mention(extractor):
    text = (
        "Retired Gen. Norbert Ham is speaking out about his years in uniform.\n\nIn a radio"
        " interview, Ham made it clear that he had doubts about the budget under President"
        " John Carrow."
    )
    record = extractor.extract(text)
    ham = next(e for e in record.document.entities if e.name == "Norbert Ham")
    assert [m.text for m in ham.mentions] == ["Norbert Ham", "Ham"]


def test_entities_of_a_long_text_in_pieces(tmp_path):
    part = "Orbis Labs said on Monday that its revenue rose 12 percent in the quarter.\n\n"
    extractor = claimx.Extractor(piece_chars=1000)
    record = extractor.extract(part * 40)
    ids = [e.id for e in record.document.entities]
    assert ids == [f"e{n}" for n in range(1, len(ids) + 1)]
    known = set(ids)
    assert all(c.claimant.entity in known for c in record.claims if c.claimant.entity)
    assert any(c.claimant.entity for c in record.claims)
