"""`pearls refs add` and `pearls refs check-online`, with recorded exports and responses.

The files under tests/data/intake stand in for PubMed, Zotero and Crossref (see its README);
no test opens a network connection: :func:`online.open_url` is replaced by the recordings.
"""

from __future__ import annotations

import re
import socket
import stat
import urllib.error
from pathlib import Path

import pytest

from generator.bibliography.intake import online
from generator.bibliography.intake.bibfile import unique_key
from generator.bibliography.intake.records import (
    Record,
    csl_record,
    full_pages,
    journal_abbreviation,
    read_medline,
)
from generator.cli import main
from tests.sample_project import write_project

DATA = Path(__file__).parent / "data" / "intake"

RESPONSES = {
    online.pubmed_url("29450523"): "freund2018.nbib",
    online.pubmed_url("9500320"): "pubmed-wakefield1998.txt",
    online.crossref_url("10.4184/asj.2018.12.2.380"): "crossref-ignacio2018.json",
    online.crossref_url("10.1007/s00586-009-1073-y"): "crossref-krueger2009.json",
}

FREUND = """\
@article{freund2018,
  author       = {Freund, Yonathan and Cachanado, Marine and Aubry, Adeline and Orsini, Charlotte and Raynal, Pierre-Alexis and Féral-Pierssens, Anne-Laure and Charpentier, Sandrine and Dumas, Florence and Baarir, Nacera and Truchot, Jennifer and Desmettre, Thibaut and Tazarourte, Karim and Beaune, Sebastien and Leleu, Agathe and Khellaf, Mehdi and Wargon, Mathias and Bloom, Ben and Rousseau, Alexandra and Simon, Tabassome and Riou, Bruno},
  title        = {Effect of the Pulmonary Embolism Rule-Out Criteria on Subsequent Thromboembolic Events Among Low-Risk Emergency Department Patients: The PROPER Randomized Clinical Trial},
  journal      = {JAMA},
  year         = {2018},
  volume       = {319},
  number       = {6},
  pages        = {559--566},
  doi          = {10.1001/jama.2017.21904},
  pmid         = {29450523},
  pmcid        = {PMC5838786},
}
"""  # noqa: E501

FREUND_AMA = (
    "[freund2018] Freund Y, Cachanado M, Aubry A, et al. Effect of the Pulmonary Embolism "
    "Rule-Out Criteria on Subsequent Thromboembolic Events Among Low-Risk Emergency Department "
    "Patients: The PROPER Randomized Clinical Trial. JAMA. 2018;319(6):559-566. "
    "doi:10.1001/jama.2017.21904; PMID: 29450523; PMCID: PMC5838786\n"
)

PERRY = """\
@article{perry2010,
  author       = {Perry, Jeffrey J. and Stiell, Ian G. and Sivilotti, Marco L. A. and Bullard, Michael J. and Lee, Jacques S. and Eisenhauer, Mary and Symington, Cheryl and Mortensen, Melodie and Sutherland, Jane and Lesiuk, Howard and Wells, George A.},
  title        = {High risk clinical characteristics for subarachnoid haemorrhage in patients with acute headache: prospective cohort study},
  journal      = {BMJ},
  year         = {2010},
  volume       = {341},
  pages        = {c5204},
  doi          = {10.1136/bmj.c5204},
}
"""  # noqa: E501

IGNACIO = """\
@article{ignacio2018,
  author       = {Ignacio, J. M. F. and Ignacio, K. H. D.},
  title        = {Pulmonary embolism from cement augmentation of the vertebral body},
  journal      = {Asian Spine Journal},
  shortjournal = {Asian Spine J},
  year         = {2018},
  volume       = {12},
  number       = {2},
  pages        = {380--387},
  doi          = {10.4184/asj.2018.12.2.380},
}
"""

KRUEGER_FIELDS = """\
  author       = {Krueger, A. and Bliemel, C. and Zettl, R. and Ruchholtz, S.},
  title        = {Management of pulmonary cement embolism after percutaneous vertebroplasty and kyphoplasty: a systematic review of the literature},
  journal      = {European Spine Journal},
  shortjournal = {Eur Spine J},
  year         = {2009},
  volume       = {18},
  number       = {9},
  pages        = {1257--1265},
  doi          = {10.1007/s00586-009-1073-y},
"""  # noqa: E501

