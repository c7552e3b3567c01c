"""AMA 11th edition reference list entries, exactly as the manual writes them."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from pybtex.database import parse_string

from generator.bibliography import citation_style, format_reference, load_bibliography

ROOT = Path(__file__).parent.parent

SEED = {
    "rodrigues2019": (
        "Rodrigues DM, Cunha Machado DP, Campainha Fernandes SA, et al. Pulmonary cement "
        "embolism following balloon kyphoplasty: the impact of a procedural complication in a "
        "new era for lung cancer management. Mol Clin Oncol. 2019;10(2):299-303."
    ),
    "respmedcaserep2019": "Respir Med Case Rep. 2019;28:100887.",
    "ignacio2018": (
        "Ignacio JMF, Ignacio KHD. Pulmonary embolism from cement augmentation of the vertebral "
        "body. Asian Spine J. 2018;12(2):380-387. doi:10.4184/asj.2018.12.2.380"
    ),
    "jthoraccardiovascsurg2012": "J Thorac Cardiovasc Surg. 2012;143(4):e22.",
    "krueger2009": (
        "Krueger A, Bliemel C, Zettl R, Ruchholtz S. Management of pulmonary cement embolism "
        "after percutaneous vertebroplasty and kyphoplasty: a systematic review of the "
        "literature. Eur Spine J. 2009;18(9):1257-1265. doi:10.1007/s00586-009-1073-y"
    ),
}

_JOURNAL = "journal = {Annals of Emergency Medicine}, shortjournal = {Ann Emerg Med}"

CASES = {
    "one author": (
        f"@article{{k, author = {{Smith, John A.}}, title = {{Sepsis bundles revisited}}, "
        f"{_JOURNAL}, year = 2020, volume = 75, number = 3, pages = {{300--305}}}}",
        "Smith JA. Sepsis bundles revisited. Ann Emerg Med. 2020;75(3):300-305.",
    ),
    "six authors, all listed": (
        "@article{k, author = {Aa, B. and Bb, C. and Cc, D. and Dd, E. and Ee, F. and Ff, G.}, "
        f"title = {{Six}}, {_JOURNAL}, year = 2020, volume = 75, pages = {{1--9}}}}",
        "Aa B, Bb C, Cc D, Dd E, Ee F, Ff G. Six. Ann Emerg Med. 2020;75:1-9.",
    ),
    "seven authors, first three and et al": (
        "@article{k, author = {Aa, B. and Bb, C. and Cc, D. and Dd, E. and Ee, F. and Ff, G. "
        f"and Gg, H.}}, title = {{Seven}}, {_JOURNAL}, year = 2020, volume = 75, pages = 1}}",
        "Aa B, Bb C, Cc D, et al. Seven. Ann Emerg Med. 2020;75:1.",
    ),
    "and others with two names": (
        f"@article{{k, author = {{Aa, B. and others}}, title = {{T}}, {_JOURNAL}, year = 2020}}",
        "Aa B, et al. T. Ann Emerg Med. 2020.",
    ),
    "corporate author kept whole": (
        "@article{k, author = {{American College of Emergency Physicians}}, "
        f"title = {{Clinical policy}}, {_JOURNAL}, year = 2018, volume = 71, number = 5, "
        "pages = {e59--e74}}",
        "American College of Emergency Physicians. Clinical policy. Ann Emerg Med. "
        "2018;71(5):e59-e74.",
    ),
    "no issue": (
        "@article{k, author = {Doe, Jane}, title = {Case}, shortjournal = {Respir Med Case Rep}, "
        "year = 2019, volume = 28, pages = 100887}",
        "Doe J. Case. Respir Med Case Rep. 2019;28:100887.",
    ),
    "accents decoded": (
        r"@article{k, author = {M{\"u}ller, J{\"o}rg and {\O}stergaard, Lars and "
        r"Garc{\'{\i}}a-L{\'o}pez, Jos{\'e} Mar{\'{\i}}a}, title = {{\"U}ber {\AA}land}, "
        f"{_JOURNAL}, year = 2021, volume = 1, pages = 2}}",
        "Müller J, Østergaard L, García-López JM. Über Åland. Ann Emerg Med. 2021;1:2.",
    ),
    "missing title": (
        f"@article{{k, author = {{Smith, John A.}}, {_JOURNAL}, year = 2020, volume = 75, "
        "number = 3, pages = {300--305}}",
        "Smith JA. Ann Emerg Med. 2020;75(3):300-305.",
    ),
    "journal without abbreviation, no year": (
        "@article{k, author = {Smith, J.}, title = {T}, journal = {BMJ}, volume = 3, pages = 4}",
        "Smith J. T. BMJ. 3:4.",
    ),
    "title kept as written, question mark ends it": (
        f"@article{{k, author = {{Smith, J.}}, title = {{Is CT Needed for {{MRI}}-Negative "
        f"Stroke?}}, {_JOURNAL}, year = 2020}}",
        "Smith J. Is CT Needed for MRI-Negative Stroke? Ann Emerg Med. 2020.",
    ),
    "biblatex fields": (
        "@article{k, author = {Smith, J.}, title = {T}, journaltitle = {Ann Emerg Med}, "
        "date = {2020-03-01}, volume = 75, issue = 3, pages = {300--305}, "
        "eprint = {31234567}, eprinttype = {pubmed}}",
        "Smith J. T. Ann Emerg Med. 2020;75(3):300-305. PMID: 31234567",
    ),
    "book": (
        "@book{k, author = {Tintinalli, Judith E.}, title = {Tintinalli's Emergency Medicine: "
        "A Comprehensive Study Guide}, edition = 9, publisher = {McGraw-Hill}, year = 2020}",
        "Tintinalli JE. Tintinalli's Emergency Medicine: A Comprehensive Study Guide. 9th ed. "
        "McGraw-Hill; 2020.",
    ),
    "edited book": (
        "@book{k, editor = {Walls, Ron M. and Hockberger, Robert S.}, title = {Rosen's Emergency "
        "Medicine}, edition = {10th}, publisher = {Elsevier}, year = 2022}",
        "Walls RM, Hockberger RS, eds. Rosen's Emergency Medicine. 10th ed. Elsevier; 2022.",
    ),
    "chapter": (
        "@incollection{k, author = {Solensky, R.}, title = {Drug allergy: desensitization and "
        "treatment of reactions to antibiotics and aspirin}, editor = {Lockey, P.}, "
        "booktitle = {Allergens and Allergen Immunotherapy}, edition = 3, "
        "publisher = {Marcel Dekker}, year = 2004, pages = {585--606}}",
        "Solensky R. Drug allergy: desensitization and treatment of reactions to antibiotics "
        "and aspirin. In: Lockey P, ed. Allergens and Allergen Immunotherapy. 3rd ed. Marcel "
        "Dekker; 2004:585-606.",
    ),
    "web page": (
        "@online{k, author = {{Centers for Disease Control and Prevention}}, "
        "title = {Flu vaccine}, url = {https://www.cdc.gov/flu}, urldate = {2019-03-01}}",
        "Centers for Disease Control and Prevention. Flu vaccine. Accessed March 1, 2019. "
        "https://www.cdc.gov/flu",
    ),
    "web page with site and date": (
        "@misc{k, title = {Pulmonary embolism}, organization = {StatPearls}, "
        "year = 2023, month = jun, url = {https://example.org/pe}, urldate = {2024-01-15}}",
        "Pulmonary embolism. StatPearls. Published June 2023. Accessed January 15, 2024. "
        "https://example.org/pe",
    ),
    "report": (
        "@techreport{k, author = {{National Center for Health Statistics}}, title = {Health, "
        "United States, 2010}, institution = {National Center for Health Statistics}, "
        "year = 2011, type = {DHHS publication}, number = {2011-1232}}",
        "National Center for Health Statistics. Health, United States, 2010. National Center "
        "for Health Statistics; 2011. DHHS publication 2011-1232.",
    ),
    "unknown type renders generically": (
        "@patent{k, author = {Inventor, Ann}, title = {A cement injector}, year = 2015, "
        "doi = {doi:10.1000/abc}}",
        "Inventor A. A cement injector. 2015. doi:10.1000/abc",
    ),
}


def load_entry(tmp_path: Path, source: str):
    path = tmp_path / "references.bib"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    bibliography, diagnostics = load_bibliography(path)
    assert diagnostics == []
    return next(iter(bibliography))


@pytest.fixture(scope="module")
def seed():
    bibliography, diagnostics = load_bibliography(ROOT / "references.bib")
    assert diagnostics == []
    return bibliography


@pytest.mark.parametrize("key", list(SEED))
def test_seed_references_in_ama(seed, key):
    assert format_reference(seed.get(key)).text == SEED[key]


@pytest.mark.parametrize("case", list(CASES))
def test_ama_text(tmp_path, case):
    source, expected = CASES[case]
    assert format_reference(load_entry(tmp_path, source)).text == expected


def test_partial_entry_never_leaves_dangling_punctuation(tmp_path):
    reference = load_entry(tmp_path, "@article{k, shortjournal = {Ann Emerg Med}, pages = {e1}}")
    assert format_reference(reference).text == "Ann Emerg Med. e1."
    empty = load_entry(tmp_path, "@article{k, note = {nothing usable}}")
    assert format_reference(empty).text == ""


def test_html_italicises_the_journal_and_links_the_doi(seed):
    assert format_reference(seed.get("ignacio2018")).html == (
        "Ignacio JMF, Ignacio KHD. Pulmonary embolism from cement augmentation of the vertebral "
        "body. <i>Asian Spine J</i>. 2018;12(2):380-387. "
        '<a href="https://doi.org/10.4184/asj.2018.12.2.380">doi:10.4184/asj.2018.12.2.380</a>'
    )


def test_markdown_is_readable(seed):
    assert format_reference(seed.get("jthoraccardiovascsurg2012")).markdown == (
        "*J Thorac Cardiovasc Surg*. 2012;143(4):e22."
    )


def test_pubmed_links_in_html(tmp_path):
    reference = load_entry(
        tmp_path,
        "@article{k, author = {Smith, J.}, title = {T}, shortjournal = {BMJ}, year = 2020, "
        "doi = {10.1136/bmj.m1}, pmid = {31234567}, pmcid = {7654321}}",
    )
    assert format_reference(reference).html == (
        'Smith J. T. <i>BMJ</i>. Published online 2020. '
        '<a href="https://doi.org/10.1136/bmj.m1">doi:10.1136/bmj.m1'
        '</a>; PMID: <a href="https://pubmed.ncbi.nlm.nih.gov/31234567/">31234567</a>; '
        'PMCID: <a href="https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7654321/">PMC7654321</a>'
    )


def test_latex_italics_survive_into_html_and_markdown(tmp_path):
    reference = load_entry(
        tmp_path,
        r"@article{k, author = {Smith, J.}, title = {\textit{E. coli} sepsis}, "
        r"shortjournal = {BMJ}, year = 2020}",
    )
    formatted = format_reference(reference)
    assert formatted.text == "Smith J. E. coli sepsis. BMJ. 2020."
    assert formatted.html == "Smith J. <i>E. coli</i> sepsis. <i>BMJ</i>. 2020."
    assert formatted.markdown == "Smith J. *E. coli* sepsis. *BMJ*. 2020."


def test_html_escapes_text_and_link_targets(tmp_path):
    reference = load_entry(
        tmp_path,
        r"@online{k, title = {Fish \& <chips>}, url = {https://x.org/?a=1&b=2}}",
    )
    assert format_reference(reference).html == (
        'Fish &amp; &lt;chips&gt;. <a href="https://x.org/?a=1&amp;b=2">https://x.org/?a=1&amp;b=2</a>'
    )


def test_formatting_is_cached_per_style(seed):
    reference = seed.get("krueger2009")
    assert format_reference(reference) is format_reference(reference)
    assert format_reference(reference, "short") is not format_reference(reference)


def test_styles_format_plain_pybtex_data():
    data = parse_string(SEED_BIB_SNIPPET, "bibtex")
    style = citation_style("ama")
    formatted = style.format_bibliography(data)
    assert [entry.text.render_as("text") for entry in formatted] == [
        "Doe J. Title. Ann Emerg Med. 2020;1(2):3-4."
    ]


SEED_BIB_SNIPPET = (
    "@article{k, author = {Doe, Jane}, title = {Title}, shortjournal = {Ann Emerg Med}, "
    "year = 2020, volume = 1, number = 2, pages = {3--4}}"
)
