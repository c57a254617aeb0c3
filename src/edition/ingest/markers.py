"""Note markers in every convention converters produce, normalised to ``[^N]``.

Recognised, in the order they are tried at each position of a line:

- ``<sup>N</sup>``, ``<sup>4,5</sup>``, ``<sup>4–6</sup>`` (a range gives each
  number), and a ``<sup>`` wrapping a link (``<sup>[3](#fn3)</sup>``);
- a link wrapping a superscript (``[<sup>3</sup>](#fn3)``);
- Markdown footnote references ``[^N]``;
- numeric links into the notes from HTML conversions (``[3](#fn3)``,
  ``[\\[3\\]](#ftn3)``, ``<a href="#fn3">3</a>``);
- Pandoc's superscripts (``^12^``);
- Unicode superscript digits (``¹²`` is note 12);
- a number in brackets glued to the text (``1947.[1]``, ``\\[2\\]``), as word
  processors export a note reference, when it is the next note expected;
- bare digits glued to the end of a sentence or a closing quotation mark
  (``guests."8``), *only* when the number is the next note expected and the
  Notes list has such a note, so that years, page numbers and quantities are
  never taken for markers. Each is reported as ``marker-recovered``.

Everything else that looks like HTML is not passed through: ``<i>``/``<em>``
become ``*``, ``<b>``/``<strong>`` ``**``, ``<br>`` a space, and other tags
are dropped (their text kept) with a ``raw-html`` warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from edition.model import MARKER_NOTATION, Marker

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

_NOTE_HREF = r"#[^)\s\"']*"  # a link into the page: #fn3, #note-3, #_ftn3, #fn:3
_SUP = re.compile(r"<sup(?:\s[^>]*)?>(.*?)</sup>", re.IGNORECASE | re.DOTALL)
_LINK_SUP = re.compile(rf"\[\s*<sup>\s*(\d+)\s*</sup>\s*\]\({_NOTE_HREF}\)", re.IGNORECASE)
_FOOTNOTE_REF = re.compile(r"\[\^(\d+)\](?!:)")
_NUMERIC_LINK = re.compile(rf"\[\s*(?:\\?\[)?\^?(\d+)(?:\\?\])?\s*\]\({_NOTE_HREF}\)")
_HTML_LINK = re.compile(
    r"<a\s[^>]*href=[\"']#[^\"']*[\"'][^>]*>\s*\[?(\d+)\]?\s*</a>", re.IGNORECASE
)
_UNICODE = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
# Pandoc's superscript: ^12^, ^4,5^
_CARET = re.compile(r"(?<![\[\\])\^(\d{1,4}(?:\s*[,–-]\s*\d{1,4})*)\^")
# A number in brackets glued to the text it follows (`1947.[1]`, `collapse\[2\]`),
# as word processors' exports write a note reference: not a link, nor a definition.
_BRACKETED = re.compile(r"(?<=[^\s\[(])\\?\[(\d{1,3})\\?\](?![(:\[])")
# What a superscript power follows: ten (10³, 10⁶), or a unit after a quantity (50,000 km²).
_POWER_BEFORE = re.compile(r"(?:\b10|\d(?:[\d,.]*\d)?\s?(?:[kcmdµ]?m|ft|yd|in|mi|sq\.?\s?\w+))$")
# Digits glued to sentence punctuation or a closing quote: `guests."8`, `Korea.28 `.
_BARE = re.compile(r"(?<=\S)([.,;:!?\"”’')\]])(\d{1,3})(?=$|[\s—–])")
# Before the punctuation a digit means a number (`3.5`, `1:539`, `4,5`), except a
# year closing a sentence (`in 1953.12`).
_NUMBERING_WORD = re.compile(
    r"\b(?:no|nos|p|pp|vol|vols|ch|chap|fig|art|sec|para|n|nn|col|doc|file|box|folder|f|l|ll)$",
    re.IGNORECASE,
)
_YEAR_END = re.compile(r"(?:^|\D)(?:1[5-9]|20)\d\d\.$")
# What every _BARE match starts with; found fast (its first character is a set)
# where _BARE, opening with a lookbehind, is tried at every position.
_BARE_HINT = re.compile(r"[.,;:!?\"”’')\]]\d")

# Digits glued to the end of a word of three lower-case letters or more, as OCR
# leaves a superscript it lost: "crisis1 that", "Moscow.2" is _BARE's
_GLUED = re.compile(r"(?<=[a-z]{3})(\d{1,3})(?=[.,;:!?\"”’')\]]*(?:$|[\s—–]))")
_GLUED_HINT = re.compile(r"[a-z]\d")
_SUP_NUMBERS = re.compile(r"^\d+(?:\s*[,–-]\s*\d+)*$")
_TAG = re.compile(r"<!--.*?-->|</?([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>", re.DOTALL)
_INLINE_TAGS = {"i": "*", "em": "*", "b": "**", "strong": "**", "br": " "}
_MAX_RANGE = 20


@dataclass(frozen=True, slots=True)
class Found:
    """A marker found in a line, before it is accepted."""

    start: int
    """Offset of the marker's first character in the line."""
    end: int
    """Offset just after it."""
    numbers: tuple[int, ...]
    """The note numbers it stands for (several for ``<sup>4,5</sup>``)."""
    convention: str
    """``sup``, ``footnote``, ``link``, ``unicode`` or ``bare``."""


