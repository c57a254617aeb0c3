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
    # what builds write beside the templates (compiled templates) is no change
    (watched / "__pycache__").mkdir()
    (watched / "__pycache__" / "x.jinja2").write_bytes(b"compiled")
    (watched / ".hidden").write_text("x", "utf-8")
    assert not watcher.changed()


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


def test_edition_serve_builds_serves_and_rebuilds_an_edit(tmp_path: Path) -> None:
    import re
    import shutil
    import signal
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    corpus = tmp_path / "corpus"
    shutil.copytree(root / "corpus", corpus)
    site = tmp_path / "site"
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "edition", "serve", "--corpus", str(corpus)),
            *("--out", str(site), "--port", "0", "--cache", str(tmp_path / "cache"), "-j", "2"),
        ],
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as a terminal sends it, even where this test runs as a background job
        # (which starts with SIGINT ignored, and Python then leaves it ignored)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    lines: list[str] = []

    def read_until(pattern: str, limit: float = 60) -> re.Match[str]:
        assert proc.stderr is not None
        end = time.monotonic() + limit
        while time.monotonic() < end:
            line = proc.stderr.readline()
            if not line:
                break
            lines.append(line)
            found = re.search(pattern, line)
            if found:
                return found
        raise AssertionError("no " + pattern + " in:\n" + "".join(lines))

    try:
        port = read_until(r"at http://localhost:(\d+)/").group(1)
        url = f"http://127.0.0.1:{port}/chen-mao.html"
        with urllib.request.urlopen(url) as r:
            assert "Mao and Sino-American Relations" in r.read().decode("utf-8")
        source = corpus / "chen-mao" / "source.md"
        text = source.read_text("utf-8")
        assert "Whereas Weathersby focused" in text
        source.write_text(text.replace("Whereas Weathersby focused", "Whereas WEATHERSBY focused"))
        read_until(r"rebuilt; reload the page")
        with urllib.request.urlopen(url) as r:
            page = r.read().decode("utf-8")
        assert "Whereas WEATHERSBY focused" in page and "Whereas Weathersby focused" not in page
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(20)
        finally:
            proc.kill()
    assert "stopped" in "".join(lines) + (proc.stderr.read() if proc.stderr else "")
