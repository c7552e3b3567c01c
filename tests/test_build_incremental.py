"""A cached `pearls build` rebuilds only the pages whose HTML could change, and the site it
publishes is byte for byte the one a `--no-cache` build of the same sources makes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cache import CACHE_DIR
from generator.cli import main
from tests.conftest import EXAMPLE_AS_OF, files_of

OTTAWA = "content/pearls/2026/2026-11-11-ottawa-sah-rule.md"
PERC = "content/pearls/2026/2026-11-18-perc-rule.md"
CEMENT = "content/pearls/2021/2021-02-17-pulmonary-cement-embolism.md"
ADDED = "content/pearls/2026/2026-11-04-added-pearl.md"
ADDED_PEARL = """---
title: An Added Pearl
date: 2026-11-04
authors: [Test Author]
topics: [neurology]
summary: A pearl added between two builds.
---

Text of the added pearl, linking the [PERC pearl](perc-rule.md).
"""
BYLINE = "templates/site/_byline.md.j2"
RECORD = CACHE_DIR / "build" / "site-record.json"


class Builds:
    """Builds of one project: the cached one into ``site``, a fresh one to compare."""

    def __init__(self, root: Path, tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root, self.tmp, self.capsys = root, tmp, capsys
        self.site = tmp / "site"
        self.as_of = EXAMPLE_AS_OF.isoformat()
        self.fresh = 0

    def build(self, site: Path, *extra: str) -> tuple[int, str]:
        """Exit status and stderr of `pearls build` into ``site``."""
        self.capsys.readouterr()
        status = main(
            ["--project", str(self.root), "build", "--as-of", self.as_of, "-d", str(site), *extra]
        )
        return status, self.capsys.readouterr().err

    def full(self) -> tuple[int, str, Path]:
        """A `--no-cache` build of the sources as they are, into a folder of its own: its exit
        status, its stderr (the folder named ``SITE``) and the folder."""
        self.fresh += 1
        site = self.tmp / f"fresh-{self.fresh}"
        status, err = self.build(site, "--no-cache")
        return status, err.replace(str(site), "SITE"), site

    def full_site(self) -> dict[str, str]:
        """The digest of each file a successful `--no-cache` build of the sources as they are
        publishes. A full build is a function of the sources and the day (builds are
        reproducible), so the suite makes each one once: most tests start from the same."""
        key = (self.as_of, frozenset(digests(self.root, skip=CACHE_DIR.parts[0]).items()))
        if key not in _FULL_SITES:
            status, err, site = self.full()
            assert status == 0, err
            _FULL_SITES[key] = digests(site)
        return _FULL_SITES[key]

    def same_as_full(self) -> None:
        """The cached build succeeds and publishes what a full build does."""
        status, err = self.build(self.site)
        assert status == 0, err
        assert digests(self.site) == self.full_site()

    def edit(self, path: str, change: Callable[[str], str]) -> None:
        target = self.root / path
        target.write_text(change(target.read_text(encoding="utf-8")), encoding="utf-8")


#: :meth:`Builds.full_site` by the day and the digest of each source file.
_FULL_SITES: dict[tuple[str, frozenset[tuple[str, str]]], dict[str, str]] = {}


def digests(folder: Path, skip: str = "") -> dict[str, str]:
    """The digest of each file under ``folder`` (but those in its subfolder ``skip``)."""
    files = (p for p in folder.rglob("*") if p.is_file())
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in files
        if p.relative_to(folder).parts[0] != skip
    }


@pytest.fixture
def builds(example_project: Path, tmp_path: Path, capsys) -> Builds:
    """The example project built once with the cache (the record of its site kept)."""
    builds = Builds(example_project, tmp_path, capsys)
    builds.same_as_full()
    assert (example_project / RECORD).is_file()
    return builds


def times(site: Path) -> dict[str, int]:
    """Each page's modification time: a page MkDocs built again has a new one."""
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("index.html")}


def test_nothing_changed_builds_no_page_again(builds: Builds) -> None:
    before = times(builds.site)
    builds.same_as_full()
    assert times(builds.site) == before


