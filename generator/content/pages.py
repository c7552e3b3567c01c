"""Pages written by hand in ``content/pages/`` (About, the editor's guide): content like pearls.

The site publishes them through the same Markdown and sanitiser as pearls, so the check reads
them the same way: front matter is optional, but when present it is YAML holding only the fields
the theme may read (:data:`PAGE_FIELDS`), and the body is reported wherever the sanitiser would
remove markup. The build publishes the same fields and nothing else
(:func:`generator.site.hooks.on_page_markdown`): any other would reach mkdocs-material's
templates unchecked (``template: redirect.html``, a list printed into an attribute).

| code   | problem                                                        |
|--------|----------------------------------------------------------------|
| PAG001 | the page cannot be read (permissions, a folder named ``.md``)   |

Front matter and body use the pearls' codes (FM003, FM006, YAML…, SEC…).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.utils.meta import get_data

from generator.config import Settings
from generator.content.frontmatter import normalise, opens_front_matter, split_front_matter
from generator.content.nesting import too_costly
from generator.content.safety import removed_markup, reserved_text, unprintable_text
from generator.diagnostics import Diagnostic, Position, error
from generator.yaml_source import load_yaml

#: What ``hide:`` may take out of a page (mkdocs-material's parts of the page).
HIDDEN_PARTS = ("feedback", "footer", "navigation", "path", "tags", "toc")


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _search(value: Any) -> bool:
    return isinstance(value, dict) and all(
        (name == "exclude" and isinstance(setting, bool))
        or (
            name == "boost"
            and isinstance(setting, int | float)
            and not isinstance(setting, bool)
            and math.isfinite(setting)  # the search index is JSON: no Infinity, no NaN
        )
        for name, setting in value.items()
    )


#: Every front-matter field a page may set (generated pages included), with what its value
#: must be and how to say so: the site publishes these and no other.
PAGE_FIELDS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "title": (lambda value: isinstance(value, str), "'title' must be text"),
    "description": (lambda value: isinstance(value, str), "'description' must be text"),
    "tags": (_texts, "'tags' must be a list of text"),
    "hide": (
        lambda value: _texts(value) and all(part in HIDDEN_PARTS for part in value),
        f"'hide' must be a list of: {', '.join(HIDDEN_PARTS)}",
    ),
    "search": (_search, "'search' may hold only 'exclude: true' and 'boost: <number>'"),
}


def publishable(name: str, value: Any) -> bool:
    """Whether a page may publish front-matter field ``name`` with ``value``."""
    field = PAGE_FIELDS.get(name)
    return field is not None and field[0](value)


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
        diagnostics += _front_matter(split.front_matter, split.front_matter_line, path, text)
        diagnostics += reserved_text(split.front_matter, path, Position(split.front_matter_line, 1))
        body, origin = split.body, Position(split.body_line, 1)
    nesting = too_costly(body, path, origin)
    diagnostics += unprintable_text(body, path, origin)
    return diagnostics + (nesting or removed_markup(body, path, origin, settings))


def _front_matter(source: str, line: int, path: Path, page: str) -> list[Diagnostic]:
    document, diagnostics = load_yaml(source, path, Position(line, 1))
    if document is None:
        return diagnostics
    if not isinstance(document.value, dict):
        message = "front matter must be 'field: value' lines"
        return [*diagnostics, error(path, Position(line, 1), "FM003", message)]
    if document.value and not get_data(page)[1]:
        # MkDocs' own YAML loader refuses it (a tag such as !note): MkDocs would publish the
        # front matter as the page's first paragraph
        message = "MkDocs cannot read this front matter, so the page would show it as text"
        hint = "write plain 'field: value' lines, without YAML tags such as !note"
        return [*diagnostics, error(path, Position(line, 1), "FM003", message, hint)]
    for name, value in document.value.items():
        if name not in PAGE_FIELDS:
            where = document.position((name,))
            hint = f"a page may set only: {', '.join(PAGE_FIELDS)}"
            diagnostics.append(error(path, where, "FM005", f"unknown field '{name}'", hint))
        elif not publishable(name, value):
            where = document.value_position((name,))
            diagnostics.append(error(path, where, "FM006", PAGE_FIELDS[name][1]))
    return diagnostics
