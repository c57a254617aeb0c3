"""The Notes list, in whatever shape the converter left it.

Notes come as Markdown bullets with a number (``- 12 Text``), ordered-list
items (``12. Text``), numbered lines (``12 Text``), footnote definitions
(``[^12]: Text``), or lines led by a superscript (``<sup>12</sup> Text``,
``¹² Text``). They may be gathered under a Notes heading or left at the foot of
each page between rules.

Repairs, each reported:

- a line indented under a note, or a line that does not start a note, is the
  note wrapped onto another line (``note-joined``);
- a block after a blank line that does not start a note continues the note
  before it across a page break (``note-joined``);
- a bullet without a number, or an unnumbered block that starts a sentence
  after a finished note, is a note that lost its number when the sequence has
  a gap for it (``note-number-recovered``); without a gap it is a continuation.

Numbers that cannot start a note are never taken for one: a plain number at
the start of a line is a note only when it continues the sequence (so ``1950,``
or ``45 percent`` in a wrapped note stay text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from edition.diagnostics import Diagnostic, diagnostic
from edition.ingest.blocks import Block, Line
from edition.ingest.markers import SUPERSCRIPT_DIGITS, clean_html
from edition.model import Note, Span

_SUPER_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
_ANCHOR = r"(?:<a\s[^>]*>\s*</a>\s*|\[\]\{#[^}]*\}\s*)?"  # <a id="fn3"></a>, []{#fn3}

# (convention, pattern, strong). A strong start is a note whatever its number;
# a weak one only when its number continues the sequence.
_STARTS: list[tuple[str, re.Pattern[str], bool]] = [
    ("definition", re.compile(r"^\[\^(\d+)\]:\s*(.*)$"), True),
    (
        "bullet",
        re.compile(
            rf"^[-*+•]\s+{_ANCHOR}(?:<sup>\s*(\d+)\s*</sup>|\[(\d+)\]|\\\[(\d+)\\\]|(\d+)(?![\d,:–-]))[.)]?\s*(.*)$"
        ),
        True,
    ),
    ("sup", re.compile(rf"^{_ANCHOR}<sup>\s*(\d+)\s*</sup>\.?\s*(.*)$"), True),
    ("unicode", re.compile(rf"^{_ANCHOR}([{SUPERSCRIPT_DIGITS}]+)\s*(.*)$"), True),
    ("bracket", re.compile(rf"^{_ANCHOR}\\?\[(\d+)\\?\]\s+(.*)$"), True),
    ("link", re.compile(r"^\[\\?\[?(\d+)\\?\]?\]\(#[^)]*\)\.?\s*(.*)$"), True),
    ("ordered", re.compile(rf"^(\d+)[.)](?:\s+{_ANCHOR}|$)(.*)$"), False),
    ("number", re.compile(r"^(\d+)\s+(?![–-])(.*)$"), False),
]
_UNNUMBERED_BULLET = re.compile(r"^[-*+•]\s+(.*)$")
_BACKLINK = re.compile(r"\s*(?:\[(?:↩︎?|\^|back)\]\(#[^)]*\)|↩︎?)")
_TERMINAL = re.compile(r"[.!?…][\"”’')\]*_]*$")
_MAX_GAP = 5  # how many notes a weakly marked number may skip
_MAX_JUMP = 50  # how far a clearly marked number may run ahead of the sequence


@dataclass(frozen=True, slots=True)
class Start:
    """A line that starts a note."""

    n: int | None
    """Its number, ``None`` when the number was lost."""
    text: str
    """The note's first text, without the number."""
    convention: str
    """Which form it took (``bullet``, ``number``…; ``unnumbered`` when lost)."""
    soft: bool = False
    """An unnumbered block that is a note only if the sequence has a gap for it."""


@dataclass(slots=True)
class _Item:
    """A note while it is being assembled."""

    start: Start
    lines: list[Line]
    texts: list[str]
    joins: list[tuple[int, str]] = field(default_factory=list)


