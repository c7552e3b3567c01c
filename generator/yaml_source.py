"""YAML with line numbers: plain Python values plus the file position of every key and value.

PyYAML's libyaml composer builds the node tree (and reports syntax errors with their marks) fast;
this module turns that tree into plain values without PyYAML's constructors, so that content can
never crash the loader: timestamps stay strings (``2021-02-30`` is the validator's to reject), only
``true``/``false`` are booleans (``No`` stays the label it was meant to be, as in YAML 1.2), alias
bombs and absurd nesting are refused with a diagnostic, and every value keeps the position an
editor needs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.error import MarkedYAMLError, YAMLError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.tokens import (
    FlowMappingEndToken,
    FlowMappingStartToken,
    FlowSequenceEndToken,
    FlowSequenceStartToken,
    ScalarToken,
)

from generator.diagnostics import Diagnostic, Position, error, offset_to_position
from generator.sanitize import BIDI, UNPRINTABLE

#: Where a value sits in a document: keys and list indexes from the root, e.g. ("nodes", 2, "id").
YamlPath = tuple[str | int, ...]

MAX_NODES = 20_000
MAX_DEPTH = 40

#: libyaml's composer when PyYAML was built with it (the wheels are), else the same in Python.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_YAML_ONLY_BREAK = re.compile("[\r\x85\u2028\u2029]")
#: A second ``name: value`` after a comma on a field's line.
_SECOND_FIELD = re.compile(r"^[ \t-]*[\w-]+:[^\n]*?,[ \t]*([\w-]+):[ \t]+(.*)$")
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*|0o[0-7]+|0x[0-9a-fA-F]+)$")


@dataclass
class YamlDocument:
    """A parsed YAML document: its value and where each part of it was written."""

    value: Any
    value_positions: dict[YamlPath, Position] = field(default_factory=dict)
    key_positions: dict[YamlPath, Position] = field(default_factory=dict)
    origin: Position = field(default_factory=Position)
    #: The style of each quoted (``'`` ``"``) or block (``|`` ``>``) scalar; plain ones absent.
    scalar_styles: dict[YamlPath, str] = field(default_factory=dict)

    def position(self, path: YamlPath) -> Position:
        """Where the value at ``path`` was written (its key for mapping entries), else the
        nearest enclosing place that was."""
        while path:
            if path in self.key_positions:
                return self.key_positions[path]
            if path in self.value_positions:
                return self.value_positions[path]
            path = path[:-1]
        return self.value_positions.get((), self.origin)

    def value_position(self, path: YamlPath) -> Position:
        """Where the value (not its key) at ``path`` starts."""
        return self.value_positions.get(path) or self.position(path)


class _Refused(Exception):
    def __init__(self, node: Node, message: str) -> None:
        super().__init__(message)
        self.node = node


class _Misindented(Exception):
    def __init__(self, position: Position, message: str, hint: str) -> None:
        super().__init__(message)
        self.position = position
        self.hint = hint


def load_yaml(
    text: str, path: Path, origin: Position = Position(1, 1)
) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse ``text`` (which starts at ``origin`` in ``path``) into a :class:`YamlDocument`.

    Returns ``None`` and diagnostics when the text is not YAML that content may use:
    YAML001 syntax error, YAML002 too deep or too large (alias bomb), YAML003 duplicate key.
    """
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _Marks(text, origin).position(mark) if mark is not None else origin
        problem = exc.problem or exc.context or "invalid YAML"
        hint = None
        if "\t" in text and "tab" in problem.lower() or _tab_at(text, mark):
            problem = "tabs are not allowed for indentation in YAML; use spaces"
        elif opened := _unclosed(text, exc):
            opener, problem, hint = opened
            where = _Marks(text, origin).position(opener)
        elif mark is not None and problem.startswith("found undefined alias"):
            problem, hint = _undefined_alias(text, mark, problem)
        elif mark is not None and problem.startswith("mapping values are not allowed"):
            problem, hint = _misread_colon(text, mark.line)
        elif mark is not None and (
            explained := _inner_quotes(text, mark.line)
            or _two_fields(text, mark.line)
            or _misplaced_item(text, mark.line)
        ):
            problem, hint = explained
        message = problem if hint else f"YAML syntax error: {problem}"
        return None, [error(path, where, "YAML001", message, hint)]
    except (YAMLError, ValueError) as exc:
        return None, [error(path, origin, "YAML001", f"YAML syntax error: {exc}")]
    except RecursionError:
        return None, [error(path, origin, "YAML002", "YAML nested too deeply")]
    document = YamlDocument(None, origin=origin)
    if root is None:
        return document, []
    converter = _Converter(document, _Marks(text, origin), text)
    try:
        document.value = converter.convert(root, (), 0)
    except _Refused as exc:
        return None, [error(path, converter.marks.position(exc.node.start_mark), "YAML002",
                            str(exc))]
    except _Misindented as exc:
        return None, [error(path, exc.position, "YAML001", str(exc), exc.hint)]
    return document, converter.diagnostics(path)


