"""How long a pearl takes to read, for its byline ("4 min read").

Counted: the words of the body (its Markdown, with the in-text citation marks' numbers, HTML
tags and link targets left out) and of the flowchart's text outline, which says the chart's
steps in words (the drawing itself, its step numbers and the reference list are left out).
A word is a run of letters and digits holding at least one letter, so "D-dimer" is two and
"15%" none.
"""

from __future__ import annotations

import html
import math
import re

#: Words a minute: a careful rate for clinical text dense with numbers and drug names.
WORDS_PER_MINUTE = 200

_TAG = re.compile(r"<[^>]*>")
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_WORD = re.compile(r"\w*[^\W\d_]\w*")


def count_words(text: str) -> int:
    """The words a reader reads in ``text`` (Markdown or HTML)."""
    return len(_WORD.findall(html.unescape(_LINK_TARGET.sub("]", _TAG.sub(" ", text)))))


def reading_minutes(*texts: str) -> int:
    """Whole minutes to read ``texts`` at :data:`WORDS_PER_MINUTE`, rounded up; at least 1."""
    words = sum(count_words(text) for text in texts)
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
