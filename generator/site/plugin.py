"""The ``pearls`` MkDocs plugin (``plugins: [search, pearls]`` in ``mkdocs.yml``).

A thin adapter registered under the ``mkdocs.plugins`` entry point: its options are the generator's
settings (:class:`~generator.config.PearlsOptions`), and each event calls the function of the same
name in :mod:`generator.site.hooks` with the state of this run, which the plugin holds: whether
MkDocs builds or serves, what `pearls build` asked for, and the trusted fragments of the pages
generated. MkDocs keeps one instance across the rebuilds of a ``serve`` (the plugin has
``on_startup``); each run starts afresh in :meth:`PearlsPlugin.on_startup`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.base import ConfigErrors, ConfigWarnings
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator.config import CONFIG_FILE, PearlsOptions, option_problems
from generator.errors import PearlsError, describe_os_error
from generator.outputs import SITE, mark
from generator.site import hooks
from generator.site.dirty import (
    DirtySite,
    Generated,
    RecordedFiles,
    SiteRecord,
    quiet_dirty_warning,
)
from generator.site.hooks import Request
from generator.site.live import LiveSite
from generator.site.trusted import TrustedFragments
from generator.templates import CompiledTemplates


class PearlsPlugin(BasePlugin[PearlsOptions]):
    """Generates the pages when MkDocs loads its configuration, and cleans each built page."""

    def __init__(self) -> None:
        self.command = "build"
        #: Set by `pearls build` after :meth:`on_startup`; the defaults otherwise.
        self.request = Request()
        self.trusted = TrustedFragments()
        #: MkDocs builds only modified pages when ``dirty`` (every rebuild of a serve, a cached
        #: `pearls build` of a site it built before): what the last build made (a serve's), and
        #: what the site holds (its outputs, search index entries and anchors).
        self.dirty = False
        self.live: LiveSite | None = None
        self.site = DirtySite()
        #: What was generated, in a build asked for a record (:class:`SiteRecord`).
        self.generated: Generated | None = None
        self.compiled: CompiledTemplates | None = None
        #: A plain `mkdocs build` (not `pearls build`, not a serve): the site it makes is
        #: marked as the generator's (:func:`generator.outputs.site_folder_problem`).
        self.plain_build = False

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[ConfigErrors, ConfigWarnings]:
        """Refuse unknown options and wrong types, naming each one's line (MkDocs would only warn
        about an unknown one, and the setting would be silently ignored)."""
        path = Path(config_file_path or CONFIG_FILE)
        problems = option_problems(options, path)
        if problems:
            return [(name, d.format(path.parent)) for name, d in problems], []
        return super().load_config(options, config_file_path)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.request, self.trusted = command, Request(), TrustedFragments()
        self.dirty, self.live, self.site, self.generated = dirty, None, DirtySite(), None
        if dirty:
            quiet_dirty_warning()

    def on_shutdown(self) -> None:
        self.request, self.trusted = Request(), TrustedFragments()
        self.live, self.site, self.generated = None, DirtySite(), None

    def site_record(self, site_dir: Path) -> SiteRecord | None:
        """After a build asked for a record: what each page of the site is made from (the site's
        files are the caller's to stamp)."""
        generated = self.generated
        if self.request.key is None or generated is None or self.site.files is None:
            return None
        anchors, links, lookups = self.site.kept(self.site.files)
        return SiteRecord(
            str(site_dir),
            self.request.key,
            generated.digests,
            generated.inputs.common,
            generated.inputs.sources,
            generated.inputs.listed,
            generated.pearl_inputs,
            generated.docs,
            anchors,
            links,
            lookups,
            {},
        )

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.command == "build":
            self.site.forget_search_index(config)
        self.plain_build = self.command != "serve" and self.request.project is None
        try:
            self.trusted, self.live, self.generated = hooks.on_config(
                config, self.command, self.request, self.live
            )
        except PearlsError as exc:
            if self.request.project is not None:  # `pearls build` reports it itself
                raise
            # In plain `mkdocs build`/`serve` (an invalid SOURCE_DATE_EPOCH, an unreadable
            # file): one line, no traceback.
            raise Abort(f"pearls: {exc}") from None
        except OSError as exc:
            if self.request.project is not None:  # `pearls build` reports it itself
                raise
            # A read-only project or a full disk: MkDocs would print a traceback.
            raise Abort(
                f"pearls: the pages were not generated ({describe_os_error(exc)})"
            ) from None
        self.request.project = None  # generated: MkDocs' stage needs none of the project
        if self.generated is not None:
            self.site.find_changed(self.generated.digests, config.nav)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        recorded = RecordedFiles(files, config.docs_dir)
        if self.site.previous is not None:
            self.site.judge(recorded)
        elif self.dirty:
            self.site.remove_stale_outputs(files, Path(config.site_dir))
        self.site.files = recorded
        return recorded

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        if self.command == "serve" or self.request.use_cache:
            if self.compiled is None:  # kept across a serve's rebuilds
                self.compiled = CompiledTemplates.in_project(Path(config.config_file_path).parent)
            env.bytecode_cache = self.compiled
        if self.dirty:
            self.site.restore_anchors(files)
        return env

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        self.site.page_started()
        return hooks.on_page_markdown(markdown, page)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        self.site.page_rendered(page)
        return hooks.on_page_content(html, page, self.trusted)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        self.site.page_built(page)
        return hooks.on_post_page(output, page, self.trusted)

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.dirty:
            self.site.complete_search_index(config)
        if self.plain_build:  # the next one may empty and rebuild it (`pearls build` too)
            mark(Path(config.site_dir), SITE)

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return hooks.on_post_template(output_content, template_name, config)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        return hooks.on_serve(server, config, builder)
