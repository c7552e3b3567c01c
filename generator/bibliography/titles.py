"""Article titles and their capitals (AMA 11 §3.9: capitalise only the first word, proper names
and abbreviations in the titles of articles and chapters; books and journals keep Title Case).

Both functions read the title as written in the .bib file, LaTeX and braces included: braces
are how BibTeX marks capitals that must stay, so braced text is never changed nor counted.
"""

from __future__ import annotations

import re

#: The title-case settings: keep titles as written, or lower the case of article titles.
AS_WRITTEN, SENTENCE = "as-written", "sentence"
TITLE_CASES = (AS_WRITTEN, SENTENCE)

#: Words Title Case leaves in lower case (articles, short prepositions and conjunctions).
_SMALL = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "per",
        "the",
        "to",
        "via",
        "vs",
        "with",
    ]
)
#: Words and braced groups (a braced group is one token, kept whole).
_TOKEN = re.compile(r"\{(?:[^{}]|\{[^{}]*\})*\}|[^\s{}]+|\s+|[{}]")
#: A word of letters and apostrophes only (no LaTeX, digits or braces), punctuation after it.
_PLAIN_WORD = re.compile(r"^\(?[^\W\d_]+(?:['’][^\W\d_]+)*[.,;:?!)]*$")
_HYPHEN = re.compile(r"(-)")


def _words(raw: str) -> list[tuple[str, bool]]:
    """Each token of ``raw`` and whether it starts a sentence (the first word, or the first
    after a colon, which AMA capitalises too)."""
    tokens = []
    starts = True
    for token in _TOKEN.findall(raw):
        if token.isspace():
            tokens.append((token, False))
            continue
        tokens.append((token, starts))
        starts = token.endswith((":", "?", "!", "."))
    return tokens


def _changeable(word: str) -> bool:
    """A plain word with no capital after its first letter (so not ``mRNA``, ``COVID``,
    ``McDonald``), neither braced nor LaTeX, nor a single capital such as ``V``."""
    letters = word.strip("(.,;:?!)")
    if len(letters) == 1 and letters != "A":
        return False
    return bool(_PLAIN_WORD.match(word)) and not any(c.isupper() for c in letters[1:])


def _lowered(token: str, starts: bool) -> str:
    """One token in sentence case; each part of a hyphenated word on its own."""
    parts = _HYPHEN.split(token)
    return "".join(
        part.lower() if not (starts and index == 0) and _changeable(part) else part
        for index, part in enumerate(parts)
    )


def sentence_case(raw: str) -> str:
    """``raw`` with every changeable word lowered but the first of each sentence (AMA)."""
    return "".join(_lowered(token, starts) for token, starts in _words(raw))


def looks_title_case(raw: str) -> bool:
    """Whether a title is written in Title Case: two or more capitalised words besides those
    that start a sentence, and no lower-case word other than small ones."""
    capitalised = 0
    for token, starts in _words(raw):
        if starts or token.isspace():
            continue
        for word in _HYPHEN.split(token)[::2]:
            word = word.strip("(.,;:?!)")
            if not _PLAIN_WORD.match(word) or word.lower() in _SMALL or len(word) < 2:
                continue
            if word[0].isupper() and _changeable(word):
                capitalised += 1
            elif word[0].islower():
                return False  # a lower-case word: not Title Case, whatever follows
    return capitalised >= 2
