"""Embargo: a link to a pearl not yet published is a check error naming the day it becomes valid,
the build and the email refuse it until then, and an unpublished pearl's slug and title appear in
no published file."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator.citations import mask_code
from generator.cli import main
from generator.content.links import path_links
from tests.test_site_serve import free_port, poll

OTTAWA = Path("content/pearls/2026/2026-11-11-ottawa-sah-rule.md")
PERC = Path("content/pearls/2026/2026-11-18-perc-rule.md")
PERC_TITLE = "Ruling Out Pulmonary Embolism With PERC"
ANCHOR = "Investigate for SAH if"
EMBARGO = "links to 'perc-rule', published on 2026-11-18 (remove the link or date this pearl on or after that day)"  # noqa: E501


def epoch(day: str) -> str:
    """SOURCE_DATE_EPOCH for noon UTC on ``day``."""
    moment = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12), dt.UTC)
    return str(int(moment.timestamp()))


def run(project: Path, capsys, *args: str) -> tuple[int, str]:
    status = main(["--project", str(project), *args])
    captured = capsys.readouterr()
    return status, captured.err + captured.out


def link_from_ottawa(project: Path, target: str) -> str:
    """Add a body link to ``target`` in the Ottawa pearl; its ``path:line:col`` (the target)."""
    path = project / OTTAWA
    text = path.read_text()
    text = text.replace(ANCHOR, f"See also [PERC]({target}).\n\n{ANCHOR}", 1)
    path.write_text(text)
    offset = text.index(f"]({target})") + 2
    line = text.count("\n", 0, offset) + 1
    col = offset - text.rfind("\n", 0, offset)
    return f"{OTTAWA}:{line}:{col}"


LINK_PEARL = """\
---
title: A pearl with a way onward
date: 2026-11-04
authors: [A. Author]
topics: [neurology]
summary: Leads on to the PERC algorithm.
---

Text.

