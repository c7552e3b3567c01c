"""The home page's pearl: the latest published one, unless mkdocs.yml names another."""

from __future__ import annotations

from pathlib import Path

from generator.cli import main


def configure(project: Path, line: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text().replace("      content_dir:", f"      {line}\n      content_dir:", 1)
    config.write_text(text)


def home_title(project: Path) -> str:
    """The title under "This week's pearl" on the home page."""
    html = (project / "site" / "index.html").read_text()
    after = html.split("This week's pearl", 1)[1]
    return after.split("<h1", 1)[1].split("</h1>", 1)[0]


def build(project: Path) -> int:
    return main(["--project", str(project), "build", "--as-of", "2026-11-18"])


def test_home_shows_the_latest_published_pearl(example_project):
    assert build(example_project) == 0
    assert "Ruling Out Pulmonary Embolism With PERC" in home_title(example_project)


def test_home_pearl_setting_overrides_the_latest(example_project):
    configure(example_project, "home_pearl: ottawa-sah-rule")
    assert build(example_project) == 0
    assert "The Ottawa SAH Rule for Acute Headache" in home_title(example_project)


def test_unknown_home_pearl_and_style_are_reported_in_mkdocs_yml(example_project, capsys):
    configure(example_project, "home_pearl: ottawa-sah\n      citation_style: vancuover")
    assert main(["--project", str(example_project), "check"]) == 1
    lines = capsys.readouterr().err.splitlines()
    config_lines = example_project.joinpath("mkdocs.yml").read_text().splitlines()
    home_line = next(i for i, text in enumerate(config_lines, 1) if "home_pearl:" in text)
    assert (
        f"mkdocs.yml:{home_line}:7: error[CFG006]: home_pearl 'ottawa-sah' is not the slug "
        "of any pearl (did you mean 'ottawa-sah-rule'?)"
    ) in lines
    assert (
        f"mkdocs.yml:{home_line + 1}:7: error[CFG005]: unknown citation style 'vancuover' "
        "(use one of: ama, short, vancouver; a style of another package needs that package "
        "installed wherever pearls runs (the publish workflow's install step, the pre-commit "
        "hook's additional_dependencies))"
    ) in lines
