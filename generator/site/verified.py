"""Which pages' HTML the allow-list cleaned without removing anything, remembered across builds.

Proving that cleaning removed nothing (:meth:`generator.sanitize.Policy.clean_and_compare`) from
a page whose bytes it changed (a title's punctuation, a quote in code: Markdown writes them
otherwise than nh3) reads the page with Python's HTML parser. A page whose HTML
(fragments in, before cleaning) is byte for byte one that passed last build needs no second proof:
the same input, the same allow-list and the same nh3 give the same result. The digests are kept
under the generator's fingerprint (its source outside ``site/``, ``sanitize.py`` included, and the
versions of nh3 and Markdown: :func:`generator.cache.generator_fingerprint`), so a changed
allow-list or library starts from nothing. Cleaning itself always runs; only the comparison is
skipped, and only for HTML that passed it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.cache import cache_folder, generator_fingerprint
from generator.files import read_regular_file, write_atomically

_FILE = "verified-pages"
_DIGEST = hashlib.sha256().digest_size


class VerifiedPages:
    """Digests of page HTML that cleaned without removals: last build's, and this build's."""

    def __init__(self, folder: Path | None) -> None:
        """Read last build's digests from ``folder`` (None: remember nothing)."""
        self.folder = folder
        self.version = hashlib.sha256(f"{generator_fingerprint()}\0verified".encode()).digest()
        self.known: set[bytes] = set()
        self.now: set[bytes] = set()
        if folder is None:
            return
        try:
            blob = read_regular_file(folder / _FILE)
        except OSError:
            return
        if blob[:_DIGEST] == self.version and len(blob) % _DIGEST == 0:
            self.known = {blob[i : i + _DIGEST] for i in range(_DIGEST, len(blob), _DIGEST)}

    @classmethod
    def in_project(cls, root: Path) -> VerifiedPages:
        """The digests kept in ``root``'s cache (``.cache/pearls/site/``)."""
        return cls(cache_folder(root, "site"))

    def passed(self, html: str) -> bool:
        """Whether ``html`` cleaned without removals last build (kept for the next one)."""
        digest = hashlib.sha256(html.encode()).digest()
        if digest in self.known:
            self.now.add(digest)
            return True
        return False

    def add(self, html: str) -> None:
        """Remember that ``html`` cleaned without removals."""
        self.now.add(hashlib.sha256(html.encode()).digest())

    def save(self, partial: bool = False) -> None:
        """Keep this build's digests (only them: a page that changed is forgotten); after a
        ``partial`` build (of the changed pages only), last build's too."""
        kept = self.now | self.known if partial else self.now
        if self.folder is None or kept == self.known:
            return
        try:
            write_atomically(self.folder / _FILE, self.version + b"".join(sorted(kept)))
        except OSError:
            return  # a digest that cannot be kept only costs time
