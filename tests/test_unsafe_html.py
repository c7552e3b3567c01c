"""Raw HTML that could run script is reported where the editor wrote it."""

from __future__ import annotations

from pathlib import Path

from generator.content.safety import unsafe_html
from generator.diagnostics import Position

PATH = Path("content/pearls/x.md")


def problems(body: str) -> list[str]:
    return [d.format() for d in unsafe_html(body, PATH, Position(8, 1))]


def test_script_iframe_handlers_and_javascript_links_are_each_reported():
    body = (
        "Fine text.\n"
        "<script>alert(1)</script>\n"
        'An image <img src="x.png" onerror="alert(1)">.\n'
        '<a href="javascript:alert(1)">click</a> and [link](javascript:alert(2)).\n'
        '<iframe src="https://example.org/"></iframe>\n'
    )
    hint = " (write plain Markdown; links must be http(s) or relative)"
    assert problems(body) == [
        f"{PATH}:9:1: error[SEC001]: <script> is not allowed in a pearl{hint}",
        f"{PATH}:10:10: error[SEC002]: event-handler attribute 'onerror' on <img> is not "
        f"allowed{hint}",
        f"{PATH}:11:1: error[SEC003]: javascript: URL in <a href>{hint}",
        f"{PATH}:11:52: error[SEC003]: javascript: URL in a Markdown link{hint}",
        f"{PATH}:12:1: error[SEC001]: <iframe> is not allowed in a pearl{hint}",
    ]


def test_plain_markdown_and_code_examples_pass():
    body = (
        "A [link](https://example.org/) and <abbr title='x'>PE</abbr>.\n\n"
        "Write `<script>` in code, or:\n\n```html\n<iframe src=x></iframe>\n```\n"
    )
    assert problems(body) == []
