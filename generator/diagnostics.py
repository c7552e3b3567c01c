"""Diagnostics: every content problem the generator finds, with the place an editor must fix.

Each stage returns its diagnostics instead of raising, so a single run reports every problem.
They print as ``path:line:col: error[CODE]: message`` (the format compilers and editors understand).
Warnings of one code beyond :data:`SHOWN_PER_CODE` are summarised in one line (a shared .bib can
have thousands of entries never cited); ``pearls check --verbose`` lists them all.
"""

from __future__ import annotations

import array
import bisect
import difflib
import enum
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

#: Warnings of one code shown before the rest are summarised in one line.
SHOWN_PER_CODE = 10
VERBOSE_FLAG = "pearls check --verbose"


class Severity(enum.StrEnum):
    """How bad a problem is: errors stop the build, warnings only with ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True, slots=True)
class Position:
    """A 1-based line and column in a source file."""

    line: int = 1
    col: int = 1

    def __reduce__(self) -> tuple[type[Position], tuple[int, int]]:
        # The caches hold one per reference, citation and flowchart step: unpickled from the
        # constructor's arguments they read 40% faster than by the slots dataclass's
        # __setstate__, which asks fields() for each one.
        return Position, (self.line, self.col)


def offset_to_position(text: str, offset: int, origin: Position = Position()) -> Position:
    """The file position of ``text[offset]`` when ``text`` starts at ``origin`` in its file."""
    line = text.count("\n", 0, offset)
    return _shifted(line, offset - (text.rfind("\n", 0, offset) + 1), origin)


class LineIndex:
    """Where each line of a text starts, for the positions of many offsets in a large text."""

    def __init__(self, text: str, origin: Position = Position()) -> None:
        self.origin = origin
        #: An array, not a list of ints: a 190,000-entry .bib has two million lines.
        self.starts = array.array("q", [0])
        self.starts.extend(match.end() for match in re.finditer("\n", text))

    def position(self, offset: int) -> Position:
        """The file position of ``text[offset]`` (as :func:`offset_to_position`)."""
        line = bisect.bisect_right(self.starts, offset) - 1
        return _shifted(line, offset - self.starts[line], origin=self.origin)


def _shifted(line: int, column: int, origin: Position) -> Position:
    """The file position of a 0-based line and column of a text that starts at ``origin``."""
    return Position(origin.line + line, column + (origin.col if line == 0 else 1))


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in one place of one file."""

    path: Path
    position: Position
    severity: Severity
    code: str
    message: str
    hint: str | None = field(default=None)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (str(self.path), self.position.line, self.position.col, self.code)

    def format(self, root: Path | None = None, colour: bool = False) -> str:
        """The one-line form ``path:line:col: severity[CODE]: message``."""
        label = f"{self.severity.value}[{self.code}]"
        if colour:
            tint = "31" if self.severity is Severity.ERROR else "33"
            label = f"\033[1;{tint}m{label}\033[0m"
        text = f"{display_path(self.path, root)}:{self.position.line}:{self.position.col}: "
        text += f"{label}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_json(self, root: Path | None = None) -> dict[str, object]:
        data = asdict(self)
        data["path"] = display_path(self.path, root)
        data["line"] = self.position.line
        data["col"] = self.position.col
        data["severity"] = self.severity.value
        del data["position"]
        return data


def display_path(path: Path, root: Path | None) -> str:
    """A path relative to the project when it lies inside it, else as given."""
    if root is not None:
        try:
            return str(Path(os.path.relpath(path, root))) if path.is_absolute() else str(path)
        except ValueError:
            return str(path)
    return str(path)


def error(
    path: Path, position: Position, code: str, message: str, hint: str | None = None
) -> Diagnostic:
    """Shorthand for an error diagnostic."""
    return Diagnostic(path, position, Severity.ERROR, code, message, hint)


