"""Playwright fixtures: Debian's Chromium against the example site served on localhost.

Every page a test opens records its requests; a request leaving 127.0.0.1 fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import ARTIFACTS

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run scripts/install-test-tools"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def requests_made() -> list[str]:
    """Every URL the test's page requested."""
    return []


@pytest.fixture
def page(browser: Browser, site_url: str, requests_made: list[str]) -> Iterator[Page]:
    """A light-scheme desktop page; fails the test if any request leaves localhost."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    page.on("request", lambda request: requests_made.append(request.url))
    yield page
    context.close()
    outside = [
        url
        for url in requests_made
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"
    ]
    assert not outside, f"requests left localhost: {outside}"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (outside the checkout, :data:`tests.conftest.ARTIFACTS`): look at
    them."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
