"""Property-based tests: generated chapters, damaged like a converter damages them.

A generator writes a chapter the way a PDF-to-Markdown converter delivers one —
``# Title``, ``## Author``, paragraphs of prose with note markers in one of the
conventions converters use, an optional Abbreviations list, a Notes list in one
of the shapes converters produce — then breaks it where pages would end.
Ingest and link must undo every break, link every marker to its note, and
report each repair, and nothing else.

What the generator calls a *page break* is a split of a paragraph (or a note)
at a word boundary into two blocks separated by a blank line, such that a
reader can tell the text goes on: the first part does not end a sentence or
clause (``.``, ``!``, ``?``, ``…`` or ``:``, optionally followed by closing
quotes or brackets, optionally followed by a note marker), or the second part
begins in lower case (its first letter or digit, after opening quotes,
brackets and dashes). Each part holds at least two words, since a page carries
more than one word (a lone ``civil`` or ``1949`` would rightly be read as a
page number).

The exact text expected of a rejoined paragraph: the generated words joined by
single spaces, each marker written ``[^N]`` right after the word it follows.
Page breaks and line ends are transparent: a break rejoins with one space (the
generated words never end in a hyphen, so no de-hyphenation is in play). A
break may leave the page's furniture between the two parts — its number, its
running head, a picture the converter cut out, a comment, an empty page anchor
before the second part — which must be dropped, each reported as it is.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from edition.data import dump, load
from edition.diagnostics import CODES, Severity
from edition.ingest import ingest
from edition.link import link
from edition.model import Chapter

PATH = "corpus/generated/source.md"

# Derandomised and database-less, so every run tries the same examples. The
# explain phase is left out: it only annotates a failure, at twice its cost.
FAST = settings(
    max_examples=8,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- vocabulary ---------------------------------------------------------------

LOWER = [
    "the",
    "revolution",
    "policy",
    "party",
    "relations",
    "was",
    "and",
    "of",
    "in",
    "with",
    "toward",
    "leadership",
    "enemy",
    "confrontation",
    "alliance",
    "civil",
    "war",
    "victory",
    "people",
    "argued",
    "sought",
    "recognition",
    "mid-century",
    "anti-American",
    "мир",
    "中国",
]
CAPITALISED = [
    "Mao",
    "Stalin",
    "Beijing",
    "Washington",
    "Chinese",
    "Soviet",
    "Korea",
    "Zhou Enlai",
    "CCP",
    "GMD",
    "US",
    "毛泽东",
    "Мао",
    "Пекин",
    "Sino-American",
]
NUMBERS = ["1949", "1950", "1949–50", "50,000", "3.5", "38th", "1:539–40", "#2"]
PHRASES = ["“lost chance”", '"Central Kingdom"', "— and", "– that", "(GMD)", "*Jiefang ribao*"]
MIDDLE = LOWER * 3 + CAPITALISED + NUMBERS + PHRASES
SUFFIXES = ["", "", "", "", ",", ",", ";", ":"]
SENTENCE_ENDS = [".", ".", ".", "?", "!", '."', ".”", "…", ".)"]

TITLES = [
    "Mao and Sino-American Relations",
    "The “Lost Chance”: China, 1949–1950",
    "毛泽东 and Мао: Revolution #2",
    "Why Korea? A Reconsideration",
]
AUTHORS = ["Chen Jian", "Kathryn Weathersby", "Мао Цзэдун", "Odd Arne Westad", "Shen Zhihua"]

SIGLA = {
    "MZX": "Mao Zedong xuanji (Selected Works of Mao Zedong), 5 vols. (Beijing: Renmin, 1965)",
    "JMZW": "Jianguo yilai Mao Zedong wengao, 13 vols. (Beijing: Zhongyang wenxian, 1987–97)",
    "CWIHPB": "Cold War International History Project Bulletin",
}
CITED = ["Mao Zedong", "Zhou Enlai", "Chen Jian", "毛泽东", "Мао Цзэдун", "Shi Zhe"]
ARTICLES = [
    "“On the People's Democratic Dictatorship,”",
    "“The Current Situation and the Party's Tasks in 1949,”",
    '"Report to the Second Plenary Session,"',
    "“Мао и Сталин: 1949–1950,”",
]
BOOKS = ["*Red Star over China*", "*Zai lishi juren shenbian*", "*Brothers in Arms*"]
PLACES = ["(Beijing: Renmin, 1954),", "(New York: Random House, 1938),", "(Moscow: Nauka, 1996),"]
COMMENTS = [
    "For a recent symposium on the “lost chance” issue, see file #12 in the archive.",
    "I believe that “Central Kingdom” is a more accurate translation: see below.",
    "On this point—as on others—the sources disagree; cf. 毛泽东 and Мао.",
    "The figure of 50,000 is given in 1950; 3.5 million in 1953.",
]
LOCATORS = ["7–8", "118–19", "1:539–40", "4:1425–26", "72–94, esp. 75–77", "ch. 9"]

# --- marker and notes-list conventions ---------------------------------------

MARKER_CONVENTIONS = ["sup", "footnote", "link", "unicode", "mixed"]
NOTES_CONVENTIONS = ["bullet", "ordered", "number", "definition", "definition-unheaded"]

_TO_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def render_marker(n: int, convention: str) -> str:
    """A marker as the converter writes it."""
    return {
        "sup": f"<sup>{n}</sup>",
        "footnote": f"[^{n}]",
        "link": f"[{n}](#fn{n})",
        "unicode": str(n).translate(_TO_SUPERSCRIPT),
    }[convention]


def render_note_start(n: int, convention: str) -> str:
    """How a note's first line begins in the Notes list."""
    return {
        "bullet": f"- {n} ",
        "ordered": f"{n}. ",
        "number": f"{n} ",
        "definition": f"[^{n}]: ",
        "definition-unheaded": f"[^{n}]: ",
    }[convention]


