"""`pearls serve`: a live preview on localhost that rebuilds after an edit to the content or the
templates."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def poll(url: str, done: Callable[[str], bool], process: subprocess.Popen) -> str:
    """GET ``url`` until ``done(page)``; fail after TIMEOUT seconds or if the server died."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, "pearls serve stopped"
        page = fetch(url)
        if page is not None and done(page):
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} did not change within {TIMEOUT} s")


def stop(process: subprocess.Popen) -> None:
    """Ctrl-C the server, as an editor would; kill it if it does not stop."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_serve_rebuilds_after_a_content_edit(example_project: Path, tmp_path: Path) -> None:
    # A new clone may lack the generated pages' folder, which MkDocs refuses: serve makes it.
    shutil.rmtree(example_project / "generated")
    port = free_port()
    pearls = Path(sys.executable).parent / "pearls"
    command = [str(pearls), "--project", str(example_project), "serve"]
    command += ["--dev-addr", f"127.0.0.1:{port}", "--as-of", "2026-11-17"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        base = f"http://127.0.0.1:{port}/"
        page = poll(base + "pearls/pulmonary-cement-embolism/", lambda p: "valveless" in p, process)
        assert "Edited by the serve test" not in page

        future = poll(base + "pearls/perc-rule/", lambda p: True, process)
        assert "Not yet published" in future  # the editor previews next week's pearl

        seed = next((example_project / "content/pearls/2021").glob("*.md"))
        text = seed.read_text(encoding="utf-8")
        seed.write_text(text + "\nEdited by the serve test.\n", encoding="utf-8")
        poll(
            base + "pearls/pulmonary-cement-embolism/",
            lambda p: "Edited by the serve test" in p,
            process,
        )
    finally:
        stop(process)
        log.close()


def test_serve_rebuilds_after_an_edit_in_the_configured_templates_folder(
    example_project: Path, tmp_path: Path
) -> None:
    config = example_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("templates: templates", "templates: ours"), encoding="utf-8")
    home = example_project / "ours" / "site" / "home.md.j2"
    home.parent.mkdir(parents=True)
    packaged = (example_project / "templates" / "site" / "home.md.j2").read_text(encoding="utf-8")
    home.write_text(packaged, encoding="utf-8")
    port = free_port()
    command = [sys.executable, "-m", "generator", "--project", str(example_project), "serve"]
    command += ["--dev-addr", f"127.0.0.1:{port}"]
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}/"
        assert "Edited template" not in poll(base, lambda page: True, process)
        home.write_text(packaged + "\nEdited template.\n", encoding="utf-8")
        poll(base, lambda page: "<p>Edited template.</p>" in page, process)
    finally:
        stop(process)
        log.close()


def test_sigterm_stops_the_server_under_pearls_serve_too(
    example_project: Path, tmp_path: Path
) -> None:
    """`kill`, `timeout` and service managers stop a process with SIGTERM: the preview stops
    serving (by default SIGTERM would end `pearls` alone and leave MkDocs serving the port)."""
    port = free_port()
    command = [sys.executable, "-m", "generator", "--project", str(example_project), "serve"]
    command += ["--dev-addr", f"127.0.0.1:{port}"]
    log = (tmp_path / "serve.log").open("w")
    # its own process group, so the test can clear away whatever is left of it
    process = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        poll(base, lambda page: True, process)
        process.send_signal(signal.SIGTERM)
        status = process.wait(timeout=30)
        assert fetch(base) is None  # nothing serves the port any more
        assert status == 0  # MkDocs shut down as after Ctrl-C
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        log.close()


def _serve_in_group(example_project: Path, tmp_path: Path, *shell: str) -> tuple:
    """`pearls serve` in a process group of its own, started by ``sh -c`` with ``shell``
    before it (e.g. ``trap '' INT``, as a script's ``pearls serve &`` has): the process, its
    log's path and the address it serves."""
    port = free_port()
    command = [sys.executable, "-m", "generator", "--project", str(example_project), "serve"]
    command += ["--dev-addr", f"127.0.0.1:{port}"]
    script = "; ".join([*shell, 'exec "$@"'])
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            ["sh", "-c", script, "sh", *command],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return process, log_path, f"http://127.0.0.1:{port}/"


def test_sigterm_stops_a_serve_started_in_the_background_of_a_script(
    example_project: Path, tmp_path: Path
) -> None:
    """A script's `pearls serve &` runs with SIGINT ignored, and MkDocs inherited that: the
    SIGINT `pearls` passed on did nothing, and `kill` left both running for ever."""
    process, log, base = _serve_in_group(example_project, tmp_path, "trap '' INT")
    try:
        poll(base, lambda page: True, process)
        process.send_signal(signal.SIGTERM)
        status = process.wait(timeout=30)
        assert fetch(base) is None
        assert status == 0, log.read_text()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_sigterm_to_the_whole_group_stops_the_preview_without_an_error(
    example_project: Path, tmp_path: Path
) -> None:
    """`timeout`, systemd and `docker stop` send SIGTERM to every process of the group: MkDocs
    ended by it is a stop asked for, not 'mkdocs serve stopped (exit status -15)', and the
    copy of the site MkDocs served from its temporary folder is not left behind."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process, log, base = _serve_in_group(example_project, tmp_path, f"export TMPDIR={temporary}")
    try:
        poll(base, lambda page: True, process)
        os.killpg(process.pid, signal.SIGTERM)
        status = process.wait(timeout=30)
        assert fetch(base) is None
        assert "mkdocs serve stopped" not in log.read_text()
        assert status == 0, log.read_text()
        assert list(temporary.iterdir()) == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
