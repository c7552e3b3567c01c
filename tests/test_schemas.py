"""The JSON Schemas shipped for editors' YAML language servers agree with `pearls check`: the
example content validates, and mistakes the check rejects the schema rejects too."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.algorithm.kinds import KIND_FIELDS, KINDS
from generator.algorithm.parse import BRANCH_FIELDS, NODE_FIELDS, TOP_FIELDS
from generator.cli import main
from generator.content import fences
from generator.content.fields import KNOWN, REQUIRED
from generator.content.frontmatter import split_front_matter
from generator.project import load_project
from generator.templates import SCHEMAS, schema_path
from generator.yaml_source import load_yaml
from tests.sample_project import write_project

REPO = Path(__file__).resolve().parents[1]
PEARLS = sorted((REPO / "content" / "pearls").rglob("*.md"))


def schema(name: str) -> dict[str, Any]:
    return json.loads(schema_path(name).read_text())


def errors(name: str, value: Any) -> list[str]:
    """What the schema ``name`` finds wrong with ``value`` (as read from YAML)."""
    validator = jsonschema.Draft202012Validator(schema(name))
    return [e.message for e in validator.iter_errors(value)]


def yaml_value(text: str) -> Any:
    document, problems = load_yaml(text, Path("x.yml"))
    assert document is not None, problems
    return document.value


def front_matter(path: Path) -> Any:
    split, _ = split_front_matter(path.read_text(), path)
    assert split is not None
    return yaml_value(split.front_matter)


def algorithm(path: Path) -> Any:
    body = split_front_matter(path.read_text(), path)[0].body
    block = next(f for f in fences.scan(body) if f.is_algorithm)
    return yaml_value(block.content(body))


@pytest.mark.parametrize("name", SCHEMAS)
def test_each_schema_is_a_valid_draft_2020_12_schema(name):
    jsonschema.Draft202012Validator.check_schema(schema(name))
    assert schema(name)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schemas_name_the_fields_the_check_knows():
    pearl = schema("pearl")
    assert sorted(pearl["properties"]) == sorted(KNOWN)
    assert sorted(pearl["required"]) == sorted(REQUIRED)
    block = schema("algorithm")
    assert sorted(block["properties"]) == sorted(TOP_FIELDS)
    node = block["$defs"]["node"]
    assert sorted(node["properties"]) == sorted(NODE_FIELDS)
    assert node["properties"]["kind"]["enum"] == list(KINDS)
    assert sorted(node["properties"]["branches"]["items"]["properties"]) == sorted(BRANCH_FIELDS)


@pytest.mark.parametrize("name", list(KINDS))
def test_the_schema_allows_each_kind_the_fields_its_kind_object_allows(name):
    """The schema's per-kind rules are written by hand: they agree with the kind objects."""
    kind = KINDS[name]
    values = {"next": "a", "branches": [{"label": "Yes", "to": "a"}, {"label": "No", "to": "a"}],
              "pearl": "perc-rule"}
    node = {"id": "n", "kind": name, "text": "T"} | {f: values[f] for f in kind.fields}
    target = {"id": "a", "kind": "action", "text": "Act"}
    assert errors("algorithm", {"title": "A", "nodes": [node, target]}) == []
    for field in set(KIND_FIELDS) - set(kind.fields):
        extra = {**node, field: values[field]}
        assert errors("algorithm", {"title": "A", "nodes": [extra, target]}) != [], field
    for field in kind.required:
        missing = {key: value for key, value in node.items() if key != field}
        assert errors("algorithm", {"title": "A", "nodes": [missing, target]}) != [], field


@pytest.mark.parametrize("path", PEARLS, ids=[p.name for p in PEARLS])
def test_every_example_pearl_and_its_algorithm_validate(path):
    assert errors("pearl", front_matter(path)) == []
    assert errors("algorithm", algorithm(path)) == []


@pytest.mark.parametrize("name", ["topics", "newsletter"])
def test_the_example_topics_and_newsletter_validate(name):
    assert errors(name, yaml_value((REPO / "content" / f"{name}.yml").read_text())) == []


FRONT = {"title": "T", "date": "2021-02-24", "authors": ["A"], "summary": "S."}
NODES = [
    {"id": "s", "kind": "state", "text": "Start", "next": "a"},
    {"id": "a", "kind": "action", "text": "Act"},
]


