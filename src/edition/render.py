"""Render: the checked corpus into the pages of the reading edition.

A pure stage: it takes the :class:`~edition.builder.Corpus`, a jinja2
environment and the static assets, and returns every file of the site by
path. Pages are flat files (``chen-mao.html``, ``sources.html``) so every link
works from a static server, a subfolder, or straight from the disk.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import pickle
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import jinja2

from edition import chronology, citing, export, minify, search
from edition.assignments import Assignment
from edition.cache import Memo, cached_map, chapter_keys, digest, fingerprint
from edition.markup import MarkerIds, inline, plain
from edition.model import Abbreviation, Chapter, Citation, Name, Note, Source
from edition.references import (
    GROUPS,
    display_name,
    group,
    label,
    name_list,
    reference,
    sort_key,
)

if TYPE_CHECKING:
    from edition.builder import Corpus

from edition.names import parse_names
from edition.trails import UNPUBLISHED

CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'"
)
"""Every page's Content-Security-Policy: scripts, styles and fetches from the site itself
only, no inline script or handler; WebAssembly for Pagefind's search."""

View = dict[str, Any]
"""A template context: plain values, built here and read only by the templates."""


def _volume_html(chapter: Chapter) -> str:
    v = chapter.meta.volume
    if v is None:
        return ""
    editors = ", ed. " + name_list(parse_names(" and ".join(v.editors)), False) if v.editors else ""
    return inline(f"*{v.title}*{editors}")


def _authors(chapter: Chapter) -> str:
    return ", ".join(chapter.meta.authors[:-1]) + (
        (" and " if len(chapter.meta.authors) > 1 else "") + chapter.meta.authors[-1]
        if chapter.meta.authors
        else ""
    )


def _chapter_nav(chapters: Sequence[Chapter]) -> dict[str, View | None]:
    """Each chapter's previous and next chapter, in the edition's order (none for an
    edition of one chapter)."""
    if len(chapters) < 2:
        return {c.meta.slug: None for c in chapters}
    links = [{"url": f"{c.meta.slug}.html", "title_html": inline(c.meta.title)} for c in chapters]
    return {
        c.meta.slug: {
            "prev": links[i - 1] if i > 0 else None,
            "next": links[i + 1] if i + 1 < len(chapters) else None,
        }
        for i, c in enumerate(chapters)
    }


def _edition_view(corpus: Corpus) -> View:
    e = corpus.edition
    editors = (
        name_list(parse_names(" and ".join(e.editors)), invert_first=False) if e.editors else ""
    )
    imprint = ", ".join(x for x in (e.place, e.publisher, e.year) if x)
    citation = (
        f"{html.escape(editors)}, ed{'s' if len(e.editors) > 1 else ''}., " if editors else ""
    )
    citation += f"<i>{html.escape(e.title)}</i>"
    if e.subtitle:
        citation += f": <i>{html.escape(e.subtitle)}</i>"
    citation += f" ({html.escape(imprint)})" if imprint else ""
    if e.url:
        citation += f', <a href="{html.escape(e.url)}">{html.escape(e.url)}</a>'
    return {
        "title": e.title,
        "subtitle": e.subtitle,
        "editors": editors,
        "imprint": imprint,
        "rights": e.rights,
        "url": e.url,
        "description": e.subtitle or e.title,
        "citation": citation + ".",
    }


def _chapter_citation(chapter: Chapter, corpus: Corpus) -> str:
    """How to cite the chapter (Chicago note style) as HTML."""
    e = corpus.edition
    parts = []
    if chapter.meta.authors:
        parts.append(html.escape(_authors(chapter)) + ", ")
    parts.append(f"“{inline(chapter.meta.title)},” in <i>{html.escape(e.title)}</i>")
    if e.editors:
        editors = name_list(parse_names(" and ".join(e.editors)), invert_first=False)
        parts.append(f", ed. {html.escape(editors)}")
    imprint = ", ".join(x for x in (e.place, e.publisher, e.year) if x)
    if imprint:
        parts.append(f" ({html.escape(imprint)})")
    if e.url:
        url = e.url.rstrip("/") + f"/{chapter.meta.slug}.html"
        parts.append(f', <a href="{html.escape(url)}">{html.escape(url)}</a>')
    return "".join(parts) + "."


