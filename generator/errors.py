"""The one error hierarchy: a failure the user must act on, and the exit status it ends in.

`pearls` prints any of these as one line and exits with its status (handled once, in
:mod:`generator.cli`); content problems are diagnostics instead, never exceptions.
"""

from __future__ import annotations


class PearlsError(Exception):
    """A failure with a message written for the user; ``exit_status`` is what `pearls` returns."""

    exit_status = 2


class UsageError(PearlsError):
    """A mistake in how a command was called or in its surroundings (a flag, a folder, a
    variable): exit status 2."""


def describe_os_error(exc: OSError) -> str:
    """``path: reason`` for a failure of the disk or the system (full, not allowed, too big)."""
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason
