"""Independent pieces of work shared among the cores this process may use (Linux, by fork).

Reading 1,000 pearls, or laying out their flowcharts and formatting their references, is work
on one pearl at a time that shares nothing: on a machine with several cores, forked copies of
this process each take a share and send their results back pickled (every result here is one the
cache already stores that way). A copy starts with this process's memory, so nothing is sent to
it. Anywhere that is not so (another system, one core, few items, other threads running, a
copy that died), the work is done here, in order, with the same results.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

J = TypeVar("J")
T = TypeVar("T")

#: Below this many items of a few milliseconds each (a pearl read, or resolved), forking (~30 ms)
#: costs more than the share it saves.
MINIMUM_ITEMS = 64

#: The work being shared, which forked copies find here (a function given by a caller, often a
#: closure, cannot be pickled to them).
_shared: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def map_shared(
    function: Callable[[J], T], items: Sequence[J], minimum: int | None = None
) -> list[T]:
    """``[function(item) for item in items]``, other cores computing their shares when there are
    at least ``minimum`` items (default :data:`MINIMUM_ITEMS`). ``function`` must not write
    anything: a copy's writes are lost or doubled."""
    cores = usable_cores()
    enough = len(items) >= (MINIMUM_ITEMS if minimum is None else minimum)
    if cores < 2 or not enough or threading.active_count() > 1:
        return [function(item) for item in items]
    global _shared
    bounds = [len(items) * share // cores for share in range(cores + 1)]
    sys.stdout.flush()  # a copy would write what is still buffered a second time
    sys.stderr.flush()
    _shared = (function, items)
    try:
        with ProcessPoolExecutor(cores - 1, mp_context=multiprocessing.get_context("fork")) as pool:
            others = [pool.submit(_compute, bounds[n], bounds[n + 1]) for n in range(1, cores)]
            results = [function(item) for item in items[: bounds[1]]]
            for n, other in enumerate(others, start=1):
                try:
                    results += other.result()
                except BrokenProcessPool:  # a copy was killed (out of memory): do its share
                    results += [function(item) for item in items[bounds[n] : bounds[n + 1]]]
            return results
    finally:
        _shared = None


#: At most this many processes share work: each copy's memory grows with what it computes, and a
#: container may see more cores than its quota lets it use.
MAXIMUM_CORES = 4


def usable_cores() -> int:
    """How many processes share work: one per core this process may run on (at most
    :data:`MAXIMUM_CORES`), on Linux; else 1."""
    if sys.platform != "linux":
        return 1
    return min(len(os.sched_getaffinity(0)), MAXIMUM_CORES)


def _compute(start: int, stop: int) -> list[Any]:
    """One share, in a forked copy."""
    assert _shared is not None
    function, items = _shared
    return [function(item) for item in items[start:stop]]
