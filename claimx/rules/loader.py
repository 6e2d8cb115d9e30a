"""Rule resources: the one loader for `models/` (entity patterns, cue/hedge/comparison lexicons).

Rules are data. They ship inside the wheel as `claimx/models/` and are found with
`importlib.resources`; a user can point `--rules DIR` at a copy with the same layout.
Every file is validated here, and a broken one raises `RuleFileError` naming the file,
the line and the problem.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from claimx.errors import RuleFileError
from claimx.rules.ruleset import Cue, RuleSet

CUE_KINDS = {"verb", "noun", "phrase", "document"}
CUE_FRAMES = {"speech", "belief", "finding", "intention"}
HEDGE_TYPES = {"modal", "adverb", "evidential", "verb", "phrase"}
COMPARISON_KINDS = {"verb", "phrase"}
CLAIMANT_KINDS = {"person", "organization", "group", "publication", "unknown"}
ENTITY_KEYS = {"label", "pattern", "id"}
FRAME_RELATIONS = {"ccomp", "xcomp", "dobj"}
VERB_READINGS = {"xcomp", "prep", "object-preposition", "no-object", "no-passive", "source-subject"}
REQUIRED_FILES = ("entities", "cues", "hedges", "comparisons", "sources", "roles", "verbs")


def _rows(path: Traversable, label: str, ncols: int) -> list[tuple[int, list[str]]]:
    """Non-comment rows of a TSV file, each checked to have `ncols` columns."""
    out = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(label, None, f"cannot read: {exc}") from None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) != ncols:
            raise RuleFileError(
                label, lineno, f"expected {ncols} tab-separated columns, found {len(cols)}"
            )
        if any(not c for c in cols):
            raise RuleFileError(label, lineno, "empty column")
        out.append((lineno, cols))
    return out


def _weight(label: str, lineno: int, value: str) -> float:
    """A weight column: a number in 0..1."""
    try:
        w = float(value)
    except ValueError:
        raise RuleFileError(label, lineno, f"weight {value!r} is not a number") from None
    if not 0.0 <= w <= 1.0:
        raise RuleFileError(label, lineno, f"weight {w} is outside 0..1")
    return w


def _check_choice(label: str, lineno: int, what: str, value: str, allowed: set[str]) -> None:
    if value not in allowed:
        raise RuleFileError(
            label,
            lineno,
            f"unknown {what} {value!r} (expected one of {', '.join(sorted(allowed))})",
        )


def _load_entities(path: Traversable, label: str) -> list[dict[str, Any]]:
    patterns = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(label, None, f"cannot read: {exc}") from None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RuleFileError(label, lineno, f"invalid JSON: {exc.msg}") from None
        if not isinstance(row, dict):
            raise RuleFileError(label, lineno, "expected a JSON object")
        unknown = set(row) - ENTITY_KEYS
        if unknown:
            raise RuleFileError(label, lineno, f"unknown keys: {', '.join(sorted(unknown))}")
        if not isinstance(row.get("label"), str) or not row["label"]:
            raise RuleFileError(label, lineno, "missing 'label'")
        pattern = row.get("pattern")
        if isinstance(pattern, list):
            if not pattern or not all(isinstance(t, dict) and t for t in pattern):
                raise RuleFileError(
                    label, lineno, "'pattern' must be a non-empty list of token objects"
                )
            for tok in pattern:
                for spec in tok.values():
                    regex = spec.get("REGEX") if isinstance(spec, dict) else None
                    if regex is not None:
                        try:
                            re.compile(regex)
                        except re.error as exc:
                            raise RuleFileError(
                                label, lineno, f"bad REGEX {regex!r}: {exc}"
                            ) from None
        elif not (isinstance(pattern, str) and pattern):
            raise RuleFileError(
                label, lineno, "'pattern' must be a string or a list of token objects"
            )
        patterns.append(row)
    return patterns


def load_rules(directory: str | Path | None = None) -> RuleSet:
    """Load and validate the rule resources from `directory` (default: the shipped models)."""
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


def _load(root: Traversable, shown: str) -> RuleSet:
    manifest_path = root / "manifest.json"
    mlabel = f"{shown}/manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleFileError(mlabel, None, "missing") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise RuleFileError(mlabel, None, f"cannot read: {exc}") from None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict):
        raise RuleFileError(mlabel, None, "expected an object with a 'files' mapping")
    missing = [k for k in REQUIRED_FILES if k not in files]
    if missing:
        raise RuleFileError(mlabel, None, f"'files' lacks {', '.join(missing)}")

    def path(key: str) -> tuple[Traversable, str]:
        p = root / files[key]
        label = f"{shown}/{files[key]}"
        if not p.is_file():
            raise RuleFileError(label, None, "missing")
        return p, label

    p, label = path("entities")
    entity_patterns = _load_entities(p, label)

    cue_verbs: dict[str, Cue] = {}
    cue_nouns: dict[str, Cue] = {}
    cue_phrases: dict[str, Cue] = {}
    cue_documents: dict[str, Cue] = {}
    p, label = path("cues")
    for lineno, (text, kind, frame, weight) in _rows(p, label, 4):
        _check_choice(label, lineno, "kind", kind, CUE_KINDS)
        _check_choice(label, lineno, "frame", frame, CUE_FRAMES)
        cue = Cue(text.lower(), kind, frame, _weight(label, lineno, weight))
        {"verb": cue_verbs, "noun": cue_nouns, "phrase": cue_phrases, "document": cue_documents}[
            kind
        ][cue.text] = cue

    hedges: dict[str, str] = {}
    p, label = path("hedges")
    for lineno, (expr, type_) in _rows(p, label, 2):
        _check_choice(label, lineno, "type", type_, HEDGE_TYPES)
        hedges[expr.lower()] = type_

    comparison_verbs: dict[str, str] = {}
    comparison_phrases: dict[str, str] = {}
    p, label = path("comparisons")
    for lineno, (trigger, kind, relation) in _rows(p, label, 3):
        _check_choice(label, lineno, "kind", kind, COMPARISON_KINDS)
        (comparison_verbs if kind == "verb" else comparison_phrases)[trigger.lower()] = relation

    source_nouns: dict[str, str] = {}
    referring: set[str] = set()
    p, label = path("sources")
    for lineno, (noun, kind, refers) in _rows(p, label, 3):
        _check_choice(label, lineno, "kind", kind, CLAIMANT_KINDS)
        _check_choice(label, lineno, "refers", refers, {"yes", "no"})
        source_nouns[noun.lower()] = kind
        if refers == "yes":
            referring.add(noun.lower())

    p, label = path("roles")
    roles = frozenset(cols[0].lower() for _, cols in _rows(p, label, 1))

    name_genders: dict[str, str] = {}
    if "names" in files:
        p, label = path("names")
        for lineno, (first, gender) in _rows(p, label, 2):
            _check_choice(label, lineno, "gender", gender, {"f", "m"})
            name_genders[first.lower()] = gender

    frames: dict[str, dict[str, float]] = {}
    if "frames" in files:
        p, label = path("frames")
        for lineno, (verb, relation, weight) in _rows(p, label, 3):
            if relation not in FRAME_RELATIONS and not re.fullmatch(r"prep:[a-z]+", relation):
                raise RuleFileError(
                    label,
                    lineno,
                    f"unknown relation {relation!r} (expected ccomp, xcomp, dobj or prep:<word>)",
                )
            frames.setdefault(verb.lower(), {})[relation] = _weight(label, lineno, weight)

    readings: dict[str, set[str]] = {r: set() for r in VERB_READINGS}
    preps: dict[str, set[str]] = {}
    p, label = path("verbs")
    for lineno, (verb, reading, argument) in _rows(p, label, 3):
        _check_choice(label, lineno, "reading", reading, VERB_READINGS)
        if verb.lower() not in cue_verbs:
            raise RuleFileError(
                label,
                lineno,
                f"{verb!r} is not a cue verb in the cues file: its readings would never be used",
            )
        if reading == "prep":
            if not re.fullmatch(r"[a-z]+", argument):
                raise RuleFileError(
                    label, lineno, f"a prep reading needs a preposition, not {argument!r}"
                )
            preps.setdefault(verb.lower(), set()).add(argument)
        elif argument != "-":
            raise RuleFileError(
                label,
                lineno,
                f"reading {reading!r} takes no argument (use '-'), found {argument!r}",
            )
        readings[reading].add(verb.lower())

    return RuleSet(
        name=str(manifest.get("name", "claimx-rules")),
        version=str(manifest.get("version", "0")),
        source=shown,
        entity_patterns=entity_patterns,
        cue_verbs=cue_verbs,
        cue_nouns=cue_nouns,
        cue_phrases=cue_phrases,
        cue_documents=cue_documents,
        hedges=hedges,
        comparison_verbs=comparison_verbs,
        comparison_phrases=comparison_phrases,
        source_nouns=source_nouns,
        referring_nouns=frozenset(referring),
        roles=roles,
        name_genders=name_genders,
        frames=frames,
        verb_readings={r: frozenset(v) for r, v in readings.items()},
        content_preps={v: frozenset(ps) for v, ps in preps.items()},
    )
