"""How long a pearl takes to read, for its byline ("4 min read").

Counted: the words of the body (its Markdown, less the in-text citation marks, HTML tags and
link targets) and the flowchart's own words, read once: its title, each step's text and note
and each branch's label. Left out: the reference list, the drawing's step numbers and the text
outline's labels ("Decision:"), which repeat the chart. Words are what punctuation and spaces
separate, so "D-dimer" is two words and "15%" one.
"""

from __future__ import annotations

import html
import math
import re
import string
from collections.abc import Iterator

from generator.algorithm import Algorithm

#: Words a minute: a careful rate for clinical text dense with numbers and drug names.
WORDS_PER_MINUTE = 200

#: A numbered style's citation mark (templates/references/in_text.html): never read as words.
_CITATION = re.compile(r"<sup\b[^>]*>.*?</sup>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_PUNCTUATION = str.maketrans(dict.fromkeys(string.punctuation + "–—·…“”‘’", " "))


def count_words(text: str) -> int:
    """The words a reader reads in ``text`` (Markdown or HTML)."""
    text = _LINK_TARGET.sub("]", _TAG.sub(" ", _CITATION.sub("", text)))
    return len(html.unescape(text).translate(_PUNCTUATION).split())


def reading_minutes(body: str, algorithm: Algorithm | None = None) -> int:
    """Whole minutes to read ``body`` and ``algorithm`` at :data:`WORDS_PER_MINUTE`, rounded
    up; at least 1."""
    words = count_words(body) + sum(count_words(text) for text in _chart_texts(algorithm))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def _chart_texts(algorithm: Algorithm | None) -> Iterator[str]:
    if algorithm is None:
        return
    yield algorithm.title
    for node in algorithm.nodes:
        yield node.text.plain()
        if node.note is not None:
            yield node.note.plain()
        yield from (branch.label for branch in node.branches)