# --- what a page break looks like ---------------------------------------------

_CLOSERS = "\"”’')]*_"


def ends_open(word: str) -> bool:
    """A part ending with this word does not end a sentence or clause."""
    stripped = word.rstrip(_CLOSERS)
    return not stripped or stripped[-1] not in ".!?:…"


def starts_lower(word: str) -> bool:
    """A part starting with this word starts in lower case (first letter or digit)."""
    first = next((c for c in word if c.isalnum()), "")
    return first.islower()


def valid_breaks(
    words: list[str], *, forbid_digit_start: bool = False, open_end_only: bool = False
) -> list[int]:
    """The gaps after which a page break is recognisable (index of the word before).

    ``forbid_digit_start``: the second part may not begin with a number (in an
    ``N text`` or ``N. text`` Notes list, a block opening ``8 January 1949``
    has the list's own form: it is note 8, as a reader would take it too).
    ``open_end_only``: the first part must be unfinished (footnote definitions
    without a Notes heading sit among the author's text, so a block in lower
    case after a *finished* definition may as well continue the paragraph
    before it).
    """
    gaps = []
    for g in range(1, len(words) - 2):  # at least two words on each side
        before, after = words[g], words[g + 1]
        if forbid_digit_start and after[:1].isdigit():
            continue
        if ends_open(before) or (starts_lower(after) and not open_end_only):
            gaps.append(g)
    return gaps


def pick_breaks(draw: st.DrawFn, gaps: list[int]) -> list[int]:
    """Up to two page breaks, leaving at least two words between them."""
    if not gaps:
        return []
    chosen = sorted(set(draw(st.lists(st.sampled_from(gaps), max_size=2))))
    kept: list[int] = []
    for g in chosen:
        if not kept or g - kept[-1] >= 2:
            kept.append(g)
    return kept


def parts(words: list[str], breaks: list[int]) -> list[list[int]]:
    """Word indices of each part between the page breaks."""
    bounds = [0, *(g + 1 for g in breaks), len(words)]
    return [list(range(a, b)) for a, b in pairwise(bounds)]


# --- the generated chapter ----------------------------------------------------


@dataclass(frozen=True)
class PlacedMarker:
    note: int
    convention: str
    line: int


