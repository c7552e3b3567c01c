"""The benchmark harness still runs end to end (tiny archive, one run; times are never asserted)."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.__main__ import ROWS, main
from benchmarks.archive import write_archive
from generator.project import load_project


def test_the_synthetic_archive_checks_clean_and_cites_every_reference(tmp_path: Path) -> None:
    project = load_project(write_archive(tmp_path / "archive", pearls=5, references=20))
    assert [d.format() for d in project.report.diagnostics] == []
    assert len(project.pearls) == 5
    cited = {key for pearl in project.pearls for key in pearl.cited_keys()}
    assert cited == set(project.bibliography.keys())
    sizes = {len(pearl.algorithm.nodes) for pearl in project.pearls if pearl.algorithm}
    assert sizes and sizes <= set(range(5, 10))


def test_the_harness_writes_every_row_and_target(tmp_path: Path, capsys) -> None:
    output = tmp_path / "results.json"
    arguments = ["--pearls", "5", "--references", "20", "--repeat", "1", "-o", str(output)]
    assert main(arguments) == 0
    results = json.loads(output.read_text())
    assert list(results["rows"]) == list(ROWS)
    for name in (
        "check_cold",
        "check_warm",
        "check_floor",
        "generate",
        "build_cold",
        "build",
        "build_edit",
        "mkdocs_plain",
    ):
        row = results["rows"][name]
        assert row["status"] == "ok", (name, row["error"])
        assert len(row["runs"]) == 1
    assert results["rows"]["build_2x"]["status"] == "skipped"
    assert results["html"]["pages"] == 5
    assert {t["name"] for t in results["targets"]} >= {"check cold / floor", "check warm / cold"}
    assert results["machine"]["python"]
    assert "check warm / cold" in capsys.readouterr().out
