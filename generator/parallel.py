"""Using the second core for first-time work: half of a list mapped in a forked process.

A forked process starts with the loaded archive already in memory, so nothing but the results
crosses between the two (pickled). Forking is only done where it is safe and worth it: on a
platform that forks, with two cores, in a process with no other thread, for enough items.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: What the forked process maps: set just before it starts (so the function may be a closure).
_forked_work: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def map_forked(function: Callable[[T], R], items: Sequence[T], minimum: int) -> list[R]:
    """``[function(item) for item in items]``; from ``minimum`` items on, the second half is
    mapped in a forked process while this one maps the first (results must pickle)."""
    if not _may_fork(len(items), minimum):
        return [function(item) for item in items]
    global _forked_work
    half = len(items) // 2
    _forked_work = (function, items[half:])
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            second = pool.submit(_map_forked_work)
            first = [function(item) for item in items[:half]]
            try:
                return first + second.result()
            except BrokenProcessPool:  # the helper died (out of memory?): do its share here
                return first + [function(item) for item in items[half:]]
    finally:
        _forked_work = None


def _may_fork(count: int, minimum: int) -> bool:
    return (
        count >= max(minimum, 2)
        and (os.cpu_count() or 1) >= 2
        and threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
    )


def _map_forked_work() -> list[Any]:
    assert _forked_work is not None, "runs in the forked process only"
    function, items = _forked_work
    return [function(item) for item in items]
