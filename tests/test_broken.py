"""Broken corpora: every failure is a clean diagnostic and the right exit code, never a traceback.

Each folder of ``tests/broken/`` is one case: a corpus (``corpus/``, sometimes
with files beside it) and ``expected.yaml``:

``exit``
    the exit code of ``edition check --corpus corpus`` (or of ``args``);
``diagnostics``
    lines that must all appear on stderr, as ``edition check`` prints the
    first line of a diagnostic (``path:line: severity: code: message``), or
    ``{diagnostic, hint}`` when the hint on the next line matters too.
    ``{cwd}`` stands for the case's folder (absolute, as some messages give
    it); a line ending in ``…`` matches any line that starts with the rest
    (used only where the diagnostic does not exist yet and its wording is the
    maintainer's to choose). Every error and warning printed must be listed:
    nothing unexpected is reported;
``args``
    another command line instead of ``check --corpus corpus``;
``unchanged``
    folders (relative to the case) that must be byte-identical afterwards;
``build``
    ``false`` for a case not to be built as well (by default every case is
    also built with ``build --corpus corpus --out out``, which must give the
    same exit code and diagnostics, and, when it fails, create no ``out/``);
``build_says``
    more lines the build must print.

Files that cannot be committed as they are — binary, not UTF-8, with a BOM
and CRLF, a symbolic link, an empty folder, a 10 MB chapter — are made by
:data:`GENERATORS` in the copy of the case, before it runs.

Each case is copied into a temporary folder which becomes the working
directory, so paths in messages are relative (``corpus/small/source.md:5``).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from edition import citations, data
from edition.cli import main
from edition.ingest import ingest_bytes

BROKEN = Path(__file__).parent / "broken"
ROOT = Path(__file__).resolve().parent.parent

DIAGNOSTIC = re.compile(r"^\S.*?: (error|warning|info): [a-z0-9-]+: ")
"""The first line of a diagnostic as the command line prints it."""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (symbolic links as their target's name), by relative path."""
    found: dict[str, bytes] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            rel = str(path.relative_to(folder))
            found[rel] = (
                b"-> " + str(path.readlink()).encode() if path.is_symlink() else path.read_bytes()
            )
        for name in dirnames:
            if (Path(dirpath) / name).is_symlink():
                found[str((Path(dirpath) / name).relative_to(folder))] = b"-> dir"
    return found


# --- generated files ---------------------------------------------------------

SMALL_BYTES = (BROKEN / "bom-crlf" / "corpus" / "small" / "source.md").read_bytes()
"""The small chapter most cases start from (LF line endings, UTF-8, no BOM)."""


def _binary(case: Path) -> None:
    # the start of a PDF: a text header, then binary content with NUL bytes (line 5)
    pdf = (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\n"
        b"stream\x00\x01\x02\xff\xfe endstream\n"
    )
    (case / "corpus" / "small").mkdir(parents=True)
    (case / "corpus" / "small" / "source.md").write_bytes(pdf)


def _not_utf8(case: Path) -> None:
    (case / "corpus" / "small").mkdir(parents=True)
    latin1 = SMALL_BYTES.replace(b"Second paragraph", "Café paragraph".encode("latin-1"))
    (case / "corpus" / "small" / "source.md").write_bytes(latin1)


def bom_crlf(text: bytes) -> bytes:
    return b"\xef\xbb\xbf" + text.replace(b"\n", b"\r\n")


def _bom_crlf(case: Path) -> None:
    source = case / "corpus" / "small" / "source.md"
    source.write_bytes(bom_crlf(source.read_bytes()))


def _symlink_out(case: Path) -> None:
    (case / "corpus" / "small").mkdir(parents=True)
    (case / "corpus" / "small" / "source.md").symlink_to(Path("..", "..", "outside.md"))


def _empty_corpus(case: Path) -> None:
    (case / "corpus").mkdir()


def _chapter_yaml_latin1(case: Path) -> None:
    text = "title: A Small Chapter\nauthors: [Ann Café]\n"
    (case / "corpus" / "small" / "chapter.yaml").write_bytes(text.encode("latin-1"))


def _bib_latin1(case: Path) -> None:
    text = (
        "@book{good2000,\n  author = {Good, Ann},\n  title = {Café Society},\n  year = {2000},\n}\n"
    )
    (case / "corpus" / "sources.bib").write_bytes(text.encode("latin-1"))


