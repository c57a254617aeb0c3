"""Paragraphs of the text: markers normalised, page breaks rejoined.

A converter ends a paragraph wherever the printed page ended. Two chunks of
text are one paragraph when the first ends without closing punctuation, or
the second begins in lower case (after any opening quotation mark or
bracket); the join is reported as ``paragraph-joined`` with both lines. A
heading, a rule or a change of kind (prose to quotation) between two chunks
means they are never joined; page-foot notes and page numbers between them
are transparent, being exactly what a page break leaves behind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from edition.diagnostics import Diagnostic, diagnostic
from edition.ingest.blocks import Block
from edition.ingest.markers import MarkerState, mark_line, strip_markers
from edition.ingest.notes import join_text
from edition.model import Marker, Paragraph, Span

_CLOSED = re.compile(r"[.!?:…][\"”’')\]*_]*$")
_OPENERS = "\"“‘'([*_…—– "
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+•]|\d{1,3}[.)])\s+")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
# the rule under a table's header row: |---|:---:|
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
BLOCKS = ("list", "table")
"""Kinds kept line by line, rendered as Markdown blocks, never joined across a break."""


@dataclass(frozen=True, slots=True)
class Chunk:
    """A block of text as the converter left it, markers normalised."""

    kind: str
    """``text``, ``quote`` or ``list``."""
    text: str
    """Inline Markdown, markers written ``[^N]``."""
    markers: tuple[Marker, ...]
    """Its markers."""
    first: int
    """First source line."""
    last: int
    """Last source line."""
    joinable: bool
    """False when a heading or rule stands between it and the chunk before."""
    caption: str = ""
    """For a table, its caption (the line above it that names it ``Table 1``)."""


def kind_of(block: Block) -> str:
    """Whether a block of the text is prose, a block quotation, a list or a table."""
    if all(_QUOTE.match(line.text) for line in block.lines):
        return "quote"
    if _LIST_ITEM.match(block.lines[0].text):
        return "list"
    if (
        len(block.lines) > 1
        and all("|" in line.text for line in block.lines)
        and any(_TABLE_RULE.match(line.text) for line in block.lines[1:2])
    ):
        return "table"
    return "text"


def make_chunk(
    block: Block, joinable: bool, state: MarkerState, path: str
) -> tuple[Chunk, list[Diagnostic]]:
    """A chunk of text from a block, its markers recognised in reading order."""
    kind = kind_of(block)
    texts: list[str] = []
    markers: list[Marker] = []
    diags: list[Diagnostic] = []
    for line in block.lines:
        raw = _QUOTE.sub("", line.text) if kind == "quote" else line.text
        marked = mark_line(raw, line.no, state)
        texts.append(marked.text)
        markers.extend(marked.markers)
        for n, how in marked.recovered:
            diags.append(
                diagnostic(
                    "marker-recovered",
                    path,
                    line.no,
                    f"bare digits '{n}' {how} read as the marker of note {n}",
                    f"it is the next note expected; if '{n}' is part of the text, mark it up in the source",
                )
            )
        for n in marked.refused:
            diags.append(
                diagnostic(
                    "repair-rejected",
                    path,
                    line.no,
                    f"marker-recovered rejected by the editors: '{n}' kept as text",
                )
            )
        for tag in marked.removed_html:
            diags.append(
                diagnostic("raw-html", path, line.no, f"HTML {tag!r} removed; its text is kept")
            )
    text = "\n".join(t.strip() for t in texts) if kind in BLOCKS else join_text(texts)
    chunk = Chunk(kind, text, tuple(markers), block.first, block.last, joinable)
    return chunk, diags


def _open_end(text: str) -> bool:
    """Whether text stops mid-sentence (no closing punctuation at its end)."""
    return not _CLOSED.search(strip_markers(text).rstrip())


def _lower_start(text: str) -> bool:
    """Whether text begins in lower case, after any opening quotes or brackets."""
    body = text.lstrip(_OPENERS)
    return bool(body) and body[0].islower()


def join_chunks(
    chunks: Sequence[Chunk], path: str, refused: frozenset[int] = frozenset()
) -> tuple[list[Chunk], list[int], list[Diagnostic]]:
    """Chunks split by page breaks rejoined into paragraphs.

    ``refused`` holds the lines after which the editors rejected a join.
    Returns the paragraphs, for each chunk the index of the paragraph it went
    into, and a ``paragraph-joined`` diagnostic per join.
    """
    out: list[Chunk] = []
    index: list[int] = []
    diags: list[Diagnostic] = []
    for chunk in chunks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and chunk.joinable
            and chunk.kind == prev.kind
            and chunk.kind not in BLOCKS
            and (_open_end(prev.text) or _lower_start(chunk.text))
            and prev.last in refused
        ):
            diags.append(
                diagnostic(
                    "repair-rejected",
                    path,
                    prev.last,
                    f"paragraph-joined rejected by the editors: line {chunk.first} begins a new paragraph",
                )
            )
            prev = None
        if (
            prev is not None
            and chunk.joinable
            and chunk.kind == prev.kind
            and chunk.kind not in BLOCKS
            and (_open_end(prev.text) or _lower_start(chunk.text))
        ):
            why = (
                f"line {prev.last} ends without closing punctuation"
                if _open_end(prev.text)
                else f"line {chunk.first} starts in lower case"
            )
            diags.append(
                diagnostic(
                    "paragraph-joined",
                    path,
                    prev.last,
                    f"paragraph continues on line {chunk.first} after a page break ({why}); rejoined",
                    "if these are two paragraphs, end the first with punctuation in the source",
                )
            )
            out[-1] = replace(
                prev,
                text=join_text([prev.text, chunk.text]),
                markers=prev.markers + chunk.markers,
                last=chunk.last,
            )
        else:
            out.append(chunk)
        index.append(len(out) - 1)
    return out, index, diags


_CAPTION = re.compile(r"^(?:Table|TABLE)\s+(?:\d+|[IVX]+)[.:]?\s+\S")


def attach_captions(chunks: list[Chunk], index: list[int]) -> tuple[list[Chunk], list[int]]:
    """Each table's caption (a one-line paragraph just above it that names it:
    ``Table 1. Aid by country, 1948–1951``) moved into the table, and the map of
    chunks to paragraphs (``index``, as :func:`join_chunks` gives it) kept right."""
    out: list[Chunk] = []
    dropped: list[int] = []  # positions (in ``chunks``) of the captions taken
    for k, chunk in enumerate(chunks):
        prev = out[-1] if out else None
        if (
            chunk.kind == "table"
            and prev is not None
            and prev.kind == "text"
            and prev.first == prev.last
            and _CAPTION.match(prev.text)
        ):
            out[-1] = replace(
                chunk,
                caption=prev.text,
                markers=prev.markers + chunk.markers,
                first=prev.first,
            )
            dropped.append(k - 1)
        else:
            out.append(chunk)
    if not dropped:
        return chunks, index
    return out, [i - sum(1 for d in dropped if d < i) for i in index]


def to_paragraphs(chunks: Sequence[Chunk], prefix: str, path: str) -> list[Paragraph]:
    """Numbered paragraphs (``p1``, ``p2``… or ``h1``… for the headnote)."""
    return [
        Paragraph(
            id=f"{prefix}{n}",
            n=n,
            text=c.text,
            markers=c.markers,
            span=Span(path, c.first, c.last),
            kind=c.kind,
            caption=c.caption,
        )
        for n, c in enumerate(chunks, start=1)
    ]
