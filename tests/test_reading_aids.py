"""Reading aids (issue 16 item 5), read from built sites: the key-points box, the reading time,
lettered back-links, the archive's listing, per-topic Atom feeds and the newsletter sign-up
link (``signup_url``, refused with a diagnostic at its line unless it is an https URL)."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.cli import main
from generator.project import load_project
from generator.site.hooks import Request
from generator.site.publish import build_site
from generator.site.reading import WORDS_PER_MINUTE, count_words, reading_minutes
from tests.test_output_valid import nu_html_errors
from tests.test_plugin_config import check, configure, mkdocs_build

SEED = "pearls/pulmonary-cement-embolism/index.html"
ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://pearls.example.org/"
#: The example's pearls by topic, newest first (content/pearls/, content/topics.yml).
PERC, OTTAWA, CEMENT = "perc-rule", "ottawa-sah-rule", "pulmonary-cement-embolism"
TOPICS = {
    "pulmonary-embolism": [PERC, CEMENT],
    "clinical-decision-rules": [PERC, OTTAWA],
    "imaging": [PERC, OTTAWA],
    "neurology": [OTTAWA],
    "procedural-complications": [CEMENT],
    "anticoagulation": [CEMENT],
}
#: The line of the example's mkdocs.yml that documents ``signup_url``.
SIGNUP = "      # signup_url: https://example.org/subscribe"


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_the_key_points_box_shows_the_summary_under_the_byline(example_site: Path) -> None:
    html = read(example_site, SEED)
    box = (
        '<div class="admonition abstract pearl-key-points">\n'
        '<p class="admonition-title" data-search-exclude="">Key points</p>\n'
        "<p>Cement from vertebroplasty or kyphoplasty can embolize to the lungs. Most emboli are "
        "asymptomatic; treatment depends on symptoms and on whether the emboli are central or "
        "peripheral.</p>\n</div>"
    )
    assert html.count(box) == 1
    assert html.index("</dl>") < html.index(box) < html.index("<p>Percutaneous vertebroplasty")
    assert html.count('class="admonition abstract pearl-key-points"') == 1


def test_the_byline_gives_the_reading_time(example_site: Path) -> None:
    # 191 words of text and 41 of the flowchart (title, steps, branches) at 200 a minute
    assert '<dt>Reading time</dt>\n<dd class="pearl-reading-time">2 min read</dd>' in read(
        example_site, SEED
    )
    assert '<dd class="pearl-reading-time">2 min read</dd>' in read(example_site, "index.html")


def test_reading_time_counts_the_words_a_reader_reads() -> None:
    text = (
        'See [the rule](https://example.org/a-long-path "Title") and the D-dimer below 15%.'
        '<sup class="cite"><a href="#ref-1" id="cite-1-1">1</a></sup> Drugs &amp; doses — 2 each.'
    )
    # See the rule and the D dimer below 15 Drugs doses 2 each: no URL, citation mark, tag,
    # entity or dash
    assert count_words(text) == 13
    assert WORDS_PER_MINUTE == 200
    assert reading_minutes("") == 1
    assert reading_minutes("word " * 200) == 1
    assert reading_minutes("word " * 201) == 2
    assert reading_minutes("word " * 850) == 5


def test_a_reference_cited_twice_has_lettered_back_links_to_each_citation(
    example_site: Path,
) -> None:
    html = read(example_site, SEED)
    assert (
        '<a class="backlink" href="#cite-1-1" aria-label="Back to citation 1a in the text">↩ a</a>'
        ' <a class="backlink" href="#cite-1-2" aria-label="Back to citation 1b in the text">'
        "↩ b</a></li>"
    ) in html
    assert html.count('id="cite-1-1"') == html.count('id="cite-1-2"') == 1
    # a reference cited once keeps one plain "↩"
    assert (
        '<a class="backlink" href="#cite-3-1" aria-label="Back to citation 1 of reference 3">'
        "↩</a></li>"
    ) in html


def test_more_than_26_back_links_go_on_from_z_to_aa(example_project: Path) -> None:
    pearl = example_project / "content/pearls/2026/2026-11-11-ottawa-sah-rule.md"
    text = pearl.read_text(encoding="utf-8")
    pearl.write_text(text + "\nAgain [@ignacio2018].\n" * 27, encoding="utf-8")
    site = example_project / "site"
    build_site(Request(load_project(example_project), as_of=dt.date(2026, 11, 18)), site)
    html = read(site, "pearls/ottawa-sah-rule/index.html")
    item = html[html.index("Ignacio JMF", html.index("<body")) :]  # not the head's metadata
    item = item[: item.index("</li>")]
    marks = re.findall(r'aria-label="Back to citation (\d+)(\w+) in the text">↩ (\w+)</a>', item)
    assert [letter for _, letter, _ in marks] == [*"abcdefghijklmnopqrstuvwxyz", "aa"]
    assert all(label == shown for _, label, shown in marks)


def test_the_archive_lists_every_pearl_by_year_and_month(example_site: Path) -> None:
    html = read(example_site, "archive/index.html")
    rows = re.findall(r'<li class="archive-list__item">.*?</li>', html)
    assert rows == [
        '<li class="archive-list__item"><time datetime="2026-11-18">18 November 2026</time> · '
        '<a href="../pearls/perc-rule/">Ruling Out Pulmonary Embolism With PERC</a> '
        '<span class="archive-list__topics">· <a href="../topics/pulmonary-embolism/">Pulmonary '
        'embolism</a>, <a href="../topics/clinical-decision-rules/">Clinical decision rules</a>, '
        '<a href="../topics/imaging/">Imaging</a></span></li>',
        '<li class="archive-list__item"><time datetime="2026-11-11">11 November 2026</time> · '
        '<a href="../pearls/ottawa-sah-rule/">The Ottawa SAH Rule for Acute Headache</a> '
        '<span class="archive-list__topics">· <a href="../topics/neurology/">Neurology</a>, '
        '<a href="../topics/clinical-decision-rules/">Clinical decision rules</a>, '
        '<a href="../topics/imaging/">Imaging</a></span></li>',
        '<li class="archive-list__item"><time datetime="2021-02-17">17 February 2021</time> · '
        '<a href="../pearls/pulmonary-cement-embolism/">Pulmonary Cement Embolism</a> '
        '<span class="archive-list__topics">· <a href="../topics/pulmonary-embolism/">Pulmonary '
        'embolism</a>, <a href="../topics/procedural-complications/">Procedural '
        'complications</a>, <a href="../topics/anticoagulation/">Anticoagulation</a></span></li>',
    ]
    headings = re.findall(r"<h[23] id=\"([\w-]+)\">(.*?)</h[23]>", html)
    assert headings == [
        ("2026", '<a href="2026/">2026</a>'),
        ("2026-11", "November 2026"),
        ("2021", '<a href="2021/">2021</a>'),
        ("2021-02", "February 2021"),
    ]


def feed_entries(site: Path, slug: str) -> tuple[ET.Element, list[str]]:
    """A topic's feed, parsed, with the slug of the pearl of each entry."""
    feed = ET.parse(site / "topics" / slug / "feed.xml").getroot()
    ids = [entry.findtext(f"{ATOM}id") or "" for entry in feed.iter(f"{ATOM}entry")]
    return feed, [re.fullmatch(f"{SITE}pearls/(.+)/", i).group(1) for i in ids]


