"""Content can neither run script on the site or in the email, nor write outside the output."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import UsageError
from generator.site.writer import write_tree

PERC = "content/pearls/2026/2026-11-18-perc-rule.md"


def build(project: Path, *extra: str) -> int:
    return main(["--project", str(project), "build", "--as-of", "2026-11-18", *extra])


def test_script_in_a_pearl_is_reported_and_never_published(example_project, capsys):
    pearl = example_project / PERC
    text = pearl.read_text()
    pearl.write_text(
        text + '\n<script>alert(1)</script>\n<img src="x.png" onerror="alert(2)">\n'
        '[click](javascript:alert(3))\n<iframe src="https://example.org/"></iframe>\n'
    )
    assert build(example_project) == 1
    err = capsys.readouterr().err
    lines = text.count("\n")
    assert f"{PERC}:{lines + 2}:1: error[SEC001]: <script> is not allowed" in err
    assert f"{PERC}:{lines + 3}:18: error[SEC002]: event-handler attribute 'onerror'" in err
    assert (
        f"{PERC}:{lines + 4}:9: error[SEC003]: link 'javascript:alert(3)' in <a href> is not"
        in err
    )
    assert f"{PERC}:{lines + 5}:1: error[SEC001]: <iframe> is not allowed" in err
    assert not (example_project / "site").exists()
    assert (
        main(
            [
                "--project",
                str(example_project),
                "email",
                "2026-11-18",
                "-o",
                str(example_project / "mail"),
            ]
        )
        == 1
    )
    assert not (example_project / "mail").exists()


def test_a_slug_or_topic_cannot_write_outside_the_site(example_project, tmp_path, capsys):
    outside = example_project.parent
    before = sorted(p.name for p in outside.iterdir())
    pearl = example_project / PERC
    pearl.write_text(pearl.read_text().replace("title:", "slug: ../../escape\ntitle:", 1))
    topics = example_project / "content" / "topics.yml"
    topics.write_text(topics.read_text() + "../../evil:\n  name: Evil\n")
    assert build(example_project) == 1
    err = capsys.readouterr().err
    assert "error[FM009]: slug '../../escape' may only use a-z, 0-9 and single hyphens" in err
    assert "error[TOP003]: topic slug '../../evil' may only use a-z, 0-9 and hyphens" in err
    assert sorted(p.name for p in outside.iterdir()) == before


def test_the_page_writer_refuses_paths_outside_its_folder(tmp_path):
    with pytest.raises(UsageError, match="outside"):
        write_tree(tmp_path / "docs", {"index.md": "fine", "../escape.md": "no"})
    assert not (tmp_path / "escape.md").exists()
    assert not (tmp_path / "docs" / "index.md").exists()


def test_a_control_character_in_a_field_is_reported_and_left_out_of_every_output(
    example_project, tmp_path, capsys
):
    """XML 1.0 cannot hold U+001C even as a reference: printed as written, it made feed.xml
    not well-formed, and the flowchart's SVG an image resvg refused (a build traceback), while
    the check said nothing. The check reports it; a build that meets it anyway leaves it out."""
    from generator.project import load_project
    from generator.site.hooks import Request
    from generator.site.publish import build_site

    pearl = example_project / PERC
    summary = 'summary: "Ruled \\x1cout \\x0bquickly."\n'
    text = re.sub(r"summary: >-\n(  .*\n)+", lambda _: summary, pearl.read_text())
    text = text.replace("text: Gestalt pretest", 'text: "Ges\\x08talt\\x1f pretest', 1)
    pearl.write_text(text.replace("below 15%?\n", 'below 15%?"\n', 1))
    lines = pearl.read_text().splitlines()
    at = [n for n, line in enumerate(lines, 1) if "\\x" in line]
    assert build(example_project) == 1
    err = capsys.readouterr().err
    for line, column, char in ((at[0], 10, "001C"), (at[1], 11, "0008")):
        assert (
            f"{PERC}:{line}:{column}: error[SEC022]: control character U+{char} in this value: "
            "no published file can hold it (feed.xml, the flowchart), so it is left out" in err
        )
    loaded = load_project(example_project)
    loaded.report.diagnostics.clear()  # the check bypassed: the output guarantee alone
    site = tmp_path / "site"
    build_site(Request(loaded, as_of=dt.date(2026, 11, 18)), site)
    feed = ET.parse(site / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    summaries = [e.findtext(f"{atom}summary") for e in feed.iter(f"{atom}entry")]
    assert "Ruled out quickly." in summaries
    ET.parse(site / "topics" / "pulmonary-embolism" / "feed.xml")
    svg = (site / "pearls" / "perc-rule" / "algorithm.svg").read_text()
    assert "Gestalt pretest" in svg and "\x08" not in svg and "\x1f" not in svg


def test_a_citation_s_locator_is_text_wherever_the_pearl_is_published(example_project, capsys):
    """The locator was printed into the Markdown the site and the email render: the check
    (which reads a citation as one letter) passed, then the build stopped on the link it made,
    and the email published an image and a link with its script URL silently taken away."""
    pearl = example_project / PERC
    locator = "p. 2, [x](javascript:alert(1)) ![i](https://example.org/t.png) *em*"
    pearl.write_text(pearl.read_text().replace("[@kline2004]", f"[@kline2004, {locator}]", 1))
    assert main(["--project", str(example_project), "check", "--no-cache"]) == 0
    assert build(example_project) == 0, capsys.readouterr().err
    shown = "(p2, [x](javascript:alert(1)) ![i](https://example.org/t.png) *em*)</sup>"
    page = (example_project / "site" / "pearls" / "perc-rule" / "index.html").read_text()
    assert f'<a href="#ref-1" id="cite-1-1">1</a>{shown}' in page
    mail = example_project / "mail"
    email = ["--project", str(example_project), "email", "2026-11-18", "-o", str(mail)]
    assert main(email) == 0
    assert shown in (mail / "2026-11-18.html").read_text()
    text = " ".join((mail / "2026-11-18.txt").read_text().split())  # unwrapped
    assert "^1(p2, [x](javascript:alert(1)) ![i](https://example.org/t.png) *em*)" in text


def test_the_email_keeps_neither_the_email_s_classes_nor_unprintable_characters(
    example_project, tmp_path
):
    """The email's stylesheet is copied into every element it matches: a body paragraph with
    ``{: .preheader }`` was hidden (``display: none``), ``.masthead`` dressed as the header.
    Control and bidirectional characters reached the HTML, the text part and the subject."""
    from email import message_from_bytes
    from email.policy import default

    from generator.newsletter import export_edition, pearl_for, prepare_edition
    from generator.newsletter.features import MonthlyFeatures
    from generator.project import load_project

    pearl = example_project / PERC
    text = pearl.read_text().replace("title: Ruling Out", "title: Ruling \u202eOut", 1)
    pearl.write_text(
        text + "\nHidden from the reader.\n{: .preheader }\n\n<p class=\"masthead\">Fake</p>\n\n"
        "!!! warning\n    Mind\x01 the \u2066gap\u2069.\n"
    )
    loaded = load_project(example_project)
    loaded.report.diagnostics.clear()  # the check bypassed: the output guarantee alone
    wednesday = dt.date(2026, 11, 18)
    edition = prepare_edition(loaded, pearl_for(loaded.pearls, wednesday), MonthlyFeatures())
    export_edition(edition, tmp_path)
    html = (tmp_path / "2026-11-18.html").read_text()
    assert '<p style="margin: 0 0 16px;">Hidden from the reader.</p>' in html
    assert re.search(r'<p style="[^"]*">Fake</p>', html)
    assert "Mind the gap." in html and 'class="admonition warning"' not in html
    assert re.search(r'<div class="admonition" style="[^"]*background-color: #fff8e1', html)
    message = message_from_bytes((tmp_path / "2026-11-18.eml").read_bytes(), policy=default)
    published = {
        "html": html,
        "text": (tmp_path / "2026-11-18.txt").read_text(),
        "subject": message["Subject"],
    }
    unprintable = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    assert [name for name, text in published.items() if unprintable.search(text)] == []
    assert message["Subject"] == "Clinical Pearl: Ruling Out Pulmonary Embolism With PERC"
