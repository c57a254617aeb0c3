"""The note trails on the real seed: every citation resolved, and the reverse trail.

The expected ``cited_in`` lists below were read off the notes of
``corpus/chen-mao/source.md`` (lines 114–184) by hand, not copied from the
output: a note cites a work when one of its citations names it in full, by
short form, by ``ibid.``, by siglum, or through a document published in it.
A siglum merely *mentioned* in prose (note 36: "not included in the
telegram's published text in *JMZW*") is commentary, not a citation.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edition import data
from edition.bibliography import parse_bibliography
from edition.builder import Corpus, load_corpus
from edition.model import Chapter, Citation

ROOT = Path(__file__).resolve().parent.parent
TRAIL_WARNINGS = ("unresolved-citation", "ambiguous-ibid", "short-before-full")


@pytest.fixture(scope="module")
def seed_corpus() -> Corpus:
    """The project's corpus, loaded from the repository root as the command line does."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        return load_corpus(Path("corpus"))


@pytest.fixture(scope="module")
def chapter(seed_corpus: Corpus) -> Chapter:
    return next(c for c in seed_corpus.chapters if c.meta.slug == "chen-mao")


def cited(chapter: Chapter, n: int) -> tuple[Citation, ...]:
    """The non-commentary citations of note ``n``."""
    note = next(x for x in chapter.notes if x.n == n)
    return tuple(c for c in note.citations if c.kind != "commentary")


def test_every_citation_resolved(chapter: Chapter) -> None:
    unresolved = [d.message for d in chapter.diagnostics if d.code == "unresolved-citation"]
    assert unresolved == []
    for note in chapter.notes:
        for c in note.citations:
            if c.kind == "commentary":
                assert c.source == "", f"note {note.n}: commentary with a source: {c}"
            else:
                assert c.source, f"note {note.n}: no source for {c.text!r}"


def test_no_trail_warnings_on_the_seed(seed_corpus: Corpus, chapter: Chapter) -> None:
    """The seed's ibid.s each follow one work, its short forms follow their full forms."""
    found = [d for d in seed_corpus.all_diagnostics() if d.code in TRAIL_WARNINGS]
    assert found == []
    assert not [d for d in chapter.diagnostics if d.code == "undefined-abbreviation"]


def test_every_note_with_a_reference_has_a_citation(chapter: Chapter) -> None:
    """Notes 2, 4 and 36 are the author's prose alone; every other note cites something."""
    prose_only = [n.n for n in chapter.notes if not cited(chapter, n.n)]
    assert prose_only == [2, 4, 36]


CITED_IN = {
    # full in 6; short in 24, 27, 33 ("Korea War"), 40 ("; ch. 5"), 44, 46; ibid. in 25, 28
    "chen1994road": (6, 24, 25, 27, 28, 33, 40, 44, 46),
    # documents in JMZW: 22, 30, 31 (twice, once as ibid.), 35, 41, 42 (ibid.), 45, 47, 48, 49
    "jmzw": (22, 30, 31, 35, 41, 42, 45, 47, 48, 49),
    # documents in the Bulletin; its articles with entries of their own (17, 19, 37, 52–54)
    # are cited as those articles
    "cwihpb": (17, 18, 23, 32, 33, 34, 38, 39),
    # full in 7 ("rev. edn") and 17 ("rev. ed."), short in 53
    "shi1998lishi": (7, 17, 53),
    "xue1989dangdai": (14, 15, 56),
    # full in 15, short in 20 (italic author) and 56 ("Zhong-hua")
    "pei1994zhonghua": (15, 20, 56),
    "newrussiandocs1995": (52, 53, 54),
    # note 57 by siglum, note 59 by the short form of Zhou's document
    "zejw": (57, 59),
    "ccfp": (18, 19),
    "mzx": (5, 10, 13, 59),
    "dzjjg": (21, 30),
    "goncharov1993uncertain": (9, 20),
    "ledovsky1995mikoyan": (7, 8),
}


@pytest.mark.parametrize("key", sorted(CITED_IN))
def test_cited_in(chapter: Chapter, key: str) -> None:
    uses = {u.key: u for u in chapter.sources}
    assert key in uses, f"{key} is not in the reverse trail"
    assert uses[key].cited_in == CITED_IN[key]


