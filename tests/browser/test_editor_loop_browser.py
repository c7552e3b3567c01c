"""The harness's editor's loop works end to end: pearls serve, Chromium, one saved edit (times are
never asserted). In a subprocess: Playwright's sync API cannot start inside the suite's own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.archive import write_archive

LOOP = """
import dataclasses, json, sys
from pathlib import Path
from benchmarks.serve import editor_loop
print(json.dumps(dataclasses.asdict(editor_loop(Path(sys.argv[1]), sys.argv[2], 1))))
"""


def test_the_editor_loop_times_a_saved_edit_until_chromium_shows_it(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "archive", pearls=3, references=10)
    pearl = sorted((archive / "content" / "pearls").rglob("*.md"))[1]
    before = pearl.read_text(encoding="utf-8")
    command = [sys.executable, "-c", LOOP, str(archive), "2006-01-25"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    loop = json.loads(done.stdout)
    assert len(loop["runs"]) == 1 and loop["runs"][0] > 0
    assert list(loop["stages"][0]) == ["detected_s", "rebuilt_s", "reloaded_s"]
    assert pearl.read_text(encoding="utf-8") == before  # the edit is undone