def warning(
    path: Path, position: Position, code: str, message: str, hint: str | None = None
) -> Diagnostic:
    """Shorthand for a warning diagnostic."""
    return Diagnostic(path, position, Severity.WARNING, code, message, hint)


@dataclass
class Report:
    """Diagnostics gathered over a run, printed together at the end."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def failed(self, strict: bool = False) -> bool:
        """Errors fail a run; warnings fail it too under ``--strict``."""
        return bool(self.errors) or (strict and bool(self.warnings))

    def restricted_to(self, paths: Iterable[Path]) -> Report:
        """Only the diagnostics about the given files."""
        wanted = {p.resolve() for p in paths}
        return Report([d for d in self.diagnostics if d.path.resolve() in wanted])

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.diagnostics), key=Diagnostic.sort_key)

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"

    def shown(self, verbose: bool = False) -> tuple[list[Diagnostic], dict[str, int]]:
        """The diagnostics to print, in order, and how many warnings of each code are left
        out: every error, and the first :data:`SHOWN_PER_CODE` warnings of each code unless
        ``verbose``."""
        shown: list[Diagnostic] = []
        seen: dict[str, int] = {}
        for diagnostic in self.sorted():
            if diagnostic.severity is Severity.WARNING and not verbose:
                seen[diagnostic.code] = seen.get(diagnostic.code, 0) + 1
                if seen[diagnostic.code] > SHOWN_PER_CODE:
                    continue
            shown.append(diagnostic)
        hidden = {code: n - SHOWN_PER_CODE for code, n in seen.items() if n > SHOWN_PER_CODE}
        return shown, dict(sorted(hidden.items()))

    def format_text(
        self, root: Path | None = None, colour: bool = False, verbose: bool = False
    ) -> str:
        shown, hidden = self.shown(verbose)
        lines = [d.format(root, colour) for d in shown]
        lines += [
            f"... and {plural(count, 'more warning')} [{code}] (list them all: {VERBOSE_FLAG})"
            for code, count in hidden.items()
        ]
        return "\n".join(lines)

    def format_json(self, root: Path | None = None, verbose: bool = False) -> str:
        shown, hidden = self.shown(verbose)
        return json.dumps(
            {
                "diagnostics": [d.to_json(root) for d in shown],
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "summarised": [
                    {"code": code, "severity": Severity.WARNING.value, "not_shown": count,
                     "list_all": VERBOSE_FLAG}
                    for code, count in hidden.items()
                ],
            },
            indent=2,
        )


def closest(word: str, candidates: Iterable[str]) -> list[str]:
    """The candidates ``word`` most likely misspells, nearest first: of those alike enough
    (difflib's ratio of at least 0.6, ignoring case), the ones fewest edits away, up to three
    when several are equally near, in the order given."""
    folded = word.casefold()
    matcher = difflib.SequenceMatcher(b=folded)
    distances: dict[str, int] = {}
    for candidate in dict.fromkeys(candidates):
        matcher.set_seq1(candidate.casefold())
        # The quick upper bounds first, as difflib.get_close_matches does: bibliographies are big.
        alike = matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6
        if alike and matcher.ratio() >= 0.6:
            distances[candidate] = edit_distance(folded, candidate.casefold())
    nearest = min(distances.values(), default=0)
    return [name for name, distance in distances.items() if distance == nearest][:3]


def did_you_mean(names: Sequence[str]) -> str | None:
    """The hint ``did you mean 'a', 'b' or 'c'?`` for :func:`closest`'s answer (None if empty)."""
    if not names:
        return None
    quoted = [f"'{name}'" for name in names]
    choices = f"{', '.join(quoted[:-1])} or {quoted[-1]}" if len(quoted) > 1 else quoted[0]
    return f"did you mean {choices}?"


def edit_distance(a: str, b: str) -> int:
    """How many single-character insertions, deletions, substitutions and swaps of neighbours
    turn ``a`` into ``b`` (the optimal-string-alignment Damerau–Levenshtein distance)."""
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, previous = previous, current
    return previous[-1]


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
