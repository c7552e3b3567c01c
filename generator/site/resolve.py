"""A pearl made ready for pages: numbered citations, its flowchart, formatted references.

Resolving is most of the page generator's work (formatting references, laying out and drawing
flowcharts), so :func:`resolve_pearls` keeps each result in the project's cache
(:mod:`generator.cache`), keyed by everything it is made from: the pearl's source text, every
field of each reference it cites, the URLs its flowchart links to, the
settings, and the generator's source, templates, fonts and libraries (:func:`fingerprint`).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import generator
from generator.algorithm import Algorithm
from generator.algorithm.layout import Layout, layout_algorithm
from generator.algorithm.measure import FONT_DIR
from generator.algorithm.model import Cite
from generator.algorithm.outline import render_outline
from generator.algorithm.render import render_png, render_svg
from generator.bibliography import Bibliography, FormattedReference, citation_style
from generator.cache import Cache
from generator.citations import CitationGroup
from generator.content.model import Pearl
from generator.numbering import (
    Numbering,
    ResolvedReference,
    ResolvedReferences,
    group_label,
    render_in_text,
    resolve_references,
)
from generator.site.figure import start_box
from generator.templates import PACKAGED


@dataclass(frozen=True)
class Flowchart:
    """A pearl's algorithm drawn (SVG following the site palette) and told (numbered outline).

    Its layout is not kept (half a resolved pearl's memory): the few drawings needing it again
    (the feed's PNGs) lay the algorithm out afresh, in about a millisecond.
    """

    algorithm: Algorithm
    #: The drawing's size in CSS pixels.
    width: float
    height: float
    #: The start step's box in per cent of the drawing (:func:`generator.site.figure.start_box`).
    start: dict[str, float]
    #: Colours from the page's palette (CSS variables, with light fallbacks when standalone).
    svg: str
    outline_html: str
    #: How citations read in the boxes, as when the drawing was laid out.
    cite: Cite
    superscript: bool
    #: The project, whose ``templates/flowchart/`` overrides the packaged templates.
    root: Path | None = None

    def layout(self) -> Layout:
        """The algorithm laid out again, as it was for :attr:`svg`."""
        return layout_algorithm(self.algorithm, cite=self.cite, superscript=self.superscript)

    def light_svg(self) -> str:
        """The drawing in light colours (resvg and feed readers know no CSS variables)."""
        return render_svg(self.layout(), palette="light", root=self.root)

    def png(self) -> bytes:
        """A PNG of :meth:`light_svg`."""
        return render_png(self.light_svg())


@dataclass(frozen=True)
class ResolvedPearl:
    """What every page showing a pearl needs, computed once per build."""

    pearl: Pearl
    #: Markdown with in-text citations; the algorithm block is replaced by ``ALGORITHM_MARK``.
    body: str
    references: ResolvedReferences
    flowchart: Flowchart | None


#: Stands where the ```algorithm block stood until a template puts the figure there.
ALGORITHM_MARK = "<!-- pearls:algorithm -->"


def resolve_pearl(
    pearl: Pearl,
    bibliography: Bibliography,
    style: str,
    pearl_url: Callable[[str], str | None],
    root: Path | None = None,
) -> ResolvedPearl:
    """Number the pearl's citations, render them in the text and draw its algorithm.

    ``pearl_url`` gives the URL of another pearl (for the algorithm's link nodes), or None when
    that pearl is not on the site; ``root`` is the project, whose templates override the packaged
    ones.
    """
    references = resolve_references(
        pearl.all_citation_groups(), bibliography, style, linked_groups=pearl.citation_groups
    )
    numbering = references.numbering
    body = render_in_text(
        pearl.body, pearl.citation_groups, numbering, style, "html", bibliography, root
    )
    flowchart = None
    block = pearl.algorithm_block
    if block is not None:
        fence = pearl.body[block.start : block.end]
        body = body.replace(fence, f"\n{ALGORITHM_MARK}\n", 1)
    if pearl.algorithm is not None:
        cite = _cite(numbering, style, bibliography)
        superscript = citation_style(style).in_text.superscript
        layout = layout_algorithm(pearl.algorithm, cite=cite, superscript=superscript)
        flowchart = Flowchart(
            pearl.algorithm,
            layout.width,
            layout.height,
            start_box(layout),
            render_svg(layout, svg_id="flowchart", link_href=pearl_url, root=root),
            render_outline(
                pearl.algorithm,
                fmt="html",
                cite=cite,
                superscript=superscript,
                svg_id="flowchart",
                root=root,
            ),
            cite,
            superscript,
            root,
        )
    return ResolvedPearl(pearl, body, references, flowchart)


def _cite(numbering: Numbering, style: str, bibliography: Bibliography) -> Cite:
    """A citation group's label in a flowchart box."""

    def cite(group: CitationGroup) -> str:
        return group_label(group, numbering, style, bibliography)

    return cite


#: Libraries that shape a resolved pearl beyond those in the check cache's version.
_LIBRARIES = ("jinja2", "markupsafe", "fonttools", "resvg-py")
#: What drawing and formatting read besides the generator's modules.
_READ_FOLDERS = (PACKAGED / "flowchart", PACKAGED / "references", FONT_DIR)


@functools.cache
def fingerprint() -> str:
    """A hash of all the generator's source, the templates and fonts it draws with, and the
    versions of the libraries drawing with them (the check cache's version covers the rest)."""
    digest = hashlib.sha256()
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}=={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing\0".encode())
    package = Path(generator.__file__).resolve().parent
    sources = [(package, path) for path in package.rglob("*.py")]
    sources += [(folder, path) for folder in _READ_FOLDERS for path in folder.rglob("*")]
    for folder, path in sorted(sources):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"{folder.name}/{path.relative_to(folder)}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def resolve_pearls(
    pearls: Iterable[Pearl],
    bibliography: Bibliography,
    style: str,
    pearl_url: Callable[[str], str | None],
    cache: Cache,
    root: Path | None = None,
) -> dict[str, ResolvedPearl]:
    """:func:`resolve_pearl` for each pearl (by slug), reused from ``cache`` where nothing it is
    made from changed (the cache's key covers the project's own flowchart and reference
    templates)."""
    pearls = list(pearls)
    jobs = [(p.path, _inputs(p, bibliography, style, pearl_url), p) for p in pearls]
    stored = cache.get_or_compute_each(
        "resolved",
        jobs,
        lambda pearl: _Stored.of(resolve_pearl(pearl, bibliography, style, pearl_url, root)),
    )
    return {
        pearl.slug: entry.attach(pearl, bibliography, root)
        for pearl, entry in zip(pearls, stored, strict=True)
    }


def _inputs(
    pearl: Pearl, bibliography: Bibliography, style: str, pearl_url: Callable[[str], str | None]
) -> bytes:
    """Everything :func:`resolve_pearl` reads: the pearl's source (with its path and the settings,
    in the cache's key, all it is read from), each cited reference and each linked pearl's URL."""
    parts = [style, pearl.source_digest]
    for key in pearl.cited_keys():
        reference = bibliography.get(key)
        parts.append(f"{key!r} {reference.type} {reference.digest}" if reference else f"{key!r}")
    if pearl.algorithm is not None:
        for node in pearl.algorithm.nodes:
            if node.pearl is not None:
                parts.append(f"link {node.pearl!r} {pearl_url(node.pearl)!r}")
    return "".join(f"{len(part)}:{part}" for part in parts).encode()  # length-prefixed: unambiguous


@dataclass(frozen=True)
class _Stored:
    """A resolved pearl without the objects the project already holds (the pearl, its
    algorithm, its references), so an entry stays small and attaches to this run's objects."""

    body: str
    style: str
    order: list[str]
    references: list[tuple[int, str, FormattedReference | None, tuple[str, ...], bool]]
    #: The flowchart's width, height, start box, SVG and outline.
    flowchart: tuple[float, float, dict[str, float], str, str] | None

    @classmethod
    def of(cls, resolved: ResolvedPearl) -> _Stored:
        chart = resolved.flowchart
        return cls(
            resolved.body,
            resolved.references.style,
            resolved.references.numbering.order,
            [
                (r.number, r.key, r.formatted, r.backlinks, r.cited_in_algorithm)
                for r in resolved.references
            ],
            (chart.width, chart.height, chart.start, chart.svg, chart.outline_html)
            if chart is not None
            else None,
        )

    def attach(
        self, pearl: Pearl, bibliography: Bibliography, root: Path | None
    ) -> ResolvedPearl:
        """The resolved pearl, pointing at this run's pearl and references."""
        items = []
        for number, key, formatted, backlinks, in_algorithm in self.references:
            reference = bibliography.get(key)
            if reference is not None and formatted is not None:  # one copy a reference
                shared = reference.formatted_cache.setdefault(self.style, formatted)
                formatted = shared if isinstance(shared, FormattedReference) else formatted
            items.append(
                ResolvedReference(number, key, reference, formatted, backlinks, in_algorithm)
            )
        numbering = Numbering(list(self.order))
        references = ResolvedReferences(numbering, self.style, items)
        flowchart = None
        if self.flowchart is not None and pearl.algorithm is not None:
            superscript = citation_style(self.style).in_text.superscript
            cite = _cite(numbering, self.style, bibliography)
            flowchart = Flowchart(pearl.algorithm, *self.flowchart, cite, superscript, root)
        return ResolvedPearl(pearl, self.body, references, flowchart)
