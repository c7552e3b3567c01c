"""Validating an algorithm's graph: each problem with its code and exact file line."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from generator.algorithm import parse_algorithm, validate_algorithm
from generator.diagnostics import Severity

FIXTURES = Path(__file__).parent / "fixtures" / "algorithm"
PEARL = Path("content/pearls/2021/pce.md")
FIRST = 8
SLUGS = {"pulmonary-cement-embolism", "pe-in-pregnancy"}


def check(text: str) -> list[tuple[str, int, int]]:
    algorithm, diagnostics = parse_algorithm(dedent(text).lstrip("\n"), PEARL, FIRST)
    assert diagnostics == []
    assert algorithm is not None
    found = validate_algorithm(algorithm, PEARL, SLUGS)
    return [(d.code, d.position.line, d.position.col) for d in found]


def test_seed_is_valid() -> None:
    algorithm, _ = parse_algorithm((FIXTURES / "seed.yml").read_text(), PEARL, FIRST)
    assert algorithm is not None
    assert validate_algorithm(algorithm, PEARL, SLUGS) == []


def test_unknown_branch_target_points_at_its_to() -> None:
    assert check("""
        title: T
        nodes:
          - id: a
            kind: decision
            text: A?
            branches:
              - {label: "Yes", to: b}
              - label: "No"
                to: heprin
          - {id: b, kind: action, text: B}
    """) == [("ALG011", FIRST + 8, 13)]


def test_unknown_next_and_start_point_at_them() -> None:
    assert check("""
        title: T
        start: begin
        nodes:
          - {id: a, kind: state, text: A, next: zz}
    """) == [("ALG011", FIRST + 1, 8), ("ALG011", FIRST + 3, 41)]


def test_duplicate_id_points_at_the_second() -> None:
    assert check("""
        title: T
        nodes:
          - {id: a, kind: state, text: A, next: b}
          - {id: b, kind: action, text: B}
          - {id: b, kind: action, text: C}
    """) == [("ALG010", FIRST + 4, 10)]


def test_unreachable_node_points_at_its_id() -> None:
    assert check("""
        title: T
        nodes:
          - {id: a, kind: action, text: A}
          - id: orphan
            kind: action
            text: Nobody gets here
    """) == [("ALG012", FIRST + 3, 9)]


def test_cycle_points_at_the_arrow_that_closes_it() -> None:
    found = check("""
        title: T
        nodes:
          - {id: a, kind: state, text: A, next: b}
          - id: b
            kind: decision
            text: B?
            branches:
              - {label: again, to: a}
              - {label: done, to: c}
          - {id: c, kind: action, text: C}
    """)
    assert found == [("ALG013", FIRST + 7, 28)]


def test_one_branch_decision_points_at_its_id() -> None:
    assert check("""
        title: T
        nodes:
          - id: a
            kind: decision
            text: A?
            branches:
              - {label: "Yes", to: b}
          - {id: b, kind: action, text: B}
    """) == [("ALG014", FIRST + 2, 9)]


def test_unlabelled_branch_points_at_its_item() -> None:
    assert check("""
        title: T
        nodes:
          - id: a
            kind: decision
            text: A?
            branches:
              - {label: "Yes", to: b}
              - to: b
          - {id: b, kind: action, text: B}
    """) == [("ALG015", FIRST + 7, 9)]


def test_path_ending_at_a_state_points_at_it() -> None:
    assert check("""
        title: T
        nodes:
          - id: a
            kind: decision
            text: A?
            branches:
              - {label: "Yes", to: b}
              - {label: "No", to: c}
          - {id: b, kind: action, text: B}
          - {id: c, kind: state, text: Still unwell}
    """) == [("ALG016", FIRST + 9, 10)]


def test_link_to_unknown_pearl_points_at_the_slug() -> None:
    assert check("""
        title: T
        nodes:
          - id: a
            kind: link
            text: See PE in pregnancy
            pearl: pe-in-pregancy
    """) == [("ALG017", FIRST + 5, 12)]


def test_text_too_long_for_a_box_is_a_warning_at_the_text() -> None:
    words = " ".join(["very long clinical wording"] * 12)
    algorithm, _ = parse_algorithm(
        f"title: T\nnodes:\n  - id: a\n    kind: action\n    text: {words}\n", PEARL, FIRST
    )
    assert algorithm is not None
    found = validate_algorithm(algorithm, PEARL, SLUGS)
    assert [(d.code, d.severity, d.position.line, d.position.col) for d in found] == [
        ("ALG018", Severity.WARNING, FIRST + 4, 11)
    ]
