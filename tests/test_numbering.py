"""In-text citations: AMA numbering, ranges, locators, punctuation moves, and the short style."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from generator.bibliography import load_bibliography
from generator.citations import parse_citations
from generator.numbering import (
    cited_by,
    group_label,
    number_citations,
    render_in_text,
    render_reference_list,
    resolve_references,
)

ROOT = Path(__file__).parent.parent
SEED_PEARL = ROOT / "content" / "pearls" / "2021" / "2021-02-17-pulmonary-cement-embolism.md"


@pytest.fixture(scope="module")
def bibliography():
    bibliography, diagnostics = load_bibliography(ROOT / "references.bib")
    assert diagnostics == []
    return bibliography


def groups_of(markdown: str):
    groups, diagnostics = parse_citations(markdown, Path("pearl.md"))
    assert diagnostics == []
    return groups


def ama_text(markdown: str) -> str:
    groups = groups_of(markdown)
    return render_in_text(markdown, groups, number_citations(groups), "ama", "text")


def test_numbers_follow_first_citation_and_repeats_keep_theirs():
    groups = groups_of("A [@c]. B [@a; @c]. C [@b]. D [@a].")
    numbering = number_citations(groups)
    assert numbering.order == ["c", "a", "b"]
    assert [numbering.number(key) for key in ("a", "b", "c")] == [2, 3, 1]
    assert ama_text("A [@c]. B [@a; @c]. C [@b]. D [@a].") == "A.^1 B.^1,2 C.^3 D.^2"


def test_algorithm_citations_count_where_the_algorithm_stands():
    before, after = groups_of("Intro [@a]."), groups_of("Later [@c; @b].")
    algorithm = groups_of("Node text [@b]")
    numbering = number_citations(before + algorithm + after)
    assert numbering.order == ["a", "b", "c"]
    assert render_in_text("Later [@c; @b].", after, numbering, "ama", "text") == "Later.^2,3"


def test_runs_of_three_or_more_become_ranges():
    text = "One [@a; @b; @c; @d; @e]. Two [@b; @a]. Three [@e; @a; @c; @b]."
    assert ama_text(text) == "One.^1-5 Two.^1,2 Three.^1-3,5"


def test_separate_numbers_are_comma_separated():
    assert ama_text("A [@a]. B [@b]. C [@c]. D [@a; @c].") == "A.^1 B.^2 C.^3 D.^1,3"


def test_locator_renders_after_its_number_and_breaks_a_run():
    assert ama_text("A [@a; @b; @c]. See [@b, p. 33]. And [@a; @b, pp. 12-15; @c].") == (
        "A.^1-3 See.^2(p33) And.^1,2(pp12-15),3"
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("text [@a]. Next", "text.^1 Next"),
        ("text [@a], and more", "text,^1 and more"),
        ("text [@a]: a list", "text^1: a list"),
        ("text [@a]; more", "text^1; more"),
        ("text: [@a] a list", "text^1: a list"),
        ("text. [@a] Next", "text.^1 Next"),
        ("in vitro\n[@a]. The flow", "in vitro.^1 The flow"),
        ("Paragraph.\n\n[@a] starts the next", "Paragraph.\n\n^1 starts the next"),
        ("no punctuation [@a] here", "no punctuation^1 here"),
    ],
)
def test_superscript_goes_after_periods_and_commas_before_colons_and_semicolons(written, expected):
    assert ama_text(written) == expected


def test_html_superscript_links_each_number_and_carries_backlink_ids():
    markdown = "First [@a; @b; @c]. Again [@c, p. 4]."
    groups = groups_of(markdown)
    html = render_in_text(markdown, groups, number_citations(groups), "ama", "html")
    assert html == (
        'First.<sup class="cite"><a href="#ref-1" id="cite-1-1">1</a><span id="cite-2-1">'
        '</span>-<a href="#ref-3" id="cite-3-1">3</a></sup> Again.<sup class="cite">'
        '<a href="#ref-3" id="cite-3-2">3</a>(p4)</sup>'
    )


def test_backlinks_point_at_every_rendered_citation(bibliography):
    markdown = "A [@ignacio2018]. B [@krueger2009; @ignacio2018]."
    body = groups_of(markdown)
    algorithm = groups_of("Node [@rodrigues2019]")
    references = resolve_references(body + algorithm, bibliography, linked_groups=body)
    assert [(r.number, r.key, r.backlinks) for r in references] == [
        (1, "ignacio2018", ("cite-1-1", "cite-1-2")),
        (2, "krueger2009", ("cite-2-1",)),
        (3, "rodrigues2019", ()),
    ]
    html = render_in_text(markdown, body, references.numbering, "ama", "html")
    for reference in references:
        for cite_id in reference.backlinks:
            assert f'id="{cite_id}"' in html
    assert references.by_key("krueger2009").anchor == "ref-2"
    assert [r.cited_in_algorithm for r in references] == [False, False, True]


def test_a_reference_cited_in_the_algorithm_links_back_to_it(bibliography):
    body = groups_of("A [@respmedcaserep2019].")
    algorithm = groups_of("Node [@respmedcaserep2019] [@ignacio2018]")
    references = resolve_references(body + algorithm, bibliography, linked_groups=body)
    html = render_reference_list(references, "html")
    to_figure = '<a class="backlink" href="#algorithm" aria-label="Back to the algorithm, which'
    assert html.count(to_figure) == 2
    assert (  # cited in the text and in the figure: two links, lettered to tell them apart
        '<a class="backlink" href="#cite-1-1" aria-label="Back to citation 1a in the text">↩ a</a> '
        + to_figure
        + ' cites reference 1">↩ b</a></li>'
    ) in html
    assert to_figure + ' cites reference 2">↩</a></li>' in html  # cited only there: one "↩"


def test_seed_first_group_in_the_short_style(bibliography):
    markdown = SEED_PEARL.read_text(encoding="utf-8")
    groups = groups_of(markdown)
    rendered = render_in_text(
        markdown, groups, number_citations(groups), "short", "text", bibliography=bibliography
    )
    assert (
        "asymptomatic peripheral emboli (Mol Clin Oncol. 2019;10[2]:299; Respir Med Case Rep. "
        "2019;28:100887; Asian Spine J. 2018;12[2]:380).\n" in rendered
    )
    assert (
        "in vitro (Mol Clin Oncol. 2019;10[2]:299; J Thorac Cardiovasc Surg. 2012;143[4]:e22). "
        "The turbulent" in rendered
    )
    assert group_label(groups[0], number_citations(groups), "short", bibliography) == (
        "(Mol Clin Oncol. 2019;10[2]:299; Respir Med Case Rep. 2019;28:100887; "
        "Asian Spine J. 2018;12[2]:380)"
    )


def test_seed_in_ama_numbers_and_superscripts(bibliography):
    markdown = SEED_PEARL.read_text(encoding="utf-8")
    groups = groups_of(markdown)
    numbering = number_citations(groups)
    text = render_in_text(markdown, groups, numbering, "ama", "text")
    assert "asymptomatic peripheral emboli.^1-3\n" in text
    assert "coagulation in vitro.^1,4 The turbulent" in text
    assert re.findall(r"\[@[^\]]*\]", text) == ["[@krueger2009]"]  # the flowchart's own


def test_short_style_escapes_html_and_keeps_locators(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text("@article{a, shortjournal = {A & B}, year = 2020, pages = {5--9}}\n")
    bibliography, _ = load_bibliography(path)
    markdown = "Text [@a, p. 7]."
    groups = groups_of(markdown)
    html = render_in_text(
        markdown, groups, number_citations(groups), "short", "html", bibliography=bibliography
    )
    assert html == "Text (A &amp; B. 2020:5, p. 7)."


def test_group_label_for_the_algorithm():
    groups = groups_of("[@a] [@b; @c; @d] [@a, p. 2]")
    numbering = number_citations(groups)
    assert [group_label(group, numbering) for group in groups] == ["1", "2-4", "1(p2)"]


def test_reference_list_in_text_and_markdown(bibliography):
    references = resolve_references(
        groups_of("A [@ignacio2018; @respmedcaserep2019]."), bibliography
    )
    assert render_reference_list(references, "text") == (
        "1. Ignacio JMF, Ignacio KHD. Pulmonary embolism from cement augmentation of the "
        "vertebral body. Asian Spine J. 2018;12(2):380-387. doi:10.4184/asj.2018.12.2.380\n"
        "2. Respir Med Case Rep. 2019;28:100887.\n"
    )
    assert render_reference_list(references, "markdown") == (
        "1. Ignacio JMF, Ignacio KHD. Pulmonary embolism from cement augmentation of the "
        "vertebral body. *Asian Spine J*. 2018;12(2):380-387. "
        "[doi:10.4184/asj.2018.12.2.380](https://doi.org/10.4184/asj.2018.12.2.380)\n"
        "2. *Respir Med Case Rep*. 2019;28:100887.\n"
    )
    assert references.numbering.order == ["ignacio2018", "respmedcaserep2019"]


def test_reference_list_html_has_anchors_and_backlinks(bibliography):
    references = resolve_references(
        groups_of("A [@respmedcaserep2019]. B [@nosuchkey]. C [@respmedcaserep2019]."), bibliography
    )
    assert render_reference_list(references, "html") == (
        '<ol class="references">\n'
        '  <li id="ref-1" value="1"><i>Respir Med Case Rep</i>. 2019;28:100887. '
        '<a class="backlink" href="#cite-1-1" aria-label="Back to citation 1a in the text">'
        '↩ a</a> <a class="backlink" href="#cite-1-2" aria-label="Back to citation 1b in the '
        'text">↩ b</a></li>\n'
        '  <li id="ref-2" value="2"><span class="reference-unknown">Unknown reference '
        '“nosuchkey”</span> <a class="backlink" href="#cite-2-1" aria-label="Back to citation '
        '1 of reference 2">↩</a></li>\n'
        "</ol>\n"  # the file's last line, as in the site's pages (one environment for both)
    )


def test_cited_by_lists_pearls_per_reference_once():
    assert cited_by({"pce": ["a", "b", "a"], "perc": ["b"], "sah": []}) == {
        "a": ["pce"],
        "b": ["pce", "perc"],
    }


def test_a_locator_is_text_to_the_markdown_that_reads_the_citation(tmp_path):
    """The body's own text: a link or an image written in it stays as written."""
    path = tmp_path / "references.bib"
    path.write_text("@article{a, shortjournal = {J}, year = 2020}\n")
    bibliography, _ = load_bibliography(path)
    text = "Text [@a, [x](javascript:alert(1)) ![i](https://example.org/i.png) *em* <b>]."
    groups = groups_of(text)
    for style in ("ama", "short"):
        for fmt in ("html", "markdown"):
            body = render_in_text(
                text, groups, number_citations(groups), style, fmt, bibliography=bibliography
            )
            html = markdown.markdown(body)
            assert "<a href=" not in html.replace('<a href="#ref-1"', "") and "<img" not in html
            assert "<em>" not in html and "<b>" not in html
