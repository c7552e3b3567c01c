"""A cache of what reading one file produced, so re-checking an unchanged archive is fast.

Each entry is keyed by a SHA-256 of the file's exact bytes, its path and a *version*: the
generator's own source code (all but the stages after reading: site, newsletter, commands), the
versions of Python and the parsing libraries (PyYAML, pybtex, pylatexenc) and the project's
settings. Whatever changes the answer therefore changes the key, and a stale entry is never found,
only left behind (and pruned at the end of a run). Entries are
written atomically (a temporary file, then ``os.replace``) and checked when read: an unreadable,
truncated or foreign file is a miss, never an answer. Only per-file work is cached; checks that
look across files (dates, slugs, topics, citation keys, algorithm links) always run.

The cache lives in ``<project>/.cache/pearls/`` and holds pickles: like any build cache, it is
trusted as the project's own output and never shared.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from generator.files import open_regular_file, write_atomically
from generator.parallel import map_shared

CACHE_DIR = Path(".cache") / "pearls"
_SUFFIX = ".pickle"
#: Bumped by hand only if the entry format itself changes (the version key covers the rest).
_FORMAT = b"pearls-cache-1"
#: Markdown and nh3 (with the usual extension package) decide what the check reports in a body.
_LIBRARIES = ("pyyaml", "pybtex", "pylatexenc", "markdown", "nh3", "pymdown-extensions")
#: Stages after reading (data flows one way): their code never shapes a cached result.
_DOWNSTREAM = frozenset({"site", "newsletter", "commands", "cli.py", "__main__.py"})

T = TypeVar("T")
J = TypeVar("J")


def cache_folder(root: Path, part: str = "") -> Path | None:
    """``root/.cache/pearls/part``, made if missing, when each folder on the way is a real
    folder; else None, with a warning: the cache is then not used, and nothing is ever written
    or deleted through a symlink (a restored CI cache could point it at the sources)."""
    folder = root
    for name in (*CACHE_DIR.parts, *Path(part).parts):
        folder = folder / name
        try:
            os.mkdir(folder)
        except FileExistsError:
            pass
        except OSError as exc:
            _warn_unusable(root, folder, exc.strerror or str(exc))
            return None
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            kind = "it is a symlink" if folder.is_symlink() else "it is not a folder"
            _warn_unusable(root, folder, kind)
            return None
    return folder


@functools.cache
def _warn_unusable(root: Path, folder: Path, reason: str) -> None:
    shown = folder.relative_to(root)
    print(f"pearls: warning: not using the cache {shown} ({reason})", file=sys.stderr)


@functools.cache
def generator_fingerprint() -> str:
    """A hash of the generator's source and the parsing libraries' versions."""
    digest = hashlib.sha256(_FORMAT)
    digest.update(sys.version.encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing".encode())
    digest.update(source_fingerprint(_DOWNSTREAM).encode())
    return digest.hexdigest()


@functools.cache
def source_fingerprint(skip: frozenset[str]) -> str:
    """A hash of the generator's Python source, but the top-level parts named in ``skip``."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for source in sorted(package.rglob("*.py")):
        relative = source.relative_to(package)
        if relative.parts[0] in skip:
            continue
        digest.update(str(relative).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


class Cache:
    """Per-file results of one project, looked up by content; ``enabled=False`` bypasses it.

    ``part`` names a subfolder for one stage's entries (the site's resolved pearls), so each
    stage prunes only its own.
    """

    def __init__(self, root: Path, settings_key: str, enabled: bool = True, part: str = "") -> None:
        folder = cache_folder(root, part) if enabled else None
        self.folder = folder or root / CACHE_DIR / part
        self.enabled = folder is not None
        self.version = hashlib.sha256(
            f"{generator_fingerprint()}\0{settings_key}".encode()
        ).hexdigest()
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def key(self, kind: str, path: Path, data: bytes) -> str:
        """The entry name for ``kind`` of work on ``data`` read from ``path``."""
        digest = hashlib.sha256(self.version.encode())
        digest.update(f"\0{kind}\0{path}\0".encode())
        digest.update(data)
        return f"{kind}-{digest.hexdigest()}"

    def get_or_compute(self, kind: str, path: Path, data: bytes, compute: Callable[[], T]) -> T:
        """The cached result of ``compute()`` for these bytes, else computed and stored."""
        found = self.get(kind, path, data)
        if found is not None:
            return found[0]
        value = compute()
        self.put(kind, path, data, value)
        return value

    def get_or_compute_each(
        self,
        kind: str,
        jobs: Sequence[tuple[Path, bytes, J]],
        compute: Callable[[J], T],
        minimum: int | None = None,
        alongside: Callable[[], object] | None = None,
    ) -> list[T]:
        """For each job ``(path, data, input)``: the cached result for ``data``, else
        ``compute(input)``, stored; the computing is shared among the cores when at least
        ``minimum`` are missing, ``alongside`` called here meanwhile
        (:func:`generator.parallel.map_shared`)."""
        found = [self.get(kind, path, data) for path, data, _ in jobs]
        missing = [item for (_, _, item), hit in zip(jobs, found, strict=True) if hit is None]
        computed = iter(map_shared(compute, missing, minimum, alongside))
        results = []
        for (path, data, _), hit in zip(jobs, found, strict=True):
            if hit is None:
                hit = (next(computed),)
                self.put(kind, path, data, hit[0])
            results.append(hit[0])
        return results

    def get(self, kind: str, path: Path, data: bytes) -> tuple[Any] | None:
        """The cached result for these bytes, in a 1-tuple; None on a miss (or when disabled)."""
        if not self.enabled:
            return None
        key = self.key(kind, path, data)
        self.used.add(key)
        found = self._read(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, kind: str, path: Path, data: bytes, value: object) -> None:
        """Store the result computed for these bytes (nothing when disabled)."""
        if self.enabled:
            key = self.key(kind, path, data)
            self.used.add(key)
            self._write(key, value)

    def prune(self) -> None:
        """Remove entries this run did not use (older contents, versions or settings)."""
        if not self.enabled or not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.suffix == _SUFFIX and entry.stem not in self.used and entry.is_file():
                entry.unlink(missing_ok=True)

    def _read(self, key: str) -> tuple[Any] | None:
        try:
            # unpickled from the file as it is read: a 190,000-entry .bib's entry is 95 MB
            with open_regular_file(self.folder / f"{key}{_SUFFIX}") as stream:
                stored_key, value = pickle.load(stream)
        except Exception:  # missing, truncated or corrupt: recompute
            return None
        return (value,) if stored_key == key else None

    def _write(self, key: str, value: object) -> None:
        try:
            blob = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomically(self.folder / f"{key}{_SUFFIX}", blob)
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return  # a cache that cannot be written only costs time
