"""Diagnostics as data: every repair and every problem the pipeline finds.

A stage never prints and never raises for a problem in the corpus: it returns
:class:`Diagnostic` values, and the command line alone decides what they mean
for the exit code. Every code has a default severity and a one-line summary
here; the README documents each one (a test keeps the two in step).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, replace

from edition.frozen import fast_pickle_module


class Severity(enum.IntEnum):
    """How serious a diagnostic is; ordered so that ``max()`` gives the worst."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        """The severity named by ``text`` (``info``, ``warning`` or ``error``)."""
        return cls[text.upper()]


@dataclass(frozen=True, slots=True)
class Code:
    """A stable diagnostic code and what it means."""

    name: str
    """The code as printed, e.g. ``marker-without-note``."""
    severity: Severity
    """The default severity (``--strict`` raises warnings to errors)."""
    summary: str
    """One line for the documentation."""


_CODES = [
    # reading the file
    Code("empty-file", Severity.ERROR, "The chapter file holds no text."),
    Code(
        "not-utf8",
        Severity.ERROR,
        "The file is not UTF-8; the message gives the byte offset and line.",
    ),
    Code("binary-file", Severity.ERROR, "The file holds NUL bytes: it is not a text file."),
    # structure
    Code("no-title", Severity.WARNING, "No title heading and no title in the chapter metadata."),
    Code("no-body", Severity.ERROR, "No paragraphs of the author's text were found."),
    Code("no-notes", Severity.WARNING, "The text has note markers but no Notes list was found."),
    Code(
        "raw-html",
        Severity.WARNING,
        "Raw HTML other than note markers was removed; its text is kept.",
    ),
    Code(
        "heading-marker",
        Severity.WARNING,
        "A note marker sat inside a heading; it was removed from the heading.",
    ),
    Code("page-number", Severity.INFO, "A line holding only a page number was dropped."),
    Code(
        "notes-unheaded",
        Severity.WARNING,
        "The numbered list that ends the text was read as its Notes list, which has no heading.",
    ),
    Code(
        "marker-space",
        Severity.INFO,
        "Spaces a converter left between words and their note markers were taken out"
        " (one report for the chapter).",
    ),
    Code(
        "image-dropped",
        Severity.INFO,
        "A line holding only a converter's reference to a picture was left out.",
    ),
    Code(
        "front-matter",
        Severity.INFO,
        "A line of text under the title (not a heading) was read as its subtitle or byline.",
    ),
    Code(
        "title-note",
        Severity.INFO,
        "An unnumbered note (*, †) opening the Notes list is the note of the title or"
        " byline, shown under them.",
    ),
    Code(
        "bibliography-section",
        Severity.INFO,
        "The chapter's own list of works (Bibliography, References…) was set aside:"
        " it is not part of the text.",
    ),
    Code(
        "dehyphenated",
        Severity.INFO,
        "A word the page broke with a hyphen at a line's end was read whole.",
    ),
    Code(
        "normalized",
        Severity.INFO,
        "Typographic ligatures (ﬁ) or soft hyphens were read as plain letters.",
    ),
    Code(
        "running-head",
        Severity.INFO,
        "A page's running head with its page number (the chapter's title, its author,"
        " or a title in capitals repeated) was dropped.",
    ),
    # repairs
    Code("paragraph-joined", Severity.INFO, "A paragraph split by a page break was rejoined."),
    Code(
        "note-joined",
        Severity.INFO,
        "A note split by a page break or wrapped onto another line was rejoined.",
    ),
    Code(
        "marker-recovered",
        Severity.WARNING,
        "Bare digits glued to a sentence were read as the next note marker.",
    ),
    Code(
        "note-number-recovered",
        Severity.WARNING,
        "A note that lost its number was given the missing number of the sequence.",
    ),
    Code(
        "repair-rejected",
        Severity.INFO,
        "A repair was not made because the editors rejected it in chapter.yaml.",
    ),
    # notes and markers
    Code(
        "marker-without-note", Severity.ERROR, "A note marker points to a note that does not exist."
    ),
    Code("note-without-marker", Severity.WARNING, "No marker in the text points to this note."),
    Code("duplicate-note", Severity.ERROR, "Two notes carry the same number."),
    Code(
        "note-out-of-order", Severity.WARNING, "A note's number is lower than the note before it."
    ),
    Code("note-gap", Severity.WARNING, "The note numbering skips numbers."),
    Code(
        "marker-out-of-order",
        Severity.WARNING,
        "A marker's number is not the next one expected in reading order.",
    ),
    Code(
        "stray-note-text",
        Severity.WARNING,
        "Text in the Notes list before the first note belongs to no note.",
    ),
    Code("empty-note", Severity.ERROR, "A note has a number but no text."),
    # abbreviations
    Code(
        "duplicate-abbreviation", Severity.ERROR, "The Abbreviations list defines one siglum twice."
    ),
    Code(
        "abbreviation-unparsed",
        Severity.WARNING,
        "An Abbreviations list entry has no recognisable siglum.",
    ),
    Code(
        "undefined-abbreviation",
        Severity.WARNING,
        "A siglum used before a locator is not in the Abbreviations list.",
    ),
    Code("unused-abbreviation", Severity.INFO, "An abbreviation is defined but never used."),
    # bibliography and note trails
    Code(
        "no-bibliography",
        Severity.INFO,
        "The corpus has no sources.bib: citations are read but not resolved.",
    ),
    Code(
        "bib-syntax",
        Severity.ERROR,
        "A BibTeX entry could not be read; bibtexparser's reason given.",
    ),
    Code("duplicate-source", Severity.ERROR, "Two BibTeX entries have the same key."),
    Code("unused-source", Severity.INFO, "A bibliography entry no note cites."),
    Code(
        "unresolved-citation",
        Severity.WARNING,
        "No bibliography entry found for a citation; the closest are hinted.",
    ),
    Code(
        "ambiguous-ibid",
        Severity.WARNING,
        "ibid. follows a note citing several works; the last was taken.",
    ),
    Code(
        "ambiguous-op-cit",
        Severity.WARNING,
        "op. cit. names an author cited before for several works; the last was taken.",
    ),
    Code(
        "short-before-full",
        Severity.WARNING,
        "A short form comes before the full reference it abbreviates.",
    ),
    # emendations
    Code(
        "emended",
        Severity.INFO,
        "An emendation of the editors was applied: the printed and the corrected reading are both kept.",
    ),
    Code(
        "emendation-stale",
        Severity.WARNING,
        "An emendation's context is not found once in its paragraph or note: it was not applied.",
    ),
    Code(
        "suggest-emendation",
        Severity.INFO,
        "A likely conversion or print error for the editors to review; the text is not changed.",
    ),
    # the register of names
    Code(
        "register-unused-form",
        Severity.INFO,
        "A form of a register entry occurs nowhere in the edition.",
    ),
    Code(
        "register-candidate",
        Severity.INFO,
        "A capitalised name occurs three times or more but is not in the register.",
    ),
    # corpus and metadata
    Code(
        "duplicate-key",
        Severity.ERROR,
        "A YAML mapping gives one key twice (YAML would silently keep the last).",
    ),
    Code("bad-url", Severity.ERROR, "edition.yaml's url is not an http(s) address."),
    Code(
        "bad-range",
        Severity.ERROR,
        "A passage of an assignment is not a paragraph or range of its chapter.",
    ),
    Code(
        "yaml-syntax",
        Severity.ERROR,
        "A YAML file of the corpus does not parse; line and column given.",
    ),
    Code("metadata-type", Severity.ERROR, "A metadata field has the wrong type."),
    Code(
        "metadata-unknown-key",
        Severity.WARNING,
        "A metadata key is not known (a typo?); it is ignored.",
    ),
    Code(
        "decision-unmatched",
        Severity.WARNING,
        "An editorial decision in chapter.yaml matches no diagnostic (the source changed?).",
    ),
    Code(
        "decision-invalid",
        Severity.ERROR,
        "An editorial decision in chapter.yaml cannot be carried out.",
    ),
    Code(
        "unpublished-source",
        Severity.INFO,
        "A note cites an unpublished source (a document in an archive, an interview) that"
        " no bibliography entry names.",
    ),
    Code(
        "abbreviation-introduced",
        Severity.INFO,
        "A siglum no list defines is introduced in a note with 'hereafter' and listed"
        " with the abbreviations.",
    ),
    Code(
        "abbreviation-supplied",
        Severity.INFO,
        "A siglum the source uses but never defines was supplied by the editors in chapter.yaml.",
    ),
    Code(
        "no-source",
        Severity.ERROR,
        "A chapter folder has no source text, or names one that is missing.",
    ),
    Code("bad-slug", Severity.ERROR, "A chapter folder name is not URL-safe."),
    Code("duplicate-slug", Severity.ERROR, "Two chapters have the same slug."),
    Code(
        "unknown-chapter", Severity.ERROR, "edition.yaml lists a chapter the corpus does not have."
    ),
    Code("no-chapters", Severity.ERROR, "The corpus holds no chapter folders."),
    Code(
        "source-outside-corpus",
        Severity.ERROR,
        "A source file is a link that leads outside the corpus.",
    ),
]

CODES: dict[str, Code] = {c.name: c for c in _CODES}
"""Every diagnostic code, by name."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: a repair made, or a problem for the editor."""

    code: str
    """A stable code from :data:`CODES`."""
    severity: Severity
    """How serious it is."""
    path: str
    """The file it is about, as given to the pipeline (relative to the working directory)."""
    line: int
    """1-based line in ``path`` (0 when it is about the whole file)."""
    message: str
    """What was found or done, in one sentence."""
    hint: str = ""
    """What to do about it, or a likely correction ("did you mean …?")."""

    def format(self) -> str:
        """The diagnostic as a compiler prints it: ``path:line: severity: code: message``."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.severity}: {self.code}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    @property
    def sort_key(self) -> tuple[str, int, str, str]:
        """Order by file, line, then code and message, so output is deterministic."""
        return (self.path, self.line, self.code, self.message)


def diagnostic(code: str, path: str, line: int, message: str, hint: str = "") -> Diagnostic:
    """A diagnostic with the default severity of ``code``."""
    return Diagnostic(code, CODES[code].severity, path, line, message, hint)


def sort_diagnostics(items: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics in a stable order: by file, then line."""
    return sorted(items, key=lambda d: d.sort_key)


def strict(items: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Warnings raised to errors, for ``--strict``."""
    return [
        replace(d, severity=Severity.ERROR) if d.severity == Severity.WARNING else d for d in items
    ]


def count(items: Iterable[Diagnostic]) -> dict[Severity, int]:
    """How many diagnostics there are of each severity."""
    tally = dict.fromkeys(Severity, 0)
    for d in items:
        tally[d.severity] += 1
    return tally


def summary(items: Iterable[Diagnostic]) -> str:
    """A one-line summary such as ``0 errors, 5 warnings, 12 notes``."""
    tally = count(items)

    def plural(n: int, word: str) -> str:
        return f"{n} {word}" + ("" if n == 1 else "s")

    return ", ".join(
        [
            plural(tally[Severity.ERROR], "error"),
            plural(tally[Severity.WARNING], "warning"),
            plural(tally[Severity.INFO], "info message"),
        ]
    )


fast_pickle_module(globals())
