"""The ordered map in forked processes behind ``--jobs``."""

from __future__ import annotations

import io
import os
import threading
import time

import pytest

from edition import parallel
from edition.cli import main


def slow_in_reverse(x: int) -> tuple[int, int]:
    time.sleep(0.02 * (5 - x))  # the first items finish last
    return x * x, os.getpid()


def test_results_come_back_in_order_from_other_processes() -> None:
    assert parallel.can_fork()
    results = parallel.pmap(slow_in_reverse, [0, 1, 2, 3, 4], jobs=2)
    assert [r for r, _ in results] == [0, 1, 4, 9, 16]
    assert {pid for _, pid in results} - {os.getpid()}, "nothing ran in a worker"


def test_one_job_or_one_item_runs_here() -> None:
    assert {pid for _, pid in parallel.pmap(slow_in_reverse, [1, 2], jobs=1)} == {os.getpid()}
    assert parallel.pmap(slow_in_reverse, [3], jobs=4) == [(9, os.getpid())]


def test_no_fork_while_other_threads_run() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.can_fork()
        results = parallel.pmap(slow_in_reverse, [1, 2, 3], jobs=2)
    finally:
        stop.set()
        thread.join()
    assert results == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


def test_a_worker_error_reaches_the_caller() -> None:
    def fail_on_two(x: int) -> int:
        if x == 2:
            raise ValueError("two")
        return x

    with pytest.raises(ValueError, match="two"):
        parallel.pmap(fail_on_two, [1, 2, 3], jobs=2)


@pytest.mark.parametrize("bad", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--jobs", bad], err=io.StringIO()) == 2
    assert f"{bad!r} is not a number of processes (1 or more)" in capsys.readouterr().err
