"""Flowcharts that scale and a pearl on one printed page, in Chromium (issue 16 items 4 and 7).

Screenshots of the seed pearl and the gallery (desktop, 375 px, print) go to
tests.conftest.ARTIFACTS for a human to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from generator.algorithm.style import Style
from generator.cli import main
from tests.browser.test_site_browser import SEED
from tests.conftest import copy_example_project

PHONE = {"width": 375, "height": 812}
#: US Letter less print.css's page margins, in CSS pixels.
LETTER_COLUMN = {"width": 725, "height": 988}
#: The start step of the seed pearl's chart, as the drawing names it.
START = "#flowchart-step-1"
#: The smallest size a step's words may be drawn at on a phone, in CSS pixels.
READABLE_PX = 11
#: The example project's site_url (mkdocs.yml): where the email's links go.
SITE = "https://pearls.example.org/"


def box(page: Page, selector: str) -> dict[str, float]:
    return page.evaluate(
        "(s) => document.querySelector(s).getBoundingClientRect().toJSON()", selector
    )


def pdf_pages(page: Page, paper: str) -> int:
    """Pages of the PDF Chromium prints ``page`` to on ``paper`` (A4, Letter)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", page.pdf(format=paper)))


def cited_numbers(mark: str) -> set[int]:
    """The reference numbers a superscript such as ``1-3,5`` stands for."""
    numbers: set[int] = set()
    for part in re.split(r"[,\s]+", mark.strip()):
        low, _, high = part.replace("–", "-").partition("-")
        numbers.update(range(int(low), int(high or low) + 1))
    return numbers


def test_full_size_links_open_the_drawing(page: Page, site_url: str) -> None:
    page.goto(site_url + SEED)
    links = page.locator("#algorithm .pearl-full-size a")
    expect(links).to_have_text(["SVG", "PNG"])
    svg_url = urljoin(page.url, links.nth(0).get_attribute("href") or "")
    png_url = urljoin(page.url, links.nth(1).get_attribute("href") or "")
    assert svg_url == site_url + SEED + "algorithm.svg"
    png = page.request.get(png_url)
    assert png.ok and png.headers["content-type"] == "image/png"
    assert png.body().startswith(b"\x89PNG")
    links.nth(0).click()
    page.wait_for_url(svg_url)
    drawing = page.locator("svg#flowchart")
    expect(drawing).to_be_visible()
    expect(page.locator(START)).to_be_visible()
    assert drawing.bounding_box()["width"] == 727  # full size: the drawing's own width


def test_the_drawing_full_size_is_its_own_size_in_a_narrow_window(
    page: Page, site_url: str
) -> None:
    # Was shrunk to the window (600 px here): the drawing's own style held it to 100 %.
    page.set_viewport_size({"width": 600, "height": 800})
    page.goto(site_url + SEED + "algorithm.svg")
    assert page.locator("svg#flowchart").bounding_box()["width"] == 727
    assert page.evaluate("document.documentElement.getBoundingClientRect().width") == 727


def test_gallery_cards_link_each_drawing_full_size(page: Page, site_url: str) -> None:
    page.goto(site_url + "algorithms/")
    cards = page.locator(".algorithm-card")
    expect(cards).to_have_count(3)
    for index in range(3):
        card = cards.nth(index)
        image = card.locator("img").get_attribute("src")
        link = card.locator(".pearl-full-size a", has_text="SVG").get_attribute("href")
        assert link == image and link and link.endswith("/algorithm.svg")
        response = page.request.get(urljoin(page.url, link))
        assert response.ok and response.headers["content-type"] == "image/svg+xml"


def test_gallery_lists_every_reference_its_charts_cite(page: Page, site_url: str) -> None:
    """Each citation mark in a gallery chart has its reference under the chart, by number."""
    page.goto(site_url + "algorithms/")
    cards = page.locator(".algorithm-card")
    for index in range(cards.count()):
        card = cards.nth(index)
        drawing = page.request.get(urljoin(page.url, card.locator("img").get_attribute("src")))
        marks = re.findall(r'<tspan class="sup"[^>]*>([^<]+)</tspan>', drawing.text())
        assert marks, "every example chart cites a reference"
        cited = set().union(*(cited_numbers(mark) for mark in marks))
        listed = card.locator("ol.algorithm-card__references > li")
        numbers = {int(value) for value in listed.evaluate_all("els => els.map(e => e.value)")}
        assert numbers == cited
        expect(card.locator(".algorithm-card__cites")).to_have_text("Cited in the chart:")
    first = cards.filter(has_text="Management of pulmonary cement embolism")
    expect(first.locator("ol.algorithm-card__references > li")).to_have_text(
        re.compile(r"^Krueger A, Bliemel C, Zettl R, Ruchholtz S\. Management of pulmonary")
    )


