"""`pearls email`: the files, the MIME message, the email-safe rules, the text part, sanitising,
the choice of Wednesday and determinism, on a copy of the example project."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import re
import shutil
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from generator.cli import main
from generator.newsletter import export_edition, pearl_for, prepare_edition
from generator.newsletter.features import MonthlyFeatures, load_monthly_features
from generator.newsletter.message import HeaderError
from generator.project import load_project

ROOT = Path(__file__).resolve().parent.parent
SEED_DATE = "2021-02-17"
SEED_SLUG = "pulmonary-cement-embolism"
SITE = "https://pearls.example.org/"
PAGE = f"{SITE}pearls/{SEED_SLUG}/"
GMAIL_CLIP_BYTES = 102 * 1024


def epoch(day: str) -> str:
    """SOURCE_DATE_EPOCH for noon UTC on ``day``."""
    moment = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12), dt.UTC)
    return str(int(moment.timestamp()))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example project (the seed pearl with its algorithm, two more pearls)."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("mkdocs.yml", "references.bib"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "content", root / "content")
    return root


def add_pearl(project: Path, date: str, front: str, body: str) -> Path:
    path = project / "content" / "pearls" / date[:4] / f"{date}-extra.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{textwrap.dedent(front)}---\n\n{textwrap.dedent(body)}")
    return path


def run_email(project: Path, capsys, *args: str) -> tuple[int, str]:
    status = main(["--project", str(project), "email", *args])
    captured = capsys.readouterr()
    return status, captured.err + captured.out


@pytest.fixture
def exported(project: Path, tmp_path: Path, capsys) -> Path:
    """The seed pearl's email, exported."""
    out = tmp_path / "out"
    status, output = run_email(project, capsys, SEED_DATE, "-o", str(out))
    assert status == 0, output
    return out


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <style> blocks."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)

    def named(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.tags if tag == name]


