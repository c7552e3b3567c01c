"""Citation styles as plugins: the installed styles come from the entry points, a style installed
by another distribution is used by the site, the check and `pearls refs`, and the Vancouver
style shows end to end. Each test builds its own small project (tests/sample_project.py)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from generator.bibliography import citation_style, style_names
from generator.bibliography import styles as registry
from generator.cli import main
from tests.sample_project import write_project

ROOT = Path(__file__).resolve().parent.parent

#: A third-party style: numbers in parentheses, each entry its title and journal.
PARENS_MODULE = '''\
from generator.bibliography.styles.base import (
    CitationStyle, InText, element, first_field, ref_field,
)
from pybtex.style.template import join


class ParensStyle(CitationStyle):
    """Numbers in parentheses; an entry is its title and journal."""

    in_text = InText(open="(", close=")")
    required_fields = {"article": ("title", "journal")}

    def get_generic_template(self, reference):
        return join(sep=" ")[
            element(ref_field("title")), element(first_field("shortjournal", "journal"))
        ]


class FailingStyle(CitationStyle):
    """A style with a bug: it fails on every entry."""

    def get_generic_template(self, reference):
        return None.upper()
'''


@pytest.fixture
def parens_style(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The distribution ``pearls-parens`` on ``sys.path``, registering the style ``parens``."""
    dist = tmp_path / "dist"
    info = dist / "pearls_parens-1.0.dist-info"
    info.mkdir(parents=True)
    (dist / "pearls_parens.py").write_text(PARENS_MODULE)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: pearls-parens\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[clinical_pearls.citation_styles]\nparens = pearls_parens:ParensStyle\n"
        "broken = pearls_parens:join\n"
        "unloadable = pearls_parens_gone:Style\n"
        "failing = pearls_parens:FailingStyle\n"
    )
    monkeypatch.syspath_prepend(str(dist))
    forget_styles()
    yield dist
    monkeypatch.undo()
    forget_styles()


def forget_styles() -> None:
    """Read the entry points and the style's module afresh, as a new process would."""
    registry._installed.cache_clear()
    citation_style.cache_clear()
    sys.modules.pop("pearls_parens", None)


def project_with_style(root: Path, style: str) -> Path:
    """The sample project with the example site's mkdocs.yml, citing in ``style``."""
    root.mkdir()
    write_project(root)
    config = "".join(
        line
        for line in (ROOT / "mkdocs.yml").read_text().splitlines(keepends=True)
        if "about.md" not in line and "editors-guide.md" not in line
    )
    (root / "mkdocs.yml").write_text(
        config.replace("citation_style: ama ", f"citation_style: {style} ")
    )
    return root


