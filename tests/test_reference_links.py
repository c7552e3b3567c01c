"""Links in references are built from validated values, never pasted from a .bib.

Each invalid link field is an error at its line in the .bib; a hostile .bib built with the check
bypassed (the site and the email made directly) publishes no ``javascript:`` link, no event
handler and no broken attribute in any output, and shows titles as the text they are.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import json
import re
import textwrap
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from generator.bibliography import format_reference, load_bibliography
from generator.citations import parse_citations
from generator.cli import main
from generator.diagnostics import Report
from generator.newsletter import export_edition, pearl_for, prepare_edition
from generator.newsletter.features import MonthlyFeatures
from generator.numbering import number_citations, render_in_text
from generator.project import load_project
from generator.site.hooks import Request
from generator.site.publish import build_site
from tests.conftest import copy_example_project

PERC = Path("content/pearls/2026/2026-11-18-perc-rule.md")
WEDNESDAY = dt.date(2026, 11, 18)


def load(tmp_path: Path, source: str) -> list[str]:
    """The diagnostics of a .bib holding ``source``, one formatted line each."""
    path = tmp_path / "references.bib"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    _, diagnostics = load_bibliography(path)
    return [d.format(tmp_path) for d in diagnostics]


def entry(field: str) -> str:
    """An article whose line 4 is ``field``."""
    return f"@article{{k,\n  title = {{T}},\n  year = 2020,\n  {field},\n}}\n"


DOI = (
    "a DOI looks like 10.4184/asj.2018.12.2.380; a 'doi:' or 'https://doi.org/' before it is "
    "removed"
)
URL = "write the full address, e.g. https://www.cdc.gov/flu; a space is %20, a quote %22"
AT = "references.bib:4:3: error"


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (
            "url = {javascript:alert(1)}",
            f"{AT}[BIB011]: url 'javascript:alert(1)' is not an http or https address ({URL})",
        ),
        (
            'url = {https://example.org/"onmouseover="alert(1)}',
            f"{AT}[BIB011]: url 'https://example.org/\"onmouseover=\"alert(1)' contains '\"' "
            f"({URL})",
        ),
        (
            "url = {https://example.org/a b}",
            f"{AT}[BIB011]: url 'https://example.org/a b' contains a space ({URL})",
        ),
        (
            "url = {https://example.org/x){:onclick=alert(1)}}",
            f"{AT}[BIB011]: url 'https://example.org/x){{:onclick=alert(1)}}' contains '{{' "
            f"({URL})",
        ),
        (
            "url = {www.example.org}",
            f"{AT}[BIB011]: url 'www.example.org' is not an http or https address ({URL})",
        ),
        (
            "doi = {10.1234/x){:onclick=alert(1)}}",
            f"{AT}[BIB008]: malformed DOI '10.1234/x){{:onclick=alert(1)}}' contains '{{' ({DOI})",
        ),
        (
            'doi = {10.1234/x"><script>}',
            f"{AT}[BIB008]: malformed DOI '10.1234/x\"><script>' contains '\"' ({DOI})",
        ),
        (
            "doi = {javascript:alert(1)}",
            f"{AT}[BIB008]: malformed DOI 'javascript:alert(1)' ({DOI})",
        ),
        (
            "pmid = {123 onclick=alert(1)}",
            f"{AT}[BIB012]: PMID '123 onclick=alert(1)' is not a number "
            "(a PMID is digits only, e.g. 31234567)",
        ),
        (
            "pmcid = {PMC12x}",
            f"{AT}[BIB013]: PMCID 'PMC12x' is not PMC followed by digits "
            "(a PMCID is PMC and digits, e.g. PMC7654321)",
        ),
        (
            "eprint = {javascript:alert(1)}",
            f"{AT}[BIB014]: eprint 'javascript:alert(1)' is a link, not an identifier "
            "(give the identifier alone, e.g. 2101.00001 with eprinttype = {arxiv})",
        ),
        (
            "eprint = {2101.1}, archivePrefix = {arXiv}",
            f"{AT}[BIB014]: eprint '2101.1' is not an arXiv identifier "
            "(an arXiv identifier looks like 2101.00001 or hep-th/9901001)",
        ),
        (
            "eprint = {not a doi}, eprinttype = {doi}",
            f"{AT}[BIB014]: malformed DOI 'not a doi' contains a space ({DOI})",
        ),
    ],
)
def test_invalid_link_field_is_an_error_at_its_line(tmp_path, field, expected):
    assert load(tmp_path, entry(field)) == [expected]


@pytest.mark.parametrize(
    "field",
    [
        "url = {https://www.cdc.gov/flu/index.html?a=1&b=2#top}",
        r"url = {\url{https://example.org/a\_b}}",
        "doi = {https://doi.org/10.1016/S0140-6736(20)30183-5}",
        "doi = {doi:10.1000.10/abc}",
        "pmid = {31234567}",
        "pmcid = {7654321}",
        "eprint = {2101.00001v2}, eprinttype = {arxiv}",
        "eprint = {hep-th/9901001}, archivePrefix = {arXiv}",
        "eprint = {31234567}, eprinttype = {pubmed}",
    ],
)
def test_valid_link_fields_pass(tmp_path, field):
    assert load(tmp_path, entry(field)) == []


def test_a_control_character_is_named_not_printed(tmp_path):
    [line] = load(tmp_path, entry("url = {https://example.org/\x1b[31m}"))
    assert "url 'https://example.org/\\u001b[31m' contains the invisible character U+001B" in line


def test_an_invalid_link_field_is_never_rendered(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text(
        "@online{k, title = {Page}, url = {javascript:alert(1)}, urldate = {2024-01-15},\n"
        " doi = {10.1234/x){:onclick=alert(2)}}, pmid = {1 onclick=alert(3)}}\n"
    )
    bibliography, _ = load_bibliography(path)
    formatted = format_reference(bibliography.get("k"))
    assert (formatted.text, formatted.html) == ("Page.", "Page.")


def test_a_url_with_a_query_string_is_escaped_once_in_the_link(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text(
        "@online{k, title = {Flu \\& you}, urldate = {2024-01-15},\n"
        " url = {https://www.cdc.gov/flu/?a=1&b=2&c=%22x%22}}\n"
    )
    bibliography, diagnostics = load_bibliography(path)
    assert diagnostics == []
    formatted = format_reference(bibliography.get("k"))
    assert formatted.html == (
        'Flu &amp; you. Accessed January 15, 2024. <a href="https://www.cdc.gov/flu/?a=1&amp;'
        'b=2&amp;c=%22x%22">https://www.cdc.gov/flu/?a=1&amp;b=2&amp;c=%22x%22</a>'
    )
    assert formatted.text == (
        "Flu & you. Accessed January 15, 2024. https://www.cdc.gov/flu/?a=1&b=2&c=%22x%22"
    )


def test_doi_is_linked_with_its_reserved_characters_encoded(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text("@article{k, title = {T}, doi = {10.1002/x#1?y%}}\n")
    bibliography, diagnostics = load_bibliography(path)
    assert diagnostics == []
    assert format_reference(bibliography.get("k")).html == (
        'T. <a href="https://doi.org/10.1002/x%231%3Fy%25">doi:10.1002/x#1?y%</a>'
    )


def test_a_pearls_own_doi_is_linked_as_references_are(example_project, tmp_path, capsys):
    """The site's byline and the email once put the DOI after https://doi.org/ as written: '#'
    began a fragment there. (Uses the example content: its first pearl has a DOI.)"""
    pearl = example_project / "content/pearls/2021/2021-02-17-pulmonary-cement-embolism.md"
    text = pearl.read_text()
    pearl.write_text(re.sub(r"(?m)^doi: .*$", "doi: '10.1002/x#1?y%'", text, count=1))
    link = 'href="https://doi.org/10.1002/x%231%3Fy%25"'
    site, mail = tmp_path / "site", tmp_path / "mail"
    project = ["--project", str(example_project)]
    assert main([*project, "build", "--as-of", "2021-02-17", "-d", str(site)]) == 0
    assert link in (site / "pearls" / "pulmonary-cement-embolism" / "index.html").read_text()
    assert main([*project, "email", "2021-02-17", "-o", str(mail)]) == 0
    assert link in (mail / "2021-02-17.html").read_text()


def test_front_matter_doi_with_markup_is_an_error_at_its_line(example_project, capsys):
    pearl = example_project / PERC
    pearl.write_text(pearl.read_text().replace("title:", 'doi: 10.1234/x"><b>\ntitle:', 1))
    assert main(["--project", str(example_project), "check"]) == 1
    err = capsys.readouterr().err
    assert (
        f"{PERC}:2:6: error[FM011]: malformed DOI '10.1234/x\"><b>' contains '\"' "
        "(write it as 10.xxxx/suffix, without https://doi.org/)"
    ) in err


# -- a hostile bibliography, published with the check bypassed ---------------------------------

HOSTILE_BIB = r"""
@article{hostile1,
  author = {Evil, Eve},
  title = {Click [me](javascript:alert(1)) <script>alert(2)</script> \{: onclick=alert(3)\} *bold*},
  journal = {J <img src=x onerror=alert(4)>},
  year = {2024},
  url = {javascript:alert(5)},
  doi = {10.1234/x){:onclick=alert(6)}},
}

