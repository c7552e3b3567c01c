"""The seed pearl's email HTML in headless Chromium at 600 px and 375 px.

Screenshots go to ``tests.conftest.ARTIFACTS`` (outside the checkout) to be looked at by
eye. The flowchart is served from the
exported PNG where the site publishes it; every other request is refused and recorded, so the
email can be seen to fetch nothing else (no fonts, no stylesheets, no trackers).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import ARTIFACTS, copy_example_project

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
SEED_DATE = "2021-02-17"
FLOWCHART_URL = "https://pearls.example.org/pearls/pulmonary-cement-embolism/algorithm.png"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("email")
    project = copy_example_project(tmp_path_factory.mktemp("example") / "project")
    assert main(["--project", str(project), "email", SEED_DATE, "-o", str(out)]) == 0
    return out


def look(html: str, png: bytes, width: int) -> dict:
    """Open the email at ``width`` px, save a screenshot and measure what a reader would see.

    Runs in a thread of its own: Playwright's sync API allows one session per thread, and the
    site's browser tests may hold one open in the main thread.
    """
    refused: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if url == FLOWCHART_URL:
            request_route.fulfill(body=png, content_type="image/png")
        else:
            refused.append(url)
            request_route.abort()

    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.route("**/*", route)
        page.set_content(html, wait_until="load")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"email-{width}.png", full_page=True)
        image = page.locator("img").first
        body = page.locator("p", has_text="Percutaneous vertebroplasty")
        seen = {
            "refused": refused,
            "scroll_width": page.evaluate("document.documentElement.scrollWidth"),
            "image_loaded": image.evaluate("img => img.complete && img.naturalWidth > 0"),
            "image": image.bounding_box(),
            "container": page.locator("table[width='600']").bounding_box(),
            "title": page.locator("h1").inner_text(),
            "title_px": page.locator("h1").evaluate(
                "h => parseFloat(getComputedStyle(h).fontSize)"
            ),
            "body_px": body.evaluate("p => parseFloat(getComputedStyle(p).fontSize)"),
        }
        browser.close()
    return seen


@pytest.mark.parametrize("width", [600, 375])
def test_email_reads_well_at_desktop_and_phone_widths(exported, width):
    html = (exported / f"{SEED_DATE}.html").read_text()
    png = (exported / f"{SEED_DATE}-flowchart.png").read_bytes()
    with ThreadPoolExecutor(max_workers=1) as worker:
        seen = worker.submit(look, html, png, width).result(timeout=120)
    assert seen["refused"] == []  # nothing fetched but the flowchart
    assert seen["scroll_width"] <= width  # no sideways scroll
    assert seen["image_loaded"] and seen["image"]["width"] <= width - 20
    assert seen["container"]["width"] == pytest.approx(min(600, width), abs=1)
    assert seen["title"] == "Pulmonary Cement Embolism"
    assert seen["title_px"] >= 24
    assert seen["body_px"] >= 16  # readable on a phone without zooming
