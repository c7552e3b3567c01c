"""Text measured with the metrics of the font the flowchart ships, and wrapped to a width.

Measuring the same font file that resvg draws with makes the boxes fit their text exactly,
on any machine.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont

from generator.algorithm.model import Run

FONT_DIR = Path(__file__).parent / "fonts"
REGULAR = FONT_DIR / "SourceSansPro-Regular.ttf"
SEMIBOLD = FONT_DIR / "SourceSansPro-Semibold.ttf"
FAMILY = "Source Sans Pro"

#: Superscripts are drawn at this fraction of the surrounding size.
SUPERSCRIPT_SCALE = 0.72


class FontMetrics:
    """Advance widths of one font file, in em units."""

    def __init__(self, path: Path) -> None:
        font = TTFont(path, lazy=True)
        units = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        self._advances = {
            codepoint: metrics[glyph][0] / units for codepoint, glyph in font.getBestCmap().items()
        }
        self._fallback = self._advances.get(ord("?"), 0.5)
        self.ascent = font["hhea"].ascent / units
        self.descent = -font["hhea"].descent / units

    def width(self, text: str, size: float) -> float:
        """The advance width of ``text`` at ``size`` pixels (no kerning: a little generous)."""
        return sum(self._advances.get(ord(char), self._fallback) for char in text) * size


@functools.cache
def metrics(path: Path = REGULAR) -> FontMetrics:
    return FontMetrics(path)


@dataclass(frozen=True)
class Line:
    """One wrapped line: its runs and measured width."""

    runs: tuple[Run, ...]
    width: float


def run_width(run: Run, size: float, font: FontMetrics) -> float:
    return font.width(run.text, size * SUPERSCRIPT_SCALE if run.superscript else size)


def _words(runs: tuple[Run, ...]) -> list[list[Run]]:
    """Words as lists of runs: a superscript written against a word stays with it."""
    words: list[list[Run]] = []
    glued = False
    for run in runs:
        for part in re.split(r"(\s+)", run.text):
            if not part:
                continue
            if part.isspace():
                glued = False
            elif glued and words:
                words[-1].append(Run(part, run.superscript))
            else:
                words.append([Run(part, run.superscript)])
                glued = True
    return words


def _joined(words: list[list[Run]]) -> tuple[Run, ...]:
    """Words back into runs, one normal space between words, same-style runs merged."""
    runs: list[Run] = []
    for index, word in enumerate(words):
        for run in ([Run(" ")] if index else []) + word:
            if runs and runs[-1].superscript == run.superscript:
                runs[-1] = Run(runs[-1].text + run.text, run.superscript)
            else:
                runs.append(run)
    return tuple(runs)


def wrap(runs: tuple[Run, ...], size: float, max_width: float,
         font: FontMetrics | None = None) -> list[Line]:
    """Greedy word wrap of ``runs`` to ``max_width`` pixels; a single over-long word overflows."""
    font = font or metrics()
    space = font.width(" ", size)
    lines: list[Line] = []
    current: list[list[Run]] = []
    width = 0.0
    for word in _words(runs):
        word_width = sum(run_width(run, size, font) for run in word)
        if current and width + space + word_width > max_width:
            lines.append(Line(_joined(current), width))
            current, width = [], 0.0
        width += (space if current else 0.0) + word_width
        current.append(word)
    if current:
        lines.append(Line(_joined(current), width))
    return lines
