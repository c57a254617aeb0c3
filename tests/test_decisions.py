"""Editorial decisions in chapter.yaml: supplied sigla, accepted and rejected repairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.builder import load_corpus
from edition.diagnostics import Severity
from edition.model import Chapter

TEXT = """# A Chapter

## Ann Author

It began in 1950 with the "first act."1 And so on.

The second paragraph ends without punctuation and

continues here after a page break.<sup>2</sup>

## Notes

- 1 One note, citing FRUS, 2:45.
- The second note lost its number.
"""


def load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chapter_yaml: str
) -> tuple[Chapter, list[str]]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus" / "one").mkdir(parents=True)
    (tmp_path / "corpus" / "one" / "source.md").write_text(TEXT, "utf-8")
    (tmp_path / "corpus" / "one" / "chapter.yaml").write_text(chapter_yaml, "utf-8")
    corpus = load_corpus(Path("corpus"))
    diags = [
        f"{d.path}:{d.line}: {d.severity}: {d.code}: {d.message}" for d in corpus.all_diagnostics()
    ]
    return corpus.chapters[0], diags


def test_without_decisions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chapter, diags = load(tmp_path, monkeypatch, "title: A Chapter\n")
    assert chapter.paragraphs[0].notes == (1,)
    assert len(chapter.paragraphs) == 2
    assert [n.n for n in chapter.notes] == [1, 2]
    codes = sorted(d.split(": ")[2] for d in diags)
    assert codes == [
        "marker-recovered",
        "no-bibliography",
        "note-number-recovered",
        "paragraph-joined",
        "undefined-abbreviation",
    ]


def test_accept_makes_a_repair_info(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, diags = load(
        tmp_path,
        monkeypatch,
        "decisions:\n  - {code: marker-recovered, line: 5, action: accept, reason: checked the print}\n",
    )
    assert (
        "corpus/one/source.md:5: info: marker-recovered: bare digits '1' after punctuation read "
        "as the marker of note 1 (accepted by the editors: checked the print)"
    ) in diags


def test_reject_each_rejectable_repair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chapter, diags = load(
        tmp_path,
        monkeypatch,
        """decisions:
  - {code: marker-recovered, line: 5, action: reject, reason: part of a quotation}
  - {code: paragraph-joined, line: 7, action: reject}
  - {code: note-number-recovered, line: 14, action: reject}
""",
    )
    assert chapter.paragraphs[0].notes == ()
    assert 'the "first act."1 And so on.' in chapter.paragraphs[0].text
    assert [p.text for p in chapter.paragraphs[1:]] == [
        "The second paragraph ends without punctuation and",
        "continues here after a page break.[^2]",
    ]
    assert [n.n for n in chapter.notes] == [1]
    assert chapter.notes[0].text == "One note, citing FRUS, 2:45. The second note lost its number."
    assert (
        "corpus/one/source.md:5: info: repair-rejected: marker-recovered rejected by the editors: "
        "'1' kept as text: part of a quotation"
    ) in diags
    assert any(":7: info: repair-rejected: paragraph-joined rejected" in d for d in diags)
    assert any(":14: info: repair-rejected: note-number-recovered rejected" in d for d in diags)
    # what the rejections leave behind is reported, never hidden
    assert any(": error: marker-without-note: marker 2" in d for d in diags)
    assert any(
        ": warning: note-without-marker: no marker in the text points to note 1" in d for d in diags
    )


def test_stale_and_invalid_decisions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, diags = load(
        tmp_path,
        monkeypatch,
        """decisions:
  - {code: marker-recovered, line: 6, action: accept}
  - {code: marker-recoverd, line: 5, action: accept}
  - {code: note-joined, line: 5, action: reject}
  - {code: marker-recovered, line: 5, action: ignore}
  - {code: marker-recovered, line: "5", action: accept}
""",
    )
    assert (
        "corpus/one/chapter.yaml:2: warning: decision-unmatched: accept marker-recovered at line 6: "
        "corpus/one/source.md:6 reports no such marker-recovered"
    ) in diags
    assert (
        "corpus/one/chapter.yaml:3: error: decision-invalid: unknown code 'marker-recoverd' "
        "(did you mean 'marker-recovered'?)"
    ) in diags
    assert any(
        "chapter.yaml:4: error: decision-invalid: note-joined cannot be rejected" in d
        for d in diags
    )
    assert any("chapter.yaml:5: error: decision-invalid: 'action' must be" in d for d in diags)
    assert any("chapter.yaml:6: error: decision-invalid: 'line' must be" in d for d in diags)


def test_supplied_abbreviation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chapter, diags = load(
        tmp_path,
        monkeypatch,
        "abbreviations:\n  FRUS: Foreign Relations of the United States\n",
    )
    frus = chapter.abbreviations[0]
    assert (frus.abbr, frus.supplied, frus.notes, frus.span.line) == ("FRUS", True, (1,), 2)
    assert not any("undefined-abbreviation" in d for d in diags)
    assert (
        "corpus/one/chapter.yaml:2: info: abbreviation-supplied: FRUS supplied by the editors: "
        "Foreign Relations of the United States"
    ) in diags


def test_supplied_abbreviation_must_be_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, diags = load(tmp_path, monkeypatch, "abbreviations:\n  FRUS: [a, b]\n")
    assert (
        "corpus/one/chapter.yaml:2: error: metadata-type: abbreviation 'FRUS' must have a text expansion"
        in diags
    )
    assert all(Severity.ERROR.name.lower() not in d or "metadata-type" in d for d in diags)


def test_reject_a_dehyphenation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A word the page broke is read whole unless the editors keep it as printed."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "corpus" / "one"
    folder.mkdir(parents=True)
    (folder / "source.md").write_text(
        "# A Chapter\n\nThe cross-\nborder raids and the Washing-\nton talks began.<sup>1</sup>"
        "\n\n## Notes\n\n1. Acheson, *Present at the Creation*, 226.\n",
        "utf-8",
    )
    (folder / "chapter.yaml").write_text(
        "decisions:\n  - {code: dehyphenated, line: 4, action: reject, reason: a name}\n", "utf-8"
    )
    corpus = load_corpus(Path("corpus"))
    (paragraph,) = corpus.chapters[0].paragraphs
    # "cross-" is a prefix: its hyphen stays, unasked; "Washing-ton" as printed
    assert paragraph.text == "The cross-border raids and the Washing-ton talks began.[^1]"
    said = [(d.line, d.code, d.message) for d in corpus.all_diagnostics() if d.line == 4]
    assert said == [
        (
            4,
            "repair-rejected",
            "dehyphenated rejected by the editors: 'Washing-ton' kept as printed: a name",
        )
    ]


def test_an_empty_subtitle_in_chapter_yaml_clears_the_one_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line in capitals under the title is read as its subtitle, and said; where it is
    not one, ``subtitle: ''`` in chapter.yaml says there is none."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "corpus" / "one"
    folder.mkdir(parents=True)
    (folder / "source.md").write_text(
        "# A Chapter\n\nTHE CRISIS OF 1947\n\nIt began.<sup>1</sup>\n\n## Notes\n\n1. A, *B*, 1.\n",
        "utf-8",
    )
    corpus = load_corpus(Path("corpus"))
    assert corpus.chapters[0].meta.subtitle == "The Crisis of 1947"
    assert [d.code for d in corpus.all_diagnostics() if d.line == 3] == ["front-matter"]
    (folder / "chapter.yaml").write_text("subtitle: ''\n", "utf-8")
    assert load_corpus(Path("corpus")).chapters[0].meta.subtitle == ""
