"""A project loaded whole: settings, topics, bibliography and every pearl, with all diagnostics.

This is the checkpoint between reading and publishing: `pearls check` prints its diagnostics,
every other command refuses to go on while it has errors.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.algorithm.validate import validate_graph, validate_links
from generator.bibliography import (
    Bibliography,
    Reference,
    citation_style,
    load_bibliography,
    style_names,
)
from generator.bibliography.loader import parse_bibliography
from generator.bibliography.styles import CitationStyle, failure, fault, is_packaged
from generator.bibliography.titles import looks_title_case
from generator.cache import Cache
from generator.config import CONFIG_FILE, Settings, load_settings
from generator.content.fields import slugify, split_file_name
from generator.content.links import path_links, pearl_links
from generator.content.loader import load_topics, read_pearl
from generator.content.model import Pearl, Topic
from generator.content.pages import read_page
from generator.content.safety import reserved_text, unprintable_text
from generator.diagnostics import (
    Diagnostic,
    Position,
    Report,
    closest,
    did_you_mean,
    error,
    offset_to_position,
    warning,
)
from generator.sanitize import PLACEHOLDER_PREFIX
from generator.sources import SourceTree, scan_sources


@dataclass
class Project:
    """Everything the later stages need, read once."""

    settings: Settings
    pearls: list[Pearl]
    topics: dict[str, Topic]
    bibliography: Bibliography
    report: Report = field(default_factory=Report)
    sources: list[Path] = field(default_factory=list)
    #: Every source file that may be read (content pages and templates are read later).
    tree: SourceTree = field(default_factory=SourceTree)
    #: False when topics.yml could not be read as a vocabulary: pearls' topics are then unchecked.
    topics_read: bool = True
    #: Slugs topics.yml has with an entry that is wrong (TOP002 there): no pearl's unknown topic.
    misdefined_topics: frozenset[str] = frozenset()

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


def load_project(root: Path, use_cache: bool = False) -> Project:
    """Read and check the whole project in ``root`` (the folder holding mkdocs.yml).

    With ``use_cache`` what each file alone yields is reused, by content, from
    ``.cache/pearls/`` (see :mod:`generator.cache`) and stored there; without it nothing is
    read from or written to the cache.
    """
    with paused_gc():
        settings, diagnostics = load_settings(root)
        cache = Cache(root, repr(settings), enabled=use_cache)
        report = Report(diagnostics)
        tree = scan_sources(settings)
        report.extend(tree.problems)
        topics, problems = (
            load_topics(settings.topics_path) if tree.may_read(settings.topics_path) else (None, [])
        )
        report.extend(problems)
        read_bibliography: list[tuple[Bibliography, list[Diagnostic]]] = []

        def bibliography_here() -> None:  # while the other cores read the pearls
            read_bibliography.append(
                _read_bibliography(settings.bibliography_path, cache)
                if tree.may_read(settings.bibliography_path)
                else (Bibliography(settings.bibliography_path), [])
            )

        sources = tree.files(settings.pearls_path, ".md")
        read_pearls = _read_pearls(sources, settings, cache, alongside=bibliography_here)
        [(bibliography, problems)] = read_bibliography
        bibliography.use_title_case(settings.title_case)
        report.extend(problems)
        pearls: list[Pearl] = []
        for pearl, problems in read_pearls:
            report.extend(problems)
            if pearl is not None:
                pearls.append(pearl)
        for path in tree.files(settings.pages_path, ".md"):
            report.extend(_read_page(path, settings, cache))
        entries = topics or {}
        project = Project(settings, pearls, {slug: t for slug, t in entries.items() if t},
                          bibliography, report, sources, tree, topics_read=topics is not None,
                          misdefined_topics=frozenset(slug for slug, t in entries.items() if not t))
        report.extend(cross_checks(project))
    cache.prune()
    return project


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while loading the archive: it would rescan everything built
    so far every few hundred new objects (22% of a cold check's CPU and 29% of a warm one's at
    1,000 pearls, docs/performance.md). Afterwards the new objects join the oldest generation
    without a scan (freeze, then unfreeze)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def _read_bibliography(path: Path, cache: Cache) -> tuple[Bibliography, list[Diagnostic]]:
    try:
        data = path.read_bytes()
    except OSError:
        return load_bibliography(path)  # reports why it cannot be read
    return cache.get_or_compute("bib", path, data, lambda: _checked_bibliography(path, data))


def _checked_bibliography(path: Path, data: bytes) -> tuple[Bibliography, list[Diagnostic]]:
    bibliography, diagnostics = parse_bibliography(path, data)
    text = data.decode("utf-8-sig", errors="replace")  # again, to say where
    if PLACEHOLDER_PREFIX.encode() in data:  # rare
        diagnostics += reserved_text(text, path)
    return bibliography, diagnostics + unprintable_text(text, path)


def _read_page(path: Path, settings: Settings, cache: Cache) -> list[Diagnostic]:
    """One content page's problems (the source scan has refused those it must not read)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [error(path, Position(), "PAG001", f"page cannot be read: {exc.strerror}")]
    return cache.get_or_compute("page", path, data, lambda: read_page(path, settings, data))


