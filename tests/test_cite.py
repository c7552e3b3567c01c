"""Citing a pearl (issue 16 items 2-3): the citation box, its downloads, and the metadata in
each pearl page's head (Highwire Press, Open Graph, Twitter, schema.org JSON-LD), parsed from
built sites."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path

import rispy
from pybtex.database import parse_string

from generator.bibliography.latex import latex_to_text
from generator.config import Settings
from generator.content.model import Pearl
from generator.project import load_project
from generator.site.cite import PearlCitation, read_author
from generator.site.hooks import Request, with_content_security_policy
from generator.site.publish import build_site
from tests.conftest import EXAMPLE_AS_OF

CEMENT = "pearls/pulmonary-cement-embolism"
CEMENT_URL = "https://pearls.example.org/pearls/pulmonary-cement-embolism/"
CEMENT_DOI = "10.1097/01.EEM.0000734624.06857.f3"
CEMENT_FILE = "content/pearls/2021/2021-02-17-pulmonary-cement-embolism.md"
#: A title, author and summary that would break out of HTML, a <script>, BibTeX, RIS or JSON.
HOSTILE_TITLE = 'Cement </script><script>alert(1)</script> "x" & {y \\ 50% $5 #1 a_b ^~'
HOSTILE_AUTHOR = 'Evil"><img src=x onerror=alert(2)>, Jane} and {Mallory'
HOSTILE_SUMMARY = "Line one.\nTY  - JOUR\nER  - \n</script><!-- & 'quote'"


PLAIN_FILE = "content/pearls/2026/2026-11-04-plain.md"
#: A pearl without a flowchart or a DOI.
PLAIN_PEARL = """---
title: Plain
date: 2026-11-04
authors:
  - Jane Doe
summary: A pearl without a flowchart.
---

Text.
"""


class HeadReader(HTMLParser):
    """A page's ``<meta>`` tags (name or property → contents) and JSON-LD blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        key = found.get("name") or found.get("property")
        if tag == "meta" and key:
            self.meta.setdefault(key, []).append(found.get("content") or "")
        self._in_json_ld = tag == "script" and found.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.json_ld.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_json_ld = False


class CiteBoxReader(HTMLParser):
    """The text of the citation box's citation and the links of its downloads."""

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.downloads: dict[str, str] = {}
        self._depth = 0
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("class") == "pearl-cite__text":
            self._depth = 1
        elif self._depth:
            self._depth += 1
        if tag == "a" and "download" in found:
            self._href = found.get("href")

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1
        self._href = None

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.text += data
        if self._href:
            self.downloads[data] = self._href


def head_of(page: Path) -> HeadReader:
    html = page.read_text(encoding="utf-8")
    reader = HeadReader()
    reader.feed(html[: html.index("</head>")])
    return reader


def cite_box(page: Path) -> CiteBoxReader:
    reader = CiteBoxReader()
    reader.feed(page.read_text(encoding="utf-8"))
    return reader


def test_a_pearl_page_shows_its_citation_in_the_sites_style_with_downloads(example_site):
    box = cite_box(example_site / CEMENT / "index.html")
    assert box.text == (
        "Emergency Medicine News. Pulmonary Cement Embolism. Clinical Pearls. Published "
        f"February 17, 2021. Accessed [date]. doi:{CEMENT_DOI}"
    )
    assert box.downloads == {
        "BibTeX": "pulmonary-cement-embolism.bib",
        "RIS": "pulmonary-cement-embolism.ris",
        "CSL-JSON": "pulmonary-cement-embolism.json",
    }
    ottawa = cite_box(example_site / "pearls/ottawa-sah-rule/index.html")
    assert ottawa.text == (
        "Clinical Pearls Editorial Team. The Ottawa SAH Rule for Acute Headache. Clinical Pearls."
        " Published November 11, 2026. Accessed [date]. "
        "https://pearls.example.org/pearls/ottawa-sah-rule/"
    )


def test_the_downloads_parse_as_bibtex_ris_and_csl_json(example_site):
    folder = example_site / CEMENT
    bib = parse_string((folder / "pulmonary-cement-embolism.bib").read_text(), "bibtex")
    entry = bib.entries["pulmonary-cement-embolism"]
    assert entry.type == "online"
    assert [str(person) for person in entry.persons["author"]] == ["{Emergency Medicine News}"]
    fields = ("title", "organization", "date", "url", "doi")
    assert {name: entry.fields[name] for name in fields} == {
        "title": "Pulmonary Cement Embolism",
        "organization": "Clinical Pearls",
        "date": "2021-02-17",
        "url": CEMENT_URL,
        "doi": CEMENT_DOI,
    }
    ris_text = (folder / "pulmonary-cement-embolism.ris").read_text()
    assert ris_text.startswith("TY  - ELEC\n")  # no record number: EndNote refuses "1."
    [ris] = rispy.loads(ris_text)
    assert ris["type_of_reference"] == "ELEC"
    assert ris["authors"] == ["Emergency Medicine News"]
    assert (ris["title"], ris["secondary_title"], ris["date"]) == (
        "Pulmonary Cement Embolism", "Clinical Pearls", "2021/02/17/"
    )
    assert (ris["urls"], ris["doi"]) == ([CEMENT_URL], CEMENT_DOI)
    [csl] = json.loads((folder / "pulmonary-cement-embolism.json").read_text())
    assert csl["type"] == "webpage"
    assert csl["author"] == [{"literal": "Emergency Medicine News"}]
    assert csl["issued"] == {"date-parts": [[2021, 2, 17]]}
    assert (csl["title"], csl["container-title"], csl["URL"], csl["DOI"]) == (
        "Pulmonary Cement Embolism", "Clinical Pearls", CEMENT_URL, CEMENT_DOI
    )


def test_a_pearl_page_head_carries_highwire_open_graph_and_twitter_tags(example_site):
    meta = head_of(example_site / CEMENT / "index.html").meta
    png = CEMENT_URL + "algorithm.png"
    expected = {
        "citation_title": ["Pulmonary Cement Embolism"],
        "citation_author": ["Emergency Medicine News"],
        "citation_publication_date": ["2021/02/17"],
        "citation_journal_title": ["Clinical Pearls"],
        "citation_doi": [CEMENT_DOI],
        "og:type": ["article"],
        "og:title": ["Pulmonary Cement Embolism"],
        "og:url": [CEMENT_URL],
        "og:site_name": ["Clinical Pearls"],
        "og:image": [png],
        "twitter:card": ["summary_large_image"],
        "twitter:image": [png],
    }
    assert {key: meta.get(key) for key in expected} == expected
    assert meta["og:description"] == meta["twitter:description"]
    assert meta["og:description"][0].startswith("Cement from vertebroplasty or kyphoplasty")
    assert "citation_pdf_url" not in meta
    references = meta["citation_reference"]
    assert len(references) == 5
    assert references[2] == (
        "Ignacio JMF, Ignacio KHD. Pulmonary embolism from cement augmentation of the vertebral "
        "body. Asian Spine J. 2018;12(2):380-387. doi:10.4184/asj.2018.12.2.380"
    )


def test_a_pearl_page_head_carries_schema_org_json_ld(example_site):
    [block] = head_of(example_site / CEMENT / "index.html").json_ld
    data = json.loads(block)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == ["MedicalWebPage", "ScholarlyArticle"]
    assert data["headline"] == "Pulmonary Cement Embolism"
    assert data["author"] == [{"@type": "Organization", "name": "Emergency Medicine News"}]
    for name in ("datePublished", "dateModified", "lastReviewed"):
        assert dt.date.fromisoformat(data[name]) == dt.date(2021, 2, 17), name
    *topics, graded = data["about"]
    assert [topic["name"] for topic in topics] == [
        "Pulmonary embolism", "Procedural complications", "Anticoagulation"
    ]
    assert graded == {  # the pearl's evidence: front matter `evidence: {level: C, basis: …}`
        "@type": "MedicalGuidelineRecommendation",
        "recommendationStrength": "SORT C",
        "description": "Consensus, usual practice, opinion, disease-oriented evidence, or case "
        "series for studies of diagnosis, treatment, prevention, or screening",
        "evidenceOrigin": "Published case reports and a systematic review of the literature",
    }
    assert len(data["citation"]) == 5
    assert data["citation"][3]["url"] == "https://doi.org/10.1007/s00586-009-1073-y"
    assert data["isPartOf"] == {
        "@type": "WebSite", "name": "Clinical Pearls", "url": "https://pearls.example.org/"
    }
    assert data["url"] == CEMENT_URL
    assert data["image"] == CEMENT_URL + "algorithm.png"


def test_only_pearl_pages_carry_citation_metadata(example_site):
    for page in ("index.html", "references/index.html", "archive/index.html"):
        head = head_of(example_site / page)
        assert "citation_title" not in head.meta and not head.json_ld, page


def test_the_json_ld_data_block_is_not_hashed_into_the_script_policy():
    page = (
        '<html><head><meta charset="utf-8"><script type="application/ld+json">{"a": 1}</script>'
        "<script>run()</script></head></html>"
    )
    policy = with_content_security_policy(page)
    assert policy.count("'sha256-") == 1


def test_vancouver_and_short_styles_cite_the_pearl_their_way():
    pearl = Pearl(
        Path("x.md"), "x", "A Title", dt.date(2026, 11, 18), ["Jane van der Berg", "Doe, John R."],
        "A summary.",
    )
    url = "https://pearls.example.org/pearls/x/"

    def cited(style: str) -> str:
        return PearlCitation(pearl, Settings(Path("."), citation_style=style), url).formatted().text

    assert cited("ama") == (
        "van der Berg J, Doe JR. A Title. Clinical Pearls. Published November 18, 2026. "
        f"Accessed [date]. {url}"
    )
    assert cited("vancouver") == (
        "van der Berg J, Doe JR. A Title [Internet]. Clinical Pearls; 2026 Nov 18 "
        f"[cited YYYY Mon DD]. Available from: {url}"
    )
    assert cited("short") == "van der Berg et al. 2026"


def test_authors_are_read_as_bibtex_reads_names_and_groups_whole():
    assert read_author("Jane van der Berg").family == "van der Berg"
    assert read_author("Doe, John R.").given == "John R."
    assert read_author("Clinical Pearls Editorial Team").family is None


def test_hostile_title_author_and_summary_stay_inert_in_every_format(example_project):
    path = example_project / CEMENT_FILE
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: Pulmonary Cement Embolism", f"title: {json.dumps(HOSTILE_TITLE)}")
    text = text.replace("  - Emergency Medicine News", f"  - {json.dumps(HOSTILE_AUTHOR)}")
    text = text.replace("summary: >-", f"summary: {json.dumps(HOSTILE_SUMMARY)}\nold: >-", 1)
    text = text.replace("old: >-\n", "", 1)
    text = "\n".join(line for line in text.splitlines() if not line.startswith("  Cement from")
                     and not line.startswith("  asymptomatic;"))
    path.write_text(text + "\n", encoding="utf-8")
    (example_project / PLAIN_FILE).write_text(PLAIN_PEARL, encoding="utf-8")
    site = example_project / "site"
    build_site(Request(load_project(example_project), as_of=EXAMPLE_AS_OF), site)
    plain = head_of(site / "pearls/plain/index.html").meta
    assert plain["twitter:card"] == ["summary"]
    assert "og:image" not in plain and "citation_doi" not in plain
    page = site / CEMENT / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    head = head_of(page)
    assert head.meta["citation_title"] == [HOSTILE_TITLE]
    assert head.meta["citation_author"] == [HOSTILE_AUTHOR]
    assert head.meta["og:description"] == [" ".join(HOSTILE_SUMMARY.split())]
    [block] = head.json_ld
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert (data["headline"], data["description"]) == (HOSTILE_TITLE, HOSTILE_SUMMARY)
    assert data["author"][0]["name"] == HOSTILE_AUTHOR
    assert cite_box(page).text.startswith(HOSTILE_AUTHOR.split(",")[0])
    assert HOSTILE_TITLE in cite_box(page).text

    folder = site / CEMENT
    entry = parse_string((folder / "pulmonary-cement-embolism.bib").read_text(), "bibtex")
    [(key, fields)] = [(k, e.fields) for k, e in entry.entries.items()]
    assert key == "pulmonary-cement-embolism"
    assert latex_to_text(fields["title"]) == HOSTILE_TITLE
    assert latex_to_text(fields["abstract"]) == " ".join(HOSTILE_SUMMARY.split())
    assert len(entry.entries["pulmonary-cement-embolism"].persons["author"]) == 1
    [ris] = rispy.loads((folder / "pulmonary-cement-embolism.ris").read_text())
    assert (ris["title"], ris["authors"]) == (HOSTILE_TITLE, [HOSTILE_AUTHOR])
    assert ris["abstract"] == " ".join(HOSTILE_SUMMARY.split())
    [csl] = json.loads((folder / "pulmonary-cement-embolism.json").read_text())
    assert (csl["title"], csl["abstract"]) == (HOSTILE_TITLE, HOSTILE_SUMMARY)


def test_an_unpublished_pearl_has_no_citation_downloads_or_metadata(example_project):
    site = example_project / "site"
    build_site(Request(load_project(example_project), as_of=dt.date(2026, 11, 11)), site)
    assert not (site / "pearls/perc-rule").exists()
    for page in site.rglob("*.html"):
        head = head_of(page)
        text = json.dumps(head.meta) + "".join(head.json_ld)
        assert "perc-rule" not in text and "With PERC" not in text, page


def test_the_citation_box_is_not_a_search_result(example_site):
    index = json.loads((example_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert not [doc["location"] for doc in index["docs"] if "#cite-this-pearl" in doc["location"]]
    assert not [doc["location"] for doc in index["docs"] if "Accessed [date]" in doc["text"]]
