"""Property: any body, however hostile, leaves the published HTML without script.

Bodies are drawn from an alphabet of dangerous fragments (tags, attributes, entity encodings,
brackets, braces, quotes, comment markers, backticks) and go through the functions the build
and the email use: Python-Markdown with the site's extensions (read from the example
``mkdocs.yml``), then the site's allow-list (:data:`generator.sanitize.SITE`); and the email's
own Markdown and sanitiser. A full MkDocs build per example would take a second each, too slow
for CI; tests/test_attack_catalogue.py builds the real site. The judge is the catalogue's.

Same settings as tests/test_properties.py: a fixed seed in CI, ``make fuzz`` explores.
"""

from __future__ import annotations

import os

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.filters import sanitise
from generator.newsletter.markup import markdown_to_html
from generator.project import load_project
from generator.sanitize import EMAIL, SITE, _removals, _written_elements, elements
from tests.attacks import judge_html
from tests.conftest import REPO
from tests.sample_project import GOOD, write_project
from tests.test_properties import PROPERTY

FRAGMENTS = [
    "<", ">", "</", "/>", "=", '"', "'", "`", "```", "~~~", "\\", "[", "]", "(", ")", "{", "}",
    "{:", "!", "#", "&", ";", ":", " ", "\n", "\n\n", "\t", "    ", "-", "*", "|", "^",
    "a", "img", "svg", "math", "script", "iframe", "style", "noscript", "template", "div",
    "details", "object", "base", "meta", "form", "href", "src", "srcset", "srcdoc", "onerror",
    "onclick", "onload", "style=", "markdown=\"1\"", "x.png", "url(", "javascript:", "JaVaScRiPt:",
    "java&#9;script:", "&#106;avascript:", "javascript&colon;", "&#x6A;", "vbscript:",
    "data:text/html,", "window.PWN0=1", "<!--", "-->", "--!>", "<![CDATA[", "]]>",
    "![x](", "[x](", "[x]: ", "<http://", "&lt;", "&quot;", "&#34;", "%3C",
    "&#45;", "&#112;", "&#60;", "&#38;", "&#x27;", "&ndash;", "&nbsp;", "&#150;", "&#0;", " />",
    ' style="text-align: left;"', "  \n",
]  # fmt: skip
BODIES = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)

_CONFIG = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
SITE_EXTENSIONS = [
    name if isinstance(name, str) else next(iter(name)) for name in _CONFIG["markdown_extensions"]
]
#: A few hundred examples in CI (Markdown is the slow part); ``make fuzz`` sets many more.
OUTPUT_PROPERTY = settings(
    PROPERTY, max_examples=int(os.environ.get("PEARLS_HYPOTHESIS_EXAMPLES", "300"))
)


@OUTPUT_PROPERTY
@given(BODIES)
def test_a_body_on_the_site_never_carries_script(body: str) -> None:
    html = SITE.clean(markdown.markdown(body, extensions=SITE_EXTENSIONS))
    assert judge_html(html, "body", frozenset()) == []


@OUTPUT_PROPERTY
@given(BODIES)
def test_a_body_in_the_email_never_carries_script(body: str) -> None:
    html = sanitise(markdown_to_html(body), "https://example.org/pearls/x/")
    assert judge_html(html, "email", frozenset()) == []


