"""`Context`: what every rule reads of one document, built once per Doc by the engine.

Rules receive it explicitly (`find(ctx)`) rather than looking the document's index up in a
module global: a rule can then run on any parsed Doc, a hand-built one in a test included, and
two documents can never share lookups by accident.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from claimx.rules.candidate import Candidate
from claimx.rules.index import DocIndex
from claimx.rules.layout import Line
from claimx.rules.quote_marks import Quote
from claimx.rules.ruleset import RuleSet
from claimx.rules.text import inside_any


@dataclass
class Context:
    """One document as the rules see it.

    - `doc`, `index` (its `DocIndex`), `text` (`index.text`, the document's text);
    - `rules`: the rule set;
    - `quotes`: the quotations found (`quote_marks.find_quotes`), in text order; `quoted`:
      their ranges with the marks; `in_quote(offset)`: whether an offset is inside one;
    - `body_lines`: the layout's title, body and key-point lines;
    - `found`: the candidates of the families run before, deduplicated; set by the engine
      before the quote family runs, which ties quotations to them.
    """

    doc: Doc
    index: DocIndex
    rules: RuleSet
    quotes: list[Quote]
    body_lines: list[Line]
    found: list[Candidate] = field(default_factory=list)
    text: str = field(init=False)
    quoted: list[tuple[int, int]] = field(init=False)
    in_quote: Callable[[int], bool] = field(init=False)

    def __post_init__(self) -> None:
        self.text = self.index.text
        self.quoted = [(q.start, q.end) for q in self.quotes]
        self.in_quote = inside_any(self.quoted)
