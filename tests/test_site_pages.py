"""The built site: every page exists and links, the nav stays small, pearl pages are complete."""

from __future__ import annotations

import functools
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

SEED = "pearls/pulmonary-cement-embolism/index.html"
PERC = "pearls/perc-rule/index.html"


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


class _Links(HTMLParser):
    """Every href/src and every id of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.links.append(value)
            elif name == "id":
                self.ids.add(value)


@functools.cache
def parse(site: Path, page: str) -> _Links:
    parser = _Links()
    parser.feed(read(site, page))
    return parser


def test_every_page_of_the_site_exists(example_site: Path) -> None:
    for page in (
        "index.html",
        SEED,
        PERC,
        "pearls/ottawa-sah-rule/index.html",
        "pearls/perc-rule/algorithm.png",
        "pearls/perc-rule/algorithm.svg",
        "archive/index.html",
        "archive/2021/index.html",
        "archive/2026/index.html",
        "topics/index.html",
        "topics/pulmonary-embolism/index.html",
        "algorithms/index.html",
        "references/index.html",
        "about/index.html",
        "feed.xml",
        "sitemap.xml",
        "search/search_index.json",
        "assets/pearls.css",
        "assets/print.css",
        "assets/fonts/SourceSansPro-Regular.ttf",
    ):
        assert (example_site / page).is_file(), page


def test_every_internal_link_and_anchor_resolves(example_site: Path) -> None:
    pages = {p.relative_to(example_site).as_posix() for p in example_site.rglob("*.html")}
    broken = []
    for page in sorted(pages):
        for link in parse(example_site, page).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
                continue
            base = example_site if parts.path.startswith("/") else (example_site / page).parent
            path = unquote(parts.path).lstrip("/")
            target = (base / path).resolve() if parts.path else example_site / page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page}: {link}")
            elif parts.fragment and target.suffix == ".html":
                ids = parse(example_site, target.relative_to(example_site).as_posix()).ids
                if parts.fragment not in ids:
                    broken.append(f"{page}: {link} (no such anchor)")
    assert not broken


def test_navigation_lists_sections_not_pearls(example_site: Path) -> None:
    for page in ("index.html", SEED):
        html = read(example_site, page)
        chrome = html[html.index("<body") : html.index('<div class="md-content"')]  # nav
        assert 'aria-label="Navigation"' in chrome
        assert "pearls/" not in chrome
        for section in ("Archive", "Topics", "Algorithms", "References", "About"):
            assert section in chrome


def test_home_shows_this_weeks_pearl_in_full_then_recent_ones(example_site: Path) -> None:
    html = read(example_site, "index.html")
    assert "This week" in html
    assert "Ruling Out Pulmonary Embolism With PERC" in html
    assert "all eight" in html  # the body, not only the summary
    assert 'id="flowchart"' in html
    recent = html[html.index('id="recent-pearls"') :]
    assert "The Ottawa SAH Rule" in recent and "Pulmonary Cement Embolism" in recent


def test_pearl_page_has_its_metadata_body_figure_and_references(example_site: Path) -> None:
    html = read(example_site, SEED)
    assert "<h1" in html and "Pulmonary Cement Embolism" in html
    assert "Emergency Medicine News" in html
    assert 'href="../../topics/pulmonary-embolism/"' in html
    assert "Reviewed 17 February 2021; next review due 17 February 2024" in html
    assert 'href="https://doi.org/10.1097/01.EEM.0000734624.06857.f3"' in html
    assert '<sup class="cite"><a href="#ref-1"' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" id="flowchart"' in html
    assert "<details" in html and "Text version of the algorithm" in html
    assert 'id="ref-3"' in html and "Ignacio JMF" in html
    assert 'href="../../about/"' in html  # the disclaimer links About


def test_overdue_review_is_shown_as_an_admonition(example_site: Path) -> None:
    assert "Clinical review overdue" in read(example_site, SEED)
    assert "Clinical review overdue" not in read(example_site, PERC)


def test_related_pearls_share_topics_or_references(example_site: Path) -> None:
    html = read(example_site, SEED)
    related = html[html.index('id="related-pearls"') :]
    related = related[: related.index("</ul>")]
    assert "Ruling Out Pulmonary Embolism With PERC" in related  # shares pulmonary-embolism
    assert "Ottawa" not in related  # shares nothing


def test_previous_and_next_pearl_by_date(example_site: Path) -> None:
    html = read(example_site, "pearls/ottawa-sah-rule/index.html")
    pager = html[html.index('class="pearl-pager"') :]
    assert pager.index("Pulmonary Cement Embolism") < pager.index("Ruling Out Pulmonary Embolism")


def test_archive_topics_algorithms_and_references_list_the_pearls(example_site: Path) -> None:
    assert "February 2021" in read(example_site, "archive/2021/index.html")
    assert "Pulmonary Cement Embolism" in read(example_site, "archive/2021/index.html")
    topic = read(example_site, "topics/clinical-decision-rules/index.html")
    assert "Ruling Out Pulmonary Embolism With PERC" in topic and "Cement" not in topic
    assert "Management of pulmonary cement embolism" in read(example_site, "algorithms/index.html")
    references = read(example_site, "references/index.html")
    cited_by = references[references.index("Ignacio JMF") :]
    assert 'href="../pearls/pulmonary-cement-embolism/#ref-3"' in cited_by[:2000]


def test_search_index_covers_title_body_topic_reference_author_and_doi(example_site: Path) -> None:
    # The pearl's own reference list is no longer in its search document (every reference of
    # the pearl came up for any one author): authors and DOIs are found on the References page.
    index = json.loads(read(example_site, "search/search_index.json"))
    seed = " ".join(
        " ".join([d["title"], d["text"], *d.get("tags", [])])
        for d in index["docs"]
        if d["location"].startswith("pearls/pulmonary-cement-embolism/")
    )
    for words in ("Pulmonary Cement Embolism", "valveless", "Procedural complications"):
        assert words in seed, words
    reference = next(d for d in index["docs"] if d["location"].endswith("#bib-ignacio2018"))
    assert "Ignacio" in reference["title"] and "10.4184/asj.2018.12.2.380" in reference["title"]
    assert not any(d["location"] == "" for d in index["docs"])  # home is not a duplicate hit


def test_no_page_fetches_anything_from_another_host(example_site: Path) -> None:
    for page in example_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
            if 'rel="canonical"' not in tag:
                assert not re.search(r'(src|href)="(https?:)?//', tag), (page, tag)
        assert "fonts.googleapis" not in html
