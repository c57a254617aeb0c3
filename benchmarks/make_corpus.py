"""A scaled corpus: N copies of the real chapter ``corpus/chen-mao`` as distinct chapters.

Usage: ``python benchmarks/make_corpus.py N OUT_DIR``

Writes ``OUT_DIR/chapter-001/`` … ``OUT_DIR/chapter-NNN/`` (the folder name is
the chapter's slug), each with the chapter's ``source.md`` copied byte for
byte (so 60 notes each: 100 copies hold 6,000 notes) and its ``chapter.yaml``
with the title changed to "Mao and Sino-American Relations (copy K)"; the
shared ``sources.bib``; and an ``edition.yaml`` listing the chapters in order.
No assignments. Only the standard library is used; ``OUT_DIR`` is replaced
whole if it holds a corpus this script made.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
CHAPTER = CORPUS / "chen-mao"
STAMP = ".benchmark-corpus"
TITLE = re.compile(r"^title:.*$", re.MULTILINE)


def slug(k: int) -> str:
    """The slug (and folder name) of copy ``k``."""
    return f"chapter-{k:03d}"


def edition_yaml(n: int) -> str:
    """The real edition.yaml with its chapter list replaced by the copies, in order."""
    lines = (CORPUS / "edition.yaml").read_text("utf-8").splitlines()
    listing = ["chapters:", *(f"  - {slug(k)}" for k in range(1, n + 1))]
    if "chapters:" not in lines:
        return "\n".join([*lines, *listing]) + "\n"
    start = lines.index("chapters:")
    end = start + 1
    while end < len(lines) and lines[end].startswith((" ", "-")):
        end += 1  # the items of the real list
    return "\n".join([*lines[:start], *listing, *lines[end:]]) + "\n"


def chapter_yaml(k: int) -> str:
    """The real chapter.yaml with a distinct title for copy ``k``."""
    text = (CHAPTER / "chapter.yaml").read_text("utf-8")
    title = f"Mao and Sino-American Relations (copy {k})"
    new, count = TITLE.subn(f'title: "{title}"', text, count=1)
    if count != 1:
        raise SystemExit("corpus/chen-mao/chapter.yaml has no 'title:' line")
    return new


def make(n: int, out: Path) -> None:
    """Write the scaled corpus of ``n`` chapters into ``out``."""
    if n < 1:
        raise SystemExit("N must be at least 1")
    if out.exists():
        if not (out / STAMP).is_file():
            raise SystemExit(f"refusing to replace {out}: it was not made by make_corpus.py")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / STAMP).write_text("made by benchmarks/make_corpus.py\n", "utf-8")
    shutil.copyfile(CORPUS / "sources.bib", out / "sources.bib")
    (out / "edition.yaml").write_text(edition_yaml(n), "utf-8")
    source = (CHAPTER / "source.md").read_bytes()
    for k in range(1, n + 1):
        folder = out / slug(k)
        folder.mkdir()
        (folder / "source.md").write_bytes(source)
        (folder / "chapter.yaml").write_text(chapter_yaml(k), "utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[0].isdigit():
        print("usage: python benchmarks/make_corpus.py N OUT_DIR", file=sys.stderr)
        return 2
    make(int(argv[0]), Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
