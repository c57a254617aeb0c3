"""What the browser suite's tests and fixtures share: the site, its viewports, its build."""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from edition.builder import load_corpus, render_files, write_site

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

DESKTOP = {"width": 1280, "height": 800}
PHONES = ({"width": 360, "height": 740}, {"width": 390, "height": 844})


@dataclass(frozen=True)
class Site:
    """The built site: its folder on disk and the address it is served at."""

    path: Path
    base: str
    """``http://127.0.0.1:PORT/``, with the trailing slash."""

    def url(self, page: str) -> str:
        return self.base + page

    def pages(self) -> list[str]:
        """Every HTML page of the site, by path relative to its folder."""
        return html_pages(self.path)


def html_pages(site: Path) -> list[str]:
    """Every HTML page under ``site``, by path relative to it."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def chapter_data(site: Site, slug: str) -> dict[str, Any]:
    """A chapter's data as the built site publishes it (``data/SLUG.yaml``)."""
    data: dict[str, Any] = yaml.safe_load((site.path / "data" / f"{slug}.yaml").read_text("utf-8"))
    return data


def watch_errors(page: Any, console: bool = True) -> list[str]:
    """A list that fills with the page's uncaught script errors (and console errors)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    if console:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _build(out: Path) -> Path:
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        corpus = load_corpus(Path("corpus"))
    finally:
        os.chdir(here)
    files = render_files(corpus)
    write_site(files, out)
    return out


def build_site(out: Path) -> Path:
    """Build the project's corpus into ``out`` (paths in messages relative to the repo).

    In a thread of its own: the build may run an asyncio loop of its own (the
    search index), which cannot start in a thread where Playwright's sync API
    already runs one.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_build, out).result()


@contextlib.contextmanager
def served(build: Callable[[], Path]) -> Iterator[str]:
    """A site built by ``build`` (in a thread of its own, as :func:`build_site` says
    why) and served on a free port of localhost: its base URL, until the block ends."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        out = pool.submit(build).result()
    handler = functools.partial(QuietHandler, directory=str(out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
