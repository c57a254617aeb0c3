"""Ingest: one chapter's raw text into a :class:`~edition.model.Chapter`.

The stage is a named, ordered list of rules over the blocks of the file, each
in its own module:

1. ``decode`` — bytes to text (UTF-8, BOM, line endings);
2. ``blocks`` — text to headings, rules and runs of lines;
3. ``sections`` (here) — title and author, the editors' headnote, the
   author's text, the Abbreviations list, the Notes list and page-foot notes;
4. ``notes`` and ``abbreviations`` — the apparatus lists, repaired;
5. ``markers`` and ``paragraphs`` — markers normalised in reading order, and
   paragraphs split by page breaks rejoined.

Nothing here reads or writes files. Linking markers to notes is the next
stage (:mod:`edition.link`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from edition.diagnostics import Diagnostic, diagnostic, sort_diagnostics
from edition.ingest.abbreviations import parse_abbreviations
from edition.ingest.blocks import (
    Block,
    Line,
    head_key,
    is_page_number,
    running_head,
    scan,
    section_of,
)
from edition.ingest.decode import decode
from edition.ingest.hyphens import dehyphenate, normalize
from edition.ingest.markers import (
    MarkerState,
    explicit_markers,
    has_explicit_marker,
    unmark_heading,
)
from edition.ingest.notes import (
    is_finished,
    join_text,
    match_start,
    parse_notes,
    starts_note_block,
)
from edition.ingest.paragraphs import (
    Chunk,
    attach_captions,
    join_chunks,
    make_chunk,
    to_paragraphs,
)
from edition.model import Chapter, ChapterMeta, Heading, Note, Span

__all__ = ["decode", "ingest", "ingest_bytes", "slugify", "title_case"]

_DEFINITION_START = re.compile(r"^\[\^\d+\]:")
_BY = re.compile(r"^by\s+", re.IGNORECASE)
_NAME_JOINERS = frozenset(
    [
        "and",
        "&",
        "de",
        "da",
        "das",
        "do",
        "dos",
        "van",
        "von",
        "der",
        "den",
        "del",
        "della",
        "di",
        "du",
        "le",
        "la",
        "bin",
        "ibn",
        "al",
        "el",
        "y",
    ]
)
_TITLE_OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "on",
        "in",
        "of",
        "part",
        "chapter",
        "section",
        "introduction",
        "conclusion",
        "epilogue",
        "prologue",
    ]
)
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "over",
        "the",
        "to",
        "under",
        "upon",
        "via",
        "with",
    ]
)


@dataclass(slots=True)
class _Sections:
    """The blocks of a chapter sorted into its parts."""

    title: Block | None = None
    subtitle: Block | None = None
    author: Block | None = None
    headnote: list[Block] = field(default_factory=list)
    body: list[tuple[str, Block]] = field(default_factory=list)
    """Body events in order: ``text``, ``heading``, ``rule`` or ``break`` (transparent)."""
    note_groups: list[list[Block]] = field(default_factory=list)
    abbreviations: list[Block] = field(default_factory=list)
    page_numbers: list[Block] = field(default_factory=list)
    running_heads: list[Block] = field(default_factory=list)
    images: list[Block] = field(default_factory=list)
    """Lines that hold only a converter's reference to a picture it cut out."""
    unheaded: Block | None = None
    """The first block of a Notes list that lost its heading."""
    bibliography: list[Block] = field(default_factory=list)
    """The chapter's own list of works (under *Bibliography*, *References*…)."""


