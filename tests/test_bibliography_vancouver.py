"""Vancouver (NLM *Citing Medicine*, 2nd ed.) reference list entries, exactly as the rules write
them. Each case names its rule: Citing Medicine chapter and element, or "ICMJE samples" (NLM's
sample references for authors following the ICMJE Recommendations).

The articles are the project's own references.bib (verified facts); the other kinds reuse the
entries of the AMA tests, with placeholders ("Aa B", "Place") for what those entries lack.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.bibliography import citation_style, format_reference, load_bibliography
from generator.bibliography.styles.vancouver import short_pages

ROOT = Path(__file__).parent.parent

SEED = {
    # Article: authors, title, abbreviated journal, Year;Vol(Issue):pages (ch. 1A); the end page
    # without the digits it repeats, 1257-1265 -> 1257-65 (ch. 1A, Location (pagination)); the
    # DOI last, as PubMed's NLM citations write it.
    "krueger2009": (
        "Krueger A, Bliemel C, Zettl R, Ruchholtz S. Management of pulmonary cement embolism "
        "after percutaneous vertebroplasty and kyphoplasty: a systematic review of the "
        "literature. Eur Spine J. 2009;18(9):1257-65. doi: 10.1007/s00586-009-1073-y."
    ),
    # More than six authors (eleven here): the first six, then "et al." (ICMJE samples; ch. 1A,
    # Author); given names as at most two initials without periods, "Marco L. A." -> ML
    # (ch. 1A, Author); a journal title that is already short stays whole (ch. 1A, Journal title).
    "perry2010": (
        "Perry JJ, Stiell IG, Sivilotti ML, Bullard MJ, Lee JS, Eisenhauer M, et al. High risk "
        "clinical characteristics for subarachnoid haemorrhage in patients with acute headache: "
        "prospective cohort study. BMJ. 2010;341:c5204. doi: 10.1136/bmj.c5204."
    ),
    # "and others" after three names: those three and "et al." (ch. 1A, Author); PMID after
    # the DOI (PubMed's NLM citation).
    "perry2013": (
        "Perry JJ, Stiell IG, Sivilotti ML, et al. Clinical decision rules to rule out "
        "subarachnoid hemorrhage for acute headache. JAMA. 2013;310(12):1248-55. "
        "doi: 10.1001/jama.2013.278018. PMID: 24065011."
    ),
    # Hyphenated given names become initials without the hyphen, "Pierre-Alexis" -> PA
    # (ch. 1A, Author); PMID and PMCID joined by "; " (PubMed's NLM citation).
    "freund2018": (
        "Freund Y, Cachanado M, Aubry A, Orsini C, Raynal PA, Féral-Pierssens AL, et al. Effect "
        "of the Pulmonary Embolism Rule-Out Criteria on subsequent thromboembolic events among "
        "low-risk emergency department patients: the PROPER randomized clinical trial. JAMA. "
        "2018;319(6):559-66. doi: 10.1001/jama.2017.21904. PMID: 29450523; PMCID: PMC5838786."
    ),
    # Known only in part: what is known, nothing dangling (the end page 299-303 shares no
    # leading digit, so it stays whole: ch. 1A, Location (pagination)).
    "rodrigues2019": (
        "Rodrigues DM, Cunha Machado DP, Campainha Fernandes SA, et al. Pulmonary cement "
        "embolism following balloon kyphoplasty: the impact of a procedural complication in a "
        "new era for lung cancer management. Mol Clin Oncol. 2019;10(2):299-303."
    ),
    "respmedcaserep2019": "Respir Med Case Rep. 2019;28:100887.",
}

CASES = {
    # Date of publication as Year Mon Day, the month in three letters (ch. 1A, Date of
    # publication): BibTeX month and day, or a BibLaTeX date.
    "article dated to the day": (
        "@article{k, author = {Aa, B.}, title = {Title}, shortjournal = {J}, year = 2011, "
        "month = jul, day = 18, volume = 343, pages = {d4277}}",
        "Aa B. Title. J. 2011 Jul 18;343:d4277.",
    ),
    "biblatex date and pubmed eprint": (
        "@article{k, author = {Smith, J.}, title = {T}, journaltitle = {Ann Emerg Med}, "
        "date = {2020-03-01}, volume = 75, issue = 3, pages = {300--305}, "
        "eprint = {31234567}, eprinttype = {pubmed}}",
        "Smith J. T. Ann Emerg Med. 2020 Mar 1;75(3):300-5. PMID: 31234567.",
    ),
    # Book: Author. Title. Edition. Place: Publisher; Year. (ch. 2A, Place of publication,
    # Publisher, Date of publication; Edition as "2nd ed.").
    "book": (
        "@book{k, author = {Aa, B.}, title = {Title}, edition = 2, address = {Place}, "
        "publisher = {Publisher}, year = 2020}",
        "Aa B. Title. 2nd ed. Place: Publisher; 2020.",
    ),
    # Editors in place of authors end with "editors" (ch. 2A, Editor); no place known, so none
    # is shown (and the check warns that it is missing).
    "edited book": (
        "@book{k, editor = {Walls, Ron M. and Hockberger, Robert S.}, title = {Rosen's Emergency "
        "Medicine}, edition = {10th}, publisher = {Elsevier}, year = 2022}",
        "Walls RM, Hockberger RS, editors. Rosen's Emergency Medicine. 10th ed. Elsevier; 2022.",
    ),
    # Contribution to a book: In: Editor, editor. Book. Edition. Publisher; Year. p. pages.
    # (ch. 2, contributions to books; "p." before the pages, which share no leading digit).
    "chapter": (
        "@incollection{k, author = {Solensky, R.}, title = {Drug allergy: desensitization and "
        "treatment of reactions to antibiotics and aspirin}, editor = {Lockey, P.}, "
        "booktitle = {Allergens and Allergen Immunotherapy}, edition = 3, "
        "publisher = {Marcel Dekker}, year = 2004, pages = {585--606}}",
        "Solensky R. Drug allergy: desensitization and treatment of reactions to antibiotics "
        "and aspirin. In: Lockey P, editor. Allergens and Allergen Immunotherapy. 3rd ed. Marcel "
        "Dekker; 2004. p. 585-606.",
    ),
    # Web page: Title [Internet]. Publisher; Date [cited Year Mon Day]. Available from: URL,
    # with no period after the URL (ch. 25: Type of medium, Date of citation, Location).
    "web page": (
        "@online{k, author = {{Centers for Disease Control and Prevention}}, "
        "title = {Flu vaccine}, url = {https://www.cdc.gov/flu}, urldate = {2019-03-01}}",
        "Centers for Disease Control and Prevention. Flu vaccine [Internet]. [cited 2019 Mar 1]. "
        "Available from: https://www.cdc.gov/flu",
    ),
    "web page with site and date": (
        "@misc{k, title = {Pulmonary embolism}, organization = {StatPearls}, "
        "year = 2023, month = jun, url = {https://example.org/pe}, urldate = {2024-01-15}}",
        "Pulmonary embolism [Internet]. StatPearls; 2023 Jun [cited 2024 Jan 15]. "
        "Available from: https://example.org/pe",
    ),
    # Report: Author. Title. Publisher; Year. Report No.: n. (ch. 4, Report number).
    "report": (
        "@techreport{k, author = {{National Center for Health Statistics}}, title = {Health, "
        "United States, 2010}, institution = {National Center for Health Statistics}, "
        "year = 2011, type = {DHHS publication}, number = {2011-1232}}",
        "National Center for Health Statistics. Health, United States, 2010. National Center "
        "for Health Statistics; 2011. Report No.: 2011-1232.",
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
def test_project_references_in_vancouver(seed, key):
    assert format_reference(seed.get(key), "vancouver").text == SEED[key]


@pytest.mark.parametrize("case", list(CASES))
def test_vancouver_text(tmp_path, case):
    source, expected = CASES[case]
    assert format_reference(load_entry(tmp_path, source), "vancouver").text == expected


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        ("1257-1265", "1257-65"),
        ("380-387", "380-7"),
        ("299-303", "299-303"),
        ("100-109", "100-9"),
        ("e59-e74", "e59-e74"),  # letters: both pages whole (ch. 1A, Location (pagination))
        ("c5204", "c5204"),
        ("95-103", "95-103"),
    ],
)
def test_end_pages_drop_the_digits_they_repeat(pages, expected):
    assert short_pages(pages) == expected


def test_html_links_the_doi_and_sets_no_italics(seed):
    assert format_reference(seed.get("perry2013"), "vancouver").html == (
        "Perry JJ, Stiell IG, Sivilotti ML, et al. Clinical decision rules to rule out "
        "subarachnoid hemorrhage for acute headache. JAMA. 2013;310(12):1248-55. "
        'doi: <a href="https://doi.org/10.1001/jama.2013.278018">10.1001/jama.2013.278018</a>. '
        'PMID: <a href="https://pubmed.ncbi.nlm.nih.gov/24065011/">24065011</a>.'
    )


def test_vancouver_needs_the_place_of_a_book_and_ama_does_not(tmp_path):
    book = load_entry(tmp_path, CASES["edited book"][0])
    assert citation_style("vancouver").missing_fields(book) == ["address"]
    assert citation_style("ama").missing_fields(book) == []