def test_a_body_edit_builds_that_pearl_alone(builds: Builds) -> None:
    before = times(builds.site)
    builds.edit(OTTAWA, lambda text: text + "\nA sentence added by the editor.\n")
    builds.same_as_full()
    after = times(builds.site)
    changed = {page for page in before if before[page] != after[page]}
    assert changed == {"pearls/ottawa-sah-rule/index.html"}
    page = (builds.site / "pearls/ottawa-sah-rule/index.html").read_text(encoding="utf-8")
    assert "A sentence added by the editor." in page
    index = json.loads((builds.site / "search/search_index.json").read_text(encoding="utf-8"))
    assert any("A sentence added by the editor." in doc["text"] for doc in index["docs"])


EDITS: list[tuple[str, str, Callable[[str], str]]] = [
    ("a body edit", CEMENT, lambda t: t + "\nAnother sentence.\n"),
    ("a title edit", OTTAWA, lambda t: t.replace("title: The Ottawa SAH", "title: Ottawa's SAH")),
    ("a citation added", OTTAWA, lambda t: t + "\nSee also the PERC study [@kline2004].\n"),
    ("a .bib edit", "references.bib", lambda t: t.replace("Pulmonary cement embolism", "Cement")),
    ("a template edit", BYLINE, lambda t: t.replace("<dt>Published", "<dt>First published")),
    ("site_name", "mkdocs.yml", lambda t: t.replace("site_name: Clinical", "site_name: Our")),
    ("a nav title", "mkdocs.yml", lambda t: t.replace("- Archive:", "- All pearls:")),
    ("a heading", PERC, lambda t: t + "\n## A new section\n\nIts text.\n"),
]


def test_each_edit_publishes_what_a_full_build_does(builds: Builds) -> None:
    for name, path, change in EDITS:
        before = (builds.root / path).read_text(encoding="utf-8")
        builds.edit(path, change)
        assert (builds.root / path).read_text(encoding="utf-8") != before, name
        builds.same_as_full()


def test_pearls_added_removed_and_published_later(builds: Builds) -> None:
    (builds.root / ADDED).write_text(ADDED_PEARL, encoding="utf-8")
    builds.same_as_full()
    assert (builds.site / "pearls/added-pearl/index.html").is_file()
    (builds.root / ADDED).unlink()
    builds.same_as_full()
    assert not (builds.site / "pearls/added-pearl").exists()
    builds.as_of = "2026-11-11"  # the PERC pearl is not out yet
    builds.same_as_full()
    assert not (builds.site / "pearls/perc-rule").exists()
    builds.as_of = EXAMPLE_AS_OF.isoformat()  # now it is
    builds.same_as_full()
    assert (builds.site / "pearls/perc-rule/index.html").is_file()


def _fails_as_a_full_build_does(builds: Builds) -> str:
    """The cached build fails as a full one does, and leaves the site as it was."""
    before = files_of(builds.site)
    stamps = times(builds.site)
    status, err = builds.build(builds.site)
    full_status, full_err, _ = builds.full()
    assert status == full_status == 1
    assert err.replace(str(builds.site), "SITE") == full_err
    assert files_of(builds.site) == before and times(builds.site) == stamps
    return err


def test_a_link_to_a_removed_pearl_fails_as_a_full_build_does(builds: Builds) -> None:
    (builds.root / ADDED).write_text(ADDED_PEARL, encoding="utf-8")
    builds.same_as_full()
    (builds.root / PERC).unlink()
    assert "link to unknown pearl 'perc-rule'" in _fails_as_a_full_build_does(builds)


def test_links_to_anchors_are_checked_on_pages_not_built_again(builds: Builds) -> None:
    builds.edit(PERC, lambda t: t + "\n## Pitfalls\n\nText.\n")
    builds.edit(OTTAWA, lambda t: t + "\nSee [its pitfalls](perc-rule.md#pitfalls).\n")
    builds.same_as_full()
    # A link written to an anchor of a page MkDocs does not build again
    builds.edit(OTTAWA, lambda t: t + "\nAnd [this](perc-rule.md#no-such-section).\n")
    err = _fails_as_a_full_build_does(builds)
    assert "does not contain an anchor '#no-such-section'" in err
    builds.edit(OTTAWA, lambda t: t.replace("\nAnd [this](perc-rule.md#no-such-section).\n", ""))
    builds.same_as_full()
    # The anchor a page not built again links to goes away
    builds.edit(PERC, lambda t: t.replace("## Pitfalls", "## Traps"))
    assert "does not contain an anchor '#pitfalls'" in _fails_as_a_full_build_does(builds)


