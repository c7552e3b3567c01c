"""Citing a pearl: its citation in the site's style, its downloads, and the metadata in its head.

The pearl is one BibTeX ``@online`` entry (:meth:`PearlCitation.entry`): the citation on its
page is that entry formatted by the configured
:class:`~generator.bibliography.styles.CitationStyle` (so AMA, Vancouver and the short style each
cite it their way), and the BibTeX download is the same entry written out. RIS (by ``rispy``)
and CSL-JSON carry the same fields. The page's head carries them for reference managers and
Google Scholar (Highwire Press ``citation_*``), search engines (schema.org JSON-LD,
:func:`json_ld`) and link previews (Open Graph, Twitter cards), rendered by
``templates/site/_head.html.j2``. Only visible pearls get any of it (:mod:`generator.site.model`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import rispy
from pybtex.database import Entry, Person

from generator import evidence
from generator.bibliography import FormattedReference, format_reference
from generator.bibliography.intake.records import latex_escape
from generator.bibliography.loader import Reference
from generator.bibliography.styles import citation_style
from generator.config import Settings
from generator.content.model import Pearl, Topic
from generator.diagnostics import Position
from generator.link_fields import doi_url
from generator.sanitize import UNPRINTABLE

#: A word that makes an author a group (cited whole), not a person (``Surname, Given``).
_GROUP_WORDS = frozenset(
    {"team", "group", "committee", "society", "college", "association", "board", "department",
     "editors", "editorial", "staff", "collaboration", "collaborative", "consortium", "network",
     "council", "institute", "foundation", "service", "services", "hospital", "university",
     "news", "journal", "magazine", "press", "agency", "organization", "organisation", "centre",
     "center", "clinic", "program", "programme", "unit", "trust", "alliance", "academy",
     "federation", "ministry", "writers", "authors", "contributors"}
)  # fmt: skip


#: A hyphen followed by another, which LaTeX would join into a dash.
_DASHES = re.compile(r"-(?=-)")


@dataclass(frozen=True)
class Author:
    """An author as written, and read as BibTeX reads a name: ``family`` None for a group."""

    name: str
    family: str | None
    given: str = ""

    @property
    def bibtex(self) -> str:
        """The name as a BibTeX ``author`` list item, each part braced: read as this reads it,
        never split at an ``and`` inside it."""
        if self.family is None:
            return "{" + _latex(self.name) + "}"
        family = "{" + _latex(self.family) + "}"
        return f"{family}, {{{_latex(self.given)}}}" if self.given else family

    @property
    def ris(self) -> str:
        """``Family, Given`` as RIS writes a name, or the group's name."""
        if self.family is None:
            return self.name
        return f"{self.family}, {self.given}" if self.given else self.family


def read_author(written: str) -> Author:
    """``Doe, Jane`` or ``Jane van der Doe`` read as BibTeX reads them (the family name before
    the comma, else the last word with any lowercase particles before it); a name holding a word
    such as Team or Committee is a group, cited whole. Degrees after a comma (``Jane Doe, MD``)
    are not told from given names: write names without them."""
    name = " ".join(written.split())
    if _GROUP_WORDS & {word.strip(".,()").casefold() for word in name.split()}:
        return Author(name, None)
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return Author(name, family, given)
    words = name.split()
    start = next((i for i in range(1, len(words) - 1) if words[i][:1].islower()), len(words) - 1)
    return Author(name, " ".join(words[start:]), " ".join(words[:start]))


