"""The flowchart's typographic and spacing constants, and how text fits a box."""

from __future__ import annotations

from dataclasses import dataclass

from generator.algorithm.measure import Line, metrics, wrap
from generator.algorithm.model import NodeKind, Run


@dataclass(frozen=True)
class Style:
    """Sizes in CSS pixels of the drawing at 1×."""

    font_size: float = 14
    line_height: float = 18
    note_size: float = 12
    note_line_height: float = 15
    label_size: float = 12.5
    number_size: float = 10.5
    text_width: float = 184
    decision_text_width: float = 168
    link_text_width: float = 132
    max_lines: int = 5
    max_note_lines: int = 4
    pad_x: float = 14
    pad_y: float = 10
    note_gap: float = 4
    hexagon_point: float = 18
    corner_radius: float = 12
    min_width: float = 104
    node_gap: float = 32
    dummy_gap: float = 16
    label_zone: float = 26
    track_gap: float = 10
    arrow_room: float = 22
    margin: float = 14
    badge_radius: float = 9
    label_offset: float = 6

    def max_text_width(self, kind: NodeKind) -> float:
        if kind is NodeKind.LINK:
            return self.link_text_width
        return self.decision_text_width if kind is NodeKind.DECISION else self.text_width

    def limit(self, kind: NodeKind, note: bool) -> int:
        return self.max_note_lines if note else (2 if kind is NodeKind.LINK else self.max_lines)

    def wrap(self, kind: NodeKind, runs: tuple[Run, ...], note: bool = False) -> list[Line]:
        size = self.note_size if note else self.font_size
        return wrap(runs, size, self.max_text_width(kind), metrics())

    def overflows(self, kind: NodeKind, runs: tuple[Run, ...], note: bool = False) -> bool:
        """Whether the text needs more lines than a box allows, or has a word wider than it."""
        lines = self.wrap(kind, runs, note)
        return len(lines) > self.limit(kind, note) or any(
            line.width > self.max_text_width(kind) + 0.5 for line in lines)


STYLE = Style()
