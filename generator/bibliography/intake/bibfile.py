"""Adding records to references.bib: a readable key, no duplicates, one atomic append.

The file is never reformatted: the new entries are appended, as text, after its last byte, and
the whole is written to a temporary file beside it and renamed over it
(:func:`generator.files.write_atomically`), so a run killed half-way leaves it as it was.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from generator.bibliography.intake.records import FIELD_ORDER, Record, key_stem
from generator.bibliography.loader import Bibliography
from generator.files import write_atomically

#: Width of the field names, so the ``=`` line up as in the project's references.bib.
_NAME_WIDTH = len("shortjournal")


def entry_text(key: str, record: Record) -> str:
    """The record as one BibTeX entry: ``author`` first, then the known fields in order."""
    fields = []
    if record.authors:
        fields.append(("author", " and ".join(record.authors)))
    known = [(name, record.fields[name]) for name in FIELD_ORDER if name in record.fields]
    others = [(name, value) for name, value in record.fields.items() if name not in FIELD_ORDER]
    fields += known + others
    lines = [f"@{record.type}{{{key},"]
    lines += [f"  {name:<{_NAME_WIDTH}} = {{{value}}}," for name, value in fields]
    return "\n".join(lines) + "\n}\n"


def unique_key(record: Record, taken: set[str]) -> str:
    """``perry2013``, or ``perry2013b``, ``perry2013c`` … when taken (compared ignoring case)."""
    stem = key_stem(record)
    folded = {key.lower() for key in taken}
    if stem.lower() not in folded:
        return stem
    suffix = "b"
    while f"{stem}{suffix}".lower() in folded:
        suffix = chr(ord(suffix) + 1) if suffix[-1] != "z" else suffix + "a"
    return f"{stem}{suffix}"


_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+|\\.")


def title_fingerprint(title: str | None) -> str:
    """A title reduced to its letters and digits, lowercased, for spotting the same paper."""
    if not title:
        return ""
    folded = unicodedata.normalize("NFKD", _LATEX_COMMAND.sub("", title).casefold())
    return "".join(char for char in folded if char.isalnum())


def identities(doi: str | None, pmid: str | None, title: str | None) -> list[tuple[str, str]]:
    """What identifies a paper, strongest first: its DOI, its PMID, its title's letters."""
    found = []
    if doi:
        found.append(("DOI", doi.lower()))
    if pmid:
        found.append(("PMID", pmid))
    fingerprint = title_fingerprint(title)
    if len(fingerprint) >= 12:  # a real title, not "Editorial"
        found.append(("title", fingerprint))
    return found


class KnownPapers:
    """The papers already in the bibliography (and those added in this run), by identity."""

    def __init__(self, bibliography: Bibliography) -> None:
        self.keys: dict[tuple[str, str], str] = {}
        for reference in bibliography:
            ids = identities(reference.raw("doi"), reference.raw("pmid"), reference.raw("title"))
            self._add(reference.key, ids)

    def _add(self, key: str, ids: Iterable[tuple[str, str]]) -> None:
        for identity in ids:
            self.keys.setdefault(identity, key)

    def find(self, record: Record) -> tuple[str, str] | None:
        """``(key, what matched)`` of the paper ``record`` already is, or ``None``."""
        for identity in identities(record.get("doi"), record.get("pmid"), record.get("title")):
            if identity in self.keys:
                kind, value = identity
                what = "the same title" if kind == "title" else f"{kind} {value}"
                return self.keys[identity], what
        return None

    def add(self, key: str, record: Record) -> None:
        """Remember a record added in this run."""
        self._add(key, identities(record.get("doi"), record.get("pmid"), record.get("title")))


def append_entries(path: Path, entries: list[str]) -> None:
    """Append entries to the .bib file atomically, leaving every existing byte as it was.

    A symlinked references.bib stays a link: the file it points to is the one replaced. The
    entries end their lines as the file's first line does (CRLF, as Windows editors save it).
    """
    path = path.resolve()
    old = path.read_bytes() if path.exists() else b""
    newline = b"\r\n" if old.partition(b"\n")[0].endswith(b"\r") else b"\n"
    body, trailing = old, 0
    while body.endswith(newline):
        body, trailing = body[: -len(newline)], trailing + 1
    separator = newline * max(0, 2 - trailing) if old.strip() else b""
    added = "\n".join(entries).encode("utf-8").replace(b"\n", newline)
    write_atomically(path, old + separator + added)
