"""Fetching references from PubMed (E-utilities) and Crossref, and checking cited ones against them.

The only code of the project that uses the network, and only when asked (``pearls refs add
--pmid/--doi``, ``pearls refs check-online``). Every request says on stderr what it fetches and
from where, gives up after :data:`TIMEOUT` seconds, and a failure to connect is one line
(:class:`OfflineError`, exit status 2). Tests replace :func:`open_url` with recorded responses.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from urllib.parse import quote

from generator.bibliography.intake.records import (
    Record,
    RecordError,
    csl_record,
    full_pages,
    read_medline,
)
from generator.bibliography.loader import Bibliography, Reference
from generator.diagnostics import Diagnostic, warning
from generator.errors import PearlsError

#: Seconds to wait for an answer.
TIMEOUT = 10
PUBMED = ("PubMed", "eutils.ncbi.nlm.nih.gov")
CROSSREF = ("Crossref", "api.crossref.org")

Opener = Callable[[str], bytes]


class OfflineError(PearlsError):
    """PubMed or Crossref could not be reached (no network, a timeout): exit 2.

    (An answer other than the record or "not found" is a plain :class:`PearlsError`.)
    """


def open_url(url: str) -> bytes:
    """The body of a GET request (the one place the project opens a network connection)."""
    request = urllib.request.Request(url, headers={"User-Agent": "clinical-pearls (pearls refs)"})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return response.read()


def pubmed_url(pmid: str) -> str:
    """E-utilities efetch of one PubMed record in MEDLINE format."""
    host = PUBMED[1]
    return (
        f"https://{host}/entrez/eutils/efetch.fcgi?db=pubmed&id={pmid}&rettype=medline&retmode=text"
    )


def crossref_url(doi: str) -> str:
    """The Crossref REST API's work record for a DOI."""
    return f"https://{CROSSREF[1]}/works/{quote(doi, safe='')}"


def _get(url: str, service: tuple[str, str], what: str) -> bytes | None:
    """The response body, ``None`` when the service has no such record; OfflineError otherwise."""
    name, host = service
    print(f"fetching {what} from {name} ({host})…", file=sys.stderr)
    try:
        return open_url(url)
    except urllib.error.HTTPError as exc:
        if exc.code in {400, 404}:
            return None
        raise PearlsError(f"{name} ({host}) answered HTTP {exc.code} for {what}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise OfflineError(
            f"cannot reach {name} ({host}): {reason}; check the internet connection"
        ) from None


def fetch_pubmed(pmid: str) -> Record | None:
    """The PubMed record with this PMID, or ``None`` if PubMed has none."""
    body = _get(pubmed_url(pmid), PUBMED, f"PMID {pmid}")
    text = (body or b"").decode("utf-8", errors="replace")
    if "PMID-" not in text:
        return None
    return read_medline(text, f"PubMed PMID {pmid}")[0]


def fetch_crossref(doi: str) -> Record | None:
    """Crossref's record of this DOI, with any retraction it reports, or ``None``."""
    body = _get(crossref_url(doi), CROSSREF, f"doi:{doi}")
    if body is None:
        return None
    refused = f"Crossref's answer for doi:{doi} is not a work record"
    try:
        work = json.loads(body)["message"]
    except (ValueError, KeyError, TypeError):
        raise PearlsError(refused) from None
    if not isinstance(work, dict):
        raise PearlsError(refused)
    try:
        record = csl_record(work, f"Crossref doi:{doi}")
    except RecordError as problem:
        raise PearlsError(f"{refused}: {problem.message}") from None
    record.retractions = crossref_retractions(work)
    return record


def crossref_retractions(work: dict) -> list[str]:
    """Retractions Crossref reports for a work: ``updated-by``/``update-to`` or a relation."""
    notices = []
    for update in (work.get("updated-by") or []) + (work.get("update-to") or []):
        if "retract" in str(update.get("type", "")).lower():
            notices.append(f"retraction notice doi:{update.get('DOI', '?')}")
    for relation, targets in (work.get("relation") or {}).items():
        if "retract" in relation.lower():
            notices += [f"{relation} {target.get('id', '?')}" for target in targets]
    return notices


# --- pearls refs check-online --------------------------------------------------------------------

#: Fields compared with the online record.
COMPARED = ("volume", "pages", "year")


def check_online(bibliography: Bibliography, keys: list[str]) -> list[Diagnostic]:
    """Warnings for cited entries whose volume, pages or year differ from PubMed's or
    Crossref's record, or that were retracted (REF103–REF105)."""
    diagnostics: list[Diagnostic] = []
    for key in keys:
        reference = bibliography.get(key)
        if reference is None:
            continue
        pmid, doi = reference.raw("pmid"), reference.doi()
        lookups = [("PubMed", f"PMID {pmid}", pmid, fetch_pubmed)] if pmid else []
        lookups += [("Crossref", f"doi:{doi}", doi, fetch_crossref)] if doi else []
        compared: set[str] = set()
        for service, label, identifier, fetch in lookups:
            record = fetch(identifier)
            if record is None:
                message = f"{service} has no record of {label} (cited as '{key}')"
                hint = "check the identifier in references.bib"
                diagnostics.append(_warn(bibliography, reference, None, "REF105", message, hint))
                continue
            for name in COMPARED:
                ours, theirs = (
                    _comparable(name, reference.raw(name)),
                    _comparable(name, record.get(name)),
                )
                if name in compared or not ours or not theirs or ours == theirs:
                    continue
                compared.add(name)
                message = (
                    f"{name} of '{key}' is {ours} but {theirs} in {service}'s record of {label}"
                )
                hint = "check the article and correct references.bib"
                diagnostics.append(_warn(bibliography, reference, name, "REF103", message, hint))
            for notice in record.retractions:
                message = f"'{key}' was retracted: {notice.rstrip('.')} ({service}, {label})"
                hint = "cite the retraction notice too, or stop citing it"
                diagnostics.append(_warn(bibliography, reference, None, "REF104", message, hint))
    return diagnostics


def _comparable(name: str, value: str | None) -> str | None:
    """A field value as compared: pages in full with a hyphen, others stripped."""
    if not value:
        return None
    value = value.strip()
    return full_pages(value).replace("--", "-") if name == "pages" else value


def _warn(
    bibliography: Bibliography,
    reference: Reference,
    field: str | None,
    code: str,
    message: str,
    hint: str,
) -> Diagnostic:
    where = reference.field_positions.get(field or "", reference.position)
    return warning(bibliography.path, where, code, message, hint)
