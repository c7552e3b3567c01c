"""`pearls check [PATH…]`: report every content problem with its file, line and column."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.clock import today
from generator.commands.common import (
    EXIT_CONTENT_ERRORS,
    EXIT_OK,
    UsageError,
    open_project,
    print_report,
)
from generator.diagnostics import plural
from generator.newsletter import load_monthly_features
from generator.project import embargo_checks
from generator.site.mkdocs_checks import mkdocs_checks


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "check",
        help="check pearls, topics and references; report every problem",
        description="Load every pearl and references.bib and report every problem found as "
        "path:line:col: error[CODE]: message; links to pearls not yet published are judged as "
        "of today (or the day of SOURCE_DATE_EPOCH). Exit 0 if there are no errors, 1 if "
        "there are, 2 on usage errors.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="report only on these files (still checked against the whole "
        "archive and bibliography)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="json: machine-readable diagnostics on stdout",
    )
    parser.add_argument("--strict", action="store_true", help="warnings fail the check too")
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="list every warning (by default, past ten of one kind the rest are counted)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="read every file afresh instead of reusing unchanged ones from .cache/pearls/",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    as_of = today()
    project = open_project(args)
    report = project.report
    report.extend(embargo_checks(project, as_of))
    report.extend(mkdocs_checks(project, as_of))
    if project.settings.newsletter_path.exists():
        report.extend(load_monthly_features(project.settings.newsletter_path)[1])
    if args.paths:
        missing = [str(p) for p in args.paths if not p.is_file()]
        if missing:
            raise UsageError(f"no such file: {', '.join(missing)}")
        report = report.restricted_to(args.paths)
    counted = (
        plural(len(args.paths), "file") if args.paths else plural(len(project.sources), "pearl")
    )
    prefix = f"checked {counted} and {plural(len(project.bibliography.keys()), 'reference')}: "
    print_report(report, project.root, args.format, prefix, args.verbose)
    return EXIT_CONTENT_ERRORS if report.failed(args.strict) else EXIT_OK
