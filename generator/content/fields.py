"""The front-matter fields a pearl may have, each checked where the editor wrote it.

| code   | problem                                              |
|--------|------------------------------------------------------|
| FM003  | front matter is not a mapping of field: value        |
| FM004  | required field missing                               |
| FM005  | unknown field (with a did-you-mean)                  |
| FM006  | wrong type                                           |
| FM007  | not a real ISO date                                  |
| FM008  | publication date is not a Wednesday                  |
| FM009  | slug not made of a-z, 0-9 and single hyphens         |
| FM010  | summary longer than 280 characters                   |
| FM011  | malformed DOI                                        |
| FM012  | empty list or text where one is needed               |
| FM013  | review due before publication (warning)              |
| FM014  | line break or control character in the title (the    |
|        | e-mail's Subject header), or an RFC 2047 encoded word |
|        | (``=?utf-8?b?…?=``) that mail programs would decode   |
| FM050  | the slug ``index``, which names a section's own page  |
"""

from __future__ import annotations

import datetime as dt
import email.errors
import re
from dataclasses import dataclass
from email.policy import SMTP
from pathlib import Path
from typing import Any

from generator import link_fields as links
from generator.diagnostics import Diagnostic, closest, did_you_mean, error, plural, warning
from generator.yaml_source import YamlDocument

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Slugs MkDocs reads as a folder's own page: a pearl 'index' would be published at /pearls/
#: (its flowchart at /pearls/index/), a topic 'index' would be the topics page itself.
RESERVED_SLUGS = frozenset({"index"})


def reserved_slug(slug: str, kind: str, folder: str) -> str | None:
    """Why ``slug`` may not name a ``kind`` (pearl, topic) published under ``folder``."""
    if slug not in RESERVED_SLUGS:
        return None
    return f"slug '{slug}' would publish this {kind} as the page of {folder}/ itself"

#: The date a pearl file's name starts with: ``YYYY-MM-DD-slug.md``.
_DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-")
_DOI_HINT = "write it as 10.xxxx/suffix, without https://doi.org/"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SUMMARY_LIMIT = 280
#: What an e-mail header may not hold: line breaks (they would start a header of their own,
#: such as ``Bcc:``) and other control characters. The check reports them in the title and in
#: mkdocs.yml's email settings; the email refuses any that still reach a header.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def reads_as_written(header: str, value: str) -> bool:
    """Whether the e-mail header ``header`` holding ``value`` reads as ``value``: no line break
    or control character, and no RFC 2047 encoded word, which Python's email package (and every
    mail program) decodes: ``=?utf-8?b?DQpCY2M6IC4uLg==?=`` is a line break and ``Bcc: ...``."""
    if CONTROL.search(value):
        return False
    try:
        return str(SMTP.header_factory(header, value)) == value
    except (ValueError, email.errors.MessageError):
        return False


WEDNESDAY = 2
#: What editors write for true and false (YAML 1.1 words this tool reads as text).
_MEANT_BOOLEANS = {"yes": True, "y": True, "on": True, "no": False, "n": False, "off": False}

REQUIRED = ("title", "date", "authors", "summary")
#: A line that gives each required field, for the editor to copy.
EXAMPLES = {
    "title": "title: Cement can embolize to the lungs",
    "date": "date: 2021-02-17",
    "authors": "authors: [A. Author]",
    "summary": "summary: One or two sentences for the archive and the e-mail.",
}
#: A date written day/month/year (or month/day/year) with ``/``, ``.`` or ``-``.
_WRITTEN_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
KNOWN = (
    "title",
    "date",
    "slug",
    "authors",
    "reviewers",
    "topics",
    "summary",
    "doi",
    "reviewed",
    "review_due",
    "draft",
    "evidence",
)