def slugify(text: str) -> str:
    """A URL-safe slug: lower case ASCII letters, digits and hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "chapter"


def title_case(text: str) -> str:
    """A title printed in capitals, in title case (``MAO AND SINO-AMERICAN …``)."""
    if any(c.islower() for c in text):
        return text
    words = text.lower().split(" ")
    out = []
    for i, word in enumerate(words):
        if i and word in _SMALL_WORDS:
            out.append(word)
        else:
            out.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(out)


def _looks_like_byline(block: Block) -> bool:
    """A short heading or line that names the author(s): ``Chen Jian``, ``By A and B``."""
    raw = block.title if block.kind == "heading" else " ".join(x.text for x in block.lines)
    raw = raw.strip().strip("*_")
    text = _BY.sub("", raw)
    words = [w.strip(",") for w in text.split() if w.strip(",")]
    if not 0 < len(words) <= 12 or is_finished(text) or section_of(text) is not None:
        return False
    if _BY.match(raw):
        return True
    names = [w for w in words if w.lower() not in _NAME_JOINERS]

    def name_like(w: str) -> bool:
        # capitalised (Chen, Jian), or in a script without case (毛泽东)
        return w[0].isupper() or (w[0].isalpha() and not w[0].islower() and w.lower() == w.upper())

    caseless = len(names) == 1 and names[0].lower() == names[0].upper()
    return (
        (len(names) >= 2 or caseless)
        and names[0].lower() not in _TITLE_OPENERS
        and all(name_like(w) for w in names)
    )


def _capitals_line(block: Block) -> bool:
    """A short line of text set apart, in capitals or in emphasis as a whole, without
    closing punctuation: after the title, its subtitle or byline as a page sets them."""
    if block.kind != "text" or len(block.lines) != 1:
        return False
    line = block.lines[0].text.strip()
    text = line.strip("*_ ")
    return (
        _set_apart(line)
        and len(text.split()) <= 12
        and not is_finished(text)
        and not has_explicit_marker(text)
    )


def _set_apart(line: str) -> bool:
    """A line in capitals (``MICHAEL J. HOGAN``), or in emphasis as a whole
    (``*Anna K. Nelson*``, ``**A Reappraisal**``)."""
    line = line.strip()
    text = line.strip("*_ ")
    if not any(c.isalpha() for c in text):
        return False
    emphasized = len(line) > 2 and line[0] in "*_" and line[-1] == line[0]
    return emphasized or not any(c.islower() for c in text)


def _byline_line(text: str) -> bool:
    """Whether a line after the title may be its byline as a line of text, not a
    heading: ``By …``, or names set apart as a page sets them (``MICHAEL J. HOGAN``,
    ``*Anna K. Nelson*``)."""
    return bool(_BY.match(text.strip("*_ "))) or _set_apart(text)


def _authors(block: Block | None) -> tuple[str, ...]:
    """Author names from a byline: ``A``, ``A and B``, ``A, B, and C``."""
    if block is None:
        return ()
    text = block.title if block.kind == "heading" else " ".join(x.text for x in block.lines)
    text = _BY.sub("", _unmark(unmark_heading(text)[0].strip())[0].strip("*_"))
    names = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", text, flags=re.IGNORECASE)
    return tuple(_name_case(n.strip()) for n in names if n.strip())


def _name_case(name: str) -> str:
    """A name printed in capitals, as a name is written (``MICHAEL J. HOGAN`` →
    ``Michael J. Hogan``); ``chapter.yaml``'s ``authors`` gives it where that is wrong
    (``McNamara``)."""
    if any(c.islower() for c in name):
        return name
    return " ".join(
        "-".join(part[:1] + part[1:].lower() for part in word.split("-"))
        for word in name.split(" ")
    )


def _split(blocks: Sequence[Block]) -> _Sections:
    """Sort blocks into title, byline, headnote, text, notes and abbreviations."""
    s = _Sections()
    i = 0
    while i < len(blocks) and blocks[i].kind == "heading" and section_of(blocks[i].title) is None:
        if s.title is None:
            s.title = blocks[i]
        elif s.author is None and _looks_like_byline(blocks[i]):
            s.author = blocks[i]
        else:
            break
        i += 1
    if (
        s.title is not None
        and s.author is None
        and i + 1 < len(blocks)
        and _capitals_line(blocks[i])
        and not _looks_like_byline(blocks[i])
    ):
        s.subtitle = blocks[i]  # A REAPPRAISAL
        i += 1
    if (
        s.title is not None
        and s.author is None
        and i < len(blocks)
        and blocks[i].kind == "text"
        and len(blocks[i].lines) == 1
        and _byline_line(blocks[i].lines[0].text)
        and _looks_like_byline(blocks[i])
    ):
        s.author = blocks[i]
        i += 1

    heads = _running_heads(s, blocks[i:])

    mode = "body"
    zone: list[Block] = []
    # page-foot notes only where the notes are not gathered under a heading
    has_notes_section = any(
        b.kind == "heading" and section_of(b.title) == "notes" for b in blocks[i:]
    )
    marked: set[int] = set()  # note numbers marked in the text so far (no Notes section)
    noted: set[int] = set()  # and those whose page-foot note has been found
    for k in range(i, len(blocks)):
        block = blocks[k]
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        if block.kind == "text" and all(_NOT_TEXT.match(x.text) for x in block.lines):
            # a picture the converter cut out, or its comment (<!-- image -->): not text
            if any(_IMAGE_ONLY.match(x.text) for x in block.lines):
                s.images.append(block)
            if mode == "body":
                s.body.append(("break", block))
            continue
        if is_page_number(block) or block.first in heads:
            (s.page_numbers if block.first not in heads else s.running_heads).append(block)
            if mode == "body":
                s.body.append(("break", block))
            continue
        if mode == "zone":
            if block.kind == "text" and (
                starts_note_block(block) or not is_finished(zone[-1].lines[-1].text)
            ):
                zone.append(block)
                noted.update(_foot_note_numbers(block))
                continue
            s.note_groups.append(zone)
            s.body.append(("break", zone[0]))
            zone = []
            mode = "body"
            if block.kind == "rule":
                continue  # the rule that closes the page-foot notes
        if block.kind == "heading":
            section = section_of(block.title)
            if section is not None:
                mode = section
                if section == "notes":
                    s.note_groups.append([])
            else:
                mode = "body"
                s.body.append(("heading", block))
            continue
        if block.kind == "rule":
            if (
                mode in ("body", "headnote")
                and not has_notes_section
                and nxt is not None
                and starts_note_block(nxt)
            ):
                mode = "zone"
            elif mode in ("body", "headnote"):
                if mode == "headnote":
                    mode = "body"
                s.body.append(("rule", block))
            continue
        # a text block
        foot = _foot_note_numbers(block) if mode == "body" and marked else set()
        if not has_notes_section and foot & (marked - noted):
            # "¹ Acheson, …" under the text that marks note 1, with no rule above it:
            # the notes at the foot of a page
            mode = "zone"
            zone = [block]
            noted.update(foot)
            continue
        if mode == "zone":
            zone.append(block)
        elif mode == "notes":
            s.note_groups[-1].append(block)
        elif mode == "abbreviations":
            s.abbreviations.append(block)
        elif _DEFINITION_START.match(block.lines[0].text):
            s.note_groups.append([block])
            s.body.append(("definition", block))
        elif (
            s.note_groups
            and s.body
            and s.body[-1][0] == "definition"
            and (
                block.lines[0].text.startswith(("    ", "\t"))
                or _continues_note(s.body[-1][1], block)
            )
        ):
            # a further paragraph of the footnote above, or its text after a page break
            s.note_groups[-1].append(block)
            s.body.append(("definition", block))
        elif mode == "bibliography":
            s.bibliography.append(block)
        elif mode == "headnote":
            s.headnote.append(block)
        else:
            s.body.append(("text", block))
            if not has_notes_section:
                marked.update(
                    n for x in block.lines for f in explicit_markers(x.text) for n in f.numbers
                )
    if zone:
        s.note_groups.append(zone)
    _references_as_notes(s)
    _take_unheaded_notes(s)
    _take_headnote(s)
    return s


_EMPTY_ANCHOR = re.compile(r"<(span|a)\s+(?:id|name)=[\"'][^\"']*[\"']\s*>\s*</\1>", re.IGNORECASE)
"""An element with an id and nothing in it: a page's anchor, no text of the chapter."""
_IMAGE_ONLY = re.compile(r"^\s*(?:!\[[^\]]*\]\([^)]*\)\s*)+$")
"""A line of nothing but Markdown images: ``![](_page_3_Picture_1.jpeg)``."""
_NOT_TEXT = re.compile(r"^\s*(?:(?:!\[[^\]]*\]\([^)]*\)|<!--.*?-->)\s*)+$")
"""A line of nothing but images and HTML comments (``<!-- image -->``, ``<!-- PageBreak -->``)."""