@pytest.mark.parametrize(
    "change",
    [
        {"titel": "T"},
        {"title": None},
        {"date": "17/02/2021"},
        {"slug": "Bad Slug"},
        {"authors": "A"},
        {"authors": []},
        {"summary": "x" * 281},
        {"doi": "https://doi.org/10.1097/01.EEM.0000734624.06857.f3"},
        {"draft": "yes"},
        {"title": "Two\nlines"},
    ],
    ids=["unknown field", "no title", "date not ISO", "bad slug", "authors as text",
         "no authors", "summary too long", "doi with resolver", "draft not boolean",
         "title on two lines"],
)
def test_front_matter_the_check_rejects_the_schema_rejects(tmp_path, change):
    data = {key: value for key, value in {**FRONT, **change}.items() if value is not None}
    assert errors("pearl", data) != []
    write_project(tmp_path)
    text = "".join(f"{key}: {json.dumps(value)}\n" for key, value in data.items())
    pearl = tmp_path / "content" / "pearls" / "2021-02-24-bad.md"
    pearl.write_text(f"---\n{text}---\n\nText.\n")
    report = load_project(tmp_path).report
    assert [d for d in report.errors if d.path == pearl], text


@pytest.mark.parametrize(
    "nodes",
    [
        [{**NODES[0], "kind": "procedure"}, NODES[1]],
        [{**NODES[0], "colour": "red"}, NODES[1]],
        [{"id": "q", "kind": "decision", "text": "Q?", "branches": [{"label": "Yes", "to": "a"}]},
         NODES[1]],
        [{"id": "l", "kind": "link", "text": "See"}],
        [{**NODES[0], "pearl": "perc-rule"}, NODES[1]],
        [{"id": "s", "kind": "state", "next": "a"}, NODES[1]],
    ],
    ids=["unknown kind", "unknown node field", "one branch", "link without pearl",
         "pearl on a state", "no text"],
)
def test_algorithms_the_check_rejects_the_schema_rejects(tmp_path, capsys, nodes):
    data = {"title": "A", "nodes": nodes}
    assert errors("algorithm", data) != []
    write_project(tmp_path)
    block = json.dumps(data, indent=2)
    (tmp_path / "content" / "pearls" / "2021-02-24-bad.md").write_text(
        "---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in FRONT.items())
        + f"---\n\n```algorithm\n{block}\n```\n"
    )
    assert main(["--project", str(tmp_path), "check"]) == 1
    assert "error[ALG" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("topics", "Bad Slug:\n  name: Bad\n"),
        ("topics", "neurology:\n  description: no name\n"),
        ("newsletter", "2021-13:\n  video:\n    title: T\n"),
        ("newsletter", "2021-02:\n  video:\n    presenter: no title\n"),
        ("newsletter", "2021-02:\n  video:\n    title: T\n    url: ftp://example.org/x\n"),
        ("newsletter", "2021-02:\n  vidoe:\n    title: T\n"),
    ],
    ids=["topic slug", "topic without name", "month 13", "feature without title",
         "url not http", "misspelt video"],
)
def test_topics_and_newsletter_the_check_rejects_the_schema_rejects(tmp_path, capsys, name, text):
    assert errors(name, yaml_value(text)) != []
    write_project(tmp_path)
    (tmp_path / "content" / f"{name}.yml").write_text(textwrap.dedent(text))
    assert main(["--project", str(tmp_path), "check"]) == 1
    assert f"content/{name}.yml:" in capsys.readouterr().err


def test_pearls_schema_prints_where_each_schema_is(capsys):
    assert main(["schema", "pearl"]) == 0
    assert capsys.readouterr().out == f"{schema_path('pearl')}\n"
    assert main(["schema"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{name}: {schema_path(name)}" for name in SCHEMAS
    ]


def test_the_guides_vs_code_problem_matcher_reads_check_output(tmp_path, capsys, monkeypatch):
    """The task in the editor's guide turns each diagnostic line into file, line, column,
    severity, code and message, and nothing else into a problem."""
    import re

    guide = (REPO / "content" / "pages" / "editors-guide.md").read_text()
    task = json.loads(re.search(r"```json\n(.*?)```", guide, re.S).group(1))
    matcher = task["tasks"][0]["problemMatcher"]["pattern"]
    pattern = re.compile(matcher["regexp"])
    write_project(tmp_path)
    (tmp_path / "content" / "pearls" / "2021-02-24-bad.md").write_text(
        "---\ntitle: T\ndate: 2021-02-24\nauthors: [A]\nsummary: S.\ntopcis: [x]\n---\n\nText.\n"
    )
    monkeypatch.setenv("NO_COLOR", "1")
    main(["--project", str(tmp_path), "check"])
    lines = capsys.readouterr().err.splitlines()
    found = [m.groups() for m in map(pattern.match, lines) if m]
    assert len(found) == len(lines) - 1  # all but the summary line
    assert (
        "content/pearls/2021-02-24-bad.md", "6", "1", "error", "FM005",
        "unknown field 'topcis' (did you mean 'topics'?)",
    ) in found  # fmt: skip
