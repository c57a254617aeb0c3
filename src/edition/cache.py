"""The build cache: each chapter's work kept by the digest of what it was made from.

Editors rebuild after every change, and most chapters have not changed. The
expensive work is per chapter — reading a chapter (ingest, link, trails,
emendations, review), rendering its page, dumping its YAML, listing its search
records — so that work is kept, content-addressed, and reused when its inputs
are the same bytes:

* a **loaded chapter** is kept with the list of what it was made from: the
  digest of every file read and the names in its folder (``Deps``, like a
  compiler cache's manifest); it is reused only when every one still holds,
  and its own digest is that of its stored bytes;
* what is **made from a chapter** (its page, its YAML, its search records) is
  kept under the digest of the chapter's digest and of everything else it
  depends on (the templates, the edition's metadata, the sigla of the whole
  edition…), computed where it is made.

Every key also holds :func:`fingerprint`: the code of this package, the
versions of the libraries it renders with, and Python's, so a change of code
never reuses what older code made. Nothing edition-wide is cached (the Sources
page, the index, the chronology, the search index are remade each time from
the chapters): they are cheap beside the chapters, or, like Pagefind's index,
cannot be updated in part.

:class:`Memo` is the in-memory side the build stages see (no I/O); :class:`Store`
is the folder the orchestrator reads it from and writes it back to.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from edition.parallel import pmap

if TYPE_CHECKING:
    from edition.model import Chapter

T = TypeVar("T")
R = TypeVar("R")

KINDS = ("load", "made")
"""The kinds of entries: loaded chapters (``edition check`` uses them too), and
what the build makes from them."""

_LIBRARIES = ("jinja2", "markdown-it-py", "mdit-py-plugins", "pyyaml", "bibtexparser", "pagefind")


def digest(*parts: bytes | str) -> str:
    """The SHA-256 of the parts, each length-prefixed (so no two lists of parts collide)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


@cache
def fingerprint() -> str:
    """The digest of the code that makes the cached work: this package's source,
    its libraries' versions and Python's."""
    package = Path(__file__).resolve().parent
    parts: list[bytes | str] = [sys.version]
    installed = _installed()
    for name in _LIBRARIES:
        version = installed.get(name.lower().replace("-", "_"))
        parts.append(f"{name}=={version}" if version else f"{name} missing")
    for path in sorted(package.rglob("*.py")):
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    return digest(*parts)


