"""Loading ``references.bib``: every entry with its source position, every problem reported.

pybtex's parser stops at the first error and reports several problems without a line number, so
the file is first cut into entries by a brace-aware scan of the raw text (each entry keeps the
line it starts on), then each entry is parsed on its own with pybtex's low-level parser. One bad
entry never hides the next, and every diagnostic points into the entry to fix: entry-level
problems at its ``@type{key,`` line, field-level problems at the field's line.

======  ========  ==========================================================================
Code    Severity  Problem
======  ========  ==========================================================================
BIB001  error     the file is missing, unreadable or not UTF-8
BIB002  error     syntax error inside an entry (missing ``=``, ``,``, key, value …)
BIB003  error     unbalanced braces: an entry never closed, or text left after its ``}``
BIB004  error     duplicate key (BibTeX keys are case-insensitive); the first entry is kept
BIB005  error     duplicate field in one entry; the first value is kept
BIB006  error     undefined ``@string`` macro
BIB007  error     ``crossref`` names an entry that does not exist
BIB008  error     malformed DOI (must be ``10.NNNN/…``; ``doi:``/``https://doi.org/`` removed)
BIB009  error     empty name in a name list (``and and``, or a leading/trailing ``and``)
BIB010  error     name that cannot be parsed (e.g. too many commas)
BIB011  error     ``url`` that is not an ``http``/``https`` address, or holds a space or quote
BIB012  error     ``pmid`` that is not digits
BIB013  error     ``pmcid`` that is not ``PMC`` and digits
BIB014  error     ``eprint`` that is not an identifier of its ``eprinttype`` (e.g. arXiv)
BIB015  warning   a LaTeX macro the decoder does not know (dropped; its braced text is kept)
BIB016  warning   a field that would still render with a backslash or a brace
BIB017  error     an ``ids`` alias that is already the key or alias of another entry
======  ========  ==========================================================================

biblatex as biber reads it: ``ids`` aliases are citation keys of their entry, names may use the
extended syntax (``family=Brown, given=Bob, prefix=de``), ``date`` may be a range
(``2019-03/2019-05``: its start is the date), and ``journaltitle``/``shortjournal`` stand for
``journal``.

Link fields (``doi``, ``url``, ``pmid``, ``pmcid``, ``eprint``) are validated by
:mod:`generator.link_fields`; an invalid one is reported here and never rendered
(:meth:`Reference.raw` treats it as missing).
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterator, KeysView, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pybtex.errors
from pybtex.database import Entry, InvalidNameString, Person
from pybtex.database.input.bibtex import LowLevelParser, UndefinedMacro, month_names
from pybtex.richtext import Text
from pybtex.scanner import PybtexSyntaxError
from pybtex.textutils import normalize_whitespace
from pybtex.utils import CaseInsensitiveDict

from generator import link_fields as links
from generator.bibliography.latex import decode, latex_to_rich, verbatim
from generator.diagnostics import Diagnostic, LineIndex, Position, error, warning

_ENTRY_START = re.compile(r"@[ \t]*([A-Za-z][\w-]*)[ \t\r\n]*([{(])")
_STRAY = re.compile(r"[{}]|^[ \t]*[A-Za-z][\w-]*[ \t]*=", re.MULTILINE)
#: The key of an ``@type{key,`` entry start, read even when the entry cannot be parsed.
_ENTRY_KEY = re.compile(r"@[ \t]*[A-Za-z][\w-]*[ \t\r\n]*[{(][ \t\r\n]*([^\s,={}()]+)")
#: A line that gives a field: its name and its value's text on that line.
_FIELD_LINE = re.compile(r"^[ \t]*([A-Za-z][\w-]*)[ \t]*=([^\n]*)$", re.MULTILINE)
#: A field name and its ``=``: where pybtex expected a ``,`` or ``}``, one was left out.
_FIELD_START = re.compile(r"([A-Za-z][\w-]*)[ \t]*=")
_PERSON_FIELDS = frozenset(role.lower() for role in Person.valid_roles)
#: Fields whose text is not LaTeX (biblatex "verbatim" fields).
VERBATIM_FIELDS = frozenset({"doi", "url", "eprint", "pmid", "pmcid", "file"})
#: Fields some style renders: the ones whose LaTeX is checked (not ``abstract`` or ``note``).
RENDERED_FIELDS = _PERSON_FIELDS | {
    "title", "subtitle", "journal", "journaltitle", "shortjournal", "journal_abbrev", "booktitle",
    "publisher", "institution", "organization", "howpublished", "edition", "volume", "number",
    "issue", "pages", "year", "date", "month", "day", "type", "address", "location", "urldate",
}  # fmt: skip
#: biblatex's subtitle fields, each read after its title.
_SUBTITLES = {"title": "subtitle", "booktitle": "booksubtitle"}
#: The extended name syntax's parts (``family=…, given=…``) and the pybtex part each fills.
_NAME_PARTS = {"family": "last", "given": "first", "prefix": "prelast", "suffix": "lineage"}
_EXTENDED_NAME = re.compile(r"^\s*[A-Za-z-]+\s*=")
#: The diagnostic code for an invalid value of each link field.
_LINK_CODES = {
    "doi": "BIB008",
    "url": "BIB011",
    "pmid": "BIB012",
    "pmcid": "BIB013",
    "eprint": "BIB014",
}

@dataclass(eq=False)
class Reference:
    """One bibliography entry: the pybtex entry, where it stands, and its decoded fields."""

    key: str
    type: str
    entry: Entry
    position: Position
    field_positions: Mapping[str, Position] = field(default_factory=dict)
    _decoded: dict[str, Text | None] = field(default_factory=dict, repr=False)
    formatted_cache: dict[str, object] = field(default_factory=dict, repr=False)
    #: SHA-256 of all that formatting reads (types, fields, names): what caches key it by.
    digest: str = field(default="", repr=False, compare=False)
    #: The project's ``title_case`` setting; ``None``: the style's own default.
    title_case: str | None = field(default=None, repr=False, compare=False)

    def raw(self, name: str) -> str | None:
        """A field as written (after @string expansion), with BibLaTeX aliases applied.

        A link field comes normalised by :func:`generator.link_fields.normalise`, or as missing when
        it is invalid: no style ever builds a link from a value the check rejects.
        """
        fields = self.entry.fields
        value = fields.get(name)
        if value is None:
            alias = {
                "journal": "journaltitle",
                "number": "issue",
                "institution": "organization",
                "address": "location",
            }.get(name)
            value = fields.get(alias) if alias else None
        if value is None and name == "year":
            date = fields.get("date")
            value = date[:4] if date and date[:4].isdigit() else None
        subtitle = fields.get(_SUBTITLES.get(name, ""))
        if value and subtitle:  # biblatex: ``title`` and ``subtitle`` read as one title
            value = f"{value}{'' if value.rstrip().endswith(('?', '!')) else ':'} {subtitle}"
        if value is not None and name == "date":
            value = value.split("/")[0].strip()  # a range's start: ``2019-03/2019-05``
        if value is None and name in {"doi", "pmid", "pmcid"}:
            wanted = {"doi": {"doi"}, "pmid": {"pubmed", "pmid"}, "pmcid": {"pmc", "pmcid"}}
            value = fields.get("eprint") if eprint_type_of(self.entry) in wanted[name] else None
        if value is not None and name in VERBATIM_FIELDS:
            value = verbatim(value)
            if value and name in links.LINK_FIELDS:
                try:
                    value = links.normalise(name, value, eprint_type_of(self.entry))
                except links.InvalidLink:
                    return None
        return value or None

    def field(self, name: str) -> Text | None:
        """A field decoded from LaTeX to rich text (verbatim fields as written), once."""
        if name not in self._decoded:
            value = self.raw(name)
            if value is None or name in VERBATIM_FIELDS:
                self._decoded[name] = None if value is None else Text(value)
            else:  # a field of nothing but spaces or dropped macros is missing, not empty
                self._decoded[name] = latex_to_rich(value) or None
        return self._decoded[name]

    def persons(self, role: str) -> list[Person]:
        """The people in one role (``author``, ``editor``), ``others`` included."""
        return list(self.entry.persons.get(role, []))

    def doi(self) -> str | None:
        """The DOI without any ``doi:`` or resolver prefix (``None`` when invalid)."""
        return self.raw("doi")


def eprint_type_of(entry: Entry) -> str:
    """What an ``eprint`` is (``arxiv``, ``doi``, ``pubmed`` …): BibLaTeX ``eprinttype``, or the
    ``archivePrefix`` arXiv's own BibTeX exports write."""
    fields = entry.fields
    return (fields.get("eprinttype") or fields.get("archiveprefix") or "").strip().lower()


