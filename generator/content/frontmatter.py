"""Splitting a pearl file into its YAML front matter and its Markdown body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic, Position, error, warning

_OPEN = re.compile(r"\A---[ \t]*\n")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$", re.MULTILINE)
#: An opening ``---`` after blank lines, spaces or an invisible character: Markdown would show
#: the front matter as text.
_LATE_OPEN = re.compile(r"\A(?P<before>[\s\ufeff\u200b]+)---[ \t]*\n")
#: A line that starts a YAML field.
_FIELD = re.compile(r"[\w-]+[ \t]*:")
#: A line an editor means as the closing ``---`` that is not one (indented, too many or too few
#: dashes): the front matter would run on into the body.
_NEAR_CLOSE = re.compile(r"^(?:[ \t]+(?:---|\.\.\.)|--|-{4,}|—|–)[ \t]*$", re.MULTILINE)

#: After a blank line, a line no field, list item, comment or indented value starts like: the
#: body, read as front matter because its closing ``---`` is missing.
_BODY_TEXT = re.compile(r"(?<=\n\n)(?![ \t#-]|[\w.-]+[ \t]*:)[^\n]")


@dataclass(frozen=True)
class SplitFile:
    """The two parts of a pearl file and the line each starts on."""

    front_matter: str
    front_matter_line: int
    body: str
    body_line: int


def normalise(raw: bytes, path: Path) -> tuple[str | None, list[Diagnostic]]:
    """Decode a pearl file: UTF-8 (a BOM is dropped with a warning), newlines made ``\\n``."""
    diagnostics: list[Diagnostic] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        diagnostics.append(
            warning(
                path,
                Position(),
                "PRL002",
                "file starts with a byte-order mark",
                "save it as UTF-8 without BOM",
            )
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            error(path, Position(line, 1), "PRL001", "file is not UTF-8 text", "save it as UTF-8")
        ]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [error(path, Position(line, 1), "PRL001", "file contains binary data (NUL)")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), diagnostics


def opens_front_matter(text: str) -> bool:
    """Whether ``text`` (a page, where front matter is optional) starts with front matter, or
    with ``---`` and a field after blank lines or spaces, meant as front matter but shown as
    text (:func:`split_front_matter` reports it)."""
    late = _LATE_OPEN.match(text)
    return bool(_OPEN.match(text) or late and _FIELD.match(text, late.end()))


def split_front_matter(text: str, path: Path) -> tuple[SplitFile | None, list[Diagnostic]]:
    """Find the ``---`` fenced YAML block that must open every pearl."""
    if not text.strip():
        return None, [
            error(
                path,
                Position(),
                "FM001",
                "file is empty",
                "a pearl starts with '---', its front matter, and '---'",
            )
        ]
    opening = _OPEN.match(text)
    late = _LATE_OPEN.match(text)
    if opening is None and late is not None:
        before = late["before"]
        what, it = (
            ("an invisible character", "invisible character (a BOM or zero-width space)")
            if before.strip(" \t\n") else
            ("blank lines", "blank lines") if "\n" in before else ("spaces", "spaces")
        )  # fmt: skip
        where = Position(before.count("\n") + 1, len(before) - before.rfind("\n"))
        return None, [
            error(
                path,
                where,
                "FM001",
                f"the front matter's '---' must be the very first line: with {what} before it, "
                "the page would show the front matter as text",
                f"delete the {it} before '---'",
            )
        ]
    if opening is None:
        return None, [
            error(
                path,
                Position(),
                "FM001",
                "front matter missing",
                "a pearl starts with a line '---'",
            )
        ]
    closing = _CLOSE.search(text, opening.end())
    near = _NEAR_CLOSE.search(text, opening.end(), closing.start() if closing else len(text))
    if near is not None:
        written = near[0].strip()
        why = "is indented" if near[0][0] in " \t" else "is not '---'"
        return None, [
            error(
                path,
                Position(text.count("\n", 0, near.start()) + 1, 1),
                "FM002",
                f"'{written}' {why}, so it does not end the front matter: the body would be "
                "read as front matter",
                "write exactly '---' at the start of the line",
            )
        ]
    if closing is None:
        runaway = runaway_front_matter(SplitFile(text[opening.end() :], 2, "", 2), path)
        if runaway is not None:
            return None, [runaway]
        return None, [
            error(
                path,
                Position(),
                "FM002",
                "front matter is never closed",
                "end it with a line '---'",
            )
        ]
    front = text[opening.end() : closing.start()]
    body_start = closing.end() + 1 if closing.end() < len(text) else closing.end()
    body_line = text.count("\n", 0, body_start) + 1
    return SplitFile(front, 2, text[body_start:], body_line), []


def runaway_front_matter(split: SplitFile, path: Path) -> Diagnostic | None:
    """When the front matter could not be read as YAML: an error at the first line of body text
    in it, if any (its closing ``---`` is missing, and a later ``---`` closed it instead)."""
    match = _BODY_TEXT.search("\n" + split.front_matter)
    if match is None:
        return None
    line = split.front_matter_line + split.front_matter.count("\n", 0, match.start() - 1)
    return error(
        path,
        Position(line, 1),
        "FM002",
        "the front matter is not closed before the body: this line is read as a field",
        "end the front matter with a line '---' after its last field",
    )
