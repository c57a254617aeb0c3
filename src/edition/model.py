"""The typed values that pass between the stages of the pipeline.

Every type is a frozen, slotted dataclass; every object that comes from a file
carries its :class:`Span` so a diagnostic can point at it.

Text fields hold inline Markdown exactly as the source gave it (emphasis,
quotation marks, dashes, backslash escapes), with one normalisation: every note
marker, whatever convention the converter used, is written ``[^N]`` where ``N``
is the note number (see :data:`MARKER_NOTATION`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from edition.diagnostics import Diagnostic

MARKER_NOTATION = "[^{n}]"
"""How a note marker is written inside ``text``: Markdown's footnote reference."""


@dataclass(frozen=True, slots=True)
class Span:
    """Where something came from."""

    path: str
    """The source file, as the pipeline was given it."""
    line: int
    """First line, 1-based."""
    end_line: int
    """Last line, 1-based (equal to ``line`` for a one-line object)."""


@dataclass(frozen=True, slots=True)
class Marker:
    """One note marker in a paragraph."""

    note: int
    """The number of the note it points to."""
    line: int
    """The source line the marker stands on."""
    convention: str
    """How the source wrote it: ``sup``, ``footnote``, ``link``, ``unicode`` or ``bare``."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of the headnote or of the author's text."""

    id: str
    """Stable, URL-safe anchor: ``p12`` in the text, ``h2`` in the headnote."""
    n: int
    """The number readers cite (1-based, counted separately in headnote and text)."""
    text: str
    """Inline Markdown; note markers written ``[^N]``."""
    markers: tuple[Marker, ...]
    """The note markers in reading order."""
    span: Span
    """Its lines in the source (a rejoined paragraph spans the page break)."""
    kind: str = "text"
    """``text`` for prose, ``quote`` for a block quotation, ``list`` for a list."""

    @property
    def notes(self) -> tuple[int, ...]:
        """The note numbers marked in this paragraph, in order."""
        return tuple(m.note for m in self.markers)


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading inside the author's text."""

    id: str
    """Stable, URL-safe anchor, ``s1``, ``s2``…"""
    title: str
    """The heading's inline Markdown."""
    level: int
    """Its depth, 1 for the highest heading inside the text."""
    before: str
    """The id of the first paragraph under it."""
    span: Span
    """Its line in the source."""


@dataclass(frozen=True, slots=True)
class Note:
    """One of the author's notes."""

    n: int
    """Its number."""
    text: str
    """Inline Markdown of the whole note, rejoined across page breaks."""
    markers: tuple[str, ...]
    """Ids of the paragraphs whose markers point to it, in reading order."""
    span: Span
    """Its lines in the source."""


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """An entry of the Abbreviations list."""

    abbr: str
    """The siglum, e.g. ``JMZW``."""
    expansion: str
    """What it stands for, inline Markdown."""
    span: Span
    """Its line in the source."""
    notes: tuple[int, ...] = ()
    """The notes that use it."""
    supplied: bool = False
    """Supplied by the editors (``chapter.yaml``), not defined in the source's list."""


@dataclass(frozen=True, slots=True)
class Volume:
    """The book a chapter belongs to."""

    title: str
    """Its title."""
    editors: tuple[str, ...] = ()
    """Its editors, each "First Last"."""
    publisher: str = ""
    """Publisher."""
    place: str = ""
    """Place of publication."""
    year: str = ""
    """Year of publication."""
    pages: str = ""
    """The chapter's pages in the volume, e.g. ``112-134``."""


@dataclass(frozen=True, slots=True)
class ChapterMeta:
    """What the editors say about a chapter (its ``chapter.yaml``), or what ingest found."""

    slug: str
    """URL-safe name, the chapter folder's name."""
    title: str
    """The title as it should display."""
    authors: tuple[str, ...]
    """The authors, each "First Last" as printed."""
    source: str
    """Path of the raw text file."""
    printed_title: str = ""
    """The title heading as the source printed it, when it differs from ``title``."""
    subtitle: str = ""
    """A subtitle, if any."""
    volume: Volume | None = None
    """The book it comes from, if known."""
    rights: str = ""
    """Rights statement."""


@dataclass(frozen=True, slots=True)
class Chapter:
    """One chapter, ingested and linked."""

    meta: ChapterMeta
    """Title, authors, source and the rest."""
    headnote: tuple[Paragraph, ...]
    """The editors' introduction, kept apart from the author's text."""
    paragraphs: tuple[Paragraph, ...]
    """The author's text."""
    notes: tuple[Note, ...]
    """The notes, in number order."""
    abbreviations: tuple[Abbreviation, ...]
    """The Abbreviations list, in its order."""
    headings: tuple[Heading, ...] = ()
    """Section headings inside the author's text."""
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    """Every repair and problem found in this chapter, sorted by line."""
