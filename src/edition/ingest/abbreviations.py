"""The Abbreviations list: sigla and what they stand for.

Accepted entry shapes, one entry per list item or line: ``JMZW Jianguo…``,
``*CCFP* Zhang…``, ``**FRUS**: Foreign…``, ``MZX – Mao…``, ``MZX = Mao…``,
Markdown table rows ``| MZX | Mao… |`` and definition lists (``MZX`` on one
line, ``: Mao…`` on the next). A line that does not begin with a siglum
continues the entry before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from edition.diagnostics import Diagnostic, diagnostic
from edition.ingest.blocks import Block, Line
from edition.ingest.markers import clean_html
from edition.ingest.notes import join_text
from edition.model import Abbreviation, Span

_BULLET = re.compile(r"^\s{0,3}(?:[-*+•]|\d{1,3}[.)])\s+")
_TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")
_SIGLUM = r"[A-Z][A-Za-z0-9&/.\-]*[A-Za-z0-9]"
_ENTRY = re.compile(
    rf"^(?P<open>\*\*|\*|_)?(?P<abbr>{_SIGLUM})(?P=open)?(?:\s*[:=–—-]\s*|\s+)(?P<rest>\S.*)$"
)
_DEFINITION = re.compile(r"^:\s+(.*)$")


def is_siglum(token: str) -> bool:
    """Whether a token reads as a siglum: mostly capitals (``CWIHPB``, ``MfAA``)."""
    letters = [c for c in token if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return len(token) >= 2 and upper >= 2 and upper * 2 >= len(letters)


def parse_abbreviations(
    blocks: Sequence[Block], path: str
) -> tuple[list[Abbreviation], list[Diagnostic]]:
    """The entries of an Abbreviations section, and what could not be read."""
    entries: list[tuple[str, list[str], Line]] = []
    diags: list[Diagnostic] = []
    pending: Line | None = None  # a lone siglum waiting for its ": expansion" line
    for block in blocks:
        if block.kind != "text":
            continue
        for k, line in enumerate(block.lines):
            text = _BULLET.sub("", line.text).strip()
            if text.startswith("|"):
                following = block.lines[k + 1].text.strip() if k + 1 < len(block.lines) else ""
                if _TABLE_RULE.match(text) or (
                    following.startswith("|") and _TABLE_RULE.match(following)
                ):
                    continue  # the rule, and the header row above it
                cells = [c.strip() for c in text.strip("|").split("|")]
                text = " ".join(cells[:1]) + " " + " ".join(cells[1:])
                text = text.strip()
            definition = _DEFINITION.match(text)
            if definition and pending is not None:
                entries.append((pending.text.strip().strip("*_"), [definition.group(1)], pending))
                pending = None
                continue
            m = _ENTRY.match(text)
            if m and is_siglum(m.group("abbr")):
                entries.append((m.group("abbr"), [m.group("rest")], line))
                continue
            bare = text.strip("*_")
            if is_siglum(bare) and " " not in bare:
                pending = line
                continue
            if entries and not _BULLET.match(line.text):
                entries[-1][1].append(text)
                continue
            diags.append(
                diagnostic(
                    "abbreviation-unparsed",
                    path,
                    line.no,
                    f"no siglum at the start of this Abbreviations entry: {text[:60]!r}",
                    "write the siglum first, then its expansion (e.g. 'MZX Mao Zedong xuanji …')",
                )
            )
    result: list[Abbreviation] = []
    seen: dict[str, int] = {}
    for abbr, parts, line in entries:
        expansion, _removed = clean_html(join_text(parts))
        if abbr in seen:
            diags.append(
                diagnostic(
                    "duplicate-abbreviation",
                    path,
                    line.no,
                    f"{abbr} is defined twice (first on line {seen[abbr]})",
                    "keep one definition",
                )
            )
            continue
        seen[abbr] = line.no
        result.append(Abbreviation(abbr, expansion.strip(), Span(path, line.no, line.no)))
    return result, diags
