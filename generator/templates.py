"""Where templates and site assets come from, and the one Jinja environment they render in.

A project's own ``templates/`` overrides a packaged template or asset of the same name, as a MkDocs
theme's ``custom_dir`` does. The packaged defaults are the repository's top-level ``templates/``:
an installed wheel holds them as ``generator/_templates`` (``pyproject.toml`` maps the folder there
at build time, so git holds one copy); a checkout reads them where they are.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2

from generator.sources import TEMPLATES_DIR

_PACKAGE = Path(__file__).resolve().parent
#: The default templates: in the wheel, else in the checkout beside the package.
PACKAGED = (
    _PACKAGE / "_templates" if (_PACKAGE / "_templates").is_dir() else _PACKAGE.parent / "templates"
)
#: JSON Schemas (draft 2020-12) of what editors write, for their editor's YAML language server.
SCHEMAS = ("pearl", "algorithm", "topics", "newsletter")
#: Output escaped as HTML: site pages (Markdown that MkDocs reads with raw HTML), HTML, SVG, XML.
_ESCAPED = (".html", ".html.j2", ".svg.j2", ".xml.j2")


def search_path(root: Path | None) -> list[Path]:
    """The folders templates are looked up in, first match first: the project's, the package's."""
    own = root / TEMPLATES_DIR if root is not None else None
    return [own, PACKAGED] if own is not None and own.resolve() != PACKAGED else [PACKAGED]


def schema_path(name: str) -> Path:
    """The packaged JSON Schema for ``name`` (one of :data:`SCHEMAS`)."""
    return PACKAGED / "schemas" / f"{name}.schema.json"


def _escaped(name: str | None) -> bool:
    return bool(name) and (name.startswith("site/") or name.endswith(_ESCAPED))


def environment(root: Path | None) -> jinja2.Environment:
    """A Jinja environment over the templates of the project at ``root`` (None: the packaged ones).

    Templates are read once per environment, never checked again for changes (``auto_reload``
    would stat them on every render); undefined names are errors.
    """
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(search_path(root)),
        auto_reload=False,
        autoescape=_escaped,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )



def overrides_digest(root: Path, *folders: str) -> str:
    """A hash of the project's own templates under ``folders`` (names and bytes), for cache keys
    of what is drawn with them."""
    digest = hashlib.sha256()
    own = root / TEMPLATES_DIR
    for folder in folders:
        for path in sorted((own / folder).rglob("*")):
            if path.is_file():
                digest.update(f"{path.relative_to(own).as_posix()}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()
