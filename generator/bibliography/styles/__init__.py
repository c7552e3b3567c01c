"""Citation styles: each one :class:`~generator.bibliography.styles.base.CitationStyle` class,
found by name through the ``clinical_pearls.citation_styles`` entry points.

This package registers ``ama`` (the default), ``vancouver`` and ``short`` in ``pyproject.toml``;
any installed distribution can add a style the same way, and the site, the email, the flowchart
and ``pearls refs`` use it without a change here.

The styles are pybtex formatting styles too, but they are not looked up in pybtex's own group
(``pybtex.style.formatting``): that group also lists pybtex's built-in styles (``plain``,
``unsrt``, ``alpha`` …), which know nothing of in-text citations or required fields, so the list
of styles a project may choose could not come from it. Our own group holds only
:class:`CitationStyle` classes, and its names are exactly the choices offered.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import EntryPoint, entry_points

from generator.bibliography.styles.base import CitationStyle, InText
from generator.errors import UsageError

#: The entry-point group a distribution registers its citation styles in.
GROUP = "clinical_pearls.citation_styles"


class UnknownStyle(UsageError):
    """A style name no installed distribution registers."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"unknown citation style '{name}' (installed: {', '.join(style_names())})"
        )


@cache
def _installed() -> dict[str, EntryPoint]:
    """The registered styles by name (entry points are read once per process)."""
    return {point.name: point for point in entry_points(group=GROUP)}


def style_names() -> list[str]:
    """The names of the installed styles, sorted: the choices for ``citation_style``."""
    return sorted(_installed())


@cache
def citation_style(name: str) -> CitationStyle:
    """The style registered as ``name`` (one instance per process); :class:`UnknownStyle` if
    none is, or if what is registered is not a :class:`CitationStyle`."""
    point = _installed().get(name)
    style = point.load() if point is not None else None
    if not (isinstance(style, type) and issubclass(style, CitationStyle)):
        raise UnknownStyle(name)
    return style()


__all__ = [
    "GROUP",
    "CitationStyle",
    "InText",
    "UnknownStyle",
    "citation_style",
    "style_names",
]