def _trail(
    note: Note,
    sources: Mapping[str, Source],
    chapter_url: str,
    links: dict[str, str] | None = None,
) -> str:
    """The works a note cites, each linked to the Sources page, with its locator.

    ``links`` keeps each work's link by key, for the next note citing it: a
    chapter cites the same few works again and again (and so do the chapters of
    one edition, which share one bibliography)."""
    items: list[str] = []
    for c in note.citations:
        if not c.source and c.via.startswith(UNPUBLISHED):
            # an archival document or interview: its place in the unpublished sources
            held = unpublished(c)
            items.append(
                ("<i>ibid.</i> = " if c.kind == "ibid" else "")
                + f'<a href="sources.html#{unpublished_id(held)}">{inline(held)}</a>'
                + (f", {html.escape(c.locator)}" if c.locator else "")
            )
            continue
        if not c.source or c.source not in sources:
            continue
        items.append(_trail_item(c, sources[c.source], links))
    return "; ".join(items)


def unpublished(c: Citation) -> str:
    """Where an unpublished source cited without an entry is kept: the archive and
    collection (``RG 59, …, National Archives``), or the interview."""
    for prefix in UNPUBLISHED:
        if c.via.startswith(prefix):
            return c.via[len(prefix) :]
    return c.via


def unpublished_id(held: str) -> str:
    """The anchor of an unpublished source on the Sources page: ``u-`` and a digest
    of its words (stable, and the same for the same words however written)."""
    words = " ".join(re.findall(r"\w+", held.casefold()))
    return "u-" + hashlib.sha1(words.encode("utf-8")).hexdigest()[:10]


def _source_link(s: Source) -> str:
    return f'<a href="sources.html#{html.escape(s.key)}">{inline(label(s))}</a>'


def _trail_item(c: Citation, s: Source, links: dict[str, str] | None = None) -> str:
    if links is None:
        link = _source_link(s)
    else:
        link = links.get(s.key) or links.setdefault(s.key, _source_link(s))
    loc = f", {html.escape(c.locator)}" if c.locator else ""
    if c.kind == "ibid":
        return f"<i>ibid.</i> = {link}{loc}"
    if c.documents and c.kind == "document":
        d = c.documents[0]
        what = d.type.capitalize() if d.type != "document" else ""
        if d.sender and d.recipient:
            what += f", {d.sender} to {d.recipient}"
        elif d.title:
            what = f'"{d.title}"'
        if d.date:
            what += f", {d.date}"
        more = f" and {len(c.documents) - 1} more" if len(c.documents) > 1 else ""
        what = what.strip(", ") + more
        if what.endswith('"'):  # the comma inside the closing quote, as Chicago has it
            return inline(what[:-1] + ',"') + f" in {link}{loc}"
        return f"{inline(what)}, in {link}{loc}"
    return link + loc