def match_start(
    text: str,
    previous: int | None,
    at_block_start: bool,
    style: str = "",
    previous_finished: bool = True,
) -> Start | None:
    """The note that ``text`` starts, if it starts one given the notes before it.

    ``style`` is the form the list's first note took: a line in that same form
    starts a note whatever its number (so a duplicate is caught); a plain number
    in another form starts one only when it continues the sequence after a
    finished note (so ``2 vols. (Beijing …)`` wrapped from ``… gongzuo*,`` stays
    text).
    """
    stripped = text.strip()
    for convention, pattern, strong in _STARTS:
        m = pattern.match(stripped)
        if not m:
            continue
        groups = [g for g in m.groups()[:-1] if g is not None]
        n = int(groups[0].translate(_SUPER_TO_ASCII))
        body = m.groups()[-1] or ""
        if strong or convention == style:
            ok = _plausible(n, previous)
        else:
            ok = previous_finished and _continues(n, previous, at_block_start)
        return Start(n, body, convention) if ok else None
    m = _UNNUMBERED_BULLET.match(stripped)
    if m:
        return Start(None, m.group(1), "unnumbered")
    return None


def _plausible(n: int, previous: int | None) -> bool:
    """Whether a clearly marked number can be a note (a year after a bullet cannot)."""
    return n <= (previous or 0) + _MAX_JUMP


def _continues(n: int, previous: int | None, at_block_start: bool) -> bool:
    """Whether a weakly marked number can be the next note."""
    if previous is None:
        return n <= _MAX_GAP
    if at_block_start:
        return previous < n <= previous + _MAX_GAP
    return n == previous + 1


def is_finished(text: str) -> bool:
    """Whether text ends like a sentence (so what follows may be a new note)."""
    return bool(_TERMINAL.search(text.rstrip()))


def starts_note_block(block: Block) -> bool:
    """Whether a block opens with a numbered note (used to find page-foot notes)."""
    if block.kind != "text":
        return False
    start = match_start(block.lines[0].text, None, at_block_start=True)
    return start is not None and start.n is not None


def parse_notes(
    blocks: Sequence[Block],
    path: str,
    previous: int | None = None,
    refused: frozenset[int] = frozenset(),
) -> tuple[list[Note], list[Diagnostic], list[Line]]:
    """Notes from the blocks of a notes section or page-foot zone.

    ``previous`` is the number of the note before these blocks (page-foot notes
    continue the sequence of the page before); ``refused`` holds the lines
    where the editors rejected recovering a lost note number. Returns the notes, the
    diagnostics of their repairs, and the lines before the first note that are
    not notes at all (e.g. an introductory sentence).
    """
    items: list[_Item] = []
    stray: list[Line] = []
    style = ""
    for block in blocks:
        if block.kind != "text":
            continue
        skip = 0
        for i, line in enumerate(block.lines):
            if i < skip:
                continue
            indented = line.text.startswith(("  ", "\t"))
            if indented and i == 0 and items:
                # an indented block under a note: a further paragraph of it, up to a
                # line that opens the next note (``[^3]:`` with no blank line before)
                skip = 1
                while skip < len(block.lines) and (
                    block.lines[skip].text.startswith(("  ", "\t"))
                    or match_start(block.lines[skip].text, previous, False, style, True) is None
                ):
                    skip += 1
                items[-1].lines.extend(block.lines[:skip])
                items[-1].texts.append("\n\n" + join_text([x.text for x in block.lines[:skip]]))
                continue
            finished = not items or is_finished(items[-1].texts[-1])
            start = (
                None
                if indented and i > 0
                else match_start(line.text, previous, i == 0, style, finished)
            )
            if start is None and i == 0 and items and _starts_sentence_after(items[-1], line.text):
                start = Start(None, line.text.strip(), "unnumbered", soft=True)
            if start is not None:
                items.append(_Item(start, [line], [start.text]))
                if start.n is not None:
                    previous = start.n
                    style = style or start.convention
                continue
            if not items:
                stray.append(line)
                continue
            reason = "wrapped onto" if i > 0 else "continued after a page break on"
            items[-1].lines.append(line)
            items[-1].texts.append(line.text.strip())
            items[-1].joins.append((line.no, reason))
    items, kept_unnumbered = _resolve_unnumbered(items, refused)
    notes: list[Note] = []
    diagnostics: list[Diagnostic] = [
        diagnostic(
            "repair-rejected",
            path,
            line_no,
            "note-number-recovered rejected by the editors: this text continues the note before",
        )
        for line_no in kept_unnumbered
    ]
    for item in items:
        note, diags = _finish(item, path)
        notes.append(note)
        diagnostics.extend(diags)
    return notes, diagnostics, stray


