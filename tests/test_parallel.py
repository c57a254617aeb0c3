"""The ordered map in forked processes behind ``--jobs``."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading

import pytest

from edition import parallel
from edition.cli import main

# Forking is refused while other threads run, as they do once the browser tests
# have started theirs; so what needs a fork runs in a fresh interpreter.
FRESH = """
import os, time
from edition import parallel

def slow_in_reverse(x):
    time.sleep(0.02 * (5 - x))  # the first items finish last
    return x * x, os.getpid()

assert parallel.can_fork()
results = parallel.pmap(slow_in_reverse, [0, 1, 2, 3, 4], jobs=2)
assert [r for r, _ in results] == [0, 1, 4, 9, 16], results
assert {pid for _, pid in results} - {os.getpid()}, "nothing ran in a worker"

def fail_on_two(x):
    if x == 2:
        raise ValueError("two")
    return x

try:
    parallel.pmap(fail_on_two, [1, 2, 3], jobs=2)
except ValueError as e:
    assert str(e) == "two"
else:
    raise AssertionError("the worker's error was lost")
print("ok")
"""


def test_results_come_back_in_order_from_other_processes_and_errors_too() -> None:
    done = subprocess.run(
        [sys.executable, "-c", FRESH], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ok\n"


def square(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def test_one_job_or_one_item_runs_here() -> None:
    assert parallel.pmap(square, [1, 2], jobs=1) == [(1, os.getpid()), (4, os.getpid())]
    assert parallel.pmap(square, [3], jobs=4) == [(9, os.getpid())]


def test_no_fork_while_other_threads_run() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.can_fork()
        results = parallel.pmap(square, [1, 2, 3], jobs=2)
    finally:
        stop.set()
        thread.join()
    assert results == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


@pytest.mark.parametrize("bad", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--jobs", bad], err=io.StringIO()) == 2
    assert f"{bad!r} is not a number of processes (1 or more)" in capsys.readouterr().err
