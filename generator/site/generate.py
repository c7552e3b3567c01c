"""Which pages the site has, rendered from templates into a docs folder for MkDocs to build.

Pages are small Markdown: the text (with ``attr_list``/``admonition``) and a placeholder for each
HTML block a template made, which the ``pearls`` plugin puts back after Markdown
(:mod:`generator.site.trusted`), so MkDocs converts and indexes only what needs it.
"""

from __future__ import annotations

import calendar
import functools
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from generator.algorithm.measure import REGULAR, SEMIBOLD
from generator.algorithm.render import render_png
from generator.bibliography import FormattedReference, format_reference
from generator.bibliography.styles import style_origin
from generator.cache import Cache
from generator.content.links import pearl_links, relink
from generator.content.model import Pearl, Topic
from generator.content.nesting import converting
from generator.diagnostics import display_path
from generator.link_fields import doi_url
from generator.parallel import map_shared
from generator.project import Project
from generator.sanitize import CONTENT
from generator.site import preview, resolve, urls
from generator.site.cite import PearlCitation, json_ld
from generator.site.dirty import digest
from generator.site.figure import full_size
from generator.site.model import SiteModel, SiteOptions, SitePearl
from generator.site.reading import reading_minutes
from generator.site.render import environment
from generator.site.resolve import ALGORITHM_MARK
from generator.site.trusted import PageTrust, TrustedFragments
from generator.site.writer import write_changed, write_tree
from generator.templates import PACKAGED, CompiledTemplates, overrides_digest

#: Pearls in the Atom feed; they alone get a PNG of their flowchart (drawing one costs ~70 ms).
FEED_SIZE = 20
#: Turns a generated Markdown fragment into HTML (for the feed), as MkDocs would.
ToHtml = Callable[[str], str]
_MONTHS = dict(enumerate(calendar.month_name))
_ASSETS = "site/assets"


@dataclass(frozen=True)
class CitingPearl:
    """A pearl in a reference's "Cited by", with the number it cites the reference by."""

    item: SitePearl
    number: int


@dataclass(frozen=True)
class BibliographyEntry:
    """One line of the References page."""

    key: str
    anchor: str
    formatted: FormattedReference
    cited_by: list[CitingPearl]


def generate_site(
    project: Project,
    docs_dir: Path,
    options: SiteOptions,
    to_html: ToHtml,
    recorded: Mapping[str, str] | None = None,
) -> tuple[SitePages, dict[str, str | bytes]]:
    """Write every page of the site into ``docs_dir``; returns the pages (their ``trusted``
    fragments are what the page-content hook needs to clean them) and the files written.

    ``recorded``: when ``docs_dir`` holds what the last build generated, from the same sources
    but pearls' files, what each pearl page was made from then (:attr:`SitePages.pearl_inputs`);
    a pearl's files made from the same again are left as they are (:meth:`SitePages.kept_file`).
    """
    with _older_objects_frozen():
        pages = SitePages(project, options, to_html, recorded)
        files = dict(pages.files())
        write_tree(docs_dir, files, keep=pages.kept_file)
        pages.cache.prune()
    return pages, files


def generate_edited(
    project: Project, edited: Path, docs_dir: Path, options: SiteOptions, to_html: ToHtml
) -> tuple[SitePages, dict[str, str | bytes]]:
    """Write into ``docs_dir``, as the last build left it, the files showing the body of the
    pearl in ``edited``, whose body alone changed since (other pages show nothing of it that
    changed: :func:`generator.site.live.listed`): its page and flowchart, the home page if it
    is this week's, the feed if it is in it (none while it is not published). Returns the pages
    (with those files' fragments) and the files written."""
    with _older_objects_frozen():
        pages = SitePages(project, options, to_html)
        pearl = next(pearl for pearl in pages.project.pearls if pearl.path == edited)
        files = dict(pages.body_edited(pearl)) if pearl.slug in pages.visible else {}
        write_changed(docs_dir, files)
    return pages, files


