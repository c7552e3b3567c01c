"""Mistakes editors make, each answered where it is made, in the editor's words, with the fix.

Each case is one edit of the small sample project (:mod:`tests.sample_project`) and the exact
lines `pearls check` prints for it — and nothing else: no knock-on error from the same mistake.
The position of each case's diagnostic alone is in tests/test_bad_input_catalogue.py for
mistakes catalogued there; here the whole message is, as an editor reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main
from tests.sample_project import GOOD, write_project

PEARL = "content/pearls/2021-02-17-good.md"
BIB = "references.bib"
CITED = "[@ignacio2018; @partial2019]"

#: A valid algorithm the algorithm cases break (its first line is line 9 of the pearl).
ALGORITHM = """\
```algorithm
title: Suspected PE
start: wells
nodes:
  - id: wells
    kind: decision
    text: Wells score
    branches:
      - label: "Low"
        to: perc
      - label: "High"
        to: ctpa
  - id: perc
    kind: state
    text: PERC negative
    next: home
  - id: ctpa
    kind: action
    text: CT pulmonary angiogram
  - id: home
    kind: action
    text: Discharge
```

"""

#: Two entries whose keys one misspelt key is equally near.
SMITHS = """\
@article{smith2020a,
  author = {Smith, A.},
  title = {A},
  journal = {J},
  year = {2020},
}

@article{smith2020b,
  author = {Smith, B.},
  title = {B},
  journal = {J},
  year = {2020},
}

"""

LATER = GOOD.replace("2021-02-17", "2021-02-24").replace("summary:", "draft: true\nsummary:")


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` by ``new`` in the file at ``path`` (``old`` None: write a new file)."""

    path: str
    old: str | None
    new: str


@dataclass(frozen=True)
class Mistake:
    name: str
    edits: tuple[Edit, ...]
    expected: tuple[str, ...]


def pearl(old: str, new: str) -> Edit:
    return Edit(PEARL, old, new)


def algorithm(old: str, new: str) -> Edit:
    """The algorithm, with ``old`` replaced by ``new``, added before the pearl's text."""
    assert old in ALGORITHM
    return Edit(PEARL, "Cement can", ALGORITHM.replace(old, new, 1) + "Cement can")


def at(line: int, col: int, text: str, path: str = PEARL) -> str:
    return f"{path}:{line}:{col}: {text}"


