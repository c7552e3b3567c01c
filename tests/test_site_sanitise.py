"""The published site is safe by construction: every page is cleaned after Markdown, plain-text
fields show as typed, and a Content-Security-Policy allows only the theme's scripts.

Pearls here are built with the check bypassed (the site builder is called directly on a project
whose report is emptied), so these tests judge the output guarantee alone.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.exceptions import MkDocsException

from generator.diagnostics import Report
from generator.project import load_project
from generator.site.hooks import SITE_SCRIPT, Request
from generator.site.publish import build_site
from tests.conftest import EXAMPLE_AS_OF, files_of

PERC = "content/pearls/2026/2026-11-18-perc-rule.md"
ATOM = "{http://www.w3.org/2005/Atom}"

TITLE = "*x* [a](javascript:alert(1)) {: onclick=alert(2) } </title><script>alert(3)</script>"
SUMMARY = '"><script>alert(4)</script> <img src=x onerror=alert(5)> & _y_'
TOPIC = "[PE](javascript:alert(6)){: onclick=alert(7) } <b>"
TOPIC_DESCRIPTION = "<img src=x onerror=alert(8)> **not bold**"
ALGORITHM = 'PERC" onerror="alert(9) *z* <script>alert(10)</script>'
AUTHOR = "<i onmouseover=alert(11)>Eve</i> [me](javascript:alert(12))"


def build(root: Path) -> Path:
    """Build ``root`` as of the example day with its check's findings ignored."""
    project = load_project(root)
    build_site(
        Request(dataclasses.replace(project, report=Report()), as_of=EXAMPLE_AS_OF), root / "site"
    )
    return root / "site"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class Elements(HTMLParser):
    """Every element of a page: tag, attributes (decoded) and its text (decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self.open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text: list[str] = []
        self.elements.append((tag, {k: v or "" for k, v in attrs}, text))
        if tag not in ("img", "meta", "link", "br", "hr", "input", "source", "wbr"):
            self.open.append(text)

    def handle_endtag(self, tag: str) -> None:
        if self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for text in self.open:
            text.append(data)

    def texts(self, tag: str, **attrs: str) -> list[str]:
        """The text of each ``tag`` whose attributes include ``attrs``."""
        return [
            " ".join("".join(text).split())
            for name, found, text in self.elements
            if name == tag and all(found.get(k) == v for k, v in attrs.items())
        ]

    def attribute(self, tag: str, name: str) -> list[str]:
        return [found[name] for t, found, _ in self.elements if t == tag and name in found]


def elements(markup: str) -> Elements:
    parser = Elements()
    parser.feed(markup)
    parser.close()
    return parser


def page(site: Path, name: str) -> Elements:
    return elements((site / name).read_text(encoding="utf-8"))


def unsafe_markup(markup: str) -> list[str]:
    """Event handlers, script links and scripts neither the theme's nor the site's own (the
    citation's copy button) found in ``markup``."""
    found = []
    for tag, attrs, text in elements(markup).elements:
        for name, value in attrs.items():
            squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
            if name.startswith("on"):
                found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action") and squeezed.startswith(("javascript:", "data:")):
                found.append(f"<{tag} {name}={value}>")
        src = attrs.get("src", "")
        theirs = (
            "assets/javascripts/" in src
            or src.endswith(SITE_SCRIPT)
            or attrs.get("type") == "application/ld+json" and json_data("".join(text))
            or "src" not in attrs and "alert" not in "".join(text)
        )
        if tag in ("iframe", "object", "embed", "base") or tag == "script" and not theirs:
            found.append(f"<{tag}>")
    return found


def json_data(text: str) -> bool:
    """A data block runs nothing; it must hold JSON (a field that ended it would not be)."""
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def published_markup(site: Path) -> dict[str, str]:
    """Every published file as the HTML a browser or feed reader would render from it."""
    markup = {}
    for name in sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()):
        if name.endswith((".html", "sitemap.xml")):
            markup[name] = (site / name).read_text(encoding="utf-8")
    feed = ET.parse(site / "feed.xml").getroot()
    for n, content in enumerate(feed.iter(f"{ATOM}content")):
        markup[f"feed.xml#{n}"] = content.text or ""
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:  # the theme shows titles and text as HTML
        markup[f"search:{doc['location']}"] = f"<h1>{doc['title']}</h1>{doc['text']}"
    return markup


def assert_safe(site: Path) -> None:
    markup = published_markup(site)
    found = {name: bad for name, text in markup.items() if (bad := unsafe_markup(text))}
    assert not found