def parse_eml(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


# -- the files and the message ---------------------------------------------------------------------


def test_export_writes_html_text_eml_and_flowchart(exported):
    assert sorted(p.name for p in exported.iterdir()) == [
        ".pearls-output",
        f"{SEED_DATE}-flowchart.png",
        f"{SEED_DATE}.eml",
        f"{SEED_DATE}.html",
        f"{SEED_DATE}.txt",
    ]
    with Image.open(exported / f"{SEED_DATE}-flowchart.png") as image:
        assert image.format == "PNG"


def test_eml_is_alternative_of_text_and_related_html_with_png(exported):
    message = parse_eml(exported / f"{SEED_DATE}.eml")
    assert message.get_content_type() == "multipart/alternative"
    text, related = message.get_payload()
    assert text.get_content_type() == "text/plain"
    assert related.get_content_type() == "multipart/related"
    html, image = related.get_payload()
    assert html.get_content_type() == "text/html"
    assert image.get_content_type() == "image/png"
    # The .eml uses CRLF line ends, as SMTP does.
    assert text.get_content().replace("\r\n", "\n") == (exported / f"{SEED_DATE}.txt").read_text()


def test_eml_headers_come_from_configuration_and_the_pearl(exported):
    message = parse_eml(exported / f"{SEED_DATE}.eml")
    assert message["From"] == "Clinical Pearls <pearls@example.org>"
    assert message["Reply-To"] == "editors@example.org"
    assert message["Subject"] == "Clinical Pearl: Pulmonary Cement Embolism"
    assert message["Date"].datetime == dt.datetime(2021, 2, 17, 6, 0, tzinfo=dt.UTC)
    assert message["Message-ID"] == f"<pearl.{SEED_SLUG}.20210217@pearls.example.org>"
    assert message["MIME-Version"] == "1.0"
    assert "List-Unsubscribe" not in message  # no unsubscribe_url configured


def test_one_click_unsubscribe_headers_when_an_unsubscribe_url_is_configured(
    project, tmp_path, capsys
):
    settings = project / "mkdocs.yml"
    settings.write_text(
        settings.read_text().replace(
            '  unsubscribe_merge_tag: "*|UNSUB|*"',
            '  unsubscribe_merge_tag: "*|UNSUB|*"\n'
            "        unsubscribe_url: https://lists.example.org/unsubscribe?id=*|UNIQID|*",
        )
    )
    status, output = run_email(project, capsys, SEED_DATE, "-o", str(tmp_path / "out"))
    assert status == 0, output
    message = parse_eml(tmp_path / "out" / f"{SEED_DATE}.eml")
    assert message["List-Unsubscribe"] == "<https://lists.example.org/unsubscribe?id=*|UNIQID|*>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_cid_in_the_html_resolves_to_the_attached_png(exported):
    message = parse_eml(exported / f"{SEED_DATE}.eml")
    html, image = message.get_payload()[1].get_payload()
    sources = [img["src"] for img in Tags(html.get_content()).named("img")]
    assert len(sources) == 1 and sources[0].startswith("cid:")
    assert image["Content-ID"] == f"<{sources[0].removeprefix('cid:')}>"
    assert image.get_content_disposition() == "inline"
    png = image.get_content()
    assert png == (exported / f"{SEED_DATE}-flowchart.png").read_bytes()
    with Image.open(io.BytesIO(png)) as decoded:
        decoded.load()
        shown = Tags(html.get_content()).named("img")[0]
        # Drawn at 2× the size it is shown at (or larger when scaled down to fit 600 px).
        assert decoded.width >= 2 * int(shown["width"])
        assert decoded.width / decoded.height == pytest.approx(
            int(shown["width"]) / int(shown["height"]), rel=0.02
        )


def test_html_file_links_the_flowchart_at_its_published_url(exported):
    img = Tags((exported / f"{SEED_DATE}.html").read_text()).named("img")[0]
    assert img["src"] == f"{PAGE}algorithm.png"  # the site publishes it there


def test_a_projects_email_template_may_use_the_sites_filters(project, tmp_path, capsys):
    # Was "No filter named 'long_date'": each stage registered only its own filters.
    template = project / "templates" / "email" / "newsletter.txt.j2"
    template.parent.mkdir(parents=True)
    packaged = (ROOT / "templates" / "email" / "newsletter.txt.j2").read_text()
    template.write_text(packaged + "\nPublished {{ edition.pearl.date | long_date }}\n")
    status, output = run_email(project, capsys, SEED_DATE, "-o", str(tmp_path / "out"))
    assert status == 0, output
    text = (tmp_path / "out" / f"{SEED_DATE}.txt").read_text()
    assert text.endswith("\nPublished 17 February 2021\n")


def test_two_exports_are_byte_identical(project, tmp_path, capsys):
    for out in ("a", "b"):
        assert run_email(project, capsys, SEED_DATE, "-o", str(tmp_path / out))[0] == 0
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


# -- content ---------------------------------------------------------------------------------------


def test_html_carries_every_part_of_the_pearl(exported):
    html = (exported / f"{SEED_DATE}.html").read_text()
    assert "Clinical Pearls" in html  # masthead
    assert "Pulmonary Cement Embolism" in html
    assert "Wednesday, February 17, 2021" in html
    assert "Emergency Medicine News" in html  # authors
    assert "Cement from vertebroplasty or kyphoplasty can embolize" in html  # preheader + lead
    cited = re.search(r"peripheral emboli\.<sup[^>]*>(.*?)</sup>", html, re.S)  # AMA superscript
    assert re.sub(r"<[^>]+>", "", cited.group(1)) == "1-3"
    assert "Management of pulmonary cement embolism" in html  # flowchart title and outline
    assert "Consider surgical embolectomy" in html
    assert "Ignacio JMF, Ignacio KHD." in html  # references
    assert "This Month's Video" in html and "Diagnosis of Pulmonary Embolism in Pregnancy" in html
    assert "This Month's Podcast" in html and "Amal Mattu, MD, and Colleagues" in html
    assert f'href="{PAGE}"' in html  # view in browser
    assert "Subscribers receive a new clinical pearl emailed to them every Wednesday." in html
    assert "Copyright © 2021-2026 Clinical Pearls." in html
    assert 'href="*|UNSUB|*"' in html


def test_preheader_is_the_summary_hidden_first_in_the_body(exported):
    html = (exported / f"{SEED_DATE}.html").read_text()
    body = html[html.index("<body") :]
    preheader = re.search(r"<div[^>]*style=\"([^\"]*)\"[^>]*>([^<]*)", body)
    assert "display: none" in preheader.group(1)
    assert preheader.group(2).startswith("Cement from vertebroplasty or kyphoplasty")


def test_month_without_features_has_no_feature_blocks(project, tmp_path, capsys):
    status, output = run_email(project, capsys, "2026-11-18", "-o", str(tmp_path / "out"))
    assert status == 0, output
    html = (tmp_path / "out" / "2026-11-18.html").read_text()
    assert "This Month's Video" not in html and "This Month's Podcast" not in html


def test_short_style_cites_inline_and_can_leave_out_the_reference_list(project, tmp_path, capsys):
    settings = project / "mkdocs.yml"
    text = settings.read_text().replace("citation_style: ama", "citation_style: short")
    settings.write_text(text.replace("reference_list: true", "reference_list: false"))
    status, output = run_email(project, capsys, SEED_DATE, "-o", str(tmp_path / "out"))
    assert status == 0, output
    seed_group = (
        "(Mol Clin Oncol. 2019;10[2]:299; Respir Med Case Rep. 2019;28:100887; "
        "Asian Spine J. 2018;12[2]:380)"
    )
    html = (tmp_path / "out" / f"{SEED_DATE}.html").read_text()
    assert f"asymptomatic peripheral emboli {seed_group}." in html
    assert "References" not in html and 'class="cite"' not in html
    plain = (tmp_path / "out" / f"{SEED_DATE}.txt").read_text()
    assert "REFERENCES" not in plain and "Mol Clin Oncol. 2019;10[2]:299;" in plain
    assert max(len(line) for line in plain.splitlines()) <= 72


# -- email-safe rules ------------------------------------------------------------------------------


@pytest.fixture
def html(exported) -> str:
    return (exported / f"{SEED_DATE}.html").read_text()


def test_layout_is_a_600px_table_that_shrinks_on_a_phone(html):
    containers = [t for t in Tags(html).named("table") if t.get("width") == "600"]
    assert len(containers) == 1
    style = containers[0]["style"].replace(" ", "")
    assert "max-width:600px" in style and "width:100%" in style
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def test_no_script_svg_data_uris_external_css_or_web_fonts(exported):
    message = parse_eml(exported / f"{SEED_DATE}.eml")
    eml_html = message.get_payload()[1].get_payload()[0].get_content()
    for page in ((exported / f"{SEED_DATE}.html").read_text(), eml_html):
        lowered = page.lower()
        for banned in ("<script", "<svg", "data:", "<link", "@font-face", "@import", "<iframe"):
            assert banned not in lowered, banned
        assert not re.search(r"\son\w+\s*=", lowered)  # no event handlers


def test_css_is_inlined_and_only_media_queries_stay_in_style(html):
    tags = Tags(html)
    (h1,) = tags.named("h1")
    assert "font-family" in h1["style"]
    leftover = re.sub(r"\s+", " ", " ".join(tags.styles)).strip()
    assert leftover.startswith("@media")
    assert len(leftover.encode()) < 16 * 1024  # Gmail drops a <style> over 16 KB


def test_every_image_has_alt_width_and_height(html):
    images = Tags(html).named("img")
    assert images
    for img in images:
        assert img.get("alt") and img.get("width", "").isdigit() and img.get("height", "").isdigit()
        assert img["alt"].startswith("Flowchart: Management of pulmonary cement embolism.")


def test_every_link_and_source_is_absolute(html):
    urls = [
        value
        for _, attrs in Tags(html).tags
        for name, value in attrs.items()
        if name in ("href", "src")
    ]
    assert urls
    for url in urls:
        assert url.startswith(("https://", "http://")) or url == "*|UNSUB|*", url
    assert f'href="{PAGE}#ref-1"' in html  # citation numbers lead to the reference on the site


def test_html_is_far_under_gmail_clipping(exported):
    message = parse_eml(exported / f"{SEED_DATE}.eml")
    eml_html = message.get_payload()[1].get_payload()[0].get_content()
    for size in (len((exported / f"{SEED_DATE}.html").read_bytes()), len(eml_html.encode())):
        assert size < GMAIL_CLIP_BYTES / 3  # measured: about 18 KB


# -- the plain-text part ---------------------------------------------------------------------------


@pytest.fixture
def text(exported) -> str:
    return (exported / f"{SEED_DATE}.txt").read_text()


def test_text_is_wrapped_at_72_columns(text):
    assert max(len(line) for line in text.splitlines()) <= 72


def test_text_has_numbered_citations_references_and_links(text):
    assert "for asymptomatic\nperipheral emboli.^1-3" in text
    assert "REFERENCES\n\n1.  Rodrigues DM, Cunha Machado DP, Campainha Fernandes SA" in text
    assert "\n5.  J Thorac Cardiovasc Surg. 2012;143(4):e22." in text
    assert f"LINKS\n\n[1]  {PAGE}\n" in text
    algorithm = "TREATMENT ALGORITHM\nView the algorithm full size on the website [1]; its steps"
    assert algorithm + " in words:" in text
    assert "   - Central → 6. Decision: Symptomatic?" in text  # the outline keeps its shape
    assert "Subscribers receive a new clinical pearl emailed to them every\nWednesday." in text
    assert text.rstrip().endswith("Unsubscribe: *|UNSUB|*")


def test_text_names_the_algorithm_once(text):
    assert text.count("Management of pulmonary cement embolism") == 1
    assert "\n\nManagement of pulmonary cement embolism\n\n1. Clinical state:" in text


def test_html_links_the_algorithm_full_size_under_the_image(exported):
    message = parse_eml(exported / f"{SEED_DATE}.eml")
    eml_html = message.get_payload()[1].get_payload()[0].get_content()
    for html in ((exported / f"{SEED_DATE}.html").read_text(), eml_html):
        link = re.search(r'<a\b[^>]*\bhref="([^"]+)"[^>]*>View the algorithm full size</a>', html)
        assert link and link.group(1) == f"{PAGE}#algorithm"  # the chart on the pearl's page
        assert html.index('class="flowchart"') < link.start() < html.index('class="outline"')
        image = re.search(r'<a\b[^>]*\bhref="([^"]+)"[^>]*><img\b[^>]*class="flowchart"', html)
        assert image and image.group(1) == f"{PAGE}#algorithm"  # so does a tap on the image


# -- sanitising ------------------------------------------------------------------------------------


HOSTILE = """\
Before <script>alert("body")</script> after.

<img src="x.png" onerror="alert('img')"> and <a href="javascript:alert('link')">a link</a>
and <a href="data:text/html;base64,PHNjcmlwdD4=">data</a> and <b onclick="alert(1)">bold</b>.

<iframe src="https://evil.example/frame">framed</iframe>

<style>body { background: url(https://evil.example/track.png); }</style>

See [the PERC pearl](../perc-rule/) and [PubMed](https://pubmed.ncbi.nlm.nih.gov/).
"""


def test_editor_html_cannot_inject_script_into_the_email(project, tmp_path):
    add_pearl(
        project,
        "2026-12-02",
        """\
        title: Hostile HTML
        date: 2026-12-02
        authors: [Clinical Pearls Editorial Team]
        summary: A pearl whose body tries to inject script.
        """,
        HOSTILE,
    )
    loaded = load_project(project)
    pearl = pearl_for(loaded.pearls, dt.date(2026, 12, 2))
    edition = prepare_edition(loaded, pearl, MonthlyFeatures())
    export_edition(edition, tmp_path / "out")
    html = (tmp_path / "out" / "2026-12-02.html").read_text()
    text = (tmp_path / "out" / "2026-12-02.txt").read_text()
    for page in (html.lower(), text.lower()):
        for banned in ("<script", "alert(", "javascript:", "onerror", "onclick", "<iframe"):
            assert banned not in page, banned
        assert "evil.example" not in page and "data:text" not in page
    assert "Before  after." in html or "Before after." in html
    assert '<a href="https://pearls.example.org/pearls/perc-rule/"' in html
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/"' in html
    assert "the PERC pearl [2]" in text
    assert "[2]  https://pearls.example.org/pearls/perc-rule/" in text


BYPASSES = """\
![chart](https://example.org/c.png){: onerror=alert(1) } and
[PubMed](https://pubmed.ncbi.nlm.nih.gov/){: onclick=alert(2) }

## Heading {: onclick=alert(3) }

See [this][evil] and [that](java&#9;script:alert(4)).

[evil]: javascript:alert(5)

<!-- note --!><img src=x onerror=alert(6)> -->

<noscript><p title="</noscript><img src=x onerror=alert(7)>"></p></noscript>

<div markdown="1">
<a href="vbscript:alert(8)" onmouseover="alert(9)">hover</a>
</div>

<a href="&nbsp;javascript:alert(10)">a space</a> and <a href="&#x3000;javascript:alert(11)">a wide
one</a>, which nh3 keeps as relative links and a link made absolute would read as script.
"""


def test_a_hostile_pearl_built_past_the_check_reaches_the_email_harmless(project, tmp_path):
    add_pearl(
        project,
        "2026-12-02",
        """\
        title: "<b>Bold</b> [x](javascript:alert(0)) & more"
        date: 2026-12-02
        authors: [Clinical Pearls Editorial Team]
        summary: A summary with <script>alert(0)</script> in it.
        """,
        BYPASSES,
    )
    loaded = load_project(project)
    assert {d.code for d in loaded.report.errors} == {"SEC001", "SEC002", "SEC003", "SEC005",
                                                      "SEC020"}  # fmt: skip
    pearl = pearl_for(loaded.pearls, dt.date(2026, 12, 2))
    export_edition(prepare_edition(loaded, pearl, MonthlyFeatures()), tmp_path / "out")
    html = (tmp_path / "out" / "2026-12-02.html").read_text()
    text = (tmp_path / "out" / "2026-12-02.txt").read_text()
    message = parse_eml(tmp_path / "out" / "2026-12-02.eml")
    for tag, attrs in Tags(html).tags:
        assert tag not in ("script", "iframe", "object", "embed", "noscript"), tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert not re.match(r"\s*(javascript|vbscript|data)", value or "", re.I), value
    for marker in range(1, 12):  # not even as text: each payload went whole
        assert f"alert({marker})" not in html + text, marker
    # plain-text fields are text: shown literally, never read as HTML or Markdown
    assert ">&lt;b&gt;Bold&lt;/b&gt; [x](javascript:alert(0)) &amp; more</h1>" in html
    assert "A summary with &lt;script&gt;alert(0)&lt;/script&gt; in it." in html
    assert message["Subject"] == "Clinical Pearl: <b>Bold</b> [x](javascript:alert(0)) & more"
    assert "<b>Bold</b> [x](javascript:alert(0)) & more" in text


def test_a_title_with_a_line_break_can_never_become_a_header(project, tmp_path):
    loaded = load_project(project)
    pearl = pearl_for(loaded.pearls, dt.date.fromisoformat(SEED_DATE))
    pearl.title = "Cement\nBcc: everyone@example.org"  # as if the check had been skipped
    with pytest.raises(HeaderError, match=r"Subject header would hold a line break"):
        export_edition(prepare_edition(loaded, pearl, MonthlyFeatures()), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_subject_setting_with_a_line_break_is_reported_and_refuses_the_export(
    project, tmp_path, capsys
):
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            'subject: "Clinical Pearl: {title}"', 'subject: "{title}\\nBcc: all@example.org"'
        )
    )
    line = 1 + config.read_text().splitlines().index(
        '        subject: "{title}\\nBcc: all@example.org"'
    )
    status, output = run_email(project, capsys, SEED_DATE, "-o", str(tmp_path / "out"))
    assert status == 1
    assert (
        f"mkdocs.yml:{line}:18: error[CFG008]: email.subject holds a line break or "
        "control character; it becomes an e-mail header (write it on one line)"
    ) in output.splitlines()
    assert not (tmp_path / "out").exists()


