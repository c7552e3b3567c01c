"""Typed settings, read from the one configuration file: ``mkdocs.yml``.

The site's own settings (``site_url``, ``site_name``, ``copyright``) are MkDocs'; the generator's
are the ``pearls`` plugin's options (``plugins: [search, {pearls: {citation_style: ama, …}}]``).
:class:`PearlsOptions` is their one definition: MkDocs validates the plugin's entry with it, and
:func:`load_settings` (every ``pearls`` command, without running MkDocs) checks the same entry with
the same schema, so both refuse the same mistakes and name the key and its line.

| code   | problem                                                                  |
|--------|--------------------------------------------------------------------------|
| CFG001 | an option the ``pearls`` plugin does not have (a typo: "did you mean")   |
| CFG002 | settings left under ``extra: pearls:``, where they are no longer read     |
| CFG004 | an option whose value has the wrong type (or is no https URL: ``signup_url``) |
| CFG008 | an e-mail header setting holding a line break or control character       |

A file that is not settings at all (a list, a word) is CFG009 at its first line, as MkDocs
refuses it (:mod:`generator.site.mkdocs_checks`); nothing else of it is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError
from mkdocs.exceptions import MkDocsException
from mkdocs.utils.yaml import yaml_load
from yaml import YAMLError

from generator import link_fields
from generator.bibliography.titles import TITLE_CASES
from generator.content.fields import CONTROL, value_kind
from generator.content.frontmatter import normalise
from generator.diagnostics import Diagnostic, Position, closest, did_you_mean, error
from generator.errors import UsageError
from generator.evidence import SORT, EvidenceScale, scale_from_option
from generator.yaml_source import YamlDocument, YamlPath, load_yaml

CONFIG_FILE = "mkdocs.yml"
#: MkDocs' guide to its settings (a heading each: ``#site_url``).
MKDOCS_GUIDE = "https://www.mkdocs.org/user-guide/configuration/"


#: The extensions MkDocs puts before those ``mkdocs.yml`` lists.
MKDOCS_EXTENSIONS = ("toc", "tables", "fenced_code")
#: The extensions the generated pages are written with, which the plugin adds when
#: ``markdown_extensions`` lacks them: ``attr_list`` (a heading's ``{ data-search-exclude }``)
#: and ``md_in_html`` (``markdown="span"`` in the listings' HTML).
PAGE_EXTENSIONS = ("attr_list", "md_in_html")


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
    #: ``as-written`` or ``sentence`` for article titles; ``None``: the style's own default.
    title_case: str | None = None
    reference_list: bool = True
    review_interval_years: int = 3
    default_authors: tuple[str, ...] = ()
    home_pearl: str | None = None
    #: The newsletter's sign-up page (an https URL), linked from the home page and each pearl.
    signup_url: str | None = None
    #: The project's own templates folder (relative to ``root``): overrides the packaged ones.
    templates: str = "templates"
    #: MkDocs' ``docs_dir`` (relative to ``root``): where `pearls serve` has the pages generated.
    docs_dir: str = "docs"
    email: EmailSettings = field(default_factory=EmailSettings)
    #: The scale a pearl's ``evidence: {level: …}`` is graded on.
    evidence_scale: EvidenceScale = SORT
    #: The site's Markdown: MkDocs' own extensions, then ``markdown_extensions`` in order.
    markdown_extensions: tuple[str, ...] = MKDOCS_EXTENSIONS
    #: Each extension's options (``- toc: {permalink: true}``), by extension name.
    markdown_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Where each plugin option was written, for diagnostics about its value.
    positions: dict[str, Position] = field(default_factory=dict, repr=False, compare=False)

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    @property
    def pearls_path(self) -> Path:
        return self.content_path / "pearls"

    @property
    def pages_path(self) -> Path:
        """Pages written by hand (About, the editor's guide)."""
        return self.content_path / "pages"

    @property
    def templates_path(self) -> Path:
        return self.root / self.templates

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
    raise ProjectNotFound(
        f"no {CONFIG_FILE} in {start} or any folder above it: run pearls inside a pearl "
        "repository (or give --project DIR), or make one with `pearls init DIR`"
    )


_WHAT = {str: "text", bool: "true or false", int: "a whole number", list: "a list"}


class Typed(c.Type):
    """A value of one type, refused with a message an editor can read (``true`` is no number)."""

    def run_validation(self, value: object) -> Any:
        if not isinstance(value, self._type) or (self._type is int and isinstance(value, bool)):
            shown = repr(value) if isinstance(value, str | int | float) else type(value).__name__
            raise ValidationError(f"expected {_WHAT[self._type]}, not {shown}")
        return value


class HttpsUrl(Typed):
    """An absolute ``https://`` URL with a host (a sign-up page readers are sent to)."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        url = super().run_validation(value)
        try:
            link_fields.url(url)  # the web address a reference's url must be, too
        except link_fields.InvalidLink:
            url = ""
        if not url.startswith("https://"):
            raise ValidationError(f"expected an https:// URL, not {value!r}")
        return url


class TextList(c.ListOfItems):
    """A list of strings (``authors``)."""

    def __init__(self) -> None:
        super().__init__(Typed(str), default=[])

    def run_validation(self, value: object) -> list[str]:
        if not isinstance(value, list):
            raise ValidationError(f"expected a list, not {type(value).__name__}")
        return super().run_validation(value)


class EvidenceScaleOption(c.BaseConfigOption[EvidenceScale]):
    """``evidence_scale: {name: SORT, levels: {A: meaning, …}}``; SORT when not given."""

    def run_validation(self, value: object) -> EvidenceScale:
        if value is None or isinstance(value, EvidenceScale):
            return value or SORT
        try:
            return scale_from_option(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class PearlsOptions(Config):
    """The ``pearls`` plugin's options in ``mkdocs.yml``: the generator's settings."""

    content_dir = Typed(str, default="content")
    bibliography = Typed(str, default="references.bib")
    #: Whether the style exists is checked against the style registry (:mod:`generator.project`).
    citation_style = Typed(str, default="ama")
    title_case = c.Optional(c.Choice(TITLE_CASES))
    reference_list = Typed(bool, default=True)
    review_interval_years = Typed(int, default=3)
    home_pearl = c.Optional(Typed(str))
    signup_url = c.Optional(HttpsUrl())
    authors = TextList()
    templates = Typed(str, default="templates")
    evidence_scale = EvidenceScaleOption()
    email = c.SubConfig(
        ("from", Typed(str, default=EmailSettings.sender)),
        ("reply_to", c.Optional(Typed(str))),
        ("subject", Typed(str, default=EmailSettings.subject)),
        ("unsubscribe_merge_tag", Typed(str, default=EmailSettings.unsubscribe_merge_tag)),
        ("unsubscribe_url", c.Optional(Typed(str))),
        validate=True,
    )


#: The plugin's name in ``plugins:`` (its ``mkdocs.plugins`` entry point).
PLUGIN = "pearls"
#: How to list the plugin, without which `pearls build` does not build (CFG062 in the check).
PLUGIN_HINT = f"add it under plugins: (plugins: [search, {PLUGIN}])"
#: The email settings that become headers (From, Reply-To, Subject, List-Unsubscribe).
_HEADER_FIELDS = ("from", "reply_to", "subject", "unsubscribe_url")


class _Problem(NamedTuple):
    keys: tuple[str, ...]
    code: str
    message: str
    hint: str | None = None


def option_problems(options: Mapping[str, Any], path: Path) -> list[tuple[str, Diagnostic]]:
    """Each unknown option (CFG001, with "did you mean") and value of the wrong type (CFG004)
    given to the plugin, by dotted name, as a diagnostic at the key's line in ``path`` (the
    ``mkdocs.yml`` the options were read from)."""
    problems = _problems(options, PearlsOptions._schema)
    if not problems:
        return []
    document, _ = read_document(path) if path.is_file() else (None, [])
    diagnostics = _diagnostics(problems, path, document)
    return [(".".join(p.keys), d) for p, d in zip(problems, diagnostics, strict=True)]


def _diagnostics(
    problems: list[_Problem], path: Path, document: YamlDocument | None
) -> list[Diagnostic]:
    where = plugin_entry(document)[1]
    return [
        error(
            path,
            document.position((*where, *p.keys)) if document and where else Position(),
            p.code,
            p.message,
            p.hint,
        )
        for p in problems
    ]


def read_document(path: Path) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """``mkdocs.yml`` parsed with the position of every key; ``None`` and why when it is not
    YAML, or not settings (``name: value`` lines) at all: every reader of it steps aside."""
    text, diagnostics = normalise(path.read_bytes(), path)
    if text is None:
        return None, diagnostics
    document, problems = load_yaml(text, path)
    if document is not None and not isinstance(document.value, dict | None):
        kind = value_kind(document.value)
        message = f"{CONFIG_FILE} must be a mapping of settings (name: value lines), not {kind}"
        hint = f"MkDocs refuses it, so the build would stop: see {MKDOCS_GUIDE}"
        refused = error(path, Position(1, 1), "CFG009", message, hint)
        return None, [*diagnostics, *problems, refused]
    return document, diagnostics + problems


def _problems(
    options: Mapping[str, Any], schema: Any, keys: tuple[str, ...] = ()
) -> list[_Problem]:
    known = dict(schema)
    problems = []
    for key, value in options.items():
        at = (*keys, str(key))
        name = ".".join(at)
        option = known.get(key)
        if option is None:
            hint = did_you_mean(closest(str(key), list(known))) or "options: " + ", ".join(known)
            problems.append(
                _Problem(at, "CFG001", f"the pearls plugin has no option '{name}'", hint)
            )
        elif isinstance(option, c.SubConfig) and isinstance(value, dict):
            problems += _problems(value, option.config_class()._schema, at)
        else:
            try:
                option.validate(value)
            except ValidationError as exc:
                problems.append(_Problem(at, "CFG004", f"{name}: {exc}"))
    return problems


def names_plugin(name: object) -> bool:
    """Whether ``name``, in ``plugins``, is the ``pearls`` plugin (``/pearls``: MkDocs' way of
    naming a plugin without the theme's namespace)."""
    return isinstance(name, str) and name.removeprefix("/") == PLUGIN


def plugin_entries(document: YamlDocument | None) -> list[tuple[YamlPath, Any]]:
    """Each entry of ``plugins`` in ``mkdocs.yml`` naming the ``pearls`` plugin, as MkDocs
    reads the list (a name, or a mapping of one name to its options): where its options are
    and what they are (``None`` for a name alone)."""
    data = document.value if document is not None and isinstance(document.value, dict) else {}
    plugins = data.get("plugins")
    if isinstance(plugins, dict):
        return [(("plugins", name), value) for name, value in plugins.items() if names_plugin(name)]
    entries: list[tuple[YamlPath, Any]] = []
    for index, entry in enumerate(plugins if isinstance(plugins, list) else []):
        if names_plugin(entry):
            entries.append((("plugins", index, entry), None))
        elif isinstance(entry, dict) and len(entry) == 1:
            [(name, options)] = entry.items()
            if names_plugin(name):
                entries.append((("plugins", index, name), options))
    return entries


def plugin_entry(document: YamlDocument | None) -> tuple[dict[str, Any], YamlPath | None]:
    """The ``pearls`` plugin's options in ``mkdocs.yml`` (its first entry, the one MkDocs
    names ``pearls``) and where they are, or ``({}, None)`` when ``plugins`` does not list it."""
    entries = plugin_entries(document)
    if not entries:
        return {}, None
    where, options = entries[0]
    options = options if isinstance(options, dict) else {}
    # ``enabled`` is MkDocs' own option of every plugin (it never reaches the plugin).
    return {key: value for key, value in options.items() if key != "enabled"}, where


def mkdocs_settings(path: Path) -> dict[str, Any] | None:
    """``mkdocs.yml``'s settings as MkDocs reads them (``INHERIT``, ``!ENV``), or ``None``
    when MkDocs cannot read them (its own validation says why)."""
    try:
        with path.open("rb") as file:
            settings = yaml_load(file)
    except (MkDocsException, YAMLError, OSError, AttributeError, TypeError, ValueError,
            RecursionError):  # fmt: skip
        return None
    return settings if isinstance(settings, dict) else None


def loaded_entries(settings: dict[str, Any] | None) -> list[Any] | None:
    """The options of each entry of ``plugins`` naming the ``pearls`` plugin, in order, as
    MkDocs loads them from ``settings`` (:func:`mkdocs_settings`); ``None`` when MkDocs
    refuses ``plugins`` itself (not a list, an entry of two names)."""
    plugins = settings.get("plugins", ["search"]) if settings is not None else None
    if isinstance(plugins, list | tuple):  # MkDocs takes each mapping apart: take a copy
        plugins = [dict(entry) if isinstance(entry, dict) else entry for entry in plugins]
    elif not isinstance(plugins, dict):
        return None
    try:
        entries = list(c.Plugins._parse_configs(plugins))
    except ValidationError:
        return None
    return [options for name, options in entries if names_plugin(name)]


def load_settings(root: Path) -> tuple[Settings, list[Diagnostic]]:
    """Read ``root/mkdocs.yml``; problems in it are diagnostics, defaults fill the gaps."""
    path = root / CONFIG_FILE
    document, diagnostics = read_document(path)
    data = document.value if document and isinstance(document.value, dict) else {}
    options, where = plugin_entry(document)
    problems = _problems(options, PearlsOptions._schema)
    diagnostics += _diagnostics(problems, path, document)
    extra = data.get("extra")
    if document is not None and isinstance(extra, dict) and PLUGIN in extra:
        diagnostics.append(
            error(
                path,
                document.position(("extra", PLUGIN)),
                "CFG002",
                "the generator's settings are no longer read from extra.pearls",
                "move them under the plugin: plugins: - pearls: {citation_style: …}",
            )
        )
    config = PearlsOptions()
    config.load_dict(_without(options, {p.keys for p in problems}))
    config.validate()
    values: dict[str, Any] = {
        name: data[name]
        for name in ("site_name", "site_url", "copyright", "docs_dir")
        if isinstance(data.get(name), str)
    }
    values |= {
        name: config[name]
        for name in ("content_dir", "bibliography", "citation_style", "title_case",
                     "reference_list", "review_interval_years", "home_pearl", "signup_url",
                     "templates", "evidence_scale")
    }  # fmt: skip
    values["default_authors"] = tuple(config.authors)
    email = config.email
    values["email"] = EmailSettings(
        sender=email["from"],
        reply_to=email["reply_to"] or None,
        subject=email["subject"],
        unsubscribe_merge_tag=email["unsubscribe_merge_tag"],
        unsubscribe_url=email["unsubscribe_url"] or None,
    )
    headers: dict[YamlPath, tuple[str, Any]] = {
        ("site_name",): ("site_name", data.get("site_name"))
    }
    if where is not None:
        headers |= {(*where, "email", key): (f"email.{key}", email[key]) for key in _HEADER_FIELDS}
    for keys, (name, value) in headers.items():
        if document is not None and isinstance(value, str) and CONTROL.search(value):
            diagnostics.append(
                error(
                    path,
                    document.value_position(keys),
                    "CFG008",
                    f"{name} holds a line break or control character; it becomes an e-mail header",
                    "write it on one line",
                )
            )
    values["markdown_extensions"], values["markdown_configs"] = _markdown_extensions(
        data.get("markdown_extensions")
    )
    if document is not None and where is not None:
        values["positions"] = {name: document.position((*where, name)) for name in options}
    return Settings(root=root, **values), diagnostics


def _without(options: dict[str, Any], refused: set[tuple[str, ...]]) -> dict[str, Any]:
    """``options`` less the ``refused`` ones (the defaults apply to them)."""
    kept = {}
    for key, value in options.items():
        if (key,) in refused:
            continue
        if isinstance(value, dict):
            value = {k: v for k, v in value.items() if (key, k) not in refused}
        kept[key] = value
    return kept


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
    return tuple(names) + missing_page_extensions(names), configs


def missing_page_extensions(names: Iterable[str]) -> tuple[str, ...]:
    """Those of :data:`PAGE_EXTENSIONS` that ``names`` (``markdown_extensions``) lacks."""
    given = {name.removeprefix("markdown.extensions.") for name in names}
    return tuple(name for name in PAGE_EXTENSIONS if name not in given)
