"""The built site in Chromium: home, search, the flowchart, topics, dark mode, phones, no CDN.

Screenshots go to tests.conftest.ARTIFACTS (outside the checkout) for a human to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

SEED = "pearls/pulmonary-cement-embolism/"
WIDE_PAGES = (
    "",
    SEED,
    "pearls/perc-rule/",
    "archive/2026/",
    "topics/",
    "references/",
    "algorithms/",
)


def rgb(colour: str) -> tuple[float, float, float]:
    values = [float(v) for v in re.findall(r"[\d.]+", colour)[:3]]
    return values[0], values[1], values[2]


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio between two CSS ``rgb()`` colours."""

    def luminance(colour: str) -> float:
        channels = []
        for value in rgb(colour):
            c = value / 255
            channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def flowchart_colours(page: Page) -> dict[str, str]:
    return page.evaluate(
        """() => {
        const text = document.querySelector('#flowchart .node-text');
        const arrow = document.querySelector('#flowchart .arrow');
        return {
            text: getComputedStyle(text).fill,
            arrow: getComputedStyle(arrow).stroke,
            background: getComputedStyle(document.body).backgroundColor,
        };
    }"""
    )


def search(page: Page, site_url: str, words: str) -> None:
    page.goto(site_url)
    field = page.locator("input.md-search__input")
    field.click()
    field.press_sequentially(words, delay=50)


def test_home_shows_the_latest_pearl(page: Page, site_url: str, artifacts: Path) -> None:
    page.goto(site_url)
    expect(page.locator("h1")).to_have_text("Ruling Out Pulmonary Embolism With PERC")
    expect(page.locator(".pearl-kicker")).to_have_text("This week's pearl")
    page.screenshot(path=artifacts / "home.png", full_page=True)


def test_search_finds_the_seed_pearl_by_a_body_word(
    page: Page, site_url: str, artifacts: Path
) -> None:
    search(page, site_url, "cement")
    result = page.locator(".md-search-result__item a[href*='pulmonary-cement-embolism']").first
    expect(result).to_be_visible(timeout=15_000)
    page.screenshot(path=artifacts / "search-cement.png")


def test_search_finds_the_seed_pearl_through_its_reference(page: Page, site_url: str) -> None:
    # The reference is a result of its own (see test_search_browser.py), naming its pearl.
    search(page, site_url, "Ignacio")
    result = page.locator(".md-search-result__item a[href*='#bib-ignacio2018']").first
    expect(result).to_contain_text("Cited by: Pulmonary Cement Embolism", timeout=15_000)


def test_flowchart_is_visible_with_its_text_alternative(
    page: Page, site_url: str, artifacts: Path
) -> None:
    page.goto(site_url + SEED)
    figure = page.locator("svg#flowchart")
    expect(figure).to_be_visible()
    box = figure.bounding_box()
    assert box is not None and box["width"] > 400
    details = page.locator("details.pearl-algorithm-text")
    expect(details.locator("summary")).to_have_text("Text version of the algorithm")
    details.locator("summary").click()
    expect(details.get_by_text("Close follow-up only").first).to_be_visible()
    page.screenshot(path=artifacts / "pearl-light.png", full_page=True)


def test_a_reference_the_flowchart_cites_links_back_to_it(page: Page, site_url: str) -> None:
    page.goto(site_url + SEED)
    back = page.locator("#ref-4").get_by_label("Back to the algorithm, which cites reference 4")
    back.click()
    expect(page).to_have_url(re.compile("#algorithm$"))
    expect(page.locator("svg#flowchart")).to_be_in_viewport()


def test_topic_page_lists_its_pearls(page: Page, site_url: str) -> None:
    page.goto(site_url + "topics/pulmonary-embolism/")
    titles = page.locator(".pearl-card__title a")
    expect(titles).to_have_text(
        ["Ruling Out Pulmonary Embolism With PERC", "Pulmonary Cement Embolism"]
    )
    titles.last.click()
    expect(page.locator("h1")).to_have_text("Pulmonary Cement Embolism")


