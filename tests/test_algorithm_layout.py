"""Layout invariants: boxes apart, arrows from border to border and never through a box."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.algorithm import Algorithm, Layout, layout_algorithm, parse_algorithm
from generator.algorithm.layout import Box, Point, Rect

FIXTURES = Path(__file__).parent / "fixtures" / "algorithm"
PEARL = Path("pearl.md")

#: A wider case: a three-way decision, a long arrow past a layer, a merge, and a link.
BRANCHY = """\
title: Syncope
nodes:
  - {id: s, kind: state, text: Syncope in the emergency department, next: d}
  - id: d
    kind: decision
    text: Risk by the Canadian Syncope Risk Score?
    branches:
      - {label: Low, to: home}
      - {label: Medium, to: obs}
      - {label: High, to: admit}
  - {id: obs, kind: action, text: Observe 6 hours with monitoring, next: again}
  - id: again
    kind: decision
    text: Arrhythmia on monitor?
    branches:
      - {label: "No", to: home}
      - {label: "Yes", to: admit}
  - {id: home, kind: action, text: Discharge with follow-up}
  - {id: admit, kind: action, text: Admit to telemetry, next: more}
  - {id: more, kind: link, text: Arrhythmia pearl, pearl: arrhythmia}
"""


def load(text: str) -> Algorithm:
    algorithm, diagnostics = parse_algorithm(text, PEARL, 1)
    assert algorithm is not None, diagnostics
    return algorithm


def seed_layout() -> Layout:
    return layout_algorithm(load((FIXTURES / "seed.yml").read_text()), cite=lambda g: "1")


LAYOUTS = {"seed": seed_layout, "branchy": lambda: layout_algorithm(load(BRANCHY))}


def on_border(box: Box, point: Point) -> bool:
    r = box.rect
    if box.kind.name == "link":
        dx, dy = (point.x - box.cx) / (r.width / 2), (point.y - box.cy) / (r.height / 2)
        value = dx**2 + dy**2
        return abs(value - 1) < 0.02
    if box.kind.name == "decision" and abs(point.y - box.cy) < 0.01:
        return point.x in (r.x, r.right)
    lo, hi = box.flat()
    return lo - 0.01 <= point.x <= hi + 0.01 and point.y in (r.y, r.bottom)


def crosses(a: Point, b: Point, rect: Rect) -> bool:
    """Whether an axis-parallel segment enters the inside of ``rect``."""
    inner = Rect(rect.x + 0.5, rect.y + 0.5, rect.width - 1, rect.height - 1)
    segment = Rect(min(a.x, b.x), min(a.y, b.y), abs(a.x - b.x), abs(a.y - b.y))
    return segment.overlaps(inner)


@pytest.fixture(params=sorted(LAYOUTS))
def layout(request) -> Layout:
    return LAYOUTS[request.param]()


def test_boxes_do_not_overlap(layout: Layout) -> None:
    for index, a in enumerate(layout.boxes):
        for b in layout.boxes[index + 1 :]:
            assert not a.rect.overlaps(b.rect, pad=8), (a.node.id, b.node.id)


def test_every_arrow_starts_and_ends_on_its_boxes_borders(layout: Layout) -> None:
    boxes = {box.node.id: box for box in layout.boxes}
    for route in layout.routes:
        assert on_border(boxes[route.source], route.points[0]), route
        assert on_border(boxes[route.target], route.points[-1]), route


def test_arrows_are_orthogonal_and_never_pass_through_a_box(layout: Layout) -> None:
    for route in layout.routes:
        for a, b in zip(route.points, route.points[1:], strict=False):
            assert a.x == b.x or a.y == b.y
            for box in layout.boxes:
                assert not crosses(a, b, box.rect), (route.source, route.target, box.node.id)


def test_labels_overlap_no_box_and_no_other_label(layout: Layout) -> None:
    labels = [route.label for route in layout.routes if route.label]
    for label in labels:
        for box in layout.boxes:
            assert not label.rect.overlaps(box.rect), (label.text, box.node.id)
    for index, a in enumerate(labels):
        for b in labels[index + 1 :]:
            assert not a.rect.overlaps(b.rect), (a.text, b.text)


def test_everything_lies_inside_the_drawing(layout: Layout) -> None:
    for box in layout.boxes:
        assert box.rect.x >= 0 and box.rect.right <= layout.width
        assert box.rect.y >= 0 and box.rect.bottom <= layout.height
    for route in layout.routes:
        if route.label:
            assert route.label.rect.x >= 0 and route.label.rect.right <= layout.width


def test_seed_merge_is_one_box_with_two_arrows_in_at_separate_ports() -> None:
    layout = seed_layout()
    assert [box.node.id for box in layout.boxes].count("heparin") == 1
    arriving = [route.points[-1] for route in layout.routes if route.target == "heparin"]
    assert len(arriving) == 2
    assert arriving[0] != arriving[1]


def test_seed_is_drawn_top_down_and_fits_the_site_column() -> None:
    layout = seed_layout()
    boxes = {box.node.id: box for box in layout.boxes}
    assert boxes["pce"].rect.bottom < boxes["location"].rect.y
    assert boxes["location"].rect.bottom < boxes["peripheral-symptoms"].rect.y
    assert boxes["peripheral-symptoms"].rect.bottom < boxes["heparin"].rect.y
    assert boxes["follow-up"].cx < boxes["heparin"].cx < boxes["embolectomy"].cx
    assert layout.width <= 760


def test_branch_labels_sit_next_to_their_decision() -> None:
    layout = seed_layout()
    boxes = {box.node.id: box for box in layout.boxes}
    for route in layout.routes:
        if route.label is None:
            continue
        source = boxes[route.source].rect
        assert source.y - 20 <= route.label.rect.y <= source.bottom + 30
        assert (
            abs(route.label.rect.x - source.x) < 120
            or abs(route.label.rect.right - source.right) < 120
        )


def test_layout_is_deterministic() -> None:
    assert seed_layout() == seed_layout()
    assert layout_algorithm(load(BRANCHY)) == layout_algorithm(load(BRANCHY))


def test_layout_survives_a_cycle() -> None:
    looped = BRANCHY.replace("next: more}", "next: s}")
    layout = layout_algorithm(load(looped))
    assert len(layout.routes) == 8
    assert any(route.target == "s" for route in layout.routes)
