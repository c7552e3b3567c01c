"""`pearls serve` with a content error, in Chromium: the errors show above the page at desktop
width and at 375 px without making the page scroll sideways, and the page reloads by itself
once the file is fixed (the pages' Content-Security-Policy refuses MkDocs' inline reloading
script; the plugin serves its own)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from tests.test_serve_errors import CEMENT_PAGE, break_date, fix_date, serving
from tests.test_site_serve import poll


def test_the_error_page_fits_a_phone_and_reloads_itself_once_fixed(
    browser: Browser, example_project: Path, tmp_path: Path
) -> None:
    line = break_date(example_project)
    with serving(example_project, tmp_path / "serve.log") as (base, process):
        poll(base + CEMENT_PAGE, lambda p: True, process)
        phone = browser.new_context(viewport={"width": 375, "height": 800})
        page = phone.new_page()
        page.goto(base + CEMENT_PAGE)
        assert page.locator(".pearls-errors__message").inner_text() == line
        assert page.locator(".pearls-errors__source").inner_text() == (
            "3 | date: 2021-02-18\n  |       ^"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        phone.close()

        desktop = browser.new_context(viewport={"width": 1280, "height": 900})
        page = desktop.new_page()
        page.goto(base + CEMENT_PAGE)
        assert page.locator(".pearls-errors").is_visible()
        fix_date(example_project)
        page.wait_for_selector("text=valveless", timeout=60_000)  # no reload by the test
        assert page.locator(".pearls-errors").count() == 0
        desktop.close()