```algorithm
title: Onward
nodes:
  - id: start
    kind: decision
    text: Pulmonary embolism suspected?
    branches:
      - label: "No"
        to: stop
      - label: "Yes"
        to: perc
  - id: stop
    kind: action
    text: Look for another cause
  - id: perc
    kind: link
    text: Apply the rule
    pearl: perc-rule
```
"""


def test_a_body_link_to_a_later_pearl_is_a_check_error_naming_its_day(
    example_project, capsys, monkeypatch
):
    where = link_from_ottawa(example_project, "perc-rule.md")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-11-12"))
    status, output = run(example_project, capsys, "check")
    assert status == 1
    assert f"{where}: error[PRL020]: {EMBARGO}" in output.splitlines()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-11-18"))
    status, output = run(example_project, capsys, "check")
    assert status == 0, output


def test_a_pearl_dated_later_than_today_is_judged_on_its_own_day(
    example_project, capsys, monkeypatch
):
    # Today the Ottawa pearl is not out yet, but on its day PERC still would not be.
    where = link_from_ottawa(example_project, "../perc-rule/")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-11-01"))
    status, output = run(example_project, capsys, "check")
    assert status == 1
    assert f"{where}: error[PRL020]: {EMBARGO}" in output.splitlines()


def test_an_algorithm_link_node_to_a_later_pearl_is_a_check_error(
    example_project, capsys, monkeypatch
):
    path = example_project / "content/pearls/2026/2026-11-04-onward.md"
    path.write_text(LINK_PEARL)
    line = LINK_PEARL.splitlines().index("    pearl: perc-rule") + 1
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-11-12"))
    status, output = run(example_project, capsys, "check")
    assert status == 1
    assert (
        f"content/pearls/2026/2026-11-04-onward.md:{line}:12: error[ALG019]: link 'perc' leads "
        "to 'perc-rule', published on 2026-11-18 (remove the link or date this pearl on or "
        "after that day)"
    ) in output.splitlines()
    status, output = run(example_project, capsys, "build", "--as-of", "2026-11-12")
    assert status == 1 and "error[ALG019]" in output
    assert not (example_project / "site").exists()
    site = example_project / "site"
    status, output = run(example_project, capsys, "build", "--as-of", "2026-11-18")
    assert status == 0, output
    page = (site / "pearls/onward/index.html").read_text()
    assert 'href="/pearls/perc-rule/"' in page


def test_the_build_refuses_a_body_link_until_the_linked_pearl_is_out(example_project, capsys):
    where = link_from_ottawa(example_project, "perc-rule.md")
    site = example_project / "site"
    status, output = run(example_project, capsys, "build", "--as-of", "2026-11-11")
    assert status == 1
    assert f"{where}: error[PRL020]: {EMBARGO}" in output.splitlines()
    assert not site.exists()
    status, output = run(example_project, capsys, "build", "--as-of", "2026-11-18")
    assert status == 0, output
    page = (site / "pearls/ottawa-sah-rule/index.html").read_text()
    assert 'href="../perc-rule/">PERC</a>' in page
    feed = (site / "feed.xml").read_text()
    assert "href=&#34;https://pearls.example.org/pearls/perc-rule/&#34;&gt;PERC" in feed


def test_the_home_page_links_a_pearl_from_where_it_stands(example_project, capsys):
    link_from_ottawa(example_project, "../perc-rule/")
    (example_project / "mkdocs.yml").write_text(
        (example_project / "mkdocs.yml")
        .read_text()
        .replace("# home_pearl: perc-rule", "home_pearl: ottawa-sah-rule")
    )
    status, output = run(example_project, capsys, "build", "--as-of", "2026-11-18")
    assert status == 0, output
    home = (example_project / "site/index.html").read_text()
    assert 'href="pearls/perc-rule/">PERC</a>' in home


def test_the_email_refuses_a_link_to_a_pearl_published_after_its_wednesday(
    example_project, capsys, tmp_path
):
    where = link_from_ottawa(example_project, "perc-rule.md")
    out = tmp_path / "out"
    status, output = run(example_project, capsys, "email", "2026-11-11", "-o", str(out))
    assert status == 1
    assert f"{where}: error[PRL020]: {EMBARGO}" in output.splitlines()
    assert not out.exists()


def test_a_link_to_a_draft_is_an_error_until_it_is_published(example_project, capsys, monkeypatch):
    where = link_from_ottawa(example_project, "perc-rule.md")
    perc = example_project / PERC
    perc.write_text(
        perc.read_text().replace("date: 2026-11-18\n", "date: 2026-11-18\ndraft: true\n")
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-12-30"))
    status, output = run(example_project, capsys, "check")
    assert status == 1
    assert (
        f"{where}: error[PRL020]: links to 'perc-rule', a draft (remove the link, or publish "
        "that pearl first)"
    ) in output.splitlines()


def test_a_body_link_to_an_unknown_pearl_is_an_error(example_project, capsys, monkeypatch):
    where = link_from_ottawa(example_project, "perc-rules.md")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-11-18"))
    status, output = run(example_project, capsys, "check")
    assert status == 1
    assert (
        f"{where}: error[PRL021]: link to unknown pearl 'perc-rules' (did you mean 'perc-rule.md'?)"
    ) in output.splitlines()


@pytest.fixture
def built_before_perc(example_project, capsys, tmp_path) -> list[Path]:
    """The site as of 2026-11-11 and the email of that day: PERC is a week away."""
    assert run(example_project, capsys, "build", "--as-of", "2026-11-11")[0] == 0
    out = tmp_path / "email"
    assert run(example_project, capsys, "email", "2026-11-11", "-o", str(out))[0] == 0
    return [*(example_project / "site").rglob("*"), *out.rglob("*")]


def test_an_unpublished_pearl_appears_in_no_published_file(built_before_perc):
    names = {path.name for path in built_before_perc}
    assert {"index.html", "feed.xml", "search_index.json", "sitemap.xml"} <= names
    assert any(name.endswith(".eml") for name in names)
    for path in built_before_perc:
        if path.is_file():
            data = path.read_bytes()
            assert b"perc-rule" not in data, path
            assert PERC_TITLE.encode() not in data, path


def test_a_link_to_an_older_pearl_is_fine_and_absolute_in_the_email(
    example_project, capsys, monkeypatch, tmp_path
):
    perc = example_project / PERC
    perc.write_text(perc.read_text() + "\nSee also [the Ottawa rule](ottawa-sah-rule.md).\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch("2026-11-18"))
    status, output = run(example_project, capsys, "check")
    assert status == 0, output
    out = tmp_path / "out"
    status, output = run(example_project, capsys, "email", "2026-11-18", "-o", str(out))
    assert status == 0, output
    html = (out / "2026-11-18.html").read_text()
    assert 'See also <a href="https://pearls.example.org/pearls/ottawa-sah-rule/"' in html
    text = (out / "2026-11-18.txt").read_text()
    assert "https://pearls.example.org/pearls/ottawa-sah-rule/" in text


def test_plain_mkdocs_build_refuses_a_link_to_a_later_pearl(example_project):
    where = link_from_ottawa(example_project, "perc-rule.md")
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run(
        [str(mkdocs), "build", "--strict"],
        cwd=example_project,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "NO_MKDOCS_2_WARNING": "1",
            "PATH": "/usr/bin:/bin",
            "SOURCE_DATE_EPOCH": epoch("2026-11-12"),
        },
    )
    assert result.returncode != 0
    assert f"{where}: error[PRL020]: {EMBARGO}" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr


def test_serve_previews_a_link_to_a_later_pearl(example_project, tmp_path):
    link_from_ottawa(example_project, "perc-rule.md")
    port = free_port()
    pearls = Path(sys.executable).parent / "pearls"
    command = [str(pearls), "--project", str(example_project), "serve"]
    command += ["--dev-addr", f"127.0.0.1:{port}", "--as-of", "2026-11-12"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with (tmp_path / "serve.log").open("w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            url = f"http://127.0.0.1:{port}/pearls/ottawa-sah-rule/"
            page = poll(url, lambda page: "Ottawa" in page, process)
            assert 'href="../perc-rule/">PERC</a>' in page
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


@pytest.mark.parametrize("target", ["../about.md", "/editors-guide/", "images/chart.png"])
def test_a_link_by_path_to_anything_but_a_pearl_is_an_error_before_the_build_stops(
    example_project: Path, capsys, target: str
) -> None:
    where = link_from_ottawa(example_project, target)
    status, output = run(example_project, capsys, "check")
    assert status == 1
    assert (
        f"{where}: error[PRL022]: link to '{target}' names no pearl (link another pearl as "
        "'slug.md', anything else by its full https:// address)"
    ) in output.splitlines()
    status, output = run(example_project, capsys, "build", "--as-of", "2026-11-18")
    assert status == 1
    assert f"{where}: error[PRL022]" in output
    assert not (example_project / "site").exists()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("No link here, a citation [@smith2020] and a colon: none.", []),
        ("See [the guide](../about.md).", [(16, "../about.md")]),
        ("See [the chart][c].\n\n[c]: images/chart.png\n", [(26, "images/chart.png")]),
        ("Code `[x](../about.md)` and\n\n~~~\n[x](../about.md)\n~~~\n", []),
        ("A fence alone:\n\n~~~\n[x](../about.md)\n~~~\n", []),
        ("[a pearl](perc-rule.md), [a site](https://example.org/), [here](#refs)", []),
    ],
)
def test_path_links_finds_links_by_path_outside_code(body: str, expected: list) -> None:
    assert path_links(body) == expected


def test_mask_code_blanks_code_and_keeps_offsets() -> None:
    assert mask_code("a `b` c\n~~~\nx\n~~~\nd") == "a     c\n   \n \n   \nd"
    text = "No code [@smith2020]."
    assert mask_code(text) == text