@settings(OUTPUT_PROPERTY, max_examples=max(OUTPUT_PROPERTY.max_examples // 2, 1))
@given(BODIES)
def test_the_check_reports_whatever_the_site_would_remove(
    tmp_path_factory: pytest.TempPathFactory, body: str
) -> None:
    """`pearls check` agrees with the sanitiser: a body the build would have to change (and
    so refuse) is an error in that pearl, with the site's own extensions (the sample project's
    ``mkdocs.yml`` names none, so the example's are written into it)."""
    html = markdown.markdown(body, extensions=SITE_EXTENSIONS)
    if not SITE.removals(html):
        return
    root = write_project(tmp_path_factory.mktemp("check"))
    (root / "mkdocs.yml").write_text(
        "site_name: Test\nsite_url: https://example.org/\nmarkdown_extensions:\n"
        + "".join(f"  - {name}\n" for name in SITE_EXTENSIONS)
    )
    pearl = root / "content" / "pearls" / "2021-02-17-good.md"
    pearl.write_text(GOOD + "\n" + body + "\n")
    errors = [d for d in load_project(root).report.errors if d.path == pearl]
    assert errors, f"the sanitiser would change {html!r}; the check said nothing"


@OUTPUT_PROPERTY
@given(BODIES)
def test_cleaning_removes_nothing_from_what_it_already_cleaned(body: str) -> None:
    # A page that is already clean passes the build's check: nothing is reported removed.
    html = SITE.clean(markdown.markdown(body, extensions=SITE_EXTENSIONS))
    assert SITE.clean_and_compare(html) == (SITE.clean(html), [])


@OUTPUT_PROPERTY
@given(BODIES, st.sampled_from(["site", "email"]))
def test_the_cleaned_html_is_read_as_pythons_parser_reads_it(body: str, policy: str) -> None:
    """What cleaning kept is read by pattern, not parsed: the same elements and attributes."""
    html = markdown.markdown(body, extensions=SITE_EXTENSIONS)
    cleaned = (SITE if policy == "site" else EMAIL).clean(html + body)
    assert _written_elements(cleaned) == elements(cleaned)


@OUTPUT_PROPERTY
@given(BODIES, st.sampled_from([SITE, EMAIL]))
def test_html_that_cleaning_leaves_as_it_is_is_proved_clean_by_comparison(body, policy) -> None:
    """The proof's shortcut, cleaning changed no byte but for how the same markup is written,
    finds what reading both sides finds: for content as written (character references, ``/>``),
    and for a page already clean (where the shortcut is taken)."""
    html = markdown.markdown(body, extensions=SITE_EXTENSIONS)
    for page in (html, policy.clean(html)):
        cleaned, removals = policy.clean_and_compare(page)
        assert removals == _removals(page, cleaned)


@pytest.mark.parametrize(
    ("html", "cleaned", "removed"),
    [
        # Written otherwise than nh3 writes it, nothing removed: one comparison proves it.
        (
            '<h1 id="d">D&#45;dimer&#58; Don&#39;t &#38; 2&ndash;3</h1><p>a<br />b</p>'
            '<td style="text-align: left;">x</td>',
            '<h1 id="d">D-dimer: Don\'t &amp; 2–3</h1><p>a<br>b</p>x',
            ["<td> is not allowed"],
        ),
        ("<p>D&#45;dimer<br /></p>", "<p>D-dimer<br></p>", []),
        # A reference where HTML does not read one: what it spells is not what was removed.
        ("<s&#112;an>x</s&#112;an>", "x", ["<s&#112;an> is not allowed"]),
        (
            '<a href="java&#115;cript:alert(1)">x</a>',
            "<a>x</a>",
            ["link 'javascript:alert(1)' in <a href> is not allowed"],
        ),
        ('<p title="a&quot; class=&quot;b">t</p>', '<p title="a&quot; class=&quot;b">t</p>', []),
    ],
)
def test_how_markup_is_written_never_hides_a_removal(
    html: str, cleaned: str, removed: list[str]
) -> None:
    result, removals = SITE.clean_and_compare(html)
    assert result == cleaned
    assert [removal.describe() for removal in removals] == removed


def test_an_interrupt_while_cleaning_stops_the_cleaning_instead_of_keeping_the_attribute():
    """nh3 calls back into Python for each attribute and, should that call raise (Ctrl-C),
    prints the error and keeps the attribute unfiltered: the page would go out cleaned in part
    and the build exit 0. The interrupt reaches the caller instead."""

    def interrupted(url: str) -> str:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        EMAIL.clean('<p><a href="../perc-rule/">PERC</a></p>', url_filter=interrupted)
