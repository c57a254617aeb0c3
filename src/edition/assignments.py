"""Reading assignments: editor-written YAML in ``corpus/assignments/``.

Each file is one assignment; its name (URL-safe) names its page,
``assignment-<name>.html``::

    title: Mao, Stalin and the Korean War
    chapter: chen-mao                 # the chapter its passages come from
    instructions: Read the passages, then …
    passages: [p1-p3, p8-p11]         # optional: else those of the questions
    questions:
      - text: Does Chen underestimate the role of American actions …?
        passages: [p1-p3, p12]

A passage is a paragraph or a range: ``p12``, ``p12-p14``, ``p12-14``, ``h2``
(the headnote), or ``other-chapter#p3`` from another chapter. A range that
runs backwards or past the chapter's end is ``bad-range``; a chapter the
corpus lacks is ``unknown-chapter``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from edition.corpus import SLUG, parse_yaml
from edition.diagnostics import Diagnostic, diagnostic
from edition.frozen import fast_pickle_module
from edition.model import Chapter, Span

_RANGE = re.compile(
    r"^(?:(?P<chapter>[a-z0-9]+(?:-[a-z0-9]+)*)#)?(?P<a>[ph]?)(?P<n1>\d+)(?:\s*[-–]\s*(?P<b>[ph]?)(?P<n2>\d+))?$"
)
FIELDS = ("title", "chapter", "instructions", "passages", "questions")


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph or a run of paragraphs of one chapter."""

    chapter: str
    """The chapter's slug."""
    prefix: str
    """``p`` for the author's text, ``h`` for the editors' headnote."""
    first: int
    """The first paragraph's number."""
    last: int
    """The last paragraph's number (``first`` for one paragraph)."""

    @property
    def anchor(self) -> str:
        """The fragment that links to it: ``p12`` or ``p12-p14``."""
        start = f"{self.prefix}{self.first}"
        return start if self.last == self.first else f"{start}-{self.prefix}{self.last}"

    @property
    def href(self) -> str:
        """The link into its chapter page: ``chen-mao.html#p12``, or for a range
        ``?range=p12-p14#p12``, which lands on the first paragraph even without
        JavaScript (the page marks the whole range when it can)."""
        start = f"{self.prefix}{self.first}"
        page = f"{self.chapter}.html"
        if self.last == self.first or self.prefix != "p":
            return f"{page}#{start}"
        return f"{page}?range={self.anchor}#{start}"

    @property
    def label(self) -> str:
        """How readers cite it: ``¶ 12`` or ``¶¶ 12–14`` (introduction: ``Introduction ¶ 2``)."""
        numbers = str(self.first) if self.last == self.first else f"{self.first}–{self.last}"
        mark = "¶" if self.last == self.first else "¶¶"
        return f"{'Introduction ' if self.prefix == 'h' else ''}{mark} {numbers}"


@dataclass(frozen=True, slots=True)
class Question:
    """A discussion question and the passages it is about."""

    text: str
    """The question, inline Markdown."""
    passages: tuple[Passage, ...]
    """The passages it asks about."""


@dataclass(frozen=True, slots=True)
class Assignment:
    """A reading assignment."""

    slug: str
    """URL-safe name (the file's name)."""
    title: str
    """Its title."""
    chapter: str
    """The chapter it is about."""
    instructions: str
    """What to do, inline Markdown."""
    passages: tuple[Passage, ...]
    """The passages to read, in order."""
    questions: tuple[Question, ...]
    """The discussion questions."""
    span: Span
    """Its file."""


def parse_passage(text: str, chapter: str) -> Passage | None:
    """A passage from ``p12``, ``p12-p14``, ``p12-14``, ``h2`` or ``slug#p3``; ``None`` if unreadable."""
    m = _RANGE.match(str(text).strip())
    if not m:
        return None
    prefix = m.group("a") or "p"
    if m.group("b") and m.group("b") != prefix:
        return None
    first = int(m.group("n1"))
    last = int(m.group("n2") or first)
    return Passage(m.group("chapter") or chapter, prefix, first, last)


