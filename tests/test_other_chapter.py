"""A chapter set as another book sets its pages (tests/fixtures/corpora/marshall):
what the seed does not show, read end to end.

Its byline is a line in capitals, its pages' running heads (with their page
numbers) lie in the text and among the notes, its markers are Unicode
superscripts under an "Endnotes" heading, one note introduces a siglum and
another a short title with "hereafter", and a note refers to other notes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from edition import citing
from edition.builder import Corpus, load_corpus, render_files

CORPUS = Path(__file__).parent / "fixtures" / "corpora" / "marshall"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def files(corpus: Corpus) -> dict[str, bytes]:
    return render_files(corpus)


def test_the_byline_and_the_running_heads_are_not_text(corpus: Corpus) -> None:
    (chapter,) = corpus.chapters
    assert chapter.meta.authors == ("Michael J. Hogan",)
    assert [(p.n, p.kind) for p in chapter.paragraphs] == [
        (1, "text"),
        (2, "text"),
        (3, "text"),
        (4, "text"),
        (5, "table"),
    ]
    table = chapter.paragraphs[4]
    assert table.caption == "Table 1. Aid by country, 1948–1951, in millions of dollars"
    assert table.text.splitlines()[2] == "| United Kingdom | 3,297 |"
    # the paragraph split by the running head is whole again, without it
    assert chapter.paragraphs[1].text.endswith(
        "The staff argued that the initiative must come from the Europeans themselves.[^4]"
    )
    text = " ".join(p.text for p in chapter.paragraphs) + " ".join(n.text for n in chapter.notes)
    for head in ("MARSHALL PLAN", "HOGAN", "PLAN 47", "48 M"):
        assert head not in text
    assert [n.n for n in chapter.notes] == list(range(1, 13))
    heads = [(d.line, d.code) for d in chapter.diagnostics if d.code == "running-head"]
    assert heads == [(9, "running-head"), (15, "running-head"), (39, "running-head")]
    # the chapter's own bibliography, after the notes, is set aside
    (listing,) = [d for d in chapter.diagnostics if d.code == "bibliography-section"]
    assert listing.line == 49 and "2 entries, lines 49–51" in listing.message
    assert "Acheson, Dean." not in text


def test_the_title_note_is_the_chapters_not_a_stray_text(corpus: Corpus) -> None:
    (chapter,) = corpus.chapters
    assert chapter.meta.title == "The Marshall Plan and the Origins of the Cold War"
    assert chapter.meta.note == (
        "Written for this collection; the author thanks the Truman Library for its help."
    )
    assert [d.line for d in chapter.diagnostics if d.code == "title-note"] == [29]
    assert not [d for d in chapter.diagnostics if d.code == "stray-note-text"]


def test_hereafter_forms_lead_to_their_works(corpus: Corpus) -> None:
    (chapter,) = corpus.chapters
    notes = {n.n: n for n in chapter.notes}
    assert [(c.source, c.defines) for c in notes[2].citations] == [("frus1947v3", "FRUS")]
    assert [(c.kind, c.source, c.via) for c in notes[6].citations] == [
        ("siglum", "frus1947v3", "hereafter FRUS → note 2")
    ]
    assert [(c.source, c.locator, c.via) for c in notes[10].citations] == [
        ("gaddis1972origins", "355", "hereafter Origins → note 7"),
        ("kennan1967memoirs", "342", ""),
    ]
    (frus,) = chapter.abbreviations
    assert (frus.abbr, frus.expansion, frus.note, frus.notes) == (
        "FRUS",
        "*Foreign Relations of the United States*",
        2,
        (2, 6),
    )
    assert not [d for d in chapter.diagnostics if d.severity.name != "INFO"]


def test_the_pages_link_what_the_notes_refer_to(files: dict[str, bytes]) -> None:
    page = files["hogan.html"].decode("utf-8")
    note = re.search(r'<li id="n11".*?</li>', page, re.S)
    assert note is not None
    assert re.findall(r'<a class="xref" href="#n(\d+)">([^<]+)</a>', note.group()) == [
        ("6", "n. 6"),
        ("2", "2"),
        ("3", "3"),
        ("3", "note 3"),
    ]
    # FRUS is an abbreviation in the text and the notes, listed with its work
    assert page.count('<a href="abbreviations.html#FRUS">FRUS</a>') == 3
    listing = files["abbreviations.html"].decode("utf-8")
    row = re.search(r'<tr id="FRUS">.*?</tr>', listing, re.S)
    assert row is not None
    assert 'introduced in <a href="hogan.html#n2">n.&nbsp;2</a>' in row.group()
    assert 'href="sources.html#frus1947v3"' in row.group()


def test_a_citation_of_the_chapter_ends_each_part_once(corpus: Corpus) -> None:
    """An author whose name ends with an initial, and a title that asks: the period
    that closes each part of the citation is not doubled, nor put after "?"."""
    (chapter,) = corpus.chapters
    forms = {s.key: s.fill() for s in citing.styles(chapter, corpus.edition)}
    assert forms["chicago-bib"].startswith(
        "Hogan, Michael J. “The Marshall Plan and the Origins of the Cold War.” In "
    )
    assert forms["mla"].startswith("Hogan, Michael J. “The Marshall Plan")
    asking = replace(chapter, meta=replace(chapter.meta, title="Who Lost China?"))
    forms = {s.key: s.fill() for s in citing.styles(asking, corpus.edition)}
    assert "“Who Lost China?” In" in forms["chicago-bib"]
    assert "“Who Lost China?” <i>" in forms["mla"]
    assert "(n.d.). Who Lost China? In" in forms["apa"]
    assert "“Who Lost China?” in" in forms["chicago-note"]


UNPUBLISHED_CHAPTER = """# Archives

