"""What the site shows on a given date: which pearls, in which listings, linked to which others.

Every page is built from a :class:`SiteModel`, and only pearls in :attr:`SiteModel.pearls` exist
on the site, so the embargo (issue 10) holds everywhere at once: pages, listings, search index,
feed, sitemap, related links and "Cited by".
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from generator.content.model import Pearl, Topic
from generator.project import Project

#: Recent pearls listed under this week's on the home page.
RECENT_ON_HOME = 10
#: Related pearls shown on a pearl page.
RELATED_COUNT = 3


@dataclass(frozen=True)
class SiteOptions:
    """How to build: as of which date, whether editors preview unpublished pearls, whether
    resolved pearls and flowchart PNGs are reused from (and kept in) ``.cache/pearls/site/``,
    and whether the site is served live."""

    as_of: dt.date
    preview: bool = False
    use_cache: bool = False
    #: Served by ``mkdocs serve``: pages reload themselves after a rebuild.
    live: bool = False


@dataclass(frozen=True)
class SitePearl:
    """A pearl as the site shows it; ``published`` is False only for previews of the future."""

    pearl: Pearl
    published: bool

    @property
    def slug(self) -> str:
        return self.pearl.slug


@dataclass
class SiteModel:
    """The pearls visible on the site and every relation between them."""

    project: Project
    options: SiteOptions

    @cached_property
    def pearls(self) -> list[SitePearl]:
        """Visible pearls, newest first: published ones, plus the rest when previewing."""
        as_of = self.options.as_of
        chosen = [
            SitePearl(p, p.is_published(as_of))
            for p in self.project.pearls
            if self.options.preview or p.is_published(as_of)
        ]
        return sorted(chosen, key=lambda s: (s.pearl.date, s.slug), reverse=True)

    @cached_property
    def featured(self) -> SitePearl | None:
        """This week's pearl: the one ``home_pearl`` names when it is published, else the
        latest published on or before the build date."""
        chosen = self.project.settings.home_pearl
        published = [s for s in self.pearls if s.published]
        return next((s for s in published if s.slug == chosen), None) or next(iter(published), None)

    def recent(self) -> list[SitePearl]:
        """The pearls listed on the home page under this week's."""
        return [s for s in self.pearls if s is not self.featured][:RECENT_ON_HOME]

    @cached_property
    def by_year(self) -> dict[int, dict[int, list[SitePearl]]]:
        """Year → month → pearls, newest first at every level."""
        years: dict[int, dict[int, list[SitePearl]]] = defaultdict(lambda: defaultdict(list))
        for item in self.pearls:
            years[item.pearl.date.year][item.pearl.date.month].append(item)
        return {year: dict(months) for year, months in years.items()}

    @cached_property
    def by_topic(self) -> dict[str, list[SitePearl]]:
        """Topic slug → its visible pearls (every topic of the vocabulary, even if empty)."""
        topics: dict[str, list[SitePearl]] = {slug: [] for slug in self.project.topics}
        for item in self.pearls:
            for slug in item.pearl.topics:
                topics.setdefault(slug, []).append(item)
        return topics

    def topic(self, slug: str) -> Topic:
        return self.project.topics.get(slug) or Topic(slug, slug)

    @cached_property
    def cited_by(self) -> dict[str, list[SitePearl]]:
        """Citation key → the visible pearls citing it, newest first."""
        citing: dict[str, list[SitePearl]] = defaultdict(list)
        for item in self.pearls:
            for key in self._cited_keys[item.slug]:
                citing[key].append(item)
        return dict(citing)

    def related(self, item: SitePearl) -> list[SitePearl]:
        """Up to three pearls sharing the most topics and references with ``item`` (a topic
        and a reference count one each), newest first among equals.

        Not every pearl is scored (that grew with the square of the archive): the pearls citing
        one of ``item``'s references are scored in full; of the others, pearls with the same
        topics score the same, so only the newest three of each such group can be among the best.
        """
        topics = item.pearl.topics
        shared: Counter[str] = Counter()
        for key in self._cited_keys[item.slug]:
            shared.update(self._slugs_citing[key])
        shared.pop(item.slug, None)
        scores = {
            slug: count + _shared_topics(topics, self.pearls[self._positions[slug]].pearl.topics)
            for slug, count in shared.items()
        }
        groups = {group for topic in topics for group in self._groups_with_topic.get(topic, ())}
        for group in groups:
            newest = (
                slug for slug in self._slugs_by_topics[group]
                if slug != item.slug and slug not in shared
            )  # fmt: skip
            score = _shared_topics(topics, group)
            scores.update((slug, score) for slug in itertools.islice(newest, RELATED_COUNT))
        positions = self._positions
        best = heapq.nsmallest(RELATED_COUNT, scores, key=lambda s: (-scores[s], positions[s]))
        return [self.pearls[positions[slug]] for slug in best]

    @cached_property
    def _cited_keys(self) -> dict[str, list[str]]:
        return {item.slug: item.pearl.cited_keys() for item in self.pearls}

    @cached_property
    def _slugs_citing(self) -> dict[str, list[str]]:
        return {key: [s.slug for s in items] for key, items in self.cited_by.items()}

    @cached_property
    def _slugs_by_topics(self) -> dict[tuple[str, ...], list[str]]:
        """Pearls grouped by their topics (sorted), newest first."""
        groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for item in self.pearls:
            groups[tuple(sorted(item.pearl.topics))].append(item.slug)
        return dict(groups)

    @cached_property
    def _groups_with_topic(self) -> dict[str, list[tuple[str, ...]]]:
        """Topic → the groups of :attr:`_slugs_by_topics` holding it."""
        groups: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for group in self._slugs_by_topics:
            for topic in dict.fromkeys(group):
                groups[topic].append(group)
        return dict(groups)

    def neighbours(self, item: SitePearl) -> tuple[SitePearl | None, SitePearl | None]:
        """The previous (older) and next (newer) visible pearl by date."""
        index = self._positions[item.slug]
        newer = self.pearls[index - 1] if index > 0 else None
        older = self.pearls[index + 1] if index + 1 < len(self.pearls) else None
        return older, newer

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {s.slug: i for i, s in enumerate(self.pearls)}

    def review_overdue(self, pearl: Pearl) -> bool:
        return pearl.review_due is not None and pearl.review_due < self.options.as_of


def _shared_topics(topics: list[str], other: Sequence[str]) -> int:
    """How many of ``topics`` the other pearl has (each as often as listed)."""
    return sum(other.count(topic) for topic in topics)
