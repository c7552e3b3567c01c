"""`pearls serve` rebuilds only what an edit changes (generator/site/live.py and MkDocs' dirty
builds), and never shows a stale page: after a series of edits every page it serves, the feed and
the search index are those a fresh `pearls serve` of the same files serves."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from generator.project import load_project
from generator.site.live import generate_live
from generator.site.model import SiteOptions
from tests.conftest import EPOCH, EXAMPLE_AS_OF
from tests.test_same_pages import ENV, _without_livereload
from tests.test_site_serve import fetch, free_port, poll, stop

PEARLS = "content/pearls"
CEMENT = f"{PEARLS}/2021/2021-02-17-pulmonary-cement-embolism.md"
PERC = f"{PEARLS}/2026/2026-11-18-perc-rule.md"
OTTAWA = f"{PEARLS}/2026/2026-11-11-ottawa-sah-rule.md"
NEW = f"{PEARLS}/2026/2026-11-04-new-pearl.md"
assert EPOCH  # the example's pearls are all published as of ENV's SOURCE_DATE_EPOCH


class Serve:
    """`pearls serve` on a project, its pages fetched by path."""

    def __init__(self, project: Path, log: Path) -> None:
        port = free_port()
        self.base = f"http://127.0.0.1:{port}/"
        command = [sys.executable, "-m", "generator", "--project", str(project), "serve"]
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [*command, "-a", f"127.0.0.1:{port}"],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=ENV,
        )

    def wait(self, path: str, done: Callable[[str], bool]) -> str:
        return poll(self.base + path, done, self.process)

    def site(self) -> dict[str, str]:
        """Every page of the sitemap, the feed and the search index, as served (the serve's
        address put back to the site's, MkDocs' live-reload script taken out of pages)."""
        sitemap = self.wait("sitemap.xml", lambda _: True)
        paths = [url.removeprefix(self.base) for url in re.findall(r"<loc>([^<]*)</loc>", sitemap)]
        pages = {
            path: _without_livereload(self.wait(path, lambda _: True)) for path in sorted(paths)
        }
        pages["feed.xml"] = self.wait("feed.xml", lambda _: True)
        pages["search/search_index.json"] = self.wait("search/search_index.json", lambda _: True)
        return {path: text.replace(self.base, "/") for path, text in pages.items()}

    def stop(self) -> None:
        stop(self.process)
        self.log.close()


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(project: Path, name: str, text: str) -> None:
    path = project / name
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_after_every_kind_of_edit_a_serve_shows_what_a_fresh_serve_shows(
    example_project: Path, tmp_path: Path
) -> None:
    project = example_project
    serve = Serve(project, tmp_path / "live.log")
    try:
        serve.wait("", lambda page: "PERC" in page)
        cement = "pearls/pulmonary-cement-embolism/"
        # A body edit (the fast path): the pearl's page and the feed show it.
        append(project, CEMENT, "\nThe first edit of the body.\n")
        serve.wait(cement, lambda page: "The first edit of the body." in page)
        serve.wait("feed.xml", lambda feed: "The first edit of the body." in feed)
        # The featured pearl's body: the home page too.
        append(project, PERC, "\nThe featured pearl, edited.\n")
        serve.wait("", lambda page: "The featured pearl, edited." in page)
        # A title: every listing.
        edit(project, OTTAWA, "title: The Ottawa SAH Rule", "title: The Edited Ottawa Rule")
        serve.wait("archive/", lambda page: "The Edited Ottawa Rule" in page)
        # A citation added: the pearl's references and the References page.
        append(project, OTTAWA, "\nAlso in the PERC studies [@kline2004].\n")
        serve.wait("pearls/ottawa-sah-rule/", lambda page: page.count('id="ref-') == 3)
        # The .bib: every page citing the entry.
        bib = (project / "references.bib").read_text(encoding="utf-8")
        title = re.search(r"@\w+\{perry2010,.*?title\s*=\s*\{([^}]*)\}", bib, re.DOTALL)
        assert title is not None
        edit(project, "references.bib", title[1], "An Edited Title of the Derivation Study")
        serve.wait("references/", lambda page: "An Edited Title of the Derivation" in page)
        # A pearl added, then removed: its page goes away.
        new = (project / OTTAWA).read_text(encoding="utf-8")
        new = new.replace("date: 2026-11-11", "date: 2026-11-04").replace(
            "The Edited Ottawa Rule", "A New Pearl"
        )
        (project / NEW).write_text(new, encoding="utf-8")
        serve.wait("pearls/new-pearl/", lambda page: "A New Pearl" in page)
        (project / NEW).unlink()
        serve.wait("archive/", lambda page: "A New Pearl" not in page)
        assert fetch(serve.base + "pearls/new-pearl/") is None
        # An error lists itself on every page (the pearl's page shows it), and goes once mended.
        append(project, CEMENT, "\nA key that is not in the .bib [@nosuchkey].\n")
        serve.wait("topics/", lambda page: "nosuchkey" in page)
        edit(project, CEMENT, "\nA key that is not in the .bib [@nosuchkey].\n", "")
        serve.wait("topics/", lambda page: "nosuchkey" not in page)
        # A template.
        append(project, "templates/site/pearl.md.j2", "\nEdited template.\n")
        serve.wait(cement, lambda page: "<p>Edited template.</p>" in page)
        # And the body again, after all that.
        append(project, CEMENT, "\nThe last edit of the body.\n")
        serve.wait(cement, lambda page: "The last edit of the body." in page)
        live = serve.site()
    finally:
        serve.stop()
    fresh_serve = Serve(project, tmp_path / "fresh.log")
    try:
        fresh = fresh_serve.site()
    finally:
        fresh_serve.stop()
    assert sorted(live) == sorted(fresh)
    assert "pearls/new-pearl/" not in live
    for path, page in fresh.items():
        if path != "search/search_index.json":
            assert live[path] == page, path
    index = json.loads(live["search/search_index.json"])
    assert index == json.loads(fresh["search/search_index.json"])
    locations = [entry["location"] for entry in index["docs"]]
    assert len(locations) == len(set(locations))
    assert "pearls/pulmonary-cement-embolism/" in locations


def test_a_body_edit_marks_only_the_page_showing_that_body_for_mkdocs_to_rebuild(
    example_project,
) -> None:
    """A serve's dirty build rebuilds the pages whose Markdown file is newer than their HTML: after
    an edit to one pearl's body only its page is marked (and rendered again); a title, shown on
    other pages, marks them too."""
    docs = example_project / "docs"
    options = SiteOptions(EXAMPLE_AS_OF, preview=True, use_cache=True, live=True)

    def build(previous):
        load = lambda: load_project(example_project, use_cache=True)  # noqa: E731
        return generate_live(example_project, docs, options, str, previous, load)

    def stamps() -> dict[str, int]:
        return {p.relative_to(docs).as_posix(): p.stat().st_mtime_ns for p in docs.rglob("*.md")}

    first = build(None)
    before = stamps()
    append(example_project, CEMENT, "An editor's new sentence.")
    second = build(first)
    after = stamps()
    assert second.pages is first.pages  # the site was not generated again
    assert [page for page in after if after[page] != before[page]] == [
        "pearls/pulmonary-cement-embolism.md"
    ]
    assert "An editor's new sentence." in (docs / "pearls/pulmonary-cement-embolism.md").read_text()
    edit(example_project, CEMENT, "title: Pulmonary Cement Embolism", "title: Cement Emboli")
    third = build(second)
    marked = {page for page, stamp in stamps().items() if stamp != after[page]}
    assert third.pages is not second.pages
    assert {"archive/index.md", "pearls/pulmonary-cement-embolism.md"} <= marked
