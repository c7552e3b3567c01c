"""The built wheel, installed into a fresh venv, runs on a content repository outside this checkout:
the example content's, and a new one made by `pearls init` (checked, built, mailed, drawn, built
by plain `mkdocs build --strict`, and committed through the `pearls-check` pre-commit hook).

Uses the example content (content/, references.bib, mkdocs.yml; never templates/ or generator/)
where it says so. The wheel is built from a copy of the sources, so nothing is written into the
checkout; the venv takes its dependencies from this one's site-packages through a ``.pth`` file
(fast, offline) and only the wheel is installed into it.
"""

from __future__ import annotations

import html.parser
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import tomllib
import zipfile
from pathlib import Path

import pytest

from generator.commands.init import TOOL_REPOSITORY, TOOL_REVISION, last_wednesday
from tests.conftest import EXAMPLE_AS_OF, REPO

#: SOURCE_DATE_EPOCH of the example's build day, so every run builds the same pages.
_EPOCH = str(int(time.mktime(EXAMPLE_AS_OF.timetuple())) + 12 * 3600)
_SOURCES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "generator", "templates")


class Installed:
    """A venv holding only the wheel (``python``, ``pearls``) and the wheel's path."""

    def __init__(self, venv: Path, wheel: Path, source: Path) -> None:
        self.wheel = wheel
        self.source = source
        self.python = venv / "bin" / "python"
        self.pearls = venv / "bin" / "pearls"
        #: What `pip wheel` printed while building it.
        self.build_output = ""

    def run(
        self, project: Path, *args: str | Path, status: int = 0, **env: str
    ) -> subprocess.CompletedProcess[str]:
        """Run ``args`` (a script of the venv first) in ``project`` with ``env`` added; fail the
        test unless it exits with ``status``."""
        env = {
            "SOURCE_DATE_EPOCH": _EPOCH,
            "NO_MKDOCS_2_WARNING": "1",
            **{k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
            **env,
        }
        done = subprocess.run(
            [str(a) for a in args], cwd=project, env=env, capture_output=True, text=True
        )
        assert done.returncode == status, f"{args}: {done.stdout}\n{done.stderr}"
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
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "--no-index", "-w", base / "dist", source],
        check=True, capture_output=True, text=True,
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
    installed = Installed(venv, wheel, source)
    installed.build_output = built.stdout + built.stderr
    return installed


def example_content(target: Path) -> Path:
    """The example's content, bibliography and settings (no templates) in ``target``, with the
    empty ``generated/`` that mkdocs.yml names as docs_dir (MkDocs wants it before plugins run)."""
    (target / "generated").mkdir(parents=True)
    shutil.copytree(REPO / "content", target / "content")
    for name in ("references.bib", "mkdocs.yml", "generated/.gitignore"):
        shutil.copy2(REPO / name, target / name)
    return target


class _Page(html.parser.HTMLParser):
    """What a reader sees of a page: the first ``<h1>``, the flowchart's title, the entries of
    the reference list (without their links back to the text)."""

    def __init__(self) -> None:
        super().__init__()
        self.into: str | None = None
        self.h1 = ""
        self.flowchart: list[str] = []
        self.references: list[str] = []
        self.in_flowchart = self.in_references = self.in_backlink = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "h1" and not self.h1:
            self.into = "h1"
        elif tag == "svg" and found.get("id") == "flowchart":
            self.in_flowchart = True
        elif tag == "title" and self.in_flowchart:
            self.into = "flowchart"
            self.flowchart.append("")
        elif tag == "ol" and found.get("class") == "references":
            self.in_references = True
        elif tag == "li" and self.in_references:
            self.into = "references"
            self.references.append("")
        elif tag == "a" and found.get("class") == "backlink":
            self.in_backlink = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "title", "li"):
            self.into = None
        elif tag == "svg":
            self.in_flowchart = False
        elif tag == "ol":
            self.in_references = False
        elif tag == "a":
            self.in_backlink = False

    def handle_data(self, data: str) -> None:
        if self.into == "h1":
            self.h1 += data
        elif self.into and not self.in_backlink:
            texts = getattr(self, self.into)
            texts[-1] += data


def page(path: Path) -> _Page:
    """The page at ``path`` as a reader sees it (texts with their spaces collapsed)."""
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.h1 = " ".join(parser.h1.split())
    parser.flowchart = [" ".join(t.split()) for t in parser.flowchart]
    parser.references = [" ".join(t.split()) for t in parser.references]
    return parser


def heading(path: Path) -> str:
    return page(path).h1


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


def test_building_the_wheel_warns_of_nothing(installed: Installed) -> None:
    """Each folder of templates or fonts was a 30-line setuptools warning ("Package would be
    ignored") for whoever followed the README's `pip wheel`."""
    assert "Warning" not in installed.build_output, installed.build_output


