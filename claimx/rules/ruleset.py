"""The rule set the extraction reads: every rule file, loaded and validated (`claimx.rules.loader`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Cue:
    """A reporting expression: a verb lemma, a claim noun, or a fixed phrase."""

    text: str
    kind: str
    frame: str
    weight: float


@dataclass(frozen=True)
class Description:
    """What "the <noun>" refers back to (`descriptions.tsv`)."""

    noun: str
    kind: str
    matches: frozenset[str]
    gender: str | None


@dataclass(frozen=True)
class RuleSet:
    """Everything the extraction rules read, validated."""

    name: str
    version: str
    source: str
    entity_patterns: list[dict[str, Any]]
    cue_verbs: dict[str, Cue]
    cue_nouns: dict[str, Cue]
    cue_phrases: dict[str, Cue]
    cue_documents: dict[str, Cue]
    hedges: dict[str, str]
    comparison_verbs: dict[str, str]
    comparison_phrases: dict[str, str]
    source_nouns: dict[str, str]
    referring_nouns: frozenset[str]
    roles: frozenset[str]
    name_genders: dict[str, str] = field(default_factory=dict)
    # `comparisons.tsv` by kind (trigger -> relation) and each relation's polarity.
    comparison_preferences: dict[str, str] = field(default_factory=dict)
    comparison_alternatives: dict[str, str] = field(default_factory=dict)
    comparison_thans: dict[str, str] = field(default_factory=dict)
    comparison_advantages: dict[str, str] = field(default_factory=dict)
    comparison_choices: dict[str, str] = field(default_factory=dict)
    comparison_polarity: dict[str, str] = field(default_factory=dict)
    # `comparatives.tsv`: comparative -> polarity, adjective (after more/less) -> polarity.
    comparatives: dict[str, str] = field(default_factory=dict)
    comparative_adjectives: dict[str, str] = field(default_factory=dict)
    # ... and the words whose polarity differs before to + verb ("harder to learn").
    comparative_infinitives: dict[str, str] = field(default_factory=dict)
    # noun -> what "the <noun>" refers back to (`descriptions.tsv`).
    descriptions: dict[str, Description] = field(default_factory=dict)
    # honorific (lower case, as written: "mrs.") -> "f", "m" or None (`honorifics.tsv`).
    honorifics: dict[str, str | None] = field(default_factory=dict)
    # Words that make a name an organisation's ("Semiconductor", "Institute"): the organisation
    # descriptions' nouns and matches.
    org_words: frozenset[str] = frozenset()
    # verb lemma -> {relation: weight}: which complement of the verb is what its subject claims.
    frames: dict[str, dict[str, float]] = field(default_factory=dict)
    # reading -> verb lemmas (`verbs.tsv`): how a cue verb's complements are read.
    verb_readings: dict[str, frozenset[str]] = field(default_factory=dict)
    # verb lemma -> prepositions whose object is what it claims (`called for A`).
    content_preps: dict[str, frozenset[str]] = field(default_factory=dict)
    # word -> `particle` or `governor` (`negations.tsv`): what negates a cue.
    negations: dict[str, str] = field(default_factory=dict)
    # Lines of page furniture and markup (`furniture.tsv`), compiled, case-insensitive.
    furniture: tuple[re.Pattern[str], ...] = ()
    # Markup inside a line of prose (`furniture.tsv`, scope `inline`), compiled.
    markup: tuple[re.Pattern[str], ...] = ()

    def is_furniture(self, line: str) -> bool:
        """Whether `line` (a line of the text) is page furniture or markup: never a claim."""
        stripped = line.strip()
        return bool(stripped) and any(p.match(stripped) for p in self.furniture)

    def reads(self, lemma: str, reading: str) -> bool:
        """Whether `verbs.tsv` gives verb `lemma` this reading."""
        return lemma in self.verb_readings.get(reading, ())
