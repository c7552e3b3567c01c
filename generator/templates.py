"""Where templates and site assets come from, and the one Jinja environment they render in.

A project's own templates folder (``templates/``, or the one the ``pearls`` plugin's ``templates``
option names) overrides a packaged template or asset of the same name, as a MkDocs theme's
``custom_dir`` does. The packaged defaults are the repository's top-level ``templates/``:
an installed wheel holds them as ``generator/_templates`` (``pyproject.toml`` maps the folder there
at build time, so git holds one copy); a checkout reads them where they are.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import traceback
from importlib import metadata
from pathlib import Path

import jinja2
import jinja2.bccache

from generator.cache import cache_folder, source_fingerprint
from generator.config import CONFIG_FILE, Settings, load_settings
from generator.diagnostics import Diagnostic, Position, closest, did_you_mean, error
from generator.errors import PearlsError
from generator.files import read_regular_file, write_atomically
from generator.filters import FILTERS, printable
from generator.sanitize import site_classes

_PACKAGE = Path(__file__).resolve().parent
#: The default templates: in the wheel, else in the checkout beside the package.
PACKAGED = (
    _PACKAGE / "_templates" if (_PACKAGE / "_templates").is_dir() else _PACKAGE.parent / "templates"
)
#: JSON Schemas (draft 2020-12) of what editors write, for their editor's YAML language server.
SCHEMAS = ("pearl", "algorithm", "topics", "newsletter")
#: A class attribute, or an ``attr_list`` (``{: .name }``), in a template's text.
_CLASSES = re.compile(r"""class\s*=\s*["']([^"']*)["']|\{:?([^}]*)\}""")
#: Output escaped as HTML: site pages (Markdown that MkDocs reads with raw HTML), HTML, SVG, XML.
_ESCAPED = (".html", ".html.j2", ".svg.j2", ".xml.j2")


def project_templates(root: Path) -> Path:
    """The templates folder of the project at ``root``, as its ``mkdocs.yml`` configures it."""
    if not (root / CONFIG_FILE).is_file():
        return Settings(root).templates_path
    return load_settings(root)[0].templates_path


def search_path(root: Path | None) -> list[Path]:
    """The folders templates are looked up in, first match first: the project's, the package's."""
    own = project_templates(root) if root is not None else None
    return [own, PACKAGED] if own is not None and own.resolve() != PACKAGED else [PACKAGED]


def schema_path(name: str) -> Path:
    """The packaged JSON Schema for ``name`` (one of :data:`SCHEMAS`)."""
    return PACKAGED / "schemas" / f"{name}.schema.json"


def _escaped(name: str | None) -> bool:
    return bool(name) and (name.startswith("site/") or name.endswith(_ESCAPED))


class _Loader(jinja2.FileSystemLoader):
    """Jinja's file loader, naming the template that is not UTF-8 (Jinja's own error names none)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            for folder in self.searchpath:
                path = Path(folder) / template
                if path.is_file():
                    line = exc.object[: exc.start].count(b"\n") + 1
                    message = "the template is not UTF-8 text (save it as UTF-8)"
                    raise jinja2.TemplateSyntaxError(message, line, template, str(path)) from None
            raise


class _Template(jinja2.Template):
    """A template whose code failing in Python (``{{ 1/0 }}``, a filter given the wrong type)
    is a template error, reported at its line like a syntax error, never a traceback."""

    def render(self, *args: object, **kwargs: object) -> str:
        try:
            return super().render(*args, **kwargs)
        except (jinja2.TemplateError, PearlsError, OSError, RecursionError, MemoryError):
            raise
        except Exception as exc:
            frames = traceback.walk_tb(exc.__traceback__)
            if not any(frame.f_code.co_filename.endswith(".j2") for frame, _ in frames):
                raise
            message = f"{type(exc).__name__}: {exc} (correct the template at this line)"
            failed = jinja2.TemplateRuntimeError(message)
            raise failed.with_traceback(exc.__traceback__) from None


