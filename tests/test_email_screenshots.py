"""The seed pearl's email HTML in headless Chromium at 600 px and 375 px.

Screenshots go to ``tests/artifacts/`` to be looked at by eye. The flowchart is served from the
exported PNG where the site publishes it; every other request is refused and recorded, so the
email can be seen to fetch nothing else (no fonts, no stylesheets, no trackers).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

playwright = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
SEED_DATE = "2021-02-17"
FLOWCHART_URL = "https://pearls.example.org/pearls/pulmonary-cement-embolism/algorithm.png"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("email")
    assert main(["--project", str(ROOT), "email", SEED_DATE, "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.mark.parametrize("width", [600, 375])
def test_email_reads_well_at_desktop_and_phone_widths(exported, browser, width):
    refused: list[str] = []
    png = (exported / f"{SEED_DATE}-flowchart.png").read_bytes()

    def route(request_route) -> None:
        url = request_route.request.url
        if url == FLOWCHART_URL:
            request_route.fulfill(body=png, content_type="image/png")
        else:
            refused.append(url)
            request_route.abort()

    page = browser.new_page(viewport={"width": width, "height": 900})
    page.route("**/*", route)
    page.set_content((exported / f"{SEED_DATE}.html").read_text(), wait_until="load")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"email-{width}.png", full_page=True)

    assert refused == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    image = page.locator("img").first
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    box = image.bounding_box()
    assert box is not None and box["width"] <= width - 20
    container = page.locator("table[width='600']").bounding_box()
    assert container is not None
    assert container["width"] == pytest.approx(min(600, width), abs=1)
    heading = page.locator("h1")
    assert heading.inner_text() == "Pulmonary Cement Embolism"
    assert heading.evaluate("h => parseFloat(getComputedStyle(h).fontSize)") >= 24
    body_size = page.locator("p", has_text="Percutaneous vertebroplasty").evaluate(
        "p => parseFloat(getComputedStyle(p).fontSize)"
    )
    assert body_size >= 16  # readable on a phone without zooming
    page.close()