def test_pearls_version_names_the_installed_release(installed: Installed, tmp_path: Path) -> None:
    """What a team compares with the release its workflow and pre-commit hook pin (there was
    no --version)."""
    release = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert installed.run(tmp_path, installed.pearls, "--version").stdout == f"pearls {release}\n"


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


#: The example pearl `pearls init` writes, as of the example's build day.
_NEW_PEARL = (
    f"content/pearls/{EXAMPLE_AS_OF.year}/{last_wednesday(EXAMPLE_AS_OF).isoformat()}"
    "-ottawa-sah-rule.md"
)


def test_a_repository_from_pearls_init_checks_builds_mails_and_draws(
    installed: Installed, tmp_path: Path
) -> None:
    installed.run(tmp_path, installed.pearls, "init", "my-pearls")
    project = tmp_path / "my-pearls"
    date = last_wednesday(EXAMPLE_AS_OF).isoformat()

    check = installed.run(project, installed.pearls, "check", "--strict")
    assert check.stderr == "checked 1 pearl and 1 reference: 0 errors, 0 warnings\n"
    installed.run(project, installed.pearls, "build", "--strict")
    installed.run(project, installed.pearls, "email", "-o", tmp_path / "email", date)
    installed.run(
        project, installed.pearls, "algorithm", "ottawa-sah-rule", "-o", tmp_path / "sah.svg"
    )
    installed.run(
        project, installed.python, "-m", "mkdocs", "build", "--strict", "-q", "-d", "mkdocs-site"
    )

    for site in (project / "site", project / "mkdocs-site"):
        pearl = page(site / "pearls" / "ottawa-sah-rule" / "index.html")
        assert pearl.h1 == "The Ottawa SAH Rule for Acute Headache"
        assert pearl.flowchart == ["Applying the Ottawa SAH Rule"]
        assert pearl.references == [
            "Perry JJ, Stiell IG, Sivilotti MLA, et al. Clinical decision rules to rule out "
            "subarachnoid hemorrhage for acute headache. JAMA. 2013;310(12):1248-1255. "
            "doi:10.1001/jama.2013.278018; PMID: 24065011"
        ]
        assert heading(site / "topics" / "neurology" / "index.html") == "Neurology"
    email = (tmp_path / "email" / f"{date}.txt").read_text()
    assert "The Ottawa SAH Rule for Acute Headache" in email
    assert (tmp_path / "email" / f"{date}-flowchart.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "sah.svg").read_text().startswith("<svg")


def _git(folder: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args]
    return subprocess.run(
        command, cwd=folder, check=True, capture_output=True, text=True
    ).stdout.strip()


def test_the_pre_commit_hook_of_a_new_repository_runs_pearls_check(
    installed: Installed, tmp_path: Path
) -> None:
    """pre-commit installs this project's `pearls-check` hook from a git repository of the
    sources (as it would from the project's URL) and runs it on a new repository.

    Offline: pip installs the package from that repository without an index or its dependencies
    (they come from this venv's site-packages through PYTHONPATH, as the wheel's venv takes
    them), building with the setuptools found there.
    """
    tool = tmp_path / "clinical-pearls"
    shutil.copytree(installed.source, tool)
    _git(tool, "init", "-q")
    _git(tool, "add", "-A")
    _git(tool, "commit", "-q", "-m", "The sources under test")
    installed.run(tmp_path, installed.pearls, "init", "my-pearls")
    project = tmp_path / "my-pearls"
    config = project / ".pre-commit-config.yaml"
    text = config.read_text()
    pinned = text.replace(f"repo: {TOOL_REPOSITORY}", f"repo: {tool}").replace(
        f"rev: {TOOL_REVISION}", f"rev: {_git(tool, 'rev-parse', 'HEAD')}"
    )
    assert pinned.count(str(tool)) == 1 and TOOL_REVISION not in pinned
    config.write_text(pinned)
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    offline = {
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PIP_NO_INDEX": "1",
        "PIP_NO_DEPS": "1",
        "PIP_NO_BUILD_ISOLATION": "0",  # sic: pip reads this "no" option inverted
        "PYTHONPATH": sysconfig.get_path("purelib"),
    }
    hook = [sys.executable, "-m", "pre_commit", "run", "--all-files"]

    passed = installed.run(project, *hook, **offline)
    assert "pearls check" in passed.stdout and "Passed" in passed.stdout

    pearl = project / _NEW_PEARL
    pearl.write_text(pearl.read_text().replace("[@perry2013]", "[@perry2031]", 1))
    _git(project, "add", "-A")
    failed = installed.run(project, *hook, status=1, **offline)
    assert (
        f"{_NEW_PEARL}:16:62: error[CIT010]: unknown citation key 'perry2031' "
        "(did you mean 'perry2013'?)\n"
    ) in failed.stdout
