"""Reading the exports medical editors have: PubMed/MEDLINE, RIS, CSL-JSON and BibTeX.

Each reader turns a file's text into :class:`Record` objects, normalised the same way whatever
the source: names as ``Family, Given``, the NLM journal abbreviation without periods, the title
as the database stores it, full page ranges, and the DOI, PMID and PMCID in canonical form.

MEDLINE (PubMed's ``.nbib`` and "PubMed format" ``.txt``) is read by a small parser of NLM's
documented tag format (a tag of up to four letters, ``- ``, the value; continuation lines start
with six spaces). Of the parsers on PyPI, ``nbib`` has had no release since 2021;
``pybtexnbib`` 0.2.0 splits records on ``ER -`` (which MEDLINE does not write: records are
separated by blank lines), joins continuation lines without a space ("Thromboembolic" +
"Events" → "ThromboembolicEvents") and ignores TA and PMID; Biopython's ``Bio.Medline`` would
bring a whole bioinformatics library (and NumPy) for twenty lines.
RIS is read by ``rispy``; CSL-JSON by :mod:`json`; BibTeX by the project's own loader.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import rispy

from generator import link_fields as links
from generator.bibliography.loader import parse_bibliography
from generator.bibliography.styles.base import inclusive_pages, journal_abbreviation
from generator.diagnostics import Diagnostic, Position, error

#: The fields a record may carry, in the order they are written to references.bib.
FIELD_ORDER = (
    "title",
    "journal",
    "shortjournal",
    "year",
    "date",
    "volume",
    "number",
    "pages",
    "doi",
    "pmid",
    "pmcid",
)


@dataclass
class Record:
    """One reference read from an export or fetched online, ready to become a .bib entry.

    ``fields`` values are BibTeX text (LaTeX specials escaped); ``authors`` are BibTeX names.
    ``retractions`` holds the retraction notices the source reports (never written).
    """

    source: str
    type: str = "article"
    authors: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    retractions: list[str] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        """A field's value, or ``None``."""
        return self.fields.get(name)


class RecordError(ValueError):
    """A record that cannot be read: where (1-based line) and what is wrong."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


_LATEX_SPECIALS = {ord(c): "\\" + c for c in "&%#_$"} | {
    ord("{"): "\\textbraceleft{}",
    ord("}"): "\\textbraceright{}",
    ord("\\"): "\\textbackslash{}",
    ord("~"): "\\textasciitilde{}",
    ord("^"): "\\textasciicircum{}",
}


def latex_escape(text: str) -> str:
    """Plain text as a BibTeX value: whitespace collapsed, LaTeX's special characters escaped."""
    return " ".join(text.split()).translate(_LATEX_SPECIALS)


def full_pages(text: str) -> str:
    """A page range in full with BibTeX's en dash: ``1248-55`` → ``1248--1255``."""
    return inclusive_pages(text).replace("-", "--", 1)


_INITIALS = re.compile(r"[A-Z]{1,4}")


def bibtex_name(family: str, given: str = "") -> str:
    """``Family, Given`` with bare initials given periods (``Sivilotti``, ``ML`` → ``M. L.``)."""
    words = []
    for word in given.split():
        if _INITIALS.fullmatch(word) and (len(word) == 1 or word == given.strip()):
            words.extend(f"{letter}." for letter in word)
        else:
            words.append(word)
    family = latex_escape(family)
    return f"{family}, {latex_escape(' '.join(words))}" if words else family


def collective_name(name: str) -> str:
    """A group author, braced so it is never split into given and family names."""
    return "{" + latex_escape(name) + "}"


def _set(record: Record, name: str, value: object) -> None:
    """Set a field from plain text, normalised; an empty value or invalid identifier is left out."""
    text = " ".join(str(value).split()) if value is not None else ""
    if not text:
        return
    if name in {"doi", "pmid", "pmcid"}:
        try:
            record.fields[name] = links.normalise(name, text)
        except links.InvalidLink:
            return
    elif name == "shortjournal":
        record.fields[name] = latex_escape(journal_abbreviation(text))
    elif name == "pages":
        record.fields[name] = latex_escape(full_pages(text))
    elif name == "year":
        match = re.search(r"\d{4}", text)
        if match:
            record.fields[name] = match.group()
    else:
        record.fields[name] = latex_escape(text)


