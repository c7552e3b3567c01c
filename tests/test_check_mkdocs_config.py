"""What MkDocs would refuse in mkdocs.yml is a CFG error of `pearls check` at its line (and
`pearls build` stops there, before MkDocs runs): a setting MkDocs refuses or warns about (the build
is strict), and a nav entry naming a file the site will not have. Uses copies of the example
project."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.cli import main
from generator.project import load_project
from generator.site.generate import generate_site
from generator.site.mkdocs_checks import site_files
from generator.site.model import SiteOptions
from tests.conftest import EPOCH, EXAMPLE_AS_OF
from tests.sample_project import write_project
from tests.test_plugin_config import check, configure

NAV = "  - About: about.md\n"
THEME = "theme:\n  name: material\n"
GUIDE = "https://www.mkdocs.org/user-guide/configuration/"


@pytest.fixture(autouse=True)
def as_of_example(monkeypatch):
    """Checks and builds as of the day the example's latest pearl is published."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def missing_nav_page(project: Path) -> str:
    line = configure(project, NAV, NAV + "  - Missing: nosuch.md\n") + 1
    return (
        f"mkdocs.yml:{line}:14: error[CFG010]: the nav names 'nosuch.md', a file the site will "
        "not have (name a page of the site: index.md, archive/index.md, topics/index.md, "
        "algorithms/index.md, references/index.md or a page of content/pages/)"
    )


def numeric_site_url(project: Path) -> str:
    line = configure(project, "site_url: https://pearls.example.org/", "site_url: 12")
    return (
        f"mkdocs.yml:{line}:1: error[CFG009]: site_url: Expected a string, got <class 'int'> "
        f"(MkDocs refuses it, so the build would stop: see {GUIDE}#site_url)"
    )


def unknown_top_level_key(project: Path) -> str:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "bogus_top: 1\n", encoding="utf-8")
    line = text.count("\n") + 1
    return f"mkdocs.yml:{line}:1: error[CFG009]: MkDocs has no setting 'bogus_top' (remove it)"


def missing_custom_dir(project: Path) -> str:
    line = configure(project, THEME, THEME + "  custom_dir: nope\n") + 2
    return (
        f"mkdocs.yml:{line}:3: error[CFG009]: theme: The path set in custom_dir "
        f"('{project.resolve() / 'nope'}') does not exist. (MkDocs refuses it, so the build "
        f"would stop: see {GUIDE}#theme)"
    )


ROWS = [missing_nav_page, numeric_site_url, unknown_top_level_key, missing_custom_dir]


@pytest.mark.parametrize("mistake", ROWS, ids=lambda row: row.__name__)
def test_check_reports_what_mkdocs_would_refuse_at_its_line(example_project, capsys, mistake):
    expected = mistake(example_project)
    status, lines = check(example_project, capsys)
    assert status == 1
    assert [line for line in lines if "error[" in line] == [expected]


def test_the_build_stops_at_the_same_line_before_mkdocs_runs(example_project, capsys):
    expected = missing_nav_page(example_project)
    assert main(["--project", str(example_project), "build"]) == 1
    err = capsys.readouterr().err
    assert expected in err.splitlines()
    assert "WARNING" not in err and "the site was not built" not in err
    assert not (example_project / "site").exists()


def test_every_problem_is_reported_at_once(example_project, capsys):
    # In this order each mistake moves no line written before it.
    order = [missing_nav_page, numeric_site_url, missing_custom_dir, unknown_top_level_key]
    expected = [mistake(example_project) for mistake in order]
    status, lines = check(example_project, capsys)
    assert status == 1
    assert [line for line in lines if "error[" in line] == sorted(
        expected, key=lambda line: int(line.split(":")[1])
    )


def test_the_example_project_checks_clean(example_project, capsys):
    status, lines = check(example_project, capsys)
    assert status == 0, lines
    assert not [line for line in lines if "error[" in line]


def test_a_plugin_option_mkdocs_warns_about_is_an_error_at_the_option(example_project, capsys):
    line = configure(example_project, "      separator:", "      sepratr: x\n      separator:")
    status, lines = check(example_project, capsys)
    assert status == 1
    assert (
        f"mkdocs.yml:{line}:7: error[CFG009]: plugins: Plugin 'material/search' option "
        "'sepratr': Unrecognised configuration name: sepratr (MkDocs warns about it, and the "
        f"build is strict: a warning stops it; see {GUIDE}#plugins)"
    ) in lines