HOSTILE_BODIES = {
    "attr_list handler": '![chart](chart.png){: onerror="alert(1)" }',
    "attr_list href": '[more](https://example.org){: href="javascript:alert(2)" }',
    "reference link": "[click][evil]\n\n[evil]: javascript:alert(3)",
    "split scheme in raw HTML": '<a href="java&#9;script:alert(4)">x</a>',
    "split scheme in a link": "[b](java&#9;script:alert(8))",
    "comment breakout": "<!-- a --!><img src=x onerror=alert(5)> -->",
    "noscript breakout": '<noscript><p title="</noscript><img src=x onerror=alert(6)>"></noscript>',
    "script": "<script>alert(7)</script>",
}


@pytest.mark.parametrize("payload", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
def test_hostile_body_fails_the_build_naming_the_pearl_and_keeps_the_site(
    example_project: Path, payload: str
) -> None:
    site = build(example_project)
    before = files_of(site)
    pearl = example_project / PERC
    pearl.write_text(pearl.read_text(encoding="utf-8") + f"\n{payload}\n", encoding="utf-8")
    with pytest.raises(MkDocsException, match=rf"^{re.escape(PERC)}: unsafe HTML the check did"):
        build(example_project)
    assert files_of(site) == before


SITE_CLASSES = {
    "the citation box": '<p class="pearl-cite"><span class="pearl-cite__text">Forged</span></p>',
    "a theme dialog": "Session expired: sign in again.\n{: .md-dialog .md-dialog--active }",
    "the preview's errors": '<div class="pearls-errors">No errors.</div>',
}


@pytest.mark.parametrize("payload", SITE_CLASSES.values(), ids=SITE_CLASSES.keys())
def test_content_taking_the_site_s_own_classes_fails_the_build(
    example_project: Path, payload: str
) -> None:
    """A guest's ``pearl-cite`` got the site's "Copy citation" button, copying the guest's
    text: the site's classes are its own fragments' (the box the generator makes keeps them)."""
    site = build(example_project)
    assert page(site, "pearls/perc-rule/index.html").texts("section", **{"class": "pearl-cite"})
    pearl = example_project / PERC
    pearl.write_text(pearl.read_text(encoding="utf-8") + f"\n{payload}\n", encoding="utf-8")
    with pytest.raises(MkDocsException, match=r"unsafe HTML the check did not report: class "):
        build(example_project)


def test_content_may_write_the_theme_s_buttons(example_project: Path) -> None:
    """mkdocs-material documents ``{ .md-button }`` for authors: it only styles a link."""
    pearl = example_project / PERC
    button = "[Read the guideline](https://example.org/){ .md-button .md-button--primary }"
    pearl.write_text(pearl.read_text(encoding="utf-8") + f"\n{button}\n", encoding="utf-8")
    site = build(example_project)
    assert page(site, "pearls/perc-rule/index.html").texts(
        "a", **{"class": "md-button md-button--primary", "href": "https://example.org/"}
    ) == ["Read the guideline"]


def test_control_and_bidirectional_characters_are_left_out_of_every_published_file(
    example_project: Path,
) -> None:
    """Written in a body (U+0001, ESC, U+0085, U+202E, as such or as a reference) or a field
    (U+2066 in the title), they reached the page, its table of contents, the search index, the
    feed, the JSON-LD and the citation downloads."""
    pearl = example_project / PERC
    edit(pearl, "title: Ruling Out", "title: Ruling \u2066Out")
    body = "\n## Dos\x01ing\u202e\n\nGive\x1b[31m 10\x85 mg \u202egm 01\u202c &#x202e;x&#1;y.\n"
    pearl.write_text(pearl.read_text(encoding="utf-8") + body, encoding="utf-8")
    site = build(example_project)
    unprintable = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    published = {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in site.rglob("*") if p.suffix in (".html", ".xml", ".json", ".svg", ".bib", ".ris")
    }  # fmt: skip
    index = json.loads(published["search/search_index.json"])
    texts = [text for doc in index["docs"] for text in (doc["title"], doc["text"])]
    assert [name for name, text in published.items() if unprintable.search(text)] == []
    assert [text for text in texts if unprintable.search(text)] == []
    perc = page(site, "pearls/perc-rule/index.html")
    assert perc.texts("h1") == ["Ruling Out Pulmonary Embolism With PERC"]
    assert "Dosing" in perc.texts("h2")
    assert "Give[31m 10 mg gm 01 xy." in perc.texts("p")


def test_the_example_site_is_safe_and_every_page_is_unchanged_by_cleaning(
    example_site: Path,
) -> None:
    assert_safe(example_site)


def test_hostile_plain_text_fields_show_exactly_as_typed(example_project: Path) -> None:
    pearl = example_project / PERC
    edit(pearl, "title: Ruling Out Pulmonary Embolism With PERC", f"title: {json.dumps(TITLE)}")
    edit(pearl, "summary: >-", f"summary: {json.dumps(SUMMARY)}\nold_summary: >-")
    edit(pearl, "  - Clinical Pearls Editorial Team", f"  - {json.dumps(AUTHOR)}")
    edit(pearl, "title: PERC in suspected pulmonary embolism", f"title: {json.dumps(ALGORITHM)}")
    topics = example_project / "content/topics.yml"
    edit(topics, "  name: Pulmonary embolism", f"  name: {json.dumps(TOPIC)}")
    edit(
        topics,
        "  description: >-\n    Diagnosis, risk stratification and treatment of emboli in the "
        "pulmonary arteries,\n    whether thrombus, cement or other material.",
        f"  description: {json.dumps(TOPIC_DESCRIPTION)}",
    )
    site = build(example_project)
    assert_safe(site)

    perc = page(site, "pearls/perc-rule/index.html")
    assert perc.texts("title") == [f"{TITLE} - Clinical Pearls", ALGORITHM]  # page, flowchart
    assert perc.texts("h1") == [TITLE]
    assert perc.attribute("meta", "content")[2:3] == [SUMMARY]
    assert AUTHOR in perc.texts("dd")
    assert perc.texts("figcaption") == [ALGORITHM]
    assert perc.texts("a", href="../../topics/pulmonary-embolism/")[0] == TOPIC

    home = page(site, "index.html")
    assert home.texts("a", href="pearls/perc-rule/") == [TITLE]

    archive = page(site, "archive/2026/index.html")
    assert TITLE in archive.texts("a", href="../../pearls/perc-rule/")
    assert SUMMARY in archive.texts("p", **{"class": "pearl-card__summary"})

    ottawa = page(site, "pearls/ottawa-sah-rule/index.html")
    assert set(ottawa.texts("a", href="../perc-rule/")) == {TITLE}  # related, pager

    topic = page(site, "topics/pulmonary-embolism/index.html")
    assert topic.texts("h1") == [TOPIC]
    assert topic.texts("title") == [f"{TOPIC} - Clinical Pearls"]
    assert topic.texts("p", **{"class": "topic-description"}) == [TOPIC_DESCRIPTION]

    gallery = page(site, "algorithms/index.html")
    assert f"Flowchart: {ALGORITHM}" in gallery.attribute("img", "alt")
    assert ALGORITHM in gallery.texts("strong")

    cited_by = page(site, "references/index.html")
    assert TITLE in cited_by.texts("a")

    feed = ET.parse(site / "feed.xml").getroot()
    entry = feed.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}title") == TITLE
    assert entry.findtext(f"{ATOM}summary") == SUMMARY

    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    assert html.unescape(titles["pearls/perc-rule/"]) == TITLE
    assert "<" not in titles["pearls/perc-rule/"]


