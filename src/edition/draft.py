"""Draft BibTeX entries for full references that match no entry (``edition bib draft``).

An editor grows the bibliography from a new chapter by reviewing these drafts
rather than typing every entry. The reading is heuristic and says so: each
draft carries the note and the citation it was read from, and a ``% check``
line for what a human must confirm (name order above all: ``Chen Jian`` is
family name first, ``John Garver`` is not).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from edition.citations import split_locator
from edition.model import Chapter, Citation
from edition.trails import words

_PUBLISHED = re.compile(
    r"\((?P<place>[^():]+):\s*(?P<publisher>[^()]+?),\s*(?P<year>\d{4}(?:[–-]\d{2,4})?)\)"
)
_JOURNAL = re.compile(
    r"(?:^|,)\s*\*?(?P<journal>[A-Z][^,*\"”()]+?)\*?,?\s+(?:(?P<volume>\d+)\s*|no\.\s*(?P<number>\d+)\s*)"
    r"\((?:(?P<season>[A-Za-z]+)\s+)?(?P<year>\d{4})\)"
)
_NAME = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*"
_NAMES = re.compile(
    rf"^\*?(?P<names>{_NAME}(?:(?:,\s*|\s+)(?:and\s+)?{_NAME})*(?:\s+et al\.)?)\*?,\s+(?:(?P<role>eds?|comp|trans)\.,\s*)?"
)
# "General Chinese Association of …, comp., *Title*": a body with its role
_BODY_WITH_ROLE = re.compile(r"^(?P<names>[^,*\"“]+?),\s+(?P<role>eds?|comp)\.,\s*")
_QUOTED = re.compile(r"[\"“](?P<title>[^\"”]+?)[,.]?[\"”]")
_ROLE = re.compile(r",\s*(?P<role>eds?|comp|trans)\.,?\s*$")


def _bibtex_names(text: str) -> str:
    text = re.sub(r"\s+et al\.?$", " and others", text.strip())
    parts = re.split(r",\s*and\s+|\s+and\s+|,\s*", text)
    names = [p.strip() for p in parts if p.strip() and p.strip() != "others"]
    joined = " and ".join(names)
    return joined + (" and others" if "and others" in text else "")


def _key(authors: str, year: str, title: str) -> str:
    family = re.sub(r"\W", "", authors.split(" and ")[0].split(" ")[-1].lower()) if authors else ""
    first = next((w for w in words(title) if len(w) > 3), "work")
    return f"{family or 'anon'}{year[:4]}{first}"


def draft_entry(citation: Citation, note: int, slug: str) -> str:
    """A draft entry for one full reference."""
    text, _ = split_locator(citation.text.strip().rstrip("."), issue=False)
    fields: list[tuple[str, str]] = []
    entry_type = "book"
    quoted = _QUOTED.search(text)
    named = _BODY_WITH_ROLE.match(text) or _NAMES.match(text)
    role = ""
    if quoted:
        before = text[: quoted.start()]
        found_role = _ROLE.search(before)
        role = found_role.group("role") if found_role else ""
        people = _bibtex_names(_ROLE.sub("", before).strip(" ,"))
        title = quoted.group("title")
        rest = text[quoted.end() :]
        journal = _JOURNAL.search(rest)
        book = re.search(r"\bin\s+\*?(?P<book>[^*(]+?)\*?,?\s*(?:ed\.|\()", rest)
        if journal:
            entry_type = "article"
            fields.append(("journal", journal.group("journal").strip()))
            for field, group in (("volume", "volume"), ("number", "number"), ("issue", "season")):
                if journal.group(group):
                    fields.append((field, journal.group(group)))
            fields.append(("year", journal.group("year")))
        elif book:
            entry_type = "incollection"
            fields.append(("booktitle", book.group("book").strip(" ,")))
    else:
        if named is not None and named.re is _BODY_WITH_ROLE:
            people = "{" + named.group("names").strip() + "}"  # a body: one name, kept whole
        else:
            people = _bibtex_names(named.group("names")) if named else ""
        role = (named.group("role") or "") if named else ""
        after = text[named.end() :] if named else text
        m = re.match(r"\*?(?P<title>[^*(]+?)\*?,?\s*(?:\((?P<addon>[^():]+)\))?\s*(?:\(|$)", after)
        title = m.group("title").strip(" ,") if m else after
        if m and m.group("addon"):
            fields.append(("titleaddon", m.group("addon").strip()))
    published = _PUBLISHED.search(text)
    if published:
        fields += [
            ("location", published.group("place").strip()),
            ("publisher", published.group("publisher").strip()),
            ("year", published.group("year").replace("–", "--")),
        ]
    translator = re.search(r"trans\.\s+([A-Z][\w ]+?)(?:,|$)", text)
    if translator:
        fields.append(("translator", translator.group(1).strip()))
    role_field = "editor" if role.startswith(("ed", "comp")) else "author"
    head = [(role_field, people)] if people else []
    if role.startswith("comp"):
        head.append(("editortype", "compiler"))
    head.append(("title", title.strip() or text))
    year = next((v for k, v in fields if k == "year"), "")
    key = _key(people, year, title)
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in [*head, *fields])
    return (
        f"% draft from {slug}, note {note}: {citation.text}\n"
        f"% check: entry type, name order (family name first for Chinese names), title split\n"
        f"@{entry_type}{{{key},\n{body},\n}}\n"
    )


def drafts(chapters: Iterable[Chapter]) -> list[str]:
    """Draft entries, one per work, for the full references that match no entry.

    Two references that draft to the same key and title are one work (the note
    of the first is named); two different works with one key get ``b``, ``c``…
    """
    out: list[str] = []
    titles: dict[str, str] = {}
    for chapter in chapters:
        for note in chapter.notes:
            for c in note.citations:
                if c.kind != "full" or c.source:
                    continue
                entry = draft_entry(c, note.n, chapter.meta.slug)
                head = re.search(r"^@\w+\{([^,]+),$", entry, re.MULTILINE)
                title = re.search(r"^  title = \{(.*)\},?$", entry, re.MULTILINE)
                if head is None or title is None:
                    continue
                key, words_of_title = head.group(1), " ".join(words(title.group(1)))
                if titles.get(key) == words_of_title:
                    continue  # the same work, drafted already
                unique, suffix = key, "b"
                while unique in titles:
                    unique, suffix = key + suffix, chr(ord(suffix) + 1)
                titles[unique] = words_of_title
                out.append(entry.replace(f"{{{key},", f"{{{unique},", 1))
    return out
