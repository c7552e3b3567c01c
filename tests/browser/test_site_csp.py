"""The Content-Security-Policy in Chromium: the theme works under it, injected script does not.

Every violation the browser reports (``securitypolicyviolation`` events and console errors) is
collected from the first moment of each page, by a script Playwright injects outside the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.test_site_browser import SEED, WIDE_PAGES, search

_WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def watched(page: Page) -> Iterator[tuple[Page, list[str]]]:
    """The page, and the console errors it logs about the policy."""
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(_WATCH)
    yield page, console


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__violations")


def test_search_palette_and_instant_navigation_work_under_the_policy(
    watched: tuple[Page, list[str]], site_url: str, artifacts: Path
) -> None:
    page, console = watched
    for path in WIDE_PAGES:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], path
    search(page, site_url, "cement")
    result = page.locator(".md-search-result__item a[href*='pulmonary-cement-embolism']").first
    expect(result).to_be_visible(timeout=15_000)
    result.click()  # instant navigation: fetched and swapped in by the theme's script
    expect(page.locator("h1")).to_have_text("Pulmonary Cement Embolism")
    page.locator("label[for='__palette_1']").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    assert violations(page) == []
    assert console == []
    page.screenshot(path=artifacts / "csp-dark-after-navigation.png")


def test_an_inline_handler_injected_into_a_built_page_is_blocked(
    watched: tuple[Page, list[str]], site_url: str
) -> None:
    page, console = watched

    def injected(route: Route) -> None:
        response = route.fetch()
        body = response.text().replace(
            "</article>",
            '<img src="nowhere.png" onerror="document.title=\'pwned\'">'
            "<script>document.title='pwned'</script></article>",
            1,
        )
        route.fulfill(response=response, body=body)

    page.route(site_url + SEED, injected)
    page.goto(site_url + SEED)
    page.wait_for_load_state("networkidle")
    assert page.title() == "Pulmonary Cement Embolism - Clinical Pearls"
    blocked = violations(page)
    assert any(v.startswith("script-src-attr inline") for v in blocked), blocked
    assert any(v.startswith("script-src-elem inline") for v in blocked), blocked
    assert any("inline event handler" in text for text in console), console
