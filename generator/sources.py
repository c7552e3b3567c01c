"""Which source files may be read: regular files that lie inside the project.

A pull request can add a symlink to ``/etc/os-release`` or ``/proc/self/environ``, a symlink
loop or a FIFO under ``content/``; reading the first would publish a file of the build machine,
the others would hang the run. So the source folders (``content/``, ``templates/``) and the
bibliography are looked at once, without following links or opening anything, and every reader
takes its files from that listing. Symlinked folders are not entered (as before); broken links
point at nothing and are skipped.

The scan also says what of the layout would leave content out of the site: no pearls folder
(the site would be built with no pearl at all), and Markdown the build never publishes (a file
outside the pearls and pages folders, or one named ``.MD``).

| code   | problem                                                        |
|--------|----------------------------------------------------------------|
| SRC001 | a file or folder resolves outside the project                  |
| SRC002 | a symlink loop                                                 |
| SRC003 | not a regular file (FIFO, device or socket): never opened      |
| SRC004 | the pearls folder is missing, or is not a folder               |
| SRC005 | (warning) a Markdown file that is neither a pearl nor a page   |
| SRC006 | (warning) a link to nothing (a file that was moved or deleted) |
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from generator.config import Settings
from generator.diagnostics import Diagnostic, Position, display_path, error, warning


@dataclass
class SourceTree:
    """The readable source files (as named under their folder) and what was refused."""

    readable: set[Path] = field(default_factory=set)
    problems: list[Diagnostic] = field(default_factory=list)

    def files(self, folder: Path, suffix: str = "") -> list[Path]:
        """The readable files under ``folder`` whose names end in ``suffix``, sorted."""
        prefix = os.path.join(folder, "")
        return sorted(
            path
            for path in self.readable
            if path.name.endswith(suffix) and str(path).startswith(prefix)
        )

    def may_read(self, path: Path) -> bool:
        """False for a file the scan refused; a path it never saw (missing, or a folder where a
        file should be) is left to the reader to report."""
        if path in self.readable:
            return True
        return not path.is_symlink() and (path.is_dir() or not path.exists())


def scan_sources(settings: Settings) -> SourceTree:
    """Every file under the content and templates folders and the bibliography, checked."""
    root = settings.root.resolve()
    tree = SourceTree()
    for folder in (settings.content_path, settings.templates_path):
        if _entry_ok(folder, root, tree) and folder.is_dir():
            _walk(folder, root, tree)
    _entry_ok(settings.bibliography_path, root, tree)
    tree.problems += _pearls_folder(settings, tree.problems)
    for path in sorted(tree.readable):
        unread = never_published(path, settings)
        if unread is not None:
            problem, hint = unread
            tree.problems.append(warning(path, Position(), "SRC005", f"this file {problem}", hint))
    return tree


def never_published(path: Path, settings: Settings) -> tuple[str, str] | None:
    """Why a Markdown file under the content folder is never published, and what to do; None
    for a pearl, a page, or any other file."""
    name = path.name
    if not name.lower().endswith(".md") or not path.is_relative_to(settings.content_path):
        return None
    for folder, kind in ((settings.pearls_path, "pearl"), (settings.pages_path, "page")):
        if path.is_relative_to(folder):
            if name.endswith(".md"):
                return None
            return (
                f"ends in '{name[-3:]}', not '.md', so this {kind} is never published",
                f"rename it to {name[:-3]}.md",
            )
    pearls, pages = (
        display_path(f, settings.root) for f in (settings.pearls_path, settings.pages_path)
    )
    rename = "" if name.endswith(".md") else f"rename it to {name[:-3]}.md and "
    return (
        "is neither a pearl nor a page, so it is never published",
        f"{rename}move a pearl into {pearls}/ or a page into {pages}/, or delete the file",
    )


def _pearls_folder(settings: Settings, refused: list[Diagnostic]) -> list[Diagnostic]:
    """SRC004 when the pearls folder is missing or is not a folder: the site would be built
    with no pearl at all. None when the scan has refused it already (SRC001-SRC003)."""
    folder = settings.pearls_path
    if any(problem.path == folder for problem in refused):
        return []
    shown = display_path(folder, settings.root)
    try:
        mode = os.lstat(folder).st_mode
    except (FileNotFoundError, NotADirectoryError):
        problem = "is missing"
        hint = f"create the folder {shown}/, or write the first pearl with `pearls new`"
    else:
        if stat.S_ISDIR(mode):
            return []
        if stat.S_ISLNK(mode):
            problem = "is a symbolic link (a linked folder is never read)"
            hint = "replace the link with the folder itself"
        else:
            problem = "is a file, not a folder"
            hint = f"move the file away and create the folder {shown}/ in its place"
    return [
        error(
            folder,
            Position(),
            "SRC004",
            f"the pearls folder {problem}, so the site would have no pearls",
            hint,
        )
    ]


def _walk(folder: Path, root: Path, tree: SourceTree) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                _walk(path, root, tree)
            else:
                _entry_ok(path, root, tree)


def _entry_ok(path: Path, root: Path, tree: SourceTree) -> bool:
    """Whether ``path`` (if it exists) is a regular file or folder inside ``root``; a readable
    file joins ``tree.readable``, a refused one adds its problem."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return True
    if stat.S_ISLNK(mode):
        try:
            target = Path(os.path.realpath(path, strict=True))
        except FileNotFoundError:  # a broken link: nothing to read (an editor's lock, .#x.md)
            if not path.name.startswith("."):
                target = os.readlink(path)
                message = f"is a link to nothing ({target}), so it is never read"
                hint = "point it at a file of the project, or remove it"
                tree.problems.append(warning(path, Position(), "SRC006", message, hint))
            return True
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
            tree.problems.append(
                error(path, Position(), "SRC002", "symlink loop", "point it at a real file")
            )
            return False
        if not target.is_relative_to(root):
            tree.problems.append(
                error(
                    path,
                    Position(),
                    "SRC001",
                    f"resolves outside the project ({target}); it is never read",
                    "copy the file into the project instead of linking to it",
                )
            )
            return False
        mode = os.stat(target).st_mode
    if stat.S_ISREG(mode):
        tree.readable.add(path)
        return True
    if stat.S_ISDIR(mode):
        return True
    tree.problems.append(
        error(
            path,
            Position(),
            "SRC003",
            f"is a {_kind(mode)}, not a regular file; it is never opened",
            "remove it from the sources",
        )
    )
    return False


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device"
