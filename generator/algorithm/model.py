"""The algorithm as data: nodes, branches, and the numbering every rendering shares."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.citations import CitationGroup
from generator.diagnostics import Position

if TYPE_CHECKING:
    from generator.algorithm.kinds import NodeKind

#: Turns a citation group into the text that stands for it (``"1,2"`` or ``"(Mol Clin Oncol. …)"``).
Cite = Callable[[CitationGroup], str]


@dataclass(frozen=True)
class Run:
    """A stretch of text, either normal or superscript (a citation number)."""

    text: str
    superscript: bool = False


@dataclass(frozen=True)
class Text:
    """A node's text or note as the editor wrote it, with its citations and file position."""

    source: str
    citations: tuple[CitationGroup, ...]
    position: Position

    def runs(self, cite: Cite | None = None, superscript: bool = True) -> tuple[Run, ...]:
        """The text with each citation replaced by ``cite(group)`` (left out when no ``cite``).

        With ``superscript`` the citation text is a superscript run glued to the word before it;
        without, it follows the word after a space (inline styles).
        """
        runs: list[Run] = []
        offset = 0
        for group in self.citations:
            before = self.source[offset:group.start]
            if cite is None or superscript:
                before = before.rstrip()
            runs.append(Run(before))
            if cite is not None:
                runs.append(Run(cite(group), superscript))
            offset = group.end
        runs.append(Run(self.source[offset:]))
        return _merged(runs)

    def plain(self, cite: Cite | None = None) -> str:
        """The text as one plain string (citations left out unless ``cite`` is given)."""
        return "".join(run.text for run in self.runs(cite, superscript=False))


def _merged(runs: list[Run]) -> tuple[Run, ...]:
    """Adjacent runs of the same style joined, empty ones dropped, whitespace collapsed."""
    merged: list[Run] = []
    for run in runs:
        text = re.sub(r"\s+", " ", run.text)
        if not text:
            continue
        if merged and merged[-1].superscript == run.superscript:
            merged[-1] = Run(merged[-1].text + text, run.superscript)
        else:
            merged.append(Run(text, run.superscript))
    if merged:
        merged[0] = Run(merged[0].text.lstrip(), merged[0].superscript)
        merged[-1] = Run(merged[-1].text.rstrip(), merged[-1].superscript)
    return tuple(run for run in merged if run.text)


@dataclass(frozen=True)
class Reference:
    """A node id named in ``next``, ``to`` or ``start``, and where it was written."""

    id: str
    position: Position


@dataclass(frozen=True)
class Branch:
    """One labelled way out of a decision."""

    label: str
    to: Reference
    position: Position


@dataclass(frozen=True)
class Node:
    """One box of the flowchart; its kind (:mod:`generator.algorithm.kinds`) says which box."""

    id: str
    kind: NodeKind
    text: Text
    position: Position
    next: Reference | None = None
    branches: tuple[Branch, ...] = ()
    note: Text | None = None
    pearl: str | None = None
    pearl_position: Position | None = None

    def successors(self) -> Iterator[tuple[Reference, str | None]]:
        """Each outgoing reference with its branch label (None for ``next``)."""
        if self.next is not None:
            yield self.next, None
        for branch in self.branches:
            yield branch.to, branch.label


@dataclass(frozen=True)
class Edge:
    """An arrow between two existing nodes."""

    source: str
    target: str
    label: str | None
    reference: Reference


@dataclass(frozen=True)
class Algorithm:
    """A pearl's treatment algorithm: nodes in the order the editor wrote them."""

    title: str
    start: Reference
    nodes: tuple[Node, ...]
    path: Path
    position: Position

    def node(self, node_id: str) -> Node | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    def edges(self) -> list[Edge]:
        """Arrows to nodes that exist, in node then branch order."""
        ids = {n.id for n in self.nodes}
        return [
            Edge(node.id, ref.id, label, ref)
            for node in self.nodes
            for ref, label in node.successors()
            if ref.id in ids
        ]

    def numbers(self) -> dict[str, int]:
        """SMDM step numbers: depth first from the start, branches in order, then the rest."""
        by_id = {n.id: n for n in reversed(self.nodes)}
        numbers: dict[str, int] = {}
        roots = [self.start.id] + [n.id for n in self.nodes]
        for root in roots:
            stack = [root]
            while stack:
                node = by_id.get(stack.pop())
                if node is None or node.id in numbers:
                    continue
                numbers[node.id] = len(numbers) + 1
                stack.extend(ref.id for ref, _ in reversed(list(node.successors())))
        return numbers

    def numbered_nodes(self) -> list[Node]:
        """The nodes in step-number order (the first node of a duplicated id only)."""
        by_id = {n.id: n for n in reversed(self.nodes)}
        return [by_id[node_id] for node_id in self.numbers()]

    def citation_groups(self) -> list[CitationGroup]:
        """Every citation group in step order (text before note), for numbering with the body."""
        groups: list[CitationGroup] = []
        for node in self.numbered_nodes():
            groups.extend(node.text.citations)
            if node.note is not None:
                groups.extend(node.note.citations)
        return groups
