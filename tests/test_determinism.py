"""Determinism: the same corpus gives the same site, byte for byte, wherever it is built from.

What may legitimately depend on where the corpus is: the chapter data records
the paths it was read from, as given on the command line (``chapter.source``,
every diagnostic's ``path``, a supplied siglum's ``supplied``, and the file
names a diagnostic's message or hint mentions). Those are compared with the
corpus folder's path put back to ``corpus``; everything else must be
byte-identical.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from edition.builder import load_corpus, render_files
from edition.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build(cwd: Path, corpus: str, out: str = "out") -> dict[str, bytes]:
    here = Path.cwd()
    os.chdir(cwd)
    try:
        err = io.StringIO()
        code = main(["build", "--corpus", corpus, "--out", out, "-q"], err=err)
    finally:
        os.chdir(here)
    assert code == 0, err.getvalue()
    return tree(cwd / out)


def test_two_loads_render_the_same_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    first = render_files(load_corpus(Path("corpus")))
    second = render_files(load_corpus(Path("corpus")))
    assert sorted(first) == sorted(second)
    differ = [path for path in first if first[path] != second[path]]
    assert not differ, f"differ between two builds: {differ}"


def test_hash_seed_changes_nothing(tmp_path: Path) -> None:
    """Two processes with different string hashing (set and dict orders of str keys) agree."""
    sites = []
    for seed in ("1", "2"):
        out = tmp_path / f"site-{seed}"
        result = subprocess.run(
            [sys.executable, "-m", "edition", "build", "--corpus", str(SEED), "--out", str(out)],
            cwd=tmp_path,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        sites.append(tree(out))
    assert sorted(sites[0]) == sorted(sites[1])
    differ = [path for path in sites[0] if sites[0][path] != sites[1][path]]
    assert not differ, f"differ with another PYTHONHASHSEED: {differ}"


PATH_DEPENDENT = "data/"
"""Only the chapter data (``data/<slug>.yaml``) records paths."""


def _normalised(value: Any, prefix: str) -> Any:
    """Every string with the corpus folder's path put back to ``corpus``."""
    if isinstance(value, str):
        return value.replace(prefix, "corpus")
    if isinstance(value, list):
        return [_normalised(v, prefix) for v in value]
    if isinstance(value, dict):
        return {k: _normalised(v, prefix) for k, v in value.items()}
    return value


def _paths_in(data: dict[str, Any]) -> set[str]:
    found = {data["chapter"]["source"]}
    found |= {d["path"] for d in data["diagnostics"]}
    found |= {a["supplied"] for a in data["abbreviations"] if "supplied" in a}
    return found


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The seed corpus built as the README says: ``--corpus corpus`` from the folder holding it."""
    here = tmp_path_factory.mktemp("here")
    shutil.copytree(SEED, here / "corpus")
    return build(here, "corpus")


@pytest.mark.parametrize("how", ["absolute", "relative"])
def test_copy_of_the_corpus_elsewhere_builds_the_same_site(
    how: str, reference: dict[str, bytes], tmp_path: Path
) -> None:
    """The same corpus in another folder, built from another working directory."""

    elsewhere = tmp_path / "some" / "other place" / "corpus"
    shutil.copytree(SEED, elsewhere)
    cwd = tmp_path / "working"
    cwd.mkdir()
    given = str(elsewhere) if how == "absolute" else os.path.relpath(elsewhere, cwd)
    site = build(cwd, given)

    assert sorted(site) == sorted(reference), "not the same files"
    differ = [
        path
        for path in reference
        if not path.startswith(PATH_DEPENDENT) and reference[path] != site[path]
    ]
    assert not differ, f"path-dependent beyond the chapter data: {differ}"

    chapters = [p for p in reference if p.startswith("data/") and p.endswith(".yaml")]
    assert chapters, "no chapter data"
    for path in chapters:
        ours, theirs = yaml.safe_load(reference[path]), yaml.safe_load(site[path])
        assert all(p.startswith("corpus/") for p in _paths_in(ours)), _paths_in(ours)
        assert all(p.startswith(given + "/") for p in _paths_in(theirs)), _paths_in(theirs)
        assert _normalised(theirs, given) == ours, f"{path}: differs beyond its paths"
    others = [p for p in reference if p.startswith(PATH_DEPENDENT) and p not in chapters]
    differ = [p for p in others if reference[p] != site[p]]
    assert not differ, f"path-dependent data files: {differ}"


def three_chapter_corpus(tmp_path: Path) -> Path:
    """The seed corpus with its chapter three times over, as distinct chapters."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED, corpus)
    for copy in ("second", "third"):
        shutil.copytree(corpus / "chen-mao", corpus / copy)
    edition_yaml = corpus / "edition.yaml"
    text = edition_yaml.read_text("utf-8")
    if "chapters:" in text:  # a listed order must name every chapter
        text = text.replace("- chen-mao", "- chen-mao\n  - second\n  - third", 1)
        edition_yaml.write_text(text, "utf-8")
    return corpus


def test_jobs_change_nothing(tmp_path: Path) -> None:
    """Chapters loaded and rendered in two processes give the very bytes of one process.

    Each build is the command line in a fresh interpreter: the only kind of
    process that forks its workers (not one that runs other threads).
    """
    corpus = three_chapter_corpus(tmp_path)
    trees = []
    for jobs in ("1", "2"):
        out = tmp_path / f"site-{jobs}"
        command = ["build", "-q", "--jobs", jobs, "--corpus", str(corpus), "--out", str(out)]
        done = subprocess.run(
            [sys.executable, "-m", "edition", *command],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        trees.append(tree(out))
    serial, parallel = trees
    assert sorted(serial) == sorted(parallel)
    assert "second.html" in parallel and "data/third.yaml" in parallel
    assert [p for p in serial if serial[p] != parallel[p]] == []
