"""Search: one Pagefind record per paragraph, note, work and siglum.

A hit is a place a reader can land on, not a page: each record has the exact
URL of its anchor (``chen-mao.html#p12``, ``#n38``, ``sources.html#jmzw``), a
title readers recognise (``¶ 12``, ``Note 38``, the short reference of a
work), and the filters ``part`` (text, headnote, notes, sources,
abbreviations) and ``chapter``. A note's record also carries the expansion of
every siglum it uses, so searching "Selected Works of Mao Zedong" finds the
notes that cite MZX.

:func:`records` is pure; :func:`index` runs Pagefind's indexer (through its
Python API, in this process's event loop) and returns the index files.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pagefind.index import IndexConfig
from pagefind.service import PagefindService

from edition import cbor
from edition.markup import plain
from edition.references import label, reference

if TYPE_CHECKING:
    from edition.builder import Corpus

PARTS = ("text", "headnote", "notes", "sources", "abbreviations")
"""The values of the ``part`` filter."""

_UNUSED = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")


@dataclass(frozen=True, slots=True)
class Record:
    """One searchable place."""

    url: str
    """The page and anchor a hit leads to."""
    title: str
    """What the hit is called (``¶ 12``, ``Note 38``)."""
    kind: str
    """``paragraph``, ``note``, ``source`` or ``abbreviation``."""
    part: str
    """One of :data:`PARTS`."""
    chapter: str
    """The chapter's title ("" for the edition-wide pages)."""
    content: str
    """The text to search, as plain text."""


def records(corpus: Corpus) -> list[Record]:
    """Every searchable place of the edition, in a stable order."""
    out: list[Record] = []
    expansions = {a.abbr: plain(a.expansion) for c in corpus.chapters for a in c.abbreviations}
    for chapter in corpus.chapters:
        url = f"{chapter.meta.slug}.html"
        title = plain(chapter.meta.title)
        for p in chapter.headnote:
            out.append(
                Record(
                    f"{url}#{p.id}",
                    f"Editors’ introduction ¶ {p.n}",
                    "paragraph",
                    "headnote",
                    title,
                    plain(p.text),
                )
            )
        for p in chapter.paragraphs:
            out.append(
                Record(f"{url}#{p.id}", f"¶ {p.n}", "paragraph", "text", title, plain(p.text))
            )
        for note in chapter.notes:
            used = [a for a in chapter.abbreviations if note.n in a.notes]
            glosses = " ".join(f"{a.abbr}: {expansions[a.abbr]}." for a in used)
            text = plain(note.text) + (f" ({glosses})" if glosses else "")
            out.append(Record(f"{url}#n{note.n}", f"Note {note.n}", "note", "notes", title, text))
    for s in corpus.cited_sources():
        out.append(
            Record(
                f"sources.html#{s.key}",
                plain(label(s)),
                "source",
                "sources",
                "",
                plain(reference(s)),
            )
        )
    for abbr, expansion in sorted(expansions.items()):
        out.append(
            Record(
                f"abbreviations.html#{abbr}",
                abbr,
                "abbreviation",
                "abbreviations",
                "",
                f"{abbr}: {expansion}",
            )
        )
    return out


class _Service(PagefindService):
    """Pagefind's indexing service, reading its replies as soon as they come.

    The wrapper's own reader pauses 0.1 s before each reply, which caps it at
    ten records a second (16 s for one chapter), and reads each reply with
    ``readuntil``, whose 2 MiB limit the index of ten chapters exceeds (the
    reply never arrives and the build waits for ever). This reader takes what
    the pipe has, splits the replies at their commas (base64 has none), and
    if it fails, fails every request still waiting instead of leaving them to
    hang. Everything else — the binary, the protocol, the requests — is the
    Python API's own.
    """

    async def _wait_for_responses(self) -> None:
        stdout = self._backend.stdout
        assert stdout is not None
        buffer = bytearray()
        try:
            while True:
                chunk = await stdout.read(1 << 16)
                if not chunk:
                    raise RuntimeError("pagefind: the indexer stopped before answering")
                buffer += chunk
                while (end := buffer.find(b",")) >= 0:
                    message = bytes(buffer[:end])
                    del buffer[: end + 1]
                    self._answer(message)
        except asyncio.CancelledError:
            raise
        except Exception as err:
            for future in self._responses.values():
                if not future.done():
                    future.set_exception(err)

    def _answer(self, message: bytes) -> None:
        response = json.loads(base64.b64decode(message))
        if not response:
            return
        future = self._responses.get(response.get("message_id"))
        if future is None or future.done():
            return
        payload = response["payload"]
        if payload.get("type") == "Error":
            future.set_exception(RuntimeError(f"pagefind: {payload.get('message')}"))
        else:
            future.set_result(payload)


