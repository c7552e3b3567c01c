"""A pearl made ready for pages: numbered citations, its flowchart, formatted references."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.algorithm import Algorithm
from generator.algorithm.layout import Layout, layout_algorithm
from generator.algorithm.outline import render_outline
from generator.algorithm.render import render_png, render_svg
from generator.bibliography import Bibliography
from generator.citations import CitationGroup
from generator.content.model import Pearl
from generator.numbering import ResolvedReferences, group_label, render_in_text, resolve_references


@dataclass(frozen=True)
class Flowchart:
    """A pearl's algorithm drawn (SVG following the site palette) and told (numbered outline)."""

    algorithm: Algorithm
    layout: Layout
    #: Colours from the page's palette (CSS variables, with light fallbacks when standalone).
    svg: str
    outline_html: str

    def png(self) -> bytes:
        """A PNG in light colours (resvg and feed readers know no CSS variables)."""
        return render_png(render_svg(self.layout, palette="light"))


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
    pearl: Pearl, bibliography: Bibliography, style: str, pearl_url: Callable[[str], str | None]
) -> ResolvedPearl:
    """Number the pearl's citations, render them in the text and draw its algorithm.

    ``pearl_url`` gives the URL of another pearl (for the algorithm's link nodes), or None when
    that pearl is not on the site.
    """
    references = resolve_references(
        pearl.all_citation_groups(), bibliography, style, linked_groups=pearl.citation_groups
    )
    numbering = references.numbering
    body = render_in_text(pearl.body, pearl.citation_groups, numbering, style, "html", bibliography)
    flowchart = None
    block = pearl.algorithm_block
    if block is not None:
        fence = pearl.body[block.start : block.end]
        body = body.replace(fence, f"\n{ALGORITHM_MARK}\n", 1)
    if pearl.algorithm is not None:

        def cite(group: CitationGroup) -> str:
            return group_label(group, numbering, style, bibliography)

        superscript = style == "ama"
        layout = layout_algorithm(pearl.algorithm, cite=cite, superscript=superscript)
        flowchart = Flowchart(
            pearl.algorithm,
            layout,
            render_svg(layout, svg_id="flowchart", link_href=pearl_url),
            render_outline(
                pearl.algorithm, fmt="html", cite=cite, superscript=superscript, svg_id="flowchart"
            ),
        )
    return ResolvedPearl(pearl, body, references, flowchart)
