"""Loading references.bib: every problem reported at the line of the entry or field to fix."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.bibliography import load_bibliography
from generator.diagnostics import Position, Severity, closest

FIXTURES = Path(__file__).parent / "fixtures" / "bib"
ROOT = Path(__file__).parent.parent


def load(tmp_path: Path, text: str):
    path = tmp_path / "references.bib"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return load_bibliography(path)


def codes_and_lines(diagnostics) -> list[tuple[str, int]]:
    return [(d.code, d.position.line) for d in diagnostics]


def test_project_bibliography_loads_without_problems():
    bibliography, diagnostics = load_bibliography(ROOT / "references.bib")
    assert diagnostics == []
    assert list(bibliography.keys())[:5] == [
        "rodrigues2019",
        "respmedcaserep2019",
        "ignacio2018",
        "jthoraccardiovascsurg2012",
        "krueger2009",
    ]


def test_missing_file_is_a_diagnostic_not_an_exception(tmp_path):
    bibliography, diagnostics = load_bibliography(tmp_path / "nope.bib")
    assert len(bibliography) == 0
    assert codes_and_lines(diagnostics) == [("BIB001", 1)]
    assert diagnostics[0].severity is Severity.ERROR


def test_invalid_utf8_points_at_the_bad_byte(tmp_path):
    path = tmp_path / "references.bib"
    path.write_bytes(b"@article{a,\n  title = {Caf\xe9},\n}\n")
    bibliography, diagnostics = load_bibliography(path)
    assert [(d.code, d.position) for d in diagnostics] == [("BIB001", Position(2, 15))]
    assert "a" in bibliography


def test_entries_keep_their_start_line(tmp_path):
    bibliography, diagnostics = load(
        tmp_path,
        """
        % a comment
        @article{first,
          title = {One},
        }

        @book{second, title = {Two}}
        """,
    )
    assert diagnostics == []
    assert bibliography.position("first") == Position(2, 1)
    assert bibliography.position("second") == Position(6, 1)
    assert bibliography.get("second").field_positions["title"] == Position(6, 15)


def test_syntax_error_points_at_its_line(tmp_path):
    _, diagnostics = load(
        tmp_path,
        """
        @article{ok, title = {Fine}}

        @article{broken,
          title {no equals sign},
        }
        """,
    )
    assert codes_and_lines(diagnostics) == [("BIB002", 4)]
    assert diagnostics[0].message == "the field 'title' needs '=' before its value"
    assert diagnostics[0].hint == "write: title = {no equals sign},"


def test_unclosed_brace_points_at_its_entry_not_past_it(tmp_path):
    bibliography, diagnostics = load(
        tmp_path,
        """
        @article{fine, title = {Fine}}

        @article{unclosed,
          title = {Never closed,
          year = 2019,
        }

        @article{after,
          title = {Still loaded},
        }
        """,
    )
    assert codes_and_lines(diagnostics) == [("BIB003", 4)]  # the field whose '{' is open
    assert diagnostics[0].message == "the '{' of the 'title' value is never closed"
    assert list(bibliography.keys()) == ["fine", "after"]


def test_extra_closing_brace_points_at_its_entry(tmp_path):
    _, diagnostics = load(
        tmp_path,
        """
        @article{early,
          title = {Closed}},
          year = 2019,
        }
        """,
    )
    assert codes_and_lines(diagnostics) == [("BIB003", 1)]
    assert diagnostics[0].hint == "text on line 3 is left outside it; remove the extra '}'"


def test_duplicate_key_is_case_insensitive_and_points_at_the_second(tmp_path):
    bibliography, diagnostics = load(
        tmp_path,
        """
        @article{smith2020, title = {First}}
        @article{other, title = {Other}}
        @article{Smith2020, title = {Second}}
        """,
    )
    assert codes_and_lines(diagnostics) == [("BIB004", 3)]
    assert diagnostics[0].hint == "'smith2020' is already defined on line 1"
    assert str(bibliography.get("smith2020").field("title")) == "First"
    assert "Smith2020" not in bibliography


def test_duplicate_field_points_at_the_second_field(tmp_path):
    bibliography, diagnostics = load(
        tmp_path,
        """
        @article{a,
          title = {One},
          year = 2019,
          Title = {Two},
        }
        """,
    )
    assert codes_and_lines(diagnostics) == [("BIB005", 4)]
    assert str(bibliography.get("a").field("title")) == "One"


def test_undefined_string_macro_points_at_the_macro(tmp_path):
    bibliography, diagnostics = load(
        tmp_path,
        """
        @string{mco = "Mol Clin Oncol"}
        @article{a,
          journal = mco,
          note = nosuch,
        }
        """,
    )
    assert [(d.code, d.position) for d in diagnostics] == [("BIB006", Position(4, 10))]
    assert str(bibliography.get("a").field("journal")) == "Mol Clin Oncol"


def test_month_macros_are_predefined(tmp_path):
    bibliography, diagnostics = load(tmp_path, "@article{a, month = feb}\n")
    assert diagnostics == []
    assert bibliography.get("a").raw("month") == "February"


def test_missing_crossref_target_points_at_the_crossref_field(tmp_path):
    _, diagnostics = load(
        tmp_path,
        """
        @incollection{chapter,
          title = {A chapter},
          crossref = {nosuchbook},
        }
        """,
    )
    assert codes_and_lines(diagnostics) == [("BIB007", 3)]


def test_crossref_fills_in_the_book(tmp_path):
    bibliography, diagnostics = load(
        tmp_path,
        """
        @incollection{chapter, title = {A chapter}, crossref = {Book}}
        @book{book, title = {The Book}, publisher = {Elsevier}, editor = {Doe, Jane}}
        """,
    )
    assert diagnostics == []
    chapter = bibliography.get("chapter")
    assert str(chapter.field("booktitle")) == "The Book"
    assert chapter.raw("publisher") == "Elsevier"
    assert [str(p) for p in chapter.persons("editor")] == ["Doe, Jane"]


@pytest.mark.parametrize(
    "doi",
    ["10.4184/asj.2018.12.2.380", "doi:10.1007/s00586-009-1073-y", "https://doi.org/10.1000/x_1"],
)
def test_well_formed_dois_pass(tmp_path, doi):
    bibliography, diagnostics = load(tmp_path, f"@article{{a, doi = {{{doi}}}}}\n")
    assert diagnostics == []
    assert bibliography.get("a").doi().startswith("10.")


@pytest.mark.parametrize("doi", ["11.1/x", "10.12/short-registrant", "10.1234", "see paper"])
def test_malformed_doi_points_at_the_doi_field(tmp_path, doi):
    _, diagnostics = load(tmp_path, f"@article{{a,\n  title = {{T}},\n  doi = {{{doi}}},\n}}\n")
    assert codes_and_lines(diagnostics) == [("BIB008", 3)]


def test_and_and_is_flagged_instead_of_a_bogus_person(tmp_path):
    bibliography, diagnostics = load(
        tmp_path,
        """
        @article{a,
          title = {T},
          author = {Smith, A. and and Jones, B.},
        }
        """,
    )
    assert codes_and_lines(diagnostics) == [("BIB009", 3)]
    assert [str(p) for p in bibliography.get("a").persons("author")] == ["Smith, A.", "Jones, B."]


def test_trailing_and_is_flagged(tmp_path):
    _, diagnostics = load(tmp_path, "@article{a,\n  editor = {Smith, A. and}\n}\n")
    assert codes_and_lines(diagnostics) == [("BIB009", 2)]


def test_unparseable_name_points_at_its_field(tmp_path):
    _, diagnostics = load(tmp_path, "@article{a,\n  title = {T},\n  author = {a, b, c, d},\n}\n")
    assert codes_and_lines(diagnostics) == [("BIB010", 3)]


def test_every_problem_in_one_file_is_reported_in_one_run():
    _, diagnostics = load_bibliography(FIXTURES / "every_problem.bib")
    assert sorted(codes_and_lines(diagnostics), key=lambda pair: pair[1]) == [
        ("BIB004", 10),
        ("BIB005", 17),
        ("BIB006", 21),
        ("BIB007", 25),
        ("BIB008", 29),
        ("BIB009", 33),
        ("BIB010", 37),
        ("BIB003", 41),
        ("BIB003", 49),
        ("BIB002", 55),
    ]


def test_latex_in_fields_becomes_typography(tmp_path):
    bibliography, _ = load(
        tmp_path,
        r"""
        @article{a,
          author = {M{\"u}ller, Hans and Garc{\'{\i}}a, Ana},
          title = {\textit{E. coli} and \emph{Salmonella} in {\TeX} \& more -- see \url{https://x.org/a_b}},
        }
        """,
    )
    title = bibliography.get("a").field("title")
    assert str(title) == "E. coli and Salmonella in TeX & more – see https://x.org/a_b"
    assert title.render_as("html") == (
        "<i>E. coli</i> and <i>Salmonella</i> in TeX &amp; more – see https://x.org/a_b"
    )


def test_closest_key_suggests_a_near_miss(tmp_path):
    bibliography, _ = load(tmp_path, "@article{rodrigues2019, title={T}}\n@book{b, title={B}}\n")
    assert closest("rodriguez2019", bibliography.keys()) == ["rodrigues2019"]
    assert closest("Rodrigues2019", bibliography.keys()) == ["rodrigues2019"]
    assert closest("zzzzzz", bibliography.keys()) == []
    assert bibliography.get("Rodrigues2019") is None


def test_field_and_role_names_are_case_insensitive_also_from_the_cache(tmp_path):
    """Entries keep their fields and people in one plain dict (memory, issue 18): names written
    in any case are still found, and the reference renders the same after the cache's pickle."""
    import pickle

    from generator.bibliography import citation_style

    bibliography, diagnostics = load(
        tmp_path,
        """
        @Article{mixed,
          AUTHOR = {M{\\"u}ller, Anna and Stiell, Ian},
          Title = {Ottawa rules},
          JOURNAL = {Ann Emerg Med},
          Year = {2003},
        }
        """,
    )
    assert diagnostics == []
    for reference in (
        bibliography.get("mixed"),
        pickle.loads(pickle.dumps(bibliography)).get("mixed"),
    ):
        entry = reference.entry
        assert (entry.fields["TITLE"], entry.fields.get("journal"), "Year" in entry.fields) == (
            "Ottawa rules",
            "Ann Emerg Med",
            True,
        )
        assert [str(p) for p in entry.persons["Author"]] == ['M{\\"u}ller, Anna', "Stiell, Ian"]
        formatted = citation_style("ama").format_entry("1", reference).text.render_as("text")
        assert formatted.startswith("Müller A, Stiell I. Ottawa rules. Ann Emerg Med. 2003")
