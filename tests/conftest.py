"""Shared pytest fixtures."""

from __future__ import annotations

# --- site and browser fixtures (tests/test_site_*.py, tests/browser/) -------------------------
import contextlib
import datetime as dt
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
#: The day the example site is built as of: the PERC pearl (18 November 2026) is the latest.
EXAMPLE_AS_OF = dt.date(2026, 11, 18)
#: That day as SOURCE_DATE_EPOCH (00:00 UTC).
EPOCH = "1795046400"


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (its ``/``-separated relative path) with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def copy_example_project(target: Path) -> Path:
    """A copy of the example project (content, references, templates, mkdocs.yml) to change."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("content", "templates"):
        shutil.copytree(REPO / name, target / name)
    for name in ("mkdocs.yml", "references.bib"):
        shutil.copy2(REPO / name, target / name)
    (target / "generated").mkdir()
    return target


@pytest.fixture
def example_project(tmp_path: Path) -> Path:
    """A fresh copy of the example project, for a test to change and build."""
    return copy_example_project(tmp_path / "project")


@pytest.fixture
def built(example_project: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    """The example project with its site built once by `pearls build` as of :data:`EPOCH`
    (the previous site a failing command must leave whole)."""
    from generator.cli import main

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert main(["--project", str(example_project), "build"]) == 0
    capsys.readouterr()
    return example_project


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project built as of :data:`EXAMPLE_AS_OF` (built once per session)."""
    from generator.project import load_project
    from generator.site.publish import build_site

    root = copy_example_project(tmp_path_factory.mktemp("example") / "project")
    build_site(load_project(root), root / "site", EXAMPLE_AS_OF)
    return root / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """``folder`` served on 127.0.0.1 (a free port) while the block runs: its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(example_site: Path) -> Iterator[str]:
    """The example site served on 127.0.0.1 (a free port) for the browser tests."""
    with serving(example_site) as url:
        yield url


@pytest.fixture(scope="session")
def attack_catalogue(tmp_path_factory: pytest.TempPathFactory):  # -> tests.attacks.Published
    """Every payload of tests/attacks.py built into one site and its emails, the check bypassed
    (built once per session: judged by tests/test_attack_catalogue.py and in Chromium)."""
    from tests.attacks import numbered, publish

    return publish(tmp_path_factory.mktemp("catalogue"), numbered())


# --- end of site and browser fixtures ---------------------------------------------------------
