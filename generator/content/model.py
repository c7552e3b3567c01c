"""The content model: a :class:`Pearl` is the one type every later stage shares."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.citations import CitationGroup
from generator.diagnostics import Position
from generator.yaml_source import YamlDocument

if TYPE_CHECKING:
    from generator.algorithm import Algorithm
    from generator.evidence import Evidence


@dataclass(frozen=True)
class Topic:
    """One entry of the controlled topic vocabulary (``content/topics.yml``)."""

    slug: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class AlgorithmBlock:
    """Where the fenced ``algorithm`` block stands in the body (offsets into ``Pearl.body``)."""

    start: int
    end: int
    source: str
    first_line: int


@dataclass
class Pearl:
    """One clinical pearl: its front matter, its Markdown body and what was found in it."""

    path: Path
    slug: str
    title: str
    date: dt.date
    authors: list[str]
    summary: str
    reviewers: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    doi: str | None = None
    reviewed: dt.date | None = None
    review_due: dt.date | None = None
    draft: bool = False
    evidence: Evidence | None = None
    body: str = ""
    body_origin: Position = field(default_factory=Position)
    citation_groups: list[CitationGroup] = field(default_factory=list)
    algorithm_block: AlgorithmBlock | None = None
    algorithm: Algorithm | None = None
    front_matter: YamlDocument | None = None
    #: SHA-256 of the file's text: with its path and the settings, all the pearl is read from.
    source_digest: str = field(default="", repr=False, compare=False)

    @property
    def last_reviewed(self) -> dt.date:
        """The date of the last clinical review: the publication date unless stated."""
        return self.reviewed or self.date

    def is_published(self, as_of: dt.date) -> bool:
        """Readers see a pearl from its Wednesday on, and never a draft."""
        return not self.draft and self.date <= as_of

    def all_citation_groups(self) -> list[CitationGroup]:
        """Body and algorithm citations in reading order (the algorithm counts where it stands)."""
        groups = list(self.citation_groups)
        if self.algorithm is None or self.algorithm_block is None:
            return groups
        before = [g for g in groups if g.start < self.algorithm_block.start]
        after = [g for g in groups if g.start >= self.algorithm_block.start]
        return before + self.algorithm.citation_groups() + after

    def cited_keys(self) -> list[str]:
        """Every cited key once, in order of first citation."""
        return list(dict.fromkeys(c.key for g in self.all_citation_groups() for c in g.citations))