def _read_pearls(
    paths: list[Path], settings: Settings, cache: Cache, alongside: Callable[[], object]
) -> list[tuple[Pearl | None, list[Diagnostic]]]:
    """Each pearl and every problem it shows alone, its algorithm's graph included, in the
    order of ``paths``; from the cache where the file is unchanged. ``alongside`` is called
    here while other cores read them (:func:`generator.parallel.map_shared`)."""
    jobs: list[tuple[Path, bytes, tuple[Path, bytes]]] = []
    unreadable: dict[Path, tuple[Pearl | None, list[Diagnostic]]] = {}
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            unreadable[path] = read_pearl(path, settings)  # reports why it cannot be read
            continue
        jobs.append((path, data, (path, data)))
    read = cache.get_or_compute_each(
        "pearl", jobs, lambda job: checked_pearl(*job, settings), alongside=alongside
    )
    results = unreadable | {path: result for (path, _, _), result in zip(jobs, read, strict=True)}
    return [results[path] for path in paths]


def checked_pearl(
    path: Path, data: bytes, settings: Settings
) -> tuple[Pearl | None, list[Diagnostic]]:
    pearl, diagnostics = read_pearl(path, settings, data)
    if pearl is not None and pearl.algorithm is not None:
        diagnostics += validate_graph(pearl.algorithm, path)
    return pearl, diagnostics


def cross_checks(project: Project) -> list[Diagnostic]:
    """Problems that need more than one file: dates, slugs, topics, citations, links."""
    diagnostics: list[Diagnostic] = _settings_checks(project)
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
    slugs, by_file = _link_targets(project)
    cited: dict[str, str] = {}  # each cited key and the first pearl file citing it
    suggested: set[str] = set()  # the keys an unknown key may misspell: cited, as far as known
    for pearl in project.pearls:
        if project.topics_read:  # else its one error is the thing to fix, not every topic
            diagnostics += _topic_checks(pearl, project.topics, project.misdefined_topics)
        if pearl.algorithm is not None:
            diagnostics += validate_links(pearl.algorithm, pearl.path, slugs)
        diagnostics += _unknown_body_links(pearl, slugs, by_file)
        for group in pearl.all_citation_groups():
            for citation in group.citations:
                # an ``ids`` alias counts as its entry's key
                cited.setdefault(project.bibliography.aliases.get(citation.key, citation.key),
                                 pearl.path.name)
                known = citation.key in project.bibliography
                if not known and citation.key not in project.bibliography.unreadable:
                    meant = closest(citation.key, project.bibliography.keys())
                    suggested.update(meant)
                    hint = did_you_mean(meant) or f"add it to {project.bibliography.path.name}"
                    diagnostics.append(error(pearl.path, citation.position, "CIT010",
                                             f"unknown citation key '{citation.key}'", hint))
    diagnostics += _incomplete_references(project, cited)
    diagnostics += _empty_references(project.bibliography, cited)
    unread = {"CIT001", "CIT002", "CIT003", "CIT004", "CIT005"}
    if len(project.pearls) < len(project.sources) or any(
        d.code in unread for d in project.report.errors
    ):
        return diagnostics  # an entry may be cited by a pearl or citation that could not be read
    for key in project.bibliography.entries:
        if key not in cited and key not in suggested:
            diagnostics.append(
                warning(
                    project.bibliography.path,
                    project.bibliography.position(key),
                    "BIB100",
                    f"entry '{key}' is never cited",
                )
            )
    return diagnostics


