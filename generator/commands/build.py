"""`pearls build [--as-of DATE] [--strict] [-d SITE_DIR]`: check, then build the site atomically."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from mkdocs.exceptions import MkDocsException

from generator.clock import today
from generator.commands.common import (
    EXIT_OK,
    UsageError,
    iso_date,
    open_project,
    print_report,
    project_settings,
    refuse_on_errors,
)
from generator.diagnostics import plural
from generator.errors import ContentError, describe_os_error
from generator.outputs import output_folder
from generator.site.hooks import Request
from generator.site.mkdocs_checks import build_checks
from generator.site.publish import COMMAND, build_site


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``build`` subcommand."""
    parser = subparsers.add_parser(
        "build",
        help="check the content and build the site into site/",
        description="Check every pearl and reference, then build the static site with MkDocs. "
        "Only pearls published on the build date appear (drafts never). The new site replaces "
        "the old one only when the whole build succeeded. Exit 1 on content errors or a failed "
        "build.",
    )
    parser.add_argument(
        "--as-of",
        type=iso_date,
        metavar="DATE",
        help="build the site as readers will see it on DATE (YYYY-MM-DD); default: today, or "
        "the day of SOURCE_DATE_EPOCH",
    )
    parser.add_argument("--strict", action="store_true", help="warnings fail the build too")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="read and resolve every pearl afresh instead of reusing unchanged ones from "
        ".cache/pearls/",
    )
    parser.add_argument(
        "-d",
        "--site-dir",
        type=Path,
        metavar="SITE_DIR",
        help="where to put the site (default: site/ in the project)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    as_of = args.as_of or today()
    settings = project_settings(args)
    site_dir = args.site_dir or settings.root / "site"
    output_folder(settings, site_dir, COMMAND)  # refused before the content is read
    progress = Progress()
    progress.step("checking content")
    project = open_project(args)
    project.report.extend(build_checks(project, as_of))
    refused = refuse_on_errors(project, args.strict)
    if refused is not None:
        return refused
    if project.report.diagnostics:
        print_report(project.report, project.root)
    published = len(project.published(as_of))
    request = Request(project, as_of=as_of, use_cache=not args.no_cache)
    del project  # the request's until the pages are generated, then let go of (a big archive's)
    progress.step(f"building the site as of {as_of.isoformat()}")
    try:
        build_site(request, site_dir)
    except MkDocsException as exc:
        progress.done()
        raise ContentError(f"the site was not built ({exc}); {site_dir} is unchanged") from None
    except OSError as exc:
        progress.done()
        raise UsageError(
            f"the site was not built ({describe_os_error(exc)}); {site_dir} is unchanged"
        ) from None
    progress.done()
    print(
        f"built {plural(published, 'pearl')} into {site_dir} in {time.monotonic() - started:.1f} s",
        file=sys.stderr,
    )
    return EXIT_OK


class Progress:
    """One line of progress on stderr, only when it is a terminal."""

    def __init__(self) -> None:
        self.shown = sys.stderr.isatty()

    def step(self, message: str) -> None:
        if self.shown:
            print(f"\r\033[K{message}…", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
