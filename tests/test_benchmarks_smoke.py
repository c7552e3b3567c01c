"""The benchmark harness still runs end to end (tiny archive, one run; times are never asserted)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.__main__ import ROWS, main
from benchmarks.archive import write_archive, write_peer
from benchmarks.serve import Log
from generator.project import load_project


def test_the_synthetic_archive_checks_clean_and_cites_every_reference(tmp_path: Path) -> None:
    project = load_project(write_archive(tmp_path / "archive", pearls=5, references=20))
    assert [d.format() for d in project.report.diagnostics] == []
    assert len(project.pearls) == 5
    cited = {key for pearl in project.pearls for key in pearl.cited_keys()}
    assert cited == set(project.bibliography.keys())
    sizes = {len(pearl.algorithm.nodes) for pearl in project.pearls if pearl.algorithm}
    assert sizes and sizes <= set(range(5, 10))


def test_the_peers_are_the_same_pearls_as_ordinary_pages(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "archive", pearls=2, references=10)
    config = write_peer(archive, tmp_path / "peer", bibtex=True).read_text()
    assert "  - pearls" not in config
    assert f'  - bibtex:\n      bib_file: "{archive / "references.bib"}"\n' in config
    assert "not_in_nav: /pearls/\n" in config
    assert "nav:\n  - Home: index.md\n" in config
    page = (tmp_path / "peer" / "docs" / "pearls" / "2006-01-04-pearl-0000.md").read_text()
    assert page.startswith("# Pearl 0 on ")
    assert "```algorithm" not in page
    assert "[@ref" in page
    assert "title:" not in page


def test_the_harness_prints_every_row_and_target(tmp_path: Path, capsys) -> None:
    output = tmp_path / "results.json"
    arguments = ["--pearls", "5", "--references", "20", "--repeat", "1", "--big-bib", "40"]
    assert main([*arguments, "--no-serve", "-o", str(output)]) == 0
    results = json.loads(output.read_text())
    assert list(results["rows"]) == list(ROWS)
    peer_b = "ok" if importlib.util.find_spec("mkdocs_bibtex") else "skipped"
    expected = dict.fromkeys(ROWS, "ok") | {
        "peer_b_bibtex": peer_b,
        "serve_edit": "skipped",
        "check_cold_scaled": "skipped",
        "build_cold_scaled": "skipped",
    }
    assert {name: row["status"] for name, row in results["rows"].items()} == expected, [
        row["error"] for row in results["rows"].values()
    ]
    assert all(len(row["runs"]) == 1 for row in results["rows"].values() if row["status"] == "ok")
    assert results["html"]["pages"] == 5
    assert results["versions"]["mkdocs-material"]
    assert results["machine"]["python"]

    out = capsys.readouterr().out
    rows = out[: out.index("\n\n")].splitlines()
    assert rows[0].split() == ["row", "median", "s", "CPU", "s", "runs", "peak", "MB", "status"]
    assert [line.split()[0] for line in rows[1 : len(ROWS) + 1]] == list(ROWS)
    blank = "         -       -                         -         -  skipped"
    assert f"serve_edit        {blank} (--no-serve)" in rows
    assert f"check_cold_scaled {blank} (use --scale PEARLS)" in rows
    assert "archive: 5 pearls, 20 .bib entries; big .bib: 40 entries, 0.0 MB" in out
    cold = results["rows"]["build_cold"]
    assert cold["cpu_seconds"] > 0
    cores, peer_a = results["machine"]["cpus"], results["rows"]["peer_a_material"]["seconds"]
    budget = next(line for line in out.splitlines() if line.startswith("no-cache build: "))
    assert budget.startswith(
        f"no-cache build: {cold['cpu_seconds']:.2f} CPU s; its goals allow 1.15 x peer A "
        f"({peer_a:.2f} s) on {cores} cores: {1.15 * peer_a * cores:.2f}"
    )
    targets = out[out.index("target ") :].splitlines()
    assert targets[0].split() == ["target", "value", "limit", "verdict"]
    verdicts = {line[:34].strip(): line.split()[-1] for line in targets[1:] if line.strip()}
    assert list(verdicts)[:8] == [
        "rebuild / peer A (material)",
        "no-cache build / peer A",
        "rebuild / peer B (bibtex)",
        "no-cache build / peer B",
        "rebuild, CI-restored / peer A",
        "rebuild, CI-restored / peer B",
        "serve: saved -> shown, s",
        "peak RSS MB, 5 pearls",
    ]
    assert verdicts["serve: saved -> shown, s"] == "n/a"
    assert f"{'build no-cache, 50 / 5':<34}{'-':>10}{'10.50':>8}  n/a" in targets
    assert verdicts["check big .bib / pybtex parse"] in {"PASS", "FAIL"}
    assert verdicts["no-cache build / peer A"] in {"PASS", "FAIL"}
    peer_b_verdicts = {"n/a"} if peer_b == "skipped" else {"PASS", "FAIL"}
    assert verdicts["rebuild / peer B (bibtex)"] in peer_b_verdicts
    assert verdicts["rebuild, CI-restored / peer A"] in {"PASS", "FAIL"}
    assert verdicts["rebuild, CI-restored / peer B"] in peer_b_verdicts


def test_a_server_line_that_never_comes_is_reported_with_the_servers_last_lines() -> None:
    """When the editor's loop gives up waiting, the row's error says what the server said last."""
    process = subprocess.Popen(
        [sys.executable, "-c", "print('Building documentation...', flush=True); input()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        log = Log(process)
        with pytest.raises(RuntimeError) as failure:
            log.wait_for("Reloading browsers", 0.0, timeout=1.0)
    finally:
        process.kill()
        process.wait()
    message = str(failure.value)
    assert message.startswith("no 'Reloading browsers' from pearls serve in 1 s: +")
    assert message.endswith(" s Building documentation...")