def _link_targets(project: Project) -> tuple[set[str], dict[str, str]]:
    """The slugs a link may name, and the slug of each pearl by its file's name."""
    slugs = {p.slug for p in project.pearls}
    by_file = {p.path.stem: p.slug for p in project.pearls}
    # A pearl that could not be read is still there to link to (its error says what to mend).
    read = {p.path for p in project.pearls}
    slugs |= {slugify(split_file_name(path)[1]) for path in project.sources if path not in read}
    return slugs, by_file


def body_link_checks(project: Project, pearl: Pearl) -> list[Diagnostic]:
    """What :func:`cross_checks` finds in ``pearl``'s body alone: its links to other pearls."""
    slugs, by_file = _link_targets(project)
    return _unknown_body_links(pearl, slugs, by_file)


def _unknown_body_links(
    pearl: Pearl, slugs: set[str], by_file: dict[str, str]
) -> list[Diagnostic]:
    """Body links to pearls that do not exist (a pearl linked by its file name is answered
    with its slug), and links by path to anything but a pearl (MkDocs would stop the build
    without a line)."""
    problems = []
    for link in pearl_links(pearl.body):
        if link.slug not in slugs:
            where = offset_to_position(pearl.body, link.offset, pearl.body_origin)
            named = by_file.get(link.slug)
            if named:
                problems.append(error(pearl.path, where, "PRL021",
                                      f"'{link.slug}.md' is the pearl's file name; a link names "
                                      "a pearl by its slug", f"write ({named}.md)"))
                continue
            close = [f"{slug}.md" for slug in closest(link.slug, sorted(slugs))]
            problems.append(error(pearl.path, where, "PRL021",
                                  f"link to unknown pearl '{link.slug}'",
                                  did_you_mean(close) or
                                  "link a pearl by its slug, as 'slug.md'"))
    for offset, target in path_links(pearl.body):
        position = offset_to_position(pearl.body, offset, pearl.body_origin)
        problems.append(error(pearl.path, position, "PRL022",
                              f"link to '{target}' names no pearl",
                              "link another pearl as 'slug.md', anything else by its full "
                              "https:// address"))
    return problems


def embargo_checks(project: Project, as_of: dt.date) -> list[Diagnostic]:
    """Links a reader would follow to a pearl not yet published: from each pearl published on
    ``as_of`` (or, for one dated later, on its own day), a body link or an algorithm link node
    to a pearl that is a draft or dated later. The build refuses them, so no page, feed, search
    index or email names an unpublished pearl; a preview (`pearls serve`) allows them."""
    by_slug = {p.slug: p for p in project.pearls}
    problems: list[Diagnostic] = []
    for pearl in project.pearls:
        if pearl.draft:
            continue
        day = max(as_of, pearl.date)
        links = [(link.slug, offset_to_position(pearl.body, link.offset, pearl.body_origin),
                  "PRL020", "links to") for link in pearl_links(pearl.body)]
        if pearl.algorithm is not None:
            links += [(node.pearl, node.pearl_position or node.position, "ALG019",
                       f"link '{node.id}' leads to") for node in pearl.algorithm.nodes
                      if node.pearl is not None]
        for slug, position, code, what in links:
            target = by_slug.get(slug)
            if target is None or target.is_published(day):
                continue
            if target.draft:
                message, hint = (f"{what} '{slug}', a draft",
                                 "remove the link, or publish that pearl first")
            else:
                message, hint = (f"{what} '{slug}', published on {target.date.isoformat()}",
                                 "remove the link or date this pearl on or after that day")
            problems.append(error(pearl.path, position, code, message, hint))
    return problems