def test_a_content_error_fails_and_leaves_the_site(builds: Builds) -> None:
    builds.edit(OTTAWA, lambda t: t.replace("date: 2026-11-11", "date: 2026-13-11"))
    _fails_as_a_full_build_does(builds)
    builds.edit(OTTAWA, lambda t: t.replace("date: 2026-13-11", "date: 2026-11-11"))
    builds.same_as_full()


@pytest.mark.parametrize(
    "damage",
    [
        lambda site: (site / "pearls/perc-rule/index.html").write_text("edited by hand"),
        lambda site: (site / "pearls/perc-rule/index.html").unlink(),
        lambda site: shutil.rmtree(site / "pearls/perc-rule"),
        lambda site: (site / "extra.html").write_text("added by hand"),
        lambda site: (site / "search/search_index.json").write_text("{}"),
        lambda site: same_size_and_time(site / "pearls/perc-rule/index.html"),
    ],
    ids=["edited", "deleted", "folder-deleted", "added", "index-edited", "same-size-and-time"],
)
def test_a_site_changed_by_hand_is_built_whole_again(builds: Builds, damage) -> None:
    before = times(builds.site)
    damage(builds.site)
    builds.same_as_full()
    after = times(builds.site)
    assert all(before[page] != after[page] for page in before)


def same_size_and_time(path: Path) -> None:
    """Change one byte of ``path`` and put its modification time back."""
    data, stat = path.read_bytes(), path.stat()
    path.write_bytes(data.replace(b"<title>", b"<titlE>", 1))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def restored(folder: Path, copy: Callable[[str, str], object]) -> None:
    """``folder`` as a CI job restores it from its cache: the same bytes in new files (new
    inodes and change times; modification times as ``copy`` leaves them)."""
    restored = folder.with_name(folder.name + ".restored")
    shutil.copytree(folder, restored, copy_function=copy)
    shutil.rmtree(folder)
    restored.rename(folder)


@pytest.mark.parametrize("copy", [shutil.copy2, shutil.copy], ids=["times-kept", "times-new"])
def test_a_site_and_cache_restored_by_ci_build_no_page_again(
    builds: Builds, copy, monkeypatch
) -> None:
    restored(builds.site, copy)
    restored(builds.root / CACHE_DIR, copy)
    _, stamps = rebuilt_generating_nothing(builds, monkeypatch)
    builds.edit(OTTAWA, lambda text: text + "\nA sentence added by the editor.\n")
    builds.same_as_full()
    assert changed_pages(stamps, builds.site) == {"pearls/ottawa-sah-rule/index.html"}


def test_a_record_that_does_not_match_builds_the_site_whole(builds: Builds) -> None:
    before = times(builds.site)
    (builds.root / RECORD).write_text("not a record", encoding="utf-8")
    builds.same_as_full()
    after = times(builds.site)
    assert all(before[page] != after[page] for page in before)


def test_a_nav_page_without_a_title_in_mkdocs_yml_is_named_on_every_page(builds: Builds) -> None:
    builds.edit("mkdocs.yml", lambda t: t.replace("- About: about.md", "- about.md"))
    builds.same_as_full()
    builds.edit(OTTAWA, lambda t: t + "\nA sentence added by the editor.\n")
    builds.same_as_full()  # the About page is read again for its title in the navigation
    builds.edit("content/pages/about.md", lambda t: t.replace("title: About", "title: About us"))
    builds.same_as_full()
    page = (builds.site / "pearls/perc-rule/index.html").read_text(encoding="utf-8")
    assert "About us" in page


def changed_pages(before: dict[str, int], site: Path) -> set[str]:
    """The pages of ``before`` (:func:`times`) MkDocs built again since, or removed."""
    after = times(site)
    return {page for page in before if before[page] != after.get(page)}