def _chapter_view(
    chapter: Chapter,
    corpus: Corpus,
    sigla: Mapping[str, str],
    links: dict[str, str] | None = None,
) -> View:
    """The chapter page's context (``links``: works' links by key, see :func:`_trail`)."""
    url = f"{chapter.meta.slug}.html"
    links = {} if links is None else links
    ids = MarkerIds()
    numbers = frozenset(n.n for n in chapter.notes)
    env: dict[str, Any] = {"marker_ids": ids, "sigla": sigla, "notes": numbers}
    headnote = [{"id": p.id, "html": inline(p.text, env)} for p in chapter.headnote]
    headings = {h.before: h for h in chapter.headings}
    body: list[View] = []
    where: dict[str, str] = {}
    for p in chapter.paragraphs:
        if p.id in headings:
            h = headings[p.id]
            body.append(
                {
                    "heading": True,
                    "id": h.id,
                    "level": min(6, h.level + 1),
                    "html": inline(h.title, env),
                }
            )
        before = {n: len(v) for n, v in ids.seen.items()}
        tag = {"quote": "blockquote", "list": "div", "table": "div"}.get(p.kind, "p")
        block = p.kind in ("list", "table")
        # a table's caption first: its markers come before those of the cells
        caption = f"<caption>{inline(p.caption, env)}</caption>" if p.caption else ""
        rendered = _block_html(p.text, env) if block else inline(p.text, env)
        if caption and rendered.startswith("<table>"):
            rendered = rendered.replace("<table>", f"<table>\n{caption}", 1)
        for n, v in ids.seen.items():
            for marker_id in v[before.get(n, 0) :]:
                where[marker_id] = str(p.n)
        body.append(
            {"heading": False, "id": p.id, "n": p.n, "kind": p.kind, "tag": tag, "html": rendered}
        )
    by_key = {s.key: s for s in corpus.sources}
    notes = []
    # one for all notes: the sigla pattern made once
    note_env: dict[str, Any] = {"sigla": sigla, "notes": numbers}
    for note in chapter.notes:
        marker_ids = ids.seen.get(note.n, [])
        notes.append(
            {
                "n": note.n,
                "html": inline(note.text, note_env),
                "trail": _trail(note, by_key, url, links),
                "backlinks": [
                    {"id": m, "letter": chr(ord("a") + i), "paragraph": where.get(m, "")}
                    for i, m in enumerate(marker_ids)
                ],
            }
        )
    first = chapter.paragraphs[0].text if chapter.paragraphs else ""
    base = _site_base(corpus)
    canonical = f"{base}{url}" if base else ""
    styles = citing.styles(chapter, corpus.edition)
    return {
        "canonical": canonical,
        "meta_tags": _meta_tags(chapter, corpus, canonical),
        "json_ld": _json_ld(chapter, corpus, canonical),
        "styles": [
            {
                "key": s.key,
                "label": s.label,
                "loc": s.loc,
                "loc_many": s.loc_many,
                "url": s.url,
                "template": s.template,
                "filled": s.fill("", canonical),
            }
            for s in styles
        ],
        "slug": chapter.meta.slug,
        "url": url,
        "title_html": inline(chapter.meta.title),
        "title_text": plain(chapter.meta.title),
        "subtitle": inline(chapter.meta.subtitle) if chapter.meta.subtitle else "",
        "note": inline(chapter.meta.note) if chapter.meta.note else "",
        # the tables' styles only where there are tables: not in every first view
        "has_tables": any(p.kind == "table" for p in chapter.paragraphs),
        "authors": _authors(chapter),
        "volume": _volume_html(chapter),
        "headnote": headnote,
        "body": body,
        "notes": notes,
        "paragraphs": len(chapter.paragraphs),
        "citation": _chapter_citation(chapter, corpus),
        "description": plain(first)[:200].rsplit(" ", 1)[0] + "…" if first else "",
    }


def _meta_tags(chapter: Chapter, corpus: Corpus, canonical: str) -> list[tuple[str, str]]:
    """Highwire Press (``citation_*``) and Dublin Core tags, for Zotero and Google Scholar."""
    e = corpus.edition
    title = plain(chapter.meta.title)
    people = [citing.person(a) for a in chapter.meta.authors]
    tags: list[tuple[str, str]] = [("citation_title", title)]
    tags += [("citation_author", f"{n.family}, {n.given}" if n.given else n.family) for n in people]
    tags += [("citation_inbook_title", e.title), ("citation_book_title", e.title)]
    tags += [("citation_editor", x) for x in e.editors]
    if e.publisher:
        tags.append(("citation_publisher", e.publisher))
    if e.year:
        tags.append(("citation_publication_date", e.year))
    v = chapter.meta.volume
    if v is not None and v.pages:
        first, _, last = v.pages.replace("–", "-").partition("-")
        tags.append(("citation_firstpage", first.strip()))
        if last:
            tags.append(("citation_lastpage", last.strip()))
    if canonical:
        tags += [("citation_public_url", canonical), ("citation_fulltext_html_url", canonical)]
    tags.append(("citation_language", "en"))
    tags.append(("DC.title", title))
    tags += [("DC.creator", a) for a in chapter.meta.authors]
    tags += [("DC.contributor", x) for x in e.editors]
    if e.publisher:
        tags.append(("DC.publisher", e.publisher))
    if e.year:
        tags.append(("DC.date", e.year))
    tags += [("DC.type", "Text"), ("DC.format", "text/html"), ("DC.language", "en")]
    tags.append(("DC.relation.ispartof", e.title))
    if canonical:
        tags.append(("DC.identifier", canonical))
    rights = chapter.meta.rights or e.rights
    if rights:
        tags.append(("DC.rights", rights))
    return tags


