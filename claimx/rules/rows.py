"""One Pydantic model per rule file: what a valid row (or `manifest.json`) holds.

`claimx.rules.loader` reads each file and validates every row with its model here; the field
names are the files' column names (the `#` header line of each TSV file), so a refused value is
reported as `column 'kind': ...`. The allowed values are the `Literal` types below, with the
same choices as frozensets (`CUE_KINDS`, ...) for code that tests membership.

Entity token patterns are checked with spaCy's own validator (`spacy.schemas`), plus what it
lets through and the matcher would crash on: a `REGEX` that does not compile, a `{n,m}`
operator with n > m, custom (`_`) attributes. Tokens of the plain forms spaCy's schema always
accepts (`_plain`: the shipped patterns are all plain) skip the validator, so that reading the
rules does not import spaCy (0.7 s) where no pipeline is loaded.
"""

from __future__ import annotations

import difflib
import re
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

CueKind = Literal["verb", "noun", "phrase", "document"]
CueFrame = Literal["speech", "belief", "finding", "intention"]
HedgeType = Literal["modal", "adverb", "evidential", "verb", "phrase"]
ComparisonKind = Literal[
    "verb", "phrase", "preference", "choice", "alternative", "than", "advantage"
]
# better: the subject is ahead; worse: the object is ahead; equal; different (no direction).
Polarity = Literal["better", "worse", "equal", "different"]
ComparativeKind = Literal["comparative", "adjective", "infinitive"]
ClaimantKind = Literal["person", "organization", "group", "publication", "unknown"]
YesNo = Literal["yes", "no"]
Gender = Literal["f", "m"]
MaybeGender = Literal["f", "m", "-"]
ReferentKind = Literal["person", "organization", "publication"]
NegationKind = Literal["particle", "governor"]
FurnitureScope = Literal["line", "inline"]
VerbReading = Literal[
    "xcomp", "prep", "object-preposition", "no-object", "no-passive", "source-subject"
]

CUE_KINDS: frozenset[str] = frozenset(get_args(CueKind))
CUE_FRAMES: frozenset[str] = frozenset(get_args(CueFrame))
HEDGE_TYPES: frozenset[str] = frozenset(get_args(HedgeType))
COMPARISON_KINDS: frozenset[str] = frozenset(get_args(ComparisonKind))
POLARITIES: frozenset[str] = frozenset(get_args(Polarity))
CLAIMANT_KINDS: frozenset[str] = frozenset(get_args(ClaimantKind))
VERB_READINGS: tuple[str, ...] = get_args(VerbReading)
FRAME_RELATIONS: tuple[str, ...] = ("ccomp", "xcomp", "dobj")  # or prep:<word>

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Weight = Annotated[float, Field(ge=0.0, le=1.0)]
_PREPOSITION = re.compile(r"[a-z]+")
_RELATION = re.compile(r"prep:[a-z]+")


