"""`pearls init DIR`: a new pearl repository, ready to check, build and publish.

Every file comes from a packaged template under ``templates/init/``: its path there, without
``.j2``, is its path in DIR, where a name starting ``dot-`` starts with ``.`` instead (packaging
leaves dotfiles out) and ``{year}``/``{date}`` are the example pearl's. Templates whose names
start with ``_`` are not files of the repository (``_next-steps.txt.j2`` is what `init` prints).

Nothing is overwritten: a folder holding anything is refused before a byte is written. The files
are written into a staging folder beside DIR, which then becomes DIR (or, when DIR is an existing
empty folder, whose entries are moved into it), so a failure leaves no half repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import secrets
import shutil
from pathlib import Path, PurePosixPath

import jinja2

from generator.clock import today
from generator.commands.common import EXIT_OK, UsageError
from generator.content.fields import WEDNESDAY
from generator.files import made_folders
from generator.templates import environment

#: The templates folder of the scaffold, inside the packaged templates.
SCAFFOLD = "init"
#: The tool's repository and release, for the pre-commit hook and the publish workflow: the
#: editor sets them to the ones the team uses (README.md and the files themselves say so).
TOOL_REPOSITORY = "https://github.com/<owner>/clinical-pearls"
TOOL_REVISION = "<tag>"


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "init",
        help="create a new pearl repository with one example pearl",
        description="Create DIR (or fill an existing empty DIR) with a new pearl repository: "
        "mkdocs.yml, content/ with one example pearl, its topics and newsletter extras, "
        "references.bib, a pre-commit hook, a publish workflow and a README for editors. "
        "Refuses (exit 2, nothing written) a DIR that holds anything.",
    )
    parser.add_argument("directory", type=Path, metavar="DIR", help="the folder to create")
    return parser


def run(args: argparse.Namespace) -> int:
    if args.project is not None:
        raise UsageError("init makes a new repository: give its folder as DIR, not --project")
    target: Path = args.directory
    _refuse_unless_empty(target)
    date = last_wednesday(today())
    files = scaffold(date)
    staging = target.resolve().with_name(f".{target.name}.pearls-init-{secrets.token_hex(4)}")
    try:
        with made_folders(staging.parent):  # folders made for it go again on a failure
            _write_staging(staging, files)
            try:
                _move_into_place(staging, target)
            finally:
                if staging.exists():
                    shutil.rmtree(staging)
    except OSError as exc:  # named in the repository, not in the staging folder beside it
        named = str(exc.filename or target).replace(str(staging), str(target), 1)
        raise UsageError(f"{named}: {exc.strerror or exc}; nothing was created") from None
    steps = _render(environment(None), "_next-steps.txt.j2", folder=str(target), files=files)
    print(steps, end="")
    return EXIT_OK


def last_wednesday(day: dt.date) -> dt.date:
    """The Wednesday on or before ``day``: the example pearl is published from the start."""
    return day - dt.timedelta(days=(day.weekday() - WEDNESDAY) % 7)


def scaffold(date: dt.date) -> dict[str, str]:
    """The new repository's files, by path relative to it (``/``-separated), in path order."""
    env = environment(None)
    names = env.list_templates(
        filter_func=lambda name: name.startswith(f"{SCAFFOLD}/")
        and name.endswith(".j2")
        and not PurePosixPath(name).name.startswith("_")
    )
    files = {}
    for name in names:
        relative = PurePosixPath(name).relative_to(SCAFFOLD).as_posix()
        files[_file_path(relative, date)] = _render(env, relative, date=date)
    return dict(sorted(files.items()))


def _file_path(template: str, date: dt.date) -> str:
    parts = PurePosixPath(template.removesuffix(".j2")).parts
    named = (f".{part.removeprefix('dot-')}" if part.startswith("dot-") else part for part in parts)
    return "/".join(named).format(year=date.year, date=date.isoformat())


def _render(env: jinja2.Environment, template: str, **context: object) -> str:
    """The scaffold's ``template`` (a name under ``templates/init/``), rendered."""
    return env.get_template(f"{SCAFFOLD}/{template}").render(
        tool_repository=TOOL_REPOSITORY, tool_revision=TOOL_REVISION, **context
    )


def _refuse_unless_empty(target: Path) -> None:
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise UsageError(f"{target} exists and is not a folder; give a new or empty folder")
    if target.is_dir() and any(target.iterdir()):
        raise UsageError(
            f"{target} is not empty; refusing to write a new repository into it "
            "(give a new or empty folder)"
        )


def _write_staging(staging: Path, files: dict[str, str]) -> None:
    """``staging``, a new folder, holding ``files``."""
    staging.mkdir()
    try:
        for name, text in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging)
        raise


def _move_into_place(staging: Path, target: Path) -> None:
    """``staging`` becomes ``target``; an existing (empty) ``target`` is kept, as the folder a
    shell may be in, and receives the entries instead, all of them or, on a failure, none."""
    if not target.exists():
        staging.rename(target)
        return
    moved: list[Path] = []
    try:
        for entry in sorted(staging.iterdir()):
            entry.rename(target / entry.name)
            moved.append(target / entry.name)
    except BaseException:
        for entry in moved:
            entry.rename(staging / entry.name)
        raise
