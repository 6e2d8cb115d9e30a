"""Shared fixtures: one loaded `Extractor` per test session, and where the shared corpus lives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# A rule that makes a span which is not `text[start:end]` must fail the test that meets it, not
# silently lose its claim as it does for users: set before any extractor is built, and
# inherited by every worker process and subprocess the tests start.
os.environ["CLAIMX_STRICT_SPANS"] = "1"

# Third-party data beside the checkout (`../shared/corpus`); never copied into the repo.
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def extractor():
    """A `claimx.Extractor()` with the default model and rules, loaded once (it takes a second)."""
    import claimx

    return claimx.Extractor()


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus folder; tests using it skip cleanly when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS
