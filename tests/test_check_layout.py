"""The layout of ``content/``: no pearls folder is an error (SRC004), and Markdown the build
never publishes is a warning (SRC005), in `pearls check` and `pearls build` alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import files_of
from tests.sample_project import GOOD, write_project


def pearls(project: Path, *args: str) -> int:
    return main(["--project", str(project), *args])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path)


NOT_CITED = [
    "references.bib:1:1: warning[BIB100]: entry 'ignacio2018' is never cited",
    "references.bib:12:1: warning[BIB100]: entry 'partial2019' is never cited",
]
PARTIAL = (
    "references.bib:12:1: warning[BIB101]: 'partial2019' (cited in 2021-02-17-good.md) will "
    "render partially: missing author, title"
)
NO_PEARLS = "checked 0 pearls and 2 references: 1 error, 2 warnings"
MISSING = (
    "content/pearls:1:1: error[SRC004]: the pearls folder is missing, so the site would have no "
    "pearls (create the folder content/pearls/, or write the first pearl with `pearls new`)"
)


def test_a_missing_pearls_folder_is_an_error(project, capsys):
    shutil.rmtree(project / "content" / "pearls")
    assert pearls(project, "check") == 1
    assert capsys.readouterr().err.splitlines() == [MISSING, *NOT_CITED, NO_PEARLS]


def test_a_file_in_place_of_the_pearls_folder_is_an_error(project, capsys):
    shutil.rmtree(project / "content" / "pearls")
    (project / "content" / "pearls").touch()
    assert pearls(project, "check") == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/pearls:1:1: error[SRC004]: the pearls folder is a file, not a folder, so the "
        "site would have no pearls (move the file away and create the folder content/pearls/ "
        "in its place)",
        *NOT_CITED,
        NO_PEARLS,
    ]


def test_a_link_in_place_of_the_pearls_folder_is_an_error(project, capsys):
    (project / "content" / "pearls").rename(project / "archive")
    (project / "content" / "pearls").symlink_to(project / "archive")
    assert pearls(project, "check") == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/pearls:1:1: error[SRC004]: the pearls folder is a symbolic link (a linked "
        "folder is never read), so the site would have no pearls (replace the link with the "
        "folder itself)",
        *NOT_CITED,
        NO_PEARLS,
    ]


def test_without_a_content_folder_both_pearls_and_topics_are_missing(project, capsys):
    shutil.rmtree(project / "content")
    assert pearls(project, "check") == 1
    assert capsys.readouterr().err.splitlines() == [
        MISSING,
        "content/topics.yml:1:1: error[TOP001]: topic vocabulary file is missing (create it, "
        "with each topic pearls may use as 'slug: {name: …, description: …}')",
        *NOT_CITED,
        "checked 0 pearls and 2 references: 2 errors, 2 warnings",
    ]


def test_an_empty_pearls_folder_is_a_new_project(project, capsys):
    (project / "content" / "pearls" / "2021-02-17-good.md").unlink()
    assert pearls(project, "check") == 0
    assert capsys.readouterr().err.splitlines() == [
        *NOT_CITED,
        "checked 0 pearls and 2 references: 0 errors, 2 warnings",
    ]


def test_the_build_refuses_a_project_without_its_pearls_folder(built, capsys):
    shutil.rmtree(built / "content" / "pearls")
    before = files_of(built / "site")
    assert pearls(built, "build") == 1
    assert MISSING in capsys.readouterr().err.splitlines()
    assert files_of(built / "site") == before


STRAY = (
    "content/x.md:1:1: warning[SRC005]: this file is neither a pearl nor a page, so it is never "
    "published (move a pearl into content/pearls/ or a page into content/pages/, or delete "
    "the file)"
)


def test_markdown_outside_the_pearls_and_pages_folders_is_a_warning(project, capsys):
    (project / "content" / "x.md").write_text(GOOD)
    assert pearls(project, "check") == 0
    assert capsys.readouterr().err.splitlines() == [
        STRAY,
        PARTIAL,
        "checked 1 pearl and 2 references: 0 errors, 2 warnings",
    ]
    assert pearls(project, "check", "--strict") == 1


@pytest.mark.parametrize(
    ("name", "line"),
    [
        (
            "content/pearls/2021-02-24-y.MD",
            "content/pearls/2021-02-24-y.MD:1:1: warning[SRC005]: this file ends in '.MD', not "
            "'.md', so this pearl is never published (rename it to 2021-02-24-y.md)",
        ),
        (
            "content/pages/about.Md",
            "content/pages/about.Md:1:1: warning[SRC005]: this file ends in '.Md', not '.md', so "
            "this page is never published (rename it to about.md)",
        ),
        (
            "content/notes.MD",
            "content/notes.MD:1:1: warning[SRC005]: this file is neither a pearl nor a page, so "
            "it is never published (rename it to notes.md and move a pearl into content/pearls/ "
            "or a page into content/pages/, or delete the file)",
        ),
    ],
)
def test_markdown_not_named_md_is_a_warning(project, capsys, name, line):
    (project / name).parent.mkdir(exist_ok=True)
    (project / name).write_text(GOOD.replace("2021-02-17", "2021-02-24"))
    assert pearls(project, "check") == 0
    assert capsys.readouterr().err.splitlines() == [
        line,
        PARTIAL,
        "checked 1 pearl and 2 references: 0 errors, 2 warnings",
    ]


def test_other_files_in_content_are_not_markdown_to_publish(project, capsys):
    (project / "content" / "notes.txt").write_text("notes\n")
    (project / "content" / "pearls" / "draft.md.bak").write_text(GOOD)
    assert pearls(project, "check") == 0
    assert capsys.readouterr().err.splitlines() == [
        PARTIAL,
        "checked 1 pearl and 2 references: 0 errors, 1 warning",
    ]


def test_the_build_warns_of_markdown_it_does_not_publish(built, capsys):
    (built / "content" / "x.md").write_text(GOOD)
    assert pearls(built, "build") == 0
    assert STRAY in capsys.readouterr().err.splitlines()
    published = files_of(built / "site")
    assert not [name for name in published if "x" in name.split("/")[:-1] or name.endswith("x.md")]


def test_a_link_to_nothing_in_the_sources_is_a_warning(example_project, capsys):
    """A pearl left as a link to a moved file is never published: the check says so (an
    editor's lock file, a dot-named dangling link, is left alone)."""
    pearls = example_project / "content/pearls/2026"
    (pearls / "2026-12-09-moved.md").symlink_to("../drafts/2026-12-09-moved.md")
    (pearls / ".#2026-11-18-perc-rule.md").symlink_to("editor@host.1234:1700000000")
    code = main(["--project", str(example_project), "check"])
    output = capsys.readouterr()
    assert code == 0
    assert [line for line in (output.out + output.err).splitlines() if "SRC006" in line] == [
        "content/pearls/2026/2026-12-09-moved.md:1:1: warning[SRC006]: is a link to nothing "
        "(../drafts/2026-12-09-moved.md), so it is never read (point it at a file of the "
        "project, or remove it)"
    ]


def test_a_missing_bibliography_says_how_to_make_one(project, capsys):
    """It said only 'No such file or directory', with nothing to do about it."""
    (project / "references.bib").unlink()
    assert pearls(project, "check") == 1
    assert (
        "references.bib:1:1: error[BIB001]: cannot read bibliography: No such file or directory "
        "(create it (empty until the first reference), or set the pearls plugin's "
        "bibliography: in mkdocs.yml to your .bib file)"
    ) in capsys.readouterr().err.splitlines()
