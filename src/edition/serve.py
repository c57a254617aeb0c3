"""``edition serve``: build, serve on localhost, rebuild on every change.

Editors preview here (search and other fetches need http, not ``file://``).
The watcher polls the modification times of ``corpus/``, ``templates/`` and
``static/`` (no dependency, works on every file system); a change rebuilds
the whole site the same way ``edition build`` does — a build with errors
prints them and leaves the served site as it was.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any


def snapshot(folders: Iterable[Path]) -> dict[str, float]:
    """Every file under ``folders`` with its modification time (hidden files and
    ``__pycache__/``, where builds keep compiled templates, left out)."""
    state: dict[str, float] = {}
    for folder in folders:
        if folder.is_dir():
            for p in folder.rglob("*"):
                # not hidden files, nor compiled templates (a build writes those)
                if p.is_file() and not p.name.startswith(".") and "__pycache__" not in p.parts:
                    try:
                        state[str(p)] = p.stat().st_mtime_ns
                    except OSError:  # deleted while we looked
                        continue
    return state


class Watcher:
    """Notices changes in folders by comparing snapshots."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self.folders = list(folders)
        self.state = snapshot(self.folders)

    def changed(self) -> bool:
        """Whether anything was added, removed or modified since the last call."""
        now = snapshot(self.folders)
        if now != self.state:
            self.state = now
            return True
        return False


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site; a missing page gets the site's own 404.html."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: Any) -> None:
        return  # quiet: the editor watches the build messages, not every request


def make_server(site: Path, port: int, host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    """An HTTP server for the built site (port 0 picks a free one)."""
    handler = functools.partial(_Handler, directory=str(site))
    return http.server.ThreadingHTTPServer((host, port), handler)


def watch(
    watcher: Watcher,
    rebuild: Callable[[], None],
    stop: threading.Event,
    interval: float = 0.5,
) -> None:
    """Rebuild whenever the watcher sees a change, until ``stop`` is set."""
    while not stop.wait(interval):
        if watcher.changed():
            time.sleep(0.1)  # let an editor finish saving several files
            watcher.changed()
            rebuild()
