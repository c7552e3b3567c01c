"""The one error hierarchy: a failure the user must act on, and the exit status it ends in.

`pearls` prints any of these as one line and exits with its status (handled once, in
:mod:`generator.cli`); content problems are diagnostics instead, never exceptions.
"""

from __future__ import annotations

from pathlib import Path

#: Exit statuses of `pearls`: done; the content must change; the call or its surroundings must.
EXIT_OK = 0
EXIT_CONTENT_ERRORS = 1
EXIT_USAGE = 2


class PearlsError(Exception):
    """A failure with a message written for the user; ``exit_status`` is what `pearls` returns."""

    exit_status = EXIT_USAGE


class UsageError(PearlsError):
    """A mistake in how a command was called or in its surroundings (a flag, a folder, a
    variable): exit status 2."""


class ContentError(PearlsError):
    """The command was right but the content is not ready for it (nothing to send that day, a
    build MkDocs refused): exit status 1, as for content errors."""

    exit_status = EXIT_CONTENT_ERRORS


def describe_os_error(exc: OSError, path: Path | None = None) -> str:
    """``path: reason`` for a failure of the disk or the system (full, not allowed, too big).

    The path is the error's destination when it has one (a copy, rename or link: a full disk
    is the destination's, not the source's), else the file it names, else ``path``.
    """
    reason = exc.strerror or str(exc)
    named = exc.filename2 or exc.filename or path
    return f"{named}: {reason}" if named else reason