#: A references.bib an editor keeps: comments and layout that must survive every addition.
EDITED_BIB = "% My references, grouped by pearl.\n\n% --- Headache ---\n"


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """PubMed and Crossref answer from tests/data/intake; the URLs asked for are listed."""
    requested: list[str] = []

    def open_url(url: str) -> bytes:
        requested.append(url)
        if url not in RESPONSES:
            raise urllib.error.HTTPError(url, 404, "Not Found", None, None)  # type: ignore[arg-type]
        return (DATA / RESPONSES[url]).read_bytes()

    monkeypatch.setattr(online, "open_url", open_url)
    return requested


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project whose references.bib holds nothing but an editor's comments."""
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    (tmp_path / "references.bib").write_text(EDITED_BIB, encoding="utf-8")
    return tmp_path


def pearls(project: Path, *argv: str) -> int:
    return main(["--project", str(project), "refs", *argv])


def bib(project: Path) -> str:
    return (project / "references.bib").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("export", "entry"),
    [
        ("freund2018.nbib", FREUND),
        ("perry2010.ris", PERRY),
        ("ignacio2018.json", IGNACIO),
        (
            "krueger2009.bib",
            "@article{krueger2009,\n" + KRUEGER_FIELDS + "  langid       = {english},\n}\n",
        ),
    ],
)
def test_each_export_format_becomes_the_exact_entry_appended_after_the_file(
    project, capsys, export, entry
):
    assert pearls(project, "add", str(DATA / export)) == 0
    assert bib(project) == EDITED_BIB + "\n" + entry
    err = capsys.readouterr().err
    assert err == "1 reference added to references.bib; 0 errors, 0 warnings\n"


def test_a_medline_export_is_printed_in_ama_for_review(project, capsys):
    assert pearls(project, "add", str(DATA / "freund2018.nbib")) == 0
    assert capsys.readouterr().out == FREUND_AMA


def test_pmid_is_fetched_from_pubmed_saying_so(project, capsys, recorded):
    assert pearls(project, "add", "--pmid", "29450523") == 0
    assert recorded == [
        "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi"
        "?db=pubmed&id=29450523&rettype=medline&retmode=text"
    ]
    captured = capsys.readouterr()
    assert captured.err == (
        "fetching PMID 29450523 from PubMed (eutils.ncbi.nlm.nih.gov)…\n"
        "1 reference added to references.bib; 0 errors, 0 warnings\n"
    )
    assert captured.out == FREUND_AMA
    assert bib(project) == EDITED_BIB + "\n" + FREUND


def test_doi_is_fetched_from_crossref(project, capsys, recorded):
    assert pearls(project, "add", "--doi", "https://doi.org/10.1007/s00586-009-1073-y") == 0
    assert recorded == ["https://api.crossref.org/works/10.1007%2Fs00586-009-1073-y"]
    assert bib(project) == EDITED_BIB + "\n@article{krueger2009,\n" + KRUEGER_FIELDS + "}\n"
    assert capsys.readouterr().out == (
        "[krueger2009] Krueger A, Bliemel C, Zettl R, Ruchholtz S. Management of pulmonary "
        "cement embolism after percutaneous vertebroplasty and kyphoplasty: a systematic review "
        "of the literature. Eur Spine J. 2009;18(9):1257-1265. doi:10.1007/s00586-009-1073-y\n"
    )


def test_several_sources_in_one_run_are_one_append(project, capsys, recorded):
    assert pearls(project, "add", str(DATA / "perry2010.ris"), "--pmid", "29450523") == 0
    assert bib(project) == EDITED_BIB + "\n" + PERRY + "\n" + FREUND
    assert capsys.readouterr().err.endswith(
        "2 references added to references.bib; 0 errors, 0 warnings\n"
    )


def test_a_file_not_ending_in_a_newline_is_left_as_it_was(project):
    (project / "references.bib").write_text("% no final newline", encoding="utf-8")
    assert pearls(project, "add", str(DATA / "perry2010.ris")) == 0
    assert bib(project) == "% no final newline\n\n" + PERRY


