"""Writing one Wednesday's email to disk: ``<date>.html``, ``.txt``, ``.eml``, ``-flowchart.png``.

The ``.html`` is for pasting into a mailing service, so its flowchart points at the PNG the site
publishes beside the pearl's page (``<site_url>pearls/<slug>/algorithm.png``); the ``.eml``
carries the same PNG inside the message.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from email.policy import SMTP
from pathlib import Path

from generator.files import errors_named
from generator.newsletter.edition import Edition
from generator.newsletter.message import build_message, flowchart_cid
from generator.newsletter.render import render_html, render_text
from generator.outputs import make_staging, output_lock

#: The command whose marker the email folder carries.
COMMAND = "email"


@dataclass(frozen=True)
class Export:
    """The files written, and the HTML's size (Gmail clips a message over about 102 KB)."""

    paths: tuple[Path, ...]
    html_bytes: int


def export_edition(edition: Edition, out_dir: Path) -> Export:
    """Render ``edition`` and write its files into ``out_dir``, all or none: they are written
    in a staging folder beside it, then moved in. ``out_dir`` must have passed
    :func:`generator.outputs.output_folder`."""
    chart = edition.flowchart
    html = render_html(edition, chart.url if chart else "")
    text = render_text(edition)
    message = build_message(edition, render_html(edition, f"cid:{flowchart_cid(edition)}"), text)
    stem = f"{edition.date:%Y-%m-%d}"
    files = {
        f"{stem}.html": html.encode("utf-8"),
        f"{stem}.txt": text.encode("utf-8"),
        f"{stem}.eml": message.as_bytes(policy=SMTP),
    }
    if chart is not None:
        files[f"{stem}-flowchart.png"] = chart.png
    with output_lock(out_dir, COMMAND):
        staging = make_staging(out_dir, COMMAND)
        os.chmod(staging, 0o755)  # it may become the folder itself
        try:
            for name, data in files.items():
                with errors_named(out_dir / name, staging / name):
                    (staging / name).write_bytes(data)
            _move_in(staging, out_dir, list(files))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return Export(tuple(out_dir / name for name in files), len(files[f"{stem}.html"]))


def _move_in(staging: Path, out_dir: Path, names: list[str]) -> None:
    """Put the staged files in ``out_dir``: the whole (marked) folder in one rename when the
    folder is new or empty, else file by file, the files they replace set aside in ``staging``
    and put back if a move fails."""
    if not out_dir.exists() or not any(out_dir.iterdir()):
        os.replace(staging, out_dir)
        return
    previous = staging / ".previous"
    previous.mkdir()
    moved: list[str] = []
    kept: list[str] = []
    try:
        for name in names:
            if (out_dir / name).exists():
                os.replace(out_dir / name, previous / name)
                kept.append(name)
            os.replace(staging / name, out_dir / name)
            moved.append(name)
    except BaseException:
        for name in moved:
            (out_dir / name).unlink()
        for name in kept:
            os.replace(previous / name, out_dir / name)
        raise
