"""Putting the generated pages on disk: only what changed, each file atomically, nothing stale.

Writing only changed files keeps `mkdocs serve` from seeing edits that did not happen; removing
files no longer generated keeps an embargoed or withdrawn pearl from lingering in the docs folder.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Mapping
from pathlib import Path

from generator.errors import UsageError
from generator.files import write_atomically


def write_tree(
    folder: Path, files: Mapping[str, str | bytes], keep: Callable[[str], bool] = lambda _: False
) -> int:
    """Make ``folder`` hold exactly ``files`` (path → content), and the files it has already
    that ``keep`` names (by path), as they are; dotfiles are left alone.

    Returns how many files were written. A name that would land outside ``folder`` (``..``,
    an absolute path) is refused before anything is written: content is validated long before,
    and this makes sure no slip there can reach the rest of the disk.
    """
    folder.mkdir(parents=True, exist_ok=True)
    root = folder.resolve()
    resolved: dict[str, Path] = {}  # each folder once: a build writes ~5 files a pearl
    for name in files:
        parent, _, base = name.rpartition("/")
        if parent not in resolved:
            resolved[parent] = (root / parent).resolve()
        target = resolved[parent] / base
        if base in ("", ".", "..") or target.is_symlink():
            target = (root / name).resolve()
        if not target.is_relative_to(root):
            raise UsageError(
                f"refusing to write {name} outside {folder} (a symlink inside it, or '..'); "
                f"remove {folder} and build again"
            )
    written = write_changed(folder, files)
    _remove_others(folder, {posixpath.normpath(name) for name in files}, keep)
    return written


def write_changed(folder: Path, files: Mapping[str, str | bytes]) -> int:
    """Write each of ``files`` into ``folder`` whose bytes differ from the file there (names
    already checked by the caller); returns how many were written."""
    written = 0
    folders: set[Path] = set()
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = folder / name
        if target.is_file() and target.read_bytes() == data:
            continue
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        write_atomically(target, data)
        written += 1
    return written


def _remove_others(folder: Path, wanted: set[str], keep: Callable[[str], bool]) -> None:
    """Delete files neither in ``wanted`` (docs-folder paths) nor named by ``keep``, then
    folders left empty; dotfiles and dot-folders stay. Deepest first, so a folder is looked at
    after its contents."""
    for directory, _, names in os.walk(folder, topdown=False):
        relative = os.path.relpath(directory, folder)
        if relative == ".":
            relative = ""
        elif any(part.startswith(".") for part in relative.split(os.sep)):
            continue
        for name in names:
            path = posixpath.join(relative, name)
            if not name.startswith(".") and path not in wanted and not keep(path):
                os.unlink(os.path.join(directory, name))
        if relative and not os.listdir(directory):
            os.rmdir(directory)
