"""Words the page broke, whole again: line-end hyphens, ligatures, soft hyphens.

A typeset page breaks words at the end of a line (``Washing-`` / ``ton``); a
converter that keeps the page's lines keeps the break, and one that joins them
leaves ``Washing- ton``. Both are read here as the word, before the text is cut
into blocks, so every later rule (markers, notes, citations, search) sees it
whole. Each line keeps its number: the rest of a broken word moves up to the
line where it began.

Whether the hyphen was the page's or the word's (``Sino-`` / ``American``,
``self-`` / ``determination``) is decided by the chapter itself, as an editor
would:

1. a capital after the break keeps the hyphen (``Sino-American``), and the
   word stays as it is;
2. the word written whole elsewhere in the chapter is joined (``Washington``);
3. the word written with its hyphen elsewhere keeps it (``self-determination``),
   as does a first part that is a prefix written with a hyphen (``self``,
   ``non``, ``anti``…), and two parts that are both words the chapter uses on
   their own (``so-called``, ``long-term``: a compound broken at its hyphen);
4. anything else is joined (``Euro-pean``, ``diplo- matic``): its parts are
   not words of the chapter.

``pre- and post-war`` (a suspended hyphen) is left alone. Every word joined is
reported (``dehyphenated``, info) at its line, and an editor can reject it in
``chapter.yaml`` (``decisions``), which keeps the line as printed.

Typographic ligatures (``ﬁ``, ``ﬂ``…: presentation forms a PDF's text layer
leaves) become their letters, and soft hyphens (U+00AD, invisible break hints)
are dropped: a search for "first" must find "ﬁrst". One ``normalized`` info
per chapter counts them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_LETTERS = r"[^\W\d_]"
_WORD = re.compile(rf"{_LETTERS}+(?:-{_LETTERS}+)*")
# a word's first part and the hyphen that ends a line
_LINE_END = re.compile(rf"(?<![\w-])({_LETTERS}+)-$")
# the rest of the word that opens the next line, with what is glued to it
_LINE_START = re.compile(rf"^(\s*)({_LETTERS}+)(\S*)\s*")
# "diplo- matic": a hyphen, a space, and a word in lower case (not "pre- and post-war")
_SPACED = re.compile(rf"(?<![\w-])({_LETTERS}+)- ({_LETTERS}+)")
_SUSPENDED = frozenset({"and", "or", "to", "nor", "as", "and/or"})
PREFIXES = frozenset(
    "all anti co counter cross ex half mid multi neo non post pro quasi self semi "
    "sub super trans ultra vice well".split()
)
"""First parts written with their hyphen (``self-``, ``non-``): the hyphen stays."""

_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "ſt", "ﬆ": "st", "\u00ad": ""}
)
_NORMALIZABLE = "ﬀﬁﬂﬃﬄﬅﬆ\u00ad"
_NORMALIZED = re.compile(f"[{_NORMALIZABLE}]")


@dataclass(frozen=True, slots=True)
class Rejoined:
    """A word the page broke, read whole."""

    line: int
    """The line where the break was (1-based)."""
    printed: str
    """The word as printed, with its hyphen (``Washing-ton``)."""
    read: str
    """The word as read (``Washington``)."""


def _vocabulary(text: str) -> tuple[Counter[str], set[str]]:
    """How often the chapter writes each word whole, and the words it writes with a
    hyphen (lower case)."""
    whole: Counter[str] = Counter()
    hyphenated: set[str] = set()
    for m in _WORD.finditer(text):
        word = m.group().lower()
        if "-" in word:
            hyphenated.add(word)
        else:
            whole[word] += 1
    return whole, hyphenated


def _joins(first: str, rest: str, whole: Counter[str], hyphenated: set[str]) -> bool | None:
    """Whether ``first-`` + ``rest`` is one word (True), a hyphenated one (False), or
    not a broken word at all (None: a capital follows)."""
    if not rest[0].islower():
        return None
    if (first + rest).lower() in whole:
        return True
    # the chapter writes it with its hyphen, or its first part is a prefix that keeps one
    if f"{first}-{rest}".lower() in hyphenated or first.lower() in PREFIXES:
        return False
    # both parts are words the chapter uses elsewhere (each is counted once at the
    # break itself): a compound broken at its own hyphen ("so-called", "long-term")
    return not (whole[first.lower()] >= 2 and whole[rest.lower()] >= 2)


def _broken(text: str) -> bool:
    """Whether a word may be broken in ``text``: a letter, a hyphen, then a line
    break or a space, and a letter (found by the hyphens, not a scan of every letter)."""
    for sep in ("-\n", "- "):
        at = text.find(sep)
        while at > 0:
            rest = text[at + 2 : at + 40].lstrip()
            if text[at - 1].isalpha() and rest[:1].isalpha():
                return True
            at = text.find(sep, at + 2)
    return False


def normalize(text: str) -> tuple[str, int, int]:
    """The text with ligatures as letters and soft hyphens dropped; how many there
    were, and the line of the first (0 if none)."""
    if text.isascii() or not any(c in text for c in _NORMALIZABLE):  # C-speed scans
        return text, 0, 0
    first = _NORMALIZED.search(text)
    if first is None:
        return text, 0, 0
    count = len(_NORMALIZED.findall(text))
    return text.translate(_LIGATURES), count, text.count("\n", 0, first.start()) + 1


def dehyphenate(
    text: str, refused: frozenset[int] = frozenset()
) -> tuple[str, list[Rejoined], list[Rejoined]]:
    """The text with the words the page broke read whole (see the module doc), the
    words rejoined, and those left as printed at the lines in ``refused`` (where the
    editors rejected the repair)."""
    if not _broken(text):
        return text, [], []
    whole, hyphenated = _vocabulary(text)
    lines = text.split("\n")
    found: list[Rejoined] = []
    kept: list[Rejoined] = []
    for i, line in enumerate(lines):
        if "- " in line:
            if i + 1 in refused:
                _spaced(line, i + 1, whole, hyphenated, kept)
            else:
                line = _spaced(line, i + 1, whole, hyphenated, found)
        end = _LINE_END.search(line) if line.endswith("-") else None
        if end is not None and i + 1 < len(lines):
            start = _LINE_START.match(lines[i + 1])
            if start is not None:
                first, rest = end.group(1), start.group(2)
                joined = _joins(first, rest, whole, hyphenated)
                glued = rest + start.group(3)
                after = lines[i + 1][start.end() :]
                before = line[: end.start()].rstrip()
                # the rest of the word moves up to its line; or, when the next line is
                # that word alone, its first part moves down (neither line is emptied)
                if joined and (after or before):
                    word = Rejoined(i + 1, f"{first}-{rest}", first + rest)
                    if i + 1 in refused:
                        kept.append(word)
                    elif after:
                        line = line[:-1] + glued
                        lines[i + 1] = start.group(1) + after
                        found.append(word)
                    else:
                        line = before
                        lines[i + 1] = start.group(1) + first + glued
                        found.append(word)
        lines[i] = line
    return "\n".join(lines), found, kept


def _spaced(
    line: str, number: int, whole: Counter[str], hyphenated: set[str], found: list[Rejoined]
) -> str:
    """A line with each ``diplo- matic`` read as the word it is."""

    def read(m: re.Match[str]) -> str:
        first, rest = m.group(1), m.group(2)
        if rest.lower() in _SUSPENDED:
            return m.group()
        joined = _joins(first, rest, whole, hyphenated)
        if joined is None:
            return m.group()
        word = first + rest if joined else f"{first}-{rest}"
        found.append(Rejoined(number, f"{first}- {rest}", word))
        return word

    return _SPACED.sub(read, line)
