"""Identifiers and addresses that become links, validated before any link is built from them.

A .bib pasted from the web or a guest author's front matter may hold a ``javascript:`` URL, a
quote that would end an ``href`` attribute, or ``){: onclick=… }`` that Markdown would turn into
an attribute. :func:`normalise` gives a link field's value in its one canonical form or raises
:class:`InvalidLink` with a message and a hint showing a valid example: the loaders report it at
the field's line, and :class:`~generator.bibliography.loader.Reference` never hands an invalid
value to a style. The resolver URLs (doi.org, PubMed, PubMed Central) are built here as well.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

#: Fields of a .bib entry whose value becomes (part of) a link.
LINK_FIELDS = ("doi", "url", "pmid", "pmcid", "eprint")

#: ``10.`` + a 4–9 digit registrant (with optional ``.sub`` parts) + ``/`` + the suffix.
#: (These patterns are matched whole, with ``fullmatch``.)
_DOI = re.compile(r"10\.[0-9]{4,9}(?:\.[0-9]+)*/.+")
#: What people paste before a DOI; removed (and the hint says so).
DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)
_PMID = re.compile(r"[0-9]{1,9}")
_PMCID = re.compile(r"(?:PMC)?([0-9]{1,9})", re.IGNORECASE)
#: arXiv identifiers: ``2101.00001v2`` (since 2007) and ``hep-th/9901001`` (before).
_ARXIV = re.compile(r"(?:[0-9]{4}\.[0-9]{4,5}|[a-z-]+(?:\.[A-Z]{2})?/[0-9]{7})(?:v[0-9]+)?")
_ARXIV_PREFIX = re.compile(r"^arxiv:", re.IGNORECASE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: ASCII no link field may hold: quotes, brackets and braces end attributes or start Markdown or
#: LaTeX syntax; spaces and control characters end a URL. (Beyond ASCII: any Unicode space or
#: control, format or unassigned character.)
_UNSAFE_ASCII = re.compile(r"[\"'<>{}\\`\x00-\x20\x7f]")
#: Characters a DOI keeps in its resolver URL; the rest (``#``, ``?``, ``%``, non-ASCII) are
#: percent-encoded so they stay part of the DOI.
_DOI_SAFE = "/:;()@!$&*+,=-._~"

DOI_HINT = (
    "a DOI looks like 10.4184/asj.2018.12.2.380; a 'doi:' or 'https://doi.org/' before it is "
    "removed"
)
URL_HINT = "write the full address, e.g. https://www.cdc.gov/flu; a space is %20, a quote %22"
PMID_HINT = "a PMID is digits only, e.g. 31234567"
PMCID_HINT = "a PMCID is PMC and digits, e.g. PMC7654321"
ARXIV_HINT = "an arXiv identifier looks like 2101.00001 or hep-th/9901001"
EPRINT_HINT = "give the identifier alone, e.g. 2101.00001 with eprinttype = {arxiv}"


class InvalidLink(ValueError):
    """A link field's value no link may be built from: what is wrong, and a valid example."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def normalise(name: str, value: str, eprint_type: str = "") -> str:
    """The value of the link field ``name`` in canonical form, or :class:`InvalidLink`.

    ``eprint_type`` (BibLaTeX ``eprinttype`` or ``archivePrefix``) says what an ``eprint`` is.
    """
    if name == "doi":
        return doi(value)
    if name == "url":
        return url(value)
    if name == "pmid":
        return pmid(value)
    if name == "pmcid":
        return pmcid(value)
    return eprint(value, eprint_type)


def doi(value: str) -> str:
    """The DOI without a ``doi:`` or ``https://doi.org/`` prefix."""
    bare = DOI_PREFIX.sub("", value)
    _refuse_unsafe(bare, "malformed DOI", value, DOI_HINT)
    if not _DOI.fullmatch(bare):
        raise InvalidLink(f"malformed DOI {shown(value)}", DOI_HINT)
    return bare


def url(value: str) -> str:
    """An absolute ``http``/``https`` address, as written."""
    _refuse_unsafe(value, "url", value, URL_HINT)
    try:
        parts = urlsplit(value)
        web = parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)
    except ValueError:  # a malformed IPv6 address
        web = False
    if not web:
        raise InvalidLink(f"url {shown(value)} is not an http or https address", URL_HINT)
    return value


def pmid(value: str) -> str:
    """A PubMed identifier: digits."""
    if not _PMID.fullmatch(value):
        raise InvalidLink(f"PMID {shown(value)} is not a number", PMID_HINT)
    return value


def pmcid(value: str) -> str:
    """A PubMed Central identifier as ``PMC`` and digits (bare digits get the ``PMC``)."""
    match = _PMCID.fullmatch(value)
    if not match:
        raise InvalidLink(f"PMCID {shown(value)} is not PMC followed by digits", PMCID_HINT)
    return f"PMC{match.group(1)}"


def eprint(value: str, eprint_type: str = "") -> str:
    """An eprint identifier, checked as the DOI, PMID, PMCID or arXiv id its type says it is.

    Other types (JSTOR, HDL …) are never linked; they only must not be URLs or hold quotes.
    """
    kind = eprint_type.lower()
    if kind == "doi":
        return doi(value)
    if kind in {"pubmed", "pmid"}:
        return pmid(value)
    if kind in {"pmc", "pmcid"}:
        return pmcid(value)
    if kind == "arxiv":
        bare = _ARXIV_PREFIX.sub("", value)
        if not _ARXIV.fullmatch(bare):
            raise InvalidLink(f"eprint {shown(value)} is not an arXiv identifier", ARXIV_HINT)
        return bare
    _refuse_unsafe(value, "eprint", value, EPRINT_HINT)
    if _SCHEME.match(value) or "//" in value:
        raise InvalidLink(f"eprint {shown(value)} is a link, not an identifier", EPRINT_HINT)
    return value


def doi_url(value: str) -> str:
    """The doi.org address of a valid DOI."""
    return "https://doi.org/" + quote(value, safe=_DOI_SAFE)


def pubmed_url(value: str) -> str:
    """The PubMed address of a valid PMID."""
    return f"https://pubmed.ncbi.nlm.nih.gov/{value}/"


def pmc_url(value: str) -> str:
    """The PubMed Central address of a valid PMCID."""
    return f"https://www.ncbi.nlm.nih.gov/pmc/articles/{value}/"


def shown(value: str, limit: int = 80) -> str:
    """A value quoted for a one-line message: control characters spelled out, long ones cut."""
    text = "".join(
        f"\\u{ord(char):04x}" if unicodedata.category(char)[0] == "C" else char for char in value
    )
    return f"'{text[:limit]}…'" if len(text) > limit else f"'{text}'"


def _refuse_unsafe(checked: str, what: str, value: str, hint: str) -> None:
    """:class:`InvalidLink` naming the first character of ``checked`` no link may hold."""
    match = _UNSAFE_ASCII.search(checked)
    char = match.group() if match else None
    if char is None and not checked.isascii():
        char = next((c for c in checked if unicodedata.category(c)[0] in "CZ"), None)
    if char is not None:
        raise InvalidLink(f"{what} {shown(value)} contains {_describe(char)}", hint)


def _describe(char: str) -> str:
    if char == " ":
        return "a space"
    if unicodedata.category(char)[0] in "CZ":
        return f"the invisible character U+{ord(char):04X}"
    return f"'{char}'"