@pytest.mark.parametrize("ending", ["\r\n", "\r\n\r\n", ""])
def test_entries_added_to_a_crlf_file_end_their_lines_as_it_does(project, ending):
    # They ended in LF alone: a file of mixed line endings (and a whole-file diff in some editors).
    old = b"% Saved on Windows\r\n@string{bmj = {BMJ}}" + ending.encode()
    (project / "references.bib").write_bytes(old)
    assert pearls(project, "add", str(DATA / "perry2010.ris")) == 0
    new = (project / "references.bib").read_bytes()
    assert new == old + b"\r\n" * (2 - ending.count("\n")) + PERRY.replace("\n", "\r\n").encode()


def test_a_duplicate_doi_names_the_existing_key_and_writes_nothing(tmp_path, capsys, recorded):
    write_project(tmp_path)
    before = (tmp_path / "references.bib").read_bytes()
    assert pearls(tmp_path, "add", "--doi", "10.4184/asj.2018.12.2.380") == 0
    assert (tmp_path / "references.bib").read_bytes() == before
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "fetching doi:10.4184/asj.2018.12.2.380 from Crossref (api.crossref.org)…\n"
        "references.bib:1:1: warning[REF102]: DOI 10.4184/asj.2018.12.2.380 "
        "(Crossref doi:10.4184/asj.2018.12.2.380) is already in the bibliography as "
        "'ignacio2018' (not added)\n"
        "0 references added to references.bib; 0 errors, 1 warning\n"
    )


def test_a_duplicate_pmid_names_the_existing_key_at_its_line(project, capsys):
    pearls(project, "add", str(DATA / "freund2018.nbib"))
    after_first = bib(project)
    capsys.readouterr()
    assert pearls(project, "add", str(DATA / "freund2018.nbib")) == 0
    assert bib(project) == after_first
    assert capsys.readouterr().err.splitlines()[0] == (
        "references.bib:5:1: warning[REF102]: DOI 10.1001/jama.2017.21904 (freund2018.nbib) "
        "is already in the bibliography as 'freund2018' (not added)"
    )


def test_a_duplicate_title_is_found_whatever_its_case_and_braces(project, capsys):
    (project / "references.bib").write_text(
        "@article{krueger,\n  title = {Management of {P}ulmonary Cement Embolism after "
        "Percutaneous Vertebroplasty and Kyphoplasty: A Systematic Review of the Literature},\n}\n",
        encoding="utf-8",
    )
    before = bib(project)
    assert pearls(project, "add", str(DATA / "krueger2009.bib")) == 0
    assert bib(project) == before
    assert capsys.readouterr().err.splitlines()[0] == (
        "references.bib:1:1: warning[REF102]: the same title (krueger2009.bib) is already in "
        "the bibliography as 'krueger' (not added)"
    )


def test_the_same_paper_twice_in_one_run_is_added_once(project, capsys):
    assert pearls(project, "add", str(DATA / "perry2010.ris"), str(DATA / "perry2010.ris")) == 0
    assert bib(project) == EDITED_BIB + "\n" + PERRY
    assert capsys.readouterr().err.splitlines()[0] == (
        "references.bib:1:1: warning[REF102]: DOI 10.1136/bmj.c5204 (perry2010.ris) is given "
        "twice; added once, as 'perry2010' (not added)"
    )


def test_nothing_is_added_to_a_bibliography_with_errors(project, capsys):
    (project / "references.bib").write_text("@article{broken,\n  doi = {not-a-doi},\n}\n")
    before = bib(project)
    assert pearls(project, "add", str(DATA / "perry2010.ris")) == 1
    assert bib(project) == before
    assert capsys.readouterr().err == (
        "references.bib:2:3: error[BIB008]: malformed DOI 'not-a-doi' (a DOI looks like "
        "10.4184/asj.2018.12.2.380; a 'doi:' or 'https://doi.org/' before it is removed)\n"
        "nothing added: 1 error, 0 warnings\n"
    )


def test_new_references_are_printed_in_the_configured_style(project, capsys):
    (project / "mkdocs.yml").write_text(
        "site_name: Test\nplugins:\n  - pearls:\n      citation_style: short\n", encoding="utf-8"
    )
    assert pearls(project, "add", str(DATA / "perry2010.ris")) == 0
    assert capsys.readouterr().out == "[perry2010] BMJ. 2010;341:c5204\n"


def test_crossref_markup_and_entities_leave_plain_titles():
    work = {"title": ["<i>In vivo</i> effects of A &amp; B"], "container-title": ["BMJ"]}
    assert csl_record(work, "Crossref").fields["title"] == "In vivo effects of A \\& B"


