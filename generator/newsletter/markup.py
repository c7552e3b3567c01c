"""The pearl body in an email: Markdown to safe HTML, and that HTML to plain-text blocks.

Editors may write HTML inside Markdown; an email must never carry script from content, so
every fragment goes through the site's one allow-list (:mod:`generator.sanitize`, its email
policy): no ``<script>``, ``<iframe>``, ``<style>``, ``on*`` attributes, ``javascript:`` or
``data:`` URLs. Relative links resolve against the pearl's page, so every link works from a mail
client (``#ref-2`` becomes the reference on the site). Images written in the body are dropped:
the flowchart is the email's one figure, and a body image would arrive without the width and
height mail clients need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown

#: What editors may write: the Markdown the site accepts (MkDocs adds ``fenced_code`` to what
#: mkdocs.yml lists), less what email cannot show.
_EXTENSIONS = [
    "fenced_code", "tables", "sane_lists", "admonition", "footnotes", "attr_list", "md_in_html"
]  # fmt: skip


def markdown_to_html(text: str) -> str:
    """Markdown (with its citations already rendered) as HTML, unsanitised."""
    return markdown.markdown(text, extensions=_EXTENSIONS, output_format="html")


class LinkList:
    """The numbered links listed under the plain-text email, in order of first use."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def number(self, url: str) -> int:
        """The link's number, giving it the next one on first use."""
        if url not in self.urls:
            self.urls.append(url)
        return self.urls.index(url) + 1


@dataclass
class Block:
    """One paragraph of the plain-text email: text, list marker, list depth, heading or not."""

    text: str = ""
    marker: str = ""
    depth: int = 0
    heading: bool = False


_BLOCK_TAGS = {"p", "div", "blockquote", "pre", "dt", "dd", "tr", "h2", "h3", "h4", "hr"}
_SPACE = re.compile(r"\s+")


class _TextWriter(HTMLParser):
    def __init__(self, links: LinkList) -> None:
        super().__init__(convert_charrefs=True)
        self.links = links
        self.blocks: list[Block] = []
        self.lists: list[list[int | None]] = []
        self.href: list[str | None] = []
        self.current = Block()

    def flush(self) -> None:
        text = _SPACE.sub(" ", self.current.text).strip()
        if text:
            self.current.text = text
            self.blocks.append(self.current)
        self.current = Block(depth=len(self.lists))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS or tag in ("ul", "ol", "li"):
            self.flush()
        if tag in ("h2", "h3", "h4"):
            self.current.heading = True
        elif tag in ("ul", "ol"):
            start = dict(attrs).get("start") or "1"
            self.lists.append([int(start) if tag == "ol" and start.isdigit() else None])
        elif tag == "li" and self.lists:
            counter = self.lists[-1]
            self.current = Block(depth=len(self.lists) - 1)
            if counter[0] is None:
                self.current.marker = "-"
            else:
                self.current.marker = f"{counter[0]}."
                counter[0] += 1
        elif tag == "a":
            self.href.append(dict(attrs).get("href"))
        elif tag in ("td", "th") and self.current.text:
            self.current.text += " | "
        elif tag == "br":
            self.current.text += " "

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.href:
            url = self.href.pop()
            if url:
                self.current.text += f" [{self.links.number(url)}]"
        elif tag in ("ul", "ol") and self.lists:
            self.flush()
            self.lists.pop()
            self.current.depth = len(self.lists)
        elif tag in _BLOCK_TAGS or tag == "li":
            self.flush()

    def handle_data(self, data: str) -> None:
        self.current.text += data


def text_blocks(html: str, links: LinkList) -> list[Block]:
    """Sanitised HTML as plain-text blocks; each link's text is followed by its number."""
    writer = _TextWriter(links)
    writer.feed(html)
    writer.close()
    writer.flush()
    return writer.blocks
