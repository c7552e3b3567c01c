"""The publication calendar: which Wednesday carries which pearl, and which pearls need review.

One pearl a week is the promise to readers, so the calendar's job is to show where it breaks:
a Wednesday with no pearl (a gap), a Wednesday claimed twice (a double booking), and pearls
whose clinical review is overdue or coming up. ``pearls schedule`` prints it; ``pearls new`` asks
it for the next free Wednesday.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.content.fields import WEDNESDAY, split_file_name
from generator.content.model import Pearl

#: Reviews due within this many days are listed with the overdue ones.
REVIEW_WINDOW_DAYS = 90
_WEEK = dt.timedelta(days=7)


class WeekStatus(enum.StrEnum):
    """What a Wednesday holds."""

    GAP = "gap"
    BOOKED = "booked"
    DRAFT = "draft"
    DOUBLE_BOOKED = "double booked"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Week:
    """One Wednesday, every pearl (or draft) dated on it, and the files named for it that could
    not be read (they hold the week too: ``pearls new`` never books over them)."""

    date: dt.date
    pearls: tuple[Pearl, ...]
    unreadable: tuple[Path, ...] = ()

    @property
    def status(self) -> WeekStatus:
        if not self.pearls:
            return WeekStatus.UNREADABLE if self.unreadable else WeekStatus.GAP
        if len(self.pearls) > 1:
            return WeekStatus.DOUBLE_BOOKED
        return WeekStatus.DRAFT if self.pearls[0].draft else WeekStatus.BOOKED

    @property
    def pearl(self) -> Pearl | None:
        """The week's pearl when there is exactly one."""
        return self.pearls[0] if len(self.pearls) == 1 else None


@dataclass(frozen=True)
class Review:
    """A published pearl whose clinical review is overdue or due soon."""

    pearl: Pearl
    due: dt.date
    days: int

    @property
    def overdue(self) -> bool:
        return self.days < 0


@dataclass(frozen=True)
class Calendar:
    """The Wednesdays around ``as_of``, the next free one, and the reviews to plan."""

    as_of: dt.date
    recent: tuple[Week, ...]
    upcoming: tuple[Week, ...]
    next_free: dt.date
    reviews: tuple[Review, ...]
    review_window: int
    unplaced: tuple[Path, ...] = ()


def wednesday_on_or_after(date: dt.date) -> dt.date:
    """``date`` itself when it is a Wednesday, else the Wednesday after it."""
    return date + dt.timedelta(days=(WEDNESDAY - date.weekday()) % 7)


def next_free_wednesday(taken: Iterable[dt.date], after: dt.date) -> dt.date:
    """The first Wednesday strictly after ``after`` that nothing is dated on."""
    busy = set(taken)
    date = wednesday_on_or_after(after + dt.timedelta(days=1))
    while date in busy:
        date += _WEEK
    return date


def nearest_free_wednesday(
    taken: Iterable[dt.date], date: dt.date, after: dt.date = dt.date.min
) -> dt.date:
    """The Wednesday nothing is dated on that is closest to ``date`` and later than ``after``
    (of two as close, the later one)."""
    busy = set(taken)
    later = wednesday_on_or_after(max(date, after + dt.timedelta(days=1)))
    while later in busy:
        later += _WEEK
    earlier = wednesday_on_or_after(date) - _WEEK
    while earlier > after and earlier in busy:
        earlier -= _WEEK
    if earlier > after and date - earlier < later - date:
        return earlier
    return later


def bookings(pearls: Iterable[Pearl]) -> dict[dt.date, list[Pearl]]:
    """Every dated pearl (drafts too) by its Wednesday, in file order."""
    booked: dict[dt.date, list[Pearl]] = defaultdict(list)
    for pearl in pearls:
        if pearl.date != dt.date.min:
            booked[pearl.date].append(pearl)
    return booked


def claimed_dates(pearls: Iterable[Pearl], files: Iterable[Path]) -> dict[dt.date, Path]:
    """Each date a pearl is dated on, or a pearl file is named for, with the file claiming it.

    A file whose front matter cannot be read still claims the date in its name, so a broken
    draft is never booked over.
    """
    claimed: dict[dt.date, Path] = {}
    for pearl in pearls:
        if pearl.date != dt.date.min:
            claimed.setdefault(pearl.date, pearl.path)
    for path in files:
        date, _ = split_file_name(path)
        if date is not None:
            claimed.setdefault(date, path)
    return claimed


def reviews_due(pearls: Iterable[Pearl], as_of: dt.date, window: int) -> list[Review]:
    """Published pearls whose review is overdue or due within ``window`` days, soonest first."""
    reviews = [
        Review(pearl, pearl.review_due, (pearl.review_due - as_of).days)
        for pearl in pearls
        if pearl.is_published(as_of)
        and pearl.review_due is not None
        and (pearl.review_due - as_of).days <= window
    ]
    return sorted(reviews, key=lambda r: (r.due, str(r.pearl.path)))


def build_calendar(
    pearls: list[Pearl],
    as_of: dt.date,
    weeks: int = 4,
    review_window: int = REVIEW_WINDOW_DAYS,
    files: Iterable[Path] = (),
) -> Calendar:
    """The ``weeks`` Wednesdays before ``as_of`` and the ``weeks`` from it on (``as_of`` itself
    counts as upcoming when it is a Wednesday); ``next_free`` is the date ``pearls new`` picks.

    ``files`` are every pearl file; those that did not load, or are not dated on a Wednesday,
    are ``unplaced`` so the calendar never hides them silently.
    """
    files = list(files)
    booked = bookings(pearls)
    loaded = {pearl.path for pearl in pearls}
    unread: dict[dt.date | None, list[Path]] = defaultdict(list)
    for path in files:
        if path not in loaded:
            unread[split_file_name(path)[0]].append(path)
    first = wednesday_on_or_after(as_of)
    dates = [first + k * _WEEK for k in range(-weeks, weeks)]
    calendar = [
        Week(date, tuple(booked.get(date, ())), tuple(unread.get(date, ()))) for date in dates
    ]
    return Calendar(
        as_of=as_of,
        recent=tuple(calendar[:weeks]),
        upcoming=tuple(calendar[weeks:]),
        next_free=next_free_wednesday(claimed_dates(pearls, files), as_of),
        reviews=tuple(reviews_due(pearls, as_of, review_window)),
        review_window=review_window,
        unplaced=_unplaced(pearls, files),
    )


def _unplaced(pearls: list[Pearl], files: list[Path]) -> tuple[Path, ...]:
    placed = {p.path for p in pearls if p.date.weekday() == WEDNESDAY}
    return tuple(path for path in files if path not in placed)