@contextmanager
def _older_objects_frozen() -> Iterator[None]:
    """Cyclic garbage collection leaves the objects alive before the block (the loaded project)
    alone while it runs: a full collection would scan them all again (~0.45 s CPU each at
    1,000 pearls, three a build); what the block makes is collected as usual."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class SitePages:
    """The pages of one build, each rendered from its template in ``templates/site/``."""

    def __init__(
        self,
        project: Project,
        options: SiteOptions,
        to_html: ToHtml,
        recorded: Mapping[str, str] | None = None,
    ) -> None:
        # A preview of content with errors (see generator.site.preview) leaves out their files.
        failing = preview.failing_files(project)
        self.error_pages = preview.error_pages(project, failing)
        self.project = project = preview.without_failing(project, failing)
        self.model = SiteModel(project, options)
        self.to_html = to_html
        self.trusted = TrustedFragments(once=not options.live)
        self.env = environment(project.root, project.settings)
        self.env.globals["topic_of"] = self.model.topic
        if options.use_cache or options.live:
            self.env.bytecode_cache = CompiledTemplates.in_project(project.root)
        self.visible = visible = {item.slug: item.pearl for item in self.model.pearls}
        base = urlsplit(project.settings.site_url).path.rstrip("/")

        def pearl_url(slug: str) -> str | None:
            """A site-absolute URL: the flowchart is drawn once for every page showing it."""
            pearl = visible.get(slug)
            return f"{base}/{urls.site_path(urls.pearl_page(pearl))}" if pearl else None

        self.cache = Cache(
            project.root,
            f"{project.settings!r}\0{resolve.fingerprint()}\0"
            f"{style_origin(project.settings.citation_style)}\0"
            + overrides_digest(project.root, "flowchart", "references"),
            enabled=options.use_cache,
            part="site",
        )
        self.pearl_url = pearl_url
        #: Each feed pearl's content in the feed (a serve renders only an edited one again).
        self.feed_htmls: dict[str, str] = {}
        self.resolved = self.resolve(item.pearl for item in self.model.pearls)
        #: The pearls (slugs) whose files the docs folder holds as made from the same inputs.
        self.kept: set[str] = set()
        if recorded:
            pages = {urls.pearl_page(item.pearl): item.slug for item in self.model.pearls}
            self.kept = {
                slug
                for page, slug in pages.items()
                if recorded.get(page) == self.pearl_inputs[page]
            }
        about = project.settings.content_path / "pages" / "about.md"
        self.about = urls.content_page("about.md") if about in project.tree.readable else None
        if failing:
            banner = self.render("_errors.md.j2", urls.HOME, excerpts=preview.excerpts(project))
            self.trusted.banner = banner

    def resolve(self, pearls: Iterable[Pearl]) -> dict[str, resolve.ResolvedPearl]:
        """Each pearl's body, references and flowchart as this site shows them, by slug."""
        project = self.project
        return resolve.resolve_pearls(
            pearls,
            project.bibliography,
            project.settings.citation_style,
            self.pearl_url,
            self.cache,
            project.root,
        )

    def files(self) -> Iterator[tuple[str, str | bytes]]:
        """Every generated file but those of the pearls :attr:`kept`: docs-folder path and
        content."""
        yield urls.HOME, self.home()
        made = [item for item in self.model.pearls if item.slug not in self.kept]
        for item, markdown in zip(made, self.pearls(made), strict=True):
            yield urls.pearl_page(item.pearl), markdown
            yield from self.citation_files(item)
            flowchart = self.resolved[item.slug].flowchart
            if flowchart is not None:
                yield urls.algorithm_image(item.pearl), flowchart.svg
        pngs = self.feed_pngs()
        for item in self.in_feed():
            if item.slug in pngs and item.slug not in self.kept:
                yield urls.algorithm_png(item.pearl), pngs[item.slug]
        yield urls.ARCHIVE, self.archive()
        for year, months in self.model.by_year.items():
            yield urls.year_page(year), self.year(year, months)
        yield urls.TOPICS, self.topics()
        for slug, items in self.model.by_topic.items():
            yield urls.topic_page(slug), self.topic(slug, items)
            yield urls.topic_feed(slug), self.topic_feed(slug, items)
        yield urls.ALGORITHMS, self.algorithms()
        yield urls.REFERENCES, self.references()
        yield urls.FEED, self.feed()
        yield from self.content_pages()
        for page, source in self.error_pages.items():
            yield page, self.errors(page, source)
        yield from self.assets()

    @functools.cached_property
    def pearl_inputs(self) -> dict[str, str]:
        """What each pearl's own files (its page, its citation's downloads, its flowchart) are
        made from beyond what every page is (the build's options, the settings, templates,
        .bib, topics and pages), by page: the pearl's file, the files of the pearls its page
        lists (related, previous and next), whether its flowchart is drawn as a PNG, and the
        address of each pearl it links to. Pearl pages are rendered with these alone (no
        template sees the whole site), so the same inputs make the same files."""
        inputs = {}
        for item in self.model.pearls:
            pearl = item.pearl
            older, newer = self.model.neighbours(item)
            listed = [("related", other) for other in self.model.related(item)]
            listed += [("older", older), ("newer", newer)]
            linked = [link.slug for link in pearl_links(self.resolved[item.slug].body)]
            if pearl.algorithm is not None:
                linked += [node.pearl for node in pearl.algorithm.nodes if node.pearl is not None]
            parts = [str(pearl.path), pearl.source_digest, f"{item.published} {self.has_png(item)}"]
            parts += [
                f"{role} {other.pearl.path}\0{other.pearl.source_digest}" if other else role
                for role, other in listed
            ]
            parts += [f"link {slug}\0{self.pearl_url(slug)}" for slug in linked]
            inputs[urls.pearl_page(pearl)] = digest(*parts)
        return inputs

    def kept_file(self, name: str) -> bool:
        """Whether ``name`` (a docs-folder path) is a file of a pearl :attr:`kept` as it is."""
        return urls.owning_pearl(name) in self.kept

    def body_edited(self, pearl: Pearl) -> Iterator[tuple[str, str | bytes]]:
        """After an edit to the body of ``pearl`` alone (its front matter, cited keys and
        algorithm as they were: other pages list it as before), the files that show its body,
        rendered again: its page and flowchart, the home page if it is this week's, the feed if
        it is in it. The pages' fragments are made afresh."""
        self.project = replace(
            self.project, pearls=[pearl if p.path == pearl.path else p for p in self.project.pearls]
        )
        self.model = SiteModel(self.project, self.model.options)
        self.__dict__.pop("pearl_inputs", None)  # made from the model, computed again
        self.visible[pearl.slug] = pearl
        self.resolved.update(self.resolve([pearl]))
        self.feed_htmls.pop(pearl.slug, None)
        item = next(item for item in self.model.pearls if item.slug == pearl.slug)
        page = urls.pearl_page(pearl)
        self.trusted.pages.pop(page, None)
        yield page, self.pearls([item])[0]
        flowchart = self.resolved[item.slug].flowchart
        if flowchart is not None:
            yield urls.algorithm_image(pearl), flowchart.svg
            if self.has_png(item):  # the cache has it unless the drawing changed
                svg = flowchart.light_svg()
                png = self.cache.get_or_compute(
                    "png", pearl.path, svg.encode(), lambda: render_png(svg)
                )
                yield urls.algorithm_png(pearl), png
        if self.model.featured is not None and self.model.featured.slug == pearl.slug:
            self.trusted.pages.pop(urls.HOME, None)
            yield urls.HOME, self.home()
        if self.has_png(item):
            yield urls.FEED, self.feed()

    def feed_pngs(self) -> dict[str, bytes]:
        """The PNG of each feed pearl's flowchart (by slug), reused by the SVG it is drawn from;
        drawing one takes ~70 ms, so even two are drawn on two cores."""
        jobs: list[tuple[Path, bytes, str]] = []
        slugs: list[str] = []
        for item in self.in_feed():
            flowchart = self.resolved[item.slug].flowchart
            if flowchart is not None:
                svg = flowchart.light_svg()
                jobs.append((item.pearl.path, svg.encode(), svg))
                slugs.append(item.slug)
        pngs = self.cache.get_or_compute_each("png", jobs, render_png, minimum=2)
        return dict(zip(slugs, pngs, strict=True))

    def render(self, template: str, page: str, **context: Any) -> str:
        """Render ``templates/site/<template>`` as page ``page`` (links are relative to it; its
        fragments go in after Markdown unless ``fragments=None``: see :mod:`..trusted`)."""
        context.setdefault("absolute_links", False)
        context.setdefault("fragments", self.trusted)
        return self.env.get_template(f"site/{template}").render(
            page=page, about=self.about, month_names=_MONTHS, **context
        )

    def article(self, item: SitePearl, page: str, feed: bool = False) -> dict[str, Any]:
        """The context that shows one pearl in full (its page, the home page, the feed)."""
        resolved = self.resolved[item.slug]
        body = relink(resolved.body, lambda slug: self.pearl_link(page, feed, slug))
        if resolved.flowchart is not None:
            figure = self.render(
                "algorithm-feed.md.j2" if feed else "algorithm.md.j2",
                page,
                absolute_links=feed,
                fragments=None if feed else self.trusted,
                algorithm=resolved.flowchart.algorithm,
                svg=Markup(resolved.flowchart.svg),
                outline=Markup(resolved.flowchart.outline_html),
                page_url=urls.absolute_url(self.project.settings, urls.pearl_page(item.pearl)),
                png_url=urls.absolute_url(self.project.settings, urls.algorithm_png(item.pearl)),
                **self.full_size(item, resolved.flowchart),
            )
            body = body.replace(ALGORITHM_MARK, figure, 1)
        return {
            "item": item,
            "pearl": item.pearl,
            "body": Markup(body),
            "references": resolved.references,
            "overdue": self.model.review_overdue(item.pearl),
            "reading_minutes": reading_minutes(resolved.body, item.pearl.algorithm),
        }

    def pearl_link(self, page: str, feed: bool, slug: str) -> str | None:
        """Where a link in a body to pearl ``slug`` goes from ``page`` (absolute in the feed)."""
        pearl = self.visible.get(slug)
        if pearl is None:
            return None
        target = urls.pearl_page(pearl)
        return (
            urls.absolute_url(self.project.settings, target)
            if feed
            else urls.relative(page, target)
        )

    def home(self) -> str:
        featured = self.model.featured
        context = self.article(featured, urls.HOME) if featured else {}
        if featured:
            self.trusted.sources[urls.HOME] = self.source(featured)
        return self.render(
            "home.md.j2", urls.HOME, featured=featured, recent=self.model.recent(), **context
        )

    def pearls(self, items: list[SitePearl]) -> list[str]:
        """The page of each of ``items``, rendered on all cores: each copy sends back its pages
        with what the trusted fragments hold of them (:meth:`TrustedFragments.of_page`)."""
        citations = [self.citation(item) for item in items]
        jobs = [(item.pearl.path, c.inputs(), c) for item, c in zip(items, citations, strict=True)]
        formatted = self.cache.get_or_compute_each("cite", jobs, PearlCitation.formatted)
        rendered = map_shared(self.pearl, list(zip(items, citations, formatted, strict=True)))
        for item, (_, trust) in zip(items, rendered, strict=True):
            self.trusted.take_page(urls.pearl_page(item.pearl), trust)
        return [markdown for markdown, _ in rendered]

    def pearl(
        self, job: tuple[SitePearl, PearlCitation, FormattedReference]
    ) -> tuple[str, PageTrust]:
        """One pearl's page (``job``: the pearl, its citation and the citation formatted) and
        what the trusted fragments hold of it."""
        item, citation, formatted = job
        page = urls.pearl_page(item.pearl)
        self.trusted.sources[page] = self.source(item)
        older, newer = self.model.neighbours(item)
        article = self.article(item, page)
        self.trusted.heads[page] = self.head(item, page, citation).encode()
        markdown = self.render(
            "pearl.md.j2",
            page,
            related=self.model.related(item),
            older=older,
            newer=newer,
            citation=formatted,
            **article,
        )
        return markdown, self.trusted.of_page(page)

    def citation(self, item: SitePearl) -> PearlCitation:
        """The pearl as a citable web page at its published URL."""
        settings = self.project.settings
        return PearlCitation(
            item.pearl, settings, urls.absolute_url(settings, urls.pearl_page(item.pearl))
        )

    def citation_files(self, item: SitePearl) -> Iterator[tuple[str, str]]:
        """The downloads of a pearl's citation, beside its page."""
        citation = self.citation(item)
        yield urls.citation_file(item.pearl, "bib"), citation.bibtex()
        yield urls.citation_file(item.pearl, "ris"), citation.ris()
        yield urls.citation_file(item.pearl, "json"), citation.csl_json()

    def head(self, item: SitePearl, page: str, citation: PearlCitation) -> str:
        """What a pearl page's ``<head>`` tells reference managers, Google Scholar, search
        engines and link previews (put in by the plugin: :func:`generator.site.hooks.on_post_page`).
        """
        settings = self.project.settings
        flowchart = self.resolved[item.slug].flowchart
        image = (
            urls.absolute_url(settings, urls.algorithm_png(item.pearl))
            if flowchart is not None and self.has_png(item)
            else None
        )
        references = []
        for ref in self.resolved[item.slug].references:
            if ref.formatted is None:
                continue
            work = {"name": ref.formatted.text}
            entry = self.project.bibliography.get(ref.key)
            doi = entry.doi() if entry is not None else None
            if doi:
                work["url"] = doi_url(doi)
            references.append(work)
        topics = [self.model.topic(slug) for slug in item.pearl.topics]
        site_url = urls.absolute_url(settings, urls.HOME)
        return self.render(
            "_head.html.j2",
            page,
            pearl=item.pearl,
            citation=citation,
            references=references,
            image=image,
            image_alt=flowchart.algorithm.title if flowchart is not None else "",
            summary=" ".join(item.pearl.summary.split()),
            json_ld=json_ld(citation, topics, references, site_url, image),
        )

    def archive(self) -> str:
        """Every pearl by year and month."""
        years = [(year, list(months.items())) for year, months in self.model.by_year.items()]
        return self.render("archive.md.j2", urls.ARCHIVE, years=years)

    def year(self, year: int, months: dict[int, list[SitePearl]]) -> str:
        page = urls.year_page(year)
        return self.render("archive-year.md.j2", page, year=year, months=list(months.items()))

    def topics(self) -> str:
        self.trusted.sources[urls.TOPICS] = self.display(self.project.settings.topics_path)
        topics = sorted(self.model.by_topic.items(), key=lambda t: self.model.topic(t[0]).name)
        return self.render("topics.md.j2", urls.TOPICS, topics=topics)

    def topic(self, slug: str, items: list[SitePearl]) -> str:
        page = urls.topic_page(slug)
        self.trusted.sources[page] = self.display(self.project.settings.topics_path)
        return self.render("topic.md.j2", page, topic=self.model.topic(slug), items=items)

    def algorithms(self) -> str:
        entries = []
        for item in self.model.pearls:
            flowchart = self.resolved[item.slug].flowchart
            if flowchart is not None:
                entries.append(
                    {
                        "item": item,
                        "title": flowchart.algorithm.title,
                        "page": urls.pearl_page(item.pearl),
                        "image": urls.algorithm_image(item.pearl),
                        "references": [
                            ref
                            for ref in self.resolved[item.slug].references
                            if ref.cited_in_algorithm
                        ],
                        **self.full_size(item, flowchart),
                    }
                )
        return self.render("algorithms.md.j2", urls.ALGORITHMS, algorithms=entries)

    def references(self) -> str:
        self.trusted.sources[urls.REFERENCES] = self.display(
            self.project.settings.bibliography_path
        )
        bibliography = self.project.bibliography
        entries = []
        for key, citing in self.model.cited_by.items():
            reference = bibliography.get(key)
            if reference is None:
                continue
            numbers = [self.resolved[item.slug].references.numbering.number(key) for item in citing]
            formatted = format_reference(reference, self.project.settings.citation_style)
            entries.append(
                BibliographyEntry(
                    key,
                    urls.reference_anchor(key),
                    formatted,
                    [CitingPearl(item, n) for item, n in zip(citing, numbers, strict=True)],
                )
            )
        entries.sort(key=lambda e: (e.formatted.text.casefold(), e.key))
        return self.render("references.md.j2", urls.REFERENCES, references=entries)

    def full_size(self, item: SitePearl, flowchart: resolve.Flowchart) -> dict[str, Any]:
        """The context of ``item``'s figure beside its drawing (:func:`..figure.full_size`)."""
        return full_size(
            item.pearl, flowchart.width, flowchart.height, flowchart.start, self.has_png(item)
        )

    def has_png(self, item: SitePearl) -> bool:
        """Whether the build draws ``item``'s flowchart as a PNG (the feed's pearls only)."""
        return item.slug in self.feed_slugs

    @functools.cached_property
    def feed_slugs(self) -> frozenset[str]:
        """The slugs of the feed's pearls (see :meth:`in_feed`)."""
        return frozenset(item.slug for item in self.in_feed())

    def in_feed(self) -> list[SitePearl]:
        """The latest published pearls, newest first."""
        return [s for s in self.model.pearls if s.published][:FEED_SIZE]

    def feed(self) -> str:
        """The Atom feed, each entry's HTML cleaned as its pearl's page is (where the build
        stops if cleaning removes anything)."""
        for item in self.in_feed():
            if item.slug not in self.feed_htmls:
                self.feed_htmls[item.slug] = self.feed_html(item)
        entries = [self.feed_entry(item, self.feed_htmls[item.slug]) for item in self.in_feed()]
        return self.atom(urls.FEED, urls.HOME, entries)

    def topic_feed(self, slug: str, items: list[SitePearl]) -> str:
        """A topic's Atom feed: its latest published pearls, each with its summary and a link
        (the pearl's full content is in the site's feed: a PNG of every flowchart here would
        cost ~70 ms each)."""
        latest = [item for item in items if item.published][:FEED_SIZE]
        entries = [self.feed_entry(item) for item in latest]
        topic = self.model.topic(slug)
        return self.atom(urls.topic_feed(slug), urls.topic_page(slug), entries, topic=topic)

    def feed_html(self, item: SitePearl) -> str:
        """A pearl's full content for a feed entry, cleaned, its in-page links absolute. Read away
        from the site, it keeps none of the site's own classes: content cannot pass for them."""
        page = urls.pearl_page(item.pearl)
        markdown = self.render(
            "feed-entry.md.j2",
            page,
            absolute_links=True,
            fragments=None,
            **self.article(item, page, feed=True),
        )
        url = urls.absolute_url(self.project.settings, page)

        def absolute(link: str) -> str:
            """In-page links (``#ref-1``) made absolute: a feed entry is read away from its
            page."""
            return url + link if link.startswith("#") else link

        with converting(item.pearl.path):
            return CONTENT.clean(self.to_html(markdown), absolute)

    def feed_entry(self, item: SitePearl, html: str | None = None) -> dict[str, Any]:
        """One entry of a feed: the pearl's summary and, given ``html``, its full content."""
        pearl = item.pearl
        return {
            "pearl": pearl,
            "url": urls.absolute_url(self.project.settings, urls.pearl_page(pearl)),
            "updated": max(pearl.date, pearl.last_reviewed),
            "topic_names": [self.model.topic(t).name for t in pearl.topics],
            "html": html,
        }

    def atom(
        self, feed: str, page: str, entries: list[dict[str, Any]], topic: Topic | None = None
    ) -> str:
        """The Atom feed ``feed`` (a docs-folder path) of ``entries``, mirroring ``page``."""
        settings = self.project.settings
        updated = max((e["updated"] for e in entries), default=self.model.options.as_of)
        return self.render(
            "feed.xml.j2",
            feed,
            entries=entries,
            updated=updated,
            topic=topic,
            page_url=urls.absolute_url(settings, page),
            feed_url=urls.absolute_url(settings, feed),
        )

    def source(self, item: SitePearl) -> str:
        """The pearl's file, as messages name it."""
        return self.display(item.pearl.path)

    def display(self, path: Path) -> str:
        """``path`` as messages name it (relative to the project)."""
        return display_path(path, self.project.root)

    def content_pages(self) -> Iterator[tuple[str, str]]:
        """Pages written by hand in ``content/pages/`` (About, the editor's guide), as they are
        (cleaned like every page once MkDocs has made them HTML)."""
        folder = self.project.settings.content_path / "pages"
        for path in self.project.tree.files(folder, ".md"):
            page = urls.content_page(path.relative_to(folder).as_posix())
            if page in self.error_pages:
                continue
            self.trusted.sources[page] = self.display(path)
            yield page, path.read_text(encoding="utf-8")

    def errors(self, page: str, source: Path) -> str:
        """What stands where the page of a file with errors would be, in a preview."""
        self.trusted.sources[page] = self.display(source)
        pearl = source in self.project.sources
        return self.render(
            "errors.md.j2", page, source=self.display(source), name=source.name, pearl=pearl
        )

    def assets(self) -> Iterator[tuple[str, bytes]]:
        """The site's CSS and the flowcharts' font (:func:`asset_files`), and in a serve the
        live-reload script."""
        for name, path in asset_files(self.project).items():
            yield name, path.read_bytes()
        if self.model.options.live:
            yield preview.LIVERELOAD, (PACKAGED / "site/serve/livereload.js").read_bytes()


def asset_files(project: Project) -> dict[str, Path]:
    """The site's CSS (``templates/site/assets/``, the project's file where it has one of the
    name, else the packaged one) and the flowcharts' font, served locally: each file by its
    docs-folder path."""
    packaged = PACKAGED / _ASSETS
    found = {p.relative_to(packaged).as_posix(): p for p in packaged.rglob("*") if p.is_file()}
    own = project.settings.templates_path / _ASSETS
    found.update((p.relative_to(own).as_posix(), p) for p in project.tree.files(own))
    files = {f"assets/{name}": path for name, path in sorted(found.items())}
    for font in (REGULAR, SEMIBOLD, REGULAR.parent / "LICENSE.txt"):
        files[f"assets/fonts/{font.name}"] = font
    return files
