"""claimx's extraction rules over a parsed spaCy Doc; `engine.RuleEngine` runs them all.

- `table`: every rule name, the family that finds it and its precedence, in run order;
- the families, each a `find(ctx) -> list[Candidate]`: `verbs` (with `complements`),
  `according`, `evidentials`, `nouns`, `line_cues`, `quotes` (with `quote_marks`);
- `syntax`: parse questions several families ask; `context`: what a rule reads of a document
  (`Context`, with its `index.DocIndex`); `candidate`: what a rule finds;
- after the merge: `claimants` (who), `claims` (claim dicts, with `hedges` and `comparisons`),
  `continuations` (quotes no rule tied to a cue), `voice` (the publication's own claims);
- `loader`, `ruleset`, `rows`: the rule files; `layout`, `text`: lines and character ranges.
"""
