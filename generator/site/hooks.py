"""The generator inside MkDocs: pages are generated when MkDocs loads its configuration.

``mkdocs.yml`` lists the ``pearls`` plugin (:mod:`generator.site.plugin`), so plain ``mkdocs build``
and ``mkdocs serve`` work from the project folder. ``pearls build`` and ``pearls serve`` say what to
build through :func:`requested`; otherwise a build shows what is published today (or on the day of
``SOURCE_DATE_EPOCH``) and ``mkdocs serve`` previews drafts and future pearls too.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator.clock import today
from generator.commands.common import print_report
from generator.config import load_settings
from generator.project import Project, embargo_checks, load_project
from generator.site.generate import ToHtml, generate_site
from generator.site.model import SiteOptions
from generator.site.trusted import TrustedFragments, UnsafeContent


@dataclass(frozen=True)
class Request:
    """What `pearls build`/`pearls serve` ask of the next builds (fields left None: defaults)."""

    project: Project | None = None
    as_of: dt.date | None = None
    preview: bool | None = None
    use_cache: bool = False


_request = Request()
_command = "build"
#: What the last generation made: each page's trusted fragments and source file.
_trusted = TrustedFragments()


@contextlib.contextmanager
def requested(request: Request) -> Iterator[None]:
    """Builds inside this block use ``request`` instead of the defaults."""
    global _request
    previous, _request = _request, request
    try:
        yield
    finally:
        _request = previous


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether MkDocs serves (previews) or builds."""
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check the project, then generate its pages into ``docs_dir``."""
    root = Path(config.config_file_path).resolve().parent
    preview = _request.preview if _request.preview is not None else _command == "serve"
    as_of = _request.as_of or today()
    project = _request.project
    if project is None:
        project = load_project(root, use_cache=True)
        if not preview:
            project.report.extend(embargo_checks(project, as_of))
        if project.report.diagnostics:
            print_report(project.report, project.root)
    if project.report.failed():
        raise PluginError(
            f"content errors: nothing was built ({len(project.report.errors)} to fix above)"
        )
    options = SiteOptions(as_of=as_of, preview=preview, use_cache=_request.use_cache)
    global _trusted
    _trusted = generate_site(project, Path(config.docs_dir), options, markdown_renderer(config))
    return config


def on_page_markdown(source: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """HTML-escape the page's front-matter strings: mkdocs-material prints ``title``,
    ``description`` and ``author`` into the page head as they are, and they are plain text."""
    for key, value in page.meta.items():
        if isinstance(value, str):
            page.meta[key] = html.escape(value)
    return source


def on_page_content(content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Clean the page's HTML with the site's allow-list and put its trusted fragments back; fail
    the build, naming the source file, if cleaning would change anything.

    A page without a front-matter title gets its heading's text as one (escaped), so the theme
    never prints a title whose markup it un-escapes itself (``striptags``).
    """
    if "title" not in page.meta and page.title is not None:
        page.meta["title"] = html.escape(html.unescape(page.title))
    page_path = page.file.src_uri
    try:
        cleaned = _trusted.clean(page_path, content)
    except UnsafeContent as exc:  # an Abort keeps its message (MkDocs rewords a PluginError)
        raise Abort(str(exc)) from None
    if page.present_anchor_ids is not None:  # links to the flowchart are checked by MkDocs
        page.present_anchor_ids |= _trusted.anchor_ids(page_path)
    return cleaned


_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
_ORPHAN_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def on_post_page(output: str, page: object, config: MkDocsConfig) -> str:
    """Mend two spots where mkdocs-material's templates fail the W3C Nu Html Checker.

    Its toggles put ``autocomplete`` on checkboxes (not allowed there), and pages outside the
    navigation (every pearl) get a table-of-contents label for a toggle that is not rendered.
    """
    output = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", output)
    if 'id="__toc"' not in output:
        output = output.replace(_ORPHAN_TOC_LABEL, '<label class="md-nav__title">')
    return with_content_security_policy(output)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """The theme's own pages (the 404 page) carry the policy too."""
    return with_content_security_policy(output) if template_name.endswith(".html") else output


#: Scripts the page runs: the theme's files from the site itself, and its inline scripts by
#: hash (added per page); no inline handler, no plugin, no origin but the site's own.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
)
_INLINE_SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<code>.*?)</script>", re.DOTALL)
_HEAD = re.compile(r"<head>\s*(<meta charset=\"utf-8\">)?")


def with_content_security_policy(page: str) -> str:
    """``page`` with a Content-Security-Policy ``<meta>`` first in its head (after the charset).

    The inline scripts hashed are the theme's: page content reaching here has been cleaned
    (:func:`on_page_content`), and no plain-text field is ever printed unescaped.
    """
    hashes = "".join(
        f" 'sha256-{base64.b64encode(hashlib.sha256(m['code'].encode()).digest()).decode()}'"
        for m in _INLINE_SCRIPT.finditer(page)
        if "src=" not in m["attributes"] and "application/json" not in m["attributes"]
    )
    policy = CONTENT_SECURITY_POLICY.format(hashes=hashes)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return _HEAD.sub(lambda head: head[0] + meta, page, count=1)


def on_serve(
    server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., None]
) -> LiveReloadServer:
    """Rebuild on edits to the content, the bibliography and the templates.

    The generated docs folder itself is not watched: the rebuild writes it.
    """
    root = Path(config.config_file_path).resolve().parent
    server.unwatch(config.docs_dir)
    settings, _ = load_settings(root)
    for path in (settings.content_path, settings.bibliography_path, root / "templates"):
        if path.exists():
            server.watch(str(path))
    return server


def markdown_renderer(config: MkDocsConfig) -> ToHtml:
    """Markdown → HTML with the site's own extensions (for the feed's full content)."""

    def to_html(text: str) -> str:
        return markdown.markdown(
            text, extensions=config.markdown_extensions, extension_configs=config.mdx_configs
        )

    return to_html
