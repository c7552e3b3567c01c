"""Building the site with MkDocs, atomically, and serving a live preview of it.

A build happens in a staging folder beside ``site/`` (generated pages and the built site), and
only a complete build replaces ``site/``: the old one is renamed aside into the staging folder and
the new one renamed in. A failed or killed build leaves the previous ``site/`` as it was (killed
between the two renames, the next build puts the previous one back before anything else); builds
hold a lock beside it, and the next build clears what a killed one left behind. The site folder
must be one this tool may take (:mod:`generator.outputs`): the built site and its staging folders
carry the marker, and nothing else is ever deleted. Cached builds keep the generated pages in
``.cache/pearls/docs/`` (locked while a build uses it, and never through a symlink), so a rebuild
writes only the pages that changed; and the record of the site they built in
``.cache/pearls/build/``, so a rebuild makes again only the pages whose HTML could change and
links the rest in from the published site once MkDocs is done (:mod:`generator.site.dirty`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from generator.cache import cache_folder
from generator.config import (
    CONFIG_FILE,
    PLUGIN,
    PLUGIN_HINT,
    load_settings,
    loaded_entries,
    mkdocs_settings,
)
from generator.errors import ContentError, UsageError
from generator.files import folder_lock
from generator.outputs import PREVIOUS, make_staging, mark, output_folder, output_lock
from generator.site.dirty import DirtySite, SiteRecord, build_key, site_stamps
from generator.site.hooks import Request
from generator.site.plugin import PearlsPlugin

#: The command whose marker the site folder and its staging folders carry.
COMMAND = "build"


def build_site(request: Request, site_dir: Path) -> None:
    """Build the site as readers see it on ``request.as_of`` (None: today) from
    ``request.project`` and put it in ``site_dir`` atomically; ``request.use_cache``: reuse
    the cached pages, resolved pearls and flowchart PNGs (``.cache/pearls/``), and the site
    the last cached build made.

    The request owns the project: the plugin lets go of it once the pages are generated, so a
    caller that gave up its own reference has none of it held while MkDocs builds the site.

    Raises :class:`~generator.errors.UsageError` when ``site_dir`` is not the site's to take
    (see :mod:`generator.outputs`), and :class:`mkdocs.exceptions.MkDocsException` when MkDocs
    fails (broken links are errors: the build is strict).
    """
    _without_material_notice()
    if request.project is None:
        raise ValueError("build_site: the request holds no project")
    settings = request.project.settings
    site_dir = output_folder(settings, site_dir, COMMAND)
    with output_lock(site_dir, COMMAND):
        _build_in_staging(request, settings.root, site_dir)


def _build_in_staging(request: Request, root: Path, site_dir: Path) -> None:
    """Build the project in ``root`` into a staging folder, then swap it in. A cached build
    whose record describes the site in ``site_dir`` builds a copy of it, only the pages whose
    HTML could change (:mod:`generator.site.dirty`), and records the site it makes."""
    use_cache = request.use_cache
    staging = make_staging(site_dir, COMMAND)
    try:
        with _docs_folder(root, staging, use_cache) as docs:
            built = staging / "site"
            config = load_config(
                str(root / CONFIG_FILE),
                docs_dir=str(docs),
                site_dir=str(built),
                strict=True,
            )
            plugin = _plugin(config)
            records = cache_folder(root, "build") if use_cache and _page_by_page(config) else None
            key = build_key(config, "preview=False") if records else None
            previous = SiteRecord.load(records)
            if previous is not None and not (key and previous.describes(site_dir, key)):
                previous = None
            config.plugins.on_startup(command="build", dirty=previous is not None)
            request.preview, request.key, request.previous = False, key, previous
            plugin.request = request
            if previous is not None:
                plugin.site = DirtySite.of_site(site_dir, previous)
            try:
                with mkdocs_logging():
                    mkdocs_build(config, dirty=previous is not None)
                record = plugin.site_record(site_dir)
                built.mkdir(exist_ok=True)
                mark(built, COMMAND)
                linked = plugin.site.link_unchanged(built)
            finally:
                config.plugins.on_shutdown()
        swap_in(built, site_dir, staging)
        # The last site goes first: its files' change times move as their links go.
        shutil.rmtree(staging, ignore_errors=True)
        if record is not None:
            record.outputs = site_stamps(site_dir, known=linked)
            record.save(records)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _plugin(config: MkDocsConfig) -> PearlsPlugin:
    """The generator in MkDocs' configuration (which a build without it would not run;
    ``pearls check``, and so ``pearls build`` before MkDocs runs, reports it as CFG062)."""
    plugin = config.plugins.get(PLUGIN)
    if isinstance(plugin, PearlsPlugin):
        return plugin
    if loaded_entries(mkdocs_settings(Path(config.config_file_path))):
        raise UsageError(
            f"{CONFIG_FILE} turns the {PLUGIN} plugin off (enabled: false): remove "
            "enabled: false, pearls build needs the plugin"
        )
    raise UsageError(f"{CONFIG_FILE} does not list the {PLUGIN} plugin: {PLUGIN_HINT}")


#: The plugins whose work is made page by page, which a build of the changed pages alone
#: leaves as a full build would (MkDocs' name for each).
_PAGE_BY_PAGE = {"search", "material/search", PLUGIN}


def _page_by_page(config: MkDocsConfig) -> bool:
    """Whether the site may be built in part: no plugin or hook in ``config`` but ours and
    search (another could read every page, or the whole site folder, when the build ends)."""
    return set(config.plugins) <= _PAGE_BY_PAGE and not config.hooks


@contextmanager
def _docs_folder(root: Path, staging: Path, use_cache: bool) -> Iterator[Path]:
    """Where the generated pages go: the cache folder of the project in ``root``, held with a
    lock (only the pages that changed are written), or with ``use_cache`` off a fresh folder
    in ``staging``."""
    docs = cache_folder(root, "docs") if use_cache else None
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


def serve_site(root: Path, dev_addr: str, as_of: dt.date | None) -> int:
    """Serve a live preview (drafts and future pearls marked) that rebuilds on every edit: run
    ``mkdocs serve --dirty`` on the project (only pages whose HTML could change are rebuilt:
    :mod:`generator.site.live`), as of ``as_of`` (None: today). Ended by Ctrl-C or SIGTERM:
    MkDocs' exit status; stopped by MkDocs: a :class:`ContentError` after MkDocs' own message."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if as_of is not None:
        env["SOURCE_DATE_EPOCH"] = str(calendar.timegm(as_of.timetuple()))
    settings, _ = load_settings(root)  # its problems are the plugin's to report
    # MkDocs refuses a docs_dir that does not exist before the generator could fill it.
    (root / settings.docs_dir).mkdir(parents=True, exist_ok=True)
    config = str(root / CONFIG_FILE)
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", config, "-a", dev_addr]
    stopping = threading.Event()
    # MkDocs builds into a temporary folder it removes only when it stops of itself: one in
    # ours, removed with what MkDocs left when SIGTERM ended it (as a service manager's, sent
    # to every process of the group, does).
    with (
        tempfile.TemporaryDirectory(prefix="pearls-serve-", ignore_cleanup_errors=True) as tmp,
        _interruptible(),
        subprocess.Popen(command, env=env | {"TMPDIR": tmp}) as process,
        _sigterm_stops(process, stopping),
    ):
        try:
            status = process.wait()
        except KeyboardInterrupt:
            return _stop(process)
    if stopping.is_set():
        return 0  # asked to stop (SIGTERM), whether MkDocs had our SIGINT or the SIGTERM too
    if status != 0:
        raise ContentError(f"mkdocs serve stopped (exit status {status}; its message is above)")
    return status


