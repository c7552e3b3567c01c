"""`pearls check` reuses unchanged files from .cache/pearls/, and a stale cache never answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cache import CACHE_DIR
from generator.cli import main
from generator.project import load_project
from tests.sample_project import GOOD, write_project

PEARL = Path("content/pearls/2021-02-17-good.md")


def check(project: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> list[tuple]:
    """The diagnostics of one `pearls check --format json` run, as (path, line, col, code)."""
    main(["--project", str(project), "check", "--format", "json", *flags])
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    return [(d["path"], d["line"], d["col"], d["code"]) for d in found]


def entries(project: Path) -> list[Path]:
    folder = project / CACHE_DIR
    return sorted(folder.glob("*.pickle")) if folder.is_dir() else []


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = write_project(tmp_path)
    (root / PEARL).write_text(GOOD + "\nAlso [@nosuchkey].\n")
    return root


def test_a_warm_check_reports_exactly_what_a_cold_one_does(project, capsys) -> None:
    cold = check(project, capsys, "--no-cache")
    assert entries(project) == []
    filled = check(project, capsys)
    assert len(entries(project)) == 2  # the bibliography and the pearl
    assert cold == filled == check(project, capsys)
    assert ("content/pearls/2021-02-17-good.md", 11, 8, "CIT010") in cold


def test_an_edited_pearl_is_read_again(project, capsys) -> None:
    check(project, capsys)
    (project / PEARL).write_text(GOOD + "\nAlso [@partial2019] and [broken; cite].\n")
    assert [d[3] for d in check(project, capsys)] == ["CIT003", "BIB101"]


def test_an_edited_bibliography_is_read_again(project, capsys) -> None:
    check(project, capsys)
    bib = project / "references.bib"
    bib.write_text(bib.read_text() + "\n@article{nosuchkey, title = {Now it exists}}\n")
    codes = [d[3] for d in check(project, capsys)]
    assert "CIT010" not in codes
    assert "BIB101" in codes  # the new entry is cited and incomplete


def test_a_corrupt_or_truncated_entry_is_recomputed(project, capsys) -> None:
    expected = check(project, capsys, "--no-cache")
    check(project, capsys)
    first, second = entries(project)
    first.write_bytes(b"not a pickle")
    second.write_bytes(second.read_bytes()[:20])
    assert check(project, capsys) == expected
    assert check(project, capsys) == expected


def test_an_entry_under_another_name_is_never_taken_for_it(project, capsys) -> None:
    """A file whose name does not match the key stored inside it is a miss."""
    check(project, capsys)
    first, second = entries(project)
    first_bytes = first.read_bytes()
    first.write_bytes(second.read_bytes())
    second.write_bytes(first_bytes)
    assert check(project, capsys) == check(project, capsys, "--no-cache")


def test_changed_settings_recompute_what_depends_on_them(project) -> None:
    def review_due(interval: int):
        config = "site_name: Test\nsite_url: https://example.org/\n"
        config += f"plugins:\n  - pearls:\n      review_interval_years: {interval}\n"
        (project / "mkdocs.yml").write_text(config)
        return load_project(project, use_cache=True).pearls[0].review_due

    assert review_due(3).year == 2024
    assert review_due(5).year == 2026
    assert review_due(3).year == 2024


def test_checks_across_files_run_on_cached_pearls(project, capsys) -> None:
    check(project, capsys)
    clash = GOOD.replace("A good pearl", "Same Wednesday")
    (project / "content" / "pearls" / "2021-02-17-other.md").write_text(clash)
    codes = [(d[0], d[3]) for d in check(project, capsys)]
    assert ("content/pearls/2021-02-17-other.md", "PRL010") in codes


def test_entries_no_run_uses_are_pruned(project, capsys) -> None:
    check(project, capsys)
    before = entries(project)
    (project / PEARL).write_text(GOOD)
    check(project, capsys)
    after = entries(project)
    assert len(after) == 2
    assert len(set(before) & set(after)) == 1  # the bibliography's entry stays


def test_no_cache_neither_reads_nor_writes_it(project, capsys) -> None:
    check(project, capsys)
    for entry in entries(project):
        entry.write_bytes(b"garbage")
    check(project, capsys, "--no-cache")
    assert {entry.read_bytes() for entry in entries(project)} == {b"garbage"}
