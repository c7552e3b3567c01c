"""Node kinds as an extension point: a kind registered here, with its shape macro in the project's
own templates, is parsed, validated, laid out, drawn and told in the outline like the SMDM ones."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.algorithm import (
    KINDS,
    NodeKind,
    layout_algorithm,
    parse_algorithm,
    render_outline,
    render_svg,
    validate_algorithm,
)
from generator.algorithm.layout import Box, Point
from generator.templates import PACKAGED

PEARL = Path("pearl.md")
SVG = "{http://www.w3.org/2000/svg}"

#: The shape of the test kind: a sheet with its top-right corner folded down.
FOLDED_MACRO = """
{% macro folded(box) -%}
<path class="shape" d="M{{ box.rect.x|px }},{{ box.rect.y|px }} H{{ (box.rect.right - 10)|px }} \
L{{ box.rect.right|px }},{{ (box.rect.y + 10)|px }} V{{ box.rect.bottom|px }} \
H{{ box.rect.x|px }} Z"/>
{%- endmacro %}
"""


@dataclass(frozen=True)
class Folded(NodeKind):
    """A rectangle whose step number sits below the folded corner's height."""

    def badge(self, box: Box) -> Point:
        return Point(box.rect.x, box.rect.y + 10)


NOTE = Folded("note", "Note", "note", "notes", macro="folded", palette="state",
              fields=("next",), terminal=True, text_width=120, max_lines=2)

ALGORITHM = """\
title: Chest pain
nodes:
  - {id: pain, kind: state, text: Chest pain, next: ecg}
  - {id: ecg, kind: note, text: ECG within 10 minutes, next: act}
  - {id: act, kind: action, text: Treat the cause}
"""


@pytest.fixture
def project(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A project whose own shapes template adds the note's macro, with the note kind registered."""
    monkeypatch.setitem(KINDS, "note", NOTE)
    shapes = tmp_path / "templates" / "flowchart" / "shapes.svg.j2"
    shapes.parent.mkdir(parents=True)
    shapes.write_text((PACKAGED / "flowchart" / "shapes.svg.j2").read_text() + FOLDED_MACRO)
    return tmp_path


def parse(text: str) -> tuple:
    algorithm, diagnostics = parse_algorithm(text, PEARL, 10)
    return algorithm, [d.format() for d in diagnostics]


def test_a_registered_kind_is_parsed_and_valid(project: Path) -> None:
    algorithm, problems = parse(ALGORITHM)
    assert problems == []
    note = algorithm.node("ecg")
    assert note.kind is NOTE
    assert note.next.id == "act"
    assert validate_algorithm(algorithm, PEARL, set()) == []


def test_a_registered_kind_has_its_own_fields_and_text_limit(project: Path) -> None:
    _, problems = parse(ALGORITHM.replace("next: act}", "pearl: other}"))
    assert problems == ["pearl.md:13:56: error[ALG007]: a note node has no 'pearl' "
                        "(only link nodes do)"]
    _, problems = parse(ALGORITHM.replace("kind: action", "kind: nite"))
    assert problems == ["pearl.md:14:21: error[ALG006]: unknown node kind 'nite' in node 'act' "
                        "(did you mean 'note'?)"]
    _, problems = parse(ALGORITHM.replace("kind: action", "kind: thing"))
    assert problems == ["pearl.md:14:21: error[ALG006]: unknown node kind 'thing' in node 'act' "
                        "(use one of state, decision, action, link, note)"]
    long = ALGORITHM.replace("ECG within 10 minutes",
                             "ECG within 10 minutes and again at 20 minutes if the first is normal")
    algorithm, _ = parse(long)
    assert [d.format() for d in validate_algorithm(algorithm, PEARL, set())] == [
        "pearl.md:13:33: warning[ALG018]: the text of 'ecg' is too long for its box "
        "(keep it within 2 lines; move detail into the pearl's text)"]


def test_a_registered_kind_is_laid_out_drawn_and_told(project: Path) -> None:
    algorithm, _ = parse(ALGORITHM)
    layout = layout_algorithm(algorithm)
    box = next(b for b in layout.boxes if b.node.id == "ecg")
    assert box.number == 2
    assert box.badge == Point(box.rect.x, box.rect.y + 10)
    assert [line.runs[0].text for line in box.lines] == ["ECG within 10", "minutes"]
    into, out_of = (next(r for r in layout.routes if r.target == "ecg"),
                    next(r for r in layout.routes if r.source == "ecg"))
    assert into.points[-1].y == box.rect.y and out_of.points[0].y == box.rect.bottom

    svg = render_svg(layout, palette="light", root=project)
    group = ET.fromstring(svg).find(f".//{SVG}g[@id='algorithm-step-2']")
    assert group.get("class") == "node node-note"
    r = box.rect
    assert group.find(f"{SVG}path").get("d") == (
        f"M{r.x:g},{r.y:g} H{r.right - 10:g} L{r.right:g},{r.y + 10:g} V{r.bottom:g} H{r.x:g} Z")
    assert "#algorithm .node-note .shape { fill: #eef1f4; }" in svg
    assert ("Flowchart of 3 numbered steps: 1 action, 1 note, 1 clinical state, starting at "
            "step 1, Chest pain.") in svg

    assert render_outline(algorithm, "text", root=project) == (
        "Chest pain\n\n1. Clinical state: Chest pain\n2. Note: ECG within 10 minutes\n"
        "3. Action: Treat the cause\n")
