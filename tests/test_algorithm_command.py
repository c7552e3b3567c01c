"""`pearls algorithm SLUG`: the seed pearl's flowchart as text, SVG and PNG."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from generator.cli import main
from tests.conftest import copy_example_project

SEED = "pulmonary-cement-embolism"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project (the seed pearl's flowchart), copied once for these tests."""
    return copy_example_project(tmp_path_factory.mktemp("algorithm") / "project")


def test_text_outline_numbers_the_algorithm_citation_with_the_body(example, capsys) -> None:
    assert main(["--project", str(example), "algorithm", SEED, "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Management of pulmonary cement embolism\n")
    assert "      - No → see step 5: Heparinization\n" in out
    assert "[@" not in out


def test_svg_to_stdout_and_png_to_a_file(example, capsys, tmp_path: Path) -> None:
    assert main(["--project", str(example), "algorithm", SEED]) == 0
    svg = ET.fromstring(capsys.readouterr().out)
    assert svg.get("id") == f"algorithm-{SEED}"
    target = tmp_path / "seed.png"
    png = ["--format", "png", "-o", str(target)]
    assert main(["--project", str(example), "algorithm", SEED, *png]) == 0
    image = Image.open(io.BytesIO(target.read_bytes()))
    assert image.size == (2 * int(svg.get("width")), 2 * int(svg.get("height")))


def test_unknown_slug_is_a_usage_error(example, capsys) -> None:
    assert main(["--project", str(example), "algorithm", "no-such-pearl"]) == 2
    assert "no pearl with slug 'no-such-pearl'" in capsys.readouterr().err


def test_a_misspelt_slug_suggests_the_nearest(example_project, capsys) -> None:
    assert main(["--project", str(example_project), "algorithm", "perc-rul"]) == 2
    assert capsys.readouterr().err == (
        "pearls algorithm: error: no pearl with slug 'perc-rul' (did you mean 'perc-rule'?)\n"
    )


def test_png_without_output_file_is_a_usage_error(example, capsys) -> None:
    assert main(["--project", str(example), "algorithm", SEED, "--format", "png"]) == 2
    assert "needs -o FILE" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("nodir/x.svg", "the folder nodir does not exist; create it or name another"),
        ("a/b/x.svg", "the folder a/b does not exist; create it or name another"),
        ("file/x.svg", "file is not a folder; name a file in a folder"),
    ],
)
def test_an_output_in_no_folder_names_the_folder(
    example, capsys, tmp_path, monkeypatch, output, message
) -> None:
    """Once the temporary file's name: `nodir/.x.svg.14491.tmp: No such file or directory`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "file").write_text("")
    assert main(["--project", str(example), "algorithm", SEED, "-o", output]) == 2
    assert capsys.readouterr().err == f"pearls algorithm: error: {message}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_a_full_disk_names_the_output_not_its_temporary_file(
    example, capsys, tmp_path, monkeypatch, full_disk
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--project", str(example), "algorithm", SEED, "-o", "x.svg"]) == 2
    assert capsys.readouterr().err == "pearls algorithm: error: x.svg: No space left on device\n"
    assert list(tmp_path.iterdir()) == []