def test_pearls_email_refuses_a_header_line_break_that_got_past_the_check(
    project, tmp_path, capsys, monkeypatch
):
    seed = next((project / "content" / "pearls").rglob(f"{SEED_DATE}-*.md"))
    seed.write_text(seed.read_text().replace("title:", 'title: "Cement\\nBcc: all@x.org"\nold:', 1))
    monkeypatch.setattr("generator.commands.email.refuse_on_errors", lambda project: None)
    status, output = run_email(project, capsys, SEED_DATE, "-o", str(tmp_path / "out"))
    assert status == 1
    assert output.splitlines()[-1] == (
        "pearls email: error: the e-mail's Subject header would hold a line break, a control "
        "character or an encoded word ('Clinical Pearl: Cement\\nBcc: all@x.org'); write the "
        f"title in {seed.name} and the email settings in mkdocs.yml on one line, as plain text"
    )
    assert not (tmp_path / "out").exists()


def test_pearls_email_refuses_an_encoded_word_that_got_past_the_check(
    project, tmp_path, capsys, monkeypatch
):
    """The email package decodes an RFC 2047 encoded word in a header it is given: this one
    was a line break and a Bcc: header of its own in the .eml."""
    seed = next((project / "content" / "pearls").rglob(f"{SEED_DATE}-*.md"))
    title = "Cement =?UTF-8?B?DQpCY2M6IGFsbEB4Lm9yZw==?="  # "\r\nBcc: all@x.org"
    seed.write_text(seed.read_text().replace("title:", f'title: "{title}"\nold:', 1))
    monkeypatch.setattr("generator.commands.email.refuse_on_errors", lambda project: None)
    status, output = run_email(project, capsys, SEED_DATE, "-o", str(tmp_path / "out"))
    assert status == 1
    assert output.splitlines()[-1] == (
        "pearls email: error: the e-mail's Subject header would hold a line break, a control "
        f"character or an encoded word ('Clinical Pearl: {title}'); write the title in "
        f"{seed.name} and the email settings in mkdocs.yml on one line, as plain text"
    )
    assert not (tmp_path / "out").exists()