@dataclass
class FieldReader:
    """Reads typed values out of one pearl's front matter, collecting a diagnostic per problem."""

    document: YamlDocument
    path: Path
    diagnostics: list[Diagnostic]

    @property
    def data(self) -> dict[str, Any]:
        return self.document.value

    def _fail(self, name: str, code: str, message: str, hint: str | None = None) -> None:
        where = self.document.value_position((name,))
        self.diagnostics.append(error(self.path, where, code, message, hint))

    def check_names(self) -> None:
        """Unknown fields, with the closest known name suggested, and missing required ones
        (unless an unknown field is a misspelling of it)."""
        meant: set[str] = set()
        for name in self.data:
            if name not in KNOWN:
                suggested = closest(name, KNOWN)
                meant.update(suggested)
                hint = did_you_mean(suggested) or f"known fields: {', '.join(KNOWN)}"
                self.diagnostics.append(
                    error(
                        self.path,
                        self.document.position((name,)),
                        "FM005",
                        f"unknown field '{name}'",
                        hint,
                    )
                )
        for name in REQUIRED:
            if name not in self.data and name not in meant:
                self.diagnostics.append(
                    error(
                        self.path,
                        self.document.origin,
                        "FM004",
                        f"required field '{name}' is missing",
                        f"add a line such as '{self._example(name)}'",
                    )
                )

    def _example(self, name: str) -> str:
        """A line giving the field ``name``: the date is the one the file name starts with."""
        day = split_file_name(self.path)[0] if name == "date" else None
        return f"date: {day.isoformat()}" if day else EXAMPLES[name]

    def text(self, name: str, required: bool = False) -> str | None:
        value = self.data.get(name)
        if value is None:
            if required and name in self.data:
                self._fail(name, "FM012", f"'{name}' is empty")
            return None
        if not isinstance(value, str):
            self._fail(name, "FM006", f"'{name}' must be text, not {value_kind(value)}")
            return None
        if required and not value.strip():
            self._fail(name, "FM012", f"'{name}' is empty")
            return None
        return value.strip()

    def texts(self, name: str, at_least_one: bool = False) -> list[str]:
        value = self.data.get(name)
        if value is None:
            if at_least_one and name in self.data:
                self._fail(name, "FM012", f"'{name}' needs at least one entry")
            return []
        if not isinstance(value, list):
            shown = value.strip() if isinstance(value, str) else ".."
            self._fail(
                name,
                "FM006",
                f"'{name}' must be a list, not {value_kind(value)}",
                f"write it as '{name}: [{shown}]' or one '- item' per line",
            )
            return []
        result = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                where = self.document.value_position((name, index))
                self.diagnostics.append(
                    error(self.path, where, "FM006", f"each entry of '{name}' must be text")
                )
            else:
                result.append(item.strip())
        if at_least_one and not value:
            self._fail(name, "FM012", f"'{name}' needs at least one entry")
        return result

    def date(self, name: str) -> dt.date | None:
        value = self.data.get(name)
        if value is None:
            return None
        text = str(value)
        if not isinstance(value, str) or not ISO_DATE.match(text):
            meant = " or ".join(_iso_readings(text))
            self._fail(
                name,
                "FM007",
                f"'{name}' must be an ISO date like 2021-02-10, not '{text}'",
                f"write {name}: {meant}" if meant else "write year-month-day",
            )
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self._fail(name, "FM007", f"'{name}' {text} is not a real date")
            return None

    def boolean(self, name: str) -> bool:
        value = self.data.get(name, False)
        if not isinstance(value, bool):
            meant = _MEANT_BOOLEANS.get(str(value).strip().lower())
            hint = f"write {name}: {str(meant).lower()}" if meant is not None else None
            self._fail(name, "FM006", f"'{name}' must be true or false, not '{value}'", hint)
            return False
        return value

    def publication_date(self) -> dt.date | None:
        date = self.date("date")
        if date is not None and date.weekday() != WEDNESDAY:
            self._fail(
                "date",
                "FM008",
                f"{date.isoformat()} is a {date.strftime('%A')}, not a Wednesday",
                f"the nearest Wednesday is {nearest_wednesday(date).isoformat()}",
            )
        return date

    def slug(self, fallback: str) -> str:
        slug = self.text("slug")
        if slug is None:
            slug = fallback
            if not SLUG.match(slug):
                self.diagnostics.append(
                    error(
                        self.path,
                        self.document.origin,
                        "FM009",
                        f"cannot derive a slug from the file name: '{slug}'",
                        "rename the file or add 'slug:'",
                    )
                )
        elif not SLUG.match(slug):
            self._fail(
                "slug",
                "FM009",
                f"slug '{slug}' may only use a-z, 0-9 and single hyphens",
                f"e.g. '{slugify(slug) or 'my-pearl'}'",
            )
        reserved = reserved_slug(slug, "pearl", "/pearls")
        if reserved is not None:
            where = self.document.position(("slug",)) if self.text("slug") else None
            self.diagnostics.append(
                error(
                    self.path,
                    where or self.document.origin,
                    "FM050",
                    reserved,
                    "choose another with 'slug:'" if where else "rename the file or add 'slug:'",
                )
            )
        return slug

    def title(self) -> str:
        """The title: plain text shown as written, also the e-mail's Subject header."""
        title = self.text("title", required=True) or ""
        if CONTROL.search(title):
            self._fail(
                "title",
                "FM014",
                "the title holds a line break or control character; it becomes the e-mail subject",
                "write the title on one line",
            )
        elif not reads_as_written("Subject", title):
            self._fail(
                "title",
                "FM014",
                "the title holds an encoded word ('=?…?='), which mail programs decode; it "
                "becomes the e-mail subject",
                "write the title as plain text",
            )
        return title

    def summary(self) -> str:
        summary = self.text("summary", required=True) or ""
        if len(summary) > SUMMARY_LIMIT:
            self._fail(
                "summary",
                "FM010",
                f"summary is {len(summary)} characters; at most {SUMMARY_LIMIT}",
                f"shorten it by {plural(len(summary) - SUMMARY_LIMIT, 'character')}; the pearl's "
                "text holds "
                "the rest",
            )
        return summary

    def doi(self) -> str | None:
        """The pearl's own DOI, or ``None`` when it is invalid: no link is built from it then."""
        doi = self.text("doi")
        if doi is None:
            return None
        try:
            valid = links.doi(doi)
        except links.InvalidLink as problem:
            self._fail("doi", "FM011", problem.message, _DOI_HINT)
            return None
        if valid != doi:
            self._fail("doi", "FM011", f"{links.shown(doi)} is not a bare DOI", _DOI_HINT)
            return None
        return doi

    def review_due(
        self, published: dt.date | None, reviewed: dt.date | None, interval_years: int
    ) -> dt.date | None:
        """The date the next clinical review is due: as written, or the interval after the last
        review (the publication date when there was none)."""
        due = self.date("review_due")
        last_review = reviewed or published
        if due is None and last_review is not None:
            return add_years(last_review, interval_years)
        if due is not None and published is not None and due < published:
            self.diagnostics.append(
                warning(
                    self.path,
                    self.document.value_position(("review_due",)),
                    "FM013",
                    "review is due before the pearl is published",
                )
            )
        return due


