"""What the sanitiser would take out of a body, reported where the editor wrote it.

The body is rendered with the site's own Markdown (the extensions ``mkdocs.yml`` lists, as MkDocs
loads them) and cleaned by :data:`generator.sanitize.CONTENT`, the allow-list content passes on
the published pages; every removal it reports is an error here. The check thus agrees with the
sanitiser by construction, however Markdown or a browser reads odd markup
(``{: onclick=… }``, reference links, ``java&#9;script:``, comments ended by ``--!>``). Each
removal is then found in the source (its URL, attribute name or tag) to say where to fix it.
Control characters and bidirectional controls, which every output leaves out, are reported
where they stand (:func:`unprintable_text`).

| code   | problem                                                                  |
|--------|--------------------------------------------------------------------------|
| SEC001 | an element that is not allowed (script, iframe, style, form, …)          |
| SEC002 | an event-handler attribute (``onerror=``, ``onclick=``, …)               |
| SEC003 | a link or source whose scheme is not http, https or mailto               |
| SEC004 | another attribute that is not allowed (``style``, ``target``, a theme id) |
| SEC005 | malformed markup a browser reads as an element the source does not show  |
| SEC006 | ``pearls-trusted-fragment-`` (anywhere: front matter, topics, .bib too) or a |
|        | ``<!-- pearls:`` comment in a body (the generator's own markers: a forged one |
|        | would move its figure)                                                     |
| SEC020 | a ``title`` holding markup (``<b>``, ``<img …>``): the theme's tooltip shows it  |
|        | as HTML                                                                  |
| SEC021 | a class mkdocs-material's script loads a script for (``<pre class="mermaid">``) |
| SEC022 | a control character in the text (U+0001, U+001B, U+0085): left out of every output |
| SEC030 | a class of the site's own (``pearl-cite``, ``md-dialog``): only its fragments use them |
| SEC031 | a bidirectional control (U+202E, U+2066): it would reorder the text shown after it |
| CFG007 | a Markdown extension in ``mkdocs.yml`` that cannot be loaded             |
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import unescape
from pathlib import Path

import markdown

from generator.citations import mask_code
from generator.config import CONFIG_FILE, Settings
from generator.content.nesting import converting
from generator.diagnostics import Diagnostic, Position, error, offset_to_position
from generator.sanitize import (
    CONTENT,
    PLACEHOLDER_PREFIX,
    SCRIPTED_CLASSES,
    UNPRINTABLE,
    URL_ATTRIBUTES,
    Removal,
    elements,
    site_classes,
)
from generator.yaml_source import unprintable

#: With only these extensions, a body without any of ``_MAY_BE_REMOVED`` renders to HTML the
#: sanitiser keeps whole (no tag, attribute list, character reference, link or link definition
#: can be written without one), so it need not be rendered: ~3 ms saved per pearl, most pearls.
_KNOWN_EXTENSIONS = frozenset(
    {"toc", "tables", "fenced_code", "attr_list", "md_in_html", "footnotes", "admonition",
     "abbr", "def_list", "sane_lists", "smarty", "nl2br", "meta", "pymdownx.details"}
)  # fmt: skip
_MAY_BE_REMOVED = re.compile(r"[<{&]|\]\(|\]:")
#: What the site generator writes where its own figures go (:mod:`generator.site.trusted`).
_RESERVED = re.compile(rf"{re.escape(PLACEHOLDER_PREFIX)}|<!--\s*pearls:", re.IGNORECASE)
#: A numeric character reference, as HTML reads one (the ``;`` may be left out).
_NUMERIC_REFERENCE = re.compile(r"&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));?")
#: The placeholder alone, as the generator writes it (plain text is never case-folded).
_PLACEHOLDER = re.compile(re.escape(PLACEHOLDER_PREFIX))
#: How much of a removed URL is looked for in the source (enough to tell links apart).
_URL_PREFIX = 40


def reserved_text(text: str, path: Path, origin: Position = Position()) -> list[Diagnostic]:
    """SEC006 for each of the generator's placeholders in plain text (front matter, topics, a
    .bib): printed inside the generator's own fragments, it would be taken for one of them."""
    return _reserved(_PLACEHOLDER, text, path, origin)


def unprintable_text(
    text: str, path: Path, origin: Position = Position(), skip: range = range(0)
) -> list[Diagnostic]:
    """SEC022 for each control character and SEC031 for each bidirectional control in ``text``
    (a body, a .bib) but at the offsets in ``skip`` (read by another check), where it stands:
    every output leaves them out."""
    return [
        unprintable(path, offset_to_position(text, match.start(), origin), match[0], "the text")
        for match in UNPRINTABLE.finditer(text)
        if match.start() not in skip
    ]


