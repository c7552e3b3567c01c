"""The generator inside MkDocs: pages are generated when MkDocs loads its configuration.

``mkdocs.yml`` lists the ``pearls`` plugin (:mod:`generator.site.plugin`), so plain ``mkdocs build``
and ``mkdocs serve`` work from the project folder. ``pearls build`` says what to build through a
:class:`Request` it hands the plugin; otherwise a build shows what is published today (or on the
day of ``SOURCE_DATE_EPOCH``) and a serve previews drafts and future pearls too. The functions here
hold no state: the plugin passes them what this run needs.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import markdown
import markupsafe
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.pages import Page

from generator.clock import today
from generator.commands.common import print_report
from generator.config import Settings, load_settings, missing_page_extensions
from generator.content.pages import publishable
from generator.errors import PearlsError
from generator.outputs import (
    DOCS_FOLDER_HINT,
    GENERATE,
    SITE_FOLDER_HINT,
    docs_folder_problem,
    is_marked,
    mark,
    site_folder_problem,
)
from generator.project import Project, embargo_checks, load_project
from generator.sanitize import UNPRINTABLE
from generator.site.dirty import (
    Generated,
    SiteRecord,
    digest,
    file_digests,
    generation_inputs,
    pages_key,
    site_stamps,
)
from generator.site.generate import ToHtml, generate_edited, generate_site
from generator.site.live import LiveSite, generate_live, listed
from generator.site.model import SiteOptions
from generator.site.preview import LIVERELOAD, stopped_preview
from generator.site.trusted import TrustedFragments, UnsafeContent
from generator.templates import environment

#: The site's script (``templates/site/assets/pearls.js``: the citation's copy button, a phone's
#: flowchart opened at its start), on every page: mkdocs-material's instant navigation loads a
#: page's content without its scripts.
SITE_SCRIPT = "assets/pearls.js"


@dataclass
class Request:
    """What `pearls build` asks of the next build (fields left None: the defaults).

    The request owns the checked project until the pages are generated: the plugin then lets go
    of it (MkDocs needs none of it), so whoever made the request holds it only through this.
    """

    project: Project | None = None
    as_of: dt.date | None = None
    preview: bool | None = None
    use_cache: bool = False
    #: A cached build: its key (:func:`~generator.site.dirty.build_key`), for the record of
    #: what each page is made from; and the record of the site it rebuilds in part, if any.
    key: str | None = None
    previous: SiteRecord | None = None


def on_config(
    config: MkDocsConfig, command: str, request: Request, previous: LiveSite | None = None
) -> tuple[TrustedFragments, LiveSite | None, Generated | None]:
    """Load and check the project, then generate its pages into ``docs_dir``: what the pages
    may hold (each page's trusted fragments and source file), in a serve what the next
    build may reuse (``previous``: what the last one left; see :mod:`generator.site.live`),
    and in a build asked for a ``key`` what was generated (each file's digest, from which the
    plugin tells MkDocs what changed since ``request.previous``: :mod:`generator.site.dirty`).
    Such a build generates nothing when the last one generated the same files from the same
    sources, options and generator, and MkDocs would read none of them; after an edit to
    one pearl's body alone, only the files showing it; and when only pearls' files changed
    (a pearl added, removed or edited), every page but the pearl pages showing nothing that
    changed (:attr:`~generator.site.generate.SitePages.pearl_inputs`).

    ``command`` is MkDocs' (``build``, ``serve``): a serve previews drafts and future pearls,
    shows content errors on the pages instead of failing, and a failure as the one page it
    serves (a failed rebuild would leave every request waiting; see
    :mod:`generator.site.preview`).
    """
    if SITE_SCRIPT not in config.extra_javascript:
        config.extra_javascript.append(SITE_SCRIPT)
    # Without them the build stopped at the first listing (md_in_html) or pages showed
    # '{ data-search-exclude="" }' (attr_list); the check renders the content with them too.
    config.markdown_extensions.extend(missing_page_extensions(config.markdown_extensions))
    root = Path(config.config_file_path).resolve().parent
    live = command == "serve"
    preview = request.preview if request.preview is not None else live
    # A serve keeps resolved pearls and flowchart PNGs in the cache, as `pearls build` does.
    use_cache = request.use_cache or live
    options = SiteOptions(
        as_of=request.as_of or today(), preview=preview, use_cache=use_cache, live=live
    )
    docs = Path(config.docs_dir)
    if request.project is None:  # `pearls build` generates into a folder of its own
        settings, _ = load_settings(root)
        if not live:  # and builds into one; a serve replaces site_dir by a temporary one
            _claim_site_folder(settings, Path(config.site_dir))
        _claim_docs_folder(settings, docs)
    if not live:
        project = request.project or _load(root, options)
        if project.report.failed():
            raise PluginError(
                f"content errors: nothing was built ({len(project.report.errors)} to fix above)"
            )
        to_html = markdown_renderer(config)
        if request.key is None:
            pages, files = generate_site(project, docs, options, to_html)
            return pages.trusted, None, None
        shown = {str(pearl.path): digest(repr(listed(pearl))) for pearl in project.pearls}
        inputs = generation_inputs(request.key, repr(options), project.tree.readable, shown)
        previous = request.previous
        recorded: dict[str, str] = {}
        if previous is not None:
            generated = previous.generated(inputs, docs, config.nav)
            if generated is not None:  # the same pages again: MkDocs makes none of them
                return TrustedFragments(once=True), None, generated
            edited = previous.body_edited(inputs, docs, config.nav)
            if edited is not None:  # only the files showing that pearl's body change
                pages, files = generate_edited(project, edited, docs, options, to_html)
                key = pages_key(request.key, previous.digests, config.nav)
                digests = previous.digests | file_digests(key, files, pages.trusted)
                stamps = site_stamps(docs, previous.docs)
                return pages.trusted, None, Generated(digests, inputs, stamps, pages.pearl_inputs)
            recorded = previous.pearls_changed(inputs, docs, config.nav)
        # a pearl's files made from the same as before (``recorded``) are left as they are
        pages, files = generate_site(project, docs, options, to_html, recorded)
        digests = file_digests(pages_key(request.key, files, config.nav), files, pages.trusted)
        if previous is not None and recorded:
            digests |= {
                name: value for name, value in previous.digests.items() if pages.kept_file(name)
            }
        stamps = site_stamps(docs, previous.docs if previous is not None else None)
        return pages.trusted, None, Generated(digests, inputs, stamps, pages.pearl_inputs)
    if LIVERELOAD not in config.extra_javascript:
        config.extra_javascript.append(LIVERELOAD)
    try:
        site = generate_live(
            root, docs, options, markdown_renderer(config), previous, lambda: _load(root, options)
        )
    except (PearlsError, jinja2.TemplateError) as exc:
        return stopped_preview(root, docs, exc), None, None
    return site.pages.trusted, site, None


def _claim_site_folder(settings: Settings, site: Path) -> None:
    """Stop (naming the reason: ``pearls check`` reports it as CFG061) unless MkDocs may empty
    ``site``, its ``site_dir``, and build the site there; the plugin marks it once built."""
    problem = site_folder_problem(settings, site)
    if problem is not None:
        raise Abort(f"{problem}; {SITE_FOLDER_HINT}")


def _claim_docs_folder(settings: Settings, docs: Path) -> None:
    """Stop (naming the reason: ``pearls check`` reports it as CFG011) unless the pages may be
    generated into ``docs``, MkDocs' ``docs_dir``; then mark it as the generator's."""
    problem = docs_folder_problem(settings, docs)
    if problem is not None:
        raise Abort(f"{problem}; {DOCS_FOLDER_HINT}")
    docs.mkdir(parents=True, exist_ok=True)
    if not is_marked(docs, GENERATE):
        mark(docs, GENERATE)


def _load(root: Path, options: SiteOptions) -> Project:
    """The project in ``root``, checked (for what a build publishes, links to pearls it does
    not), its problems printed."""
    project = load_project(root, use_cache=True)
    if not options.preview:
        project.report.extend(embargo_checks(project, options.as_of))
    if project.report.diagnostics:
        print_report(project.report, project.root)
    return project


def on_page_markdown(source: str, page: Page) -> str:
    """Keep of the page's front matter only the fields a page may set, each HTML-escaped:
    mkdocs-material prints them into its templates as they are (a title into the head, a
    tag into the search results), and they are plain text. ``pearls check`` reports the
    others (:data:`~generator.content.pages.PAGE_FIELDS`); a preview shows the page without
    them. Neither they nor the page's Markdown keep an unprintable character
    (:data:`~generator.sanitize.UNPRINTABLE`): MkDocs makes the navigation, the table of
    contents and the search index of them, and cleaning sees none of those."""
    published = {
        name: _escaped(value) for name, value in page.meta.items() if publishable(name, value)
    }
    page.meta.clear()
    page.meta.update(published)
    return UNPRINTABLE.sub("", source)


def _escaped(value: Any) -> Any:
    """``value`` with every string in it HTML-escaped."""
    if isinstance(value, str):
        return html.escape(UNPRINTABLE.sub("", value))
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {name: _escaped(item) for name, item in value.items()}
    return value


def on_page_content(content: str, page: Page, trusted: TrustedFragments) -> str:
    """Put the page's template-made fragments in and clean the page with the site's allow-list
    (figures go in later: :func:`on_post_page`); fail the build, naming the source file, if
    cleaning would change anything.

    A page without a front-matter title gets its heading's text as one (escaped), so the theme
    never prints a title whose markup it un-escapes itself (``striptags``).
    """
    if "title" not in page.meta and page.title is not None:
        page.meta["title"] = html.escape(html.unescape(page.title))
    page_path = page.file.src_uri
    try:
        cleaned = trusted.clean(page_path, content)
    except UnsafeContent as exc:  # an Abort keeps its message (MkDocs rewords a PluginError)
        raise Abort(str(exc)) from None
    if page.present_anchor_ids is not None:  # links to #algorithm, #ref-1 are checked by MkDocs
        page.present_anchor_ids |= trusted.anchor_ids(page_path)
    trusted.cleaned(page_path)
    return cleaned


_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
_ORPHAN_TOC_LABEL = '<label class="md-nav__title" for="__toc">'
#: The home page's title as mkdocs-material writes it: its title, then the site's name, which
#: are the same ("Clinical Pearls - Clinical Pearls").
_TITLE_TWICE = re.compile(r"<title>([^<]*) - \1</title>")


def on_post_page(output: str, page: Page, trusted: TrustedFragments) -> str:
    """Put the page's unindexed fragments in (the search index has read the page by now, without
    them) and its generated head (a pearl's citation metadata) at the end of its ``<head>``, and
    mend two spots where mkdocs-material's templates fail the W3C Nu Html Checker.

    A build lets go of the page's Markdown and HTML here (keeping its title): it is written,
    and nothing reads them again (a serve keeps them).

    Its toggles put ``autocomplete`` on checkboxes (not allowed there), and pages outside the
    navigation (every pearl) get a table-of-contents label for a toggle that is not rendered.
    The home page, titled with the site's name, has that name once in its ``<title>``.
    """
    content = page.content or ""  # as cleaned, before the fragments go in
    output = trusted.put_back(page.file.src_uri, output)
    head = trusted.heads.get(page.file.src_uri)
    if head:
        output = output.replace("</head>", head.decode() + "</head>", 1)
    trusted.built(page.file.src_uri)
    if trusted.once:  # MkDocs would keep every page's Markdown and HTML until the build ends
        # The title is pinned first: MkDocs derives it from the Markdown, and the navigation
        # of the pages built after this one names it.
        page.title = page.title
        page.markdown = page.content = None
    if page.is_homepage:
        output = _TITLE_TWICE.sub(r"<title>\1</title>", output, count=1)
    output = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", output)
    if 'id="__toc"' not in output:
        output = output.replace(_ORPHAN_TOC_LABEL, '<label class="md-nav__title">')
    return with_content_security_policy(output, content)


#: The theme's 404 page says only this (mkdocs-material's ``404.html``).
_NOT_FOUND = "<h1>404 - Not found</h1>"


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """The theme's own pages (the 404 page) carry the policy too; the 404 page also says
    where to go instead and is titled so (``templates/site/not-found.html.j2``)."""
    if template_name == "404.html" and _NOT_FOUND in output:
        root = Path(config.config_file_path).resolve().parent
        base = urlsplit(config.site_url or "/").path or "/"
        template = environment(root).get_template("site/not-found.html.j2")
        not_found = template.make_module({"site_name": config.site_name, "base": base})
        output = output.replace(_NOT_FOUND, _NOT_FOUND + str(not_found), 1)
        title = getattr(not_found, "title", None)  # a project's own template may set none
        if title:
            output = output.replace(
                f"<title>{markupsafe.escape(config.site_name)}</title>",
                markupsafe.Markup("<title>{} - {}</title>").format(title, config.site_name),
                1,
            )
    return with_content_security_policy(output) if template_name.endswith(".html") else output


#: Scripts the page runs: the theme's files from the site itself, and its inline scripts by
#: hash (added per page); no inline handler, no plugin, no origin but the site's own.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
)
_INLINE_SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<code>.*?)</script>", re.DOTALL)
#: A ``<script>`` holding data (JSON, JSON-LD), which runs nothing: never hashed.
_DATA_BLOCK = re.compile(r'type="application/(?:ld\+)?json"')
_HEAD = re.compile(r"<head>\s*(<meta charset=\"utf-8\">)?")


def with_content_security_policy(page: str, content: str = "") -> str:
    """``page`` with a Content-Security-Policy ``<meta>`` first in its head (after the charset).

    The inline scripts hashed are the theme's. Page content reaching here has been cleaned
    (:func:`on_page_content`) and holds none; should one ever get through, a script whose code
    is in the page's ``content`` is not hashed, so the browser refuses to run it.
    """
    from_content = {m["code"] for m in _INLINE_SCRIPT.finditer(content)}
    hashes = "".join(
        f" 'sha256-{base64.b64encode(hashlib.sha256(m['code'].encode()).digest()).decode()}'"
        for m in _INLINE_SCRIPT.finditer(page)
        if "src=" not in m["attributes"]
        and not _DATA_BLOCK.search(m["attributes"])
        and m["code"] not in from_content
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
    for path in (settings.content_path, settings.bibliography_path, settings.templates_path):
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