@dataclass(frozen=True)
class ExpectedParagraph:
    text: str
    markers: tuple[PlacedMarker, ...]
    first_line: int
    last_line: int


@dataclass(frozen=True)
class ExpectedNote:
    n: int
    text: str
    paragraph: str
    first_line: int
    last_line: int


@dataclass
class Generated:
    """A generated chapter's source, and what ingest and link must make of it."""

    markers: str
    notes_list: str
    source: str
    title: str
    author: str
    paragraphs: list[ExpectedParagraph]
    notes: list[ExpectedNote]
    paragraph_breaks: int
    note_breaks: int
    sigla: dict[str, tuple[int, ...]] = field(default_factory=dict)
    furniture: Counter[str] = field(default_factory=Counter)
    """What the page breaks left between the parts of paragraphs, by the code that
    reports it (``page-number``, ``running-head``, ``image-dropped``)."""
    """Each siglum of the Abbreviations list, with the notes that use it."""

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        """Short in Hypothesis' report: the source itself is printed by ``note()``."""
        p.text(
            f"<chapter: {self.markers} markers, {self.notes_list} notes list, "
            f"{len(self.paragraphs)} paragraphs, {len(self.notes)} notes, "
            f"{self.paragraph_breaks} + {self.note_breaks} page breaks>"
        )


class Writer:
    """Source lines, with the line number of each block written."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def block(self, *lines: str) -> int:
        """Write a block (and a blank line after it); its first line's number."""
        first = len(self.lines) + 1
        self.lines.extend(lines)
        self.lines.append("")
        return first

    def line(self, text: str) -> int:
        """Write one line with no blank line after it."""
        self.lines.append(text)
        return len(self.lines)

    def text(self) -> str:
        return "\n".join(self.lines)


def make_sentence(rng: random.Random, middle: list[str]) -> str:
    """One sentence of prose."""
    first = rng.choice([*CAPITALISED, "“Lost", "The", "In 1950,"])
    body = [rng.choice(middle) + rng.choice(SUFFIXES) for _ in range(rng.randint(2, 10))]
    last = rng.choice([*LOWER, *CAPITALISED, "1950", "1949–50", "50,000"])
    return " ".join([first, *body, last + rng.choice(SENTENCE_ENDS)])


def make_citation(rng: random.Random, sigla: bool) -> str:
    """One citation, as a note gives it."""
    shapes = ["article", "book", "ibid", "comment"] + (["siglum"] if sigla else [])
    shape = rng.choice(shapes)
    who = rng.choice(CITED)
    where = rng.choice(LOCATORS)
    if shape == "article":
        return f"{who}, {rng.choice(ARTICLES)} 8 January 1949, {where}."
    if shape == "book":
        return f"{who}, {rng.choice(BOOKS)} {rng.choice(PLACES)} {where}."
    if shape == "ibid":
        return rng.choice([f"Ibid., {where}.", f"See ibid., {where}.", "Ibid."])
    if shape == "siglum":
        return f"{who}, {rng.choice(ARTICLES)} {rng.choice(sorted(SIGLA))}, {where}."
    return rng.choice(COMMENTS)


def pool(make: Callable[[random.Random], str], size: int) -> list[str]:
    """Distinct texts, shortest first (so that examples shrink to short texts)."""
    rng = random.Random(1949)
    return sorted({make(rng) for _ in range(size)}, key=lambda t: (len(t), t))


# Drawing whole sentences and citations from pools keeps generation fast (a
# chapter is a few dozen draws, not thousands) while the pools keep the variety.
SENTENCES = pool(lambda rng: make_sentence(rng, MIDDLE), 400)
CITATIONS = pool(lambda rng: make_citation(rng, sigla=False), 200)
CITATIONS_WITH_SIGLA = pool(lambda rng: make_citation(rng, sigla=True), 250)


