"""The publishing workflows, this repository's and the one `pearls init` writes: valid YAML that
checks, builds and deploys on schedule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.commands.init import TOOL_REPOSITORY, TOOL_REVISION, scaffold
from generator.yaml_source import load_yaml

PATH = Path(".github") / "workflows" / "publish.yml"
WORKFLOWS = {
    "checked-in": (Path(__file__).parent.parent / PATH).read_text(),
    "pearls init": scaffold(dt.date(2026, 11, 18))[PATH.as_posix()],
}


@pytest.fixture(params=list(WORKFLOWS))
def workflow(request: pytest.FixtureRequest) -> dict:
    document, problems = load_yaml(WORKFLOWS[request.param], PATH)
    assert problems == [] and document is not None
    return document.value


def test_runs_on_push_to_main_and_every_wednesday_morning(workflow):
    triggers = workflow["on"]
    assert triggers["push"]["branches"] == ["main"]
    [schedule] = triggers["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("*", "*", "3")  # cron weekday 3 is Wednesday
    assert int(hour) < 9  # early morning UTC


def test_checks_builds_then_deploys_to_pages(workflow):
    jobs = workflow["jobs"]
    runs = [step.get("run", "") for step in jobs["build"]["steps"]]
    check = next(i for i, run in enumerate(runs) if run.endswith("pearls check"))
    build = next(i for i, run in enumerate(runs) if run.endswith("pearls build"))
    assert check < build
    uses = [step.get("uses", "") for step in jobs["build"]["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert workflow["permissions"]["pages"] == "write"


def test_restores_the_build_cache_and_the_last_site_before_building(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    cache = next(
        i for i, step in enumerate(steps) if step.get("uses", "").startswith("actions/cache@")
    )
    build = next(i for i, step in enumerate(steps) if step.get("run", "").endswith("pearls build"))
    assert cache < build
    assert steps[cache]["with"]["path"].split() == [".cache/pearls", "site"]
    assert steps[cache]["with"]["key"] == "pearls-${{ github.sha }}"


def test_the_new_repository_installs_the_tool_from_its_repository_and_release():
    document, _ = load_yaml(WORKFLOWS["pearls init"], PATH)
    runs = [step.get("run", "") for step in document.value["jobs"]["build"]["steps"]]
    assert f'pip install "clinical-pearls @ git+{TOOL_REPOSITORY}@{TOOL_REVISION}"' in runs
