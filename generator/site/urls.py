"""Where each page lives: the site's stable URLs, as source paths inside the docs folder.

Pages link to each other by these ``.md`` paths (relative), so MkDocs checks every internal link
under ``--strict`` and turns them into URLs. The newsletter uses :func:`absolute_url` for
"view in browser" links.
"""

from __future__ import annotations

import posixpath
import re

from generator.config import Settings
from generator.content.model import Pearl

HOME = "index.md"
ARCHIVE = "archive/index.md"
TOPICS = "topics/index.md"
ALGORITHMS = "algorithms/index.md"
REFERENCES = "references/index.md"
FEED = "feed.xml"
#: The folder of the pearls' pages, each with a folder of its files beside it.
_PEARLS = "pearls"


def pearl_page(pearl: Pearl) -> str:
    """A pearl's page: ``pearls/<slug>/`` on the site."""
    return f"{_PEARLS}/{pearl.slug}.md"


def owning_pearl(name: str) -> str | None:
    """The slug of the pearl whose file ``name`` is (its page, or a file beside it in
    ``pearls/<slug>/``), else None."""
    folder, _, base = name.rpartition("/")
    if folder == _PEARLS:
        return base[:-3] if base.endswith(".md") else None
    parent, _, slug = folder.rpartition("/")
    return slug if parent == _PEARLS else None


def algorithm_image(pearl: Pearl) -> str:
    """The flowchart as a standalone SVG (the algorithms gallery)."""
    return f"{_PEARLS}/{pearl.slug}/algorithm.svg"


def algorithm_png(pearl: Pearl) -> str:
    """The flowchart as a PNG, for feed readers and the newsletter (latest pearls only)."""
    return f"{_PEARLS}/{pearl.slug}/algorithm.png"


def citation_file(pearl: Pearl, extension: str) -> str:
    """A download of the pearl's citation beside its page (``bib``, ``ris``, ``json``)."""
    return f"{_PEARLS}/{pearl.slug}/{pearl.slug}.{extension}"


def year_page(year: int) -> str:
    return f"archive/{year}.md"


def topic_page(slug: str) -> str:
    return f"topics/{slug}.md"


def topic_feed(slug: str) -> str:
    """A topic's Atom feed, beside its page: ``topics/<slug>/feed.xml``."""
    return f"topics/{slug}/feed.xml"


def content_page(name: str) -> str:
    """A page written by hand in ``content/pages/`` (``about.md`` → ``/about/``)."""
    return name


def month_anchor(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def reference_anchor(key: str) -> str:
    """An HTML id for a bibliography key on the References page (keys may hold ``:/.``)."""
    return "bib-" + re.sub(r"[^A-Za-z0-9_-]+", "-", key)


def relative(source: str, target: str) -> str:
    """The link from page ``source`` to page ``target`` (both docs-folder paths)."""
    return _relpath(target, posixpath.dirname(source))


def relative_url(source: str, target: str) -> str:
    """The URL of page ``target`` relative to the URL of page ``source`` (for raw HTML)."""
    folder = posixpath.dirname(site_path(source) + "x")
    path = site_path(target)
    link = _relpath(path, folder)
    return link + "/" if path in ("", ".") or path.endswith("/") else link


def _relpath(path: str, folder: str) -> str:
    """``posixpath.relpath`` of two docs-folder paths: their common folders dropped, one ``..``
    for each folder left in ``folder`` (a third of relpath's time, 34,000 links a build)."""
    to = [part for part in path.split("/") if part and part != "."]
    start = [part for part in folder.split("/") if part and part != "."]
    if ".." in to or ".." in start:  # never made by the generator; relpath normalises them
        return posixpath.relpath("/" + path, "/" + folder)
    common = 0
    for a, b in zip(to, start, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def site_path(target: str) -> str:
    """The URL path MkDocs gives a docs-folder path: ``pearls/x.md`` → ``pearls/x/``."""
    if not target.endswith(".md"):
        return target
    stem = target[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def absolute_url(settings: Settings, target: str) -> str:
    """The published URL of a docs-folder path, under ``site_url``."""
    return settings.site_url.rstrip("/") + "/" + site_path(target)
