"""What day it is: one answer for every command, reproducible through ``SOURCE_DATE_EPOCH``."""

from __future__ import annotations

import datetime as dt
import os
import re

from generator.errors import UsageError

#: The latest moment a gzip header (MkDocs' sitemap.xml.gz) can hold: 2106-02-07 06:28:15 UTC.
LATEST_EPOCH = 2**32 - 1


class InvalidSourceDateEpoch(UsageError):
    """``SOURCE_DATE_EPOCH`` is set but is not a whole number of seconds."""


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` as seconds since 1970-01-01 UTC, or None when it is not set.

    Only ASCII digits are seconds (https://reproducible-builds.org/specs/source-date-epoch/):
    not ``-1``, ``1e9`` or ``1_000``. MkDocs reads the variable too (``int()`` of the raw value),
    so it is checked here before any command runs rather than failing inside a build: set but
    empty or only whitespace is refused as well, since MkDocs cannot read it either.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None:
        return None
    epoch = raw.strip()
    if not re.fullmatch(r"[0-9]+", epoch):
        shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in raw)  # one line
        raise InvalidSourceDateEpoch(
            f"SOURCE_DATE_EPOCH must be seconds since 1970-01-01, not '{shown}'"
        )
    if int(epoch) > LATEST_EPOCH:
        raise InvalidSourceDateEpoch(
            f"SOURCE_DATE_EPOCH must be seconds since 1970-01-01 up to {LATEST_EPOCH} "
            f"(2106-02-07), not '{epoch}'"
        )
    return int(epoch)


def today() -> dt.date:
    """The UTC day of ``SOURCE_DATE_EPOCH`` when it is set, else the local date.

    Builds, schedules and scaffolds agree on "today", and tests pin it by setting the variable.
    """
    epoch = source_date_epoch()
    if epoch is None:
        return dt.date.today()
    return dt.datetime.fromtimestamp(epoch, dt.UTC).date()
