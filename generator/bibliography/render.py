"""Formatting references: one style, three outputs (text, Markdown, HTML), cached per style.

The site, the feed and the email use the HTML and the text; the Markdown is for ``pearls refs``.

Styles are found by name through their entry points (:mod:`generator.bibliography.styles`).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from pybtex.backends import html, markdown, plaintext
from pybtex.richtext import Text

from generator.bibliography.loader import Reference
from generator.bibliography.styles import citation_style, formatting_failure, is_packaged

#: The style a project uses unless it names another.
DEFAULT_STYLE = "ama"


#: Markdown's inline punctuation as character references (see :class:`HtmlBackend`).
_MARKDOWN_INERT = {ord(char): f"&#{ord(char)};" for char in "\\`*_[]{}"}


def markdown_inert(text: str) -> str:
    """Text for HTML that Markdown reads too: escaped, Markdown's punctuation as references."""
    return escape(text, quote=False).translate(_MARKDOWN_INERT)


def markdown_inert_html(html: str) -> str:
    """HTML :class:`HtmlBackend` wrote, for a place Markdown reads too: Markdown's punctuation
    as references (in its tags as well, whose names have none, and a reference in an attribute
    value reads as the character)."""
    return html.translate(_MARKDOWN_INERT)


def markdown_escape(text: str) -> str:
    """Text for Markdown: escaped for HTML, with a backslash before Markdown's punctuation."""
    text = escape(text, quote=False)
    for char in "\\`*_[]{}":
        text = text.replace(char, "\\" + char)
    return text


class HtmlBackend(html.Backend):
    """pybtex's HTML backend, writing HTML as the allow-list's cleaning writes it back.

    Text is escaped for HTML (``&``, ``<``, ``>``; quotes are text), as cleaning writes it, so
    proving a page of it clean takes one comparison
    (:meth:`generator.sanitize.Policy.clean_and_compare`).
    Link targets, validated by :mod:`generator.link_fields`, are escaped for the attribute. Where
    Markdown reads a reference too (an author-year style's in-text citation), it goes through
    :func:`markdown_inert_html` first.
    """

    def format_str(self, text: str) -> str:
        return escape(text, quote=False)

    @staticmethod
    def format_href(url: str, text: str, external: bool = False) -> str:
        return f'<a href="{escape(url, quote=True)}">{text}</a>' if text else ""


class MarkdownBackend(markdown.Backend):
    """pybtex's Markdown backend escaping only what Markdown would misread (for ``pearls refs``).

    The stock backend escapes every ``.``, ``-`` and parenthesis, which makes editors'
    previews unreadable (``Mol Clin Oncol\\. 2019;10\\(2\\)``).
    """

    def format_str(self, text: str) -> str:
        return markdown_escape(text)

    @staticmethod
    def format_href(url: str, text: str, external: bool = False) -> str:
        """``[text](url)`` with the URL's parentheses encoded, so none can end the link."""
        target = url.replace("(", "%28").replace(")", "%29")
        return f"[{text}]({target})" if text else ""


_TEXT, _MARKDOWN, _HTML = plaintext.Backend(), MarkdownBackend(), HtmlBackend()


@dataclass(frozen=True)
class FormattedReference:
    """One reference formatted in one style, in every output the site and email need."""

    key: str
    style: str
    text: str
    markdown: str
    html: str


def format_rich(reference: Reference, style: str = DEFAULT_STYLE) -> Text:
    """The reference as pybtex rich text in ``style``; another package's style failing on it
    is a :class:`~generator.bibliography.styles.StyleError` naming that package."""
    formatter = citation_style(style)
    try:
        return formatter.format_entry(reference.key, reference).text
    except Exception as exc:
        if is_packaged(style):
            raise  # the generator's own: a bug to see whole
        raise formatting_failure(style, reference.key, exc) from exc


def format_reference(reference: Reference, style: str = DEFAULT_STYLE) -> FormattedReference:
    """The reference in ``style`` as text, Markdown and HTML.

    Cached on the reference per style: each reference is formatted once per build.
    """
    cached = reference.formatted_cache.get(style)
    if isinstance(cached, FormattedReference):
        return cached
    rich = format_rich(reference, style)
    formatted = FormattedReference(
        key=reference.key,
        style=style,
        text=rich.render(_TEXT),
        markdown=rich.render(_MARKDOWN),
        html=rich.render(_HTML),
    )
    reference.formatted_cache[style] = formatted
    return formatted
