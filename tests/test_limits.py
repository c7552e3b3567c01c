"""Bounded work: algorithms too costly to draw and Markdown nested too deep are errors at their
line in `pearls check`, and `pearls build`/`pearls email` stop with that message, never a
traceback; a very tall flowchart's PNG is drawn smaller rather than huge."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from generator.algorithm import layout_algorithm, parse_algorithm, render_png, render_svg
from generator.citations import parse_citations
from generator.cli import main
from generator.content.nesting import too_costly
from generator.diagnostics import Position
from generator.project import load_project
from tests.sample_project import write_project

FRONT = """\
---
title: A costly pearl
date: 2021-02-24
authors: [A. Author]
topics: [pulmonary-embolism]
summary: A short summary.
---

Some text first.

"""
#: The body's first line is line 9; the algorithm's first YAML line, after the fence, is 12.
ALGORITHM_LINE = 12


def _node(i: int, successors: list[int], text: str = "Step") -> str:
    """One node of an algorithm block: an action, a state with ``next`` or a decision."""
    if not successors:
        return f"  - id: n{i}\n    kind: action\n    text: {text} {i}\n"
    if len(successors) == 1:
        return f"  - id: n{i}\n    kind: state\n    text: {text} {i}\n    next: n{successors[0]}\n"
    branches = "".join(f"      - label: to {j}\n        to: n{j}\n" for j in successors)
    return f"  - id: n{i}\n    kind: decision\n    text: {text} {i}?\n    branches:\n{branches}"


def _algorithm(successors: dict[int, list[int]], text: str = "Step") -> str:
    nodes = "".join(_node(i, successors.get(i, []), text) for i in range(len(successors)))
    return f"```algorithm\ntitle: Costly\nnodes:\n{nodes}```\n"


def every_later_node(count: int) -> dict[int, list[int]]:
    """Decisions each branching to every later node (a state before the last, an action last)."""
    return {i: list(range(i + 1, count)) for i in range(count)}


def _project_with(tmp_path: Path, body: str) -> Path:
    root = write_project(tmp_path)
    (root / "content" / "pearls" / "2021-02-24-costly.md").write_text(FRONT + body)
    return root


def _errors(root: Path, code: str) -> list[str]:
    report = load_project(root).report
    return [d.format(root) for d in report.errors if d.code == code]


def test_sixty_decisions_branching_to_every_later_node_are_an_error_at_the_algorithm(tmp_path):
    root = _project_with(tmp_path, _algorithm(every_later_node(60)))
    assert _errors(root, "ALG009") == [
        f"content/pearls/2021-02-24-costly.md:{ALGORITHM_LINE}:1: error[ALG009]: the algorithm "
        "has 1770 arrows; at most 120 can be drawn (split it and continue in another pearl's "
        "algorithm through a link node)"
    ]


def test_arrows_skipping_many_rows_are_an_error(tmp_path):
    # A chain of 60 steps, and the first six decide between the next step and the last one:
    # each long arrow passes some 55 rows of boxes.
    successors = {i: [i + 1] for i in range(59)} | {59: []}
    for i in range(6):
        successors[i] = [i + 1, 59]
    root = _project_with(tmp_path, _algorithm(successors))
    assert _errors(root, "ALG009") == [
        f"content/pearls/2021-02-24-costly.md:{ALGORITHM_LINE}:1: error[ALG009]: the "
        "algorithm's arrows pass 333 rows of boxes on their way; at most 300 can be drawn "
        "(split it and continue in another pearl's algorithm through a link node)"
    ]


def test_a_row_wider_than_the_limit_is_an_error(tmp_path):
    successors = {0: list(range(1, 26))} | {i: [] for i in range(1, 26)}
    root = _project_with(tmp_path, _algorithm(successors))
    assert _errors(root, "ALG009") == [
        f"content/pearls/2021-02-24-costly.md:{ALGORITHM_LINE}:1: error[ALG009]: the "
        "algorithm's widest row holds 25 boxes and passing arrows; at most 24 can be drawn "
        "(split it and continue in another pearl's algorithm through a link node)"
    ]


def test_a_broad_algorithm_within_the_limits_is_no_error(tmp_path):
    successors = {0: list(range(1, 25))} | {i: [] for i in range(1, 25)}
    root = _project_with(tmp_path, _algorithm(successors))
    assert _errors(root, "ALG009") == []


def test_build_and_the_algorithm_command_refuse_a_costly_algorithm(tmp_path, capsys):
    root = _project_with(tmp_path, _algorithm(every_later_node(60)))
    assert main(["--project", str(root), "build"]) == 1
    assert "error[ALG009]: the algorithm has 1770 arrows" in capsys.readouterr().err
    assert not (root / "site").exists()
    output = tmp_path / "costly.png"
    command = ["algorithm", "costly", "--format", "png", "-o", str(output)]
    assert main(["--project", str(root), *command]) == 1
    assert "error[ALG009]" in capsys.readouterr().err
    assert not output.exists()


def test_a_very_tall_flowchart_png_is_drawn_smaller_not_huge(monkeypatch):
    successors = {i: [i + 1] for i in range(59)} | {59: []}
    block = _algorithm(successors, text="A long step text that wraps " * 5)
    algorithm, problems = parse_algorithm(
        block.split("\n", 1)[1].rsplit("```", 1)[0], Path("tall.md"), 2
    )
    assert algorithm is not None
    layout = layout_algorithm(algorithm)
    cap = 1_000_000
    monkeypatch.setattr("generator.algorithm.render.MAX_PNG_PIXELS", cap)
    assert layout.width * layout.height * 4 > cap  # at 2× it would be over the cap
    image = Image.open(io.BytesIO(render_png(render_svg(layout, palette="light"))))
    assert cap * 0.98 < image.width * image.height <= cap
    assert image.width / image.height == pytest.approx(layout.width / layout.height, rel=0.01)


NESTED = {
    "list markers": ("- " * 1_000 + "x\n", 1, 41),
    "numbered list markers": ("1. " * 1_000 + "x\n", 1, 61),
    "block quotes": ("> " * 1_000 + "x\n", 1, 41),
    "HTML elements": ('<div markdown="1">\n' * 1_000 + "x\n" + "</div>\n" * 1_000, 21, 1),
    "indented lists": ("".join("    " * i + "- x\n" for i in range(30)), 21, 81),
    "brackets": ("[" * 1_000 + "x" + "](y)" * 1_000 + "\n", 1, 21),
}


@pytest.mark.parametrize("case", NESTED, ids=list(NESTED))
def test_deep_nesting_is_an_error_at_its_line(tmp_path, case):
    body, line, col = NESTED[case]
    root = _project_with(tmp_path, "Intro.\n\n" + body)
    what = {
        "list markers": "lists and block quotes",
        "numbered list markers": "lists and block quotes",
        "block quotes": "lists and block quotes",
        "indented lists": "lists and block quotes",
    }.get(case, case)
    assert _errors(root, "MD001") == [
        f"content/pearls/2021-02-24-costly.md:{line + 12}:{col}: error[MD001]: {what} nested "
        "more than 20 levels deep (flatten it: no reader follows structure this deep)"
    ]


def test_nesting_within_the_limit_is_no_error(tmp_path):
    body = "- " * 20 + "x\n\n" + "> " * 20 + "x\n\n" + "<div>" * 20 + "x" + "</div>" * 20 + "\n"
    root = _project_with(tmp_path, body + "\n```\n" + "- " * 50 + "\n```\n")
    assert _errors(root, "MD001") == []


def test_build_and_email_stop_at_ten_thousand_nested_list_markers(tmp_path, capsys):
    root = _project_with(tmp_path, "Intro.\n\n" + "- " * 10_000 + "x\n")
    expected = "content/pearls/2021-02-24-costly.md:13:41: error[MD001]: lists and block quotes"
    assert main(["--project", str(root), "build"]) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert not (root / "site").exists()
    out = tmp_path / "out"
    assert main(["--project", str(root), "email", "2021-02-24", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert not out.exists()


def test_a_recursion_error_the_check_missed_is_one_line_not_a_traceback(
    tmp_path, capsys, monkeypatch
):
    root = write_project(tmp_path)

    def too_deep(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("generator.commands.build.build_site", too_deep)
    assert main(["--project", str(root), "build"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        "pearls build: error: content nested too deeply for Markdown to read (flatten it; "
        "'pearls check' shows where, as MD001 errors)"
    )


def test_nesting_the_check_missed_names_the_file_in_build_and_email(
    example_project, tmp_path, capsys, monkeypatch
):
    pearl = example_project / "content/pearls/2021/2021-02-24-costly.md"
    pearl.write_text(FRONT.replace("pulmonary-embolism", "neurology") + "- " * 10_000 + "x\n")
    monkeypatch.setattr("generator.content.loader.too_costly", lambda *args: [])
    expected = f"{pearl}: nested too deeply for Markdown to read (flatten it)"
    assert main(["--project", str(example_project), "build"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == f"pearls build: error: {expected}"
    assert not (example_project / "site").exists()
    out = tmp_path / "out"
    assert main(["--project", str(example_project), "email", "2021-02-24", "-o", str(out)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == f"pearls email: error: {expected}"


def test_a_decision_with_thousands_of_branches_is_an_error(tmp_path):
    successors = {0: [1] * 6000, 1: []}
    root = _project_with(tmp_path, _algorithm(successors))
    assert _errors(root, "ALG009") == [
        f"content/pearls/2021-02-24-costly.md:{ALGORITHM_LINE}:1: error[ALG009]: the algorithm "
        "has 6000 arrows; at most 120 can be drawn (split it and continue in another pearl's "
        "algorithm through a link node)"
    ]


def test_a_text_too_long_to_render_in_bounded_time_is_an_error():
    # Python's HTML parser reads each unclosed `<a "` to the end of the text: 80 KB took 40 s.
    found = too_costly('<a "' * 250_000, Path("big.md"), Position(3, 1))
    assert [diagnostic.format() for diagnostic in found] == [
        "big.md:3:1: error[MD002]: the text is 1,000,000 characters; at most 30,000 can be "
        "published (shorten it, or split it in two)"
    ]


def test_the_algorithm_block_does_not_count_towards_the_length(tmp_path):
    nodes = "".join(
        f"  - id: n{i}\n    kind: action\n    text: {'x' * 600}\n" for i in range(58)
    )
    root = _project_with(tmp_path, f"```algorithm\ntitle: Long\nnodes:\n{nodes}```\n")
    assert _errors(root, "MD002") == []
    (tmp_path / "long").mkdir()
    root = _project_with(tmp_path / "long", "A long text. " * 2_500)
    assert _errors(root, "MD002") == [
        "content/pearls/2021-02-24-costly.md:8:1: error[MD002]: the text is 32,519 characters; "
        "at most 30,000 can be published (shorten it, or split it in two)"
    ]


def test_ten_thousand_unclosed_citation_brackets_are_each_reported():
    # Each `[@a` once scanned on to the end of its paragraph for its `]`.
    groups, problems = parse_citations("[@a" * 10_000, Path("big.md"))
    assert groups == []
    assert [p.code for p in problems] == ["CIT001"] * 10_000
    assert problems[-1].position == Position(1, 29_998)
