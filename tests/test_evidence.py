"""Evidence at a glance: a pearl's ``evidence: {level, basis}`` on the configured scale, checked
at its line and column, shown beside the review dates and in the email, and as schema.org."""

from __future__ import annotations

import json
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from generator.cli import main
from generator.config import PearlsOptions, load_settings
from generator.evidence import SORT, Evidence, EvidenceScale, schema_org
from generator.project import load_project
from generator.templates import schema_path
from tests.sample_project import write_project

SEED_PAGE = "pearls/pulmonary-cement-embolism/index.html"
SEED_BASIS = "Published case reports and a systematic review of the literature"
SORT_C = (
    "Consensus, usual practice, opinion, disease-oriented evidence, or case series for studies "
    "of diagnosis, treatment, prevention, or screening"
)
NAME = "content/pearls/2021-02-24-graded.md"
FRONT = "title: T\ndate: 2021-02-24\nauthors: [A]\nsummary: S.\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path)


def check(project: Path, capsys, evidence: str) -> list[str]:
    """The errors `pearls check` prints for a pearl whose front matter ends with ``evidence``
    (which starts on line 6)."""
    (project / NAME).write_text(f"---\n{FRONT}{textwrap.dedent(evidence)}---\n\nText.\n")
    status = main(["--project", str(project), "check"])
    out = capsys.readouterr()
    lines = (out.err + out.out).splitlines()
    assert status == (1 if any(": error[" in line for line in lines) else 0)
    return [line for line in lines if ": error[" in line]


def test_a_valid_evidence_passes_the_check_and_reaches_the_pearl(project, capsys):
    assert check(project, capsys, "evidence:\n  level: B\n  basis: One trial\n") == []
    pearl = next(p for p in load_project(project).pearls if p.slug == "graded")
    assert pearl.evidence == Evidence(
        "SORT", "B", "Inconsistent or limited-quality patient-oriented evidence", "One trial"
    )


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        (
            "evidence:\n  level: D\n  basis: One trial\n",
            "7:10: error[EVD001]: 'D' is not a level of the SORT scale (A, B, C) (the scale is "
            "the pearls plugin's evidence_scale in mkdocs.yml)",
        ),
        (
            "evidence:\n  level: b\n  basis: One trial\n",
            "7:10: error[EVD001]: 'b' is not a level of the SORT scale (A, B, C) "
            "(did you mean 'B'?)",
        ),
        (
            "evidence:\n  basis: One trial\n",
            "6:1: error[EVD001]: 'evidence' needs a 'level' on the SORT scale (A, B, C)",
        ),
        (
            "evidence:\n  level: A\n",
            "6:1: error[EVD002]: 'evidence' needs a 'basis': one line on what the level rests on "
            "(e.g. 'basis: One randomized trial and consistent cohort studies')",
        ),
        (
            "evidence:\n  level: A\n  basis: |\n    Two\n    lines\n",
            "8:10: error[EVD002]: the evidence basis must be one line (write it with no line "
            "breaks: 'basis: >-' folds an indented paragraph)",
        ),
        (
            f"evidence:\n  level: A\n  basis: {'x' * 161}\n",
            "8:10: error[EVD002]: the evidence basis is 161 characters; at most 160 (shorten it "
            "by 1 character; the pearl's text holds the detail)",
        ),
        (
            "evidence: B\n",
            "6:11: error[FM006]: 'evidence' must be a mapping of level and basis, not text (write "
            "it as 'evidence: {level: B, basis: One randomized trial and consistent cohort "
            "studies}')",
        ),
        (
            "evidence:\n  level: [A]\n  basis: One trial\n",
            "7:10: error[FM006]: 'evidence.level' must be text, not a list",
        ),
        (
            "evidence:\n  level: A\n  basis: 3\n",
            "8:10: error[FM006]: 'evidence.basis' must be text, not a number",
        ),
        (
            "evidence:\n  level: A\n  basis: One trial\n  bassis: x\n",
            "9:3: error[FM005]: unknown field 'evidence.bassis' (did you mean 'basis'?)",
        ),
    ],
    ids=["unknown level", "level in lower case", "no level", "no basis", "basis on two lines",
         "basis too long", "not a mapping", "level a list", "basis a number", "unknown key"],
)
def test_evidence_mistakes_are_errors_at_their_line_and_column(project, capsys, evidence, expected):
    assert check(project, capsys, evidence) == [f"{NAME}:{expected}"]