def test_citation_counts(chapter: Chapter) -> None:
    uses = {u.key: u for u in chapter.sources}
    assert uses["jmzw"].citations == 11  # note 31 cites it twice
    assert uses["chen1994road"].citations == 9
    assert uses["cwihpb"].citations == 8


def test_reverse_trail_agrees_with_the_notes(chapter: Chapter) -> None:
    """Every work in order of first citation; cited_in is exactly the notes whose citations name it."""
    by_key: dict[str, list[int]] = {}
    for note in chapter.notes:
        for c in note.citations:
            if c.source and note.n not in by_key.setdefault(c.source, []):
                by_key[c.source].append(note.n)
    assert [u.key for u in chapter.sources] == list(by_key)
    assert {u.key: list(u.cited_in) for u in chapter.sources} == by_key


@pytest.mark.parametrize(
    ("n", "index", "key", "locator", "via"),
    [
        (25, 0, "chen1994road", "106–13", "ibid. → note 24"),
        (28, 0, "chen1994road", "110–11", "ibid. → note 27"),
        (31, 1, "jmzw", "454", "ibid. → the citation before it"),
        (42, 0, "jmzw", "545", "ibid. → note 41"),
    ],
)
def test_ibid_resolved(
    chapter: Chapter, n: int, index: int, key: str, locator: str, via: str
) -> None:
    c = cited(chapter, n)[index]
    assert "ibid" in c.text.lower()
    assert (c.source, c.locator, c.via) == (key, locator, via)


def test_ibid_documents_keep_their_data(chapter: Chapter) -> None:
    second = cited(chapter, 31)[1]
    assert second.kind == "document"
    assert [(d.type, d.sender, d.recipient, d.date) for d in second.documents] == [
        ("telegram", "Mao Zedong", "Gao Gang", "5 August 1950")
    ]
    first = cited(chapter, 42)[0]
    assert [(d.type, d.sender, d.recipient, d.date) for d in first.documents] == [
        ("telegram", "Mao Zedong", "Kim Il Sung", "8 October 1950")
    ]


def test_note_39_letter(chapter: Chapter) -> None:
    (letter,) = cited(chapter, 39)
    assert letter.kind == "document"
    assert letter.source == "cwihpb"
    assert letter.locator == "nos. 6–7 (Winter 1995–96): 116"
    (doc,) = letter.documents
    assert doc.type == "letter"
    assert doc.sender == "Fyn Si [Stalin]"
    assert doc.recipient == "Kim Il Sung [via Shtykov]"
    assert doc.date == "8 [7] October 1950"


def test_short_forms_with_print_errors(chapter: Chapter) -> None:
    korea = cited(chapter, 33)[0]
    assert "Korea War" in korea.text
    assert (korea.kind, korea.source, korea.locator) == ("short", "chen1994road", "156")
    zhonghua = cited(chapter, 56)[1]
    assert "Zhong-hua" in zhonghua.text
    assert (zhonghua.kind, zhonghua.source) == ("short", "pei1994zhonghua")
    glued = cited(chapter, 9)[2]
    assert "Biographyof" in glued.text
    assert (glued.kind, glued.source) == ("full", "jin1998liu")


def test_short_form_of_a_document(chapter: Chapter) -> None:
    zhou = cited(chapter, 59)[1]
    assert (zhou.kind, zhou.source, zhou.locator) == ("document", "zejw", "292–307")
    assert zhou.via == "short form of a document"
    assert [(d.title, d.sender) for d in zhou.documents] == [
        ("The Enemy's Defeat and Our Victory", "Zhou Enlai")
    ]


# --- the bibliography file ----------------------------------------------------