_SCHEMA_TYPES = {
    "article": "ScholarlyArticle",
    "incollection": "Chapter",
    "inbook": "Chapter",
    "book": "Book",
    "mvbook": "Book",
    "collection": "Book",
    "periodical": "Periodical",
}


def _person_ld(name: str, parts: Name | None = None) -> dict[str, str]:
    """A person as schema.org: ``name`` as written, read into its parts unless given."""
    n = parts if parts is not None else citing.person(name)
    out = {"@type": "Person", "name": name, "familyName": n.family}
    if n.given:
        out["givenName"] = n.given
    return out


def _work_id(key: str, base: str) -> str:
    """A work's IRI: its entry on the Sources page (absolute when the edition has a URL)."""
    return f"{base}sources.html#{key}"


def _site_base(corpus: Corpus) -> str:
    """The edition's address with a final "/" ("" when it has none)."""
    return f"{corpus.edition.url.rstrip('/')}/" if corpus.edition.url else ""


def _ld_text(ld: Mapping[str, Any]) -> str:
    """JSON-LD for a ``<script>`` element: never can the corpus close the element or
    open a comment in it."""
    text = json.dumps(ld, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _json_ld(chapter: Chapter, corpus: Corpus, canonical: str) -> str:
    """The chapter as schema.org JSON-LD: a Chapter of the edition, with its citations.

    Each work cited is named by its IRI, its entry on the Sources page, where the
    page's own JSON-LD describes it in full (:func:`_sources_ld`): described once
    for the whole edition, not again in every chapter that cites it."""
    e = corpus.edition
    book: dict[str, Any] = {"@type": "Book", "name": e.title}
    if e.editors:
        book["editor"] = [_person_ld(x) for x in e.editors]
    if e.publisher:
        book["publisher"] = {"@type": "Organization", "name": e.publisher}
    if e.year:
        book["datePublished"] = e.year
    by_key = {s.key: s for s in corpus.sources}
    base = _site_base(corpus)
    cited = [
        {"@type": _SCHEMA_TYPES.get(s.type, "CreativeWork"), "@id": _work_id(s.key, base)}
        for use in chapter.sources
        if (s := by_key.get(use.key)) is not None
    ]
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Chapter",
        "name": plain(chapter.meta.title),
        "author": [_person_ld(a) for a in chapter.meta.authors],
        "isPartOf": book,
        "inLanguage": "en",
        "citation": cited,
    }
    if canonical:
        ld["url"] = canonical
    v = chapter.meta.volume
    if v is not None:
        ld["isBasedOn"] = {"@type": "Book", "name": v.title}
    return _ld_text(ld)


def _work_ld(s: Source, base: str) -> dict[str, Any]:
    """One work as schema.org: its type, IRI, title, people, year and where it appeared."""
    work: dict[str, Any] = {
        "@type": _SCHEMA_TYPES.get(s.type, "CreativeWork"),
        "@id": _work_id(s.key, base),
        "identifier": s.key,
        "name": plain(s.get("title")),
    }
    # a chapter's editors and publisher are its book's
    container = s.get("journaltitle") or s.get("journal") or s.get("booktitle")
    whole: dict[str, Any] = work
    if container:
        kind = "Periodical" if s.type == "article" else "Book"
        whole = work["isPartOf"] = {"@type": kind, "name": plain(container)}
    for role in ("author", "editor", "translator"):
        people = [n for n in s.names(role) if n.family != "others"]  # "and others"
        if people:
            (whole if role == "editor" else work)[role] = [_name_ld(n) for n in people]
    years = export.year_parts(s)
    if years:
        work["datePublished"] = str(years[0][0])
    if s.get("publisher") and s.type != "article":
        whole["publisher"] = {"@type": "Organization", "name": plain(s.get("publisher"))}
    return work


