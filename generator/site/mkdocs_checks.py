"""What MkDocs would refuse in ``mkdocs.yml``, found by `pearls check` before `pearls build`.

`pearls build` has MkDocs load ``mkdocs.yml`` strictly (a warning stops it) with docs and site
folders of its own. :func:`mkdocs_checks` runs MkDocs' own validation the same way (stand-in
folders, no plugin's ``on_config``: nothing is generated) and reports each key MkDocs names at its
line, with MkDocs' message; then each ``nav`` entry naming a file the build will not generate.
The ``pearls`` plugin's options are :func:`generator.config.load_settings`' to check (CFG001,
CFG004), and its entry in ``plugins`` :func:`plugin_problems`' (CFG062): MkDocs validates the
others without them.

| code   | problem                                                                  |
|--------|--------------------------------------------------------------------------|
| CFG009 | a setting MkDocs refuses, or warns about (the build is strict): its message; |
|        | or a file that is not a mapping of settings (:func:`generator.config.read_document`) |
| CFG010 | a ``nav`` entry naming a file the site will not have                     |
| CFG011 | a ``docs_dir`` the generator may not fill (`mkdocs build`, `pearls serve`): a |
|        | source folder, or one holding files it did not make                       |
| CFG061 | a ``site_dir`` a plain `mkdocs build` may not build into (it first deletes |
|        | what it holds): a source folder, or one holding files neither pearls nor  |
|        | MkDocs made; the plugin stops `mkdocs build` before anything is deleted   |
| CFG062 | the ``pearls`` plugin's entry in ``plugins``, without which nothing would |
|        | generate the site (`pearls build` refuses to build): none, one MkDocs'    |
|        | ``enabled: false`` turns off, an ``enabled`` that is not true or false or |
|        | options that are not a mapping (MkDocs refuses them), or a second entry   |
|        | (MkDocs warns, and the build is strict)                                   |
| PAG050 | a page of ``content/pages/`` written where the site has a file already     |
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import File
from mkdocs.structure.pages import _AbsoluteLinksValidationValue
from yaml import YAMLError

from generator.config import (
    CONFIG_FILE,
    MKDOCS_GUIDE,
    PLUGIN,
    PLUGIN_HINT,
    Settings,
    Typed,
    loaded_entries,
    mkdocs_settings,
    names_plugin,
    plugin_entries,
    read_document,
)
from generator.content.fields import value_kind
from generator.diagnostics import (
    Diagnostic,
    Position,
    closest,
    did_you_mean,
    display_path,
    error,
)
from generator.outputs import (
    DOCS_FOLDER_HINT,
    SITE_FOLDER_HINT,
    docs_folder_problem,
    site_folder_problem,
)
from generator.project import Project, embargo_checks
from generator.site import urls
from generator.site.generate import FEED_SIZE, asset_files
from generator.site.model import SiteModel, SiteOptions
from generator.templates import template_checks
from generator.yaml_source import YamlDocument, YamlPath

#: MkDocs' settings, by name, with the option validating each.
_SCHEMA = dict(MkDocsConfig._schema)
#: What MkDocs says of a name it has no setting for.
_UNKNOWN = "Unrecognised configuration name"
#: The words of a message, of which some may name settings (``custom_dir``, ``'nav'``).
_WORDS = re.compile(r"[\w./-]+")


def build_checks(project: Project, as_of: dt.date) -> list[Diagnostic]:
    """What `pearls build` as of ``as_of`` would stop for beyond each file alone: links to pearls
    not yet published, ``mkdocs.yml`` (:func:`mkdocs_checks`) and the project's own templates."""
    return [
        *embargo_checks(project, as_of),
        *mkdocs_checks(project, as_of),
        *template_checks(project.settings.templates_path),
    ]


