"""The three ways to install named in the README give the same package: the wheel, the sdist and a
git URL each yield a wheel holding the same files (templates, fonts, the plugin's entry point).

Uses a clone of this checkout's committed HEAD (so a git URL has something to read); nothing is
written into the checkout. Offline: no build isolation, no index.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO

_PIP_WHEEL = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
              "--no-index"]


def wheel_files(source: str | Path, into: Path) -> set[str]:
    """The files of the wheel pip builds from ``source`` (a folder, an sdist or a git URL),
    without the metadata that names how it was built."""
    subprocess.run([*_PIP_WHEEL, "-w", into, source], check=True, capture_output=True)
    with zipfile.ZipFile(next(into.glob("clinical_pearls-*.whl"))) as wheel:
        return {name for name in wheel.namelist() if not name.endswith(".dist-info/RECORD")}


def test_wheel_sdist_and_git_url_install_the_same_files(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", REPO, clone], check=True)
    build_sdist = "from setuptools import build_meta; print(build_meta.build_sdist('../sdist'))"
    sdist_name = subprocess.run(
        [sys.executable, "-c", build_sdist], cwd=clone, check=True, capture_output=True, text=True
    ).stdout.split()[-1]

    direct = wheel_files(clone, tmp_path / "direct")
    from_sdist = wheel_files(tmp_path / "sdist" / sdist_name, tmp_path / "from-sdist")
    from_git = wheel_files(f"git+file://{clone}", tmp_path / "from-git")

    assert from_sdist == direct
    assert from_git == direct
    assert "generator/_templates/site/pearl.md.j2" in direct
    assert "generator/_templates/email/newsletter.html.j2" in direct
    assert "generator/algorithm/fonts/SourceSansPro-Regular.ttf" in direct
    assert not any(name.startswith(("templates/", "tests/", "content/")) for name in direct)
