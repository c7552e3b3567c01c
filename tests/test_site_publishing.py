"""Publishing the site: the embargo, previews, the Atom feed, atomic builds and MkDocs itself."""

from __future__ import annotations

import calendar
import datetime as dt
import gzip
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import markupsafe
import pytest

from generator.cli import main
from generator.outputs import PREVIOUS, make_staging
from generator.project import load_project
from generator.site import SiteOptions, generate_site
from generator.site.hooks import markdown_renderer, on_post_template
from tests.conftest import REPO, files_of

ATOM = "{http://www.w3.org/2005/Atom}"
PERC_TRACES = ("perc-rule", "Ruling Out Pulmonary Embolism With PERC", "rule-out criteria")


def pearls(*args: str) -> int:
    return main([str(a) for a in args])


def epoch(day: dt.date) -> str:
    return str(calendar.timegm(day.timetuple()))


def site_text(site: Path) -> dict[str, str]:
    """Every file of a built site as text (gzip opened, binary files skipped)."""
    texts = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        try:
            texts[path.relative_to(site).as_posix()] = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
    return texts


def add_pearl(root: Path, day: dt.date, slug: str, text: str, draft: bool = False) -> Path:
    path = root / "content" / "pearls" / str(day.year) / f"{day.isoformat()}-{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: {slug.replace('-', ' ').title()}\ndate: {day.isoformat()}\n"
        f"authors: [Test Author]\ntopics: [neurology]\nsummary: About {slug}.\n"
        f"draft: {'true' if draft else 'false'}\n---\n\n{text}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def project(example_project: Path) -> Path:
    return example_project


def test_a_pearl_appears_nowhere_before_its_date(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(dt.date(2026, 11, 17)))
    assert pearls("--project", project, "build") == 0
    texts = site_text(project / "site")
    for trace in PERC_TRACES:
        leaks = [name for name, text in texts.items() if trace in text]
        assert not leaks, (trace, leaks)
    assert "Ottawa" in texts["index.html"]  # the day before, the Ottawa pearl is this week's


def test_on_its_date_a_pearl_appears_everywhere_it_should(project: Path) -> None:
    assert pearls("--project", project, "build", "--as-of", "2026-11-18") == 0
    texts = site_text(project / "site")
    for page in (
        "index.html",
        "pearls/perc-rule/index.html",
        "archive/2026/index.html",
        "topics/clinical-decision-rules/index.html",
        "algorithms/index.html",
        "references/index.html",
        "feed.xml",
        "sitemap.xml",
        "search/search_index.json",
    ):
        assert "perc-rule" in texts[page] or "PERC" in texts[page], page


def test_a_draft_is_never_built_but_is_previewed_marked(project: Path, tmp_path: Path) -> None:
    add_pearl(project, dt.date(2021, 2, 24), "zygomorphic-draft", "Zygomorphic words.", draft=True)
    assert pearls("--project", project, "build", "--as-of", "2030-01-01") == 0
    assert not any("ygomorphic" in text for text in site_text(project / "site").values())

    loaded = load_project(project)
    docs = tmp_path / "preview"
    generate_site(loaded, docs, SiteOptions(dt.date(2026, 11, 17), preview=True), lambda text: text)
    draft = (docs / "pearls/zygomorphic-draft.md").read_text(encoding="utf-8")
    assert '!!! danger "Not yet published"' in draft and "**draft**" in draft
    future = (docs / "pearls/perc-rule.md").read_text(encoding="utf-8")
    assert "goes live on **18 November 2026**" in future
    assert "Ottawa" in (docs / "index.md").read_text(encoding="utf-8").split("Recent")[0]


