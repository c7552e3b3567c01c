"""Searching the example site in Chromium, typed like a person: what the results panel shows.

Each pearl is one result (title, its text and outline, its topics as tags, never the flowchart's
labels); a reference is a result of its own naming the pearls that cite it. Screenshots of each
search, at desktop width and at 375 px, go to tests.conftest.ARTIFACTS.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_site_browser import search

PHONE = {"width": 375, "height": 812}
#: A run of the flowchart's edge labels, as the old index had them.
SVG_LABELS = re.compile(r"\b(No Yes|Yes No|Peripheral Central)\b")


def results(page: Page) -> list[str]:
    """The titles of the results as shown, top first (each result's page title)."""
    items = page.locator(".md-search-result__item")
    expect(items.first).to_be_visible(timeout=15_000)
    return items.locator("> a:first-child h1").all_inner_texts()


def shown_text(page: Page) -> str:
    return page.locator(".md-search-result__list").inner_text()


def test_cement_shows_the_pearl_first_with_a_clean_snippet(
    page: Page, site_url: str, artifacts: Path
) -> None:
    search(page, site_url, "cement")
    titles = results(page)
    assert titles[0] == "Pulmonary Cement Embolism"
    assert titles.count("Pulmonary Cement Embolism") == 1
    expect(page.locator(".md-search-result__meta")).to_have_text(
        f"{len(titles)} matching documents"
    )
    assert len(titles) <= 5, titles  # the pearl, References, a topic, the guide: no duplicates
    first = page.locator(".md-search-result__item").first
    expect(first).to_contain_text("Percutaneous vertebroplasty and kyphoplasty")
    expect(first.locator(".md-tag")).to_have_text(
        ["Pulmonary embolism", "Procedural complications", "Anticoagulation"]
    )
    assert not SVG_LABELS.search(shown_text(page))
    assert "kyphoplasty4" not in shown_text(page)
    page.screenshot(path=artifacts / "search-cement.png")


def test_heparin_finds_the_pearl_through_its_algorithm_outline(
    page: Page, site_url: str, artifacts: Path
) -> None:
    search(page, site_url, "heparin")
    assert results(page)[0] == "Pulmonary Cement Embolism"
    assert not SVG_LABELS.search(shown_text(page))
    page.screenshot(path=artifacts / "search-heparin.png")


def test_an_author_finds_their_reference_and_the_pearl_citing_it(
    page: Page, site_url: str, artifacts: Path
) -> None:
    search(page, site_url, "Ignacio")
    assert results(page)[0] == "References"
    hit = page.locator(".md-search-result__item a[href*='#bib-ignacio2018']")
    expect(hit.locator("h2")).to_have_text(
        "Ignacio JMF, Ignacio KHD. Pulmonary embolism from cement augmentation of the vertebral "
        "body. Asian Spine J. 2018;12(2):380-387. doi:10.4184/asj.2018.12.2.380"
    )
    expect(hit).to_contain_text("Cited by: Pulmonary Cement Embolism")
    assert "Krueger" not in shown_text(page)  # no unrelated entry of the same pearl
    page.screenshot(path=artifacts / "search-author.png")
    hit.click()
    expect(page).to_have_url(re.compile("references/.*#bib-ignacio2018$"))
    entry = page.locator("#bib-ignacio2018 + p.cited-by")
    entry.get_by_role("link", name="Pulmonary Cement Embolism").click()
    expect(page.locator("h1")).to_have_text("Pulmonary Cement Embolism")


def test_a_doi_finds_its_reference(page: Page, site_url: str) -> None:
    search(page, site_url, "10.1007/s00586-009-1073-y")
    first = page.locator(".md-search-result__item").first
    expect(first.locator("a[href*='#bib-krueger2009']").first).to_be_visible(timeout=15_000)


def test_a_topic_name_shows_the_topic_first(page: Page, site_url: str) -> None:
    search(page, site_url, "anticoagulation")
    assert results(page)[0] == "Anticoagulation"


@pytest.mark.parametrize("words", ["cement", "heparin", "Ignacio"])
def test_search_on_a_phone(browser: Browser, site_url: str, artifacts: Path, words: str) -> None:
    context = browser.new_context(viewport=PHONE, color_scheme="light", has_touch=True)
    page = context.new_page()
    page.goto(site_url)
    page.locator("label.md-header__button[for='__search']").click()
    field = page.locator("input.md-search__input")
    field.press_sequentially(words, delay=50)
    titles = results(page)
    assert titles[0] == ("References" if words == "Ignacio" else "Pulmonary Cement Embolism")
    assert not SVG_LABELS.search(shown_text(page))
    page.mouse.move(180, 700)  # off the header's buttons: no tooltip over the results
    page.screenshot(path=artifacts / f"search-{words.lower()}-375.png")
    context.close()
