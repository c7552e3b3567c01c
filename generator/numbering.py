"""Citation numbers and in-text citations, in the form the citation style declares.

Numbers follow the order of first citation across the body *and* the algorithm's nodes (the
caller passes both in document order, e.g. ``Pearl.all_citation_groups()``); a repeated key keeps
its number. :func:`resolve_references` gives, for each number, the reference, its formatted
forms and the ids of the in-text citations pointing at it: the one structure the site, the email
and the CLI render (with the templates in ``templates/references/``).

How a group of citations reads in the text is the style's :class:`~generator.bibliography.styles.
InText`: a numbered style cites numbers, ``2,5`` for separate ones, ``2-4`` for runs of three or
more and ``5(p33)`` for a locator ``[@key, p. 33]``; a style that does not number cites each
reference in its own (short) form, joined by ``; ``. The space before the editor's bracket is
dropped; then

* a superscript (AMA) goes after periods and commas and before colons and semicolons
  (``text [@a].`` → ``text.¹``); in plain text (email) a caret stands for it, ``text.^1,4``, which
  keeps AMA's punctuation rules where ``[1]`` would look like a stray bracket after a period;
* otherwise the label stands after a space between the style's brackets: ``text [1].``,
  `` (Mol Clin Oncol. 2019;10[2]:299; Respir Med Case Rep. …)``.

In HTML (``templates/references/in_text.html``) each number links to ``#ref-N`` and carries the
id ``cite-N-k`` (the k-th citation of reference N in the text) for the list's backlinks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, overload

from markupsafe import Markup

from generator.bibliography import (
    DEFAULT_STYLE,
    Bibliography,
    FormattedReference,
    Reference,
    citation_style,
    format_reference,
)
from generator.bibliography.render import markdown_escape, markdown_inert, markdown_inert_html
from generator.citations import Citation, CitationGroup
from generator.templates import shared_environment

#: Where the reference templates live (``templates/references/`` of the project checkout).
Format = Literal["html", "markdown", "text"]
_LIST_TEMPLATES = {"html": "list.html", "markdown": "list.md", "text": "list.txt"}
_MOVED_AFTER = ".,"
_MOVED_BEFORE = ":;"
_PAGE_LOCATOR = re.compile(r"^(pp?)\.?\s*", re.IGNORECASE)


@dataclass
class Numbering:
    """Reference numbers in order of first citation."""

    order: list[str] = field(default_factory=list)
    #: biblatex ``ids``: an alias has the number of the entry it names.
    aliases: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._numbers = {key: index for index, key in enumerate(self.order, start=1)}

    def number(self, key: str) -> int:
        """The number of a cited key or alias (``KeyError`` if it is not cited)."""
        return self._numbers[self.aliases.get(key, key)]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.aliases.get(key, key) in self._numbers

    def __len__(self) -> int:
        return len(self.order)


def number_citations(
    groups: Sequence[CitationGroup], aliases: Mapping[str, str] | None = None
) -> Numbering:
    """Number every cited key in order of first citation; repeats keep their number, and so
    does an ``ids`` alias of a key cited before (``aliases``: alias → key)."""
    aliases = dict(aliases or {})
    keys = (aliases.get(c.key, c.key) for group in groups for c in group.citations)
    return Numbering(list(dict.fromkeys(keys)), aliases)


@dataclass(frozen=True)
class ResolvedReference:
    """One numbered entry of a pearl's reference list."""

    number: int
    key: str
    reference: Reference | None
    formatted: FormattedReference | None
    backlinks: tuple[str, ...] = ()
    #: Cited by the pearl's algorithm (whose figure the list links back to as well).
    cited_in_algorithm: bool = False

    @property
    def anchor(self) -> str:
        """The id of the list item the in-text numbers link to."""
        return f"ref-{self.number}"


class ResolvedReferences(Sequence[ResolvedReference]):
    """A pearl's references in number order, with the numbering that produced them."""

    def __init__(self, numbering: Numbering, style: str, items: list[ResolvedReference]):
        self.numbering = numbering
        self.style = style
        self._items = items

    @overload
    def __getitem__(self, index: int) -> ResolvedReference: ...
    @overload
    def __getitem__(self, index: slice) -> list[ResolvedReference]: ...
    def __getitem__(self, index: int | slice) -> ResolvedReference | list[ResolvedReference]:
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[ResolvedReference]:
        return iter(self._items)

    def by_key(self, key: str) -> ResolvedReference:
        """The entry for a cited key."""
        return self._items[self.numbering.number(key) - 1]