def _finish(record: Record, online: str | None = None) -> Record:
    """The record without a short journal identical to its journal, and with the date it was
    ``online`` (YYYY-MM-DD) when it has neither volume nor pages (AMA: "Published online …")."""
    record.authors = [name for name in record.authors if name.strip("{} ,.")]  # MEDLINE's "FAU - ,"
    if record.fields.get("shortjournal") == record.fields.get("journal"):
        record.fields.pop("shortjournal", None)
    if online and not {"volume", "pages"} & record.fields.keys():
        record.fields["date"] = online
    return record


def _iso_date(year: object, month: object = None, day: object = None) -> str | None:
    """``YYYY-MM-DD`` from a full date's parts, else ``None``."""
    try:
        return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


# --- MEDLINE -----------------------------------------------------------------------------------

_MEDLINE_LINE = re.compile(r"([A-Z][A-Z0-9]{1,3}) *- ?(.*)")


def read_medline(text: str, source: str) -> list[Record]:
    """The records of a PubMed/MEDLINE export (``.nbib``, PubMed-format ``.txt``)."""
    records, tags, start = [], [], 0
    for number, line in enumerate([*text.splitlines(), ""], start=1):
        if not line.strip():
            if tags:
                records.append(_medline_record(tags, start, source))
            tags = []
            continue
        match = _MEDLINE_LINE.fullmatch(line.rstrip())
        if match:
            if not tags:
                start = number
            tags.append([match.group(1), match.group(2).strip()])
        elif line.startswith("      ") and tags:
            tags[-1][1] += " " + line.strip()
        else:
            raise RecordError(number, f"not a MEDLINE line: {line.strip()[:40]!r}")
    if not records:
        raise RecordError(1, "no MEDLINE record (a record starts with 'PMID- ')")
    return records


def _medline_record(tags: list[list[str]], line: int, source: str) -> Record:
    values: dict[str, list[str]] = {}
    for tag, value in tags:
        values.setdefault(tag, []).append(value)
    if "PMID" not in values or "TI" not in values:
        raise RecordError(line, "a MEDLINE record needs a PMID and a TI (title) line")

    def first(tag: str) -> str | None:
        return values[tag][0] if tag in values else None

    record = Record(source)
    if "FAU" in values:
        record.authors = [_medline_full_name(name) for name in values["FAU"]]
    else:
        record.authors = [_medline_short_name(name) for name in values.get("AU", [])]
    record.authors += [collective_name(name) for name in values.get("CN", [])]
    _set(record, "title", _medline_title(values["TI"][0]))
    _set(record, "journal", first("JT"))
    _set(record, "shortjournal", first("TA"))
    _set(record, "year", first("DP"))
    _set(record, "volume", first("VI"))
    _set(record, "number", first("IP"))
    pages = first("PG") or next(
        (v.removesuffix(" [pii]") for v in values.get("LID", []) if v.endswith(" [pii]")), None
    )
    _set(record, "pages", pages)
    ids = values.get("LID", []) + values.get("AID", [])
    doi = next((v.removesuffix(" [doi]") for v in ids if v.endswith(" [doi]")), None)
    _set(record, "doi", doi)
    _set(record, "pmid", first("PMID"))
    _set(record, "pmcid", first("PMC"))
    online = first("DEP")
    online_date = _iso_date(online[:4], online[4:6], online[6:8]) if online else None
    record.retractions = list(values.get("RIN", []))
    if not record.retractions and "Retracted Publication" in values.get("PT", []):
        record.retractions = ["PubMed lists it as a Retracted Publication"]
    return _finish(record, online_date)


def _medline_title(title: str) -> str:
    """The title without MEDLINE's closing period (a title ending in ``?`` or ``!`` keeps it)."""
    return title[:-1] if title.endswith(".") else title


def _medline_full_name(name: str) -> str:
    family, _, given = name.partition(",")
    return bibtex_name(family, given)


def _medline_short_name(name: str) -> str:
    """``Krueger A`` → ``Krueger, A.`` (MEDLINE's AU: family name, then initials)."""
    family, _, initials = name.rpartition(" ")
    if family and _INITIALS.fullmatch(initials):
        return bibtex_name(family, initials)
    return collective_name(name)


# --- RIS ---------------------------------------------------------------------------------------


