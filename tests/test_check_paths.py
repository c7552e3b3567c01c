"""`pearls check PATH…`: only the given files' problems, found against the whole archive."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from tests.sample_project import IGNACIO

REPO = Path(__file__).resolve().parents[1]
PEARLS = "content/pearls/2026"


LINKING_ALGORITHM = """
```algorithm
title: Where next
nodes:
  - id: start
    kind: state
    text: A patient
    next: see
  - id: see
    kind: link
    text: See the other pearl
    pearl: {slug}
```
"""


def pearl(title: str, date: str, body: str) -> str:
    return (
        f"---\ntitle: {title}\ndate: {date}\nauthors: [A. Author]\nsummary: A summary.\n---\n"
        f"\n{body}\n"
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An archive where one pearl is bad, one cites a missing key, and the others lean on them.

    - ``a``: cites ``nosuchkey`` (line 8), which references.bib lacks;
    - ``b``: dated on a Thursday (line 3);
    - ``c``: good, and its algorithm links to pearl ``a``;
    - ``d``: shares its Wednesday with ``a``;
    - ``e``: its algorithm links to a pearl that does not exist (line 20).
    """
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    folder = tmp_path / PEARLS
    folder.mkdir(parents=True)
    shutil.copy(REPO / "content" / "topics.yml", tmp_path / "content" / "topics.yml")
    (tmp_path / "references.bib").write_text(IGNACIO)
    files = {
        "2026-11-18-a.md": pearl("A", "2026-11-18", "Text [@nosuchkey]."),
        "2026-11-26-b.md": pearl("B", "2026-11-26", "Text [@ignacio2018]."),
        "2026-12-02-c.md": pearl(
            "C", "2026-12-02", "Text [@ignacio2018].\n" + LINKING_ALGORITHM.format(slug="a")
        ),
        "2026-11-18-d.md": pearl("D", "2026-11-18", "Text [@ignacio2018]."),
        "2026-12-09-e.md": pearl(
            "E", "2026-12-09", "Text [@ignacio2018].\n" + LINKING_ALGORITHM.format(slug="nope")
        ),
    }
    for name, text in files.items():
        (folder / name).write_text(text)
    return tmp_path


def check(project: Path, *names: str) -> int:
    return main(["--project", str(project), "check", *(str(project / PEARLS / n) for n in names)])


CITATION_IN_A = (
    f"{PEARLS}/2026-11-18-a.md:8:8: error[CIT010]: unknown citation key 'nosuchkey' "
    "(add it to references.bib)"
)
THURSDAY_IN_B = (
    f"{PEARLS}/2026-11-26-b.md:3:7: error[FM008]: 2026-11-26 is a Thursday, not a Wednesday "
    "(the nearest Wednesday is 2026-11-25)"
)


def test_an_unknown_citation_key_is_reported_when_checking_its_file_alone(project, capsys):
    assert check(project, "2026-11-18-a.md") == 1
    assert capsys.readouterr().err.splitlines() == [
        CITATION_IN_A,
        "checked 1 file and 1 reference: 1 error, 0 warnings",
    ]


def test_a_good_file_passes_although_other_files_are_bad(project, capsys):
    assert check(project, "2026-12-02-c.md") == 0
    assert capsys.readouterr().err.splitlines() == [
        "checked 1 file and 1 reference: 0 errors, 0 warnings"
    ]


def test_a_date_clash_with_an_unchecked_file_is_still_found(project, capsys):
    assert check(project, "2026-11-18-d.md") == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{PEARLS}/2026-11-18-d.md:3:1: error[PRL010]: another pearl is published on "
        "2026-11-18: 2026-11-18-a.md",
        "checked 1 file and 1 reference: 1 error, 0 warnings",
    ]


def test_links_resolve_against_every_pearl_in_the_archive(project, capsys):
    assert check(project, "2026-12-09-e.md") == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{PEARLS}/2026-12-09-e.md:20:12: error[ALG017]: link 'see' names unknown pearl 'nope'",
        "checked 1 file and 1 reference: 1 error, 0 warnings",
    ]


def test_several_paths_report_each_of_them(project, capsys):
    assert check(project, "2026-11-18-a.md", "2026-11-26-b.md", "2026-12-02-c.md") == 1
    assert capsys.readouterr().err.splitlines() == [
        CITATION_IN_A,
        THURSDAY_IN_B,
        "checked 3 files and 1 reference: 2 errors, 0 warnings",
    ]


def test_without_paths_every_problem_is_reported(project, capsys):
    assert main(["--project", str(project), "check"]) == 1
    err = capsys.readouterr().err
    assert CITATION_IN_A in err
    assert THURSDAY_IN_B in err
    assert "error[PRL010]" in err
    assert "error[ALG017]" in err


