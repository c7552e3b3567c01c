"""`pearls serve` while the content has errors: every page answers at once, lists the errors
(the line `pearls check` prints, the source line, a caret under the column), a pearl with errors
shows them on its own page while the rest of the site stays browsable, and the page shows the
pearl again once the file is fixed. `pearls build` and `mkdocs build` still refuse."""

from __future__ import annotations

import contextlib
import html
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator.cli import main
from generator.project import load_project
from tests.test_site_serve import fetch, free_port, poll

CEMENT = "content/pearls/2021/2021-02-17-pulmonary-cement-embolism.md"
CEMENT_PAGE = "pearls/pulmonary-cement-embolism/"
OTTAWA_PAGE = "pearls/ottawa-sah-rule/"
_MESSAGE = re.compile(r'<p class="pearls-errors__message">(.*?)</p>', re.S)
_SOURCE = re.compile(r'<pre class="pearls-errors__source"><code>(.*?)</code></pre>', re.S)


def listed(page: str) -> list[str]:
    """The errors a page lists, as text: each one-line diagnostic, then its source line and
    caret line where shown."""
    found = sorted(
        [(m.start(), m[1]) for m in _MESSAGE.finditer(page)]
        + [(m.start(), m[1]) for m in _SOURCE.finditer(page)]
    )
    return [line for _, text in found for line in html.unescape(text).split("\n")]


def break_date(root: Path) -> str:
    """Move the cement pearl to a Thursday; the line `pearls check` prints for it."""
    path = root / CEMENT
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("date: 2021-02-17", "date: 2021-02-18", 1), encoding="utf-8")
    (diagnostic,) = load_project(root).report.errors
    return diagnostic.format(root)


def preview(root: Path) -> Path:
    """Build the site as `mkdocs serve` does (the pearls plugin told it serves): its folder."""
    site = root / "preview"
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return site


@contextlib.contextmanager
def serving(root: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """`pearls serve` on ``root`` (as of 18 November 2026, on a free port) while the block runs:
    its base URL and process."""
    port = free_port()
    command = [sys.executable, "-m", "generator", "--project", str(root), "serve"]
    command += ["--dev-addr", f"127.0.0.1:{port}", "--as-of", "2026-11-18"]
    with log.open("w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        try:
            yield f"http://127.0.0.1:{port}/", process
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=15)


def fix_date(root: Path) -> None:
    path = root / CEMENT
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("date: 2021-02-18", "date: 2021-02-17", 1), encoding="utf-8")


def test_serve_lists_errors_on_every_page_and_shows_the_pearl_once_fixed(
    example_project: Path, tmp_path: Path
) -> None:
    line = break_date(example_project)
    with serving(example_project, tmp_path / "serve.log") as (base, process):
        page = poll(base + CEMENT_PAGE, lambda p: True, process)
        expected = [line, "3 | date: 2021-02-18", "  |       ^"]
        assert listed(page) == expected
        assert "Errors in 2021-02-17-pulmonary-cement-embolism.md" in page
        assert "valveless" not in page

        for other in ("", OTTAWA_PAGE, "archive/"):  # answered at once, listing the errors
            served = fetch(base + other)  # five seconds at most
            assert served is not None and listed(served) == expected
        assert "Ottawa" in fetch(base + OTTAWA_PAGE)  # the rest stays browsable
        assert "Pulmonary Cement Embolism" not in fetch(base + "archive/")  # left out

        fix_date(example_project)
        fixed = poll(base + CEMENT_PAGE, lambda p: "valveless" in p, process)
        assert "pearls-errors" not in fixed
        assert "pearls-errors" not in fetch(base + OTTAWA_PAGE)


def test_a_preview_escapes_what_the_errors_quote(example_project: Path) -> None:
    path = example_project / CEMENT
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - anticoagulation", "  - <img src=x>"), encoding="utf-8")
    site = preview(example_project)
    page = (site / CEMENT_PAGE / "index.html").read_text(encoding="utf-8")
    assert listed(page) == [
        f"{CEMENT}:9:5: error[TOP010]: unknown topic '<img src=x>' (add it to content/topics.yml)",
        "9 |   - <img src=x>",
        "  |     ^",
    ]
    assert "<img src=x>" not in page and "&lt;img src=x&gt;" in page


