"""The ``pearls`` MkDocs plugin (``plugins: [search, pearls]`` in ``mkdocs.yml``).

A thin adapter registered under the ``mkdocs.plugins`` entry point: each event calls the
function of the same name in :mod:`generator.site.hooks`, which holds the generator's side.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator.site import hooks


class PearlsPlugin(BasePlugin):
    """Generates the pages when MkDocs loads its configuration, and cleans each built page."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        hooks.on_startup(command, dirty)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        return hooks.on_config(config)

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        return hooks.on_page_markdown(markdown, page, config, files)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        return hooks.on_page_content(html, page, config, files)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return hooks.on_post_page(output, page, config)

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return hooks.on_post_template(output_content, template_name, config)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        return hooks.on_serve(server, config, builder)
