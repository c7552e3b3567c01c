"""Property-based tests: for any input, `pearls check` reports diagnostics, never a traceback.

Each strategy runs 2,000 examples (set PEARLS_HYPOTHESIS_EXAMPLES for more). The suite draws
them from a fixed seed, so a run fails only on a change to the code or the tests; set
PEARLS_HYPOTHESIS_RANDOM=1 (``make fuzz``) to explore new inputs, and pin each failure found
as an ``@example``. A generous per-example deadline turns a hang into a failure without timing
anything that matters.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.content.fields import KNOWN
from generator.diagnostics import Diagnostic
from generator.project import load_project
from tests.sample_project import BIB, write_project

EXAMPLES = int(os.environ.get("PEARLS_HYPOTHESIS_EXAMPLES", "2000"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=dt.timedelta(seconds=10),
    derandomize=not os.environ.get("PEARLS_HYPOTHESIS_RANDOM"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

#: YAML's own line breaks (CR, NEL, LS, PS) beside LF: positions count LF only, as editors do.
LINE_BREAKS = ["\r\n", "\r", "\x85", "\u2028", "\u2029", "\x0c"]
YAML_CHARS = st.sampled_from(list("abc:-[]{},&*!|>'\"#@ \t\n0129.") + LINE_BREAKS + ["---", "..."])
BODY_CHARS = st.sampled_from(list("[]@;,.-: pa1`\n") + ["ignacio2018", "p. 33", "```", "\n\n"])
BIB_CHARS = st.sampled_from(list('@{}()=,"#% \n\\a1') + ["article", "author", " and ", "doi"])

FIELDS = [*KNOWN, "topcis"]  # every known field, and one misspelt
SCALARS = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.booleans(),
    st.none(),
    st.dates().map(dt.date.isoformat),
    st.sampled_from(["2021-02-24", "2021-02-30", "~", "[]"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4), max_leaves=8)


def yaml_value(value: object) -> str:
    """A flow-style YAML rendering of a generated value (quoted strings, lists)."""
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(item) for item in value) + "]"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if value is None:
        return "null"
    return str(value).lower() if isinstance(value, bool) else str(value)


STRUCTURED_FRONT = st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=8).map(
    lambda data: "".join(f"{key}: {yaml_value(value)}\n" for key, value in data.items())
)
RAW_FRONT = st.lists(YAML_CHARS, max_size=60).map("".join)
NODE = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["a", "b", "c", "d"]),
        "kind": st.sampled_from(["state", "decision", "action", "link", "other"]),
    },
    optional={
        "text": st.text(max_size=20),
        "next": st.sampled_from(["a", "b", "c", "z"]),
        "pearl": st.sampled_from(["good", "none"]),
        "note": st.text(max_size=10),
        "branches": st.lists(
            st.fixed_dictionaries(
                {}, optional={"label": st.text(max_size=5), "to": st.sampled_from(["a", "b", "c"])}
            ),
            max_size=3,
        ),
    },
)


def node_yaml(node: dict) -> str:
    lines = [f"  - id: {node['id']}", f"    kind: {node['kind']}"]
    for key in ("text", "next", "pearl", "note"):
        if key in node:
            lines.append(f"    {key}: {yaml_value(node[key])}")
    if "branches" in node:
        lines.append("    branches:")
        for branch in node["branches"]:
            items = [f"{k}: {yaml_value(v)}" for k, v in branch.items()] or ["{}"]
            lines.append("      - " + "\n        ".join(items) if branch else "      - {}")
    return "\n".join(lines) + "\n"


ALGORITHMS = st.one_of(
    st.lists(NODE, max_size=6).map(
        lambda nodes: "title: A\nnodes:\n" + "".join(map(node_yaml, nodes))
    ),
    st.lists(YAML_CHARS, max_size=60).map("".join),
)


def check_file(root: Path, name: str, text: str) -> list[Diagnostic]:
    """Write one file into the sample project, check the project, and return its diagnostics."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    diagnostics = load_project(root).report.diagnostics
    lines = len(re.split("\r\n|\r|\n", text))  # pearls count a lone CR as a line break
    for diagnostic in diagnostics:
        assert diagnostic.path.is_absolute()
        assert diagnostic.position.line >= 1 and diagnostic.position.col >= 1
        if diagnostic.path == path:
            assert diagnostic.position.line <= lines + 1, diagnostic
        assert diagnostic.format()
    return diagnostics


@PROPERTY
@given(front=st.one_of(STRUCTURED_FRONT, RAW_FRONT), body=st.text(max_size=40))
def test_any_front_matter_gives_diagnostics_not_tracebacks(tmp_path_factory, front, body):
    root = write_project(tmp_path_factory.mktemp("fm"))
    check_file(root, "content/pearls/x.md", f"---\n{front}---\n{body}")


@PROPERTY
@given(body=st.lists(BODY_CHARS, max_size=40).map("".join))
def test_any_body_citations_give_diagnostics_not_tracebacks(tmp_path_factory, body):
    root = write_project(tmp_path_factory.mktemp("body"))
    front = "title: T\ndate: 2021-02-24\nauthors: [A]\nsummary: S.\n"
    check_file(root, "content/pearls/x.md", f"---\n{front}---\n{body}")


@PROPERTY
@given(algorithm=ALGORITHMS)
@example(  # found in CI: a node text that YAML reads as a line break shifted every position
    'title: A\nnodes:\n  - id: a\n    kind: state\n    text: "\x85"\n'
    '  - id: a\n    kind: state\n    text: "0"\n'
)
@example("title: A\rnodes:\u2028  - id: a\x85    kind: state\u2029    text: x [@nokey]\n")
def test_any_algorithm_gives_diagnostics_not_tracebacks(tmp_path_factory, algorithm):
    root = write_project(tmp_path_factory.mktemp("alg"))
    front = "title: T\ndate: 2021-02-24\nauthors: [A]\nsummary: S.\n"
    check_file(root, "content/pearls/x.md", f"---\n{front}---\n\n```algorithm\n{algorithm}```\n")


@PROPERTY
@given(bib=st.lists(BIB_CHARS, max_size=60).map("".join), keep=st.booleans())
def test_any_bib_text_gives_diagnostics_not_tracebacks(tmp_path_factory, bib, keep):
    root = write_project(tmp_path_factory.mktemp("bib"))
    check_file(root, "references.bib", (BIB if keep else "") + bib)