def union(passages: list[Passage]) -> tuple[Passage, ...]:
    """The paragraphs of several passages as the fewest runs, in reading order."""
    numbers: dict[tuple[str, str], set[int]] = {}
    for p in passages:
        numbers.setdefault((p.chapter, p.prefix), set()).update(range(p.first, p.last + 1))
    runs: list[Passage] = []
    for (chapter, prefix), found in sorted(
        numbers.items(), key=lambda kv: (kv[0][0], kv[0][1] != "h")
    ):
        ordered = sorted(found)
        start = prev = ordered[0]
        for n in [*ordered[1:], None]:
            if n is not None and n == prev + 1:
                prev = n
                continue
            runs.append(Passage(chapter, prefix, start, prev))
            if n is not None:
                start = prev = n
    return tuple(runs)


def check_passage(p: Passage, chapters: Mapping[str, Chapter]) -> str:
    """What is wrong with a passage ("" when nothing is)."""
    chapter = chapters.get(p.chapter)
    if chapter is None:
        return f"no chapter {p.chapter!r}"
    count = len(chapter.headnote if p.prefix == "h" else chapter.paragraphs)
    if p.first < 1 or p.last > count:
        part = "the editors' introduction" if p.prefix == "h" else "the text"
        return f"{p.anchor} is not in {part} of {p.chapter}, which has paragraphs 1–{count}"
    if p.last < p.first:
        return f"{p.anchor} runs backwards"
    return ""


def parse_assignment(
    text: str, path: str, slug: str, chapters: Mapping[str, Chapter]
) -> tuple[Assignment | None, list[Diagnostic]]:
    """An assignment from its YAML, checked against the chapters."""
    data, lines, diags = parse_yaml(text, path)
    if data is None:
        return None, diags
    if not SLUG.match(slug):
        diags.append(
            diagnostic("bad-slug", path, 0, f"assignment file name {slug!r} is not URL-safe")
        )
    for key in data:
        if key not in FIELDS:
            diags.append(
                diagnostic(
                    "metadata-unknown-key",
                    path,
                    lines.get(str(key), 1),
                    f"unknown key {key!r} is ignored",
                    "an assignment has " + ", ".join(FIELDS),
                )
            )
    chapter = str(data.get("chapter", ""))
    if chapter not in chapters:
        diags.append(
            diagnostic(
                "unknown-chapter",
                path,
                lines.get("chapter", 1),
                f"the assignment is about chapter {chapter!r}, which the corpus does not have",
                "known chapters: " + ", ".join(sorted(chapters)),
            )
        )
        return None, diags

    def passages(value: Any, where: str) -> tuple[Passage, ...]:
        items = value if isinstance(value, list) else [value] if value else []
        found: list[Passage] = []
        for i, item in enumerate(items):
            line = lines.get(f"{where}[{i}]", lines.get(where, lines.get(where.split("[")[0], 1)))
            p = parse_passage(str(item), chapter)
            problem = "is not a paragraph or range (write p12 or p12-p14)" if p is None else ""
            if p is not None:
                problem = check_passage(p, chapters)
            if problem:
                diags.append(
                    diagnostic(
                        "bad-range",
                        path,
                        line,
                        f"passage {item!r}: {problem}",
                        "write a paragraph as p12, a range as p12-p14 (first before last)",
                    )
                )
            elif p is not None:
                found.append(p)
        return tuple(found)

    questions: list[Question] = []
    raw_questions = data.get("questions") or []
    if not isinstance(raw_questions, list):
        diags.append(
            diagnostic(
                "metadata-type", path, lines.get("questions", 1), "'questions' must be a list"
            )
        )
        raw_questions = []
    for i, q in enumerate(raw_questions):
        if isinstance(q, str):
            questions.append(Question(q, ()))
        elif isinstance(q, dict) and isinstance(q.get("text"), str):
            questions.append(
                Question(q["text"], passages(q.get("passages"), f"questions[{i}].passages"))
            )
        else:
            diags.append(
                diagnostic(
                    "metadata-type",
                    path,
                    lines.get(f"questions[{i}]", 1),
                    "a question is its text, or {text, passages}",
                )
            )
    listed = passages(data.get("passages"), "passages")
    if not listed:  # the paragraphs the questions ask about, as runs, in order
        listed = union([p for q in questions for p in q.passages])
    assignment = Assignment(
        slug=slug,
        title=str(data.get("title") or slug),
        chapter=chapter,
        instructions=str(data.get("instructions") or ""),
        passages=listed,
        questions=tuple(questions),
        span=Span(path, 1, 1),
    )
    return assignment, diags


fast_pickle_module(globals())