def test_a_narrow_chart_is_centred_in_the_column(page: Page, site_url: str) -> None:
    page.goto(site_url)  # the home page shows PERC, whose chart is narrower than the column
    figure = box(page, ".pearl-figure svg#flowchart")
    column = box(page, ".md-content__inner")
    assert figure["width"] < column["width"] - 40
    figure_centre = figure["left"] + figure["width"] / 2
    column_centre = column["left"] + column["width"] / 2
    assert abs(figure_centre - column_centre) < 2


def test_on_a_phone_the_chart_opens_at_its_start_step(
    page: Page, site_url: str, artifacts: Path
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(site_url + SEED)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    start = box(page, START)
    assert start["left"] >= 0 and start["right"] <= PHONE["width"], start
    frame = page.locator(".pearl-figure")
    assert frame.evaluate("f => f.scrollWidth > f.clientWidth")  # the rest scrolls sideways
    expect(page.locator(".pearl-figure__hint")).to_have_text("← Swipe to see the whole chart →")
    expect(page.locator(".pearl-figure__hint")).to_be_visible()
    # Legible: the drawing's 14 px text is drawn at 10 px or more.
    drawing = box(page, "svg#flowchart")
    assert 14 * drawing["width"] / 727 >= 10
    page.locator(".pearl-figure").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "figure-seed-375.png")
    page.screenshot(path=artifacts / "figure-seed-375-full.png", full_page=True)


def test_on_a_phone_without_scroll_initial_target_the_script_opens_the_chart_at_its_start(
    browser: Browser, site_url: str
) -> None:
    """Safari and Firefox lack ``scroll-initial-target``: the site's script scrolls there."""
    context = browser.new_context(viewport=PHONE)
    context.add_init_script("CSS.supports = () => false;")
    page = context.new_page()
    page.goto(site_url + SEED)
    page.add_style_tag(content=".md-typeset .pearl-figure__start { scroll-initial-target: none; }")
    page.locator(".pearl-figure").evaluate("f => { f.scrollLeft = 0; }")
    page.evaluate("document$.next(document)")  # what instant navigation announces
    start = box(page, START)
    assert start["left"] >= 0 and start["right"] <= PHONE["width"], start
    assert page.locator(".pearl-figure").evaluate("f => f.scrollLeft") > 0
    context.close()


def label_px(page: Page, image: str) -> float:
    """The size ``image`` (a flowchart drawn as an <img>) draws a step's words at, in CSS px:
    the drawing's font size scaled as the image is, to the width its content box shows."""
    shown = page.locator(image).evaluate(
        """img => {
            const style = getComputedStyle(img);
            const content = img.getBoundingClientRect().width - parseFloat(style.paddingLeft)
                - parseFloat(style.paddingRight) - parseFloat(style.borderLeftWidth)
                - parseFloat(style.borderRightWidth);
            return content / img.getAttribute("width");
        }"""
    )
    return Style().font_size * shown


@pytest.mark.parametrize("opened_by", ["css", "script"])
def test_on_a_phone_gallery_charts_are_readable_and_open_at_their_start(
    browser: Browser, site_url: str, artifacts: Path, opened_by: str
) -> None:
    """Each card's chart keeps its own size (words at 11 px or more, not 6-7 px shrunk to the
    column) in a frame that scrolls sideways, opened at the start step, the page itself not."""
    context = browser.new_context(viewport=PHONE)
    if opened_by == "script":  # Safari and Firefox lack scroll-initial-target
        context.add_init_script("CSS.supports = () => false;")
    page = context.new_page()
    page.goto(site_url + "algorithms/")
    if opened_by == "script":
        page.add_style_tag(
            content=".md-typeset .pearl-figure__start { scroll-initial-target: none; }"
        )
        page.locator(".algorithm-card__scroll").evaluate_all(
            "frames => frames.forEach(f => { f.scrollLeft = 0; })"
        )
        page.evaluate("document$.next(document)")  # what instant navigation announces
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    cards = page.locator(".algorithm-card")
    expect(cards).to_have_count(3)
    for index in range(3):
        card = cards.nth(index)
        card.scroll_into_view_if_needed()
        assert label_px(page, f".algorithm-card >> nth={index} >> img") >= READABLE_PX
        frame = card.locator(".algorithm-card__scroll")
        assert frame.evaluate("f => f.scrollWidth > f.clientWidth")
        start = card.locator(".pearl-figure__start").bounding_box()
        assert start["x"] >= 0 and start["x"] + start["width"] <= PHONE["width"], start
        expect(card.locator(".pearl-figure__hint")).to_have_text(
            "← Swipe to see the whole chart →"
        )
        expect(card.locator(".pearl-figure__hint")).to_be_visible()
    if opened_by == "css":
        page.screenshot(path=artifacts / "figure-gallery-375-top.png")
    context.close()


def test_on_a_desktop_gallery_charts_fit_the_column(page: Page, site_url: str) -> None:
    """As before: each chart centred in its card, no wider than the column, no hint."""
    page.goto(site_url + "algorithms/")
    column = box(page, ".md-content__inner")
    for index in range(page.locator(".algorithm-card").count()):
        card = page.locator(".algorithm-card").nth(index)
        image = card.locator("img").bounding_box()
        caption = card.locator("figcaption").bounding_box()
        assert image["width"] <= column["width"]
        assert abs(image["x"] + image["width"] / 2 - (caption["x"] + caption["width"] / 2)) < 1
        frame = card.locator(".algorithm-card__scroll")
        assert frame.evaluate("f => f.scrollWidth <= f.clientWidth")
        expect(card.locator(".pearl-figure__hint")).to_be_hidden()