class Row(BaseModel):
    """A TSV row: its columns are the model's fields, in order."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class CueRow(Row):
    """`cues.tsv`: a reporting expression, its kind, frame and weight (the claim's confidence)."""

    text: Text
    kind: CueKind
    frame: CueFrame
    weight: Weight


class HedgeRow(Row):
    """`hedges.tsv`: a hedging expression and its type."""

    expression: Text
    type: HedgeType


class ComparisonRow(Row):
    """`comparisons.tsv`: a comparison trigger, the relation it normalises to, and the
    relation's polarity."""

    trigger: Text
    kind: ComparisonKind
    relation: Text
    polarity: Polarity


class ComparativeRow(Row):
    """`comparatives.tsv`: a comparative ("faster") or an adjective graded by more/less
    ("reliable"), and what "X is <it> than Y" says of X."""

    word: Text
    kind: ComparativeKind
    polarity: Literal["better", "worse", "different"]


class SourceRow(Row):
    """`sources.tsv`: a source noun, its claimant kind, whether `the <noun>` refers back."""

    noun: Text
    kind: ClaimantKind
    refers: YesNo


class RoleRow(Row):
    """`roles.tsv`: a title that makes a mention a person with a role."""

    title: Text


class NameRow(Row):
    """`names.tsv`: a first name and its grammatical gender."""

    name: Text
    gender: Gender


class DescriptionRow(Row):
    """`descriptions.tsv`: a noun that refers back ("the company"), the kind of entity it names,
    the words that mark an entity as one (`|` between them) and the gender it implies (`-`: none)."""

    noun: Text
    kind: ReferentKind
    matches: Text
    gender: MaybeGender

    @field_validator("matches")
    @classmethod
    def _matches(cls, value: str) -> str:
        if any(not w.strip() for w in value.split("|")):
            raise ValueError(f"empty word in {value!r} (words are separated by one |)")
        return value


class HonorificRow(Row):
    """`honorifics.tsv`: a word before a name (`Mrs.`) and the gender it implies (`-`: none)."""

    honorific: Text
    gender: MaybeGender


class FrameRow(Row):
    """`frames.tsv`: a verb (or adjective), the complement its subject claims, and a weight."""

    word: Text
    relation: Text
    weight: Weight

    @field_validator("relation")
    @classmethod
    def _relation(cls, value: str) -> str:
        if value not in FRAME_RELATIONS and not _RELATION.fullmatch(value):
            raise ValueError(
                f"unknown value {value!r} (expected {', '.join(FRAME_RELATIONS)} or prep:<word>)"
            )
        return value


class NegationRow(Row):
    """`negations.tsv`: a word that negates a cue: a `particle` the parser attaches to the
    cue verb (`did not say`), or a `governor` verb whose infinitive is the cue (`declined to
    confirm`)."""

    word: Text
    kind: NegationKind


class FurnitureRow(Row):
    """`furniture.tsv`: a regular expression for page furniture or markup, case-insensitive:
    a whole `line` (a wiki heading, a credit line, `Read more`), matched at the line's first
    non-blank character, or `inline` markup inside prose (`==Heading==`, `<br />`); and what
    it is."""

    pattern: Text
    scope: FurnitureScope
    what: Text

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
        return value


class VerbRow(Row):
    """`verbs.tsv`: a reading of a cue verb; `prep` names its preposition, the others take `-`."""

    lemma: Text
    reading: VerbReading
    argument: Text

    @model_validator(mode="after")
    def _argument(self) -> VerbRow:
        if self.reading == "prep":
            if not _PREPOSITION.fullmatch(self.argument):
                raise ValueError(
                    "column 'argument': a prep reading needs a preposition (lower-case letters),"
                    f" not {self.argument!r}"
                )
        elif self.argument != "-":
            raise ValueError(
                f"column 'argument': reading {self.reading!r} takes no argument (use '-'),"
                f" found {self.argument!r}"
            )
        return self


class EntityRow(BaseModel):
    """`entities.jsonl`: one EntityRuler pattern, a phrase (string) or a list of token objects."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: Annotated[str, Field(strict=True), StringConstraints(min_length=1)]
    pattern: str | list[dict[str, Any]]
    id: Annotated[str, Field(strict=True), StringConstraints(min_length=1)] | None = None

    @field_validator("label", mode="before")
    @classmethod
    def _label(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, value: Any) -> Any:
        # Absent is fine; an explicit null reaches the EntityRuler and crashes it.
        if value is None:
            raise ValueError("must be a string (leave the key out for no id)")
        return value

    @field_validator("pattern", mode="before")
    @classmethod
    def _shape(cls, value: Any) -> Any:
        if isinstance(value, str):
            if not value.strip():
                raise ValueError("an empty phrase matches nothing")
            return value
        if not isinstance(value, list) or not value:
            raise ValueError("must be a phrase (string) or a non-empty list of token objects")
        for i, token in enumerate(value):
            if not isinstance(token, dict) or not token:
                raise ValueError(f"token {i} must be a non-empty JSON object")
        return value

    @model_validator(mode="after")
    def _tokens(self) -> EntityRow:
        if isinstance(self.pattern, list):
            problem = token_pattern_problem(self.pattern)
            if problem:
                raise ValueError(problem)
        return self


class ManifestFiles(BaseModel):
    """The `files` mapping of `manifest.json`: resource key -> file name in the same folder."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    entities: Text
    cues: Text
    hedges: Text
    comparisons: Text
    sources: Text
    roles: Text
    verbs: Text
    names: Text | None = None
    frames: Text | None = None
    comparatives: Text | None = None
    descriptions: Text | None = None
    honorifics: Text | None = None
    negations: Text | None = None
    furniture: Text | None = None


REQUIRED_FILES: tuple[str, ...] = tuple(
    key for key, field in ManifestFiles.model_fields.items() if field.is_required()
)


class Manifest(BaseModel):
    """`manifest.json`: the rule set's name and version and its files (other keys are kept)."""

    model_config = ConfigDict(extra="allow", frozen=True, coerce_numbers_to_str=True)

    name: str = "claimx-rules"
    version: str = "0"
    files: ManifestFiles


# Union-branch names spaCy's validator puts in its error paths: not part of the pattern.
_BRANCH = re.compile(r"(?:str|int|float|bool|constrained-str|str-enum\[.*\]|TokenPattern\w*)")
_OP_RANGE = re.compile(r"\{(\d+),(\d+)\}")


def token_pattern_problem(pattern: list[dict[str, Any]]) -> str | None:
    """The first problem of a token pattern, as one line, or None if spaCy can use it."""
    if not all(_plain(token) for token in pattern):
        from spacy.schemas import TokenPattern, validate_token_pattern

        errors = validate_token_pattern(pattern)
        if errors:
            attributes = [f.alias for f in TokenPattern.model_fields.values() if f.alias]
            return _condense(errors, attributes)
    for i, token in enumerate(pattern):
        for key in token:
            if key in ("_", "underscore"):
                return (
                    f"pattern token {i}: custom attributes ('_') are not set when entities"
                    " are matched"
                )
        op = token.get("OP", token.get("op"))
        m = _OP_RANGE.fullmatch(op) if isinstance(op, str) else None
        if m and int(m[1]) > int(m[2]):
            return f"pattern token {i}: operator {op!r} repeats at least {m[1]}, at most {m[2]}"
        regex = _bad_regex(token)
        if regex:
            return f"pattern token {i}: {regex}"
    return None


# Token attributes whose plain forms (a string, `{"IN"/"NOT_IN": [strings]}`, `{"REGEX": string}`)
# spaCy's pattern schema accepts, and plain operators: a pattern made only of these is valid
# without asking spaCy, which would cost importing it (0.7 s) where the rules are only read.
_PLAIN_ATTRS = frozenset(
    {"ORTH", "TEXT", "LOWER", "NORM", "LEMMA", "SHAPE", "POS", "TAG", "DEP", "ENT_TYPE"}
)
_PLAIN_OPS = frozenset({"+", "*", "?", "!"})


def _plain(token: dict[str, Any]) -> bool:
    """Whether spaCy's validator certainly accepts this token (False: ask it)."""
    for key, value in token.items():
        if key == "OP":
            if not (isinstance(value, str) and value in _PLAIN_OPS):
                return False
        elif key not in _PLAIN_ATTRS:
            return False
        elif isinstance(value, dict) and len(value) == 1:
            ((predicate, argument),) = value.items()
            if predicate == "REGEX":
                if not isinstance(argument, str):
                    return False
            elif predicate in ("IN", "NOT_IN"):
                if not (isinstance(argument, list) and all(isinstance(a, str) for a in argument)):
                    return False
            else:
                return False
        elif not isinstance(value, str):
            return False
    return True


def _bad_regex(spec: dict[str, Any]) -> str | None:
    """`bad REGEX ...` for the first `REGEX` value (at any depth) that does not compile."""
    for key, value in spec.items():
        if key == "REGEX" and isinstance(value, str):
            try:
                re.compile(value)
            except re.error as exc:
                return f"bad REGEX {value!r}: {exc}"
        elif isinstance(value, dict):
            inner = _bad_regex(value)
            if inner:
                return inner
    return None


def _split_error(error: str) -> tuple[list[str], str]:
    """spaCy's `[pattern -> 0 -> TEXT] message` as (path below `pattern`, message)."""
    error = " ".join(error.split())
    depth = 0
    if error.startswith("["):
        for i, char in enumerate(error):
            depth += {"[": 1, "]": -1}.get(char, 0)
            if depth == 0:
                path = [p.strip() for p in error[1:i].split("->")]
                return path[1:] if path[:1] == ["pattern"] else path, error[i + 1 :].strip()
    return [], error


def _condense(errors: list[str], attributes: list[str]) -> str:
    """spaCy's first validation error (and its alternatives at the same place) as one line."""
    parsed = []
    for error in errors:
        path, message = _split_error(error)
        kept = tuple(p for p in path if not _BRANCH.fullmatch(p))
        parsed.append((kept, message[:1].lower() + message[1:]))
    where = parsed[0][0]
    messages = list(dict.fromkeys(message for w, message in parsed if w == where))
    if not where or not where[0].isdigit():
        return f"pattern {' -> '.join(where)}: {'; '.join(messages)}".replace(" :", ":")
    token, attr = where[0], where[1:]
    if messages == ["extra inputs are not permitted"] and len(attr) == 1:
        close = difflib.get_close_matches(attr[0].upper(), attributes, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"pattern token {token}: unknown attribute {attr[0]!r}{hint}"
    inside = f" {' -> '.join(attr)}" if attr else ""
    return f"pattern token {token}{inside}: {'; '.join(messages)}"
