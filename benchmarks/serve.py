"""The editor's loop: seconds from saving a pearl to `pearls serve` showing it in Chromium.

`pearls serve` runs `mkdocs serve`, whose log says when it saw the change and when the rebuild
ended; with the moment of the write and the moment the reloaded page shows the new sentence,
that splits each run into noticing the edit, rebuilding, and reloading the page.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
#: How long the first build of `pearls serve` may take (10,000 pearls on a slow machine).
START_TIMEOUT_S = 1800.0


@dataclass
class Loop:
    """Each run's seconds from the write to the page showing it, and where the time went."""

    runs: list[float] = field(default_factory=list)
    #: Per run: write → MkDocs detected the change, → rebuild done, → page shows the edit.
    stages: list[dict[str, float]] = field(default_factory=list)


class Log:
    """The server's output lines, each with the moment it arrived, read on a thread."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.lines: list[tuple[float, str]] = []
        self.changed = threading.Condition()
        self.thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self.thread.start()

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            with self.changed:
                self.lines.append((time.perf_counter(), line.rstrip()))
                self.changed.notify_all()

    def wait_for(self, pattern: str, after: float, timeout: float) -> tuple[float, str]:
        """The first line matching ``pattern`` that arrived after ``after``."""

        def found() -> tuple[float, str] | None:
            return next(
                ((t, s) for t, s in self.lines if t > after and re.search(pattern, s)), None
            )

        with self.changed:
            waited = self.changed.wait_for(lambda: found() or not self.thread.is_alive(), timeout)
            line = found()
            # The server's last lines, each with its second after ``after``: what it was doing.
            tail = " | ".join(f"{t - after:+.2f} s {s}" for t, s in self.lines[-6:])
        if not waited:
            raise RuntimeError(f"no {pattern!r} from pearls serve in {timeout:.0f} s: {tail}")
        if line is None:
            raise RuntimeError(f"pearls serve stopped: {tail}")
        return line


def stop(process: subprocess.Popen) -> None:
    """Ctrl-C to `pearls serve` and the `mkdocs serve` under it (MkDocs ends a rebuild first);
    killed if they are still there a minute later."""
    os.killpg(process.pid, signal.SIGINT)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=60)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # whatever is left of the group
    process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def unavailable() -> str:
    """Why the loop cannot be measured here ('' when it can)."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return ""


def editor_loop(archive: Path, as_of: str, repeat: int, timeout: float = 900.0) -> Loop:
    """Serve ``archive``, open its middle pearl in Chromium and, ``repeat`` times, append a new
    sentence to that pearl's file and time until the page shows it (``timeout`` s at most)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    paths = sorted((archive / "content" / "pearls").rglob("*.md"))
    path = paths[len(paths) // 2]
    original = path.read_text(encoding="utf-8")
    slug = path.stem.split("-", 3)[3]  # YYYY-MM-DD-slug.md
    port = free_port()
    command = [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", NO_COLOR="1")
    process = subprocess.Popen(
        [*command, "--as-of", as_of],
        cwd=archive,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: MkDocs under it is stopped with it
    )
    loop = Loop()
    try:
        log = Log(process)
        log.wait_for(r"Serving on", 0.0, START_TIMEOUT_S)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            for run in range(repeat):
                with page.expect_request(lambda r: "/livereload/" in r.url, timeout=timeout * 1e3):
                    page.goto(f"http://127.0.0.1:{port}/pearls/{slug}/")
                sentence = f"The editor saved sentence number {run + 1}."
                start = time.perf_counter()
                path.write_text(f"{original}\n{sentence}\n", encoding="utf-8")
                try:
                    page.get_by_text(sentence).wait_for(timeout=timeout * 1e3)
                except PlaywrightTimeout:
                    last = log.lines[-1][1] if log.lines else "(nothing)"
                    raise RuntimeError(
                        f"run {run + 1}: the page did not show the edit in {timeout:.0f} s; "
                        f"the server's last line: {last}"
                    ) from None
                shown = time.perf_counter()
                detected, _ = log.wait_for(r"Detected file changes", start, timeout)
                # Not "Documentation built in": MkDocs' command line logs a build message once
                # (`DuplicateFilter`), so a rebuild as long as an earlier one, to the hundredth
                # of a second, says nothing. The reload follows the build at once.
                built, _ = log.wait_for(r"Reloading browsers", start, timeout)
                loop.runs.append(shown - start)
                loop.stages.append(
                    {
                        "detected_s": detected - start,
                        "rebuilt_s": built - detected,
                        "reloaded_s": shown - built,
                    }
                )
            browser.close()
    finally:
        path.write_text(original, encoding="utf-8")
        stop(process)
    return loop