# -- which Wednesday -------------------------------------------------------------------------------


@pytest.mark.parametrize("today", ["2021-02-11", "2021-02-15", "2021-02-17"])
def test_default_date_is_the_coming_wednesday(project, tmp_path, capsys, monkeypatch, today):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(today))
    status, output = run_email(project, capsys, "-o", str(tmp_path / "out"))
    assert status == 0, output
    assert (tmp_path / "out" / f"{SEED_DATE}.eml").is_file()


def test_as_of_sets_today_for_the_default_date(project, tmp_path, capsys):
    out = tmp_path / "out"
    status, output = run_email(project, capsys, "--as-of", "2026-11-12", "-o", str(out))
    assert status == 0, output
    assert (out / "2026-11-18.html").is_file()


def test_a_wednesday_without_a_pearl_is_a_content_error(project, tmp_path, capsys):
    status, output = run_email(project, capsys, "2026-12-16", "-o", str(tmp_path / "out"))
    assert status == 1
    assert "no pearl is dated 2026-12-16" in output
    assert not (tmp_path / "out").exists()


def test_a_past_wednesday_without_a_pearl_gives_the_command_that_writes_one(
    project, tmp_path, capsys, monkeypatch
):
    # It gave `pearls new --date 2026-11-04`, which refuses a past date without --backdate.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-11-26"))
    status, output = run_email(project, capsys, "2026-11-04", "-o", str(tmp_path / "out"))
    assert status == 1
    assert output.strip().splitlines()[-1] == (
        "pearls email: error: no pearl is dated 2026-11-04; "
        "`pearls new --date 2026-11-04 --backdate` writes one"
    )