def _references_as_notes(s: _Sections) -> None:
    """A *References* (or *Sources*…) section that holds numbered notes from 1, where
    nothing else holds the notes: it is the Notes list under another name."""
    if s.note_groups or not s.bibliography:
        return
    first = match_start(s.bibliography[0].lines[0].text, None, at_block_start=True)
    if first is not None and first.n == 1:
        s.note_groups.append(s.bibliography)
        s.bibliography = []


def _take_unheaded_notes(s: _Sections) -> None:
    """Notes whose heading the converter lost: where nothing else holds the notes,
    the text has note markers, and it ends with numbered notes from 1 on
    (``1. Acheson, …``), those are the Notes list (``notes-unheaded``)."""
    if s.note_groups:
        return
    tail: list[Block] = []
    for kind, block in reversed(s.body):
        if kind == "break":
            continue
        if kind != "text" or not starts_note_block(block):
            break
        tail.append(block)
    if not tail:
        return
    tail.reverse()
    first = match_start(tail[0].lines[0].text, None, at_block_start=True)
    if first is None or first.n != 1:
        return
    taken = {id(b) for b in tail}
    if not any(
        has_explicit_marker(line.text)
        for kind, b in s.body
        if kind == "text" and id(b) not in taken
        for line in b.lines
    ):
        return
    s.body = [(kind, b) for kind, b in s.body if id(b) not in taken]
    s.note_groups.append(tail)
    s.unheaded = tail[0]


