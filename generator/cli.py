"""The `pearls` command: one entry point, one thin module per verb in generator/commands/."""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import jinja2
from mkdocs.exceptions import MkDocsException

from generator.clock import source_date_epoch
from generator.errors import EXIT_CONTENT_ERRORS, EXIT_USAGE, PearlsError, describe_os_error
from generator.memory import return_large_blocks
from generator.templates import describe_error

PROJECT_HELP = "the project folder (holding mkdocs.yml); default: here or the nearest above"

#: The verbs, in the order `pearls --help` lists them.
COMMANDS = (
    "init", "check", "new", "schedule", "build", "serve", "refs", "algorithm", "email", "schema"
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every verb registered."""
    parser = argparse.ArgumentParser(
        prog="pearls",
        description="Write, check and publish weekly clinical pearls.",
        epilog="Exit status: 0 ok, 1 content errors, 2 usage errors.",
    )
    parser.add_argument(
        "--project",
        type=Path,
        metavar="DIR",
        help="the project folder (holding mkdocs.yml); default: here or above",
    )
    parser.add_argument(
        "--version", action="version", version=f"pearls {_version()}",
        help="show the installed clinical-pearls version and exit",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"generator.commands.{name}")
        module.register(subparsers)
        command = subparsers.choices[name]
        command.add_argument(
            "--project", type=Path, metavar="DIR", help=PROJECT_HELP, default=argparse.SUPPRESS
        )
        command.set_defaults(run=module.run)
    return parser


def _version() -> str:
    """The installed distribution's version (what a team pins in its workflow and pre-commit
    configuration), or ``unknown`` when the sources run without being installed."""
    try:
        return metadata.version("clinical-pearls")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `pearls` command and return its exit status."""
    try:
        args = build_parser().parse_args(argv)  # imports every command's module
    except KeyboardInterrupt:
        return 130
    return_large_blocks()
    # Over the file-size limit a write fails with EFBIG (reported below) instead of the
    # process being killed by SIGXFSZ.
    if hasattr(signal, "SIGXFSZ"):  # not on Windows
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        source_date_epoch()  # refused before any command, even one that never asks for today
        return args.run(args)
    except PearlsError as exc:
        return _fail(args.command, str(exc), exc.exit_status)
    except OSError as exc:
        return _fail(args.command, describe_os_error(exc), EXIT_USAGE)
    except jinja2.TemplateError as exc:
        return _fail(args.command, describe_error(exc), EXIT_CONTENT_ERRORS)
    except MkDocsException as exc:  # its own message is logged above (Abort is a SystemExit)
        return _fail(args.command, f"MkDocs stopped ({exc})", EXIT_CONTENT_ERRORS)
    except UnicodeDecodeError as exc:
        message = f"a file is not UTF-8 text ({exc}); save it as UTF-8"
        return _fail(args.command, message, EXIT_USAGE)
    except RecursionError:
        # Markdown reads nesting by recursion; the check (MD001) finds it first, this is the
        # backstop for any construct it misses.
        message = (
            "content nested too deeply for Markdown to read "
            "(flatten it; 'pearls check' shows where, as MD001 errors)"
        )
        return _fail(args.command, message, EXIT_CONTENT_ERRORS)
    except KeyboardInterrupt:
        return 130


def _fail(command: str, message: str, status: int) -> int:
    print(f"pearls {command}: error: {message}", file=sys.stderr)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
