"""Writing one Wednesday's email to disk: ``<date>.html``, ``.txt``, ``.eml``, ``-flowchart.png``.

The ``.html`` is for pasting into a mailing service, so its flowchart points at the PNG the site
publishes beside the pearl's page (``<site_url>pearls/<slug>/algorithm.png``); the ``.eml``
carries the same PNG inside the message.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.policy import SMTP
from pathlib import Path

from generator.files import write_atomically
from generator.newsletter.edition import Edition
from generator.newsletter.message import build_message, flowchart_cid
from generator.newsletter.render import render_html, render_text


@dataclass(frozen=True)
class Export:
    """The files written, and the HTML's size (Gmail clips a message over about 102 KB)."""

    paths: tuple[Path, ...]
    html_bytes: int


def export_edition(edition: Edition, out_dir: Path) -> Export:
    """Render ``edition`` and write its files into ``out_dir`` (each atomically)."""
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
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = tuple(out_dir / name for name in files)
    for path, data in zip(paths, files.values(), strict=True):
        write_atomically(path, data)
    return Export(paths, len(files[f"{stem}.html"]))
