"""The checked-in publishing workflow: valid YAML that checks, builds and deploys on schedule."""

from __future__ import annotations

from pathlib import Path

from generator.yaml_source import load_yaml

WORKFLOW = Path(__file__).parent.parent / ".github" / "workflows" / "publish.yml"


def workflow() -> dict:
    document, problems = load_yaml(WORKFLOW.read_text(), WORKFLOW)
    assert problems == [] and document is not None
    return document.value


def test_runs_on_push_to_main_and_every_wednesday_morning():
    triggers = workflow()["on"]
    assert triggers["push"]["branches"] == ["main"]
    [schedule] = triggers["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("*", "*", "3")  # cron weekday 3 is Wednesday
    assert int(hour) < 9  # early morning UTC


def test_checks_builds_then_deploys_to_pages():
    jobs = workflow()["jobs"]
    runs = [step.get("run", "") for step in jobs["build"]["steps"]]
    check = next(i for i, run in enumerate(runs) if run.endswith("pearls check"))
    build = next(i for i, run in enumerate(runs) if run.endswith("pearls build"))
    assert check < build
    uses = [step.get("uses", "") for step in jobs["build"]["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert workflow()["permissions"]["pages"] == "write"


def test_restores_the_build_cache_before_building():
    steps = workflow()["jobs"]["build"]["steps"]
    cache = next(
        i for i, step in enumerate(steps) if step.get("uses", "").startswith("actions/cache@")
    )
    build = next(i for i, step in enumerate(steps) if step.get("run", "").endswith("pearls build"))
    assert cache < build
    assert steps[cache]["with"]["path"] == ".cache/pearls"
