"""Where commands may write: never over the sources, and only ever into what `pearls` made.

A mistyped ``-d content`` or ``-o references.bib`` must not cost a single source file, so every
output is checked before anything is written: it may not be the project folder or hold it, lie
inside a source folder (``content/``, ``templates/``, ``.git/``, the bibliography's folder) or be
a source file. An output folder that already holds files must carry the marker this tool leaves
in what it makes (:data:`MARKER`, naming the command); only such folders, and the staging
folders beside them, are ever replaced or deleted.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.config import CONFIG_FILE, Settings
from generator.diagnostics import display_path
from generator.errors import UsageError
from generator.files import folder_lock, read_regular_file, write_atomically

#: The file that marks a folder as made by `pearls` (its text names the command).
MARKER = ".pearls-output"
#: Where, in its staging folder, a replaced output waits until its successor is in place.
PREVIOUS = "previous"


def marker_text(command: str) -> bytes:
    return f"Made by `pearls {command}`, which may replace or delete this folder.\n".encode()


def is_marked(folder: Path, command: str) -> bool:
    """Whether ``folder`` holds the marker of ``command`` (a regular file, not a link)."""
    try:
        return read_regular_file(folder / MARKER) == marker_text(command)
    except OSError:
        return False


def mark(folder: Path, command: str) -> None:
    """Leave the marker of ``command`` in ``folder``."""
    write_atomically(folder / MARKER, marker_text(command))


def _source_folders(settings: Settings) -> list[Path]:
    root = settings.root.resolve()
    folders = [settings.content_path, settings.templates_path, root / ".git"]
    bibliography_folder = settings.bibliography_path.resolve().parent
    # A bibliography kept outside the project (../shared.bib) is a source file, not its folder:
    # that folder may hold the project, which would leave no place for any output.
    if bibliography_folder != root and bibliography_folder.is_relative_to(root):
        folders.append(bibliography_folder)
    return [folder.resolve() for folder in folders]


def _source_files(settings: Settings) -> list[Path]:
    return [(settings.root / CONFIG_FILE).resolve(), settings.bibliography_path.resolve()]


def _refuse_sources(settings: Settings, target: Path, given: Path) -> None:
    """UsageError if ``target`` (resolved) is the project, holds it, or is or lies in a source."""
    root = settings.root.resolve()
    if root.is_relative_to(target):
        raise UsageError(
            f"{given} is the project folder or holds it; "
            "writing there would replace the sources (choose a folder of its own)"
        )
    for folder in _source_folders(settings):
        if target.is_relative_to(folder):
            shown = folder.relative_to(root) if folder.is_relative_to(root) else folder
            where = "is" if target == folder else "is inside"
            raise UsageError(f"{given} {where} the source folder {shown}/; outputs go elsewhere")
    if target in _source_files(settings):
        raise UsageError(f"{given} is a source file of the project; outputs go elsewhere")


def output_folder(settings: Settings, given: Path, command: str) -> Path:
    """``given`` resolved, once it is safe for ``command`` to fill (and later replace): not a
    source, and absent, empty or made by ``command`` before."""
    target = given.resolve()
    _refuse_sources(settings, target, given)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{given} exists and is not a folder")
    blocking = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:  # else 'File exists', naming that file alone
        raise UsageError(
            f"{given} cannot be made: {blocking} is a file, not a folder "
            "(move it, or choose another folder)"
        )
    if target.is_mount():
        raise UsageError(
            f"{given} is a mount point, which a new site cannot replace whole; "
            f"build into a folder inside it (-d {given / 'site'})"
        )
    if target.is_dir() and any(target.iterdir()) and not is_marked(target, command):
        raise UsageError(
            f"{given} is not empty and was not made by pearls {command} (it has no {MARKER}); "
            "empty it or choose another folder"
        )
    return target


#: The marker's command for MkDocs' ``docs_dir``, which the plugin fills with the pages it
#: generates (and empties of every other file) in ``mkdocs build`` and ``pearls serve``.
GENERATE = "generate"
#: How to give the generated pages a folder of their own.
DOCS_FOLDER_HINT = (
    "set docs_dir to an empty folder of its own (docs_dir: generated) and move hand-written "
    "pages to content/pages/"
)


def _mkdocs_folder(settings: Settings, folder: Path, key: str) -> tuple[Path, Path, str | None]:
    """``folder`` (mkdocs.yml's ``key``) as the editor wrote it and resolved, and why it may not
    be MkDocs' (a source, the project; None: it may)."""
    root = settings.root.resolve()
    given = Path(display_path(folder, root)) if folder.is_absolute() else folder
    target = (root / folder).resolve()
    try:
        _refuse_sources(settings, target, given)
    except UsageError as exc:
        return given, target, f"{key}: {exc}"
    return given, target, None


def docs_folder_problem(settings: Settings, docs: Path) -> str | None:
    """Why the pages may not be generated into ``docs``, MkDocs' ``docs_dir`` as MkDocs reads
    it (None: they may). Generating there removes every file the generator did not make, so it
    must be a folder of its own: not a source, and holding nothing but dotfiles unless the
    generator made it."""
    given, target, problem = _mkdocs_folder(settings, docs, "docs_dir")
    if problem is not None:
        return problem
    if target.exists() and not target.is_dir():
        return f"docs_dir: {given} exists and is not a folder"
    if (
        target.is_dir()
        and not is_marked(target, GENERATE)
        and not _made_by_init(target)
        and any(not entry.name.startswith(".") for entry in target.iterdir())
    ):
        return (
            f"docs_dir: {given}/ holds files pearls did not make, and generating the pages "
            f"there would delete them (it has no {MARKER})"
        )
    return None


#: The marker's command for the site: `pearls build`'s, and plain `mkdocs build`'s with the
#: plugin, which leaves it in the site it built.
SITE = "build"
#: What MkDocs writes into every site it builds.
_MKDOCS_SITEMAP = "sitemap.xml.gz"


def site_folder_problem(settings: Settings, site: Path) -> str | None:
    """Why plain `mkdocs build` may not build into ``site``, MkDocs' ``site_dir`` (None: it
    may). MkDocs empties that folder first, so it must not be a source, and may hold files
    only if it is a site: one `pearls build` or the plugin marked, or MkDocs built."""
    given, target, problem = _mkdocs_folder(settings, site, "site_dir")
    if problem is not None:
        return problem
    if (
        target.is_dir()
        and any(target.iterdir())
        and not is_marked(target, SITE)
        and not (target / _MKDOCS_SITEMAP).is_file()
    ):
        return (
            f"site_dir: {given}/ holds files pearls did not make, and MkDocs deletes everything "
            f"in it before building (it has no {MARKER})"
        )
    return None


#: How to give the site a folder of its own.
SITE_FOLDER_HINT = "set site_dir to a folder of its own (site_dir: site), or empty that one"


def _made_by_init(folder: Path) -> bool:
    """Whether ``folder`` is the ``generated/`` of a project `pearls init` made (its
    ``.gitignore`` says so), filled by a build before docs folders were marked."""
    try:
        return read_regular_file(folder / ".gitignore").startswith(b"# Pages generated from ")
    except OSError:
        return False


def check_output_file(settings: Settings, given: Path, force: bool) -> None:
    """UsageError unless ``given`` may be written: never a source (nor a link to one), in a
    folder that exists, and an existing file only with ``force``. Write it with
    :func:`~generator.files.write_atomically`, which replaces a link instead of writing
    through it."""
    target = given.resolve()
    _refuse_sources(settings, target, given)
    if target.is_dir():
        raise UsageError(f"{given} is a folder; name the file to write")
    folder = given.parent
    if os.path.lexists(folder) and not folder.is_dir():
        raise UsageError(f"{folder} is not a folder; name a file in a folder")
    if not folder.is_dir():
        raise UsageError(f"the folder {folder} does not exist; create it or name another")
    try:
        regular = stat.S_ISREG(os.stat(given).st_mode)  # through links: /dev/stdout, a pipe
    except OSError:
        regular = True  # nothing there (or a dangling link): a new file
    if not regular:
        raise UsageError(f"{given} is not a regular file (a device or a pipe); name a file")
    if os.path.lexists(given) and not force:
        raise UsageError(f"{given} already exists; add --force to replace it")


def staging_prefix(target: Path) -> str:
    """The name of staging folders beside ``target``: specific to it, recognisably ours."""
    return f".{target.name}.pearls-staging-"


def make_staging(target: Path, command: str) -> Path:
    """A new, marked staging folder beside ``target``."""
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(target), dir=target.parent))
    mark(staging, command)
    return staging


@contextmanager
def output_lock(target: Path, command: str) -> Iterator[None]:
    """One run at a time per output (a lock on the folder holding it, so no lock file is left
    behind); with the lock held, the marked staging folders killed runs left beside ``target``
    go, after putting back the output one of them had moved aside if ``target`` is missing (a
    run killed between its two renames)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with folder_lock(target.parent):
        for stale in target.parent.glob(f"{staging_prefix(target)}*"):
            if not stale.is_symlink() and stale.is_dir() and is_marked(stale, command):
                previous = stale / PREVIOUS
                if not os.path.lexists(target) and is_marked(previous, command):
                    os.replace(previous, target)
                shutil.rmtree(stale, ignore_errors=True)
        yield