def _settings_checks(project: Project) -> list[Diagnostic]:
    """Settings whose values name things: the citation style and the home page's pearl."""
    settings = project.settings
    path = settings.root / CONFIG_FILE
    diagnostics = []
    if settings.citation_style not in style_names():
        diagnostics.append(
            error(
                path,
                settings.positions.get("citation_style", Position()),
                "CFG005",
                f"unknown citation style '{settings.citation_style}'",
                f"use one of: {', '.join(style_names())}; a style of another package needs "
                "that package installed wherever pearls runs (the publish workflow's install "
                "step, the pre-commit hook's additional_dependencies)",
            )
        )
    slugs = [p.slug for p in project.pearls]
    if settings.home_pearl is not None and settings.home_pearl not in slugs:
        close = did_you_mean(closest(settings.home_pearl, slugs))
        diagnostics.append(
            error(
                path,
                settings.positions.get("home_pearl", Position()),
                "CFG006",
                f"home_pearl '{settings.home_pearl}' is not the slug of any pearl",
                close or "remove it to show the latest pearl",
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


def _topic_checks(
    pearl: Pearl, topics: dict[str, Topic], misdefined: frozenset[str]
) -> list[Diagnostic]:
    diagnostics = []
    for index, topic in enumerate(pearl.topics):
        if topic not in topics and topic not in misdefined:  # misdefined: topics.yml's error
            hint = did_you_mean(closest(topic, topics)) or "add it to content/topics.yml"
            where = pearl.front_matter.value_position(("topics", index))
            diagnostics.append(error(pearl.path, where, "TOP010", f"unknown topic '{topic}'", hint))
    return diagnostics


#: Where a reference's source may be: without one, nor an author or a title, it renders empty.
_SOURCE_FIELDS = ("journal", "shortjournal", "booktitle", "publisher", "institution",
                  "organization", "howpublished", "url", "doi")  # fmt: skip


def _empty_references(bibliography: Bibliography, cited: dict[str, str]) -> list[Diagnostic]:
    """Each entry with no author, title or source, which would render as next to nothing: an
    error when a pearl cites it, a warning otherwise."""
    diagnostics = []
    for reference in bibliography:
        if (
            reference.persons("author")
            or reference.persons("editor")
            or reference.field("title") is not None
            or any(reference.raw(name) is not None for name in _SOURCE_FIELDS)
        ):
            continue
        report = error if reference.key in cited else warning
        where = f"cited in {cited[reference.key]}" if reference.key in cited else "not cited"
        diagnostics.append(
            report(
                bibliography.path,
                reference.position,
                "BIB103",
                f"entry '{reference.key}' ({where}) has no author, title or source to show",
                "add its author, title and journal or publisher",
            )
        )
    return diagnostics


def _incomplete_references(project: Project, cited: dict[str, str]) -> list[Diagnostic]:
    """A warning on each cited entry that will render partially in the configured style, naming
    what that style needs and the entry lacks (none when the style is unknown: CFG005 says so)."""
    if project.settings.citation_style not in style_names():
        return []
    style = citation_style(project.settings.citation_style)
    foreign = not is_packaged(project.settings.citation_style)  # reads installed metadata
    diagnostics = []
    for key in sorted(cited):
        reference = project.bibliography.get(key)
        if reference is None:
            continue
        title = reference.raw("title")
        if style.kind(reference) == "article" and title and looks_title_case(title):
            diagnostics.append(
                warning(
                    project.bibliography.path,
                    reference.field_positions.get("title", reference.position),
                    "BIB102",
                    f"the title of '{key}' looks like Title Case",
                    "AMA capitalises only the first word, proper names and abbreviations of an "
                    "article title; write it so in the .bib file, braces keep a word's capitals",
                )
            )
        missing = style.missing_fields(reference)
        if missing:
            position = project.bibliography.position(key)
            diagnostics.append(
                partially_rendered(project.bibliography.path, position, key, missing, cited[key])
            )
        if foreign:
            diagnostics += _unformattable(project, style, reference)
    return diagnostics


def _unformattable(
    project: Project, style: CitationStyle, reference: Reference
) -> list[Diagnostic]:
    """CFG060 when another package's citation style fails on the cited ``reference`` (the
    build, the email and `pearls refs` would stop there); the generator's own styles are tested
    on every kind of entry, and not run by the check."""
    try:
        style.format_entry(reference.key, reference)
    except Exception as exc:
        problem = f"fails on this entry ({failure(exc)})"
        message, hint = fault(project.settings.citation_style, problem)
        position = project.bibliography.position(reference.key)
        return [error(project.bibliography.path, position, "CFG060", message, hint)]
    return []


def partially_rendered(
    path: Path, position: Position, key: str, missing: list[str], cited_in: str | None = None
) -> Diagnostic:
    """BIB101: entry ``key`` lacks the ``missing`` fields its citation style needs (nothing is
    made up in their place); ``cited_in`` names where it is cited, None for an entry just added."""
    if cited_in is not None:
        return warning(
            path, position, "BIB101",
            f"'{key}' (cited in {cited_in}) will render partially: missing {', '.join(missing)}",
        )  # fmt: skip
    return warning(
        path, position, "BIB101",
        f"'{key}' will render partially: missing {', '.join(missing)}",
        "the source gave no more; add what the article itself shows",
    )  # fmt: skip
