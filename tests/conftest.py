"""Shared fixtures: the project root and the seed chapter, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.builder import Corpus, load_corpus
from edition.ingest import ingest
from edition.link import link
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
    """The seed chapter as the corpus publishes it, with the editors' decisions applied."""
    return next(c for c in corpus.chapters if c.meta.slug == "chen-mao")


@pytest.fixture(scope="session")
def raw_seed() -> Chapter:
    """The seed chapter through ingest and link alone: the general rules, no editorial input."""
    path = "corpus/chen-mao/source.md"
    return link(ingest((ROOT / path).read_text("utf-8"), path))
