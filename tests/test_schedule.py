"""`pearls schedule`: the Wednesdays around a day, with gaps, double bookings and reviews due."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import pytest

from generator.cli import main
from tests.sample_project import IGNACIO

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The real settings and topics, and no pearls yet."""
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "content" / "pearls").mkdir(parents=True)
    shutil.copy(REPO / "content" / "topics.yml", tmp_path / "content" / "topics.yml")
    (tmp_path / "references.bib").write_text(IGNACIO)
    return tmp_path


def write_pearl(project: Path, name: str, title: str, date: str, *extra: str) -> None:
    folder = project / "content" / "pearls" / date[:4]
    folder.mkdir(exist_ok=True)
    front = "\n".join([f"title: {title}", f"date: {date}", "authors: [A. Author]", *extra])
    (folder / name).write_text(f"---\n{front}\nsummary: A summary.\n---\n\nText [@ignacio2018].\n")


def schedule(project: Path, *argv: str) -> int:
    return main(["--project", str(project), "schedule", *argv])


def test_schedule_shows_gaps_drafts_and_a_double_booking(project, capsys):
    write_pearl(project, "2026-11-11-sah.md", "Ottawa SAH Rule", "2026-11-11")
    write_pearl(project, "2026-12-02-perc.md", "PERC", "2026-12-02")
    write_pearl(project, "2026-12-02-wells.md", "Wells Score", "2026-12-02", "draft: true")
    write_pearl(project, "2026-12-09-dimer.md", "Age-Adjusted D-Dimer", "2026-12-09", "draft: true")

    assert schedule(project, "--as-of", "2026-11-24", "--weeks", "3") == 0

    out, err = capsys.readouterr()
    assert out.splitlines()[:16] == [
        "Schedule as of 2026-11-24",
        "",
        "Recent Wednesdays",
        "  2026-11-04  GAP",
        "  2026-11-11  Ottawa SAH Rule",
        "  2026-11-18  GAP",
        "",
        "Upcoming Wednesdays",
        "  2026-11-25  GAP",
        "  2026-12-02  DOUBLE BOOKED",
        "              PERC [2026-12-02-perc.md]",
        "              Wells Score (draft) [2026-12-02-wells.md]",
        "  2026-12-09  Age-Adjusted D-Dimer (draft)",
        "",
        "Next free Wednesday: 2026-11-25",
        "",
    ]
    assert err == ""


def test_a_wednesday_as_of_counts_as_upcoming_and_the_next_free_one_is_after_it(project, capsys):
    write_pearl(project, "2026-11-25-perc.md", "PERC", "2026-11-25")
    assert schedule(project, "--as-of", "2026-11-25", "--weeks", "1") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[3:9] == [
        "  2026-11-18  GAP",
        "",
        "Upcoming Wednesdays",
        "  2026-11-25  PERC",
        "",
        "Next free Wednesday: 2026-12-02",
    ]


def test_reviews_overdue_or_due_within_90_days_are_listed_soonest_first(project, capsys):
    write_pearl(project, "2021-02-17-cement.md", "Cement Embolism", "2021-02-17")
    write_pearl(project, "2024-01-03-soon.md", "Due Soon", "2024-01-03", "review_due: 2027-02-01")
    write_pearl(project, "2024-01-10-later.md", "Due Later", "2024-01-10", "review_due: 2027-06-01")
    write_pearl(
        project,
        "2026-11-04-draft.md",
        "A Draft",
        "2026-11-04",
        "draft: true",
        "review_due: 2026-01-01",
    )

    assert schedule(project, "--as-of", "2026-11-24") == 0

    out = capsys.readouterr().out
    assert out.endswith(
        "Reviews overdue or due within 90 days\n"
        "  2024-02-17  OVERDUE by 1011 days  Cement Embolism\n"
        "  2027-02-01  due in 69 days  Due Soon\n"
    )


def test_no_reviews_due_is_said_plainly(project, capsys):
    write_pearl(project, "2026-11-18-perc.md", "PERC", "2026-11-18")
    assert schedule(project, "--as-of", "2026-11-24", "--review-days", "30") == 0
    assert capsys.readouterr().out.endswith("No reviews overdue or due within 30 days.\n")


def test_files_the_calendar_cannot_place_are_listed(project, capsys):
    write_pearl(project, "2026-11-26-thursday.md", "On a Thursday", "2026-11-26")
    (project / "content" / "pearls" / "2026" / "2026-12-02-broken.md").write_text("no front matter")
    assert schedule(project, "--as-of", "2026-11-24", "--weeks", "2") == 0
    out = capsys.readouterr().out
    # The broken file still holds its week (pearls new never books over it), so it is no gap.
    assert "  2026-12-02  UNREADABLE [2026-12-02-broken.md]\n" in out
    assert out.endswith(
        "Not on the calendar (unreadable, or not dated on a Wednesday: run `pearls check`)\n"
        "  2026-11-26-thursday.md\n"
        "  2026-12-02-broken.md\n"
    )


def test_today_comes_from_source_date_epoch(project, capsys, monkeypatch):
    day = dt.datetime(2021, 2, 17, 6, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(day.timestamp())))
    assert schedule(project, "--weeks", "1") == 0
    assert capsys.readouterr().out.startswith("Schedule as of 2021-02-17\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--as-of", "2026-13-01"], "--as-of '2026-13-01' is not a date (YYYY-MM-DD)"),
        (["--weeks", "0"], "--weeks must be 1 or more"),
    ],
)
def test_bad_arguments_are_usage_errors(project, capsys, argv, message):
    assert schedule(project, *argv) == 2
    assert capsys.readouterr().err == f"pearls schedule: error: {message}\n"


def test_no_colour_when_output_is_not_a_terminal(project, capsys):
    write_pearl(project, "2026-12-02-a.md", "A", "2026-12-02")
    write_pearl(project, "2026-12-02-b.md", "B", "2026-12-02")
    assert schedule(project, "--as-of", "2026-11-24") == 0
    assert "\033[" not in capsys.readouterr().out


def test_colour_on_a_terminal_marks_the_problems(project, capsys, monkeypatch):
    write_pearl(project, "2026-12-02-a.md", "A", "2026-12-02")
    write_pearl(project, "2026-12-02-b.md", "B", "2026-12-02")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert schedule(project, "--as-of", "2026-11-24", "--weeks", "2") == 0
    out = capsys.readouterr().out
    assert "  2026-11-25  \033[1;33mGAP\033[0m\n" in out
    assert "  2026-12-02  \033[1;31mDOUBLE BOOKED\033[0m\n" in out


def test_an_unreadable_source_date_epoch_is_a_usage_error(project, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert schedule(project) == 2
    assert capsys.readouterr().err == (
        "pearls schedule: error: SOURCE_DATE_EPOCH must be seconds since 1970-01-01, "
        "not 'yesterday'\n"
    )


def test_a_fresh_draft_from_pearls_new_holds_its_slot(project, capsys, monkeypatch):
    """The scaffold is incomplete (no summary) yet is shown on its week, and the next free
    Wednesday is the one after it."""
    tuesday = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(tuesday.timestamp())))
    assert main(["--project", str(project), "new", "Button Battery"]) == 0
    capsys.readouterr()
    assert schedule(project, "--weeks", "1") == 0
    out = capsys.readouterr().out
    assert "Upcoming Wednesdays\n  2026-11-25  Button Battery (draft)\n" in out
    assert "Next free Wednesday: 2026-12-02\n" in out
