"""How deeply a Markdown text nests, measured line by line before Markdown reads it.

Python-Markdown reads nested lists, block quotes and ``markdown="1"`` HTML by recursion and
matches brackets by rescanning: ``- - - - …`` ten thousand deep dies with RecursionError in the
build and the email, and ``[[[[…`` takes minutes. No pearl needs more than a few levels, so
passing :data:`MAX_NESTING` is an error where it happens, found by a linear scan.

| code   | problem                                                                   |
|--------|---------------------------------------------------------------------------|
| MD001  | lists, block quotes, HTML elements or brackets nested over 20 levels deep |
| MD002  | a text longer than 30,000 characters (Markdown's cost grows faster than it) |

Length is bounded too: Python's HTML parser, which Markdown reads raw HTML with, can take time
quadratic in the length of a text (80 KB of ``<a "`` takes over 40 s); at :data:`MAX_LENGTH` the
worst known case takes about 6 s. A pearl is about 3,000 characters, the editor's guide 12,000.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

from generator.citations import mask_code
from generator.diagnostics import Diagnostic, Position, error, offset_to_position
from generator.errors import ContentError

MAX_NESTING = 20
MAX_LENGTH = 30_000

#: A list item or block quote marker opening a container on a line (after its indentation).
_MARKER = re.compile(r"[ \t]*(?P<marker>>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))")
#: A start or end tag; no ``<`` inside, so each try stops at the next one (linear time).
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b(?:[^<>\"']|\"[^<>\"]*\"|'[^<>']*')*?(/?)>")
#: Elements that hold no content, or whose end tag may be left out: they nest nothing.
_UNNESTED = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
     "option", "optgroup", "colgroup", "caption", "rt", "rp", "html", "head", "body"}
)  # fmt: skip
_BRACKET = re.compile(r"\\.|[\[\]]|\n[ \t]*\n")


class TooDeep(ContentError):
    """Markdown nested too deeply for Python-Markdown in a file the check passed (a construct
    :func:`too_costly` misses): the command stops with one line naming the file."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: nested too deeply for Markdown to read (flatten it)")


@contextlib.contextmanager
def converting(path: Path) -> Iterator[None]:
    """Markdown from ``path`` is converted inside: a RecursionError becomes :class:`TooDeep`."""
    try:
        yield
    except RecursionError:
        raise TooDeep(path) from None


def too_costly(
    text: str, path: Path, origin: Position, unread: int = 0
) -> list[Diagnostic]:
    """An error if ``text`` (less ``unread`` characters Markdown never sees, such as the
    algorithm block) is longer than :data:`MAX_LENGTH`, else at the first place it nests deeper
    than :data:`MAX_NESTING`, if any."""
    length = len(text) - unread
    if length > MAX_LENGTH:
        message = f"the text is {length:,} characters; at most {MAX_LENGTH:,} can be published"
        return [error(path, origin, "MD002", message, "shorten it, or split it in two")]
    masked = mask_code(text)
    found = [
        (offset, what)
        for scan in (_containers, _elements, _brackets)
        for offset, what in scan(masked)
    ]
    if not found:
        return []
    offset, what = min(found)
    return [
        error(
            path,
            offset_to_position(text, offset, origin),
            "MD001",
            f"{what} nested more than {MAX_NESTING} levels deep",
            "flatten it: no reader follows structure this deep",
        )
    ]


def _containers(text: str) -> Iterator[tuple[int, str]]:
    """The first list or block-quote marker, or indented text, deeper than the limit
    (indentation counts four columns a level)."""
    start = 0
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip(" \t"))
        depth = len(line[:indent].expandtabs(4)) // 4
        if depth > MAX_NESTING and indent < len(line):
            yield start + indent, "indented blocks"
            return
        position = 0
        while match := _MARKER.match(line, position):
            depth += 1
            if depth > MAX_NESTING:
                yield start + match.start("marker"), "lists and block quotes"
                return
            position = match.end()
        start += len(line) + 1


def _elements(text: str) -> Iterator[tuple[int, str]]:
    """The first HTML start tag deeper than the limit inside other open elements."""
    depth = 0
    for match in _TAG.finditer(text):
        closing, name, empty = match.groups()
        if name.lower() in _UNNESTED or empty:
            continue
        if closing:
            depth = max(0, depth - 1)
            continue
        depth += 1
        if depth > MAX_NESTING:
            yield match.start(), "HTML elements"
            return


def _brackets(text: str) -> Iterator[tuple[int, str]]:
    """The first ``[`` deeper than the limit inside other open brackets of its paragraph."""
    depth = 0
    for match in _BRACKET.finditer(text):
        token = match.group()
        if token == "[":
            depth += 1
            if depth > MAX_NESTING:
                yield match.start(), "brackets"
                return
        elif token == "]":
            depth = max(0, depth - 1)
        elif not token.startswith("\\"):
            depth = 0  # a blank line ends the paragraph