@contextmanager
def _interruptible() -> Iterator[None]:
    """While the block runs, SIGINT is caught (and does nothing) rather than ignored, so MkDocs
    started in it begins with Python's own handler: a script's `pearls serve &` runs with SIGINT
    ignored, which a child inherits, and MkDocs would never stop for the SIGINT passed on."""
    if os.name != "posix" or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    if previous is not signal.SIG_IGN:
        yield
        return
    # A caught signal is reset to its default in the exec'd child; an ignored one is not.
    signal.signal(signal.SIGINT, lambda *_: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def _sigterm_stops(server: subprocess.Popen, stopping: threading.Event) -> Iterator[None]:
    """While the block runs, SIGTERM (how `kill`, `timeout` and service managers stop a
    process) stops the server as Ctrl-C does: by default it would end `pearls` alone, and MkDocs
    would go on serving. ``stopping`` is set once it came."""
    if os.name != "posix" or threading.current_thread() is not threading.main_thread():
        yield  # signal handlers are the main thread's, and Windows has no SIGTERM to pass on
        return

    def stop(*_: object) -> None:
        stopping.set()
        if server.poll() is None:
            server.send_signal(signal.SIGINT)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stop(server: subprocess.Popen) -> int:
    """After Ctrl-C: from a terminal MkDocs has it too and shuts down; a signal sent to `pearls`
    alone is passed on."""
    try:
        return server.wait(timeout=2)
    except subprocess.TimeoutExpired:
        if os.name == "posix":
            server.send_signal(signal.SIGINT)  # MkDocs then removes its temporary site
        else:
            server.terminate()
        return server.wait()


@contextmanager
def mkdocs_logging() -> Iterator[None]:
    """Show MkDocs' own messages on stderr while it runs inside `pearls`."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def _without_material_notice() -> None:
    """Editors act on `pearls` output; mkdocs-material's end-of-life notice is not for them."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
