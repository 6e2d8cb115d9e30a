"""A spaCy `Matcher` that skips documents in which none of its patterns can start.

spaCy's `Matcher` calls its Python predicates (`IN`, `REGEX`) on every token of every document,
for every pattern whose first token uses them: about 2 µs a token for claimx's six entity
patterns, 1.4% of the whole pipeline's time, although only one news article in 25 holds a
token that any of them can start with. `FirstTokenMatcher` first checks, once per distinct
word of the document, whether some pattern's first token can match at all, and only then runs
the real matcher. The check is conservative: a pattern whose first token it cannot judge
(an operator such as `?`, other attributes) makes every document go to the matcher, so the
matches are always exactly the `Matcher`'s own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from spacy.attrs import LOWER, ORTH
from spacy.matcher import Matcher
from spacy.strings import get_string_id

# Token attributes the check reads, by the names patterns use, as columns of `to_array`.
_COLUMNS = {"ORTH": 0, "TEXT": 0, "LOWER": 1}
_ARRAY_ATTRS = [ORTH, LOWER]


class FirstTokens:
    """What the first tokens of a set of token patterns accept, checked against a document.

    A first token `{"TEXT": "GPT"}`, `{"LOWER": {"IN": [...]}}` or `{"TEXT": {"REGEX": ...}}`
    (one attribute, no operator) goes into a set of accepted ids or a list of regular
    expressions per attribute, tested on the document's distinct ids and words; a first token
    with several such attributes is tested word by word; any other makes `possible` always true.
    """

    def __init__(self, patterns: Iterable[list[dict[str, Any]]]) -> None:
        self.undecidable = False
        self.ids: tuple[set[int], set[int]] = (set(), set())
        self.regexes: tuple[list[re.Pattern[str]], list[re.Pattern[str]]] = ([], [])
        self.conjunctions: list[list[tuple[int, set[int] | re.Pattern[str]]]] = []
        for pattern in patterns:
            tests = _tests(pattern[0]) if pattern else None
            if tests is None:
                self.undecidable = True
            elif len(tests) == 1:
                column, test = tests[0]
                if isinstance(test, set):
                    self.ids[column].update(test)
                else:
                    self.regexes[column].append(test)
            else:
                self.conjunctions.append(tests)

    def possible(self, doclike) -> bool:
        """Whether some token of `doclike` (a Doc or Span) satisfies some pattern's first token."""
        if self.undecidable:
            return True
        if not len(doclike):
            return False
        array = doclike.to_array(_ARRAY_ATTRS)
        orths, lowers = array[:, 0].tolist(), array[:, 1].tolist()
        columns = (set(orths), set(lowers))
        if any(not ids.isdisjoint(accepted) for ids, accepted in zip(columns, self.ids)):
            return True
        strings = doclike.vocab.strings
        for ids, regexes in zip(columns, self.regexes):
            if regexes:
                words = [strings[i] for i in ids]
                if any(rx.search(word) for rx in regexes for word in words):
                    return True
        if self.conjunctions:
            for row in set(zip(orths, lowers)):
                if any(
                    all(_passes(test, row[column], strings) for column, test in tests)
                    for tests in self.conjunctions
                ):
                    return True
        return False


def _tests(token: dict[str, Any]) -> list[tuple[int, set[int] | re.Pattern[str]]] | None:
    """The (column, accepted ids or regex) tests of one token pattern, or None if it has others."""
    tests: list[tuple[int, set[int] | re.Pattern[str]]] = []
    for attr, value in token.items():
        column = _COLUMNS.get(attr)
        if column is None:  # "OP" or any other attribute: not judged here
            return None
        if isinstance(value, str):
            tests.append((column, {get_string_id(value)}))
        elif (
            isinstance(value, dict)
            and len(value) == 1
            and "IN" in value
            and all(isinstance(v, str) for v in value["IN"])
        ):
            tests.append((column, {get_string_id(v) for v in value["IN"]}))
        elif isinstance(value, dict) and len(value) == 1 and isinstance(value.get("REGEX"), str):
            tests.append((column, re.compile(value["REGEX"])))  # searched, as spaCy's REGEX is
        else:
            return None
    return tests or None


def _passes(test: set[int] | re.Pattern[str], value: int, strings) -> bool:
    if isinstance(test, set):
        return value in test
    return test.search(strings[value]) is not None


class FirstTokenMatcher(Matcher):
    """A `Matcher` that returns no matches at once when no pattern's first token can match."""

    def __init__(self, vocab, validate: bool = True, **kwargs: Any) -> None:
        super().__init__(vocab, validate=validate, **kwargs)
        self._first: FirstTokens | None = None

    def add(self, key, patterns, **kwargs: Any) -> None:
        """As `Matcher.add`; the first-token check is rebuilt on the next call."""
        super().add(key, patterns, **kwargs)
        self._first = None

    def remove(self, key) -> None:
        """As `Matcher.remove`; the first-token check is rebuilt on the next call."""
        super().remove(key)
        self._first = None

    def __call__(self, doclike, **kwargs: Any):
        """As `Matcher.__call__`; `[]` without running it when no pattern can start in `doclike`."""
        # `_patterns` is the Matcher's own store (a Cython attribute its stub does not declare).
        patterns = self._patterns  # type: ignore[attr-defined]
        if patterns:
            if self._first is None:
                self._first = FirstTokens(p for group in patterns.values() for p in group)
            if not self._first.possible(doclike):
                return []
        return super().__call__(doclike, **kwargs)