def _running_heads(s: _Sections, blocks: Sequence[Block]) -> set[int]:
    """The first lines of the blocks that are a page's running head with its folio
    (see :func:`~edition.ingest.blocks.running_head`): those whose words are the
    chapter's title or its beginning, its byline or an author's name or surname, and
    words in capitals found so at least twice (a book's or a part's title)."""
    found = [(b, words) for b in blocks if (words := running_head(b)) is not None]
    if not found:
        return set()
    title = head_key(s.title.title) if s.title is not None else ""
    names: set[str] = set()
    if s.author is not None:
        names.add(head_key(_BY.sub("", _byline_text(s.author))))
        for name in _authors(s.author):
            names.update((head_key(name), head_key(name).rpartition(" ")[2]))
    names.discard("")

    def capitals(words: str) -> bool:
        return not any(c.islower() for c in words)

    repeated: dict[str, int] = {}
    for _, words in found:
        if capitals(words):
            repeated[head_key(words)] = repeated.get(head_key(words), 0) + 1
    out: set[int] = set()
    for block, words in found:
        key = head_key(words)
        of_title = bool(title) and (
            key == title or (" " in key and (title + " ").startswith(key + " "))
        )
        if of_title or key in names or repeated.get(key, 0) >= 2:
            out.add(block.first)
    return out


def _byline_text(block: Block) -> str:
    """The text of a byline block, a heading or a line."""
    return block.title if block.kind == "heading" else " ".join(x.text for x in block.lines)


