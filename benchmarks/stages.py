"""Time each stage of one edition build, in a fresh process.

Usage: ``python benchmarks/stages.py CORPUS_DIR OUT_DIR`` (with the project's
``.venv`` python). Prints one JSON object of seconds to stdout:

* ``import``: importing ``edition.builder`` (and with it jinja2, markdown-it,
  bibtexparser, pagefind's Python API…), from this script's first line;
* ``load_corpus``: :func:`edition.builder.load_corpus` — read, ingest, link,
  trails (citations to sources), review, assignments;
* ``render``: :func:`edition.render.render_site`, the HTML pages;
* ``search``: what the build waits for of the search index:
  :func:`edition.search.records`, and :func:`edition.search.index` or
  :func:`edition.search.start` and the wait in :meth:`edition.search.Indexing.result`
  (Pagefind's binary runs as a child process; started in the background, its
  work overlaps the pages' and is not counted here);
* ``data``: the rest of :func:`edition.builder.render_files` — the chapter YAML
  and the BibTeX, CSL-JSON and RIS exports;
* ``write_site``: :func:`edition.builder.write_site`;
* ``total``: from this script's first line to the end;
* ``rss_python``, ``rss_pagefind``: peak resident memory (MB) of this process
  and of its largest child process, the Pagefind binary.

``render_files`` itself is what is run: the stages are measured by wrapping the
functions it calls, so the build is exactly the real one. The CLI's diagnostic
printing is not included.

``--jobs N`` (default: the number of cores) is passed on as ``edition build --jobs``.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import gc  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from edition import builder, search  # noqa: E402
from edition.cli import COLLECT_EVERY  # noqa: E402
from edition.parallel import cores  # noqa: E402

gc.set_threshold(*COLLECT_EVERY)  # as the edition program runs (edition.cli.run)

IMPORTED = time.perf_counter()
times: dict[str, float] = {}


running: set[str] = set()


def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if name in running:  # a timed call within another of the same stage
            return fn(*args, **kwargs)
        running.add(name)
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            running.discard(name)
            times[name] = times.get(name, 0.0) + time.perf_counter() - t

    return wrapper


def main(argv: list[str]) -> int:
    jobs = cores()
    if len(argv) == 4 and argv[2] in ("-j", "--jobs"):
        jobs, argv = int(argv[3]), argv[:2]
    if len(argv) != 2:
        print("usage: python benchmarks/stages.py CORPUS_DIR OUT_DIR [--jobs N]", file=sys.stderr)
        return 2
    corpus_dir, out = Path(argv[0]), Path(argv[1])
    builder.render_site = timed("render", builder.render_site)  # type: ignore[assignment]
    search.records = timed("search", search.records)  # type: ignore[assignment]
    search.index = timed("search", search.index)  # type: ignore[assignment]
    search.start = timed("search", search.start)  # type: ignore[assignment]
    search.Indexing.result = timed("search", search.Indexing.result)  # type: ignore[method-assign]

    t = time.perf_counter()
    corpus = builder.load_corpus(corpus_dir, jobs=jobs)
    load = time.perf_counter() - t
    if builder.has_errors(corpus.all_diagnostics()):
        print("the corpus has errors", file=sys.stderr)
        return 1
    builder.check_out_dir(out, corpus_dir)
    t = time.perf_counter()
    files = builder.render_files(corpus, jobs=jobs)
    render_files = time.perf_counter() - t
    t = time.perf_counter()
    builder.write_site(files, out)
    write = time.perf_counter() - t
    end = time.perf_counter()
    result = {
        "import": IMPORTED - START,
        "load_corpus": load,
        "render": times["render"],
        "search": times["search"],
        "data": render_files - times["render"] - times["search"],
        "write_site": write,
        "total": end - START,
        "files": len(files),
        # Peak resident memory in MB: this Python process, and its largest child (Pagefind).
        "rss_python": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_pagefind": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
