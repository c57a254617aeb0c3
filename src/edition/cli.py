"""The command line: ``edition ingest | check | build``.

Only this module turns diagnostics into an exit code:

====  ==========================================================
0     success (warnings and info messages may have been printed)
1     the corpus has errors (or warnings, with ``--strict``)
2     bad usage: unknown option, missing file or folder, unsafe ``--out``
3     internal error: a bug in edition (a traceback is printed; please report it),
      or Pagefind's binary could not be run
====  ==========================================================
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import multiprocessing
import os
import signal
import sys
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from edition import __version__, data
from edition.builder import (
    PROJECT,
    UsageError,
    check_out_dir,
    display,
    has_errors,
    load_corpus,
    render_files,
    strictly,
    write_site,
)
from edition.cache import Store
from edition.diagnostics import Diagnostic, Severity, sort_diagnostics, strict, summary
from edition.ingest import ingest_bytes
from edition.link import link
from edition.parallel import can_fork, cores
from edition.search import Helpers, IndexerError
from edition.trails import summary as trail_summary

if TYPE_CHECKING:
    import socketserver

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
DEFAULT_CORPUS = "corpus"
DEFAULT_OUT = "site"
DEFAULT_CACHE = ".edition-cache"


def _print_diagnostics(diags: Sequence[Diagnostic], err: TextIO, quiet: bool = False) -> None:
    """Diagnostics as a compiler prints them, then a one-line summary."""
    for d in sort_diagnostics(diags):
        if quiet and d.severity == Severity.INFO:
            continue
        print(d.format(), file=err)
    print(summary(diags), file=err)


def _jobs_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=cores(),
        metavar="N",
        help="work on N chapters at once, in N processes (default: the number of cores); "
        "the output is the same whatever N",
    )


def _jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return n


def _cache_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--cache",
        type=Path,
        default=Path(DEFAULT_CACHE),
        metavar="DIR",
        help="keep each chapter's work here and reuse it while the chapter is unchanged; "
        f"'check' only reads it (default: {DEFAULT_CACHE}/; safe to delete)",
    )
    p.add_argument("--no-cache", action="store_true", help="neither use nor keep the build cache")


def _corpus_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--corpus",
        type=Path,
        default=Path(DEFAULT_CORPUS),
        metavar="DIR",
        help=f"the corpus folder (default: {DEFAULT_CORPUS}/)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="edition",
        description="Build a documentary edition: annotated chapters into checked data and a website.",
        epilog="Exit codes: 0 fine, 1 errors in the corpus, 2 bad usage, 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"edition {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "ingest",
        help="parse one raw chapter file and print its data as YAML",
        description="Parse one raw chapter file (Markdown as a PDF converter left it) and write "
        "its structured data as YAML. Diagnostics go to stderr.",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="the raw chapter file")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT.yaml",
        help="write the YAML here instead of stdout",
    )
    p.add_argument("--strict", action="store_true", help="count warnings as errors")

    p = sub.add_parser(
        "bib",
        help="bibliography tools: 'edition bib draft' drafts entries for unmatched references",
        description="Bibliography tools.",
    )
    bib_sub = p.add_subparsers(dest="bib_command", required=True, metavar="TOOL")
    p = bib_sub.add_parser(
        "draft",
        help="print draft BibTeX entries for full references that match no entry",
        description="Print draft BibTeX entries (stdout) for every full reference in the notes "
        "that matches no entry of the corpus bibliography, to review and add to sources.bib.",
    )
    _corpus_option(p)

    p = sub.add_parser(
        "serve",
        help="build, serve the site on localhost and rebuild when the corpus, templates or static files change",
        description="Build the site, serve it on http://localhost:PORT/ and rebuild it whenever a "
        "file in the corpus, templates/ or static/ changes. A rebuild with errors prints them and "
        "keeps serving the last good site. Ctrl-C stops.",
    )
    _corpus_option(p)
    p.add_argument(
        "--out",
        type=Path,
        default=Path(DEFAULT_OUT),
        metavar="DIR",
        help=f"the output folder (default: {DEFAULT_OUT}/)",
    )
    p.add_argument("--port", type=int, default=8000, metavar="N", help="the port (default: 8000)")
    _jobs_option(p)
    _cache_options(p)

    for name, help_text in (
        ("check", "lint the corpus: report every repair and problem, write nothing"),
        ("build", "check the corpus, then write the site (nothing is written if there are errors)"),
    ):
        p = sub.add_parser(
            name, help=help_text, description=help_text[0].upper() + help_text[1:] + "."
        )
        _corpus_option(p)
        p.add_argument("--strict", action="store_true", help="count warnings as errors")
        p.add_argument(
            "-q", "--quiet", action="store_true", help="do not list info messages (repairs)"
        )
        _jobs_option(p)
        _cache_options(p)
        if name == "build":
            p.add_argument(
                "--out",
                type=Path,
                default=Path(DEFAULT_OUT),
                metavar="DIR",
                help=f"the output folder, replaced whole on success (default: {DEFAULT_OUT}/)",
            )
    return parser


def _ingest(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    path: Path = args.file
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    chapter, diags = ingest_bytes(path.read_bytes(), display(path))
    if chapter is None:
        _print_diagnostics(diags, err)
        return EXIT_ERRORS
    chapter = link(chapter)
    found = list(chapter.diagnostics)
    if args.strict:
        found = strict(found)
    text = data.dump(chapter)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        out.write(text)
    _print_diagnostics(found, err)
    return EXIT_ERRORS if has_errors(found) else EXIT_OK


def _bib_draft(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # Imported by the commands that use them, so that `check` and `build` start faster.
    from edition.draft import drafts

    corpus = load_corpus(args.corpus)
    entries = drafts(corpus.chapters)
    out.write("\n".join(entries))
    print(f"edition: {len(entries)} draft entries for references that match no entry", file=err)
    return EXIT_OK


def _serve(args: argparse.Namespace, err: TextIO) -> int:
    from edition.serve import Watcher, make_server, watch  # http.server, socket, ssl: only here

    check_out_dir(args.out, args.corpus)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as Ctrl-C does

    def rebuild() -> None:
        print("edition: rebuilding…", file=err)
        try:
            code = _build(args.corpus, args.out, err, quiet=True, cache=cache, jobs=args.jobs)
        except UsageError as e:
            print(f"edition: error: {e}", file=err)
            return
        if code == EXIT_OK:
            print("edition: rebuilt; reload the page", file=err)

    cache = None if args.no_cache else args.cache
    if (
        _build(args.corpus, args.out, err, quiet=True, cache=cache, jobs=args.jobs) != EXIT_OK
        and not args.out.is_dir()
    ):
        return EXIT_ERRORS
    server = make_server(args.out, args.port)
    port = server.server_address[1]
    print(
        f"edition: serving {display(args.out)}/ at http://localhost:{port}/ — rebuilding on changes "
        f"to {display(args.corpus)}/, templates/ and static/ (Ctrl-C stops)",
        file=err,
    )
    stop = threading.Event()
    watcher = Watcher([args.corpus, PROJECT / "templates", PROJECT / "static"])
    if can_fork():
        # The server in a forked process of its own, the watcher here: with no thread
        # beside it, a rebuild forks its workers (--jobs) and indexes in the background,
        # as `edition build` does.
        serving = multiprocessing.get_context("fork").Process(
            target=_serve_forever, args=(server, os.getpid()), daemon=True
        )
        serving.start()
        server.socket.close()

        def run() -> None:
            watch(watcher, rebuild, stop)

        def end() -> None:
            serving.terminate()
            serving.join()

    else:  # no fork here: the watcher in a thread, the server in this one
        threading.Thread(target=watch, args=(watcher, rebuild, stop), daemon=True).start()
        run = server.serve_forever

        def end() -> None:
            stop.set()
            server.server_close()

    try:
        run()
    except KeyboardInterrupt:
        print("edition: stopped", file=err)
    finally:
        end()
    return EXIT_OK


def _serve_forever(server: socketserver.BaseServer, parent: int) -> None:
    """The forked server process: serve until terminated, or until the watching process
    is gone however it ended (Ctrl-C ends it quietly)."""
    server.timeout = 0.5
    with contextlib.suppress(KeyboardInterrupt):
        while os.getppid() == parent:
            server.handle_request()
    server.server_close()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _build(
    corpus_dir: Path,
    out_dir: Path | None,
    err: TextIO,
    *,
    quiet: bool = False,
    strict_mode: bool = False,
    progress: bool = False,
    jobs: int = 1,
    cache: Path | None = None,
) -> int:
    """Load and check the corpus, report, and (given ``out_dir`` and no errors) write the
    site; through the build cache in ``cache`` if given."""
    # One of Pagefind's helpers starts while the chapters load (not for a check,
    # which writes nothing, nor with one job, which indexes in this process); any
    # more the shards need are forked when they are made. Two at once had slowed
    # the loading of a one-chapter edition more than the second one saved.
    with Helpers(1 if out_dir is not None and jobs > 1 else 0) as ready:
        return _load_and_write(
            corpus_dir, out_dir, err, quiet, strict_mode, progress, jobs, cache, ready
        )


def _load_and_write(
    corpus_dir: Path,
    out_dir: Path | None,
    err: TextIO,
    quiet: bool,
    strict_mode: bool,
    progress: bool,
    jobs: int,
    cache: Path | None,
    ready: Helpers,
) -> int:
    report = (lambda line: print(f"edition: {line}", file=err)) if progress else None
    store = Store(cache)
    loaded = store.load("load")
    corpus = load_corpus(corpus_dir, report, jobs, loaded)
    if out_dir is not None:  # a check writes nothing, not even the cache
        store.save("load", loaded)
    if cache is not None and report and corpus.chapters:
        report(
            f"{loaded.hits} of {len(corpus.chapters)} chapters unchanged, "
            f"taken from the build cache {display(cache)}/"
        )
    if strict_mode:
        corpus = strictly(corpus)
    diags = corpus.all_diagnostics()
    for chapter in corpus.chapters:
        print(trail_summary(chapter), file=err)
    _print_diagnostics(diags, err, quiet=quiet)
    if has_errors(diags):
        if out_dir is not None:
            print(f"edition: nothing written; {display(out_dir)} is unchanged", file=err)
        return EXIT_ERRORS
    if out_dir is not None:
        made = store.load("made")
        files = render_files(corpus, jobs=jobs, memo=made, ready=ready)
        write_site(files, out_dir)
        store.save("made", made)
        index = {k: v for k, v in files.items() if k.startswith("pagefind/")}
        print(
            f"edition: wrote {len(files)} files to {display(out_dir)}/ "
            f"(search index: {len(index)} files, {sum(map(len, index.values())) // 1024} KB)",
            file=err,
        )
    return EXIT_OK


def _check_or_build(args: argparse.Namespace, err: TextIO) -> int:
    building = args.command == "build"
    if building:
        check_out_dir(args.out, args.corpus)
    return _build(
        args.corpus,
        args.out if building else None,
        err,
        quiet=args.quiet,
        strict_mode=args.strict,
        progress=building,
        jobs=args.jobs,
        cache=None if args.no_cache else args.cache,
    )


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line; returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        if args.command == "ingest":
            return _ingest(args, out, err)
        if args.command == "bib":
            return _bib_draft(args, out, err)
        if args.command == "serve":
            return _serve(args, err)
        return _check_or_build(args, err)
    except UsageError as e:
        print(f"edition: error: {e}", file=err)
        return EXIT_USAGE
    except IndexerError as e:
        print(f"edition: error: {e}", file=err)
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        print("edition: interrupted", file=err)
        return 130
    except Exception:
        traceback.print_exc(file=err)
        print(
            "edition: internal error: this is a bug in edition, not in your corpus; "
            "please report it with the traceback above",
            file=err,
        )
        return EXIT_INTERNAL


COLLECT_EVERY = (50_000, 20, 100)
"""Python's cycle collector thresholds for the program (the default is 700, 10, 10)."""


def run() -> None:
    """The ``edition`` program (and ``python -m edition``): :func:`main`, with the cycle
    collector run less often.

    A build makes millions of small objects and few cycles, and with the default
    thresholds the collector walks the ever larger heap again every 700 of them:
    about a fifth of a rebuild after one note changed in 100 chapters (0.2 of 1.1 s).
    Nothing is left uncollected, only collected in fewer, larger rounds (the peak
    memory is the same). Set here and not in :func:`main`, which tests call in
    their own process. mypy does the same for the same reason.

    Once :func:`main` has returned, its output is flushed and the process ends
    without tearing the interpreter down object by object (35 ms of a 0.4 s
    build of one chapter): every file is written and closed by then, every
    worker and helper process joined. Under a tracer or coverage, whose data is
    saved at exit, the interpreter exits as usual.
    """
    gc.set_threshold(*COLLECT_EVERY)
    code = main()
    if sys.gettrace() is not None or "coverage" in sys.modules:
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe, a full disk: Python reports it as it would
        sys.exit(code)
    os._exit(code)
