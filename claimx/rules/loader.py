"""Rule resources: the one loader for the rule files (entity patterns, cue/hedge/... lexicons).

Rules are data. They ship inside the wheel as `claimx/rules/data/` and are found with
`importlib.resources`; a user can point `--rules DIR` at a copy with the same layout.

Every file is validated here, before any pipeline is loaded: `manifest.json` and each row of
each file by its Pydantic model in `claimx.rules.rows` (entity token patterns also by spaCy's
own validator), read by one generic reader for TSV and JSON Lines. A broken file raises one
`RuleFileError` naming the file, the line and the problem in a few words (`column 'kind':
unknown value 'verbx' (expected one of ...)`), never a validation dump. Checks across files
(a `verbs.tsv` reading for a verb that is no cue verb) are made here too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from claimx.errors import RuleFileError
from claimx.rules.rows import (
    COMPARISON_KINDS,
    VERB_READINGS,
    ComparativeKind,
    ComparativeRow,
    ComparisonRow,
    CueRow,
    DescriptionRow,
    EntityRow,
    FrameRow,
    FurnitureRow,
    HedgeRow,
    HonorificRow,
    Manifest,
    NameRow,
    NegationRow,
    RoleRow,
    SourceRow,
    VerbRow,
)
from claimx.rules.ruleset import Cue, Description, RuleSet

M = TypeVar("M", bound=BaseModel)
Format = Literal["tsv", "jsonl"]


def _read_text(path: Traversable, label: str) -> str:
    """The file as UTF-8 text; a byte that is not UTF-8 is reported with its line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RuleFileError(label, None, f"cannot read: {exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RuleFileError(label, line, f"not UTF-8 text ({exc.reason})") from None


def read_rows(
    path: Traversable, label: str, model: type[M], fmt: Format
) -> Iterator[tuple[int, M]]:
    """Each row of a rule file as (line number, validated `model`), shown as `label` in errors.

    `tsv`: blank lines and `#` comment lines are skipped; a row has exactly one column per field
    of `model`, in order, none empty. `jsonl`: blank lines are skipped; a row is a JSON object
    with `model`'s keys. A row that does not validate raises one `RuleFileError`.
    """
    fields = list(model.model_fields)
    for lineno, line in enumerate(_read_text(path, label).splitlines(), 1):
        if not line.strip():
            continue
        data: Any
        if fmt == "tsv":
            if line.lstrip().startswith("#"):
                continue
            cols = [c.strip() for c in line.split("\t")]
            if len(cols) != len(fields):
                raise RuleFileError(
                    label,
                    lineno,
                    f"expected {len(fields)} tab-separated column{'s' * (len(fields) != 1)}"
                    f" ({', '.join(fields)}), found {len(cols)}",
                )
            for name, col in zip(fields, cols):
                if not col:
                    raise RuleFileError(label, lineno, f"column {name!r} is empty")
            data = dict(zip(fields, cols))
        else:
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RuleFileError(label, lineno, f"invalid JSON: {exc.msg}") from None
        try:
            row = model.model_validate(data)
        except ValidationError as exc:
            kind = "column" if fmt == "tsv" else "key"
            raise RuleFileError(label, lineno, problem(exc, model, kind)) from None
        yield lineno, row


def problem(exc: ValidationError, model: type[BaseModel], kind: str = "key") -> str:
    """The first error of `exc` in a few words, on one line (`kind`: `column` or `key`)."""
    error = exc.errors(include_url=False)[0]
    return " ".join(_describe(error, model, kind).split())


def _describe(error: ErrorDetails, model: type[BaseModel], kind: str) -> str:
    loc = [str(part) for part in error["loc"]]
    type_ = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    owner = _owner(model, loc[:-1])
    name = loc[-1] if loc else ""
    where = f"{kind} {'.'.join(loc)!r}: " if loc else ""
    if type_ == "missing":
        return f"missing {kind} {'.'.join(loc)!r}"
    if type_ == "extra_forbidden":
        expected = f" (expected {', '.join(owner.model_fields)})" if owner else ""
        return f"unknown {kind} {'.'.join(loc)!r}{expected}"
    if type_ in ("model_type", "model_attributes_type", "dict_type"):
        return f"{where}expected a JSON object, found {_json_type(value)}"
    if type_ == "literal_error" and owner and name in owner.model_fields:
        choices = sorted(str(c) for c in _choices(owner.model_fields[name].annotation))
        return f"{where}unknown value {value!r} (expected one of {', '.join(choices)})"
    if type_ in ("float_parsing", "float_type"):
        return f"{where}{value!r} is not a number"
    if type_ in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = _bounds(owner, name) if owner else (None, None)
        try:
            shown = str(float(value))
        except (TypeError, ValueError):
            shown = repr(value)
        if low is not None and high is not None:
            return f"{where}{shown} is outside {low:g}..{high:g}"
    if type_ == "string_type":
        return f"{where}expected a string, found {_json_type(value)}"
    if type_ == "string_too_short":
        return f"{where}must not be empty"
    if type_ == "value_error":
        return f"{where}{ctx.get('error', error['msg'])}"
    return f"{where}{error['msg']}"


def _owner(model: type[BaseModel], path: Sequence[str]) -> type[BaseModel] | None:
    """The model that holds the field at `path` (nested models only), or None."""
    for part in path:
        field = model.model_fields.get(part)
        sub = field.annotation if field else None
        if not (isinstance(sub, type) and issubclass(sub, BaseModel)):
            return None
        model = sub
    return model


def _choices(annotation: Any) -> tuple[Any, ...]:
    """The values of a `Literal` annotation (also inside `Annotated` or `| None`)."""
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    return tuple(c for arg in get_args(annotation) for c in _choices(arg))


def _bounds(model: type[BaseModel], name: str) -> tuple[float | None, float | None]:
    low = high = None
    for meta in model.model_fields[name].metadata:
        low = getattr(meta, "ge", low)
        high = getattr(meta, "le", high)
    return low, high


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    if value is None:
        return "null"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def load_rules(directory: str | Path | None = None) -> RuleSet:
    """Load and validate the rule files in `directory` (default: the shipped rules)."""
    if directory is None:
        return _default_rules()
    root = Path(directory)
    if not root.is_dir():
        raise RuleFileError(str(directory), None, "not a directory of rule files")
    return _load(root, str(root))


def shipped_rules() -> Traversable:
    """The rule files shipped inside the package (`claimx/rules/data/`)."""
    return resources.files("claimx.rules") / "data"


@lru_cache(maxsize=1)
def _default_rules() -> RuleSet:
    return _load(shipped_rules(), "claimx/rules/data")


def _read_manifest(root: Traversable, shown: str) -> Manifest:
    label = f"{shown}/manifest.json"
    if not (root / "manifest.json").is_file():
        raise RuleFileError(label, None, "missing")
    text = _read_text(root / "manifest.json", label)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RuleFileError(label, exc.lineno, f"invalid JSON: {exc.msg}") from None
    try:
        return Manifest.model_validate(data)
    except ValidationError as exc:
        loc = [str(p) for p in exc.errors(include_url=False)[0]["loc"]]
        raise RuleFileError(label, _json_line(text, loc), problem(exc, Manifest)) from None


def _json_line(text: str, loc: Sequence[str]) -> int:
    """Line of the deepest key of `loc` found in a JSON text, key after key (1 if none is)."""
    pos = 0
    for key in loc:
        m = re.compile(rf'"{re.escape(key)}"\s*:').search(text, pos)
        if not m:
            break
        pos = m.start()
    return text.count("\n", 0, pos) + 1


def _load(root: Traversable, shown: str) -> RuleSet:
    manifest = _read_manifest(root, shown)
    files = manifest.files

    def rows(name: str | None, model: type[M], fmt: Format = "tsv") -> Iterator[tuple[int, M]]:
        if name is None:  # an optional file the manifest does not list
            return iter(())
        path, label = root / name, f"{shown}/{name}"
        if not path.is_file():
            raise RuleFileError(label, None, "missing")
        return read_rows(path, label, model, fmt)

    entity_patterns = [
        row.model_dump(exclude_unset=True) for _, row in rows(files.entities, EntityRow, "jsonl")
    ]

    cues: dict[str, dict[str, Cue]] = {"verb": {}, "noun": {}, "phrase": {}, "document": {}}
    for _, cue_row in rows(files.cues, CueRow):
        cue = Cue(cue_row.text.lower(), cue_row.kind, cue_row.frame, cue_row.weight)
        cues[cue.kind][cue.text] = cue

    hedges: dict[str, str] = {
        row.expression.lower(): row.type for _, row in rows(files.hedges, HedgeRow)
    }

    # kind -> trigger -> relation; relation -> polarity (one polarity per relation).
    comparison: dict[str, dict[str, str]] = {k: {} for k in COMPARISON_KINDS}
    polarity: dict[str, str] = {}
    comparisons_label = f"{shown}/{files.comparisons}"
    for lineno, row in rows(files.comparisons, ComparisonRow):
        if polarity.setdefault(row.relation, row.polarity) != row.polarity:
            raise RuleFileError(
                comparisons_label,
                lineno,
                f"relation {row.relation!r} has polarity {polarity[row.relation]!r} on an earlier"
                f" line, {row.polarity!r} here",
            )
        comparison[row.kind][row.trigger.lower()] = row.relation
    comparatives: dict[str, dict[str, str]] = {k: {} for k in get_args(ComparativeKind)}
    for _, comparative in rows(files.comparatives, ComparativeRow):
        comparatives[comparative.kind][comparative.word.lower()] = comparative.polarity

    source_nouns: dict[str, str] = {}
    referring: set[str] = set()
    for _, source in rows(files.sources, SourceRow):
        source_nouns[source.noun.lower()] = source.kind
        if source.refers == "yes":
            referring.add(source.noun.lower())

    roles = frozenset(row.title.lower() for _, row in rows(files.roles, RoleRow))

    name_genders: dict[str, str] = {
        row.name.lower(): row.gender for _, row in rows(files.names, NameRow)
    }

    descriptions: dict[str, Description] = {}
    for _, desc in rows(files.descriptions, DescriptionRow):
        descriptions[desc.noun.lower()] = Description(
            desc.noun.lower(),
            desc.kind,
            frozenset(w.strip().lower() for w in desc.matches.split("|")),
            None if desc.gender == "-" else desc.gender,
        )
    honorifics: dict[str, str | None] = {
        row.honorific.lower(): (None if row.gender == "-" else row.gender)
        for _, row in rows(files.honorifics, HonorificRow)
    }

    frames: dict[str, dict[str, float]] = {}
    for _, frame in rows(files.frames, FrameRow):
        frames.setdefault(frame.word.lower(), {})[frame.relation] = frame.weight

    negations: dict[str, str] = {
        row.word.lower(): row.kind for _, row in rows(files.negations, NegationRow)
    }
    furniture_rows = [row for _, row in rows(files.furniture, FurnitureRow)]
    furniture = tuple(
        re.compile(row.pattern, re.IGNORECASE) for row in furniture_rows if row.scope == "line"
    )
    markup = tuple(
        re.compile(row.pattern, re.IGNORECASE) for row in furniture_rows if row.scope == "inline"
    )

    readings: dict[str, set[str]] = {r: set() for r in VERB_READINGS}
    preps: dict[str, set[str]] = {}
    verbs_label = f"{shown}/{files.verbs}"
    for lineno, verb in rows(files.verbs, VerbRow):
        lemma = verb.lemma.lower()
        if lemma not in cues["verb"]:
            raise RuleFileError(
                verbs_label,
                lineno,
                f"{verb.lemma!r} is not a cue verb in {files.cues}: its readings would never"
                " be used",
            )
        if verb.reading == "prep":
            preps.setdefault(lemma, set()).add(verb.argument)
        readings[verb.reading].add(lemma)

    return RuleSet(
        name=manifest.name,
        version=manifest.version,
        source=shown,
        entity_patterns=entity_patterns,
        cue_verbs=cues["verb"],
        cue_nouns=cues["noun"],
        cue_phrases=cues["phrase"],
        cue_documents=cues["document"],
        hedges=hedges,
        comparison_verbs=comparison["verb"],
        comparison_phrases=comparison["phrase"],
        comparison_preferences=comparison["preference"],
        comparison_alternatives=comparison["alternative"],
        comparison_thans=comparison["than"],
        comparison_advantages=comparison["advantage"],
        comparison_choices=comparison["choice"],
        comparison_polarity=polarity,
        comparatives=comparatives["comparative"],
        comparative_adjectives=comparatives["adjective"],
        comparative_infinitives=comparatives["infinitive"],
        source_nouns=source_nouns,
        referring_nouns=frozenset(referring),
        roles=roles,
        name_genders=name_genders,
        descriptions=descriptions,
        honorifics=honorifics,
        org_words=frozenset(
            w
            for d in descriptions.values()
            if d.kind != "person"
            for w in (d.noun, *d.matches)
            if len(w) > 3
        ),
        frames=frames,
        verb_readings={r: frozenset(v) for r, v in readings.items()},
        content_preps={v: frozenset(ps) for v, ps in preps.items()},
        negations=negations,
        furniture=furniture,
        markup=markup,
    )
