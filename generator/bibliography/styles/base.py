"""What the styles share: a base style formatting :class:`Reference` objects, and template nodes.

Template nodes read fields from a :class:`Reference`'s decoded cache.

pybtex's own ``field`` node decodes LaTeX on every call with latexcodec (slow, and it leaves
``\\textit`` and friends undecoded); these nodes read the reference's fields, decoded once by
pylatexenc, and raise :class:`FieldIsMissing` like ``field`` so ``optional[…]`` works as usual.
"""

from __future__ import annotations

import calendar
import re
from typing import Any

from pybtex.database import Entry, Person
from pybtex.richtext import HRef, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.template import FieldIsMissing, Node, node, optional, sentence

from generator import link_fields as links
from generator.bibliography.latex import latex_to_text
from generator.bibliography.loader import Reference
from generator.diagnostics import Position

_MONTHS = list(calendar.month_name)[1:]
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_DASHES = re.compile(r"\s*(?:-+|–|—)\s*")


class ReferenceStyle(BaseStyle):
    """A pybtex style whose templates are chosen by AMA kind, never failing on unknown types.

    ``format_entry`` accepts a :class:`Reference` (decoded fields cached on it) or a plain
    pybtex :class:`~pybtex.database.Entry`, so the style also works through pybtex's own API.
    """

    def format_entry(
        self, label: str, entry: Reference | Entry, bib_data: object = None
    ) -> FormattedEntry:
        reference = entry if isinstance(entry, Reference) else _as_reference(entry)
        context = {
            "entry": reference.entry,
            "reference": reference,
            "style": self,
            "bib_data": bib_data,
        }
        template = getattr(self, f"get_{reference.kind}_template", self.get_generic_template)
        return FormattedEntry(reference.key, template(reference).format_data(context), label)

    def get_generic_template(self, reference: Reference) -> Node:
        raise NotImplementedError


def _as_reference(entry: Entry) -> Reference:
    return Reference(entry.key or "", entry.type, entry, Position())


def element(*children: object) -> Node:
    """One element of a reference ended by a period, left out when its fields are missing."""
    return optional[sentence(sep="")[children]]


def reference_of(context: dict[str, Any]) -> Reference:
    """The reference being formatted."""
    return context["reference"]


def require(context: dict[str, Any], name: str) -> Text:
    """A decoded field, or :class:`FieldIsMissing` so an enclosing ``optional`` drops it."""
    value = reference_of(context).field(name)
    if value is None:
        raise FieldIsMissing(name, context["entry"])
    return value


@node
def ref_field(children: list, context: dict[str, Any], name: str) -> Text:
    """A field of the reference, decoded from LaTeX."""
    return require(context, name)


@node
def first_field(children: list, context: dict[str, Any], *names: str) -> Text:
    """The first of several alternative fields that is present (e.g. shortjournal, journal)."""
    for name in names:
        value = reference_of(context).field(name)
        if value is not None:
            return value
    raise FieldIsMissing(names[0], context["entry"])


def page_range(reference: Reference) -> str | None:
    """The pages with a plain hyphen (``380--387`` → ``380-387``); e-locators as written."""
    raw = reference.raw("pages")
    return _DASHES.sub("-", latex_to_text(raw)).strip("-") if raw else None


def first_page(reference: Reference) -> str | None:
    """The first page or e-locator (``299-303`` → ``299``)."""
    pages = page_range(reference)
    return pages.split("-")[0] if pages else None


@node
def journal_issue(
    children: list, context: dict[str, Any], brackets: str = "()", first_only: bool = False
) -> Text:
    """``Year;Vol(Issue):pages`` with only the parts known, never dangling ``;`` or ``:``."""
    reference = reference_of(context)
    year, volume, number = (reference.field(name) for name in ("year", "volume", "number"))
    pages = first_page(reference) if first_only else page_range(reference)
    locator = Text(volume or "")
    if number is not None:
        locator = Text(locator, brackets[0], number, brackets[1])
    text = Text(year or "")
    if locator:
        text = Text(text, ";", locator) if text else locator
    if pages:
        text = Text(text, ":", pages) if text else Text(pages)
    if not text:
        raise FieldIsMissing("year", context["entry"])
    return text


def person_surname(person: Person) -> str:
    """Prefix and surname as one string (``van der Berg``), LaTeX decoded, braces gone."""
    return latex_to_text(" ".join(person.prelast_names + person.last_names))


def is_others(person: Person) -> bool:
    """BibTeX's ``and others``: the list goes on beyond the names given."""
    return person.last_names == ["others"] and not person.first_names


def format_date(value: str) -> str:
    """An ISO date as AMA writes it: ``2019-03-01`` → ``March 1, 2019``; others as written."""
    match = _ISO_DATE.match(value)
    if not match or not match.group(2) or not 1 <= int(match.group(2)) <= 12:
        return value
    month = _MONTHS[int(match.group(2)) - 1]
    if match.group(3):
        return f"{month} {int(match.group(3))}, {match.group(1)}"
    return f"{month} {match.group(1)}"


def publication_date(reference: Reference) -> str | None:
    """The date published: BibLaTeX ``date``, else ``month``/``day`` and ``year``."""
    date = reference.raw("date")
    if date:
        return format_date(latex_to_text(date))
    year = reference.raw("year")
    month = reference.raw("month")
    if not year:
        return None
    if not month:
        return year
    month_text = latex_to_text(month)
    if month_text.isdigit() and 1 <= int(month_text) <= 12:
        month_text = _MONTHS[int(month_text) - 1]
    day = reference.raw("day")
    return f"{month_text} {day}, {year}" if day else f"{month_text} {year}"


def doi_link(doi: str) -> HRef:
    """``doi:10.x/y`` linked to its resolver (``doi`` as :meth:`Reference.doi` validated it)."""
    return HRef(links.doi_url(doi), f"doi:{doi}")


def url_link(url: str) -> HRef:
    """A URL (validated by :meth:`Reference.raw`) shown as itself and linked."""
    return HRef(url, url)


def pubmed_links(reference: Reference) -> list[Text]:
    """``PMID: n`` and ``PMCID: PMCn`` linked to PubMed and PubMed Central."""
    found = []
    pmid = reference.raw("pmid")
    if pmid:
        found.append(Text("PMID: ", HRef(links.pubmed_url(pmid), pmid)))
    pmcid = reference.raw("pmcid")
    if pmcid:
        found.append(Text("PMCID: ", HRef(links.pmc_url(pmcid), pmcid)))
    return found
