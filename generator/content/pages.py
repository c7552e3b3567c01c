"""Pages written by hand in ``content/pages/`` (About, the editor's guide): content like pearls.

The site publishes them through the same Markdown and sanitiser as pearls, so the check reads
them the same way: front matter is optional, but when present it is YAML whose ``title`` and
``description`` are text, and the body is reported wherever the sanitiser would remove markup.

| code   | problem                                                        |
|--------|----------------------------------------------------------------|
| PAG001 | the page cannot be read (permissions, a folder named ``.md``)   |

Front matter and body use the pearls' codes (FM003, FM006, YAML…, SEC…).
"""

from __future__ import annotations

from pathlib import Path

from generator.config import Settings
from generator.content.frontmatter import normalise, opens_front_matter, split_front_matter
from generator.content.nesting import too_costly
from generator.content.safety import removed_markup
from generator.diagnostics import Diagnostic, Position, error
from generator.yaml_source import load_yaml

#: Front-matter fields the site shows as text (MkDocs reads others, such as ``hide``, itself).
TEXT_FIELDS = ("title", "description")


def read_page(path: Path, settings: Settings, data: bytes) -> list[Diagnostic]:
    """Every problem in one content page (its bytes ``data``)."""
    text, diagnostics = normalise(data, path)
    if text is None:
        return diagnostics
    body, origin = text, Position()
    if opens_front_matter(text):
        split, problems = split_front_matter(text, path)
        diagnostics += problems
        if split is None:
            return diagnostics
        diagnostics += _front_matter(split.front_matter, split.front_matter_line, path)
        body, origin = split.body, Position(split.body_line, 1)
    nesting = too_costly(body, path, origin)
    return diagnostics + (nesting or removed_markup(body, path, origin, settings))


def _front_matter(source: str, line: int, path: Path) -> list[Diagnostic]:
    document, diagnostics = load_yaml(source, path, Position(line, 1))
    if document is None:
        return diagnostics
    if not isinstance(document.value, dict):
        message = "front matter must be 'field: value' lines"
        return [*diagnostics, error(path, Position(line, 1), "FM003", message)]
    for name in TEXT_FIELDS:
        value = document.value.get(name)
        if name in document.value and not isinstance(value, str):
            where = document.value_position((name,))
            diagnostics.append(error(path, where, "FM006", f"'{name}' must be text"))
    return diagnostics
