"""`pearls check` on bad content: every problem, with its code and the exact line to fix."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest

from generator.cli import main
from generator.content.fields import split_file_name
from generator.project import load_project
from tests.sample_project import BIB, write_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small valid project: settings, topics, bibliography and one valid pearl."""
    return write_project(tmp_path)


def write(project: Path, name: str, text: str) -> Path:
    path = project / "content" / "pearls" / name
    path.write_text(textwrap.dedent(text))
    return path


def check(project: Path, capsys, *args: str) -> tuple[int, list[str]]:
    """Run `pearls check` and return its exit status and the lines it printed."""
    status = main(["--project", str(project), "check", *args])
    captured = capsys.readouterr()
    return status, (captured.err + captured.out).splitlines()


def pearl(front: str, body: str = "Text.\n") -> str:
    return f"---\n{textwrap.dedent(front)}---\n\n{body}"


FRONT = """\
title: T
date: 2021-02-24
authors: [A]
summary: S.
"""


def test_example_content_has_no_errors(example_project, capsys):
    status, lines = check(example_project, capsys)
    assert status == 0, "\n".join(lines)
    # The two seed references known only from their citation are partial, and say so (the
    # README tells a first build to expect them).
    codes = [line.split(": warning[")[1][:6] for line in lines[:-1]]
    assert codes == ["BIB101", "BIB101"]
    assert lines[-1] == "checked 3 pearls and 10 references: 0 errors, 2 warnings"


def test_valid_project_passes(project, capsys):
    status, lines = check(project, capsys)
    assert status == 0
    assert "warning[BIB101]" in "\n".join(lines)  # partial2019 is cited but will render partially


def test_yaml_syntax_error_points_at_its_line(project, capsys):
    write(project, "bad.md", "---\ntitle: T\ndate: [2021-02-24\nauthors: [A]\n---\n")
    status, lines = check(project, capsys)
    assert status == 1
    assert (
        "content/pearls/bad.md:3:7: error[YAML001]: the '[' opened here is never closed "
        "(close it on its line: date: [2021-02-24]; if the value is text, not a list, put it "
        'in quotes: date: "[2021-02-24")'
    ) in lines


def test_positions_count_lines_as_editors_do(project, capsys):
    """NEL, LS and PS break lines for YAML, not for editors: a key after them keeps its line."""
    write(project, "breaks.md", pearl(FRONT + 'reviewers: ["A\x85B\u2028C\u2029D"]\ntopcis: [x]\n'))
    _, lines = check(project, capsys)
    assert any("breaks.md:7:1: error[FM005]" in line for line in lines), lines


def test_tab_indentation_is_explained(project, capsys):
    write(project, "tabs.md", "---\ntitle: T\nauthors:\n\t- A\n---\n")
    _, lines = check(project, capsys)
    assert any("tabs.md:4:1: error[YAML001]" in line and "tabs" in line for line in lines)


def test_missing_front_matter(project, capsys):
    write(project, "nofm.md", "Just a body.\n")
    _, lines = check(project, capsys)
    assert (
        "content/pearls/nofm.md:1:1: error[FM001]: front matter missing "
        "(a pearl starts with a line '---')" in lines
    )


def test_unclosed_front_matter(project, capsys):
    write(project, "open.md", "---\ntitle: T\n\nBody.\n")
    _, lines = check(project, capsys)
    assert (
        "content/pearls/open.md:4:1: error[FM002]: the front matter is not closed before the "
        "body: this line is read as a field (end the front matter with a line '---' after its "
        "last field)" in lines
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "  ---\ntitle: T\n---\n",
            "1:3: error[FM001]: the front matter's '---' must be the very first line: with "
            "spaces before it, the page would show the front matter as text "
            "(delete the spaces before '---')",
        ),
        (
            "\n\n---\ntitle: T\n---\n",
            "3:1: error[FM001]: the front matter's '---' must be the very first line: with "
            "blank lines before it, the page would show the front matter as text "
            "(delete the blank lines before '---')",
        ),
        (
            "\u200b---\ntitle: T\n---\n",
            "1:2: error[FM001]: the front matter's '---' must be the very first line: with "
            "an invisible character before it, the page would show the front matter as text "
            "(delete the invisible character (a BOM or zero-width space) before '---')",
        ),
        (
            "---\ntitle: T\n ---\n\nBody.\n",
            "3:1: error[FM002]: '---' is indented, so it does not end the front matter: the "
            "body would be read as front matter (write exactly '---' at the start of the line)",
        ),
        (
            "---\ntitle: T\n--\n\nBody.\n\n---\n",
            "3:1: error[FM002]: '--' is not '---', so it does not end the front matter: the "
            "body would be read as front matter (write exactly '---' at the start of the line)",
        ),
    ],
    ids=["spaces before", "blank lines before", "zero-width space before", "indented close",
         "two dashes"],
)
def test_front_matter_markdown_would_show_as_text_is_an_error_at_its_line(
    project, capsys, text, message
):
    write(project, "shown.md", text)
    _, lines = check(project, capsys)
    assert [line for line in lines if "shown.md" in line] == [f"content/pearls/shown.md:{message}"]


