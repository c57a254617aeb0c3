"""Per-chapter work on every core: an ordered ``map`` in forked processes.

The work of a build is mostly per chapter (ingest, link, trace; the chapter
page; the chapter's YAML), so an anthology uses every core by mapping a
function over its chapters. :func:`pmap` forks worker processes that inherit
the function and its items (nothing is pickled on the way in but an index);
only the results travel back. The results come back in the order of the
items, whatever order the workers finish in, so the output never depends on
scheduling (the deterministic-build test covers it).

It falls back to a plain loop when one job is asked for, when there is one
item, where ``fork`` does not exist, and when other threads are running
(``edition serve`` rebuilds from its watcher thread, and forking a process
with threads is unsafe).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_TASK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None
"""The function and items of the running :func:`pmap`, inherited by its workers."""


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether worker processes can be forked safely here and now."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _run(i: int) -> Any:
    assert _TASK is not None
    fn, items = _TASK
    return fn(items[i])


def imap(fn: Callable[[T], R], items: Sequence[T], jobs: int = 1) -> Iterator[R]:
    """``fn(x) for x in items``, in order, each as soon as it is ready, computed in up
    to ``jobs`` processes."""
    global _TASK
    workers = min(jobs, len(items))
    if workers <= 1 or _TASK is not None or not can_fork():
        yield from (fn(x) for x in items)
        return
    # imported here: a one-chapter build never needs a pool (5 ms of every start)
    from concurrent.futures import ProcessPoolExecutor

    _TASK = (fn, items)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            chunk = max(1, len(items) // (workers * 4))
            yield from pool.map(_run, range(len(items)), chunksize=chunk)
    finally:
        _TASK = None


def pmap(fn: Callable[[T], R], items: Sequence[T], jobs: int = 1) -> list[R]:
    """``[fn(x) for x in items]``, computed in up to ``jobs`` processes."""
    return list(imap(fn, items, jobs))
