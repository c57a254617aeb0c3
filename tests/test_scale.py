"""An anthology-sized corpus builds, search index included.

Ten copies of the seed chapter once made a Pagefind reply larger than the
2 MiB a pipe reader of the Python API accepts at once, and the build waited
for ever (``tests/test_broken.py`` keeps a larger index). Pagefind is given
one page per part of each page of the site, not one per place.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from edition.builder import load_corpus, render_files

ROOT = Path(__file__).resolve().parent.parent


def test_ten_chapters_build_with_their_search_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "sources.bib", corpus / "sources.bib")
    source = (ROOT / "corpus" / "chen-mao" / "source.md").read_text("utf-8")
    for i in range(1, 11):
        folder = corpus / f"chapter-{i:02d}"
        folder.mkdir()
        (folder / "source.md").write_text(source, "utf-8")
        (folder / "chapter.yaml").write_text(
            f"title: Mao and Sino-American Relations ({i})\n", "utf-8"
        )
    monkeypatch.chdir(tmp_path)
    loaded = load_corpus(Path("corpus"))
    assert len(loaded.chapters) == 10
    files = render_files(loaded)
    index = {k: v for k, v in files.items() if k.startswith("pagefind/")}
    entry = json.loads(index["pagefind/pagefind-entry.json"])
    # per chapter its introduction, its text and its notes; then Sources and Abbreviations
    assert entry["languages"]["en"]["page_count"] == 10 * 3 + 2
    fragments = [k for k in index if k.endswith(".pf_fragment")]
    assert len(fragments) == 32
    assert all(f"chapter-{i:02d}.html" in files for i in range(1, 11))
