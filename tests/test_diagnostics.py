"""The shared helpers every check uses: "did you mean" suggestions and offsets as line:col."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path
from textwrap import dedent

import pytest

from generator.algorithm import parse_algorithm
from generator.cli import main
from generator.diagnostics import (
    LineIndex,
    Position,
    closest,
    did_you_mean,
    edit_distance,
    offset_to_position,
)
from generator.newsletter.features import load_monthly_features
from tests.sample_project import write_project


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("perry2001", "perry2011", 1),  # one substitution
        ("perry2001", "perry2013", 2),
        ("topcis", "topics", 1),  # two neighbours swapped
        ("kitten", "sitting", 3),
        ("", "abc", 3),
        ("same", "same", 0),
    ],
)
def test_edit_distance_counts_insertions_deletions_substitutions_and_swaps(a, b, distance):
    assert edit_distance(a, b) == distance
    assert edit_distance(b, a) == distance


def test_the_nearest_by_edit_distance_comes_first_whatever_the_order():
    assert closest("perry2001", ["perry2013", "perry2011"]) == ["perry2011"]
    assert closest("perry2001", ["perry2011", "perry2013"]) == ["perry2011"]


def test_up_to_three_equally_near_are_shown_in_the_order_given():
    candidates = ["smith2020b", "smith2020a", "smith2020c", "smith2020d", "smith2019"]
    assert closest("smith2020", candidates) == ["smith2020b", "smith2020a", "smith2020c"]
    assert did_you_mean(closest("smith2020", candidates)) == (
        "did you mean 'smith2020b', 'smith2020a' or 'smith2020c'?"
    )


def test_case_is_ignored_and_nothing_alike_is_no_suggestion():
    assert closest("Rodrigues2019", ["rodrigues2019", "b"]) == ["rodrigues2019"]
    assert closest("zzzzzz", ["rodrigues2019", "b"]) == []
    assert did_you_mean([]) is None


@pytest.mark.parametrize(
    ("names", "hint"),
    [
        (["a"], "did you mean 'a'?"),
        (["a", "b"], "did you mean 'a' or 'b'?"),
        (["a", "b", "c"], "did you mean 'a', 'b' or 'c'?"),
    ],
)
def test_did_you_mean_lists_the_choices(names, hint):
    assert did_you_mean(names) == hint


def test_an_unknown_citation_key_suggests_the_key_one_edit_away(tmp_path, capsys):
    """The old suggestion (difflib's ratio, ties broken by the larger name) was 'perry2013'."""
    project = write_project(tmp_path)
    bib = project / "references.bib"
    bib.write_text(
        bib.read_text()
        + "@article{perry2013, title = {T}, author = {Perry, J}, journal = {J}, year = {2013}}\n"
        + "@article{perry2011, title = {T}, author = {Perry, J}, journal = {J}, year = {2011}}\n"
    )
    pearl = project / "content" / "pearls" / "2021-02-17-good.md"
    pearl.write_text(pearl.read_text() + "\nSensitive [@perry2001].\n")
    assert main(["--project", str(project), "check"]) == 1
    assert (
        "content/pearls/2021-02-17-good.md:11:13: error[CIT010]: unknown citation key "
        "'perry2001' (did you mean 'perry2011'?)"
    ) in capsys.readouterr().err.splitlines()


def test_an_unknown_node_kind_and_field_suggest_the_nearest():
    source = dedent(
        """\
        title: T
        nodes:
          - id: a
            kind: acton
            txt: A
        """
    )
    _, diagnostics = parse_algorithm(source, Path("p.md"), 10)
    hints = {(d.code, d.position.line, d.position.col, d.hint) for d in diagnostics}
    assert ("ALG006", 13, 11, "did you mean 'action'?") in hints
    assert ("ALG004", 14, 5, "did you mean 'text'?") in hints


def test_an_unknown_newsletter_field_suggests_the_nearest(tmp_path):
    path = tmp_path / "newsletter.yml"
    path.write_text("2026-01:\n  vidoe:\n    title: T\n")
    _, diagnostics = load_monthly_features(path)
    assert [(d.code, d.position, d.hint) for d in diagnostics] == [
        ("NWS003", Position(2, 3), "did you mean 'video'?")
    ]


def test_an_offset_becomes_line_and_column_counted_from_the_origin():
    text = "ab\ncd\n\nef"
    expected = {
        0: Position(3, 5),  # the first line starts at the origin's column
        2: Position(3, 7),
        3: Position(4, 1),
        6: Position(5, 1),
        8: Position(6, 2),
    }
    index = LineIndex(text, Position(3, 5))
    for offset, position in expected.items():
        assert offset_to_position(text, offset, Position(3, 5)) == position
        assert index.position(offset) == position
    assert offset_to_position(text, 4) == Position(2, 2)


def test_a_position_comes_back_whole_from_the_cache() -> None:
    """Positions are pickled by their constructor's arguments (faster to read back): every
    field must survive, so a field added later cannot silently fall back to its default."""
    values = {field.name: 10 + index for index, field in enumerate(dataclasses.fields(Position))}
    position = Position(**values)
    assert pickle.loads(pickle.dumps(position, protocol=pickle.HIGHEST_PROTOCOL)) == position