def test_front_matter_closed_by_a_rule_in_the_body_points_at_where_the_body_starts(
    project, capsys
):
    """The closing '---' is missing; a horizontal rule further down closed it instead."""
    text = "---\ntitle: T\ndate: 2021-02-24\n\nThe situation.\n\n---\n\nMore.\n"
    write(project, "runaway.md", text)
    _, lines = check(project, capsys)
    assert [line for line in lines if "runaway.md" in line] == [
        "content/pearls/runaway.md:5:1: error[FM002]: the front matter is not closed before "
        "the body: this line is read as a field (end the front matter with a line '---' after "
        "its last field)"
    ]


def test_empty_file(project, capsys):
    write(project, "empty.md", "")
    _, lines = check(project, capsys)
    assert any(
        line.startswith("content/pearls/empty.md:1:1: error[FM001]: file is empty")
        for line in lines
    )


def test_missing_required_fields_are_each_reported(project, capsys):
    write(project, "2021-02-24-missing.md", pearl("title: T\n"))
    _, lines = check(project, capsys)
    for field, example in (
        ("date", "date: 2021-02-24"),
        ("authors", "authors: [A. Author]"),
        ("summary", "summary: One or two sentences for the archive and the e-mail."),
    ):
        assert (
            f"content/pearls/2021-02-24-missing.md:2:1: error[FM004]: "
            f"required field '{field}' is missing (add a line such as '{example}')"
        ) in lines


def test_wrong_types_point_at_the_value(project, capsys):
    write(
        project,
        "2021-02-24-types.md",
        pearl(FRONT + "topics: pulmonary-embolism\ndraft: maybe\nreviewers: [ok, [nested]]\n"),
    )
    _, lines = check(project, capsys)
    text = "\n".join(lines)
    assert ("2021-02-24-types.md:6:9: error[FM006]: 'topics' must be a list, not text") in text
    assert "2021-02-24-types.md:7:8: error[FM006]: 'draft' must be true or false" in text
    assert "2021-02-24-types.md:8:17: error[FM006]: each entry of 'reviewers' must be text" in text


def test_unknown_field_suggests_the_closest(project, capsys):
    write(project, "2021-02-24-typo.md", pearl(FRONT + "topcis: [neurology]\n"))
    _, lines = check(project, capsys)
    assert (
        "content/pearls/2021-02-24-typo.md:6:1: error[FM005]: unknown field 'topcis' "
        "(did you mean 'topics'?)"
    ) in lines


def test_date_must_be_a_wednesday(project, capsys):
    write(project, "2021-02-23-tuesday.md", pearl(FRONT.replace("2021-02-24", "2021-02-23")))
    _, lines = check(project, capsys)
    assert (
        "content/pearls/2021-02-23-tuesday.md:3:7: error[FM008]: 2021-02-23 is a Tuesday, "
        "not a Wednesday (the nearest Wednesday is 2021-02-24)"
    ) in lines


def test_date_must_be_real(project, capsys):
    write(project, "2021-02-30-feb30.md", pearl(FRONT.replace("2021-02-24", "2021-02-30")))
    _, lines = check(project, capsys)
    assert (
        "content/pearls/2021-02-30-feb30.md:3:7: error[FM007]: 'date' 2021-02-30 is not a real date"
    ) in lines


def test_two_pearls_on_one_date(project, capsys):
    write(project, "2021-02-17-other.md", pearl(FRONT.replace("2021-02-24", "2021-02-17")))
    _, lines = check(project, capsys)
    assert (
        "content/pearls/2021-02-17-other.md:3:1: error[PRL010]: another pearl is published "
        "on 2021-02-17: 2021-02-17-good.md"
    ) in lines


def test_duplicate_slugs(project, capsys):
    write(project, "2021-02-24-x.md", pearl(FRONT + "slug: good\n"))
    _, lines = check(project, capsys)
    assert (
        "content/pearls/2021-02-24-x.md:6:1: error[PRL011]: slug 'good' is also used by "
        "2021-02-17-good.md"
    ) in lines


