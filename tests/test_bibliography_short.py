"""The seed's inline short style, one reference at a time: ``Mol Clin Oncol. 2019;10[2]:299``."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from generator.bibliography import format_reference, load_bibliography
from generator.citations import parse_citations
from generator.numbering import number_citations, render_in_text

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def seed():
    bibliography, _ = load_bibliography(ROOT / "references.bib")
    return bibliography


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("rodrigues2019", "Mol Clin Oncol. 2019;10[2]:299"),
        ("respmedcaserep2019", "Respir Med Case Rep. 2019;28:100887"),
        ("ignacio2018", "Asian Spine J. 2018;12[2]:380"),
        ("jthoraccardiovascsurg2012", "J Thorac Cardiovasc Surg. 2012;143[4]:e22"),
        ("krueger2009", "Eur Spine J. 2009;18[9]:1257"),
    ],
)
def test_seed_citations_as_the_newsletter_printed_them(seed, key, expected):
    formatted = format_reference(seed.get(key), "short")
    # The HTML writes brackets as character references (Markdown never reads them as links).
    assert (formatted.text, html.unescape(formatted.html)) == (expected, expected)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("@book{k, author = {Tintinalli, J. E.}, title = {EM}, year = 2020}", "Tintinalli. 2020"),
        (
            "@book{k, editor = {Walls, R. and Hockberger, R.}, title = {Rosen}, year = 2022}",
            "Walls et al. 2022",
        ),
        ("@online{k, title = {Flu vaccine}, url = {https://www.cdc.gov/flu}}", "Flu vaccine"),
        ("@article{k, journal = {BMJ}, volume = 3}", "BMJ. 3"),
    ],
)
def test_other_references_are_cited_by_author_and_year(tmp_path, source, expected):
    path = tmp_path / "references.bib"
    path.write_text(source, encoding="utf-8")
    bibliography, _ = load_bibliography(path)
    assert format_reference(bibliography.get("k"), "short").text == expected


def test_an_inline_short_citation_in_html_carries_no_markup_from_the_bib_or_body(tmp_path):
    """The short style's in-text label reaches the page unescaped (``Markup``): every part of
    it, the formatted reference and the body's locator, must be escaped text."""
    bib = tmp_path / "references.bib"
    bib.write_text(
        "@article{evil,\n  author = {Smith, John},\n"
        "  journal = {<img src=x onerror=alert(1)>},\n  year = {2020},\n  volume = {1},\n"
        "  pages = {1--2},\n}\n"
    )
    bibliography, _ = load_bibliography(bib)
    body = "See [@evil, p. <script>alert(1)</script>]."
    groups, _ = parse_citations(body, tmp_path / "x.md")
    numbering = number_citations(groups)
    page = render_in_text(body, groups, numbering, "short", "html", bibliography)
    assert "<img" not in page and "<script" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
