"""Vancouver: NLM *Citing Medicine*, 2nd edition, as ICMJE journals use it (style ``vancouver``).

In text: superscript numbers in order of first citation, as AMA places them (``text.¹``,
``²⁻⁴``). ICMJE asks for references numbered in order of first mention and identified in the text
by Arabic numerals, leaving their form to the journal (its own wording: in parentheses; square
brackets and superscripts are as common, superscripts in most of the large ICMJE journals).
Superscripts are chosen because in the plain-text email bracketed numbers would read as the
email's own numbered links (``[1]  https://…``), and the site and the email then cite alike in
every numbered style this package ships. A style wanting brackets declares
``InText(open="[", close="]")``.

In the list (each rule cited as Citing Medicine chapter and element; "ICMJE samples" is NLM's
page of sample references for ICMJE authors):
``Perry JJ, Stiell IG, Sivilotti ML, Bullard MJ, Lee JS, Eisenhauer M, et al. Title. BMJ.
2010;341:c5204. doi: 10.1136/bmj.c5204.``

* surname and at most two initials, without periods (ch. 1A, Author);
* more than six authors: the first six and "et al." (ICMJE samples; ch. 1A, Author, on
  limiting the number of names);
* the journal abbreviation without periods or italics (ch. 1A, Journal title);
* the date as ``Year Mon Day``, months in three letters (ch. 1A, Date of publication);
* the ending page number without the digits it repeats, ``1257-65``, unless letters are part of
  it (ch. 1A, Location (pagination));
* books ``Place: Publisher; Year.`` (ch. 2A); parts of books ``In: Editor, editor. Book. Place:
  Publisher; Year. p. 1-9.`` (ch. 2, contributions to books); reports ``… Report No.: n.``
  (ch. 4); web pages ``Title [Internet]. … [cited Year Mon Day]. Available from: URL`` (ch. 25).

Titles stay as written (this tool changes no case). DOI, PMID and PMCID end a reference as
PubMed's own NLM citations write them. A missing element is left out whole.
"""

from __future__ import annotations

import calendar
import re
from typing import Any

from pybtex.database import Person
from pybtex.richtext import HRef, Text
from pybtex.style.template import FieldIsMissing, Node, first_of, join, node, optional

from generator import link_fields as links
from generator.bibliography.latex import latex_to_text
from generator.bibliography.loader import Reference
from generator.bibliography.styles.base import (
    CitationStyle,
    InText,
    article_title,
    edition,
    element,
    first_field,
    is_others,
    journal,
    names,
    page_range,
    pubmed_links,
    ref_field,
    reference_of,
    require,
    surname_initials,
    url_link,
)

#: More authors than this are cut to the first six and "et al." (ICMJE sample references).
MAX_AUTHORS = 6
#: Given and middle names become at most two initials (ch. 1A, Author).
MAX_INITIALS = 2
_MONTHS = [name[:3] for name in calendar.month_name[1:]]
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
_DIGIT_RANGE = re.compile(r"^(\d+)-(\d+)$")


def name_list(people: list[Person]) -> str:
    """Names per Citing Medicine: all if 6 or fewer, else the first 6 and "et al" (ICMJE
    samples); ``Surname AB``."""
    shown = [person for person in people if not is_others(person)]
    cut = len(shown) < len(people) or len(shown) > MAX_AUTHORS
    names = [surname_initials(person, MAX_INITIALS) for person in shown[:MAX_AUTHORS]]
    return ", ".join(names + ["et al"] if cut else names)


def short_pages(pages: str) -> str:
    """``1257-1265`` → ``1257-65``: the end page without the leading digits it repeats
    (ch. 1A, Location (pagination)); ranges holding letters stay whole."""
    match = _DIGIT_RANGE.match(pages)
    if not match or len(match.group(1)) != len(match.group(2)):
        return pages
    first, last = match.groups()
    same = 0
    while same < len(last) - 1 and first[same] == last[same]:
        same += 1
    return f"{first}-{last[same:]}"


def _month(value: str) -> str:
    """``7``, ``jul`` or ``July`` → ``Jul`` (ch. 1A, Date of publication); others as written."""
    value = latex_to_text(value).strip()
    if value.isdigit() and 1 <= int(value) <= 12:
        return _MONTHS[int(value) - 1]
    return value[:3].title() if value[:3].title() in _MONTHS else value


def cm_date(reference: Reference) -> str | None:
    """The date published as ``2011 Jul 18``, ``2011 Jul`` or ``2011`` (ch. 1A, Date)."""
    raw = reference.raw("date")
    match = _ISO_DATE.match(latex_to_text(raw)) if raw else None
    if match:
        year, month, day = match.groups()
    else:
        year, month, day = reference.raw("year"), reference.raw("month"), reference.raw("day")
    if not year:
        return None
    parts = [latex_to_text(year)]
    if month:
        parts.append(_month(month))
        if day:
            parts.append(str(int(day)) if day.isdigit() else day)
    return " ".join(parts)


def _cited(reference: Reference) -> str | None:
    """``2019 Mar 1`` from ``urldate`` (ch. 25, Date of citation), else as written."""
    raw = reference.raw("urldate")
    if not raw:
        return None
    match = _ISO_DATE.match(latex_to_text(raw))
    if not match:
        return latex_to_text(raw)
    year, month, day = match.groups()
    parts = [year] + ([_month(month)] if month else []) + ([str(int(day))] if month and day else [])
    return " ".join(parts)