async def _index(items: Sequence[Record], language: str) -> dict[str, bytes]:
    # The service, not PagefindIndex as a context manager: that one writes the
    # index into the working folder on exit, and we write nothing but the site.
    async with _Service() as service:
        pagefind = await service.create_index(IndexConfig(force_language=language))
        added = []
        for r in items:
            filters = {"part": [r.part]}
            if r.chapter:
                filters["chapter"] = [r.chapter]
            added.append(
                pagefind.add_custom_record(
                    url=r.url,
                    content=r.content,
                    language=language,
                    meta={"title": r.title, "kind": r.kind, "chapter": r.chapter},
                    filters=filters,
                )
            )
        await asyncio.gather(*added)  # sent in order, so the index comes out the same
        files = await pagefind.get_files()
    return {
        f"pagefind/{f['path']}": bytes(f["content"])
        for f in files
        if not str(f["path"]).startswith(_UNUSED)
    }


def index(items: Sequence[Record], language: str = "en") -> dict[str, bytes]:
    """The Pagefind index of the records, as files by path in the site (byte-identical
    from one build to the next: see :func:`canonical`)."""
    return canonical(asyncio.run(_index(items, language)))


_SIGNATURE = b"pagefind_dcd"


def _inflate(data: bytes) -> bytes:
    raw = gzip.decompress(data)
    if not raw.startswith(_SIGNATURE):
        raise ValueError("not a Pagefind index file")
    return raw[len(_SIGNATURE) :]


def _deflate(raw: bytes) -> bytes:
    return gzip.compress(_SIGNATURE + raw, compresslevel=9, mtime=0)


def canonical(files: dict[str, bytes]) -> dict[str, bytes]:
    """Pagefind's index with its filter and metadata files in a stable order.

    Pagefind writes the values of a filter in hash-map order, so each build
    names and fills those files differently (Pagefind issue #638: fragments
    became stable in 1.3, filters and metadata did not). Each file is named by
    the SHA-1 of its CBOR content; here the values are sorted, the files
    renamed after their new content, and the metadata and entry point that
    name them rewritten to match.
    """
    out = dict(files)
    renamed: dict[str, str] = {}
    for path in sorted(files):
        if not path.endswith(".pf_filter"):
            continue
        value = cbor.loads(_inflate(files[path]))
        value[1] = sorted(value[1], key=lambda pair: str(pair[0]))
        raw = cbor.dumps(value)
        old = path.rsplit("/", 1)[1].removesuffix(".pf_filter")
        new = f"{old.split('_')[0]}_{hashlib.sha1(raw).hexdigest()[:7]}"
        renamed[old] = new
        del out[path]
        out[f"pagefind/filter/{new}.pf_filter"] = _deflate(raw)
    entry_path = "pagefind/pagefind-entry.json"
    entry = out[entry_path].decode("utf-8")
    for path in sorted(p for p in files if p.endswith(".pf_meta")):
        meta = cbor.loads(_inflate(files[path]))
        meta[3] = sorted([[name, renamed.get(h, h)] for name, h in meta[3]])
        raw = cbor.dumps(meta)
        old = path.rsplit(".", 2)[1]  # pagefind.en_c3ae19ee38.pf_meta
        new = f"{old.split('_')[0]}_{hashlib.sha1(raw).hexdigest()[:10]}"
        del out[path]
        out[f"pagefind/pagefind.{new}.pf_meta"] = _deflate(raw)
        entry = entry.replace(f'"{old}"', f'"{new}"')
    out[entry_path] = entry.encode("utf-8")
    return out