def _name_ld(n: Name) -> dict[str, str]:
    """A name of the bibliography as schema.org: a person, or a body (no given names)."""
    if not n.given:
        return {"@type": "Organization", "name": n.family}
    return _person_ld(display_name(n), n)


def _sources_ld(corpus: Corpus) -> str:
    """Every work cited, described once, under the IRIs the chapters cite them by."""
    base = _site_base(corpus)
    ld = {
        "@context": "https://schema.org",
        "@graph": [_work_ld(s, base) for s in corpus.cited_sources()],
    }
    return _ld_text(ld)


def _block_html(text: str, env: dict[str, Any]) -> str:
    from edition.markup import _MD

    return str(_MD.render(text, env))


def _sigla(corpus: Corpus) -> dict[str, str]:
    """Every siglum of the corpus with its expansion as plain text."""
    out: dict[str, str] = {}
    for chapter in corpus.chapters:
        for a in chapter.abbreviations:
            out.setdefault(a.abbr, plain(a.expansion))
    return out


FOLD_TRAILS_OVER = 3
"""On the Sources page, a work cited in more chapters than this shows its trail as a
summary (how many notes, how many chapters) that opens to the full list: in an
anthology a much-cited work would otherwise fill the page with hundreds of links
(and cost the reader's browser its layout time)."""


def _sources_view(corpus: Corpus, chapters: Sequence[View]) -> View:
    cited = corpus.cited_sources()
    uses: dict[str, list[tuple[Chapter, int, str]]] = defaultdict(list)
    for chapter in corpus.chapters:
        for note in chapter.notes:
            for c in note.citations:
                if c.source:
                    uses[c.source].append((chapter, note.n, c.locator))
    titles = {c["slug"]: c for c in chapters}
    groups = []
    for name, title in GROUPS:
        members = sorted((s for s in cited if group(s) == name), key=sort_key)
        if not members:
            continue
        items = []
        for s in members:
            per_chapter: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
            for chapter, n, loc in uses[s.key]:
                per_chapter[chapter.meta.slug][n].append(loc)
            items.append(
                {
                    "key": s.key,
                    "coins": export.coins(s),
                    "siglum": s.get("shorthand"),
                    "html": inline(reference(s)),
                    # a trail through many chapters folds: one line until it is opened
                    "fold": len(per_chapter) > FOLD_TRAILS_OVER,
                    "note_count": sum(len(notes) for notes in per_chapter.values()),
                    "chapters": _cited_in(per_chapter, titles),
                }
            )
        groups.append({"name": name, "title": title, "sources": items})
    return {
        "groups": groups,
        "count": len(cited),
        "unpublished": _unpublished_view(corpus, titles),
        "multiple": len(corpus.chapters) > 1,
        "json_ld": _sources_ld(corpus),
    }


def _unpublished_view(corpus: Corpus, titles: Mapping[str, View]) -> list[View]:
    """The unpublished sources the notes cite without an entry (archival documents,
    interviews), each with every note citing it (an ``ibid.`` of one too)."""
    held: dict[str, tuple[str, dict[str, dict[int, list[str]]]]] = {}
    for chapter in corpus.chapters:
        for note in chapter.notes:
            for c in note.citations:
                if c.source or not c.via.startswith(UNPUBLISHED):
                    continue
                where = unpublished(c)
                anchor = unpublished_id(where)
                _, uses = held.setdefault(anchor, (where, {}))
                uses.setdefault(chapter.meta.slug, {}).setdefault(note.n, []).append(c.locator)
    items = []
    for anchor, (where, uses) in sorted(held.items(), key=lambda kv: kv[1][0].casefold()):
        items.append({"id": anchor, "html": inline(where), "chapters": _cited_in(uses, titles)})
    return items