def first_alias(text: str, origin: Position = Position(1, 1)) -> Position | None:
    """Where the first alias (``*name``) of ``text`` is written, for formats that refuse them.

    ``None`` when there is none, or when a syntax error comes first (:func:`load_yaml` reports it).
    """
    if "*" not in text:
        return None
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, AliasEvent):
                return _Marks(text, origin).position(event.start_mark)
    except (YAMLError, ValueError, RecursionError):
        return None
    return None


def _unclosed(text: str, exc: MarkedYAMLError) -> tuple[Any, str, str] | None:
    """The quote, ``[`` or ``{`` left open that explains ``exc``: where it was opened, what is
    wrong and the fix. PyYAML notices lines later (``problem_mark``); the quote or bracket is at
    its ``context_mark``, or starts a quoted value that ends on the problem's line."""
    context, problem = exc.context or "", exc.problem or ""
    opened, found = exc.context_mark, exc.problem_mark
    if found is None:
        return None
    if opened is not None and "quoted scalar" in context:
        if "end of stream" in problem:
            return opened, "the quoted text opened here is never closed", _close_quote(
                text, opened)
        if found.line > opened.line:
            return opened, _QUOTE_RUNS_ON, _close_quote(text, opened)
        return None
    tokens, complete = _tokens(text)
    for token in tokens:  # a quote closed lines later, by the next value's opening quote
        if (
            isinstance(token, ScalarToken)
            and token.style in ('"', "'")
            and token.start_mark.line < token.end_mark.line == found.line
        ):
            return token.start_mark, _QUOTE_RUNS_ON, _close_quote(text, token.start_mark)
    if opened is None or context not in _FLOW_CONTEXTS:
        return None
    depth = None
    for token in tokens:
        if depth is None:
            if isinstance(token, FlowSequenceStartToken | FlowMappingStartToken) and (
                token.start_mark.line, token.start_mark.column) == (opened.line, opened.column):
                depth = 1
            continue
        if isinstance(token, FlowSequenceStartToken | FlowMappingStartToken):
            depth += 1
        elif isinstance(token, FlowSequenceEndToken | FlowMappingEndToken):
            depth -= 1
            if depth == 0:
                return None  # closed after all: the problem is inside it
    if depth is None or not complete and found.line == opened.line:
        return None
    bracket, closer, kind = _FLOW_CONTEXTS[context]
    line = _YAML_BREAK.split(text)[opened.line]
    hint = f"close it on its line: {line.strip()}{closer}"
    field = line[: opened.column].strip()
    if field.endswith(":"):
        value = line[opened.column:].strip()
        quoted = f'"{value}"' if '"' not in value else f"'{value}'"
        hint += f"; if the value is text, not {kind}, put it in quotes: {field} {quoted}"
    return opened, f"the '{bracket}' opened here is never closed", hint


#: PyYAML's context for each flow collection it was reading: its brackets and what it makes.
_FLOW_CONTEXTS = {
    "while parsing a flow sequence": ("[", "]", "a list"),
    "while parsing a flow mapping": ("{", "}", "a mapping"),
}
_QUOTE_RUNS_ON = (
    "the quoted text opened here is not closed on its line, so the lines below are read as "
    "part of it"
)


def _close_quote(text: str, opened: Any) -> str:
    """How to close the quote opened at ``opened``: on its own line."""
    line = _YAML_BREAK.split(text)[opened.line]
    quote = line[opened.column] if opened.column < len(line) else '"'
    hint = f"close it on its line: {line.strip()}{quote}"
    if quote == "'":
        hint += "; if the ' is an apostrophe, put the whole value in double quotes instead"
    return hint


def _tokens(text: str) -> tuple[list[Any], bool]:
    """The YAML tokens of ``text`` up to the first the scanner cannot read, and whether it
    read them all."""
    tokens: list[Any] = []
    try:
        for token in yaml.scan(text, Loader=_LOADER):
            tokens.append(token)
    except (YAMLError, ValueError, RecursionError):
        return tokens, False
    return tokens, True


