"""Building the site with MkDocs, atomically, and serving a live preview of it.

A build happens in a staging folder beside ``site/`` (generated pages and the built site), and
only a complete build replaces ``site/``: on Linux the two folders are exchanged in one atomic
``renameat2(RENAME_EXCHANGE)``, so there is no moment without a whole ``site/``; elsewhere the old
one is renamed aside and the new one renamed in. A failed or killed build leaves the previous
``site/`` as it was; builds hold a lock beside it, and the next build clears what a killed one
left behind. Cached builds keep the generated pages in ``.cache/pearls/docs/`` (locked while a
build uses it), so a rebuild writes only the pages that changed.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import fcntl
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

from generator.cache import CACHE_DIR
from generator.config import CONFIG_FILE
from generator.project import Project
from generator.site.hooks import Request, requested

#: Staging folders beside the site are named so (``.gitignore`` ignores ``.site-*/``).
STAGING_PREFIX = ".site-"


def build_site(project: Project, site_dir: Path, as_of: dt.date, use_cache: bool = False) -> None:
    """Build the site as readers see it on ``as_of`` and put it in ``site_dir`` atomically.

    ``use_cache``: reuse resolved pearls and flowchart PNGs from ``.cache/pearls/site/``.

    Raises :class:`mkdocs.exceptions.MkDocsException` when MkDocs fails (broken links are
    errors: the build is strict).
    """
    _without_material_notice()
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(site_dir):
        _build_in_staging(project, site_dir, as_of, use_cache)


def _build_in_staging(project: Project, site_dir: Path, as_of: dt.date, use_cache: bool) -> None:
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=site_dir.parent))
    try:
        with _docs_folder(project, staging, use_cache) as docs:
            built = staging / "site"
            config = load_config(
                str(project.root / CONFIG_FILE), docs_dir=str(docs), site_dir=str(built),
                strict=True,
            )
            request = Request(project=project, as_of=as_of, preview=False, use_cache=use_cache)
            with requested(request), mkdocs_logging():
                mkdocs_build(config)
        swap_in(built, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def _docs_folder(project: Project, staging: Path, use_cache: bool) -> Iterator[Path]:
    """Where the generated pages go: the project's cache folder, held with a lock (only the
    pages that changed are written), or with ``use_cache`` off a fresh folder in ``staging``."""
    if not use_cache:
        docs = staging / "docs"
        docs.mkdir()
        yield docs
        return
    docs = project.root / CACHE_DIR / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    folder = os.open(docs, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        yield docs
    finally:
        os.close(folder)


@contextmanager
def _build_lock(site_dir: Path) -> Iterator[None]:
    """One build at a time per folder (a lock on the folder holding the site, so no lock file
    is left behind); with the lock held, staging left by killed builds goes."""
    folder = os.open(site_dir.parent, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        for stale in site_dir.parent.glob(f"{STAGING_PREFIX}*"):
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
        yield
    finally:
        os.close(folder)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2``); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return result == 0


def swap_in(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target`` (same filesystem), then drop the old one."""
    if not target.exists():
        os.replace(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)
        return
    old = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX + "old-", dir=target.parent))
    os.replace(target, old / target.name)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


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
