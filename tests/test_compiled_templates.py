"""Templates compiled by earlier runs are reused from the project's cache, never stale."""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator.cache import CACHE_DIR
from generator.templates import CompiledTemplates


def render(root: Path, source: str) -> str:
    """``source`` as template ``page.j2`` of a fresh environment using the project's cache."""
    (root / "page.j2").write_text(source, encoding="utf-8")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root)),
        bytecode_cache=CompiledTemplates.in_project(root),
    )
    return env.get_template("page.j2").render(name="PERC")


def test_a_template_is_compiled_once_and_again_when_it_changes(tmp_path: Path) -> None:
    assert render(tmp_path, "Rule out with {{ name }}") == "Rule out with PERC"
    kept = list((tmp_path / CACHE_DIR / "jinja").iterdir())
    assert len(kept) == 1
    assert render(tmp_path, "Rule out with {{ name }}") == "Rule out with PERC"
    assert render(tmp_path, "Apply {{ name }} only when gestalt is low") == (
        "Apply PERC only when gestalt is low"
    )


def test_a_damaged_compiled_template_is_compiled_again(tmp_path: Path) -> None:
    render(tmp_path, "Rule out with {{ name }}")
    for kept in (tmp_path / CACHE_DIR / "jinja").iterdir():
        kept.write_bytes(b"not compiled code")
    assert render(tmp_path, "Rule out with {{ name }}") == "Rule out with PERC"


def test_templates_compiled_by_another_version_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / CACHE_DIR / "jinja"
    folder.mkdir(parents=True)
    (folder / "0123456789abcdef-old").write_bytes(b"compiled by another version")
    render(tmp_path, "Rule out with {{ name }}")
    names = [p.name for p in folder.iterdir()]
    assert len(names) == 1 and not names[0].startswith("0123456789abcdef")


def test_a_symlink_in_the_cache_is_never_written_through(tmp_path: Path) -> None:
    render(tmp_path, "Rule out with {{ name }}")
    (kept,) = (tmp_path / CACHE_DIR / "jinja").iterdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("the editor's file", encoding="utf-8")
    kept.unlink()
    kept.symlink_to(outside)
    assert render(tmp_path, "Rule out with {{ name }}") == "Rule out with PERC"
    assert outside.read_text(encoding="utf-8") == "the editor's file"