PAGE_FURNITURE: list[tuple[str, str] | None] = [
    None,
    ("page-number", "{n}"),
    ("running-head", "{title} {n}"),
    ("running-head", "{n} | {title}"),
    ("image-dropped", "![](_page_{n}_Picture_1.jpeg)"),
    ("", "<!-- PageBreak -->"),
]
"""What a page break may leave between two parts of a paragraph: nothing, the page's
number, its running head (the title in capitals, with the number), a picture the
converter cut out, a comment; with the code that reports each (none for a comment)."""


@st.composite
def chapters(
    draw: st.DrawFn, markers: str | None = None, notes_list: str | None = None
) -> Generated:
    """A chapter in the given conventions (drawn when not given), with random page breaks."""
    markers = markers or draw(st.sampled_from(MARKER_CONVENTIONS))
    notes_list = notes_list or draw(st.sampled_from(NOTES_CONVENTIONS))
    title = draw(st.sampled_from(TITLES))
    author = draw(st.sampled_from(AUTHORS))
    # the prose, as words
    paragraph = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4)
    paragraphs_words = [
        " ".join(sentences).split(" ")
        for sentences in draw(st.lists(paragraph, min_size=1, max_size=15))
    ]
    # markers in reading order, each a random number of words after the last
    positions = [(p, i) for p, words in enumerate(paragraphs_words) for i in range(len(words))]
    marked = [draw(st.integers(0, min(15, len(positions) - 1)))]
    for _ in range(draw(st.integers(0, 24))):
        after = marked[-1] + 1 + draw(st.integers(0, 15))
        if after >= len(positions):
            break
        marked.append(after)
    k = len(marked)
    marker_at = {positions[i]: n for n, i in enumerate(marked, start=1)}
    conventions = {
        n: draw(st.sampled_from(["sup", "footnote", "link", "unicode"]))
        if markers == "mixed"
        else markers
        for n in marker_at.values()
    }

    # the notes, as words
    with_abbreviations = notes_list != "definition-unheaded" and draw(st.booleans())
    citations = st.sampled_from(CITATIONS_WITH_SIGLA if with_abbreviations else CITATIONS)
    notes_words = [
        " ".join(draw(st.lists(citations, min_size=1, max_size=3))).split(" ") for _ in range(k)
    ]

    out = Writer()
    out.block(f"# {title}")
    out.block(f"## {author}")

    expected_paragraphs: list[ExpectedParagraph] = []
    note_paragraph: dict[int, str] = {}
    paragraph_breaks = 0
    furniture: Counter[str] = Counter()
    folio = draw(st.integers(1, 400))
    for p, words in enumerate(paragraphs_words):
        breaks = pick_breaks(draw, valid_breaks(words))
        paragraph_breaks += len(breaks)
        placed: list[PlacedMarker] = []
        lines: list[int] = []
        for k, part in enumerate(parts(words, breaks)):
            if k:  # what a page break leaves between the parts, if anything
                folio += 1
                left = draw(st.sampled_from(PAGE_FURNITURE))
                if left:
                    code, line = left
                    out.block(line.format(n=folio, title=title.upper()))
                    if code:
                        furniture[code] += 1
                anchor = draw(st.sampled_from(["", f'<span id="page-{folio}-0"></span>']))
            else:
                anchor = ""
            rendered = [anchor] if anchor else []
            line_no = len(out.lines) + 1
            for i in part:
                n = marker_at.get((p, i))
                rendered.append(words[i] + (render_marker(n, conventions[n]) if n else ""))
                if n:
                    placed.append(PlacedMarker(n, conventions[n], line_no))
                    note_paragraph[n] = f"p{p + 1}"
            lines.append(
                out.block(" ".join(rendered) if not anchor else anchor + " ".join(rendered[1:]))
            )
        text = " ".join(
            w + (f"[^{marker_at[(p, i)]}]" if (p, i) in marker_at else "")
            for i, w in enumerate(words)
        )
        expected_paragraphs.append(ExpectedParagraph(text, tuple(placed), lines[0], lines[-1]))

    sigla: dict[str, tuple[int, ...]] = {}
    if with_abbreviations:
        out.block(draw(st.sampled_from(["### Abbreviations", "**Abbreviations**"])))
        out.block(*(f"- {abbr} {expansion}" for abbr, expansion in SIGLA.items()))
        sigla = {
            abbr: tuple(n for n, ws in enumerate(notes_words, start=1) if f"{abbr}," in ws)
            for abbr in SIGLA
        }

    if notes_list != "definition-unheaded":
        out.block(draw(st.sampled_from(["## Notes", "#### Notes", "**NOTES**", "### Endnotes"])))
    # footnote definitions are written apart; list items may be tight or loose
    loose = notes_list == "definition-unheaded" or draw(st.booleans())
    expected_notes: list[ExpectedNote] = []
    note_breaks = 0
    for n, words in enumerate(notes_words, start=1):
        gaps = valid_breaks(
            words,
            forbid_digit_start=notes_list in ("ordered", "number"),
            open_end_only=notes_list == "definition-unheaded",
        )
        breaks = pick_breaks(draw, gaps)
        note_breaks += len(breaks)
        pieces = [" ".join(words[i] for i in part) for part in parts(words, breaks)]
        written = [out.line(render_note_start(n, notes_list) + pieces[0])]
        for piece in pieces[1:]:
            out.line("")  # the page break
            written.append(out.line(piece))
        if loose:
            out.line("")
        expected_notes.append(
            ExpectedNote(n, " ".join(words), note_paragraph[n], written[0], written[-1])
        )

    return Generated(
        markers=markers,
        notes_list=notes_list,
        source=out.text() + "\n",
        title=title,
        author=author,
        paragraphs=expected_paragraphs,
        notes=expected_notes,
        paragraph_breaks=paragraph_breaks,
        note_breaks=note_breaks,
        sigla=sigla,
        furniture=furniture,
    )


