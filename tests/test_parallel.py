"""Work shared among the cores (`generator.parallel`) gives what one process gives, in order."""

from __future__ import annotations

import os
import pickle
import threading
import time
from pathlib import Path

import pytest

from generator import parallel
from generator.project import load_project
from generator.site.hooks import Request
from generator.site.publish import build_site
from tests.conftest import EXAMPLE_AS_OF, files_of

needs_cores = pytest.mark.skipif(parallel.usable_cores() < 2, reason="one core: nothing shared")


@pytest.fixture
def alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """No other thread, as in `pearls build`. (The test session's own, the browser tests' web
    server, wait in ``accept()`` and hold nothing a copy needs.)"""
    monkeypatch.setattr(threading, "active_count", lambda: 1)


def square_where(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


@needs_cores
@pytest.mark.usefixtures("alone")
def test_each_core_computes_a_share_and_the_results_keep_their_order() -> None:
    results = parallel.map_shared(square_where, range(200))
    assert [square for square, _ in results] == [n * n for n in range(200)]
    assert len({pid for _, pid in results}) == parallel.usable_cores()
    assert results[0][1] == os.getpid()  # the first share is this process's own


@needs_cores
@pytest.mark.usefixtures("alone")
def test_work_alongside_is_done_here_while_the_copies_take_every_share(tmp_path: Path) -> None:
    """(`pearls check` parses the .bib here while the copies read the pearls.) Each copy waits
    for what the work alongside writes: done after them, they would never see it."""
    started = tmp_path / "started"

    def square_once_started(item: int) -> tuple[int, int]:
        for _ in range(1000):
            if started.exists():
                return square_where(item)
            time.sleep(0.01)
        raise TimeoutError("the work alongside did not start while the copies ran")

    done_by: list[int] = []

    def alongside() -> None:
        done_by.append(os.getpid())
        started.touch()

    results = parallel.map_shared(square_once_started, range(200), alongside=alongside)
    assert done_by == [os.getpid()]
    assert [square for square, _ in results] == [n * n for n in range(200)]
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids
    assert len(pids) == parallel.usable_cores()


def test_work_alongside_items_not_shared_is_done_first() -> None:
    order: list[object] = []
    parallel.map_shared(order.append, range(3), alongside=lambda: order.append("alongside"))
    assert order == ["alongside", 0, 1, 2]


@needs_cores
@pytest.mark.usefixtures("alone")
def test_a_share_whose_copy_died_is_computed_here() -> None:
    parent = os.getpid()

    def dies_in_a_copy(item: int) -> tuple[int, int]:
        if os.getpid() != parent:
            os._exit(9)  # as the kernel's out-of-memory killer would end it
        return square_where(item)

    results = parallel.map_shared(dies_in_a_copy, range(100))
    assert results == [(n * n, parent) for n in range(100)]


@needs_cores
@pytest.mark.usefixtures("alone")
def test_results_a_copy_sent_cut_short_are_computed_here(monkeypatch: pytest.MonkeyPatch) -> None:
    dumps = pickle.dumps
    monkeypatch.setattr(pickle, "dumps", lambda results, protocol: dumps(results, protocol)[:-9])
    results = parallel.map_shared(square_where, range(100))
    assert results == [(n * n, os.getpid()) for n in range(100)]


@needs_cores
@pytest.mark.usefixtures("alone")
def test_an_error_in_a_copys_share_is_raised_as_one_process_raises_it() -> None:
    def fails_at_150(item: int) -> int:
        if item == 150:
            raise ValueError("item 150")
        return item

    with pytest.raises(ValueError, match="item 150"):
        parallel.map_shared(fails_at_150, range(200))
    assert parallel.map_shared(fails_at_150, range(150)) == list(range(150))


@pytest.mark.usefixtures("alone")
def test_without_a_process_to_spare_every_share_is_computed_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    monkeypatch.setattr(os, "fork", no_fork)
    assert parallel.map_shared(square_where, range(100)) == [
        (n * n, os.getpid()) for n in range(100)
    ]


def test_few_items_or_other_threads_are_computed_here() -> None:
    few = parallel.map_shared(square_where, range(parallel.MINIMUM_ITEMS - 1))
    assert {pid for _, pid in few} == {os.getpid()}
    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait)
    waiting.start()
    try:
        many = parallel.map_shared(square_where, range(200))
    finally:
        stop.set()
        waiting.join()
    assert {pid for _, pid in many} == {os.getpid()}


@needs_cores
@pytest.mark.usefixtures("alone")
def test_a_site_built_on_every_core_is_the_site_built_on_one(
    example_project: Path, example_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example's three pearls read, resolved and rendered by copies of the build (the threshold
    lowered to reach them) publish byte for byte the pages one process builds."""
    forks = []
    fork = os.fork

    def counted_fork() -> int:
        pid = fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(parallel, "MINIMUM_ITEMS", 2)
    monkeypatch.setattr(os, "fork", counted_fork)
    site = example_project / "site"
    build_site(Request(load_project(example_project), as_of=EXAMPLE_AS_OF), site)
    assert len(forks) >= 4  # the pearls read, resolved, their citations formatted, their pages
    assert files_of(site) == files_of(example_site)