def test_a_draft_is_never_sent(project, tmp_path, capsys):
    add_pearl(
        project,
        "2026-12-09",
        """\
        title: Not Ready Yet
        date: 2026-12-09
        authors: [Clinical Pearls Editorial Team]
        summary: A draft.
        draft: true
        """,
        "Draft text.\n",
    )
    status, output = run_email(project, capsys, "2026-12-09", "-o", str(tmp_path / "out"))
    assert status == 1
    assert "the only pearl for 2026-12-09 is a draft (2026-12-09-extra.md)" in output
    assert not (tmp_path / "out").exists()


def test_a_date_that_is_not_a_wednesday_is_a_usage_error(project, capsys):
    status, output = run_email(project, capsys, "2021-02-16")
    assert status == 2
    assert "2021-02-16 is a Tuesday" in output


def test_a_date_and_as_of_together_are_a_usage_error(project, capsys):
    status, output = run_email(project, capsys, SEED_DATE, "--as-of", "2021-02-15")
    assert status == 2
    assert "give a DATE or --as-of, not both" in output


def test_content_errors_refuse_the_export(project, tmp_path, capsys):
    add_pearl(
        project,
        "2026-12-02",
        "title: Broken\ndate: 2026-12-02\nauthors: [A]\nsummary: S.\n",
        "Cites [@nosuchkey2020].\n",
    )
    status, output = run_email(project, capsys, SEED_DATE, "-o", str(tmp_path / "out"))
    assert status == 1
    assert "error[CIT010]" in output
    assert not (tmp_path / "out").exists()


