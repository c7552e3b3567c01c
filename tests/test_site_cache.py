"""`pearls build` reuses resolved pearls from .cache/pearls/site/, and a stale entry never shows."""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from pathlib import Path

from generator.algorithm.render import render_svg
from generator.cache import CACHE_DIR
from generator.cli import main
from generator.project import load_project
from generator.site.generate import generate_site
from generator.site.model import SiteOptions
from generator.site.resolve import _Stored, resolve_pearl
from tests.conftest import EXAMPLE_AS_OF, files_of

SITE_CACHE = CACHE_DIR / "site"
LINKING = """---
title: Linking Pearl
date: 2026-11-04
authors: [Test Author]
topics: [neurology]
summary: Links to the PERC pearl.
---

Text.

```algorithm
title: Next
nodes:
  - {id: s, kind: state, text: Suspected PE, next: l}
  - {id: l, kind: link, text: PERC pearl, pearl: perc-rule}
```
"""


def generate(root: Path, docs: Path, use_cache: bool, as_of: dt.date = EXAMPLE_AS_OF) -> dict:
    """Every generated file of the project as it is now (docs-folder path → bytes), and the HTML
    blocks each page gets after Markdown (under ``<path>#fragments``)."""
    options = SiteOptions(as_of, use_cache=use_cache)
    trusted = generate_site(load_project(root), docs, options, lambda text: text)[0].trusted
    files = files_of(docs)
    for page, fragments in trusted.pages.items():
        files[f"{page}#fragments"] = "\n".join(fragment.html for fragment in fragments).encode()
    return files


def test_a_cached_build_makes_exactly_the_pages_of_a_fresh_one(example_project, tmp_path) -> None:
    fresh = generate(example_project, tmp_path / "fresh", use_cache=False)
    assert not (example_project / SITE_CACHE).exists()
    filling = generate(example_project, tmp_path / "filling", use_cache=True)
    assert len(list((example_project / SITE_CACHE).glob("resolved-*.pickle"))) == 3
    assert fresh == filling == generate(example_project, tmp_path / "warm", use_cache=True)


def test_an_edited_reference_is_formatted_again(example_project, tmp_path) -> None:
    generate(example_project, tmp_path / "before", use_cache=True)
    bib = example_project / "references.bib"
    bib.write_text(bib.read_text().replace("Pulmonary cement embolism following", "Cement after"))
    cached = generate(example_project, tmp_path / "cached", use_cache=True)
    page = cached["pearls/pulmonary-cement-embolism.md#fragments"].decode()  # reference list
    assert "Cement after balloon kyphoplasty" in page
    assert cached == generate(example_project, tmp_path / "fresh", use_cache=False)


def test_a_flowchart_link_follows_whether_its_pearl_is_on_the_site(
    example_project, tmp_path
) -> None:
    linking = example_project / "content/pearls/2026/2026-11-04-linking-pearl.md"
    linking.write_text(LINKING, encoding="utf-8")
    svg = "pearls/linking-pearl/algorithm.svg"
    before = generate(example_project, tmp_path / "a", use_cache=True, as_of=dt.date(2026, 11, 17))
    after = generate(example_project, tmp_path / "b", use_cache=True)
    assert b"perc-rule" not in before[svg] and b"perc-rule" in after[svg]
    assert after == generate(example_project, tmp_path / "fresh", use_cache=False)


def test_build_uses_the_cache_unless_told_not_to(example_project) -> None:
    as_of = ["--as-of", EXAMPLE_AS_OF.isoformat()]
    assert main(["--project", str(example_project), "build", "--no-cache", *as_of]) == 0
    assert not (example_project / CACHE_DIR).exists()
    assert main(["--project", str(example_project), "build", *as_of]) == 0
    assert list((example_project / SITE_CACHE).glob("resolved-*.pickle"))
    assert list((example_project / CACHE_DIR).glob("pearl-*.pickle"))


def test_a_build_in_a_long_running_process_leaves_its_project_to_be_freed(
    example_project, tmp_path
) -> None:
    """`pearls serve` generates the site again in one process on every save: generation keeps
    the loaded project out of garbage collection only while it runs, never after."""
    project = load_project(example_project)
    generate_site(project, tmp_path / "docs", SiteOptions(EXAMPLE_AS_OF), lambda text: text)
    assert gc.get_freeze_count() == 0
    gone = weakref.ref(project)
    del project
    gc.collect()
    assert gone() is None


def test_a_flowchart_laid_out_again_draws_what_its_page_shows(example_project) -> None:
    """A resolved pearl (fresh or from the cache) keeps no layout: the feed's light drawing lays
    the algorithm out again, which must be the drawing on the pearl's page."""
    project = load_project(example_project)
    pearl = next(p for p in project.pearls if p.algorithm is not None)
    style = project.settings.citation_style

    def url(slug: str) -> str:
        return f"/pearls/{slug}/"

    fresh = resolve_pearl(pearl, project.bibliography, style, url, example_project)
    cached = _Stored.of(fresh).attach(pearl, project.bibliography, example_project)
    for chart in (fresh.flowchart, cached.flowchart):
        assert chart is not None
        drawn = render_svg(chart.layout(), svg_id="flowchart", link_href=url, root=example_project)
        assert drawn == fresh.flowchart.svg
        assert (round(chart.width), round(chart.height)) == (
            round(chart.layout().width), round(chart.layout().height))