def test_a_medline_file_of_several_records_adds_each(project, tmp_path):
    export = tmp_path / "pubmed-2.txt"
    text = (DATA / "freund2018.nbib").read_text() + (DATA / "pubmed-wakefield1998.txt").read_text()
    export.write_text(text, encoding="utf-8")
    assert pearls(project, "add", str(export)) == 0
    keys = re.findall(r"^@article\{(\w+),", bib(project), re.MULTILINE)
    assert keys == ["freund2018", "wakefield1998"]


def test_an_ris_export_with_a_byte_order_mark_is_read(project, tmp_path):
    export = tmp_path / "zotero.ris"
    export.write_bytes(b"\xef\xbb\xbf" + (DATA / "perry2010.ris").read_bytes())
    assert pearls(project, "add", str(export)) == 0
    assert bib(project) == EDITED_BIB + "\n" + PERRY


def test_a_symlinked_bibliography_stays_a_link(project, tmp_path):
    shared = tmp_path / "shared.bib"
    shared.write_text(EDITED_BIB, encoding="utf-8")
    (project / "references.bib").unlink()
    (project / "references.bib").symlink_to(shared)
    assert pearls(project, "add", str(DATA / "perry2010.ris")) == 0
    assert (project / "references.bib").is_symlink()
    assert shared.read_text(encoding="utf-8") == EDITED_BIB + "\n" + PERRY


@pytest.mark.parametrize("mode", [0o664, 0o600])
def test_references_bib_keeps_its_permissions(project, capsys, mode):
    """Once reset to 0644 by every addition: a group-writable file no longer was."""
    (project / "references.bib").chmod(mode)
    assert pearls(project, "add", str(DATA / "perry2010.ris")) == 0
    assert capsys.readouterr().err == "1 reference added to references.bib; 0 errors, 0 warnings\n"
    assert bib(project) == EDITED_BIB + "\n" + PERRY
    assert stat.S_IMODE((project / "references.bib").stat().st_mode) == mode
    assert sorted(p.name for p in project.iterdir()) == ["mkdocs.yml", "references.bib"]


def test_a_new_references_bib_is_0644(project, capsys):
    (project / "references.bib").unlink()
    assert pearls(project, "add", str(DATA / "perry2010.ris")) == 0
    assert stat.S_IMODE((project / "references.bib").stat().st_mode) == 0o644


def test_an_article_without_volume_or_pages_keeps_its_online_date():
    # A synthetic record (not a real paper): only the tags that matter here.
    text = "PMID- 1\nTI  - A title.\nDP  - 2023 May\nDEP - 20230517\nPST - aheadofprint\n"
    (record,) = read_medline(text, "test.nbib")
    assert record.fields == {"title": "A title", "year": "2023", "date": "2023-05-17", "pmid": "1"}
    work = {"title": ["A title"], "published-online": {"date-parts": [[2023, 5, 17]]}}
    assert csl_record(work, "Crossref").fields["date"] == "2023-05-17"


def test_keys_are_readable_and_never_taken():
    record = Record("perry2013.ris", authors=["Perry, Jeffrey J."], fields={"year": "2013"})
    assert unique_key(record, set()) == "perry2013"
    assert unique_key(record, {"Perry2013"}) == "perry2013b"
    assert unique_key(record, {"perry2013", "perry2013b"}) == "perry2013c"
    accented = Record("x", authors=["Féral-Pierssens, Anne-Laure"], fields={"year": "2018"})
    assert unique_key(accented, set()) == "feralpierssens2018"


def test_normalisation_of_pages_and_journal_abbreviations():
    assert full_pages("1248-55") == "1248--1255"
    assert full_pages("e22") == "e22"
    assert full_pages("299 - 303") == "299--303"
    assert journal_abbreviation("Am. J. Epidemiol.") == "Am J Epidemiol"


def test_a_write_failing_midway_leaves_references_bib_as_it_was(project, capsys, full_disk):
    assert pearls(project, "add", str(DATA / "perry2010.ris")) == 2
    assert bib(project) == EDITED_BIB
    assert sorted(p.name for p in project.iterdir()) == ["mkdocs.yml", "references.bib"]
    bib_file = (project / "references.bib").resolve()
    assert capsys.readouterr().err == f"pearls refs: error: {bib_file}: No space left on device\n"