@dataclass(frozen=True)
class PearlCitation:
    """One pearl as a citable web page of the site at ``url``."""

    pearl: Pearl
    settings: Settings
    url: str

    @property
    def authors(self) -> list[Author]:
        return [read_author(_plain(name)) for name in self.pearl.authors]

    def fields(self, accessed: str | None = None) -> dict[str, str]:
        """The pearl's BibTeX fields, LaTeX-escaped (``accessed``: a ``urldate`` to show)."""
        pearl = self.pearl
        fields = {
            "title": _latex(pearl.title),
            "organization": _latex(self.settings.site_name),
            "date": pearl.date.isoformat(),
            "year": str(pearl.date.year),
            "month": str(pearl.date.month),
            "url": self.url,
        }
        if pearl.doi:
            fields["doi"] = pearl.doi
        if accessed:
            fields["urldate"] = accessed
        return fields

    def entry(self, accessed: str | None = None) -> Reference:
        """The pearl as a BibTeX ``@online`` entry, as the styles read one."""
        persons = {"author": [Person(author.bibtex) for author in self.authors]}
        entry = Entry("online", self.fields(accessed), persons)
        return Reference(self.pearl.slug, "online", entry, Position())

    def inputs(self) -> bytes:
        """All the citation is made from but the site's settings (which key the site's cache)."""
        pearl = self.pearl
        read = (pearl.slug, pearl.title, pearl.authors, pearl.date, pearl.doi, self.url)
        return repr(read).encode()

    def formatted(self) -> FormattedReference:
        """The citation shown on the page: the style's, with its placeholder for the date the
        reader accessed the page."""
        style = self.settings.citation_style
        return format_reference(self.entry(citation_style(style).accessed_placeholder), style)

    def bibtex(self) -> str:
        """The BibTeX download: ``@online`` as biblatex reads it, with BibTeX's ``year`` and
        ``month`` too; every plain-text field LaTeX-escaped."""
        names = " and ".join(author.bibtex for author in self.authors)
        lines = [f"@online{{{self.pearl.slug},", f"  author       = {{{names}}},"]
        lines += [f"  {name:<12} = {{{value}}}," for name, value in self.fields().items()]
        lines.append(f"  {'abstract':<12} = {{{_latex(self.pearl.summary)}}},")
        return "\n".join(lines) + "\n}\n"

    def ris(self) -> str:
        """The RIS download (``TY  - ELEC``), each field on one line."""
        pearl, date = self.pearl, self.pearl.date
        record: dict[str, Any] = {
            "type_of_reference": "ELEC",
            "authors": [author.ris for author in self.authors],
            "title": _one_line(pearl.title),
            "secondary_title": _one_line(self.settings.site_name),
            "year": str(date.year),
            "date": f"{date:%Y/%m/%d}/",
            "urls": [self.url],
            "abstract": _one_line(pearl.summary),
        }
        if pearl.doi:
            record["doi"] = pearl.doi
        return rispy.dumps([record], implementation=_RisRecord)

    def csl_json(self) -> str:
        """The CSL-JSON download: one ``webpage`` item."""
        pearl, date = self.pearl, self.pearl.date
        item: dict[str, Any] = {
            "id": pearl.slug,
            "type": "webpage",
            "title": _plain(pearl.title),
            "author": [_csl_name(author) for author in self.authors],
            "container-title": _plain(self.settings.site_name),
            "issued": {"date-parts": [[date.year, date.month, date.day]]},
            "URL": self.url,
            "abstract": _plain(pearl.summary),
        }
        if pearl.doi:
            item["DOI"] = pearl.doi
        return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


class _RisRecord(rispy.RisWriter):
    """RIS as importers read it: the record starts at its ``TY`` line (rispy numbers each
    record, ``1.``, which EndNote and Mendeley refuse)."""

    def set_header(self, count: int) -> None:
        return None


def _latex(text: str) -> str:
    """Plain text as a BibTeX value read back as typed: LaTeX's specials escaped, and dashes
    kept apart (``--`` would be read as an en dash)."""
    return _DASHES.sub("-{}", latex_escape(_plain(text)))


def _one_line(text: str) -> str:
    """A field on one line: RIS ends a field at the line break (``\\nTY  - `` would start a
    record)."""
    return " ".join(_plain(text).split())


def _plain(text: str) -> str:
    """A field as every download writes it: without the characters no published file holds
    (:data:`~generator.sanitize.UNPRINTABLE`)."""
    return UNPRINTABLE.sub("", text)


def _csl_name(author: Author) -> dict[str, str]:
    if author.family is None:
        return {"literal": author.name}
    return {"family": author.family, "given": author.given} if author.given else {
        "family": author.family
    }


def json_ld(
    citation: PearlCitation,
    topics: list[Topic],
    references: list[dict[str, str]],
    site_url: str,
    image: str | None,
) -> dict[str, Any]:
    """The pearl as schema.org data: a medical web page with a scholarly article's properties.

    ``references``: each cited work's ``name`` (its formatted text) and ``url`` (its DOI link,
    when it has one). A graded pearl's evidence is one more thing it is ``about``.
    """
    pearl, settings = citation.pearl, citation.settings
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": ["MedicalWebPage", "ScholarlyArticle"],
        "@id": citation.url,
        "url": citation.url,
        "headline": pearl.title,
        "name": pearl.title,
        "description": pearl.summary,
        "author": [_agent(author.name, author.family is None) for author in citation.authors],
        "datePublished": pearl.date.isoformat(),
        "dateModified": max(pearl.date, pearl.last_reviewed).isoformat(),
        "lastReviewed": pearl.last_reviewed.isoformat(),
        "about": [{"@type": "Thing", "name": topic.name} for topic in topics],
        "citation": [{"@type": "CreativeWork", **reference} for reference in references],
        "isPartOf": {"@type": "WebSite", "name": settings.site_name, "url": site_url},
        "publisher": {"@type": "Organization", "name": settings.site_name},
    }
    if pearl.reviewers:
        data["reviewedBy"] = [_agent(name, read_author(name).family is None)
                              for name in pearl.reviewers]
    if pearl.evidence is not None:
        data["about"].append(evidence.schema_org(pearl.evidence))
    if pearl.doi:
        data["sameAs"] = doi_url(pearl.doi)
    if image:
        data["image"] = image
    return data


def _agent(name: str, group: bool) -> dict[str, str]:
    return {"@type": "Organization" if group else "Person", "name": " ".join(name.split())}
