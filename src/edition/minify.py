"""Smaller CSS and JavaScript for the reader, with nothing that could change their meaning.

Only what no parser needs goes: comments that fill whole lines (or, in CSS,
every ``/* … */``), indentation, blank lines, and in CSS the spaces around
punctuation. JavaScript is not rewritten: a line that holds code keeps it
exactly, so strings and regular expressions are never touched; a ``//`` comment
after the code goes only where the code before it has no quote and no slash,
so that it cannot be inside a string or a regular expression.
"""

from __future__ import annotations

import re

# a comment or a string, whichever starts first: strings are kept as they are
_CSS_COMMENT_OR_STRING = re.compile(
    r"""(/\*.*?\*/)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')""", re.DOTALL
)
# code with no quote and no slash, ended by punctuation, then a comment
_JS_TRAILING = re.compile(r"([^\"'`/]*[;{},)])\s+//.*")


def css(text: str) -> str:
    """The stylesheet without comments and needless white space."""
    strings: list[str] = []

    def keep(m: re.Match[str]) -> str:
        if m[1]:
            return " "
        strings.append(m[2])
        return f"\0{len(strings) - 1}\0"

    text = _CSS_COMMENT_OR_STRING.sub(keep, text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*([{};,>])\s*", r"\1", text)
    # in declarations, not in selectors (a colon followed by a "{" with no ";" or "}" between)
    text = re.sub(r"\s*:\s*(?![^{};]*\{)", ":", text)
    text = text.replace(";}", "}")
    text = re.sub("\0(\\d+)\0", lambda m: strings[int(m[1])], text)
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
        code = _JS_TRAILING.fullmatch(stripped)
        out.append(code[1] if code else stripped)
    return "\n".join(out) + "\n"
