"""Warnings that stay readable: past ten of one code, the rest are counted in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from tests.sample_project import BIB, write_project

UNCITED = 50


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The sample project with 50 more entries in its .bib, none of them cited."""
    root = write_project(tmp_path)
    extra = "".join(
        f"@misc{{uncited{n:02d},\n  title = {{Entry {n}}},\n  year = {{2020}},\n}}\n\n"
        for n in range(UNCITED)
    )
    (root / "references.bib").write_text(BIB + "\n" + extra)
    return root


def check(project: Path, capsys, *args: str) -> tuple[int, str, str]:
    status = main(["--project", str(project), "check", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_fifty_uncited_entries_show_ten_and_one_line_with_the_count(project, capsys):
    status, out, err = check(project, capsys)
    lines = err.splitlines()
    assert status == 0
    uncited = [line for line in lines if "warning[BIB100]" in line]
    assert len(uncited) == 10
    assert uncited[0].startswith("references.bib:")
    assert uncited[0].endswith("warning[BIB100]: entry 'uncited00' is never cited")
    assert (
        "... and 40 more warnings [BIB100] (list them all: pearls check --verbose)" in lines
    )
    # Other codes are untouched, and the summary still counts every warning.
    assert sum("warning[BIB101]" in line for line in lines) == 1
    assert lines[-1] == "checked 1 pearl and 52 references: 0 errors, 51 warnings"


def test_verbose_lists_every_warning(project, capsys):
    _, _, err = check(project, capsys, "--verbose")
    assert sum("warning[BIB100]" in line for line in err.splitlines()) == UNCITED
    assert "more warnings" not in err


def test_json_output_is_summarised_alike(project, capsys):
    _, out, _ = check(project, capsys, "--format", "json")
    report = json.loads(out)
    assert sum(d["code"] == "BIB100" for d in report["diagnostics"]) == 10
    assert report["warnings"] == UNCITED + 1
    assert report["summarised"] == [
        {"code": "BIB100", "severity": "warning", "not_shown": 40,
         "list_all": "pearls check --verbose"}
    ]  # fmt: skip

    _, out, _ = check(project, capsys, "--format", "json", "--verbose")
    report = json.loads(out)
    assert sum(d["code"] == "BIB100" for d in report["diagnostics"]) == UNCITED
    assert report["summarised"] == []


def test_errors_are_never_summarised(project, capsys):
    pearls = project / "content" / "pearls"
    for n in range(12):
        (pearls / f"bad{n:02d}.md").write_text("no front matter\n")
    status, _, err = check(project, capsys)
    assert status == 1
    assert sum("error[FM001]" in line for line in err.splitlines()) == 12