def test_feed_is_atom_with_the_latest_twenty_in_full(project: Path, tmp_path: Path) -> None:
    first = dt.date(2019, 1, 2)
    for week in range(21):
        add_pearl(project, first + dt.timedelta(weeks=week), f"weekly-{week}", f"Body {week}.")
    loaded = load_project(project)
    assert not loaded.report.errors
    config = _mkdocs_config(project)
    docs = tmp_path / "docs"
    generate_site(loaded, docs, SiteOptions(dt.date(2026, 11, 18)), markdown_renderer(config))

    feed = ET.parse(docs / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 20
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[0] == "Ruling Out Pulmonary Embolism With PERC"
    assert "Pulmonary Cement Embolism" in titles
    assert feed.findtext(f"{ATOM}updated") == "2026-11-18T00:00:00Z"  # from the pearls, not now
    seed = entries[titles.index("Pulmonary Cement Embolism")]
    assert seed.findtext(f"{ATOM}published") == "2021-02-17T00:00:00Z"
    assert seed.find(f"{ATOM}link").get("href") == (
        "https://pearls.example.org/pearls/pulmonary-cement-embolism/"
    )
    content = seed.find(f"{ATOM}content")
    assert content.get("type") == "html"
    html = content.text
    assert "valveless vertebral venous plexus" in html  # the full body
    assert "Ignacio JMF" in html  # the references
    assert "Close follow-up only" in html  # the algorithm's text version
    assert 'href="https://pearls.example.org/pearls/pulmonary-cement-embolism/#ref-1"' in html
    assert "<svg" not in html
    assert (
        '<img src="https://pearls.example.org/pearls/pulmonary-cement-embolism/algorithm.png"'
        in html
    )


def test_a_failed_build_leaves_the_previous_site_byte_identical(project: Path) -> None:
    assert pearls("--project", project, "build", "--as-of", "2026-11-18") == 0
    before = files_of(project / "site")

    seed = next((project / "content/pearls/2021").glob("*.md"))
    original = seed.read_text(encoding="utf-8")
    seed.write_text(original.replace("@ignacio2018", "@nosuchkey"), encoding="utf-8")
    assert pearls("--project", project, "build") == 1  # refused: a content error
    assert files_of(project / "site") == before

    seed.write_text(original, encoding="utf-8")
    about = project / "content/pages/about.md"
    about.write_text(about.read_text() + "\n[broken](no-such-page.md)\n", encoding="utf-8")
    assert pearls("--project", project, "build", "--as-of", "2026-11-18") == 1  # MkDocs failed
    assert files_of(project / "site") == before
    assert not list(project.glob(".site-*")), "staging folders are cleaned up"


def test_a_build_killed_between_its_two_renames_gets_the_previous_site_back(
    project: Path,
) -> None:
    assert pearls("--project", project, "build", "--as-of", "2026-11-18") == 0
    before = files_of(project / "site")
    # What a build killed after moving the old site aside, before moving the new one in, leaves:
    staging = make_staging(project / "site", "build")
    (project / "site").rename(staging / PREVIOUS)

    about = project / "content/pages/about.md"
    about.write_text(about.read_text() + "\n[broken](no-such-page.md)\n", encoding="utf-8")
    assert pearls("--project", project, "build", "--as-of", "2026-11-18") == 1  # MkDocs failed
    assert files_of(project / "site") == before
    assert not staging.exists()


def test_a_successful_build_replaces_the_site(project: Path) -> None:
    assert pearls("--project", project, "build", "--as-of", "2026-11-17") == 0
    (project / "site" / "stale.html").write_text("old", encoding="utf-8")
    assert pearls("--project", project, "build", "--as-of", "2026-11-18") == 0
    assert not (project / "site" / "stale.html").exists()
    assert (project / "site/pearls/perc-rule/index.html").is_file()
    assert not list(project.glob(".site-*"))


def test_a_rebuild_rewrites_only_changed_pages_and_drops_embargoed_ones(project: Path) -> None:
    assert pearls("--project", project, "build", "--as-of", "2026-11-18") == 0
    docs = project / ".cache/pearls/docs"
    perc = docs / "pearls/perc-rule.md"
    assert perc.is_file()
    files = {p: p.stat().st_ino for p in docs.rglob("*") if p.is_file()}

    assert pearls("--project", project, "build", "--as-of", "2026-11-18") == 0
    assert {p: p.stat().st_ino for p in docs.rglob("*") if p.is_file()} == files  # none rewritten

    assert pearls("--project", project, "build", "--as-of", "2026-11-17") == 0
    assert not perc.exists()
    assert not (project / "site/pearls/perc-rule").exists()


def test_plain_mkdocs_build_strict_passes_on_the_example_project(project: Path) -> None:
    result = _mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert (project / "site/pearls/pulmonary-cement-embolism/index.html").is_file()


def test_plain_mkdocs_build_reports_content_errors_without_a_traceback(project: Path) -> None:
    seed = next((project / "content/pearls/2021").glob("*.md"))
    seed.write_text(seed.read_text().replace("@ignacio2018", "@nosuchkey"), encoding="utf-8")
    result = _mkdocs_build(project)
    assert result.returncode != 0
    assert "2021-02-17-pulmonary-cement-embolism.md:" in result.stderr
    assert "error[CIT010]: unknown citation key 'nosuchkey'" in result.stderr
    assert "Traceback" not in result.stderr


def _mkdocs_build(project: Path) -> subprocess.CompletedProcess[str]:
    mkdocs = Path(sys.executable).parent / "mkdocs"
    return subprocess.run(
        [str(mkdocs), "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )


def _mkdocs_config(project: Path):
    from mkdocs.config import load_config

    return load_config(str(project / "mkdocs.yml"))


def not_found_links(page: str) -> list[tuple[str, str]]:
    """The links under the 404 page's heading, with their text."""
    after = page.split("<h1>404 - Not found</h1>", 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="([^"]*)">([^<]*)</a>', after)


def test_the_404_page_says_where_to_go_instead(example_site: Path) -> None:
    page = (example_site / "404.html").read_text(encoding="utf-8")
    # The browser's tab and a screen reader name the page (the theme's title was the site's name).
    assert re.findall(r"<title>([^<]*)</title>", page) == ["Page not found - Clinical Pearls"]
    assert "No page of Clinical Pearls is at this address" in page
    assert not_found_links(page) == [
        ("/", "the home page and this week's pearl"),
        ("/archive/", "every pearl by date"),
        ("/topics/", "the pearls by topic"),
    ]


def test_the_404_pages_links_start_at_the_sites_own_path() -> None:
    """Served for a missing address at any depth: never a relative link."""
    config = SimpleNamespace(
        config_file_path=str(REPO / "mkdocs.yml"),
        site_name="A & B",
        site_url="https://example.org/pearls/",
    )
    page = on_post_template(
        "<head><title>A &amp; B</title></head><h1>404 - Not found</h1>", "404.html", config
    )
    assert "No page of A &amp; B is at this address" in page
    assert "<title>Page not found - A &amp; B</title>" in page
    assert [href for href, _ in not_found_links(page)] == [
        "/pearls/", "/pearls/archive/", "/pearls/topics/"
    ]


def test_the_404_pages_title_shows_a_hostile_site_name_as_text() -> None:
    name = '</title><script>alert(1)</script> "x"'
    config = SimpleNamespace(
        config_file_path=str(REPO / "mkdocs.yml"), site_name=name, site_url="https://e.org/"
    )
    shown = markupsafe.escape(name)  # as the theme writes it
    page = on_post_template(
        f"<head><title>{shown}</title></head><h1>404 - Not found</h1>", "404.html", config
    )
    assert f"<title>Page not found - {shown}</title>" in page
    assert "<script>alert" not in page


def test_the_home_page_is_titled_with_the_sites_name_once(example_site: Path) -> None:
    def title(name: str) -> str:
        return re.findall(r"<title>([^<]*)</title>", (example_site / name).read_text())[0]

    assert title("index.html") == "Clinical Pearls"
    assert title("pearls/perc-rule/index.html") == (
        "Ruling Out Pulmonary Embolism With PERC - Clinical Pearls"
    )
