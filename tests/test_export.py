"""The bibliography exports of the seed corpus: BibTeX, CSL-JSON and RIS agree.

The files are rendered in memory (:func:`edition.builder.render_files`, what
``edition build`` writes under ``site/data/``) and read back with independent
readers: bibtexparser for BibTeX, :mod:`json` for CSL-JSON, and a small RIS
reader written here. The expected values come from ``corpus/sources.bib``
read with bibtexparser directly, not through :mod:`edition.bibliography`.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware

from edition.builder import Corpus, render_files
from edition.cli import main

ROOT = Path(__file__).resolve().parent.parent

CSL_TYPES = frozenset(
    """article article-journal article-magazine article-newspaper bill book broadcast
    chapter classic collection dataset document entry entry-dictionary entry-encyclopedia
    event figure graphic hearing interview legal_case legislation manuscript map
    motion_picture musical_score pamphlet paper-conference patent performance periodical
    personal_communication post post-weblog regulation report review review-book software
    song speech standard thesis treaty webpage""".split()
)
"""The item types of CSL 1.0.2."""

RIS_TYPE = {
    "book": "BOOK",
    "collection": "EDBOOK",
    "article": "JOUR",
    "incollection": "CHAP",
    "periodical": "JFULL",
    "misc": "GEN",
}
"""The RIS reference type each BibTeX/biblatex type of the seed bibliography must get."""


@pytest.fixture(scope="module")
def files(corpus: Corpus) -> dict[str, str]:
    return {k: v.decode("utf-8") for k, v in render_files(corpus).items() if k.startswith("data/")}


@pytest.fixture(scope="module")
def cited_keys(corpus: Corpus) -> set[str]:
    return {u.key for c in corpus.chapters for u in c.sources}


@pytest.fixture(scope="module")
def bib_entries() -> dict[str, dict[str, str]]:
    """The editors' entries, read with bibtexparser alone, LaTeX decoded."""
    library = bibtexparser.parse_string(
        (ROOT / "corpus" / "sources.bib").read_text("utf-8"),
        append_middleware=[LatexDecodingMiddleware()],
    )
    assert not library.failed_blocks
    return {
        e.key: {"ENTRYTYPE": e.entry_type.lower()} | {f.key.lower(): str(f.value) for f in e.fields}
        for e in library.entries
    }


def read_ris(text: str) -> list[dict[str, list[str]]]:
    """RIS records: ``TY  - `` opens one, ``ER  - `` closes it; tags map to their values."""
    records: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        m = re.fullmatch(r"([A-Z][A-Z0-9])  - ?(.*)", line)
        assert m, f"line {number} is not an RIS tag line: {line!r}"
        tag, value = m.group(1), m.group(2).strip()
        if tag == "TY":
            assert current is None, f"line {number}: TY inside an open record"
            current = {"TY": [value]}
        elif tag == "ER":
            assert current is not None, f"line {number}: ER outside a record"
            records.append(current)
            current = None
        else:
            assert current is not None, f"line {number}: {tag} outside a record"
            current.setdefault(tag, []).append(value)
    assert current is None, "the last record is not closed with ER"
    return records


