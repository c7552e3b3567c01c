"""`pearls init DIR`: a new pearl repository that checks clean, and a refusal that writes nothing.

Builds its own repositories in tmp folders (never the example content).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.cli import main
from generator.yaml_source import load_yaml
from tests.conftest import files_of

#: Thursday 2026-11-19, 12:00 UTC: the example pearl is dated on the Wednesday before.
THURSDAY = "1795089600"
FILES = [
    ".github/workflows/publish.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "README.md",
    "content/newsletter.yml",
    "content/pearls/2026/2026-11-18-ottawa-sah-rule.md",
    "content/topics.yml",
    "generated/.gitignore",
    "mkdocs.yml",
    "references.bib",
]


@pytest.fixture(autouse=True)
def thursday(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", THURSDAY)


def init(folder: Path) -> int:
    return main(["init", str(folder)])


def leftovers(parent: Path) -> list[str]:
    """Names beside the new repository that `pearls init` left (a staging folder)."""
    return sorted(p.name for p in parent.iterdir() if ".pearls-init-" in p.name)


def test_init_creates_the_missing_folder_with_exactly_these_files(tmp_path, capsys):
    target = tmp_path / "team" / "my-pearls"

    assert init(target) == 0

    assert sorted(files_of(target)) == FILES
    assert leftovers(target.parent) == []
    assert capsys.readouterr().err == ""


def test_init_prints_the_next_steps(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)

    assert init(Path("my-pearls")) == 0

    assert capsys.readouterr().out == (
        "Created my-pearls with a new pearl repository (10 files) and one example pearl.\n"
        "Next:\n"
        "  cd my-pearls\n"
        "  pearls check                       # the example has no problems\n"
        "  pearls serve                       # preview the site at http://127.0.0.1:8000\n"
        '  pearls new "Your first pearl"      # a draft for the next free Wednesday\n'
        "Before publishing, set site_url in mkdocs.yml, and repo/rev in "
        ".pre-commit-config.yaml and\n"
        ".github/workflows/publish.yml; README.md has the editor's weekly routine.\n"
    )


def test_the_new_repository_checks_clean_and_its_pearl_is_the_last_wednesdays(tmp_path, capsys):
    target = tmp_path / "my-pearls"
    assert init(target) == 0
    capsys.readouterr()

    assert main(["--project", str(target), "check", "--strict"]) == 0

    assert capsys.readouterr().err == "checked 1 pearl and 1 reference: 0 errors, 0 warnings\n"
    pearl = (target / "content/pearls/2026/2026-11-18-ottawa-sah-rule.md").read_text()
    assert "\ndate: 2026-11-18\n" in pearl
    assert "[@perry2013]" in pearl and "```algorithm\n" in pearl


def test_on_a_wednesday_the_example_pearl_is_that_days(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795046400")  # Wednesday 2026-11-18, 00:00 UTC

    assert init(tmp_path / "my-pearls") == 0

    assert (tmp_path / "my-pearls/content/pearls/2026/2026-11-18-ottawa-sah-rule.md").is_file()


def test_init_fills_an_existing_empty_folder_and_keeps_it(tmp_path, monkeypatch):
    target = tmp_path / "my-pearls"
    target.mkdir()
    inode = target.stat().st_ino
    monkeypatch.chdir(target)

    assert init(Path(".")) == 0

    assert target.stat().st_ino == inode  # a shell inside it is still in the repository
    assert sorted(files_of(target)) == FILES
    assert leftovers(tmp_path) == []


def test_init_refuses_a_folder_that_holds_anything(tmp_path, capsys):
    target = tmp_path / "notes"
    target.mkdir()
    (target / ".git").mkdir()

    assert init(target) == 2

    assert capsys.readouterr().err == (
        f"pearls init: error: {target} is not empty; refusing to write a new repository into "
        "it (give a new or empty folder)\n"
    )
    assert [p.name for p in target.iterdir()] == [".git"]
    assert leftovers(tmp_path) == []


def test_init_twice_is_refused_and_changes_nothing(tmp_path, capsys):
    target = tmp_path / "my-pearls"
    assert init(target) == 0
    (target / "content/topics.yml").write_text("# ours\n")
    before = files_of(target)
    capsys.readouterr()

    assert init(target) == 2

    assert capsys.readouterr().err.startswith(f"pearls init: error: {target} is not empty;")
    assert files_of(target) == before


def test_init_refuses_a_file(tmp_path, capsys):
    target = tmp_path / "my-pearls"
    target.write_text("notes\n")

    assert init(target) == 2

    assert capsys.readouterr().err == (
        f"pearls init: error: {target} exists and is not a folder; give a new or empty folder\n"
    )
    assert target.read_text() == "notes\n"


def test_a_failed_write_leaves_no_folder_and_no_staging(tmp_path, capsys, monkeypatch):
    written: list[Path] = []
    write_text = Path.write_text

    def full_after_three(self: Path, *args, **kwargs) -> int:
        if len(written) == 3:
            raise OSError(28, os.strerror(28), str(self))
        written.append(self)
        return write_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full_after_three)

    assert init(tmp_path / "my-pearls") == 2

    assert "No space left on device" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_failed_write_leaves_no_parent_folder_made_for_it_and_names_the_repository(
    tmp_path, capsys, monkeypatch
):
    # The folders above it stayed, and the message named the hidden staging folder beside it.
    write_text = Path.write_text

    def full(self: Path, *args, **kwargs) -> int:
        if self.name == "README.md":
            raise OSError(28, os.strerror(28), str(self))
        return write_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    target = tmp_path / "a" / "b" / "my-pearls"
    assert init(target) == 2
    assert capsys.readouterr().err == (
        f"pearls init: error: {target}/README.md: No space left on device; nothing was created\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_init_under_a_file_is_one_line_naming_the_repository(tmp_path, capsys):
    (tmp_path / "notes").write_text("keep")
    assert init(tmp_path / "notes" / "my-pearls") == 2
    assert capsys.readouterr().err == (
        f"pearls init: error: {tmp_path}/notes/my-pearls: Not a directory; nothing was created\n"
    )
    assert (tmp_path / "notes").read_text() == "keep"


def test_every_yaml_file_of_the_new_repository_reads_without_problems(tmp_path):
    target = tmp_path / "my-pearls"
    assert init(target) == 0

    for name in FILES:
        if name.endswith((".yml", ".yaml")):
            document, problems = load_yaml((target / name).read_text(), Path(name))
            assert problems == [], name
            assert isinstance(document.value, dict | None), name


def test_init_refuses_project(tmp_path, capsys):
    assert main(["init", "--project", str(tmp_path), str(tmp_path / "my-pearls")]) == 2

    assert capsys.readouterr().err == (
        "pearls init: error: init makes a new repository: give its folder as DIR, not --project\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_the_new_repository_builds_and_says_so_in_words(tmp_path, capsys):
    """'built 1 pearls' was what the first build of a new repository printed."""
    target = tmp_path / "my-pearls"
    assert init(target) == 0
    capsys.readouterr()

    assert main(["--project", str(target), "build", "--strict"]) == 0

    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith(f"built 1 pearl into {target / 'site'} in "), last
