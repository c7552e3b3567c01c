"""`pearls email [DATE] [-o DIR] [--as-of DATE]`: export a Wednesday's newsletter.

Exit status: 0 written; 1 when the content is not ready to send (content errors, or that
Wednesday has no pearl or only a draft: the command was right, the content must change);
2 on usage errors (DATE not a date or not a Wednesday, both DATE and --as-of).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from generator.clock import today
from generator.commands.common import (
    EXIT_OK,
    UsageError,
    iso_date,
    open_project,
    project_settings,
    refuse_on_errors,
)
from generator.content.fields import WEDNESDAY
from generator.errors import describe_os_error
from generator.newsletter import (
    export_edition,
    load_monthly_features,
    month_key,
    pearl_for,
    prepare_edition,
)
from generator.newsletter.export import COMMAND
from generator.newsletter.features import MonthlyFeatures
from generator.outputs import output_folder
from generator.project import embargo_checks
from generator.schedule import wednesday_on_or_after

#: Where the files go without ``-o``, inside the project folder (ignored by git).
DEFAULT_OUTPUT = Path("build") / "email"


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "email",
        help="export a Wednesday's newsletter as HTML, plain text and .eml",
        description="Write <date>.html (to paste into a mailing service), <date>.txt, <date>.eml "
        "(a complete MIME message) and <date>-flowchart.png for the pearl of one Wednesday. "
        "Exit 0 when written, 1 when the content is not ready (errors, or no pearl or only "
        "a draft that Wednesday), 2 on usage errors.",
    )
    parser.add_argument(
        "date",
        nargs="?",
        type=iso_date,
        metavar="DATE",
        help="the Wednesday, YYYY-MM-DD (default: the coming Wednesday, today if it is one)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="DIR",
        help=f"the folder to write into (default: {DEFAULT_OUTPUT}/ in the project)",
    )
    parser.add_argument(
        "--as-of",
        type=iso_date,
        metavar="DATE",
        help="take DATE as today when choosing the coming Wednesday "
        "(default: today, or the day of SOURCE_DATE_EPOCH)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    wednesday = _wednesday(args.date, args.as_of)
    settings = project_settings(args)
    out_dir = output_folder(settings, args.output or settings.root / DEFAULT_OUTPUT, COMMAND)
    project = open_project(args)
    newsletter = project.settings.newsletter_path
    if project.tree.may_read(newsletter):
        features, problems = load_monthly_features(newsletter)
        project.report.extend(problems)
    else:
        features = {}  # its error is in the report already
    project.report.extend(embargo_checks(project, wednesday))
    refused = refuse_on_errors(project)
    if refused is not None:
        return refused
    pearl = pearl_for(project.pearls, wednesday)
    edition = prepare_edition(project, pearl, features.get(month_key(wednesday), MonthlyFeatures()))
    try:
        export = export_edition(edition, out_dir)
    except OSError as exc:  # a full disk on write names no file: then the folder
        raise UsageError(describe_os_error(exc, out_dir)) from None
    for path in export.paths:
        print(path)
    print(f"{pearl.title} ({wednesday}): HTML {export.html_bytes / 1024:.1f} KB", file=sys.stderr)
    return EXIT_OK


def _wednesday(date: dt.date | None, as_of: dt.date | None) -> dt.date:
    """The Wednesday to send: DATE, else the coming one as of ``--as-of`` or today."""
    if date is not None and as_of is not None:
        raise UsageError("give a DATE or --as-of, not both")
    if date is not None:
        if date.weekday() != WEDNESDAY:
            raise UsageError(f"{date} is a {date:%A}; the newsletter goes out on Wednesdays")
        return date
    day = as_of or today()
    try:
        return wednesday_on_or_after(day)
    except OverflowError:
        raise UsageError(f"no Wednesday follows {day} in the calendar") from None
