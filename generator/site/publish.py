"""Building the site with MkDocs, atomically, and serving a live preview of it.

A build happens in a staging folder beside ``site/`` (generated pages and the built site), and
only a complete build replaces ``site/``: the old one is renamed aside into the staging folder and
the new one renamed in. A failed or killed build leaves the previous ``site/`` as it was (killed
between the two renames, the next build puts the previous one back before anything else); builds
hold a lock beside it, and the next build clears what a killed one left behind. The site folder
must be one this tool may take (:mod:`generator.outputs`): the built site and its staging folders
carry the marker, and nothing else is ever deleted. Cached builds keep the generated pages in
``.cache/pearls/docs/`` (locked while a build uses it, and never through a symlink), so a rebuild
writes only the pages that changed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config

from generator.cache import cache_folder
from generator.config import CONFIG_FILE
from generator.files import folder_lock
from generator.outputs import PREVIOUS, make_staging, mark, output_folder, output_lock
from generator.project import Project
from generator.site.hooks import Request, requested

#: The command whose marker the site folder and its staging folders carry.
COMMAND = "build"


def build_site(project: Project, site_dir: Path, as_of: dt.date, use_cache: bool = False) -> None:
    """Build the site as readers see it on ``as_of`` and put it in ``site_dir`` atomically.

    ``use_cache``: reuse resolved pearls and flowchart PNGs from ``.cache/pearls/site/``.

    Raises :class:`~generator.errors.UsageError` when ``site_dir`` is not the site's to take
    (see :mod:`generator.outputs`), and :class:`mkdocs.exceptions.MkDocsException` when MkDocs
    fails (broken links are errors: the build is strict).
    """
    _without_material_notice()
    site_dir = output_folder(project.settings, site_dir, COMMAND)
    with output_lock(site_dir, COMMAND):
        _build_in_staging(project, site_dir, as_of, use_cache)


def _build_in_staging(project: Project, site_dir: Path, as_of: dt.date, use_cache: bool) -> None:
    staging = make_staging(site_dir, COMMAND)
    try:
        with _docs_folder(project, staging, use_cache) as docs:
            built = staging / "site"
            config = load_config(
                str(project.root / CONFIG_FILE),
                docs_dir=str(docs),
                site_dir=str(built),
                strict=True,
            )
            request = Request(project=project, as_of=as_of, preview=False, use_cache=use_cache)
            with requested(request), mkdocs_logging():
                mkdocs_build(config)
        mark(built, COMMAND)
        swap_in(built, site_dir, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def _docs_folder(project: Project, staging: Path, use_cache: bool) -> Iterator[Path]:
    """Where the generated pages go: the project's cache folder, held with a lock (only the
    pages that changed are written), or with ``use_cache`` off a fresh folder in ``staging``."""
    docs = cache_folder(project.root, "docs") if use_cache else None
    if docs is None:
        docs = staging / "docs"
        docs.mkdir()
        yield docs
        return
    with folder_lock(docs):
        yield docs


def swap_in(new: Path, target: Path, staging: Path) -> None:
    """Put ``new`` in place of ``target`` (same filesystem); the old one moves into
    ``staging`` (as :data:`~generator.outputs.PREVIOUS`), which the caller deletes. An empty
    ``target`` folder is simply replaced."""
    if target.is_dir() and not any(target.iterdir()):
        target.rmdir()
    if target.exists():
        os.replace(target, staging / PREVIOUS)
    os.replace(new, target)


def serve_site(root: Path, dev_addr: str, as_of: dt.date) -> None:
    """Serve a live preview (drafts and future pearls marked) that rebuilds on every edit."""
    _without_material_notice()
    with (
        tempfile.TemporaryDirectory(prefix="pearls-serve-") as docs,
        requested(Request(as_of=as_of, preview=True)),
        mkdocs_logging(logging.INFO),
    ):
        mkdocs_serve(str(root / CONFIG_FILE), livereload=True, dev_addr=dev_addr, docs_dir=docs)


@contextmanager
def mkdocs_logging(level: int = logging.WARNING) -> Iterator[None]:
    """Show MkDocs' own messages on stderr while it runs inside `pearls`."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(level)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def _without_material_notice() -> None:
    """Editors act on `pearls` output; mkdocs-material's end-of-life notice is not for them."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
