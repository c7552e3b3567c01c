"""Small Markdown for MkDocs: template-made HTML goes in after Markdown, cleaned like the rest.

A template wraps each block of HTML it makes (a reference list, a card, the byline, the
flowchart) in ``{% filter fragment %}``: the generated Markdown then holds a numbered placeholder
where the block goes, so MkDocs converts only the pearl's own text, and the block is put back after
Markdown. Every page's HTML, fragments included, passes :data:`generator.sanitize.SITE` once
(and, before its fragments go in, :data:`generator.sanitize.CONTENT`, which keeps none of the
site's own classes: those are the fragments' alone, so content cannot pass for them); the
flowchart's drawing (``fragment(figure=True)``: inline SVG, which the allow-list rightly refuses to
content; also a gallery card's chart, inside the card's fragment) alone is kept as its template
made it. Blocks the search index skips
(``fragment(indexed=False)``: a reference list, the cite box, the pager) are cleaned with the page
and then, like the drawing, stand as a mark while MkDocs indexes the page, and go in after
(:meth:`TrustedFragments.put_back`): mkdocs-material's search parser reads every tag it skips.
A placeholder that content forges, or one that went missing, stops the build, as does anything the
allow-list removes (``pearls check`` reports that first, at its line): content is never silently
dropped and never silently published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.sanitize import CONTENT, PLACEHOLDER_PREFIX, SITE, Removal

_PLACEHOLDER = PLACEHOLDER_PREFIX + "{}"
_PLACEHOLDER_BYTES = PLACEHOLDER_PREFIX.encode()
#: A placeholder as Markdown leaves it: a paragraph of its own, or bare inside a list item.
#: (Two alternatives, not an optional ``<p>``: each then starts with a literal, which the regex
#: engine finds 5x faster on a page.)
_PLACEHOLDER_HTML = re.compile(rf"(?:<p>{PLACEHOLDER_PREFIX}|{PLACEHOLDER_PREFIX})(\d+)(?:</p>)?")
#: Around an unindexed fragment while the page is cleaned: paragraphs of text, which cleaning
#: keeps as they are. (Each starts with a literal: the regex engine finds them fast.)
_START = f"<p>{PLACEHOLDER_PREFIX}start-{{0}}</p>"
_END = f"<p>{PLACEHOLDER_PREFIX}end-{{0}}</p>"
_UNINDEXED_HTML = re.compile(
    _START.format(r"(\d+)") + "(.*?)" + _END.format(r"\1"), re.DOTALL
)
#: Where an unindexed fragment goes once the page is cleaned: a comment, which the search index
#: does not read (cleaning removes every comment content writes).
_MARK = "<!-- pearls:fragment {} -->"
_MARK_HTML = re.compile(r"<!-- pearls:fragment (\d+) -->")
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
    #: Whether the search index reads it (a block it skips is cleaned, then put in after).
    indexed: bool = True

    @property
    def html(self) -> str:
        """The fragment as text."""
        return self.data.decode()


#: Stands for a fragment already put in (its place keeps the figures' numbers).
_PUT_IN = Fragment(b"")


@dataclass(frozen=True)
class PageTrust:
    """What :class:`TrustedFragments` holds of one page: its fragments, source file and head."""

    fragments: list[Fragment]
    source: str | None
    head: bytes | None


@dataclass
class TrustedFragments:
    """The template-made fragments of each generated page, and the source file each page shows
    (named when cleaning fails), by docs-folder path; and what a preview puts above them all."""

    pages: dict[str, list[Fragment]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    #: HTML above every page, put in with the fragments: the errors a preview of content with
    #: errors lists.
    banner: str = ""
    #: HTML the plugin puts at the end of a page's ``<head>`` (a pearl's citation metadata), as
    #: UTF-8 like the fragments: every page's is in memory once the pages are generated.
    heads: dict[str, bytes] = field(default_factory=dict)
    #: Each cleaned page's unindexed fragments, by number, as cleaning left them.
    unindexed: dict[str, dict[int, str]] = field(default_factory=dict)
    #: Whether a page's fragments are let go once they are in (a build makes each page once;
    #: a serve keeps them for its next rebuild): a big site's fragments need not all be in
    #: memory while MkDocs builds its pages.
    once: bool = False

    def placeholder(self, page: str, html: str, figure: bool = False, indexed: bool = True) -> str:
        """Markdown standing where ``html`` goes on ``page`` (a paragraph of its own)."""
        fragments = self.pages.setdefault(page, [])
        fragments.append(Fragment(str(html).strip().encode(), figure, indexed and not figure))
        return "\n\n" + _PLACEHOLDER.format(len(fragments) - 1) + "\n\n"

    def of_page(self, page: str) -> PageTrust:
        """What this holds of ``page`` (for another process to :meth:`take_page`)."""
        return PageTrust(self.pages.get(page, []), self.sources.get(page), self.heads.get(page))

    def take_page(self, page: str, trust: PageTrust) -> None:
        """Hold ``trust`` for ``page``, as the process that made the page held it."""
        self.pages[page] = trust.fragments
        if trust.source is not None:
            self.sources[page] = trust.source
        if trust.head is not None:
            self.heads[page] = trust.head

    def clean(self, page: str, html: str) -> str:
        """Page ``page``'s HTML with its fragments in, cleaned (see :func:`clean_page`); a page
        made from no one source file (the archive) is named as the generated page."""
        source = self.sources.get(page, f"generated page {page}")
        fragments = self.pages.get(page, [])
        cleaned, self.unindexed[page] = clean_page(html, fragments, source, self.banner)
        return cleaned

    def put_back(self, page: str, html: str) -> str:
        """The built page ``html`` (after the search index read it) with its unindexed fragments
        in: figures as made, the others as cleaning left them (held until now only)."""
        fragments, cleaned = self.pages.get(page, []), self.unindexed.pop(page, {})

        def fragment_in(match: re.Match[str]) -> str:
            number = int(match[1])
            return fragments[number].html if fragments[number].figure else cleaned[number]

        return _MARK_HTML.sub(fragment_in, html)

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
    html: str, fragments: list[Fragment], source: str, banner: str = ""
) -> tuple[str, dict[int, str]]:
    """``html`` (a page after Markdown) with ``banner`` above it and its fragments in, cleaned,
    where unindexed fragments stand as marks that :meth:`TrustedFragments.put_back` replaces;
    and those fragments (but figures) as cleaning left them, by number.

    The page as Markdown made it (content and the templates' Markdown) is held to
    :data:`~generator.sanitize.CONTENT` first: the site's own classes (a "Copy citation" button's
    ``pearl-cite``) are the fragments' alone.

    Raises :class:`UnsafeContent` naming ``source`` when cleaning removes anything or the
    placeholders are not exactly this page's, each once.
    """
    # A figure may stand inside another fragment (a gallery card's chart): its placeholder is
    # in that fragment's HTML, and goes into the page with it.
    inside = "".join(f.html for f in fragments if _PLACEHOLDER_BYTES in f.data)
    _check_placeholders(html + inside, range(len(fragments)), source)
    _refuse(CONTENT.removals(html), source)

    def fragment_in(match: re.Match[str]) -> str:
        fragment = fragments[int(match[1])]
        if fragment.figure:
            return match[0]
        if fragment.indexed:
            return fragment.html
        return _START.format(match[1]) + fragment.html + _END.format(match[1])

    html = banner + _PLACEHOLDER_HTML.sub(fragment_in, html)
    cleaned, removals = SITE.clean_and_compare(html)
    _refuse(removals, source)
    unindexed: dict[int, str] = {}

    def mark(match: re.Match[str]) -> str:
        unindexed[int(match[1])] = match[2]
        return _MARK.format(match[1])

    figures = [number for number, fragment in enumerate(fragments) if fragment.figure]
    _check_placeholders(cleaned, figures, source)  # every fragment's text is still in the page
    cleaned = _UNINDEXED_HTML.sub(mark, cleaned)
    cleaned = _PLACEHOLDER_HTML.sub(lambda match: _MARK.format(match[1]), cleaned)
    set_aside = [n for n, f in enumerate(fragments) if not f.indexed and not f.figure]
    if sorted(unindexed) != set_aside or any(
        PLACEHOLDER_PREFIX in part for part in (cleaned, *unindexed.values())
    ):
        raise UnsafeContent(
            f"{source}: the page's trusted-fragment marks are not as generated (content may "
            f"not write '{PLACEHOLDER_PREFIX}')"
        )
    return cleaned, unindexed


def _refuse(removals: list[Removal], source: str) -> None:
    """Fail if cleaning removed anything."""
    if removals:
        found = "; ".join(dict.fromkeys(removal.describe() for removal in removals))
        raise UnsafeContent(f"{source}: unsafe HTML the check did not report: {found}")


def _check_placeholders(html: str, expected: range | list[int], source: str) -> None:
    """Fail unless ``html`` holds the placeholders numbered ``expected``, each once."""
    numbers = sorted(int(number) for number in _PLACEHOLDER_HTML.findall(html))
    if numbers != list(expected):
        raise UnsafeContent(
            f"{source}: the page holds {len(numbers)} trusted-fragment placeholders where "
            f"{len(expected)} were generated (content may not write "
            f"'{_PLACEHOLDER.format('N')}')"
        )