def test_this_weeks_pearl_builds_the_pages_it_changes_alone(builds: Builds) -> None:
    builds.as_of = "2026-11-25"
    builds.same_as_full()
    before = times(builds.site)
    week = ADDED_PEARL.replace("date: 2026-11-04", "date: 2026-11-25")
    week = week.replace("topics: [neurology]", "topics: [anticoagulation]")
    (builds.root / "content/pearls/2026/2026-11-25-added-pearl.md").write_text(week, "utf-8")
    builds.same_as_full()
    assert (builds.site / "pearls/added-pearl/index.html").is_file()
    changed = changed_pages(before, builds.site)
    # the pages that list it, and last week's pearl (it links to the next)...
    assert {"index.html", "archive/index.html", "pearls/perc-rule/index.html"} <= changed
    assert "topics/anticoagulation/index.html" in changed
    # ...not an older pearl, nor the About page
    unrelated = {"pearls/ottawa-sah-rule/index.html", "about/index.html"}
    assert not changed & unrelated


def test_a_link_to_a_page_that_comes_and_goes(builds: Builds) -> None:
    link = "\nRead [the added pearl](pearls/added-pearl.md).\n"
    (builds.root / ADDED).write_text(ADDED_PEARL, encoding="utf-8")
    builds.edit("content/pages/about.md", lambda t: t + link)
    builds.same_as_full()
    about = (builds.site / "about/index.html").read_text(encoding="utf-8")
    assert 'href="../pearls/added-pearl/"' in about
    (builds.root / ADDED).unlink()  # the About page, unchanged, now links to no page
    err = _fails_as_a_full_build_does(builds)
    assert "contains a link 'pearls/added-pearl.md', but the target is not found" in err
    (builds.root / ADDED).write_text(ADDED_PEARL, encoding="utf-8")
    builds.same_as_full()


def test_a_day_later_that_changes_nothing_builds_nothing_again(builds: Builds) -> None:
    before = times(builds.site)
    builds.as_of = "2026-11-19"
    builds.same_as_full()
    assert times(builds.site) == before


def test_a_day_past_a_review_date_builds_that_pearl_with_the_warning(builds: Builds) -> None:
    builds.edit(
        OTTAWA,
        lambda t: t.replace("date: 2026-11-11\n", "date: 2026-11-11\nreview_due: 2026-11-19\n"),
    )
    builds.same_as_full()
    before = times(builds.site)
    builds.as_of = "2026-11-19"  # due today: not overdue yet
    builds.same_as_full()
    assert times(builds.site) == before
    builds.as_of = "2026-11-20"
    builds.same_as_full()
    assert "pearls/ottawa-sah-rule/index.html" in changed_pages(before, builds.site)
    assert "pearls/pulmonary-cement-embolism/index.html" not in changed_pages(before, builds.site)
    page = (builds.site / "pearls/ottawa-sah-rule/index.html").read_text(encoding="utf-8")
    assert "Clinical review overdue" in page


def rebuilt_generating_nothing(
    builds: Builds, monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[str, bytes], dict[str, int]]:
    """Rebuild, failing if any page is generated; the site's files and page times, which the
    rebuild left as they were."""
    before, stamps = files_of(builds.site), times(builds.site)

    def generate_site(*args, **kwargs):
        raise AssertionError("the pages were generated again")

    monkeypatch.setattr("generator.site.hooks.generate_site", generate_site)
    status, err = builds.build(builds.site)
    assert status == 0, err
    assert files_of(builds.site) == before and times(builds.site) == stamps
    monkeypatch.undo()
    return before, stamps


def test_a_rebuild_of_unchanged_sources_generates_nothing(builds: Builds, monkeypatch) -> None:
    rebuilt_generating_nothing(builds, monkeypatch)
    assert digests(builds.site) == builds.full_site()


def test_generated_pages_changed_by_hand_are_generated_again(builds: Builds) -> None:
    docs = builds.root / CACHE_DIR / "docs"
    page = docs / "pearls/perc-rule.md"
    title = 'title: "Ruling Out Pulmonary Embolism'
    assert title in page.read_text(encoding="utf-8")
    for damage in (
        lambda: page.write_text("edited by hand"),
        lambda: page.unlink(),
        lambda: (docs / "extra.md").write_text("# Added by hand\n"),
    ):
        damage()
        builds.same_as_full()
        assert not (docs / "extra.md").exists()
        assert title in page.read_text(encoding="utf-8")


