"""Link: markers to notes, notes back to their markers, sigla to the Abbreviations list.

A pure stage over an ingested :class:`~edition.model.Chapter`: it fills
``Note.markers`` and ``Abbreviation.notes`` and adds the diagnostics of
whatever does not link. Scholarly apparatus is never dropped silently: a
marker without its note, a note without its marker, a siglum nobody defined
are all reported.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from edition.citations import HEREAFTER, HEREAFTER_WORD, SIGLUM, hereafter, sentences
from edition.diagnostics import Diagnostic, diagnostic, sort_diagnostics
from edition.model import Abbreviation, Chapter, Note, Paragraph, Span

# An all-capitals token used as a siglum: right before a volume:page locator.
_SIGLUM_USE = re.compile(r"(?<![\w*])\*{0,2}([A-Z][A-Z0-9]{2,})\*{0,2},\s+\d+:\s?\d+")


def _markers(chapter: Chapter) -> Iterable[tuple[Paragraph, int, int]]:
    """Every marker in reading order: its paragraph, note number and line."""
    for p in (*chapter.headnote, *chapter.paragraphs):
        for m in p.markers:
            yield p, m.note, m.line


def link_notes(chapter: Chapter) -> tuple[tuple[Note, ...], list[Diagnostic]]:
    """Notes with the paragraphs that mark them, and the diagnostics of the trail."""
    path = chapter.meta.source
    by_number = {n.n: n for n in chapter.notes}
    pointing: dict[int, list[str]] = defaultdict(list)
    diags: list[Diagnostic] = []
    highest = 0
    for paragraph, n, line in _markers(chapter):
        if n not in by_number:
            last = max(by_number, default=0)
            diags.append(
                diagnostic(
                    "marker-without-note",
                    path,
                    line,
                    f"marker {n} in ¶ {paragraph.id} points to no note",
                    f"the Notes list has notes 1–{last}"
                    if last
                    else "the chapter has no Notes list",
                )
            )
        elif n != highest + 1 and n not in pointing:
            where = (
                f"comes after marker {highest}"
                if n < highest
                else f"where marker {highest + 1} was expected"
            )
            diags.append(
                diagnostic(
                    "marker-out-of-order",
                    path,
                    line,
                    f"marker {n} in ¶ {paragraph.id} {where}",
                    "a marker may be missing or mistyped",
                )
            )
        pointing[n].append(paragraph.id)
        highest = max(highest, n)
    notes = tuple(replace(note, markers=tuple(pointing.get(note.n, ()))) for note in chapter.notes)
    for note in notes:
        if not note.markers:
            diags.append(
                diagnostic(
                    "note-without-marker",
                    note.span.path,
                    note.span.line,
                    f"no marker in the text points to note {note.n}",
                    "the converter may have dropped its marker; add it in the source",
                )
            )
    return notes, diags


def _uses(abbr: str, text: str) -> bool:
    """Whether ``abbr`` occurs in ``text`` as a whole word."""
    return _user(abbr)(text)


def _user(abbr: str) -> Callable[[str], bool]:
    """:func:`_uses` for one ``abbr``: its pattern compiled once, and tried only on a
    text that holds ``abbr`` at all (a plain substring test, much faster)."""
    search = re.compile(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])").search
    return lambda text: abbr in text and search(text) is not None


def link_abbreviations(
    abbreviations: Sequence[Abbreviation],
    notes: Sequence[Note],
    paragraphs: Sequence[Paragraph],
    path: str,
) -> tuple[tuple[Abbreviation, ...], list[Diagnostic]]:
    """Each abbreviation with the notes that use it; unused and undefined sigla."""
    diags: list[Diagnostic] = []
    linked = []
    for a in abbreviations:
        uses = _user(a.abbr)
        used_in = tuple(n.n for n in notes if uses(n.text))
        if not used_in and not any(uses(p.text) for p in paragraphs):
            diags.append(
                diagnostic(
                    "unused-abbreviation",
                    path,
                    a.span.line,
                    f"{a.abbr} is defined but no note or paragraph uses it",
                )
            )
        linked.append(replace(a, notes=used_in))
    defined = {a.abbr for a in abbreviations}
    undefined: dict[str, list[Note]] = defaultdict(list)
    for note in notes:
        for m in _SIGLUM_USE.finditer(note.text):
            if m.group(1) not in defined and note not in undefined[m.group(1)]:
                undefined[m.group(1)].append(note)
    for siglum, using in undefined.items():
        close = difflib.get_close_matches(siglum, sorted(defined), n=1, cutoff=0.5)
        where = ", ".join(str(n.n) for n in using)
        diags.append(
            diagnostic(
                "undefined-abbreviation",
                using[0].span.path,
                using[0].span.line,
                f"{siglum} is used as a siglum (note{'s' if len(using) > 1 else ''} {where}) but the Abbreviations list does not define it",
                (f"did you mean {close[0]}? " if close else "")
                + f"If {siglum} is right, supply it under 'abbreviations:' in chapter.yaml",
            )
        )
    return tuple(linked), diags


_SIGLUM_ONLY = re.compile(SIGLUM)
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)([^*]+?)\*(?![*\w])")
_MINOR = frozenset("a an and at by for in of on the to".split())


def _initials(title: str) -> str:
    """The capitals a siglum makes of a title: ``Foreign Relations of the United
    States`` → ``FRUS`` (minor words left out)."""
    return "".join(w[0] for w in re.findall(r"[^\W\d_]+", title) if w.lower() not in _MINOR)


def _expansion(siglum: str, before: str) -> str:
    """What a siglum introduced with ``hereafter`` stands for, from the citation it
    follows (``before``): the italic title whose initials it is, else the first
    italic title, else the citation up to its publication facts."""
    titles = [m.group(1).strip() for m in _ITALIC.finditer(before)]
    for title in titles:
        if _initials(title).upper() == siglum.upper():
            return f"*{title}*"
    if titles:
        return f"*{titles[0]}*"
    return re.split(r"\s*[(\[]", before, maxsplit=1)[0].strip(" ,;")


def introduced_sigla(
    notes: Sequence[Note], defined: Iterable[str]
) -> tuple[list[Abbreviation], list[Diagnostic]]:
    """The sigla a note introduces with ``hereafter`` (``… 197–99 (hereafter *FRUS*)``)
    that no list defines: each an abbreviation of that note, at its first line."""
    known = set(defined)
    found: list[Abbreviation] = []
    diags: list[Diagnostic] = []
    for note in notes:
        if not HEREAFTER_WORD.search(note.text):
            continue
        for sentence in sentences(note.text):
            for clause in HEREAFTER.finditer(sentence):
                form = hereafter(clause.group("inside") or clause.group("after"))
                if form in known or not _SIGLUM_ONLY.fullmatch(form):
                    continue
                known.add(form)
                before = re.split(r";\s*", sentence[: clause.start()])[-1]
                expansion = _expansion(form, before)
                span = Span(note.span.path, note.span.line, note.span.line)
                found.append(Abbreviation(form, expansion, span, note=note.n))
                diags.append(
                    diagnostic(
                        "abbreviation-introduced",
                        note.span.path,
                        note.span.line,
                        f"{form} is introduced in note {note.n} ('hereafter {form}') as "
                        f"{expansion!r}: listed with the abbreviations",
                        "to say what it stands for otherwise, supply it under "
                        "'abbreviations:' in chapter.yaml",
                    )
                )
    return found, diags


def link(chapter: Chapter) -> Chapter:
    """The chapter with its notes and abbreviations linked, and their diagnostics added."""
    notes, diags = link_notes(chapter)
    introduced, intro_diags = introduced_sigla(notes, (a.abbr for a in chapter.abbreviations))
    diags.extend(intro_diags)
    abbreviations, abbr_diags = link_abbreviations(
        (*chapter.abbreviations, *introduced),
        notes,
        (*chapter.headnote, *chapter.paragraphs),
        chapter.meta.source,
    )
    return replace(
        chapter,
        notes=notes,
        abbreviations=abbreviations,
        diagnostics=tuple(sort_diagnostics([*chapter.diagnostics, *diags, *abbr_diags])),
    )
