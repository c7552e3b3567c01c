"""Reading an ``algorithm`` fence: YAML to :class:`Algorithm`, every problem at its file line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.algorithm.kinds import KIND_FIELDS, KINDS, NodeKind
from generator.algorithm.model import Algorithm, Branch, Node, Reference, Text
from generator.citations import CitationGroup, parse_citations
from generator.diagnostics import Diagnostic, LineIndex, Position, closest, did_you_mean, error
from generator.yaml_source import YamlDocument, YamlPath, first_alias, load_yaml

#: Deeper than any algorithm needs (block → nodes → node → branches → branch is 5).
MAX_DEPTH = 12
#: A flowchart a reader can follow; beyond this, split it and link the parts.
MAX_NODES = 60

TOP_FIELDS = ("title", "start", "nodes")
NODE_FIELDS = ("id", "kind", "text", "note", *KIND_FIELDS)
BRANCH_FIELDS = ("label", "to")
#: What to write for a required field an editor left out.
_MISSING_HINTS = {
    "title": "add 'title: …', the question the algorithm answers",
    "id": "add 'id: …', a short name other nodes use to lead to it",
    "kind": "add 'kind: …', one of " + ", ".join(KINDS),
    "text": "add 'text: …', the words in its box",
    "pearl": "add 'pearl: …', the slug of the pearl whose algorithm it leads to",
    "next": "add 'next: …', the id of the node that follows",
    "to": "add 'to: …', the id of the node it leads to",
}
#: The algorithm's code for each problem :func:`load_yaml` reports (duplicate keys are syntax).
_YAML_CODES = {"YAML001": "ALG001", "YAML002": "ALG005", "YAML003": "ALG001"}


class _Parser:
    def __init__(self, source: str, path: Path, first_line: int) -> None:
        self.source = source
        self.path = path
        self.first_line = first_line
        self.lines = LineIndex(source, Position(first_line, 1))
        self.diagnostics: list[Diagnostic] = []
        self.broken = False
        self.document = YamlDocument(None)

    # -- positions -------------------------------------------------------------------------

    def at(self, line: int, col: int) -> Position:
        """The file position of a 0-based line and column of the block."""
        return Position(self.first_line + line, col + 1)

    def key_at(self, path: YamlPath) -> Position:
        return self.document.position(path)

    def value_at(self, path: YamlPath) -> Position:
        return self.document.value_position(path)

    def fail(self, position: Position, code: str, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(error(self.path, position, code, message, hint))
        self.broken = True

    # -- loading ---------------------------------------------------------------------------

    def load(self) -> Any:
        """The block's YAML as plain values; aliases and deep nesting are refused (ALG005)."""
        origin = self.at(0, 0)
        alias = first_alias(self.source, origin)
        if alias is not None:
            self.fail(alias, "ALG005", "YAML aliases (*name) are not allowed in an algorithm",
                      "write the value out in full")
            return None
        document, problems = load_yaml(self.source, self.path, origin)
        for problem in problems:
            if problem.code in ("SEC022", "SEC031"):  # left out of what is published; still reads
                self.diagnostics.append(problem)
                continue
            self.fail(problem.position, _YAML_CODES.get(problem.code, "ALG001"), problem.message,
                      problem.hint)
        if document is None or self.broken:
            return None
        self.document = document
        deep = next((p for p in document.value_positions if len(p) >= MAX_DEPTH), None)
        if deep is not None:
            self.fail(document.value_positions[deep], "ALG005",
                      f"the algorithm is nested more than {MAX_DEPTH} levels deep")
            return None
        return document.value

    # -- fields ----------------------------------------------------------------------------

    def check_fields(self, mapping: dict, at: YamlPath, allowed: tuple[str, ...],
                     what: str) -> None:
        for key in mapping:
            if key in allowed:
                continue
            fields = ", ".join(allowed)
            hint = did_you_mean(closest(str(key), allowed)) or f"{what} fields: {fields}"
            self.fail(self.key_at((*at, key)), "ALG004", f"unknown {what} field '{key}'", hint)

    def scalar(self, mapping: dict, at: YamlPath, key: str, what: str,
               required: bool) -> str | None:
        """A text field as a string (numbers accepted), or None when absent or wrong."""
        value = mapping.get(key)
        if value is None or isinstance(value, str) and not value.strip():
            if required:
                where = self.key_at((*at, key)) if key in mapping else self.value_at(at)
                self.fail(where, "ALG003", f"{what} has no '{key}'", _MISSING_HINTS.get(key))
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            kind = "a list" if isinstance(value, list) else "a mapping" if isinstance(
                value, dict) else f"'{value}'"
            self.fail(self.value_at((*at, key)), "ALG002",
                      f"'{key}' of {what} must be text, not {kind}")
            return None
        return str(value).strip()

    def reference(self, mapping: dict, at: YamlPath, key: str, what: str,
                  required: bool) -> Reference | None:
        value = self.scalar(mapping, at, key, what, required)
        return None if value is None else Reference(value, self.value_at((*at, key)))

    def text(self, mapping: dict, at: YamlPath, key: str, what: str,
             required: bool) -> Text | None:
        """A text field with its citations, positioned where the editor wrote each one."""
        if self.scalar(mapping, at, key, what, required) is None:
            return None
        raw = str(mapping[key])
        path = (*at, key)
        start = self.value_at(path)
        locate = self._locator(raw, start.line - self.first_line, start.col - 1,
                               block=self.document.scalar_styles.get(path) in ("|", ">"))
        groups, problems = parse_citations(raw, self.path, Position(1, 1))
        self.diagnostics.extend(replace(d, position=locate(d.position)) for d in problems)
        groups = [_moved(group, locate) for group in groups]
        lead = len(raw) - len(raw.lstrip())
        groups = [replace(g, start=g.start - lead, end=g.end - lead) for g in groups]
        return Text(raw.strip(), tuple(groups), locate(Position(1, lead + 1)))

    def _locator(self, value: str, line: int, col: int,
                 block: bool) -> Callable[[Position], Position]:
        """Maps a line:col inside a scalar's value to its file position.

        Plain, quoted and block scalars fold and indent their text differently, so each
        character of the value is matched to the next same character of the source.
        """
        source = self.source
        starts = self.lines.starts
        cursor = starts[min(line + 1, len(starts) - 1)] if block else starts[line] + col
        offsets: list[int] = []
        for char in value:
            if not char.isspace():
                probe = cursor
                while probe < len(source) and (source[probe].isspace() or source[probe] in "\"'\\"):
                    probe += 1
                if probe < len(source) and source[probe] == char:
                    cursor = probe + 1
                    offsets.append(probe)
                    continue
            offsets.append(cursor)
        value_starts = [0] + [i + 1 for i, char in enumerate(value) if char == "\n"]

        def locate(position: Position) -> Position:
            index = value_starts[min(position.line, len(value_starts)) - 1] + position.col - 1
            offset = offsets[min(index, len(offsets) - 1)] if offsets else cursor
            return self.lines.position(offset)

        return locate

    # -- structure -------------------------------------------------------------------------

    def algorithm(self, data: Any) -> Algorithm | None:
        origin = self.at(0, 0)
        if data is None:
            self.fail(origin, "ALG003", "the algorithm block is empty",
                      "give it a title and nodes")
            return None
        if not isinstance(data, dict):
            self.fail(origin, "ALG002", "the algorithm must be a mapping with 'title' and 'nodes'")
            return None
        self.check_fields(data, (), TOP_FIELDS, "algorithm")
        title = self.scalar(data, (), "title", "the algorithm", required=True)
        nodes = self.nodes(data)
        start = self.reference(data, (), "start", "the algorithm", required=False)
        if start is None and nodes:
            start = Reference(nodes[0].id, nodes[0].position)
        if self.broken or title is None or start is None:
            return None
        return Algorithm(title, start, tuple(nodes), self.path, origin)

    def nodes(self, data: dict) -> list[Node]:
        items = data.get("nodes")
        if "nodes" not in data:
            self.fail(self.at(0, 0), "ALG003", "the algorithm has no 'nodes'")
            return []
        if not isinstance(items, list) or not items:
            self.fail(self.value_at(("nodes",)) if items is not None else self.key_at(
                ("nodes",)), "ALG002", "'nodes' must be a list of nodes (- id: …)")
            return []
        if len(items) > MAX_NODES:
            self.fail(self.key_at(("nodes",)), "ALG008",
                      f"the algorithm has {len(items)} nodes; at most {MAX_NODES} fit a figure",
                      "split it and join the parts with link nodes")
            return []
        nodes = [self.node(item, ("nodes", i)) for i, item in enumerate(items)]
        return [node for node in nodes if node is not None]

    def node(self, item: Any, at: YamlPath) -> Node | None:
        if not isinstance(item, dict):
            self.fail(self.value_at(at), "ALG002",
                      "a node must be a mapping with 'id', 'kind' and 'text'")
            return None
        self.check_fields(item, at, NODE_FIELDS, "node")
        node_id = self.scalar(item, at, "id", "a node", required=True)
        what = f"node '{node_id}'" if node_id else "a node"
        kind = self.kind(item, at, what)
        text = self.text(item, at, "text", what, required=True)
        note = self.text(item, at, "note", what, required=False)
        if node_id is None or kind is None or text is None:
            return None
        for key in KIND_FIELDS:
            if key in item and key not in kind.fields:
                having = [other.name for other in KINDS.values() if key in other.fields]
                self.fail(self.key_at((*at, key)), "ALG007",
                          f"a {kind.name} node has no '{key}'",
                          f"only {' and '.join(having)} nodes do")
        pearl = self.scalar(item, at, "pearl", what, required="pearl" in kind.required)
        return Node(
            id=node_id,
            kind=kind,
            text=text,
            position=self.value_at((*at, "id")),
            next=self.reference(item, at, "next", what, required="next" in kind.required),
            branches=self.branches(item, at, what) if "branches" in kind.fields else (),
            note=note,
            pearl=pearl,
            pearl_position=self.value_at((*at, "pearl")) if pearl else None,
        )

    def kind(self, item: dict, at: YamlPath, what: str) -> NodeKind | None:
        value = self.scalar(item, at, "kind", what, required=True)
        if value is None:
            return None
        kind = KINDS.get(value.lower())
        if kind is None:
            hint = did_you_mean(closest(value, list(KINDS))) or f"use one of {', '.join(KINDS)}"
            self.fail(self.value_at((*at, "kind")), "ALG006",
                      f"unknown node kind '{value}' in {what}", hint)
        return kind

    def branches(self, item: dict, at: YamlPath, what: str) -> tuple[Branch, ...]:
        items = item.get("branches")
        if items is None:
            return ()
        if not isinstance(items, list):
            self.fail(self.value_at((*at, "branches")), "ALG002",
                      f"'branches' of {what} must be a list (- label: …, to: …)")
            return ()
        branches = []
        for index, branch in enumerate(items):
            branch_at = (*at, "branches", index)
            where = self.value_at(branch_at)
            if not isinstance(branch, dict):
                self.fail(where, "ALG002", f"a branch of {what} must have 'label' and 'to'")
                continue
            self.check_fields(branch, branch_at, BRANCH_FIELDS, "branch")
            label = self.scalar(branch, branch_at, "label", f"a branch of {what}", required=False)
            target = self.reference(branch, branch_at, "to", f"a branch of {what}", required=True)
            if target is not None:
                branches.append(Branch(label or "", target, where))
        return tuple(branches)


def _moved(group: CitationGroup, locate: Callable[[Position], Position]) -> CitationGroup:
    citations = tuple(replace(c, position=locate(c.position)) for c in group.citations)
    return replace(group, citations=citations, position=locate(group.position))


def parse_algorithm(source: str, path: Path, first_line: int) -> tuple[Algorithm | None,
                                                                     list[Diagnostic]]:
    """The algorithm in a fence's YAML ``source`` whose first line is ``first_line`` of ``path``.

    Never raises on bad input: returns None and diagnostics when the block is not a usable
    algorithm (graph problems are :func:`validate_algorithm`'s).
    """
    parser = _Parser(source, path, first_line)
    data = parser.load()
    algorithm = parser.algorithm(data) if not parser.broken else None
    return algorithm, parser.diagnostics
