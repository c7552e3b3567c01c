"""Cite this pearl in Chromium: the copy button copies the citation; without JavaScript there is
no button, and the citation is there to select."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

SEED = "pearls/pulmonary-cement-embolism/"
#: As copied on 2 December 2026: the page shows "Accessed [date]." for the reader to fill in.
CITATION = (
    "Emergency Medicine News. Pulmonary Cement Embolism. Clinical Pearls. Published February 17, "
    "2021. Accessed December 2, 2026. doi:10.1097/01.EEM.0000734624.06857.f3"
)


def test_the_copy_button_puts_the_citation_on_the_clipboard(
    browser: Browser, site_url: str, artifacts: Path
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    page.clock.set_fixed_time("2026-12-02T10:00:00")
    page.goto(site_url + SEED)
    box = page.locator(".pearl-cite")
    expect(box.locator(".pearl-cite__text")).to_contain_text("Accessed [date].")
    button = box.get_by_role("button", name="Copy citation")
    button.click()
    expect(box.get_by_role("status")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == CITATION
    box.screenshot(path=artifacts / "cite-desktop.png")
    page.set_viewport_size({"width": 375, "height": 812})
    box.scroll_into_view_if_needed()
    box.screenshot(path=artifacts / "cite-375.png")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    context.close()


def test_the_copy_button_appears_after_instant_navigation(page: Page, site_url: str) -> None:
    page.goto(site_url + "topics/pulmonary-embolism/")
    page.locator(".pearl-card__title a", has_text="Pulmonary Cement Embolism").click()
    expect(page.locator("h1")).to_have_text("Pulmonary Cement Embolism")
    expect(page.locator(".pearl-cite").get_by_role("button", name="Copy citation")).to_be_visible()


def test_without_javascript_there_is_no_dead_button(
    browser: Browser, site_url: str, artifacts: Path
) -> None:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(site_url + SEED)
    box = page.locator(".pearl-cite")
    shown = CITATION.replace("December 2, 2026", "[date]")
    expect(box.locator(".pearl-cite__text")).to_have_text(shown)
    expect(box.locator("button")).to_have_count(0)
    expect(box.get_by_role("link", name="BibTeX")).to_have_attribute(
        "href", "pulmonary-cement-embolism.bib"
    )
    box.screenshot(path=artifacts / "cite-no-js.png")
    context.close()