def test_the_published_site_is_never_written_while_a_rebuild_runs(
    builds: Builds, monkeypatch
) -> None:
    """MkDocs writes into an empty folder; the files it left alone are linked in after it."""
    from generator.site import publish

    def stamped(site: Path) -> dict[str, tuple[int, int, int, bytes]]:
        return {
            p.relative_to(site).as_posix(): (
                p.stat().st_ino,
                p.stat().st_mtime_ns,
                p.stat().st_ctime_ns,
                p.read_bytes(),
            )
            for p in site.rglob("*")
            if p.is_file()
        }

    published = stamped(builds.site)
    seen = []
    build = publish.mkdocs_build

    def mkdocs_build(config, **kwargs):
        build(config, **kwargs)
        seen.append(stamped(builds.site) == published)

    monkeypatch.setattr(publish, "mkdocs_build", mkdocs_build)
    builds.edit(OTTAWA, lambda text: text + "\nA sentence added by the editor.\n")
    status, err = builds.build(builds.site)
    assert status == 0, err
    assert seen == [True]
    monkeypatch.undo()
    assert digests(builds.site) == builds.full_site()
    pages = [p for p in published if p.endswith("index.html")]
    kept = [p for p in pages if (builds.site / p).stat().st_ino == published[p][0]]
    assert "pearls/perc-rule/index.html" in kept  # linked in, not written again
    assert "pearls/ottawa-sah-rule/index.html" not in kept