def _good_build_then_break(case: Path) -> None:
    code, _, err = run("build", "--corpus", "corpus", "--out", "out")
    assert code == 0, err
    source = case / "corpus" / "small" / "source.md"
    source.write_text(source.read_text("utf-8").replace("<sup>2</sup>", "<sup>7</sup>"), "utf-8")


LARGE_PARAGRAPHS = LARGE_NOTES = 2000
_WORDS = (
    "the minister said that the delegation would return to the capital before the winter and "
    "that the talks had gone as well as anyone could have hoped given the circumstances"
).split()


def _sentence(i: int, n: int = 24) -> str:
    return " ".join(_WORDS[(i + k) % len(_WORDS)] for k in range(n)).capitalize() + "."


def large_chapter(paragraphs: int, notes: int) -> str:
    """A chapter of about 4.9 KB per paragraph and note: 2,000 of each make 10 MB."""
    parts = ["# A Very Long Chapter\n\n## Ann Author\n"]
    for i in range(1, paragraphs + 1):
        marker = f"<sup>{i}</sup>" if i <= notes else ""
        parts.append(" ".join(_sentence(i + j) for j in range(33)) + marker + "\n")
    parts.append("## Notes\n")
    for i in range(1, notes + 1):
        parts.append(f"{i}. " + " ".join(_sentence(3 * i + j) for j in range(3)) + "\n")
    return "\n".join(parts)


def _large(case: Path) -> None:
    (case / "corpus" / "large").mkdir(parents=True)
    text = large_chapter(LARGE_PARAGRAPHS, LARGE_NOTES)
    (case / "corpus" / "large" / "source.md").write_text(text, "utf-8")


GENERATORS: dict[str, Callable[[Path], None]] = {
    "binary-file": _binary,
    "not-utf8": _not_utf8,
    "bom-crlf": _bom_crlf,
    "source-outside-corpus": _symlink_out,
    "no-chapters": _empty_corpus,
    "chapter-yaml-not-utf8": _chapter_yaml_latin1,
    "bib-not-utf8": _bib_latin1,
    "failed-build-keeps-site": _good_build_then_break,
    "large-chapter": _large,
}

# --- the runner --------------------------------------------------------------

CASES = sorted(p.name for p in BROKEN.iterdir() if (p / "expected.yaml").is_file())
SEPARATE = {"large-chapter"}
"""Cases with a test of their own below."""


def load_expected(case: str) -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load((BROKEN / case / "expected.yaml").read_text("utf-8"))
    assert set(spec) <= {"exit", "diagnostics", "args", "unchanged", "build", "build_says"}, case
    return spec


