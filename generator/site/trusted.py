"""Published HTML: content cleaned by the allow-list, template-made figures kept whole.

Every page's HTML passes :data:`generator.sanitize.SITE` after Markdown. The flowchart's figure
(inline SVG, which the allow-list rightly refuses to content) is made by a template, so the
generated Markdown carries a numbered placeholder where it goes, and the figure is put back only
after cleaning. A placeholder that content forges, or one that went missing, stops the build, as
does anything the allow-list removes (``pearls check`` reports that first, at its line): content
is never silently dropped and never silently published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.sanitize import PLACEHOLDER_PREFIX, SITE

_PLACEHOLDER = PLACEHOLDER_PREFIX + "{}"
#: A placeholder as Markdown leaves it: a paragraph of its own, or bare inside a list item.
_PLACEHOLDER_HTML = re.compile(rf"(?:<p>)?{PLACEHOLDER_PREFIX}(\d+)(?:</p>)?")
_ID = re.compile(r'\sid="([^"]*)"')


class UnsafeContent(Exception):
    """Cleaning a page changed it: the build stops, naming the source file."""


@dataclass
class TrustedFragments:
    """The template-made fragments of each generated page, and the source file each page shows
    (named when cleaning fails), by docs-folder path; and what a preview puts above them all."""

    pages: dict[str, list[str]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    #: Markdown above every page: the errors a preview of content with errors lists.
    banner: str = ""
    #: HTML the plugin puts at the end of a page's ``<head>`` (a pearl's citation metadata).
    heads: dict[str, str] = field(default_factory=dict)

    def placeholder(self, page: str, fragment: str) -> str:
        """Markdown standing where ``fragment`` goes on ``page`` (a paragraph of its own)."""
        fragments = self.pages.setdefault(page, [])
        fragments.append(fragment)
        return "\n\n" + _PLACEHOLDER.format(len(fragments) - 1) + "\n\n"

    def clean(self, page: str, html: str) -> str:
        """Page ``page``'s HTML cleaned (see :func:`clean_page`); a page made from no one
        source file (the archive) is named as the generated page."""
        source = self.sources.get(page, f"generated page {page}")
        return clean_page(html, self.pages.get(page, []), source)

    def anchor_ids(self, page: str) -> set[str]:
        """The ids the trusted fragments give ``page`` (link targets such as ``#algorithm``)."""
        return {id_ for fragment in self.pages.get(page, []) for id_ in _ID.findall(fragment)}


def clean_page(html: str, fragments: list[str], source: str) -> str:
    """``html`` (a page after Markdown) cleaned, with its trusted fragments in.

    Raises :class:`UnsafeContent` naming ``source`` when cleaning removes anything or the
    placeholders are not exactly this page's, each once and in order.
    """
    cleaned, removals = SITE.clean_and_compare(html)
    if removals:
        found = "; ".join(dict.fromkeys(removal.describe() for removal in removals))
        raise UnsafeContent(f"{source}: unsafe HTML the check did not report: {found}")
    numbers = [int(number) for number in _PLACEHOLDER_HTML.findall(cleaned)]
    if numbers != list(range(len(fragments))):
        raise UnsafeContent(
            f"{source}: the page holds {len(numbers)} trusted-fragment placeholders where "
            f"{len(fragments)} were generated (content may not write "
            f"'{_PLACEHOLDER.format('N')}')"
        )
    return _PLACEHOLDER_HTML.sub(lambda match: fragments[int(match.group(1))], cleaned)