def test_a_file_name_gives_the_slug_after_its_date(project, capsys):
    write(project, "2021-02-24-good.md", pearl(FRONT))
    _, lines = check(project, capsys)
    assert (
        "content/pearls/2021-02-24-good.md:2:1: error[PRL011]: slug 'good' is also used by "
        "2021-02-17-good.md"
    ) in lines


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("2021-02-17-perc-rule.md", (dt.date(2021, 2, 17), "perc-rule")),
        ("2021-13-45-x.md", (None, "x")),  # no real day, but still the date's place
        ("perc-rule.md", (None, "perc-rule")),
        ("2021-02-17.md", (None, "2021-02-17")),
    ],
)
def test_split_file_name(name, parts):
    assert split_file_name(Path(name)) == parts


def test_bad_slug(project, capsys):
    write(project, "2021-02-24-s.md", pearl(FRONT + "slug: ../Escape\n"))
    _, lines = check(project, capsys)
    assert any(
        line.startswith(
            "content/pearls/2021-02-24-s.md:6:7: error[FM009]: slug '../Escape' may only use"
        )
        for line in lines
    )


def test_unknown_topic_suggests_the_closest(project, capsys):
    write(project, "2021-02-24-topic.md", pearl(FRONT + "topics:\n  - neurolgy\n"))
    _, lines = check(project, capsys)
    assert (
        "content/pearls/2021-02-24-topic.md:7:5: error[TOP010]: unknown topic 'neurolgy' "
        "(did you mean 'neurology'?)"
    ) in lines


def test_a_topic_whose_entry_is_wrong_is_reported_there_not_as_unknown(project, capsys):
    # The pearl's topic was also TOP010 'add it to content/topics.yml', which it is.
    (project / "content" / "topics.yml").write_text("neurology: 5\n")
    write(project, "2021-02-24-topic.md", pearl(FRONT + "topics:\n  - neurology\n"))
    _, lines = check(project, capsys)
    assert "content/topics.yml:1:1: error[TOP002]: topic 'neurology' needs a 'name' (and a " \
        "'description')" in lines
    assert not any("TOP010" in line and "'neurology'" in line for line in lines)


def test_the_slug_index_is_refused_for_a_pearl_and_a_topic(project, capsys):
    # Both passed the check: the pearl was published at /pearls/ (its flowchart under
    # /pearls/index/), and the topic's page took the topics index's place (the build stopped).
    write(project, "2021-02-24-index.md", pearl(FRONT))
    write(project, "2021-03-03-other.md", pearl(FRONT.replace("02-24", "03-03") + "slug: index\n"))
    with (project / "content" / "topics.yml").open("a") as topics:
        topics.write("index: Index\n")
    topic = FRONT.replace("02-24", "03-10") + "topics: [index]\n"
    write(project, "2021-03-10-topic.md", pearl(topic))
    _, lines = check(project, capsys)
    refused = "would publish this {} as the page of /{}s/ itself"
    line = (project / "content" / "topics.yml").read_text().count("\n")
    assert [line for line in lines if "index" in line and "PRL011" not in line] == [
        "content/pearls/2021-02-24-index.md:2:1: error[FM050]: slug 'index' "
        + refused.format("pearl", "pearl") + " (rename the file or add 'slug:')",
        "content/pearls/2021-03-03-other.md:6:1: error[FM050]: slug 'index' "
        + refused.format("pearl", "pearl") + " (choose another with 'slug:')",
        f"content/topics.yml:{line}:1: error[TOP050]: slug 'index' "
        + refused.format("topic", "topic") + " (choose another slug)",
    ]


def test_summary_too_long(project, capsys):
    write(project, "2021-02-24-long.md", pearl(FRONT.replace("S.", "x" * 281)))
    _, lines = check(project, capsys)
    assert (
        "content/pearls/2021-02-24-long.md:5:10: error[FM010]: summary is 281 characters; "
        "at most 280 (shorten it by 1 character; the pearl's text holds the rest)"
    ) in lines


def test_malformed_doi_in_front_matter(project, capsys):
    write(project, "2021-02-24-doi.md", pearl(FRONT + "doi: https://doi.org/10.1/x\n"))
    _, lines = check(project, capsys)
    assert any(
        line.startswith("content/pearls/2021-02-24-doi.md:6:6: error[FM011]") for line in lines
    )


