"""How the process asks the C allocator for memory: large blocks go back to the system when freed.

glibc's ``malloc`` serves a block of 128 KiB or more from its own mapping, unmapped when it is
freed, but raises that threshold to the size of each such block freed (up to 32 MiB): once a big
page's HTML or Markdown has been freed, the next big strings come from the heap, where memory
freed among live objects stays in the process. A build makes and frees many (each page's HTML,
the References page, the search index), so its peak grew with them: fixing the threshold at its
default keeps every large block in its own mapping (a 2,000-pearl build: see
``docs/performance.md``).
"""

from __future__ import annotations

import ctypes
import sys

#: ``mallopt``'s parameter (glibc's ``malloc.h``) and the value glibc starts from.
_M_MMAP_THRESHOLD = -3
_THRESHOLD = 128 * 1024


def return_large_blocks() -> None:
    """Keep glibc's threshold for mapping a block on its own at 128 KiB (elsewhere: nothing)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (musl has it too, and ignores it)
        return
    mallopt(_M_MMAP_THRESHOLD, _THRESHOLD)
