"""A project loaded whole: settings, topics, bibliography and every pearl, with all diagnostics.

This is the checkpoint between reading and publishing: `pearls check` prints its diagnostics,
every other command refuses to go on while it has errors.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.algorithm import validate_algorithm
from generator.bibliography import Bibliography, load_bibliography
from generator.config import Settings, load_settings
from generator.content.loader import load_topics, pearl_files, read_pearl
from generator.content.model import Pearl, Topic
from generator.diagnostics import Diagnostic, Position, Report, error, warning


@dataclass
class Project:
    """Everything the later stages need, read once."""

    settings: Settings
    pearls: list[Pearl]
    topics: dict[str, Topic]
    bibliography: Bibliography
    report: Report = field(default_factory=Report)
    sources: list[Path] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.settings.root

    def pearl(self, slug: str) -> Pearl | None:
        return next((p for p in self.pearls if p.slug == slug), None)

    def published(self, as_of: dt.date) -> list[Pearl]:
        """Pearls readers may see on ``as_of``, newest first."""
        return sorted(
            (p for p in self.pearls if p.is_published(as_of)), key=lambda p: p.date, reverse=True
        )


def load_project(root: Path) -> Project:
    """Read and check the whole project in ``root`` (the folder holding mkdocs.yml)."""
    settings, diagnostics = load_settings(root)
    report = Report(diagnostics)
    topics, problems = load_topics(settings.topics_path)
    report.extend(problems)
    bibliography, problems = load_bibliography(settings.bibliography_path)
    report.extend(problems)
    pearls: list[Pearl] = []
    sources = pearl_files(settings)
    for path in sources:
        pearl, problems = read_pearl(path, settings)
        report.extend(problems)
        if pearl is not None:
            pearls.append(pearl)
    project = Project(settings, pearls, topics, bibliography, report, sources)
    report.extend(cross_checks(project))
    return project


def cross_checks(project: Project) -> list[Diagnostic]:
    """Problems that need more than one file: dates, slugs, topics, citations, links."""
    diagnostics: list[Diagnostic] = []
    diagnostics += _shared_values(
        project.pearls,
        "date",
        lambda p: p.date,
        "PRL010",
        "another pearl is published on {value}: {other}",
    )
    diagnostics += _shared_values(
        project.pearls, "slug", lambda p: p.slug, "PRL011", "slug '{value}' is also used by {other}"
    )
    slugs = {p.slug for p in project.pearls}
    cited: set[str] = set()
    for pearl in project.pearls:
        diagnostics += _topic_checks(pearl, project.topics)
        if pearl.algorithm is not None:
            diagnostics += validate_algorithm(pearl.algorithm, pearl.path, slugs)
        for group in pearl.all_citation_groups():
            for citation in group.citations:
                cited.add(citation.key)
                diagnostics += _citation_checks(
                    pearl.path, citation.key, citation.position, project.bibliography
                )
    diagnostics += _incomplete_references(project, cited)
    for key in project.bibliography.entries:
        if key not in cited:
            diagnostics.append(
                warning(
                    project.bibliography.path,
                    project.bibliography.position(key),
                    "BIB100",
                    f"entry '{key}' is never cited",
                )
            )
    return diagnostics


def _shared_values(pearls: Iterable[Pearl], name: str, value_of, code: str, template: str):
    """An error on each pearl that shares ``value_of`` with an earlier one (by file order)."""
    first: dict[object, Pearl] = {}
    for pearl in pearls:
        value = value_of(pearl)
        if value == dt.date.min:
            continue
        if value in first:
            other = first[value]
            where = _field_position(pearl, name)
            message = template.format(value=value, other=other.path.name)
            yield error(pearl.path, where, code, message)
        else:
            first[value] = pearl


def _field_position(pearl: Pearl, name: str) -> Position:
    if pearl.front_matter is None:
        return Position()
    return pearl.front_matter.position((name,))


def _topic_checks(pearl: Pearl, topics: dict[str, Topic]) -> list[Diagnostic]:
    diagnostics = []
    for index, topic in enumerate(pearl.topics):
        if topic not in topics:
            close = difflib.get_close_matches(topic, list(topics), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "add it to content/topics.yml"
            where = pearl.front_matter.value_position(("topics", index))
            diagnostics.append(error(pearl.path, where, "TOP010", f"unknown topic '{topic}'", hint))
    return diagnostics


def _citation_checks(path: Path, key: str, where: Position, bibliography: Bibliography):
    if key in bibliography:
        return []
    close = bibliography.closest(key)
    hint = f"did you mean '{close}'?" if close else f"add it to {bibliography.path.name}"
    return [error(path, where, "CIT010", f"unknown citation key '{key}'", hint)]


def _incomplete_references(project: Project, cited: set[str]) -> list[Diagnostic]:
    """A warning on each cited entry that will render partially, naming what is missing."""
    diagnostics = []
    first_citing: dict[str, str] = defaultdict(str)
    for pearl in project.pearls:
        for key in pearl.cited_keys():
            first_citing[key] = first_citing[key] or pearl.path.name
    for key in sorted(cited):
        reference = project.bibliography.get(key)
        if reference is None:
            continue
        missing = reference.missing_fields()
        if missing:
            diagnostics.append(
                warning(
                    project.bibliography.path,
                    project.bibliography.position(key),
                    "BIB101",
                    f"'{key}' (cited in {first_citing[key]}) will render partially: "
                    f"missing {', '.join(missing)}",
                )
            )
    return diagnostics
