"""Issue 15 items 1-5: LaTeX decoded faithfully, AMA 11 rules one by one (each test names the
rule), title case, no empty references, and biblatex as biber reads it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.bibliography import format_reference, load_bibliography
from generator.cli import main
from generator.numbering import number_citations, resolve_references
from generator.project import load_project
from tests.sample_project import write_project

_J = "journal = {Ann Emerg Med}, year = 2020, volume = 75"


def load(tmp_path: Path, source: str):
    """The bibliography in ``source`` and its diagnostics as printed lines."""
    path = tmp_path / "references.bib"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    bibliography, diagnostics = load_bibliography(path)
    return bibliography, [d.format(tmp_path) for d in diagnostics]


def ama(tmp_path: Path, source: str, style: str = "ama") -> str:
    bibliography, diagnostics = load(tmp_path, source)
    assert diagnostics == []
    return format_reference(next(iter(bibliography)), style).text


# --- 1. LaTeX in field values ------------------------------------------------------------------


def test_text_macros_keep_their_text(tmp_path):
    assert (
        ama(
            tmp_path,
            r"@article{k, author = {Aa, B.}, title = {Outcomes of \mbox{COVID-19} pneumonia in "
            r"the \textsc{Recovery} cohort}, journal = {Med J}, year = 2021, volume = 1, "
            r"pages = {1--2}}",
        )
        == "Aa B. Outcomes of COVID-19 pneumonia in the Recovery cohort. Med J. 2021;1:1-2."
    )


def test_line_breaks_and_control_characters_become_one_space(tmp_path):
    assert (
        ama(
            tmp_path,
            "@article{k, author = {Aa, B.}, title = {First line\\\\second \\newline third\ttab}, "
            f"{_J}, pages = 1}}",
        )
        == "Aa B. First line second third tab. Ann Emerg Med. 2020;75:1."
    )


def test_url_macro_unwrapped_and_its_escapes_decoded_once(tmp_path):
    bibliography, diagnostics = load(
        tmp_path,
        r"@misc{k, title = {Guideline}, howpublished = {\url{https://x.org/a\%20b\_c}}, "
        r"url = {\url{https://x.org/a\%20b\_c}}, urldate = {2024-01-02}}",
    )
    assert diagnostics == []
    formatted = format_reference(next(iter(bibliography)))
    assert formatted.text == (
        "Guideline. https://x.org/a%20b_c. Accessed January 2, 2024. https://x.org/a%20b_c"
    )
    assert 'href="https://x.org/a%20b_c"' in formatted.html


def test_unknown_macro_is_a_warning_at_its_line_naming_it(tmp_path):
    bibliography, diagnostics = load(
        tmp_path,
        """\
        @book{k, author = {Knuth, Donald E.},
          title = {The
                   \\MF book}, publisher = {Addison-Wesley}, year = 1986}
        """,
    )
    assert diagnostics == [
        "references.bib:3:12: warning[BIB015]: unknown LaTeX macro '\\MF' in the title of 'k' "
        "is left out (replace it with the text it stands for)"
    ]
    assert (
        format_reference(bibliography.get("k")).text == "Knuth DE. The book. Addison-Wesley; 1986."
    )


def test_field_still_showing_a_brace_is_a_warning(tmp_path):
    _, diagnostics = load(
        tmp_path, "@article{k, title = {Sets \\{ a, b \\}}, journal = {J}, year = 2000}\n"
    )
    assert diagnostics == [
        "references.bib:1:13: warning[BIB016]: the title of 'k' would show a backslash or brace: "
        "'Sets { a, b }' (check the LaTeX of this field)"
    ]


def test_vancouver_gets_the_same_decoding(tmp_path):
    assert (
        ama(
            tmp_path,
            r"@article{k, author = {Aa, B.}, title = {\mbox{COVID-19} \\ care}, "
            f"{_J}, pages = {{1257--1265}}}}",
            style="vancouver",
        )
        == "Aa B. COVID-19 care. Ann Emerg Med. 2020;75:1257-65."
    )


# --- 2. AMA 11 rules ------------------------------------------------------------------------------


def test_ama_3_13_2_inclusive_page_ranges_in_full(tmp_path):
    assert (
        ama(
            tmp_path,
            f"@article{{k, author = {{Aa, B.}}, title = {{T}}, {_J}, pages = {{1257--65}}}}",
        )
        == "Aa B. T. Ann Emerg Med. 2020;75:1257-1265."
    )


def test_ama_3_11_5_journal_abbreviation_without_periods(tmp_path):
    assert (
        ama(
            tmp_path,
            "@article{k, author = {Aa, B.}, title = {T}, journal = {Am. J. Epidemiol.}, "
            "year = 1991, volume = 133, number = 2, pages = {144--151}}",
        )
        == "Aa B. T. Am J Epidemiol. 1991;133(2):144-151."
    )


def test_ama_3_11_5_initialisms_keep_their_letters_apart(tmp_path):
    assert (
        ama(
            tmp_path,
            "@article{k, author = {Aa, B.}, title = {T}, "
            "journal = {Proc. Natl. Acad. Sci. U.S.A.}, year = 2011, volume = 108, pages = {1--9}}",
        )
        == "Aa B. T. Proc Natl Acad Sci U S A. 2011;108:1-9."
    )


def test_ama_3_11_3_published_online_ahead_of_print(tmp_path):
    assert (
        ama(
            tmp_path,
            "@article{k, author = {Aa, B.}, title = {T}, journal = {Acad Emerg Med}, "
            "date = {2023-05-17}, doi = {10.1111/acem.14747}}",
        )
        == "Aa B. T. Acad Emerg Med. Published online May 17, 2023. doi:10.1111/acem.14747"
    )


def test_ama_3_11_3_published_online_from_year_month_day(tmp_path):
    assert (
        ama(
            tmp_path,
            "@article{k, author = {Aa, B.}, title = {T}, journal = {Acad Emerg Med}, year = 2023, "
            "month = may, day = 17, doi = {10.1111/acem.14747}}",
        )
        == "Aa B. T. Acad Emerg Med. Published online May 17, 2023. doi:10.1111/acem.14747"
    )


def test_ama_3_5_names_in_capitals_become_names_and_initials(tmp_path):
    assert (
        ama(
            tmp_path,
            f"@article{{k, author = {{LAIRD, NAN M. and WARE, JAMES H.}}, title = {{T}}, {_J}}}",
        )
        == "Laird NM, Ware JH. T. Ann Emerg Med. 2020;75."
    )


def test_ama_3_5_initials_in_capitals_stay_initials(tmp_path):
    assert (
        ama(
            tmp_path,
            f"@article{{k, author = {{Ignacio, JMF and O'BRIEN, KHD}}, title = {{T}}, {_J}}}",
        )
        == "Ignacio JMF, O'Brien KHD. T. Ann Emerg Med. 2020;75."
    )


def test_ama_3_5_jr_sr_iii_without_period(tmp_path):
    assert (
        ama(
            tmp_path,
            "@article{k, author = {King, Jr., Martin L. and Roe, Sr., A. and "
            "Gates, III, William H.},"
            f" title = {{T}}, {_J}}}",
        )
        == "King ML Jr, Roe A Sr, Gates WH III. T. Ann Emerg Med. 2020;75."
    )


@pytest.mark.parametrize(
    "edition", ["2", "2nd", "Second", "second edition", "2nd ed.", "2 edition"]
)
def test_ama_3_12_6_ordinal_editions(tmp_path, edition):
    assert (
        ama(
            tmp_path,
            f"@book{{k, author = {{Aa, B.}}, title = {{Book}}, edition = {{{edition}}}, "
            "publisher = {Pub}, year = 2000}",
        )
        == "Aa B. Book. 2nd ed. Pub; 2000."
    )


def test_ama_no_double_punctuation_or_stray_spaces(tmp_path):
    assert (
        ama(
            tmp_path,
            "@article{k, author = {Aa, B.}, title = { Is it safe? }, journal = {Ann. Emerg. Med.}, "
            "year = 2020, volume = { }, number = {{}}, pages = {--}}",
        )
        == "Aa B. Is it safe? Ann Emerg Med. 2020."
    )


# --- 3. Title case -----------------------------------------------------------------------------

_TITLE_CASE = (
    "@article{k, author = {Aa, B.}, title = {Effect of {D-Dimer} Testing on {mRNA} Levels in "
    "{Ottawa}: A Cohort Study}, journal = {J}, year = 2020, volume = 1, pages = 1}\n"
)


def test_titles_as_written_by_default(tmp_path):
    assert ama(tmp_path, _TITLE_CASE) == (
        "Aa B. Effect of D-Dimer Testing on mRNA Levels in Ottawa: A Cohort Study. J. 2020;1:1."
    )


def test_sentence_case_keeps_braces_acronyms_and_the_word_after_a_colon(tmp_path):
    bibliography, _ = load(tmp_path, _TITLE_CASE)
    bibliography.use_title_case("sentence")
    assert format_reference(bibliography.get("k")).text == (
        "Aa B. Effect of D-Dimer testing on mRNA levels in Ottawa: A cohort study. J. 2020;1:1."
    )


def test_sentence_case_leaves_book_titles_alone(tmp_path):
    bibliography, _ = load(
        tmp_path,
        "@book{k, author = {Aa, B.}, title = {Emergency Medicine}, publisher = {P}, year = 2000}",
    )
    bibliography.use_title_case("sentence")
    assert format_reference(bibliography.get("k")).text == "Aa B. Emergency Medicine. P; 2000."


def _project(tmp_path: Path, bib: str, body: str, options: str = "") -> Path:
    root = write_project(tmp_path)
    (root / "references.bib").write_text(textwrap.dedent(bib))
    mkdocs = "site_name: Test\nsite_url: https://example.org/\n"
    if options:
        mkdocs += f"plugins:\n  - pearls:\n      {options}\n"
    else:
        mkdocs += "plugins: [search, pearls]\n"
    (root / "mkdocs.yml").write_text(mkdocs)
    good = root / "content" / "pearls" / "2021-02-17-good.md"
    good.write_text(good.read_text().replace("[@ignacio2018; @partial2019]", body))
    return root


def check(root: Path, capsys) -> tuple[int, list[str]]:
    status = main(["--project", str(root), "check"])
    captured = capsys.readouterr()
    return status, (captured.err + captured.out).splitlines()


_BIB = """\
@article{cited,
  author = {Aa, B.},
  title = {Effect of Testing on Subsequent Events},
  journal = {J}, year = 2020, volume = 1, pages = 1}