def _foot_note_numbers(block: Block) -> set[int]:
    """The number of the note a text block opens with a superscript (``¹ Acheson, …``,
    ``<sup>1</sup> Acheson, …``), as notes at a page's foot are set; none otherwise."""
    if block.kind != "text":
        return set()
    start = match_start(block.lines[0].text, None, at_block_start=True)
    if start is None or start.n is None or start.convention not in ("unicode", "sup"):
        return set()
    return {start.n}


def _continues_note(before: Block, block: Block) -> bool:
    """Whether a block carries on the note whose text ``before`` ends unfinished."""
    first = block.lines[0].text.lstrip(" \"“‘'(*_")
    return bool(first) and (first[0].islower() or not is_finished(before.lines[-1].text))


def _take_headnote(s: _Sections) -> None:
    """The editors' headnote: unmarked paragraphs before the first rule of the text."""
    if s.headnote:
        return
    kinds = [kind for kind, _ in s.body]
    if "rule" not in kinds:
        return
    cut = kinds.index("rule")
    before = [b for kind, b in s.body[:cut] if kind == "text"]
    after = [b for kind, b in s.body[cut + 1 :] if kind == "text"]
    if not before or not after or "heading" in kinds[:cut]:
        return
    if any(has_explicit_marker(line.text) for b in before for line in b.lines):
        return
    s.headnote = before
    s.body = s.body[cut + 1 :]


# The mark of an unnumbered note: an asterisk (escaped or not), a dagger, in a
# superscript or not, at the end of the title or byline, or opening the note
_NOTE_MARK = r"(?:\\?\*|†|‡|<sup>\s*(?:\\?\*|†|‡)\s*</sup>)"
_MARKED_END = re.compile(rf"(?<=\S){_NOTE_MARK}\s*$")
_MARKED_START = re.compile(rf"^\s*{_NOTE_MARK}\s*(?=\S)")
_STAR_BULLET = re.compile(r"^\s*\*\s+(?=\S)")


def _unmark(text: str) -> tuple[str, bool]:
    """A title or byline without the mark of its unnumbered note, and whether it had one."""
    found = _MARKED_END.search(text)
    if found is None:
        return text, False
    if found.group().strip() == "*" and text.replace("\\*", "").count("*") % 2 == 0:
        return text, False  # "The *Marshall Plan*": the asterisk closes an emphasis
    return text[: found.start()].rstrip(), True


def _title_note(
    lines: Sequence[Line], mark: re.Pattern[str], path: str, diags: list[Diagnostic]
) -> str:
    """The text of the title's or byline's note, ``lines`` without its ``mark``; its
    ``title-note`` added to ``diags``."""
    diags.append(
        diagnostic(
            "title-note",
            path,
            lines[0].no,
            f"the unnumbered note {mark.sub('', lines[0].text).strip()[:40]!r}… is the note "
            "of the title or byline: shown under them",
        )
    )
    return join_text([mark.sub("", lines[0].text)] + [x.text for x in lines[1:]])


def _notes(
    s: _Sections, path: str, refused: frozenset[int]
) -> tuple[list[Note], list[Diagnostic], str]:
    """Every note of the chapter, with the diagnostics of their numbering, and the
    text of the unnumbered note the title or byline carries (``* This essay …``)."""
    notes: list[Note] = []
    diags: list[Diagnostic] = []
    previous: int | None = None
    first_note = ""
    groups = list(s.note_groups)
    marked = any(
        _unmark(unmark_heading(_byline_text(b))[0])[1] for b in (s.title, s.author) if b is not None
    )
    if marked and groups and groups[0] and _STAR_BULLET.match(groups[0][0].lines[0].text):
        # "* This essay first appeared in …" under a title marked "*": written as a
        # bullet, it is the title's note, not a note that lost its number
        block = groups[0][0]
        cut = 1
        while cut < len(block.lines) and match_start(block.lines[cut].text, None, False) is None:
            cut += 1
        first_note = _title_note(block.lines[:cut], _STAR_BULLET, path, diags)
        rest = [Block("text", block.lines[cut:])] if cut < len(block.lines) else []
        groups[0] = rest + groups[0][1:]
    for group in groups:
        found, repairs, stray = parse_notes(group, path, previous, refused)
        notes.extend(found)
        diags.extend(repairs)
        if found:
            previous = found[-1].n
        if stray and not first_note and _MARKED_START.match(stray[0].text):
            # "* This essay first appeared in …": the note of the title or byline
            first_note = _title_note(stray, _MARKED_START, path, diags)
            stray = []
        for line in stray:
            diags.append(
                diagnostic(
                    "stray-note-text",
                    path,
                    line.no,
                    f"text in the Notes list before any note is not part of a note: {line.text.strip()[:60]!r}",
                    "number it if it is a note, or move it out of the Notes list",
                )
            )
    diags.extend(_check_numbering(notes, path))
    return sorted(notes, key=lambda n: n.n), diags, first_note


