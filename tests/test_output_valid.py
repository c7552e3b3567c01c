"""Valid output: pages, feed entries and the email pass the W3C Nu Html Checker.

(That no internal link or anchor is broken is tests/test_site_pages.py's.)
"""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ATOM = "{http://www.w3.org/2005/Atom}"
SEED_DATE = "2021-02-17"


def nu_html_errors(files: list[Path]) -> list[str]:
    """Every error the Nu Html Checker finds in ``files``, as 'file:line: message'."""
    if not VNU.is_file():
        pytest.fail("vnu.jar is missing: run scripts/install-test-tools (npm ci)")
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{unquote(m.get('url', ''))}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]


def feed_entries_as_documents(feed: Path, folder: Path) -> list[Path]:
    """Each feed entry's HTML content as a standalone document the checker can read."""
    documents = []
    for index, entry in enumerate(ET.parse(feed).getroot().iter(f"{ATOM}entry")):
        content = entry.find(f"{ATOM}content")
        assert content is not None and content.get("type") == "html"
        path = folder / f"entry-{index}.html"
        path.write_text(
            "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>entry"
            f"</title></head><body>{content.text}</body></html>"
        )
        documents.append(path)
    return documents


def test_pages_feed_entries_and_email_pass_the_nu_html_checker(
    example_site, example_project, tmp_path
):
    pages = sorted(example_site.rglob("index.html"))
    entries = feed_entries_as_documents(example_site / "feed.xml", tmp_path)
    assert main(
        ["--project", str(example_project), "email", SEED_DATE, "-o", str(tmp_path / "email")]
    ) == 0
    email = tmp_path / "email" / f"{SEED_DATE}.html"
    assert len(pages) > 10 and entries
    errors = nu_html_errors([*pages, *entries, email])
    # The mailing service replaces the unsubscribe merge tag; it must stay literal in the file.
    assert [e for e in errors if not (str(email) in e and "“*|UNSUB|*”" in e)] == []
