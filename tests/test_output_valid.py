"""Valid output: pages, feed entries and the email pass the W3C Nu Html Checker; no broken links."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

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


def test_pages_feed_entries_and_email_pass_the_nu_html_checker(example_site, tmp_path):
    pages = sorted(example_site.rglob("index.html"))
    entries = feed_entries_as_documents(example_site / "feed.xml", tmp_path)
    assert main(["--project", str(REPO), "email", SEED_DATE, "-o", str(tmp_path / "email")]) == 0
    email = tmp_path / "email" / f"{SEED_DATE}.html"
    assert len(pages) > 10 and entries
    errors = nu_html_errors([*pages, *entries, email])
    # The mailing service replaces the unsubscribe merge tag; it must stay literal in the file.
    assert [e for e in errors if not (str(email) in e and "“*|UNSUB|*”" in e)] == []


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if (
                name in ("href", "src")
                and value
                and tag != "link"
                or (tag == "link" and name == "href" and value)
            ):
                self.links.append(value)


def _parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_no_broken_internal_link_anywhere_in_the_site(example_site):
    parsed = {page: _parse(page) for page in example_site.rglob("*.html")}
    broken = []
    for page, links in parsed.items():
        for link in links.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
                continue
            base = example_site if parts.path.startswith("/") else page.parent
            target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(example_site)}: {link}")
            elif parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{page.relative_to(example_site)}: {link} (no such anchor)")
    assert broken == []
