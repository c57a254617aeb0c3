"""Text to blocks: the Markdown block structure a converter produces.

A *block* is a run of non-blank lines. Headings and thematic breaks (rules)
are always blocks of their own, even when the converter left no blank line
around them. Nothing is interpreted here beyond that: which blocks are notes,
which are paragraphs and which continue one another is decided later, by the
section and repair rules, which need the whole sequence to decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_1 = re.compile(r"^ {0,3}=+[ \t]*$")
# ***, ---, ___ and their spaced or escaped forms (\* \* \*), plus the
# typographic section breaks a converter may keep (⁂, * * *, ● ● ●).
_RULE = re.compile(
    r"^ {0,3}(?:(?:\\?\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|⁂|(?:[•·●◆❖✱][ \t]*){1,5})$"
)

SECTION_NAMES = {
    "notes": re.compile(
        r"^(?:chapter\s+)?(?:end\s*|foot\s*)?notes?(?:\s+and\s+references)?(?:\s+to\s+.*)?$",
        re.IGNORECASE,
    ),
    "abbreviations": re.compile(
        r"^(?:list\s+of\s+)?(?:abbreviations|sigla)(?:\s+and\s+sigla)?(?:\s+used(?:\s+in\s+(?:the\s+)?notes)?)?$",
        re.IGNORECASE,
    ),
    "bibliography": re.compile(
        r"^(?:select(?:ed)?\s+|chapter\s+)?(?:bibliography|references|works\s+cited"
        r"|sources(?:\s+cited)?|literature(?:\s+cited)?|further\s+reading)$",
        re.IGNORECASE,
    ),
    "headnote": re.compile(
        r"^(?:head\s*note|editors?['’]?\s+(?:introduction|note|headnote))$", re.IGNORECASE
    ),
}
"""Heading texts that open a section of the apparatus, whatever their level."""


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the source."""

    no: int
    """1-based line number."""
    text: str
    """The line, without its line ending."""


@dataclass(frozen=True, slots=True)
class Block:
    """A heading, a rule, or a run of non-blank lines."""

    kind: str
    """``heading``, ``rule`` or ``text``."""
    lines: tuple[Line, ...]
    """The source lines it is made of."""
    level: int = 0
    """Heading level, 1-6 (0 for other blocks)."""
    title: str = ""
    """Heading text, stripped of ``#`` and emphasis markers around the whole."""

    @property
    def first(self) -> int:
        """The first line number."""
        return self.lines[0].no

    @property
    def last(self) -> int:
        """The last line number."""
        return self.lines[-1].no


_PAGE_NUMBER = re.compile(r"^\s*[-–—]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—]?\s*$")
# The name of a section of an essay, alone on its line in capitals or in bold
_SECTION_WORD = re.compile(
    r"^\s*(?:\*\*|__)?(?:INTRODUCTION|CONCLUSIONS?|EPILOGUE|PROLOGUE|PREFACE|FOREWORD|AFTERWORD"
    r"|ABSTRACT|SUMMARY|ACKNOWLEDG(?:E)?MENTS"
    r"|(?<=\*\*)(?:Introduction|Conclusions?|Epilogue|Prologue|Preface|Foreword|Afterword"
    r"|Abstract|Summary|Acknowledg(?:e)?ments)(?=\*\*)"
    r"|(?<=__)(?:Introduction|Conclusions?|Epilogue|Prologue|Preface|Foreword|Afterword"
    r"|Abstract|Summary|Acknowledg(?:e)?ments)(?=__))[.:]?(?:\*\*|__)?\s*$"
)
# A section's number alone on its line, in roman capitals up to 39: "II", "IV." (a
# page's number in roman is in lower case, front matter's; "C" or "L" alone is more
# likely a letter than a section)
_SECTION_NUMBER = re.compile(r"^\s*[*_]*(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})\.?[*_]*\s*$")


def is_page_number(block: Block) -> bool:
    """A block holding only a page number (``123``, ``– 12 –``, ``xiv``)."""
    return (
        block.kind == "text"
        and len(block.lines) == 1
        and bool(_PAGE_NUMBER.match(block.lines[0].text))
    )


# A page's folio: arabic, or the lower-case roman numerals of front matter.
_FOLIO = r"(?:\d{1,4}|[ivxlcdm]{1,7})"
_RUNNING_HEAD = re.compile(
    rf"^\s*(?:{_FOLIO}\s*(?:\|\s*)?\s(?P<after>.*\S)|(?P<before>.*?\S)\s*(?:\|\s*)?\s{_FOLIO})\s*$"
)


