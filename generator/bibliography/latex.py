"""LaTeX in .bib fields turned into typography: Unicode text plus the markup worth keeping.

pybtex's own decoder (latexcodec) leaves ``\\textit{E. coli}``, ``\\emph{…}``, ``\\'{\\i}``,
``\\url{…}`` and ``\\TeX`` as literal backslashes, so fields are decoded with pylatexenc instead.
Italic and bold survive as pybtex :class:`~pybtex.richtext.Tag` nodes, so one decoded field
renders as ``<i>`` in HTML, ``*…*`` in Markdown and plain words in text.

Nothing is lost silently: text macros (``\\mbox``, ``\\textsc``, ``\\url`` …) keep their
content, line breaks (``\\\\``, ``\\newline``) and control characters become a space, and
:func:`decode` names every macro it does not know so the loader can warn at its line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pybtex.richtext import BaseText, String, Tag, Text
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import (
    LatexGroupNode,
    LatexMacroNode,
    LatexNode,
    LatexWalker,
    LatexWalkerError,
)
from pylatexenc.latexwalker import get_default_latex_context_db as walker_context_db
from pylatexenc.macrospec import LatexContextDb, MacroSpec

_ITALIC = frozenset({"textit", "emph", "textsl", "mkbibemph", "mkbibitalic"})
_BOLD = frozenset({"textbf", "mkbibbold"})
_ITALIC_SWITCHES = frozenset({"it", "em", "itshape", "sl", "slshape"})
#: Macros whose one argument is plain text to keep (``\\mbox{COVID-19}`` → ``COVID-19``).
_KEEP_CONTENT = (
    "mbox", "hbox", "text", "textsc", "textrm", "textsf", "texttt", "textup", "textmd",
    "textnormal", "NoCaseChange", "nocite", "MakeUppercase", "MakeLowercase", "uppercase",
    "lowercase",
)  # fmt: skip
#: biblatex's quotation macros (``\\mkbibquote{…}``, ``\\enquote{…}``).
_QUOTES = ("mkbibquote", "enquote")
#: Line breaks, which a reference never keeps: each becomes a space.
_LINE_BREAKS = ("\\", "newline", "linebreak", "par")
#: Whitespace runs and control characters, each run rendered as one space.
_SPACES = re.compile(r"[ \x00-\x1f\x7f]+")
#: Characters that mean a value may hold LaTeX; values without them skip the parser entirely.
_LATEX_CHARS = re.compile(r"[\\{}$~`'%&-]")
#: LaTeX special characters other than the hyphen: without them only dashes need decoding.
_LATEX_BUT_DASHES = re.compile(r"[\\{}$~`'%&]")
#: ``\url{…}`` and ``\href{url}{…}`` are verbatim: ``%`` and ``_`` in a URL are not LaTeX.
_URL = re.compile(r"\\url\{([^}]*)\}|\\href\{([^}]*)\}")
#: Escapes that may appear in verbatim fields (DOI, URL, eprint) written for plain BibTeX.
_VERBATIM_ESCAPE = re.compile(r"\\([_%&#$~])")
#: A whole verbatim field wrapped in ``\url{…}``, as some exports write ``url``.
_URL_WRAPPED = re.compile(r"^\\url\{([^{}]*)\}$")
#: A bare ``&`` (a LaTeX alignment tab) in a title or publisher means "and", as typed in Zotero.
_BARE_AMPERSAND = re.compile(r"(?<!\\)&")


@lru_cache(maxsize=1)
def _parsing_context() -> LatexContextDb:
    """pylatexenc's macro argument specs, built once (building it per field is the slow part),
    with the arguments of the text macros it does not know (biblatex's quotes, ``\\mbox``)."""
    db = walker_context_db()
    db.add_context_category(
        "pearls",
        prepend=True,
        macros=[MacroSpec(name, "{") for name in _KEEP_CONTENT]
        + [MacroSpec(name, "*{") for name in _QUOTES],
    )
    return db


@lru_cache(maxsize=1)
def _text_context() -> LatexContextDb:
    """pylatexenc's text replacements plus TeX logos and ``\\url``."""
    db = get_default_latex_context_db()
    db.add_context_category(
        "pearls",
        prepend=True,
        macros=[
            MacroTextSpec("TeX", simplify_repl="TeX"),
            MacroTextSpec("LaTeX", simplify_repl="LaTeX"),
            MacroTextSpec("BibTeX", simplify_repl="BibTeX"),
            MacroTextSpec("url", simplify_repl="%(1)s"),
            *(MacroTextSpec(name, simplify_repl="%(1)s") for name in _KEEP_CONTENT),
            *(MacroTextSpec(name, simplify_repl=" ") for name in _LINE_BREAKS),
            MacroTextSpec("hyphen", simplify_repl="-"),
            MacroTextSpec("textbraceleft", simplify_repl="{"),
            MacroTextSpec("textbraceright", simplify_repl="}"),
            MacroTextSpec("textasciicircum", simplify_repl="^"),
            *(MacroTextSpec(name, simplify_repl="\u201c%(2)s\u201d") for name in _QUOTES),
        ],
    )
    return db


@lru_cache(maxsize=1)
def _converter() -> LatexNodes2Text:
    return LatexNodes2Text(latex_context=_text_context(), math_mode="text")


def latex_to_rich(value: str) -> Text:
    """A field's LaTeX as rich text: Unicode characters, italics and bold kept as tags."""
    return decode(value)[0]


@lru_cache(maxsize=65536)
def decode(value: str) -> tuple[Text, tuple[str, ...]]:
    """A field's LaTeX as rich text, and the macros in it this decoder does not know (each
    dropped from the text, its braced argument kept: the caller warns about them)."""
    value = _SPACES.sub(" ", value)
    if not _LATEX_CHARS.search(value):
        return Text(value.strip()), ()
    if not _LATEX_BUT_DASHES.search(value):  # page ranges, hyphenated words: no parser needed
        return Text(value.replace("---", "\u2014").replace("--", "\u2013").strip()), ()
    value = _BARE_AMPERSAND.sub(r"\\&", value)
    parts: list[BaseText | str] = []
    unknown: list[str] = []
    last = 0
    for match in _URL.finditer(value):
        parts.extend(_walk_source(value[last : match.start()], unknown))
        if match.group(1) is not None:
            parts.append(String(_VERBATIM_ESCAPE.sub(r"\1", match.group(1))))
        last = match.end()
    parts.extend(_walk_source(value[last:], unknown))
    return Text(*_tidy(parts)), tuple(dict.fromkeys(unknown))


def _tidy(parts: list[BaseText | str]) -> list[BaseText | str]:
    """Adjacent strings joined, whitespace runs made one space, the ends stripped (a dropped
    macro or a line break never leaves a double or stray space)."""
    tidy: list[BaseText | str] = []
    for part in parts:
        if isinstance(part, str) and tidy and isinstance(tidy[-1], str):
            tidy[-1] += part
        else:
            tidy.append(part)
    tidy = [_SPACES.sub(" ", part) if isinstance(part, str) else part for part in tidy]
    if tidy and isinstance(tidy[0], str):
        tidy[0] = tidy[0].lstrip()
    if tidy and isinstance(tidy[-1], str):
        tidy[-1] = tidy[-1].rstrip()
    return [part for part in tidy if part]


def latex_to_text(value: str) -> str:
    """A field's LaTeX as plain Unicode text."""
    return str(latex_to_rich(value))


def verbatim(value: str) -> str:
    """A verbatim field (DOI, URL, eprint) with ``\\url{…}`` and escapes such as ``\\_`` undone."""
    value = _URL_WRAPPED.sub(r"\1", value.strip())
    return _VERBATIM_ESCAPE.sub(r"\1", value).strip()


def _walk_source(source: str, unknown: list[str]) -> list[BaseText | str]:
    if not source:
        return []
    if not _LATEX_CHARS.search(source):
        return [source]
    try:
        walker = LatexWalker(source, latex_context=_parsing_context(), tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
    except LatexWalkerError:
        return [source]
    return _walk(nodes, unknown)


def _walk(nodes: list[LatexNode] | None, unknown: list[str]) -> list[BaseText | str]:
    parts: list[BaseText | str] = []
    for index, node in enumerate(nodes or []):
        if isinstance(node, LatexMacroNode) and node.macroname in _ITALIC_SWITCHES:
            parts.append(Tag("i", *_walk(nodes[index + 1 :], unknown)))
            return parts
        parts.extend(_walk_node(node, unknown))
    return parts


def _walk_node(node: LatexNode, unknown: list[str]) -> list[BaseText | str]:
    if isinstance(node, LatexGroupNode):
        return _walk(node.nodelist, unknown)
    if not isinstance(node, LatexMacroNode):
        text = _converter().nodelist_to_text([node])
        return [text] if text else []
    args = [arg for arg in (node.nodeargd.argnlist if node.nodeargd else []) if arg]
    if node.macroname in _ITALIC | _BOLD:
        inner = _walk(args[-1].nodelist if isinstance(args[-1], LatexGroupNode) else args[-1:],
                      unknown) if args else []
        return [Tag("i" if node.macroname in _ITALIC else "b", *inner)] if args else []
    if _text_context().get_macro_spec(node.macroname) is None:
        unknown.append(node.macroname)
        return [part for arg in args for part in _walk([arg], unknown)]
    text = _converter().nodelist_to_text([node])
    return [text] if text else []