def _starts_sentence_after(item: _Item, text: str) -> bool:
    """An unnumbered block that may be a note that lost its number."""
    first = text.strip().lstrip("*_\"“‘'(")
    return bool(first) and first[0].isupper() and is_finished(item.texts[-1])


def _resolve_unnumbered(
    items: list[_Item], refused: frozenset[int]
) -> tuple[list[_Item], list[int]]:
    """Give lost numbers from the sequence, or fold unnumbered items into the note before.

    Also returns the lines where a number would have been recovered but the
    editors refused it.
    """
    resolved: list[_Item] = []
    kept: list[int] = []
    i = 0
    while i < len(items):
        if items[i].start.n is not None:
            resolved.append(items[i])
            i += 1
            continue
        j = i
        while j < len(items) and items[j].start.n is None:
            j += 1
        run = items[i:j]
        before = next((it.start.n for it in reversed(resolved) if it.start.n is not None), 0)
        after = items[j].start.n if j < len(items) else None
        room = len(run) if after is None else max(0, after - before - 1)
        for k, item in enumerate(run):
            recoverable = k < room and not (item.start.soft and after is None)
            if recoverable and item.lines[0].no in refused:
                kept.append(item.lines[0].no)
                recoverable = False
            if recoverable:
                n = before + 1 + k
                item.start = Start(n, item.start.text, "recovered")
                resolved.append(item)
            elif resolved:
                host = resolved[-1]
                host.lines.extend(item.lines)
                first = item.lines[0]
                line_text = first.text.strip() if item.start.soft else item.start.text
                host.texts.extend([line_text, *item.texts[1:]])
                host.joins.append((first.no, "continued after a page break on"))
                host.joins.extend(item.joins)
            else:
                item.start = Start(before + 1 + k, item.start.text, "recovered")
                resolved.append(item)
        i = j
    return resolved, kept


def _finish(item: _Item, path: str) -> tuple[Note, list[Diagnostic]]:
    """The note an item makes, with the diagnostics of how it was assembled."""
    assert item.start.n is not None
    n = item.start.n
    text = join_text(item.texts)
    text = _BACKLINK.sub("", text).strip()
    text, removed = clean_html(text)
    span = Span(path, item.lines[0].no, item.lines[-1].no)
    diags: list[Diagnostic] = []
    if item.start.convention == "recovered":
        diags.append(
            diagnostic(
                "note-number-recovered",
                path,
                span.line,
                f"this note has no number; it is note {n}, the one missing from the sequence",
                f"check that it is note {n}, then restore its number in the source or accept the repair",
            )
        )
    for line_no, how in item.joins:
        diags.append(
            diagnostic(
                "note-joined",
                path,
                line_no,
                f"note {n} (line {span.line}) {how} line {line_no}; rejoined",
            )
        )
    for tag in removed:
        diags.append(diagnostic("raw-html", path, span.line, f"HTML {tag!r} removed from note {n}"))
    if not text:
        diags.append(diagnostic("empty-note", path, span.line, f"note {n} has no text"))
    return Note(n, text, (), span), diags


def join_text(parts: Sequence[str]) -> str:
    """Pieces of one text rejoined: a space between, none after a word-final hyphen."""
    out = ""
    for part in parts:
        if part.startswith("\n\n") and out:
            out += "\n\n" + part.strip()
            continue
        part = part.strip()
        if not part:
            continue
        if not out:
            out = part
        elif re.search(r"\w-$", out) and not out.endswith("--"):
            out += part
        else:
            out += " " + part
    return out
