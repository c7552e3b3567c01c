"""`mkdocs build`, `pearls build`, `pearls serve` and `mkdocs serve` make the same pages: the
plugin gets what it needs from its own options and MkDocs' command, never from state the CLI left
behind. Uses a copy of the example project, as of :data:`~tests.conftest.EPOCH` (every pearl
published, no drafts: a preview shows the same pearls as a build)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from generator.cli import main
from tests.conftest import EPOCH
from tests.test_site_serve import free_port, poll

#: A page of the site and a pearl's page.
PAGES = ("", "pearls/perc-rule/")
SITE_URL = "https://pearls.example.org/"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}


def served(command: list[str], log: Path) -> dict[str, str]:
    """The pages as the server ``command`` (run with ``-a ADDR`` added) serves them, with the
    serve address put back to the site's URL and MkDocs' live-reload script taken out."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    with log.open("w") as output:
        process = subprocess.Popen(
            [*command, "-a", f"127.0.0.1:{port}"], stdout=output, stderr=subprocess.STDOUT, env=ENV
        )
        try:
            pages = {page: poll(base + page, lambda _: True, process) for page in PAGES}
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
    return {page: _without_livereload(html.replace(base, SITE_URL)) for page, html in pages.items()}


def _without_livereload(html: str) -> str:
    """``html`` without MkDocs' inline live-reload script and the one the pearls plugin adds to
    a served page (MkDocs' is refused by the page's Content-Security-Policy)."""
    head, script = html.rsplit("<script>", 1)
    assert "livereload" in script
    html, served = _PLUGIN_LIVERELOAD.subn("", head + script.split("</script>", 1)[1])
    assert served == 1
    return html


_PLUGIN_LIVERELOAD = re.compile(r'\n *<script src="(?:\.\./)*assets/livereload\.js"></script>\n *')


def built(site: Path) -> dict[str, str]:
    return {page: (site / page / "index.html").read_text(encoding="utf-8") for page in PAGES}


def test_mkdocs_build_pearls_build_pearls_serve_and_mkdocs_serve_make_the_same_pages(
    example_project: Path, tmp_path: Path, monkeypatch
) -> None:
    config = str(example_project / "mkdocs.yml")
    mkdocs_site = tmp_path / "mkdocs-site"
    mkdocs = [sys.executable, "-m", "mkdocs"]
    subprocess.run([*mkdocs, "build", "-f", config, "-d", str(mkdocs_site)], env=ENV, check=True)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert main(["--project", str(example_project), "build"]) == 0

    pages = built(mkdocs_site)
    assert "Ruling Out Pulmonary Embolism With PERC" in pages["pearls/perc-rule/"]
    assert built(example_project / "site") == pages
    pearls_serve = [sys.executable, "-m", "generator", "--project", str(example_project), "serve"]
    assert served(pearls_serve, tmp_path / "pearls-serve.log") == pages
    assert served([*mkdocs, "serve", "-f", config], tmp_path / "mkdocs-serve.log") == pages
