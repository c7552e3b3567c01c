"""Rendering: SVG shapes and accessibility, PNG size and content, the text outline of the seed."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image

from generator.algorithm import (
    layout_algorithm,
    parse_algorithm,
    render_outline,
    render_png,
    render_svg,
)

FIXTURES = Path(__file__).parent / "fixtures" / "algorithm"
SVG = "{http://www.w3.org/2000/svg}"
LINKED = """\
title: T
nodes:
  - {id: a, kind: state, text: Start, next: b}
  - id: b
    kind: decision
    text: Which?
    branches:
      - {label: One, to: c}
      - {label: Two, to: d}
  - {id: c, kind: action, text: Treat}
  - {id: d, kind: link, text: Other pearl, pearl: other}
"""


def seed():
    algorithm, _ = parse_algorithm((FIXTURES / "seed.yml").read_text(), Path("p.md"), 1)
    assert algorithm is not None
    return algorithm


def svg_of(text: str | None = None, **options) -> ET.Element:
    algorithm = seed() if text is None else parse_algorithm(text, Path("p.md"), 1)[0]
    assert algorithm is not None
    return ET.fromstring(render_svg(layout_algorithm(algorithm), **options))


def test_svg_is_an_accessible_image_with_title_and_desc() -> None:
    root = svg_of()
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "algorithm-title algorithm-desc"
    assert root.find(f"{SVG}title").text == "Management of pulmonary cement embolism"
    desc = root.find(f"{SVG}desc").text
    assert desc.startswith(
        "Flowchart of 7 numbered steps: 3 actions, 3 decisions, 1 clinical state"
    )


def test_svg_draws_each_kind_with_its_smdm_shape() -> None:
    root = svg_of(LINKED)
    shapes = {}
    for group in root.iter(f"{SVG}g"):
        if "node" in (group.get("class") or "").split():
            shape = next(e for e in group.iter() if "shape" in (e.get("class") or ""))
            rounded = shape.get("rx") if shape.tag == f"{SVG}rect" else None
            shapes[group.get("class").split()[1]] = (shape.tag.removeprefix(SVG), rounded)
    assert shapes == {
        "node-state": ("rect", "12"),
        "node-decision": ("polygon", None),
        "node-action": ("rect", None),
        "node-link": ("ellipse", None),
    }


def test_svg_numbers_every_step_and_links_link_nodes_when_asked() -> None:
    root = svg_of(LINKED, link_href=lambda slug: f"../{slug}/")
    badges = [g.find(f"{SVG}text").text for g in root.iter(f"{SVG}g") if g.get("class") == "badge"]
    assert badges == ["1", "2", "3", "4"]
    links = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert links == ["../other/"]


def test_site_svg_follows_the_material_palette_and_png_variant_has_concrete_colours() -> None:
    layout = layout_algorithm(seed())
    site = render_svg(layout)
    assert "var(--md-default-fg-color" in site and "var(--md-default-bg-color" in site
    assert "var(" not in render_svg(layout, palette="light")
    assert "var(" not in render_svg(layout, palette="dark")


def test_rendering_is_byte_for_byte_reproducible() -> None:
    first = render_svg(layout_algorithm(seed(), cite=lambda g: "1"), palette="light")
    second = render_svg(layout_algorithm(seed(), cite=lambda g: "1"), palette="light")
    assert first == second
    assert render_png(first) == render_png(second)


def test_citations_are_superscripts_from_cite_or_left_out_cleanly() -> None:
    cited = render_svg(layout_algorithm(seed(), cite=lambda g: "4"))
    assert 'kyphoplasty<tspan class="sup" dy="-5">4</tspan>' in cited
    plain = render_svg(layout_algorithm(seed()))
    assert "krueger" not in plain and "[@" not in plain and "kyphoplasty</text>" in plain


def test_png_is_twice_the_svg_size_and_not_blank() -> None:
    layout = layout_algorithm(seed())
    png = render_png(render_svg(layout, palette="light"))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (2 * layout.width, 2 * layout.height)
    colours = image.convert("L").getcolors(maxcolors=1 << 16)
    dark = sum(count for count, level in colours if level < 128)
    assert dark > 2000  # text and outlines drawn, with the shipped font


def test_seed_outline_text_is_exact() -> None:
    assert render_outline(seed(), "text", cite=lambda g: "1") == (FIXTURES / "seed.txt").read_text()


def test_seed_outline_markdown_and_html() -> None:
    markdown = render_outline(seed(), "markdown", cite=lambda g: "1")
    assert (
        "- **2.** Decision: Where are the emboli?\n    - *Peripheral* → **3.** Decision"
    ) in markdown
    assert "        - *No* → see step **5**: Heparinization" in markdown
    html = render_outline(seed(), "html", cite=lambda g: "1")
    ET.fromstring(html)  # well-formed
    assert "kyphoplasty<sup>1</sup>" in html
    assert '<a href="#algorithm-step-5">step 5</a>' in html
    assert html.count('<li value="5"') == 1


def test_site_svg_holds_each_line_to_its_measured_width_whatever_the_font():
    layout = layout_algorithm(seed())
    measured = [line.width for box in layout.boxes for line in box.lines]
    site = ET.fromstring(render_svg(layout, palette="site"))
    texts = [t for t in site.iter(f"{SVG}text") if t.get("class") in ("node-text", "note")]
    assert len(texts) == len(measured) == 12  # 10 lines of step text, 2 of the note
    for text, width in zip(texts, measured, strict=True):
        assert abs(float(text.get("textLength")) - width) <= 0.05
    assert {t.get("lengthAdjust") for t in texts} == {"spacingAndGlyphs"}
    light = ET.fromstring(render_svg(layout, palette="light"))
    assert all(t.get("textLength") is None for t in light.iter(f"{SVG}text"))