# -- content/newsletter.yml ------------------------------------------------------------------------


def test_newsletter_yml_problems_point_at_their_lines(tmp_path):
    path = tmp_path / "newsletter.yml"
    path.write_text(
        textwrap.dedent(
            """\
            2021-13:
              video: {title: T}
            2021-03:
              vidoe: {title: T}
              podcast:
                presenter: P
            2021-04:
              video:
                title: T
                url: ftp://example.org/v
            """
        )
    )
    months, problems = load_monthly_features(path)
    found = [(d.code, d.position.line) for d in problems]
    assert found == [("NWS002", 1), ("NWS003", 4), ("NWS004", 5), ("NWS005", 10)]
    assert "did you mean 'video'?" in problems[1].hint
    assert months["2021-03"] == MonthlyFeatures()


def test_newsletter_yml_errors_refuse_the_export(project, tmp_path, capsys):
    (project / "content" / "newsletter.yml").write_text("2021-02:\n  video:\n    titel: T\n")
    status, output = run_email(project, capsys, SEED_DATE, "-o", str(tmp_path / "out"))
    assert status == 1
    assert "newsletter.yml:3:5: error[NWS003]: unknown field 'titel'" in output


def test_no_control_characters_reach_the_reader(exported):
    for name in (f"{SEED_DATE}.html", f"{SEED_DATE}.txt"):
        text = (exported / name).read_text()
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text), name