def mkdocs_checks(project: Project, as_of: dt.date) -> list[Diagnostic]:
    """Each problem MkDocs would stop `pearls build` (as of ``as_of``) for in ``mkdocs.yml``,
    at the line of the key it names."""
    path = project.root / CONFIG_FILE
    document = read_document(path)[0] if path.is_file() else None
    if document is None:
        return []  # not YAML, or not settings: load_settings reported why
    settings = mkdocs_settings(path)  # as MkDocs reads it (INHERIT, !ENV); None: CFG009 says why
    with tempfile.TemporaryDirectory(prefix="pearls-check-") as folder, _mkdocs_quiet():
        docs = Path(folder, "docs")
        docs.mkdir()
        config, problems = validated(path, docs, Path(folder, "site"))
    if any(d.code == "CFG007" for d in project.report.diagnostics):
        problems = [p for p in problems if p[0] != "markdown_extensions"]  # CFG007 says so
    diagnostics = [_diagnostic(path, document, *problem) for problem in problems]
    if config is not None:
        generated = generated_files(project, as_of)
        pages = _content_pages(project)
        diagnostics += nav_problems(config, path, document, generated | set(pages))
        diagnostics += page_clashes(project, generated, pages, config["use_directory_urls"])
    return (
        diagnostics
        + plugin_problems(path, document, settings)
        + docs_folder_problems(project, path, document, settings)
        + site_folder_problems(project, path, document, settings)
    )


def plugin_problems(
    path: Path, document: YamlDocument, settings: dict[str, Any] | None
) -> list[Diagnostic]:
    """CFG062 when MkDocs, reading ``mkdocs.yml`` as it does (``settings``: ``INHERIT``,
    ``!ENV``), would not load the one ``pearls`` plugin: ``plugins`` does not list it, its
    first entry (the one MkDocs names ``pearls``) is turned off with MkDocs' own ``enabled:
    false`` or has an ``enabled`` or options MkDocs refuses, or a later entry lists it again
    (a warning MkDocs gives, and the build is strict). Without it nothing would generate the
    pages, and `pearls build` refuses to build."""
    entries = loaded_entries(settings)
    if entries is None:
        return []  # MkDocs refuses plugins itself, or cannot read mkdocs.yml (CFG009)
    if not entries:
        listed = isinstance(document.value, dict) and "plugins" in document.value
        where = document.position(("plugins",)) if listed else Position()
        message = f"{CONFIG_FILE} does not list the {PLUGIN} plugin, which generates the site"
        return [error(path, where, "CFG062", message, PLUGIN_HINT)]
    places: list[YamlPath | None] = [where for where, _ in plugin_entries(document)]
    places = (places + [None] * len(entries))[: len(entries)]  # None: in an INHERITed file
    problems = [_entry_problem(path, document, entries[0], places[0])]
    first = document.position(places[0]).line if places[0] else None
    for where in places[1:]:
        message = f"the {PLUGIN} plugin is listed twice"
        message += f": first on line {first}, again here" if first else ""
        hint = (
            "MkDocs warns that it was specified multiple times, and the build is strict: "
            "list it once, with its options"
        )
        problems.append(
            error(path, document.position(where) if where else Position(), "CFG062", message,
                  hint)
        )  # fmt: skip
    return [problem for problem in problems if problem is not None]


def _entry_problem(
    path: Path, document: YamlDocument, options: Any, where: YamlPath | None
) -> Diagnostic | None:
    """CFG062 when MkDocs would refuse or turn off the ``pearls`` plugin's entry, whose
    ``options`` (as MkDocs reads them) are written at ``where``."""

    def at(*keys: str) -> Position:
        return document.value_position((*where, *keys)) if where else Position()

    options = options or {}  # MkDocs reads no options (null, [], '') as none
    if not isinstance(options, dict):
        kind = value_kind(options)
        message = f"the {PLUGIN} plugin's options must be a mapping of option: value, not {kind}"
        hint = (
            f"MkDocs refuses them, so the build would stop: write them as option: value lines "
            f"under {PLUGIN}:, or give none for the defaults"
        )
        return error(path, at(), "CFG062", message, hint)
    if "enabled" not in options:
        return None
    try:
        enabled = Typed(bool).run_validation(options["enabled"])
    except ValidationError as exc:
        hint = (
            "MkDocs refuses it, so the build would stop: remove it; the plugin is on unless "
            "turned off, and pearls build needs it"
        )
        return error(path, at("enabled"), "CFG062", f"enabled: {exc}", hint)
    if enabled:
        return None
    where_enabled = document.position((*where, "enabled")) if where else Position()
    message = f"enabled: false turns off the {PLUGIN} plugin, which generates the site"
    return error(path, where_enabled, "CFG062", message, "remove it: pearls build needs the plugin")


