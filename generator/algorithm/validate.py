"""Checking an algorithm's graph: every path from the start must reach an action or a link."""

from __future__ import annotations

from pathlib import Path

from generator.algorithm.layout import extent
from generator.algorithm.model import Algorithm, Node, Reference
from generator.diagnostics import Diagnostic, closest, did_you_mean, error


def validate_algorithm(algorithm: Algorithm, path: Path, known_slugs: set[str]) -> list[Diagnostic]:
    """Every graph and text problem of ``algorithm``; links may name only ``known_slugs``."""
    return validate_graph(algorithm, path) + validate_links(algorithm, path, known_slugs)


def validate_links(algorithm: Algorithm, path: Path, known_slugs: set[str]) -> list[Diagnostic]:
    """Links to pearls that do not exist: the one check that needs the rest of the archive."""
    problems: list[Diagnostic] = []
    for node in algorithm.nodes:
        if node.pearl and node.pearl not in known_slugs:
            problems.append(error(path, node.pearl_position or node.position, "ALG017",
                                  f"link '{node.id}' names unknown pearl '{node.pearl}'",
                                  did_you_mean(closest(node.pearl, sorted(known_slugs)))))
    return problems


def validate_graph(algorithm: Algorithm, path: Path) -> list[Diagnostic]:
    """Every problem of ``algorithm`` that its own pearl shows (all but unknown links)."""
    diagnostics: list[Diagnostic] = []
    by_id: dict[str, Node] = {}
    for node in algorithm.nodes:
        if node.id in by_id:
            first = by_id[node.id].position
            diagnostics.append(error(path, node.position, "ALG010",
                                     f"duplicate node id '{node.id}'",
                                     f"first used on line {first.line}"))
        else:
            by_id[node.id] = node

    def unknown(reference: Reference, where: str) -> None:
        hint = did_you_mean(closest(reference.id, by_id)) or (
            f"the node ids are {', '.join(repr(node_id) for node_id in by_id)}")
        diagnostics.append(error(path, reference.position, "ALG011",
                                 f"{where} leads to '{reference.id}', which is no node's id",
                                 hint))

    if algorithm.start.id not in by_id:
        unknown(algorithm.start, "'start'")
    for node in algorithm.nodes:
        for reference, label in node.successors():
            if reference.id not in by_id:
                noun = node.kind.noun
                where = (f"the branch '{label}' of {noun} '{node.id}'" if label else
                         f"a branch of {noun} '{node.id}'" if label is not None else
                         f"'next' of {noun} '{node.id}'")
                unknown(reference, where)
        diagnostics.extend(node.kind.problems(node, path))

    # A missing branch or a misspelt target leaves the node it was meant for unreachable: that
    # node is not reported until the arrow to it is mended.
    mended = {"ALG011", "ALG014"}
    if any(d.code in mended for d in diagnostics):
        reachable = set(by_id)
    else:
        reachable = _reachable(algorithm, by_id) if algorithm.start.id in by_id else set(by_id)
    for node in algorithm.nodes:
        if node.id not in reachable and by_id.get(node.id) is node:
            diagnostics.append(error(path, node.position, "ALG012",
                                     f"node '{node.id}' cannot be reached from the start "
                                     f"'{algorithm.start.id}'",
                                     "lead a 'next' or a branch to it, or remove it"))
    diagnostics.extend(_cycles(algorithm, by_id, path))
    diagnostics.extend(_size(algorithm, path))
    return diagnostics


#: What an algorithm may ask of the layout, counted before any layout work (linear in its size).
#: With at most 60 nodes (ALG008), 120 arrows, 300 bends and 24 vertices in a row, the worst of
#: 6,400 random algorithms within the limits (long text in every box, labels on every branch)
#: took ≤ 1.8 s to lay out. Its pearl, end to end on a shared two-core machine (load 4-6):
#: `pearls check` 0.7 s and 48 MB, `pearls build` 3.8-11 s and 131 MB (the example project
#: alone: 3.7 s, 63 MB), `pearls email` 1.9-5 s and 127 MB (PNGs are capped at
#: ``render.MAX_PNG_PIXELS``). Before the limits, 60 decisions each branching to every later
#: node (1,770 arrows, 34,220 bends, 871 in a row) took 119 s and 6 GB to build; now
#: `pearls check` reports it in about a second.
MAX_ARROWS = 120
MAX_BENDS = 300
MAX_WIDEST = 24
_SPLIT = "split it and continue in another pearl's algorithm through a link node"


def _size(algorithm: Algorithm, path: Path) -> list[Diagnostic]:
    """The first limit on the layout's work that ``algorithm`` passes, at its first line."""
    size = extent(algorithm)
    for value, limit, message in (
        (size.arrows, MAX_ARROWS, f"the algorithm has {size.arrows} arrows; "
                                  f"at most {MAX_ARROWS} can be drawn"),
        (size.bends, MAX_BENDS, f"the algorithm's arrows pass {size.bends} rows of boxes "
                                f"on their way; at most {MAX_BENDS} can be drawn"),
        (size.widest, MAX_WIDEST, f"the algorithm's widest row holds {size.widest} boxes "
                                  f"and passing arrows; at most {MAX_WIDEST} can be drawn"),
    ):
        if value > limit:
            return [error(path, algorithm.position, "ALG009", message, _SPLIT)]
    return []


def _reachable(algorithm: Algorithm, by_id: dict[str, Node]) -> set[str]:
    seen: set[str] = set()
    stack = [algorithm.start.id]
    while stack:
        node = by_id.get(stack.pop())
        if node is None or node.id in seen:
            continue
        seen.add(node.id)
        stack.extend(reference.id for reference, _ in node.successors())
    return seen


def _cycles(algorithm: Algorithm, by_id: dict[str, Node], path: Path) -> list[Diagnostic]:
    """One diagnostic per arrow that leads back into its own path, at the arrow."""
    problems: list[Diagnostic] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    trail: list[str] = []
    # Listed once: a decision with thousands of branches is walked in linear time.
    successors = {node_id: list(node.successors()) for node_id, node in by_id.items()}
    for root in [algorithm.start.id] + [n.id for n in algorithm.nodes]:
        if root not in by_id or root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        state[root] = 1
        trail.append(root)
        while stack:
            node_id, index = stack[-1]
            if index == len(successors[node_id]):
                stack.pop()
                trail.pop()
                state[node_id] = 2
                continue
            stack[-1] = (node_id, index + 1)
            reference = successors[node_id][index][0]
            if reference.id not in by_id:
                continue
            if state.get(reference.id) == 1:
                loop = trail[trail.index(reference.id):] + [reference.id]
                problems.append(error(path, reference.position, "ALG013",
                                      f"the algorithm loops: {' → '.join(loop)}",
                                      "a flowchart must lead forward to an action or a link"))
            elif reference.id not in state:
                state[reference.id] = 1
                trail.append(reference.id)
                stack.append((reference.id, 0))
    return problems