@node
def journal_date(children: list, context: dict[str, Any]) -> Text:
    """``2011 Jul 18;343(2):d4277``: whatever of date, volume, issue and pages is known."""
    reference = reference_of(context)
    date = cm_date(reference)
    volume, number = reference.field("volume"), reference.field("number")
    pages = page_range(reference)
    locator = Text(volume or "")
    if number is not None:
        locator = Text(locator, "(", number, ")")
    text = Text(date or "")
    if locator:
        text = Text(text, ";", locator) if text else locator
    if pages:
        text = Text(text, ":", short_pages(pages)) if text else Text(short_pages(pages))
    if not text:
        raise FieldIsMissing("year", context["entry"])
    return text


@node
def publication(
    children: list, context: dict[str, Any], *publishers: str, cited: bool = False
) -> Text:
    """``Place: Publisher; Year`` (ch. 2A, Place, Publisher and Date of publication), with
    `` [cited 2019 Mar 1]`` for a web page (ch. 25); the first of ``publishers`` present (default
    ``publisher``); whatever of it is known."""
    reference = reference_of(context)
    place = reference.field("address")
    name = next(filter(None, map(reference.field, publishers or ("publisher",))), None)
    date = cm_date(reference)
    text = Text(place, ": ", name) if place and name else Text(place or name or "")
    if date:
        text = Text(text, "; ", date) if text else Text(date)
    cited_on = _cited(reference) if cited else None
    if cited_on:
        text = Text(text, f" [cited {cited_on}]") if text else Text(f"[cited {cited_on}]")
    if not text:
        raise FieldIsMissing("year", context["entry"])
    return text


@node
def in_book(children: list, context: dict[str, Any]) -> Text:
    """``In: Editor A, editor. Book title`` for a chapter (ch. 2, contributions to books)."""
    editors = optional[names("editor", as_editors=True)].format_data(context)
    title = optional[ref_field("booktitle")].format_data(context)
    if not title:
        raise FieldIsMissing("booktitle", context["entry"])
    return Text("In: ", editors.add_period(), " ", title) if editors else Text("In: ", title)


@node
def chapter_pages(children: list, context: dict[str, Any]) -> Text:
    """``p. 585-606`` (ch. 2, contributions to books: Location (pagination))."""
    pages = page_range(reference_of(context))
    if not pages:
        raise FieldIsMissing("pages", context["entry"])
    return Text(f"p. {short_pages(pages)}")


@node
def report_number(children: list, context: dict[str, Any]) -> Text:
    """``Report No.: 2011-1232`` (ch. 4, Report number)."""
    return Text("Report No.: ", require(context, "number"))


@node
def web_title(children: list, context: dict[str, Any]) -> Text:
    """``Title [Internet]`` (ch. 25, Type of medium)."""
    return Text(require(context, "title"), " [Internet]")


@node
def available(children: list, context: dict[str, Any]) -> Text:
    """``Available from: URL``, with no period after it (ch. 25, Location (URL))."""
    return Text("Available from: ", url_link(str(require(context, "url"))))


@node
def identifiers(children: list, context: dict[str, Any]) -> Text:
    """``doi: 10.x/y. PMID: n; PMCID: PMCn.`` — or ``Available from: URL`` without a DOI."""
    reference = reference_of(context)
    doi = reference.doi()
    parts = []
    if doi:
        parts.append(Text("doi: ", HRef(links.doi_url(doi), doi)).add_period())
    elif reference.raw("url"):
        parts.append(Text("Available from: ", url_link(reference.raw("url") or "")))
    pubmed = pubmed_links(reference)
    if pubmed:
        parts.append(Text("; ").join(pubmed).add_period())
    return Text(" ").join(parts) if parts else Text()


_AUTHORS = first_of[optional[names("author")], optional[names("editor", as_editors=True)]]


class VancouverStyle(CitationStyle):
    """NLM Citing Medicine (Vancouver): superscript numbers in the text, the entries above."""

    in_text = InText(superscript=True, open="", close="")
    required_fields = {
        "article": ("author", "title", "journal", "year", "volume", "pages"),
        "book": ("author", "title", "address", "publisher", "year"),
        "chapter": ("author", "title", "booktitle", "address", "publisher", "year", "pages"),
        "webpage": ("title", "url", "urldate"),
        "report": ("author", "title", "address", "institution", "year"),
        "generic": ("author", "title", "year"),
    }
    editor_labels = ("editor", "editors")
    accessed_placeholder = "YYYY Mon DD"

    def name_list(self, people: list[Person]) -> str:
        return name_list(people)

    def get_article_template(self, reference: Reference) -> Node:
        return join(sep=" ")[
            element(names("author")),
            element(article_title),
            element(journal),
            element(journal_date),
            identifiers,
        ]

    def get_book_template(self, reference: Reference) -> Node:
        return join(sep=" ")[
            element(_AUTHORS),
            element(ref_field("title")),
            element(edition),
            element(publication),
            identifiers,
        ]

    def get_chapter_template(self, reference: Reference) -> Node:
        return join(sep=" ")[
            element(names("author")),
            element(article_title),
            element(in_book),
            element(edition),
            element(publication),
            element(chapter_pages),
            identifiers,
        ]

    def get_webpage_template(self, reference: Reference) -> Node:
        return join(sep=" ")[
            element(_AUTHORS),
            element(web_title),
            element(publication("organization", "publisher", cited=True)),
            optional[available],
        ]

    def get_report_template(self, reference: Reference) -> Node:
        return join(sep=" ")[
            element(_AUTHORS),
            element(ref_field("title")),
            element(publication("institution")),
            element(report_number),
            identifiers,
        ]

    def get_generic_template(self, reference: Reference) -> Node:
        return join(sep=" ")[
            element(_AUTHORS),
            element(ref_field("title")),
            element(first_field("journal", "booktitle", "howpublished", "publisher")),
            element(publication),
            identifiers,
        ]
