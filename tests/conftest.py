"""Shared pytest fixtures."""

from __future__ import annotations

# --- site and browser fixtures (tests/test_site_*.py, tests/browser/) -------------------------
import contextlib
import datetime as dt
import errno
import functools
import http.server
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

import generator.files

REPO = Path(__file__).resolve().parent.parent
#: Where screenshots go to be looked at by eye: outside the checkout ($PEARLS_ARTIFACTS, else a
#: folder of the system's temporary directory).
ARTIFACTS = Path(
    os.environ.get("PEARLS_ARTIFACTS") or Path(tempfile.gettempdir()) / "pearls-artifacts"
)
# Hypothesis keeps its examples (what ``make fuzz`` found) in a temporary folder too.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "pearls-hypothesis")
#: The day the example site is built as of: the PERC pearl (18 November 2026) is the latest.
EXAMPLE_AS_OF = dt.date(2026, 11, 18)
#: That day as SOURCE_DATE_EPOCH (00:00 UTC).
EPOCH = "1795046400"


def _checkout_state() -> set[str]:
    """What git sees in the checkout, ignored files included, but for the interpreter's and
    pytest's own caches (no test writes those)."""
    listing = subprocess.run(
        ["git", "-C", REPO, "status", "--porcelain", "--ignored", "--untracked-files=all"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    own = ("__pycache__/", ".pytest_cache/", ".venv/", "node_modules/", ".ruff_cache/",
           ".egg-info/")
    return {line for line in listing if not any(part in line for part in own)}


@pytest.fixture(scope="session", autouse=True)
def checkout_untouched() -> Iterator[None]:
    """Tests never write into the checkout: the suite fails if one did."""
    if not (REPO / ".git").exists():
        yield
        return
    before = _checkout_state()
    yield
    written = sorted(_checkout_state() - before)
    assert not written, f"tests wrote into the checkout: {written}"


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
    from generator.site.hooks import Request
    from generator.site.publish import build_site

    root = copy_example_project(tmp_path_factory.mktemp("example") / "project")
    build_site(Request(load_project(root), as_of=EXAMPLE_AS_OF), root / "site")
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


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file `pearls` writes (through :mod:`generator.files`) fills the disk halfway:
    half the data is written, then ENOSPC."""
    real_fdopen = os.fdopen

    class HalfWritten:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def fileno(self):
            return self.stream.fileno()

        def write(self, data):
            self.stream.write(data[: len(data) // 2])
            self.stream.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fdopen(fd: int, mode: str = "r", *args, **kwargs):
        stream = real_fdopen(fd, mode, *args, **kwargs)
        return HalfWritten(stream) if mode == "wb" else stream

    monkeypatch.setattr(generator.files.os, "fdopen", fdopen)