@pytest.fixture
def tmp_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the corpus in a temporary folder, the working directory."""
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "corpus"


def test_seed_bibliography_has_no_unused_entry(seed_corpus: Corpus) -> None:
    codes = {d.code for d in seed_corpus.all_diagnostics()}
    assert not codes & {"unused-source", "bib-syntax", "duplicate-source"}
    cited_keys = {u.key for c in seed_corpus.chapters for u in c.sources}
    assert cited_keys == {s.key for s in seed_corpus.sources}


def test_unused_source(tmp_corpus: Path) -> None:
    bib = tmp_corpus / "sources.bib"
    text = bib.read_text("utf-8")
    line = text.count("\n") + 2
    bib.write_text(
        text + "\n@book{whiting1960china,\n  author = {Whiting, Allen S.},\n"
        "  title = {China Crosses the Yalu},\n  year = {1960},\n}\n",
        "utf-8",
    )
    corpus = load_corpus(Path("corpus"))
    unused = [d for d in corpus.all_diagnostics() if d.code == "unused-source"]
    assert [(d.path, d.line) for d in unused] == [("corpus/sources.bib", line)]
    assert "whiting1960china" in unused[0].message
    assert unused[0].severity.name == "INFO"


BROKEN_BIB = """% a broken bibliography
@book{snow1938red,
  author    = {Snow, Edgar},
  title     = {Red Star over China},
  year      = {1938},
}

@book{broken
  title = {No comma after the key},
  year  = {1990},
}

@book{mancall1984china,
  author    = {Mancall, Mark},
  title     = {China at the Center},
  year      = {1984},
}

@book{snow1938red,
  author    = {Snow, Edgar},
  title     = {Red Star over China, again},
}
"""


def test_duplicate_source() -> None:
    text = BROKEN_BIB.replace("@book{broken\n", "@book{broken,\n")
    sources, diags = parse_bibliography(text, "sources.bib")
    assert [s.key for s in sources] == ["snow1938red", "broken", "mancall1984china"]
    assert sources[0].get("title") == "Red Star over China"  # the first one kept
    assert [(d.code, d.line) for d in diags] == [("duplicate-source", 19)]
    assert "line 2" in diags[0].message


def test_bib_syntax_with_its_line() -> None:
    """An entry bibtexparser cannot read is reported on its own 1-based line; the rest is read."""
    sources, diags = parse_bibliography(BROKEN_BIB, "sources.bib")
    assert [s.key for s in sources] == ["snow1938red", "mancall1984china"]
    assert sorted((d.code, d.line) for d in diags) == [
        ("bib-syntax", 8),
        ("duplicate-source", 19),
    ]
    syntax = next(d for d in diags if d.code == "bib-syntax")
    assert syntax.severity.name == "ERROR"
    assert syntax.message.strip() not in ("", "BibTeX entry not read:")


def test_broken_bib_in_the_corpus(tmp_corpus: Path) -> None:
    """load_corpus reports a broken sources.bib as diagnostics, not as a crash."""
    (tmp_corpus / "sources.bib").write_text(BROKEN_BIB, "utf-8")
    corpus = load_corpus(Path("corpus"))
    found = [
        (d.code, d.path, d.line)
        for d in corpus.all_diagnostics()
        if d.code in ("bib-syntax", "duplicate-source")
    ]
    assert sorted(found) == [
        ("bib-syntax", "corpus/sources.bib", 8),
        ("duplicate-source", "corpus/sources.bib", 19),
    ]


def test_spans_of_the_entries(seed_corpus: Corpus) -> None:
    """Each source's span is the 1-based line of its ``@type{key,``."""
    lines = (ROOT / "corpus" / "sources.bib").read_text("utf-8").splitlines()
    for s in seed_corpus.sources:
        assert s.span.path == "corpus/sources.bib"
        assert lines[s.span.line - 1].startswith(f"@{s.type}{{{s.key},"), s.key


# --- the chapter data -----------------------------------------------------------


def test_yaml_round_trip_with_citations(chapter: Chapter) -> None:
    assert sum(len(n.citations) for n in chapter.notes) > 60
    assert chapter.sources
    again = data.load(data.dump(chapter))
    assert again == chapter
    assert again.sources == chapter.sources
    assert [n.citations for n in again.notes] == [n.citations for n in chapter.notes]