def _check_numbering(notes: Sequence[Note], path: str) -> list[Diagnostic]:
    """Duplicate, out-of-order and missing note numbers."""
    diags: list[Diagnostic] = []
    first_line: dict[int, int] = {}
    numbers = {n.n for n in notes}
    previous = 0
    for note in notes:
        if note.n in first_line:
            diags.append(
                diagnostic(
                    "duplicate-note",
                    path,
                    note.span.line,
                    f"two notes numbered {note.n} (the first on line {first_line[note.n]})",
                    "renumber or merge them",
                )
            )
            continue
        first_line[note.n] = note.span.line
        if note.n < previous:
            diags.append(
                diagnostic(
                    "note-out-of-order",
                    path,
                    note.span.line,
                    f"note {note.n} comes after note {previous}",
                )
            )
        elif note.n > previous + 1 and set(range(previous + 1, note.n)) - numbers:
            missing = sorted(set(range(previous + 1, note.n)) - numbers)
            shown = ", ".join(map(str, missing[:5])) + (" …" if len(missing) > 5 else "")
            diags.append(
                diagnostic(
                    "note-gap",
                    path,
                    note.span.line,
                    f"note {note.n} follows note {previous}: no note {shown}",
                    "a note may have lost its number or been dropped by the converter",
                )
            )
        previous = max(previous, note.n)
    return diags


def _body(
    s: _Sections, notes: Sequence[Note], path: str, refused: frozenset[int]
) -> tuple[list[Chunk], list[Chunk], list[tuple[Block, int]], list[Diagnostic]]:
    """Headnote and text chunks with markers, and each heading with its chunk index."""
    state = MarkerState(frozenset(n.n for n in notes), refused=refused)
    diags: list[Diagnostic] = []
    head: list[Chunk] = []
    for block in s.headnote:
        chunk, found = make_chunk(block, True, state, path)
        head.append(chunk)
        diags.extend(found)
    text: list[Chunk] = []
    headings: list[tuple[Block, int]] = []
    joinable = True
    spaced = state.spaced  # filled as the lines are marked
    for kind, block in s.body:
        if kind == "text":
            chunk, found = make_chunk(block, joinable, state, path)
            text.append(chunk)
            diags.extend(found)
            joinable = True
        elif kind in ("heading", "rule"):
            joinable = False
            if kind == "heading":
                headings.append((block, len(text)))
    if spaced:
        lines = ", ".join(map(str, spaced[:8])) + (", …" if len(spaced) > 8 else "")
        diags.append(
            diagnostic(
                "marker-space",
                path,
                spaced[0],
                f"the space before a note marker was taken out on {len(spaced)} "
                f"line{'s' if len(spaced) > 1 else ''} (line{'s' if len(spaced) > 1 else ''} "
                f"{lines}): 'crisis ¹' reads 'crisis¹'",
            )
        )
    return head, text, headings, diags


REJECTABLE = ("marker-recovered", "paragraph-joined", "note-number-recovered", "dehyphenated")
"""The repairs an editor can reject in ``chapter.yaml`` (``decisions``)."""