def test_a_path_relative_to_the_current_folder_works_inside_the_project(
    project, capsys, monkeypatch
):
    monkeypatch.chdir(project / PEARLS)
    assert main(["check", "2026-11-18-a.md"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == CITATION_IN_A


def test_a_missing_path_is_a_usage_error(project, capsys):
    assert check(project, "2026-12-16-missing.md") == 2
    assert capsys.readouterr().err == (
        f"pearls check: error: no such file: {project / PEARLS / '2026-12-16-missing.md'}\n"
    )


def test_the_pre_commit_hook_checks_the_whole_archive_when_content_changes():
    hook = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    assert hook["id"] == "pearls-check"
    assert hook["entry"] == "pearls check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    changed_files = (
        "content/pearls/2026/2026-11-18-a.md",
        "content/topics.yml",
        "references.bib",
        "templates/site/home.md.j2",  # the project's own templates: pearls check reads them
    )
    for changed in changed_files:
        assert files.search(changed), changed
    for unrelated in ("generator/cli.py", "old/references.bib", "README.md"):
        assert not files.search(unrelated), unrelated


def test_a_file_outside_the_project_is_refused(project, tmp_path_factory, capsys):
    draft = tmp_path_factory.mktemp("elsewhere") / "2026-12-16-draft.md"
    draft.write_text('---\ntitle: "Unclosed\n---\n')
    assert main(["--project", str(project), "check", str(draft)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"pearls check: error: {draft} is not in the project ({project.resolve()}), so it is "
        "not checked (to check it as a pearl, move it into content/pearls/)"
    ]


def test_markdown_in_content_that_is_no_pearl_is_refused(project, capsys, monkeypatch):
    (project / "content" / "2026-12-16-draft.md").write_text('---\ntitle: "Unclosed\n---\n')
    monkeypatch.chdir(project)
    assert main(["check", "content/2026-12-16-draft.md"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "pearls check: error: content/2026-12-16-draft.md is neither a pearl nor a page, so it "
        "is never published, and it is not checked (move a pearl into content/pearls/ or a "
        "page into content/pages/, or delete the file)"
    ]


def test_a_pearl_named_in_upper_case_is_refused(project, capsys, monkeypatch):
    (project / PEARLS / "2026-12-16-y.MD").write_text(pearl("Y", "2026-12-16", "Text."))
    monkeypatch.chdir(project)
    assert main(["check", f"{PEARLS}/2026-12-16-y.MD"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"pearls check: error: {PEARLS}/2026-12-16-y.MD ends in '.MD', not '.md', so this "
        "pearl is never published, and it is not checked (rename it to 2026-12-16-y.md)"
    ]


def test_a_project_file_the_check_does_not_read_is_refused(project, capsys, monkeypatch):
    (project / "notes.txt").write_text("notes\n")
    monkeypatch.chdir(project)
    assert main(["check", "notes.txt"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "pearls check: error: notes.txt is not a file `pearls check` reads (give a pearl, a "
        "page, references.bib, content/topics.yml, content/newsletter.yml or mkdocs.yml, or a "
        "folder holding them)"
    ]


def test_the_bibliography_may_be_checked_alone(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    assert main(["check", "references.bib"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        "checked 1 file and 1 reference: 0 errors, 0 warnings"
    ]


EVERY_PROBLEM = [
    CITATION_IN_A,
    f"{PEARLS}/2026-11-18-d.md:3:1: error[PRL010]: another pearl is published on "
    "2026-11-18: 2026-11-18-a.md",
    THURSDAY_IN_B,
    f"{PEARLS}/2026-12-09-e.md:20:12: error[ALG017]: link 'see' names unknown pearl 'nope'",
]


STRAY = (
    "content/x.md:1:1: warning[SRC005]: this file is neither a pearl nor a page, so it is never "
    "published (move a pearl into content/pearls/ or a page into content/pages/, or delete the "
    "file)"
)


def test_a_folder_reports_on_every_file_under_it(project, capsys, monkeypatch):
    (project / "content" / "x.md").write_text("A stray note.\n")
    monkeypatch.chdir(project)
    assert main(["check", "content"]) == 1  # the five pearls and topics.yml
    assert capsys.readouterr().err.splitlines() == [
        *EVERY_PROBLEM,
        STRAY,
        "checked 6 files and 1 reference: 4 errors, 1 warning",
    ]
    assert main(["check", PEARLS]) == 1
    assert capsys.readouterr().err.splitlines() == [
        *EVERY_PROBLEM,
        "checked 5 files and 1 reference: 4 errors, 0 warnings",
    ]


def test_a_folder_holding_nothing_the_check_reads_is_refused(project, capsys):
    (project / "generated").mkdir()
    assert main(["--project", str(project), "check", str(project / "generated")]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"pearls check: error: {project / 'generated'} holds no pearl, page or other file "
        "`pearls check` reads"
    ]