def assert_valid_atom(feed: ET.Element, slug: str) -> None:
    """The elements RFC 4287 requires of a feed and of its entries, and this topic's links."""
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == f"{SITE}topics/{slug}/"
    links = {link.get("rel"): link.get("href") for link in feed.iter(f"{ATOM}link")}
    assert links["self"] == f"{SITE}topics/{slug}/feed.xml"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", feed.findtext(f"{ATOM}updated") or "")
    for entry in feed.iter(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "published", "summary", "author"):
            assert entry.find(f"{ATOM}{name}") is not None, name
        alternate = entry.find(f"{ATOM}link[@rel='alternate']")
        assert alternate is not None and alternate.get("href") == entry.findtext(f"{ATOM}id")
        terms = [c.get("term") for c in entry.iter(f"{ATOM}category")]
        assert slug in terms


def test_each_topic_has_an_atom_feed_of_its_pearls_linked_from_its_page(
    example_site: Path,
) -> None:
    for slug, pearls in TOPICS.items():
        feed, entries = feed_entries(example_site, slug)
        assert_valid_atom(feed, slug)
        assert entries == pearls, slug
        page = read(example_site, f"topics/{slug}/index.html")
        assert '<p class="topic-feed"><a href="feed.xml">Subscribe to the ' in page
    feed, _ = feed_entries(example_site, "pulmonary-embolism")
    assert feed.findtext(f"{ATOM}title") == "Clinical Pearls: Pulmonary embolism"
    assert (
        '<p class="topic-feed"><a href="feed.xml">Subscribe to the Pulmonary embolism feed</a> '
        "(Atom: new pearls on this topic in your feed reader)</p>"
    ) in read(example_site, "topics/pulmonary-embolism/index.html")


