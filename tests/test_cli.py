"""The command line: exit codes, messages on stderr, what is (and is not) written."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from edition import data
from edition.cli import main

ROOT = Path(__file__).resolve().parent.parent

SMALL = """# A Small Chapter

## Ann Author

First paragraph of the text.<sup>1</sup> It goes on.<sup>2</sup>

## Notes

1. The first note.
2. The second note.
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def make_corpus(root: Path, chapters: dict[str, str], yaml: dict[str, str] | None = None) -> Path:
    corpus = root / "corpus"
    for slug, text in chapters.items():
        (corpus / slug).mkdir(parents=True)
        (corpus / slug / "source.md").write_text(text, "utf-8")
    for rel, text in (yaml or {}).items():
        (corpus / rel).write_text(text, "utf-8")
    return corpus


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_seed_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, _, err = run("check")
    assert code == 0
    lines = err.splitlines()
    assert (
        "corpus/chen-mao/source.md:35: info: marker-recovered: bare digits '8' after punctuation "
        "read as the marker of note 8 (accepted by the editors: note 8's marker, printed as a "
        "superscript after the closing quote)"
    ) in lines
    assert (
        "corpus/chen-mao/chapter.yaml:19: info: abbreviation-supplied: ZEJW supplied by the "
        "editors: Zhou Enlai junshi wenxuan (Selected Military Papers of Zhou Enlai), 4 vols. "
        "(Beijing: Renmin, 1997)"
    ) in lines
    assert lines[-1] == "0 errors, 0 warnings, 29 info messages"
    # sorted by file and line
    numbers = [int(x.split(":")[1]) for x in lines if x.startswith("corpus/chen-mao/source.md:")]
    assert numbers == sorted(numbers)


def test_check_quiet_hides_repairs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, _, err = run("check", "-q")
    assert code == 0
    assert err.splitlines() == [
        "chen-mao: 60 notes, 90 citations (38 full, 14 short, 2 ibid, 3 siglum, 33 document), "
        "49 sources; 90 resolved, 0 unresolved",
        "0 errors, 0 warnings, 29 info messages",
    ]


SEED_TEXT = (ROOT / "corpus" / "chen-mao" / "source.md").read_text("utf-8")


def test_strict_turns_warnings_into_errors(in_tmp: Path) -> None:
    make_corpus(in_tmp, {"chen-mao": SEED_TEXT})  # the seed without the editors' decisions
    code, _, err = run("check")
    assert code == 0
    assert err.splitlines()[-1] == "0 errors, 6 warnings, 16 info messages"
    assert "corpus: info: no-bibliography: the corpus has no sources.bib" in err
    assert "corpus/chen-mao/source.md:35: warning: marker-recovered: bare digits '8'" in err
    code, _, err = run("check", "--strict")
    assert code == 1
    assert "corpus/chen-mao/source.md:181: error: undefined-abbreviation: ZEJW" in err
    assert err.splitlines()[-1] == "6 errors, 0 warnings, 16 info messages"


def test_build_writes_data_and_is_deterministic(in_tmp: Path) -> None:
    make_corpus(in_tmp, {"small": SMALL})
    code, _, err = run("build", "--out", "out")
    assert code == 0, err
    assert "edition: [1/1] small: 1 paragraphs, 2 notes, 0 abbreviations" in err
    first = tree(in_tmp / "out")
    chapter = data.load(first["data/small.yaml"].decode())
    assert chapter.meta.title == "A Small Chapter" and chapter.meta.authors == ("Ann Author",)
    assert [n.markers for n in chapter.notes] == [("p1",), ("p1",)]
    assert run("build", "--out", "out")[0] == 0
    assert tree(in_tmp / "out") == first
    assert not [p for p in in_tmp.iterdir() if p.name.startswith(".out.")], "temporary folders left"


def test_failed_build_leaves_previous_site_untouched(in_tmp: Path) -> None:
    corpus = make_corpus(in_tmp, {"small": SMALL})
    assert run("build", "--out", "out")[0] == 0
    before = tree(in_tmp / "out")
    (corpus / "small" / "source.md").write_text(
        SMALL.replace("<sup>2</sup>", "<sup>7</sup>"), "utf-8"
    )
    code, _, err = run("build", "--out", "out")
    assert code == 1
    assert (
        "corpus/small/source.md:5: error: marker-without-note: marker 7 in ¶ p1 points to no note"
        in err
    )
    assert "edition: nothing written; out is unchanged" in err
    assert tree(in_tmp / "out") == before


@pytest.mark.parametrize("out", ["corpus", "corpus/small", ".", "/"])
def test_build_refuses_dangerous_out(in_tmp: Path, out: str) -> None:
    make_corpus(in_tmp, {"small": SMALL})
    code, _, err = run("build", "--out", out)
    assert code == 2
    assert err.startswith("edition: error: refusing to build into")


def test_build_refuses_foreign_folder(in_tmp: Path) -> None:
    make_corpus(in_tmp, {"small": SMALL})
    (in_tmp / "docs").mkdir()
    (in_tmp / "docs" / "precious.txt").write_text("keep me")
    code, _, err = run("build", "--out", "docs")
    assert code == 2
    assert "not made by edition" in err
    assert (in_tmp / "docs" / "precious.txt").read_text() == "keep me"


