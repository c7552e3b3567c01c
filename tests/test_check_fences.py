"""The check sees what the renderer sees: an algorithm block Markdown would not publish as the
flowchart is an error at its fence, with the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.project import load_project
from tests.sample_project import write_project

FRONT = "---\ntitle: T\ndate: 2021-02-24\nauthors: [A]\nsummary: S.\n---\n\nIntro.\n\n"
ALGORITHM = (
    "title: A\nnodes:\n  - id: s\n    kind: state\n    text: Start\n    next: a\n"
    "  - id: a\n    kind: action\n    text: Act\n"
)
FIX = "(open it with a line ```algorithm and close it with a line ```)"
PATH = "content/pearls/2021-02-24-fence.md"


def check(tmp_path: Path, body: str, capsys) -> tuple[int, list[str]]:
    """`pearls check` on the sample project with one pearl whose body is ``body``: its status
    and the lines about that pearl."""
    write_project(tmp_path)
    (tmp_path / PATH).write_text(FRONT + body)
    status = main(["--project", str(tmp_path), "check"])
    return status, [line for line in capsys.readouterr().err.splitlines() if PATH in line]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            f"```algorithm\n{ALGORITHM}\nMore text.\n",
            "10:1: error[MD003]: this algorithm block would not be drawn as a flowchart: it is "
            "never closed",
        ),
        (
            "- An item:\n\n"
            + "".join(f"    {line}\n" for line in f"```algorithm\n{ALGORITHM}```".split("\n")),
            "12:1: error[MD003]: this algorithm block would not be drawn as a flowchart: it is "
            "indented, and Markdown reads a fence only at the start of a line",
        ),
        (
            "".join(f"> {line}\n" for line in f"```algorithm\n{ALGORITHM}```".split("\n")),
            "10:1: error[MD003]: this algorithm block would not be drawn as a flowchart: it "
            "follows '>' (in a quote or list), and Markdown reads a fence only at the start of a "
            "line",
        ),
        (
            f"~~~algorithm\n{ALGORITHM}~~~\n",
            "10:1: error[MD003]: this algorithm block would not be drawn as a flowchart: the site "
            "draws only a block opened by exactly '```algorithm', not '~~~algorithm'",
        ),
        (
            f"````algorithm\n{ALGORITHM}````\n",
            "10:1: error[MD003]: this algorithm block would not be drawn as a flowchart: the site "
            "draws only a block opened by exactly '```algorithm', not '````algorithm'",
        ),
        (
            f"```yaml\n{ALGORITHM}```\n",
            "10:1: error[MD004]: this block holds an algorithm's 'nodes:' but is fenced as "
            "'yaml': the site would show its YAML as code, not draw the flowchart",
        ),
        (
            f"```\n{ALGORITHM}```\n",
            "10:1: error[MD004]: this block holds an algorithm's 'nodes:' but is fenced without "
            "a language: the site would show its YAML as code, not draw the flowchart",
        ),
    ],
    ids=["unclosed", "indented", "in a quote", "tildes", "four backticks", "yaml fence",
         "no language"],
)
def test_an_algorithm_the_site_would_not_draw_is_an_error_at_its_fence(
    tmp_path, capsys, body, message
):
    status, lines = check(tmp_path, body, capsys)
    assert status == 1
    assert lines == [f"{PATH}:{message} {FIX}"]


def test_a_closed_algorithm_block_is_read_and_passes(tmp_path, capsys):
    status, lines = check(tmp_path, f"```algorithm\n{ALGORITHM}```\n\nAfter.\n", capsys)
    assert (status, lines) == (0, [])
    pearl = next(p for p in load_project(tmp_path).pearls if p.path.name.endswith("fence.md"))
    assert pearl.algorithm is not None
    assert pearl.algorithm_block.first_line == 11


def test_an_algorithm_shown_as_an_example_inside_another_block_is_not_the_algorithm(
    tmp_path, capsys
):
    """A ````markdown block showing how to write one is code for Markdown, and for the check."""
    body = f"````markdown\n```algorithm\n{ALGORITHM}```\n````\n"
    status, lines = check(tmp_path, body, capsys)
    assert (status, lines) == (0, [])
    pearl = next(p for p in load_project(tmp_path).pearls if p.path.name.endswith("fence.md"))
    assert pearl.algorithm_block is None


def test_a_second_algorithm_block_is_still_an_error(tmp_path, capsys):
    block = f"```algorithm\n{ALGORITHM}```\n\n"
    status, lines = check(tmp_path, block + block, capsys)
    assert status == 1
    assert lines == [
        f"{PATH}:22:1: error[ALG000]: a pearl has one algorithm block; this is a second one"
    ]


def test_a_body_of_unclosed_fences_is_read_without_rescanning():
    """Each opening looks its closing up, never rescanning the rest of the body."""
    from generator.content import fences

    body = "```x\n" * 100_000
    found = fences.scan(body)
    assert len(found) == 100_000 and not any(f.closed for f in found)
