"""The whole built site, compared with the golden copy in tests/golden/site/.

After an intended change, regenerate with ``make golden`` and review the diff.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from edition.builder import Corpus, render_files

GOLDEN = Path(__file__).parent / "golden" / "site"


def test_site_matches_golden(corpus: Corpus) -> None:
    # Pagefind's index is a third party's binary output: checked for determinism
    # below and for behaviour in the browser tests, not byte by byte here.
    files = {k: v for k, v in render_files(corpus).items() if not k.startswith("pagefind/")}
    if os.environ.get("EDITION_REGENERATE"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, content in files.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(content)
    expected = {
        str(p.relative_to(GOLDEN)): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()
    }
    assert sorted(files) == sorted(expected), "files added or removed: run `make golden`"
    for rel, content in sorted(files.items()):
        if content != expected[rel]:
            diff = difflib.unified_diff(
                expected[rel].decode("utf-8", "replace").splitlines(),
                content.decode("utf-8", "replace").splitlines(),
                f"golden/{rel}",
                f"built/{rel}",
                lineterm="",
                n=2,
            )
            raise AssertionError("\n".join(list(diff)[:60]) + "\n(run `make golden` if intended)")


def test_two_builds_identical(corpus: Corpus) -> None:
    assert render_files(corpus) == render_files(corpus)
