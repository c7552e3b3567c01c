"""The seed's inline short style (style ``short``): ``(Mol Clin Oncol. 2019;10[2]:299)``.

Not numbered: each citation in the text is its reference in this style, journal abbreviation,
year, volume, issue in square brackets and the first page or e-locator; citations in one group
are joined by ``; `` inside one pair of parentheses by :func:`generator.numbering.render_in_text`.
Anything else, and an article with no journal (a preprint), is cited by first author (``et al``
when more) and year, or by title (else its source) and year when it has no author: never by a
bare year.
"""

from __future__ import annotations

from typing import Any

from pybtex.richtext import Text
from pybtex.style.template import FieldIsMissing, Node, first_of, join, node, optional

from generator.bibliography.loader import Reference
from generator.bibliography.styles.base import (
    CitationStyle,
    InText,
    first_field,
    is_others,
    journal,
    journal_issue,
    person_surname,
    ref_field,
    reference_of,
)


@node
def first_author(children: list, context: dict[str, Any]) -> Text:
    """``Krueger et al`` / ``Krueger``: the first author's (or editor's) surname."""
    reference = reference_of(context)
    people = reference.persons("author") or reference.persons("editor")
    named = [person for person in people if not is_others(person)]
    if not named:
        raise FieldIsMissing("author", context["entry"])
    surname = person_surname(named[0])
    return Text(f"{surname} et al" if len(people) > 1 else surname)


class ShortStyle(CitationStyle):
    """Inline short citations as the seed pearl prints them."""

    numbered = False
    in_text = InText(open="(", close=")")
    #: What the short form shows: a journal article's locator, else first author and year.
    required_fields = {
        "article": ("journal", "year", "volume", "pages"),
        "book": ("author", "year"),
        "chapter": ("author", "year"),
        "webpage": ("author", "year"),
        "report": ("author", "year"),
        "generic": ("author", "year"),
    }

    def get_article_template(self, reference: Reference) -> Node:
        if reference.raw("journal") is None and reference.raw("shortjournal") is None:
            return self.get_generic_template(reference)
        return join(sep=". ")[
            optional[journal],
            optional[journal_issue(brackets="[]", first_only=True)],
        ]

    def get_generic_template(self, reference: Reference) -> Node:
        return join(sep=". ")[
            first_of[
                optional[first_author],
                optional[ref_field("title")],
                optional[first_field("booktitle", "publisher", "institution", "howpublished")],
            ],
            optional[ref_field("year")],
        ]