def test_dark_toggle_keeps_the_flowchart_legible(
    page: Page, site_url: str, artifacts: Path
) -> None:
    page.goto(site_url + SEED)
    light = flowchart_colours(page)
    page.locator("label[for='__palette_1']").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    dark = flowchart_colours(page)
    assert dark["background"] != light["background"]
    for colours in (light, dark):
        assert contrast(colours["text"], colours["background"]) >= 7, colours
        assert contrast(colours["arrow"], colours["background"]) >= 3, colours
    page.locator("svg#flowchart").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "pearl-dark.png", full_page=True)


def test_nothing_scrolls_sideways_on_a_phone(page: Page, site_url: str, artifacts: Path) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    for path in WIDE_PAGES:
        page.goto(site_url + path)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= 375, (path, width)
    page.goto(site_url + SEED)
    page.screenshot(path=artifacts / "pearl-375.png", full_page=True)


def test_no_request_leaves_localhost(
    page: Page, site_url: str, requests_made: list[str], artifacts: Path
) -> None:
    for path in WIDE_PAGES:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    assert len(requests_made) > len(WIDE_PAGES)  # recorded: pages, CSS, scripts, fonts, images
    page.goto(site_url + "algorithms/")
    page.screenshot(path=artifacts / "algorithms.png", full_page=True)


# Each element's text colour and the colour behind it: its nearest ancestor's background, any
# translucent layers blended over the page, and the text's own alpha blended over that.
TEXT_COLOURS = """(selector) => {
    const parse = (c) => {
        const v = c.match(/[\\d.]+/g).map(Number);
        return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
    };
    const behind = (element) => {
        const layers = [];
        for (let e = element; e; e = e.parentElement) {
            const c = parse(getComputedStyle(e).backgroundColor);
            if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
        }
        let base = [255, 255, 255];
        for (const l of layers.reverse()) base = base.map((x, i) => x * (1 - l[3]) + l[i] * l[3]);
        return base;
    };
    const shown = [...document.querySelectorAll(selector)].filter((e) => e.getClientRects().length);
    return shown.map((e) => {
        const bg = behind(e);
        const fg = parse(getComputedStyle(e).color);
        const mixed = fg.slice(0, 3).map((x, i) => x * fg[3] + bg[i] * (1 - fg[3]));
        return [e.textContent.trim().slice(0, 40), `rgb(${mixed})`, `rgb(${bg})`];
    });
}"""
SMALL_TEXT_ON_BOXES = (
    "a.md-button",
    ".pearl-meta dt",
    ".pearl-meta a",
    ".pearl-card__meta",
    ".pearl-card a",
    ".pearl-cite a",
    ".pearl-cite__downloads",
)
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; }"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_buttons_labels_and_links_in_boxes_read_at_4_5_to_1(
    page: Page, site_url: str, artifacts: Path, scheme: str
) -> None:
    """In the dark scheme the home page's buttons were navy on near-black (1.1:1) and links in
    the grey boxes (byline, cards, Cite this pearl) 4.1:1; in the light scheme the byline's
    labels were 4.49:1. A focused button's label counts too."""
    page.emulate_media(color_scheme=scheme)
    low = []
    for path in ("", "pearls/perc-rule/"):
        page.goto(site_url + path)
        page.add_style_tag(content=NO_TRANSITIONS)
        expect(page.locator("body")).to_have_attribute(
            "data-md-color-scheme", "slate" if scheme == "dark" else "default"
        )
        page.locator("a.md-button, .pearl-cite__copy").first.focus()
        for selector in (*SMALL_TEXT_ON_BOXES, ":focus"):
            for text, colour, background in page.evaluate(TEXT_COLOURS, selector):
                ratio = contrast(colour, background)
                if ratio < 4.5:
                    low.append((path, selector, text, round(ratio, 2)))
    page.goto(site_url)
    page.locator("a.md-button").last.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / f"home-buttons-{scheme}.png")
    assert not low, low


