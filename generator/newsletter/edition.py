"""One Wednesday's email resolved: which pearl, its body, flowchart, references and features.

The :class:`Edition` is what the templates in ``templates/email/`` render, twice (HTML and
plain text); nothing in it is presentation.
"""

from __future__ import annotations

import datetime as dt
import html
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin

import nh3
from markupsafe import Markup

from generator.algorithm.layout import layout_algorithm
from generator.algorithm.outline import render_outline
from generator.algorithm.render import render_png, render_svg
from generator.citations import CitationGroup
from generator.config import Settings
from generator.content.model import Pearl
from generator.newsletter.features import MonthlyFeatures
from generator.newsletter.markup import Block, LinkList, markdown_to_html, sanitise, text_blocks
from generator.numbering import (
    ResolvedReferences,
    group_label,
    render_in_text,
    resolve_references,
)
from generator.project import Project

#: The flowchart PNG is drawn at twice its CSS size, for sharp type on high-density screens.
PNG_SCALE = 2
#: Inline tags the site's copyright line (HTML in mkdocs.yml) may keep.
_COPYRIGHT_TAGS = {"a", "b", "em", "i", "strong", "span", "small"}


class NothingToSend(Exception):
    """The Wednesday has no pearl readers may see (none, or only a draft)."""


def pearl_for(pearls: Iterable[Pearl], wednesday: dt.date) -> Pearl:
    """The pearl published on ``wednesday``, by the embargo rule the site follows (issue 10)."""
    dated = [p for p in pearls if p.date == wednesday]
    ready = [p for p in dated if p.is_published(wednesday)]
    if ready:
        return ready[0]
    if dated:
        drafts = ", ".join(p.path.name for p in dated)
        raise NothingToSend(
            f"the only pearl for {wednesday} is a draft ({drafts}); "
            "set 'draft: false' when it is ready to send"
        )
    raise NothingToSend(
        f"no pearl is dated {wednesday}; `pearls new --date {wednesday}` writes one"
    )


def pearl_url(settings: Settings, pearl: Pearl) -> str:
    """The pearl's page on the site: the "view in browser" link."""
    return urljoin(settings.site_url, f"pearls/{pearl.slug}/")


@dataclass(frozen=True)
class Flowchart:
    """The pearl's algorithm as the email shows it: a PNG and its numbered text alternative."""

    title: str
    png: bytes
    width: int
    height: int
    url: str
    outline_html: Markup
    outline_text: str


@dataclass(frozen=True)
class Body:
    """The pearl's text before and after the flowchart, as sanitised HTML and as text blocks."""

    html: tuple[Markup, Markup]
    text: tuple[list[Block], list[Block]]


@dataclass(frozen=True)
class Edition:
    """Everything one Wednesday's email shows."""

    pearl: Pearl
    settings: Settings
    page_url: str
    body: Body
    flowchart: Flowchart | None
    references: ResolvedReferences | None
    features: MonthlyFeatures
    links: LinkList
    copyright_html: Markup
    copyright_text: str

    @property
    def date(self) -> dt.date:
        return self.pearl.date


def prepare_edition(project: Project, pearl: Pearl, features: MonthlyFeatures) -> Edition:
    """Resolve ``pearl`` for the email: citations numbered, flowchart drawn, links absolute."""
    settings = project.settings
    style = settings.citation_style
    references = resolve_references(pearl.all_citation_groups(), project.bibliography, style)
    page_url = pearl_url(settings, pearl)
    links = LinkList()
    links.number(page_url)

    def cite(group: CitationGroup) -> str:
        return group_label(group, references.numbering, style, project.bibliography)

    parts = {}
    for fmt in ("html", "text"):
        rendered = render_in_text(
            pearl.body, pearl.citation_groups, references.numbering, style, fmt,
            project.bibliography,
        )  # fmt: skip
        parts[fmt] = _split_at_algorithm(rendered, pearl)
    safe = [sanitise(markdown_to_html(part), page_url) for part in parts["html"]]
    plain = [sanitise(markdown_to_html(part), page_url) for part in parts["text"]]
    body = Body(
        html=(Markup(safe[0]), Markup(safe[1])),
        text=(text_blocks(plain[0], links), text_blocks(plain[1], links)),
    )
    flowchart = None
    if pearl.algorithm is not None:
        superscript = style == "ama"
        layout = layout_algorithm(pearl.algorithm, cite, superscript)
        png = render_png(render_svg(layout, palette="light"), scale=PNG_SCALE)
        width, height = _png_size(png)
        flowchart = Flowchart(
            title=pearl.algorithm.title,
            png=png,
            width=round(width / PNG_SCALE),
            height=round(height / PNG_SCALE),
            url=urljoin(page_url, "flowchart.png"),
            outline_html=Markup(
                sanitise(render_outline(pearl.algorithm, "html", cite, superscript), page_url)
            ),
            outline_text=render_outline(pearl.algorithm, "text", cite, superscript),
        )
    return Edition(
        pearl=pearl,
        settings=settings,
        page_url=page_url,
        body=body,
        flowchart=flowchart,
        references=references if settings.reference_list and len(references) else None,
        features=features,
        links=links,
        copyright_html=Markup(nh3.clean(settings.copyright, tags=_COPYRIGHT_TAGS)),
        copyright_text=html.unescape(nh3.clean(settings.copyright, tags=set())),
    )


def _split_at_algorithm(markdown: str, pearl: Pearl) -> tuple[str, str]:
    """The body before and after its fenced algorithm block (which the figure replaces)."""
    if pearl.algorithm_block is None:
        return markdown, ""
    fence = pearl.body[pearl.algorithm_block.start : pearl.algorithm_block.end]
    before, _, after = markdown.partition(fence)
    return before, after


def _png_size(png: bytes) -> tuple[int, int]:
    """A PNG's pixel width and height, from its header."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height