_FOLIO_ENDS = frozenset("0123456789ivxlcdm")


def running_head(block: Block) -> str | None:
    """The words of a line that could be a page's running head with its folio
    (``THE MARSHALL PLAN 47``, ``48 | Michael J. Hogan``): one line, a page number
    first or last, and a few words without closing punctuation. Whether it is one is
    decided by the words (see the section rules)."""
    if block.kind != "text" or len(block.lines) != 1:
        return None
    line = block.lines[0].text.strip()
    if len(line) > 120 or not (line[:1] in _FOLIO_ENDS or line[-1:] in _FOLIO_ENDS):
        return None  # a paragraph, not a head: too long, or no page number at an end
    found = _RUNNING_HEAD.match(block.lines[0].text)
    if found is None:
        return None
    words = (found.group("after") or found.group("before")).strip("*_ ")
    if not any(c.isalpha() for c in words) or len(words.split()) > 12:
        return None
    if words[-1] in ".!?;:,)]\"”’'" or words[0] in "([-–—•*+>":
        return None
    return words


def head_key(text: str) -> str:
    """Text compared as running heads are: letters and digits in one case, one space
    between words (``Sino-American`` = ``SINO AMERICAN``)."""
    return " ".join(re.sub(r"[\W_]+", " ", plain_title(text)).casefold().split())


def plain(text: str) -> str:
    """Text stripped of the emphasis and escapes around it (``**Notes**`` → ``Notes``)."""
    return plain_title(text).replace("\\", "").rstrip(":.").strip()


def section_of(title: str) -> str | None:
    """The apparatus section a heading opens (``notes``, ``abbreviations``…), if any."""
    name = plain(title)
    for section, pattern in SECTION_NAMES.items():
        if pattern.match(name):
            return section
    return None


def is_rule(text: str) -> bool:
    """Whether a line is a thematic break (``***``, ``* * *``, ``---``, ``⁂``…)."""
    return bool(_RULE.match(text))


def scan(text: str) -> list[Block]:
    """Split LF-normalised text into blocks, keeping every line number."""
    blocks: list[Block] = []
    run: list[Line] = []

    def flush() -> None:
        if run:
            blocks.append(_text_or_pseudo_heading(tuple(run)))
            run.clear()

    for no, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        atx = _ATX.match(line)
        if atx:
            flush()
            title = (atx.group(2) or "").strip()
            blocks.append(Block("heading", (Line(no, raw),), len(atx.group(1)), plain_title(title)))
            continue
        if _SETEXT_1.match(line) and len(run) == 1:
            # "Title\n=====": the run so far is a level-1 heading
            title_line = run.pop()
            flush()
            blocks.append(
                Block(
                    "heading",
                    (title_line, Line(no, raw)),
                    1,
                    plain_title(title_line.text),
                )
            )
            continue
        if is_rule(line):
            flush()
            blocks.append(Block("rule", (Line(no, raw),)))
            continue
        run.append(Line(no, raw))
    flush()
    return blocks


def plain_title(text: str) -> str:
    """A heading's text without emphasis wrapped around all of it."""
    text = text.strip()
    while len(text) > 2 and text[0] == text[-1] and text[0] in "*_":
        text = text[1:-1].strip()
    return text


def _text_or_pseudo_heading(lines: tuple[Line, ...]) -> Block:
    """A one-line block naming an apparatus section (``**NOTES**``), a section of the
    essay in capitals or bold (``INTRODUCTION``, ``**Conclusion**``), or a section's
    number alone in roman capitals (``II``), is a heading."""
    if len(lines) == 1 and section_of(lines[0].text) and len(lines[0].text) < 60:
        return Block("heading", lines, 6, plain_title(lines[0].text))
    if len(lines) == 1 and _SECTION_WORD.match(lines[0].text):
        # "INTRODUCTION", "**Conclusion**": a section's heading set as a line of text
        return Block("heading", lines, 2, plain_title(lines[0].text).rstrip(".:"))
    if len(lines) == 1 and _SECTION_NUMBER.match(lines[0].text):
        # a numbered section's heading, the number alone: "II"
        return Block("heading", lines, 2, plain_title(lines[0].text).rstrip("."))
    return Block("text", lines)