def _unprintable_references(body: str, path: Path, origin: Position) -> list[Diagnostic]:
    """SEC022 or SEC031 for each character reference (outside code) to a character cleaning
    leaves out (``&#x202e;``), read as HTML reads it (Python's ``unescape`` gives nothing for a
    control character, which HTML keeps)."""
    if "&#" not in body:
        return []
    found = []
    for match in _NUMERIC_REFERENCE.finditer(mask_code(body)):
        code = int(match[1]) if match[1] is not None else int(match[2], 16)
        char = unescape(match[0]) or chr(code)
        if UNPRINTABLE.fullmatch(char):
            position = offset_to_position(body, match.start(), origin)
            found.append(unprintable(path, position, char, "the text"))
    return found


def _reserved(
    pattern: re.Pattern[str], text: str, path: Path, origin: Position
) -> list[Diagnostic]:
    hint = "the generator marks where its figures go with this text; reword it"
    return [
        error(path, offset_to_position(text, match.start(), origin), "SEC006",
              f"'{match[0]}' is reserved", hint)
        for match in pattern.finditer(text)
    ]


def removed_markup(
    body: str,
    path: Path,
    origin: Position,
    settings: Settings,
    hidden: Iterable[tuple[int, int]] = (),
) -> list[Diagnostic]:
    """An error for each thing the site's sanitiser would remove from ``body`` (Markdown that
    starts at ``origin`` in ``path``) once rendered. ``hidden`` spans (citations, the algorithm
    block) are rendered as a plain letter: the generator replaces them with its own markup."""
    known = _KNOWN_EXTENSIONS.issuperset(settings.markdown_extensions)
    reserved = _reserved(_RESERVED, body, path, origin)
    reserved += _unprintable_references(body, path, origin)
    if known and not _MAY_BE_REMOVED.search(body):
        return reserved
    try:
        with converting(path):
            html = render(_hide(body, hidden), settings)
    except (ImportError, AttributeError, TypeError, ValueError, KeyError) as exc:
        return [
            error(
                settings.root / CONFIG_FILE,
                Position(),
                "CFG007",
                f"markdown_extensions cannot be loaded: {exc}",
                "list only installed Python-Markdown extensions and their options",
            )
        ]
    finder = _Finder(body, origin)
    diagnostics = reserved + [finder.locate(path, removal) for removal in CONTENT.removals(html)]
    return diagnostics + _hidden_in_titles(html, body, sorted(hidden), path, origin)


def render(text: str, settings: Settings) -> str:
    """``text`` (Markdown) as the site's pages render it."""
    key = repr((settings.markdown_extensions, settings.markdown_configs))
    if key not in _converters:  # loading extensions costs more than rendering a body
        _converters[key] = markdown.Markdown(
            extensions=list(settings.markdown_extensions),
            extension_configs=settings.markdown_configs,
        )
    try:
        return _converters[key].reset().convert(text)
    except BaseException:
        del _converters[key]  # a conversion cut short leaves state that reset() keeps
        raise


_converters: dict[str, markdown.Markdown] = {}


def _hide(body: str, spans: Iterable[tuple[int, int]]) -> str:
    """``body`` with each span replaced by one plain word, :func:`_stand_in` of its place among
    the spans (its line breaks kept). Only the rendering reads this text; removals are looked
    for in the body as written."""
    ordered = sorted(spans)
    for index in reversed(range(len(ordered))):
        start, end = ordered[index]
        stand_in = _stand_in(index) + "\n" * body.count("\n", start, end)
        body = body[:start] + stand_in + body[end:]
    return body


def _stand_in(index: int) -> str:
    """The word a hidden span renders as: letters only, which Markdown leaves as they are."""
    return "pearlshidden" + "".join("abcdefghij"[int(digit)] for digit in str(index)) + "x"


_STAND_IN = re.compile(r"pearlshidden([a-j]+)x")


def _hidden_in_titles(
    html: str, body: str, spans: list[tuple[int, int]], path: Path, origin: Position
) -> list[Diagnostic]:
    """SEC020 for a citation written inside a title (``[x](url "see [@key]")``): the site
    writes its numbered link there, markup the theme's tooltip would show as HTML."""
    if "pearlshidden" not in html:
        return []
    found = []
    for _, attributes in elements(html):
        for name, value in attributes:
            if name != "title":
                continue
            for match in _STAND_IN.finditer(value):
                index = int("".join(str("abcdefghij".index(c)) for c in match[1]))
                position = offset_to_position(body, spans[index][0], origin)
                found.append(
                    error(path, position, "SEC020", "a citation in a title would put its link "
                          "there, markup the site's tooltip would show as HTML",
                          "cite in the text, not in the title")
                )  # fmt: skip
    return found