#: What MkDocs and the theme write into the site themselves.
_MKDOCS_OUTPUTS = ("404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json")


def page_clashes(
    project: Project, generated: set[str], pages: dict[str, Path], directory_urls: bool
) -> list[Diagnostic]:
    """PAG050 for each hand-written page (``pages``, by docs-folder path) that would be written
    where the site already has a file (one of the ``generated``, the feed, another page) or a file
    stands in its path: the build stopped ('File exists'), or the page silently took a pearl's
    place."""

    def written(name: str) -> str:  # where MkDocs writes it: a page as HTML, others as named
        return File(name, "", "", directory_urls).dest_uri if name.endswith(".md") else name

    outputs = [*sorted(generated), *_MKDOCS_OUTPUTS]
    taken = {written(name): f"the site's own {name}" for name in outputs}
    diagnostics = []
    for name, page in sorted(pages.items()):
        target = written(name)
        holders = [target, *(str(parent) for parent in PurePath(target).parents)]
        clash = next((taken[held] for held in holders if held in taken), None)
        if clash is None:
            taken[target] = f"the page {display_path(page, project.root)}"
            continue
        diagnostics.append(
            error(
                page,
                Position(),
                "PAG050",
                f"this page would be written to {target}, where {clash} is written",
                "rename or move the file",
            )
        )
    return diagnostics


def docs_folder_problems(
    project: Project, path: Path, document: YamlDocument, settings: dict[str, Any] | None
) -> list[Diagnostic]:
    """CFG011 when `mkdocs build` and `pearls serve` may not generate the pages into
    ``docs_dir`` as MkDocs reads it (``settings``: ``!ENV``, ``INHERIT``): they would delete
    its files."""
    return _folder_problems(
        project, path, document, settings, ("docs_dir", "docs"), docs_folder_problem, "CFG011",
        DOCS_FOLDER_HINT,
    )  # fmt: skip


def site_folder_problems(
    project: Project, path: Path, document: YamlDocument, settings: dict[str, Any] | None
) -> list[Diagnostic]:
    """CFG061 when a plain `mkdocs build` may not build into ``site_dir`` as MkDocs reads it
    (``settings``): MkDocs would first delete what it holds (a source folder, files pearls did
    not make)."""
    return _folder_problems(
        project, path, document, settings, ("site_dir", "site"), site_folder_problem, "CFG061",
        SITE_FOLDER_HINT,
    )  # fmt: skip


def _folder_problems(
    project: Project,
    path: Path,
    document: YamlDocument,
    settings: dict[str, Any] | None,
    option: tuple[str, str],
    problem_of: Callable[[Settings, Path], str | None],
    code: str,
    hint: str,
) -> list[Diagnostic]:
    """``code`` at ``option`` (its key and MkDocs' default) when ``problem_of`` refuses the
    folder it names in ``settings`` (:func:`generator.config.mkdocs_settings`)."""
    key, default = option
    if settings is None:
        return []  # MkDocs' own validation says why it cannot be read
    folder = settings.get(key, default)
    if not isinstance(folder, str):
        return []  # nor what MkDocs refuses (CFG009 from a plain `mkdocs build`)
    problem = problem_of(project.settings, path.parent / folder)
    if problem is None:
        return []
    return [error(path, document.value_position((key,)), code, problem, hint)]


