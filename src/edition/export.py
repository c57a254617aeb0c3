"""The bibliography of the works cited, for reference managers: BibTeX, CSL-JSON, RIS.

- **BibTeX** (``sources.bib``): the editors' own entries, as they wrote them
  (LaTeX and all), through bibtexparser's writer, for biblatex and pandoc;
- **CSL-JSON** (``sources.json``): for Zotero, pandoc and every CSL processor;
- **RIS** (``sources.ris``): for EndNote and older reference managers.

A translated title (biblatex ``titleaddon``) is given in square brackets after
the original, as Chicago style writes it; a siglum (``shorthand``) goes in a note.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from bibtexparser.entrypoint import parse_string, write_string
from bibtexparser.library import Library

from edition.model import Name, Source

CSL_TYPES = {
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "article": "article-journal",
    "incollection": "chapter",
    "inbook": "chapter",
    "inproceedings": "paper-conference",
    "periodical": "periodical",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "report": "report",
    "misc": "document",
    "unpublished": "manuscript",
}
RIS_TYPES = {
    "book": "BOOK",
    "mvbook": "BOOK",
    "collection": "EDBOOK",
    "mvcollection": "EDBOOK",
    "article": "JOUR",
    "incollection": "CHAP",
    "inbook": "CHAP",
    "inproceedings": "CPAPER",
    "periodical": "JFULL",
    "thesis": "THES",
    "phdthesis": "THES",
    "report": "RPRT",
    "misc": "GEN",
    "unpublished": "UNPB",
}


def bibtex(bib_text: str, keys: Sequence[str]) -> str:
    """The editors' entries for ``keys``, in that order, written by bibtexparser."""
    return "\n".join(bibtex_entries(bib_text, keys).values())


def bibtex_entries(bib_text: str, keys: Sequence[str]) -> dict[str, str]:
    """Each of the editors' entries for ``keys`` as BibTeX of its own, by key, in that order."""
    library = parse_string(bib_text)
    by_key = {e.key: e for e in library.entries}
    out: dict[str, str] = {}
    for key in keys:
        if key in by_key:
            one = Library()
            one.add(by_key[key])
            out[key] = write_string(one).strip() + "\n"
    return out


_COINS_FORMAT = {
    "article": "journal",
    "periodical": "journal",
}


def coins(s: Source) -> str:
    """The OpenURL ContextObject of a work, for a COinS span (Zotero's "save all")."""
    from urllib.parse import urlencode

    fmt = _COINS_FORMAT.get(s.type, "book")
    pairs: list[tuple[str, str]] = [
        ("ctx_ver", "Z39.88-2004"),
        ("rft_val_fmt", f"info:ofi/fmt:kev:mtx:{fmt}"),
        ("rfr_id", "info:sid/edition"),
    ]
    if s.type == "article":
        pairs += [("rft.genre", "article"), ("rft.atitle", _title(s))]
        pairs.append(("rft.jtitle", s.get("journal") or s.get("journaltitle")))
    elif s.type == "periodical":
        pairs += [("rft.genre", "journal"), ("rft.jtitle", _title(s))]
    elif s.type in ("incollection", "inbook", "inproceedings"):
        pairs += [
            ("rft.genre", "bookitem"),
            ("rft.atitle", _title(s)),
            ("rft.btitle", s.get("booktitle")),
        ]
    else:
        pairs += [("rft.genre", "book"), ("rft.btitle", _title(s))]
    for n in s.names("author"):
        if n.family != "others":
            pairs.append(("rft.au", f"{n.family}, {n.given}" if n.given else n.family))
    years = year_parts(s)
    if years:
        pairs.append(("rft.date", str(years[0][0])))
    for key, field in (
        ("rft.pub", "publisher"),
        ("rft.place", "location"),
        ("rft.volume", "volume"),
        ("rft.issue", "number"),
        ("rft.edition", "edition"),
    ):
        if s.get(field):
            pairs.append((key, s.get(field)))
    pages = _pages(s)
    if pages:
        first, _, last = pages.partition("–")
        pairs.append(("rft.spage", first))
        if last:
            pairs.append(("rft.epage", last))
    return urlencode([(k, v) for k, v in pairs if v])


def _title(s: Source) -> str:
    title = s.get("title")
    addon = s.get("titleaddon")
    return f"{title} [{addon}]" if addon else title