def test_offline_is_one_line_and_exit_2(project, capsys, monkeypatch):
    def no_network(url: str) -> bytes:
        raise urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))

    monkeypatch.setattr(online, "open_url", no_network)
    assert pearls(project, "add", "--pmid", "29450523") == 2
    assert bib(project) == EDITED_BIB
    assert capsys.readouterr().err == (
        "fetching PMID 29450523 from PubMed (eutils.ncbi.nlm.nih.gov)…\n"
        "pearls refs: error: cannot reach PubMed (eutils.ncbi.nlm.nih.gov): [Errno -3] "
        "Temporary failure in name resolution; check the internet connection, or export the "
        "reference to a file and run 'pearls refs add FILE'\n"
    )


def test_a_timeout_is_the_same_one_line(project, capsys, monkeypatch):
    def slow(url: str) -> bytes:
        raise TimeoutError("timed out")

    monkeypatch.setattr(online, "open_url", slow)
    assert pearls(project, "add", "--doi", "10.1007/s00586-009-1073-y") == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "pearls refs: error: cannot reach Crossref (api.crossref.org): timed out; check the "
        "internet connection, or export the reference to a file and run 'pearls refs add FILE'"
    )


def test_an_unknown_pmid_is_a_usage_error(project, capsys, recorded):
    assert pearls(project, "add", "--pmid", "1") == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "pearls refs: error: PubMed has no record with PMID 1"
    )
    assert bib(project) == EDITED_BIB


def test_a_malformed_doi_is_refused_before_any_request(project, capsys, recorded):
    assert pearls(project, "add", "--doi", "asj.2018.12.2.380") == 2
    assert recorded == []
    assert capsys.readouterr().err.startswith(
        "pearls refs: error: malformed DOI 'asj.2018.12.2.380'"
    )


@pytest.mark.parametrize("message", ['{"title": "T", "author": "Doe J"}', '["a list"]'])
def test_a_crossref_answer_of_the_wrong_shape_is_one_line(project, capsys, monkeypatch, message):
    monkeypatch.setattr(online, "open_url", lambda url: f'{{"message": {message}}}'.encode())
    assert pearls(project, "add", "--doi", "10.1000/x") == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith("pearls refs: error: Crossref's answer for doi:10.1000/x is not a work")
    assert bib(project) == EDITED_BIB


def test_an_unreadable_export_is_an_error_at_its_line_and_nothing_is_added(project, capsys):
    export = project / "pubmed.txt"
    export.write_text("PMID- 29450523\nTI  - A title.\nthis is not MEDLINE\n", encoding="utf-8")
    assert pearls(project, "add", str(DATA / "perry2010.ris"), str(export)) == 1
    assert bib(project) == EDITED_BIB
    assert capsys.readouterr().err == (
        "pubmed.txt:3:1: error[REF101]: cannot read this export: not a MEDLINE line: "
        "'this is not MEDLINE'\n"
        "nothing added: 1 error, 0 warnings\n"
    )


def test_an_export_record_with_nothing_to_cite_is_refused(project, capsys):
    export = project / "zotero.json"
    export.write_text('[{"type": "article-journal", "volume": "12"}]', encoding="utf-8")
    assert pearls(project, "add", str(export)) == 1
    assert bib(project) == EDITED_BIB
    assert capsys.readouterr().err.splitlines()[0] == (
        "zotero.json:1:1: error[REF101]: cannot read this export: record 1 of 1 has no author, "
        "title or journal"
    )


@pytest.mark.parametrize(
    ("item", "problem"),
    [
        # Was an AttributeError traceback.
        ('"author": "Doe J"', """'author' is not a list of names (each like {"family": …})"""),
        # Were written as Python prints them: volume = {[1]}, pages = {\textbraceleft{}'a': 1…}.
        ('"page": {"first": 1}', "'page' is an object; CSL-JSON gives it as text or a number"),
        ('"volume": [[1]]', "'volume' is a list; CSL-JSON gives it as text or a number"),
        ('"issued": "2020"', """'issued' is not a CSL date (like {"date-parts": [[2020, 5]]})"""),
    ],
)
def test_a_csl_field_of_the_wrong_type_names_the_record_and_field(project, capsys, item, problem):
    export = project / "zotero.json"
    good = '{"title": "Fine", "author": [{"family": "Roe"}]}'
    export.write_text(f'[{good}, {{"title": "T", {item}}}]', encoding="utf-8")
    assert pearls(project, "add", str(export)) == 1
    assert bib(project) == EDITED_BIB
    assert capsys.readouterr().err == (
        f"zotero.json:1:1: error[REF101]: cannot read this export: record 2 of 2: {problem}\n"
        "nothing added: 1 error, 0 warnings\n"
    )