def prepare(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / case
    shutil.copytree(BROKEN / case, work, symlinks=True)
    (work / "expected.yaml").unlink()
    monkeypatch.chdir(work)
    if case in GENERATORS:
        GENERATORS[case](work)
    return work


def check_report(spec: dict[str, Any], code: int, err: str, what: str) -> None:
    """The exit code, every expected line present, nothing unexpected, no traceback."""
    assert "Traceback" not in err, f"{what}: a traceback\n{err}"
    assert code == spec["exit"], f"{what}: exit {code}, expected {spec['exit']}\n{err}"
    lines = err.splitlines()
    cwd = str(Path.cwd().resolve())
    matched: set[int] = set()
    for item in spec.get("diagnostics") or []:
        line, hint = (item["diagnostic"], item["hint"]) if isinstance(item, dict) else (item, None)
        line = line.replace("{cwd}", cwd)
        if line.endswith("…"):
            hits = [i for i, x in enumerate(lines) if x.startswith(line[:-1])]
        else:
            hits = [i for i, x in enumerate(lines) if x == line]
        assert hits, f"{what}: missing\n  {line}\nin\n{err}"
        matched.update(hits)
        if hint is not None:
            assert any(i + 1 < len(lines) and lines[i + 1] == f"    hint: {hint}" for i in hits), (
                f"{what}: no hint {hint!r} after\n  {line}\nin\n{err}"
            )
    unexpected = [
        x
        for i, x in enumerate(lines)
        if i not in matched and (m := DIAGNOSTIC.match(x)) and m.group(1) != "info"
    ]
    assert not unexpected, f"{what}: unexpected diagnostics\n" + "\n".join(unexpected)


def staging_left(work: Path) -> list[str]:
    return sorted(p.name for p in work.iterdir() if p.name.startswith((".out.", ".site.")))


@pytest.mark.parametrize("case", [c for c in CASES if c not in SEPARATE])
def test_broken_corpus(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = load_expected(case)
    work = prepare(case, tmp_path, monkeypatch)
    kept = {rel: tree(work / rel) for rel in spec.get("unchanged", [])}
    before = tree(work)
    args = spec.get("args") or ["check", "--corpus", "corpus"]
    code, out, err = run(*args)
    check_report(spec, code, err, " ".join(args))
    assert out == ""
    if args[0] == "check":
        assert tree(work) == before, "check wrote something"
    for rel, files in kept.items():
        assert tree(work / rel) == files, f"{rel} changed"
    assert not staging_left(work)
    if args[0] != "check" or spec.get("build") is False:
        return

    had_out = (work / "out").exists()
    code, out, err = run("build", "--corpus", "corpus", "--out", "out")
    check_report(spec, code, err, "build")
    for line in spec.get("build_says") or []:
        assert line in err.splitlines(), f"build: missing\n  {line}\nin\n{err}"
    for rel, files in kept.items():
        assert tree(work / rel) == files, f"build: {rel} changed"
    assert not staging_left(work), "build left a temporary folder"
    if code == 0:
        assert (work / "out" / ".edition-build").is_file()
    elif not had_out:
        assert not (work / "out").exists(), "a failed build created out/"


def test_every_case_has_its_files() -> None:
    assert len(CASES) >= 32
    for case in CASES:
        load_expected(case)
        assert (BROKEN / case / "corpus").is_dir() or case in GENERATORS or case == "missing-corpus"


# --- byte-order marks and line endings ---------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(bom_crlf, id="bom-crlf"),
        pytest.param(lambda b: b.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda b: b.replace(b"\n", b"\r"), id="cr"),
        pytest.param(lambda b: b"\xef\xbb\xbf" + b, id="bom"),
    ],
)
def test_bom_and_line_endings_change_nothing(variant: Callable[[bytes], bytes]) -> None:
    """The same chapter data, but for the recorded source path, from every encoding variant."""
    seed = (ROOT / "corpus" / "chen-mao" / "source.md").read_bytes()
    for text in (SMALL_BYTES, seed):
        lf, lf_diags = ingest_bytes(text, "lf/small/source.md")
        other, other_diags = ingest_bytes(variant(text), "crlf/small/source.md")
        assert lf is not None and other is not None
        assert lf_diags == other_diags == []

        def comparable(chapter: Any, path: str) -> dict[str, Any]:
            found = data.to_data(chapter)
            assert found["chapter"].pop("source") == path
            for d in found["diagnostics"]:
                assert d.pop("path") == path
            return found

        assert comparable(lf, "lf/small/source.md") == comparable(other, "crlf/small/source.md")


def test_bom_crlf_corpus_builds_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, content in (("lf", SMALL_BYTES), ("crlf", bom_crlf(SMALL_BYTES))):
        (tmp_path / name / "corpus" / "small").mkdir(parents=True)
        (tmp_path / name / "corpus" / "small" / "source.md").write_bytes(content)
        monkeypatch.chdir(tmp_path / name)
        code, _, err = run("build", "--corpus", "corpus", "--out", "out")
        assert code == 0, err
    assert tree(tmp_path / "lf" / "out") == tree(tmp_path / "crlf" / "out")


# --- a 10 MB chapter -----------------------------------------------------------

_MEASURE = """
import io, json, resource, sys, time
import edition.cli as cli

loaded = []
load = cli.load_corpus
cli.load_corpus = lambda *a, **k: loaded.append(load(*a, **k)) or loaded[-1]
err = io.StringIO()
start = time.perf_counter()
code = cli.main(["check", "--corpus", "corpus"], err=err)
wall = time.perf_counter() - start
chapters = loaded[0].chapters if loaded else ()
json.dump({
    "exit": code,
    "stderr": err.getvalue(),
    "seconds": wall,
    "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "paragraphs": [len(c.paragraphs) for c in chapters],
    "notes": [len(c.notes) for c in chapters],
    "marked": [sum(len(p.notes) for p in c.paragraphs) for c in chapters],
}, sys.stdout)
"""