def _cited_in(
    uses: Mapping[str, Mapping[int, list[str]]], titles: Mapping[str, View]
) -> list[View]:
    """A source's trail for the Sources page: per chapter (by slug), the notes citing
    it, each with the pages cited there."""
    return [
        {
            "url": titles[slug]["url"],
            "title_html": titles[slug]["title_html"],
            "uses": [
                {"n": n, "locators": "; ".join(x for x in locs if x)} for n, locs in notes.items()
            ],
        }
        for slug, notes in uses.items()
    ]


def _introduced(chapter: Chapter, a: Abbreviation) -> str | None:
    """The work a siglum introduced with ``hereafter`` in note ``a.note`` stands for."""
    for note in chapter.notes:
        if note.n == a.note:
            for c in note.citations:
                if c.defines == a.abbr and c.source:
                    return c.source
    return None


def _abbreviations_view(corpus: Corpus, chapters: Sequence[View]) -> View:
    shorthand = {s.get("shorthand"): s.key for s in corpus.sources if s.get("shorthand")}
    rows: dict[str, View] = {}
    titles = {c["slug"]: c for c in chapters}
    for chapter in corpus.chapters:
        for a in chapter.abbreviations:
            introduced = _introduced(chapter, a) if a.note else None
            row = rows.setdefault(
                a.abbr,
                {
                    "abbr": a.abbr,
                    "title": plain(a.expansion),
                    "html": inline(a.expansion),
                    "supplied": a.supplied,
                    "source": shorthand.get(a.abbr, "") or (introduced or ""),
                    "introduced": (
                        {"url": titles[chapter.meta.slug]["url"], "note": a.note}
                        if a.note
                        else None
                    ),
                    "chapters": [],
                },
            )
            if a.notes:
                slug = chapter.meta.slug
                row["chapters"].append(
                    {
                        "url": titles[slug]["url"],
                        "title_html": titles[slug]["title_html"],
                        "notes": a.notes,
                    }
                )
    ordered = sorted(rows.values(), key=lambda r: str(r["abbr"]))
    return {
        "abbreviations": ordered,
        "supplied": any(r["supplied"] for r in ordered),
        "introduced": any(r["introduced"] for r in ordered),
        "multiple": len(corpus.chapters) > 1,
    }


def _assignment_view(a: Assignment, corpus: Corpus, sigla: Mapping[str, str]) -> View:
    chapters = {c.meta.slug: c for c in corpus.chapters}
    chapter = chapters[a.chapter]
    url = f"{chapter.meta.slug}.html"

    def passage(p: Any) -> View:
        source = chapters[p.chapter]
        page = f"{source.meta.slug}.html"
        paragraphs = source.headnote if p.prefix == "h" else source.paragraphs
        chosen = [x for x in paragraphs if p.first <= x.n <= p.last]
        env: dict[str, Any] = {"sigla": sigla, "chapter_url": page}
        return {
            "id": f"passage-{p.anchor}",
            "label": p.label,
            "url": p.href,
            "paragraphs": [
                {"n": x.n, "url": f"{page}#{x.id}", "html": inline(x.text, env)} for x in chosen
            ],
        }

    count = sum(p.last - p.first + 1 for p in a.passages)
    return {
        "slug": a.slug,
        "url": f"assignment-{a.slug}.html",
        "title_html": inline(a.title),
        "title_text": plain(a.title),
        "chapter_url": url,
        "chapter_title": inline(chapter.meta.title),
        "chapter_text": plain(chapter.meta.title),
        "authors": _authors(chapter),
        "instructions": inline(a.instructions),
        "questions": [
            {
                "html": inline(q.text),
                "passages": [{"label": p.label, "url": p.href} for p in q.passages],
            }
            for q in a.questions
        ],
        "passages": [passage(p) for p in a.passages],
        "summary": f"{len(a.questions)} questions, {count} paragraphs",
    }


def _place_labels(corpus: Corpus) -> dict[str, dict[str, str]]:
    """How readers cite each place of each chapter: ``¶ 12``, ``Introduction ¶ 2``, ``n. 38``."""
    return {
        c.meta.slug: {
            **{
                p.id: (f"Introduction ¶ {p.n}" if p.id.startswith("h") else f"¶ {p.n}")
                for p in (*c.headnote, *c.paragraphs)
            },
            **{f"n{n.n}": f"n. {n.n}" for n in c.notes},
        }
        for c in corpus.chapters
    }


