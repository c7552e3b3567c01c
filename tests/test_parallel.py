"""First-time work on two cores gives exactly what one core gives.

Forking is refused in a process with other threads, and pytest's may have some (a browser
driver, a preview server), so each case runs in a fresh interpreter.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import REPO, copy_example_project, files_of
from tests.sample_project import write_project

CATALOGUE = Path(__file__).parent / "fixtures" / "catalogue"


def python(script: str, *args: str) -> str:
    """Run ``script`` in a fresh interpreter from the repository and return what it printed."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_second_half_is_mapped_in_another_process_in_order() -> None:
    output = python(
        """
        import os
        from generator.parallel import map_forked
        offset = 10  # a closure: the forked process inherits it, nothing is pickled
        results = map_forked(lambda x: (x + offset, os.getpid()), list(range(6)), 2)
        print([value for value, _ in results])
        print([pid == os.getpid() for _, pid in results])
        """
    )
    assert output.splitlines() == [
        "[10, 11, 12, 13, 14, 15]",
        "[True, True, True, False, False, False]",
    ]


def test_below_the_minimum_or_beside_another_thread_it_stays_in_one_process() -> None:
    output = python(
        """
        import os, threading
        from generator.parallel import map_forked
        print(all(pid == os.getpid() for pid in map_forked(lambda x: os.getpid(), [1, 2, 3], 4)))
        stop = threading.Event()
        threading.Thread(target=stop.wait).start()
        print(all(pid == os.getpid() for pid in map_forked(lambda x: os.getpid(), [1, 2, 3], 2)))
        stop.set()
        """
    )
    assert output.splitlines() == ["True", "True"]


def test_when_the_helper_dies_its_share_is_done_here() -> None:
    output = python(
        """
        import os
        from generator.parallel import map_forked
        parent = os.getpid()
        def work(x):
            if os.getpid() != parent:
                os._exit(3)  # the forked helper dies without answering
            return x * 2
        print(map_forked(work, [1, 2, 3, 4], 2))
        """
    )
    assert output.strip() == "[2, 4, 6, 8]"


#: Checks a project and generates its pages, with first-time work forked from ``minimum`` on.
GENERATE = """
import datetime as dt, sys
from pathlib import Path
import generator.project as project_module
import generator.site.generate as generate
import generator.site.resolve as resolve
root, docs, minimum = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
project_module.PARALLEL_MIN = resolve.PARALLEL_MIN = generate.PNG_PARALLEL_MIN = minimum
project = project_module.load_project(root)
for diagnostic in project.report.diagnostics:
    print(diagnostic.format())
if not project.report.failed():
    options = generate.SiteOptions(as_of=dt.date(2026, 11, 18))
    generate.generate_site(project, docs, options, lambda markdown: markdown)
"""


def test_pages_made_on_two_cores_equal_pages_made_on_one(tmp_path: Path) -> None:
    root = copy_example_project(tmp_path / "project")
    serial = python(GENERATE, str(root), str(tmp_path / "serial"), "1000000")
    parallel = python(GENERATE, str(root), str(tmp_path / "parallel"), "2")
    assert serial == parallel
    pages = files_of(tmp_path / "serial")
    assert any(name.endswith(".png") for name in pages)  # flowchart PNGs were drawn too
    assert files_of(tmp_path / "parallel") == pages


def test_diagnostics_found_on_two_cores_equal_those_found_on_one(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    write_project(root)
    for name in (
        "yaml-syntax-error.md",
        "non-wednesday.md",
        "citation-unknown-key.md",
        "algorithm-cycle.md",
        "unicode-line-separators.md",
    ):
        shutil.copyfile(CATALOGUE / name, root / "content" / "pearls" / name)
    serial = python(GENERATE, str(root), str(tmp_path / "serial"), "1000000")
    parallel = python(GENERATE, str(root), str(tmp_path / "parallel"), "2")
    assert serial.count("error[") >= 5
    assert parallel == serial
