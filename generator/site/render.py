"""The Jinja environment the site's pages are rendered with (:mod:`generator.templates`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from generator import templates
from generator.config import Settings
from generator.site import urls


def environment(root: Path, settings: Settings) -> jinja2.Environment:
    """The project's templates over the packaged ones (site pages under ``site/``, HTML-escaped),
    with the site's filters. Each build makes its own, so templates are read once per build."""
    env = templates.environment(root)
    env.globals["url"] = _url
    env.globals["href"] = _href
    env.globals["urls"] = urls
    env.globals["settings"] = settings
    return env


@jinja2.pass_context
def _url(context: Any, target: str) -> str:
    """A link from the page being rendered to ``target`` (absolute in the feed)."""
    settings: Settings = context["settings"]
    if context.get("absolute_links"):
        return urls.absolute_url(settings, target)
    return urls.relative(context["page"], target)


@jinja2.pass_context
def _href(context: Any, target: str) -> str:
    """A link for raw HTML, which MkDocs leaves alone: relative between the pages' URLs."""
    settings: Settings = context["settings"]
    if context.get("absolute_links"):
        return urls.absolute_url(settings, target)
    return urls.relative_url(context["page"], target)