def environment(root: Path | None) -> jinja2.Environment:
    """A Jinja environment over the templates of the project at ``root`` (None: the packaged ones).

    Templates are read once per environment, never checked again for changes (``auto_reload``
    would stat them on every render); undefined names are errors. ``doi_url`` is the one way
    a template links a DOI. No escaped output holds an unprintable character (:data:`UNPRINTABLE`).
    """
    env = jinja2.Environment(
        loader=_Loader(search_path(root)),
        auto_reload=False,
        autoescape=_escaped,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        finalize=printable,
    )
    env.filters.update(FILTERS)
    env.template_class = _Template
    return env


@functools.cache
def shared_environment(root: Path | None) -> jinja2.Environment:
    """:func:`environment`, made once per project in a process: for the stages that render
    with no globals of their own (flowcharts, reference lists, the email)."""
    return environment(root)


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates as earlier runs compiled them, kept in the project's cache
    (``.cache/pearls/jinja/``; compiling mkdocs-material's and ours takes ~0.5 s a build).
    Jinja compiles a template again when its source changed; the files are named by what else
    shapes the code (the generator's source, its environments' options, every library's
    version), and those of other versions are removed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.prefix = _compiler_version()
        for entry in folder.iterdir():
            if not entry.name.startswith(self.prefix) and entry.is_file():
                entry.unlink(missing_ok=True)

    @classmethod
    def in_project(cls, root: Path) -> CompiledTemplates | None:
        """The compiled templates kept in ``root``'s cache (None: the cache is unusable)."""
        folder = cache_folder(root, "jinja")
        return cls(folder) if folder is not None else None

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            code = read_regular_file(self.folder / f"{self.prefix}-{bucket.key}")
        except OSError:
            return
        bucket.bytecode_from_string(code)  # checked: a wrong version or source is ignored

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = bucket.bytecode_to_string()
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            write_atomically(self.folder / f"{self.prefix}-{bucket.key}", code)


@functools.cache
def _compiler_version() -> str:
    """What shapes compiled template code beyond the template's source."""
    digest = hashlib.sha256(source_fingerprint(frozenset()).encode())
    for version in sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()):
        digest.update(version.encode())
    return digest.hexdigest()[:16]


