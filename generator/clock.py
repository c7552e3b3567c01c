"""What day it is: one answer for every command, reproducible through ``SOURCE_DATE_EPOCH``."""

from __future__ import annotations

import datetime as dt
import os

from generator.errors import UsageError


class InvalidSourceDateEpoch(UsageError):
    """``SOURCE_DATE_EPOCH`` is set but is not a whole number of seconds."""


def today() -> dt.date:
    """The UTC day of ``SOURCE_DATE_EPOCH`` when it is set, else the local date.

    Builds, schedules and scaffolds agree on "today", and tests pin it by setting the variable
    (https://reproducible-builds.org/specs/source-date-epoch/).
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.date.today()
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise InvalidSourceDateEpoch(
            f"SOURCE_DATE_EPOCH must be seconds since 1970-01-01, not '{epoch}'"
        ) from None