class _Finder:
    """Finds each removal in the source, in turn: the nth removal of the same text is taken
    to be its nth occurrence (outside code first, since Markdown keeps code as text)."""

    def __init__(self, body: str, origin: Position) -> None:
        self.body = body
        self.masked = mask_code(body)
        self.origin = origin
        self.next_start: dict[str, int] = {}

    def locate(self, path: Path, removal: Removal) -> Diagnostic:
        code, message, hint = _explain(removal)
        return self.diagnostic(path, _patterns(removal), code, message, hint)

    def diagnostic(
        self, path: Path, patterns: list[re.Pattern[str]], code: str, message: str, hint: str
    ) -> Diagnostic:
        offset = self._find(patterns)
        if offset is None:
            message += " (somewhere in the body: its source could not be pinned down)"
            return error(path, self.origin, code, message, hint)
        return error(path, offset_to_position(self.body, offset, self.origin), code, message, hint)

    def _find(self, patterns: list[re.Pattern[str]]) -> int | None:
        for pattern in patterns:
            start = self.next_start.get(pattern.pattern, 0)
            for text, begin in (
                (self.masked, start), (self.body, start), (self.masked, 0), (self.body, 0)
            ):  # fmt: skip
                match = pattern.search(text, begin)
                if match is not None:
                    self.next_start[pattern.pattern] = match.end()
                    return match.start("at") if "at" in pattern.groupindex else match.start()
        return None


def _patterns(removal: Removal) -> list[re.Pattern[str]]:
    """What to look for in the source, most precise first."""
    written = rf"<\s*{re.escape(removal.tag)}(?![\w:-])"
    tag = re.compile(written, re.IGNORECASE)
    if removal.unexpected:  # hidden where it looks like text: in a quoted value, after a comment
        hidden = re.compile(rf"(?:[\"'][^\"'\n]*|--[^\n]*|\]\][^\n]*)(?P<at>{written})", re.I)
        return [hidden, tag]
    if not removal.attribute:
        return [tag]
    name = re.compile(rf"(?<![\w:-]){re.escape(removal.attribute)}\s*=", re.IGNORECASE)
    value = [_written(removal.value.strip()[:_URL_PREFIX])] if removal.value.strip() else []
    if removal.attribute in (*URL_ATTRIBUTES, "id", "title"):  # ``{: #id }``, ``[x](u "t")``
        return [*value, name, tag]
    if removal.attribute == "class" and (reserved := site_classes(removal.value)):
        return [_written(reserved[0]), name, tag]  # in ``class="…"`` or ``{ .name }``
    return [name, *value, tag]


def _written(value: str) -> re.Pattern[str]:
    """``value`` as it may be written: each character as itself or a character reference."""
    parts = [
        rf"(?:{re.escape(c)}|&#0*{ord(c)};?|&#x0*{ord(c):x};?|&[a-z][a-z0-9]*;)" for c in value
    ]
    return re.compile("".join(parts), re.IGNORECASE)


def _explain(removal: Removal) -> tuple[str, str, str]:
    """The code, message and hint for one removal."""
    if removal.unexpected:
        return (
            "SEC005",
            removal.describe(),
            "close every tag and comment plainly; a browser would read an element here",
        )
    if not removal.attribute:
        return ("SEC001", removal.describe(), "write plain Markdown instead of this element")
    if removal.attribute.startswith("on"):
        return ("SEC002", removal.describe(), "remove it; pages run no script from content")
    if removal.attribute in URL_ATTRIBUTES and removal.value.strip():
        return ("SEC003", removal.describe(), "links must be http(s), mailto or relative")
    if removal.attribute == "title" and removal.value:
        return ("SEC020", removal.describe(), "write the title as plain text, without tags")
    if removal.attribute == "class" and SCRIPTED_CLASSES.intersection(removal.value.split()):
        return ("SEC021", removal.describe(), "remove the class; draw flowcharts as ```algorithm")
    if removal.attribute == "class" and site_classes(removal.value):
        return ("SEC030", removal.describe(), "rename it: classes starting 'pearl-', 'pearls-' or "
                "'md-', but md-button, belong to the site")
    if removal.attribute == "id":
        return ("SEC004", removal.describe(), "ids starting '__' belong to the theme; rename it")
    return ("SEC004", removal.describe(), "remove the attribute")