def build(root: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> str:
    """Build the site; the sample pearl's page."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795046400")
    status = main(["--project", str(root), "build"])
    assert status == 0, capsys.readouterr().err
    return (root / "site" / "pearls" / "good" / "index.html").read_text()


def reference_list(page: str) -> list[str]:
    """The text of each item of the pearl's reference list, without its backlinks."""
    listed = re.search(r'<ol class="references">(.*?)</ol>', page, re.DOTALL)
    assert listed is not None
    items = re.findall(r"<li [^>]*>(.*?)</li>", listed.group(1), re.DOTALL)
    return [re.sub(r"<[^>]+>", "", item.split(' <a class="backlink"')[0]) for item in items]


def test_the_styles_are_the_entry_points_of_the_group():
    assert style_names() == ["ama", "short", "vancouver"]


def test_a_style_installed_by_another_package_is_used_by_the_site_and_email(
    parens_style, tmp_path, monkeypatch, capsys
):
    assert style_names() == [
        "ama", "broken", "failing", "parens", "short", "unloadable", "vancouver"
    ]
    root = project_with_style(tmp_path / "project", "parens")
    page = build(root, monkeypatch, capsys)
    assert (
        '<p>Cement can embolize (<a href="#ref-1" id="cite-1-1">1</a>,'
        '<a href="#ref-2" id="cite-2-1">2</a>).</p>'
    ) in page
    assert reference_list(page) == [
        "Pulmonary embolism from cement augmentation of the vertebral body. Asian Spine J.",
        "Respir Med Case Rep.",
    ]
    out = tmp_path / "email"
    assert main(["--project", str(root), "email", "2021-02-17", "-o", str(out)]) == 0
    assert "Cement can embolize (1,2)." in (out / "2021-02-17.txt").read_text()


def test_upgrading_the_style_package_rebuilds_the_cached_pages(
    parens_style, tmp_path, monkeypatch, capsys
):
    root = project_with_style(tmp_path / "project", "parens")
    assert "Cement can embolize (<a" in build(root, monkeypatch, capsys)
    module = parens_style / "pearls_parens.py"
    module.write_text(module.read_text().replace('open="(", close=")"', 'open="{", close="}"'))
    metadata = parens_style / "pearls_parens-1.0.dist-info" / "METADATA"
    metadata.write_text(metadata.read_text().replace("Version: 1.0", "Version: 1.1"))
    forget_styles()
    assert "Cement can embolize {<a" in build(root, monkeypatch, capsys)


def test_a_style_installed_by_another_package_is_offered_by_refs(
    parens_style, tmp_path, capsys
):
    root = write_project(tmp_path)
    assert main(["--project", str(root), "refs", "--style", "parens", "ignacio2018"]) == 0
    assert capsys.readouterr().out == (
        "1. Pulmonary embolism from cement augmentation of the vertebral body. Asian Spine J.\n"
    )


def test_unknown_style_is_an_error_at_its_line_listing_the_installed_ones(
    parens_style, tmp_path, capsys
):
    root = project_with_style(tmp_path / "project", "parenz")
    assert main(["--project", str(root), "check"]) == 1
    line = next(
        number
        for number, text in enumerate((root / "mkdocs.yml").read_text().splitlines(), 1)
        if "citation_style:" in text
    )
    assert (
        f"mkdocs.yml:{line}:7: error[CFG005]: unknown citation style 'parenz' "
        "(use one of: ama, broken, failing, parens, short, unloadable, vancouver; a style of "
        "another package needs that package installed wherever pearls runs (the publish "
        "workflow's install step, the pre-commit hook's additional_dependencies))"
    ) in capsys.readouterr().err.splitlines()


@pytest.mark.parametrize(
    ("style", "warning"),
    [
        ("ama", "missing author, title"),
        ("vancouver", "missing author, title"),
        ("parens", "missing title"),
        ("short", None),  # the short form shows journal, year, volume and page: all known
    ],
)
def test_incomplete_reference_warnings_come_from_the_style_in_use(
    parens_style, tmp_path, capsys, style, warning
):
    root = project_with_style(tmp_path / "project", style)
    assert main(["--project", str(root), "check"]) == 0
    err = capsys.readouterr().err
    expected = (
        f"references.bib:12:1: warning[BIB101]: 'partial2019' (cited in 2021-02-17-good.md) "
        f"will render partially: {warning}"
    )
    assert (expected in err.splitlines()) if warning else "BIB101" not in err


def test_vancouver_site_page_and_email(tmp_path, monkeypatch, capsys):
    root = project_with_style(tmp_path / "project", "vancouver")
    page = build(root, monkeypatch, capsys)
    assert (
        '<p>Cement can embolize.<sup class="cite"><a href="#ref-1" id="cite-1-1">1</a>,'
        '<a href="#ref-2" id="cite-2-1">2</a></sup></p>'
    ) in page
    ignacio = (
        "Ignacio JM, Ignacio KH. Pulmonary embolism from cement augmentation of the vertebral "
        "body. Asian Spine J. 2018;12(2):380-7. doi: 10.4184/asj.2018.12.2.380."
    )
    assert reference_list(page) == [ignacio, "Respir Med Case Rep. 2019;28:100887."]
    out = tmp_path / "email"
    assert main(["--project", str(root), "email", "2021-02-17", "-o", str(out)]) == 0
    text = " ".join((out / "2021-02-17.txt").read_text().split())
    assert "Cement can embolize.^1,2" in text
    assert f"REFERENCES 1. {ignacio} 2. Respir Med Case Rep. 2019;28:100887." in text
    html = (out / "2021-02-17.html").read_text()
    assert "Ignacio JM, Ignacio KH. Pulmonary embolism from cement augmentation" in html


def test_a_registered_style_that_is_not_a_style_class_is_one_line(parens_style, tmp_path, capsys):
    root = project_with_style(tmp_path / "project", "broken")
    assert main(["--project", str(root), "check"]) == 2
    assert capsys.readouterr().err == (
        "pearls check: error: citation style 'broken' (pearls_parens:join, from pearls-parens "
        "1.0) is not a CitationStyle; update or reinstall pearls-parens, or set citation_style "
        "in mkdocs.yml to another style (ama, failing, parens, short, unloadable, vancouver)\n"
    )


def test_a_registered_style_that_cannot_be_imported_names_its_package(
    parens_style, tmp_path, capsys
):
    """It said only what failed, not which installed package to fix or what else to choose."""
    root = project_with_style(tmp_path / "project", "unloadable")
    assert main(["--project", str(root), "build"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "pearls build: error: citation style 'unloadable' (pearls_parens_gone:Style, from "
        "pearls-parens 1.0) cannot load: No module named 'pearls_parens_gone'; update or "
        "reinstall pearls-parens, or set citation_style in mkdocs.yml to another style (ama, "
        "broken, failing, parens, short, vancouver)"
    ]
    assert not (root / "site").exists()


def test_refs_with_an_unknown_style_says_where_to_choose_another(tmp_path, capsys):
    root = project_with_style(tmp_path / "project", "parenz")
    assert main(["--project", str(root), "refs"]) == 2
    assert capsys.readouterr().err == (
        "pearls refs: error: unknown citation style 'parenz' (installed: ama, short, vancouver); "
        "set citation_style in mkdocs.yml to one of them, or install the package providing it\n"
    )


def test_a_style_failing_on_an_entry_is_an_error_of_the_check_and_one_line_elsewhere(
    parens_style, tmp_path, capsys, monkeypatch
):
    """Another package's style that raised while formatting passed the check and was a Python
    traceback in pearls build, email and refs."""
    root = project_with_style(tmp_path / "project", "failing")
    fix = (
        "update or reinstall pearls-parens, or set citation_style in mkdocs.yml to another "
        "style (ama, broken, parens, short, unloadable, vancouver)"
    )
    assert main(["--project", str(root), "check"]) == 1
    lines = capsys.readouterr().err.splitlines()
    for line in (1, 12):  # the entries the sample pearl cites
        assert (
            f"references.bib:{line}:1: error[CFG060]: citation style 'failing' "
            "(pearls_parens:FailingStyle, from pearls-parens 1.0) fails on this entry "
            f"(AttributeError: 'NoneType' object has no attribute 'upper') ({fix})"
        ) in lines
    failure = (
        "citation style 'failing' (pearls_parens:FailingStyle, from pearls-parens 1.0) fails on "
        "'ignacio2018' (AttributeError: 'NoneType' object has no attribute 'upper'); " + fix
    )
    assert main(["--project", str(root), "refs", "ignacio2018"]) == 2
    assert capsys.readouterr().err == f"pearls refs: error: {failure}\n"
    assert main(["--project", str(root), "email", "2021-02-17", "-o", str(tmp_path / "m")]) == 1
    assert "error[CFG060]" in capsys.readouterr().err


def test_a_failure_without_a_message_is_named_by_its_exception_alone():
    from generator.bibliography.styles import failure

    assert failure(NotImplementedError()) == "NotImplementedError"
    assert failure(KeyError("volume")) == "KeyError: 'volume'"