CUSTOM = """\
site_name: Test
site_url: https://example.org/
plugins:
  - pearls:
      evidence_scale:
        name: Oxford
        levels:
          1: Systematic review of randomized trials
          2: Randomized trial
"""


def test_a_configured_scale_replaces_sort_and_names_its_levels(project, capsys):
    (project / "mkdocs.yml").write_text(CUSTOM)
    settings, diagnostics = load_settings(project)
    assert diagnostics == []
    assert settings.evidence_scale == EvidenceScale(
        "Oxford", (("1", "Systematic review of randomized trials"), ("2", "Randomized trial"))
    )
    assert check(project, capsys, "evidence:\n  level: 2\n  basis: PROPER\n") == []
    assert check(project, capsys, "evidence:\n  level: A\n  basis: PROPER\n") == [
        f"{NAME}:7:10: error[EVD001]: 'A' is not a level of the Oxford scale (1, 2) (the scale "
        "is the pearls plugin's evidence_scale in mkdocs.yml)"
    ]


def test_sort_is_the_default_scale(project):
    assert load_settings(project)[0].evidence_scale == SORT
    assert SORT.names == ["A", "B", "C"]
    assert SORT.meaning("C") == SORT_C


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("evidence_scale: SORT", "expected a mapping with 'name' and 'levels', not text"),
        ("evidence_scale: {name: G, levels: [High, Low]}",
         "'levels' must map each level to its meaning, e.g. {A: …, B: …}"),
        ("evidence_scale: {levels: {A: x}}",
         "'name' must be the scale's name on one line, e.g. SORT"),
        ("evidence_scale: {name: G, levels: {A: ''}}",
         "level 'A' needs its meaning as one line of text"),
        ("evidence_scale: {name: G, levels: {A: 5}}",
         "level 'A' needs its meaning as one line of text"),
        ("evidence_scale: {name: 5, levels: {A: x}}",
         "'name' must be the scale's name on one line, e.g. SORT"),
        ("evidence_scale: {name: G, levels: {A: x}, url: y}",
         "unknown key 'url' (it takes 'name' and 'levels')"),
    ],
    ids=["text", "levels a list", "no name", "empty meaning", "meaning a number", "name a number",
         "unknown key"],
)
def test_a_malformed_scale_is_a_config_error_at_its_key(project, capsys, option, message):
    (project / "mkdocs.yml").write_text(
        f"site_name: Test\nsite_url: https://example.org/\nplugins:\n  - pearls:\n      {option}\n"
    )
    assert main(["--project", str(project), "check"]) == 1
    out = capsys.readouterr()
    assert f"mkdocs.yml:5:7: error[CFG004]: evidence_scale: {message}" in (out.err + out.out)


def test_mkdocs_validates_the_scale_with_the_same_option():
    """The plugin's own entry (what `mkdocs build` validates) refuses what the check refuses."""
    config = PearlsOptions()
    config.load_dict({"evidence_scale": {"name": "G", "levels": ["High"]}})
    failed, _ = config.validate()
    assert [key for key, _ in failed] == ["evidence_scale"]
    config = PearlsOptions()  # MkDocs' YAML reads 1 and '1' as two keys; they name one level
    config.load_dict({"evidence_scale": {"name": "G", "levels": {1: "x", "1": "y"}}})
    assert [str(error) for _, error in config.validate()[0]] == ["level '1' is given twice"]
    config = PearlsOptions()
    config.load_dict({})
    assert config.validate() == ([], []) and config.evidence_scale == SORT


