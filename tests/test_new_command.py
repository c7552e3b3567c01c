"""`pearls new`: a draft on the next free Wednesday, and a refusal that writes nothing."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
from pathlib import Path

import pytest

import generator.files
from generator.cli import main
from tests.conftest import files_of
from tests.sample_project import IGNACIO

REPO = Path(__file__).resolve().parents[1]
#: Tuesday 2026-11-24, the day these tests run on.
TODAY = dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC)


def pearl(title: str, date: str, draft: bool = False) -> str:
    return (
        f"---\ntitle: {title}\ndate: {date}\nauthors: [A. Author]\nsummary: A summary.\n"
        f"{'draft: true' if draft else ''}\n---\n\nText [@ignacio2018].\n"
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real settings and topics; a pearl on 2026-11-25 and a draft on 2026-12-02."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(TODAY.timestamp())))
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "content" / "pearls" / "2026").mkdir(parents=True)
    shutil.copy(REPO / "content" / "topics.yml", tmp_path / "content" / "topics.yml")
    (tmp_path / "references.bib").write_text(IGNACIO)
    pearls = tmp_path / "content" / "pearls" / "2026"
    (pearls / "2026-11-25-booked.md").write_text(pearl("Booked", "2026-11-25"))
    (pearls / "2026-12-02-drafted.md").write_text(pearl("Drafted", "2026-12-02", draft=True))
    return tmp_path


def new(project: Path, *argv: str) -> int:
    return main(["--project", str(project), "new", *argv])


def fill_in_summary(path: Path) -> None:
    """What the editor does first: replace the commented summary placeholder."""
    text = path.read_text()
    filled = re.sub(
        r"^# summary:.*\n(#   .*\n)*", "summary: A filled-in summary.\n", text, count=1, flags=re.M
    )
    assert filled != text
    path.write_text(filled)


def test_new_on_the_next_free_week_prints_the_path_of_a_draft(project, capsys):
    assert new(project, "Button Battery Ingestion", "--topic", "imaging") == 0

    out, err = capsys.readouterr()
    assert out == "content/pearls/2026/2026-12-09-button-battery-ingestion.md\n"
    text = (project / out.strip()).read_text()
    schema = (REPO / "templates" / "schemas" / "pearl.schema.json").resolve().as_uri()
    assert text.startswith(
        "---\n"
        f"# yaml-language-server: $schema={schema}\n"
        "title: Button Battery Ingestion\n"
        "date: 2026-12-09\n"
        "slug: button-battery-ingestion\n"
        "authors:\n"
        "  - Clinical Pearls Editorial Team\n"
    )
    assert "topics:\n  - imaging\n" in text
    assert "\ndraft: true" in text
    assert "```algorithm\n" in text


def test_fresh_scaffold_is_reported_incomplete_then_passes_check_once_filled(
    project, capsys, monkeypatch
):
    monkeypatch.chdir(project)
    assert main(["new", "PE: treat or not?", "--date", "2026-12-16"]) == 0
    path = capsys.readouterr().out.strip()
    assert path == "content/pearls/2026/2026-12-16-pe-treat-or-not.md"

    assert main(["check", path]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{path}:2:1: error[FM004]: required field 'summary' is missing (add a line such as "
        "'summary: One or two sentences for the archive and the e-mail.')",
        "checked 1 file and 1 reference: 1 error, 0 warnings",
    ]

    fill_in_summary(project / path)
    assert main(["check", path]) == 0
    assert capsys.readouterr().err.splitlines() == [
        "checked 1 file and 1 reference: 0 errors, 0 warnings"
    ]
    assert 'title: "PE: treat or not?"' in (project / path).read_text()


def test_today_itself_is_never_chosen_even_when_it_is_a_free_wednesday(
    project, capsys, monkeypatch
):
    wednesday = dt.datetime(2026, 12, 16, 8, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(wednesday.timestamp())))
    assert new(project, "Late") == 0
    assert capsys.readouterr().out == "content/pearls/2026/2026-12-23-late.md\n"


def test_a_broken_file_still_books_the_date_in_its_name(project, capsys):
    (project / "content" / "pearls" / "2026" / "2026-12-09-half-written.md").write_text("oops")
    assert new(project, "Next") == 0
    assert capsys.readouterr().out == "content/pearls/2026/2026-12-16-next.md\n"


@pytest.mark.parametrize(
    ("date", "taken_by", "next_free"),
    [
        ("2026-11-25", "2026-11-25-booked.md", "2026-12-09"),
        ("2026-12-02", "2026-12-02-drafted.md", "2026-12-09"),
    ],
    ids=["by a pearl", "by a draft"],
)
def test_new_on_a_taken_week_is_refused_and_changes_nothing(
    project, capsys, date, taken_by, next_free
):
    before = files_of(project)
    assert new(project, "Another Pearl", "--date", date) == 2
    assert files_of(project) == before
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"pearls new: error: {date} is taken by content/pearls/2026/{taken_by} "
        f"(the next free Wednesday is {next_free})\n"
    )


@pytest.mark.parametrize(
    ("date", "weekday", "nearest"),
    [("2026-12-10", "Thursday", "2026-12-09"), ("2026-12-14", "Monday", "2026-12-16")],
)
def test_new_on_a_day_that_is_not_a_wednesday_suggests_the_nearest(
    project, capsys, date, weekday, nearest
):
    before = files_of(project)
    assert new(project, "Another Pearl", "--date", date) == 2
    assert files_of(project) == before
    assert capsys.readouterr().err == (
        f"pearls new: error: {date} is a {weekday}, not a Wednesday "
        f"(the nearest free Wednesday is {nearest})\n"
    )


# Today is Tuesday 2026-11-24; 2026-11-25 is booked and 2026-12-02 held by a draft.
@pytest.mark.parametrize(
    ("date", "message"),
    [
        (
            "2026-11-18",
            "2026-11-18 is in the past (the next free Wednesday is 2026-12-09); "
            "to add a pearl to the archive after the fact, give --backdate",
        ),
        (
            "2026-12-03",
            "2026-12-03 is a Thursday, not a Wednesday (the nearest free Wednesday is 2026-12-09)",
        ),
        (
            "2026-11-20",
            "2026-11-20 is a Friday, not a Wednesday (the nearest free Wednesday is 2026-12-09)",
        ),
    ],
    ids=["past wednesday", "next to a draft", "between past and booked"],
)
def test_a_suggested_date_is_never_past_nor_held_by_a_pearl_or_draft(
    project, capsys, date, message
):
    before = files_of(project)
    assert new(project, "Another Pearl", "--date", date) == 2
    assert files_of(project) == before
    assert capsys.readouterr().err == f"pearls new: error: {message}\n"


def test_backdate_allows_a_free_past_wednesday(project, capsys):
    assert new(project, "Archive Pearl", "--date", "2026-11-18", "--backdate") == 0
    assert capsys.readouterr().out == "content/pearls/2026/2026-11-18-archive-pearl.md\n"


def test_backdate_still_suggests_only_free_wednesdays(project, capsys):
    assert new(project, "Archive Pearl", "--date", "2026-11-26", "--backdate") == 2
    assert capsys.readouterr().err == (
        "pearls new: error: 2026-11-26 is a Thursday, not a Wednesday "
        "(the nearest free Wednesday is 2026-11-18)\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--date", "2026-02-30"], "'2026-02-30' is not a date (YYYY-MM-DD)"),
        (["--topic", "neuro"], "unknown topic 'neuro' (did you mean 'neurology'?)"),
        (["--topic", "zoonoses"], "unknown topic 'zoonoses' (add it to content/topics.yml)"),
        (
            ["--slug", "index"],
            "slug 'index' would publish this pearl as the page of /pearls/ itself; choose "
            "another with --slug",
        ),
        (
            ["--slug", "Bad Slug"],
            "slug 'Bad Slug' may only use a-z, 0-9 and single hyphens (e.g. 'bad-slug')",
        ),
        (
            ["--slug", "booked"],
            "slug 'booked' is already used by "
            "content/pearls/2026/2026-11-25-booked.md; choose another with --slug",
        ),
    ],
    ids=["impossible date", "misspelt topic", "unknown topic", "index", "bad slug", "slug in use"],
)
def test_new_refuses_bad_arguments_with_a_clear_message(project, capsys, argv, message):
    before = files_of(project)
    assert new(project, "Another Pearl", *argv) == 2
    assert files_of(project) == before
    assert capsys.readouterr().err == f"pearls new: error: {message}\n"


@pytest.mark.parametrize(
    ("topics", "problem"),
    [
        ("neurology: 5\n", "1:1: error[TOP002]: topic 'neurology' needs a 'name' (and a "
         "'description')"),
        ("neurology: [\n", "2:1: error[YAML001]: YAML syntax error: did not find expected node "
         "content"),
    ],
)
def test_a_topic_of_a_broken_vocabulary_names_its_error(project, capsys, topics, problem):
    # Was "unknown topic 'neurology' (add it to content/topics.yml)": it is there already.
    (project / "content" / "topics.yml").write_text(topics)
    before = files_of(project)
    assert new(project, "Another Pearl", "--topic", "neurology") == 2
    assert files_of(project) == before
    assert capsys.readouterr().err == (
        "pearls new: error: topic 'neurology' cannot be used while content/topics.yml has an "
        f"error: content/topics.yml:{problem}\n"
    )


def test_new_never_overwrites_an_existing_file(project, capsys):
    existing = project / "content" / "pearls" / "2026" / "2026-12-09-clash.md"
    existing.write_text("keep me")
    before = files_of(project)
    assert new(project, "Clash", "--date", "2026-12-09") == 2
    assert files_of(project) == before
    assert "content/pearls/2026/2026-12-09-clash.md" in capsys.readouterr().err


def test_a_title_too_long_for_a_file_name_asks_for_a_slug_and_makes_nothing(project, capsys):
    """Once `File name too long`, after making an empty content/pearls/2027/."""
    title = " ".join(["Paediatric sepsis recognition"] * 10)  # 299 characters
    before = files_of(project)
    assert new(project, title, "--date", "2027-01-06") == 2
    assert capsys.readouterr().err == (
        "pearls new: error: the slug made from the title is 299 characters, too long for a "
        "file name (at most 186); give a shorter one with --slug "
        "(e.g. 'paediatric-sepsis-recognition-paediatric-sepsis-recognition')\n"
    )
    assert files_of(project) == before
    assert not (project / "content" / "pearls" / "2027").exists()
    assert new(project, title, "--date", "2027-01-06", "--slug", "paediatric-sepsis") == 0
    assert capsys.readouterr().out == "content/pearls/2027/2027-01-06-paediatric-sepsis.md\n"


def test_a_slug_of_186_characters_is_the_longest_new_makes(project, capsys):
    assert new(project, "Long", "--date", "2027-01-06", "--slug", "a" * 187) == 2
    assert capsys.readouterr().err == (
        "pearls new: error: the slug is 187 characters, too long for a file name (at most 186); "
        f"give a shorter one with --slug (e.g. '{'a' * 60}')\n"
    )
    assert not (project / "content" / "pearls" / "2027").exists()
    assert new(project, "Long", "--date", "2027-01-06", "--slug", "a" * 186) == 0
    [made] = (project / "content" / "pearls" / "2027").iterdir()
    assert len(made.name) == 200


@pytest.mark.parametrize(
    ("date", "folder"),
    [("2026-12-09", "2026"), ("2027-01-06", "2027")],
    ids=["in a folder", "in a folder made for it"],
)
def test_a_full_disk_leaves_no_file_nor_the_folder_made_for_it(
    project, capsys, monkeypatch, full_disk, date, folder
):
    """Once an empty pearl was left, which then held its slug and date (FM001)."""
    before = files_of(project)
    folders = sorted(p for p in project.rglob("*") if p.is_dir())
    assert new(project, "Full Disk", "--date", date) == 2
    assert capsys.readouterr().err == (
        f"pearls new: error: content/pearls/{folder}/{date}-full-disk.md: "
        "No space left on device; the pearl was not created\n"
    )
    assert files_of(project) == before
    assert sorted(p for p in project.rglob("*") if p.is_dir()) == folders
    monkeypatch.undo()  # room again: the same pearl is made
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(TODAY.timestamp())))
    assert new(project, "Full Disk", "--date", date) == 0
    assert (project / "content" / "pearls" / folder / f"{date}-full-disk.md").read_text()


def test_a_failed_link_leaves_no_temporary_file(project, capsys, monkeypatch):
    def no_links(source, target):
        raise OSError(errno.EPERM, os.strerror(errno.EPERM), str(source), None, str(target))

    monkeypatch.setattr(generator.files.os, "link", no_links)
    before = files_of(project)
    assert new(project, "Linked", "--date", "2027-01-06") == 2
    assert capsys.readouterr().err == (
        "pearls new: error: content/pearls/2027/2027-01-06-linked.md: "
        "Operation not permitted; the pearl was not created\n"
    )
    assert files_of(project) == before
    assert not (project / "content" / "pearls" / "2027").exists()


def test_the_schema_line_is_relative_when_the_schema_is_inside_the_project():
    """In a checkout (or a project with its .venv inside) the line holds for every clone."""
    from generator.commands.new import _schema_reference

    pearl = REPO / "content" / "pearls" / "2026" / "2026-12-09-x.md"
    assert _schema_reference(pearl, REPO) == "../../../templates/schemas/pearl.schema.json"


def test_the_schema_comment_stays_out_of_the_published_page(example_project, capsys, monkeypatch):
    """The modeline is a YAML comment: the check and the site read the front matter past it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(TODAY.timestamp())))
    assert new(example_project, "Button Battery", "--date", "2026-12-16") == 0
    path = example_project / capsys.readouterr().out.strip()
    fill_in_summary(path)
    path.write_text(path.read_text().replace("draft: true", ""))
    argv = ["--project", str(example_project), "build", "--as-of", "2026-12-16"]
    assert main(argv) == 0, capsys.readouterr().err
    site = example_project / "site"
    page = (site / "pearls" / "button-battery" / "index.html").read_text()
    assert "<h1" in page and "Button Battery" in page
    assert "yaml-language-server" not in page
