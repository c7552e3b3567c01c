"""Rebuilding only the pages whose HTML could change, in `pearls serve` and `pearls build` alike.

MkDocs' dirty mode builds a page only when its Markdown file is newer than its HTML, copies only
the static files newer than their copy, and deletes nothing. A page's HTML is made from more than
its Markdown (its trusted fragments, its head, the errors listed above every page, MkDocs'
settings), so each generated file has a digest of all of it (:func:`file_digests`), and a file
whose digest changed is marked modified (its time set to now: :func:`mark_changed`) even where
its bytes stayed the same. The other files reach a page only through the navigation
(:func:`pages_key`) and the links MkDocs resolves in its Markdown: the paths each page looked
up as it was made are recorded (:class:`RecordedFiles`), and a page one of whose paths now is
or is not a generated file, as it was not or was then, is made again (:func:`links_moved`).
The day a build is made for (``--as-of``) reaches the pages only through the generated files.
What the dirty mode leaves wrong the plugin mends (:class:`DirtySite`): outputs no longer
made, the search index, and the anchors of the pages MkDocs did not read.

`pearls build` keeps a record of what the site it last published was made from
(:class:`SiteRecord`, in the cache folder, never in the site): a cached build whose record
describes the site, file by file (by its bytes where its times moved: a site and cache folder
restored by CI), builds dirty into an empty staging folder, MkDocs judging each
file by the published site and writing only what changed; the rest is linked in from the
published site once MkDocs is done (nothing writes through a link, so a failed build leaves the
site as it was). A site that changed by hand, a record that does not match, ``--no-cache``, or
a plugin or hook besides search and ``pearls`` in ``mkdocs.yml`` (ours are made page by page,
another might read the whole site) build everything.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePath
from typing import Any

from material.plugins.search.plugin import SearchPlugin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

import generator
from generator.cache import source_fingerprint
from generator.files import read_regular_file, write_atomically
from generator.site.trusted import TrustedFragments
from generator.site.urls import owning_pearl
from generator.templates import PACKAGED

#: The record's file in the cache folder, and its format (bumped by hand if it changes).
_RECORD = "site-record.json"
#: Where mkdocs-material's search plugin writes the index, in the site.
_SEARCH_INDEX = Path("search") / "search_index.json"
_FORMAT = 5
#: A file's proof of being the one the record saw: its size, modification and change times,
#: inode and the SHA-256 of its bytes (None: a folder; ``[-1]``: anything else).
Stamp = list[int | str] | None
#: Each page's links to anchors: the page linked to → the anchor → the link as written.
Links = dict[str, dict[str, dict[str, str]]]
#: The paths each page looked up as MkDocs made it, and whether each was a generated file.
Lookups = dict[str, dict[str, bool]]


def digest(*parts: str) -> str:
    """SHA-256 of ``parts``, each with its length (no two lists of parts give the same)."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode()
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def file_digests(
    key: str, files: dict[str, str | bytes], trusted: TrustedFragments
) -> dict[str, str]:
    """The digest of each of ``files`` (docs-folder paths): a page's Markdown, its fragments,
    its head, its source's name and the errors above every page; a static file's bytes; each
    with ``key``."""
    digests = {}
    for name, content in files.items():
        if not name.endswith(".md"):
            data = content if isinstance(content, bytes) else content.encode()
            digests[name] = digest(key, hashlib.sha256(data).hexdigest())
            continue
        head, source = trusted.heads.get(name, b"").decode(), trusted.sources.get(name, "")
        fragments = [f"{f.figure}\0{f.html}" for f in trusted.pages.get(name, [])]
        digests[name] = digest(key, str(content), trusted.banner, head, source, *fragments)
    return digests


def changed_files(
    digests: dict[str, str], old: dict[str, str], always: Iterable[str] = ()
) -> set[str]:
    """The names of ``digests`` whose digest is not as in ``old``, and the ``always`` ones."""
    return {name for name, value in digests.items() if old.get(name) != value} | set(always)


def mark_changed(docs_dir: Path, names: Iterable[str]) -> None:
    """Mark modified the files ``names`` in ``docs_dir`` (their time set to now), for MkDocs'
    dirty mode to build them again."""
    now = time.time_ns()
    for name in names:
        os.utime(docs_dir / name, ns=(now, now))