class _Evidence(HTMLParser):
    """The text of the element of class ``pearl-evidence`` and its abbreviation's title."""

    def __init__(self, tag: str, cls: str) -> None:
        super().__init__()
        self.tag, self.cls = tag, cls
        self.depth = 0
        self.text = ""
        self.title: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += tag == self.tag
            if tag == "abbr":
                self.title = dict(attrs).get("title")
        elif tag == self.tag and self.cls in (dict(attrs).get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == self.tag:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text += data


def evidence_of(html: str, tag: str = "dd", cls: str = "pearl-evidence") -> _Evidence:
    parser = _Evidence(tag, cls)
    parser.feed(html)
    return parser


def test_the_pearl_page_shows_the_evidence_beside_the_review_dates(example_site: Path):
    html = (example_site / SEED_PAGE).read_text()
    shown = evidence_of(html)
    assert shown.text == f"SORT C — {SEED_BASIS}"
    assert shown.title == SORT_C
    review = html.index('class="pearl-review')
    assert html.index("<dt>Evidence</dt>") > review
    assert html.index("<dt>DOI</dt>") > html.index("<dt>Evidence</dt>")


def test_a_pearl_without_evidence_shows_none(example_site: Path):
    assert "Evidence" not in (example_site / "pearls/perc-rule/index.html").read_text()


def test_the_basis_is_shown_as_typed(example_project, capsys, tmp_path):
    """Markup in the basis is text on the page, never formatting or a tag."""
    basis = "<b>RCT</b> *and* [cohorts](https://x.org) & more"
    pearl = example_project / "content" / "pearls" / "2021" / "2021-02-24-graded.md"
    pearl.write_text(f"---\n{FRONT}evidence:\n  level: A\n  basis: '{basis}'\n---\n\nText.\n")
    site = tmp_path / "site"
    assert main(["--project", str(example_project), "build", "-d", str(site)]) == 0, capsys
    capsys.readouterr()
    html = (site / "pearls" / "graded" / "index.html").read_text()
    assert evidence_of(html).text == f"SORT A — {basis}"
    assert "<b>RCT" not in html


def test_the_email_shows_the_evidence_under_the_byline(example_project, capsys, tmp_path):
    out = tmp_path / "out"
    assert main(["--project", str(example_project), "email", "2021-02-17", "-o", str(out)]) == 0
    capsys.readouterr()
    html = (out / "2021-02-17.html").read_text()
    shown = evidence_of(html, "p", "byline")
    assert shown.text.endswith(f"Evidence: SORT C — {SEED_BASIS}")
    assert shown.title == SORT_C
    text = (out / "2021-02-17.txt").read_text()
    assert textwrap.dedent("""\
        Pulmonary Cement Embolism
        by Emergency Medicine News
        doi:10.1097/01.EEM.0000734624.06857.f3
        Evidence: SORT C - Published case reports and a systematic review of the
        literature
        (SORT C: Consensus, usual practice, opinion, disease-oriented evidence,
        or case series for studies of diagnosis, treatment, prevention, or
        screening)

        In brief:""") in text


def test_an_email_without_evidence_has_no_evidence_line(example_project, capsys, tmp_path):
    out = tmp_path / "out"
    assert main(["--project", str(example_project), "email", "2026-11-18", "-o", str(out)]) == 0
    capsys.readouterr()
    assert "Evidence" not in (out / "2026-11-18.html").read_text()
    assert "by Clinical Pearls Editorial Team\n\nIn brief:" in (out / "2026-11-18.txt").read_text()


def test_schema_org_gives_the_strength_and_its_basis():
    evidence = Evidence("SORT", "C", SORT_C, SEED_BASIS)
    node = schema_org(evidence)
    assert node == {
        "@type": "MedicalGuidelineRecommendation",
        "recommendationStrength": "SORT C",
        "description": SORT_C,
        "evidenceOrigin": SEED_BASIS,
    }
    # No schema.org EvidenceLevelA-C: their definitions are not SORT's.
    assert "evidenceLevel" not in node
    assert json.loads(json.dumps(node)) == node


def test_schema_org_carries_markup_as_text():
    """The JSON-LD writer escapes for <script>; the value itself is the basis as typed."""
    node = schema_org(Evidence("SORT", "A", "m", "</script><b>x</b>"))
    assert node["evidenceOrigin"] == "</script><b>x</b>"


def schema_errors(value: object) -> list[str]:
    schema = json.loads(schema_path("pearl").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    front = {"title": "T", "date": "2021-02-24", "authors": ["A"], "summary": "S."}
    return [e.message for e in validator.iter_errors({**front, "evidence": value})]


@pytest.mark.parametrize(
    "value",
    [{"level": "B", "basis": "One trial"}, {"level": 2, "basis": "One trial"}],
    ids=["SORT level", "numbered level"],
)
def test_the_json_schema_accepts_evidence(value):
    assert schema_errors(value) == []


@pytest.mark.parametrize(
    "value",
    [
        "B",
        {"level": "B"},
        {"basis": "One trial"},
        {"level": "B", "basis": "Two\nlines"},
        {"level": "B", "basis": "x" * 161},
        {"level": "B", "basis": "One trial", "grade": "x"},
        {"level": True, "basis": "One trial"},
        {"level": "B", "basis": " "},
    ],
    ids=["text", "no basis", "no level", "two lines", "too long", "unknown key",
         "level true", "blank basis"],
)
def test_the_json_schema_rejects_what_the_check_rejects(project, capsys, value):
    assert schema_errors(value) != []
    assert check(project, capsys, f"evidence: {json.dumps(value)}\n") != []