def test_ingest_to_stdout_and_file(in_tmp: Path) -> None:
    (in_tmp / "chapter.md").write_text(SMALL, "utf-8")
    code, out, err = run("ingest", "chapter.md")
    assert code == 0
    assert data.load(out).notes[1].text == "The second note."
    assert err.strip() == "0 errors, 0 warnings, 0 info messages"
    code, out, _ = run("ingest", "chapter.md", "-o", "chapter.yaml")
    assert code == 0 and out == ""
    assert data.load((in_tmp / "chapter.yaml").read_text("utf-8")).meta.slug == "chapter"


def test_ingest_not_utf8(in_tmp: Path) -> None:
    (in_tmp / "latin1.md").write_bytes("# Title\n\nCaf\xe9 society.\n".encode("latin-1"))
    code, out, err = run("ingest", "latin1.md")
    assert code == 1 and out == ""
    assert "latin1.md:3: error: not-utf8: not UTF-8: byte 0xe9 at byte offset 12" in err
    assert "Traceback" not in err


def test_ingest_empty_file(in_tmp: Path) -> None:
    (in_tmp / "empty.md").write_text("")
    code, _, err = run("ingest", "empty.md")
    assert code == 1
    assert "empty.md: error: empty-file: the file is empty" in err


def test_usage_errors(in_tmp: Path) -> None:
    assert run("ingest", "missing.md")[0] == 2
    code, _, err = run("check", "--corpus", "nowhere")
    assert code == 2 and "corpus folder nowhere not found" in err
    assert run("frobnicate")[0] == 2
    assert run("build", "--bogus")[0] == 2


@pytest.mark.parametrize("command", [[], ["ingest"], ["check"], ["build"]])
def test_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--help"]) == 0
    assert "usage: edition" in capsys.readouterr().out


def test_metadata_problems(in_tmp: Path) -> None:
    make_corpus(
        in_tmp,
        {"small": SMALL},
        {
            "small/chapter.yaml": "title: Fine\ntitel: Typo\nauthors: 5\n",
            "edition.yaml": "title: [unclosed\n",
        },
    )
    code, _, err = run("check")
    assert code == 1
    assert "corpus/edition.yaml:2: error: yaml-syntax: YAML syntax error, column 1:" in err
    assert (
        "corpus/small/chapter.yaml:2: warning: metadata-unknown-key: unknown key 'titel' is ignored"
        in err
    )
    assert "hint: did you mean 'title'?" in err
    assert (
        "corpus/small/chapter.yaml:3: error: metadata-type: 'authors' must be a list of strings"
        in err
    )
    assert "Traceback" not in err


def test_bad_and_duplicate_slugs(in_tmp: Path) -> None:
    make_corpus(
        in_tmp,
        {"Chen Mao": SMALL, "one": SMALL, "two": SMALL},
        {"two/chapter.yaml": "slug: one\n"},
    )
    code, _, err = run("check")
    assert code == 1
    assert "corpus/Chen Mao: error: bad-slug: chapter folder name 'Chen Mao' is not URL-safe" in err
    assert "hint: rename it 'chen-mao'" in err
    assert (
        "corpus/two/source.md: error: duplicate-slug: slug 'one' is already used by corpus/one/source.md"
        in err
    )


def test_chapter_order_from_edition_yaml(in_tmp: Path) -> None:
    make_corpus(
        in_tmp,
        {"alpha": SMALL, "beta": SMALL},
        {"edition.yaml": "chapters: [beta, alpha, gamma]\n"},
    )
    code, _, err = run("build", "--out", "out")
    assert code == 1
    assert "corpus/edition.yaml: error: unknown-chapter: edition.yaml lists chapter 'gamma'" in err


def test_internal_error_is_reported_as_a_bug(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_corpus(in_tmp, {"small": SMALL})

    def boom(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("edition.builder.ingest_bytes", boom)
    code, _, err = run("check")
    assert code == 3
    assert "Traceback" in err and "please report it" in err


def test_build_py_entry_point(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--out", str(out), "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (out / "data" / "chen-mao.yaml").is_file()
    shutil.rmtree(out)


def test_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "edition", "check", "--corpus", str(ROOT / "corpus"), "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stderr.strip().splitlines()[-1] == "0 errors, 0 warnings, 29 info messages"


def test_a_missing_pagefind_binary_is_a_clear_error_and_the_old_site_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = make_corpus(tmp_path, {"small": SMALL})
    site = tmp_path / "site"
    code, _, _ = run("build", "--corpus", str(corpus), "--out", str(site), "--no-cache", "-q")
    assert code == 0
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-pagefind"))
    for jobs in ("1", "2"):
        code, _, err = run(
            "build", "--corpus", str(corpus), "--out", str(site), "--no-cache", "-q", "-j", jobs
        )
        assert code == 3
        assert "Pagefind's binary could not be run" in err
        assert "PAGEFIND_BINARY_PATH" in err
        assert "Traceback" not in err
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
