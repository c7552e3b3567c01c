"""The flowchart's typographic and spacing constants, and how text fits a box."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.algorithm.measure import Line, metrics, wrap
from generator.algorithm.model import Run

if TYPE_CHECKING:
    from generator.algorithm.kinds import NodeKind


@dataclass(frozen=True)
class Style:
    """Sizes in CSS pixels of the drawing at 1× (each kind's own are in its :class:`NodeKind`)."""

    font_size: float = 14
    line_height: float = 18
    note_size: float = 12
    note_line_height: float = 15
    label_size: float = 12.5
    number_size: float = 10.5
    max_note_lines: int = 4
    pad_x: float = 14
    pad_y: float = 10
    note_gap: float = 4
    min_width: float = 104
    node_gap: float = 32
    dummy_gap: float = 16
    label_zone: float = 26
    track_gap: float = 10
    arrow_room: float = 22
    margin: float = 14
    badge_radius: float = 9
    label_offset: float = 6

    def limit(self, kind: NodeKind, note: bool) -> int:
        return self.max_note_lines if note else kind.max_lines

    def wrap(self, kind: NodeKind, runs: tuple[Run, ...], note: bool = False) -> list[Line]:
        size = self.note_size if note else self.font_size
        return wrap(runs, size, kind.text_width, metrics())

    def overflows(self, kind: NodeKind, runs: tuple[Run, ...], note: bool = False) -> bool:
        """Whether the text needs more lines than a box allows, or has a word wider than it."""
        lines = self.wrap(kind, runs, note)
        return len(lines) > self.limit(kind, note) or any(
            line.width > kind.text_width + 0.5 for line in lines)


STYLE = Style()