def test_unknown_citation_key_points_at_its_line(project, capsys):
    body = "First line.\nSecond line cites [@ignacio2019].\n"
    write(project, "2021-02-24-cite.md", pearl(FRONT, body))
    _, lines = check(project, capsys)
    assert (
        "content/pearls/2021-02-24-cite.md:9:21: error[CIT010]: unknown citation key "
        "'ignacio2019' (did you mean 'ignacio2018'?)"
    ) in lines


def test_malformed_citations(project, capsys):
    body = "A [@ignacio2018; ignacio2018] b.\nAn unclosed [@ignacio2018 here.\n\nNext paragraph.\n"
    write(project, "2021-02-24-syntax.md", pearl(FRONT, body))
    _, lines = check(project, capsys)
    assert (
        "content/pearls/2021-02-24-syntax.md:8:18: error[CIT003]: citation 'ignacio2018' is "
        "missing its '@' (write @ignacio2018)"
    ) in lines
    assert (
        "content/pearls/2021-02-24-syntax.md:9:13: error[CIT001]: citation bracket '[' is "
        "never closed (write citations as [@key] or [@a; @b])"
    ) in lines


def test_citations_in_code_are_not_citations(project, capsys):
    body = "Write `[@nokey]` to cite.\n\n```\n[@nokey]\n```\n"
    write(project, "2021-02-24-code.md", pearl(FRONT, body))
    status, _ = check(project, capsys)
    assert status == 0


def test_uncited_entry_is_a_warning_and_strict_fails(project, capsys):
    (project / "references.bib").write_text(
        BIB + "\n@book{lonely2020,\n  author = {Lone, Ly},\n  title = {Alone},\n"
        "  publisher = {P},\n  year = {2020},\n}\n"
    )
    status, lines = check(project, capsys)
    assert status == 0
    assert "references.bib:19:1: warning[BIB100]: entry 'lonely2020' is never cited" in lines
    status, _ = check(project, capsys, "--strict")
    assert status == 1


def test_every_problem_is_reported_at_once(project, capsys):
    write(
        project,
        "2021-02-23-a.md",
        pearl(FRONT.replace("2021-02-24", "2021-02-23") + "topcis: []\n", "[@nope]\n"),
    )
    write(project, "b.md", "no front matter\n")
    status, lines = check(project, capsys)
    codes = {line.split("[")[1].split("]")[0] for line in lines if "error[" in line}
    assert status == 1
    assert {"FM008", "FM005", "CIT010", "FM001"} <= codes
    assert lines[-1] == "checked 3 pearls and 2 references: 4 errors, 1 warning"


def test_binary_junk_is_a_diagnostic_not_a_traceback(project, capsys):
    (project / "content" / "pearls" / "junk.md").write_bytes(b"---\n\xff\xfe\x00junk")
    status, lines = check(project, capsys)
    assert status == 1
    assert (
        "content/pearls/junk.md:2:1: error[PRL001]: file is not UTF-8 text (save it as UTF-8)"
        in lines
    )


def test_json_format(project, capsys):
    write(project, "2021-02-24-typo.md", pearl(FRONT + "topcis: [neurology]\n"))
    status = main(["--project", str(project), "check", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert status == 1
    assert data["errors"] == 1
    [problem] = [d for d in data["diagnostics"] if d["severity"] == "error"]
    assert problem == {
        "path": "content/pearls/2021-02-24-typo.md",
        "line": 6,
        "col": 1,
        "severity": "error",
        "code": "FM005",
        "message": "unknown field 'topcis'",
        "hint": "did you mean 'topics'?",
    }


def test_no_project_is_a_usage_error(tmp_path, capsys):
    status = main(["--project", str(tmp_path), "check"])
    assert status == 2
    assert capsys.readouterr().err == (
        f"pearls check: error: no mkdocs.yml in {tmp_path.resolve()} or any folder above it: "
        "run pearls inside a pearl repository (or give --project DIR), or make one with "
        "`pearls init DIR`\n"
    )


def test_review_due_counts_from_the_last_review(project):
    write(project, "2021-02-24-reviewed.md", pearl(FRONT + "reviewed: 2024-01-10\n"))
    pearls = {p.slug: p for p in load_project(project).pearls}
    assert pearls["reviewed"].review_due == dt.date(2027, 1, 10)
    assert pearls["good"].review_due == dt.date(2024, 2, 17)


def test_newsletter_extras_are_checked_too(project, capsys):
    (project / "content" / "newsletter.yml").write_text("2021-02:\n  vidoe:\n    title: T\n")
    status, lines = check(project, capsys)
    assert status == 1
    assert any(
        line.startswith("content/newsletter.yml:2:3: error[NWS") and "vidoe" in line
        for line in lines
    )
