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
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from pybtex.database import Entry, Person
from pybtex.richtext import HRef, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.template import FieldIsMissing, Node, node, optional, sentence

from generator import link_fields as links
from generator.bibliography.latex import latex_to_rich, latex_to_text
from generator.bibliography.loader import Reference
from generator.bibliography.titles import AS_WRITTEN, SENTENCE, sentence_case
from generator.diagnostics import Position

_MONTHS = list(calendar.month_name)[1:]
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_DASHES = re.compile(r"\s*(?:-+|–|—)\s*")
_INITIALS = re.compile(r"^[A-Z]{1,4}$")
_VOWELS = re.compile(r"[AEIOUY]")
_CASED = frozenset({"Lu", "Ll", "Lt"})
_RANGE = re.compile(r"\b(\d+)-(\d+)\b")
#: A period ending an abbreviated word of a journal title (``Am. J.`` → ``Am J``).
_ABBREVIATION_PERIOD = re.compile(r"\.(?=[\s\u00a0]|$)")
_ORDINAL_WORDS = {
    word: number
    for number, word in enumerate(
        ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
         "tenth"),
        start=1,
    )
}  # fmt: skip
_EDITION = re.compile(r"^(\d+)(?:st|nd|rd|th)?\.?(?:\s+(?:edition|ed\.?))?$", re.IGNORECASE)


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
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "manual": "book",
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
    #: How article and chapter titles are cased unless the project's ``title_case`` says
    #: otherwise: ``as-written`` or ``sentence`` (:mod:`generator.bibliography.titles`).
    title_case: ClassVar[str] = AS_WRITTEN
    #: What follows a list of editors: for one, for several.
    editor_labels: ClassVar[tuple[str, str]] = ("ed", "eds")
    #: What stands for the date a reader accessed a web page they cite (``Accessed [date].``);
    #: the copy button of "Cite this pearl" (``templates/site/assets/pearls.js``) puts today's
    #: date in its place for the built-in styles' placeholders.
    accessed_placeholder: ClassVar[str] = "[date]"

    def name_list(self, people: list[Person]) -> str:
        """The people as the style lists them (``Surname AB, …, et al``)."""
        raise NotImplementedError

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
def article_title(children: list, context: dict[str, Any]) -> Text:
    """An article's or chapter's title, in sentence case when the project (or else the style)
    asks for it."""
    reference = reference_of(context)
    mode = reference.title_case or context["style"].title_case
    raw = reference.raw("title")
    if mode == SENTENCE and raw:
        return latex_to_rich(sentence_case(raw)) or require(context, "title")
    return require(context, "title")


def journal_abbreviation(name: str) -> str:
    """A journal title as NLM abbreviates it, without periods (``Am. J. Epidemiol.`` →
    ``Am J Epidemiol``; ``U.S.A.`` → ``U S A``)."""
    name = re.sub(r"\.(?=[^\W\d_])", " ", name)
    return " ".join(_ABBREVIATION_PERIOD.sub("", name).split())


@node
def journal(children: list, context: dict[str, Any]) -> Text:
    """The journal, abbreviated (``shortjournal``, ``journal_abbrev``) when the entry says how,
    without periods (AMA 11 §3.11.5, NLM)."""
    reference = reference_of(context)
    for name in ("shortjournal", "journal_abbrev", "journal"):
        value = reference.field(name)
        if value is not None:
            return Text(journal_abbreviation(str(value)))
    raise FieldIsMissing("journal", context["entry"])


def online_first(reference: Reference) -> bool:
    """An article published online ahead of print: a DOI, and neither volume nor pages."""
    return bool(
        reference.doi() and reference.raw("volume") is None and reference.raw("pages") is None
    )


@node
def first_field(children: list, context: dict[str, Any], *names: str) -> Text:
    """The first of several alternative fields that is present (e.g. shortjournal, journal)."""
    for name in names:
        value = reference_of(context).field(name)
        if value is not None:
            return value
    raise FieldIsMissing(names[0], context["entry"])


def page_range(reference: Reference) -> str | None:
    """The pages with a plain hyphen, in full (``1257--65`` → ``1257-1265``, AMA 11 §3.13.2);
    e-locators as written."""
    raw = reference.raw("pages") or reference.raw("eid")  # biblatex's article number
    if raw is None:
        return None
    return inclusive_pages(latex_to_text(raw)) or None


