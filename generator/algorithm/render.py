"""Drawing a laid-out algorithm: SVG from ``templates/flowchart/``, PNG through resvg.

The site's SVG takes its colours from mkdocs-material's CSS custom properties, so it follows the
light and dark palettes; resvg (and mail clients) do not resolve ``var()``, so PNGs are drawn
from a variant with concrete colours (``palette="light"`` or ``"dark"``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import resvg_py
from markupsafe import Markup

from generator import templates
from generator.algorithm.kinds import KINDS
from generator.algorithm.layout import Layout
from generator.algorithm.measure import FAMILY, REGULAR, SEMIBOLD

FONT_STACK = f"'{FAMILY}', 'Source Sans 3', 'Helvetica Neue', Arial, sans-serif"


@dataclass(frozen=True)
class Palette:
    """The flowchart's colours, as CSS values (each node kind names the field that fills it)."""

    background: str
    text: str
    muted: str
    stroke: str
    state: str
    decision: str
    action: str
    link: str
    badge: str
    badge_text: str


PALETTES = {
    "site": Palette(
        background="none",
        text="var(--md-default-fg-color, #1f2329)",
        muted="var(--md-default-fg-color--light, #55606b)",
        stroke="var(--md-default-fg-color--light, #5c6670)",
        state="var(--md-default-fg-color--lightest, #eef1f4)",
        decision="var(--md-default-bg-color, #ffffff)",
        action="var(--md-accent-fg-color--transparent, #e7eefb)",
        link="var(--md-default-bg-color, #ffffff)",
        badge="var(--md-default-fg-color, #2d3640)",
        badge_text="var(--md-default-bg-color, #ffffff)",
    ),
    "light": Palette(
        background="#ffffff", text="#1f2329", muted="#55606b", stroke="#5c6670",
        state="#eef1f4", decision="#ffffff", action="#e7eefb", link="#ffffff",
        badge="#2d3640", badge_text="#ffffff",
    ),
    "dark": Palette(
        background="#1e2129", text="#e2e4e9", muted="#aab2bd", stroke="#9aa3b0",
        state="#2a2e38", decision="#1e2129", action="#26324a", link="#1e2129",
        badge="#e2e4e9", badge_text="#1e2129",
    ),
}


def render_svg(layout: Layout, *, palette: str = "site", svg_id: str = "algorithm",
               link_href: Callable[[str], str] | None = None, font_url: str | None = None,
               root: Path | None = None) -> str:
    """The flowchart as an SVG document.

    ``svg_id`` must be unique on a page (it prefixes the CSS and marker ids); ``link_href``
    turns a link node's pearl slug into a URL; ``font_url`` adds an ``@font-face`` for the
    shipped font so browsers draw with the metrics the boxes were measured with. The site's
    palette also holds each line to its measured width (``textLength``), so a browser that falls
    back to a wider font (an SVG shown as ``<img>`` loads no web font) still keeps it in its box;
    PNGs are drawn with the shipped font itself and need no such hint. ``root``: the project,
    whose ``templates/flowchart/`` overrides the packaged templates.
    """
    counts = Counter(box.kind for box in layout.boxes)
    return templates.shared_environment(root).get_template("flowchart/algorithm.svg.j2").render(
        layout=layout,
        p=PALETTES[palette],
        id=svg_id,
        font_stack=Markup(FONT_STACK),
        font_url=font_url,
        fit_text=palette == "site",
        link_href=link_href,
        all_kinds=list(KINDS.values()),
        kinds=sorted(counts.items(), key=lambda item: item[0].name),
        first=layout.boxes[0].node.text.plain() if layout.boxes else None,
    )


#: The most pixels a PNG may have: resvg takes ~8 bytes and, on a busy two-core machine, up to
#: ~0.6 µs a pixel, so a flowchart too large for 2× is drawn smaller (the email and feed show it
#: at its 1× size anyway): under ~70 MB and ~5 s. At 2× the tallest legal flowchart
#: (60 long-text steps in a row, ~2,300 × 10,900 at 1×) took 800 MB and 7 s.
MAX_PNG_PIXELS = 8_000_000
_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)" height="([\d.]+)"')


def render_png(svg: str, scale: float = 2) -> bytes:
    """A PNG of ``svg`` at ``scale`` times its size (less for a drawing so large that the PNG
    would pass :data:`MAX_PNG_PIXELS`), drawn with the shipped font only.

    Give it an SVG rendered with a concrete palette (``"light"`` or ``"dark"``).
    """
    size = _SIZE.search(svg)
    if size is not None:
        pixels = float(size.group(1)) * float(size.group(2))
        scale = min(scale, math.sqrt(MAX_PNG_PIXELS / pixels)) if pixels else scale
    return bytes(resvg_py.svg_to_bytes(
        svg_string=svg,
        zoom=scale,
        font_files=[str(REGULAR), str(SEMIBOLD)],
        skip_system_fonts=True,
        font_family=FAMILY,
        sans_serif_family=FAMILY,
    ))
