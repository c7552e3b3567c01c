"""Outputs never touch what is not theirs: every refusal leaves the sources and the previous
site byte for byte, with exit status 2 and one line saying why."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import EPOCH, files_of

WEDNESDAY = "2021-02-17"  # the example project's first pearl


def pearls(project: Path, *args: str) -> int:
    return main(["--project", str(project), *args])


def last_error_line(capsys) -> str:
    lines = capsys.readouterr().err.strip().splitlines()
    return lines[-1]


def inside(target: str, folder: str) -> str:
    return f"{target} is inside the source folder {folder}/; outputs go elsewhere"


def holds_project(target: str) -> str:
    return (
        f"{target} is the project folder or holds it; "
        "writing there would replace the sources (choose a folder of its own)"
    )


def source_file(target: str) -> str:
    return f"{target} is a source file of the project; outputs go elsewhere"


def not_made_by(target: str, command: str) -> str:
    return (
        f"{target} is not empty and was not made by pearls {command} "
        "(it has no .pearls-output); empty it or choose another folder"
    )


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("content", "content is the source folder content/; outputs go elsewhere"),
        ("content/pearls/new", inside("content/pearls/new", "content")),
        ("templates/site", inside("templates/site", "templates")),
        (".git/site", inside(".git/site", ".git")),
        (".", holds_project(".")),
        ("..", holds_project("..")),
        ("references.bib", source_file("references.bib")),
        ("mkdocs.yml", source_file("mkdocs.yml")),
        ("notes", not_made_by("notes", "build")),
    ],
)
def test_build_refuses_a_target_that_is_not_its_own(built, capsys, monkeypatch, target, message):
    (built / ".git").mkdir()
    (built / "notes").mkdir()
    (built / "notes" / "todo.txt").write_text("keep me\n")
    before = files_of(built)
    monkeypatch.chdir(built)
    assert pearls(built, "build", "-d", target) == 2
    assert last_error_line(capsys) == f"pearls build: error: {message}"
    assert files_of(built) == before


def test_a_bibliography_kept_above_the_project_leaves_room_for_its_outputs(
    example_project, capsys
):
    # Its folder was a source folder, and it holds the project: every output was refused
    # ("site is inside the source folder /tmp/…"), and the check blamed docs_dir (CFG011).
    shared = example_project.parent / "shared.bib"
    (example_project / "references.bib").rename(shared)
    config = example_project / "mkdocs.yml"
    text = config.read_text()
    assert "bibliography: references.bib" in text
    config.write_text(text.replace("bibliography: references.bib", "bibliography: ../shared.bib"))
    assert pearls(example_project, "check") == 0
    assert pearls(example_project, "build", "--as-of", WEDNESDAY) == 0
    assert (example_project / "site" / "index.html").is_file()
    capsys.readouterr()
    refused = pearls(example_project, "algorithm", "ottawa-sah-rule", "-o", str(shared), "--force")
    assert refused == 2
    assert last_error_line(capsys) == f"pearls algorithm: error: {source_file(str(shared))}"


def test_a_site_folder_of_another_command_is_not_the_sites(built, capsys, monkeypatch):
    monkeypatch.chdir(built)
    assert pearls(built, "email", WEDNESDAY, "-o", "mail") == 0
    before = files_of(built)
    assert pearls(built, "build", "-d", "mail") == 2
    assert last_error_line(capsys) == f"pearls build: error: {not_made_by('mail', 'build')}"
    assert files_of(built) == before


def test_build_into_a_subfolder_leaves_its_siblings_alone(built, capsys):
    out = built / "x" / "out"
    siblings = built / "x" / ".site-keep", built / "x" / ".other.pearls-staging-1"
    for folder in siblings:
        folder.mkdir(parents=True)
        (folder / "kept.txt").write_text("mine\n")
    (built / "x" / ".other.pearls-staging-1" / ".pearls-output").write_bytes(
        (built / "site" / ".pearls-output").read_bytes()
    )
    before = files_of(built / "x")
    assert pearls(built, "build", "-d", str(out)) == 0
    assert pearls(built, "build", "-d", str(out)) == 0  # a rebuild replaces its own site
    after = files_of(built / "x")
    assert {name: after[name] for name in before} == before
    assert (out / "index.html").is_file()
    assert sorted(p.name for p in (built / "x").iterdir()) == [
        ".other.pearls-staging-1",
        ".site-keep",
        "out",
    ]


def test_a_symlinked_cache_folder_is_never_written_through(built, capsys):
    docs = built / ".cache" / "pearls" / "docs"
    if docs.exists():
        subprocess.run(["rm", "-r", str(docs)], check=True)
    docs.symlink_to(built / "content", target_is_directory=True)
    content = files_of(built / "content")
    assert pearls(built, "build") == 0
    assert "pearls: warning: not using the cache .cache/pearls/docs (it is a symlink)" in (
        capsys.readouterr().err
    )
    assert files_of(built / "content") == content
    assert (built / "site" / "index.html").is_file()


def test_a_cache_that_is_a_file_is_not_used(example_project, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    (example_project / ".cache").write_text("not a folder\n")
    assert pearls(example_project, "build") == 0
    assert "pearls: warning: not using the cache .cache (it is not a folder)" in (
        capsys.readouterr().err
    )
    assert (example_project / ".cache").read_text() == "not a folder\n"


def test_a_fifo_in_the_cache_folder_is_neither_waited_on_nor_deleted(built):
    fifo = built / ".cache" / "pearls" / "stray.pickle"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(built), "check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert fifo.is_fifo()


def test_algorithm_never_writes_over_a_source_file_even_with_force(built, capsys, monkeypatch):
    monkeypatch.chdir(built)
    before = files_of(built)
    for extra in ((), ("--force",)):
        assert pearls(built, "algorithm", "pulmonary-cement-embolism", "-o", "references.bib",
                      *extra) == 2  # fmt: skip
        assert last_error_line(capsys) == (
            f"pearls algorithm: error: {source_file('references.bib')}"
        )
    assert files_of(built) == before


def test_algorithm_replaces_an_existing_file_only_with_force(built, capsys, monkeypatch):
    monkeypatch.chdir(built)
    (built / "chart.svg").write_text("old\n")
    assert pearls(built, "algorithm", "pulmonary-cement-embolism", "-o", "chart.svg") == 2
    assert last_error_line(capsys) == (
        "pearls algorithm: error: chart.svg already exists; add --force to replace it"
    )
    assert (built / "chart.svg").read_text() == "old\n"
    assert pearls(built, "algorithm", "pulmonary-cement-embolism", "-o", "chart.svg",
                  "--force") == 0  # fmt: skip
    assert (built / "chart.svg").read_text().startswith("<svg")


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("content", "content is the source folder content/; outputs go elsewhere"),
        ("references.bib", source_file("references.bib")),
        ("mkdocs.yml", source_file("mkdocs.yml")),
        ("chart.svg", "chart.svg exists and is not a folder"),
        ("site", not_made_by("site", "email")),
    ],
)
def test_email_refuses_a_folder_that_is_not_its_own(built, capsys, monkeypatch, target, message):
    monkeypatch.chdir(built)
    (built / "chart.svg").write_text("mine\n")
    before = files_of(built)
    assert pearls(built, "email", WEDNESDAY, "-o", target) == 2
    assert last_error_line(capsys) == f"pearls email: error: {message}"
    assert files_of(built) == before


def test_a_symlink_inside_the_cached_pages_is_never_written_through(built, capsys):
    docs = built / ".cache" / "pearls" / "docs"
    subprocess.run(["rm", "-r", str(docs / "pearls")], check=True)
    (docs / "pearls").symlink_to(built / "content" / "pearls", target_is_directory=True)
    before = files_of(built / "content") | files_of(built / "site")
    assert pearls(built, "build") == 2
    assert last_error_line(capsys).startswith("pearls build: error: refusing to write pearls/")
    assert files_of(built / "content") | files_of(built / "site") == before


def test_a_symlinked_page_in_the_cached_pages_is_never_written_through(built, capsys):
    page = sorted((built / ".cache" / "pearls" / "docs" / "pearls").glob("*.md"))[0]
    outside = built / "content" / "pages" / "about.md"
    page.unlink()
    page.symlink_to(outside)
    before = files_of(built / "content") | files_of(built / "site")
    assert pearls(built, "build") == 2
    assert last_error_line(capsys).startswith(
        f"pearls build: error: refusing to write pearls/{page.name} outside "
    )
    assert files_of(built / "content") | files_of(built / "site") == before


def test_force_replaces_a_link_instead_of_writing_through_it(built, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(built)
    (built / "chart.svg").symlink_to(tmp_path / "elsewhere.svg")
    assert pearls(built, "algorithm", "pulmonary-cement-embolism", "-o", "chart.svg",
                  "--force") == 0  # fmt: skip
    assert not (built / "chart.svg").is_symlink()
    assert not (tmp_path / "elsewhere.svg").exists()


def test_algorithm_never_replaces_a_device_or_a_pipe_even_with_force(built, capsys, monkeypatch):
    """As root, replacing /dev/null or the /dev/stdout link would damage the machine."""
    monkeypatch.chdir(built)
    os.mkfifo(built / "pipe")
    for target in ("/dev/null", "pipe"):
        assert pearls(built, "algorithm", "pulmonary-cement-embolism", "-o", target,
                      "--force") == 2  # fmt: skip
        assert last_error_line(capsys) == (
            f"pearls algorithm: error: {target} is not a regular file (a device or a pipe); "
            "name a file"
        )
    assert (built / "pipe").is_fifo() and Path("/dev/null").is_char_device()


def test_build_into_a_mount_point_is_refused_before_anything_is_written(
    built, capsys, monkeypatch
):
    """A mount point cannot be swapped for the new site; a folder inside it can."""
    volume = built / "volume"
    volume.mkdir()
    monkeypatch.setattr(Path, "is_mount", lambda path: path == volume)
    assert pearls(built, "build", "-d", str(volume)) == 2
    assert last_error_line(capsys) == (
        f"pearls build: error: {volume} is a mount point, which a new site cannot replace "
        f"whole; build into a folder inside it (-d {volume / 'site'})"
    )
    assert not any(volume.iterdir())


@pytest.mark.parametrize(
    ("command", "args", "given"),
    [
        ("email", [WEDNESDAY], "{project}/build/email"),
        ("build", ["-d", "build/site"], "build/site"),
    ],
)
def test_an_output_under_a_file_names_that_file(
    example_project, capsys, monkeypatch, command, args, given
):
    # It was '…/build: File exists', with nothing to say the output folder needed it.
    (example_project / "build").write_text("notes\n")
    monkeypatch.chdir(example_project)
    before = files_of(example_project)
    assert pearls(example_project, command, *args) == 2
    assert last_error_line(capsys) == (
        f"pearls {command}: error: {given.format(project=example_project.resolve())} cannot be "
        f"made: {example_project.resolve() / 'build'} is a file, not a folder (move it, or "
        "choose another folder)"
    )
    assert files_of(example_project) == before
