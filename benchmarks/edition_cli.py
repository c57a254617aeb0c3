"""``edition`` with one workaround, for timing builds that the plain command cannot finish.

Usage: ``python benchmarks/edition_cli.py build --corpus DIR --out DIR`` — the
same as the ``edition`` command (``edition.cli.main``), in a fresh process, except
that the pipe from the Pagefind process is read with a larger limit.

Why (up to commit 9323558; d106d70 fixed it in edition's own reader, and this
then changes nothing): Pagefind's Python API reads the service's replies with
``StreamReader.readuntil`` and a 2 MiB limit. The reply to ``get_files`` holds
every file of the index, encoded (about 2.9 times the size of the index edition
writes), so once that reply is over 2 MiB the reader task dies with
``LimitOverrunError``; nothing reads the pipe any more, Pagefind blocks writing
to it, and ``edition build`` waits forever, printing nothing. Measured with
pagefind 1.5.2: 8 copies of ``corpus/chen-mao`` build (reply 2,071,101 bytes),
9 copies hang (2,172,405 bytes). ``benchmarks/run.py`` first tries
the real ``edition`` command and reports a hang when it does not finish; the
timings of larger sizes then come from this script, and say so.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any

LIMIT = 2**30
"""The read limit given to the Pagefind child process's pipes (1 GiB)."""


def raise_pipe_limit() -> None:
    """Give every ``asyncio.create_subprocess_exec`` of this process a larger read limit."""
    original = asyncio.create_subprocess_exec
    if getattr(original, "_benchmark_patched", False):
        return

    async def create(*args: Any, **kwargs: Any) -> asyncio.subprocess.Process:
        kwargs["limit"] = max(int(kwargs.get("limit", 0)), LIMIT)
        return await original(*args, **kwargs)

    create._benchmark_patched = True  # type: ignore[attr-defined]
    asyncio.create_subprocess_exec = create  # type: ignore[assignment]


if __name__ == "__main__":
    raise_pipe_limit()
    from edition.cli import main

    sys.exit(main())
