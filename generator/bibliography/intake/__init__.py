"""Reference intake: ``pearls refs add`` and ``pearls refs check-online``.

Medical editors collect references in PubMed and Zotero, not by typing BibTeX. Exports
(:mod:`~generator.bibliography.intake.records`) and PubMed/Crossref records
(:mod:`~generator.bibliography.intake.online`) become normalised records, which are given a
readable key, checked against the bibliography for duplicates and appended to it atomically
(:mod:`~generator.bibliography.intake.bibfile`).

======  ========  ==========================================================================
Code    Severity  Problem
======  ========  ==========================================================================
REF101  error     an export file (MEDLINE, RIS, CSL-JSON, BibTeX) that cannot be read
REF102  warning   a reference to add is already in the bibliography (same DOI, PMID or title)
REF103  warning   a cited entry's volume, pages or year differ from PubMed's or Crossref's
REF104  warning   a cited entry was retracted (PubMed's "Retraction in", Crossref's updates)
REF105  warning   PubMed or Crossref has no record of a cited entry's PMID or DOI
======  ========  ==========================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.bibliography.intake.bibfile import (
    KnownPapers,
    append_entries,
    entry_text,
    unique_key,
)
from generator.bibliography.intake.records import READERS, Record, read_records
from generator.bibliography.loader import Bibliography
from generator.diagnostics import Diagnostic, Position, warning

__all__ = ["READERS", "Intake", "Record", "add_records", "read_records"]


@dataclass
class Intake:
    """What ``add_records`` did: the entries written (key, text) and the duplicates skipped."""

    added: list[tuple[str, str]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def add_records(path: Path, bibliography: Bibliography, records: list[Record]) -> Intake:
    """Append the records that are not in the bibliography yet to ``path``, in one write."""
    intake = Intake()
    known = KnownPapers(bibliography)
    taken = set(bibliography.keys())
    for record in records:
        duplicate = known.find(record)
        if duplicate:
            key, what = duplicate
            if key in bibliography:
                where = bibliography.position(key)
                message = f"{what} ({record.source}) is already in the bibliography as '{key}'"
            else:
                where = Position(1, 1)
                message = f"{what} ({record.source}) is given twice; added once, as '{key}'"
            intake.diagnostics.append(warning(path, where, "REF102", message, "not added"))
            continue
        key = unique_key(record, taken)
        taken.add(key)
        known.add(key, record)
        intake.added.append((key, entry_text(key, record)))
    if intake.added:
        append_entries(path, [text for _, text in intake.added])
    return intake
