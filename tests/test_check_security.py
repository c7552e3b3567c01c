"""`pearls check` reports what the site's sanitiser would remove, where the editor wrote it.

Each bypass of the old pattern scanner (issue 13) is rendered as the site renders it and reported
at its line and column, whatever way Markdown or a browser reads it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

PERC = "content/pearls/2026/2026-11-18-perc-rule.md"
HANDLER = "error[SEC002]: event-handler attribute 'onerror' on <img> is not allowed"
JAVASCRIPT = "error[SEC003]: link 'javascript:alert(1)' in <a href> is not allowed"


def check(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """The exit code and the error lines of `pearls check`, messages without their hints."""
    code = main(["--project", str(project), "check", "--no-cache"])
    output = capsys.readouterr()
    lines = (output.out + output.err).splitlines()
    return code, [line.rsplit(" (", 1)[0] for line in lines if ": error[" in line]


def append_to_perc(project: Path, payload: str) -> int:
    """Add ``payload`` as the last paragraph of the PERC pearl; the line it starts on."""
    pearl = project / PERC
    text = pearl.read_text()
    pearl.write_text(f"{text}\n{payload}\n")
    return text.count("\n") + 2


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("![chart](https://example.org/c.png){: onerror=alert(1) }", [(0, 39, HANDLER)]),
        (
            "[PubMed](https://pubmed.ncbi.nlm.nih.gov/){: onclick=alert(1) }",
            [(0, 46, "error[SEC002]: event-handler attribute 'onclick' on <a> is not allowed")],
        ),
        (
            'A paragraph.\n{: onclick="alert(1)" }',
            [(1, 4, "error[SEC002]: event-handler attribute 'onclick' on <p> is not allowed")],
        ),
        (
            "## Heading {: onclick=alert(1) }",
            [(0, 15, "error[SEC002]: event-handler attribute 'onclick' on <h2> is not allowed")],
        ),
        ('[PubMed](https://pubmed.ncbi.nlm.nih.gov/){: href="javascript:alert(1)" }',
         [(0, 52, JAVASCRIPT)]),
        ("See [this][evil].\n\n[evil]: javascript:alert(1)", [(2, 9, JAVASCRIPT)]),
        (
            "[click](java&#9;script:alert(1))",
            [(0, 9, "error[SEC003]: link 'java\\tscript:alert(1)' in <a href> is not allowed")],
        ),
        ("\\`<img src=x onerror=alert(1)>\\`", [(0, 14, HANDLER)]),
        ("~~~ js x\n<img src=x onerror=alert(1)>\n~~~", [(1, 12, HANDLER)]),
        ("<!-- note --!><img src=x onerror=alert(1)> -->", [(0, 26, HANDLER)]),
        ("<![CDATA[ x ]]><img src=x onerror=alert(1)>", [(0, 27, HANDLER)]),
        (
            '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
            [
                (0, 1, "error[SEC001]: <noscript> is not allowed"),
                (0, 21, "error[SEC020]: title '</noscript><img src=x onerror=alert(1)>' on <p> "
                        "holds markup, which the site's tooltip would show as HTML"),
                (0, 32, "error[SEC005]: <img> appears only as a browser reads this HTML "
                        "(malformed markup)"),
            ],
        ),
        ('<div markdown="1">\n<img src=x onerror=alert(1)>\n</div>', [(1, 12, HANDLER)]),
        ("<script>alert(1)</script>", [(0, 1, "error[SEC001]: <script> is not allowed")]),
        (
            '<span style="background:url(https://evil.example/x.png)">x</span>',
            [(0, 7, "error[SEC004]: attribute 'style' on <span> is not allowed")],
        ),
        (
            "## Menu {: #__drawer }",
            [(0, 13, "error[SEC004]: attribute 'id' on <h2> is not allowed")],
        ),
        # mkdocs-material's tooltips (content.tooltips) write an element's title as HTML.
        (
            '[PubMed](https://pubmed.ncbi.nlm.nih.gov/ "<img src=x onerror=alert(1)>")',
            [(0, 44, "error[SEC020]: title '<img src=x onerror=alert(1)>' on <a> holds markup, "
                     "which the site's tooltip would show as HTML")],
        ),
        (
            '<abbr title="&lt;b&gt;PE&lt;/b&gt;">PE</abbr>',
            [(0, 14, "error[SEC020]: title '<b>PE</b>' on <abbr> holds markup, "
                     "which the site's tooltip would show as HTML")],
        ),
        (
            'A paragraph.\n{: title="<!-- x -->" }',
            [(1, 11, "error[SEC020]: title '<!-- x -->' on <p> holds markup, "
                     "which the site's tooltip would show as HTML")],
        ),
        (  # the site writes a citation's numbered link where it stands: markup in a title
            'PERC [@kline2004].\n\n[PERC](https://example.org/ "see [@kline2004]")\n\n'
            '<abbr title="a [@kline2004]">PE</abbr>\n\n[see [@kline2004]](https://example.org/)',
            [(2, 34, "error[SEC020]: a citation in a title would put its link there, markup the "
                     "site's tooltip would show as HTML"),
             (4, 16, "error[SEC020]: a citation in a title would put its link there, markup the "
                     "site's tooltip would show as HTML")],
        ),
        (  # mkdocs-material would load mermaid from unpkg.com and run the block through it
            '<pre class="mermaid">graph TD; A-->B; click A href "javascript:alert(1)"</pre>',
            [(0, 6, "error[SEC021]: class 'mermaid' on <pre> makes the theme load a script "
                    "from another site")],
        ),
        (  # pearls.js would give it a "Copy citation" button copying the guest's text
            '<p class="pearl-cite"><span class="pearl-cite__text">Cite me</span></p>',
            [(0, 11, "error[SEC030]: class 'pearl-cite' on <p> is the site's own: its script "
                     "and style would treat this as the site's markup"),
             (0, 36, "error[SEC030]: class 'pearl-cite__text' on <span> is the site's own: its "
                     "script and style would treat this as the site's markup")],
        ),
        (  # mkdocs-material's: a toast fixed over the page
            "Session expired: sign in at example.org.\n{: .note .md-dialog }",
            [(1, 11, "error[SEC030]: class 'md-dialog' on <p> is the site's own: its script "
                     "and style would treat this as the site's markup")],
        ),
        (
            "Dose\x01 5\x1b[0m mg,\n next\x85 line.",
            [(0, 5, "error[SEC022]: control character U+0001 in the text: no published file "
                    "can hold it (feed.xml, the flowchart), so it is left out"),
             (0, 8, "error[SEC022]: control character U+001B in the text: no published file "
                    "can hold it (feed.xml, the flowchart), so it is left out"),
             (1, 6, "error[SEC022]: control character U+0085 in the text: no published file "
                    "can hold it (feed.xml, the flowchart), so it is left out")],
        ),
        (  # "Trojan Source": shown as "Give 10 mg" reversed after the override
            "Give \u202egm 01\u202c, then \u2066isolated\u2069.",
            [(0, 6, "error[SEC031]: bidirectional control U+202E (right-to-left override) in "
                    "the text: it would reorder the text shown after it, so it is left out"),
             (0, 12, "error[SEC031]: bidirectional control U+202C (pop directional formatting) "
                     "in the text: it would reorder the text shown after it, so it is left out"),
             (0, 20, "error[SEC031]: bidirectional control U+2066 (left-to-right isolate) in "
                     "the text: it would reorder the text shown after it, so it is left out"),
             (0, 29, "error[SEC031]: bidirectional control U+2069 (pop directional isolate) in "
                     "the text: it would reorder the text shown after it, so it is left out")],
        ),
        (  # as the characters they stand for (`&#x202e;` in code is shown as written)
            "Give &#x202E;gm 01, &#1; and `&#x202e;` but &#x85; (an ellipsis).",
            [(0, 6, "error[SEC031]: bidirectional control U+202E (right-to-left override) in "
                    "the text: it would reorder the text shown after it, so it is left out"),
             (0, 21, "error[SEC022]: control character U+0001 in the text: no published file "
                     "can hold it (feed.xml, the flowchart), so it is left out")],
        ),
        (
            "Text `pearls-trusted-fragment-0` more.",
            [(0, 7, "error[SEC006]: 'pearls-trusted-fragment-' is reserved")],
        ),
        (
            "Text <!-- pearls:algorithm --> more.",
            [(0, 6, "error[SEC006]: '<!-- pearls:' is reserved")],
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)  # fmt: skip
def test_what_the_sanitiser_would_remove_is_an_error_where_it_was_written(
    example_project, capsys, payload, expected
):
    line = append_to_perc(example_project, payload)
    code, errors = check(example_project, capsys)
    assert code == 1
    assert errors == [f"{PERC}:{line + dl}:{col}: {message}" for dl, col, message in expected]


def test_a_bidirectional_control_in_a_field_is_an_error_at_the_value(example_project, capsys):
    pearl = example_project / PERC
    text = pearl.read_text()
    pearl.write_text(text.replace("title: Ruling Out", "title: Ruling \u202eOut", 1))
    line = text[: text.index("title: Ruling Out")].count("\n") + 1
    assert check(example_project, capsys) == (1, [
        f"{PERC}:{line}:8: error[SEC031]: bidirectional control U+202E (right-to-left override) "
        "in this value: it would reorder the text shown after it, so it is left out"
    ])  # fmt: skip


def test_a_bidirectional_control_in_an_algorithm_or_a_reference_is_reported_once_where_it_is(
    example_project, capsys
):
    pearl = example_project / PERC
    text = pearl.read_text()
    pearl.write_text(text.replace("text: Gestalt pretest", "text: Gestalt \u2067pretest", 1))
    line = text[: text.index("text: Gestalt pretest")].count("\n") + 1
    bib = example_project / "references.bib"
    title = "title        = {Pulmonary"
    bib.write_text(bib.read_text().replace(title, "title = {\u202ePulmonary", 1))
    assert check(example_project, capsys) == (1, [
        f"{PERC}:{line}:11: error[SEC031]: bidirectional control U+2067 (right-to-left isolate) "
        "in this value: it would reorder the text shown after it, so it is left out",
        "references.bib:9:12: error[SEC031]: bidirectional control U+202E (right-to-left "
        "override) in the text: it would reorder the text shown after it, so it is left out",
    ])  # fmt: skip


def test_code_examples_tables_footnotes_and_citations_pass(example_project, capsys):
    append_to_perc(
        example_project,
        "Write `<script>` or `{: onclick=x }` in code, or:\n\n"
        "```html\n<iframe src=x onload=alert(1)></iframe>\n```\n\n"
        "| a | b |\n|:--|--:|\n| [PubMed](https://pubmed.ncbi.nlm.nih.gov/) | "
        "<abbr title='x'>PE</abbr> |\n\n"
        "A note[^1] and a citation [@kline2004].\n\n[^1]: The note, see <mailto:a@example.org>.\n\n"
        "!!! warning\n    Mind the [guide](../perc-rule/).\n\n"
        "[Read the guideline](https://example.org/){ .md-button .md-button--primary }\n",
    )
    assert check(example_project, capsys) == (0, [])


def test_a_script_in_a_content_page_is_reported_at_its_line(example_project, capsys):
    page = example_project / "content" / "pages" / "about.md"
    text = page.read_text()
    page.write_text(text + "\n<script>alert(1)</script>\n")
    code, errors = check(example_project, capsys)
    assert code == 1
    line = text.count("\n") + 2
    assert errors == [f"content/pages/about.md:{line}:1: error[SEC001]: <script> is not allowed"]


def test_a_content_page_without_front_matter_is_checked_from_its_first_line(
    example_project, capsys
):
    page = example_project / "content" / "pages" / "guide" / "extra.md"
    page.parent.mkdir()
    page.write_text("# Extra\n\nSee [this](javascript:alert(1)).\n")
    code, errors = check(example_project, capsys)
    assert code == 1
    assert errors == [f"content/pages/guide/extra.md:3:12: {JAVASCRIPT}"]


def test_a_content_page_s_front_matter_is_validated_at_its_lines(example_project, capsys):
    page = example_project / "content" / "pages" / "about.md"
    page.write_text("---\ntitle: About\ndescription: [not, text]\n---\n\n# About\n")
    code, errors = check(example_project, capsys)
    assert code == 1
    assert errors == ["content/pages/about.md:3:14: error[FM006]: 'description' must be text"]


def test_a_content_page_s_front_matter_after_a_blank_line_is_an_error_not_text(
    example_project, capsys
):
    """MkDocs reads front matter only at the very start: after a blank line it would show as a
    rule and a heading."""
    page = example_project / "content" / "pages" / "about.md"
    page.write_text("\n---\ntitle: About\n---\n\n# About\n")
    code, errors = check(example_project, capsys)
    assert code == 1
    assert errors == [
        "content/pages/about.md:2:1: error[FM001]: the front matter's '---' must be the very "
        "first line: with blank lines before it, the page would show the front matter as text"
    ]


def test_a_line_break_in_the_title_is_an_error_at_its_line(example_project, capsys):
    pearl = example_project / PERC
    text = pearl.read_text()
    pearl.write_text(
        text.replace(
            "title: Ruling Out Pulmonary Embolism With PERC",
            'title: "Ruling Out PE\\nBcc: everyone@example.org"',
        )
    )
    code, errors = check(example_project, capsys)
    assert code == 1
    assert errors == [
        f"{PERC}:2:8: error[FM014]: the title holds a line break or control character; it "
        "becomes the e-mail subject"
    ]


def test_an_encoded_word_in_the_title_is_an_error_at_its_line(example_project, capsys):
    """Python's email package decodes '=?utf-8?b?…?=' in a header it is given: this one into a
    line break and a Bcc: header of its own in the .eml."""
    pearl = example_project / PERC
    pearl.write_text(
        pearl.read_text().replace(
            "title: Ruling Out Pulmonary Embolism With PERC",
            'title: "Ruling Out PE =?UTF-8?B?DQpCY2M6IGV2ZXJ5b25lQGV4YW1wbGUub3Jn?="',
        )
    )
    code, errors = check(example_project, capsys)
    assert code == 1
    assert errors == [
        f"{PERC}:2:8: error[FM014]: the title holds an encoded word ('=?…?='), which mail "
        "programs decode; it becomes the e-mail subject"
    ]


def test_html_and_markdown_in_plain_text_fields_are_text_not_errors(example_project, capsys):
    pearl = example_project / PERC
    text = pearl.read_text()
    pearl.write_text(
        text.replace(
            "title: Ruling Out Pulmonary Embolism With PERC",
            "title: \"</title><script>alert(1)</script> [x](javascript:y){: onclick=z }\"",
        ).replace("  - Clinical Pearls Editorial Team", "  - \"<img src=x onerror=alert(2)>\"")
    )
    assert check(example_project, capsys) == (0, [])


def test_a_body_too_deeply_nested_to_render_is_an_error_not_a_traceback(example_project, capsys):
    line = append_to_perc(example_project, "- " * 10_000 + "x <b>bold</b>")
    code, errors = check(example_project, capsys)
    assert code == 1
    assert errors == [
        f"{PERC}:{line}:41: error[MD001]: lists and block quotes nested more than 20 levels deep"
    ]


def test_a_markdown_extension_that_cannot_be_loaded_is_a_configuration_error(
    example_project, capsys
):
    config = example_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - attr_list\n", "  - no_such_extension\n"))
    code, errors = check(example_project, capsys)
    assert code == 1
    assert errors == [
        "mkdocs.yml:1:1: error[CFG007]: markdown_extensions cannot be loaded: No module named "
        "'no_such_extension'"
    ]


def test_a_link_hidden_behind_a_unicode_space_is_reported(example_project, capsys):
    """nh3 keeps ``"\\xa0javascript:…"`` as a relative link; made absolute (the email) it
    would run, so every output drops it and the check says where it was written."""
    line = append_to_perc(example_project, '<a href="&nbsp;javascript:alert(1)">x</a>')
    code, errors = check(example_project, capsys)
    assert code == 1
    assert errors == [
        f"{PERC}:{line}:16: error[SEC003]: link '\\xa0javascript:alert(1)' in <a href> is not "
        "allowed"
    ]


def test_the_generators_placeholder_in_plain_text_is_reported_where_written(
    example_project, capsys
):
    """Printed inside the generator's own fragments (a title in a card, a topic's name, a
    reference), it would be taken for one of them: the build could not place its figures."""
    marker = "pearls-trusted-fragment-1"
    for name, old in [
        (PERC, "title: Ruling Out"),
        ("content/topics.yml", "  name: Pulmonary embolism"),
        ("content/pages/about.md", "title: About"),
        ("references.bib", "  title        = {Pulmonary cement"),
    ]:
        path = example_project / name
        path.write_text(path.read_text().replace(old, f"{old} {marker}", 1))
    code, errors = check(example_project, capsys)
    assert code == 1
    reserved = "error[SEC006]: 'pearls-trusted-fragment-' is reserved"
    assert errors == [
        f"content/pages/about.md:2:14: {reserved}",
        f"{PERC}:2:19: {reserved}",
        f"content/topics.yml:8:28: {reserved}",
        f"references.bib:9:36: {reserved}",
    ]


def test_a_content_page_sets_only_the_fields_the_site_publishes(example_project, capsys):
    """Any other field would reach mkdocs-material's templates as it is: ``template:
    redirect.html`` with a ``location``, a list printed into a ``<meta>`` or a class."""
    about = example_project / "content/pages/about.md"
    about.write_text(
        about.read_text().replace(
            "title: About\n",
            "title: About\n"
            "author: ['\"><script>alert(1)</script>']\n"
            "template: redirect.html\n"
            "hide: 5\n"
            "search: {exclude: true, weight: 2}\n"
            "tags: [Safety, 3]\n"
            "hide_toc: true\n",
        )
    )
    code, errors = check(example_project, capsys)
    assert code == 1
    assert errors == [
        "content/pages/about.md:3:1: error[FM005]: unknown field 'author'",
        "content/pages/about.md:4:1: error[FM005]: unknown field 'template'",
        "content/pages/about.md:5:7: error[FM006]: 'hide' must be a list of: feedback, footer, "
        "navigation, path, tags, toc",
        "content/pages/about.md:6:9: error[FM006]: 'search' may hold only 'exclude: true' and "
        "'boost: <number>'",
        "content/pages/about.md:7:7: error[FM006]: 'tags' must be a list of text",
        "content/pages/about.md:8:1: error[FM005]: unknown field 'hide_toc'",
    ]


def test_a_page_whose_front_matter_mkdocs_cannot_read_is_reported(example_project, capsys):
    """MkDocs' YAML loader refuses a tag: it would publish the front matter as text. And a
    search boost the index cannot hold (JSON has no Infinity)."""
    about = example_project / "content/pages/about.md"
    about.write_text(about.read_text().replace("title: About\n", "title: !note About us\n"))
    guide = example_project / "content/pages/editors-guide.md"
    text = guide.read_text()
    guide.write_text(text.replace("title: Editor's guide\n", "title: G\nsearch: {boost: .inf}\n"))
    code, errors = check(example_project, capsys)
    assert code == 1
    assert errors == [
        "content/pages/about.md:2:1: error[FM003]: MkDocs cannot read this front matter, so the "
        "page would show it as text",
        "content/pages/editors-guide.md:3:9: error[FM006]: 'search' may hold only 'exclude: true' "
        "and 'boost: <number>'",
    ]
