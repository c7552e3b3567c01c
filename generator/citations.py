"""Finding Pandoc-style citations in Markdown: ``[@key]``, ``[@a; @b]``, ``[@key, p. 33]``.

Problems in how a citation is written: CIT001 bracket never closed, CIT002 empty citation in a
group, CIT003 key without its ``@``, CIT004 malformed (a space after ``@``, a locator without its
comma, …), CIT005 citations in one bracket separated by ``,`` instead of ``;``.

This stage only finds citations and says where they are; numbering and formatting belong to
:mod:`generator.numbering` and the bibliography styles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic, Position, error, offset_to_position

#: A citation key as BibTeX and Pandoc allow it (letters, digits and ``_:.#$%&-+?<>~/``).
KEY_PATTERN = r"[A-Za-z0-9_][A-Za-z0-9_:.#$%&+?<>~/-]*"
_KEY = re.compile(rf"^\s*(-?)@({KEY_PATTERN})\s*(?:,\s*(.*?))?\s*$", re.DOTALL)
_GROUP_START = re.compile(r"\[(?=\s*-?@)|\[(?=[^\]\n]*;\s*@)")
_BARE_KEY = re.compile(rf"^\s*({KEY_PATTERN})\s*(?:,.*)?$", re.DOTALL)
_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_BRACKET_OR_BREAK = re.compile(r"[\[\]]|\n(?=\n)")


@dataclass(frozen=True)
class Citation:
    """One cited key, with an optional locator such as ``p. 33``."""

    key: str
    locator: str | None
    position: Position


@dataclass(frozen=True)
class CitationGroup:
    """The citations written in one pair of brackets, and where they stand in the text."""

    citations: tuple[Citation, ...]
    start: int
    end: int
    position: Position

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.citations]


def mask_code(text: str) -> str:
    """The text with code spans and fenced blocks blanked out, offsets preserved."""
    if "`" not in text and "~~~" not in text:  # most bodies hold no code: ~85 µs a body saved
        return text

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return _INLINE_CODE.sub(blank, _FENCE.sub(blank, text))


def parse_citations(
    text: str, path: Path, origin: Position = Position(1, 1)
) -> tuple[list[CitationGroup], list[Diagnostic]]:
    """Every citation group in ``text`` (Markdown) and a diagnostic for each malformed one.

    ``origin`` is where ``text`` starts in its file, so positions point into the file.
    """
    masked = mask_code(text)
    closing = _closing_brackets(masked)
    groups: list[CitationGroup] = []
    diagnostics: list[Diagnostic] = []
    for match in _GROUP_START.finditer(masked):
        start = match.start()
        close = closing.get(start)
        where = offset_to_position(text, start, origin)
        if close is None:
            diagnostics.append(
                error(
                    path,
                    where,
                    "CIT001",
                    "citation bracket '[' is never closed",
                    "write citations as [@key] or [@a; @b]",
                )
            )
            continue
        group, problems = _parse_group(text, start, close, path, origin)
        diagnostics.extend(problems)
        if group is not None:
            groups.append(group)
    diagnostics.extend(_missing_at_signs(masked, text, path, origin))
    return groups, diagnostics


def _closing_brackets(text: str) -> dict[int, int]:
    """Each ``[`` and the ``]`` closing it in the same paragraph (unclosed ones left out), found
    in one pass: scanning on from every ``[`` made ``[@a[@a[@a…`` take minutes."""
    closing: dict[int, int] = {}
    opened: list[int] = []
    for match in _BRACKET_OR_BREAK.finditer(text):
        token = match.group()
        if token == "[":
            opened.append(match.start())
        elif token == "]":
            if opened:
                closing[opened.pop()] = match.start()
        else:
            opened.clear()  # a blank line ends the paragraph
    return closing


def _parse_group(
    text: str, start: int, close: int, path: Path, origin: Position
) -> tuple[CitationGroup | None, list[Diagnostic]]:
    inner_start = start + 1
    citations: list[Citation] = []
    diagnostics: list[Diagnostic] = []
    offset = inner_start
    for part in text[inner_start:close].split(";"):
        match = _KEY.match(part)
        where = offset_to_position(text, offset + len(part) - len(part.lstrip()), origin)
        if match is None:
            stripped = part.strip()
            bare = _BARE_KEY.match(part)
            if not stripped:
                diagnostics.append(
                    error(
                        path, where, "CIT002", "empty citation in a group", "remove the stray ';'"
                    )
                )
            elif bare is not None:
                diagnostics.append(
                    error(
                        path,
                        where,
                        "CIT003",
                        f"citation '{stripped}' is missing its '@'",
                        f"write @{bare.group(1)}",
                    )
                )
            else:
                message, hint, at = _malformed(stripped)
                start = offset + len(part) - len(part.lstrip()) + at
                where = offset_to_position(text, start, origin)
                diagnostics.append(error(path, where, "CIT004", message, hint))
        elif match.group(3) and _NEXT_KEY.match(match.group(3)):
            comma = offset + part.index(",", match.end(2))
            diagnostics.append(
                error(
                    path,
                    offset_to_position(text, comma, origin),
                    "CIT005",
                    "citations in one bracket are separated by ';', not ','",
                    f"write [{match.group(1)}@{match.group(2)}; {match.group(3).strip()}]",
                )
            )
        else:
            key_offset = offset + part.index("@") + 1
            locator = (match.group(3) or "").strip() or None
            citations.append(
                Citation(match.group(2), locator, offset_to_position(text, key_offset, origin))
            )
        offset += len(part) + 1
    if diagnostics or not citations:
        return None, diagnostics
    group = CitationGroup(
        tuple(citations), start, close + 1, offset_to_position(text, start, origin)
    )
    return group, diagnostics


#: What a locator written after ``,`` is not: another citation.
_NEXT_KEY = re.compile(rf"-?@{KEY_PATTERN}\s*$")
_SPACE_AFTER_AT = re.compile(rf"^(-?)@\s+({KEY_PATTERN})\s*(?:,\s*(.*))?$", re.DOTALL)
_NO_COMMA = re.compile(rf"^(-?)@({KEY_PATTERN})\s+(\S.*)$", re.DOTALL)


def _malformed(written: str) -> tuple[str, str, int]:
    """What is wrong with a citation that is not ``@key`` or ``@key, locator``, the fix, and
    where in ``written`` the mistake is."""
    spaced = _SPACE_AFTER_AT.match(written)
    if spaced is not None:
        minus, key, locator = spaced.groups()
        fixed = f"{minus}@{key}" + (f", {locator}" if locator else "")
        return f"a space after '@' in '{written}'", f"write [{fixed}]", written.index("@") + 1
    unseparated = _NO_COMMA.match(written)
    if unseparated is not None:
        minus, key, locator = unseparated.groups()
        return (
            f"the locator '{locator}' needs a comma after the key '{key}'",
            f"write [{minus}@{key}, {locator}]",
            unseparated.end(2),
        )
    return f"malformed citation '{written}'", "write [@key] or [@key, p. 33]", 0


_SUSPECT = re.compile(rf"\[({KEY_PATTERN}(?:\s*;\s*{KEY_PATTERN})+)\](?!\()")


def _missing_at_signs(masked: str, text: str, path: Path, origin: Position) -> list[Diagnostic]:
    """Groups like ``[smith2020; jones2019]`` that look like citations written without ``@``."""
    diagnostics = []
    for match in _SUSPECT.finditer(masked):
        first = match.group(1).split(";")[0].strip()
        diagnostics.append(
            error(
                path,
                offset_to_position(text, match.start(1), origin),
                "CIT003",
                f"citation '{first}' is missing its '@'",
                f"write [@{first}]",
            )
        )
    return diagnostics
