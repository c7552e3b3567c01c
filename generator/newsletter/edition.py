"""One Wednesday's email resolved: which pearl, its body, flowchart, references and features.

The :class:`Edition` is what the templates in ``templates/email/`` render, twice (HTML and
plain text); nothing in it is presentation.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import dataclass

import nh3
from markupsafe import Markup

from generator.algorithm.outline import render_outline
from generator.clock import today
from generator.config import Settings
from generator.content.links import relink
from generator.content.model import Pearl
from generator.content.nesting import converting
from generator.errors import ContentError
from generator.filters import sanitise
from generator.newsletter.features import MonthlyFeatures
from generator.newsletter.markup import Block, LinkList, markdown_to_html, text_blocks
from generator.numbering import ResolvedReferences, render_in_text
from generator.project import Project
from generator.sanitize import EMAIL
from generator.site.resolve import ALGORITHM_MARK, resolve_pearl
from generator.site.urls import absolute_url, algorithm_png, pearl_page


class NothingToSend(ContentError):
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
    backdate = " --backdate" if wednesday < today() else ""  # else pearls new refuses the date
    raise NothingToSend(
        f"no pearl is dated {wednesday}; `pearls new --date {wednesday}{backdate}` writes one"
    )


@dataclass(frozen=True)
class Flowchart:
    """The pearl's algorithm as the email shows it: a PNG and its numbered text alternative."""

    title: str
    png: bytes
    width: int
    height: int
    url: str
    #: The chart on the pearl's page (the image and "View the algorithm full size" link there):
    #: a phone shows it at a readable size, scrolling sideways; the standalone SVG would be
    #: shrunk to the phone's width, as the email's image is.
    full_size_url: str
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
    """Resolve ``pearl`` for the email as the site does, then make every link absolute.

    The flowchart PNG is the very one the site publishes beside the pearl's page.
    """
    settings = project.settings
    style = settings.citation_style
    bibliography = project.bibliography
    published = {p.slug: p for p in project.pearls if p.is_published(pearl.date)}

    def other_pearl(slug: str) -> str | None:
        return absolute_url(settings, pearl_page(published[slug])) if slug in published else None

    resolved = resolve_pearl(pearl, bibliography, style, other_pearl, project.root)
    numbering = resolved.references.numbering
    page_url = absolute_url(settings, pearl_page(pearl))
    links = LinkList()
    links.number(page_url)
    html_parts = relink(resolved.body, other_pearl).partition(ALGORITHM_MARK)[::2]
    text_body = relink(
        render_in_text(
            pearl.body, pearl.citation_groups, numbering, style, "markdown", bibliography,
            project.root,
        ),
        other_pearl,
    )
    text_parts = _split_at_algorithm(text_body, pearl)
    with converting(pearl.path):
        body = Body(
            html=tuple(sanitise(markdown_to_html(part), page_url) for part in html_parts),
            text=tuple(
                text_blocks(str(sanitise(markdown_to_html(part), page_url)), links)
                for part in text_parts
            ),
        )
    flowchart = None
    if resolved.flowchart is not None and pearl.algorithm is not None:
        chart = resolved.flowchart
        flowchart = Flowchart(
            title=pearl.algorithm.title,
            png=chart.png(),
            width=round(chart.width),
            height=round(chart.height),
            url=absolute_url(settings, algorithm_png(pearl)),
            full_size_url=f"{page_url}#algorithm",
            outline_html=sanitise(chart.outline_html, page_url),
            outline_text=render_outline(
                pearl.algorithm, "text", chart.cite, chart.superscript, root=project.root
            ),
        )
    references = resolved.references
    return Edition(
        pearl=pearl,
        settings=settings,
        page_url=page_url,
        body=body,
        flowchart=flowchart,
        references=references if settings.reference_list and len(references) else None,
        features=features,
        links=links,
        copyright_html=Markup(EMAIL.clean(settings.copyright)),
        copyright_text=html.unescape(nh3.clean(settings.copyright, tags=set())),
    )


def _split_at_algorithm(markdown: str, pearl: Pearl) -> tuple[str, str]:
    """The body before and after its fenced algorithm block (which the figure replaces)."""
    if pearl.algorithm_block is None:
        return markdown, ""
    fence = pearl.body[pearl.algorithm_block.start : pearl.algorithm_block.end]
    before, _, after = markdown.partition(fence)
    return before, after
