"""Search: every paragraph, note, work and siglum is a place a search can land on.

A hit is a place a reader can land on, not a page: it has the exact URL of its
anchor (``chen-mao.html#p12``, ``#n38``, ``sources.html#jmzw``), a title
readers recognise (``¶ 12``, ``Note 38``, the short reference of a work), and
the filters ``part`` (text, headnote, notes, sources, abbreviations) and
``chapter``. A note's text also carries the expansion of every siglum it uses,
so searching "Selected Works of Mao Zedong" finds the notes that cite MZX.

:func:`records` lists the places (pure). Pagefind indexes pages, and its cost
is per page, so the places are not given to it one by one: :func:`groups`
gathers the places of one part of one page (the notes of a chapter, its text,
the Sources page) into one Pagefind page, written by :func:`page_html` with a
block per place that opens with an empty ``<span id>``, which Pagefind records
as an anchor with its word position. The search script (``static/search.js``) maps the positions of the
words found back to the places they are in, and lists places, not pages. For
100 chapters that is 300 Pagefind pages instead of 10,000 records: a quarter
of the time and a fifth of the memory.

:func:`shards` splits the records into indexes of ten chapters each (one
index for an edition of up to ten), which the search script merges with
Pagefind's ``mergeIndex``: a changed note has only its shard indexed again.
:func:`index` runs Pagefind's indexer (through its Python API, in this
process's event loop) and returns each shard's files. :func:`start` does the same
in a forked helper process, so that the build can render its pages while
Pagefind's single-threaded binary indexes, and collects the files later.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import gzip
import hashlib
import html
import json
import multiprocessing
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from edition import cbor
from edition.cache import Memo, cached_map, chapter_keys
from edition.frozen import fast_pickle_module
from edition.markup import plain
from edition.model import Chapter
from edition.parallel import can_fork
from edition.references import label, reference

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from pagefind.service import PagefindService

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


_TABLE_SYNTAX = re.compile(r"^\s*\|?[\s:|-]*-{3,}[\s:|-]*$|\s*\|\s*", re.MULTILINE)
"""A Markdown table's rule of dashes and its pipes: not words a reader searches."""


def chapter_records(chapter: Chapter) -> list[Record]:
    """The searchable places of one chapter: its introduction, text and notes (a note
    followed by its sigla's expansions, as the chapter's own Abbreviations give them)."""
    out: list[Record] = []
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
        text = f"{p.caption} {_TABLE_SYNTAX.sub(' ', p.text)}" if p.kind == "table" else p.text
        out.append(Record(f"{url}#{p.id}", f"¶ {p.n}", "paragraph", "text", title, plain(text)))
    expansions = {a.abbr: plain(a.expansion) for a in chapter.abbreviations}
    for note in chapter.notes:
        used = [a for a in chapter.abbreviations if note.n in a.notes]
        glosses = " ".join(f"{a.abbr}: {expansions[a.abbr]}." for a in used)
        text = plain(note.text) + (f" ({glosses})" if glosses else "")
        out.append(Record(f"{url}#n{note.n}", f"Note {note.n}", "note", "notes", title, text))
    return out


def records(corpus: Corpus, jobs: int = 1, memo: Memo | None = None) -> list[Record]:
    """Every searchable place of the edition, in a stable order (the chapters' in up
    to ``jobs`` processes; kept in ``memo`` under the chapter's digest and the sigla's
    expansions, if given)."""
    keys = chapter_keys(corpus.chapters, corpus.digests, "records")
    found = cached_map(chapter_records, corpus.chapters, keys, memo, jobs)
    expansions = {a.abbr: plain(a.expansion) for c in corpus.chapters for a in c.abbreviations}
    out = [r for chapter in found for r in chapter]
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


@dataclass(frozen=True, slots=True)
class Group:
    """The places of one part of one page: what Pagefind indexes as one page."""

    url: str
    """The page of the site the places are on (``chen-mao.html``)."""
    part: str
    """One of :data:`PARTS`."""
    chapter: str
    """The chapter's title ("" for the edition-wide pages)."""
    places: tuple[Record, ...]
    """The places, in the order of the page."""