def build(generated: Generated) -> Chapter:
    """Ingest and link, as ``edition ingest`` does."""
    note(generated.source)
    return link(ingest(generated.source, PATH))


def codes(chapter: Chapter) -> Counter[str]:
    return Counter(d.code for d in chapter.diagnostics)


# --- the properties of generated chapters -------------------------------------
#
# Each property is a check of a generated chapter against what ingest and link
# made of it. Each has its own test over chapters whose conventions Hypothesis
# draws (so a failure shrinks to the simplest chapter and pair of conventions
# that show it); one more test runs every check on a few chapters of every pair,
# so that each of the 25 pairs is certainly exercised.


def check_markers_find_their_notes(generated: Generated, chapter: Chapter) -> None:
    """Every marker links to its note; each note lists exactly the paragraph marking it."""
    assert not [d.format() for d in chapter.diagnostics if d.code == "marker-without-note"]
    assert [n.n for n in chapter.notes] == [n.n for n in generated.notes]
    for expected, got in zip(generated.notes, chapter.notes, strict=True):
        assert got.markers == (expected.paragraph,), f"note {got.n}"


def check_paragraphs_rejoined(generated: Generated, chapter: Chapter) -> None:
    """As many paragraphs as generated, with exactly the generated text; one join per break."""
    assert [p.text for p in chapter.paragraphs] == [p.text for p in generated.paragraphs]
    assert codes(chapter)["paragraph-joined"] == generated.paragraph_breaks


def check_notes_rejoined(generated: Generated, chapter: Chapter) -> None:
    """Every note, numbered as generated, with exactly its text; one join per break."""
    assert [(n.n, n.text) for n in chapter.notes] == [(n.n, n.text) for n in generated.notes]
    assert codes(chapter)["note-joined"] == generated.note_breaks


def check_source_positions(generated: Generated, chapter: Chapter) -> None:
    """Markers keep their convention and line; paragraphs and notes span their lines."""
    assert [
        (tuple((m.note, m.convention, m.line) for m in p.markers), p.span.line, p.span.end_line)
        for p in chapter.paragraphs
    ] == [
        (tuple((m.note, m.convention, m.line) for m in p.markers), p.first_line, p.last_line)
        for p in generated.paragraphs
    ]
    assert [(n.span.line, n.span.end_line) for n in chapter.notes] == [
        (n.first_line, n.last_line) for n in generated.notes
    ]


