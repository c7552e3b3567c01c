"""Builds are atomic (a killed build leaves the old site whole) and reproducible (same bytes)."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
EPOCH = "1795046400"  # 2026-11-18 00:00 UTC, a Wednesday
TRIALS = 20


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def build_command(project: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "--project", str(project), "build"]


def test_two_builds_of_the_same_sources_are_byte_identical(example_project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first, second = tmp_path / "first", tmp_path / "second"
    assert main(["--project", str(example_project), "build", "-d", str(first)]) == 0
    assert main(["--project", str(example_project), "build", "-d", str(second)]) == 0
    assert snapshot(first) == snapshot(second)
    assert len(snapshot(first)) > 20


def test_two_email_exports_are_byte_identical(example_project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    for name in ("first", "second"):
        out = str(tmp_path / name)
        assert main(["--project", str(example_project), "email", "2021-02-17", "-o", out]) == 0
    assert snapshot(tmp_path / "first") == snapshot(tmp_path / "second")
    assert len(snapshot(tmp_path / "first")) == 5  # four files and the folder's .pearls-output


def test_a_build_killed_at_any_moment_leaves_the_previous_site_whole(example_project):
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    site = example_project / "site"
    subprocess.run(build_command(example_project), env=env, check=True, capture_output=True)
    # The builds killed are rebuilds: timed as one (a rebuild of unchanged sources is quicker).
    started = time.monotonic()
    subprocess.run(build_command(example_project), env=env, check=True, capture_output=True)
    duration = time.monotonic() - started
    before = snapshot(site)
    rng = random.Random(20261124)
    killed = attempts = 0
    # Builds that end before their kill do not count: on a loaded machine a rebuild may take
    # half the time of the one timed, so the builds go on until TRIALS were killed.
    while killed < TRIALS and attempts < 4 * TRIALS:
        attempts += 1
        process = subprocess.Popen(
            build_command(example_project),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0, duration))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait(timeout=120)
        assert snapshot(site) == before
    assert killed == TRIALS
