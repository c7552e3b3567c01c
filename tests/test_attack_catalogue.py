"""The attack catalogue (tests/attacks.py) judged on what is published, and on what the check says.

One project holds every payload (one pearl each); its site and every pearl's email are built
with the check's findings dropped, so the output guarantee is tested alone, and every published
file is parsed: no event handler, no script URL, no script that is not the theme's, no frame,
object, embed, base, form or meta refresh. `pearls check` on the same project must report an
error at the line of each payload in a place the check covers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from tests.attacks import (
    CATALOGUE,
    PLACES,
    Published,
    culprits,
    judge,
    judge_html,
    numbered,
    publish,
    theme_of,
)


@pytest.fixture(scope="module")
def theme(tmp_path_factory: pytest.TempPathFactory) -> frozenset[str]:
    """The scripts, styles and forms a build without payloads publishes."""
    return theme_of(publish(tmp_path_factory.mktemp("no-attack"), {}).folder)


@pytest.fixture
def published(attack_catalogue: Published) -> Published:
    return attack_catalogue


def test_the_catalogue_covers_every_place_with_eighty_payloads_or_more() -> None:
    assert len(CATALOGUE) >= 80
    assert len({attack.name for attack in CATALOGUE}) == len(CATALOGUE)
    assert {attack.place for attack in CATALOGUE} == set(PLACES)


def test_no_payload_reaches_any_published_file(published: Published, theme: frozenset[str]) -> None:
    attacks = numbered()
    for site in published.sites:
        assert (site / "index.html").is_file() and (site / "feed.xml").is_file()
        assert (site / "search" / "search_index.json").is_file()
    emails = list((published.folder / "email").glob("*.eml"))
    assert len(emails) > len(attacks) / 2
    through = culprits(judge(published.folder, theme), attacks)
    report = "\n".join(
        f"{name}:\n    " + "\n    ".join(found[:4]) for name, found in sorted(through.items())
    )
    assert not through, f"{len(through)} payloads reached the output:\n{report}"


def test_a_payload_free_build_is_clean(tmp_path: Path, theme: frozenset[str]) -> None:
    """The judge itself: the theme passes it (so every violation found is a payload's)."""
    assert judge(publish(tmp_path, {}).folder, theme) == []


def test_the_check_reports_each_payload_in_a_place_it_covers(
    published: Published, capsys: pytest.CaptureFixture[str]
) -> None:
    project = published.project
    code = main(["--project", str(project.root), "check", "--no-cache", "--format", "json"])
    diagnostics = json.loads(capsys.readouterr().out)["diagnostics"]
    assert code == 1
    errors = {(d["path"], d["line"]) for d in diagnostics if d["severity"] == "error"}
    missed = [
        f"{attack.name} ({location.path}:{location.first})"
        for number, attack in numbered().items()
        if attack.caught
        for location in [project.locations[number]]
        if not any(
            (location.path, line) in errors for line in range(location.first, location.last + 1)
        )
    ]
    assert not missed, "pearls check said nothing about:\n" + "\n".join(missed)


@pytest.mark.parametrize(
    "html",
    [
        '<a href=" java&#9;script:x">x</a>',
        '<a href="&#1;JaVaScRiPt:x">x</a>',
        '<img src="x" onerror="x">',
        '<img srcset="x.png 1x, javascript:x 2x">',
        '<p style="background:url(x.png)">x</p>',
        "<script>x</script>",
        '<iframe src="https://example.org/"></iframe>',
        '<meta http-equiv="Refresh" content="0;url=https://example.org/">',
        '<a href="data:text/html,x">x</a>',
        '<form action="https://example.org/"></form>',
        '<script type="application/ld+json">{"a": "</script><script>x()</script>',
        '<a href="https://example.org/" title="&lt;img src=x onerror=x&gt;">x</a>',
        '<pre class="mermaid">graph TD; A-->B</pre>',
    ],
)
def test_the_judge_finds_what_a_browser_would_run_or_follow(html: str) -> None:
    assert judge_html(html, "page.html", frozenset()) != []


@pytest.mark.parametrize(
    "html",
    [
        '<a href="https://example.org/" title="javascript:x">javascript:x</a>',
        '<img src="x.png" alt="&lt;img onerror=x&gt;">',
        "<p>&lt;script&gt;x&lt;/script&gt; onclick=x</p>",
        '<td style="text-align:left">x</td>',
        '<script type="application/ld+json">{"a": "\\u003c/script\\u003e"}</script>',
    ],
)
def test_the_judge_lets_text_that_only_looks_like_script_be(html: str) -> None:
    assert judge_html(html, "page.html", frozenset()) == []