@article{uncited,
  author = {Aa, B.},
  title = {Another Title in Title Case},
  journal = {J}, year = 2020, volume = 1, pages = 1}
"""


def test_check_warns_about_title_case_only_for_cited_articles(tmp_path, capsys):
    status, lines = check(_project(tmp_path, _BIB, "[@cited]"), capsys)
    assert status == 0
    assert [line for line in lines if "BIB102" in line] == [
        "references.bib:3:3: warning[BIB102]: the title of 'cited' looks like Title Case "
        "(AMA capitalises only the first word, proper names and abbreviations of an article "
        "title; write it so in the .bib file, braces keep a word's capitals)"
    ]


def test_title_case_option_renders_sentence_case_on_the_site_setting(tmp_path, capsys):
    root = _project(tmp_path, _BIB, "[@cited]", "title_case: sentence")
    status = main(["--project", str(root), "refs", "cited"])
    assert status == 0
    assert capsys.readouterr().out.strip() == (
        "1. Aa B. Effect of testing on subsequent events. J. 2020;1:1."
    )


def test_title_case_option_refuses_other_values(tmp_path, capsys):
    status, lines = check(_project(tmp_path, _BIB, "[@cited]", "title_case: upper"), capsys)
    assert status == 1
    assert lines[0].startswith("mkdocs.yml:5:7: error[CFG004]: title_case: ")


# --- 4. No empty references ------------------------------------------------------------------

_EMPTY = """\
@misc{cited, year = 2019}
@misc{uncited, note = {nothing}}
"""


def test_empty_reference_is_an_error_when_cited_a_warning_otherwise(tmp_path, capsys):
    status, lines = check(_project(tmp_path, _EMPTY, "[@cited]"), capsys)
    assert status == 1
    assert [line for line in lines if "BIB103" in line] == [
        "references.bib:1:1: error[BIB103]: entry 'cited' (cited in 2021-02-17-good.md) has no "
        "author, title or source to show (add its author, title and journal or publisher)",
        "references.bib:2:1: warning[BIB103]: entry 'uncited' (not cited) has no author, title "
        "or source to show (add its author, title and journal or publisher)",
    ]


def test_short_style_cites_a_preprint_by_author_and_year(tmp_path):
    assert (
        ama(
            tmp_path,
            "@article{k, author = {Vaswani, Ashish and Shazeer, Noam}, title = {Attention is all "
            "you need}, year = 2017, eprint = {1706.03762}, eprinttype = {arxiv}}",
            style="short",
        )
        == "Vaswani et al. 2017"
    )


def test_short_style_cites_an_authorless_preprint_by_title(tmp_path):
    assert (
        ama(
            tmp_path,
            "@article{k, title = {Attention is all you need}, year = 2017}",
            style="short",
        )
        == "Attention is all you need. 2017"
    )


def test_short_style_journal_abbreviation_has_no_double_period(tmp_path):
    assert (
        ama(
            tmp_path,
            "@article{k, journal = {Am. J. Epidemiol.}, year = 1991, volume = 133, number = 2, "
            "pages = {144--151}}",
            style="short",
        )
        == "Am J Epidemiol. 1991;133[2]:144"
    )


# --- 5. biblatex as biber reads it -----------------------------------------------------------


def test_ids_aliases_are_citation_keys(tmp_path, capsys):
    bib = """\
    @article{laird1982,
      ids = {laird:ware, lairdware82},
      author = {Laird, Nan M. and Ware, James H.},
      title = {Random-effects models for longitudinal data},
      journal = {Biometrics}, year = 1982, volume = 38, number = 4, pages = {963--974}}
    @incollection{chapter, crossref = {laird:ware}, title = {T}, author = {Aa, B.}}
    """
    status, lines = check(_project(tmp_path, bib, "[@lairdware82]"), capsys)
    assert status == 0
    assert not [line for line in lines if "BIB007" in line or "CIT010" in line]
    assert not [line for line in lines if "BIB100" in line and "laird1982" in line]
    bibliography, _ = load_bibliography(tmp_path / "references.bib")
    assert format_reference(bibliography.get("laird:ware")).text == (
        "Laird NM, Ware JH. Random-effects models for longitudinal data. Biometrics. "
        "1982;38(4):963-974."
    )


def test_a_key_and_its_alias_cited_in_one_pearl_are_one_numbered_reference(tmp_path):
    """biblatex ``ids``: citing an entry by its key, then by an alias, repeats its number."""
    bib = """\
    @article{laird1982,
      ids = {lairdware82},
      author = {Laird, Nan M. and Ware, James H.},
      title = {Random-effects models for longitudinal data},
      journal = {Biometrics}, year = 1982, volume = 38, number = 4, pages = {963--974}}
    @article{other, author = {Aa, B.}, title = {Other}, journal = {J}, year = 2000}
    """
    root = _project(tmp_path, bib, "[@laird1982] Then [@other]. Again [@lairdware82]")
    pearl = next(p for p in load_project(root).pearls if p.slug == "good")
    bibliography, _ = load_bibliography(root / "references.bib")
    references = resolve_references(pearl.all_citation_groups(), bibliography)
    assert [(r.number, r.key, len(r.backlinks)) for r in references] == [
        (1, "laird1982", 2),
        (2, "other", 1),
    ]
    numbering = number_citations(pearl.all_citation_groups(), bibliography.aliases)
    assert numbering.number("lairdware82") == numbering.number("laird1982") == 1


def test_an_alias_taken_by_another_entry_is_an_error(tmp_path):
    _, diagnostics = load(
        tmp_path,
        """\
        @misc{a, title = {A}}
        @misc{b,
          ids = {a}, title = {B}}
        """,
    )
    assert diagnostics == [
        "references.bib:3:3: error[BIB017]: alias 'a' of entry 'b' is already the key or an "
        "alias of 'a' (remove it from ids)"
    ]


def test_extended_name_syntax(tmp_path):
    assert (
        ama(
            tmp_path,
            "@article{k, author = {family=Brown, given=Bob, prefix=de, useprefix=true and "
            "given={Jean-Pierre}, family={Dupont}, suffix={Jr.}}, title = {T}, "
            f"{_J}}}",
        )
        == "de Brown B, Dupont JP Jr. T. Ann Emerg Med. 2020;75."
    )


def test_date_range_uses_its_start_and_journaltitle_shortjournal(tmp_path):
    assert (
        ama(
            tmp_path,
            "@article{k, author = {Aa, B.}, title = {T}, journaltitle = {Annals of Emergency "
            "Medicine}, shortjournal = {Ann. Emerg. Med.}, date = {2019-03/2019-05}, volume = 73, "
            "pages = {1--5}}",
        )
        == "Aa B. T. Ann Emerg Med. 2019;73:1-5."
    )


def test_journaltitle_without_shortjournal(tmp_path):
    assert (
        ama(
            tmp_path,
            "@article{k, author = {Aa, B.}, title = {T}, journaltitle = {Biometrics}, "
            "date = {1982-12}, volume = 38, pages = {963--74}}",
            style="short",
        )
        == "Biometrics. 1982;38:963"
    )


def test_vancouver_follows_the_title_case_setting(tmp_path):
    bibliography, _ = load(tmp_path, _TITLE_CASE)
    bibliography.use_title_case("sentence")
    assert format_reference(bibliography.get("k"), "vancouver").text == (
        "Aa B. Effect of D-Dimer testing on mRNA levels in Ottawa: A cohort study. J. 2020;1:1."
    )


def test_short_style_without_author_or_title_names_the_source(tmp_path):
    assert ama(tmp_path, "@book{k, publisher = {WHO Press}, year = 2019}", style="short") == (
        "WHO Press. 2019"
    )