def ingest(text: str, path: str, reject: frozenset[tuple[str, int]] = frozenset()) -> Chapter:
    """A chapter from its text (LF line endings); ``path`` names it in diagnostics.

    ``reject`` holds the repairs the editors rejected, as ``(code, line)`` pairs
    with the line their diagnostic would give (see :data:`REJECTABLE`).
    """

    def refused(code: str) -> frozenset[int]:
        return frozenset(line for c, line in reject if c == code)

    diags: list[Diagnostic] = []
    text, count, at = normalize(text)
    if count:
        diags.append(
            diagnostic(
                "normalized",
                path,
                at,
                f"{count} ligature{'s' if count > 1 else ''} or soft hyphen"
                f"{'s' if count > 1 else ''} read as plain letters (ﬁ → fi; soft hyphens dropped)",
            )
        )
    if (
        "<span" in text or "<a " in text or "<A " in text
    ):  # page anchors: <span id="page-3-0"></span>
        text = _EMPTY_ANCHOR.sub("", text)
    text, rejoined, kept = dehyphenate(text, refused("dehyphenated"))
    for r in kept:
        diags.append(
            diagnostic(
                "repair-rejected",
                path,
                r.line,
                f"dehyphenated rejected by the editors: {r.printed!r} kept as printed",
            )
        )
    for r in rejoined:
        diags.append(
            diagnostic(
                "dehyphenated",
                path,
                r.line,
                f"{r.printed!r}, a word broken "
                + ("by a hyphen and a space" if "- " in r.printed else "at a line's end")
                + f", read as {r.read!r}",
                "if the hyphen is the word's, reject this repair in chapter.yaml (decisions)",
            )
        )
    blocks = scan(text)
    s = _split(blocks)
    notes, note_diags, first_note = _notes(s, path, refused("note-number-recovered"))
    diags.extend(note_diags)
    abbreviations, abbr_diags = parse_abbreviations(s.abbreviations, path)
    diags.extend(abbr_diags)
    head_chunks, text_chunks, heading_at, chunk_diags = _body(
        s, notes, path, refused("marker-recovered")
    )
    diags.extend(chunk_diags)

    no_join = refused("paragraph-joined")
    head_chunks, _, joins = join_chunks(head_chunks, path, no_join)
    diags.extend(joins)
    joined, index, joins = join_chunks(text_chunks, path, no_join)
    diags.extend(joins)
    joined, index = attach_captions(joined, index)
    paragraphs = to_paragraphs(joined, "p", path)
    headnote = to_paragraphs(head_chunks, "h", path)

    headings: list[Heading] = []
    for number, (block, chunk_index) in enumerate(heading_at, start=1):
        title, removed = unmark_heading(block.title)
        if removed:
            diags.append(
                diagnostic(
                    "heading-marker",
                    path,
                    block.first,
                    f"note marker {', '.join(map(str, removed))} removed from the heading {title!r}",
                    "a heading cannot carry a note: move the marker into the paragraph it annotates",
                )
            )
        before = paragraphs[index[chunk_index]].id if chunk_index < len(index) else ""
        span = Span(path, block.first, block.last)
        headings.append(Heading(f"s{number}", title, block.level, before, span))
    for block in s.page_numbers:
        diags.append(
            diagnostic(
                "page-number",
                path,
                block.first,
                f"a line holding only the page number {block.lines[0].text.strip()!r} was dropped",
            )
        )
    for block in s.images:
        diags.append(
            diagnostic(
                "image-dropped",
                path,
                block.first,
                f"{block.lines[0].text.strip()[:60]!r}: a picture the converter cut out of the "
                "page is not shown (the edition holds its text, not the page's images)",
            )
        )
    if s.unheaded is not None:
        diags.append(
            diagnostic(
                "notes-unheaded",
                path,
                s.unheaded.first,
                "the numbered list that ends the text is read as its Notes list, "
                "which has no heading",
                "if the list is the notes, accept the repair in chapter.yaml (decisions)",
            )
        )
    if s.bibliography:
        first, last = s.bibliography[0].first, s.bibliography[-1].last
        diags.append(
            diagnostic(
                "bibliography-section",
                path,
                first,
                f"the chapter's own list of works ({len(s.bibliography)} entries, lines "
                f"{first}–{last}) is not part of its text; the works the notes cite are "
                "matched against sources.bib",
                "'edition bib draft' drafts entries for the full references sources.bib lacks",
            )
        )
    for block in s.running_heads:
        diagnostics_text = block.lines[0].text.strip()
        diags.append(
            diagnostic(
                "running-head",
                path,
                block.first,
                f"the running head {diagnostics_text!r} (a page's head or foot, with its"
                " page number) was dropped",
                "if it is a line of the text, end it with punctuation in the source",
            )
        )
    # the subtitle and a byline read from lines of text (not headings): said, since a
    # line so read is not a paragraph of the text
    for front, what in ((s.subtitle, "subtitle"), (s.author, "byline")):
        if (
            front is not None
            and front.kind == "text"
            and not _BY.match(front.lines[0].text.strip("*_ "))  # "By …" says what it is
        ):
            diags.append(
                diagnostic(
                    "front-matter",
                    path,
                    front.first,
                    f"the line {front.lines[0].text.strip()[:60]!r} under the title is read as "
                    f"its {what}",
                    f"if it is not, give the chapter's {'subtitle' if what == 'subtitle' else 'authors'}"
                    " in chapter.yaml",
                )
            )
    for front in (s.title, s.author):
        if front is None:
            continue
        _, removed = unmark_heading(front.title or front.lines[0].text)
        if removed:
            diags.append(
                diagnostic(
                    "heading-marker",
                    path,
                    front.first,
                    f"note marker {', '.join(map(str, removed))} removed from the title or byline",
                    "a note on the title (a source note) belongs in the chapter metadata",
                )
            )
    if s.title is None:
        diags.append(
            diagnostic(
                "no-title",
                path,
                0,
                "no title heading found",
                "begin the file with '# Title', or give 'title:' in chapter.yaml",
            )
        )
    if not paragraphs:
        diags.append(diagnostic("no-body", path, 0, "no paragraphs of the author's text found"))
    if not notes and any(p.markers for p in (*headnote, *paragraphs)):
        diags.append(
            diagnostic(
                "no-notes",
                path,
                0,
                "the text has note markers but no Notes list was found",
                "give the notes a heading such as '## Notes'",
            )
        )

    printed = _unmark(unmark_heading(s.title.title)[0])[0] if s.title else ""
    meta = ChapterMeta(
        slug=_slug_of(path),
        title=title_case(printed),
        subtitle=title_case(s.subtitle.lines[0].text.strip("*_ ")) if s.subtitle else "",
        authors=_authors(s.author),
        source=path,
        printed_title=printed if title_case(printed) != printed else "",
        note=first_note,
    )
    return Chapter(
        meta=meta,
        headnote=tuple(headnote),
        paragraphs=tuple(paragraphs),
        notes=tuple(notes),
        abbreviations=tuple(abbreviations),
        headings=tuple(headings),
        diagnostics=tuple(sort_diagnostics(diags)),
    )


def ingest_bytes(
    data: bytes, path: str, reject: frozenset[tuple[str, int]] = frozenset()
) -> tuple[Chapter | None, list[Diagnostic]]:
    """Decode then ingest; the chapter, or ``None`` and why the file could not be read."""
    text, diags = decode(data, path)
    if text is None:
        return None, diags
    return ingest(text, path, reject), []


def _slug_of(path: str) -> str:
    """A chapter's slug from its file name, or its folder's for a generic name."""
    p = PurePath(path)
    generic = p.stem.lower() in {"source", "chapter", "text", "index", "main"}
    return slugify(p.parent.name if generic and p.parent.name else p.stem)
