"""Fixture tests for the note trails: citations split, classified and resolved.

The cases live in ``tests/fixtures/citations.yaml`` (its header documents the
format). Each is built into a tiny chapter — a paragraph marking every note,
an Abbreviations list and a Notes list, as a converter delivers them — and
run through the real pipeline: :func:`edition.ingest.ingest`,
:func:`edition.link.link` and :func:`edition.trails.trace` against the
case's bibliography. The citations are compared in their documented data
form (:func:`edition.data.to_data`), so ``documents`` use ``from``/``to``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from edition.bibliography import parse_bibliography
from edition.data import to_data
from edition.ingest import ingest
from edition.link import link
from edition.model import Chapter, Source
from edition.trails import Matcher, trace

FIXTURE = Path(__file__).parent / "fixtures" / "citations.yaml"
TRAIL_CODES = frozenset(
    {
        "unresolved-citation",
        "ambiguous-ibid",
        "ambiguous-op-cit",
        "short-before-full",
        "undefined-abbreviation",
    }
)
"""The diagnostics of citations; the ingest and link diagnostics of the tiny
chapters (an abbreviation no note uses…) are not what these cases test."""
CITATION_KEYS = frozenset(
    {"kind", "source", "locator", "lead", "via", "documents", "text", "defines"}
)
DOCUMENT_KEYS = frozenset({"type", "title", "date", "from", "to"})


@cache
def fixture() -> dict[str, Any]:
    data = yaml.safe_load(FIXTURE.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


@cache
def bibliography(text: str) -> tuple[Source, ...]:
    sources, diags = parse_bibliography(text, "case.bib")
    assert not diags, [d.message for d in diags]
    return sources


def cases() -> list[dict[str, Any]]:
    return list(fixture()["cases"])


def chapter_markdown(name: str, notes: list[str], abbreviations: dict[str, str]) -> str:
    """A tiny raw chapter: every note marked in one paragraph, the sigla, the notes."""
    markers = " ".join(f"Sentence {i}.<sup>{i}</sup>" for i in range(1, len(notes) + 1))
    lines = [f"# Case {name}", "", markers, ""]
    if abbreviations:
        lines += ["## Abbreviations", ""]
        lines += [f"- {abbr} {expansion}" for abbr, expansion in abbreviations.items()]
        lines.append("")
    lines += ["## Notes", ""]
    lines += [f"{i}. {text}" for i, text in enumerate(notes, start=1)]
    return "\n".join(lines) + "\n"


def build(case: dict[str, Any]) -> Chapter:
    """The case's chapter, ingested, linked and traced against its bibliography."""
    shared = fixture()
    table = dict(shared.get("abbreviations") or {})
    for abbr, expansion in (case.get("abbreviations") or {}).items():
        if expansion is None:
            table.pop(abbr, None)
        else:
            table[abbr] = expansion
    notes = [str(n).strip() for n in case["notes"]]
    path = f"{case['name']}.md"
    chapter = link(ingest(chapter_markdown(case["name"], notes, table), path))
    assert [n.n for n in chapter.notes] == list(range(1, len(notes) + 1)), "notes not ingested"
    for note, text in zip(chapter.notes, notes, strict=True):
        assert note.text == text, f"note {note.n} changed by ingest: {note.text!r}"
    return trace(chapter, Matcher(bibliography(case.get("bib") or shared["bib"])))


def check_citation(have: dict[str, Any], want: dict[str, Any], where: str) -> None:
    unknown = set(want) - CITATION_KEYS - {"via_contains"}
    assert not unknown, f"{where}: unknown keys in the fixture: {sorted(unknown)}"
    for key in ("kind", "source", "locator", "text"):
        if key in want:
            assert have[key] == want[key], (
                f"{where}: {key}\n  expected: {want[key]!r}\n  actual:   {have[key]!r}"
                f"\n  citation: {have}"
            )
    for key in ("lead", "via") if "via_contains" not in want else ("lead",):
        assert have.get(key, "") == want.get(key, ""), (
            f"{where}: {key}\n  expected: {want.get(key, '')!r}\n  actual:   {have.get(key, '')!r}"
            f"\n  citation: {have}"
        )
    if "via_contains" in want:
        assert want["via_contains"] in have.get("via", ""), f"{where}: via {have.get('via')!r}"
    if "documents" in want:
        docs = have.get("documents", [])
        assert len(docs) == len(want["documents"]), (
            f"{where}: expected {len(want['documents'])} documents, got {docs}"
        )
        for i, (doc, need) in enumerate(zip(docs, want["documents"], strict=True)):
            assert not set(need) - DOCUMENT_KEYS, f"{where}.documents[{i}]: unknown keys {need}"
            for key, value in need.items():
                assert doc.get(key, "") == value, (
                    f"{where}.documents[{i}].{key}\n  expected: {value!r}"
                    f"\n  actual:   {doc.get(key, '')!r}\n  document: {doc}"
                )


def note_of_line(chapter: Chapter, line: int) -> int | None:
    return next(
        (n.n for n in chapter.notes if n.span.line <= line <= n.span.end_line),
        None,
    )


def test_fixture_shape() -> None:
    """Enough cases, unique names, every note given its expected citations."""
    names = [c["name"] for c in cases()]
    assert len(names) >= 35
    assert len(set(names)) == len(names), "case names must be unique"
    for case in cases():
        assert case["notes"], case["name"]
        assert sorted(case["expected"]) == list(range(1, len(case["notes"]) + 1)), (
            f"{case['name']}: expected citations must be given for every note"
        )


@pytest.mark.parametrize("case", cases(), ids=lambda c: c["name"])
def test_citation_case(case: dict[str, Any]) -> None:
    chapter = build(case)
    data = to_data(chapter)
    for note in data["notes"]:
        want = case["expected"][note["n"]]
        have = note["citations"]
        summary = "\n".join(
            f"    {c['kind']:10} {c['source'] or '-':24} {c['locator']!r:28} {c['text'][:70]!r}"
            for c in have
        )
        assert len(have) == len(want), (
            f"note {note['n']}: expected {len(want)} citations, got {len(have)}:\n{summary}"
        )
        for i, (h, w) in enumerate(zip(have, want, strict=True)):
            check_citation(h, w, f"note {note['n']}, citation {i + 1}")

    found = [d for d in chapter.diagnostics if d.code in TRAIL_CODES]
    expected = case.get("diagnostics") or []
    got = [(d.code, note_of_line(chapter, d.line)) for d in found]
    want = [(d["code"], d["note"]) for d in expected]
    assert got == want, "trail diagnostics differ:\n" + "\n".join(
        f"  {d.code} (line {d.line}): {d.message} | {d.hint}" for d in found
    )
    for d, need in zip(found, expected, strict=True):
        for part in _strings(need.get("message_contains")):
            assert part in d.message, f"{d.code}: {part!r} not in {d.message!r}"
        for part in _strings(need.get("hint_contains")):
            assert part in (d.hint or ""), f"{d.code}: {part!r} not in hint {d.hint!r}"


@pytest.mark.parametrize("case", cases(), ids=lambda c: c["name"])
def test_citation_text_is_the_notes(case: dict[str, Any]) -> None:
    """A citation's ``text`` is "the citation as the note gives it": a part of the note."""
    for note in build(case).notes:
        for c in note.citations:
            assert c.text in note.text, f"note {note.n}: {c.text!r} is not in {note.text!r}"


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]
