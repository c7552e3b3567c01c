"""Reading an ``algorithm`` fence: YAML to :class:`Algorithm`, every problem at its file line."""

from __future__ import annotations

import difflib
import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from generator.algorithm.model import Algorithm, Branch, Node, NodeKind, Reference, Text
from generator.citations import CitationGroup, parse_citations
from generator.diagnostics import Diagnostic, Position, error

#: Deeper than any algorithm needs (block → nodes → node → branches → branch is 5).
MAX_DEPTH = 12
#: A flowchart a reader can follow; beyond this, split it and link the parts.
MAX_NODES = 60

TOP_FIELDS = ("title", "start", "nodes")
NODE_FIELDS = ("id", "kind", "text", "note", "next", "branches", "pearl")
BRANCH_FIELDS = ("label", "to")
#: Fields only some kinds may have.
KIND_FIELDS = {
    "next": (NodeKind.STATE, NodeKind.ACTION),
    "branches": (NodeKind.DECISION,),
    "pearl": (NodeKind.LINK,),
}


class _Broken(Exception):
    """The block cannot be read at all (syntax, aliases, nesting); already reported."""


class _Parser:
    def __init__(self, source: str, path: Path, first_line: int) -> None:
        self.source = source
        self.path = path
        self.first_line = first_line
        self.line_starts = [0]
        for index, char in enumerate(source):
            if char == "\n":
                self.line_starts.append(index + 1)
        self.diagnostics: list[Diagnostic] = []
        self.broken = False

    # -- positions -------------------------------------------------------------------------

    def at(self, line: int, col: int) -> Position:
        """The file position of a 0-based line and column of the block."""
        return Position(self.first_line + line, col + 1)

    def key_at(self, mapping: CommentedMap, key: object) -> Position:
        return self.at(*mapping.lc.key(key))

    def value_at(self, mapping: CommentedMap, key: object) -> Position:
        return self.at(*mapping.lc.value(key))

    def item_at(self, sequence: CommentedSeq, index: int) -> Position:
        return self.at(*sequence.lc.item(index))

    def fail(self, position: Position, code: str, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(error(self.path, position, code, message, hint))
        self.broken = True

    # -- loading ---------------------------------------------------------------------------

    def load(self) -> Any:
        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        try:
            self._check_events(yaml)
            return yaml.load(io.StringIO(self.source))
        except MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = self.at(mark.line, mark.column) if mark else self.at(0, 0)
            problem = exc.problem or exc.context or "invalid YAML"
            self.fail(where, "ALG001", f"YAML syntax error in the algorithm: {problem}")
        except (YAMLError, ValueError, RecursionError) as exc:
            self.fail(self.at(0, 0), "ALG001", f"YAML syntax error in the algorithm: {exc}")
        except _Broken:
            pass
        return None

    def _check_events(self, yaml: YAML) -> None:
        """Refuse aliases (alias bombs) and absurd nesting before building anything."""
        depth = 0
        for event in yaml.parse(io.StringIO(self.source)):
            mark = event.start_mark
            if isinstance(event, AliasEvent):
                self.fail(self.at(mark.line, mark.column), "ALG005",
                          "YAML aliases (*name) are not allowed in an algorithm",
                          "write the value out in full")
                raise _Broken
            if isinstance(event, MappingStartEvent | SequenceStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    self.fail(self.at(mark.line, mark.column), "ALG005",
                              f"the algorithm is nested more than {MAX_DEPTH} levels deep")
                    raise _Broken
            elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                depth -= 1

    # -- fields ----------------------------------------------------------------------------

    def check_fields(self, mapping: CommentedMap, allowed: tuple[str, ...], what: str) -> None:
        for key in mapping:
            if key in allowed:
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1)
            fields = ", ".join(allowed)
            hint = f"did you mean '{close[0]}'?" if close else f"{what} fields: {fields}"
            self.fail(self.key_at(mapping, key), "ALG004", f"unknown {what} field '{key}'", hint)

    def scalar(self, mapping: CommentedMap, key: str, what: str, required: bool) -> str | None:
        """A text field as a string (numbers accepted), or None when absent or wrong."""
        if key not in mapping or mapping[key] is None or mapping[key] == "":
            if required:
                where = self.key_at(mapping, key) if key in mapping else self.at(
                    mapping.lc.line, mapping.lc.col)
                self.fail(where, "ALG003", f"{what} has no '{key}'")
            return None
        value = mapping[key]
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            kind = "a list" if isinstance(value, list) else "a mapping" if isinstance(
                value, dict) else f"'{value}'"
            self.fail(self.value_at(mapping, key), "ALG002",
                      f"'{key}' of {what} must be text, not {kind}")
            return None
        return str(value).strip()

    def reference(self, mapping: CommentedMap, key: str, what: str,
                  required: bool) -> Reference | None:
        value = self.scalar(mapping, key, what, required)
        return None if value is None else Reference(value, self.value_at(mapping, key))

    def text(self, mapping: CommentedMap, key: str, what: str, required: bool) -> Text | None:
        """A text field with its citations, positioned where the editor wrote each one."""
        value = self.scalar(mapping, key, what, required)
        if value is None:
            return None
        raw = mapping[key]
        raw = raw if isinstance(raw, str) else str(raw)
        locate = self._locator(raw, *mapping.lc.value(key), block=isinstance(
            raw, LiteralScalarString | FoldedScalarString))
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
        cursor = self.line_starts[min(line + 1, len(self.line_starts) - 1)] if block else (
            self.line_starts[line] + col)
        offsets: list[int] = []
        for char in value:
            if not char.isspace():
                probe = cursor
                while probe < len(self.source) and (
                        self.source[probe].isspace() or self.source[probe] in "\"'\\"):
                    probe += 1
                if probe < len(self.source) and self.source[probe] == char:
                    cursor = probe + 1
                    offsets.append(probe)
                    continue
            offsets.append(cursor)
        value_starts = [0] + [i + 1 for i, char in enumerate(value) if char == "\n"]

        def locate(position: Position) -> Position:
            index = value_starts[min(position.line, len(value_starts)) - 1] + position.col - 1
            offset = offsets[min(index, len(offsets) - 1)] if offsets else cursor
            source_line = max(i for i, start in enumerate(self.line_starts) if start <= offset)
            return self.at(source_line, offset - self.line_starts[source_line])

        return locate

    # -- structure -------------------------------------------------------------------------

    def algorithm(self, data: Any) -> Algorithm | None:
        origin = self.at(0, 0)
        if data is None:
            self.fail(origin, "ALG003", "the algorithm block is empty",
                      "give it a title and nodes")
            return None
        if not isinstance(data, CommentedMap):
            self.fail(origin, "ALG002", "the algorithm must be a mapping with 'title' and 'nodes'")
            return None
        self.check_fields(data, TOP_FIELDS, "algorithm")
        title = self.scalar(data, "title", "the algorithm", required=True)
        nodes = self.nodes(data)
        start = self.reference(data, "start", "the algorithm", required=False)
        if start is None and nodes:
            start = Reference(nodes[0].id, nodes[0].position)
        if self.broken or title is None or start is None:
            return None
        return Algorithm(title, start, tuple(nodes), self.path, origin)

    def nodes(self, data: CommentedMap) -> list[Node]:
        items = data.get("nodes")
        if "nodes" not in data:
            self.fail(self.at(0, 0), "ALG003", "the algorithm has no 'nodes'")
            return []
        if not isinstance(items, CommentedSeq) or not items:
            self.fail(self.value_at(data, "nodes") if items is not None else self.key_at(
                data, "nodes"), "ALG002", "'nodes' must be a list of nodes (- id: …)")
            return []
        if len(items) > MAX_NODES:
            self.fail(self.key_at(data, "nodes"), "ALG008",
                      f"the algorithm has {len(items)} nodes; at most {MAX_NODES} fit a figure",
                      "split it and join the parts with link nodes")
            return []
        nodes = [self.node(item, self.item_at(items, i)) for i, item in enumerate(items)]
        return [node for node in nodes if node is not None]

    def node(self, item: Any, where: Position) -> Node | None:
        if not isinstance(item, CommentedMap):
            self.fail(where, "ALG002", "a node must be a mapping with 'id', 'kind' and 'text'")
            return None
        self.check_fields(item, NODE_FIELDS, "node")
        node_id = self.scalar(item, "id", "a node", required=True)
        what = f"node '{node_id}'" if node_id else "a node"
        kind = self.kind(item, what)
        text = self.text(item, "text", what, required=True)
        note = self.text(item, "note", what, required=False)
        if node_id is None or kind is None or text is None:
            return None
        for key, kinds in KIND_FIELDS.items():
            if key in item and kind not in kinds:
                self.fail(self.key_at(item, key), "ALG007",
                          f"a {kind.value} node has no '{key}'",
                          f"only {' and '.join(k.value for k in kinds)} nodes do")
        position = self.value_at(item, "id")
        pearl = self.scalar(item, "pearl", what, required=kind is NodeKind.LINK)
        return Node(
            id=node_id,
            kind=kind,
            text=text,
            position=position,
            next=self.reference(item, "next", what, required=False),
            branches=self.branches(item, what) if kind is NodeKind.DECISION else (),
            note=note,
            pearl=pearl,
            pearl_position=self.value_at(item, "pearl") if pearl else None,
        )

    def kind(self, item: CommentedMap, what: str) -> NodeKind | None:
        value = self.scalar(item, "kind", what, required=True)
        if value is None:
            return None
        try:
            return NodeKind(value.lower())
        except ValueError:
            kinds = [k.value for k in NodeKind]
            close = difflib.get_close_matches(value.lower(), kinds, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"use one of {', '.join(kinds)}"
            self.fail(self.value_at(item, "kind"), "ALG006",
                      f"unknown node kind '{value}' in {what}", hint)
            return None

    def branches(self, item: CommentedMap, what: str) -> tuple[Branch, ...]:
        items = item.get("branches")
        if items is None:
            return ()
        if not isinstance(items, CommentedSeq):
            self.fail(self.value_at(item, "branches"), "ALG002",
                      f"'branches' of {what} must be a list (- label: …, to: …)")
            return ()
        branches = []
        for index, branch in enumerate(items):
            where = self.item_at(items, index)
            if not isinstance(branch, CommentedMap):
                self.fail(where, "ALG002", f"a branch of {what} must have 'label' and 'to'")
                continue
            self.check_fields(branch, BRANCH_FIELDS, "branch")
            label = self.scalar(branch, "label", f"a branch of {what}", required=False)
            target = self.reference(branch, "to", f"a branch of {what}", required=True)
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