def build_key(config: MkDocsConfig, options: str) -> str:
    """What every page of a build depends on beyond its own files: ``mkdocs.yml`` (and the
    files it names: the theme's ``custom_dir``, hooks), the build's ``options``, the
    generator's code, and Python's and every installed distribution's version."""
    parts = [Path(config.config_file_path).read_text(encoding="utf-8"), options]
    parts += [sys.version, source_fingerprint(frozenset())]
    # every installed distribution (MkDocs, the theme, Markdown and its extensions, nh3...)
    parts += sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    custom = config.theme.custom_dir
    named = sorted(Path(custom).rglob("*")) if custom else []
    named += [Path(hook.__file__) for hook in config.hooks.values() if hook.__file__]
    for path in named:
        if path.is_file():
            parts += [str(path), hashlib.sha256(path.read_bytes()).hexdigest()]
    return digest(*parts)


@dataclass
class Inputs:
    """What generating the pages reads (:func:`generation_inputs`)."""

    #: The build's key and options, and the generator's templates, assets and fonts.
    common: str
    #: Each source file of the project (content, .bib, templates): its SHA-256, by path.
    sources: dict[str, str]
    #: Each pearl's digest of what pages other than its own show of it, by path.
    listed: dict[str, str]


def generation_inputs(
    key: str, options: str, readable: Iterable[Path], listed: dict[str, str]
) -> Inputs:
    """What generating the pages reads: ``key`` (:func:`build_key`), the build's ``options``,
    the generator's templates, assets and fonts, the project's source files (``readable``) by
    content, and what other pages show of each pearl (``listed``)."""
    sources = {}
    for path in sorted(readable):
        try:
            sources[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            sources[str(path)] = "unreadable"
    return Inputs(digest(key, options, _package_data()), sources, listed)


@functools.cache
def _package_data() -> str:
    """The generator's files other than its Python source (:func:`build_key` has that): the
    packaged templates and assets, the flowcharts' fonts."""
    folders = {Path(generator.__file__).resolve().parent, PACKAGED}
    paths = sorted(
        path
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc")
    )
    return digest(*(f"{path}\0{hashlib.sha256(path.read_bytes()).hexdigest()}" for path in paths))


def pages_key(key: str, files: dict[str, str | bytes], nav: Any) -> str:
    """``key`` with what the navigation shows on every page: whether each page it lists is
    generated, and the Markdown of each it lists without a title (whose title then comes from
    the page); with no ``nav`` in ``mkdocs.yml``, every file and every page's Markdown."""
    if nav is None:
        listed = sorted(files)
    else:
        listed = [f"{path}\0{path in files}" for path, _ in _nav_paths(nav)]
    untitled = untitled_nav_pages(nav, files)
    return digest(key, *listed, *(str(files[page]) for page in untitled))


def untitled_nav_pages(nav: Any, files: dict[str, str | bytes]) -> list[str]:
    """The generated pages ``nav`` (``mkdocs.yml``'s) lists without a title; every page when
    it is not given."""
    if nav is None:
        return sorted(name for name in files if name.endswith(".md"))
    return [path for path, titled in _nav_paths(nav) if not titled and path in files]


def _nav_paths(items: list[Any], titled: bool = False) -> Iterator[tuple[str, bool]]:
    """Each path (or address) ``items`` (a ``nav``) lists, as MkDocs looks it up, and whether
    it has a title there."""
    for item in items:
        if isinstance(item, str):
            yield PurePath(item.lstrip("/")).as_posix(), titled
        elif isinstance(item, dict):
            for value in item.values():
                if isinstance(value, list):
                    yield from _nav_paths(value)
                elif isinstance(value, str):
                    yield from _nav_paths([value], titled=True)


def links_moved(lookups: Lookups, files: dict[str, str | bytes]) -> list[str]:
    """The pages of ``files`` one of whose looked-up paths (``lookups``, as of their last
    build) now is a generated file where it was not, or the reverse."""
    return [
        page
        for page, found in lookups.items()
        if page in files and any((path in files) != was for path, was in found.items())
    ]


class RecordedFiles(Files):
    """MkDocs' files, noting the paths looked up while a page is made (MkDocs resolves each
    link of its Markdown so) and whether each was a generated file (a file of the theme's is
    one whatever the build)."""

    def __init__(self, files: Iterable[File], docs_dir: str) -> None:
        super().__init__(files)
        self.docs_dir = docs_dir
        self.found: dict[str, bool] = {}

    def get_file_from_path(self, path: str) -> File | None:
        file = super().get_file_from_path(path)
        self.found[PurePath(path).as_posix()] = file is not None and file.src_dir == self.docs_dir
        return file

    def taken(self) -> dict[str, bool]:
        """What was looked up since the last call."""
        found, self.found = self.found, {}
        return found


@dataclass
class DirtySite:
    """What MkDocs' dirty builds leave wrong in a site, mended by the plugin: the outputs of
    what is no longer generated stay in the site folder (a dirty build deletes nothing);
    mkdocs-material's search plugin indexes only the pages built (a serve merges them into the
    last index by the location of the first page alone: the home page's, ``""``, drops every
    other page's entries); and the anchors of the pages not built are unknown, so links to
    them and from them would go unchecked.

    A serve builds into its own site folder again and again. `pearls build` builds beside the
    site it last published (``previous``, which it never writes): MkDocs writes only what
    changed into an empty folder, judging each file by the published site, and the files it
    left alone are linked in from there once it is done (:meth:`link_unchanged`)."""

    #: The site folder's files as of the last build (MkDocs' destination paths).
    outputs: set[str] = field(default_factory=set)
    #: The search index entries of each page (by its URL), as of the last build of the page.
    entries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: Each page's anchors, and its links to anchors (target page → anchor → link), by
    #: docs-folder path, as of the last build of the page.
    anchors: dict[str, list[str]] = field(default_factory=dict)
    links: Links = field(default_factory=dict)
    #: The paths each page looked up, by docs-folder path, as of the last build of the page.
    lookups: Lookups = field(default_factory=dict)
    files: RecordedFiles | None = None
    #: The pages built this time (their URLs).
    built: set[str] = field(default_factory=set)
    #: The last site's search index (its entries are read when they are needed).
    index: Path | None = None
    #: The site `pearls build` last published, as its record describes it (None: a serve).
    previous: Path | None = None
    record: SiteRecord | None = None
    #: The generated files to make again: their digest changed, or their page must be read.
    changed: set[str] = field(default_factory=set)
    #: The files MkDocs leaves alone this time (destination paths), as they are in ``previous``.
    unchanged: list[str] = field(default_factory=list)

    @classmethod
    def of_site(cls, site_dir: Path, record: SiteRecord) -> DirtySite:
        """What the site in ``site_dir`` (the one ``record`` describes) holds."""
        outputs = {name for name, stamp in record.outputs.items() if stamp is not None}
        return cls(
            outputs,
            {},
            record.anchors,
            record.links,
            record.lookups,
            index=site_dir / _SEARCH_INDEX,
            previous=site_dir,
            record=record,
        )

    def find_changed(self, digests: dict[str, str], nav: Any) -> None:
        """Which generated files MkDocs makes again (``digests``: this build's): those whose
        digest changed, the pages ``nav`` lists without a title (their title comes from their
        page) and the pages whose looked-up paths moved (:func:`links_moved`)."""
        if self.record is not None:
            always = untitled_nav_pages(nav, digests) + links_moved(self.lookups, digests)
            self.changed = changed_files(digests, self.record.digests, always)

    def judge(self, files: RecordedFiles) -> None:
        """Tell MkDocs which of ``files`` to make: a generated file that changed, a file of the
        theme's newer than its copy in the published site (MkDocs' own rule), and any file that
        site lacks; the others are linked in afterwards."""
        if self.previous is None or self.record is None:
            return
        self.built, self.unchanged = set(), []
        for file in files:
            if file.abs_src_path is None:
                continue  # content a plugin made: MkDocs writes it
            if file.dest_uri not in self.outputs:
                modified = True
            elif file.src_dir == files.docs_dir:
                modified = file.src_uri in self.changed or file.src_uri not in self.record.digests
            else:
                modified = _newer(Path(file.abs_src_path), self.previous / file.dest_uri)
            if not modified:
                self.unchanged.append(file.dest_uri)
            file.is_modified = functools.partial(bool, modified)  # type: ignore[method-assign]

    def link_unchanged(self, site_dir: Path) -> dict[str, str]:
        """Put into ``site_dir`` (the new site, once MkDocs is done with it) each file MkDocs
        left alone, as it is in the published site: a hard link where the filesystem has them
        (the published site is never written through one: nothing writes after this), else a
        copy. Returns the SHA-256 of each file put in, as the record has it."""
        if self.previous is None or self.record is None:
            return {}
        folders: set[Path] = set()
        put_in: dict[str, str] = {}
        for name in self.unchanged:
            target = site_dir / name
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            source = self.previous / name
            try:
                os.link(source, target, follow_symlinks=False)
            except FileExistsError:
                continue  # written after all (by a plugin)
            except OSError:
                shutil.copy2(source, target, follow_symlinks=False)
            put_in[name] = str(self.record.outputs[name][-1])  # type: ignore[index]
        return put_in

    def remove_stale_outputs(self, files: Files, site_dir: Path) -> None:
        """Delete from ``site_dir`` (a serve's) what the last build put there and this one will
        not (and the folders that leaves empty)."""
        outputs = {file.dest_uri for file in files}
        for name in sorted(self.outputs - outputs):
            path = site_dir / name
            path.unlink(missing_ok=True)
            for folder in path.parents:
                if folder == site_dir or not folder.is_dir() or any(folder.iterdir()):
                    break
                folder.rmdir()
        self.outputs, self.built = outputs, set()

    def page_started(self) -> None:
        """MkDocs starts making a page's HTML from its Markdown."""
        if self.files is not None:
            self.files.taken()

    def page_rendered(self, page: Page) -> None:
        """MkDocs made ``page``'s HTML from its Markdown: the paths it looked up are its."""
        if self.files is not None:
            self.lookups[page.file.src_uri] = self.files.taken()

    def restore_anchors(self, files: Files) -> None:
        """Give the pages MkDocs did not read their anchors and their links to anchors as of
        their last build, for MkDocs to check links to them and from them as a full build
        does."""
        for file in files.documentation_pages():
            page = file.page
            if page is None or page.content is not None or file.src_uri not in self.anchors:
                continue  # built now, or not known (a plain `mkdocs build --dirty`)
            page.present_anchor_ids = set(self.anchors.get(file.src_uri, []))
            page.links_to_anchors = {
                target: anchors
                for path, anchors in self.links.get(file.src_uri, {}).items()
                if (target := files.get_file_from_path(path)) is not None
            }

    def page_built(self, page: Page) -> None:
        """``page`` was built: its search entries are this build's, and its anchors."""
        self.built.add(page.url)
        path = page.file.src_uri
        self.anchors[path] = sorted(page.present_anchor_ids or ())
        links = {f.src_uri: dict(a) for f, a in (page.links_to_anchors or {}).items()}
        if links:
            self.links[path] = links
        else:
            self.links.pop(path, None)

    @staticmethod
    def forget_search_index(config: MkDocsConfig) -> None:
        """Start a build's index afresh: MkDocs keeps its plugins across the builds of one
        process, and the search plugin, after a dirty build, the index it wrote (as the one to
        merge the next into)."""
        search = config.plugins.get("material/search")
        if isinstance(search, SearchPlugin):
            search.search_index_prev = None

    def complete_search_index(self, config: MkDocsConfig) -> None:
        """Give the search plugin the whole index, in the order a full build makes it: the
        entries of the pages built now, the last ones of the others."""
        search = config.plugins.get("material/search")
        if not isinstance(search, SearchPlugin) or self.files is None:
            return
        if self.index is not None:
            try:
                self.entries = _by_page(json.loads(read_regular_file(self.index))["docs"])
            except (OSError, ValueError, KeyError):
                self.entries = {}
            self.index = None
        built = _by_page(search.search_index.entries)
        pages = self.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for file in pages:
            if file.url in self.built:
                self.entries[file.url] = built.get(file.url, [])
        search.search_index.entries = [e for f in pages for e in self.entries.get(f.url, [])]
        search.search_index_prev = None

    def kept(self, files: Files) -> tuple[dict[str, list[str]], Links, Lookups]:
        """The anchors, links to anchors and looked-up paths of the pages of ``files`` (for
        the next build)."""
        pages = {file.src_uri for file in files.documentation_pages()}
        anchors = {path: ids for path, ids in self.anchors.items() if path in pages}
        links = {path: found for path, found in self.links.items() if path in pages}
        lookups = {path: found for path, found in self.lookups.items() if path in pages}
        return anchors, links, lookups


def _newer(source: Path, copy: Path) -> bool:
    """Whether ``source`` is newer than its ``copy`` (or either cannot be read)."""
    try:
        return copy.stat().st_mtime_ns < source.stat().st_mtime_ns
    except OSError:
        return True


def _by_page(entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Search index entries by the URL of their page."""
    pages: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        pages.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
    return pages


@dataclass
class Generated:
    """A build's generated files as its record keeps them: each one's digest
    (:func:`file_digests`), what they were all generated from (:func:`generation_inputs`), and
    the docs folder they are in, stamped (:func:`site_stamps`)."""

    digests: dict[str, str]
    inputs: Inputs
    docs: dict[str, Stamp]
    #: What each pearl page was made from (:attr:`~generator.site.generate.SitePages.pearl_inputs`).
    pearl_inputs: dict[str, str]


@dataclass
class SiteRecord:
    """What the site `pearls build` last published was built from, kept in the cache folder:
    its folder, the build's key, the generated files (:class:`Generated`), each page's anchors,
    links to anchors and looked-up paths, and each file of the site with its size, times,
    inode and SHA-256 (the proof that the site is still the one built: :func:`holds`)."""

    site: str
    key: str
    digests: dict[str, str]
    common: str
    sources: dict[str, str]
    listed: dict[str, str]
    pearl_inputs: dict[str, str]
    docs: dict[str, Stamp]
    anchors: dict[str, list[str]]
    links: Links
    lookups: Lookups
    outputs: dict[str, Stamp]

    @classmethod
    def load(cls, folder: Path | None) -> SiteRecord | None:
        """The record kept in ``folder`` (None: none, or unreadable)."""
        if folder is None:
            return None
        try:
            data = json.loads(read_regular_file(folder / _RECORD))
            if data.pop("format") != _FORMAT:
                return None
            return cls(**data)
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def save(self, folder: Path | None) -> None:
        """Keep the record in ``folder`` (a record that cannot be kept costs the next build
        time only)."""
        if folder is None:
            return
        try:
            data = json.dumps({"format": _FORMAT, **vars(self)}, separators=(",", ":"))
            write_atomically(folder / _RECORD, data.encode())
        except OSError:
            return

    @property
    def inputs(self) -> Inputs:
        """What the pages of the build recorded were generated from."""
        return Inputs(self.common, self.sources, self.listed)

    def generated(self, inputs: Inputs, docs_dir: Path, nav: Any) -> Generated | None:
        """The files this record's build generated, when generating from ``inputs`` would
        write them again as they are in ``docs_dir`` (and MkDocs would read none of them:
        :meth:`_docs_as_generated`); else None."""
        if inputs != self.inputs:
            return None
        docs = self._docs_as_generated(docs_dir, nav)
        if docs is None:
            return None
        return Generated(self.digests, inputs, docs, self.pearl_inputs)

    def body_edited(self, inputs: Inputs, docs_dir: Path, nav: Any) -> Path | None:
        """The one pearl whose file alone changed since the build recorded, and in nothing
        other pages show of it (its body alone: :func:`generator.site.live.listed`), when the
        files generated then are as they were in ``docs_dir``; else None."""
        if (inputs.common, inputs.listed) != (self.common, self.listed):
            return None
        if inputs.sources.keys() != self.sources.keys():
            return None
        changed = [path for path, value in inputs.sources.items() if self.sources[path] != value]
        if len(changed) != 1 or changed[0] not in self.listed:
            return None
        return Path(changed[0]) if self._docs_as_generated(docs_dir, nav) is not None else None

    def pearls_changed(self, inputs: Inputs, docs_dir: Path, nav: Any) -> dict[str, str]:
        """What each pearl page of the build recorded was made from (:attr:`pearl_inputs`),
        when only pearls' files changed since (edited, added or removed), the files generated
        then are as they were in ``docs_dir``, and ``nav`` lists none of a pearl's files;
        else nothing."""
        if inputs.common != self.common:
            return {}
        pearls = self.listed.keys() | inputs.listed.keys()
        for path in self.sources.keys() | inputs.sources.keys():
            if path not in pearls and self.sources.get(path) != inputs.sources.get(path):
                return {}
        if any(owning_pearl(path) is not None for path, _ in _nav_paths(nav or [])):
            return {}
        return self.pearl_inputs if self._docs_as_generated(docs_dir, nav) is not None else {}

    def _docs_as_generated(self, docs_dir: Path, nav: Any) -> dict[str, Stamp] | None:
        """``docs_dir``'s stamps when it holds what this record's build generated, as it wrote
        it, and ``nav`` (``mkdocs.yml``'s) lists no page without a title (MkDocs reads those
        every build, for their titles: it would need every page's fragments); else None."""
        if untitled_nav_pages(nav, self.digests):
            return None
        return holds(docs_dir, self.docs)

    def describes(self, site_dir: Path, key: str) -> bool:
        """Whether the site in ``site_dir`` is, file by file, the one this record describes,
        built with ``key``."""
        if (self.site, self.key) != (str(site_dir), key):
            return False
        return holds(site_dir, self.outputs) is not None


def site_stamps(
    root: Path, recorded: dict[str, Stamp] | None = None, known: dict[str, str] | None = None
) -> dict[str, Stamp]:
    """Each file and folder in ``root`` (not followed through links), by its path: a file's
    size, modification and change times, inode and SHA-256; a folder's None; anything else
    ``[-1]``. A file's SHA-256 is read from ``recorded`` (stamps of an earlier look) where its
    size, times and inode are as stamped there, or from ``known`` (files the caller vouches
    for), instead of from the file."""
    recorded, known = recorded or {}, known or {}
    stamps: dict[str, Stamp] = {}
    for folder, folders, names in os.walk(root):
        relative = Path(folder).relative_to(root)
        for name in folders:
            path = os.path.join(folder, name)
            stamps[(relative / name).as_posix()] = None if not os.path.islink(path) else [-1]
        for name in names:
            path, key = os.path.join(folder, name), (relative / name).as_posix()
            stat = os.lstat(path)
            if stat.st_mode & 0o170000 != 0o100000:
                stamps[key] = [-1]
                continue
            stamp: list[int | str] = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
            earlier = recorded.get(key)
            if key in known:
                stamp.append(known[key])
            elif earlier is not None and earlier[:4] == stamp:
                stamp.append(earlier[4])
            else:
                stamp.append(hashlib.sha256(read_regular_file(Path(path))).hexdigest())
            stamps[key] = stamp
    return stamps


def holds(root: Path, recorded: dict[str, Stamp]) -> dict[str, Stamp] | None:
    """``root``'s stamps when it holds, path by path, the files and folders ``recorded``
    stamps: a file as stamped, or, where its times or inode moved, with the same bytes (a copy
    restored from a CI cache has new ones); else None. Nothing is read but the files whose
    times or inode moved."""
    stamps = site_stamps(root, recorded)
    same = stamps.keys() == recorded.keys() and all(
        _contents(stamp) == _contents(recorded[name]) for name, stamp in stamps.items()
    )
    return stamps if same else None


def _contents(stamp: Stamp) -> Stamp:
    """What of a stamp says what a file holds: its size and SHA-256."""
    return stamp if stamp is None or len(stamp) < 5 else [stamp[0], stamp[4]]


class _DirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def quiet_dirty_warning() -> None:
    """Leave out MkDocs' warning on every dirty build (that links and navigation may be
    inaccurate): a page whose HTML could change is always rebuilt here, so it would only
    fail a strict build."""
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _DirtyWarning) for f in logger.filters):
        logger.addFilter(_DirtyWarning())
