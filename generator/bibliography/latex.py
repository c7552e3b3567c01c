"""LaTeX in .bib fields turned into typography: Unicode text plus the markup worth keeping.

pybtex's own decoder (latexcodec) leaves ``\\textit{E. coli}``, ``\\emph{…}``, ``\\'{\\i}``,
``\\url{…}`` and ``\\TeX`` as literal backslashes, so fields are decoded with pylatexenc instead.
Italic and bold survive as pybtex :class:`~pybtex.richtext.Tag` nodes, so one decoded field
renders as ``<i>`` in HTML, ``*…*`` in Markdown and plain words in text.
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
from pylatexenc.macrospec import LatexContextDb

_ITALIC = frozenset({"textit", "emph", "textsl", "mkbibemph", "mkbibitalic"})
_BOLD = frozenset({"textbf", "mkbibbold"})
_ITALIC_SWITCHES = frozenset({"it", "em", "itshape", "sl", "slshape"})
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
    """pylatexenc's macro argument specs, built once (building it per field is the slow part)."""
    return walker_context_db()


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
        ],
    )
    return db


@lru_cache(maxsize=1)
def _converter() -> LatexNodes2Text:
    return LatexNodes2Text(latex_context=_text_context(), math_mode="text")


def latex_to_rich(value: str) -> Text:
    """A field's LaTeX as rich text: Unicode characters, italics and bold kept as tags."""
    if not _LATEX_CHARS.search(value):
        return Text(value)
    if not _LATEX_BUT_DASHES.search(value):  # page ranges, hyphenated words: no parser needed
        return Text(value.replace("---", "\u2014").replace("--", "\u2013"))
    value = _BARE_AMPERSAND.sub(r"\\&", value)
    parts: list[BaseText | str] = []
    last = 0
    for match in _URL.finditer(value):
        parts.extend(_walk_source(value[last : match.start()]))
        parts.append(String(match.group(1) if match.group(1) is not None else ""))
        last = match.end()
    parts.extend(_walk_source(value[last:]))
    return Text(*parts)


def latex_to_text(value: str) -> str:
    """A field's LaTeX as plain Unicode text."""
    return str(latex_to_rich(value))


def verbatim(value: str) -> str:
    """A verbatim field (DOI, URL, eprint) with ``\\url{…}`` and escapes such as ``\\_`` undone."""
    value = _URL_WRAPPED.sub(r"\1", value.strip())
    return _VERBATIM_ESCAPE.sub(r"\1", value).strip()


def _walk_source(source: str) -> list[BaseText | str]:
    if not source:
        return []
    if not _LATEX_CHARS.search(source):
        return [source]
    try:
        walker = LatexWalker(source, latex_context=_parsing_context(), tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
    except LatexWalkerError:
        return [source]
    return _walk(nodes)


def _walk(nodes: list[LatexNode] | None) -> list[BaseText | str]:
    parts: list[BaseText | str] = []
    for index, node in enumerate(nodes or []):
        if isinstance(node, LatexMacroNode) and node.macroname in _ITALIC_SWITCHES:
            parts.append(Tag("i", *_walk(nodes[index + 1 :])))
            return parts
        parts.extend(_walk_node(node))
    return parts


def _walk_node(node: LatexNode) -> list[BaseText | str]:
    if isinstance(node, LatexGroupNode):
        return _walk(node.nodelist)
    if isinstance(node, LatexMacroNode) and node.macroname in _ITALIC | _BOLD:
        args = [arg for arg in (node.nodeargd.argnlist if node.nodeargd else []) if arg]
        inner = _walk(args[-1].nodelist if isinstance(args[-1], LatexGroupNode) else args[-1:])
        return [Tag("i" if node.macroname in _ITALIC else "b", *inner)] if args else []
    text = _converter().nodelist_to_text([node])
    return [text] if text else []