def test_near_words_agree_with_comparing_every_word(seed_corpus: Corpus) -> None:
    """The matcher's indexed look-up of the entry words close to a citation's word
    finds exactly what comparing that word with every entry word finds."""
    from edition.trails import Matcher, _close

    matcher = Matcher(seed_corpus.sources)
    vocabulary = sorted(matcher._vocabulary)
    probes = set(vocabulary)
    for w in vocabulary:  # typos and lost spaces of each entry word, and pieces of it
        probes.update({w + "of", "the" + w, w[:-1], w[1:], w[:4], w[-4:], w + "ese"})
        probes.update(w[:i] + w[i + 1] + w[i] + w[i + 2 :] for i in range(len(w) - 1))
        probes.update(w[:i] + "x" + w[i + 1 :] for i in range(len(w)))
        probes.update(w[:i] + w[i + 1 :] for i in range(len(w)))
        probes.update(w[:i] + "xy" + w[i:] for i in range(1, len(w)))
        probes.update(w[:i] + w[i + 2 :] for i in range(1, len(w) - 1))
    for c in sorted(probes):
        forward, both = matcher._near(c)
        assert forward == {w for w in vocabulary if _close(w, c)}, c
        assert both == {w for w in vocabulary if _close(w, c) or _close(c, w)}, c


def _levenshtein(a: str, b: str) -> int:
    """The textbook table: the edits that turn ``a`` into ``b``."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@given(
    st.text(alphabet="abcd", max_size=11),
    st.text(alphabet="abcd", max_size=11),
    st.integers(min_value=0, max_value=3),
)
def test_edit_distance_agrees_with_the_table(a: str, b: str, limit: int) -> None:
    """The matcher's bounded edit distance (common ends dropped, one edit tried at the
    first difference) says what the full table says."""
    from edition.trails import _edit_distance

    assert _edit_distance(a, b, limit) == (_levenshtein(a, b) <= limit)


@given(st.text(alphabet="abcd", max_size=11), st.sampled_from(range(4)), st.data())
def test_edit_distance_of_near_words(a: str, edits: int, data: st.DataObject) -> None:
    """The same for words a few edits apart (random pairs are mostly far apart)."""
    from edition.trails import _edit_distance

    b = a
    for _ in range(edits):
        i = data.draw(st.integers(min_value=0, max_value=len(b)))
        op = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        c = data.draw(st.sampled_from("abcd"))
        if op == "insert":
            b = b[:i] + c + b[i:]
        elif op == "delete":
            b = b[:i] + b[i + 1 :]
        else:
            b = b[:i] + c + b[i + 1 :]
    for limit in range(4):
        assert _edit_distance(a, b, limit) == (_levenshtein(a, b) <= limit)


@pytest.mark.parametrize(
    ("cited", "key"),
    [
        # the seed's note 7, as printed, and with a typo in the author's name
        ('Andrei Ledovsky, "Mikoyan\'s Secret Mission to China"', "ledovsky1995mikoyan"),
        ('Andrei Ledovskyy, "Mikoyan\'s Secret Mission to China"', "ledovsky1995mikoyan"),
        ('Andrei Ledovkiy, "Mikoyan\'s Secret Mission to China"', "ledovsky1995mikoyan"),
        # someone else of that title is not its author
        ('Andrei Petrov, "Mikoyan\'s Secret Mission to China"', None),
        # a name that begins the author's is another name
        ("Odd Arne West, Brothers in Arms", None),
    ],
)
def test_a_typo_in_the_authors_name_still_finds_the_work(
    seed_corpus: Corpus, cited: str, key: str | None
) -> None:
    from edition.trails import Matcher

    found, hint = Matcher(seed_corpus.sources).best(cited)
    assert (found.key if found else None) == key, hint


def test_misspelt_names_are_typos_of_five_letters_or_more() -> None:
    from edition.trails import _misspelt

    assert _misspelt("ledovskyy", "ledovsky")  # a letter too many
    assert _misspelt("goncharow", "goncharov")  # one wrong
    # two letters swapped are two edits: allowed from eight letters, as in _close
    assert not _misspelt("westda", "westad")
    assert _misspelt("goncharvo", "goncharov")
    assert not _misspelt("zhan", "zhang")  # short names only as they are
    assert not _misspelt("chen", "chan")
    assert not _misspelt("ledovsky", "ledovsky")  # the same name is no typo
    assert not _misspelt("ledovsky", "medovsky")  # another first letter
