"""What every command shares: finding the project, printing diagnostics, exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TextIO

from generator.config import Settings, find_project, load_settings
from generator.content.fields import ISO_DATE
from generator.diagnostics import Report
from generator.errors import EXIT_CONTENT_ERRORS
from generator.errors import EXIT_OK as EXIT_OK  # the commands take it from here
from generator.errors import UsageError as UsageError  # the commands raise it from here
from generator.project import Project, load_project


def parse_iso_date(text: str) -> dt.date:
    """A calendar date written exactly YYYY-MM-DD, as in front matter; ValueError otherwise."""
    if not ISO_DATE.match(text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)


def iso_date(text: str) -> dt.date:
    """An argparse type: a calendar date written YYYY-MM-DD."""
    try:
        return parse_iso_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def project_root(args: argparse.Namespace) -> Path:
    """The project folder: ``--project DIR`` or the one holding mkdocs.yml from here up."""
    return find_project(args.project or Path.cwd())


def project_settings(args: argparse.Namespace) -> Settings:
    """The project's settings alone, to check a command's arguments before the content."""
    return load_settings(project_root(args))[0]


def open_project(args: argparse.Namespace) -> Project:
    """Load and check the whole project the command works on, reusing unchanged files from
    the cache unless the command was given ``--no-cache``."""
    return load_project(project_root(args), use_cache=not getattr(args, "no_cache", False))


def use_colour(stream: TextIO | None = None) -> bool:
    """Colour only on a terminal (``stream``, by default stderr as it is now), and never when
    NO_COLOR is set."""
    return (stream or sys.stderr).isatty() and "NO_COLOR" not in os.environ


def print_report(
    report: Report,
    root: Path,
    fmt: str = "text",
    summary_prefix: str = "",
    verbose: bool = False,
) -> None:
    """Print diagnostics (to stdout for JSON, stderr for text) and the one-line summary; past
    ten warnings of one code, the rest are counted in one line unless ``verbose``."""
    if fmt == "json":
        print(report.format_json(root, verbose))
        return
    text = report.format_text(root, colour=use_colour(), verbose=verbose)
    if text:
        print(text, file=sys.stderr)
    print(f"{summary_prefix}{report.summary()}", file=sys.stderr)


def refuse_on_errors(project: Project, strict: bool = False) -> int | None:
    """Print the report and return exit status 1 if the content must not be published."""
    if project.report.failed(strict):
        print_report(project.report, project.root)
        return EXIT_CONTENT_ERRORS
    return None
