"""`pearls refs`: previewing formatted references from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from generator.commands import refs


def run_refs(project: Path, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--project", type=Path)
    refs.register(parser.add_subparsers(dest="command"))
    return refs.run(parser.parse_args(["--project", str(project), "refs", *argv]))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    (tmp_path / "references.bib").write_text(
        "@article{smith2020,\n"
        "  author = {Smith, John A.}, title = {Sepsis}, shortjournal = {Ann Emerg Med},\n"
        "  year = 2020, volume = 75, number = 3, pages = {300--305},\n"
        "}\n",
        encoding="utf-8",
    )
    return tmp_path


def test_prints_the_keys_given_in_ama_text(project, capsys):
    assert run_refs(project, "smith2020") == 0
    assert capsys.readouterr().out == "1. Smith JA. Sepsis. Ann Emerg Med. 2020;75(3):300-305.\n"


def test_short_style_and_html_format(project, capsys):
    assert run_refs(project, "smith2020", "--style", "short", "--format", "html") == 0
    assert capsys.readouterr().out == (
        '<ol class="references">\n'
        '  <li id="ref-1" value="1">Ann Emerg Med. 2020;75[3]:300</li>\n'
        "</ol>\n"
    )


def test_unknown_key_is_a_diagnostic_with_did_you_mean_and_exit_1(project, capsys):
    assert run_refs(project, "smith2021") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "references.bib:1:1: error[REF001]: unknown reference key 'smith2021' "
        "(did you mean 'smith2020'?)\n"
    )


def test_errors_in_the_bibliography_fail_the_preview(project, capsys):
    bib = project / "references.bib"
    bib.write_text(bib.read_text() + "\n@article{broken,\n  doi = {not-a-doi},\n}\n")
    assert run_refs(project, "smith2020") == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("1. Smith JA.")
    assert "references.bib:7:3: error[BIB008]: malformed DOI 'not-a-doi'" in captured.err


def test_without_keys_prints_every_cited_reference_in_order_of_first_citation(
    example_project, capsys
):
    assert run_refs(example_project, "--style", "short") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:5] == [
        "1. Mol Clin Oncol. 2019;10[2]:299",
        "2. Respir Med Case Rep. 2019;28:100887",
        "3. Asian Spine J. 2018;12[2]:380",
        "4. Eur Spine J. 2009;18[9]:1257",
        "5. J Thorac Cardiovasc Surg. 2012;143[4]:e22",
    ]
