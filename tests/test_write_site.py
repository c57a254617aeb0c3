"""Writing the site: a fresh folder swapped in whole, in which a file the previous
site already had, byte for byte, is a hard link to it rather than a new copy; and
nothing the previous site links to elsewhere is ever taken in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from edition.builder import write_site


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


FILES = {
    "index.html": b"<p>front</p>",
    "one.html": b"<p>chapter one</p>",
    "data/one.yaml": b"title: One\n",
    "data/works/mzx.bib": b"@book{mzx}\n",
    "pagefind/shard-2/pagefind-entry.json": b"{}",
}


def test_unchanged_files_are_linked_and_changed_ones_written(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(FILES, out)
    assert tree(out) == FILES
    before = {rel: (out / rel).stat().st_ino for rel in FILES}

    changed = {**FILES, "one.html": b"<p>chapter one, revised</p>", "two.html": b"<p>two</p>"}
    del changed["data/works/mzx.bib"]
    write_site(changed, out)
    assert tree(out) == changed  # exactly the new files: none left over, none missing
    after = {rel: (out / rel).stat().st_ino for rel in changed}
    for rel in ("index.html", "data/one.yaml", "pagefind/shard-2/pagefind-entry.json"):
        assert after[rel] == before[rel], f"{rel} was written again, not linked"
        assert (out / rel).stat().st_nlink == 1  # the old site is gone
    assert after["one.html"] != before["one.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging folder left


def test_a_file_of_the_same_size_but_other_bytes_is_written(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"a.html": b"aaaa"}, out)
    write_site({"a.html": b"bbbb"}, out)
    assert (out / "a.html").read_bytes() == b"bbbb"


def test_links_in_the_previous_site_are_not_followed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(FILES, out)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "one.yaml").write_bytes(FILES["data/one.yaml"])
    (elsewhere / "index.html").write_bytes(FILES["index.html"])
    # someone replaced a folder and a file of the site by links to the same bytes elsewhere
    for p in (out / "data").rglob("*"):
        if p.is_file():
            p.unlink()
    for p in sorted((out / "data").rglob("*"), reverse=True):
        p.rmdir()
    (out / "data").rmdir()
    (out / "data").symlink_to(elsewhere, target_is_directory=True)
    (out / "index.html").unlink()
    (out / "index.html").symlink_to(elsewhere / "index.html")

    write_site(FILES, out)
    assert tree(out) == FILES
    for rel in ("data/one.yaml", "index.html"):
        assert not (out / rel).is_symlink()
    assert (out / "data/one.yaml").stat().st_ino != (elsewhere / "one.yaml").stat().st_ino
    assert (out / "index.html").stat().st_ino != (elsewhere / "index.html").stat().st_ino
    assert tree(elsewhere) == {
        "one.yaml": FILES["data/one.yaml"],
        "index.html": FILES["index.html"],
    }


def test_without_hard_links_the_files_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    write_site(FILES, out)

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError("hard links not supported")

    monkeypatch.setattr(os, "link", no_links)
    write_site(FILES, out)
    assert tree(out) == FILES