def names(value: str) -> list[str]:
    """A BibTeX name list as "Family, Given" strings, ``others`` and braces dropped."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(value):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0 and value.startswith(" and ", i):
            out.append(value[start:i])
            start = i + 5
    out.append(value[start:])
    return [n.replace("{", "").replace("}", "").strip() for n in out if n.strip() != "others"]


def year(entry: dict[str, str]) -> str:
    m = re.search(r"\d{4}", entry.get("date") or entry.get("year") or "")
    return m.group(0) if m else ""


# --- BibTeX ---------------------------------------------------------------------


def test_bibtex_has_exactly_the_cited_keys(files: dict[str, str], cited_keys: set[str]) -> None:
    library = bibtexparser.parse_string(files["data/sources.bib"])
    assert library.failed_blocks == []
    keys = [e.key for e in library.entries]
    assert len(keys) == len(set(keys))
    assert set(keys) == cited_keys


def test_bibtex_keeps_the_editors_entries(
    files: dict[str, str], bib_entries: dict[str, dict[str, str]]
) -> None:
    library = bibtexparser.parse_string(
        files["data/sources.bib"], append_middleware=[LatexDecodingMiddleware()]
    )
    for e in library.entries:
        written = {"ENTRYTYPE": e.entry_type.lower()} | {
            f.key.lower(): str(f.value) for f in e.fields
        }
        assert written == bib_entries[e.key], e.key
    # in the order of the editors' file
    order = list(bib_entries)
    keys = [e.key for e in library.entries]
    assert keys == sorted(keys, key=order.index)


# --- CSL-JSON -------------------------------------------------------------------


def test_csl_json_items(
    files: dict[str, str], cited_keys: set[str], bib_entries: dict[str, dict[str, str]]
) -> None:
    items = json.loads(files["data/sources.json"])
    assert isinstance(items, list)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids))
    assert set(ids) == cited_keys
    for item in items:
        assert isinstance(item["title"], str) and item["title"], item["id"]
        assert item["type"] in CSL_TYPES, item
        entry = bib_entries[item["id"]]
        assert item["title"].startswith(entry["title"].replace("{", "").replace("}", ""))
        if year(entry):
            assert item["issued"]["date-parts"][0][0] == int(year(entry)), item["id"]
        if "author" in entry:
            families = [n.split(",")[0] for n in names(entry["author"])]
            assert [a.get("family", a.get("literal")) for a in item["author"]] == families


def test_csl_json_chapter_and_article(files: dict[str, str]) -> None:
    items = {item["id"]: item for item in json.loads(files["data/sources.json"])}
    chapter = items["niu1998origins"]
    assert chapter["type"] == "chapter"
    assert chapter["container-title"] == (
        "Brothers in Arms: The Rise and Fall of the Sino-Soviet Alliance, 1945–1963"
    )
    assert chapter["page"] == "47–89"
    assert items["teiwes1987establishment"]["container-title"] == "The Cambridge History of China"
    article = items["garver1997rethinking"]
    assert article["type"] == "article-journal"
    assert article["container-title"] == "Diplomatic History"
    assert article["volume"] == "21"
    assert items["snow1938red"]["type"] == "book"
    assert items["snow1938red"]["publisher-place"] == "New York"


# --- RIS ------------------------------------------------------------------------


def test_ris_records(
    files: dict[str, str], cited_keys: set[str], bib_entries: dict[str, dict[str, str]]
) -> None:
    records = read_ris(files["data/sources.ris"])
    ids = [r["ID"][0] for r in records]
    assert len(ids) == len(set(ids))
    assert set(ids) == cited_keys
    for r in records:
        key = r["ID"][0]
        entry = bib_entries[key]
        assert r["TY"] == [RIS_TYPE[entry["ENTRYTYPE"]]], key
        assert r.get("AU", []) == (names(entry["author"]) if "author" in entry else []), key
        assert r.get("PY", []) == ([year(entry)] if year(entry) else []), key
        assert len(r["TI"]) == 1 and r["TI"][0].startswith(entry["title"]), key


def test_the_three_formats_agree(files: dict[str, str]) -> None:
    bib = [e.key for e in bibtexparser.parse_string(files["data/sources.bib"]).entries]
    csl = [item["id"] for item in json.loads(files["data/sources.json"])]
    ris = [r["ID"][0] for r in read_ris(files["data/sources.ris"])]
    assert bib == csl == ris
    titles_csl = {item["id"]: item["title"] for item in json.loads(files["data/sources.json"])}
    titles_ris = {r["ID"][0]: r["TI"][0] for r in read_ris(files["data/sources.ris"])}
    assert titles_csl == titles_ris


# --- edition bib draft ------------------------------------------------------------


@pytest.fixture(scope="module")
def draft_output(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, str]:
    """``edition bib draft`` on a corpus holding the seed chapter and no sources.bib."""
    root = tmp_path_factory.mktemp("draft") / "corpus"
    shutil.copytree(ROOT / "corpus" / "chen-mao", root / "chen-mao")
    out, err = io.StringIO(), io.StringIO()
    code = main(["bib", "draft", "--corpus", str(root)], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def draft_entries(text: str) -> dict[str, dict[str, Any]]:
    library = bibtexparser.parse_string(text)
    return {
        e.key: {"ENTRYTYPE": e.entry_type} | {f.key: str(f.value) for f in e.fields}
        for e in library.entries
    }


def test_bib_draft_parses(draft_output: tuple[int, str, str]) -> None:
    code, out, err = draft_output
    assert code == 0, err
    library = bibtexparser.parse_string(out)
    failed = [(type(b).__name__, b.raw.splitlines()[0]) for b in library.failed_blocks]
    assert failed == []
    assert len(library.entries) >= 25
    assert f"{len(library.entries)} draft entries" in err


def test_bib_draft_red_star(draft_output: tuple[int, str, str]) -> None:
    entries = draft_entries(draft_output[1])
    (snow,) = [e for e in entries.values() if e.get("title") == "Red Star over China"]
    assert snow["ENTRYTYPE"] == "book"
    assert "Snow" in snow["author"]
    assert (snow["location"], snow["publisher"], snow["year"]) == (
        "New York",
        "Random House",
        "1938",
    )


def test_bib_draft_one_per_full_reference(draft_output: tuple[int, str, str]) -> None:
    """Each draft says which note it comes from; every full reference of the seed has one."""
    out = draft_output[1]
    noted = {int(n) for n in re.findall(r"^% draft from chen-mao, note (\d+):", out, re.M)}
    for n in (1, 3, 6, 7, 8, 9, 14, 15, 26, 28, 29, 42, 50, 55, 58, 60):
        assert n in noted, f"no draft for note {n}"


def test_bib_draft_titles_are_titles(draft_output: tuple[int, str, str]) -> None:
    """A draft's title is the work's title, never the whole reference with its publication facts."""
    for key, e in draft_entries(draft_output[1]).items():
        assert not re.search(r"\([^()]*:[^()]*\d{4}\)", e.get("title", "")), (key, e["title"])
        assert "comp." not in e.get("title", ""), (key, e["title"])


def _json_ld(page: str) -> Any:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found, "no JSON-LD"
    return json.loads(found[1])


@pytest.mark.parametrize("url", ["", "https://example.org/cold-war/"])
def test_the_chapter_cites_works_by_the_iris_the_sources_page_describes(
    corpus: Corpus, url: str
) -> None:
    edition = dataclasses.replace(corpus.edition, url=url)
    pages = render_files(dataclasses.replace(corpus, edition=edition))
    chapter = _json_ld(pages["chen-mao.html"].decode("utf-8"))
    graph = _json_ld(pages["sources.html"].decode("utf-8"))["@graph"]
    base = url  # the IRIs are absolute when the edition has an address
    cited = [c["@id"] for c in chapter["citation"]]
    assert cited == [f"{base}sources.html#{u.key}" for u in corpus.chapters[0].sources]
    described = {w["@id"]: w for w in graph}
    assert set(cited) == set(described)
    assert all(described[c["@id"]]["@type"] == c["@type"] for c in chapter["citation"])
    red_star = described[f"{base}sources.html#snow1938red"]
    assert red_star["name"] == "Red Star over China"
    assert [a["familyName"] for a in red_star["author"]] == ["Snow"]
    assert red_star["datePublished"] == "1938"
