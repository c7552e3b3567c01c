"""What the site's search reads: ``site/search/search_index.json`` of the built example site.

One document per pearl (its title, text, algorithm outline and topics, never the flowchart's
labels), listing pages left out, one document per reference naming the pearls citing it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.project import load_project
from generator.site.generate import generate_site
from generator.site.model import SiteOptions
from tests.conftest import EPOCH

SEED = "pearls/pulmonary-cement-embolism/"
PEARLS = {
    "pearls/pulmonary-cement-embolism/": "Pulmonary Cement Embolism",
    "pearls/perc-rule/": "Ruling Out Pulmonary Embolism With PERC",
    "pearls/ottawa-sah-rule/": "The Ottawa SAH Rule for Acute Headache",
}


def documents(site: Path) -> list[dict[str, Any]]:
    return json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]


def text(doc: dict[str, Any]) -> str:
    """A document's text as a result shows it (tags stripped, entities decoded)."""
    plain = re.sub(r"<[^>]+>", " ", doc["text"])
    return " ".join(plain.replace("&amp;", "&").split())


def test_each_pearl_is_one_document_with_its_topics_as_tags(example_site: Path) -> None:
    pearls = [d for d in documents(example_site) if d["location"].startswith("pearls/")]
    assert {d["location"]: d["title"] for d in pearls} == PEARLS
    seed = next(d for d in pearls if d["location"] == SEED)
    assert seed["tags"] == ["Pulmonary embolism", "Procedural complications", "Anticoagulation"]
    assert seed["boost"] == 2
    assert text(seed).startswith(  # the key points (the summary), then the body
        "Cement from vertebroplasty or kyphoplasty can embolize to the lungs. Most emboli are "
        "asymptomatic; treatment depends on symptoms and on whether the emboli are central or "
        "peripheral. Percutaneous vertebroplasty and kyphoplasty are commonly"
    )


def test_a_pearl_document_has_the_outline_but_not_the_drawing_byline_or_lists(
    example_site: Path,
) -> None:
    seed = text(next(d for d in documents(example_site) if d["location"] == SEED))
    assert "Action: Consider surgical embolectomy" in seed  # the outline, once
    assert seed.count("Consider surgical embolectomy") == 1
    assert seed.count("Management of pulmonary cement embolism") == 1
    for drawing in ("No Yes", "Peripheral Central", "kyphoplasty4", "Flowchart of 7 numbered"):
        assert drawing not in seed, drawing
    for around in (
        "Published 17 February 2021",  # byline
        "Clinical review overdue",
        "Text version of the algorithm",
        "Mol Clin Oncol",  # the pearl's own reference list
        "↩",
        "Related pearls",
        "Next: The Ottawa SAH Rule",  # pager
        "not medical advice",  # disclaimer
    ):
        assert around not in seed, around


def test_listing_pages_do_not_repeat_the_pearls(example_site: Path) -> None:
    docs = documents(example_site)
    locations = [d["location"] for d in docs]
    for listing in ("", "archive/", "archive/2021/", "topics/", "algorithms/"):
        assert not any(loc.split("#")[0] == listing for loc in locations), listing
    topic = next(d for d in docs if d["location"] == "topics/procedural-complications/")
    assert topic["title"] == "Procedural complications" and topic["boost"] == 3
    assert text(topic) == (
        "Complications of procedures done elsewhere that present to the emergency department."
    )
    summary = "Most emboli are asymptomatic"  # the key points: on the pearl's own page alone
    assert [d["location"] for d in docs if summary in d["text"]] == [
        "pearls/pulmonary-cement-embolism/"
    ]


def test_each_reference_is_a_document_naming_its_citing_pearls(example_site: Path) -> None:
    docs = documents(example_site)
    references = [d for d in docs if d["location"].startswith("references/#")]
    html = (example_site / "references/index.html").read_text(encoding="utf-8")
    assert len(references) == html.count('class="bibliography__entry"') == 10
    krueger = next(d for d in references if d["location"] == "references/#bib-krueger2009")
    assert krueger["title"] == (
        "Krueger A, Bliemel C, Zettl R, Ruchholtz S. Management of pulmonary cement embolism "
        "after percutaneous vertebroplasty and kyphoplasty: a systematic review of the "
        "literature. Eur Spine J. 2009;18(9):1257-1265. doi:10.1007/s00586-009-1073-y"
    )
    assert text(krueger) == "Cited by: Pulmonary Cement Embolism"
    entry = html[html.index('id="bib-krueger2009"') :]
    assert 'href="../pearls/pulmonary-cement-embolism/#ref-' in entry[: entry.index("</p>")]
    page = next(d for d in docs if d["location"] == "references/")
    assert text(page) == (
        "Every source cited on this site, alphabetically, with the pearls that cite it."
    )


def test_search_splits_dois_and_ranks_titles_above_topic_tags(example_site: Path) -> None:
    config = json.loads((example_site / "search/search_index.json").read_text())["config"]
    tokens = re.split(config["separator"], "doi:10.1007/s00586-009-1073-y; PMID: 18318689.")
    assert [t for t in tokens if t] == ["doi", "10.1007", "s00586", "009", "1073", "y", "PMID",
                                        "18318689"]  # fmt: skip
    assert config["fields"]["tags"]["boost"] < config["fields"]["title"]["boost"]


def test_a_pearl_readers_cannot_see_yet_is_not_indexed_in_the_preview(
    example_project: Path, tmp_path: Path
) -> None:
    docs = tmp_path / "preview"
    options = SiteOptions(dt.date(2026, 11, 17), preview=True)
    generate_site(load_project(example_project), docs, options, lambda text: text)

    def front_matter(page: str) -> dict[str, Any]:
        return yaml.safe_load((docs / page).read_text(encoding="utf-8").split("---\n")[1])

    assert front_matter("pearls/perc-rule.md")["search"] == {"exclude": True}
    assert front_matter("pearls/ottawa-sah-rule.md")["search"] == {"boost": 2}


def test_an_editor_keeps_a_section_out_of_search(
    example_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pearl = example_project / "content/pearls/2026/2026-11-18-perc-rule.md"
    pearl.write_text(
        pearl.read_text(encoding="utf-8")
        + "\n## Teaching notes { data-search-exclude }\n\nZygomorphic aside.\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert main(["--project", str(example_project), "check"]) == 0
    assert main(["--project", str(example_project), "build"]) == 0
    capsys.readouterr()
    site = example_project / "site"
    assert "Zygomorphic aside." in (site / "pearls/perc-rule/index.html").read_text()
    assert not any("Zygomorphic" in d["text"] for d in documents(site))


def test_a_topic_tag_is_text_in_the_results_however_it_is_named(
    example_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    name = 'Ear & <img src=x onerror="alert(1)">'
    topics = example_project / "content/topics.yml"
    topics.write_text(
        topics.read_text(encoding="utf-8").replace(
            "  name: Procedural complications", f"  name: '{name}'"
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert main(["--project", str(example_project), "build"]) == 0
    capsys.readouterr()
    seed = next(d for d in documents(example_project / "site") if d["location"] == SEED)
    tag = seed["tags"][1]  # the theme inserts it as HTML: it must read as the name
    assert "<" not in tag and html.unescape(tag) == name