def _installed() -> dict[str, str]:
    """The installed distributions' versions by normalised name, from the names of their
    ``NAME-VERSION.dist-info`` folders on ``sys.path`` (what ``importlib.metadata`` reads,
    without importing it and the email package: a tenth of a small build's start-up)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = sorted(p.name for p in Path(entry or ".").iterdir())
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info"):
                name, _, version = folder.removesuffix(".dist-info").rpartition("-")
                found.setdefault(name.lower().replace("-", "_").replace(".", "_"), version)
    return found


@dataclass
class Memo:
    """Cached work by key, and what a build used and added. No I/O."""

    entries: dict[str, bytes] = field(default_factory=dict)
    """What the cache held when the build began."""
    used: set[str] = field(default_factory=set)
    """The keys this build asked for and found, or added."""
    added: dict[str, bytes] = field(default_factory=dict)
    """What this build made that the cache did not hold."""

    def get(self, key: str) -> bytes | None:
        """The value kept under ``key``, if any."""
        value = self.added.get(key) or self.entries.get(key)
        if not value:  # none, or a file not signed by this user
            return None
        self.used.add(key)
        return value

    def put(self, key: str, value: bytes) -> None:
        """Keep ``value`` under ``key``."""
        self.added[key] = value
        self.used.add(key)

    def get_object(self, key: str) -> Any:
        """The object pickled under ``key``, or ``None`` (a damaged entry counts as none)."""
        blob = self.get(key)
        if blob is None:
            return None
        try:
            return pickle.loads(blob)
        except Exception:
            return None

    @property
    def hits(self) -> int:
        """How many entries the build reused."""
        return len(self.used - self.added.keys())


def _user_key() -> bytes:
    """This user's secret for signing cache entries, kept outside any corpus or project
    (``$XDG_CACHE_HOME/edition/cache-key``, readable by this user alone); made on
    first use. Without a place to keep it, a key for this process only."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = base / "edition" / "cache-key"
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    key = os.urandom(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(key)
    except OSError:
        pass
    return key


class Store:
    """The cache folder: one file per entry, ``KIND/KEY``.

    An entry is a pickle, and unpickling runs code, so an entry is used only if
    it carries this user's signature (HMAC-SHA256 with :func:`_user_key`): a
    cache folder that came with a corpus, a download or another user is never
    believed, only rebuilt.
    """

    def __init__(self, folder: Path | None, secret: bytes | None = None) -> None:
        self.folder = folder
        """``None``: no cache (every build is cold and keeps nothing)."""
        self._secret = secret

    @property
    def secret(self) -> bytes:
        if self._secret is None:
            self._secret = _user_key()
        return self._secret

    def _sign(self, kind: str, key: str, value: bytes) -> bytes:
        return hmac.new(self.secret, digest(kind, key, value).encode("ascii"), "sha256").digest()

    def load(self, kind: str) -> Memo:
        """Every entry of a kind signed by this user (any other is left out)."""
        memo = Memo()
        if self.folder is None:
            return memo
        where = self.folder / kind
        if not where.is_dir():
            return memo
        for path in where.iterdir():
            if len(path.name) == 64 and path.is_file():
                try:
                    data = path.read_bytes()
                except OSError:
                    continue
                mac, value = data[:32], data[32:]
                if hmac.compare_digest(mac, self._sign(kind, path.name, value)):
                    memo.entries[path.name] = value
                else:
                    memo.entries.setdefault(path.name, b"")  # not ours: dropped at save
        return memo

    def save(self, kind: str, memo: Memo) -> None:
        """Write what the build added, and drop the entries it did not use (a
        chapter changed or gone, or not signed by this user): the cache holds one
        build's worth."""
        if self.folder is None:
            return
        where = self.folder / kind
        try:
            where.mkdir(parents=True, exist_ok=True)
            tag = self.folder / "CACHEDIR.TAG"
            if not tag.exists():  # backup tools skip a folder so tagged
                tag.write_text(
                    "Signature: 8a477f597d28d172789f06886806bc55\n"
                    "# The build cache of edition (https://bford.info/cachedir/).\n",
                    "utf-8",
                )
            for key, value in sorted(memo.added.items()):
                fd, tmp = tempfile.mkstemp(dir=where, prefix=".new-")
                with os.fdopen(fd, "wb") as f:
                    f.write(self._sign(kind, key, value) + value)
                Path(tmp).replace(where / key)
            for key in memo.entries.keys() - memo.used:
                (where / key).unlink(missing_ok=True)
        except OSError:
            return  # a cache that cannot be written only makes the next build slower


def chapter_keys(
    chapters: Sequence[Chapter], digests: Mapping[str, str], what: str, *context: str
) -> list[str] | None:
    """The key of ``what`` is made of each chapter with ``context`` (the digests of all
    else it depends on); ``None`` unless every chapter was loaded through the cache."""
    if not all(c.meta.slug in digests for c in chapters):
        return None
    shared = digest(fingerprint(), what, *context)
    return [digest(shared, digests[c.meta.slug]) for c in chapters]


def cached_map(
    fn: Callable[[T], R],
    items: Sequence[T],
    keys: Sequence[str] | None,
    memo: Memo | None,
    jobs: int = 1,
) -> list[R]:
    """``[fn(x) for x in items]``, each result kept in ``memo`` under its key, and taken
    from it when there; what is missing is made in up to ``jobs`` processes. Without
    keys or memo, simply the map."""
    if keys is None or memo is None:
        return pmap(fn, items, jobs)
    out: dict[int, R] = {}
    for i, key in enumerate(keys):
        kept = memo.get_object(key)
        if kept is not None:  # else missing or damaged: made again
            out[i] = kept
    missing = [i for i in range(len(items)) if i not in out]
    made = pmap(
        lambda i: pickle.dumps(fn(items[i]), protocol=pickle.HIGHEST_PROTOCOL), missing, jobs
    )
    for i, blob in zip(missing, made, strict=True):
        memo.put(keys[i], blob)
        out[i] = pickle.loads(blob)
    return [out[i] for i in range(len(items))]
