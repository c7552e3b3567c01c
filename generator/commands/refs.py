"""`pearls refs [KEY…]`: print formatted references, to preview them before Wednesday.

With keys, only ``references.bib`` is read; without, the whole project is loaded and every cited
reference is printed, numbered in order of first citation across the archive.
Unknown keys are reported as ``path:line:col: error[REF001]: …`` (at the closest entry, with a
did-you-mean) and make the command exit 1, as do errors in the .bib file itself.
"""

from __future__ import annotations

import argparse
import sys

from generator.bibliography import Bibliography, load_bibliography, style_names
from generator.commands.common import EXIT_CONTENT_ERRORS, EXIT_OK, project_root, use_colour
from generator.config import load_settings
from generator.diagnostics import Diagnostic, Position, Report, closest, did_you_mean, error
from generator.numbering import Numbering, references_in_order, render_reference_list
from generator.project import load_project


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``refs`` subcommand."""
    parser = subparsers.add_parser(
        "refs",
        help="print formatted references (all cited ones, or the keys given)",
        description="Print references as they will appear in pearls: the keys given, or every "
        "cited reference numbered in order of first citation. Exit 1 on unknown keys or "
        "errors in the bibliography.",
    )
    parser.add_argument("keys", nargs="*", metavar="KEY", help="citation keys to print")
    parser.add_argument(
        "--style", choices=style_names(), help="citation style (default: the site's citation_style)"
    )
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "html"),
        default="text",
        help="output format (default: text)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the references; return 1 if a key is unknown or the .bib has errors."""
    root = project_root(args)
    if args.keys:
        settings, _ = load_settings(root)
        bibliography, diagnostics = load_bibliography(settings.bibliography_path)
        bibliography.use_title_case(settings.title_case)
        keys = list(dict.fromkeys(args.keys))
        style = args.style or settings.citation_style
    else:
        project = load_project(root)
        settings, bibliography = project.settings, project.bibliography
        diagnostics = [d for d in project.report.diagnostics if d.path == bibliography.path]
        keys = list(dict.fromkeys(k for pearl in project.pearls for k in pearl.cited_keys()))
        style = args.style or settings.citation_style
    report = Report(diagnostics + unknown_keys(keys, bibliography))
    known = [key for key in keys if key in bibliography]
    if known:
        references = references_in_order(Numbering(known), bibliography, style)
        print(render_reference_list(references, args.format, root).rstrip("\n"))
    if report.diagnostics:
        print(report.format_text(root, colour=use_colour()), file=sys.stderr)
    return EXIT_CONTENT_ERRORS if report.errors else EXIT_OK


def unknown_keys(keys: list[str], bibliography: Bibliography) -> list[Diagnostic]:
    """An error per key not in the bibliography, pointing at the closest entry if any."""
    diagnostics = []
    for key in keys:
        if key in bibliography:
            continue
        close = closest(key, bibliography.keys())
        where = bibliography.position(close[0]) if close else Position(1, 1)
        hint = did_you_mean(close)
        diagnostics.append(
            error(bibliography.path, where, "REF001", f"unknown reference key '{key}'", hint)
        )
    return diagnostics
