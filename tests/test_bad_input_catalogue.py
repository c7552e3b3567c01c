"""A catalogue of named bad inputs: each gives its diagnostic at its line, never a traceback.

Each case is one fixture file under tests/fixtures/catalogue/: a pearl (``.md``) dropped beside a
valid pearl, or a bibliography (``.bib``) that replaces references.bib.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.project import load_project
from tests.sample_project import write_project

CATALOGUE = Path(__file__).parent / "fixtures" / "catalogue"

#: fixture file → (code, line, column) of the diagnostic it must produce.
EXPECTED: dict[str, tuple[str, int, int]] = {
    # files that are not a pearl at all
    "empty.md": ("FM001", 1, 1),
    "whitespace-only.md": ("FM001", 1, 1),
    "binary-junk.md": ("PRL001", 2, 1),
    "latin1.md": ("PRL001", 6, 1),
    "bom.md": ("PRL002", 1, 1),
    "missing-front-matter.md": ("FM001", 1, 1),
    "unclosed-front-matter.md": ("FM002", 5, 1),  # the body line read as a field
    # front matter Markdown would show as text
    "front-matter-indented-opening.md": ("FM001", 1, 2),
    "front-matter-after-blank-line.md": ("FM001", 2, 1),
    "front-matter-closed-by-four-dashes.md": ("FM002", 6, 1),
    # YAML
    "tabs-in-yaml.md": ("YAML001", 4, 1),
    "yaml-syntax-error.md": ("YAML001", 3, 7),  # the '[' never closed, not where it ends
    "deeply-nested-yaml.md": ("YAML002", 2, 48),
    "alias-bomb.md": ("YAML002", 2, 24),
    "duplicate-field.md": ("YAML003", 6, 1),
    "front-matter-is-a-list.md": ("FM003", 2, 1),
    "unicode-line-separators.md": ("FM005", 6, 1),  # YAML breaks lines at LS/PS/NEL; editors don't
    # fields
    "crlf-unknown-key.md": ("FM005", 6, 1),
    "unknown-key.md": ("FM005", 6, 1),
    "missing-title.md": ("FM004", 2, 1),
    "date-missing.md": ("FM004", 2, 1),
    "title-is-a-list.md": ("FM006", 2, 8),
    "authors-is-text.md": ("FM006", 4, 10),
    "authors-empty.md": ("FM012", 4, 10),
    "draft-not-boolean.md": ("FM006", 6, 8),
    "non-wednesday.md": ("FM008", 3, 7),
    "february-30.md": ("FM007", 3, 7),
    "date-not-iso.md": ("FM007", 3, 7),
    "slug-dotdot.md": ("FM009", 6, 7),
    "slug-uppercase.md": ("FM009", 6, 7),
    "summary-too-long.md": ("FM010", 5, 10),
    "doi-with-resolver.md": ("FM011", 6, 6),
    "review-due-before-date.md": ("FM013", 6, 13),
    "title-line-break.md": ("FM014", 2, 8),  # the title is the e-mail's Subject header
    "unknown-topic.md": ("TOP010", 6, 10),
    "same-date.md": ("PRL010", 3, 1),
    "duplicate-slug.md": ("PRL011", 6, 1),
    "evidence-unknown-level.md": ("EVD001", 7, 10),  # the level, not the field
    "evidence-basis-two-lines.md": ("EVD002", 8, 10),
    # citations
    "citation-missing-at.md": ("CIT003", 9, 20),
    "citation-unclosed.md": ("CIT001", 9, 5),
    "citation-empty-in-group.md": ("CIT002", 8, 20),
    "citation-malformed.md": ("CIT004", 8, 20),
    "citation-unknown-key.md": ("CIT010", 10, 7),
    # what the sanitiser would remove, found by rendering as the site does
    "event-handler.md": ("SEC002", 8, 26),
    "site-class.md": ("SEC030", 8, 24),  # the class, not the tag
    # characters every output leaves out
    "control-character.md": ("SEC022", 8, 12),
    "bidi-in-body.md": ("SEC031", 8, 6),
    "bidi-in-title.md": ("SEC031", 2, 8),  # the value
    # algorithms
    "two-algorithm-blocks.md": ("ALG000", 20, 1),
    # algorithm blocks Markdown would publish as text or code instead of the flowchart
    "algorithm-fence-unclosed.md": ("MD003", 10, 1),
    "algorithm-fence-indented.md": ("MD003", 12, 1),
    "algorithm-fence-tildes.md": ("MD003", 10, 1),
    "algorithm-in-yaml-fence.md": ("MD004", 10, 1),
    "algorithm-yaml-error.md": ("ALG001", 12, 11),  # the '[' never closed
    "algorithm-unknown-kind.md": ("ALG006", 12, 11),
    "algorithm-text-only-line-break.md": ("ALG003", 13, 5),  # found by the property tests in CI
    "algorithm-duplicate-id.md": ("ALG010", 18, 9),
    "algorithm-unknown-node.md": ("ALG011", 14, 11),
    "algorithm-orphan-node.md": ("ALG012", 18, 9),
    "algorithm-cycle.md": ("ALG013", 18, 11),
    "algorithm-one-branch-decision.md": ("ALG014", 15, 9),
    "algorithm-unlabelled-branch.md": ("ALG015", 21, 9),
    "algorithm-dead-end.md": ("ALG016", 11, 9),
    "algorithm-link-unknown-pearl.md": ("ALG017", 18, 12),
    # bibliography
    "missing-comma.bib": ("BIB002", 11, 16),  # where the comma goes, not the next field
    "unbalanced-braces.bib": ("BIB003", 2, 11),  # the value's unclosed '{'
    "duplicate-key.bib": ("BIB004", 10, 1),
    "duplicate-bib-field.bib": ("BIB005", 12, 3),
    "undefined-string.bib": ("BIB006", 11, 13),
    "missing-crossref.bib": ("BIB007", 12, 3),
    "malformed-doi.bib": ("BIB008", 12, 3),
    "and-and-author.bib": ("BIB009", 11, 3),
}


def project_with(tmp_path: Path, fixture: Path) -> Path:
    """A valid project with the fixture added (a pearl) or swapped in (the bibliography)."""
    write_project(tmp_path)
    pearls = tmp_path / "content" / "pearls"
    target = tmp_path / "references.bib" if fixture.suffix == ".bib" else pearls / fixture.name
    shutil.copyfile(fixture, target)
    return target


def test_every_fixture_is_catalogued():
    assert sorted(p.name for p in CATALOGUE.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 40


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_gives_its_diagnostic(tmp_path, name):
    target = project_with(tmp_path, CATALOGUE / name)
    code, line, col = EXPECTED[name]
    report = load_project(tmp_path).report
    found = [
        (d.code, d.position.line, d.position.col) for d in report.diagnostics if d.path == target
    ]
    assert (code, line, col) in found, found


def test_a_ten_megabyte_pearl_is_refused_without_reading_it(tmp_path):
    pearls = tmp_path / "content" / "pearls"
    project_with(tmp_path, CATALOGUE / "empty.md")
    huge = pearls / "huge.md"
    huge.write_text("---\ntitle: T\n---\n" + "word " * 2_000_000)
    [problem] = [d for d in load_project(tmp_path).report.diagnostics if d.path == huge]
    assert (problem.code, problem.position.line) == ("PRL003", 1)
    assert "at most 1,000,000" in problem.message