def test_no_swipe_hint_on_a_desktop(page: Page, site_url: str) -> None:
    page.goto(site_url + SEED)
    expect(page.locator(".pearl-figure__hint")).to_be_hidden()
    assert page.locator(".pearl-figure").evaluate("f => f.scrollWidth <= f.clientWidth")


def test_a_pearl_prints_on_one_page_without_site_chrome(
    page: Page, site_url: str, artifacts: Path
) -> None:
    page.set_viewport_size(LETTER_COLUMN)  # as wide as the printed column, for the screenshot
    page.goto(site_url + SEED)
    page.emulate_media(media="print")
    for chrome in (
        ".md-header",
        ".md-tabs",
        ".md-sidebar--primary",
        ".md-sidebar--secondary",
        ".md-footer",
        ".md-search",
        ".pearl-pager",
        "#related-pearls",
        ".pearl-full-size",
        ".pearl-figure__hint",
        "details.pearl-algorithm-text",
        ".backlink >> nth=0",
    ):
        expect(page.locator(chrome)).to_be_hidden()
    for content in ("h1", ".pearl-meta", "svg#flowchart", "#references", "ol.references"):
        expect(page.locator(content)).to_be_visible()
    drawing = box(page, "svg#flowchart")
    column = box(page, ".md-content__inner")
    assert abs(drawing["width"] - column["width"]) < 1, (drawing, column)
    page.screenshot(path=artifacts / "figure-seed-print.png", full_page=True)
    assert pdf_pages(page, "A4") == 1
    # On Letter the seed spills (~55 px): its overdue-review box and evidence row take the room;
    # the 2026 pearls, without them, fit on one Letter page.
    for pearl in ("pearls/perc-rule/", "pearls/ottawa-sah-rule/"):
        page.goto(site_url + pearl)
        assert pdf_pages(page, "Letter") == 1, pearl


def test_screenshots_of_the_gallery(page: Page, site_url: str, artifacts: Path) -> None:
    page.goto(site_url + "algorithms/")
    page.screenshot(path=artifacts / "figure-gallery.png", full_page=True)
    page.set_viewport_size(LETTER_COLUMN)
    page.emulate_media(media="print")
    page.screenshot(path=artifacts / "figure-gallery-print.png", full_page=True)
    page.emulate_media(media="screen")
    page.set_viewport_size(PHONE)
    page.goto(site_url + "algorithms/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=artifacts / "figure-gallery-375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + SEED)
    page.screenshot(path=artifacts / "figure-seed.png", full_page=True)


def test_on_a_phone_a_tap_on_the_emails_chart_opens_it_readable_on_its_page(
    browser: Browser, example_site: Path, tmp_path: Path, artifacts: Path
) -> None:
    """A phone shrinks the email's chart to its width (words at about 6 px; an email cannot
    scroll it sideways in Gmail's app): a tap on it, or on "View the algorithm full size",
    opens the chart on the pearl's page, its words at 11 px or more and its start step in view.
    The site is the example one, served where the email's links point."""
    project = copy_example_project(tmp_path / "project")
    out = tmp_path / "email"
    assert main(["--project", str(project), "email", "2021-02-17", "-o", str(out)]) == 0
    elsewhere: list[str] = []

    def from_the_site(route: Route) -> None:
        url = route.request.url
        file = example_site / urlsplit(url).path.lstrip("/")
        file = file / "index.html" if file.is_dir() else file
        if url.startswith(SITE) and file.is_file():
            route.fulfill(path=file)
        else:
            elsewhere.append(url)
            route.abort()

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.route("**/*", from_the_site)
    page = context.new_page()
    page.set_content((out / "2021-02-17.html").read_text(), wait_until="load")
    image = page.locator("img.flowchart")
    expect(page.get_by_role("link", name="View the algorithm full size")).to_have_attribute(
        "href", SITE + SEED + "#algorithm"
    )
    shrunk = image.evaluate("img => 2 * img.getBoundingClientRect().width / img.naturalWidth")
    assert Style().font_size * shrunk < READABLE_PX  # why the tap is needed
    image.tap()
    page.wait_for_url(SITE + SEED + "#algorithm")
    drawing = box(page, "svg#flowchart")
    view_box = page.locator("svg#flowchart").evaluate("svg => svg.viewBox.baseVal.width")
    assert Style().font_size * drawing["width"] / view_box >= READABLE_PX
    expect(page.locator(START)).to_be_in_viewport()
    start = box(page, START)
    assert start["left"] >= 0 and start["right"] <= PHONE["width"], start
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=artifacts / "email-tap-375.png")
    context.close()
    assert not elsewhere, elsewhere
