"""Shared fixtures: the project root and the seed chapter, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.builder import Corpus, load_corpus
from edition.model import Chapter

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """The project's corpus, loaded and checked (paths relative to the project root)."""
    import os

    here = Path.cwd()
    os.chdir(ROOT)
    try:
        return load_corpus(Path("corpus"))
    finally:
        os.chdir(here)


@pytest.fixture(scope="session")
def seed(corpus: Corpus) -> Chapter:
    """The seed chapter: Chen Jian, "Mao and Sino-American Relations"."""
    return next(c for c in corpus.chapters if c.meta.slug == "chen-mao")