The staff met in May.<sup>1</sup> Kennan agreed.<sup>2</sup> Bohlen recalled it.<sup>3</sup>

## Notes

1. Memorandum, Kennan to Acheson, 23 May 1947, RG 59, Records of the Policy Planning Staff, National Archives.
2. Ibid.; Acheson, *Present at the Creation*, 230.
3. Interview with Charles Bohlen, 12 June 1970.
"""


def test_unpublished_sources_have_their_trails(tmp_path: Path) -> None:
    """Archival documents and interviews no entry names are listed on the Sources page
    under Unpublished sources, each with every note citing it (an ibid. of one too),
    and a note's trail links to its place there."""
    corpus_dir = tmp_path / "corpus"
    (corpus_dir / "archives").mkdir(parents=True)
    (corpus_dir / "archives" / "source.md").write_text(UNPUBLISHED_CHAPTER, "utf-8")
    (corpus_dir / "sources.bib").write_text((CORPUS / "sources.bib").read_text("utf-8"), "utf-8")
    (corpus_dir / "edition.yaml").write_text("title: Archives\nchapters: [archives]\n", "utf-8")
    corpus = load_corpus(corpus_dir)
    assert [d.code for d in corpus.all_diagnostics() if d.severity.name != "INFO"] == []
    files = render_files(corpus)
    listing = files["sources.html"].decode("utf-8")
    section = listing[listing.index('id="g-unpublished"') :]
    entries = re.findall(
        r'<li id="(u-[0-9a-f]+)" class="work">\s*<p class="work__ref">([^<]+)</p>'
        r'\s*<p class="work__trail">(.*?)</p>',
        section,
        re.S,
    )
    assert [(ref, re.findall(r"#n(\d+)", trail)) for _, ref, trail in entries] == [
        ("Interview with Charles Bohlen, 12 June 1970", ["3"]),
        ("RG 59, Records of the Policy Planning Staff, National Archives", ["1", "2"]),
    ]
    anchors = {ref: anchor for anchor, ref, _ in entries}
    page = files["archives.html"].decode("utf-8")
    note2 = re.search(r'<li id="n2".*?</li>', page, re.S)
    assert note2 is not None
    archive = anchors["RG 59, Records of the Policy Planning Staff, National Archives"]
    assert f'<i>ibid.</i> = <a href="sources.html#{archive}">' in note2.group()
    assert 'href="sources.html#acheson1969present"' in note2.group()