def test_a_page_with_errors_is_left_out_and_the_other_pages_list_them(
    example_project: Path,
) -> None:
    about = example_project / "content/pages/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n")
    errors = load_project(example_project).report.errors
    assert errors and {d.path for d in errors} == {about}
    site = preview(example_project)
    page = (site / "about/index.html").read_text(encoding="utf-8")
    assert "alert(1)</script>" not in page
    assert "This page (content/pages/about.md) is left out of the preview" in page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert listed(home)[0] == errors[0].format(example_project)


def test_mkdocs_and_pearls_build_still_refuse_content_errors(
    example_project: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    line = break_date(example_project)
    config = load_config(str(example_project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    with pytest.raises(Abort):
        build(config)
    config.plugins.on_shutdown()
    assert "content errors: nothing was built (1 to fix above)" in caplog.messages
    assert main(["--project", str(example_project), "build"]) == 1
    assert line in capsys.readouterr().err
    assert not (example_project / "site").exists()


def test_a_broken_template_stops_the_preview_on_one_page_until_it_is_fixed(
    example_project: Path,
) -> None:
    template = example_project / "templates/site/pearl.md.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("{% if related %}", "{% if related %}{{ nope }}", 1))
    number = text.splitlines().index("{% if related %}") + 1
    site = preview(example_project)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert listed(home) == [
        f"templates/site/pearl.md.j2:{number}: template error: 'nope' is undefined",
        f"{number} | {{% if related %}}{{{{ nope }}}}",
    ]
    assert "<h1" in home and "Preview stopped" in home
    assert not (site / CEMENT_PAGE).exists()

    template.write_text(text, encoding="utf-8")
    site = preview(example_project)
    assert "valveless" in (site / CEMENT_PAGE / "index.html").read_text(encoding="utf-8")
    assert "pearls-errors" not in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1:99999", "127.0.0.1:-1", ":8000", "localhost", "nosuchhost:8000", "256.0.0.1:8000"],
)
def test_an_address_no_server_can_bind_is_one_line_before_anything_starts(
    example_project: Path, capsys, address: str
) -> None:
    # A port over 65535 was an OverflowError traceback from MkDocs' server, after a build.
    with pytest.raises(SystemExit) as stopped:
        main(["--project", str(example_project), "serve", "-a", address])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"pearls serve: error: argument -a/--dev-addr: '{address}' is not IP:PORT with a port "
        "from 0 to 65535 (e.g. 127.0.0.1:8000)"
    )
    assert not (example_project / "site").exists()


def test_a_port_another_server_holds_is_one_line_before_anything_starts(
    example_project: Path, capsys
) -> None:
    """It was MkDocs' 'OSError: [Errno 98] Address already in use' traceback, after a build."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for host in ("127.0.0.1", "localhost"):
            address = f"{host}:{port}"
            assert main(["--project", str(example_project), "serve", "-a", address]) == 2
            assert capsys.readouterr().err.splitlines() == [
                f"pearls serve: error: cannot serve on {address}: Address already in use; "
                "another server (another `pearls serve`?) listens there: stop it, or give "
                f"another port, e.g. -a {host}:8000"
            ]
    assert not (example_project / "site").exists()


def test_an_address_not_of_this_machine_is_one_line_before_anything_starts(
    example_project: Path, capsys
) -> None:
    status = main(["--project", str(example_project), "serve", "-a", "192.0.2.1:8000"])
    assert status == 2
    assert capsys.readouterr().err.splitlines() == [
        "pearls serve: error: cannot serve on 192.0.2.1:8000: Cannot assign requested address; "
        "give an address of this machine, e.g. -a 127.0.0.1:8000"
    ]
