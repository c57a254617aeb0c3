"""The build cache: a rebuild takes unchanged chapters from it, and its output is
exactly a cold build's, however the corpus changed in between."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from edition.cache import Memo, Store, digest
from edition.cli import main
from edition.search import _inflate

ROOT = Path(__file__).resolve().parent.parent
NOTE_7 = "esp. 75–77;"


def corpus_of_two(tmp_path: Path) -> Path:
    """The seed corpus with a second copy of its chapter, named ``second``."""
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    shutil.copytree(corpus / "chen-mao", corpus / "second")
    edition = corpus / "edition.yaml"
    edition.write_text(
        edition.read_text("utf-8").replace("- chen-mao", "- chen-mao\n  - second", 1), "utf-8"
    )
    return corpus


def set_note_7(corpus: Path, word: str) -> None:
    """Put ``word`` into note 7 of the second chapter (one line of its source changes)."""
    source = corpus / "second" / "source.md"
    lines = source.read_text("utf-8").split("\n")
    [i] = [i for i, line in enumerate(lines) if line.startswith("- 7 Andrei Ledovsky")]
    original = (ROOT / "corpus" / "chen-mao" / "source.md").read_text("utf-8").split("\n")[i]
    lines[i] = original.replace(NOTE_7, f"esp. 75–77 (see {word});")
    source.write_text("\n".join(lines), "utf-8")


def build(corpus: Path, out: Path, *cache: str) -> tuple[dict[str, bytes], str]:
    err = io.StringIO()
    code = main(
        ["build", "--jobs", "1", "--corpus", str(corpus), "--out", str(out), *cache], err=err
    )
    assert code == 0, err.getvalue()
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    return files, err.getvalue()


def indexed_text(files: dict[str, bytes]) -> str:
    """All the text Pagefind holds for the search results (its fragments)."""
    return " ".join(
        json.loads(_inflate(content))["content"]
        for path, content in files.items()
        if path.endswith(".pf_fragment")
    )


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return corpus_of_two(tmp_path)


def test_a_changed_note_is_rebuilt_and_searchable_and_nothing_else_is(
    corpus: Path, tmp_path: Path
) -> None:
    cache = ("--cache", str(tmp_path / "cache"))
    set_note_7(corpus, "Quetzalcoatl")
    first, log = build(corpus, tmp_path / "site", *cache)
    assert "0 of 2 chapters unchanged" in log
    assert "Quetzalcoatl" in indexed_text(first)

    set_note_7(corpus, "Zanzibar")
    second, log = build(corpus, tmp_path / "site", *cache)
    assert "1 of 2 chapters unchanged" in log  # chen-mao came from the cache
    assert "Zanzibar" in second["data/second.yaml"].decode("utf-8")
    assert "Zanzibar" in second["second.html"].decode("utf-8")
    assert "Quetzalcoatl" not in second["second.html"].decode("utf-8")
    index = indexed_text(second)
    assert "Zanzibar" in index, "the changed note is not in the search index"
    assert "Quetzalcoatl" not in index, "the old wording is still in the search index"
    # ...and the whole site is what a build without any cache makes
    cold, log = build(corpus, tmp_path / "cold", "--no-cache")
    assert "taken from the build cache" not in log
    assert sorted(second) == sorted(cold)
    assert [p for p in cold if cold[p] != second[p]] == []


def test_a_retitled_chapter_is_renamed_in_its_neighbours_links(
    corpus: Path, tmp_path: Path
) -> None:
    # chen-mao's page links the next chapter by its title: a new title for the second
    # chapter changes the first chapter's page, which the cache must not keep
    cache = ("--cache", str(tmp_path / "cache"))
    first, _ = build(corpus, tmp_path / "site", *cache)
    page = first["chen-mao.html"].decode("utf-8")
    assert '<a class="chapter-nav__next" rel="next" href="second.html">' in page
    assert "chapter-nav__prev" not in page  # the first chapter has no previous one
    meta = corpus / "second" / "chapter.yaml"
    text = meta.read_text("utf-8")
    assert "title: Mao and Sino-American Relations" in text
    meta.write_text(text.replace("title: Mao and", "title: Zhou and", 1), "utf-8")
    warm, _ = build(corpus, tmp_path / "site", *cache)
    nav = warm["chen-mao.html"].decode("utf-8").split('class="chapter-nav"')[1]
    assert "Zhou and Sino-American Relations</a>" in nav
    cold, _ = build(corpus, tmp_path / "cold", "--no-cache")
    assert [p for p in cold if cold[p] != warm.get(p)] == []


def test_an_unchanged_corpus_is_taken_whole_from_the_cache(corpus: Path, tmp_path: Path) -> None:
    cache = ("--cache", str(tmp_path / "cache"))
    first, _ = build(corpus, tmp_path / "site", *cache)
    entries = {p.name for p in (tmp_path / "cache").rglob("*") if len(p.name) == 64}
    second, log = build(corpus, tmp_path / "site", *cache)
    assert "2 of 2 chapters unchanged" in log
    assert second == first
    assert {p.name for p in (tmp_path / "cache").rglob("*") if len(p.name) == 64} == entries


@pytest.mark.parametrize(
    "change",
    [
        "new emendations file",
        "bibliography",
        "chapter.yaml",
    ],
)
def test_what_a_chapter_is_made_of_invalidates_it(
    corpus: Path, tmp_path: Path, change: str
) -> None:
    cache = ("--cache", str(tmp_path / "cache"))
    (corpus / "second" / "emendations.yaml").unlink()
    build(corpus, tmp_path / "site", *cache)
    if change == "new emendations file":
        shutil.copy(corpus / "chen-mao" / "emendations.yaml", corpus / "second")
        expect = "1 of 2"
    elif change == "bibliography":
        bib = corpus / "sources.bib"
        bib.write_text(bib.read_text("utf-8") + "\n% a comment\n", "utf-8")
        expect = "0 of 2"
    else:
        yaml_file = corpus / "second" / "chapter.yaml"
        yaml_file.write_text(yaml_file.read_text("utf-8") + "\n# a comment\n", "utf-8")
        expect = "1 of 2"
    warm, log = build(corpus, tmp_path / "site", *cache)
    assert f"{expect} chapters unchanged" in log
    cold, _ = build(corpus, tmp_path / "cold", "--no-cache")
    assert [p for p in cold if cold[p] != warm.get(p)] == []


def test_a_damaged_cache_is_rebuilt_not_believed(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, _ = build(corpus, tmp_path / "site", "--cache", str(cache))
    for entry in cache.rglob("*"):
        if len(entry.name) == 64:
            entry.write_bytes(b"not a pickle")
    second, log = build(corpus, tmp_path / "site", "--cache", str(cache))
    assert "0 of 2 chapters unchanged" in log
    assert second == first


class Planted:
    """A pickle that would leave a file behind when loaded."""

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, ("PWNED", "w"))


def test_a_cache_not_signed_by_this_user_is_never_loaded(corpus: Path, tmp_path: Path) -> None:
    """Unpickling runs code: entries that came from elsewhere (with a corpus, say) are
    rebuilt, not loaded, even when their names are the very keys of this build."""
    import pickle

    cache = tmp_path / "cache"
    first, _ = build(corpus, tmp_path / "site", "--cache", str(cache))
    for entry in cache.rglob("*"):
        if len(entry.name) == 64:
            entry.write_bytes(b"\0" * 32 + pickle.dumps(Planted()))
    second, log = build(corpus, tmp_path / "site", "--cache", str(cache))
    assert not (tmp_path / "PWNED").exists()
    assert "0 of 2 chapters unchanged" in log
    assert second == first
    _, log = build(corpus, tmp_path / "site", "--cache", str(cache))
    assert "2 of 2 chapters unchanged" in log  # the planted entries were replaced by ours


def test_no_cache_keeps_nothing(corpus: Path, tmp_path: Path) -> None:
    build(corpus, tmp_path / "site", "--no-cache")
    assert not (tmp_path / ".edition-cache").exists()
    build(corpus, tmp_path / "site")
    assert (tmp_path / ".edition-cache" / "CACHEDIR.TAG").is_file()


def test_store_keeps_one_builds_worth(tmp_path: Path) -> None:
    store = Store(tmp_path, secret=b"k" * 32)
    memo = Memo()
    memo.put(digest("a"), b"A")
    memo.put(digest("b"), b"B")
    store.save("made", memo)
    again = store.load("made")
    assert again.get(digest("a")) == b"A"  # used; b is not
    store.save("made", again)
    assert store.load("made").entries == {digest("a"): b"A"}
    assert again.hits == 1
    assert Store(tmp_path, secret=b"x" * 32).load("made").get(digest("a")) is None


def test_library_versions_are_read_as_importlib_metadata_reads_them() -> None:
    from importlib import metadata

    from edition.cache import _LIBRARIES, _installed

    installed = _installed()
    for name in _LIBRARIES:
        assert installed[name.lower().replace("-", "_")] == metadata.version(name)


def test_compiled_templates_are_kept_and_reused_until_the_template_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from edition.builder import CompiledTemplates
    from edition.render import environment

    folder = tmp_path / "__pycache__"
    quiet_mode = False

    def env(source: str) -> tuple[Any, list[str]]:
        made = environment({"t.html": source})
        made.bytecode_cache = CompiledTemplates(folder, write=not quiet_mode)
        compiled: list[str] = []
        original = made.compile
        made.compile = lambda *a, **k: compiled.append("x") or original(*a, **k)
        return made, compiled

    first, compiled = env("<p>{{ x }}</p>")
    assert first.get_template("t.html").render(x="a&b") == "<p>a&amp;b</p>"
    assert compiled == ["x"]
    [kept] = folder.iterdir()
    assert kept.suffix == ".jinja2" and kept.stat().st_mode & 0o077 == 0

    again, compiled = env("<p>{{ x }}</p>")
    assert again.get_template("t.html").render(x="<i>") == "<p>&lt;i&gt;</p>"
    assert compiled == []  # loaded, not compiled

    changed, compiled = env("<b>{{ x }}</b>")
    assert changed.get_template("t.html").render(x="y") == "<b>y</b>"  # the new source
    assert compiled == ["x"]

    kept.chmod(0o666)  # anyone may write it: never loaded
    shared, compiled = env("<b>{{ x }}</b>")
    assert shared.get_template("t.html").render(x="z") == "<b>z</b>"
    assert compiled == ["x"]

    for p in folder.iterdir():
        p.unlink()
    quiet_mode = True  # e.g. PYTHONDONTWRITEBYTECODE: nothing written
    quiet, compiled = env("<i>{{ x }}</i>")
    assert quiet.get_template("t.html").render(x="q") == "<i>q</i>"
    assert list(folder.iterdir()) == []
    monkeypatch.setattr("sys.dont_write_bytecode", True)
    assert CompiledTemplates(folder).write is False
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    assert CompiledTemplates(folder).write is True


def test_the_projects_templates_are_compiled_beside_them_and_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jinja2

    from edition import builder

    project = tmp_path / "project"
    shutil.copytree(ROOT / "templates", project / "templates")
    shutil.copytree(ROOT / "static", project / "static")
    names = builder.compile_templates(project)
    assert names == sorted(p.name for p in (ROOT / "templates").glob("*.html"))
    assert len(list((project / "templates" / "__pycache__").glob("*.jinja2"))) == len(names)
    # a build of the project's own templates loads them compiled, compiling nothing
    builder.compile_templates()  # as `make bytecode` does
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def spy(self: jinja2.Environment, *args: Any, **kwargs: Any) -> Any:
        compiled.append(str(args[1] if len(args) > 1 else kwargs.get("name")))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", spy)
    corpus = builder.load_corpus(ROOT / "corpus")
    files = builder.render_files(corpus)
    assert compiled == []
    assert files == builder.render_files(corpus, builder.read_theme(project))
    assert "chapter.html" in compiled  # a theme given: compiled as before


def test_the_search_index_is_kept_while_what_it_indexes_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from edition import builder, search

    corpus = builder.load_corpus(ROOT / "corpus")
    templates, assets = builder.read_theme()
    memo = Memo()
    first = builder.render_files(corpus, (templates, assets), memo=memo)
    started: list[int] = []
    real_start = search.start

    def spy(items: list[search.Record], *args: object, **kwargs: object) -> search.Indexing:
        started.append(len(items))
        return real_start(items, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(search, "start", spy)
    restyled = {**assets, "static/edition.css": assets["static/edition.css"] + b"\nhr{margin:0}\n"}
    again = builder.render_files(corpus, (templates, restyled), memo=Memo(entries=memo.added))
    assert started == []  # a new style: the index as it was
    index = {p: b for p, b in first.items() if p.startswith("pagefind/")}
    assert index and {p: b for p, b in again.items() if p.startswith("pagefind/")} == index
    assert again["static/edition.css"] != first["static/edition.css"]

    reworded = builder.load_corpus(corpus_of_two(tmp_path))
    third = builder.render_files(reworded, (templates, assets), memo=Memo(entries=memo.added))
    assert started and started[0] > 0  # other text (a second chapter): indexed again
    assert indexed_text(first).count("Weathersby focused") == 1
    assert indexed_text(third).count("Weathersby focused") == 2 * indexed_text(first).count(
        "Weathersby focused"
    )


def test_a_changed_note_has_only_its_own_shard_of_the_index_made_again(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from edition import search

    monkeypatch.setattr(search, "SHARD_CHAPTERS", 1)  # two chapters, two shards
    started: list[list[str]] = []
    real_start = search.start

    def spy(parts: list[search.Shard], *args: object, **kwargs: object) -> search.Indexing:
        started.append([p.folder for p in parts])
        return real_start(parts, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(search, "start", spy)
    cache = ("--cache", str(tmp_path / "cache"))
    set_note_7(corpus, "Quetzalcoatl")
    first, _ = build(corpus, tmp_path / "site", *cache)
    assert started == [["pagefind/", "pagefind/shard-2/"]]
    assert 'data-shards="2"' in first["index.html"].decode("utf-8")
    assert "Quetzalcoatl" in indexed_text(
        {p: b for p, b in first.items() if p.startswith("pagefind/shard-2/")}
    )

    set_note_7(corpus, "Zanzibar")  # in the second chapter: the second shard
    second, _ = build(corpus, tmp_path / "site", *cache)
    assert started[1:] == [["pagefind/shard-2/"]]
    index = indexed_text(second)
    assert "Zanzibar" in index and "Quetzalcoatl" not in index
    primary = {p: b for p, b in second.items() if p.startswith("pagefind/") and "shard-" not in p}
    assert primary == {
        p: b for p, b in first.items() if p.startswith("pagefind/") and "shard-" not in p
    }
    cold, _ = build(corpus, tmp_path / "cold", "--no-cache")
    assert sorted(second) == sorted(cold)
    assert [p for p in cold if cold[p] != second[p]] == []


def test_the_large_edition_wide_pages_are_kept_while_what_they_show_is_unchanged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import jinja2

    from edition import builder

    corpus = builder.load_corpus(ROOT / "corpus")
    theme = builder.read_theme()
    memo = Memo()
    first = builder.render_files(corpus, theme, memo=memo)
    rendered: list[str] = []
    real_render = jinja2.Template.render

    def spy(self: jinja2.Template, *args: object, **kwargs: object) -> str:
        rendered.append(str(self.name))
        return real_render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", spy)
    again = builder.render_files(corpus, theme, memo=Memo(entries=memo.added))
    assert again == first
    kept = {"sources.html", "chronology.html", "abbreviations.html"}
    assert kept.isdisjoint(rendered), rendered
    assert "index.html" in rendered  # the small pages are simply made again

    # a work's title changed: the Sources page shows it, so it is made again
    source = next(s for s in corpus.sources if s.key == "shi1992mao")
    retitled = dataclasses.replace(
        corpus,
        sources=tuple(
            dataclasses.replace(
                s,
                fields=tuple((k, "A New Title" if k == "title" else v) for k, v in s.fields),
            )
            if s is source
            else s
            for s in corpus.sources
        ),
    )
    rendered.clear()
    third = builder.render_files(retitled, theme, memo=Memo(entries=memo.added))
    assert "sources.html" in rendered
    assert "A New Title" in third["sources.html"].decode("utf-8")
