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
from edition.frozen import fast_pickle_module

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
    """``text`` for prose, ``quote`` for a block quotation, ``list`` for a list,
    ``table`` for a table."""
    caption: str = ""
    """For a table, the caption printed above it (``Table 1. Aid by country``)."""

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
class Document:
    """A primary document a citation names: a telegram, a letter, a speech…"""

    type: str
    """What it is, lower case (``telegram``, ``letter``, ``speech``…; ``document`` if unsaid)."""
    title: str = ""
    """Its title, when the note gives one."""
    date: str = ""
    """Its date as printed (``18 December 1949``)."""
    sender: str = ""
    """Who wrote or sent it (``from`` in the data)."""
    recipient: str = ""
    """To whom (``to`` in the data)."""


@dataclass(frozen=True, slots=True)
class Citation:
    """One citation in a note, resolved to the work it cites."""

    text: str
    """The citation as the note gives it, after its lead-in."""
    kind: str
    """``full``, ``short``, ``ibid``, ``siglum``, ``document`` or ``commentary``."""
    source: str = ""
    """The key of the bibliography entry it cites ("" for commentary or when unresolved)."""
    locator: str = ""
    """Pages, ``vol:page``, chapter, ``esp.`` pages, as printed."""
    lead: str = ""
    """The lead-in before it (``For a more detailed discussion, see``)."""
    via: str = ""
    """How the source was found when not by the citation itself: ``ibid. → note 24``…"""
    documents: tuple[Document, ...] = ()
    """The primary documents it names (kind ``document``)."""
    defines: str = ""
    """The siglum or short title it introduces for its work with ``hereafter``
    (``FRUS`` for ``… (hereafter *FRUS*)``)."""


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
    citations: tuple[Citation, ...] = ()
    """Its citations and commentary, in order (filled by the trails stage)."""


@dataclass(frozen=True, slots=True)
class Name:
    """A person's (or body's) name in the bibliography."""

    family: str
    """Family name, or the whole name of a body."""
    given: str = ""
    """Given names ("" for a body)."""


@dataclass(frozen=True, slots=True)
class Source:
    """A work in the editors' bibliography (one BibTeX entry)."""

    key: str
    """The BibTeX key."""
    type: str
    """The entry type, lower case (``book``, ``article``, ``incollection``…)."""
    fields: tuple[tuple[str, str], ...]
    """Every field, names lower case, values with LaTeX decoded, in file order."""
    span: Span
    """Where the entry starts in the .bib file."""

    def get(self, name: str) -> str:
        """A field's value ("" when absent)."""
        return next((v for k, v in self.fields if k == name), "")

    def names(self, role: str = "author") -> tuple[Name, ...]:
        """The people in a name field (``author``, ``editor``, ``translator``…)."""
        from edition.names import parse_names

        return parse_names(self.get(role))


@dataclass(frozen=True, slots=True)
class SourceUse:
    """The reverse trail: one work and the notes of a chapter that cite it."""

    key: str
    """The work's key."""
    cited_in: tuple[int, ...]
    """The notes citing it, in order, each once."""
    citations: int
    """How many citations point to it (a note may cite it twice)."""


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
    note: int = 0
    """The note that defines it with ``hereafter`` (0: the Abbreviations list)."""


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
    note: str = ""
    """The unnumbered note the title or byline carries (``*``, ``†``): where the
    chapter first appeared, a dedication, thanks. Inline Markdown."""


@dataclass(frozen=True, slots=True)
class Emendation:
    """One correction of the printed text."""

    target: str
    """Where: ``p12``, ``h2``, ``n37`` or ``abbr:CCFP`` ("" to search the whole chapter)."""
    printed: str
    """The reading of the source."""
    corrected: str
    """The editors' reading."""
    context: str
    """Words around the printed reading that find it once (the printed reading itself if "")."""
    reason: str
    """``typo``, ``conversion``, ``factual`` or ``other``."""
    note: str
    """The editors' explanation, if any."""
    span: Span
    """Where it is recorded."""


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
    sources: tuple[SourceUse, ...] = ()
    """The works cited, with the notes citing each (the reverse trail)."""
    emendations: tuple[Emendation, ...] = ()
    """The editors' corrections applied to the text (written ``{~~printed~>corrected~~}`` in it)."""
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    """Every repair and problem found in this chapter, sorted by line."""


fast_pickle_module(globals())