def test_large_chapter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 10 MB chapter is checked with exit 0; its time and memory are printed, not asserted.

    It runs in a process of its own so that the peak memory is the check's own.
    """
    spec = load_expected("large-chapter")
    work = prepare("large-chapter", tmp_path, monkeypatch)
    size = (work / "corpus" / "large" / "source.md").stat().st_size
    assert 9_500_000 < size < 10_500_000
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE], capture_output=True, text=True, check=False, cwd=work
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    check_report(spec, report["exit"], report["stderr"], "check of a 10 MB chapter")
    assert report["paragraphs"] == [LARGE_PARAGRAPHS]
    assert report["notes"] == [LARGE_NOTES]
    assert report["marked"] == [LARGE_NOTES]
    print(
        f"\n10 MB chapter ({size / 1e6:.1f} MB, {LARGE_PARAGRAPHS} paragraphs, {LARGE_NOTES} notes): "
        f"edition check took {report['seconds']:.2f} s wall time, "
        f"peak memory {report['peak_kib'] / 1024:.0f} MiB (ru_maxrss of the checking process)"
    )


# --- a build whose search index is large ------------------------------------------


def test_build_with_a_large_search_index_finishes(tmp_path: Path) -> None:
    """A chapter of 600 paragraphs of varied short words (0.3 MB) builds in a couple of seconds.

    Its Pagefind index is about 1 MB, which Pagefind's service sends back, base64-encoded,
    in one reply: more than the 2 MiB the reader of its pipe accepts. The build must
    finish (or fail with a message), never wait forever. It runs in a process of its own,
    stopped after a generous timeout. (Words of at most six letters, so that the spelling
    suggestions, which look at longer words, are not what is measured.)
    """
    import random
    import string

    rng = random.Random(1950)

    def word() -> str:
        return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 6)))

    def text(words: int) -> str:
        return " ".join(word() for _ in range(words)).capitalize() + "."

    n = 600
    body = "\n\n".join(f"{text(80)}<sup>{i}</sup>" for i in range(1, n + 1))
    notes = "\n".join(f"{i}. {text(12)}" for i in range(1, n + 1))
    chapter = f"# A Chapter of Many Words\n\n## Ann Author\n\n{body}\n\n## Notes\n\n{notes}\n"
    (tmp_path / "corpus" / "words").mkdir(parents=True)
    (tmp_path / "corpus" / "words" / "source.md").write_text(chapter, "utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "edition", "build", "--corpus", "corpus", "--out", "out", "-q"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: Pagefind's process is stopped with it
    )
    timeout = 20
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.communicate()
        pytest.fail(f"edition build did not finish in {timeout} s: it hangs")
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert (tmp_path / "out" / "words.html").is_file()
    assert (tmp_path / "out" / "pagefind" / "pagefind-entry.json").is_file()


# --- what the command line prints ---------------------------------------------

SUMMARY = re.compile(r"^\d+ errors?, \d+ warnings?, \d+ info messages?$")
TRAIL = re.compile(r"^[^:]+: \d+ notes, \d+ citations ")


def test_stderr_holds_only_diagnostics(tmp_path: Path) -> None:
    """Every line `edition check` prints is a diagnostic, its hint, a chapter summary or the
    final count: no library's own logging (bibtexparser reports a broken entry itself)."""
    shutil.copytree(BROKEN / "bib-syntax", tmp_path / "case")
    result = subprocess.run(
        [sys.executable, "-m", "edition", "check", "--corpus", "corpus"],
        cwd=tmp_path / "case",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    stray = [
        line
        for line in result.stderr.splitlines()
        if not (
            DIAGNOSTIC.match(line)
            or line.startswith("    hint: ")
            or SUMMARY.match(line)
            or TRAIL.match(line)
        )
    ]
    assert not stray, "stray lines on stderr:\n" + "\n".join(stray)


# --- converter damage inside a note ---------------------------------------------


@pytest.mark.parametrize("entity", ["&amp;", "&#38;", "&#x26;"])
def test_an_html_entity_does_not_split_a_citation(entity: str) -> None:
    """A converter that escapes '&' leaves '&amp;' in a note: its ';' ends no citation."""
    plain = citations.parse("Warren I. Cohen, *America & China* (New York: Wiley, 1980), 12.")
    escaped = citations.parse(
        f"Warren I. Cohen, *America {entity} China* (New York: Wiley, 1980), 12."
    )
    assert [p.kind for p in plain] == ["full"]
    assert [p.kind for p in escaped] == ["full"], [p.text for p in escaped]
