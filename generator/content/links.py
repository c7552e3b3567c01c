"""Links in a pearl's body to other pearls' pages, found once for the check and the pages.

An editor links another pearl by its slug, as ``[PERC](perc-rule.md)`` (MkDocs' own form) or by
the page's address, ``[PERC](../perc-rule/)``. Every page that shows the body (the pearl's page,
the home page, the feed, the email) writes the link for where it stands, and the check reports a
link that no build could publish (:mod:`generator.project` reports them).

| code   | problem                                                                      |
|--------|------------------------------------------------------------------------------|
| PRL020 | a link to a pearl not published on the day the linking pearl is shown (a     |
|        | draft, or dated later: the message names the day); ALG019 for link nodes     |
| PRL021 | a link to a pearl that does not exist                                        |
| PRL022 | a link by path to anything else (``../about.md``, ``/guide/``): it could not  |
|        | work on every page that shows the body, and MkDocs would stop the build      |
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from generator.citations import mask_code

#: The target of an inline link ``](…)`` or a reference definition ``[x]: …`` naming a pearl:
#: ``slug.md`` or ``../slug/``, with an optional ``#anchor``.
_PEARL_LINK = re.compile(
    r"(?:\]\(\s*<?|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?)"
    r"(?P<target>(?:(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md|\.\./(?P<page>[a-z0-9]+(?:-[a-z0-9]+)*)/)"
    r"(?P<anchor>#[^\s)>]*)?)"
    r"(?=[\s)>]|$)",
    re.M,
)


#: The target of any inline link or image ``](…)`` or reference definition ``[x]: …`` (not a
#: footnote's ``[^1]:``).
_ANY_LINK = re.compile(
    r"(?:\]\(\s*<?|^[ \t]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?)(?P<target>[^\s)>]+)", re.M
)
#: A scheme, or a character reference that may spell one (``java&#9;script:``): the sanitiser
#: judges those links, not this check.
_NOT_A_PATH = re.compile(r"[:&]")


@dataclass(frozen=True)
class PearlLink:
    """A link to pearl ``slug`` written at ``offset`` of the body (the start of its target)."""

    slug: str
    offset: int
    end: int
    anchor: str


def pearl_links(body: str) -> list[PearlLink]:
    """Every link to a pearl's page in ``body`` (Markdown), outside code."""
    if not _may_link_pearls(body):
        return []
    return [
        PearlLink(m["slug"] or m["page"], m.start("target"), m.end("target"), m["anchor"] or "")
        for m in _PEARL_LINK.finditer(mask_code(body))
    ]


def _may_link_pearls(body: str) -> bool:
    """Whether ``body`` holds what every pearl link's target does (most bodies link none, and
    looking for them outside code takes ~0.1 ms a body, three times a build)."""
    return ".md" in body or "../" in body


def _may_link(body: str) -> bool:
    """Whether ``body`` holds what every link's target follows (an inline link's ``](`` or a
    reference definition's ``]:``); most bodies link nothing, and the search takes ~0.27 ms."""
    return "](" in body or "]:" in body


def path_links(body: str) -> list[tuple[int, str]]:
    """Every link in ``body`` (outside code) that points into the site by a path naming no pearl
    (no scheme, not only an ``#anchor``): where its target starts, and the target."""
    if not _may_link(body):
        return []
    masked = mask_code(body)
    pearls = (
        {m.start("target") for m in _PEARL_LINK.finditer(masked)}
        if _may_link_pearls(body)
        else set()
    )
    return [
        (m.start("target"), m["target"])
        for m in _ANY_LINK.finditer(masked)
        if m.start("target") not in pearls
        and not _NOT_A_PATH.search(m["target"])
        and not m["target"].startswith("#")
    ]


def relink(body: str, url: Callable[[str], str | None]) -> str:
    """``body`` with each link to a pearl written as ``url(slug)`` (left as written when None)."""
    parts: list[str] = []
    offset = 0
    for link in pearl_links(body):
        target = url(link.slug)
        if target is not None:
            parts += [body[offset : link.offset], target + link.anchor]
            offset = link.end
    return "".join(parts) + body[offset:]