def test_a_csl_date_crossref_does_not_know_or_only_raw_gives_no_year(project, capsys):
    export = project / "zotero.json"
    export.write_text(
        '[{"title": "A", "issued": {"date-parts": [[null]]}},'
        ' {"title": "B", "issued": {"raw": "x"}}]',
        encoding="utf-8",
    )
    assert pearls(project, "add", str(export)) == 0
    assert bib(project) == EDITED_BIB + (
        "\n@article{a,\n  title        = {A},\n}\n\n@article{b,\n  title        = {B},\n}\n"
    )


def test_an_entry_added_with_fields_missing_says_which_at_its_line(project, capsys):
    # It was added in silence, and printed as "Only a title." for review.
    export = project / "zotero.json"
    export.write_text('[{"type": "article-journal", "title": "Only a title"}]', encoding="utf-8")
    assert pearls(project, "add", str(export)) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == "[only] Only a title."
    assert err.splitlines() == [
        "references.bib:5:1: warning[BIB101]: 'only' will render partially: missing author, "
        "journal, year, volume, pages (the source gave no more; add what the article itself "
        "shows)",
        "1 reference added to references.bib; 0 errors, 1 warning",
    ]
    assert bib(project) == EDITED_BIB + "\n@article{only,\n  title        = {Only a title},\n}\n"


def test_a_medline_author_without_a_name_is_left_out_not_written_empty(project, capsys):
    # "FAU - ," was written as author = {}, an entry pearls check then refused (BIB009).
    export = project / "pubmed.txt"
    export.write_text("PMID- 123\nTI  - A title.\nFAU - ,\nFAU - Roe, Jane\n", encoding="utf-8")
    assert pearls(project, "add", str(export)) == 0
    assert bib(project) == EDITED_BIB + (
        "\n@article{roe,\n  author       = {Roe, Jane},\n  title        = {A title},\n"
        "  pmid         = {123},\n}\n"
    )


def test_an_export_of_unknown_format_is_a_usage_error(project, capsys):
    assert pearls(project, "add", "refs.docx") == 2
    assert capsys.readouterr().err == (
        "pearls refs: error: cannot tell the format of refs.docx: PubMed exports end in .nbib "
        "or .txt, RIS in .ris, CSL-JSON in .json, BibTeX in .bib\n"
    )


# --- check-online ------------------------------------------------------------------------------

WAKEFIELD = """
@article{wakefield1998,
  author = {Wakefield, A. J. and others},
  title = {Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive developmental disorder in children},
  journal = {Lancet},
  year = {1998},
  volume = {351},
  number = {9103},
  pages = {637--641},
  pmid = {9500320},
}
"""  # noqa: E501


def test_check_online_warns_of_a_mismatched_volume_at_its_line(tmp_path, capsys, recorded):
    write_project(tmp_path)
    path = tmp_path / "references.bib"
    path.write_text(path.read_text().replace("volume = {12}", "volume = {13}"))
    assert pearls(tmp_path, "check-online") == 0
    assert recorded == ["https://api.crossref.org/works/10.4184%2Fasj.2018.12.2.380"]
    assert capsys.readouterr().err == (
        "fetching doi:10.4184/asj.2018.12.2.380 from Crossref (api.crossref.org)…\n"
        "references.bib:6:3: warning[REF103]: volume of 'ignacio2018' is 13 but 12 in "
        "Crossref's record of doi:10.4184/asj.2018.12.2.380 (check the article and correct "
        "references.bib)\n"
        "2 references checked: 0 errors, 1 warning\n"
    )


