"""Writing files so that a reader (a server, a mail tool, a later run) never sees half of one."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def write_atomically(target: Path, data: bytes) -> None:
    """Write via a temporary file and a rename, so a reader never sees half a file.

    The folder must exist. The temporary name is unique to this process (a dotfile, so a
    concurrent :func:`write_tree` leaves it alone); a stale one from a killed run is replaced.
    """
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
    try:
        with os.fdopen(handle, "wb") as stream:
            os.fchmod(stream.fileno(), 0o644)
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def read_regular_file(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file (not through a symlink); OSError otherwise.

    Opened without blocking, so a FIFO put in its place is refused instead of waited on.
    """
    handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(f"{path} is not a regular file")
        return stream.read()