def year_parts(s: Source) -> list[list[int]]:
    """The date or year of a work as CSL date parts: one list, or two for a range."""
    value = s.get("date") or s.get("year")
    parts: list[list[int]] = []
    for piece in value.split("/")[:2]:
        numbers = [int(x) for x in re.findall(r"\d+", piece)[:3]]
        if numbers:
            parts.append(numbers)
    return parts


def _csl_name(n: Name) -> dict[str, str]:
    return {"family": n.family, "given": n.given} if n.given else {"literal": n.family}


def _pages(s: Source) -> str:
    return s.get("pages").replace("--", "–")


def csl_item(s: Source) -> dict[str, Any]:
    """One work as a CSL-JSON item."""
    item: dict[str, Any] = {"id": s.key, "type": CSL_TYPES.get(s.type, "document")}
    item["title"] = _title(s)
    for role, csl in (("author", "author"), ("editor", "editor"), ("translator", "translator")):
        names = [n for n in s.names(role) if n.family != "others"]
        if names:
            item[csl] = [_csl_name(n) for n in names]
    compilers = [n for n in s.names("editora") if n.family != "others"]
    if compilers and s.get("editoratype") == "compiler":
        item.setdefault("editor", [_csl_name(n) for n in compilers])
    simple = {
        "title-short": s.get("shorttitle"),
        "container-title": s.get("journal") or s.get("journaltitle") or s.get("booktitle"),
        "volume": s.get("volume"),
        "issue": s.get("number") or s.get("issue"),
        "page": _pages(s),
        "publisher": s.get("publisher"),
        "publisher-place": s.get("location") or s.get("address"),
        "edition": s.get("edition"),
        "number-of-volumes": s.get("volumes"),
        "URL": s.get("url"),
        "DOI": s.get("doi"),
        "ISBN": s.get("isbn"),
    }
    item.update({k: v for k, v in simple.items() if v})
    years = year_parts(s)
    if years:
        item["issued"] = {"date-parts": years}
    notes = []
    if s.get("shorthand"):
        notes.append(f"Cited as {s.get('shorthand')}")
    if s.get("note"):
        notes.append(s.get("note"))
    if notes:
        item["note"] = "; ".join(notes)
    return item


def csl_json(sources: Sequence[Source]) -> str:
    """The works as a CSL-JSON array (deterministic: sorted keys, fixed indent)."""
    return json.dumps([csl_item(s) for s in sources], ensure_ascii=False, indent=2) + "\n"


def ris_record(s: Source) -> list[tuple[str, str]]:
    """One work as RIS tag-value pairs."""
    tags: list[tuple[str, str]] = [("TY", RIS_TYPES.get(s.type, "GEN")), ("ID", s.key)]
    for n in s.names("author"):
        if n.family != "others":
            tags.append(("AU", f"{n.family}, {n.given}" if n.given else n.family))
    editor_tag = "A2" if s.type in ("incollection", "inbook") else "ED"
    for role in ("editor", "editora"):
        for n in s.names(role):
            if n.family != "others":
                tags.append((editor_tag, f"{n.family}, {n.given}" if n.given else n.family))
    tags.append(("TI", _title(s)))
    container = s.get("journal") or s.get("journaltitle") or s.get("booktitle")
    if container:
        tags.append(("T2", container))
    if s.get("shorttitle"):
        tags.append(("ST", s.get("shorttitle")))
    years = year_parts(s)
    if years:
        tags.append(("PY", str(years[0][0])))
    for tag, field in (
        ("CY", "location"),
        ("PB", "publisher"),
        ("VL", "volume"),
        ("IS", "number"),
        ("ET", "edition"),
        ("UR", "url"),
        ("DO", "doi"),
        ("SN", "isbn"),
    ):
        if s.get(field):
            tags.append((tag, s.get(field)))
    pages = _pages(s)
    if pages:
        first, _, last = pages.partition("–")
        tags.append(("SP", first))
        if last:
            tags.append(("EP", last))
    if s.get("shorthand"):
        tags.append(("N1", f"Cited as {s.get('shorthand')}"))
    tags.append(("ER", ""))
    return tags


def ris(sources: Sequence[Source]) -> str:
    """The works as an RIS file."""
    lines = []
    for s in sources:
        lines += [f"{tag}  - {value}" for tag, value in ris_record(s)]
        lines.append("")
    return "\n".join(lines)
