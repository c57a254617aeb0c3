"""The first view's weight: the chapter page, its stylesheet and its script, gzipped.

Not a test (sizes and timings are not asserted): a report to read before and
after a change to the templates or the static files. Builds the corpus into a
temporary folder, or measures an already built site:

    .venv/bin/python tests/browser/weight.py [SITE_DIR]
"""

from __future__ import annotations

import gzip
import sys
import tempfile
from pathlib import Path

from browser_support import build_site

FIRST_VIEW = ("chen-mao.html", "static/edition.css", "static/edition.js")


def weights(site: Path) -> list[tuple[str, int, int]]:
    """(file, bytes, gzipped bytes) for each file of the first view."""
    out = []
    for name in FIRST_VIEW:
        raw = (site / name).read_bytes()
        out.append((name, len(raw), len(gzip.compress(raw, compresslevel=9, mtime=0))))
    return out


def report(rows: list[tuple[str, int, int]]) -> str:
    lines = [f"{'file':<22}{'bytes':>10}{'gzip -9':>10}"]
    lines += [f"{name:<22}{raw:>10,}{packed:>10,}" for name, raw, packed in rows]
    total_raw = sum(r[1] for r in rows)
    total = sum(r[2] for r in rows)
    lines.append(
        f"{'first view':<22}{total_raw:>10,}{total:>10,}  ({total / 1024:.1f} KiB gzipped)"
    )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv:
        print(report(weights(Path(argv[0]))))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(Path(tmp) / "site")
        print(report(weights(site)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
