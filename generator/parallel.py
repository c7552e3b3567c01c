"""Independent pieces of work shared among the cores this process may use (Linux, by fork).

Reading 1,000 pearls, or laying out their flowcharts and formatting their references, is work
on one pearl at a time that shares nothing: on a machine with several cores, forked copies of
this process each compute a share and send the results back pickled through a pipe (every
result here is one the cache already stores that way). A copy starts with this process's
memory, so nothing is sent to it. A share whose copy sends nothing whole (it raised, was
killed, or could not start) is computed here, where an error is raised as one process raises
it; a copy whose parent is gone dies at its first write. Where sharing does not pay or is not
safe (another system, one core, few items, other threads running), the work is done here, in
order, with the same results.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import BinaryIO, TypeVar

J = TypeVar("J")
T = TypeVar("T")

#: Below this many items of a few milliseconds each (a pearl read, or resolved), forking (~30 ms)
#: costs more than the share it saves.
MINIMUM_ITEMS = 64
#: At most this many processes compute shares: each copy's memory grows with what it computes, and a
#: container may see more cores than its quota lets it use.
MAXIMUM_CORES = 4


def map_shared(
    function: Callable[[J], T],
    items: Sequence[J],
    minimum: int | None = None,
    alongside: Callable[[], object] | None = None,
) -> list[T]:
    """``[function(item) for item in items]``, other cores computing their shares when there are
    at least ``minimum`` items (default :data:`MINIMUM_ITEMS`). Whatever else ``function`` does
    in memory (a memo it fills) stays in the copy that ran it.

    ``alongside`` (other work, whose effects this process keeps) is called here while the
    copies take every share; first, when the items are not shared.
    """
    cores = usable_cores()
    enough = len(items) >= (MINIMUM_ITEMS if minimum is None else minimum)
    if cores < 2 or not enough or threading.active_count() > 1:
        if alongside is not None:
            alongside()
        return [function(item) for item in items]
    bounds = [len(items) * share // cores for share in range(cores + 1)]
    # Beside other work this process computes no share: a copy for each core takes one, and the
    # system shares the cores among them all (better than guessing what the other work costs).
    shares: list[Sequence[J]] = [] if alongside is None else [()]
    shares += [items[bounds[n] : bounds[n + 1]] for n in range(cores)]
    copies: dict[int, tuple[int, int]] = {}  # by share: the copy's pid and pipe
    for number in range(1, len(shares)):
        try:
            copies[number] = _fork(function, shares[number], [r for _, r in copies.values()])
        except OSError:  # no memory or process left for a copy: the rest is computed here
            break
    unread = dict(copies.values())  # each copy's pipe, by pid, until its results are read
    running = set(unread)  # the copies not yet waited for
    try:
        if alongside is not None:
            alongside()
        results = [function(item) for item in shares[0]]
        for number, share in enumerate(shares[1:], start=1):
            received = None
            if number in copies:
                pid, _ = copies[number]
                with os.fdopen(unread.pop(pid), "rb") as stream:
                    received = _results_from(stream)
                _, status = os.waitpid(pid, 0)
                running.discard(pid)
                if status != 0:
                    received = None
            results += [function(item) for item in share] if received is None else received
        return results
    finally:  # stopped early (an error, Ctrl-C): the copies' work is not needed
        for reader in unread.values():
            os.close(reader)
        for pid in running:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _results_from(stream: BinaryIO) -> list | None:
    """The results a copy sends, unpickled as they arrive: their bytes are never all held at
    once (at 10,000 pearls, 34 MiB less at the build's peak). None unless sent whole."""
    try:
        return pickle.load(stream)
    except Exception:  # nothing sent, or cut short (EOFError, UnpicklingError, ...)
        return None


def usable_cores() -> int:
    """How many processes share work: one per core this process may run on (at most
    :data:`MAXIMUM_CORES`), on Linux; else 1."""
    if sys.platform != "linux":
        return 1
    return min(len(os.sched_getaffinity(0)), MAXIMUM_CORES)


def _fork(function: Callable[[J], T], share: Sequence[J], inherited: list[int]) -> tuple[int, int]:
    """A copy of this process computing ``share``: its pid and the pipe its results come by
    (``inherited``: earlier copies' pipes, which the copy closes, so each dies alone)."""
    reader, writer = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        raise
    if pid:
        os.close(writer)
        return pid, reader
    status = 1
    try:  # the copy: nothing here returns, or flushes what the parent has still to write
        for fd in (reader, *inherited):
            os.close(fd)
        data = pickle.dumps([function(item) for item in share], pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writer, "wb") as stream:
            stream.write(data)
        status = 0
    finally:
        os._exit(status)
