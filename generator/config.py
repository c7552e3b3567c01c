"""Typed settings, read from the one configuration file: ``mkdocs.yml``.

The site's own settings (``site_url``, ``site_name``, ``copyright``) are MkDocs'; the generator's
live under ``extra: pearls:`` so MkDocs (and Zensical, which reads the same file) accept the file
unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.fields import CONTROL
from generator.content.frontmatter import normalise
from generator.diagnostics import Diagnostic, Position, error
from generator.errors import UsageError
from generator.yaml_source import load_yaml

CONFIG_FILE = "mkdocs.yml"


#: The extensions MkDocs puts before those ``mkdocs.yml`` lists.
MKDOCS_EXTENSIONS = ("toc", "tables", "fenced_code")


class ProjectNotFound(UsageError):
    """The folder given (or the current one) holds no mkdocs.yml."""


@dataclass(frozen=True)
class EmailSettings:
    """The newsletter's sender, subject and list headers."""

    sender: str = "Clinical Pearls <pearls@example.org>"
    reply_to: str | None = None
    subject: str = "Clinical Pearl: {title}"
    unsubscribe_merge_tag: str = "*|UNSUB|*"
    unsubscribe_url: str | None = None


@dataclass(frozen=True)
class Settings:
    """Everything the generator reads from ``mkdocs.yml``."""

    root: Path
    site_name: str = "Clinical Pearls"
    site_url: str = "https://example.org/"
    copyright: str = ""
    content_dir: str = "content"
    bibliography: str = "references.bib"
    citation_style: str = "ama"
    reference_list: bool = True
    review_interval_years: int = 3
    default_authors: tuple[str, ...] = ()
    home_pearl: str | None = None
    email: EmailSettings = field(default_factory=EmailSettings)
    #: The site's Markdown: MkDocs' own extensions, then ``markdown_extensions`` in order.
    markdown_extensions: tuple[str, ...] = MKDOCS_EXTENSIONS
    #: Each extension's options (``- toc: {permalink: true}``), by extension name.
    markdown_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Where each ``extra.pearls`` setting was written, for diagnostics about its value.
    positions: dict[str, Position] = field(default_factory=dict, repr=False, compare=False)

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    @property
    def pearls_path(self) -> Path:
        return self.content_path / "pearls"

    @property
    def bibliography_path(self) -> Path:
        return self.root / self.bibliography

    @property
    def topics_path(self) -> Path:
        return self.content_path / "topics.yml"

    @property
    def newsletter_path(self) -> Path:
        """The newsletter's monthly extras ("This Month's Video/Podcast")."""
        return self.content_path / "newsletter.yml"


def find_project(start: Path) -> Path:
    """The folder holding mkdocs.yml: ``start`` itself or the nearest parent."""
    start = start.resolve()
    for folder in (start, *start.parents):
        config = folder / CONFIG_FILE
        if config.is_file():
            return folder
        if config.is_dir():
            raise ProjectNotFound(f"{config} is a folder, not a file")
    raise ProjectNotFound(f"no {CONFIG_FILE} in {start} or any folder above it")


_SETTINGS_FIELDS = {
    "content_dir": str,
    "bibliography": str,
    "citation_style": str,
    "reference_list": bool,
    "review_interval_years": int,
    "home_pearl": str,
}
_EMAIL_FIELDS = {
    "from": "sender",
    "reply_to": "reply_to",
    "subject": "subject",
    "unsubscribe_merge_tag": "unsubscribe_merge_tag",
    "unsubscribe_url": "unsubscribe_url",
}
#: The email settings that become headers (From, Reply-To, Subject, List-Unsubscribe).
_HEADER_FIELDS = ("from", "reply_to", "subject", "unsubscribe_url")


def load_settings(root: Path) -> tuple[Settings, list[Diagnostic]]:
    """Read ``root/mkdocs.yml``; problems in it are diagnostics, defaults fill the gaps."""
    path = root / CONFIG_FILE
    text, diagnostics = normalise(path.read_bytes(), path)
    if text is None:
        return Settings(root), diagnostics
    document, problems = load_yaml(text, path)
    diagnostics += problems
    data = document.value if document and isinstance(document.value, dict) else {}
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    pearls: dict[str, Any] = extra.get("pearls") if isinstance(extra.get("pearls"), dict) else {}
    values: dict[str, Any] = {}
    for name in ("site_name", "site_url", "copyright"):
        if isinstance(data.get(name), str):
            values[name] = data[name]
    for name, kind in _SETTINGS_FIELDS.items():
        if name in pearls:
            if isinstance(pearls[name], kind):
                values[name] = pearls[name]
            else:
                where = document.position(("extra", "pearls", name)) if document else Position()
                diagnostics.append(
                    error(path, where, "CFG004", f"extra.pearls.{name} must be a {kind.__name__}")
                )
    authors = pearls.get("authors", [])
    if isinstance(authors, list):
        values["default_authors"] = tuple(str(a) for a in authors)
    email = pearls.get("email") if isinstance(pearls.get("email"), dict) else {}
    values["email"] = EmailSettings(
        **{attr: str(email[key]) for key, attr in _EMAIL_FIELDS.items() if email.get(key)}
    )
    headers = {("site_name",): data.get("site_name")}
    headers |= {("extra", "pearls", "email", key): email.get(key) for key in _HEADER_FIELDS}
    for keys, value in headers.items():
        if document is not None and isinstance(value, str) and CONTROL.search(value):
            diagnostics.append(
                error(
                    path,
                    document.value_position(keys),
                    "CFG008",
                    f"{'.'.join(keys)} holds a line break or control character; "
                    "it becomes an e-mail header",
                    "write it on one line",
                )
            )
    values["markdown_extensions"], values["markdown_configs"] = _markdown_extensions(
        data.get("markdown_extensions")
    )
    if document is not None:
        values["positions"] = {
            name: document.position(("extra", "pearls", name)) for name in pearls
        }
    return Settings(root=root, **values), diagnostics


def _markdown_extensions(entries: Any) -> tuple[tuple[str, ...], dict[str, dict[str, Any]]]:
    """The extensions and their options as MkDocs reads ``markdown_extensions``: names, or
    one-key mappings of a name to its options, after MkDocs' own (MkDocs rejects the rest)."""
    names = list(MKDOCS_EXTENSIONS)
    configs: dict[str, dict[str, Any]] = {}
    for entry in entries if isinstance(entries, list) else []:
        one = isinstance(entry, dict) and len(entry) == 1
        name, options = next(iter(entry.items())) if one else (entry, None)
        if not isinstance(name, str):
            continue
        if name not in names:
            names.append(name)
        if isinstance(options, dict):
            configs[name] = options
    return tuple(names), configs