MISTAKES = [
    # -- front matter ------------------------------------------------------------------------
    Mistake(
        "a title holding ': ' without quotes",
        (pearl("title: A good pearl", "title: PE: a good pearl"),),
        (at(2, 10, "error[YAML001]: the value of 'title' holds ': ', which YAML reads as the "
                   "start of another field (put the value in quotes: "
                   "title: \"PE: a good pearl\")"),),
    ),
    Mistake(
        "a title in double quotes holding double quotes",
        (pearl("title: A good pearl", 'title: "The "PERC" rule"'),),
        (at(2, 14, "error[YAML001]: the quotes inside the value of 'title' end it early "
                   "(put it in single quotes instead: title: 'The \"PERC\" rule')"),),
    ),
    Mistake(
        "a second author indented deeper than the first",
        (pearl("authors: [A. Author]", "authors:\n  - A. Author\n    - B. Author"),),
        (at(6, 5, "error[YAML001]: '- B. Author' is indented more than the item above, so it "
                  "is read as part of that item's text (indent its '-' by 2 spaces, as the "
                  "item above)"),),
    ),
    Mistake(
        "a title whose quote is never closed",
        (pearl("title: A good pearl", 'title: "A good pearl'),),
        (at(2, 8, "error[YAML001]: the quoted text opened here is never closed "
                  '(close it on its line: title: "A good pearl")'),),
    ),
    Mistake(
        "a list whose '[' is never closed",
        (pearl("authors: [A. Author]", "authors: [A. Author"),),
        (at(4, 10, "error[YAML001]: the '[' opened here is never closed (close it on its "
                   "line: authors: [A. Author]; if the value is text, not a list, put it in "
                   'quotes: authors: "[A. Author")'),),
    ),
    Mistake(
        "an alias that no anchor defines is named",
        (pearl("authors: [A. Author]", "authors: [*author]"),),
        (at(4, 11, "error[YAML001]: the alias '*author' refers to no anchor '&author' defined "
                   "before it (write the value out in full, or put the value in quotes if the "
                   "'*' is part of its text)"),),
    ),
    Mistake(
        "a field given twice",
        (pearl("summary: A short summary.", "summary: A short summary.\ntitle: Again"),),
        (at(7, 1, "error[YAML003]: 'title' is given twice; the first is on line 2 "
                  "(keep one of them)"),),
    ),
    Mistake(
        "a required field left out",
        (pearl("summary: A short summary.\n", ""),),
        (at(2, 1, "error[FM004]: required field 'summary' is missing (add a line such as "
                  "'summary: One or two sentences for the archive and the e-mail.')"),),
    ),
    Mistake(
        "the date left out of a dated file",
        (pearl("date: 2021-02-17\n", ""),),
        (at(2, 1, "error[FM004]: required field 'date' is missing "
                  "(add a line such as 'date: 2021-02-17')"),),
    ),
    Mistake(
        "a misspelt field is not also a missing one",
        (pearl("summary:", "sumary:"),),
        (at(6, 1, "error[FM005]: unknown field 'sumary' (did you mean 'summary'?)"),),
    ),
    Mistake(
        "a date written day/month/year",
        (pearl("date: 2021-02-17", "date: 17/02/2021"),),
        (at(3, 7, "error[FM007]: 'date' must be an ISO date like 2021-02-10, not '17/02/2021' "
                  "(write date: 2021-02-17)"),),
    ),
    Mistake(
        "a date that may be day or month first",
        (pearl("date: 2021-02-17", "date: 03.02.2021"),),
        (at(3, 7, "error[FM007]: 'date' must be an ISO date like 2021-02-10, not '03.02.2021' "
                  "(write date: 2021-02-03 or 2021-03-02)"),),
    ),
    Mistake(
        "a summary over the limit",
        (pearl("summary: A short summary.", "summary: " + "word " * 60),),
        (at(6, 10, "error[FM010]: summary is 299 characters; at most 280 (shorten it by "
                   "19 characters; the pearl's text holds the rest)"),),
    ),
    Mistake(
        "the closing '---' of the front matter left out",
        (pearl("summary: A short summary.\n---\n", "summary: A short summary.\n\n"),),
        (at(9, 1, "error[FM002]: the front matter is not closed before the body: this line "
                  "is read as a field (end the front matter with a line '---' after its "
                  "last field)"),),
    ),
    Mistake(
        "two authors written as text",
        (pearl("authors: [A. Author]", "authors: A. Author, B. Author"),),
        (at(4, 10, "error[FM006]: 'authors' must be a list, not text (write it as "
                   "'authors: [A. Author, B. Author]' or one '- item' per line)"),),
    ),
    Mistake(
        "'draft: yes'",
        (pearl("summary: A short", "draft: yes\nsummary: A short"),),
        (at(6, 8, "error[FM006]: 'draft' must be true or false, not 'yes' "
                  "(write draft: true)"),),
    ),
    Mistake(
        "a topic written as its name",
        (pearl("topics: [pulmonary-embolism]", "topics: [Pulmonary embolism]"),),
        (at(5, 10, "error[TOP010]: unknown topic 'Pulmonary embolism' "
                   "(did you mean 'pulmonary-embolism'?)"),),
    ),
    # -- citations ---------------------------------------------------------------------------
    Mistake(
        "a space after '@'",
        (pearl(CITED, "[@ ignacio2018; @partial2019]"),),
        (at(9, 23, "error[CIT004]: a space after '@' in '@ ignacio2018' "
                   "(write [@ignacio2018])"),),
    ),
    Mistake(
        "a locator without its comma",
        (pearl(CITED, "[@ignacio2018 p. 33; @partial2019]"),),
        (at(9, 34, "error[CIT004]: the locator 'p. 33' needs a comma after the key "
                   "'ignacio2018' (write [@ignacio2018, p. 33])"),),
    ),
    Mistake(
        "two citations separated by a comma",
        (pearl(CITED, "[@ignacio2018, @partial2019]"),),
        (at(9, 34, "error[CIT005]: citations in one bracket are separated by ';', not ',' "
                   "(write [@ignacio2018; @partial2019])"),),
    ),
    Mistake(
        "a key written with a capital",
        (pearl(CITED, "[@Ignacio2018; @partial2019]"),),
        (at(9, 23, "error[CIT010]: unknown citation key 'Ignacio2018' "
                   "(did you mean 'ignacio2018'?)"),),
    ),
    Mistake(
        "a key equally near two keys",
        (Edit(BIB, "@article{partial2019,", SMITHS + "@article{partial2019,"),
         pearl(CITED, "[@ignacio2018; @partial2019; @smith2020]")),
        (at(9, 51, "error[CIT010]: unknown citation key 'smith2020' "
                   "(did you mean 'smith2020a' or 'smith2020b'?)"),),
    ),
    # -- the bibliography --------------------------------------------------------------------
    Mistake(
        "a missing comma in a BibTeX entry: its key is not then unknown",
        (Edit(BIB, "  journal = {Asian Spine J},", "  journal = {Asian Spine J}"),),
        (at(4, 28, "error[BIB002]: missing ',' at the end of this line: the next field, "
                   "'year', cannot be read without it (write: journal = {Asian Spine J},)", BIB),),
    ),
    Mistake(
        "a BibTeX field without '='",
        (Edit(BIB, "  journal = {Asian Spine J},", "  journal {Asian Spine J},"),),
        (at(4, 11, "error[BIB002]: the field 'journal' needs '=' before its value "
                   "(write: journal = {Asian Spine J},)", BIB),),
    ),
    Mistake(
        "a BibTeX value whose brace is not closed",
        (Edit(BIB, "  journal = {Asian Spine J},", "  journal = {Asian Spine J,"),),
        (at(4, 13, "error[BIB003]: the '{' of the 'journal' value is never closed "
                   "(write: journal = {Asian Spine J},)", BIB),),
    ),
    # -- settings and the topic vocabulary ---------------------------------------------------
    Mistake(
        "a mkdocs.yml setting whose quote is never closed",
        (Edit("mkdocs.yml", "site_name: Test", 'site_name: "Test'),),
        (at(1, 12, "error[YAML001]: the quoted text opened here is never closed "
                   '(close it on its line: site_name: "Test")', "mkdocs.yml"),),
    ),
    Mistake(
        "a mkdocs.yml quote left open until an escape YAML cannot read",
        (Edit("mkdocs.yml", "site_name: Test\n",
              "site_name: \"Test\nplugins:\n  - search:\n      separator: '[\\s\\-]+'\n"),),
        (at(1, 12, "error[YAML001]: the quoted text opened here is not closed on its line, so "
                   "the lines below are read as part of it "
                   '(close it on its line: site_name: "Test")', "mkdocs.yml"),),
    ),
    Mistake(
        "a mkdocs.yml quote left open until the next value's quote",
        (Edit("mkdocs.yml", "site_name: Test\n",
              'site_name: "Test\nnav:\n  - Home: index.md\n  - "Editor\'s guide": guide.md\n'),),
        (at(1, 12, "error[YAML001]: the quoted text opened here is not closed on its line, so "
                   "the lines below are read as part of it "
                   '(close it on its line: site_name: "Test")', "mkdocs.yml"),),
    ),
    Mistake(
        "a topic name whose quote is never closed: the pearls' topics are not also unknown",
        (Edit("content/topics.yml", "  name: Neurology", '  name: "Neurology'),),
        (at(5, 9, "error[YAML001]: the quoted text opened here is never closed "
                  '(close it on its line: name: "Neurology")', "content/topics.yml"),),
    ),
    # -- links -------------------------------------------------------------------------------
    Mistake(
        "a pearl linked by its file name",
        (Edit("content/pearls/2021-02-24-later.md", None, LATER.replace("draft: true\n", "")),
         pearl("Cement can", "See [the next](2021-02-24-later.md).\n\nCement can")),
        (at(9, 16, "error[PRL021]: '2021-02-24-later.md' is the pearl's file name; a link "
                   "names a pearl by its slug (write (later.md))"),),
    ),
    Mistake(
        "a link to a draft pearl",
        (Edit("content/pearls/2021-02-24-later.md", None, LATER),
         pearl("Cement can", "See [the next](later.md).\n\nCement can")),
        (at(9, 16, "error[PRL020]: links to 'later', a draft "
                   "(remove the link, or publish that pearl first)"),),
    ),
    Mistake(
        "a link to a pearl whose front matter cannot be read is not also 'unknown'",
        (Edit("content/pearls/2021-02-24-later.md", None,
              LATER.replace("draft: true\n", "").replace("title: A good pearl", "title: PE: x")),
         pearl("Cement can", "See [the next](later.md).\n\nCement can")),
        (at(2, 10, "error[YAML001]: the value of 'title' holds ': ', which YAML reads as the "
                   "start of another field (put the value in quotes: title: \"PE: x\")",
            "content/pearls/2021-02-24-later.md"),),
    ),
    # -- algorithms --------------------------------------------------------------------------
    Mistake(
        "an algorithm field indented deeper than the one above",
        (algorithm("    text: PERC negative", "      text: PERC negative"),),
        (at(23, 11, "error[ALG001]: 'text:' is indented more than 'kind:' on the line above, "
                    "so it is read as part of that value (indent 'text:' by 4 spaces, "
                    "as 'kind:')"),),
    ),
    Mistake(
        "an algorithm node indented differently from the others",
        (algorithm("  - id: perc", "   - id: perc"),),
        (at(21, 4, "error[ALG001]: this '- ' item is indented by 3 spaces, the items of its "
                   "list by 2 (indent its '-' by 2 spaces, as the item above)"),),
    ),
    Mistake(
        "a tab in an algorithm",
        (algorithm("    text: PERC negative", "\ttext: PERC negative"),),
        (at(23, 1, "error[ALG001]: YAML syntax error: tabs are not allowed for indentation in "
                   "YAML; use spaces"),),
    ),
    Mistake(
        "a branch's label and target on one line",
        (algorithm('- label: "High"\n        to: ctpa', '- label: "High", to: ctpa'),),
        (at(19, 22, "error[ALG001]: 'to:' is on the line of another field; each field needs a "
                    "line of its own (write 'to: ctpa' on the next line, indented by 8 "
                    "spaces)"),),
    ),
    Mistake(
        "an algorithm text whose quote is never closed",
        (algorithm("    text: PERC negative", '    text: "PERC negative'),),
        (at(23, 11, "error[ALG001]: the quoted text opened here is never closed "
                    '(close it on its line: text: "PERC negative")'),),
    ),
    Mistake(
        "an algorithm branch whose '{' is never closed",
        (algorithm('      - label: "Low"\n        to: perc', '      - {label: "Low", to: perc'),),
        (at(17, 9, "error[ALG001]: the '{' opened here is never closed "
                   '(close it on its line: - {label: "Low", to: perc})'),),
    ),
    Mistake(
        "a node without its text",
        (algorithm("    text: PERC negative\n", ""),),
        (at(21, 5, "error[ALG003]: node 'perc' has no 'text' "
                   "(add 'text: …', the words in its box)"),),
    ),
    Mistake(
        "a link node without the pearl it leads to",
        (algorithm("kind: action\n    text: Discharge", "kind: link\n    text: Discharge"),),
        (at(28, 5, "error[ALG003]: node 'home' has no 'pearl' (add 'pearl: …', the slug of "
                   "the pearl whose algorithm it leads to)"),),
    ),
    Mistake(
        "'next' on a decision",
        (algorithm("    branches:", "    next: perc\n    branches:"),),
        (at(16, 5, "error[ALG007]: a decision node has no 'next' "
                   "(only state and action nodes do)"),),
    ),
    Mistake(
        "an unknown node kind",
        (algorithm("kind: decision", "kind: desicion"),),
        (at(14, 11, "error[ALG006]: unknown node kind 'desicion' in node 'wells' "
                    "(did you mean 'decision'?)"),),
    ),
    Mistake(
        "'branch:' for 'branches:'",
        (algorithm("branches:", "branch:"),),
        (at(16, 5, "error[ALG004]: unknown node field 'branch' (did you mean 'branches'?)"),),
    ),
    Mistake(
        "a decision with one branch: the node it left out is not also unreachable",
        (algorithm('      - label: "High"\n        to: ctpa\n', ""),),
        (at(13, 9, "error[ALG014]: decision 'wells' has 1 branch; a decision needs at least 2 "
                   "(add a second '- label: …' with its 'to: …' under 'branches:')"),),
    ),
    Mistake(
        "a branch with no label to a misspelt node, and no knock-on 'cannot be reached'",
        (algorithm('      - label: "High"\n        to: ctpa', "      - to: ctp"),),
        (at(19, 9, "error[ALG015]: a branch of decision 'wells' has no label "
                   "(label it, e.g. 'label: \"Yes\"')"),
         at(19, 13, "error[ALG011]: a branch of decision 'wells' leads to 'ctp', which is no "
                    "node's id (did you mean 'ctpa'?)")),
    ),
    Mistake(
        "a branch to a node that does not exist lists the node ids",
        (algorithm("to: ctpa", "to: imaging"),),
        (at(20, 13, "error[ALG011]: the branch 'High' of decision 'wells' leads to 'imaging', "
                    "which is no node's id (the node ids are 'wells', 'perc', 'ctpa', "
                    "'home')"),),
    ),
    Mistake(
        "'next' to a misspelt node",
        (algorithm("next: home", "next: hom"),),
        (at(24, 11, "error[ALG011]: 'next' of clinical state 'perc' leads to 'hom', which is "
                    "no node's id (did you mean 'home'?)"),),
    ),
    Mistake(
        "'start' naming a misspelt node",
        (algorithm("start: wells", "start: well"),),
        (at(11, 8, "error[ALG011]: 'start' leads to 'well', which is no node's id "
                   "(did you mean 'wells'?)"),),
    ),
]


def check_lines(root: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The diagnostic lines `pearls check` prints for the project in ``root`` (no summary)."""
    main(["--project", str(root), "check"])
    return capsys.readouterr().err.splitlines()[:-1]


def sample(root: Path) -> Path:
    """The sample project with no warnings of its own: its second reference made whole."""
    write_project(root)
    bib = root / BIB
    whole = "@article{partial2019,\n  author = {Doe, J.},\n  title = {P},\n"
    bib.write_text(bib.read_text().replace("@article{partial2019,\n", whole))
    return root


def test_the_sample_project_is_clean(tmp_path, capsys):
    assert check_lines(sample(tmp_path), capsys) == []


def test_there_are_at_least_thirty_mistakes():
    assert len({mistake.name for mistake in MISTAKES}) == len(MISTAKES) >= 30


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_each_mistake_is_explained_once_where_it_is_made(tmp_path, capsys, mistake):
    root = sample(tmp_path)
    for edit in mistake.edits:
        target = root / edit.path
        if edit.old is None:
            target.write_text(edit.new)
            continue
        text = target.read_text()
        assert edit.old in text, edit
        target.write_text(text.replace(edit.old, edit.new, 1))
    assert check_lines(root, capsys) == list(mistake.expected)
