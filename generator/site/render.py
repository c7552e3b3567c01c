"""The Jinja environment the site's pages are rendered with (:mod:`generator.templates`)."""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator import templates
from generator.config import Settings
from generator.site import urls
from generator.site.trusted import fragment


def environment(root: Path, settings: Settings) -> jinja2.Environment:
    """The project's templates over the packaged ones (site pages under ``site/``, HTML-escaped),
    with the site's filters. Each build makes its own, so templates are read once per build."""
    env = templates.environment(root)
    env.filters["long_date"] = long_date
    env.filters["plain"] = plain
    env.filters["atom_time"] = atom_time
    env.filters["fragment"] = fragment
    env.globals["url"] = _url
    env.globals["href"] = _href
    env.globals["urls"] = urls
    env.globals["settings"] = settings
    return env


#: Characters Markdown, its extensions or HTML may read as syntax: written as character references.
_AS_REFERENCES = str.maketrans({c: f"&#{ord(c)};" for c in string.punctuation})


def plain(value: object) -> Markup:
    """A plain-text field (title, summary, name) as Markdown that shows it exactly as typed.

    Every ASCII punctuation character becomes a numeric character reference, which neither
    Markdown (links, emphasis, ``attr_list``) nor HTML reads as syntax, in text or attribute
    values; line breaks become spaces, so a field never ends the block it stands in.
    """
    text = " ".join(str(value).split())
    return Markup(text.translate(_AS_REFERENCES))


def long_date(day: dt.date) -> str:
    """``17 February 2021``: unambiguous for readers anywhere."""
    return f"{day.day} {day:%B %Y}"


def atom_time(day: dt.date) -> str:
    """RFC 3339 midnight UTC: pearls are dated, not timed, so the feed is reproducible."""
    return f"{day.isoformat()}T00:00:00Z"


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