def test_forged_trusted_fragment_placeholder_fails_the_build_naming_the_pearl(
    example_project: Path,
) -> None:
    pearl = example_project / PERC
    pearl.write_text(
        pearl.read_text(encoding="utf-8") + "\npearls-trusted-fragment-0\n", encoding="utf-8"
    )
    with pytest.raises(MkDocsException) as failure:
        build(example_project)
    assert str(failure.value) == (
        f"{PERC}: the page holds 10 trusted-fragment placeholders where 9 were generated "
        "(content may not write 'pearls-trusted-fragment-N')"
    )
    assert not (example_project / "site").exists()


def test_content_page_is_cleaned_like_a_pearl(example_project: Path) -> None:
    about = example_project / "content/pages/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n")
    with pytest.raises(MkDocsException, match=r"^content/pages/about.md: unsafe HTML"):
        build(example_project)


def test_content_page_heading_is_its_title_shown_as_typed(example_project: Path) -> None:
    notes = example_project / "content/pages/notes.md"  # not in the nav, which names its pages
    notes.write_text("# &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n\nText.\n")
    site = build(example_project)
    assert page(site, "notes/index.html").texts("title") == [
        "</title><script>alert(1)</script> - Clinical Pearls"
    ]
    assert_safe(site)


def test_a_content_pages_front_matter_reaches_the_theme_only_as_the_fields_a_page_sets(
    example_project: Path,
) -> None:
    """The check refuses other fields; were it skipped, the build still publishes only
    ``title``, ``description``, ``tags``, ``hide`` and ``search``, escaped, and never fails on
    what the theme would read wrongly."""
    about = example_project / "content/pages/about.md"
    edit(
        about,
        "title: About\n",
        "title: About\n"
        "author: ['\"><script>alert(1)</script>']\n"
        "status: ['\"></span><script>alert(2)</script><span class=\"']\n"
        "tags: ['<img src=x onerror=alert(3)>']\n"
        "hide: 5\n"
        "search: 5\n",
    )
    guide = example_project / "content/pages/editors-guide.md"
    edit(guide, "title: Editor's guide\n", "title: Guide\nsearch: {boost: .inf}\n")
    redirect = example_project / "content/pages/moved.md"
    redirect.write_text(
        "---\ntitle: Moved\ntemplate: redirect.html\nlocation: https://evil.example/\n---\n\n"
        "# Moved\n"
    )
    site = build(example_project)
    assert_safe(site)
    about_page = (site / "about/index.html").read_text(encoding="utf-8")
    assert 'name="author"' not in about_page and "md-status" not in about_page
    moved = (site / "moved/index.html").read_text(encoding="utf-8")
    assert "evil.example" not in moved and page(site, "moved/index.html").texts("h1") == ["Moved"]
    index = json.loads(  # as a browser reads it: no Infinity
        (site / "search/search_index.json").read_text(encoding="utf-8"),
        parse_constant=lambda name: pytest.fail(f"{name} in the search index"),
    )
    assert [doc["tags"] for doc in index["docs"] if doc["location"] == "about/"] == [
        ["&lt;img src=x onerror=alert(3)&gt;"]
    ]


