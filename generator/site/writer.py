"""Putting the generated pages on disk: only what changed, each file atomically, nothing stale.

Writing only changed files keeps `mkdocs serve` from seeing edits that did not happen; removing
files no longer generated keeps an embargoed or withdrawn pearl from lingering in the docs folder.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_tree(folder: Path, files: Mapping[str, str | bytes]) -> int:
    """Make ``folder`` hold exactly ``files`` (path → content); dotfiles are left alone.

    Returns how many files were written. A name that would land outside ``folder`` (``..``,
    an absolute path) is refused before anything is written: content is validated long before,
    and this makes sure no slip there can reach the rest of the disk.
    """
    folder.mkdir(parents=True, exist_ok=True)
    root = folder.resolve()
    for name in files:
        if not (root / name).resolve().is_relative_to(root):
            raise ValueError(f"refusing to write outside {folder}: {name}")
    written = 0
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = folder / name
        if target.is_file() and target.read_bytes() == data:
            continue
        write_atomically(target, data)
        written += 1
    wanted = {folder / name for name in files}
    for path in sorted(folder.rglob("*"), reverse=True):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written


def write_atomically(target: Path, data: bytes) -> None:
    """Write via a temporary file and a rename, so a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