class CaseInsensitive(dict):
    """An entry's fields or people by name, looked up as pybtex's ``OrderedCaseInsensitiveDict``
    (names are stored lower-case, interned), in one plain dict: pybtex's keeps a second
    ordered dict of the names as written (with the lowered names, 30% of the traced memory of
    a 190,000-entry .bib)."""

    def __setitem__(self, name: str, value: object) -> None:
        super().__setitem__(sys.intern(name.lower()), value)

    def __getitem__(self, name: str) -> Any:
        return super().__getitem__(name.lower())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and super().__contains__(name.lower())

    def get(self, name: str, default: Any = None) -> Any:
        return super().get(name.lower(), default)

    def setdefault(self, name: str, default: Any = None) -> Any:
        return super().setdefault(sys.intern(name.lower()), default)


class Bibliography:
    """The project's references, in file order, looked up by citation key."""

    def __init__(
        self,
        path: Path,
        entries: Mapping[str, Reference] | None = None,
        aliases: Mapping[str, str] | None = None,
        unreadable: frozenset[str] = frozenset(),
    ) -> None:
        self.path = path
        self.entries: dict[str, Reference] = dict(entries or {})
        #: biblatex ``ids``: each alias and the key of the entry it names.
        self.aliases: dict[str, str] = dict(aliases or {})
        #: Keys of entries written in the file that could not be read (their BIB002/BIB003
        #: says why): citing one is not an unknown key.
        self.unreadable = unreadable

    def get(self, key: str) -> Reference | None:
        """The reference cited as ``key`` or one of its ``ids`` (matched exactly, as Pandoc
        does)."""
        return self.entries.get(self.aliases.get(key, key))

    def __contains__(self, key: object) -> bool:
        return key in self.entries or key in self.aliases

    def use_title_case(self, mode: str | None) -> None:
        """Format every title per the project's ``title_case`` (``None``: each style's own)."""
        for reference in self.entries.values():
            reference.title_case = mode

    def __iter__(self) -> Iterator[Reference]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def keys(self) -> KeysView[str]:
        """Every key, in file order."""
        return self.entries.keys()

    def position(self, key: str) -> Position:
        """Where the entry for ``key`` (or an alias of it) starts in the .bib file."""
        return self.entries[self.aliases.get(key, key)].position