@online{hostile2,
  title = {Quoted},
  url = {https://example.org/"onmouseover="alert(7)},
  urldate = {2024-01-01},
  pmid = {123"><script>alert(8)</script>},
  pmcid = {PMC1 onclick=alert(9)},
}

@misc{hostile3,
  title = {Eprint},
  eprint = {javascript:alert(10)},
  eprinttype = {doi},
  year = {2024},
}

@online{fine,
  title = {Safe},
  url = {https://example.org/?a=1&b=2},
  urldate = {2024-01-01},
}
"""

#: Markers only the link fields hold: none may appear in any output.
LINK_MARKERS = [f"alert({n})" for n in range(5, 11)]
#: Markers in titles: shown as text, never as markup.
TEXT_MARKERS = ["alert(1)", "alert(2)", "alert(3)", "alert(4)"]


class _Markup(HTMLParser):
    """Every start tag with its attributes, and the text of each ``<script>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self.data_blocks: list[str] = []
        self._in_script = self._in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        # A JSON-LD block is data no browser runs: it must parse as JSON (checked below).
        self._in_script = tag == "script" and ("type", "application/ld+json") not in attrs
        self._in_data = tag == "script" and not self._in_script

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_data = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        elif self._in_data:
            self.data_blocks.append(data)


def assert_safe_html(html: str, where: str) -> None:
    """No handler, no script or dangerous URL from the payloads, no attribute out of place."""
    parser = _Markup()
    parser.feed(html)
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (where, tag, name)
            assert "alert" not in name, (where, tag, name)
            if (tag, name) != ("meta", "content"):  # a head's metadata is text, as typed
                assert "alert(" not in (value or ""), (where, tag, name)
            if name in {"href", "src"}:
                scheme = (value or "").strip().lower().split(":", 1)[0]
                assert scheme not in {"javascript", "vbscript", "data"}, (where, value)
    assert not any("alert(" in script for script in parser.scripts), where
    for block in parser.data_blocks:  # whole: no field closed the block early
        json.loads(block)


@pytest.fixture(scope="module")
def hostile_outputs(tmp_path_factory) -> dict[str, str]:
    """Every published file of a site and an email citing the hostile references."""
    root = copy_example_project(tmp_path_factory.mktemp("hostile") / "project")
    bib = root / "references.bib"
    bib.write_text(bib.read_text() + HOSTILE_BIB)
    pearl = root / PERC
    pearl.write_text(
        pearl.read_text() + "\nHostile sources [@hostile1; @hostile2; @hostile3; @fine].\n"
    )
    checked = load_project(root)
    assert "BIB011" in {d.code for d in checked.report.errors}  # the check would stop it…
    project = dataclasses.replace(checked, report=Report())  # …so bypass it
    build_site(Request(project, as_of=WEDNESDAY), root / "site")
    edition = prepare_edition(project, pearl_for(project.pearls, WEDNESDAY), MonthlyFeatures())
    export_edition(edition, root / "mail")
    outputs = {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for folder in (root / "site", root / "mail")
        for path in folder.rglob("*")
        if path.suffix in {".html", ".xml", ".json", ".txt", ".eml"}
    }
    return outputs


def test_hostile_link_fields_appear_in_no_output(hostile_outputs):
    for name, content in hostile_outputs.items():
        for marker in LINK_MARKERS:
            assert marker not in content, (name, marker)


def test_hostile_references_publish_no_live_markup(hostile_outputs):
    pages = {name: text for name, text in hostile_outputs.items() if name.endswith(".html")}
    assert "site/references/index.html" in pages and "site/pearls/perc-rule/index.html" in pages
    for name, html in pages.items():
        assert_safe_html(html, name)
    feed = ET.fromstring(hostile_outputs["site/feed.xml"])
    for content in feed.iter("{http://www.w3.org/2005/Atom}content"):
        assert_safe_html(content.text or "", "feed.xml")
    for doc in json.loads(hostile_outputs["site/search/search_index.json"])["docs"]:
        assert_safe_html(doc["text"], "search_index.json")
        assert_safe_html(doc["title"], "search_index.json")  # a reference's heading is a title
    message = email.message_from_string(
        hostile_outputs["mail/2026-11-18.eml"], policy=email.policy.default
    )
    html_part = message.get_body(("html",))
    assert html_part is not None
    assert_safe_html(html_part.get_content(), "2026-11-18.eml")


def test_hostile_titles_read_as_the_text_they_are(hostile_outputs):
    shown = (
        "Evil E. Click [me](javascript:alert(1)) <script>alert(2)</script> {: onclick=alert(3)} "
        "*bold*. J <img src=x onerror=alert(4)>. 2024."
    )
    for name in ("site/references/index.html", "site/pearls/perc-rule/index.html"):
        entry = _entry_html(hostile_outputs[name], "hostile1")
        assert "<a " not in entry and "<em>" not in entry, name
        assert _unescaped(entry).strip() == shown, name
    assert shown in " ".join(hostile_outputs["mail/2026-11-18.txt"].split())


def test_the_gallery_lists_a_hostile_reference_its_chart_cites_as_text(tmp_path: Path) -> None:
    root = copy_example_project(tmp_path / "project")
    (root / "references.bib").write_text((root / "references.bib").read_text() + HOSTILE_BIB)
    pearl = root / PERC
    text = pearl.read_text().replace("met? [@kline2008]", "met? [@kline2008; @hostile1]")
    pearl.write_text(text)
    project = dataclasses.replace(load_project(root), report=Report())  # past the check
    build_site(Request(project, as_of=WEDNESDAY), root / "site")
    gallery = (root / "site/algorithms/index.html").read_text(encoding="utf-8")
    cited = gallery[gallery.index('<ol class="references algorithm-card__references">') :]
    cited = cited[: cited.index("</ol>")]
    assert_safe_html(cited, "algorithms/index.html")
    hostile = cited[cited.index("Evil E.") :]
    hostile = hostile[: hostile.index("</li>")]
    assert "<a " not in hostile and "<script" not in hostile and "<img" not in hostile
    assert _unescaped(hostile) == (
        "Evil E. Click [me](javascript:alert(1)) <script>alert(2)</script> {: onclick=alert(3)} "
        "*bold*. J <img src=x onerror=alert(4)>. 2024."
    )


def test_a_valid_url_is_linked_once_escaped_everywhere(hostile_outputs):
    link = '<a href="https://example.org/?a=1&amp;b=2">https://example.org/?a=1&amp;b=2</a>'
    for name in ("site/references/index.html", "site/pearls/perc-rule/index.html"):
        assert link in hostile_outputs[name], name
    mail = hostile_outputs["mail/2026-11-18.html"]  # CSS inlined: the link gains a style
    assert '<a href="https://example.org/?a=1&amp;b=2" style=' in mail
    assert '">https://example.org/?a=1&amp;b=2</a>' in mail
    assert "Safe. Accessed January 1, 2024. https://example.org/?a=1&b=2" in " ".join(
        hostile_outputs["mail/2026-11-18.txt"].split()
    )


def _unescaped(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def _entry_html(page: str, key: str) -> str:
    """The HTML of one reference on the References page (its section's heading), or in a
    pearl's list (number 4)."""
    anchor = f'id="bib-{key}"' if f'id="bib-{key}"' in page else 'id="ref-4"'
    start = page.index(">", page.index(anchor)) + 1
    end = page.index("</h2>" if anchor.startswith('id="bib-') else '<a class="backlink"', start)
    return page[start:end]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_short_style_label_stays_text_in_a_markdown_body(tmp_path, fmt):
    path = tmp_path / "references.bib"
    path.write_text(
        r"@misc{k, title = {[x](https://evil.example/) \{: onclick=alert(1)\}}, year = 2024}"
    )
    bibliography, _ = load_bibliography(path)
    body = "Text [@k]."
    groups, _ = parse_citations(body, tmp_path / "pearl.md")
    marked = render_in_text(body, groups, number_citations(groups), "short", fmt, bibliography)
    page = markdown.markdown(marked, extensions=["attr_list"])
    parser = _Markup()
    parser.feed(page)
    assert parser.tags == [("p", [])]
    assert unescape(page) == "<p>Text ([x](https://evil.example/) {: onclick=alert(1)}. 2024).</p>"


def test_a_url_wrapped_in_latex_url_is_linked_unwrapped(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text(r"@online{k, title = {T}, url = {\url{https://example.org/a\_b}}}")
    bibliography, diagnostics = load_bibliography(path)
    assert diagnostics == []
    assert format_reference(bibliography.get("k")).html == (
        'T. <a href="https://example.org/a_b">https://example.org/a_b</a>'
    )
