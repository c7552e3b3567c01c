"""Reading aids in Chromium: lettered back-links a reader can tell apart and follow, the key
points box at the top of a pearl, the archive's list; screenshots at desktop and 375 px
(tests.conftest.ARTIFACTS) to look at."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

SEED = "pearls/pulmonary-cement-embolism/"


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
