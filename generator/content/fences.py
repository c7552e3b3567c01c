"""Fenced blocks in a pearl's body, found as Python-Markdown's ``fenced_code`` finds them.

The site draws the flowchart in place of the body's one ```` ```algorithm ```` block, and
Markdown renders everything else: a fence it reads differently from the editor's intent (never
closed, indented, written with ``~~~``, or the algorithm's YAML fenced as ``yaml``) would publish
the YAML as text or code where the flowchart belongs. So the loader takes the algorithm block from
:func:`scan` (the same rule Markdown follows: a fence of three or more backticks or tildes at the
start of a line, closed by the same fence on a line of its own, nothing read inside another
block), and every near miss is an error at its line.

| code   | problem                                                                          |
|--------|----------------------------------------------------------------------------------|
| MD003  | an ``algorithm`` fence the site would not draw: never closed, indented, or not    |
|        | written exactly ```` ```algorithm ````                                           |
| MD004  | a block fenced as ``yaml``, ``yml`` or no language holding an algorithm's       |
|        | ``nodes:``                                                                       |
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic, Position, error, offset_to_position

#: A line that opens a fence for Markdown (at column 0) or nearly (indented, or after a quote
#: or list marker): its language is the word after the fence, with or without a leading dot or
#: braces.
_OPENING = re.compile(
    r"(?P<indent>[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?[ \t>]*)"
    r"(?P<fence>`{3,}|~{3,})[ \t]*\{?[ \t]*\.?(?P<lang>[\w#.+-]*).*"
)
#: A line that can close a fence (the same fence, then spaces only).
_CLOSING = re.compile(r"`{3,}|~{3,}")
#: The opening line of the block the site draws as the flowchart.
_ALGORITHM = re.compile(r"```[ \t]*algorithm[ \t]*")
#: The top-level key every algorithm has; in another fence it marks the algorithm misfenced.
_NODES = re.compile(r"^nodes[ \t]*:", re.MULTILINE)
#: The languages (none included) an algorithm's YAML may be fenced as by mistake.
_YAML = frozenset({"", "yaml", "yml"})
_FIX = "open it with a line ```algorithm and close it with a line ```"


@dataclass(frozen=True)
class Fence:
    """One fence opening in a body (offsets into it) and what it encloses."""

    start: int
    end: int  # after the closing fence line (before its newline); the opening's end if unclosed
    content_start: int
    content_end: int
    opening: str  # the opening line as written
    indent: str  # what precedes the fence on its line: spaces, quote or list markers
    lang: str
    closed: bool

    @property
    def is_algorithm(self) -> bool:
        """The block the site draws as the flowchart."""
        return self.closed and _ALGORITHM.fullmatch(self.opening) is not None

    def content(self, body: str) -> str:
        return body[self.content_start : self.content_end]


def scan(body: str) -> list[Fence]:
    """Every fence opening in ``body`` outside other fenced blocks, in order. An opening that is
    never closed (or indented, which Markdown does not read as a fence) encloses nothing, and
    the scan goes on at the next line, as Markdown's does."""
    lines = body.split("\n")
    offsets = [0]
    closers: dict[str, list[int]] = {}  # each closing line's fence: the lines it stands on
    for number, line in enumerate(lines):
        offsets.append(offsets[-1] + len(line) + 1)
        bare = line.rstrip(" ")
        if _CLOSING.fullmatch(bare):
            closers.setdefault(bare, []).append(number)
    fences: list[Fence] = []
    index = 0
    while index < len(lines):
        match = _OPENING.fullmatch(lines[index])
        if match is None:
            index += 1
            continue
        fence = match["fence"]
        close = None
        if not match["indent"]:  # Markdown reads a fence only at the start of a line
            candidates = closers.get(fence, [])
            after = bisect.bisect_right(candidates, index)
            close = candidates[after] if after < len(candidates) else None
        start = offsets[index]
        if close is None:
            end = start + len(lines[index])
            fences.append(
                Fence(start, end, end, end, lines[index], match["indent"], match["lang"], False)
            )
            index += 1
            continue
        end = offsets[close] + len(lines[close])
        fences.append(
            Fence(start, end, offsets[index + 1], offsets[close], lines[index], match["indent"],
                  match["lang"], True)
        )  # fmt: skip
        index = close + 1
    return fences


def problems(fences: list[Fence], body: str, path: Path, origin: Position) -> list[Diagnostic]:
    """An error for each fence Markdown would read otherwise than the editor meant."""
    diagnostics = []
    for fence in fences:
        where = offset_to_position(body, fence.start, origin)
        message = _problem(fence, body)
        if message is not None:
            code, text = message
            diagnostics.append(error(path, where, code, text, _FIX))
    return diagnostics


def _problem(fence: Fence, body: str) -> tuple[str, str] | None:
    """The code and message for a fence the site would not show as its editor meant."""
    if fence.is_algorithm:
        return None
    written = fence.opening.strip()
    if fence.lang.lower() == "algorithm":
        if fence.indent.strip():
            why = (
                f"it follows '{fence.indent.strip()}' (in a quote or list), and Markdown reads a "
                "fence only at the start of a line"
            )
        elif fence.indent:
            why = "it is indented, and Markdown reads a fence only at the start of a line"
        elif not fence.closed:
            why = "it is never closed"
        else:
            why = f"the site draws only a block opened by exactly '```algorithm', not '{written}'"
        return "MD003", f"this algorithm block would not be drawn as a flowchart: {why}"
    if fence.closed and fence.lang.lower() in _YAML and _NODES.search(fence.content(body)):
        named = f"as '{fence.lang}'" if fence.lang else "without a language"
        return (
            "MD004",
            f"this block holds an algorithm's 'nodes:' but is fenced {named}: the site would "
            "show its YAML as code, not draw the flowchart",
        )
    return None
