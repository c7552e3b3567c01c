"""`pearls algorithm SLUG`: write one pearl's flowchart, for editors to look at while writing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.algorithm import layout_algorithm, render_outline, render_png, render_svg
from generator.bibliography import citation_style
from generator.commands.common import (
    EXIT_CONTENT_ERRORS,
    EXIT_OK,
    UsageError,
    open_project,
    project_settings,
)
from generator.diagnostics import closest, did_you_mean
from generator.files import write_atomically
from generator.numbering import group_label, number_citations
from generator.outputs import check_output_file


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "algorithm",
        help="write one pearl's flowchart as SVG, PNG or a text outline",
        description="Draw the treatment algorithm of the pearl SLUG, numbered like its text. "
        "SVG and text go to stdout unless -o is given; PNG needs -o.",
    )
    parser.add_argument("slug", metavar="SLUG", help="the pearl's slug")
    parser.add_argument(
        "--format",
        choices=("svg", "png", "text"),
        default="svg",
        help="svg (default; light colours), png (2x, for email) or text outline",
    )
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")
    parser.add_argument(
        "--force", action="store_true", help="replace FILE if it exists (never a source file)"
    )
    return parser


def run(args: argparse.Namespace) -> int:
    if args.output is not None:
        check_output_file(project_settings(args), args.output, args.force)
    project = open_project(args)
    pearl = project.pearl(args.slug)
    if pearl is None:
        hint = did_you_mean(closest(args.slug, [p.slug for p in project.pearls]))
        raise UsageError(f"no pearl with slug '{args.slug}'" + (f" ({hint})" if hint else ""))
    # An algorithm that did not parse, or too costly to lay out (ALG009), is not drawn.
    problems = [d for d in project.report.errors if d.path == pearl.path and (
        pearl.algorithm is None or d.code == "ALG009")]
    for diagnostic in problems:
        print(diagnostic.format(project.root), file=sys.stderr)
    if problems:
        return EXIT_CONTENT_ERRORS
    if pearl.algorithm is None:
        raise UsageError(f"pearl '{args.slug}' has no algorithm block")
    if args.format == "png" and args.output is None:
        raise UsageError("--format png needs -o FILE")
    numbering = number_citations(pearl.all_citation_groups(), project.bibliography.aliases)
    style = project.settings.citation_style
    superscript = citation_style(style).in_text.superscript

    def cite(group):
        return group_label(group, numbering, style, project.bibliography)

    if args.format == "text":
        output: str | bytes = render_outline(
            pearl.algorithm, "text", cite, superscript, root=project.root
        )
    else:
        layout = layout_algorithm(pearl.algorithm, cite, superscript)
        svg = render_svg(
            layout, palette="light", svg_id=f"algorithm-{pearl.slug}", root=project.root
        )
        output = render_png(svg) if args.format == "png" else svg
    if args.output is None:
        sys.stdout.write(output if isinstance(output, str) else output.decode())
    else:
        data = output if isinstance(output, bytes) else output.encode("utf-8")
        write_atomically(args.output, data)
    return EXIT_OK
