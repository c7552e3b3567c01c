"""The "This Month's Video" and "This Month's Podcast" blocks, read from ``content/newsletter.yml``.

The file maps a month (``YYYY-MM``) to an optional ``video`` and ``podcast``, each with a
``title`` (required), ``presenter``, ``description`` and ``url`` (absolute ``https://``)::

    2021-02:
      video:
        title: Diagnosis of Pulmonary Embolism in Pregnancy
        presenter: Lauren Westafer, DO, MPH
        description: Dr. Westafer is an assistant professor of emergency medicine …
        url: https://example.org/videos/pe-in-pregnancy

======  ==============================================================
Code    Problem
======  ==============================================================
NWS001  the file is not a mapping of months
NWS002  a month is not written ``YYYY-MM`` or is not a real month
NWS003  unknown field (a month holds ``video``/``podcast``; each of those
        ``title``, ``presenter``, ``description``, ``url``), with a did-you-mean
NWS004  a field has the wrong type, or ``title`` is missing
NWS005  ``url`` is not an absolute http(s) address
======  ==============================================================

YAML syntax problems are reported as YAML001-YAML003 like everywhere else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.content.frontmatter import normalise
from generator.diagnostics import Diagnostic, closest, did_you_mean, error
from generator.yaml_source import YamlDocument, YamlPath, load_yaml

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_KINDS = ("video", "podcast")
_FIELDS = ("title", "presenter", "description", "url")


@dataclass(frozen=True)
class Feature:
    """One video or podcast recommended for the month."""

    title: str
    presenter: str = ""
    description: str = ""
    url: str | None = None


@dataclass(frozen=True)
class MonthlyFeatures:
    """The month's video and podcast; either may be absent."""

    video: Feature | None = None
    podcast: Feature | None = None


def month_key(date: dt.date) -> str:
    """The key a date's month has in ``newsletter.yml``."""
    return f"{date:%Y-%m}"


def load_monthly_features(path: Path) -> tuple[dict[str, MonthlyFeatures], list[Diagnostic]]:
    """Every month's features, and a diagnostic with its line for each problem.

    A missing file means no month has features.
    """
    if not path.is_file():
        return {}, []
    text, diagnostics = normalise(path.read_bytes(), path)
    if text is None:
        return {}, diagnostics
    document, problems = load_yaml(text, path)
    diagnostics += problems
    if document is None or document.value is None:
        return {}, diagnostics
    reader = _Reader(path, document, diagnostics)
    if not isinstance(document.value, dict):
        reader.problem((), "NWS001", "newsletter.yml must map months (YYYY-MM) to features")
        return {}, diagnostics
    months = {}
    for key, value in document.value.items():
        month = reader.month(key, value)
        if month is not None:
            months[key] = month
    return months, diagnostics


@dataclass
class _Reader:
    path: Path
    document: YamlDocument
    diagnostics: list[Diagnostic]

    def problem(self, where: YamlPath, code: str, message: str, hint: str | None = None) -> None:
        where_written = self.document.position(where)
        self.diagnostics.append(error(self.path, where_written, code, message, hint))

    def unknown(self, where: YamlPath, known: tuple[str, ...]) -> None:
        name = str(where[-1])
        hint = did_you_mean(closest(name, known)) or f"known fields: {', '.join(known)}"
        self.problem(where, "NWS003", f"unknown field '{name}'", hint)

    def month(self, key: str, value: Any) -> MonthlyFeatures | None:
        match = _MONTH.match(key)
        if match is None or not 1 <= int(match.group(2)) <= 12:
            self.problem((key,), "NWS002", f"'{key}' is not a month", "write it as YYYY-MM")
            return None
        if not isinstance(value, dict):
            self.problem((key,), "NWS004", f"{key} must hold 'video' and/or 'podcast'")
            return None
        for name in value:
            if name not in _KINDS:
                self.unknown((key, name), _KINDS)
        found = {kind: self.feature((key, kind), value[kind]) for kind in _KINDS if kind in value}
        return MonthlyFeatures(**found)

    def feature(self, where: YamlPath, value: Any) -> Feature | None:
        if not isinstance(value, dict):
            self.problem(where, "NWS004", f"'{where[-1]}' must hold title, presenter, description")
            return None
        fields: dict[str, str] = {}
        for name, text in value.items():
            if name not in _FIELDS:
                self.unknown((*where, name), _FIELDS)
            elif not isinstance(text, str) or not text.strip():
                self.problem((*where, name), "NWS004", f"'{name}' must be text")
            else:
                fields[name] = text.strip()
        if "title" not in fields:
            if "title" not in value:
                self.problem(where, "NWS004", f"'{where[-1]}' needs a title")
            return None
        url = fields.get("url")
        parts = urlsplit(url or "")
        if url is not None and (parts.scheme not in ("http", "https") or not parts.netloc):
            self.problem((*where, "url"), "NWS005", f"'{url}' is not an absolute http(s) address")
            return None
        return Feature(**fields)