def validated(
    path: Path, docs: Path, site: Path
) -> tuple[MkDocsConfig | None, list[tuple[str, str, bool]]]:
    """MkDocs' errors and warnings about ``path`` loaded as `pearls build` loads it (with the
    folders ``docs`` and ``site``), as (key, message, whether MkDocs refuses it), and the
    configuration when its ``nav`` and ``validation`` are MkDocs' to judge the nav by (None
    when they were refused). MkDocs stops at the first key it refuses: the keys after it are
    validated again without it, as written."""
    overrides = {"docs_dir": str(docs), "site_dir": str(site), "strict": True}
    refused: set[str] = set()
    found: dict[tuple[str, str], bool] = {}
    while True:
        config = MkDocsConfig(config_file_path=str(path))
        try:
            with path.open("rb") as file:
                config.load_file(file)
        except (MkDocsException, ValidationError, YAMLError, OSError, ValueError) as exc:
            return None, [("", str(exc), True)]
        except (TypeError, AttributeError):
            # MkDocs joins INHERIT to the folder without checking it is text, and looks for
            # INHERIT in what the file it names holds without checking it is settings
            return None, [("INHERIT", "must name a YAML file of settings, as text", True)]
        except RecursionError:
            return None, [("INHERIT", "names a file that inherits, in the end, itself", True)]
        config["plugins"] = _without_pearls(config["plugins"])
        config.load_dict(overrides)
        config._schema = tuple((key, o) for key, o in config._schema if key not in refused)
        config._schema_keys -= refused
        try:
            failed, warnings = config.validate()
        except (AttributeError, KeyError, TypeError, ValueError):
            if not refused:
                raise
            config = None  # a later key read a refused one as MkDocs never leaves it: stop
            break
        for key, message in warnings:
            if key not in refused:  # a refused key is no longer MkDocs' (it would be unknown)
                found.setdefault((key, str(message)), False)
        for key, message in failed:
            found[(key, str(message))] = True
        if not failed:
            break
        refused |= {key for key, _ in failed}
    if refused & {"nav", "validation"}:
        config = None
    return config, [(key, message, refuses) for (key, message), refuses in found.items()]


def _without_pearls(plugins: Any) -> Any:
    """``plugins`` without the ``pearls`` entries, whose options load_settings checks and
    whose shape (``enabled``, a second entry) :func:`plugin_problems` does."""
    if isinstance(plugins, dict):
        return {name: options for name, options in plugins.items() if not names_plugin(name)}
    if isinstance(plugins, list):
        return [p for p in plugins if not names_plugin(p) and not _one_entry_of_pearls(p)]
    return plugins


def _one_entry_of_pearls(entry: Any) -> bool:
    """Whether ``entry`` of ``plugins`` is the ``pearls`` plugin's with its options (an entry
    naming two plugins is MkDocs' to refuse)."""
    return isinstance(entry, dict) and len(entry) == 1 and names_plugin(next(iter(entry)))


@contextmanager
def _mkdocs_quiet() -> Iterator[None]:
    """No MkDocs messages on stderr while it validates: its findings are diagnostics."""
    logger, quiet = logging.getLogger("mkdocs"), logging.NullHandler()
    propagates = logger.propagate
    logger.addHandler(quiet)  # its loggers' records stop here, not at logging's last resort
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(quiet)
        logger.propagate = propagates


def _diagnostic(
    path: Path, document: YamlDocument, key: str, message: str, refuses: bool
) -> Diagnostic:
    """MkDocs' ``message`` about ``key`` at the key's line, or the option in it the message
    names (``Plugin 'search' option 'x'``, ``Sub-option 'nav'``, ``custom_dir``)."""
    where = _named(document, key, message) if key else Position(1, 1)
    lines = message.strip().splitlines() or [""]
    if len(lines) > 1:  # a traceback between what failed and the exception: the two ends
        message = f"{lines[0]} {lines[-1].strip()}"
    if key not in _SCHEMA and message.startswith(_UNKNOWN):
        hint = did_you_mean(closest(key, _SCHEMA)) or "remove it"
        return error(path, where, "CFG009", f"MkDocs has no setting '{key}'", hint)
    guide = f"see {MKDOCS_GUIDE}#{key}" if key else f"see {MKDOCS_GUIDE}"
    if refuses:
        hint = f"MkDocs refuses it, so the build would stop: {guide}"
    else:
        hint = f"MkDocs warns about it, and the build is strict: a warning stops it; {guide}"
    return error(path, where, "CFG009", f"{key}: {message}" if key else message, hint)


