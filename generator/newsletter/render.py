"""An :class:`Edition` through the templates in ``templates/email/``: HTML (CSS inlined), text."""

from __future__ import annotations

import re
import textwrap
from functools import cache
from pathlib import Path

import css_inline
import jinja2
from markupsafe import Markup

from generator import templates
from generator.newsletter.edition import Edition
from generator.newsletter.markup import sanitise

#: The plain-text part's line length: what mail clients show without reflowing.
TEXT_WIDTH = 72
_LIST_MARKER = re.compile(r"^(\s*)((?:\d+[.)]|[-*•])\s+)?")


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


@cache
def _environment(root: Path) -> jinja2.Environment:
    """The project's templates over the packaged ones, with the email's filters."""
    environment = templates.environment(root)
    environment.filters["wrap"] = wrap
    environment.filters["wrap_lines"] = wrap_lines
    environment.filters["sanitise"] = lambda html, base_url: Markup(sanitise(html, base_url))
    return environment


_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


def render_html(edition: Edition, image_src: str) -> str:
    """The HTML part with every style inlined; ``image_src`` is the flowchart's URL or ``cid:``."""
    page = (
        _environment(edition.settings.root)
        .get_template("email/newsletter.html.j2")
        .render(edition=edition, image_src=image_src)
    )
    return _INLINER.inline(page)


def render_text(edition: Edition) -> str:
    """The plain-text part."""
    template = _environment(edition.settings.root).get_template("email/newsletter.txt.j2")
    text = template.render(edition=edition)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
