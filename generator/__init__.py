"""Clinical Pearls: a static site and newsletter generator for weekly clinical pearls."""

from __future__ import annotations

import importlib


def main() -> int:
    """The `pearls` command (:func:`generator.cli.main`), which a Ctrl-C while it is still
    being imported ends as one would later: quietly, with status 130."""
    try:
        cli = importlib.import_module("generator.cli")
    except KeyboardInterrupt:
        return 130
    return cli.main()
