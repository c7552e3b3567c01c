"""The text alternative: the algorithm as a numbered outline keyed to the drawing's step numbers.

State → decision → each branch → what follows it; a step reached a second time (a merge) is
not repeated but referred to by its number.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.algorithm.kinds import NodeKind
from generator.algorithm.model import Algorithm, Cite, Node, Run
from generator.templates import shared_environment

OutlineFormat = Literal["html", "markdown", "text"]
_TEMPLATES = {"html": "outline.html.j2", "markdown": "outline.md.j2", "text": "outline.txt.j2"}


@dataclass(frozen=True)
class Step:
    """A step told in full; ``branches`` for decisions, each with the steps that follow it."""

    number: int
    kind: NodeKind
    runs: tuple[Run, ...]
    note: tuple[Run, ...]
    pearl: str | None
    branches: tuple[OutlineBranch, ...]
    see = False


@dataclass(frozen=True)
class SeeStep:
    """A step told earlier, referred to by number (the second arrow into a merge)."""

    number: int
    runs: tuple[Run, ...]
    branches = ()
    see = True


@dataclass(frozen=True)
class OutlineBranch:
    label: str
    steps: tuple[Step | SeeStep, ...]


def outline(algorithm: Algorithm, cite: Cite | None = None,
            superscript: bool = True) -> list[tuple[Step | SeeStep, ...]]:
    """The algorithm as sequences of steps: the one from the start, then any unreachable ones."""
    numbers = algorithm.numbers()
    by_id = {node.id: node for node in reversed(algorithm.nodes)}
    told: set[str] = set()

    def sequence(node_id: str) -> tuple[Step | SeeStep, ...]:
        steps: list[Step | SeeStep] = []
        current: str | None = node_id
        while current is not None and current in by_id:
            node = by_id[current]
            if current in told:
                steps.append(SeeStep(numbers[current], node.text.runs(cite, superscript)))
                break
            told.add(current)
            steps.append(step(node))
            current = node.next.id if node.next is not None else None
        return tuple(steps)

    def step(node: Node) -> Step:
        branches = tuple(OutlineBranch(b.label, sequence(b.to.id)) for b in node.branches)
        note = node.note.runs(cite, superscript) if node.note is not None else ()
        return Step(numbers[node.id], node.kind, node.text.runs(cite, superscript), note,
                    node.pearl, branches)

    sequences = [sequence(algorithm.start.id)]
    sequences += [sequence(node_id) for node_id in numbers if node_id not in told]
    return [s for s in sequences if s]


@dataclass(frozen=True)
class Row:
    """One line of the flat outline: a step, at a branch depth, maybe after its branch label."""

    depth: int
    label: str | None
    step: Step | SeeStep


def rows(sequences: list[tuple[Step | SeeStep, ...]]) -> list[Row]:
    """The outline flattened to lines, for the text and Markdown templates."""
    lines: list[Row] = []

    def walk(steps: tuple[Step | SeeStep, ...], depth: int, label: str | None) -> None:
        for index, step in enumerate(steps):
            lines.append(Row(depth, label if index == 0 else None, step))
            for branch in step.branches:
                if branch.steps:
                    walk(branch.steps, depth + 1, branch.label)

    for steps in sequences:
        walk(steps, 0, None)
    return lines


def render_outline(algorithm: Algorithm, fmt: OutlineFormat = "html", cite: Cite | None = None,
                   superscript: bool = True, svg_id: str = "algorithm",
                   root: Path | None = None) -> str:
    """The numbered outline as HTML, Markdown or plain text (citations as ``cite`` gives them),
    from the templates of the project at ``root`` over the packaged ones."""
    sequences = outline(algorithm, cite, superscript)
    template = shared_environment(root).get_template(f"flowchart/{_TEMPLATES[fmt]}")
    return template.render(title=algorithm.title, sequences=sequences, rows=rows(sequences),
                           id=svg_id)