@dataclass
class _Chunk:
    """One ``@command{…}`` of the raw file."""

    command: str
    start: int
    end: int
    closed: bool


def load_bibliography(path: Path) -> tuple[Bibliography, list[Diagnostic]]:
    """Parse a .bib file into a :class:`Bibliography` and every problem found in it.

    Never raises for bad content: a missing or unreadable file is a diagnostic too.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        hint = None
        if isinstance(exc, FileNotFoundError):
            hint = (
                "create it (empty until the first reference), or set the pearls plugin's "
                "bibliography: in mkdocs.yml to your .bib file"
            )
        return Bibliography(path), [
            error(path, Position(1, 1), "BIB001", f"cannot read bibliography: {reason}", hint)
        ]
    return parse_bibliography(path, data)


def parse_bibliography(path: Path, data: bytes) -> tuple[Bibliography, list[Diagnostic]]:
    """The bibliography in ``data``, the bytes read from ``path``."""
    loader = _Loader(path, _decode(path, data))
    return loader.load(), loader.diagnostics + loader.decoding


def _decode(path: Path, data: bytes) -> tuple[str, list[Diagnostic]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problem = error(
            path, Position(line, col), "BIB001", "the file is not valid UTF-8", "save it as UTF-8"
        )
        return data.decode("utf-8-sig", errors="replace"), [problem]


class _EntryParser(LowLevelParser):
    """pybtex's low-level parser, remembering where each field starts and collecting errors."""

    def __init__(self, text: str, macros: CaseInsensitiveDict) -> None:
        super().__init__(text, macros=macros)
        self.errors: list[PybtexSyntaxError] = []
        self.field_offsets: list[int] = []

    def handle_error(self, error: PybtexSyntaxError) -> None:
        if error not in self.errors:
            self.errors.append(error)
        if not isinstance(error, UndefinedMacro):
            raise error

    def parse_entry_fields(self) -> None:
        while True:
            self.current_field_name = None
            self.current_value = []
            self.eat_whitespace()
            start = self.pos
            self.parse_field()
            if self.current_field_name and self.current_value:
                self.current_fields.append((self.current_field_name, self.current_value))
                self.field_offsets.append(start)
            if not self.optional([self.COMMA]):
                return


