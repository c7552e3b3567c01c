"""Flowchart node kinds: one object per kind, registered in :data:`KINDS` under its YAML name.

A kind says which fields its nodes may have, what they must satisfy, how big its box is and
where arrows meet it, which palette colour fills it and which macro of
``templates/flowchart/shapes.svg.j2`` draws it, and how the outline and the figure's description
name it. Parsing, validation, layout, rendering and the outline ask the node's kind; adding a
kind is one entry in :data:`KINDS` and one macro in the shapes template (a project may add the
macro through its own ``templates/flowchart/shapes.svg.j2``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.algorithm.layout import Point
from generator.algorithm.style import STYLE, Style
from generator.diagnostics import Diagnostic, error, warning

if TYPE_CHECKING:
    from generator.algorithm.layout import Box
    from generator.algorithm.model import Node

#: The node fields that only some kinds have (every node has id, kind, text and note).
KIND_FIELDS = ("next", "branches", "pearl")


@dataclass(frozen=True)
class NodeKind:
    """A kind drawn in a rectangle (``inset``: its corner radius); subclasses change the shape."""

    #: The name editors write in ``kind:``.
    name: str
    #: How the outline names a step of this kind ("Clinical state").
    label: str
    #: How messages and the figure's description name one node, and several, of this kind.
    noun: str
    plural: str
    #: The macro of ``flowchart/shapes.svg.j2`` that draws the shape, given the box.
    macro: str
    #: The :class:`~generator.algorithm.render.Palette` field that fills the shape.
    palette: str
    #: Which of :data:`KIND_FIELDS` its nodes may have, and which of those they must have.
    fields: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    #: Whether a path may end at this kind (else a node without ``next`` is ALG016).
    terminal: bool = False
    #: The widest line of text, and the most lines, the box holds.
    text_width: float = 184
    max_lines: int = 5
    #: How far the shape's corners reach in from its bounding box.
    inset: float = 0.0
    #: Drawn with a dashed border; its text semibold (the template says how).
    dashed: bool = False
    bold: bool = False

    #: Whether a node's outer branches may leave from the shape's left and right points.
    side_exits = False
    #: How far below the top padding the text starts.
    text_top = 0.0

    # -- validation ---------------------------------------------------------------------------

    def problems(self, node: Node, path: Path) -> list[Diagnostic]:
        """What is wrong with ``node`` on its own: its branches, its way on, its text's length."""
        problems: list[Diagnostic] = []
        if "branches" in self.fields:
            count = len(node.branches)
            if count < 2:
                problems.append(error(path, node.position, "ALG014",
                                      f"{self.noun} '{node.id}' has {count} "
                                      f"branch{'' if count == 1 else 'es'}; "
                                      f"a {self.noun} needs at least 2",
                                      "add a second '- label: …' with its 'to: …' under "
                                      "'branches:'" if count == 1 else
                                      "add 'branches:' with '- label: …' and 'to: …'"))
            for branch in node.branches:
                if not branch.label:
                    problems.append(error(path, branch.position, "ALG015",
                                          f"a branch of {self.noun} '{node.id}' has no label",
                                          "label it, e.g. 'label: \"Yes\"'"))
        elif not self.terminal and "next" in self.fields and node.next is None:
            problems.append(error(path, node.position, "ALG016",
                                  f"the path ends at {self.noun} '{node.id}'",
                                  "every path must end at an action or a link; add 'next:'"))
        for text, what in ((node.text, "text"), (node.note, "note")):
            if text is not None and STYLE.overflows(self, text.runs(), note=what == "note"):
                problems.append(warning(path, text.position, "ALG018",
                                        f"the {what} of '{node.id}' is too long for its box",
                                        f"keep it within {STYLE.limit(self, what == 'note')} "
                                        "lines; move detail into the pearl's text"))
        return problems

    # -- geometry -----------------------------------------------------------------------------

    def size(self, width: float, height: float, style: Style) -> tuple[float, float]:
        """The box around text that needs ``width`` × ``height`` with its padding."""
        return max(width, style.min_width), height

    def badge(self, box: Box) -> Point:
        """Where the step number sits: on the shape's top-left corner."""
        return Point(box.rect.x, box.rect.y)

    def flat(self, box: Box) -> tuple[float, float]:
        """The x range where arrows may meet the top and bottom edges squarely."""
        margin = self.inset + 6
        return box.rect.x + margin, box.rect.right - margin

    def edge_y(self, box: Box, x: float, top: bool) -> float:
        """The y of the top or bottom border at ``x``."""
        return box.rect.y if top else box.rect.bottom


@dataclass(frozen=True)
class Hexagon(NodeKind):
    """A kind drawn as a hexagon whose side points reach ``inset`` out beyond its text."""

    side_exits = True

    def size(self, width: float, height: float, style: Style) -> tuple[float, float]:
        return super().size(width + 2 * self.inset, height, style)

    def badge(self, box: Box) -> Point:
        return Point(box.rect.x + self.inset, box.rect.y)

    def points(self, box: Box) -> tuple[Point, ...]:
        """The corners, from the left point clockwise."""
        r = box.rect
        return (Point(r.x, box.cy), Point(r.x + self.inset, r.y),
                Point(r.right - self.inset, r.y), Point(r.right, box.cy),
                Point(r.right - self.inset, r.bottom), Point(r.x + self.inset, r.bottom))


@dataclass(frozen=True)
class Oval(NodeKind):
    """A kind drawn as an ellipse around its text."""

    text_top = 3.0

    def size(self, width: float, height: float, style: Style) -> tuple[float, float]:
        return max(width * 1.18 + 8, 72), height + 6

    def badge(self, box: Box) -> Point:
        r = box.rect
        return Point(r.x + r.width * 0.15, r.y + r.height * 0.15)

    def flat(self, box: Box) -> tuple[float, float]:
        margin = box.rect.width * 0.3
        return box.rect.x + margin, box.rect.right - margin

    def edge_y(self, box: Box, x: float, top: bool) -> float:
        a, b = box.rect.width / 2, box.rect.height / 2
        dy = b * math.sqrt(max(0.0, 1 - ((x - box.cx) / a) ** 2))
        return box.cy - dy if top else box.cy + dy


#: The kinds editors may write, by YAML name, in the order help and hints list them. The SMDM
#: clinical algorithm standard (Med Decis Making 1992;12:149-154) gives the four and their shapes.
KINDS: dict[str, NodeKind] = {
    kind.name: kind
    for kind in (
        NodeKind("state", "Clinical state", "clinical state", "clinical states",
                 macro="rounded", palette="state", fields=("next",), inset=12),
        Hexagon("decision", "Decision", "decision", "decisions", macro="hexagon",
                palette="decision", fields=("branches",), text_width=168, inset=18),
        NodeKind("action", "Action", "action", "actions", macro="rectangle", palette="action",
                 fields=("next",), terminal=True, bold=True),
        Oval("link", "Link", "link to another algorithm", "link to another algorithm",
             macro="oval", palette="link", fields=("pearl",), required=("pearl",),
             terminal=True, text_width=132, max_lines=2, dashed=True),
    )
}