def resolve_references(
    groups: Sequence[CitationGroup],
    bibliography: Bibliography,
    style: str = DEFAULT_STYLE,
    linked_groups: Sequence[CitationGroup] | None = None,
) -> ResolvedReferences:
    """Number ``groups`` and attach each number's reference, formatted forms and backlinks.

    ``linked_groups`` are the citations rendered with ids by :func:`render_in_text` (the body;
    default: all ``groups``); only those get backlinks, so every backlink has a target. Keys
    cited only by the other groups (the algorithm's) are marked ``cited_in_algorithm``.
    """
    numbering = number_citations(groups, bibliography.aliases)
    linked = groups if linked_groups is None else linked_groups
    backlinks: dict[int, list[str]] = {}
    for ids in _citation_ids(linked, numbering):
        for number, cite_id in ids:
            backlinks.setdefault(number, []).append(cite_id)
    linked_ids = {id(group) for group in linked}
    in_algorithm = {
        bibliography.aliases.get(citation.key, citation.key)
        for group in groups
        if id(group) not in linked_ids
        for citation in group.citations
    }
    return references_in_order(numbering, bibliography, style, backlinks, in_algorithm)


def references_in_order(
    numbering: Numbering,
    bibliography: Bibliography,
    style: str = DEFAULT_STYLE,
    backlinks: Mapping[int, Sequence[str]] | None = None,
    in_algorithm: Collection[str] = (),
) -> ResolvedReferences:
    """The references of ``numbering`` formatted in ``style``; unknown keys have no reference."""
    items = []
    for number, key in enumerate(numbering.order, start=1):
        reference = bibliography.get(key)
        formatted = format_reference(reference, style) if reference is not None else None
        links = tuple((backlinks or {}).get(number, ()))
        items.append(
            ResolvedReference(number, key, reference, formatted, links, key in in_algorithm)
        )
    return ResolvedReferences(numbering, style, items)