class _Loader:
    def __init__(self, path: Path, decoded: tuple[str, list[Diagnostic]]) -> None:
        self.path = path
        self.text, self.decoding = decoded
        self.lines = LineIndex(self.text)
        self.diagnostics: list[Diagnostic] = []
        self.macros = CaseInsensitiveDict(month_names)
        self.references: dict[str, Reference] = {}
        self.folded: dict[str, Reference] = {}
        self.people: dict[str, tuple[Person | None, bool, list[str]]] = {}
        self.aliases: dict[str, str] = {}
        self.unreadable: set[str] = set()

    def at(self, offset: int) -> Position:
        """The 1-based line and column of an offset (an index of the lines: files are big)."""
        return self.lines.position(offset)

    def report(self, offset: int, code: str, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(error(self.path, self.at(offset), code, message, hint))

    def load(self) -> Bibliography:
        previous_end = 0
        previous: _Chunk | None = None
        for chunk in _scan(self.text):
            if previous is not None:
                self._check_between(previous, previous_end, chunk.start)
            self._load_chunk(chunk)
            previous, previous_end = chunk, chunk.end
        if previous is not None:
            self._check_between(previous, previous_end, len(self.text))
        self._resolve_aliases()
        self._resolve_crossrefs()
        return Bibliography(self.path, self.references, self.aliases, frozenset(self.unreadable))

    def _check_between(self, chunk: _Chunk, start: int, end: int) -> None:
        """Braces or ``field =`` after an entry's ``}`` mean a brace closed it too early."""
        if chunk.closed and chunk.command.lower() not in {"comment", "preamble", "string"}:
            stray = _STRAY.search(self.text, start, end)
            if stray:
                line = self.at(stray.start()).line
                self.report(
                    chunk.start,
                    "BIB003",
                    "unbalanced braces: the entry is closed before its end",
                    f"text on line {line} is left outside it; remove the extra '}}'",
                )

    def _load_chunk(self, chunk: _Chunk) -> None:
        command = chunk.command.lower()
        if command in {"comment", "preamble"}:
            return
        if not chunk.closed:
            self._unreadable(chunk)
            if not self._unclosed_value(chunk):
                self.report(
                    chunk.start,
                    "BIB003",
                    "unbalanced braces: the entry is never closed",
                    "add the missing '}'",
                )
            return
        parser = _EntryParser(self.text[chunk.start : chunk.end], self.macros)
        try:
            _, (key, fields) = next(iter(parser))
        except (PybtexSyntaxError, StopIteration):
            self._unreadable(chunk)
            self._syntax_errors(chunk, parser)
            return
        self._syntax_errors(chunk, parser)
        if command == "string":
            return
        offsets = [chunk.start + offset for offset in parser.field_offsets]
        self._add_entry(chunk, key, list(zip(fields, offsets, strict=True)))

    def _unreadable(self, chunk: _Chunk) -> None:
        """Remember the key of an entry that could not be read."""
        key = _ENTRY_KEY.match(self.text, chunk.start)
        if key is not None:
            self.unreadable.add(key.group(1))

    def _unclosed_value(self, chunk: _Chunk) -> bool:
        """Report the first field whose ``{`` is still open where the next field starts: at
        its ``{``, with the line as it should be."""
        fields = list(_FIELD_LINE.finditer(self.text, chunk.start, chunk.end))
        for index, line in enumerate(fields):
            value = line.group(2)
            until = fields[index + 1].start() if index + 1 < len(fields) else chunk.end
            between = self.text[line.start(2) : until]
            if value.lstrip().startswith("{") and between.count("{") > between.count("}"):
                fixed = line.group(0).strip().rstrip(",").rstrip() + "},"
                self.report(
                    line.start(2) + len(value) - len(value.lstrip()),
                    "BIB003",
                    f"the '{{' of the '{line.group(1)}' value is never closed",
                    f"write: {fixed}",
                )
                return True
        return False

    def _missing_equals(self, offset: int, problem: str) -> bool:
        """Report a field name followed by its value without ``=``."""
        line_start = self.text.rfind("\n", 0, offset) + 1
        name = self.text[line_start:offset].strip()
        if problem != "'=' expected" or not re.fullmatch(r"[A-Za-z][\w-]*", name):
            return False
        line_end = self.text.find("\n", offset)
        value = self.text[offset : line_end if line_end >= 0 else len(self.text)].strip()
        self.report(
            offset,
            "BIB002",
            f"the field '{name}' needs '=' before its value",
            f"write: {name} = {value}",
        )
        return True

    def _missing_comma(self, offset: int) -> bool:
        """Report a field that starts where pybtex expected the ``,`` ending the one before:
        at the end of that field's last line, with the line as it should be."""
        field_start = _FIELD_START.match(self.text, offset)
        if field_start is None:
            return False
        end = len(self.text[:offset].rstrip())
        line_start = self.text.rfind("\n", 0, end) + 1
        line = self.text[line_start:end]
        self.report(
            end,
            "BIB002",
            f"missing ',' at the end of this line: the next field, '{field_start.group(1)}', "
            "cannot be read without it",
            f"write: {line.strip()},",
        )
        return True

    def _syntax_errors(self, chunk: _Chunk, parser: _EntryParser) -> None:
        for problem in parser.errors:
            _, _, pos = problem.error_context_info
            if isinstance(problem, UndefinedMacro):
                name = str(problem.args[0]) if problem.args else ""
                self.report(
                    chunk.start + pos - len(name),
                    "BIB006",
                    f"undefined @string macro '{name}'",
                    "define it with @string or put the value in braces",
                )
            else:
                message = str(problem.args[0]) if problem.args else "syntax error"
                offset = chunk.start + pos
                if not (self._missing_comma(offset) or self._missing_equals(offset, message)):
                    self.report(offset, "BIB002", f"syntax error: {message}")

    def _add_entry(self, chunk: _Chunk, key: str, fields: list) -> None:
        entry = Entry(chunk.command)
        entry.fields, entry.persons = CaseInsensitive(), CaseInsensitive()
        positions: dict[str, Position] = {}
        offsets: dict[str, int] = {}
        for (name, value_parts), offset in fields:
            lower = sys.intern(name.lower())
            if lower in positions:
                first = positions[lower].line
                self.report(
                    offset,
                    "BIB005",
                    f"entry '{key}' has a duplicate '{lower}' field",
                    f"first given on line {first}; the first value is kept",
                )
                continue
            positions[lower] = self.at(offset)
            offsets[lower] = offset
            value = normalize_whitespace("".join(value_parts))
            if lower in _PERSON_FIELDS:
                for part in self._add_persons(entry, lower, value, offset):
                    self._check_latex(key, lower, part, offset, chunk.end)
            else:
                entry.fields[lower] = value
                if lower in RENDERED_FIELDS and "\\" in value:  # else no macro, no stray brace
                    self._check_latex(key, lower, value, offset, chunk.end)
        self._check_links(entry, offsets)
        where = self.at(chunk.start)
        if key.lower() in self.folded:
            first = self.folded[key.lower()]
            self.report(
                chunk.start,
                "BIB004",
                f"duplicate key '{key}'",
                f"'{first.key}' is already defined on line {first.position.line}",
            )
            return
        entry.key = key
        reference = Reference(key, entry.type, entry, where, positions, digest=_digest(entry))
        self.references[key] = reference
        self.folded[key.lower()] = reference

    def _check_latex(self, key: str, name: str, value: str, offset: int, end: int) -> None:
        """A warning for each macro the decoder drops, at the macro itself, and for a field that
        would still show a backslash or brace (names part by part, as styles decode them: they
        recur, and :func:`decode` caches them)."""
        text, unknown = decode(value)
        for macro in unknown:
            found = self.text.find("\\" + macro, offset, end)
            self.diagnostics.append(
                warning(
                    self.path,
                    self.at(found if found >= 0 else offset),
                    "BIB015",
                    f"unknown LaTeX macro '\\{macro}' in the {name} of '{key}' is left out",
                    "replace it with the text it stands for",
                )
            )
        shown = str(text)
        if not unknown and any(char in shown for char in "\\{}"):
            self.diagnostics.append(
                warning(
                    self.path,
                    self.at(offset),
                    "BIB016",
                    f"the {name} of '{key}' would show a backslash or brace: '{shown}'",
                    "check the LaTeX of this field",
                )
            )

    def _add_persons(self, entry: Entry, role: str, value: str, offset: int) -> list[str]:
        """Add the people of one role; returns the parts of their names holding LaTeX macros."""
        names, empties = split_names(value)
        if empties:
            self.report(
                offset,
                "BIB009",
                f"empty name in the {role} list",
                "look for 'and and' or a leading or trailing 'and'",
            )
        latex: list[str] = []
        for name in names:
            person, valid, parts = self._person(name)
            if person is None:  # only options, as biber's ``useprefix=false``
                continue
            if not valid:
                self.report(
                    offset,
                    "BIB010",
                    f"cannot parse the name '{name}' in {role}",
                    "write 'Last, First' or 'First Last'",
                )
            entry.add_person(person, role)
            latex += parts
        return latex

    def _person(self, name: str) -> tuple[Person | None, bool, list[str]]:
        """A name parsed once per file (authors recur; pybtex's name parser is slow), whether
        it parsed cleanly, and its parts holding LaTeX macros; no person for a valid name of
        nothing but options. The shared :class:`Person` is only ever read."""
        if name not in self.people:
            with pybtex.errors.capture() as problems:
                person = extended_name(name) if _EXTENDED_NAME.match(name) else Person(name)
            valid = not any(isinstance(p, InvalidNameString) for p in problems)
            shown = person if str(person) or not valid else None
            self.people[name] = shown, valid, _name_parts(person)
        return self.people[name]

    def _check_links(self, entry: Entry, offsets: Mapping[str, int]) -> None:
        """An error at each link field no link may be built from (:mod:`generator.link_fields`)."""
        eprint_type = eprint_type_of(entry)
        for name in links.LINK_FIELDS:
            value = verbatim(entry.fields.get(name) or "")
            if not value:
                continue
            try:
                links.normalise(name, value, eprint_type)
            except links.InvalidLink as problem:
                self.report(offsets[name], _LINK_CODES[name], problem.message, problem.hint)

    def _resolve_aliases(self) -> None:
        """biblatex ``ids``: each alias becomes a citation key of its entry."""
        for reference in self.references.values():
            ids = reference.entry.fields.get("ids")
            if not ids:
                continue
            for alias in (part.strip() for part in ids.split(",")):
                other = self.folded.get(alias.lower())
                taken = other.key if other is not None else self.aliases.get(alias)
                if taken is not None and taken != reference.key:
                    self.diagnostics.append(
                        error(
                            self.path,
                            reference.field_positions["ids"],
                            "BIB017",
                            f"alias '{alias}' of entry '{reference.key}' is already "
                            f"the key or an alias of '{taken}'",
                            "remove it from ids",
                        )
                    )
                elif alias and taken is None:
                    self.aliases[alias] = reference.key

    def _resolve_crossrefs(self) -> None:
        for reference in self.references.values():
            target = reference.entry.fields.get("crossref")
            if target is None:
                continue
            parent = self.folded.get(target.lower())
            if parent is None and target in self.aliases:
                parent = self.references[self.aliases[target]]
            if parent is None:
                where = reference.field_positions["crossref"]
                self.diagnostics.append(
                    error(
                        self.path,
                        where,
                        "BIB007",
                        f"crossref '{target}' of entry '{reference.key}' does not exist",
                    )
                )
                continue
            _inherit(reference.entry, parent.entry)


def _inherit(child: Entry, parent: Entry) -> None:
    """BibTeX crossref inheritance: the child takes the fields and editors it lacks."""
    for name, value in parent.fields.items():
        if name.lower() == "title":
            child.fields.setdefault("booktitle", value)
        elif name not in child.fields:
            child.fields[name] = value
    for role, people in parent.persons.items():
        if role not in child.persons:
            child.persons[role] = list(people)


def _name_parts(person: Person) -> list[str]:
    """The parts of a name holding LaTeX macros (what styles decode, one part at a time)."""
    parts = (
        person.first_names
        + person.middle_names
        + person.prelast_names
        + person.last_names
        + person.lineage_names
    )
    return [part for part in parts if "\\" in part]


def extended_name(name: str) -> Person:
    """A name in biblatex's extended syntax (``family=Brown, given=Bob, prefix=de``); parts
    other than family, given, prefix and suffix (``useprefix=true``) are ignored."""
    person = Person()
    for part in _split_outside_braces(name, ","):
        key, _, value = part.partition("=")
        role = _NAME_PARTS.get(key.strip().lower())
        value = value.strip()
        if value.startswith("{") and value.endswith("}"):
            value = value[1:-1]
        if role and value:
            getattr(person, f"{role}_names").extend(_words(value))
    return person


def _split_outside_braces(value: str, separator: str) -> list[str]:
    """``value`` split on ``separator`` where it stands outside braces."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == separator and depth == 0:
            parts.append(value[start:index])
            start = index + 1
    parts.append(value[start:])
    return parts


def split_names(value: str) -> tuple[list[str], int]:
    """A name list split on ``and`` outside braces, and how many names were empty."""
    groups: list[list[str]] = [[]]
    for word in _words(value):
        if word.lower() == "and":
            groups.append([])
        else:
            groups[-1].append(word)
    names = [" ".join(group) for group in groups if group]
    return names, len(groups) - len(names)


_WORD_BREAKS = re.compile(r"[{}]|\s+")


def _words(value: str) -> list[str]:
    """Whitespace-separated words, keeping braced groups whole."""
    words, start, depth = [], 0, 0
    for match in _WORD_BREAKS.finditer(value):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            if match.start() > start:
                words.append(value[start : match.start()])
            start = match.end()
    if start < len(value):
        words.append(value[start:])
    return words


def _scan(text: str) -> Iterator[_Chunk]:
    """Cut the raw text into ``@command{…}`` chunks by brace matching.

    An entry still open when a new line starts with ``@type{`` is reported as never closed,
    so one missing brace does not swallow the rest of the file.
    """
    pos = 0
    while True:
        match = _ENTRY_START.search(text, pos)
        if match is None:
            return
        chunk = _match_braces(text, match.start(), match.end() - 1, match.group(1))
        yield chunk
        pos = max(chunk.end, match.end())


_NEW_LINE_ENTRY = r"\n(?=[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*[{(])"
#: Where the brace scan of an entry opened by ``{`` or ``(`` stops: braces, its closer, and a
#: line that starts a new entry.
_BRACE_STOPS = {
    "}": re.compile(rf"[{{}}]|{_NEW_LINE_ENTRY}"),
    ")": re.compile(rf"[{{}})]|{_NEW_LINE_ENTRY}"),
}


def _match_braces(text: str, start: int, opening: int, command: str) -> _Chunk:
    closing = ")" if text[opening] == "(" else "}"
    depth = 0
    for stop in _BRACE_STOPS[closing].finditer(text, opening + 1):
        char = stop.group()
        if char == "{":
            depth += 1
        elif char == "}" and depth:
            depth -= 1
        elif char == closing and not depth:
            return _Chunk(command, start, stop.end(), closed=True)
        elif char == "\n":
            return _Chunk(command, start, stop.start(), closed=False)
    return _Chunk(command, start, len(text), closed=False)


def _digest(entry: Entry) -> str:
    """A hash of the entry as formatting reads it: type, every field and every name's parts."""
    persons = {
        role: [
            (p.first_names, p.middle_names, p.prelast_names, p.last_names, p.lineage_names)
            for p in people
        ]
        for role, people in entry.persons.items()
    }
    text = repr((entry.type, list(entry.fields.items()), persons))
    return hashlib.sha256(text.encode()).hexdigest()
