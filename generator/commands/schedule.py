"""`pearls schedule [--weeks N] [--as-of DATE]`: the Wednesdays around today and reviews to plan."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from generator.clock import today
from generator.commands.common import (
    EXIT_OK,
    UsageError,
    open_project,
    parse_iso_date,
    use_colour,
)
from generator.schedule import REVIEW_WINDOW_DAYS, build_calendar
from generator.templates import environment


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "schedule",
        help="show recent and upcoming Wednesdays: pearls, gaps, double bookings, reviews due",
        description="Show the last N and next N Wednesdays with the pearl (or draft) on each, "
        "GAP for a week without one, DOUBLE BOOKED for a week with two and UNREADABLE for one "
        "held only by a file whose front matter cannot be read, then the pearls "
        "whose clinical review is overdue or due soon. Exits 0 (2 on usage errors).",
    )
    parser.add_argument(
        "--weeks", type=int, default=4, metavar="N", help="weeks back and ahead (default: 4)"
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help="show the calendar as on DATE (YYYY-MM-DD; default: today, or SOURCE_DATE_EPOCH)",
    )
    parser.add_argument(
        "--review-days",
        type=int,
        default=REVIEW_WINDOW_DAYS,
        metavar="DAYS",
        help=f"list reviews due within DAYS (default: {REVIEW_WINDOW_DAYS})",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    if args.weeks < 1:
        raise UsageError("--weeks must be 1 or more")
    if args.review_days < 0:
        raise UsageError("--review-days must be 0 or more")
    as_of = _as_of(args.as_of)
    project = open_project(args)
    try:
        calendar = build_calendar(
            project.pearls, as_of, args.weeks, args.review_days, project.sources
        )
    except OverflowError:
        raise UsageError("the calendar would run outside the years 1 to 9999") from None
    template = environment(project.root).get_template("schedule/calendar.txt.j2")
    sys.stdout.write(template.render(calendar=calendar, colour=use_colour(sys.stdout)))
    return EXIT_OK


def _as_of(text: str | None) -> dt.date:
    if text is None:
        return today()
    try:
        return parse_iso_date(text)
    except ValueError:
        raise UsageError(f"--as-of '{text}' is not a date (YYYY-MM-DD)") from None