def read_ris(text: str, source: str) -> list[Record]:
    """The records of an RIS export (Zotero, EndNote, Mendeley, journal sites), read by rispy."""
    try:
        entries = rispy.loads(text)
    except (OSError, ValueError, KeyError) as exc:
        raise RecordError(1, f"not an RIS file: {exc}") from None
    if not entries:
        raise RecordError(1, "no RIS record (a record starts with 'TY  - ')")
    return [_ris_record(entry, source) for entry in entries]


def _ris_record(entry: dict, source: str) -> Record:
    record = Record(source)
    names = entry.get("authors") or entry.get("first_authors") or []
    record.authors = [_ris_name(name) for name in names]
    _set(record, "title", entry.get("title") or entry.get("primary_title"))
    journal = (
        entry.get("secondary_title") or entry.get("alternate_title3") or entry.get("journal_name")
    )
    _set(record, "journal", journal)
    _set(record, "shortjournal", entry.get("alternate_title1") or entry.get("alternate_title2"))
    _set(record, "year", entry.get("year") or entry.get("publication_year") or entry.get("date"))
    _set(record, "volume", entry.get("volume"))
    _set(record, "number", entry.get("number"))
    start, end = entry.get("start_page"), entry.get("end_page")
    _set(record, "pages", f"{start}-{end}" if start and end else start)
    _set(record, "doi", entry.get("doi"))
    database = (entry.get("name_of_database") or "").lower()
    if "pubmed" in database or "medline" in database:
        _set(record, "pmid", entry.get("accession_number"))
    return _finish(record)


def _ris_name(name: str) -> str:
    family, comma, given = name.partition(",")
    return bibtex_name(family, given) if comma else collective_name(name)


# --- CSL-JSON (and Crossref's works, which share its field names) ------------------------------


def read_csl_json(text: str, source: str) -> list[Record]:
    """The records of a CSL-JSON export (Zotero, Mendeley, citation.js, doi.org)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(exc.lineno, f"not JSON: {exc.msg}") from None
    items = data if isinstance(data, list) else [data]
    if not items or not all(isinstance(item, dict) for item in items):
        raise RecordError(1, "CSL-JSON is an object or a list of objects, one per reference")
    records = []
    for number, item in enumerate(items, start=1):
        try:
            records.append(csl_record(item, source))
        except RecordError as problem:
            raise RecordError(1, f"record {number} of {len(items)}: {problem.message}") from None
    return records


def _text(item: dict, name: str) -> str | int | float | None:
    """A CSL field's value, which CSL gives as text or a number (Crossref gives ``title`` and
    ``container-title`` as lists: the first); anything else is refused, never written as
    Python would print it (``[1]``, ``{'a': 1}``)."""
    value = item.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None or (isinstance(value, (str, int, float)) and not isinstance(value, bool)):
        return value
    raise RecordError(1, f"'{name}' is {_json_kind(value)}; CSL-JSON gives it as text or a number")


def _json_kind(value: object) -> str:
    kinds = {bool: "true or false", dict: "an object", list: "a list", str: "text"}
    return next((kind for cls, kind in kinds.items() if isinstance(value, cls)), "a number")


def _people(item: dict, name: str) -> list[dict]:
    """A CSL name list (``author``): a list of objects."""
    people = item.get(name) or []
    if not isinstance(people, list) or not all(isinstance(p, dict) for p in people):
        raise RecordError(1, f"'{name}' is not a list of names (each like {{\"family\": …}})")
    return people


def _date_parts(item: dict, name: str) -> list:
    """The first date of a CSL date field (``issued``): ``[year, month, day]`` as far as known
    (Crossref writes an unknown one ``[[null]]``); a field with only ``raw`` text has none."""
    value = item.get(name) or {}
    parts = value.get("date-parts") if isinstance(value, dict) else None
    if isinstance(value, dict) and not parts:
        return []
    if not (
        isinstance(parts, list)
        and isinstance(parts[0], list)
        and all(part is None or type(part) in (int, str) for part in parts[0])
    ):
        raise RecordError(1, f"'{name}' is not a CSL date (like {{\"date-parts\": [[2020, 5]]}})")
    return parts[0] if parts[0] and parts[0][0] is not None else []


_MARKUP = re.compile(r"</?[a-z][a-z:]*>")


def _plain(value: object) -> object:
    """Crossref's titles may hold inline markup (``<i>``, ``<sub>``) and entities: plain text."""
    return html.unescape(_MARKUP.sub("", value)) if isinstance(value, str) else value


