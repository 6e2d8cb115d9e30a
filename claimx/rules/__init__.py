"""claimx's extraction rules over a parsed spaCy Doc; `engine.RuleEngine` runs them all."""
