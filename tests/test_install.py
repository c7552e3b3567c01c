"""The built wheel, installed into a fresh venv, runs on a content repository outside this checkout.

Uses the example content (content/, references.bib, mkdocs.yml; never templates/ or generator/).
The wheel is built from a copy of the sources, so nothing is written into the checkout; the venv
takes its dependencies from this one's site-packages through a ``.pth`` file (fast, offline) and
only the wheel is installed into it.
"""

from __future__ import annotations

import html.parser
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_AS_OF, REPO

#: SOURCE_DATE_EPOCH of the example's build day, so every run builds the same pages.
_EPOCH = str(int(time.mktime(EXAMPLE_AS_OF.timetuple())) + 12 * 3600)
_SOURCES = ("pyproject.toml", "README.md", "generator", "templates")


class Installed:
    """A venv holding only the wheel (``python``, ``pearls``) and the wheel's path."""

    def __init__(self, venv: Path, wheel: Path) -> None:
        self.wheel = wheel
        self.python = venv / "bin" / "python"
        self.pearls = venv / "bin" / "pearls"

    def run(self, project: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
        """Run ``args`` (a script of the venv first) in ``project``; fail the test on exit ≠ 0."""
        env = {**os.environ, "SOURCE_DATE_EPOCH": _EPOCH, "NO_MKDOCS_2_WARNING": "1"}
        env.pop("PYTHONPATH", None)
        done = subprocess.run(
            [str(a) for a in args], cwd=project, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
        return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel built from a copy of the sources and installed into a fresh venv."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    source.mkdir()
    for name in _SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(
                REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(REPO / name, source / name)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "--no-index", "-w", base / "dist", source],
        check=True,
    )
    wheel = next((base / "dist").glob("clinical_pearls-*.whl"))
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    purelib = "import sysconfig; print(sysconfig.get_path('purelib'))"
    target = Path(
        subprocess.run(
            [venv / "bin" / "python", "-c", purelib], check=True, capture_output=True, text=True
        ).stdout.strip()
    )
    (target / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "-q",
         "--no-deps", "--no-index", wheel],
        check=True,
    )
    print(f"wheel {wheel.stat().st_size} bytes; built and installed in "
          f"{time.perf_counter() - started:.1f} s")
    return Installed(venv, wheel)


def example_content(target: Path) -> Path:
    """The example's content, bibliography and settings (no templates) in ``target``, with the
    empty ``generated/`` that mkdocs.yml names as docs_dir (MkDocs wants it before plugins run)."""
    (target / "generated").mkdir(parents=True)
    shutil.copytree(REPO / "content", target / "content")
    for name in ("references.bib", "mkdocs.yml", "generated/.gitignore"):
        shutil.copy2(REPO / name, target / name)
    return target


class _Text(html.parser.HTMLParser):
    """The text of the first ``<h1>`` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.h1 = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1" and not self.h1:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self.depth = 0

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.h1 += data


def heading(page: Path) -> str:
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(parser.h1.split())


def test_the_wheel_holds_templates_fonts_and_the_plugin(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "pearls = generator.site.plugin:PearlsPlugin" in wheel.read(entry_points).decode()
    packaged = {
        f"generator/_templates/{p.relative_to(REPO / 'templates').as_posix()}"
        for p in (REPO / "templates").rglob("*")
        if p.is_file()
    }
    assert packaged <= names
    assert "generator/algorithm/fonts/SourceSansPro-Regular.ttf" in names
    assert not any(name.startswith("templates/") for name in names)


def test_the_installed_tool_builds_a_project_outside_the_checkout(
    installed: Installed, tmp_path: Path
) -> None:
    project = example_content(tmp_path / "pearls")
    where = installed.run(
        project, installed.python, "-c",
        "import generator, generator.templates as t; print(generator.__file__, t.PACKAGED)",
    ).stdout
    assert str(REPO) not in where and "_templates" in where
    installed.run(project, installed.pearls, "check")
    installed.run(project, installed.pearls, "build")
    installed.run(project, installed.pearls, "email", "-o", tmp_path / "email", "2026-11-18")
    installed.run(
        project, installed.pearls, "algorithm", "perc-rule", "-o", tmp_path / "perc.svg"
    )
    installed.run(project, installed.python, "-m", "mkdocs", "build", "-q", "-d", "mkdocs-site")

    for site in (project / "site", project / "mkdocs-site"):
        assert heading(site / "pearls" / "perc-rule" / "index.html") == (
            "Ruling Out Pulmonary Embolism With PERC"
        )
        assert (site / "assets" / "pearls.css").read_bytes() == (
            REPO / "templates" / "site" / "assets" / "pearls.css"
        ).read_bytes()
        assert (site / "assets" / "fonts" / "SourceSansPro-Regular.ttf").is_file()
    assert "Clinical Pearl" in (tmp_path / "email" / "2026-11-18.txt").read_text()
    assert (tmp_path / "perc.svg").read_text().startswith("<svg")


def test_a_project_template_overrides_the_packaged_one_of_its_name(
    installed: Installed, tmp_path: Path
) -> None:
    plain = example_content(tmp_path / "plain")
    custom = example_content(tmp_path / "custom")
    site_templates = custom / "templates" / "site"
    (site_templates / "assets").mkdir(parents=True)
    (site_templates / "algorithms.md.j2").write_text("# Our flowcharts\n\nCurated by the team.\n")
    (site_templates / "assets" / "print.css").write_text("body { color: black; }\n")
    (custom / "templates" / "flowchart").mkdir()
    (custom / "templates" / "flowchart" / "outline.txt.j2").write_text("{{ title }}: ask us.\n")
    for project in (plain, custom):
        installed.run(project, installed.pearls, "build")

    assert heading(custom / "site" / "algorithms" / "index.html") == "Our flowcharts"
    assert heading(plain / "site" / "algorithms" / "index.html") != "Our flowcharts"
    for page in ("pearls/perc-rule/index.html", "archive/index.html", "assets/pearls.css"):
        assert (custom / "site" / page).read_bytes() == (plain / "site" / page).read_bytes()
    assert (custom / "site" / "assets" / "print.css").read_text() == "body { color: black; }\n"
    outline = installed.run(custom, installed.pearls, "algorithm", "perc-rule", "--format", "text")
    assert outline.stdout.endswith(": ask us.\n")


def test_every_module_imports_without_posix_only_modules() -> None:
    """As on Windows: no ``fcntl``; every module of the package still imports."""
    script = (
        "import sys, pkgutil, importlib; sys.modules['fcntl'] = None; import generator\n"
        "for m in pkgutil.walk_packages(generator.__path__, 'generator.'):\n"
        "    if not m.name.endswith('__main__'): importlib.import_module(m.name)\n"
        "from generator.files import folder_lock\n"
        "with folder_lock(__import__('pathlib').Path('.')): pass\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=REPO, check=True)
