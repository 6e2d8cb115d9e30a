"""The record contract: what `claimx extract` writes, one `DocumentRecord` per input.

Every model forbids unknown fields, so a mistyped key fails loudly instead of being
dropped. Every span is `{text, start, end}` with `text == source[start:end]`, character
offsets into the decoded input text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION: Final = "2.0"

ClaimantKind = Literal["person", "organization", "group", "publication", "unknown"]
Attribution = Literal["direct", "indirect", "mixed", "according_to", "unattributed"]
Frame = Literal["speech", "belief", "intention", "finding", "evidential"]
Gender = Literal["female", "male"]
Polarity = Literal["better", "worse", "equal", "different"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Strict):
    """A stretch of the input: `text == input[start:end]`."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before its start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError("span text length does not match end - start")
        return self


class Entity(Span):
    """A named entity inside a claim's content."""

    label: str


class Claimant(_Strict):
    """Who makes the claim: the mention in the text and what it resolves to."""

    span: Span | None = Field(
        description="the mention in the text; null when the claimant is not named"
    )
    kind: ClaimantKind
    name: str | None = Field(description="resolved, canonical name ('Winston Ma' for 'Ma' or 'he')")
    role: str | None = Field(default=None, description="role or title given in the text")
    mention: Span | None = Field(
        default=None,
        description="the mention the name was resolved from, when it differs from span",
    )
    entity: str | None = Field(
        default=None,
        description="id of the document entity the claimant is (document.entities[].id)",
    )


class Comparison(_Strict):
    """A comparison as a triple, with the condition under which it holds and its direction."""

    subject: Span
    relation: str = Field(
        description="normalised relation, e.g. 'outperform', 'rival', 'faster than'"
    )
    object: Span
    condition: Span | None = None
    polarity: Polarity = Field(
        default="different",
        description="better: the subject is ahead; worse: the object is ahead; equal; different",
    )
    negated: bool = Field(default=False, description="the comparison is denied ('is not faster')")
    subject_name: str | None = Field(
        default=None,
        description="what the subject names: itself, or the referent of a pronoun, quantifier"
        " or description ('some' -> 'Chinese IT companies'); null when unresolved",
    )
    object_name: str | None = Field(
        default=None, description="what the object names, as subject_name"
    )


class Claim(_Strict):
    """One claim: who claims what, with which cue, and where."""

    id: str
    content: Span
    sentence: Span
    sentence_cut: bool = Field(
        default=False,
        description="the text ran on without a sentence break, and `sentence` was cut at the cap",
    )
    claimant: Claimant
    cue: Span | None
    attribution: Attribution
    frame: Frame = Field(
        description=(
            "what kind of claim: speech (said, wrote, quoted), belief (thinks, expects), "
            "intention (wants, plans, supports), finding (a study, poll or report shows; the "
            "publication's own statements), evidential (reportedly, seems)"
        ),
    )
    negated: bool = Field(default=False, description="the cue is negated ('did not say')")
    negation: Span | None = Field(default=None, description="the negating expression, when negated")
    hedged: bool = False
    hedge: Span | None = Field(default=None, description="the hedging expression, when hedged")
    comparisons: list[Comparison] = Field(
        default_factory=list, description="every comparison in the claim, in text order"
    )
    entities: list[Entity] = Field(default_factory=list)
    confidence: float = Field(ge=0.0, le=1.0)
    rule: str = Field(description="the rule that produced this claim")
    duplicate_of: str | None = Field(
        default=None, description="id of the body claim a headline or key-point line repeats"
    )


class Referent(_Strict):
    """A person or organisation the document names, with every mention that refers to it."""

    id: str = Field(
        description="stable within the document: 'e1', 'e2', ... in order of first mention"
    )
    name: str = Field(description="the fullest name the document gives")
    kind: ClaimantKind
    mentions: list[Span] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list, description="role nouns and titles seen with it")
    gender: Gender | None = Field(
        default=None, description="from honorifics, first names, pronouns"
    )
    ref: str | None = Field(
        default=None, description="an external id pinned by a gazetteer (e.g. a Wikidata QID)"
    )


class Document(_Strict):
    """What is known of the input document."""

    id: str = Field(description="stable id derived from the text")
    path: str | None = Field(description="path as given; null for stdin")
    title: str | None = None
    publication: str | None = None
    byline: str | None = None
    chars: int = Field(ge=0)
    encoding: str | None = Field(default=None, description="encoding the input was decoded from")
    url: str | None = None
    published: str | None = None
    meta: dict[str, Any] = Field(
        default_factory=dict, description="other input metadata, kept as given"
    )
    entities: list[Referent] = Field(
        default_factory=list, description="the people and organisations the document names"
    )


class ErrorInfo(_Strict):
    """Why an input could not be processed."""

    type: str
    message: str


class DocumentRecord(_Strict):
    """One record per input: the document, its claims, and an error when it failed."""

    schema_version: Literal["2.0"] = SCHEMA_VERSION
    document: Document
    claims: list[Claim] = Field(default_factory=list)
    error: ErrorInfo | None = None
    text: str | None = Field(default=None, description="the decoded text, with --include-text")

    def to_json(self) -> str:
        """Serialise to one line of JSON (no trailing newline)."""
        return self.model_dump_json()


def iter_spans(value: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every `{text, start, end}` dict inside a dumped record (or any JSON value), with its path.

    The offsets invariant is `source[start:end] == text` for each of them.
    """
    if isinstance(value, dict):
        if {"text", "start", "end"} <= value.keys():
            yield path, value
        for key, child in value.items():
            if isinstance(child, (dict, list)):
                yield from iter_spans(child, f"{path}.{key}")
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from iter_spans(child, f"{path}[{i}]")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of `DocumentRecord`, as `claimx schema` prints it."""
    schema = DocumentRecord.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "claimx DocumentRecord"
    return schema


def json_schema_text() -> str:
    """The JSON Schema as indented text."""
    return json.dumps(json_schema(), indent=2)
