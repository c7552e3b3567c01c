"""Small Markdown for MkDocs: the template-made HTML of a page (byline, flowchart, reference
list, cards, pager) stands as placeholders in the generated Markdown and is put back after
Markdown, cleaned like the text; the flowchart's drawing alone goes in after the search index
read the page. (Hostile plain-text fields in these fragments: tests/test_site_sanitise.py.)
"""

from __future__ import annotations

import dataclasses
import gc
import json
import re
import weakref
from pathlib import Path

import pytest
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.pages import Page

from generator import sanitize
from generator.diagnostics import Report
from generator.project import load_project
from generator.site import SiteOptions, generate_site, hooks
from generator.site.hooks import Request
from generator.site.publish import build_site
from generator.site.trusted import Fragment, TrustedFragments, UnsafeContent, clean_page
from tests.conftest import EXAMPLE_AS_OF, files_of
from tests.test_site_sanitise import ORDINARY

PERC = "content/pearls/2026/2026-11-18-perc-rule.md"
#: Text the PERC flowchart draws and its text version lists.
LABEL = "Gestalt pretest probability below 15%?"


def test_generated_markdown_holds_the_text_and_placeholders_only(
    example_project: Path, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    generate_site(load_project(example_project), docs, SiteOptions(EXAMPLE_AS_OF), str)
    perc = (docs / "pearls/perc-rule.md").read_text(encoding="utf-8")
    for made_by_a_template in ("<svg", "<figure", "<details", '<ol class="references"',
                               '<dl class="pearl-meta"', "<nav", "pearl-disclaimer"):  # fmt: skip
        assert made_by_a_template not in perc
    references = r"\n## References \{ data-search-exclude=\"\" \}\n+pearls-trusted-fragment-\d+\n"
    assert re.search(references, perc)
    assert "In a prospective multicenter evaluation" in perc  # its own text, for MkDocs
    placeholders = re.findall(r"^pearls-trusted-fragment-(\d+)$", perc, re.MULTILINE)
    assert sorted(map(int, placeholders)) == list(range(len(placeholders)))
    assert len(perc.encode()) < 8_000
    for page in ("index.md", "archive/2026.md", "topics/index.md", "algorithms/index.md",
                 "references/index.md"):  # fmt: skip
        text = (docs / page).read_text(encoding="utf-8")
        assert "<article" not in text and "<li>" not in text and "<figure" not in text, page


def test_built_pages_hold_every_fragment_in_place(example_site: Path) -> None:
    perc = (example_site / "pearls/perc-rule/index.html").read_text(encoding="utf-8")
    assert len(perc.encode()) <= 40_000
    order = [
        '<dl class="pearl-meta">',
        '<figure class="pearl-figure" id="algorithm">\n<p class="pearl-figure__hint"',
        '<div class="pearl-figure__frame">\n<svg',
        '<details class="pearl-algorithm-text">',
        '<h2 data-search-exclude="" id="references">References</h2>\n<ol class="references">',
        '<li id="ref-1" value="1">',
        '<h2 data-search-exclude="" id="related-pearls">Related pearls</h2>\n<ul>\n'
        '<li><time datetime="2026-11-11">',
        '<nav aria-label="Previous and next pearl" class="pearl-pager" data-search-exclude="">',
        '<p class="pearl-disclaimer" data-search-exclude="">',
    ]
    positions = [perc.index(piece) for piece in order]
    assert positions == sorted(positions)
    assert '<a href="#algorithm">' in perc or 'href="#algorithm"' in perc
    for path in example_site.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        assert "pearls-trusted-fragment" not in page and "<!-- pearls:" not in page, path


def test_search_reads_the_text_version_of_the_flowchart_not_its_drawing(
    example_site: Path,
) -> None:
    index = json.loads((example_site / "search/search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    perc = "".join(doc["text"] for doc in docs if doc["location"].startswith("pearls/perc-rule/"))
    assert perc.count(LABEL) == 1  # the text version's item; not the drawing's label too
    assert "Text version of the algorithm" not in perc  # its summary line: noise in results
    assert "Flowchart of" not in perc  # the drawing's description
    assert "<svg" not in perc and "pearls-trusted-fragment" not in perc
    page = (example_site / "pearls/perc-rule/index.html").read_text(encoding="utf-8")
    assert "Flowchart of" in page


def build(root: Path, use_cache: bool = False) -> None:
    project = load_project(root)
    unreported = dataclasses.replace(project, report=Report())
    build_site(Request(unreported, EXAMPLE_AS_OF, use_cache=use_cache), root / "site")


def test_a_placeholder_forged_in_a_fragment_stops_the_build_naming_the_pearl(
    example_project: Path,
) -> None:
    pearl = example_project / PERC
    text = pearl.read_text(encoding="utf-8")
    pearl.write_text(
        text.replace("title: PERC in suspected", "title: pearls-trusted-fragment-1 in", 1),
        encoding="utf-8",
    )
    with pytest.raises(MkDocsException) as failure:
        build(example_project)
    assert str(failure.value).startswith(f"{PERC}: the page holds ")
    assert str(failure.value).endswith("(content may not write 'pearls-trusted-fragment-N')")


@pytest.mark.parametrize("forged", ["pearls-trusted-fragment-1", "pearls-trusted-fragment-end-0"])
def test_a_placeholder_forged_in_a_block_the_search_index_skips_stops_the_build(
    forged: str,
) -> None:
    """A reference list is set aside while the index reads the page: what content forges in it
    is still found, naming the pearl."""
    page = "<h1>PERC</h1>\n<p>pearls-trusted-fragment-0</p>\n<p>Text.</p>"
    references = Fragment(
        f'<ol class="references"><li>{forged} Title.</li></ol>'.encode(), indexed=False
    )
    refused = r"^content/pearls/perc\.md: the page.*content may not write"
    with pytest.raises(UnsafeContent, match=refused):
        clean_page(page, [references], "content/pearls/perc.md")


@pytest.mark.parametrize("kind", ["fragment", "fragment(indexed=False)"])
def test_a_fragment_passes_the_allow_list_like_the_text(example_project: Path, kind: str) -> None:
    """Fragments are cleaned too, those the search index skips as well: markup the allow-list
    refuses stops the build, even from the project's own template."""
    own = example_project / "templates/site/_disclaimer.md.j2"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text(
        f'{{% filter {kind} %}}\n<p class="pearl-disclaimer" onclick="alert(1)">Not advice.</p>\n'
        "{% endfilter %}\n",
        encoding="utf-8",
    )
    with pytest.raises(MkDocsException) as failure:
        build(example_project)
    message = str(failure.value)
    assert re.match(r"content/pearls/\S+\.md: unsafe HTML the check did not report", message)
    assert "onclick" in message


def test_a_fragment_the_search_index_skips_is_published_as_cleaned(example_project: Path) -> None:
    """A block set aside while the search index reads the page goes back as the allow-list's
    cleaning left it (the bytes published are the bytes cleaned), and is not indexed."""
    own = example_project / "templates/site/_disclaimer.md.j2"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text(
        "{% filter fragment(indexed=False) %}\n"
        "<p class=pearl-disclaimer data-search-exclude>Not advice.<br/>Ask a clinician.</p>\n"
        "{% endfilter %}\n",
        encoding="utf-8",
    )
    build(example_project)
    site = example_project / "site"
    page = (site / "pearls/perc-rule/index.html").read_text(encoding="utf-8")
    cleaned = '<p class="pearl-disclaimer" data-search-exclude="">Not advice.<br>Ask a clinician.'
    assert cleaned + "</p>" in page
    assert "<!-- pearls:" not in page
    assert "Ask a clinician" not in (site / "search/search_index.json").read_text(encoding="utf-8")


def test_a_cached_rebuild_publishes_the_same_pages_and_still_refuses_new_unsafe_html(
    example_project: Path,
) -> None:
    """A cached rebuild publishes the same site, and a page whose HTML changed is proved
    afresh."""
    build(example_project, use_cache=True)
    first = files_of(example_project / "site")
    build(example_project, use_cache=True)
    assert files_of(example_project / "site") == first
    own = example_project / "templates/site/_disclaimer.md.j2"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text(
        '{% filter fragment %}\n<p onclick="alert(1)">Not advice.</p>\n{% endfilter %}\n',
        encoding="utf-8",
    )
    with pytest.raises(MkDocsException, match="unsafe HTML the check did not report"):
        build(example_project, use_cache=True)
    assert files_of(example_project / "site") == first


def test_generated_pages_are_proved_clean_without_reading_them_element_by_element(
    example_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The generator writes HTML the way cleaning writes it back, and Markdown differs from it
    only in how it writes the same markup (a title's punctuation as references, ``&quot;`` in
    code, ``<br />``, a column's alignment): proving a page clean is one comparison, and no page
    is read element by element."""
    pearl = example_project / PERC
    text = pearl.read_text(encoding="utf-8").replace(
        "title: Ruling Out Pulmonary Embolism With PERC",
        "title: \"D-dimer: Don't 'Wait' & <Rule Out> (PE)\"",
    )
    pearl.write_text(text + ORDINARY + "\nA line  \nbroken; 2&ndash;3 mg.\n\n---\n", "utf-8")
    project = dataclasses.replace(load_project(example_project), report=Report())
    read: list[str] = []
    every_element = sanitize._removals

    def removals(html: str, cleaned: str) -> list[sanitize.Removal]:
        read.append(re.search(r"<h1[^>]*>(.*?)</h1>", html)[1])
        return every_element(html, cleaned)

    monkeypatch.setattr(sanitize, "_removals", removals)
    build_site(Request(project, EXAMPLE_AS_OF), example_project / "site")
    perc = (example_project / "site/pearls/perc-rule/index.html").read_text(encoding="utf-8")
    assert "D-dimer: Don't 'Wait' &amp; &lt;Rule Out&gt; (PE)</h1>" in perc
    assert "<p>A line<br>\nbroken; 2–3 mg.</p>\n<hr>" in perc
    assert read == []


def test_a_build_holds_the_project_only_until_the_pages_are_generated(
    example_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs needs none of the checked project (~260 MB at 10,000 pearls): once `pearls build`
    hands it over, nothing holds it while MkDocs builds the pages."""
    project = load_project(example_project)
    held = weakref.ref(project)
    request = Request(project, EXAMPLE_AS_OF)
    del project
    while_built: list[bool] = []
    on_page_content = hooks.on_page_content

    def page_content(html: str, page: Page, trusted: TrustedFragments) -> str:
        gc.collect()  # the project holds reference cycles (pylatexenc keeps a traceback)
        while_built.append(held() is not None)
        return on_page_content(html, page, trusted)

    monkeypatch.setattr(hooks, "on_page_content", page_content)
    build_site(request, example_project / "site")
    assert request.project is None
    assert while_built and not any(while_built)
    assert (example_project / "site/pearls/perc-rule/index.html").is_file()


def test_a_build_lets_go_of_a_pages_fragments_once_they_are_in_and_a_serve_keeps_them() -> None:
    """A big site's fragments need not all stay in memory while MkDocs builds its pages; a
    serve's next rebuild puts the same fragments in again."""
    made = {}
    for once in (True, False):
        trusted = TrustedFragments(once=once)
        markdown = trusted.placeholder("p.md", '<p class="pearl-disclaimer">Not advice.</p>')
        markdown += trusted.placeholder("p.md", '<figure id="algorithm"><svg></svg></figure>', True)
        trusted.heads["p.md"] = b'<meta name="citation_title" content="PERC">'
        html = "\n".join(f"<p>{line}</p>" for line in markdown.split())
        cleaned = trusted.clean("p.md", html)
        ids = trusted.anchor_ids("p.md")
        trusted.cleaned("p.md")
        made[once] = trusted.put_back("p.md", cleaned), ids
        trusted.built("p.md")
        if once:
            assert (trusted.pages, trusted.heads) == ({}, {})
        else:  # the next rebuild of a serve
            assert trusted.put_back("p.md", trusted.clean("p.md", html)) == made[once][0]
    assert (
        made[True]
        == made[False]
        == (
            '<p class="pearl-disclaimer">Not advice.</p>\n'
            '<figure id="algorithm"><svg></svg></figure>',
            {"algorithm"},
        )
    )


@pytest.mark.parametrize("card_attribute", ["", ' onclick="alert(1)"'])
def test_a_chart_inside_a_card_goes_in_as_made_and_the_card_is_still_cleaned(
    card_attribute: str,
) -> None:
    """A gallery card's chart (its start step placed by a style attribute the allow-list refuses
    to content) is a figure inside the card's fragment: it goes in as made, the card is cleaned."""
    trusted = TrustedFragments()
    chart = trusted.placeholder(
        "a.md", '<p><img src="c.svg" alt="C"><span style="left: 5%" aria-hidden="true"></span></p>',
        figure=True,
    )
    markdown = trusted.placeholder(
        "a.md", f"<figure{card_attribute}>{chart}<figcaption>Title</figcaption></figure>"
    )
    html = "\n".join(f"<p>{line}</p>" for line in markdown.split())
    if card_attribute:
        with pytest.raises(UnsafeContent, match="event-handler attribute 'onclick' on <figure>"):
            trusted.clean("a.md", html)
        return
    page = trusted.put_back("a.md", trusted.clean("a.md", html))
    assert page == (
        '<figure>\n\n<p><img src="c.svg" alt="C"><span style="left: 5%" aria-hidden="true">'
        "</span></p>\n\n<figcaption>Title</figcaption></figure>"
    )
