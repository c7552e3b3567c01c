"""Small Markdown for MkDocs: template-made HTML goes in after Markdown, cleaned like the rest.

A template wraps each block of HTML it makes (a reference list, a card, the byline, the
flowchart) in ``{% filter fragment %}``: the generated Markdown then holds a numbered placeholder
where the block goes, so MkDocs converts only the pearl's own text, and the block is put back after
Markdown. Every page's HTML, fragments included, passes :data:`generator.sanitize.SITE` once; the
flowchart's drawing (``fragment(figure=True)``: inline SVG, which the allow-list rightly refuses to
content) alone is kept as its template made it, and goes in after the search index has read the
page (:func:`TrustedFragments.put_figures`), which reads the text version of the algorithm instead.
A placeholder that content forges, or one that went missing, stops the build, as does anything the
allow-list removes (``pearls check`` reports that first, at its line): content is never silently
dropped and never silently published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup

from generator.sanitize import PLACEHOLDER_PREFIX, SITE
from generator.site.verified import VerifiedPages

_PLACEHOLDER = PLACEHOLDER_PREFIX + "{}"
#: A placeholder as Markdown leaves it: a paragraph of its own, or bare inside a list item.
#: (Two alternatives, not an optional ``<p>``: each then starts with a literal, which the regex
#: engine finds 5x faster on a page.)
_PLACEHOLDER_HTML = re.compile(rf"(?:<p>{PLACEHOLDER_PREFIX}|{PLACEHOLDER_PREFIX})(\d+)(?:</p>)?")
#: Where a figure goes once the page is cleaned: a comment, which the search index does not read
#: (cleaning removes every comment content writes).
_FIGURE_MARK = "<!-- pearls:figure {} -->"
_FIGURE_MARK_HTML = re.compile(r"<!-- pearls:figure (\d+) -->")
_ID = re.compile(r'\sid="([^"]*)"')


class UnsafeContent(Exception):
    """Cleaning a page changed it: the build stops, naming the source file."""


@dataclass(frozen=True)
class Fragment:
    """One block of template-made HTML on a page, kept as UTF-8: a site's fragments are all in
    memory at once, and one arrow or accented name makes a Python string two bytes a character."""

    data: bytes
    #: Template-made drawing (the flowchart's inline SVG): kept as made, not indexed.
    figure: bool = False

    @property
    def html(self) -> str:
        """The fragment as text."""
        return self.data.decode()


#: Stands for a fragment already put in (its place keeps the figures' numbers).
_PUT_IN = Fragment(b"")


@dataclass
class TrustedFragments:
    """The template-made fragments of each generated page, and the source file each page shows
    (named when cleaning fails), by docs-folder path; and what a preview puts above them all."""

    pages: dict[str, list[Fragment]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    #: Markdown above every page: the errors a preview of content with errors lists.
    banner: str = ""
    #: HTML the plugin puts at the end of a page's ``<head>`` (a pearl's citation metadata).
    heads: dict[str, str] = field(default_factory=dict)
    #: Page HTML that cleaned without removals last build (None: prove every page afresh).
    verified: VerifiedPages | None = None
    #: Whether a page's fragments are let go once they are in (a build makes each page once;
    #: a serve keeps them for its next rebuild): a big site's fragments need not all be in
    #: memory while MkDocs builds its pages.
    once: bool = False

    def placeholder(self, page: str, html: str, figure: bool = False) -> str:
        """Markdown standing where ``html`` goes on ``page`` (a paragraph of its own)."""
        fragments = self.pages.setdefault(page, [])
        fragments.append(Fragment(html.strip().encode(), figure))
        return "\n\n" + _PLACEHOLDER.format(len(fragments) - 1) + "\n\n"

    def clean(self, page: str, html: str) -> str:
        """Page ``page``'s HTML with its fragments in, cleaned (see :func:`clean_page`); a page
        made from no one source file (the archive) is named as the generated page."""
        source = self.sources.get(page, f"generated page {page}")
        return clean_page(html, self.pages.get(page, []), source, self.verified)

    def put_figures(self, page: str, html: str) -> str:
        """The built page ``html`` (after the search index read it) with its figures in."""
        fragments = self.pages.get(page, [])
        return _FIGURE_MARK_HTML.sub(lambda match: fragments[int(match[1])].html, html)

    def anchor_ids(self, page: str) -> set[str]:
        """The ids the trusted fragments give ``page`` (link targets such as ``#algorithm``)."""
        return {id_ for fragment in self.pages.get(page, []) for id_ in _ID.findall(fragment.html)}

    def cleaned(self, page: str) -> None:
        """``page`` is cleaned: only its figures and head are still to go in."""
        if self.once and page in self.pages:
            self.pages[page] = [f if f.figure else _PUT_IN for f in self.pages[page]]

    def built(self, page: str) -> None:
        """``page`` is built: nothing of it is still to go in."""
        if self.once:
            self.pages.pop(page, None)
            self.heads.pop(page, None)


def clean_page(
    html: str, fragments: list[Fragment], source: str, verified: VerifiedPages | None = None
) -> str:
    """``html`` (a page after Markdown) with its fragments in, cleaned; figures stand as marks
    that :meth:`TrustedFragments.put_figures` replaces.

    Raises :class:`UnsafeContent` naming ``source`` when cleaning removes anything or the
    placeholders are not exactly this page's, each once. HTML that ``verified`` holds (it
    cleaned without removals last build) is cleaned without proving that again.
    """
    _check_placeholders(html, range(len(fragments)), source)

    def fragment_in(match: re.Match[str]) -> str:
        fragment = fragments[int(match[1])]
        return match[0] if fragment.figure else fragment.html

    html = _PLACEHOLDER_HTML.sub(fragment_in, html)
    if verified is not None and verified.passed(html):
        cleaned = SITE.clean(html)
    else:
        cleaned, removals = SITE.clean_and_compare(html)
        if removals:
            found = "; ".join(dict.fromkeys(removal.describe() for removal in removals))
            raise UnsafeContent(f"{source}: unsafe HTML the check did not report: {found}")
        if verified is not None:
            verified.add(html)
    figures = [number for number, fragment in enumerate(fragments) if fragment.figure]
    _check_placeholders(cleaned, figures, source)
    return _PLACEHOLDER_HTML.sub(lambda match: _FIGURE_MARK.format(match[1]), cleaned)


def _check_placeholders(html: str, expected: range | list[int], source: str) -> None:
    """Fail unless ``html`` holds the placeholders numbered ``expected``, each once."""
    numbers = sorted(int(number) for number in _PLACEHOLDER_HTML.findall(html))
    if numbers != list(expected):
        raise UnsafeContent(
            f"{source}: the page holds {len(numbers)} trusted-fragment placeholders where "
            f"{len(expected)} were generated (content may not write "
            f"'{_PLACEHOLDER.format('N')}')"
        )


@jinja2.pass_context
def fragment(context: Any, html: str, figure: bool = False) -> Markup:
    """``{% filter fragment %}``: the HTML a template made, as a placeholder on the page being
    rendered (put back after Markdown), or as it is where no page collects fragments (the
    feed, converted and cleaned whole)."""
    fragments: TrustedFragments | None = context.get("fragments")
    if fragments is None:
        return Markup(f"\n\n{html.strip()}\n\n")
    return Markup(fragments.placeholder(context["page"], html, figure))
