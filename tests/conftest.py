"""Shared fixtures: one loaded `Extractor` per test session, and where the shared corpus lives."""

from __future__ import annotations

from pathlib import Path

import pytest

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