def _undefined_alias(text: str, mark: Any, problem: str) -> tuple[str, str]:
    """An alias (``*name``) that no earlier anchor (``&name``) defines, named."""
    lines = _YAML_BREAK.split(text)
    here = lines[mark.line][mark.column:] if mark.line < len(lines) else ""
    written = re.match(r"\*([^\s,\[\]{}]+)", here)
    if written is None:
        return f"YAML syntax error: {problem}", "write the value out in full"
    name = written.group(1)
    return (
        f"the alias '*{name}' refers to no anchor '&{name}' defined before it",
        "write the value out in full, or put the value in quotes if the '*' is part of its text",
    )


def _misread_colon(text: str, line: int) -> tuple[str, str | None]:
    """What an editor meant by a ``:`` YAML cannot read as a field: a field indented deeper
    than the one above it, or a value holding ``: `` that needs quotes."""
    lines = _YAML_BREAK.split(text)
    here = lines[line] if line < len(lines) else ""
    above = next((lines[i] for i in range(line - 1, -1, -1) if lines[i].strip()), "")
    name, _, value = here.strip().partition(": ")
    if _indent(here) > _indent(above) and not above.rstrip().endswith(":"):
        above_name = above.strip().lstrip("- ").partition(":")[0]
        column = len(above) - len(above.strip().lstrip("- "))
        return (
            f"'{name}:' is indented more than '{above_name}:' on the line above, so it is read "
            "as part of that value",
            f"indent '{name}:' by {column} spaces, as '{above_name}:'",
        )
    value = value.strip()
    quoted = f'"{value}"' if '"' not in value else f"'{value}'"
    return (
        f"the value of '{name.lstrip('- ')}' holds ': ', which YAML reads as the start of "
        "another field",
        f"put the value in quotes: {name}: {quoted}",
    )


def _inner_quotes(text: str, line: int) -> tuple[str, str] | None:
    """A value in double quotes that holds double quotes itself (they end it early)."""
    lines = _YAML_BREAK.split(text)
    here = lines[line].strip() if line < len(lines) else ""
    name, _, value = here.partition(": ")
    value = value.strip()
    if len(value) > 2 and value[0] == value[-1] == '"' and '"' in value[1:-1] and "'" not in value:
        return (
            f"the quotes inside the value of '{name}' end it early",
            f"put it in single quotes instead: {name}: '{value[1:-1]}'",
        )
    return None


def _two_fields(text: str, line: int) -> tuple[str, str] | None:
    """Two fields written on one line, separated by a comma."""
    lines = _YAML_BREAK.split(text)
    here = lines[line] if line < len(lines) else ""
    second = _SECOND_FIELD.search(here)
    if second is None:
        return None
    column = len(here) - len(here.lstrip(" -"))
    return (
        f"'{second.group(1)}:' is on the line of another field; each field needs a line of "
        "its own",
        f"write '{second.group(1)}: {second.group(2).strip()}' on the next line, indented by "
        f"{column} spaces",
    )


def _misplaced_item(text: str, line: int) -> tuple[str, str] | None:
    """A ``- `` list item indented differently from the items before it."""
    lines = _YAML_BREAK.split(text)
    here = lines[line] if line < len(lines) else ""
    if not here.strip().startswith("- "):
        return None
    items = [ln for ln in lines[:line] if ln.strip().startswith("- ")]
    same_list = [ln for ln in reversed(items) if _indent(ln) < _indent(here)] or items
    if not same_list:
        return None
    wanted = _indent(same_list[0])
    return (
        f"this '- ' item is indented by {_indent(here)} spaces, the items of its list by "
        f"{wanted}",
        f"indent its '-' by {wanted} spaces, as the item above",
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _tab_at(text: str, mark: Any) -> bool:
    if mark is None:
        return False
    lines = _YAML_BREAK.split(text)
    return 0 <= mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]


@dataclass(frozen=True)
class _Mark:
    """A 0-based line and column, as YAML marks have them."""

    line: int
    column: int


class _Marks:
    """Turns YAML marks into file positions.

    YAML also breaks lines at CR, NEL, LS and PS; editors (and every other position this tool
    reports) count only LF, so text holding those characters is re-counted.
    """

    def __init__(self, text: str, origin: Position) -> None:
        self.origin = origin
        self.yaml_line_starts: list[int] | None = None
        if _YAML_ONLY_BREAK.search(text):
            self.text = text
            self.yaml_line_starts = [0] + [m.end() for m in _YAML_BREAK.finditer(text)]

    def position(self, mark: Any) -> Position:
        """The file position of a YAML mark."""
        line, column = mark.line, mark.column
        if self.yaml_line_starts is not None and line < len(self.yaml_line_starts):
            return offset_to_position(self.text, self.yaml_line_starts[line] + column, self.origin)
        col = column + 1 + (self.origin.col - 1 if line == 0 else 0)
        return Position(self.origin.line + line, col)


