"""The generator inside MkDocs: pages are generated when MkDocs loads its configuration.

``mkdocs.yml`` names :mod:`generator.site.mkdocs_hooks` under ``hooks:``, so plain ``mkdocs build``
and ``mkdocs serve`` work from the project folder. ``pearls build`` and ``pearls serve`` say what to
build through :func:`requested`; otherwise a build shows what is published today (or on the day of
``SOURCE_DATE_EPOCH``) and ``mkdocs serve`` previews drafts and future pearls too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer

from generator.clock import today
from generator.commands.common import print_report
from generator.config import load_settings
from generator.project import Project, embargo_checks, load_project
from generator.site.generate import ToHtml, generate_site
from generator.site.model import SiteOptions


@dataclass(frozen=True)
class Request:
    """What `pearls build`/`pearls serve` ask of the next builds (fields left None: defaults)."""

    project: Project | None = None
    as_of: dt.date | None = None
    preview: bool | None = None
    use_cache: bool = False


_request = Request()
_command = "build"


@contextlib.contextmanager
def requested(request: Request) -> Iterator[None]:
    """Builds inside this block use ``request`` instead of the defaults."""
    global _request
    previous, _request = _request, request
    try:
        yield
    finally:
        _request = previous


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether MkDocs serves (previews) or builds."""
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check the project, then generate its pages into ``docs_dir``."""
    root = Path(config.config_file_path).resolve().parent
    preview = _request.preview if _request.preview is not None else _command == "serve"
    as_of = _request.as_of or today()
    project = _request.project
    if project is None:
        project = load_project(root, use_cache=True)
        if not preview:
            project.report.extend(embargo_checks(project, as_of))
        if project.report.diagnostics:
            print_report(project.report, project.root)
    if project.report.failed():
        raise PluginError(
            f"content errors: nothing was built ({len(project.report.errors)} to fix above)"
        )
    options = SiteOptions(as_of=as_of, preview=preview, use_cache=_request.use_cache)
    generate_site(project, Path(config.docs_dir), options, markdown_renderer(config))
    if _command == "build":
        # The loaded archive lives until the build ends: keep MkDocs' garbage collections from
        # rescanning its hundreds of thousands of objects (~3% of a 1,000-pearl build), once
        # the garbage made so far is gone.
        gc.collect()
        gc.freeze()
    return config


def on_post_build(config: MkDocsConfig) -> None:
    """Return the archive's objects to the garbage collector's care."""
    gc.unfreeze()


def on_build_error(error: Exception) -> None:
    """As :func:`on_post_build`, when the build fails."""
    gc.unfreeze()


_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
_ORPHAN_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def on_post_page(output: str, page: object, config: MkDocsConfig) -> str:
    """Mend two spots where mkdocs-material's templates fail the W3C Nu Html Checker.

    Its toggles put ``autocomplete`` on checkboxes (not allowed there), and pages outside the
    navigation (every pearl) get a table-of-contents label for a toggle that is not rendered.
    """
    output = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", output)
    if 'id="__toc"' not in output:
        output = output.replace(_ORPHAN_TOC_LABEL, '<label class="md-nav__title">')
    return output


def on_serve(
    server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., None]
) -> LiveReloadServer:
    """Rebuild on edits to the content, the bibliography and the templates.

    The generated docs folder itself is not watched: the rebuild writes it.
    """
    root = Path(config.config_file_path).resolve().parent
    server.unwatch(config.docs_dir)
    settings, _ = load_settings(root)
    for path in (settings.content_path, settings.bibliography_path, root / "templates"):
        if path.exists():
            server.watch(str(path))
    return server


def markdown_renderer(config: MkDocsConfig) -> ToHtml:
    """Markdown → HTML with the site's own extensions (for the feed's full content)."""

    def to_html(text: str) -> str:
        return markdown.markdown(
            text, extensions=config.markdown_extensions, extension_configs=config.mdx_configs
        )

    return to_html