def groups(items: Sequence[Record]) -> list[Group]:
    """The records gathered by page and part, in the order each group first appears."""
    gathered: dict[tuple[str, str, str], list[Record]] = {}
    for r in items:
        gathered.setdefault((r.url.split("#", 1)[0], r.part, r.chapter), []).append(r)
    return [Group(url, part, chapter, tuple(rs)) for (url, part, chapter), rs in gathered.items()]


SHARD_CHAPTERS = 10
"""Chapters per part (shard) of the search index, at least: see :func:`shards`."""

MAX_SHARDS = 16
"""Shards at most: beyond 160 chapters, the shards grow instead of multiplying."""

PRIMARY = "pagefind/"
"""The folder of the first shard, with Pagefind's script and WebAssembly."""


def _in_shard(path: str) -> bool:
    """Whether a file of Pagefind's is one a shard other than the first needs: its
    index, not the script and WebAssembly that the first shard's instance runs."""
    return path == "pagefind-entry.json" or path.endswith(
        (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")
    )


def shard_size(chapters: int) -> int:
    """How many chapters each shard of an edition of ``chapters`` chapters holds."""
    return max(SHARD_CHAPTERS, -(-chapters // MAX_SHARDS))


def shard_count(chapters: int) -> int:
    """How many shards the index of an edition of ``chapters`` chapters has."""
    return max(1, -(-chapters // shard_size(chapters)))


def shard_folder(n: int) -> str:
    """The folder of shard ``n`` (from 1) in the site: the search script merges
    ``pagefind/shard-2/`` … into the first, ``pagefind/``."""
    return PRIMARY if n == 1 else f"{PRIMARY}shard-{n}/"


@dataclass(frozen=True, slots=True)
class Shard:
    """One Pagefind index of part of the edition's records."""

    folder: str
    """Where its files go in the site: :data:`PRIMARY`, or ``pagefind/shard-N/``."""
    records: tuple[Record, ...]
    """The records it indexes, in order."""


def shards(items: Sequence[Record], pages: Sequence[str]) -> list[Shard]:
    """The records split into Pagefind indexes of :data:`SHARD_CHAPTERS` chapters each
    (``pages``: the chapter pages, in order; the edition-wide records go with the first
    chapters).

    Pagefind cannot change part of an index: one changed note meant indexing the
    whole edition again (2.4 s at 100 chapters). With the index in shards, only the
    changed chapter's shard is, and the search script merges the shards with
    Pagefind's own ``mergeIndex`` (their WebAssembly is loaded once). A chapter's
    shard depends on its place in the edition only, never on its content, so a
    rebuild after an edit makes the same shards as a build from scratch. An
    edition of up to :data:`SHARD_CHAPTERS` chapters has one index, as before.

    A reader's first search fetches a little of every shard (at 100 chapters,
    a three-word search 44 requests and 118 KB more than one index): past
    :data:`MAX_SHARDS` shards, they hold more chapters each instead of growing
    in number.
    """
    size = shard_size(len(pages))
    shard_of = {page: i // size for i, page in enumerate(pages)}
    buckets: list[list[Record]] = [[] for _ in range(shard_count(len(pages)))]
    for r in items:
        buckets[shard_of.get(r.url.split("#", 1)[0], 0)].append(r)
    return [Shard(shard_folder(i), tuple(b)) for i, b in enumerate(buckets, start=1)]


def page_html(group: Group, language: str = "en") -> str:
    """The page Pagefind indexes for a group: a ``<div>`` per place that opens with an
    empty ``<span id>``, the places' titles and kinds as metadata (``places``: JSON
    ``[[id, title, kind], …]``).

    Pagefind keeps the text of every element with an id in the page's fragment,
    as the anchor's title: with the id on the place's ``<div>``, each place's text
    was there twice. The empty ``<span>`` gives the same anchor (id and word
    position) without it: the fragments a reader's search downloads are a third
    smaller, and Pagefind's work 15 % less; the word index is byte for byte the
    same."""
    esc = html.escape
    places = json.dumps(
        [[r.url.split("#", 1)[1], r.title, r.kind] for r in group.places],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    head = [
        f'<meta data-pagefind-meta="url[content]" content="{esc(group.url)}">',
        f'<meta data-pagefind-meta="places[content]" content="{esc(places)}">',
        f'<meta data-pagefind-filter="part[content]" content="{esc(group.part)}">',
    ]
    if group.chapter:
        head += [
            f'<meta data-pagefind-meta="chapter[content]" content="{esc(group.chapter)}">',
            f'<meta data-pagefind-filter="chapter[content]" content="{esc(group.chapter)}">',
        ]
    body = "".join(
        f'<div><span id="{esc(r.url.split("#", 1)[1])}"></span>{esc(r.content)}</div>'
        for r in group.places
    )
    return (
        f'<!DOCTYPE html><html lang="{esc(language)}"><head><meta charset="utf-8">'
        f"<title>{esc(group.chapter or group.url)}</title>{''.join(head)}</head>"
        f"<body data-pagefind-body>{body}</body></html>"
    )


@functools.cache
def _service_class() -> type[PagefindService]:
    """:class:`Service`, made on first use: importing this module imports neither
    asyncio nor Pagefind's API (15–30 ms), which ``edition check`` never needs."""
    import asyncio

    from pagefind.service import PagefindService

    class Service(PagefindService):
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

    return Service


async def _index(
    parts: Sequence[Shard] | Callable[[], Sequence[Shard]], language: str
) -> list[tuple[str, dict[str, bytes]]]:
    """Each shard's folder and files as Pagefind makes them; ``parts`` may be a
    function that waits for them, called once the binary runs and the first index
    is made."""
    import asyncio

    from pagefind.index import IndexConfig

    made: list[tuple[str, dict[str, bytes]]] = []
    # The service, not PagefindIndex as a context manager: that one writes the
    # index into the working folder on exit, and we write nothing but the site.
    # One service (one binary) makes every shard, one after the other.
    async with _service_class()() as service:
        pagefind = await service.create_index(IndexConfig(force_language=language))
        if callable(parts):
            parts = await asyncio.get_running_loop().run_in_executor(None, parts)
        for i, shard in enumerate(parts):
            if i:
                pagefind = await service.create_index(IndexConfig(force_language=language))
            added = [
                pagefind.add_html_file(content=page_html(g, language), url=f"{g.url}?part={g.part}")
                for g in groups(shard.records)
            ]
            # All sent at once, in order: the binary indexes its messages one after
            # the other as they arrive, so the index comes out the same as one by one.
            await asyncio.gather(*added)
            files = await pagefind.get_files()
            await pagefind.delete_index()
            kept = {
                f"{shard.folder}{f['path']}": bytes(f["content"])
                for f in files
                if not str(f["path"]).startswith(_UNUSED)
                and (shard.folder == PRIMARY or _in_shard(str(f["path"])))
            }
            made.append((shard.folder, kept))
    return made


class IndexerError(Exception):
    """Pagefind's binary could not be run (not installed, or not executable here)."""


def index(
    parts: Sequence[Shard] | Callable[[], Sequence[Shard]], language: str = "en"
) -> list[dict[str, bytes]]:
    """The Pagefind index of each shard, as files by path in the site (byte-identical
    from one build to the next: see :func:`canonical`). ``parts`` may be a function
    that waits for the shards: it is called once Pagefind's binary is ready."""
    import asyncio

    try:
        made = asyncio.run(_index(parts, language))
    except OSError as e:  # the binary missing or not executable: the machine, not a bug
        raise IndexerError(
            f"Pagefind's binary could not be run ({e}); reinstall edition's dependencies "
            "(pip install 'pagefind[bin]'), or set PAGEFIND_BINARY_PATH to a working pagefind"
        ) from None
    return [canonical(files, folder) for folder, files in made]


class Helpers:
    """Helper processes forked before the records exist, each starting Pagefind's
    binary and making its first index while the chapters load, then waiting for
    its shards: see :func:`start`. Those not given any are ended by :meth:`close`."""

    def __init__(self, count: int, language: str = "en") -> None:
        self.language = language
        self._idle: list[tuple[BaseProcess, Connection]] = []
        if count < 1 or not can_fork():
            return
        context = multiprocessing.get_context("fork")
        for _ in range(count):
            here, there = context.Pipe()
            process = context.Process(
                target=_helper, args=(language, there, None, here), daemon=True
            )
            process.start()
            there.close()
            self._idle.append((process, here))

    def take(self, language: str) -> tuple[BaseProcess, Connection] | None:
        """A helper ready to index in ``language``, if one is left."""
        return self._idle.pop(0) if self._idle and language == self.language else None

    def close(self) -> None:
        """End the helpers that were not given any shards: told by the end of their
        pipes (each then stops its binary and exits), and ended if that fails."""
        for _, conn in self._idle:  # all first: each may hold a copy of the others' pipes
            conn.close()
        for process, _ in self._idle:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join()
            process.close()
        self._idle = []

    def __enter__(self) -> Helpers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Indexing:
    """A Pagefind index being made while the build goes on: see :func:`start`."""

    def __init__(
        self,
        parts: Sequence[Shard],
        language: str,
        background: bool,
        helpers: int = 1,
        ready: Helpers | None = None,
    ) -> None:
        self._parts: Sequence[Shard] | None = parts
        self._language = language
        self._helpers: list[tuple[BaseProcess, Connection, list[int]]] = []
        if background and parts:
            context = multiprocessing.get_context("fork")
            count = max(1, min(helpers, len(parts)))
            for h in range(count):
                mine = list(range(h, len(parts), count))  # shard 1, 3, 5… and 2, 4, 6…
                share = [parts[i] for i in mine]
                warm = ready.take(language) if ready is not None else None
                if warm is not None:
                    process, conn = warm
                    with contextlib.suppress(OSError):  # it failed to start: its reply says why
                        conn.send(share)
                else:
                    conn, send = context.Pipe(duplex=False)
                    # Daemonic: if the build fails before asking for the index, the
                    # helper is ended when this process exits, not waited for.
                    process = context.Process(
                        target=_helper, args=(language, send, share), daemon=True
                    )
                    process.start()
                    send.close()
                self._helpers.append((process, conn, mine))

    @property
    def background(self) -> bool:
        """Whether the index is being made in helper processes."""
        return bool(self._helpers)

    def result(self) -> list[dict[str, bytes]]:
        """Each shard's files, by path in the site (as :func:`index` gives them)."""
        if not self._helpers:
            assert self._parts is not None, "the index was already taken"
            parts, self._parts = self._parts, None
            return index(parts, self._language)
        assert self._parts is not None, "the index was already taken"
        made: list[dict[str, bytes]] = [{} for _ in self._parts]
        try:
            for process, conn, mine in self._helpers:
                try:
                    ok, value = conn.recv()
                    process.join()  # it ends once it has sent its reply
                except EOFError:
                    raise RuntimeError(
                        "pagefind: the indexing process ended without an index"
                    ) from None
                if not ok:
                    raise value
                for i, files in zip(mine, value, strict=True):
                    made[i] = files
        finally:
            self.close()
        return made

    def close(self) -> None:
        """Stop the indexing if it is still running (the index is then lost)."""
        self._parts = None
        for process, conn, _ in self._helpers:
            conn.close()
            if process.is_alive():
                process.terminate()
            process.join()
            process.close()
        self._helpers = []

    def __enter__(self) -> Indexing:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _helper(
    language: str,
    conn: Connection,
    parts: Sequence[Shard] | None = None,
    builds_end: Connection | None = None,
) -> None:
    """In a forked helper: make the index of ``parts`` (or of the shards it is sent,
    once Pagefind's binary is ready), send it back, or the error it raised.
    ``builds_end``, the build's end of the pipe, is closed here at once: the
    helper then learns that no shards will come when the build closes its own."""
    if builds_end is not None:
        builds_end.close()
    reply: tuple[bool, object]
    try:
        reply = (True, index(parts if parts is not None else conn.recv, language))
    except EOFError:  # no shards for it: the build needed no index, or ended
        conn.close()
        return
    except BaseException as err:  # sent to the build, which raises it
        reply = (False, err)
    try:
        conn.send(reply)
    except Exception as err:  # an error that cannot be pickled: its message, then
        conn.send((False, RuntimeError(f"pagefind: {reply[1]!r} ({err})")))
    conn.close()


def start(
    parts: Sequence[Shard],
    language: str = "en",
    background: bool = True,
    helpers: int = 1,
    ready: Helpers | None = None,
) -> Indexing:
    """Begin :func:`index` of the shards; their files are the handle's
    :meth:`~Indexing.result`, to be asked for once.

    Pagefind's indexer is a single-threaded binary, fed and read by this
    process; while it works (2.4 s at 100 chapters) the build's other core
    sits idle. With ``background`` (and where worker processes can be forked:
    see :func:`edition.parallel.can_fork`) the index is made in a forked helper
    process, which runs the same Python API and binary and sends the files
    back, while the build renders its pages. Not a thread: a running thread
    would stop the build's own worker processes from being forked. Otherwise
    the index is made when its result is asked for. The files are the same
    either way, byte for byte.

    With ``helpers`` above 1 and more than one shard, as many helpers share the
    shards (each its own binary): once the pages are made, the build would
    otherwise wait for one binary on one core while the other idles (at 100
    chapters the cold build takes 4.6 s instead of 5.2 s with two).

    Helpers ``ready`` (:class:`Helpers`, forked when the build began) are given
    the shards first: they have imported Pagefind's API, started its binary and
    made their first index while the chapters loaded (25 ms, a tenth of a
    one-chapter build's wait for its index otherwise).
    """
    return Indexing(parts, language, background and can_fork(), helpers, ready)


_SIGNATURE = b"pagefind_dcd"


def _inflate(data: bytes) -> bytes:
    raw = gzip.decompress(data)
    if not raw.startswith(_SIGNATURE):
        raise ValueError("not a Pagefind index file")
    return raw[len(_SIGNATURE) :]


def _deflate(raw: bytes) -> bytes:
    return gzip.compress(_SIGNATURE + raw, compresslevel=9, mtime=0)


def canonical(files: dict[str, bytes], folder: str = PRIMARY) -> dict[str, bytes]:
    """Pagefind's index (in ``folder`` of the site) with its filter and metadata
    files in a stable order.

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
        out[f"{folder}filter/{new}.pf_filter"] = _deflate(raw)
    entry_path = f"{folder}pagefind-entry.json"
    entry = out[entry_path].decode("utf-8")
    for path in sorted(p for p in files if p.endswith(".pf_meta")):
        meta = cbor.loads(_inflate(files[path]))
        meta[3] = sorted([[name, renamed.get(h, h)] for name, h in meta[3]])
        raw = cbor.dumps(meta)
        old = path.rsplit(".", 2)[1]  # pagefind.en_c3ae19ee38.pf_meta
        new = f"{old.split('_')[0]}_{hashlib.sha1(raw).hexdigest()[:10]}"
        del out[path]
        out[f"{folder}pagefind.{new}.pf_meta"] = _deflate(raw)
        entry = entry.replace(f'"{old}"', f'"{new}"')
    out[entry_path] = entry.encode("utf-8")
    return out


fast_pickle_module(globals())