def check_only_repairs_reported(generated: Generated, chapter: Chapter) -> None:
    """No errors; the only diagnostics are the repairs made (and unused sigla)."""
    assert not [d.format() for d in chapter.diagnostics if d.severity >= Severity.ERROR]
    expected = Counter(
        {
            "paragraph-joined": generated.paragraph_breaks,
            "note-joined": generated.note_breaks,
            "unused-abbreviation": sum(not used for used in generated.sigla.values()),
            **generated.furniture,
        }
    )
    assert codes(chapter) == +expected, "\n".join(d.format() for d in chapter.diagnostics)
    assert chapter.meta.title == generated.title
    assert chapter.meta.authors == (generated.author,)
    assert {a.abbr: a.notes for a in chapter.abbreviations} == generated.sigla


def check_yaml_round_trip(generated: Generated, chapter: Chapter) -> None:
    """``load(dump(chapter)) == chapter``."""
    assert load(dump(chapter)) == chapter


CHECKS = [
    check_markers_find_their_notes,
    check_paragraphs_rejoined,
    check_notes_rejoined,
    check_source_positions,
    check_only_repairs_reported,
    check_yaml_round_trip,
]

PROPERTY = settings(FAST, max_examples=100)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__.removeprefix("check_"))
@PROPERTY
@given(generated=chapters())
def test_property(check: Callable[[Generated, Chapter], None], generated: Generated) -> None:
    check(generated, build(generated))


@pytest.mark.parametrize("notes_list", NOTES_CONVENTIONS)
@pytest.mark.parametrize("markers", MARKER_CONVENTIONS)
@settings(FAST, max_examples=4, phases=[Phase.generate])  # the tests above shrink failures
@given(data=st.data())
def test_every_pair_of_conventions(markers: str, notes_list: str, data: st.DataObject) -> None:
    generated = data.draw(chapters(markers, notes_list))
    chapter = build(generated)
    for check in CHECKS:
        check(generated, chapter)


# --- the data format ----------------------------------------------------------


@settings(FAST, max_examples=60)
@given(
    text=st.lists(
        st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"])
        | st.sampled_from(
            [":", ": ", " #", "#", "'", '"', "“", "”", "—", "–", "-", "\t", "\n\n", "毛泽东", "Мао"]
        ),
        max_size=30,
    ).map("".join)
)
def test_yaml_round_trip_of_any_text(text: str) -> None:
    """Text fields survive the data format exactly, whatever they hold."""
    source = "# Title\n\n## Author\n\nA paragraph.<sup>1</sup>\n\n## Notes\n\n- 1 A note.\n"
    chapter = link(ingest(source, PATH))
    chapter = replace(
        chapter,
        paragraphs=(replace(chapter.paragraphs[0], text=text),),
        notes=(replace(chapter.notes[0], text=text),),
        meta=replace(chapter.meta, title=text, authors=(text,)),
    )
    assert load(dump(chapter)) == chapter


# --- numbers in prose are not markers -----------------------------------------

GLUED_NUMBERS = [
    "in 1950.",
    "pp. 45–47.",
    "3.5",
    "1:539–40,",
    "(1949–50).",
    "50,000;",
    "4,5",
    "p.12",
    "No.3",
    "vol.2,",
    "in 1953.12",
    "12:30",
    "38th",
    "[1950]",
    '"1950."',
    "1950s,",
    "$60",
    "1,2",
]


NUMERIC_SENTENCES = pool(lambda rng: make_sentence(rng, [*LOWER, *GLUED_NUMBERS * 2]), 400)


@settings(FAST, max_examples=100)
@given(
    paragraphs=st.lists(
        st.lists(st.sampled_from(NUMERIC_SENTENCES), min_size=1, max_size=4).map(" ".join),
        min_size=1,
        max_size=6,
    )
)
def test_numbers_in_prose_are_not_markers(paragraphs: list[str]) -> None:
    """Years, page ranges, decimals and quantities, without notes, are never markers."""
    source = "# A Chapter without Notes\n\n## Chen Jian\n\n" + "\n\n".join(paragraphs) + "\n"
    note(source)
    chapter = link(ingest(source, PATH))
    assert not [p.markers for p in chapter.paragraphs if p.markers]
    assert [p.text for p in chapter.paragraphs] == paragraphs
    assert not {"no-notes", "marker-recovered", "marker-without-note"} & set(codes(chapter))


