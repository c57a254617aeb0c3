"""The chapter data format: a :class:`~edition.model.Chapter` as YAML and back.

This is a public format (documented key by key in the README): editors read
it, researchers script against it. ``load(dump(chapter)) == chapter`` holds
for every chapter (a test checks it), so the YAML is the whole model.
"""

from __future__ import annotations

from typing import Any

import yaml

from edition.diagnostics import Diagnostic, Severity
from edition.model import (
    Abbreviation,
    Chapter,
    ChapterMeta,
    Citation,
    Document,
    Emendation,
    Heading,
    Marker,
    Note,
    Paragraph,
    SourceUse,
    Span,
    Volume,
)
from edition.yamlout import dump_data

SCHEMA = 1
"""The version of the chapter data format; raised on any incompatible change."""

HEADER = (
    "# edition chapter data (schema {schema}): every key is documented in README.md,\n"
    "# section 'The chapter data'. Note markers in text are written [^N].\n"
)


class DataError(ValueError):
    """The data does not follow the chapter format."""


def _paragraph(p: Paragraph) -> dict[str, Any]:
    return {
        "id": p.id,
        "n": p.n,
        "kind": p.kind,
        **({"caption": p.caption} if p.caption else {}),
        "text": p.text,
        "notes": list(p.notes),
        "line": p.span.line,
        "end_line": p.span.end_line,
        "markers": [
            {"note": m.note, "line": m.line, "convention": m.convention} for m in p.markers
        ],
    }


def _volume(v: Volume | None) -> dict[str, Any] | None:
    if v is None:
        return None
    return {
        "title": v.title,
        "editors": list(v.editors),
        "publisher": v.publisher,
        "place": v.place,
        "year": v.year,
        "pages": v.pages,
    }


def _citation(c: Citation) -> dict[str, Any]:
    out: dict[str, Any] = {"text": c.text, "kind": c.kind, "source": c.source, "locator": c.locator}
    if c.lead:
        out["lead"] = c.lead
    if c.via:
        out["via"] = c.via
    if c.defines:
        out["defines"] = c.defines
    if c.documents:
        out["documents"] = [
            {
                k: v
                for k, v in (
                    ("type", d.type),
                    ("title", d.title),
                    ("date", d.date),
                    ("from", d.sender),
                    ("to", d.recipient),
                )
                if v
            }
            for d in c.documents
        ]
    return out


def _citation_from(d: dict[str, Any]) -> Citation:
    return Citation(
        text=str(d["text"]),
        kind=str(d["kind"]),
        source=str(d.get("source", "")),
        locator=str(d.get("locator", "")),
        lead=str(d.get("lead", "")),
        via=str(d.get("via", "")),
        defines=str(d.get("defines", "")),
        documents=tuple(
            Document(
                str(x.get("type", "document")),
                str(x.get("title", "")),
                str(x.get("date", "")),
                str(x.get("from", "")),
                str(x.get("to", "")),
            )
            for x in d.get("documents", ())
        ),
    )


def to_data(chapter: Chapter) -> dict[str, Any]:
    """The chapter as plain data, keys in their documented order."""
    m = chapter.meta
    return {
        "schema": SCHEMA,
        "chapter": {
            "slug": m.slug,
            "title": m.title,
            "printed_title": m.printed_title,
            "subtitle": m.subtitle,
            "authors": list(m.authors),
            "source": m.source,
            "volume": _volume(m.volume),
            "rights": m.rights,
            **({"note": m.note} if m.note else {}),
        },
        "headnote": [_paragraph(p) for p in chapter.headnote],
        "paragraphs": [_paragraph(p) for p in chapter.paragraphs],
        "headings": [
            {
                "id": h.id,
                "title": h.title,
                "level": h.level,
                "before": h.before,
                "line": h.span.line,
                "end_line": h.span.end_line,
            }
            for h in chapter.headings
        ],
        "notes": [
            {
                "n": n.n,
                "text": n.text,
                "markers": list(n.markers),
                "line": n.span.line,
                "end_line": n.span.end_line,
                "citations": [_citation(c) for c in n.citations],
            }
            for n in chapter.notes
        ],
        "abbreviations": [
            {
                "abbr": a.abbr,
                "expansion": a.expansion,
                "line": a.span.line,
                "notes": list(a.notes),
                **({"supplied": a.span.path} if a.supplied else {}),
                **({"note": a.note} if a.note else {}),
            }
            for a in chapter.abbreviations
        ],
        "sources": [
            {"key": u.key, "cited_in": list(u.cited_in), "citations": u.citations}
            for u in chapter.sources
        ],
        "emendations": [
            {
                "in": e.target,
                "printed": e.printed,
                "corrected": e.corrected,
                "context": e.context,
                "reason": e.reason,
                **({"note": e.note} if e.note else {}),
                "path": e.span.path,
                "line": e.span.line,
            }
            for e in chapter.emendations
        ],
        "diagnostics": [
            {
                "code": d.code,
                "severity": str(d.severity),
                "path": d.path,
                "line": d.line,
                "message": d.message,
                **({"hint": d.hint} if d.hint else {}),
            }
            for d in chapter.diagnostics
        ],
    }