def test_check_online_reports_a_retraction_and_reads_medline_pages_in_full(
    tmp_path, capsys, recorded
):
    write_project(tmp_path)
    path = tmp_path / "references.bib"
    path.write_text(path.read_text() + WAKEFIELD)
    pearl = tmp_path / "content" / "pearls" / "2021-02-17-good.md"
    pearl.write_text(pearl.read_text().replace("[@ignacio2018;", "[@wakefield1998; @ignacio2018;"))
    assert pearls(tmp_path, "check-online") == 0
    assert capsys.readouterr().err == (
        "fetching PMID 9500320 from PubMed (eutils.ncbi.nlm.nih.gov)…\n"
        "fetching doi:10.4184/asj.2018.12.2.380 from Crossref (api.crossref.org)…\n"
        "references.bib:19:1: warning[REF104]: 'wakefield1998' was retracted: Retraction in: "
        "Lancet. 2010 Feb 6;375(9713):445 (PubMed, PMID 9500320) (cite the retraction notice "
        "too, or stop citing it)\n"
        "3 references checked: 0 errors, 1 warning\n"
    )


def test_check_online_of_given_keys_reports_unknown_ones(tmp_path, capsys, recorded):
    write_project(tmp_path)
    assert pearls(tmp_path, "check-online", "ignacio2018", "ignacio2019") == 1
    assert capsys.readouterr().err.splitlines()[1:] == [
        "references.bib:1:1: error[REF001]: unknown reference key 'ignacio2019' "
        "(did you mean 'ignacio2018'?)",
        "2 references checked: 1 error, 0 warnings",
    ]


def test_check_online_warns_when_the_identifier_is_unknown_online(tmp_path, capsys, recorded):
    write_project(tmp_path)
    path = tmp_path / "references.bib"
    path.write_text(path.read_text().replace("asj.2018.12.2.380", "asj.2018.12.2.381"))
    assert pearls(tmp_path, "check-online") == 0
    assert capsys.readouterr().err.splitlines()[1] == (
        "references.bib:1:1: warning[REF105]: Crossref has no record of "
        "doi:10.4184/asj.2018.12.2.381 (cited as 'ignacio2018') (check the identifier in "
        "references.bib)"
    )


def test_pmid_without_add_is_a_usage_error(project, capsys):
    assert pearls(project, "--pmid", "29450523") == 2
    assert capsys.readouterr().err == (
        "pearls refs: error: --pmid and --doi go with 'pearls refs add'\n"
    )


def test_the_real_opener_asks_once_with_a_10_second_timeout(monkeypatch):
    asked = []

    class Response:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return None

        def read(self):
            return b"body"

    def urlopen(request, timeout):
        asked.append((request.full_url, request.get_header("User-agent"), timeout))
        return Response()

    monkeypatch.setattr(online.urllib.request, "urlopen", urlopen)
    assert online.open_url("https://api.crossref.org/works/x") == b"body"
    assert asked == [("https://api.crossref.org/works/x", "clinical-pearls (pearls refs)", 10)]


def test_a_server_error_is_one_line_and_exit_2(project, capsys, monkeypatch):
    def unavailable(url: str) -> bytes:
        raise urllib.error.HTTPError(url, 503, "Service Unavailable", None, None)  # type: ignore[arg-type]

    monkeypatch.setattr(online, "open_url", unavailable)
    assert pearls(project, "add", "--doi", "10.1007/s00586-009-1073-y") == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "pearls refs: error: Crossref (api.crossref.org) answered HTTP 503 for "
        "doi:10.1007/s00586-009-1073-y"
    )


def test_crossref_retractions_come_from_its_updates_and_relations():
    # Crossref's test prefix 10.5555: not real papers, only the shape of its work records.
    work = {
        "updated-by": [{"type": "retraction", "DOI": "10.5555/notice"}],
        "update-to": [{"type": "correction", "DOI": "10.5555/other"}],
        "relation": {"is-retracted-by": [{"id-type": "doi", "id": "10.5555/notice2"}]},
    }
    assert online.crossref_retractions(work) == [
        "retraction notice doi:10.5555/notice",
        "is-retracted-by 10.5555/notice2",
    ]


def test_check_online_offline_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    def no_network(url: str) -> bytes:
        raise urllib.error.URLError(OSError(101, "Network is unreachable"))

    monkeypatch.setattr(online, "open_url", no_network)
    write_project(tmp_path)
    assert pearls(tmp_path, "check-online") == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "pearls refs: error: cannot reach Crossref (api.crossref.org): [Errno 101] Network is "
        "unreachable; check the internet connection"
    )