def csl_record(item: dict, source: str) -> Record:
    """A CSL-JSON item (or a Crossref work) as a record."""
    record = Record(source)
    for person in _people(item, "author"):
        name = {part: _text(person, part) for part in ("literal", "name", "family", "given")}
        if name["literal"] or name["name"]:
            record.authors.append(collective_name(str(name["literal"] or name["name"])))
        elif name["family"]:
            record.authors.append(bibtex_name(str(name["family"]), str(name["given"] or "")))
    _set(record, "title", _plain(_text(item, "title")))
    _set(record, "journal", _plain(_text(item, "container-title")))
    short = _text(item, "container-title-short") or _text(item, "short-container-title")
    _set(record, "shortjournal", short or _text(item, "journalAbbreviation"))
    for date_field in ("published-print", "issued"):
        parts = _date_parts(item, date_field)
        if parts and parts[0]:
            _set(record, "year", parts[0])
            break
    _set(record, "volume", _text(item, "volume"))
    _set(record, "number", _text(item, "issue"))
    _set(record, "pages", _text(item, "page") or _text(item, "article-number"))
    _set(record, "doi", _text(item, "DOI"))
    _set(record, "pmid", _text(item, "PMID"))
    _set(record, "pmcid", _text(item, "PMCID"))
    online = _date_parts(item, "published-online") or _date_parts(item, "issued")
    return _finish(record, _iso_date(*online[:3]) if online else None)


# --- BibTeX ------------------------------------------------------------------------------------


#: Fields of reference managers' BibTeX exports that are notes or local files, not the reference.
_PRIVATE_FIELDS = frozenset({"abstract", "annote", "file", "keywords", "urldate"})


def read_bibtex(text: str, source: str) -> list[Record]:
    """The entries of a BibTeX export, read by the project's loader (values kept as written)."""
    bibliography, problems = parse_bibliography(Path(source), text.encode())
    if problems:
        raise RecordError(problems[0].position.line, problems[0].message)
    if not len(bibliography):
        raise RecordError(1, "no BibTeX entry (an entry starts with '@article{')")
    records = []
    for reference in bibliography:
        record = Record(source, type=reference.type)
        record.authors = [str(person) for person in reference.persons("author")]
        for name, value in reference.entry.fields.items():
            lower = name.lower()
            if lower in _PRIVATE_FIELDS:
                continue
            if lower in {"doi", "pmid", "pmcid"}:
                _set(record, lower, reference.raw(lower))
            elif lower == "pages":
                record.fields[lower] = full_pages(value)
            elif lower == "shortjournal":
                record.fields[lower] = journal_abbreviation(value)
            else:
                record.fields[lower] = value
        records.append(_finish(record))
    return records


#: The readers by file suffix.
READERS = {
    ".nbib": read_medline,
    ".txt": read_medline,
    ".medline": read_medline,
    ".ris": read_ris,
    ".json": read_csl_json,
    ".bib": read_bibtex,
}


def read_records(path: Path, text: str) -> tuple[list[Record], list[Diagnostic]]:
    """The records of an export file, chosen by its suffix; a problem is a REF101 error."""
    reader = READERS[path.suffix.lower()]
    try:
        records = reader(text, path.name)
    except RecordError as problem:
        where = Position(problem.line, 1)
        return [], [error(path, where, "REF101", f"cannot read this export: {problem.message}")]
    empty = [
        number
        for number, record in enumerate(records, start=1)
        if not (record.authors or {"title", "journal", "booktitle"} & record.fields.keys())
    ]
    if empty:
        message = f"record {empty[0]} of {len(records)} has no author, title or journal"
        return [], [error(path, Position(1, 1), "REF101", f"cannot read this export: {message}")]
    return records, []


def key_stem(record: Record) -> str:
    """The readable part of a citation key: the first author's family name and the year."""
    name = record.authors[0] if record.authors else record.get("title") or "anonymous"
    family = name.split(",")[0] if record.authors else name.split()[0]
    folded = unicodedata.normalize("NFKD", re.sub(r"\\[a-zA-Z]+|\\.", "", family))
    letters = "".join(char for char in folded.lower() if "a" <= char <= "z")
    return (letters or "anonymous") + (record.get("year") or "")