def _sup_numbers(inner: str) -> tuple[int, ...] | None:
    """The note numbers inside a ``<sup>`` (``4,5``, ``4–6``, ``[3](#fn3)``), if it holds any."""
    if inner.isascii() and inner.isdigit():  # the usual <sup>12</sup>: what the rest gives
        return (int(inner),)
    inner = _NUMERIC_LINK.sub(r"\1", inner)
    inner = _TAG.sub("", inner).strip().strip("[]").strip()
    if not _SUP_NUMBERS.match(inner):
        return None
    numbers: list[int] = []
    for part in re.split(r"\s*,\s*", inner):
        bounds = [int(x) for x in re.split(r"\s*[–-]\s*", part)]
        if len(bounds) == 2 and 0 < bounds[1] - bounds[0] <= _MAX_RANGE:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return tuple(numbers)


def explicit_markers(line: str) -> list[Found]:
    """Every marker in a line that its convention makes unambiguous, left to right."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(start: int, end: int, numbers: tuple[int, ...], convention: str) -> None:
        if free(start, end):
            taken.append((start, end))
            found.append(Found(start, end, numbers, convention))

    # Each pattern is tried only on a line holding the text it must match: a tag
    # ("<"), a footnote reference ("[^"), a link into the page ("](#"). Most lines
    # hold none, and a substring test is much faster than a regex scan.
    tag = "<" in line
    link = "](#" in line
    for m in _LINK_SUP.finditer(line) if tag and link else ():
        add(m.start(), m.end(), (int(m.group(1)),), "link")
    for m in _SUP.finditer(line) if tag else ():
        numbers = _sup_numbers(m.group(1))
        if numbers:
            add(m.start(), m.end(), numbers, "sup")
    for m in _FOOTNOTE_REF.finditer(line) if "[^" in line else ():
        add(m.start(), m.end(), (int(m.group(1)),), "footnote")
    for m in _NUMERIC_LINK.finditer(line) if link else ():
        add(m.start(), m.end(), (int(m.group(1)),), "link")
    for m in _HTML_LINK.finditer(line) if tag else ():
        add(m.start(), m.end(), (int(m.group(1)),), "link")
    for m in _CARET.finditer(line) if "^" in line else ():
        numbers = _sup_numbers(m.group(1))
        if numbers and not _POWER_BEFORE.search(line[: m.start()]):
            add(m.start(), m.end(), numbers, "sup")
    for m in _UNICODE.finditer(line) if not line.isascii() else ():  # superscripts are not ASCII
        if _POWER_BEFORE.search(line[: m.start()]):
            continue  # 10³, km²: a power, not a marker
        add(m.start(), m.end(), (int(m.group(0).translate(_SUPER_TO_ASCII)),), "unicode")
    return sorted(found, key=lambda f: f.start)


def has_explicit_marker(text: str) -> bool:
    """Whether a text holds a marker in an unambiguous convention."""
    return bool(explicit_markers(text))


def bare_candidates(line: str) -> list[Found]:
    """Digits glued to sentence punctuation, or in brackets glued to the text:
    markers only if the sequence says so."""
    found: list[Found] = []
    if "[" in line:
        for m in _BRACKETED.finditer(line):
            if int(m.group(1)) > 0:
                found.append(Found(m.start(), m.end(), (int(m.group(1)),), "bracket"))
    if _GLUED_HINT.search(line):
        for m in _GLUED.finditer(line):
            if int(m.group(1)) > 0:  # "crisis1 that": a marker, if the sequence says so
                found.append(Found(m.start(1), m.end(1), (int(m.group(1)),), "glued"))
    if not _BARE_HINT.search(line):
        return found
    for m in _BARE.finditer(line):
        # Both tests look at the end of the text before: its last characters are
        # enough (a match of _YEAR_END is 6 long; of _NUMBERING_WORD at most 6, and
        # \b sees the character before), without a search along the whole line. The
        # 7 characters of _YEAR_END's slice keep "^" from matching at its start
        # unless the slice is the whole text.
        before = line[max(0, m.start(2) - 7) : m.start(2)]
        if line[m.start(1) - 1].isdigit() and not _YEAR_END.search(before):
            continue
        if m.group(1) == "." and _NUMBERING_WORD.search(line[max(0, m.start(1) - 8) : m.start(1)]):
            continue  # "No.2", "p.45", "vol.3": a number, not a marker
        if int(m.group(2)) > 0:
            found.append(Found(m.start(2), m.end(2), (int(m.group(2)),), "bare"))
    return found


_SET_APART = frozenset({"sup", "unicode", "footnote", "link"})
"""Marker conventions a space before is a converter's, not the text's."""


@dataclass(slots=True)
class MarkerState:
    """What marker recognition remembers from one line to the next, in reading order."""

    note_numbers: frozenset[int]
    """The numbers of the notes in the Notes list (empty when there is none)."""
    highest: int = 0
    """The highest note number marked so far."""
    refused: frozenset[int] = frozenset()
    """Lines where the editors rejected reading bare digits as a marker."""
    spaced: list[int] = field(default_factory=list)
    """Lines where a space before a marker was taken out (``crisis ¹`` → ``crisis¹``)."""

    def expects(self, n: int) -> bool:
        """Whether bare digits ``n`` are the next marker: the next number, with a note."""
        return n == self.highest + 1 and n in self.note_numbers


@dataclass(frozen=True, slots=True)
class MarkedLine:
    """A line with its markers normalised to ``[^N]`` and HTML cleaned."""

    text: str
    """The line's inline Markdown."""
    markers: tuple[Marker, ...]
    """The markers accepted, in order."""
    recovered: tuple[tuple[int, str], ...]
    """Note numbers accepted from bare digits (each a ``marker-recovered``)."""
    refused: tuple[int, ...]
    """Bare digits that would have been a marker but the editors rejected it."""
    removed_html: tuple[str, ...]
    """Tags that were dropped (each a ``raw-html`` warning)."""


