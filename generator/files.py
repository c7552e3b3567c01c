"""Writing files so that a reader (a server, a mail tool, a later run) never sees half of one,
and one run at a time per output folder.

POSIX-only flags and calls are used where the platform has them: on Windows files are opened in
binary mode without ``O_NOFOLLOW``/``O_NONBLOCK`` (it has neither) and folders are not locked.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

#: Flags a platform lacks are 0: not following a final symlink, not blocking on a FIFO, binary.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def write_atomically(target: Path, data: bytes) -> None:
    """Write via a temporary file and a rename, so a reader never sees half a file.

    The folder must exist. The temporary name is unique to this process (a dotfile, so a
    concurrent :func:`write_tree` leaves it alone); a stale one from a killed run is replaced.
    A file replaced keeps its permissions (an editor's group-writable references.bib stays
    so); a new file, or one in place of a link, is 0644.
    """
    temporary = _temporary(target)
    with errors_named(target, temporary):
        mode = _permissions(target)
        handle = _open_temporary(temporary, mode)
        try:
            with os.fdopen(handle, "wb") as stream:
                if hasattr(os, "fchmod"):  # not on Windows before Python 3.13
                    os.fchmod(stream.fileno(), mode)
                stream.write(data)
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise


def create_atomically(target: Path, data: bytes) -> None:
    """Create ``target`` holding ``data``, whole or not at all, never replacing a file.

    Written to a temporary file beside it (as :func:`write_atomically`), then hard-linked to its
    name, which fails with FileExistsError if the name is taken; the temporary file always goes.
    The folder must exist. An error of the temporary file, or of no file (a full disk on
    write), is raised naming ``target``.
    """
    temporary = _temporary(target)
    with errors_named(target, temporary):
        handle = _open_temporary(temporary, 0o666)  # as open() would: the umask decides
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.link(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)


@contextmanager
def made_folders(folder: Path) -> Iterator[None]:
    """``folder`` made (with any missing parents) for the block; the folders made are removed
    again, if still empty, when the block fails."""
    missing = []
    while not os.path.lexists(folder) and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir(exist_ok=True)
    try:
        yield
    except BaseException:
        for made in missing:  # the deepest first
            try:
                made.rmdir()
            except OSError:
                break  # not empty (or gone): its parents are not empty either
        raise


def _open_temporary(temporary: Path, mode: int) -> int:
    """``temporary`` created (or a stale one truncated, never through a link) for writing."""
    return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW | _BINARY, mode)


def _permissions(target: Path) -> int:
    """The permission bits of the regular file ``target``; 0644 if it is none (absent, a
    link)."""
    try:
        status = os.lstat(target)
    except FileNotFoundError:
        return 0o644
    return stat.S_IMODE(status.st_mode) & 0o777 if stat.S_ISREG(status.st_mode) else 0o644


def _temporary(target: Path) -> Path:
    """The temporary file beside ``target``: unique to this process, a dotfile."""
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


@contextmanager
def errors_named(target: Path, temporary: Path) -> Iterator[None]:
    """An OSError of ``temporary`` or of no file (a full disk on write) raised again naming
    ``target``, the file the user asked for: a temporary name means nothing to them."""
    try:
        yield
    except OSError as exc:
        if exc.errno is None or exc.filename not in (None, str(temporary)):
            raise
        # OSError() picks the subclass of the errno (FileExistsError, PermissionError, ...).
        raise OSError(exc.errno, exc.strerror, str(target)) from exc


def read_regular_file(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file (not through a symlink); OSError otherwise."""
    with open_regular_file(path) as stream:
        return stream.read()


@contextmanager
def open_regular_file(path: Path) -> Iterator[BinaryIO]:
    """``path`` open for reading if it is a regular file (not through a symlink); OSError
    otherwise. Opened without blocking, so a FIFO put in its place is refused instead of
    waited on."""
    handle = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY)
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(f"{path} is not a regular file")
        yield stream


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive ``flock`` on ``folder`` while the block runs (no lock file is left behind);
    on Windows, which can neither open a folder nor ``flock``, no lock."""
    if fcntl is None:
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)
