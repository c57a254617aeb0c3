"""edition serve: the server, its 404 page, and the watcher that triggers rebuilds."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from edition.serve import Watcher, make_server, watch


def test_server_serves_the_site_and_its_404(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>contents</p>", "utf-8")
    (tmp_path / "404.html").write_text("<p>not here</p>", "utf-8")
    server = make_server(tmp_path, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html") as r:
            assert r.read() == b"<p>contents</p>"
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/missing.html")
        except urllib.error.HTTPError as e:
            assert e.code == 404
            assert e.read() == b"<p>not here</p>"
        else:
            raise AssertionError("a missing page must be a 404")
    finally:
        server.shutdown()
        server.server_close()


def test_watcher_sees_additions_changes_and_removals(tmp_path: Path) -> None:
    watched = tmp_path / "corpus"
    watched.mkdir()
    (watched / "a.md").write_text("one", "utf-8")
    watcher = Watcher([watched, tmp_path / "not-there"])
    assert not watcher.changed()
    (watched / "b.md").write_text("two", "utf-8")
    assert watcher.changed()
    assert not watcher.changed()
    time.sleep(0.01)
    (watched / "a.md").write_text("one, changed", "utf-8")
    assert watcher.changed()
    (watched / "b.md").unlink()
    assert watcher.changed()


def test_watch_rebuilds_on_a_change_and_stops(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("one", "utf-8")
    watcher = Watcher([tmp_path])
    rebuilt = threading.Event()
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(watcher, rebuilt.set, stop, 0.02), daemon=True)
    thread.start()
    (tmp_path / "a.md").write_text("two", "utf-8")
    assert rebuilt.wait(5)
    stop.set()
    thread.join(5)
    assert not thread.is_alive()
