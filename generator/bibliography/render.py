"""Formatting references: one style, three outputs (text, Markdown, HTML), cached per style.

The site, the feed and the email use the HTML and the text; the Markdown is for ``pearls refs``.

Styles are pybtex formatting plugins found by entry point (``ama``, ``short``), so a new style
(e.g. Vancouver) is a class plus one line in ``pyproject.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from html import escape

from pybtex.backends import html, markdown, plaintext
from pybtex.plugin import find_plugin
from pybtex.richtext import Text
from pybtex.style.formatting import BaseStyle

from generator.bibliography.loader import Reference

DEFAULT_STYLE = "ama"
STYLES = ("ama", "short")


#: Markdown's inline punctuation as character references (see :class:`HtmlBackend`).
_MARKDOWN_INERT = {ord(char): f"&#{ord(char)};" for char in "\\`*_[]{}"}


class HtmlBackend(html.Backend):
    """pybtex's HTML backend, safe wherever the fragment lands: in HTML or inline in Markdown.

    Text is escaped for HTML, and Markdown's punctuation becomes character references, so the
    References page (a Markdown page) never reads a title's ``[x](…)``, ``*`` or ``{: … }`` as
    syntax. Link targets, validated by :mod:`generator.link_fields`, are escaped for the attribute.
    """

    def format_str(self, text: str) -> str:
        return escape(text, quote=False).translate(_MARKDOWN_INERT)

    @staticmethod
    def format_href(url: str, text: str, external: bool = False) -> str:
        return f'<a href="{escape(url, quote=True)}">{text}</a>' if text else ""


class MarkdownBackend(markdown.Backend):
    """pybtex's Markdown backend escaping only what Markdown would misread (for ``pearls refs``).

    The stock backend escapes every ``.``, ``-`` and parenthesis, which makes editors'
    previews unreadable (``Mol Clin Oncol\\. 2019;10\\(2\\)``).
    """

    def format_str(self, text: str) -> str:
        text = escape(text, quote=False)
        for char in "\\`*_[]{}":
            text = text.replace(char, "\\" + char)
        return text

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


@cache
def get_style(name: str) -> BaseStyle:
    """The formatting style registered under ``name`` (one instance per process)."""
    return find_plugin("pybtex.style.formatting", name)()


def format_rich(reference: Reference, style: str = DEFAULT_STYLE) -> Text:
    """The reference as pybtex rich text in ``style``."""
    return get_style(style).format_entry(reference.key, reference).text


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