def dump(chapter: Chapter) -> str:
    """The chapter as YAML text, with a header pointing to the documentation."""
    return HEADER.format(schema=SCHEMA) + dump_data(to_data(chapter))


def _paragraph_from(d: dict[str, Any], path: str) -> Paragraph:
    line = int(d["line"])
    if "markers" in d:
        markers = tuple(
            Marker(int(m["note"]), int(m["line"]), str(m["convention"])) for m in d["markers"]
        )
    else:  # hand-written data may give only the note numbers
        markers = tuple(Marker(int(n), line, "footnote") for n in d.get("notes", []))
    return Paragraph(
        id=str(d["id"]),
        n=int(d["n"]),
        text=str(d["text"]),
        markers=markers,
        span=Span(path, line, int(d.get("end_line", line))),
        kind=str(d.get("kind", "text")),
        caption=str(d.get("caption", "")),
    )


def from_data(data: dict[str, Any]) -> Chapter:
    """A chapter from plain data (as :func:`to_data` gives, or loaded from YAML)."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise DataError(f"not chapter data of schema {SCHEMA}")
    try:
        c = data["chapter"]
        path = str(c["source"])
        v = c.get("volume")
        volume = (
            Volume(
                title=str(v["title"]),
                editors=tuple(v.get("editors", ())),
                publisher=str(v.get("publisher", "")),
                place=str(v.get("place", "")),
                year=str(v.get("year", "")),
                pages=str(v.get("pages", "")),
            )
            if v
            else None
        )
        meta = ChapterMeta(
            slug=str(c["slug"]),
            title=str(c["title"]),
            authors=tuple(str(a) for a in c.get("authors", ())),
            source=path,
            printed_title=str(c.get("printed_title", "")),
            subtitle=str(c.get("subtitle", "")),
            volume=volume,
            rights=str(c.get("rights", "")),
            note=str(c.get("note", "")),
        )
        return Chapter(
            meta=meta,
            headnote=tuple(_paragraph_from(p, path) for p in data.get("headnote", [])),
            paragraphs=tuple(_paragraph_from(p, path) for p in data.get("paragraphs", [])),
            headings=tuple(
                Heading(
                    str(h["id"]),
                    str(h["title"]),
                    int(h["level"]),
                    str(h["before"]),
                    Span(path, int(h["line"]), int(h.get("end_line", h["line"]))),
                )
                for h in data.get("headings", [])
            ),
            notes=tuple(
                Note(
                    int(n["n"]),
                    str(n["text"]),
                    tuple(str(m) for m in n.get("markers", ())),
                    Span(path, int(n["line"]), int(n.get("end_line", n["line"]))),
                    tuple(_citation_from(c) for c in n.get("citations", ())),
                )
                for n in data.get("notes", [])
            ),
            abbreviations=tuple(
                Abbreviation(
                    str(a["abbr"]),
                    str(a["expansion"]),
                    Span(str(a.get("supplied") or path), int(a["line"]), int(a["line"])),
                    tuple(int(x) for x in a.get("notes", ())),
                    supplied=bool(a.get("supplied")),
                    note=int(a.get("note", 0)),
                )
                for a in data.get("abbreviations", [])
            ),
            emendations=tuple(
                Emendation(
                    str(e.get("in", "")),
                    str(e["printed"]),
                    str(e["corrected"]),
                    str(e.get("context", "")),
                    str(e.get("reason", "other")),
                    str(e.get("note", "")),
                    Span(str(e.get("path", path)), int(e.get("line", 0)), int(e.get("line", 0))),
                )
                for e in data.get("emendations", [])
            ),
            sources=tuple(
                SourceUse(str(u["key"]), tuple(int(x) for x in u["cited_in"]), int(u["citations"]))
                for u in data.get("sources", [])
            ),
            diagnostics=tuple(
                Diagnostic(
                    str(d["code"]),
                    Severity.parse(str(d["severity"])),
                    str(d["path"]),
                    int(d["line"]),
                    str(d["message"]),
                    str(d.get("hint", "")),
                )
                for d in data.get("diagnostics", [])
            ),
        )
    except (KeyError, TypeError, ValueError) as err:
        raise DataError(f"chapter data is malformed: {err}") from err


def load(text: str) -> Chapter:
    """A chapter from YAML text written by :func:`dump`."""
    return from_data(yaml.safe_load(text))