def cited_by(pearls_citations: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Site-wide "Cited by": each key with the slugs citing it, in the order pearls are given."""
    result: dict[str, list[str]] = {}
    for slug, keys in pearls_citations.items():
        for key in dict.fromkeys(keys):
            result.setdefault(key, []).append(slug)
    return result


def render_in_text(
    markdown: str,
    groups: Sequence[CitationGroup],
    numbering: Numbering,
    style: str = DEFAULT_STYLE,
    fmt: Format = "html",
    bibliography: Bibliography | None = None,
    root: Path | None = None,
) -> str:
    """The Markdown body with every citation group (by its offsets) replaced by its in-text form.

    ``fmt`` is ``html`` (the site), ``markdown`` (the email's text part, which Markdown reads
    before it becomes text: labels come Markdown-escaped) or ``text``. A style that does not
    number needs ``bibliography`` to format the references; ``root`` is the project, whose
    ``templates/references/`` overrides the packaged templates.
    """
    in_text = citation_style(style).in_text
    out: list[str] = []
    last = 0
    for group, ids in zip(groups, _citation_ids(groups, numbering), strict=True):
        before = _trim_space_before(markdown, last, group.start)
        out.append(markdown[last:before])
        after = group.end
        mark = _mark(group, numbering, ids, style, fmt, bibliography, root)
        if in_text.superscript:
            if out[-1] and out[-1][-1] in _MOVED_BEFORE:
                mark += out[-1][-1]
                out[-1] = out[-1][:-1]
            if after < len(markdown) and markdown[after] in _MOVED_AFTER:
                mark = markdown[after] + mark
                after += 1
        else:
            mark = " " + mark
        out.append(mark)
        last = after
    out.append(markdown[last:])
    return "".join(out)


def group_label(
    group: CitationGroup,
    numbering: Numbering,
    style: str = DEFAULT_STYLE,
    bibliography: Bibliography | None = None,
) -> str:
    """A group as plain text without markup: ``2,5``, ``[2-4]``, ``5(p33)`` or ``(Mol Clin …)``.

    For places that draw their own superscript (when the style's is one), such as the
    algorithm's boxes.
    """
    in_text = citation_style(style).in_text
    label = _label(group, numbering, style, "text", bibliography)
    return label if in_text.superscript else f"{in_text.open}{label}{in_text.close}"


def _label(
    group: CitationGroup,
    numbering: Numbering,
    style: str,
    form: Format,
    bibliography: Bibliography | None,
) -> str:
    """The group's numbers (a numbered style) or its references in the style, without marks."""
    if citation_style(style).numbered:
        own = markdown_escape if form == "markdown" else str  # the locator is the body's text
        return ",".join(_plain(item, own) for item in _items(group, numbering, []))
    return _cited_forms(group, style, bibliography, form)


def _cited_forms(
    group: CitationGroup, style: str, bibliography: Bibliography | None, form: Format = "text"
) -> str:
    """The citations of one group, each its reference formatted in ``style``, joined by ``; ``.

    ``form`` is ``text`` for the flowchart's boxes; in a body Markdown will read it is
    ``markdown`` (email text) or ``html`` (site), so a title's ``[x](…)`` stays text.
    """
    if bibliography is None:
        raise ValueError(f"the {style!r} style needs the bibliography")
    # The key and locator are the body's own text: Markdown reads what is made of them again.
    own = {"html": markdown_inert, "markdown": markdown_escape}.get(form, str)
    parts = []
    for citation in group.citations:
        reference = bibliography.get(citation.key)
        formatted = format_reference(reference, style) if reference else None
        if formatted is None:
            text = own(citation.key)
        elif form == "html":
            text = markdown_inert_html(formatted.html)  # "html" is for a body Markdown reads
        else:
            text = getattr(formatted, form)
        parts.append(f"{text}, {own(citation.locator)}" if citation.locator else text)
    return "; ".join(parts)


def render_reference_list(
    references: ResolvedReferences, fmt: Format = "html", root: Path | None = None
) -> str:
    """The numbered reference list in HTML, Markdown or text, from ``templates/references/``
    (the project's at ``root`` over the packaged ones)."""
    return (
        shared_environment(root)
        .get_template(f"references/{_LIST_TEMPLATES[fmt]}")
        .render(references=references)
    )


def _trim_space_before(text: str, start: int, end: int) -> int:
    """Where the text before a citation bracket ends once its spaces are dropped.

    A single line break goes too (the lines join), but never a paragraph break.
    """
    index = end
    while index > start and text[index - 1] in " \t":
        index -= 1
    if index > start and text[index - 1] == "\n":
        joined = index - 1
        while joined > start and text[joined - 1] in " \t":
            joined -= 1
        if joined > start and text[joined - 1] != "\n":
            return joined
    return index


def _citation_ids(
    groups: Sequence[CitationGroup], numbering: Numbering
) -> list[list[tuple[int, str]]]:
    """For each group, ``(number, id)`` per distinct cited number: ``cite-N-k``."""
    seen: dict[int, int] = {}
    result = []
    for group in groups:
        ids = []
        for number in sorted({numbering.number(c.key) for c in group.citations}):
            seen[number] = seen.get(number, 0) + 1
            ids.append((number, f"cite-{number}-{seen[number]}"))
        result.append(ids)
    return result


@dataclass(frozen=True)
class _Link:
    number: int
    id: str


@dataclass(frozen=True)
class _Item:
    """One comma-separated part of a superscript: a number, a run ``2-4``, or ``5(p33)``."""

    first: _Link
    last: _Link | None = None
    middle: tuple[str, ...] = ()
    locator: str | None = None


def _items(
    group: CitationGroup, numbering: Numbering, ids: list[tuple[int, str]]
) -> list[_Item]:
    id_of = dict(ids)
    located: dict[int, Citation] = {}
    for citation in group.citations:
        if citation.locator:
            located.setdefault(numbering.number(citation.key), citation)
    numbers = sorted({numbering.number(c.key) for c in group.citations})
    items: list[_Item] = []
    run: list[int] = []

    def link(number: int) -> _Link:
        return _Link(number, id_of.get(number, ""))

    def flush() -> None:
        if len(run) >= 3:
            middle = tuple(id_of.get(number, "") for number in run[1:-1])
            items.append(_Item(link(run[0]), link(run[-1]), middle))
        else:
            items.extend(_Item(link(number)) for number in run)
        run.clear()

    for number in numbers:
        if number in located:
            flush()
            items.append(_Item(link(number), locator=_locator(located[number].locator)))
        elif run and number != run[-1] + 1:
            flush()
            run.append(number)
        else:
            run.append(number)
    flush()
    return items


def _locator(locator: str | None) -> str | None:
    """``p. 33`` → ``p33``, ``pp. 12-15`` → ``pp12-15``; other locators as written."""
    return _PAGE_LOCATOR.sub(lambda m: m.group(1).lower(), locator) if locator else None


def _plain(item: _Item, own: Callable[[str], str] = str) -> str:
    text = str(item.first.number)
    if item.locator:
        text += f"({own(item.locator)})"
    if item.last:
        text += f"-{item.last.number}"
    return text


def _mark(
    group: CitationGroup,
    numbering: Numbering,
    ids: list[tuple[int, str]],
    style: str,
    fmt: Format,
    bibliography: Bibliography | None,
    root: Path | None,
) -> str:
    """One group's in-text form in ``fmt``, as the style declares it."""
    in_text = citation_style(style).in_text
    if fmt != "html":
        label = _label(group, numbering, style, fmt, bibliography)
        if in_text.superscript:
            return "^" + label
        mark = markdown_escape if fmt == "markdown" else str
        return f"{mark(in_text.open)}{label}{mark(in_text.close)}"
    numbered = citation_style(style).numbered
    template = shared_environment(root).get_template("references/in_text.html")
    return template.render(
        superscript=in_text.superscript,
        open=Markup(markdown_inert(in_text.open)),
        close=Markup(markdown_inert(in_text.close)),
        items=[
            replace(item, locator=Markup(markdown_inert(item.locator))) if item.locator else item
            for item in _items(group, numbering, ids)
        ]
        if numbered
        else None,
        label=None if numbered else Markup(_cited_forms(group, style, bibliography, "html")),
    )
