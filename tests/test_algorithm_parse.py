"""Reading algorithm blocks: the seed, and every structural problem at its exact file line."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from generator.algorithm import Algorithm, parse_algorithm

FIXTURES = Path(__file__).parent / "fixtures" / "algorithm"
PEARL = Path("content/pearls/2021/pce.md")
#: The fence opens on line 19 of the pearl, so the YAML starts on line 20.
FIRST = 20


def parse(text: str):
    return parse_algorithm(dedent(text).lstrip("\n"), PEARL, FIRST)


def codes(diagnostics) -> list[tuple[str, int, int]]:
    return [(d.code, d.position.line, d.position.col) for d in diagnostics]


def seed() -> Algorithm:
    algorithm, diagnostics = parse_algorithm((FIXTURES / "seed.yml").read_text(), PEARL, FIRST)
    assert diagnostics == []
    assert algorithm is not None
    return algorithm


def test_seed_reads_as_one_state_three_decisions_three_actions() -> None:
    algorithm = seed()
    kinds = [node.kind.name for node in algorithm.numbered_nodes()]
    assert kinds == ["state", "decision", "decision", "action", "action", "decision", "action"]
    assert algorithm.title == "Management of pulmonary cement embolism"
    assert algorithm.start.id == "pce"


def test_seed_steps_are_numbered_depth_first_in_branch_order() -> None:
    assert seed().numbers() == {
        "pce": 1,
        "location": 2,
        "peripheral-symptoms": 3,
        "follow-up": 4,
        "heparin": 5,
        "central-symptoms": 6,
        "embolectomy": 7,
    }


def test_seed_heparinization_is_one_node_reached_from_two_decisions() -> None:
    targets = [edge.target for edge in seed().edges()]
    assert targets.count("heparin") == 2


def test_node_citation_points_at_its_file_position() -> None:
    groups = seed().citation_groups()
    assert [group.keys for group in groups] == [["krueger2009"]]
    # fixture line 6, "    text: " is 10 characters, the bracket is the 63rd of the value
    assert (groups[0].position.line, groups[0].position.col) == (FIRST + 5, 73)
    assert groups[0].citations[0].position.col == 75


def test_citations_count_in_step_order_text_before_note() -> None:
    algorithm, _ = parse("""
        title: T
        nodes:
          - id: a
            kind: decision
            text: A [@one]
            branches:
              - {label: x, to: c}
              - {label: y, to: b}
          - id: b
            kind: action
            text: B [@two]
          - id: c
            kind: action
            text: C [@three]
            note: see [@four]
    """)
    assert algorithm is not None
    assert [g.keys[0] for g in algorithm.citation_groups()] == ["one", "three", "four", "two"]


def test_citation_in_a_folded_scalar_points_at_its_own_line() -> None:
    algorithm, diagnostics = parse("""
        title: T
        nodes:
          - id: a
            kind: action
            text: >
              Give heparin
              early [@krueger2009]
    """)
    assert diagnostics == []
    assert algorithm is not None
    group = algorithm.nodes[0].text.citations[0]
    assert (group.position.line, group.position.col) == (FIRST + 6, 13)
    assert algorithm.nodes[0].text.source == "Give heparin early [@krueger2009]"


def test_malformed_citation_in_node_text_points_at_it() -> None:
    _, diagnostics = parse("""
        title: T
        nodes:
          - id: a
            kind: action
            text: "Heparin [krueger2009; ignacio2018]"
    """)
    assert codes(diagnostics) == [("CIT003", FIRST + 4, 21)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: [unclosed\n", [("ALG001", FIRST, 8)]),  # at the '[', not the end
        ("title: a\ntitle: b\nnodes: []\n", [("ALG001", FIRST + 1, 1)]),
        ("", [("ALG003", FIRST, 1)]),
        ("- just\n- a list\n", [("ALG002", FIRST, 1)]),
        ("title: T\n", [("ALG003", FIRST, 1)]),
        ("title: T\nnodes: 3\n", [("ALG002", FIRST + 1, 8)]),
        ("title: [a, b]\nnodes:\n  - {id: a, kind: action, text: A}\n", [("ALG002", FIRST, 8)]),
        ("title: T\nnodse: []\n", [("ALG004", FIRST + 1, 1), ("ALG003", FIRST, 1)]),
        (
            "title: T\nnodes:\n  - id: a\n    kind: action\n    txt: A\n",
            [("ALG004", FIRST + 4, 5), ("ALG003", FIRST + 2, 5)],
        ),
        (
            "title: T\nnodes:\n  - id: a\n    kind: choice\n    text: A\n",
            [("ALG006", FIRST + 3, 11)],
        ),
        (
            "title: T\nnodes:\n  - id: a\n    kind: action\n    text: A\n    pearl: x\n",
            [("ALG007", FIRST + 5, 5)],
        ),
        ("title: T\nnodes:\n  - id: a\n    kind: link\n    text: A\n", [("ALG003", FIRST + 2, 5)]),
        (
            "title: T\nnodes:\n  - id: a\n    kind: decision\n    text: A\n    branches:\n"
            "      - label: x\n",
            [("ALG003", FIRST + 6, 9)],
        ),
        ("title: T\nnodes:\n  - just text\n", [("ALG002", FIRST + 2, 5)]),
        ("a: &x [1, 2]\nb: [*x, *x, *x]\n", [("ALG005", FIRST + 1, 5)]),
        ("title: " + "[" * 40 + "]" * 40 + "\n", [("ALG005", FIRST, 19)]),
    ],
    ids=[
        "syntax",
        "duplicate-key",
        "empty",
        "not-a-mapping",
        "no-nodes",
        "nodes-not-list",
        "title-wrong-type",
        "unknown-top-field",
        "unknown-node-field",
        "unknown-kind",
        "field-of-other-kind",
        "link-without-pearl",
        "branch-without-to",
        "node-not-mapping",
        "alias",
        "deep-nesting",
    ],
)
def test_structural_problem_points_at_its_line(text: str, expected) -> None:
    algorithm, diagnostics = parse_algorithm(text, PEARL, FIRST)
    assert algorithm is None
    assert codes(diagnostics) == expected


def test_too_many_nodes_is_refused() -> None:
    nodes = "".join(f"  - {{id: n{i}, kind: action, text: N}}\n" for i in range(61))
    algorithm, diagnostics = parse_algorithm(f"title: T\nnodes:\n{nodes}", PEARL, FIRST)
    assert algorithm is None
    assert codes(diagnostics) == [("ALG008", FIRST + 1, 1)]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    algorithm, diagnostics = parse_algorithm("\n".join(lines) + "\n", PEARL, FIRST)
    assert algorithm is None
    assert codes(diagnostics) == [("ALG005", FIRST + 1, 10)]


def test_numbers_as_ids_and_labels_are_read_as_text() -> None:
    algorithm, diagnostics = parse("""
        title: T
        nodes:
          - id: 1
            kind: decision
            text: Age?
            branches:
              - {label: 65, to: 2}
              - {label: 18.5, to: 2}
          - {id: 2, kind: action, text: A}
    """)
    assert diagnostics == []
    assert algorithm is not None
    assert [b.label for b in algorithm.nodes[0].branches] == ["65", "18.5"]
    assert algorithm.nodes[0].branches[0].to.id == "2"
