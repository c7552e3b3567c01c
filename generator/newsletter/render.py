"""An :class:`Edition` through the templates in ``templates/email/``: HTML (CSS inlined), text."""

from __future__ import annotations

import re

import css_inline

from generator import templates
from generator.newsletter.edition import Edition

_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


def render_html(edition: Edition, image_src: str) -> str:
    """The HTML part with every style inlined; ``image_src`` is the flowchart's URL or ``cid:``."""
    page = (
        templates.shared_environment(edition.settings.root)
        .get_template("email/newsletter.html.j2")
        .render(edition=edition, image_src=image_src)
    )
    return _INLINER.inline(page)


def render_text(edition: Edition) -> str:
    """The plain-text part."""
    environment = templates.shared_environment(edition.settings.root)
    text = environment.get_template("email/newsletter.txt.j2").render(edition=edition)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
