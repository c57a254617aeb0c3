"""The editors' bibliography: a BibTeX file read with bibtexparser 2.

bibtexparser keeps what it cannot parse as *failed blocks* instead of raising;
each becomes a ``bib-syntax`` diagnostic with its line (bibtexparser counts
lines from 0; diagnostics from 1), and a key used twice is ``duplicate-source``.
Field values are decoded from LaTeX (``--`` to an en dash, ``\\&`` to ``&``).
"""

from __future__ import annotations

import logging
import re

from bibtexparser import model as bib
from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares import LatexDecodingMiddleware

from edition.diagnostics import Diagnostic, diagnostic
from edition.model import Source, Span

NAME_FIELDS = frozenset({"author", "editor", "editora", "editorb", "translator", "bookauthor"})
"""Fields holding name lists: their braces mark a name to keep whole, so they stay."""


def parse_bibliography(text: str, path: str) -> tuple[tuple[Source, ...], list[Diagnostic]]:
    """The entries of a .bib file's text, and its problems."""
    quiet = logging.getLogger("bibtexparser")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # its failed blocks become our diagnostics, not log lines
    try:
        library = parse_string(text, append_middleware=[_LatexDecoding(keep_braced_groups=True)])
    finally:
        quiet.setLevel(level)
    diags: list[Diagnostic] = []
    first_line: dict[str, int] = {}
    sources: list[Source] = []
    for entry in library.entries:
        line = (entry.start_line or 0) + 1
        first_line.setdefault(entry.key, line)
        fields = tuple(
            (
                f.key.lower(),
                str(f.value).strip() if f.key.lower() in NAME_FIELDS else _clean(str(f.value)),
            )
            for f in entry.fields
        )
        sources.append(Source(entry.key, entry.entry_type.lower(), fields, Span(path, line, line)))
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, bib.DuplicateBlockKeyBlock):
            key = block.key
            diags.append(
                diagnostic(
                    "duplicate-source",
                    path,
                    line,
                    f"the key {key!r} is used twice (first on line {first_line.get(key, '?')}); this entry is ignored",
                    "give each work its own key",
                )
            )
            continue
        error = getattr(block, "error", None)
        detail = getattr(error, "abort_reason", None) or (str(error) if error else "")
        reason = detail.strip().splitlines()[0] if detail and detail.strip() else "malformed entry"
        diags.append(
            diagnostic(
                "bib-syntax",
                path,
                line,
                f"BibTeX entry not read: {reason}",
                "check the braces and the commas between fields",
            )
        )
    return tuple(sources), diags


_LATEX = re.compile(r"[\\{}~%&$^_#`]|--|''")
"""What pylatexenc may change in a value: a macro, a group, a special character, a
dash ligature (two hyphens), TeX quotes (a backtick, two apostrophes)."""


class _LatexDecoding(LatexDecodingMiddleware):
    """bibtexparser's LaTeX decoding, skipping the values it would leave as they are.

    pylatexenc builds a new parser context for every value it decodes; most values
    (titles, places, years) hold no LaTeX at all, and for those its output is the
    input (tests/test_bibliography.py checks this on generated strings).
    """

    def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
        if _LATEX.search(python_string) is None:
            return python_string, ""
        return super()._transform_python_value_string(python_string)


def _clean(value: str) -> str:
    """A field value as plain text: braces that only protect case removed."""
    return " ".join(value.replace("{", "").replace("}", "").split())