def overrides_digest(root: Path, *folders: str) -> str:
    """A hash of the project's own templates under ``folders`` (names and bytes), for cache keys
    of what is drawn with them."""
    digest = hashlib.sha256()
    own = project_templates(root)
    for folder in folders:
        for path in sorted((own / folder).rglob("*")):
            if path.is_file():
                digest.update(f"{path.relative_to(own).as_posix()}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _packaged(name: str) -> bytes | None:
    """The packaged template ``name``'s bytes; None if there is none."""
    try:
        return (PACKAGED / name).read_bytes()
    except OSError:
        return None


def template_checks(own: Path) -> list[Diagnostic]:
    """A CFG050 error for each of the project's own templates (in ``own``) that Jinja cannot read
    (not UTF-8) or compile (a syntax error), or that calls a filter or test no stage has, at its
    line: `pearls build`, `new` or `email` would stop there. The scaffold of `pearls init` is no
    project's template, nor are the assets; a copy of a packaged template, byte for byte, reads
    as that one does."""
    if not own.is_dir() or own.resolve() == PACKAGED:
        return []
    env = environment(None)
    diagnostics = []
    for path in sorted(own.rglob("*")):
        name = path.relative_to(own).as_posix()
        if name.startswith("init/") or not path.is_file():
            continue
        if not (
            name.endswith(".j2") or (PACKAGED / name).is_file() and name.startswith("references/")
        ):
            continue
        try:
            data = path.read_bytes()
            if _packaged(name) == data:
                continue
            parsed = env.parse(data.decode("utf-8"), name, str(path))
            diagnostics += _unknown_names(env, parsed, path)
            diagnostics += _site_classes_as_content(env, parsed, name, path)
        except OSError:
            continue  # Jinja reports it when the template is used
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            diagnostics.append(
                error(
                    path,
                    Position(line, 1),
                    "CFG050",
                    "the template is not UTF-8 text",
                    "save it as UTF-8",
                )
            )
        except jinja2.TemplateSyntaxError as exc:
            diagnostics.append(
                error(
                    path,
                    Position(exc.lineno or 1, 1),
                    "CFG050",
                    f"the template cannot be read: {exc.message}",
                    "correct it, or remove it to use the packaged one",
                )
            )
    return diagnostics


def _unknown_names(
    env: jinja2.Environment, template: jinja2.nodes.Template, path: Path
) -> list[Diagnostic]:
    """A CFG050 error for each filter or test ``template`` calls that no stage has (Jinja says
    so only when the line runs, which may be in one week's email and not another's)."""
    diagnostics = []
    for node in template.find_all((jinja2.nodes.Filter, jinja2.nodes.Test)):
        known = env.filters if isinstance(node, jinja2.nodes.Filter) else env.tests
        if node.name in known:
            continue
        what = "filter" if isinstance(node, jinja2.nodes.Filter) else "test"
        hint = did_you_mean(closest(node.name, known)) or f"use one of: {', '.join(sorted(known))}"
        diagnostics.append(
            error(path, Position(node.lineno, 1), "CFG050", f"no {what} named '{node.name}'", hint)
        )
    return diagnostics


def _site_classes_as_content(
    env: jinja2.Environment, template: jinja2.nodes.Template, name: str, path: Path
) -> list[Diagnostic]:
    """A CFG051 error for each of the site's own classes (``pearl-kicker``) that a project's
    copy of a packaged site template writes outside ``{% filter fragment %}`` where the packaged
    one does not: the build reads it as content's, which may not take them (SEC030). (A partial
    is included inside a fragment by its caller: only what differs from the package is told.)"""
    packaged = _packaged(name)
    if not name.startswith("site/") or packaged is None:
        return []
    known = {c for _, c in _classes_outside_fragments(env.parse(packaged.decode(), name))}
    return [
        error(
            path,
            Position(line, 1),
            "CFG051",
            f"class '{site_class}' is the site's own, written outside {{% filter fragment %}}: the "
            "build refuses it as content's",
            "put that markup in {% filter fragment %}...{% endfilter %}, as the packaged "
            "template does",
        )
        for line, site_class in _classes_outside_fragments(template)
        if site_class not in known
    ]


def _classes_outside_fragments(
    node: jinja2.nodes.Node, inside: bool = False
) -> list[tuple[int, str]]:
    """(line, class) of each of the site's own classes ``node`` writes outside a fragment."""
    if isinstance(node, jinja2.nodes.FilterBlock) and node.filter.name == "fragment":
        inside = True
    found = []
    if isinstance(node, jinja2.nodes.TemplateData) and not inside:
        for match in _CLASSES.finditer(node.data):
            line = node.lineno + node.data.count("\n", 0, match.start())
            names = match[1].split() if match[1] is not None else [
                word[1:] for word in match[2].split() if word.startswith(".")
            ]
            found += [(line, name) for name in site_classes(" ".join(names))]
    for child in node.iter_child_nodes():
        found += _classes_outside_fragments(child, inside)
    return found


def describe_error(exc: jinja2.TemplateError) -> str:
    """``template:line: message`` for a template that cannot be read or rendered (a project's
    own, usually); the line comes from the traceback when Jinja does not give it."""
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"no template '{exc.name}'"
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return f"{exc.filename}:{exc.lineno}: {exc.message}"
    places = [
        f"{frame.f_code.co_filename}:{line}"
        for frame, line in traceback.walk_tb(exc.__traceback__)
        if frame.f_code.co_filename.endswith(".j2")
    ]
    return f"{places[-1]}: {exc.message}" if places else f"a template: {exc.message}"