def test_a_topic_feed_leaves_out_embargoed_pearls(example_project: Path) -> None:
    site = example_project / "site"
    before_perc = dt.date(2026, 11, 11)
    build_site(Request(load_project(example_project), as_of=before_perc), site)
    for slug, pearls in TOPICS.items():
        feed, entries = feed_entries(site, slug)
        assert_valid_atom(feed, slug)
        assert entries == [p for p in pearls if p != PERC], slug
        assert PERC not in (site / "topics" / slug / "feed.xml").read_text()


def test_no_sign_up_link_without_signup_url(example_site: Path) -> None:
    for page in ("index.html", SEED):
        assert "pearl-signup" not in read(example_site, page)


def test_the_sign_up_link_is_on_the_home_page_and_each_pearl(
    example_project: Path, tmp_path: Path
) -> None:
    url = "https://example.org/subscribe?list=pearls&src=site"
    configure(example_project, SIGNUP, f"      signup_url: {url}  #")
    site = example_project / "site"
    build_site(Request(load_project(example_project), as_of=dt.date(2026, 11, 18)), site)
    link = (
        '<p class="pearl-signup" data-search-exclude="">A pearl like this every week, by email: '
        '<a class="md-button md-button--primary" href="https://example.org/subscribe?list=pearls&amp;src=site">'
        "Sign up for the newsletter</a></p>"
    )
    pages = ["index.html", SEED, "pearls/perc-rule/index.html", "pearls/ottawa-sah-rule/index.html"]
    for page in pages:
        assert read(site, page).count(link) == 1, page
    assert "pearl-signup" not in read(site, "archive/index.html")
    archive = site / "archive/index.html"
    topic = site / "topics/pulmonary-embolism/index.html"
    assert nu_html_errors([*(site / page for page in pages), archive, topic]) == []


@pytest.mark.parametrize(
    "value",
    ["http://example.org/subscribe", "javascript:alert(1)", "https://", "example.org/subscribe"],
)
def test_a_signup_url_that_is_not_https_is_an_error_at_its_line(
    example_project: Path, capsys, value: str
) -> None:
    line = configure(example_project, SIGNUP, f"      signup_url: {value}  #")
    error = (
        f"mkdocs.yml:{line}:7: error[CFG004]: signup_url: expected an https:// URL, not '{value}'"
    )
    status, lines = check(example_project, capsys)
    assert status == 1
    assert error in lines
    if value.startswith("http:"):  # MkDocs refuses it with the same words
        status, output = mkdocs_build(example_project)
        assert status == 1
        assert error in output
        assert "Traceback" not in output


def test_the_init_template_documents_signup_url(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "new")]) == 0
    assert SIGNUP in (tmp_path / "new" / "mkdocs.yml").read_text(encoding="utf-8")