def test_a_filesystem_without_hard_links_gets_copies(builds: Builds, monkeypatch) -> None:
    def link(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr("generator.site.dirty.os.link", link)
    builds.edit(OTTAWA, lambda text: text + "\nA sentence added by the editor.\n")
    builds.same_as_full()
    builds.same_as_full()


def test_a_hook_in_mkdocs_yml_builds_the_site_whole(builds: Builds) -> None:
    """A hook (or a plugin but search) could read every page, or the whole site folder, when
    the build ends: MkDocs' dirty mode would give it only the pages it builds."""
    (builds.root / "count_pages.py").write_text(
        "def on_post_build(config):\n    pass\n", encoding="utf-8"
    )
    builds.edit("mkdocs.yml", lambda t: t + "\nhooks:\n  - count_pages.py\n")
    builds.same_as_full()
    before = times(builds.site)
    builds.same_as_full()
    after = times(builds.site)
    assert all(before[page] != after[page] for page in before)


def test_a_body_edit_generates_the_files_showing_that_body_alone(
    builds: Builds, monkeypatch
) -> None:
    from generator.site.generate import SitePages

    every_file = SitePages.files

    def files(self):
        raise AssertionError("every page was generated again")

    # a pearl, this week's (on the home page), and this week's before it is out
    edits = ((OTTAWA, None), (PERC, None), (PERC, "2026-11-11"))
    for number, (path, as_of) in enumerate(edits):
        builds.as_of = as_of or EXAMPLE_AS_OF.isoformat()
        builds.same_as_full()
        before = times(builds.site)
        sentence = f"Sentence {number} added by the editor."
        builds.edit(path, lambda text, sentence=sentence: f"{text}\n{sentence}\n")
        monkeypatch.setattr(SitePages, "files", files)
        status, err = builds.build(builds.site)
        assert status == 0, err
        monkeypatch.setattr(SitePages, "files", every_file)
        assert digests(builds.site) == builds.full_site(), path
        shown = sentence in (builds.site / "index.html").read_text(encoding="utf-8")
        assert shown == (path == PERC and as_of is None)
        assert changed_pages(before, builds.site) <= {
            "index.html",
            "pearls/ottawa-sah-rule/index.html",
            "pearls/perc-rule/index.html",
            "pearls/pulmonary-cement-embolism/index.html",
        }


WEEKLY_TOPICS = ["neurology", "imaging", "anticoagulation", "clinical-decision-rules"]


ALGORITHM = """
```algorithm
title: What to do
nodes:
  - id: patient
    kind: state
    text: A patient
    next: treat
  - id: treat
    kind: action
    text: Treat
```
"""


def weekly_pearl(number: int, date: str, topics: list[str], extra: str = "") -> str:
    return (
        f"---\ntitle: Weekly Pearl {number}\ndate: {date}\nauthors: [Test Author]\n"
        f"topics: [{', '.join(topics)}]\nsummary: Pearl {number} of an archive.\n---\n\n"
        f"The text of pearl {number}.\n{extra}"
    )


@pytest.fixture
def archive(builds: Builds) -> Builds:
    """The example project with 24 more pearls (more than the feed's 20), built with the cache;
    weekly-6 and weekly-7, at the end of the feed, have a flowchart (drawn as a PNG there)."""
    for number in range(24):
        date = dt.date(2025, 1, 1) + dt.timedelta(weeks=number)
        topics = [WEEKLY_TOPICS[number % 4], WEEKLY_TOPICS[number % 3]]
        extra = "\nCited [@kline2004].\n" if number % 5 == 0 else ""
        extra += ALGORITHM if number in (6, 7) else ""
        path = builds.root / f"content/pearls/2025/{date}-weekly-{number}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(weekly_pearl(number, date.isoformat(), topics, extra), encoding="utf-8")
    builds.as_of = "2026-11-25"
    builds.same_as_full()
    return builds


def rendered_pearls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The slugs of the pearl pages rendered from now on (in this process: no copies)."""
    from generator.site.generate import SitePages

    rendered: list[str] = []
    render = SitePages.pearls

    def pearls(self, items):
        rendered.extend(item.slug for item in items)
        return render(self, items)

    monkeypatch.setattr(SitePages, "pearls", pearls)
    return rendered


def test_only_pearl_pages_showing_a_changed_pearl_are_rendered_again(
    archive: Builds, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When only pearls' files change, a pearl page listing none of them (as related, previous
    or next) is left as it is, and the site is still the one a full build makes."""
    rendered = rendered_pearls(monkeypatch)
    week = "content/pearls/2026/2026-11-25-this-week.md"
    # the pearls sharing imaging and neurology, whose related pearls this week's joins
    imaging_neurology = {"ottawa-sah-rule", "weekly-1", "weekly-4", "weekly-9", "weekly-12",
                         "weekly-13", "weekly-16", "weekly-21"}  # fmt: skip
    changes: list[tuple[str, Callable[[], object], set[str]]] = [
        # this week's; the previous week's links to it, and weekly-6 leaves the feed (and its
        # flowchart's PNG the site)
        ("added", lambda: (archive.root / week).write_text(
            weekly_pearl(99, "2026-11-25", ["imaging", "neurology"]), encoding="utf-8"),
         {"this-week", "perc-rule", "weekly-6"} | imaging_neurology),
        # its own page, its neighbours' and a page listing it as related
        ("a title", lambda: archive.edit(
            "content/pearls/2025/2025-01-08-weekly-1.md",
            lambda t: t.replace("Weekly Pearl 1\n", "Weekly Pearl One\n")),
         {"weekly-1", "weekly-0", "weekly-2", "weekly-13"}),
        # its old neighbours and its new ones, weekly-7 (out of the feed), and the pearls
        # whose related pearls it joins (now the newest of its topics) or leaves
        ("a date", lambda: archive.edit(
            "content/pearls/2025/2025-01-15-weekly-2.md",
            lambda t: t.replace("date: 2025-01-15", "date: 2025-12-31")),
         {"weekly-2", "weekly-1", "weekly-3", "ottawa-sah-rule", "weekly-23", "weekly-7",
          "pulmonary-cement-embolism", "weekly-5", "weekly-6", "weekly-8", "weekly-10",
          "weekly-11", "weekly-14", "weekly-17", "weekly-18", "weekly-20", "weekly-22"}),
        ("a citation", lambda: archive.edit(
            "content/pearls/2025/2025-02-05-weekly-5.md", lambda t: t + "\nMore [@perry2010].\n"),
         {"weekly-5", "weekly-4", "weekly-6", "weekly-10"}),
        # as when it was added, but weekly-7 comes back into the feed
        ("removed", lambda: (archive.root / week).unlink(),
         {"perc-rule", "weekly-7"} | imaging_neurology),
    ]  # fmt: skip
    for name, change, expected in changes:
        change()
        rendered.clear()
        status, err = archive.build(archive.site)
        assert status == 0, err
        made = set(rendered)
        assert digests(archive.site) == archive.full_site(), name
        assert made == expected, f"{name}: {sorted(made)}"
