"""The rule table: every rule a claim can name, the family that finds it, and its precedence.

Rule names (the `rule` field of a claim):

- `verb-ccomp`: `X said/observes/warned that ...` and content before the cue (`..., sources said`);
- `verb-xcomp`: `with some claiming to ...`, `X wants to ...`;
- `verb-object`: `X attribute A to B`, `polls show A`, `X called for A`, `X point to A as B`;
- `verb-parataxis`: `A, he said, B` where the parser hangs the cue off the content;
- `verb-frame`, `adjective-frame`: a verb or adjective of `claimx/rules/data/frames.tsv` with the complement
  it names (`X accused Y of A`, `X is critical of A`);
- `verb-passive`, `evidential`: `A was rejected by X`; `X reportedly did A`, `X seems A`;
- `verb-generic`: a stance verb outside the lexicon with a person or organisation subject and a
  clause (`X endorsed Y`);
- `according-to`: `according to X, A` and `A, according to X`;
- `in-document`: `in a new poll, A`, `A, in the latest survey`, `in Forbes' words`;
- `noun-that`: `his claim that A`, `a statement that A`;
- `quote-after`, `quote-before`, `quote-colon`: direct quotes with the speaker after or before;
- `colon-line`: `Name: what they said` lines (headlines, transcripts);
- `dash-signature`: `“...” ― Name` and embedded posts signed with a dash and a name;
- `quote-continuation`: a quote paragraph with no cue continues the last speaker;
- `quote-previous-sentence`: a quote opening a sentence belongs to the person the previous
  sentence of its paragraph is about;
- `headline`, `key-point`, `publication-voice`: checkable sentences the publication asserts in
  its headline, its key-point lines and its body.

Each `Row` is (rule name, finder, precedence). The finder is the `find(ctx)` of the family
module that makes the rule (one family makes several rules); the last five rules are made by
the engine itself (`claimx.rules.continuations`, `claimx.rules.voice`) after the families'
candidates are merged, and have no finder.

**Order.** The engine runs each family once, in the order its first row appears here
(`FAMILIES`), and concatenates their candidates in that order. The merge (`engine._dedupe`) is
a stable sort, so that order decides between candidates of equal precedence and weight: moving
a family's rows ahead of another family's changes output (the order of rows within a family
does not: a family returns its candidates in its own order). The quote family (`QUOTE_FAMILY`)
comes last, as it ties quotations to the merged candidates of the others (`Context.found`); the
merge runs again after it.

**Precedence.** When two candidates share a cue token, or their contents overlap by 80% or
more, the one with the lower precedence is kept (then the higher weight): a clause complement
(`verb-ccomp`, 0) beats `according to` (1), a dash signature (1.5) and a quote's own cue (2),
and so on down to the generic stance verb (9). A rule missing from the table takes
`DEFAULT_PRECEDENCE`. Quote rules may share a cue with a clause (`"A," she said, B`); other
rules get one claim per cue.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from claimx.rules import according, evidentials, line_cues, nouns, quotes, verbs
from claimx.rules.candidate import Candidate
from claimx.rules.context import Context

Finder = Callable[[Context], list[Candidate]]

DEFAULT_PRECEDENCE = 9


class Row(NamedTuple):
    """One rule: its name, the finder of its family (None: made by the engine), its precedence."""

    rule: str
    find: Finder | None
    precedence: float


# In run order: see the module docstring before moving a row.
TABLE: tuple[Row, ...] = (
    Row("verb-ccomp", verbs.find, 0),
    Row("verb-xcomp", verbs.find, 3),
    Row("verb-object", verbs.find, 4),
    Row("verb-parataxis", verbs.find, 7),
    Row("verb-frame", verbs.find, 4.5),
    Row("adjective-frame", verbs.find, 4.6),
    Row("verb-passive", verbs.find, 5),
    Row("verb-generic", verbs.find, 9),
    Row("according-to", according.find, 1),
    Row("in-document", according.find, 6.5),
    Row("evidential", evidentials.find, 8.5),
    Row("noun-that", nouns.find, 3.5),
    Row("colon-line", line_cues.find, 8),
    Row("dash-signature", line_cues.find, 1.5),
    Row("quote-after", quotes.find, 2),
    Row("quote-before", quotes.find, 2),
    Row("quote-colon", quotes.find, 6),
    Row("quote-continuation", None, DEFAULT_PRECEDENCE),
    Row("quote-previous-sentence", None, DEFAULT_PRECEDENCE),
    Row("headline", None, DEFAULT_PRECEDENCE),
    Row("key-point", None, DEFAULT_PRECEDENCE),
    Row("publication-voice", None, DEFAULT_PRECEDENCE),
)

PRECEDENCE: dict[str, float] = {row.rule: row.precedence for row in TABLE}
# Each family once, in the order of its first row.
FAMILIES: tuple[Finder, ...] = tuple(dict.fromkeys(row.find for row in TABLE if row.find))
# The family that reads the others' merged candidates (`Context.found`).
QUOTE_FAMILY: Finder = quotes.find
