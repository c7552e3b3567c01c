"""`pearls serve`'s rebuilds in proportion to the edit, never showing a stale page.

A serve keeps what its last build made (:class:`LiveSite`). When the only file saved since is a
pearl whose front matter, cited keys and algorithm are as they were, and whose checks find
nothing, as before, other pages list it as before: only the files showing its body are rendered
again (:meth:`~generator.site.generate.SitePages.body_edited`). Any other edit (a title, a
citation, the .bib, a template, ``mkdocs.yml``, a pearl added or removed, a file with errors)
loads and renders everything again, still writing only the files whose bytes changed.

MkDocs itself rebuilds only the pages whose HTML could change (its dirty mode, which `pearls
serve` asks for, with each page's digest of everything its HTML is made from:
:mod:`generator.site.dirty`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.config import CONFIG_FILE, load_settings
from generator.content.model import Pearl
from generator.project import Project, body_link_checks, checked_pearl
from generator.site.dirty import changed_files, digest, file_digests, mark_changed
from generator.site.generate import SitePages, ToHtml, generate_site
from generator.site.model import SiteOptions
from generator.site.writer import write_changed
from generator.sources import scan_sources

#: What a pearl's body alone decides: other pages show none of it.
_BODY_FIELDS = {
    "body",
    "body_origin",
    "citation_groups",
    "algorithm_block",
    "algorithm",
    "front_matter",
    "source_digest",
}
#: A file's modification time and size: a save changes one of them.
Stamp = tuple[int, int]


@dataclass
class LiveSite:
    """What a serve's last build made, for the next one to reuse."""

    #: ``mkdocs.yml`` and the build's options: a change to them changes every page.
    key: str
    #: Each source file's stamp (the content, the .bib, the templates, ``mkdocs.yml``).
    stamps: dict[Path, Stamp]
    project: Project
    pages: SitePages
    #: Every generated file, as written into the docs folder.
    files: dict[str, str | bytes]
    #: Each generated file's digest of everything its output is made from.
    digests: dict[str, str]


def generate_live(
    root: Path,
    docs_dir: Path,
    options: SiteOptions,
    to_html: ToHtml,
    previous: LiveSite | None,
    load: Callable[[], Project],
) -> LiveSite:
    """Generate the pages of a serve's build into ``docs_dir``, reusing ``previous`` (the last
    build's) where the edit allows; ``load`` loads and checks the project whole."""
    key = digest((root / CONFIG_FILE).read_text(encoding="utf-8"), repr(options))
    stamps = _stamps(root)
    if previous is not None and (key, stamps) == (previous.key, previous.stamps):
        return previous  # nothing was saved (a save of no file the site is made from)
    edited = _body_edit(previous, key, stamps) if previous and options.preview else None
    if previous is not None and edited is not None:
        project, pearl = edited
        pages = previous.pages
        changed = dict(pages.body_edited(pearl))
        write_changed(docs_dir, changed)
        files = previous.files | changed
        digests = dict(previous.digests)
        digests.update(file_digests(key, changed, pages.trusted))
    else:
        project = load()
        pages, files = generate_site(project, docs_dir, options, to_html)
        digests = file_digests(key, files, pages.trusted)
    mark_changed(docs_dir, changed_files(digests, previous.digests if previous else {}))
    return LiveSite(key, stamps, project, pages, files, digests)


def _stamps(root: Path) -> dict[Path, Stamp]:
    """The stamp of every source file of the project in ``root`` and of its ``mkdocs.yml``."""
    settings, _ = load_settings(root)
    paths = scan_sources(settings).readable | {root / CONFIG_FILE}
    stamps = {}
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        stamps[path] = (stat.st_mtime_ns, stat.st_size)
    return stamps


def _body_edit(
    previous: LiveSite, key: str, stamps: dict[Path, Stamp]
) -> tuple[Project, Pearl] | None:
    """The project with its one edited pearl read again, and that pearl, when the edit since
    ``previous`` changed that pearl's body alone and its checks find nothing, as before; else
    None."""
    if key != previous.key:
        return None
    paths = stamps.keys() | previous.stamps.keys()
    changed = {p for p in paths if stamps.get(p) != previous.stamps.get(p)}
    if len(changed) != 1:
        return None
    (path,) = changed
    project = previous.project
    old = next((pearl for pearl in project.pearls if pearl.path == path), None)
    if old is None or path not in stamps or any(d.path == path for d in project.report.diagnostics):
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    pearl, problems = checked_pearl(path, data, project.settings)
    if pearl is None or problems or listed(pearl) != listed(old):
        return None
    project = dataclasses.replace(
        project, pearls=[pearl if p is old else p for p in project.pearls]
    )
    # The cross-file checks found nothing in this file before, and look at nothing of it that
    # changed but the body's links.
    if body_link_checks(project, pearl):
        return None
    return project, pearl


def listed(pearl: Pearl) -> tuple[object, ...]:
    """What pages other than a pearl's own show of it (those showing its body are rendered
    again with it: :meth:`~generator.site.generate.SitePages.body_edited`): its fields but the
    body's, its cited keys in order (its references' numbers) and its algorithm's source."""
    fields = tuple(
        getattr(pearl, f.name) for f in dataclasses.fields(pearl) if f.name not in _BODY_FIELDS
    )
    algorithm = pearl.algorithm_block.source if pearl.algorithm_block is not None else None
    return (*fields, pearl.cited_keys(), algorithm)