UNITS = ["50,000 km²", "10³ tonnes", "2 m²", "a 10⁶-yuan loan", "3.5 km²,"]


UNIT_SENTENCES = pool(lambda rng: make_sentence(rng, [*LOWER, *UNITS]), 100)


@settings(FAST, max_examples=30)
@given(
    paragraphs=st.lists(
        st.lists(st.sampled_from(UNIT_SENTENCES), min_size=1, max_size=3).map(" ".join),
        min_size=1,
        max_size=4,
    )
)
def test_superscript_units_are_not_markers(paragraphs: list[str]) -> None:
    """A superscript power in a quantity (``km²``), in a chapter without notes, is text."""
    source = "# A Chapter without Notes\n\n## Chen Jian\n\n" + "\n\n".join(paragraphs) + "\n"
    note(source)
    chapter = link(ingest(source, PATH))
    assert [p.text for p in chapter.paragraphs] == paragraphs
    assert not [p.markers for p in chapter.paragraphs if p.markers]


# --- bylines ------------------------------------------------------------------


@settings(FAST, max_examples=30)
@given(
    author=st.sampled_from(
        ["Chen Jian", "Мао Цзэдун", "Odd Arne Westad", "毛泽东", "沈志华", "Shen Zhihua 沈志华"]
    ),
    title=st.sampled_from(TITLES),
)
def test_byline_in_any_script_names_the_author(author: str, title: str) -> None:
    """``## Author`` under the title names the author, whatever the script of the name."""
    source = f"# {title}\n\n## {author}\n\nA paragraph.<sup>1</sup>\n\n## Notes\n\n- 1 Ibid.\n"
    note(source)
    chapter = link(ingest(source, PATH))
    assert chapter.meta.authors == (author,)
    assert chapter.headings == ()


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
        max_size=400,
    )
    | st.lists(
        st.sampled_from(
            [
                "# Title",
                "## Notes",
                "### Abbreviations",
                "- 1 note",
                "1. note",
                "[^1]: note",
                "<sup>1</sup>",
                "[^1]",
                "¹",
                '"quote."2',
                "* * *",
                "---",
                "12",
                "    indented",
                "> quote",
                "text without end",
                "Another sentence.",
                "{~~x~>y~~}",
                "<script>",
                "[link](javascript:x)",
                "MICHAEL J. HOGAN",
                "A REAPPRAISAL",
                "*Anna K. Nelson*",
                "TITLE 47",
                "48 | Title",
                "Washing-",
                "ton in the spring.",
                "diplo- matic",
                "![](_page_3_Picture_1.jpeg)",
                "<!-- image -->",
                '<span id="page-3-0"></span>1. note',
                "| a | b |",
                "|---|---:|",
                "## Bibliography",
                "## References",
                "\\* Thanks.",
                "* Thanks.",
                "II",
                "INTRODUCTION",
                "xii",
                "A, *B* (New York: C, 1990), 3 (hereafter *FRUS*).",
                "*FRUS*, 1947, 3:4.",
                "^2^",
                "text.[3]",
                "crisis1 that",
                "ﬁrst\u00ad",
                "Memorandum, A to B, 1 May 1947, RG 59, National Archives.",
                "Interview with A, 1 May 1970; ibid.",
                "see n. 3 above",
                "Title {#id .unnumbered}",
                "",
            ]
        ),
        max_size=30,
    ).map("\n".join)
)
def test_ingest_never_raises(text: str) -> None:
    """For any text at all, ingest returns a chapter and diagnostics; it never raises."""
    chapter = link(ingest(text, PATH))
    assert all(d.code in CODES for d in chapter.diagnostics)
    assert load(dump(chapter)) == chapter
