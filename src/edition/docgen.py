"""The generated parts of the README, so the documentation never goes stale.

``python -m edition.docgen README.md`` rewrites every block between
``<!-- generated:NAME -->`` and ``<!-- /generated:NAME -->``; a test fails when
the README differs from what this module generates (as Datasette does with
its CLI help and settings).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from edition.corpus import CHAPTER_FIELDS, EDITION_FIELDS, Field
from edition.diagnostics import CODES


def diagnostics_table() -> str:
    """Every diagnostic code with its default severity and meaning."""
    rows = ["| code | severity | meaning |", "| --- | --- | --- |"]
    rows += [f"| `{c.name}` | {c.severity} | {c.summary} |" for c in CODES.values()]
    return "\n".join(rows)


def _fields_table(fields: dict[str, Field]) -> str:
    kinds = {
        "str": "text",
        "strs": "list of text",
        "int": "number",
        "volume": "mapping",
        "abbreviations": "mapping",
        "decisions": "list of mappings",
    }
    rows = ["| key | type | meaning |", "| --- | --- | --- |"]
    rows += [f"| `{k}` | {kinds[f.kind]} | {f.doc} |" for k, f in fields.items()]
    return "\n".join(rows)


def cli_help() -> str:
    """``--help`` of every command, as the terminal shows it at 80 columns."""
    from edition.cli import _parser

    os.environ["COLUMNS"] = "80"
    parser = _parser()
    parts = ["```text", "$ edition --help", parser.format_help().rstrip()]
    subparsers = next(
        a
        for a in parser._actions  # argparse offers no public way to reach them
        if isinstance(a, argparse._SubParsersAction)
    )
    for name, sub in subparsers.choices.items():
        parts += ["", f"$ edition {name} --help", sub.format_help().rstrip()]
    parts.append("```")
    return "\n".join(parts)


GENERATORS: dict[str, Callable[[], str]] = {
    "diagnostics": diagnostics_table,
    "chapter-yaml": lambda: _fields_table(CHAPTER_FIELDS),
    "edition-yaml": lambda: _fields_table(EDITION_FIELDS),
    "cli-help": cli_help,
}


def regenerate(text: str) -> str:
    """The README text with every generated block rewritten."""
    for name, make in GENERATORS.items():
        pattern = re.compile(
            rf"(<!-- generated:{name} -->\n)(?:.*?\n)?(<!-- /generated:{name} -->)", re.DOTALL
        )
        if not pattern.search(text):
            raise ValueError(f"README has no block <!-- generated:{name} -->")
        replacement = r"\g<1>" + make().replace("\\", "\\\\") + "\n" + r"\g<2>"
        text = pattern.sub(replacement, text)
    return text


def main(argv: list[str]) -> int:
    """Rewrite the README named in ``argv`` in place."""
    path = Path(argv[0] if argv else "README.md")
    path.write_text(regenerate(path.read_text("utf-8")), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
