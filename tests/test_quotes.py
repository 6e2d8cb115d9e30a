"""Quotation finding on small texts: which quoted stretches are quotations, and which are titles."""

from __future__ import annotations

import pytest

from claimx.rules.quote_marks import find_quotes


def quoted(text: str) -> list[str]:
    return [text[q.inner_start : q.inner_end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '"We will appeal the ruling," said Joan Miller.',
            ["We will appeal the ruling,"],
            id="quotation",
        ),
        pytest.param(
            "“The budget is tight,” the mayor said. “We will find the money.”",
            ["The budget is tight,", "We will find the money."],
            id="two curly",
        ),
        pytest.param("“It is over.", ["It is over."], id="unclosed runs to paragraph end"),
        pytest.param(
            "She told reporters it was “a good day,” and left.",
            ["a good day,"],
            id="short quoted phrase",
        ),
        pytest.param("Don’t say it’s over.", [], id="apostrophes are not quotes"),
    ],
)
def test_quotations(text, expected):
    assert quoted(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('Ann Lee spoke on CBS\'s "Face the Nation," on Sunday.', id="possessive"),
        pytest.param("Tom Reyes appeared on “Morning Joe” last week.", id="after on"),
        pytest.param(
            'Winston Tang, author of "Digital Trade Wars," spoke first.', id="book after of"
        ),
        pytest.param("The crowd answered with chants of “Ted! Ted! Ted!”", id="chant after of"),
    ],
)
def test_titles_are_not_quotations(text):
    assert quoted(text) == []


def test_a_capitalised_quotation_without_a_lead_word_is_kept():
    text = "“Never Again,” the protesters shouted."
    assert quoted(text) == ["Never Again,"]
