"""Which source files may be read: regular files that lie inside the project.

A pull request can add a symlink to ``/etc/os-release`` or ``/proc/self/environ``, a symlink
loop or a FIFO under ``content/``; reading the first would publish a file of the build machine,
the others would hang the run. So the source folders (``content/``, ``templates/``) and the
bibliography are looked at once, without following links or opening anything, and every reader
takes its files from that listing. Symlinked folders are not entered (as before); broken links
point at nothing and are skipped.

| code   | problem                                                        |
|--------|----------------------------------------------------------------|
| SRC001 | a file or folder resolves outside the project                  |
| SRC002 | a symlink loop                                                 |
| SRC003 | not a regular file (FIFO, device or socket): never opened      |
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from generator.config import Settings
from generator.diagnostics import Diagnostic, Position, error


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
    return tree


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
        except FileNotFoundError:
            return True  # a broken link: nothing to read
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
