"""The same content as an edition corpus, as input for the peers a user would pick instead.

Usage: ``python benchmarks/peers.py CORPUS_DIR OUT_DIR`` (run with the project's
``.venv`` python: the text comes from edition's own ingest).

Writes two projects, one page per chapter in the corpus's reading order:

* ``OUT_DIR/mkdocs/``: ``mkdocs.yml`` (theme ``material``, plugin ``search``,
  Markdown extension ``footnotes``) and ``docs/<slug>.md``;
* ``OUT_DIR/hugo/``: ``hugo.toml``, one layout that renders ``.Content``
  (plus a home page listing the chapters) and ``content/<slug>.md``, built
  with ``hugo`` (goldmark renders the footnotes) and then indexed by Pagefind.

Each chapter page holds exactly what edition's ingest and link stages give
(:func:`edition.ingest.ingest`, :func:`edition.link.link`): the title and
authors, the editors' headnote, the author's paragraphs with their ``[^N]``
markers as the chapter data writes them, the Abbreviations list, and each note
as a ``[^N]: …`` footnote definition. It has none of what edition adds on top
(paragraph numbers, the trails to the Sources page, citation metadata, the
data downloads): the peers get the same words, not the same edition.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

from edition.corpus import ChapterConfig, chapter_config, edition_meta
from edition.ingest import ingest
from edition.ingest.decode import decode
from edition.link import link
from edition.model import Chapter
from edition.review import supply

STAMP = ".benchmark-peers"

MKDOCS_YML = """\
site_name: {title}
site_url: https://example.org/edition/
use_directory_urls: false
theme:
  name: material
plugins:
  - search
markdown_extensions:
  - footnotes
nav:
{nav}
"""

HUGO_TOML = """\
baseURL = "https://example.org/edition/"
title = {title}
languageCode = "en"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
uglyURLs = true
"""

HUGO_BASEOF = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
</head>
<body>
<main data-pagefind-body>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"""

HUGO_SINGLE = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ end }}
"""

HUGO_HOME = """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
<ol>{{ range site.RegularPages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol>
{{ end }}
"""


def chapters(corpus: Path) -> tuple[str, list[tuple[str, str, Chapter]]]:
    """The edition's title and its chapters in order: (slug, display title, chapter)."""
    title = "Edition"
    order: list[str] = []
    edition_file = corpus / "edition.yaml"
    if edition_file.is_file():
        meta, _ = edition_meta(edition_file.read_text("utf-8"), str(edition_file))
        title = meta.title or title
        order = list(meta.chapters)
    folders = {p.name: p for p in corpus.iterdir() if (p / "source.md").is_file()}
    slugs = order or sorted(folders)
    out = []
    for slug in slugs:
        folder = folders[slug]
        source = folder / "source.md"
        text, _ = decode(source.read_bytes(), str(source))
        if text is None:
            raise SystemExit(f"{source}: not readable")
        config = ChapterConfig()
        yaml_file = folder / "chapter.yaml"
        if yaml_file.is_file():
            config, _ = chapter_config(yaml_file.read_text("utf-8"), str(yaml_file))
        # As the build does: ingest, the sigla the editors supplied, link.
        chapter = link(supply(ingest(text, str(source)), config.abbreviations))
        name = config.title or chapter.meta.title
        out.append((slug, name, chapter))
    return title, out


def _one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text).strip()


def page(title: str, chapter: Chapter) -> str:
    """The chapter as one Markdown page with footnotes (without its title heading)."""
    parts: list[str] = []
    if chapter.meta.authors:
        parts.append("*" + ", ".join(chapter.meta.authors) + "*")
    if chapter.headnote:
        parts.append("## Editors' introduction")
        parts.extend(_one_line(p.text) for p in chapter.headnote)
        parts.append("## Text")
    headings = {h.before: h for h in chapter.headings}
    for p in chapter.paragraphs:
        if p.id in headings:
            h = headings[p.id]
            parts.append("#" * min(6, h.level + 1) + " " + _one_line(h.title))
        text = _one_line(p.text)
        parts.append("> " + text if p.kind == "quote" else text)
    if chapter.abbreviations:
        parts.append("## Abbreviations")
        parts.extend(f"**{a.abbr}**: {_one_line(a.expansion)}" for a in chapter.abbreviations)
    parts.append("## Notes")
    parts.extend(f"[^{n.n}]: {_one_line(n.text)}" for n in chapter.notes)
    return "\n\n".join(parts) + "\n"


def _fresh(folder: Path) -> None:
    if folder.exists():
        if not (folder / STAMP).is_file():
            raise SystemExit(f"refusing to replace {folder}: it was not made by peers.py")
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / STAMP).write_text("made by benchmarks/peers.py\n", "utf-8")


def write_mkdocs(out: Path, title: str, items: list[tuple[str, str, Chapter]]) -> None:
    """The mkdocs-material project."""
    _fresh(out)
    docs = out / "docs"
    docs.mkdir()
    contents = [f"# {title}", ""] + [f"1. [{name}]({slug}.md)" for slug, name, _ in items]
    (docs / "index.md").write_text("\n".join(contents) + "\n", "utf-8")
    for slug, name, chapter in items:
        (docs / f"{slug}.md").write_text(f"# {name}\n\n" + page(name, chapter), "utf-8")
    nav = "\n".join(
        ["  - Contents: index.md"]
        + [f"  - {json.dumps(name)}: {slug}.md" for slug, name, _ in items]
    )
    (out / "mkdocs.yml").write_text(MKDOCS_YML.format(title=json.dumps(title), nav=nav), "utf-8")


def write_hugo(out: Path, title: str, items: list[tuple[str, str, Chapter]]) -> None:
    """The Hugo project (Pagefind runs on its output)."""
    _fresh(out)
    (out / "hugo.toml").write_text(HUGO_TOML.format(title=json.dumps(title)), "utf-8")
    layouts = out / "layouts"
    layouts.mkdir()
    (layouts / "baseof.html").write_text(HUGO_BASEOF, "utf-8")
    (layouts / "single.html").write_text(HUGO_SINGLE, "utf-8")
    (layouts / "home.html").write_text(HUGO_HOME, "utf-8")
    content = out / "content"
    content.mkdir()
    for weight, (slug, name, chapter) in enumerate(items, start=1):
        front = f"---\ntitle: {json.dumps(name)}\nweight: {weight}\n---\n\n"
        (content / f"{slug}.md").write_text(front + page(name, chapter), "utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python benchmarks/peers.py CORPUS_DIR OUT_DIR", file=sys.stderr)
        return 2
    corpus, out = Path(argv[0]), Path(argv[1])
    title, items = chapters(corpus)
    out.mkdir(parents=True, exist_ok=True)
    write_mkdocs(out / "mkdocs", title, items)
    write_hugo(out / "hugo", title, items)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
