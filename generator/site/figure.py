"""What a flowchart's figure needs beyond the drawing: where it opens on a phone and the links
to it full size (``templates/site/_figure-scale.md.j2``, ``_full-size.md.j2``)."""

from __future__ import annotations

from typing import Any

from generator.algorithm.layout import Layout
from generator.content.model import Pearl
from generator.site import urls

#: The text column of a 375 px phone, in CSS pixels: a wider chart scrolls there, with a hint.
PHONE_COLUMN = 343


def start_box(layout: Layout) -> dict[str, float]:
    """The start step's box in per cent of the drawing (left, top, width, height): the frame a
    phone shows the chart in opens on it."""
    box = min(layout.boxes, key=lambda box: box.number).rect
    return {
        "left": round(100 * box.x / layout.width, 2),
        "top": round(100 * box.y / layout.height, 2),
        "width": round(100 * box.width / layout.width, 2),
        "height": round(100 * box.height / layout.height, 2),
    }


def full_size(
    pearl: Pearl, width: float, height: float, start: dict[str, float], has_png: bool
) -> dict[str, Any]:
    """The figure's context: its size, the start step (:func:`start_box`), and the standalone SVG
    and PNG (docs-folder paths; the PNG None where the build draws none)."""
    return {
        "width": round(width),
        "height": round(height),
        "start": start,
        "phone_width": PHONE_COLUMN,
        "svg_page": urls.algorithm_image(pearl),
        "png_page": urls.algorithm_png(pearl) if has_png else None,
    }