def _iso_readings(text: str) -> list[str]:
    """The real days a date written ``17/02/2021`` (day first, or month first) may mean,
    as ISO dates."""
    match = _WRITTEN_DATE.match(text.strip())
    if match is None:
        return []
    first, second, year = (int(part) for part in match.groups())
    readings = []
    for month, day in ((second, first), (first, second)):
        try:
            readings.append(dt.date(year, month, day).isoformat())
        except ValueError:
            continue
    return list(dict.fromkeys(readings))


def value_kind(value: Any) -> str:
    """What kind of YAML value ``value`` is, as a message names it ("a list")."""
    return {
        list: "a list",
        dict: "a mapping",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }.get(type(value), "text")


def split_file_name(path: Path) -> tuple[dt.date | None, str]:
    """The day a pearl file's name starts with and the rest of the name: ``2021-02-17-perc-rule.md``
    is ``(2021-02-17, "perc-rule")``. Without a date, or with one that is no real day
    (``2021-13-45-x.md``), the day is None; a date-shaped start is never part of the rest."""
    match = _DATED_NAME.match(path.stem)
    if match is None:
        return None, path.stem
    try:
        day = dt.date.fromisoformat(match.group(1))
    except ValueError:
        day = None
    return day, path.stem[match.end() :]


def slugify(text: str) -> str:
    """A URL slug: lower case letters and digits joined by single hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def nearest_wednesday(date: dt.date) -> dt.date:
    """The Wednesday closest to ``date``."""
    shift = (WEDNESDAY - date.weekday() + 3) % 7 - 3
    return date + dt.timedelta(days=shift)


def add_years(date: dt.date, years: int) -> dt.date:
    """``date`` moved by whole years (29 February becomes 28 February); past the calendar's
    last year, its last day."""
    if date.year + years > dt.MAXYEAR:
        return dt.date.max
    try:
        return date.replace(year=date.year + years)
    except ValueError:
        return date.replace(year=date.year + years, day=28)
