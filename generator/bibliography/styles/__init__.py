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


class StyleError(UsageError):
    """A style name no installed distribution registers, or a registered style that fails."""


@cache
def _installed() -> dict[str, EntryPoint]:
    """The registered styles by name (entry points are read once per process)."""
    return {point.name: point for point in entry_points(group=GROUP)}


def style_names() -> list[str]:
    """The names of the installed styles, sorted: the choices for ``citation_style``."""
    return sorted(_installed())


def style_origin(name: str) -> str:
    """The distribution and version registering ``name`` (``pearls-x==1.0``): part of what the
    site's cache keys a resolved pearl by, since another package's style is not the generator's
    own source."""
    point = _installed().get(name)
    dist = point.dist if point is not None else None
    return f"{dist.name}=={dist.version}" if dist is not None else ""


@cache
def citation_style(name: str) -> CitationStyle:
    """The style registered as ``name`` (one instance per process).

    :class:`StyleError` if no distribution registers it, or if what it registers cannot be
    imported or is not a :class:`CitationStyle` (another package's fault, told as one line).
    """
    point = _installed().get(name)
    if point is None:
        raise StyleError(
            f"unknown citation style '{name}' (installed: {', '.join(style_names())}); set "
            "citation_style in mkdocs.yml to one of them, or install the package providing it"
        )
    try:
        style = point.load()
    except Exception as exc:  # another package's import: whatever fails there is its to fix
        raise StyleError("; ".join(fault(name, f"cannot load: {exc}"))) from exc
    if not (isinstance(style, type) and issubclass(style, CitationStyle)):
        raise StyleError("; ".join(fault(name, "is not a CitationStyle")))
    return style()


#: The distribution registering the generator's own styles.
DISTRIBUTION = "clinical-pearls"


def is_packaged(name: str) -> bool:
    """Whether the generator itself registers the style ``name`` (else another package does,
    whose failures are told as that package's: :func:`formatting_failure`)."""
    point = _installed().get(name)
    return point is None or point.dist is None or point.dist.name == DISTRIBUTION


def fault(name: str, problem: str) -> tuple[str, str]:
    """What is wrong with the installed style ``name`` (``problem``: what it does), naming the
    distribution registering it; and what the editor can do about it."""
    point = _installed()[name]
    dist = point.dist
    origin = f", from {dist.name} {dist.version}" if dist is not None else ""
    package = dist.name if dist is not None else "the package registering it"
    others = ", ".join(n for n in style_names() if n != name)
    return (
        f"citation style '{name}' ({point.value}{origin}) {problem}",
        f"update or reinstall {package}, or set citation_style in mkdocs.yml to another style "
        f"({others})",
    )


def failure(exc: Exception) -> str:
    """``AttributeError: …``, or the exception's name alone when it says nothing."""
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def formatting_failure(name: str, key: str, exc: Exception) -> StyleError:
    """The one line for another package's style ``name`` failing (``exc``) on entry ``key``."""
    return StyleError("; ".join(fault(name, f"fails on '{key}' ({failure(exc)})")))


__all__ = [
    "GROUP",
    "CitationStyle",
    "InText",
    "StyleError",
    "citation_style",
    "failure",
    "fault",
    "formatting_failure",
    "is_packaged",
    "style_names",
    "style_origin",
]
