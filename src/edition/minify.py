"""Smaller CSS and JavaScript for the reader, with nothing that could change their meaning.

Only what no parser needs goes: comments that fill whole lines (or, in CSS,
every ``/* … */``), indentation, blank lines, and in CSS the spaces around
punctuation. JavaScript is not rewritten: a line that holds code keeps it
exactly, so strings and regular expressions are never touched.
"""

from __future__ import annotations

import re

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def css(text: str) -> str:
    """The stylesheet without comments and needless white space."""
    text = _CSS_COMMENT.sub("", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*([{};,>])\s*", r"\1", text)
    text = re.sub(r"\s*:\s*(?![^{]*\{)", ":", text)  # inside declarations, not in selectors
    text = text.replace(";}", "}")
    return text.strip() + "\n"


def js(text: str) -> str:
    """The script without whole-line comments, indentation and blank lines."""
    out: list[str] = []
    in_block = False
    for line in text.splitlines():
        stripped = line.strip()
        if in_block:
            if "*/" in stripped:
                in_block = False
            continue
        if stripped.startswith("/*"):
            in_block = "*/" not in stripped
            continue
        if not stripped or stripped.startswith("//"):
            continue
        out.append(stripped)
    return "\n".join(out) + "\n"
