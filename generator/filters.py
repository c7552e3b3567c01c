"""Every filter a template may use, registered in one place (:data:`FILTERS`).

:func:`generator.templates.environment` gives each environment all of them, so a project's
template can use any filter in any stage, and ``pearls check`` knows every name a template may
call; :func:`printable` is what every environment prints a value through. This module imports
nothing of the pipeline's stages: the filters are small and pure.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import string
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import jinja2
from markupsafe import Markup

from generator.link_fields import doi_url
from generator.sanitize import BIDI, EMAIL, UNPRINTABLE
from generator.yaml_source import load_yaml

if TYPE_CHECKING:
    from generator.site.trusted import TrustedFragments

#: The plain-text email's line length: what mail clients show without reflowing.
TEXT_WIDTH = 72
_LIST_MARKER = re.compile(r"^(\s*)((?:\d+[.)]|[-*•])\s+)?")
#: Characters Markdown, its extensions or HTML may read as syntax: written as character references.
_AS_REFERENCES = str.maketrans({c: f"&#{ord(c)};" for c in string.punctuation})


def plain(value: object) -> Markup:
    """A plain-text field (title, summary, name) as Markdown that shows it exactly as typed.

    Every ASCII punctuation character becomes a numeric character reference, which neither
    Markdown (links, emphasis, ``attr_list``) nor HTML reads as syntax, in text or attribute
    values; line breaks become spaces, so a field never ends the block it stands in.
    """
    text = " ".join(str(value).split())
    return Markup(text.translate(_AS_REFERENCES))


def long_date(day: dt.date) -> str:
    """``17 February 2021``: unambiguous for readers anywhere."""
    return f"{day.day} {day:%B %Y}"


def atom_time(day: dt.date) -> str:
    """RFC 3339 midnight UTC: pearls are dated, not timed, so the feed is reproducible."""
    return f"{day.isoformat()}T00:00:00Z"


@jinja2.pass_context
def fragment(context: Any, html: str, figure: bool = False, indexed: bool = True) -> Markup:
    """``{% filter fragment %}``: the HTML a template made, as a placeholder on the page being
    rendered (put back after Markdown, :mod:`generator.site.trusted`), or as it is where no page
    collects fragments (the feed, converted and cleaned whole). ``indexed=False``: a block the
    search index skips (``data-search-exclude`` on it, around it, or on the heading of its
    section)."""
    fragments: TrustedFragments | None = context.get("fragments")
    if fragments is None:
        return Markup(f"\n\n{html.strip()}\n\n")
    return Markup(fragments.placeholder(context["page"], html, figure, indexed))


def px(value: float) -> str:
    """A coordinate with at most one decimal and no trailing zeros (stable bytes)."""
    text = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def wrap(text: str, first: str = "", rest: str = "", width: int = TEXT_WIDTH) -> str:
    """``text`` filled to ``width`` columns; long words (URLs, DOIs) are never split."""
    return textwrap.fill(
        " ".join(text.split()),
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )


def wrap_lines(text: str, width: int = TEXT_WIDTH) -> str:
    """Each line of ``text`` filled on its own, keeping its indent and hanging list markers."""
    lines = []
    for line in text.splitlines():
        match = _LIST_MARKER.match(line)
        hanging = " " * (len(match.group(1)) + len(match.group(2) or ""))
        lines.append(wrap(line[match.end() :], match.group(0), hanging, width) or line.rstrip())
    return "\n".join(lines)


def sanitise(html: str, base_url: str) -> Markup:
    """``html`` with only email-safe markup left (:data:`generator.sanitize.EMAIL`, the
    allow-list every published fragment passes), every link absolute against ``base_url``."""
    return Markup(EMAIL.clean(html, url_filter=lambda url: urljoin(base_url, url.strip())))


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML value: plain when it reads back unchanged, else double-quoted."""
    document, problems = load_yaml(f"value: {text}\n", Path("value.yml"))
    if not problems and document is not None and document.value == {"value": text}:
        return text
    return json.dumps(text, ensure_ascii=False)


@jinja2.pass_eval_context
def printable(context: jinja2.nodes.EvalContext, value: object) -> object:
    """``value`` as an escaped template (HTML, XML, SVG, the site's pages) prints it: a string
    without :data:`UNPRINTABLE` characters (control characters, bidirectional controls). Text
    templates print control characters (the schedule's colours), but no bidirectional one."""
    left_out = UNPRINTABLE if context.autoescape else BIDI
    if not isinstance(value, str) or not left_out.search(value):
        return value
    shown = left_out.sub("", value)
    return Markup(shown) if isinstance(value, Markup) else shown


@jinja2.pass_eval_context
def tojson(context: jinja2.nodes.EvalContext, value: object, indent: int | None = None) -> Markup:
    """Jinja's ``tojson``, its strings printable as :func:`printable` prints one (JSON writes
    U+202E as ``\\u202e``, which :func:`printable` would not see)."""
    return jinja2.filters.do_tojson(context, _printable_in(context, value), indent)


def _printable_in(context: jinja2.nodes.EvalContext, value: object) -> object:
    if isinstance(value, dict):
        return {key: _printable_in(context, item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_printable_in(context, item) for item in value]
    return printable(context, value)


#: The filters by the name templates call them.
FILTERS: dict[str, Callable[..., Any]] = {
    "atom_time": atom_time,
    "doi_url": doi_url,
    "fragment": fragment,
    "long_date": long_date,
    "plain": plain,
    "px": px,
    "sanitise": sanitise,
    "tojson": tojson,
    "wrap": wrap,
    "wrap_lines": wrap_lines,
    "yaml": yaml_scalar,
}
