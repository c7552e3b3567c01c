"""Reading aids in Chromium: lettered back-links a reader can tell apart and follow, the key
points box at the top of a pearl, the archive's list; screenshots at desktop and 375 px
(tests.conftest.ARTIFACTS) to look at."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.conftest import EPOCH, copy_example_project, serving

SEED = "pearls/pulmonary-cement-embolism/"
#: mkdocs-material's script, which defines the ``document$`` and ``location$`` globals.
THEME_SCRIPT = "**/assets/javascripts/bundle.*.min.js"


def errors_of(page: Page) -> list[str]:
    """Every uncaught exception and console error ``page`` reports from now on."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text} ({message.location['url']})")

    page.on("console", console)
    return errors


def follow_the_first_citation(page: Page) -> None:
    """Click the text's first citation mark: the browser goes to reference 1, in view."""
    expect(page.locator(".pearl-cite__copy")).to_be_visible()  # pearls.js ran on the page
    assert page.evaluate("scrollY") == 0
    page.locator("p sup.cite a").first.click()
    expect(page).to_have_url(re.compile("#ref-1$"))
    expect(page.locator("li:target")).to_have_id("ref-1")
    expect(page.locator("#ref-1")).to_be_in_viewport()
    assert page.evaluate("scrollY") > 900  # the list is below the first screen


def test_lettered_back_links_return_to_each_citation(page: Page, site_url: str) -> None:
    page.goto(site_url + SEED)
    first = page.get_by_label("Back to citation 1a in the text")
    second = page.get_by_label("Back to citation 1b in the text")
    expect(first).to_have_text("↩ a")
    expect(second).to_have_text("↩ b")
    second.click()
    expect(page).to_have_url(re.compile("#cite-1-2$"))
    expect(page.locator("#cite-1-2")).to_be_in_viewport()
    expect(page.locator("#ref-3 a.backlink")).to_have_text("↩")  # cited once


def test_pearl_top_and_archive_at_desktop_and_phone_widths(
    page: Page, site_url: str, artifacts: Path
) -> None:
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(site_url + SEED)
        box = page.locator(".pearl-key-points")
        expect(box.locator(".admonition-title")).to_have_text("Key points")
        expect(page.locator(".pearl-reading-time")).to_have_text("2 min read")
        box.scroll_into_view_if_needed()
        assert box.bounding_box()["width"] <= width
        page.screenshot(path=artifacts / f"reading-aids-pearl-{width}.png")
        page.goto(site_url + "archive/")
        rows = page.locator(".archive-list__item")
        expect(rows).to_have_count(3)
        expect(rows.first).to_contain_text("18 November 2026 · Ruling Out Pulmonary Embolism")
        page.screenshot(path=artifacts / f"reading-aids-archive-{width}.png", full_page=True)


def test_a_place_in_the_page_keeps_the_text_version_open(
    page: Page, site_url: str, requests_made: list[str]
) -> None:
    """'see step 5' in the open text version, then a citation: the first such link made the
    theme's instant navigation fetch the page and render it afresh, closing the text version."""
    page.goto(site_url + SEED)
    page.wait_for_load_state("networkidle")
    loaded = len(requests_made)
    outline = page.locator("details.pearl-algorithm-text")
    outline.locator("summary").click()
    outline.get_by_role("link", name="step 5").click()
    expect(page).to_have_url(re.compile("#flowchart-step-5$"))
    expect(page.locator("#flowchart-step-5")).to_be_in_viewport()
    expect(outline).to_have_attribute("open", "")
    page.locator("p sup.cite a").first.click()
    expect(page).to_have_url(re.compile("#ref-1$"))
    expect(page.locator("li:target")).to_have_id("ref-1")  # highlighted, as the browser does
    page.go_back()
    expect(page).to_have_url(re.compile("#flowchart-step-5$"))
    expect(outline).to_have_attribute("open", "")
    fetched = [url for url in requests_made[loaded:] if url.rstrip("/").endswith(SEED.rstrip("/"))]
    assert not fetched, fetched


def test_without_the_themes_script_a_citation_still_reaches_its_reference(
    page: Page, site_url: str
) -> None:
    """The theme's script blocked or failed to load: no ``location$`` (nor ``document$``), and
    pearls.js leaves a place in the page to the browser, without an error."""
    page.route(THEME_SCRIPT, lambda route: route.abort())
    errors = errors_of(page)
    page.goto(site_url + SEED)
    assert page.evaluate("typeof location$ + ' ' + typeof document$") == "undefined undefined"
    follow_the_first_citation(page)
    # The one error is the blocked script's own.
    assert len(errors) == 1 and "assets/javascripts/bundle." in errors[0], errors


def test_with_instant_navigation_off_a_citation_reaches_its_reference(
    page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site whose mkdocs.yml leaves out navigation.instant: the theme still defines
    ``location$`` (so pearls.js still tells it only of other pages), and a citation is the
    browser's to follow."""
    from generator.cli import main

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = copy_example_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("    - navigation.instant\n", ""))
    assert "navigation.instant" not in config.read_text()
    assert main(["--project", str(project), "build"]) == 0
    errors = errors_of(page)
    with serving(project / "site") as url:
        page.goto(url + SEED)
        assert page.evaluate("typeof location$") == "object"
        follow_the_first_citation(page)
    assert not errors, errors