_NAME_GROUPS = (("person", "Persons"), ("place", "Places"), ("organisation", "Organisations"))


def _names_view(corpus: Corpus, chapters: Sequence[View]) -> View:
    titles = {c["slug"]: c for c in chapters}
    numbers = _place_labels(corpus)
    groups = []
    for kind, title in _NAME_GROUPS:
        entries = []
        for e in sorted(
            (e for e in corpus.register if e.type == kind), key=lambda e: e.name.casefold()
        ):
            by_chapter: dict[str, list[View]] = {}
            for o in corpus.occurrences.get(e.name, []):
                by_chapter.setdefault(o.chapter, []).append(
                    {"url": f"{o.chapter}.html#{o.place}", "label": numbers[o.chapter][o.place]}
                )
            other = [f for f in e.forms if f not in (e.name, e.name.split(" (")[0])]
            entries.append(
                {
                    "slug": e.slug,
                    "name": e.name,
                    "dates": e.dates,
                    "about": inline(e.about),
                    "forms": ", ".join(f"“{f}”" for f in other),
                    "chapters": [
                        {"title_html": titles[slug]["title_html"], "refs": refs}
                        for slug, refs in by_chapter.items()
                    ],
                }
            )
        if entries:
            groups.append({"type": kind, "title": title, "entries": entries})
    return {"groups": groups, "multiple": len(corpus.chapters) > 1}


def _chapter_events(chapter: Chapter) -> list[tuple[chronology.Event, str]]:
    """A chapter's chronology, each event with what it says as HTML."""
    return [(e, inline(e.what)) for e in chronology.events(chapter)]


def _chronology_view(
    corpus: Corpus, chapters: Sequence[View], jobs: int = 1, memo: Memo | None = None
) -> View:
    titles = {c["slug"]: c for c in chapters}
    numbers = _place_labels(corpus)
    years: dict[int, list[View]] = {}
    keys = chapter_keys(corpus.chapters, corpus.digests, "chronology")
    per_chapter = cached_map(_chapter_events, corpus.chapters, keys, memo, jobs)
    events = sorted(
        (x for found in per_chapter for x in found), key=lambda x: chronology.order(x[0])
    )
    for e, what in events:
        who = ""
        if e.sender and e.recipient:
            who = f"{e.sender} to {e.recipient}"
        elif e.sender:
            who = f"by {e.sender}"
        prefix = f"{titles[e.chapter]['title_text']}, " if len(corpus.chapters) > 1 else ""
        years.setdefault(e.when.start[0], []).append(
            {
                "kind": e.kind,
                "kind_label": "Document:" if e.kind == "document" else "",
                "date": chronology.label(e.when),
                "uncertain": e.when.uncertain,
                "what": what,
                "who": who,
                "places": [
                    {"url": f"{e.chapter}.html#{p}", "label": prefix + numbers[e.chapter][p]}
                    for p in e.places
                ],
            }
        )
    return {"years": [{"year": y, "events": ev} for y, ev in sorted(years.items())]}


