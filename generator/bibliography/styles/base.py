"""What the styles share: the :class:`CitationStyle` interface, and template nodes.

A citation style is one :class:`CitationStyle` subclass: it declares whether it numbers
references, how it cites them in the text (:class:`InText`), which fields each kind of entry
needs, and how it formats entries (pybtex's template language, one ``get_<kind>_template`` per
kind). Callers ask the style; nothing outside a style tests its name.

Template nodes read fields from a :class:`Reference`'s decoded cache.

pybtex's own ``field`` node decodes LaTeX on every call with latexcodec (slow, and it leaves
``\\textit`` and friends undecoded); these nodes read the reference's fields, decoded once by
pylatexenc, and raise :class:`FieldIsMissing` like ``field`` so ``optional[…]`` works as usual.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

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
_INITIALS = re.compile(r"^[A-Z]{1,4}$")


#: The kind each BibTeX/BibLaTeX entry type renders as; others are ``generic`` (or ``webpage``
#: when they are an online kind with a URL).
_KINDS = {
    "article": "article",
    "book": "book",
    "mvbook": "book",
    "incollection": "chapter",
    "inbook": "chapter",
    "inproceedings": "chapter",
    "report": "report",
    "techreport": "report",
}
_ONLINE_TYPES = frozenset({"online", "www", "electronic", "misc"})


@dataclass(frozen=True)
class InText:
    """How a style marks a group of citations in the text.

    Data for ``templates/references/in_text.html`` (the site) and for the plain text of the
    email: ``superscript`` raises the label, which then stands after periods and commas and
    before colons and semicolons (``text.¹``, ``^1`` in text); otherwise the label stands after
    a space between ``open`` and ``close`` (``text [1].``).
    """

    superscript: bool = False
    open: str = "["
    close: str = "]"


class CitationStyle(BaseStyle):
    """A citation style: all that differs between styles, asked for by every caller.

    ``numbered``: references are numbered in order of first citation and cited by number;
    otherwise each citation is the reference formatted by the style itself (an inline short form).
    ``required_fields``: per kind (see :meth:`kind`), the fields whose absence renders the entry
    partially; ``author`` is also met by an editor or an organisation.

    ``format_entry`` accepts a :class:`Reference` (decoded fields cached on it) or a plain
    pybtex :class:`~pybtex.database.Entry`, so a style also works through pybtex's own API, and
    never fails on an unknown type: its kind's template, else ``get_generic_template``.
    """

    numbered: ClassVar[bool] = True
    in_text: ClassVar[InText] = InText()
    required_fields: ClassVar[Mapping[str, tuple[str, ...]]] = {}

    def kind(self, reference: Reference) -> str:
        """What the entry renders as: article, book, chapter, webpage, report or generic."""
        kind = _KINDS.get(reference.type)
        if kind:
            return kind
        if reference.type in _ONLINE_TYPES and reference.raw("url") is not None:
            return "webpage"
        return "generic"

    def missing_fields(self, reference: Reference) -> list[str]:
        """The fields this style needs for the entry's kind that it lacks."""
        missing = []
        for name in self.required_fields.get(self.kind(reference), ()):
            if name == "author":
                has = bool(
                    reference.persons("author")
                    or reference.persons("editor")
                    or reference.raw("institution")
                )
            else:
                has = reference.raw(name) is not None
            if not has:
                missing.append(name)
        return missing

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
        kind = self.kind(reference)
        template = getattr(self, f"get_{kind}_template", self.get_generic_template)
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


def surname_initials(person: Person, most: int | None = None) -> str:
    """``Surname AB`` (initials without periods, at most ``most`` of them, lineage after);
    organisations as written."""
    given = [latex_to_text(name) for name in person.first_names + person.middle_names]
    initials = "".join(_initials(name) for name in given)[:most]
    lineage = latex_to_text(" ".join(person.lineage_names))
    return " ".join(part for part in (person_surname(person), initials, lineage) if part)


def _initials(name: str) -> str:
    """``Jean-Pierre`` → ``JP``; ``J.`` → ``J``; ``JMF`` (already initials) → ``JMF``."""
    name = name.replace(".", " ").strip()
    if _INITIALS.match(name):
        return name
    return "".join(part[0] for part in re.split(r"[\s-]+", name) if part)


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


@node
def edition(children: list, context: dict[str, Any]) -> Text:
    """``3`` → ``3rd ed``; words kept as written."""
    value = latex_to_text(reference_of(context).raw("edition") or "")
    if not value:
        raise FieldIsMissing("edition", context["entry"])
    if value.isdigit():
        number = int(value)
        suffix = (
            "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        )
        value = f"{number}{suffix}"
    return Text(value if value.endswith(("ed", "ed.")) else f"{value} ed")