def test_every_page_carries_the_content_security_policy(example_site: Path) -> None:
    pages = sorted(example_site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        head = path.read_text(encoding="utf-8").split("</head>")[0]
        policies = re.findall(r'<meta http-equiv="Content-Security-Policy" content="(.*?)">', head)
        assert len(policies) == 1, path
        directives = dict(d.strip().split(" ", 1) for d in policies[0].split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert directives["base-uri"] == "'self'"
        sources = directives["script-src"].split()
        assert sources[0] == "'self'" and len(sources) >= 2, path
        assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", s) for s in sources[1:])
        assert "unsafe-inline" not in directives["script-src"]
        assert head.index("Content-Security-Policy") < head.index("<script")


def test_a_script_the_sanitiser_missed_is_left_out_of_the_policy(
    example_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defence in depth: the policy hashes the theme's inline scripts, never one in the content."""
    from generator.site.trusted import TrustedFragments

    missed = "window.MISSED=1"
    clean = TrustedFragments.clean
    monkeypatch.setattr(  # a sanitiser that lets a script through
        TrustedFragments, "clean",
        lambda self, page, html: clean(self, page, html) + f"<script>{missed}</script>",
    )
    page = (build(example_project) / "about/index.html").read_text(encoding="utf-8")
    assert f"<script>{missed}</script>" in page
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)[1]
    hashed = set(re.findall(r"'sha256-([^']*)'", policy))
    theme = re.findall(r"<script>(.*?)</script>", page.split("<article")[0], re.DOTALL)

    def digest(code: str) -> str:
        return base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()

    assert theme and {digest(code) for code in theme} <= hashed
    assert digest(missed) not in hashed


ORDINARY = """
| Criterion | Points |
|:----------|-------:|
| Age ≥ 50  | 1      |

Text with a footnote[^1] and <abbr title="pulmonary embolism">PE</abbr>.

[^1]: The footnote.

!!! note "A note"
    Inside a note.

??? tip "Details"
    Folded.

<details markdown="1"><summary>More</summary>
**Bold** inside details.
</details>
"""


def test_ordinary_markdown_and_html_build_unchanged_by_cleaning(example_project: Path) -> None:
    pearl = example_project / PERC
    pearl.write_text(pearl.read_text(encoding="utf-8") + ORDINARY, encoding="utf-8")
    site = build(example_project)
    perc = page(site, "pearls/perc-rule/index.html")
    assert perc.attribute("td", "style")[:2] == ["text-align:left", "text-align:right"]
    assert perc.texts("abbr", title="pulmonary embolism") == ["PE"]
    # the page's own "Key points" box (the summary), then the body's admonition
    assert perc.texts("p", **{"class": "admonition-title"}) == ["Key points", "A note"]
    assert perc.texts("summary")[-2:] == ["Details", "More"]
    assert "The footnote." in perc.texts("li")[-1]