def render_site(
    corpus: Corpus,
    templates: jinja2.Environment,
    assets: Mapping[str, bytes],
    jobs: int = 1,
    memo: Memo | None = None,
    theme: str = "",
) -> dict[str, bytes]:
    """Every page of the reading edition, and its assets, by path in the site (the
    chapter pages in up to ``jobs`` processes). With a ``memo``, a chapter page is
    kept under the chapter's digest, ``theme`` (the digest of the templates and
    assets) and everything edition-wide a chapter page shows, and taken from there
    when they are all the same."""
    assets = {
        path: (
            minify.css(data.decode("utf-8")).encode("utf-8")
            if path.endswith(".css")
            else minify.js(data.decode("utf-8")).encode("utf-8")
            if path.endswith(".js")
            else data
        )
        for path, data in assets.items()
    }
    sigla = _sigla(corpus)
    edition = _edition_view(corpus)
    css = assets.get("static/edition.css", b"")
    common = {
        "edition": edition,
        "lang": "en",
        "root": "",
        "csp": CSP,
        "has_names": bool(corpus.register),
        "has_chronology": True,
        "search_shards": search.shard_count(len(corpus.chapters)),
        "search_parts": [
            ("text", "Text"),
            ("headnote", "Introductions"),
            ("notes", "Notes"),
            ("sources", "Sources"),
            ("abbreviations", "Abbreviations"),
        ],
    }
    files: dict[str, bytes] = {}

    def html(template: str, **context: Any) -> bytes:
        text = templates.get_template(template).render(**common, **context)
        text = re.sub(r"\n[ \t]+", "\n", text)  # the templates' indentation: no reader needs it
        return text.encode("utf-8")

    def page(name: str, template: str, **context: Any) -> None:
        files[name] = html(template, **context)

    def kept_page(name: str, template: str, **context: Any) -> None:
        """:func:`page`, kept in ``memo`` under the digest of everything it shows:
        for the large edition-wide pages, whose view (made anyway) is much quicker
        to digest than to render, and which one changed note mostly leaves as they
        were."""
        if memo is None:
            page(name, template, **context)
            return
        shown = pickle.dumps((common, context), protocol=pickle.HIGHEST_PROTOCOL)
        key = digest(fingerprint(), "site-page", theme, name, template, shown)
        kept = memo.get(key)
        if kept is None:
            kept = html(template, **context)
            memo.put(key, kept)
        files[name] = kept

    links: dict[str, str] = {}  # each work's link on the Sources page, made once

    nav = _chapter_nav(corpus.chapters)

    def chapter_page(chapter: Chapter) -> tuple[dict[str, Any], bytes]:
        view = _chapter_view(chapter, corpus, sigla, links)
        return view, html("chapter.html", page="chapter", chapter=view, nav=nav[chapter.meta.slug])

    keys = chapter_keys(
        corpus.chapters,
        corpus.digests,
        "page",
        theme,
        repr(corpus.edition),
        repr(corpus.sources),
        repr(corpus.register),
        json.dumps(sigla, sort_keys=True),
        str(common["search_shards"]),
        repr(sorted(nav.items())),  # each page links its neighbours, by their titles
    )
    rendered = cached_map(chapter_page, corpus.chapters, keys, memo, jobs)
    chapters = [view for view, _ in rendered]

    assignments = [_assignment_view(a, corpus, sigla) for a in corpus.assignments]
    page(
        "index.html",
        "index.html",
        page="index",
        assignments=assignments,
        chapters=[
            {**c, "notes": len(c["notes"]), "headnote": bool(c["headnote"])} for c in chapters
        ],
        source_count=len(corpus.cited_sources()),
        abbreviation_count=len(sigla),
    )
    for view, text in rendered:
        files[view["url"]] = text
    kept_page("sources.html", "sources.html", page="sources", **_sources_view(corpus, chapters))
    page("search.html", "search.html", page="search")
    if corpus.register:
        kept_page("names.html", "names.html", page="names", **_names_view(corpus, chapters))
    kept_page(
        "chronology.html",
        "chronology.html",
        page="chronology",
        **_chronology_view(corpus, chapters, jobs, memo),
    )
    for view in assignments:
        page(view["url"], "assignment.html", page="assignment", a=view)
    kept_page(
        "abbreviations.html",
        "abbreviations.html",
        page="abbreviations",
        **_abbreviations_view(corpus, chapters),
    )
    home = _site_base(corpus) or "/"
    style_hash = base64.b64encode(hashlib.sha256(css).digest()).decode("ascii")
    page(
        "404.html",
        "404.html",
        csp_404=CSP.replace("style-src 'self'", f"style-src 'sha256-{style_hash}'"),
        css=css.decode("utf-8"),
        home=home + "index.html",
        home_dir=home,
        chapters=chapters,
    )
    files.update(assets)
    return files


def environment(templates: Mapping[str, str]) -> jinja2.Environment:
    """The jinja2 environment of the templates given by name (autoescaping on)."""
    return jinja2.Environment(
        loader=jinja2.DictLoader(dict(templates)),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