def test_the_pearls_plugins_own_option_errors_are_reported_once(example_project, capsys):
    configure(example_project, "citation_style: ama", "citation_stlye: ama")
    status, lines = check(example_project, capsys)
    assert status == 1
    assert [line.split(": error[")[1][:6] for line in lines if "error[" in line] == ["CFG001"]


def test_env_tags_are_read_as_mkdocs_reads_them(example_project, capsys, monkeypatch):
    old = "site_url: https://pearls.example.org/"
    line = configure(example_project, old, "site_url: !ENV [PEARLS_SITE_URL, '" + old[10:] + "']")
    monkeypatch.delenv("PEARLS_SITE_URL", raising=False)
    assert check(example_project, capsys)[0] == 0
    monkeypatch.setenv("PEARLS_SITE_URL", "pearls.example.org")
    status, lines = check(example_project, capsys)
    assert status == 1
    assert any(
        entry.startswith(f"mkdocs.yml:{line}:1: error[CFG009]: site_url: ") for entry in lines
    )


def test_nav_entries_naming_generated_pages_and_other_sites_are_clean(example_project, capsys):
    configure(
        example_project,
        NAV,
        NAV + "  - 2026: archive/2026.md\n  - PERC: pearls/perc-rule.md\n"
        "  - Feed: feed.xml\n  - Elsewhere: https://example.com/\n",
    )
    status, lines = check(example_project, capsys)
    assert status == 0, lines


def test_the_nav_is_judged_against_the_files_the_build_generates(example_project, tmp_path):
    project = load_project(example_project)
    docs = tmp_path / "docs"
    generate_site(project, docs, SiteOptions(EXAMPLE_AS_OF), lambda text: text)
    generated = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    assert site_files(project, EXAMPLE_AS_OF) == generated
    # Before the PERC pearl is published, the nav may not name its page.
    assert "pearls/perc-rule.md" not in site_files(project, dt.date(2026, 11, 17))


def test_an_extension_markdown_cannot_load_is_one_line_at_its_entry(tmp_path, capsys):
    project = write_project(tmp_path)
    for pearl in (project / "content" / "pearls").iterdir():
        pearl.unlink()  # no body to render: CFG007 (which would say the same) is not reported
    with (project / "mkdocs.yml").open("a") as config:
        config.write("markdown_extensions:\n  - no_such_extension\n")
    status, lines = check(project, capsys)
    assert status == 1
    assert [line for line in lines if "error[" in line] == [
        "mkdocs.yml:5:5: error[CFG009]: markdown_extensions: Failed to load extension "
        "'no_such_extension'. ModuleNotFoundError: No module named 'no_such_extension' (MkDocs "
        f"refuses it, so the build would stop: see {GUIDE}#markdown_extensions)"
    ]


@pytest.mark.parametrize(
    ("page", "written", "holder"),
    [
        # Each passed the check; the build then stopped (a trusted-fragment count, 'File
        # exists' naming the staging folder) or, for a pearl's, published the page in its place.
        ("index.md", "index.html", "the site's own index.md"),
        ("topics.md", "topics/index.html", "the site's own topics/index.md"),
        ("feed.xml.md", "feed.xml/index.html", "the site's own feed.xml"),
        (
            "pearls/ottawa-sah-rule/index.md",
            "pearls/ottawa-sah-rule/index.html",
            "the site's own pearls/ottawa-sah-rule.md",
        ),
        ("about/index.md", "about/index.html", "the page content/pages/about.md"),
    ],
)
def test_a_page_written_where_the_site_has_a_file_is_refused_by_check_and_build(
    example_project, capsys, page, written, holder
):
    path = example_project / "content" / "pages" / page
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Mine\n", encoding="utf-8")
    expected = (
        f"content/pages/{page}:1:1: error[PAG050]: this page would be written to {written}, "
        f"where {holder} is written (rename or move the file)"
    )
    status, lines = check(example_project, capsys)
    assert status == 1
    assert [line for line in lines if "error" in line] == [
        expected,
        "checked 3 pearls and 10 references: 1 error, 2 warnings",
    ]
    assert main(["--project", str(example_project), "build"]) == 1
    assert expected in capsys.readouterr().err.splitlines()
    assert not (example_project / "site").exists()