def inclusive_pages(pages: str) -> str:
    """Pages with a plain hyphen, ranges in full (``1257--65`` → ``1257-1265``, AMA 11 §3.13.2);
    e-locators as written."""
    return _RANGE.sub(_full_range, _DASHES.sub("-", pages).strip("-"))


def _full_range(match: re.Match[str]) -> str:
    """``1257-65`` → ``1257-1265``: an end page shorter than the first takes its first digits."""
    first, last = match.groups()
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return f"{first}-{last}"


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
    """Prefix and surname as one string (``van der Berg``), LaTeX decoded, braces gone; a
    surname written in capitals (``LAIRD``) as a name (``Laird``)."""
    surname = latex_to_text(" ".join(person.prelast_names + person.last_names))
    return _proper(surname) if _shouting(person) else surname


def _shouting(person: Person) -> bool:
    """A surname typed in capitals (``LAIRD, NAN M.``), not braced as written (``{WHO}``)."""
    last = " ".join(person.last_names)
    letters = [char for char in last if char.isalpha()]
    return len(letters) > 1 and last.isupper() and not last.startswith("{")


def _proper(name: str) -> str:
    """``O'BRIEN-SMITH`` → ``O'Brien-Smith``."""
    return re.sub(r"[^\W\d_]+", lambda word: word.group().capitalize(), name.lower())


def surname_initials(person: Person, most: int | None = None) -> str:
    """``Surname AB`` (initials without periods, at most ``most`` of them, lineage after without
    its period: ``Jr``, AMA 11 §3.5); organisations as written."""
    given = [latex_to_text(name) for name in person.first_names + person.middle_names]
    shouting = _shouting(person)
    initials = "".join(_initials(name, shouting) for name in given)[:most]
    lineage = latex_to_text(" ".join(person.lineage_names)).rstrip(".")
    return " ".join(part for part in (person_surname(person), initials, lineage) if part)


def _initials(name: str, shouting: bool = False) -> str:
    """``Jean-Pierre`` → ``JP``; ``J.`` → ``J``; ``JMF`` (already initials) → ``JMF``; in a
    name typed in capitals, a given name with a vowel (``NAN``) → ``N``."""
    name = name.replace(".", " ").strip()
    if _INITIALS.match(name) and not (shouting and len(name) > 2 and _VOWELS.search(name)):
        return name
    parts = (_first_letter(part) for part in re.split(r"[\s-]+", name))
    return "".join(letter.upper() for letter in parts if letter)


def _first_letter(part: str) -> str:
    """A name's first cased letter: ``ʿAlī`` → ``A`` (a modifier letter is no initial)."""
    return next((char for char in part if unicodedata.category(char) in _CASED), "")


def is_others(person: Person) -> bool:
    """BibTeX's ``and others``: the list goes on beyond the names given."""
    return person.last_names == ["others"] and not person.first_names


@node
def names(children: list, context: dict[str, Any], role: str, as_editors: bool = False) -> Text:
    """The people in ``role`` as the style lists them; editors end with its editor label."""
    people = reference_of(context).persons(role)
    if not any(not is_others(person) for person in people):
        raise FieldIsMissing(role, context["entry"])
    style = context["style"]
    text = style.name_list(people)
    if as_editors:
        text += ", " + style.editor_labels[len(people) > 1]
    return Text(text)


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


def ordinal(number: int) -> str:
    """``2`` → ``2nd``, ``11`` → ``11th``."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


@node
def edition(children: list, context: dict[str, Any]) -> Text:
    """``3``, ``3rd``, ``Third`` or ``3rd edition`` → ``3rd ed`` (AMA 11 §3.12.6); other words
    kept as written (``Revised edition`` → ``Revised ed``)."""
    value = latex_to_text(reference_of(context).raw("edition") or "").strip().rstrip(".")
    if not value:
        raise FieldIsMissing("edition", context["entry"])
    words = value.split()
    if words[0].lower() in _ORDINAL_WORDS:
        words[0] = str(_ORDINAL_WORDS[words[0].lower()])
    value = " ".join(words)
    match = _EDITION.match(value)
    if match:
        return Text(f"{ordinal(int(match.group(1)))} ed")
    value = re.sub(r"\s+(?:edition|ed)$", "", value, flags=re.IGNORECASE)
    return Text(f"{value} ed")
