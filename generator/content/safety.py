"""Raw HTML in a pearl's body that could run script on the site or in the newsletter.

Markdown lets editors write HTML; a pasted embed or a ``javascript:`` link must never reach
readers. The check reports each one where it was written; the renderers sanitise as well.

| code   | problem                                                        |
|--------|----------------------------------------------------------------|
| SEC001 | an element that runs or embeds content (script, iframe, …)     |
| SEC002 | an event-handler attribute (``onerror=``, ``onclick=``, …)      |
| SEC003 | a ``javascript:``, ``vbscript:`` or ``data:`` link or source     |
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from generator.citations import mask_code, offset_to_position
from generator.diagnostics import Diagnostic, Position, error

FORBIDDEN_ELEMENTS = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form",
     "meta", "link", "style", "svg", "math"}
)
_UNSAFE_URL = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?((?:javascript|vbscript|data)\s*:[^)\s>]*)", re.IGNORECASE)
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "srcset"})


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        offset = self._offset()
        if tag in FORBIDDEN_ELEMENTS:
            self.found.append((offset, "SEC001", f"<{tag}> is not allowed in a pearl"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((offset, "SEC002",
                                   f"event-handler attribute '{name}' on <{tag}> is not allowed"))
            elif name in _URL_ATTRIBUTES and value and _UNSAFE_URL.match(value):
                scheme = value.split(":", 1)[0].strip().lower()
                self.found.append((offset, "SEC003", f"{scheme}: URL in <{tag} {name}>"))

    handle_startendtag = handle_starttag

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_offsets[line - 1] + col

    def scan(self, text: str) -> list[tuple[int, str, str]]:
        self.line_offsets = [0] + [m.end() for m in re.finditer("\n", text)]
        self.feed(text)
        self.close()
        return self.found


def unsafe_html(body: str, path: Path, origin: Position) -> list[Diagnostic]:
    """A diagnostic for each unsafe element, attribute or link in ``body`` (Markdown)."""
    masked = mask_code(body)
    found = _Scanner().scan(masked)
    for match in _MARKDOWN_LINK.finditer(masked):
        scheme = match.group(1).split(":", 1)[0].strip().lower()
        found.append((match.start(1), "SEC003", f"{scheme}: URL in a Markdown link"))
    hint = "write plain Markdown; links must be http(s) or relative"
    return [error(path, offset_to_position(body, offset, origin), code, message, hint)
            for offset, code, message in sorted(found)]