def test_tab_on_a_phone_never_lands_in_the_closed_drawer(
    page: Page, site_url: str, artifacts: Path
) -> None:
    """On a phone (and on a desktop zoomed to 400 %) the navigation is a drawer off the screen:
    Tab went through its logo and seven links while the focus could not be seen."""
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(site_url + "pearls/perc-rule/")
    unseen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        where = page.evaluate(
            """() => { const e = document.activeElement, r = e.getBoundingClientRect();
            return [e.textContent.trim().slice(0, 30), r.right > 0 && r.left < innerWidth]; }"""
        )
        if not where[1]:
            unseen.append(where[0])
    assert not unseen, unseen
    page.locator("label.md-header__button[for='__drawer']").click()
    archive = page.locator(".md-sidebar--primary a.md-nav__link", has_text="Archive")
    archive.focus()
    expect(archive).to_be_focused()
    expect(archive).to_be_in_viewport()
    page.screenshot(path=artifacts / "drawer-375.png")


# Each note in the flowchart: its colour and its box's fill, blended over the page.
NOTE_COLOURS = """() => {
    const parse = (c) => {
        const v = c.match(/[\\d.]+/g).map(Number);
        return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
    };
    const over = (c, below) => c.slice(0, 3).map((x, i) => x * c[3] + below[i] * (1 - c[3]));
    const page = parse(getComputedStyle(document.body).backgroundColor);
    return [...document.querySelectorAll('#flowchart .note')].map((note) => {
        const shape = note.closest('.node').querySelector('.shape');
        const box = over(parse(getComputedStyle(shape).fill), page);
        const text = over(parse(getComputedStyle(note).fill), box);
        return [note.textContent, `rgb(${text})`, `rgb(${box})`];
    });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_flowchart_note_reads_at_4_5_to_1_on_its_box(
    page: Page, site_url: str, scheme: str
) -> None:
    """The seed's 'Benefit uncertain; acrylic cement is not thrombogenic in vitro', 12 px under
    Heparinization, was 4.3:1 on the tinted action box in the dark scheme."""
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + SEED)
    notes = page.evaluate(NOTE_COLOURS)
    assert [text for text, _, _ in notes] == [
        "Benefit uncertain; acrylic cement is",
        "not thrombogenic in vitro",
    ]
    low = [
        (text, round(contrast(colour, box), 2))
        for text, colour, box in notes
        if contrast(colour, box) < 4.5
    ]
    assert not low, low


def test_a_pearl_printed_from_the_dark_scheme_is_dark_on_white(
    page: Page, site_url: str, artifacts: Path
) -> None:
    """Printed by a reader whose system is dark, the byline's labels, the overdue review date
    (pink), the flowchart's arrows and note and its caption came out pale on white paper."""
    page.emulate_media(color_scheme="dark", media="print")
    page.goto(site_url + SEED)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    chart = flowchart_colours(page)
    assert contrast(chart["background"], "rgb(255, 255, 255)") == 1, chart
    assert contrast(chart["text"], chart["background"]) >= 7, chart
    assert contrast(chart["arrow"], chart["background"]) >= 3, chart
    low = []
    for selector in (".pearl-meta dt", ".pearl-review--overdue", ".pearl-figure figcaption"):
        for text, colour, background in page.evaluate(TEXT_COLOURS, selector):
            if contrast(colour, background) < 4.5:
                low.append((selector, text, round(contrast(colour, background), 2)))
    for text, colour, box in page.evaluate(NOTE_COLOURS):
        if contrast(colour, box) < 4.5:
            low.append(("note", text, round(contrast(colour, box), 2)))
    page.screenshot(path=artifacts / "pearl-printed-from-dark.png", full_page=True)
    assert not low, low
