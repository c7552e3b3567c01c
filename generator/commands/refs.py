"""`pearls refs [KEY…]`: print formatted references, to preview them before Wednesday.

With keys, only ``references.bib`` is read; without, the whole project is loaded and every cited
reference is printed, numbered in order of first citation across the archive.
Unknown keys are reported as ``path:line:col: error[REF001]: …`` (at the closest entry, with a
did-you-mean) and make the command exit 1, as do errors in the .bib file itself.

Two actions take the place of the first key (so no key can be called ``add`` or
``check-online``): ``pearls refs add FILE… [--pmid N] [--doi D]`` adds references from exports or
PubMed/Crossref to references.bib, and ``pearls refs check-online [KEY…]`` compares cited entries
with PubMed and Crossref (see :mod:`generator.bibliography.intake`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from generator import link_fields as links
from generator.bibliography import (
    Bibliography,
    citation_style,
    format_reference,
    load_bibliography,
    style_names,
)
from generator.bibliography.intake import READERS, Record, add_records, online, read_records
from generator.bibliography.loader import parse_bibliography
from generator.commands.common import (
    EXIT_CONTENT_ERRORS,
    EXIT_OK,
    UsageError,
    print_report,
    project_root,
    use_colour,
)
from generator.config import load_settings
from generator.diagnostics import (
    Diagnostic,
    Position,
    Report,
    Severity,
    closest,
    did_you_mean,
    display_path,
    error,
    plural,
)
from generator.numbering import Numbering, references_in_order, render_reference_list
from generator.project import load_project, partially_rendered


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``refs`` subcommand."""
    parser = subparsers.add_parser(
        "refs",
        help="print formatted references; add references; check them online",
        usage="%(prog)s [KEY…] | add [FILE…] [--pmid N] [--doi D] | check-online [KEY…]",
        description="Print references as they will appear in pearls: the keys given, or every "
        "cited reference numbered in order of first citation. Exit 1 on unknown keys or "
        "errors in the bibliography. 'add FILE…' appends references from PubMed/MEDLINE "
        "(.nbib, .txt), RIS (.ris), CSL-JSON (.json) or BibTeX (.bib) exports, '--pmid N' and "
        "'--doi D' fetch them from PubMed and Crossref; each is printed for review. "
        "'check-online' compares cited entries with PubMed and Crossref (network).",
    )
    parser.add_argument(
        "keys", nargs="*", metavar="KEY", help="citation keys to print (or add/check-online …)"
    )
    parser.add_argument(
        "--pmid", action="append", default=[], metavar="N", help="with add: fetch from PubMed"
    )
    parser.add_argument(
        "--doi", action="append", default=[], metavar="D", help="with add: fetch from Crossref"
    )
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
    action = ACTIONS.get(args.keys[0]) if args.keys else None
    if action is not None:
        return action(args, args.keys[1:])
    if args.pmid or args.doi:
        raise UsageError("--pmid and --doi go with 'pearls refs add'")
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


def run_add(args: argparse.Namespace, files: list[str]) -> int:
    """`pearls refs add`: append new references to references.bib and print them for review."""
    if not (files or args.pmid or args.doi):
        raise UsageError("'pearls refs add' needs export files, --pmid N or --doi D")
    for name in files:
        if Path(name).suffix.lower() not in READERS:
            raise UsageError(
                f"cannot tell the format of {name}: PubMed exports end in .nbib or .txt, "
                "RIS in .ris, CSL-JSON in .json, BibTeX in .bib"
            )
    identifiers = [_identifier(links.pmid, v) for v in args.pmid]
    dois = [_identifier(links.doi, v) for v in args.doi]
    root = project_root(args)
    settings, _ = load_settings(root)
    path = settings.bibliography_path
    bibliography, problems = load_bibliography(path) if path.exists() else (Bibliography(path), [])
    report = Report([problem for problem in problems if problem.severity is Severity.ERROR])
    records = []
    for name in files:
        export = Path(name)
        found, diagnostics = read_records(export, export.read_text(encoding="utf-8-sig"))
        records += found
        report.extend(diagnostics)
    if report.errors:
        print_report(report, root, summary_prefix="nothing added: ")
        return EXIT_CONTENT_ERRORS
    try:
        for pmid in identifiers:
            fetched = online.fetch_pubmed(pmid)
            records.append(_fetched(fetched, f"PubMed has no record with PMID {pmid}"))
        for doi in dois:
            fetched = online.fetch_crossref(doi)
            records.append(_fetched(fetched, f"Crossref has no record of doi:{doi}"))
    except online.OfflineError as offline:
        hint = "or export the reference to a file and run 'pearls refs add FILE'"
        raise online.OfflineError(f"{offline}, {hint}") from None
    intake = add_records(path, bibliography, records)
    report.extend(intake.diagnostics)
    if intake.added:
        added, _ = parse_bibliography(path, "\n".join(text for _, text in intake.added).encode())
        style = args.style or settings.citation_style
        for reference in added:
            formatted = format_reference(reference, style)
            print(f"[{reference.key}] {getattr(formatted, args.format)}")
        report.extend(_partial(path, added, style))
    print_report(
        report,
        root,
        summary_prefix=f"{plural(len(intake.added), 'reference')} added to "
        f"{display_path(path, root)}; ",
    )
    return EXIT_OK


def _partial(path: Path, added: Bibliography, style: str) -> list[Diagnostic]:
    """A BIB101 warning at each entry just added to ``path`` that renders partially in
    ``style``, naming what the source did not give (nothing is made up in its place)."""
    text = path.read_text(encoding="utf-8-sig")
    diagnostics = []
    for reference in added:
        missing = citation_style(style).missing_fields(reference)
        if missing:
            line = text.count("\n", 0, text.rfind("{" + reference.key + ",")) + 1
            diagnostics.append(partially_rendered(path, Position(line, 1), reference.key, missing))
    return diagnostics


def _identifier(normalise: Callable[[str], str], value: str) -> str:
    """A --pmid or --doi value in canonical form; a usage error when malformed."""
    try:
        return normalise(value)
    except links.InvalidLink as problem:
        raise UsageError(f"{problem.message} ({problem.hint})") from None


def _fetched(record: Record | None, missing: str) -> Record:
    """The fetched record; a usage error saying ``missing`` when there was none."""
    if record is None:
        raise UsageError(missing)
    return record


def run_check_online(args: argparse.Namespace, keys: list[str]) -> int:
    """`pearls refs check-online`: warn where cited entries differ from PubMed or Crossref."""
    root = project_root(args)
    if keys:
        settings, _ = load_settings(root)
        bibliography, _ = load_bibliography(settings.bibliography_path)
    else:
        project = load_project(root)
        bibliography = project.bibliography
        keys = [k for pearl in project.pearls for k in pearl.cited_keys()]
    keys = list(dict.fromkeys(keys))
    report = Report(unknown_keys(keys, bibliography))
    report.extend(online.check_online(bibliography, keys))
    print_report(report, root, summary_prefix=f"{plural(len(keys), 'reference')} checked: ")
    return EXIT_CONTENT_ERRORS if report.errors else EXIT_OK


ACTIONS: dict[str, Callable[[argparse.Namespace, list[str]], int]] = {
    "add": run_add,
    "check-online": run_check_online,
}
