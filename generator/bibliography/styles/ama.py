"""AMA Manual of Style, 11th edition (style ``ama``, the default).

In text: superscript numbers in order of first citation (AMA 3.6). In the list:

``Rodrigues DM, Cunha Machado DP, Campainha Fernandes SA, et al. Title. Mol Clin Oncol.
2019;10(2):299-303. doi:10.x/y`` — all authors when 6 or fewer, else the first 3 and "et al"
(BibTeX ``and others`` counts as more than 6); initials without periods, names typed in capitals
as names, ``Jr`` without period (§3.5); corporate authors whole; titles as written unless the
project sets ``title_case: sentence`` (§3.9); the journal abbreviation in italics, without
periods (§3.11.5); full page ranges with a hyphen (§3.13.2); an article published online ahead
of print (a DOI, no volume or pages) as ``Published online May 17, 2023.`` (§3.11.3); ordinal
editions (``2nd ed.``, §3.12.6); identifiers (DOI, PMID, PMCID) linked, with no final period.
An element whose fields are missing is left out whole, so partial entries never show ``. .``
or ``;:``.
"""

from __future__ import annotations

from typing import Any

from pybtex.database import Person
from pybtex.richtext import Text
from pybtex.style.template import FieldIsMissing, Node, first_of, join, node, optional, tag

from generator.bibliography.latex import latex_to_text
from generator.bibliography.loader import Reference
from generator.bibliography.styles.base import (
    CitationStyle,
    InText,
    article_title,
    doi_link,
    edition,
    element,
    first_field,
    format_date,
    is_others,
    journal,
    journal_issue,
    names,
    online_first,
    page_range,
    publication_date,
    pubmed_links,
    ref_field,
    reference_of,
    require,
    surname_initials,
    url_link,
)

#: biblatex's localisation keys for ``type`` in a report, as words.
REPORT_TYPES = {"techreport": "Technical report", "resreport": "Research report"}
#: More authors than this are cut to the first :data:`SHOWN_WHEN_CUT` and "et al".
MAX_AUTHORS = 6
SHOWN_WHEN_CUT = 3


def ama_name_list(people: list[Person]) -> str:
    """Names per AMA: all if 6 or fewer, else the first 3 and "et al"."""
    shown = [person for person in people if not is_others(person)]
    cut = len(shown) < len(people) or len(shown) > MAX_AUTHORS
    if cut:
        shown = shown[:SHOWN_WHEN_CUT]
    names = [surname_initials(person) for person in shown]
    return ", ".join(names + ["et al"] if cut else names)



@node
def identifiers(children: list, context: dict[str, Any]) -> Text:
    """``doi:10.x/y`` (or the URL when there is no DOI), then PMID and PMCID, all linked."""
    reference = reference_of(context)
    doi = reference.doi()
    parts = [doi_link(doi)] if doi else []
    if not doi and reference.raw("url"):
        parts.append(url_link(reference.raw("url") or ""))
    parts.extend(pubmed_links(reference))
    return Text("; ").join(parts) if parts else Text()


@node
def publisher_year(
    children: list, context: dict[str, Any], publisher: str = "publisher", pages: bool = False
) -> Text:
    """``Publisher; Year`` with ``:pages`` for a chapter; whatever of it is known."""
    reference = reference_of(context)
    name, year = reference.field(publisher), reference.field("year")
    text = Text(name, "; ", year) if name and year else Text(name or year or "")
    page_text = page_range(reference) if pages else None
    if page_text:
        text = Text(text, ":", page_text) if text else Text(page_text)
    if not text:
        raise FieldIsMissing("year", context["entry"])
    return text


@node
def in_book(children: list, context: dict[str, Any]) -> Text:
    """``In: Editor A, ed. Book Title.`` for a chapter."""
    editors = optional[names("editor", as_editors=True)].format_data(context)
    title = optional[tag("i")[ref_field("booktitle")]].format_data(context)
    parts = [part.add_period() for part in (editors, title) if part]
    if not parts:
        raise FieldIsMissing("booktitle", context["entry"])
    return Text("In: ", Text(" ").join(parts))


@node
def dated(children: list, context: dict[str, Any], label: str, name: str) -> Text:
    """``Published March 1, 2019`` / ``Accessed March 1, 2019``."""
    reference = reference_of(context)
    if name == "date":
        value = publication_date(reference)
    else:
        raw = reference.raw(name)
        value = format_date(latex_to_text(raw)) if raw else None
    if not value:
        raise FieldIsMissing(name, context["entry"])
    return Text(f"{label} {value}" if label else value)


@node
def report_number(children: list, context: dict[str, Any]) -> Text:
    """``Report 12``: the report type (if given; biblatex's keys in words) and number."""
    number = require(context, "number")
    kind = reference_of(context).field("type")
    if kind is not None:
        kind = Text(REPORT_TYPES.get(str(kind), str(kind)))
    return Text(kind, " ", number) if kind else number


_AUTHORS = first_of[optional[names("author")], optional[names("editor", as_editors=True)]]
_SITE = first_field("organization", "publisher", "howpublished", "journal")


class AmaStyle(CitationStyle):
    """AMA 11th edition: superscript numbers in the text, the entries below in the list."""

    in_text = InText(superscript=True, open="", close="")
    required_fields = {
        "article": ("author", "title", "journal", "year", "volume", "pages"),
        "book": ("author", "title", "publisher", "year"),
        "chapter": ("author", "title", "booktitle", "publisher", "year", "pages"),
        "webpage": ("title", "url", "urldate"),
        "report": ("author", "title", "institution", "year"),
        "generic": ("author", "title", "year"),
    }

    def name_list(self, people: list[Person]) -> str:
        return ama_name_list(people)

    def get_article_template(self, reference: Reference) -> Node:
        published = (
            dated("Published online", "date") if online_first(reference) else journal_issue
        )
        return join(sep=" ")[
            element(names("author")),
            element(article_title),
            element(tag("i")[journal]),
            element(published),
            identifiers,
        ]

    def get_book_template(self, reference: Reference) -> Node:
        return join(sep=" ")[
            element(_AUTHORS),
            element(tag("i")[ref_field("title")]),
            element(edition),
            element(publisher_year),
            identifiers,
        ]

    def get_chapter_template(self, reference: Reference) -> Node:
        return join(sep=" ")[
            element(names("author")),
            element(article_title),
            optional[in_book],
            element(edition),
            element(publisher_year(pages=True)),
            identifiers,
        ]

    def get_webpage_template(self, reference: Reference) -> Node:
        return join(sep=" ")[
            element(_AUTHORS),
            element(ref_field("title")),
            element(_SITE),
            element(dated("Published", "date")),
            element(dated("Accessed", "urldate")),
            identifiers,
        ]

    def get_report_template(self, reference: Reference) -> Node:
        return join(sep=" ")[
            element(_AUTHORS),
            element(tag("i")[ref_field("title")]),
            element(publisher_year(publisher="institution")),
            element(report_number),
            identifiers,
        ]

    def get_generic_template(self, reference: Reference) -> Node:
        return join(sep=" ")[
            element(_AUTHORS),
            element(ref_field("title")),
            element(first_field("journal", "booktitle", "howpublished", "publisher")),
            element(dated("", "date")),
            identifiers,
        ]