def _named(document: YamlDocument, key: str, message: str) -> Position:
    """Where ``key`` is written, or the setting within it that words of ``message`` name in
    turn."""
    at: YamlPath = (key,)
    value = document.value.get(key) if isinstance(document.value, dict) else None
    for name in _WORDS.findall(message):
        name = name.rpartition("/")[2]  # the theme's plugin (material/search) is written search
        if isinstance(value, dict) and name in value:
            at, value = (*at, name), value[name]
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if item == name:
                    at, value = (*at, index), None
                    break
                if isinstance(item, dict) and name in item:
                    at, value = (*at, index, name), item[name]
                    break
    return document.position(at)


def nav_problems(
    config: MkDocsConfig, path: Path, document: YamlDocument, files: set[str]
) -> list[Diagnostic]:
    """Each ``nav`` entry naming a file not in ``files`` (the docs folder's), as MkDocs judges
    them, when MkDocs warns about it (the build is strict): at the file name."""
    nav = config.validation.nav
    problems = []
    for at, entry in _nav_entries(config.nav, ("nav",)):
        scheme, host, *_ = urlsplit(entry)
        if scheme or host:
            continue  # a link to another site
        relative = nav.absolute_links is _AbsoluteLinksValidationValue.RELATIVE_TO_DOCS
        absolute = entry.startswith("/") and not relative
        if not absolute and PurePath(entry.lstrip("/") if relative else entry).as_posix() in files:
            continue
        if (nav.absolute_links if absolute else nav.not_found) < logging.WARNING:
            continue  # MkDocs only tells: the build goes on
        if absolute:
            message = f"the nav names '{entry}', an absolute path MkDocs leaves to the server"
            hint = f"name the page without the leading '/': {entry.lstrip('/')}"
        else:
            message = f"the nav names '{entry}', a file the site will not have"
            pages = sorted(name for name in files if name.endswith(".md"))
            hint = did_you_mean(closest(entry, pages)) or (
                "name a page of the site: index.md, archive/index.md, topics/index.md, "
                "algorithms/index.md, references/index.md or a page of content/pages/"
            )
        problems.append(error(path, document.value_position(at), "CFG010", message, hint))
    return problems


def _nav_entries(nav: Any, at: YamlPath) -> Iterator[tuple[YamlPath, str]]:
    """Each file or URL the nav names, with where it is in ``mkdocs.yml``."""
    if isinstance(nav, list):
        for index, item in enumerate(nav):
            yield from _nav_entries(item, (*at, index))
    elif isinstance(nav, dict):
        for title, item in nav.items():
            yield from _nav_entries(item, (*at, title))
    elif isinstance(nav, str):
        yield at, nav


def site_files(project: Project, as_of: dt.date) -> set[str]:
    """The docs-folder path of each file a build as of ``as_of`` generates (none is made)."""
    return generated_files(project, as_of) | set(_content_pages(project))


def _content_pages(project: Project) -> dict[str, Path]:
    """The hand-written pages (``content/pages/``), by docs-folder path."""
    pages = project.settings.content_path / "pages"
    return {
        urls.content_page(page.relative_to(pages).as_posix()): page
        for page in project.tree.files(pages, ".md")
    }


def generated_files(project: Project, as_of: dt.date) -> set[str]:
    """:func:`site_files` but the hand-written pages."""
    model = SiteModel(project, SiteOptions(as_of))
    files = {urls.HOME, urls.ARCHIVE, urls.TOPICS, urls.ALGORITHMS, urls.REFERENCES, urls.FEED}
    for rank, item in enumerate(model.pearls):
        pearl = item.pearl
        files.add(urls.pearl_page(pearl))
        files |= {urls.citation_file(pearl, extension) for extension in ("bib", "ris", "json")}
        if pearl.algorithm is not None:
            files.add(urls.algorithm_image(pearl))
            if rank < FEED_SIZE:  # the feed's pearls (newest first)
                files.add(urls.algorithm_png(pearl))
    files |= {urls.year_page(year) for year in model.by_year}
    files |= {urls.topic_page(slug) for slug in model.by_topic}
    files |= {urls.topic_feed(slug) for slug in model.by_topic}
    return files | set(asset_files(project))