def mark_line(line: str, line_no: int, state: MarkerState) -> MarkedLine:
    """Normalise the markers of one line of body text, updating ``state``."""
    candidates = explicit_markers(line)
    spans = [(f.start, f.end) for f in candidates]
    for bare in bare_candidates(line):
        if all(bare.end <= a or bare.start >= b for a, b in spans):
            candidates.append(bare)
    candidates.sort(key=lambda f: f.start)

    out: list[str] = []
    markers: list[Marker] = []
    recovered: list[tuple[int, str]] = []
    refused: list[int] = []
    pos = 0
    for f in candidates:
        if f.convention == "bracket" and not state.expects(f.numbers[0]):
            continue  # "[1950]", "[2]" of another list: not the next note
        if f.convention in ("bare", "glued"):
            n = f.numbers[0]
            if not state.expects(n):
                continue
            if line_no in state.refused:
                refused.append(n)
                continue
            recovered.append(
                (n, "glued to a word" if f.convention == "glued" else "after punctuation")
            )
        before = line[pos : f.start]
        if f.convention in _SET_APART and before.endswith(" ") and before.strip():
            # "crisis ¹": the converter's space between a word and its marker
            before = before.rstrip(" ")
            if not state.spaced or state.spaced[-1] != line_no:
                state.spaced.append(line_no)
        out.append(_escape_literal_markers(before))
        for n in f.numbers:
            out.append(MARKER_NOTATION.format(n=n))
            markers.append(Marker(n, line_no, "bare" if f.convention == "glued" else f.convention))
            state.highest = max(state.highest, n)
        pos = f.end
    out.append(_escape_literal_markers(line[pos:]))
    text, removed = clean_html("".join(out))
    return MarkedLine(text, tuple(markers), tuple(recovered), tuple(refused), tuple(removed))


def _escape_literal_markers(text: str) -> str:
    """Source text that merely looks like ``[^x]`` is escaped so it stays text."""
    return text.replace("[^", "\\[^")


# Pandoc's attributes: {#intro}, {.smallcaps}, {#fig:1 .unnumbered width="50%"}
_ATTRS = r"\{(?:\s*(?:[#.][\w:.-]+|[\w-]+=(?:\"[^\"]*\"|[^\s}]+)))+\s*\}"
_SPAN = re.compile(rf"\[([^\[\]]*)\]{_ATTRS}")  # [text]{.smallcaps}: the text
_ATTRIBUTED = re.compile(rf"(?<=[)`*_])\s*{_ATTRS}|\s*{_ATTRS}\s*$")  # after a link, at the end


def clean_html(text: str) -> tuple[str, list[str]]:
    """Inline Markdown for the HTML a converter left (and Pandoc's attributes, which
    say how to style what the text already holds), and the tags dropped."""
    removed: list[str] = []
    if "{" in text and ("#" in text or "." in text or "=" in text):
        text = _ATTRIBUTED.sub("", _SPAN.sub(r"\1", text))

    def replace(m: re.Match[str]) -> str:
        name = (m.group(1) or "").lower()
        if name in _INLINE_TAGS:
            return _INLINE_TAGS[name]
        if m.group(0).startswith("<!--"):
            return ""
        if not m.group(0).startswith("</"):
            removed.append(m.group(0))  # one report per element, not per tag
        return ""

    if "<" not in text:  # every tag and comment starts with "<"
        return text, removed
    return _TAG.sub(replace, text), removed


def unmark_heading(text: str) -> tuple[str, tuple[int, ...]]:
    """A heading without its note markers (and HTML), and the note numbers removed."""
    numbers: list[int] = []
    out: list[str] = []
    pos = 0
    for f in explicit_markers(text):
        out.append(text[pos : f.start])
        numbers.extend(f.numbers)
        pos = f.end
    out.append(text[pos:])
    cleaned, _ = clean_html("".join(out))
    return " ".join(cleaned.split()), tuple(numbers)


def strip_markers(text: str) -> str:
    """Text with the normalised markers taken out (for punctuation tests)."""
    return re.sub(r"\[\^\d+\]", "", text)