class _Converter:
    def __init__(self, document: YamlDocument, marks: _Marks, text: str) -> None:
        self.document = document
        self.marks = marks
        self.text = text
        self.count = 0
        self.duplicates: list[tuple[Position, str, Position]] = []
        self.unprintable: list[tuple[Position, str]] = []

    def convert(self, node: Node, path: YamlPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Refused(node, f"YAML too large (over {MAX_NODES} values; an alias bomb?)")
        if depth > MAX_DEPTH:
            raise _Refused(node, f"YAML nested deeper than {MAX_DEPTH} levels")
        self.document.value_positions[path] = self.marks.position(node.start_mark)
        if isinstance(node, ScalarNode):
            if node.style:
                self.document.scalar_styles[path] = node.style
            elif node.end_mark.line > node.start_mark.line:
                self._check_continuation(node)
            if unprintable := UNPRINTABLE.search(node.value):
                where = self.marks.position(node.start_mark)
                self.unprintable.append((where, unprintable[0]))
            return _scalar(node)
        if isinstance(node, SequenceNode):
            return [self.convert(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        raise _Refused(node, "unsupported YAML node")

    def _check_continuation(self, node: ScalarNode) -> None:
        """A plain value continued on a line that starts with ``- ``: a list item indented
        deeper than the one above, which YAML reads as more of that item's text."""
        lines = _YAML_BREAK.split(self.text)
        above = lines[node.start_mark.line]
        if not above.lstrip(" ").startswith("- "):
            return
        for number in range(node.start_mark.line + 1, node.end_mark.line + 1):
            line = lines[number]
            if line.lstrip(" ").startswith("- "):
                wanted = _indent(above)
                where = self.marks.position(_Mark(number, _indent(line)))
                raise _Misindented(
                    where,
                    f"'{line.strip()}' is indented more than the item above, so it is read as "
                    "part of that item's text",
                    f"indent its '-' by {wanted} spaces, as the item above",
                )

    def _mapping(self, node: MappingNode, path: YamlPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Refused(key_node, "mapping keys must be plain names")
            key = str(key_node.value)
            key_position = self.marks.position(key_node.start_mark)
            if key in result:
                first = self.document.key_positions[(*path, key)]
                self.duplicates.append((key_position, key, first))
                continue
            self.document.key_positions[(*path, key)] = key_position
            result[key] = self.convert(value_node, (*path, key), depth + 1)
        return result

    def diagnostics(self, path: Path) -> list[Diagnostic]:
        return [
            error(path, where, "YAML003", f"'{key}' is given twice; the first is on line "
                  f"{first.line}", "keep one of them")
            for where, key, first in self.duplicates
        ] + [unprintable(path, where, char) for where, char in self.unprintable]


def unprintable(path: Path, where: Position, char: str, place: str = "this value") -> Diagnostic:
    """The error for an :data:`~generator.sanitize.UNPRINTABLE` character in ``place`` (a YAML
    value, a body's text), which every published file leaves out: SEC031 for a bidirectional
    control, SEC022 for a control character."""
    code = f"U+{ord(char):04X}"
    if BIDI.match(char):
        return error(path, where, "SEC031", f"bidirectional control {code} "
                     f"({unicodedata.name(char).lower()}) in {place}: it would reorder the "
                     "text shown after it, so it is left out",
                     "delete it: it is invisible, so retype the text around it")
    written = " (written as an escape such as \\x1c in quotes)" if place == "this value" else ""
    return error(path, where, "SEC022", f"control character {code} in {place}: no "
                 "published file can hold it (feed.xml, the flowchart), so it is left out",
                 f"remove it{written}")


def _scalar(node: ScalarNode) -> Any:
    """A scalar as YAML 1.2's core schema reads it, except that timestamps stay strings."""
    text = node.value
    if node.style:  # quoted or block scalars are always strings
        return text
    tag = node.tag
    if tag.endswith(":null"):
        return None
    if tag.endswith(":bool"):
        return text.lower() == "true" if text.lower() in ("true", "false") else text
    if tag.endswith(":int") and _INT.match(text):
        digits = text.replace("_", "")
        try:
            return int(digits, 0)
        except ValueError:
            return int(digits, 10)
    if tag.endswith(":float"):
        try:
            return float(text.replace("_", ""))
        except ValueError:
            return text
    return text
