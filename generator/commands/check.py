"""`pearls check [PATH…]`: report every content problem with its file, line and column."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from generator.clock import today
from generator.commands.common import (
    EXIT_CONTENT_ERRORS,
    EXIT_OK,
    UsageError,
    open_project,
    print_report,
)
from generator.config import CONFIG_FILE
from generator.diagnostics import display_path, plural
from generator.newsletter import load_monthly_features
from generator.project import Project
from generator.site.mkdocs_checks import build_checks
from generator.sources import never_published


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
        help="report only on these files, or on the files under these folders (still checked "
        "against the whole archive and bibliography); a file must be a pearl, a page, the "
        "bibliography, topics.yml, newsletter.yml or mkdocs.yml of the project",
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
    report.extend(build_checks(project, as_of))
    if project.settings.newsletter_path.exists():
        report.extend(load_monthly_features(project.settings.newsletter_path)[1])
    files: list[Path] = []
    if args.paths:
        missing = [str(p) for p in args.paths if not p.exists()]
        if missing:
            raise UsageError(f"no such file: {', '.join(missing)}")
        files, under_folders = _selected(project, args.paths)
        report = report.restricted_to(
            [*files, *(d.path for d in report.diagnostics if _inside(d.path, under_folders))]
        )
    counted = plural(len(files), "file") if args.paths else plural(len(project.sources), "pearl")
    prefix = f"checked {counted} and {plural(len(project.bibliography.keys()), 'reference')}: "
    print_report(report, project.root, args.format, prefix, args.verbose)
    return EXIT_CONTENT_ERRORS if report.failed(args.strict) else EXIT_OK


def _checked_files(project: Project) -> list[Path]:
    """Every file the check reads: pearls, pages, the bibliography, topics, newsletter and
    mkdocs.yml."""
    settings = project.settings
    named = (settings.bibliography_path, settings.topics_path, settings.newsletter_path)
    return [
        *project.sources,
        *project.tree.files(settings.pages_path, ".md"),
        *(path for path in named if path in project.tree.readable),
        project.root / CONFIG_FILE,
    ]


def _forms(path: Path) -> list[Path]:
    """``path`` made absolute as written, then with its links followed (if that differs)."""
    return list(dict.fromkeys((Path(os.path.abspath(path)), path.resolve())))


def _inside(path: Path, folders: list[Path]) -> bool:
    """Whether ``path`` (in either of its forms) is one of ``folders`` or lies inside one."""
    return any(form.is_relative_to(folder) for form in _forms(path) for folder in folders)


def _selected(project: Project, paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The files that ``paths`` name (a folder: those under it) and the folders given (each as
    written and with its links followed); a path the check does not read is a usage error."""
    checked = _checked_files(project)
    files: list[Path] = []
    folders: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = [file for file in checked if _inside(file, _forms(path))]
            if not inside:
                raise UsageError(f"{path} holds no pearl, page or other file `pearls check` reads")
            files += inside
            folders += _forms(path)
            continue
        refused = _refusal(project, path, checked)
        if refused:
            raise UsageError(refused)
        files.append(path)
    return list(dict.fromkeys(files)), folders


def _refusal(project: Project, path: Path, checked: list[Path]) -> str | None:
    """Why ``path`` (an existing file) is no file the check reads; None if it is one."""
    settings = project.settings
    forms = _forms(path)
    if not any(form.is_relative_to(project.root) for form in forms):
        pearls = display_path(settings.pearls_path, project.root)
        return (
            f"{path} is not in the project ({project.root}), so it is not checked "
            f"(to check it as a pearl, move it into {pearls}/)"
        )
    for form in forms:
        if (
            form in checked
            or form == settings.pearls_path
            or any(
                form.is_relative_to(folder) and form.name.endswith(".md")
                for folder in (settings.pearls_path, settings.pages_path)
            )
        ):
            return None
    for form in forms:
        unread = never_published(form, settings)
        if unread is not None:
            return f"{path} {unread[0]}, and it is not checked ({unread[1]})"
    return (
        f"{path} is not a file `pearls check` reads (give a pearl, a page, "
        f"{_named(project)}, or a folder holding them)"
    )


def _named(project: Project) -> str:
    settings = project.settings
    names = (settings.bibliography_path, settings.topics_path, settings.newsletter_path)
    return ", ".join(display_path(path, project.root) for path in names) + f" or {CONFIG_FILE}"
