"""The attack catalogue: payloads a guest author or a pasted .bib could carry, and their judge.

Each :class:`Attack` puts one payload into one place of a project (the pearl body, a front-matter
field, topics.yml, newsletter.yml, a content page, an algorithm field or a BibTeX field). Every
payload carries its own marker (``$JS`` becomes ``window.PWN17=1`` for attack 17), so a browser
can tell whether it ran and the judge can tell which payload reached the output.

:func:`write_catalogue` writes many attacks into one project (one pearl each, a week apart in
different months); :func:`publish` builds its sites and every pearl's email by calling the site
builder and the email exporter directly (the check bypassed: the output guarantee alone);
:func:`judge` parses every published file and returns what must never be there.
docs/security.md says how the sites are built when a build refuses an attack.
"""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.policy
import html
import json
import logging
import os
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import copy_example_project

#: Where a payload goes (see :func:`write_catalogue`).
PLACES = (
    "body", "title", "summary", "authors", "reviewers", "doi", "slug", "topics",
    "topic-slug", "topic-name", "topic-description",
    "newsletter-title", "newsletter-presenter", "newsletter-description", "newsletter-url",
    "page", "page-title", "page-field", "evidence-basis",
    "algorithm-title", "algorithm-text", "algorithm-label", "algorithm-note", "algorithm-link",
    "bib-title", "bib-author", "bib-journal", "bib-url", "bib-doi", "bib-pmid", "bib-pmcid",
    "bib-eprint", "bib-note", "bib-publisher", "bib-booktitle", "bib-howpublished",
    "bib-organization", "bib-institution",
)  # fmt: skip


@dataclass(frozen=True)
class Attack:
    """One payload in one place. ``caught``: `pearls check` must report an error at its line."""

    name: str
    place: str
    payload: str
    caught: bool


def _attacks(place: str, caught: bool, **payloads: str) -> list[Attack]:
    return [
        Attack(f"{place}:{name.replace('_', '-')}", place, payload, caught)
        for name, payload in payloads.items()
    ]


IMG = '<img src="$X" onerror="$JS">'

CATALOGUE: tuple[Attack, ...] = tuple(
    # The pearl body: whatever Markdown makes of it is sanitised, and the check reports it.
    _attacks(
        "body",
        True,
        attr_list_onerror_image='![x]($X){: onerror="$JS" }',
        unicode_space_scheme='<a href="&nbsp;javascript:$JS">x</a>',
        attr_list_onclick_link='[x](https://example.org/){: onclick="$JS" }',
        attr_list_href_javascript='[x](https://example.org/){: href="javascript:$JS" }',
        attr_list_src_javascript='![x]($X){: src="javascript:$JS" }',
        attr_list_onclick_paragraph='A paragraph.\n{: onclick="$JS" }',
        attr_list_onmouseover_heading='## A heading {: onmouseover="$JS" }',
        attr_list_style_url='A styled paragraph.\n{: style="background:url(javascript:$JS)" }',
        link_javascript="[x](javascript:$JS)",
        link_angle_javascript="[x](<javascript:$JS>)",
        reference_link_javascript="[x][evil]\n\n[evil]: javascript:$JS",
        link_tab_entity="[x](java&#9;script:$JS)",
        link_hex_tab_entity="[x](javas&#x09;cript:$JS)",
        link_entity_j="[x](&#106;avascript:$JS)",
        link_mixed_case="[x](JaVaScRiPt:$JS)",
        link_vbscript="[x](vbscript:$JS)",
        link_data_html="[x](data:text/html,%3Cscript%3E$JS%3C/script%3E)",
        footnote_javascript="A note.[^1]\n\n[^1]: [y](javascript:$JS)",
        script="<script>$JS</script>",
        img_onerror=IMG,
        escaped_backticks=f"\\`{IMG}\\`",
        comment_bang_end=f"<!-- x --!>{IMG}",
        cdata=f"<![CDATA[ x ]]>{IMG}",
        noscript_breakout='<noscript><p title="</noscript><img src=$X onerror=$JS>"></noscript>',
        md_in_html_breakout='<div markdown="1">\n[x](javascript:$JS)\n</div>',
        md_in_html_span='<span markdown="1">[x](javascript:$JS){: onclick="$JS" }</span>',
        svg_onload='<svg onload="$JS"></svg>',
        svg_script="<svg><script>$JS</script></svg>",
        svg_xlink='<svg><a xlink:href="javascript:$JS"><text y="9">x</text></a></svg>',
        math_href='<math href="javascript:$JS"><mi>x</mi></math>',
        math_mglyph_style=f"<math><mtext><table><mglyph><style><!--</style>{IMG}",
        iframe_srcdoc='<iframe srcdoc="<script>$JS</script>"></iframe>',
        iframe_javascript='<iframe src="javascript:$JS"></iframe>',
        object_data='<object data="javascript:$JS"></object>',
        embed_src='<embed src="javascript:$JS">',
        base_href='<base href="javascript:$JS//">',
        meta_refresh='<meta http-equiv="refresh" content="0;url=javascript:$JS">',
        form_action='<form action="javascript:$JS"><button>go</button></form>',
        button_formaction='<button formaction="javascript:$JS">go</button>',
        a_colon_entity='<a href="javascript&colon;$JS">x</a>',
        a_newline_entity='<a href="jav&#x0A;ascript:$JS">x</a>',
        a_leading_control='<a href=" &#14;javascript:$JS">x</a>',
        a_data_html='<a href="data:text/html,$JS">x</a>',
        style_attribute_url='<p style="background:url(javascript:$JS)">x</p>',
        style_element="<style>@import 'javascript:$JS';</style>",
        srcset='<img srcset="javascript:$JS 1x" src="$X">',
        details_ontoggle='<details open ontoggle="$JS"><summary>x</summary></details>',
        input_autofocus='<input autofocus onfocus="$JS">',
        body_onload='<body onload="$JS">',
        link_stylesheet='<link rel="stylesheet" href="javascript:$JS">',
        template_content=f"<template>{IMG}</template>",
        admonition_title=f'!!! note "{IMG}"\n    Body.',
        details_title=f'??? note "{IMG}"\n    Body.',
        table_cell=f"| a |\n|---|\n| {IMG} |",
        citation_key=f"[@x{IMG}]",
        # mkdocs-material's tooltips write an element's title into the page as HTML.
        link_title_tooltip='[x](https://example.org/ "<img src=$X onerror=$JS>")',
        abbr_title_tooltip='<abbr title="&lt;img src=$X onerror=$JS&gt;">x</abbr>',
        attr_list_title_tooltip='A paragraph.\n{: title="<img src=$X onerror=$JS>" }',
        link_title_breakout='[x](https://example.org/ "\\"><img src=$X onerror=$JS>")',
        # ... and load mermaid from unpkg.com for a <pre class="mermaid">.
        mermaid_class='<pre class="mermaid">graph TD; A-->B; click A href "javascript:$JS"</pre>',
    )
    # Bodies Markdown turns into text or a code span (or a comment, as browsers read it):
    # nothing to report, and nothing live may come of them.
    + _attacks(
        "body",
        False,
        image_title_breakout='![x]($X "a\\" onerror=\\"$JS")',
        img_no_space_between_attributes='<img src="$X"onerror="$JS">',
        fence_that_is_not_a_fence=f"```\n{IMG}\n```",
        tilde_fence="~~~\n<script>$JS</script>\n~~~",
        fence_around_blank_lines="```\n\n<script>$JS</script>\n\n```",
        cdata_wrapping=f"<![CDATA[{IMG}]]>",
        citation_locator='[@base, [x](javascript:$JS) ![x]($X){: onerror="$JS" } <b title="<i>">]',
    )
    # Front matter: plain text everywhere; a DOI, a slug or a topic that is not one is an error.
    + _attacks(
        "title",
        False,
        close_title="</title><script>$JS</script>",
        markdown_link="[x](javascript:$JS)",
        markdown_image_attr='![]($X){: onerror="$JS" }',
        attr_list_onclick='A title {: onclick="$JS" }',
        quote_breakout='"><img src=$X onerror=$JS>',
    )
    + _attacks(
        "title",
        True,
        header_injection="Hi\nBcc: pwn@example.org\nX-PWN: $JS",
        # An RFC 2047 encoded word: the email package decodes it into a line break and headers.
        encoded_word_header_injection="Hi =?UTF-8?B?"
        + base64.b64encode(b"\r\nBcc: pwn@example.org\r\nX-PWN: 1").decode()
        + "?= there",
    )
    + _attacks(
        "summary",
        False,
        quote_breakout='"><script>$JS</script>',
        markdown_link="[x](javascript:$JS)",
        meta_refresh='x" http-equiv="refresh" content="0;url=javascript:$JS',
    )
    + _attacks("authors", False, script="<script>$JS</script>", markdown_link="[A](javascript:$JS)")
    + _attacks("reviewers", False, img=IMG, markdown_link="[R](javascript:$JS)")
    + _attacks(
        "evidence-basis",
        False,
        script="<script>$JS</script>",
        markdown_link="[x](javascript:$JS)",
        abbr_breakout='B"><img src=$X onerror=$JS>',
    )
    + _attacks(
        "doi",
        True,
        quote_breakout='10.1234/x"><script>$JS</script>',
        javascript="javascript:$JS",
        attr_list='10.1234/x){: onclick="$JS" }',
    )
    + _attacks("slug", True, quote_breakout='x"><script>$JS</script>')
    + _attacks("topics", True, unknown_img=IMG)
    # topics.yml
    + _attacks("topic-slug", True, quote_breakout='x"><script>$JS</script>')
    + _attacks(
        "topic-name",
        False,
        script="<script>$JS</script>",
        markdown_link="[x](javascript:$JS)",
        attr_list='Name {: onclick="$JS" }',
    )
    + _attacks(
        "topic-description",
        False,
        script="<script>$JS</script>",
        markdown_link="[x](javascript:$JS)",
        quote_breakout='"><img src=$X onerror=$JS>',
    )
    # newsletter.yml
    + _attacks("newsletter-title", False, script="<script>$JS</script>")
    + _attacks("newsletter-presenter", False, markdown_link="[x](javascript:$JS)")
    + _attacks("newsletter-description", False, img=IMG)
    + _attacks(
        "newsletter-url",
        True,
        javascript="javascript:$JS",
        data_html="data:text/html,$JS",
    )
    + _attacks("newsletter-url", False, quote_breakout='https://example.org/"><script>$JS</script>')
    # content/pages/
    + _attacks(
        "page",
        True,
        script="<script>$JS</script>",
        img_onerror=IMG,
        markdown_link="[x](javascript:$JS)",
        attr_list_onclick='A paragraph.\n{: onclick="$JS" }',
        iframe='<iframe src="javascript:$JS"></iframe>',
        meta_refresh='<meta http-equiv="refresh" content="0;url=javascript:$JS">',
        svg_onload='<svg onload="$JS"></svg>',
        image_title_tooltip='![x]($X "<img src=$X onerror=$JS>")',
    )
    + _attacks("page-title", False, close_title="</title><script>$JS</script>")
    # Front-matter fields of a content page that mkdocs-material would print as they are.
    + _attacks(
        "page-field",
        True,
        author_list="author: ['\"><script>$JS</script>']",
        status_list="status: ['\"></span><script>$JS</script><span class=\"']",
        redirect="template: redirect.html\nlocation: javascript:$JS",
    )
    + _attacks("page-field", False, search_tag="tags: ['<img src=$X onerror=$JS>']")
    # Algorithm fields: plain text in the SVG, its alt text, the gallery and the email.
    + _attacks(
        "algorithm-title",
        False,
        close_title="</title><script>$JS</script>",
        alt_breakout='"><img src=$X onerror=$JS>',
        markdown_link="[x](javascript:$JS)",
    )
    + _attacks(
        "algorithm-text",
        False,
        script="<script>$JS</script>",
        svg_breakout="</text></svg><script>$JS</script>",
        markdown_link="[x](javascript:$JS)",
    )
    + _attacks(
        "algorithm-label", False, script="<script>$JS</script>", attr_list='{: onclick="$JS" }'
    )
    + _attacks("algorithm-note", False, img=IMG, markdown_link="[x](javascript:$JS)")
    + _attacks(
        "algorithm-link",
        True,
        quote_breakout='x"><script>$JS</script>',
        javascript="javascript:$JS",
    )
    # BibTeX: text fields are text; url/doi/pmid/pmcid/eprint are validated, links built.
    + _attacks(
        "bib-title",
        False,
        script="<script>$JS</script>",
        markdown_link="[x](javascript:$JS)",
        attr_list='x){: onclick="$JS" }',
        latex_href="\\href{javascript:$JS}{x}",
    )
    + _attacks("bib-author", False, img="<img src=$X onerror=$JS>")
    + _attacks("bib-journal", False, script="<script>$JS</script>")
    + _attacks(
        "bib-url",
        True,
        javascript="javascript:$JS",
        entity_javascript="&#106;avascript:$JS",
        quote_breakout='https://example.org/"><script>$JS</script>',
        attr_list='https://example.org/){: onclick="$JS" }',
    )
    + _attacks(
        "bib-doi",
        True,
        attr_list='10.1234/x){: onclick="$JS" }',
        quote_breakout='10.1234/x"><img src=$X onerror=$JS>',
    )
    + _attacks("bib-pmid", True, quote_breakout='1"><script>$JS</script>')
    + _attacks("bib-pmcid", True, quote_breakout='PMC1"><img src=$X onerror=$JS>')
    + _attacks("bib-eprint", True, quote_breakout='1"><script>$JS</script>')
    + _attacks("bib-note", False, script="<script>$JS</script>")
    + _attacks("bib-publisher", False, img="<img src=$X onerror=$JS>")
    + _attacks("bib-booktitle", False, markdown_link="[x](javascript:$JS)")
    + _attacks("bib-howpublished", False, script="<script>$JS</script>")
    + _attacks("bib-organization", False, img="<img src=$X onerror=$JS>")
    + _attacks("bib-institution", False, script="<script>$JS</script>")
)


def marker(number: int) -> str:
    """The global a payload sets when it runs (no ``_``: LaTeX would read it)."""
    return f"PWN{number}"


def numbered(attacks: tuple[Attack, ...] = CATALOGUE) -> dict[int, Attack]:
    """Each attack with its number (its marker), fixed by its place in the catalogue."""
    return {CATALOGUE.index(attack) + 1: attack for attack in attacks}


def payload(number: int, attack: Attack) -> str:
    """The attack's text with its marker, and an image URL that exists nowhere but is no broken
    link to MkDocs (a broken link would stop the whole build)."""
    text = attack.payload.replace("$X", "https://example.org/x.png")
    return text.replace("$JS", f"window.{marker(number)}=1")


# --- writing a project ------------------------------------------------------------------------

FIRST_WEDNESDAY = dt.date(2015, 1, 7)


@dataclass
class Location:
    """Where an attack's payload was written: a project-relative path and its lines."""

    path: str
    first: int
    last: int


@dataclass
class CatalogueProject:
    root: Path
    as_of: dt.date
    #: Each attack's pearl date (its email's Wednesday), by attack number.
    dates: dict[int, dt.date] = field(default_factory=dict)
    locations: dict[int, Location] = field(default_factory=dict)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON is YAML)."""
    return json.dumps(text)


class _Lines:
    """A file being written line by line, telling the lines each part took."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: list[str] = []

    def add(self, text: str) -> Location:
        first = len(self.lines) + 1
        self.lines += text.split("\n")
        return Location(self.path, first, len(self.lines))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


_ALGORITHM = """\
title: {title}
nodes:
  - id: start
    kind: state
    text: {text}
    next: choice
  - id: choice
    kind: decision
    text: Which way?
    branches:
      - label: {label}
        to: done
      - label: "No"
        to: elsewhere
  - id: done
    kind: action
    text: Done
    note: {note}
  - id: elsewhere
    kind: link
    text: See the base pearl
    pearl: {link}"""

_BIB_TYPES = {
    "bib-publisher": "book",
    "bib-booktitle": "incollection",
    "bib-howpublished": "misc",
    "bib-organization": "online",
    "bib-institution": "techreport",
}


#: The algorithm fields of an attack pearl (and the base pearl) but for the one attacked.
BENIGN = {"title": "A", "text": "Start", "label": "Yes", "note": "N", "link": "attack-0"}


def _algorithm(values: dict[str, str]) -> str:
    return _ALGORITHM.format(**{key: _q(value) for key, value in values.items()})


def write_catalogue(root: Path, attacks: dict[int, Attack]) -> CatalogueProject:
    """The example project's templates and settings with content made of ``attacks`` only: a
    base pearl, then one pearl per attack (35 days apart, so each has its own month)."""
    copy_example_project(root)
    content = root / "content"
    for name in ("pearls", "topics.yml", "newsletter.yml"):
        target = content / name
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    (content / "pearls").mkdir()
    topics = _Lines("content/topics.yml")
    topics.add("base:\n  name: Base\n  description: The base topic.")
    newsletter = _Lines("content/newsletter.yml")
    newsletter.add("# months")
    bib = _Lines("references.bib")
    bib.add("@article{base,\n  author = {Base, A.},\n  title = {Base},\n  journal = {J},\n"
            "  year = {2014},\n}")  # fmt: skip
    project = CatalogueProject(root, FIRST_WEDNESDAY, {0: FIRST_WEDNESDAY})
    _write_pearl(content, 0, FIRST_WEDNESDAY, {}, "The base pearl.", _algorithm(BENIGN))
    for number, attack in attacks.items():
        date = FIRST_WEDNESDAY + dt.timedelta(days=35 * number)
        project.dates[number] = date
        project.as_of = max(project.as_of, date)
        text = payload(number, attack)
        place = attack.place
        front: dict[str, str] = {}
        body = f"The pearl of attack {number}."
        algorithm = None
        where = None
        if place == "body":
            body += "\n\n" + text
            where = "body"
        elif place in ("title", "summary", "doi", "slug"):
            front[place] = _q(text)
            where = place
        elif place == "evidence-basis":
            front["evidence"] = f"{{level: B, basis: {_q(text)}}}"
            where = place
        elif place in ("authors", "reviewers", "topics"):
            front[place] = f"[{_q(text)}]"
            where = place
        elif place == "topic-slug":
            front["topics"] = f"[{_q(text)}]"
            project.locations[number] = topics.add(f"{_q(text)}:\n  name: T\n  description: D")
        elif place.startswith("topic-"):
            slug = f"topic-{number}"
            front["topics"] = f"[{slug}]"
            values = {"name": "T", "description": "D", place.removeprefix("topic-"): text}
            project.locations[number] = topics.add(
                f"{slug}:\n  name: {_q(values['name'])}\n  description: {_q(values['description'])}"
            )
        elif place.startswith("newsletter-"):
            values = {"title": "V", "url": "https://example.org/v", place.split("-")[1]: text}
            project.locations[number] = newsletter.add(
                f"{date:%Y-%m}:\n  video:\n"
                + "".join(f"    {key}: {_q(value)}\n" for key, value in values.items())
                + f"  podcast:\n    title: {_q(values['title'])}\n    url: {_q(values['url'])}"
            )
        elif place.startswith("page"):
            page = _Lines(f"content/pages/attack-{number}.md")
            title = _q(text) if place == "page-title" else '"A page"'
            located = page.add(f"---\ntitle: {title}\n---\n")
            if place == "page-field":
                page.lines[2:2] = text.split("\n")
                located = Location(page.path, 3, 2 + text.count("\n") + 1)
            if place == "page":
                located = page.add(f"# A page\n\n{text}")
            project.locations[number] = located
            (root / page.path).write_text(page.text())
        elif place.startswith("algorithm-"):
            values = BENIGN | {place.removeprefix("algorithm-"): text}
            algorithm = _algorithm(values)
            where = place
        elif place.startswith("bib-"):
            name = place.removeprefix("bib-")
            fields = {"author": "Doe, J.", "title": "T", "journal": "J", "year": "2014"}
            if name == "eprint":
                fields["eprinttype"] = "pubmed"
            fields[name] = text
            located = bib.add(
                f"@{_BIB_TYPES.get(place, 'article')}{{attack{number},\n"
                + "".join(f"  {key} = {{{value}}},\n" for key, value in fields.items())
                + "}"
            )
            project.locations[number] = located
            body += f" [@attack{number}]"
        path = _write_pearl(content, number, date, front, body, algorithm)
        if where is not None:
            project.locations[number] = _locate(root, path, where, text)
    (content / "topics.yml").write_text(topics.text())
    (content / "newsletter.yml").write_text(newsletter.text())
    (root / "references.bib").write_text(bib.text())
    return project


def _write_pearl(
    content: Path,
    number: int,
    date: dt.date,
    front: dict[str, str],
    body: str,
    algorithm: str | None,
) -> Path:
    fields = {
        "title": f'"Attack {number}"',
        "date": date.isoformat(),
        "authors": "[A. Author]",
        "topics": "[base]",
        "summary": f'"The summary of attack {number}."',
        **front,
    }
    text = "---\n" + "".join(f"{key}: {value}\n" for key, value in fields.items()) + "---\n\n"
    text += body + "\n"
    if algorithm is not None:
        text += f"\n```algorithm\n{algorithm}\n```\n"
    path = content / "pearls" / f"{date.isoformat()}-attack-{number}.md"
    path.write_text(text)
    return path


def _locate(root: Path, path: Path, where: str, text: str) -> Location:
    """The lines of ``path`` holding the payload: the body lines, or the field's one line."""
    lines = path.read_text().split("\n")
    relative = path.relative_to(root).as_posix()
    if where == "body":
        first = lines.index(text.split("\n")[0]) + 1
        return Location(relative, first, first + text.count("\n"))
    line = next(index for index, line in enumerate(lines, 1) if _q(text) in line)
    return Location(relative, line, line)


# --- building it, the check bypassed -----------------------------------------------------------


@dataclass
class Published:
    """A catalogue's sites and emails (all under ``folder``), and the outputs refused."""

    project: CatalogueProject
    folder: Path
    #: The sites built: together they show every attack whose site was not refused.
    sites: list[Path]
    #: Why an attack's site or email was not made (safe: nothing published), by attack number.
    refused: dict[int, str]
    #: Attacks whose site was refused with others' (safe, but not shown alone): see
    #: :data:`MAX_BUILDS`.
    together: dict[int, str] = field(default_factory=dict)


#: Site builds one catalogue may take (each takes one to three seconds); ``PEARLS_ATTACKS_ALONE=1``
#: (``make attacks``) lifts the limit and builds each attack the check reports in a site of its
#: own.
MAX_BUILDS = 12


def publish(tmp: Path, attacks: dict[int, Attack], alone: bool | None = None) -> Published:
    """Write ``attacks`` into a project, then build its sites into ``out/site-*`` and every
    pearl's email into ``out/email/``, calling the builder and the exporter directly with the
    check's findings dropped (the output guarantee alone).

    A site build stops at the first thing it refuses (content the sanitiser would change, a
    link MkDocs' strict mode cannot resolve), so one build cannot show every attack. The
    attacks the check reports are built together (``alone``: each in a site of its own), the
    rest together. A build that refuses sets aside the attacks its messages name (a refusal
    publishes nothing: safe) and builds the others again; one that names none is split in two.
    Past :data:`MAX_BUILDS` (unless ``alone``), a group still refused is recorded as refused
    together.
    """
    if alone is None:
        alone = bool(os.environ.get("PEARLS_ATTACKS_ALONE"))
    project = write_catalogue(tmp / "project", attacks)
    out = tmp / "out"
    published = Published(project, out, [], _export_emails(project, out / "email"))
    reported = _reported(project)
    groups = [{n: a for n, a in attacks.items() if n not in reported}]
    if alone:
        groups += [{n: attacks[n]} for n in sorted(reported)]
    else:
        groups.append({n: attacks[n] for n in sorted(reported)})
    builds = 0
    while groups:
        group = groups.pop(0)
        if not group and (published.sites or groups):
            continue
        builds += 1
        root = project.root if group == attacks else tmp / f"project-{builds}"
        if root != project.root:
            write_catalogue(root, group)
        site = out / f"site-{builds}"
        reason = _build_site(root, site, project.as_of)
        if reason is None:
            published.sites.append(site)
            continue
        assert group, "the site build refused with no attack in it:\n" + "\n".join(reason)
        if builds >= MAX_BUILDS and not alone:
            published.together.update((n, f"site: {reason[0]}") for n in group)
            continue
        blamed = {n: line for line in reason for n in _named(line) if n in group}
        if not blamed and len(group) == 1:
            blamed = {n: reason[0] for n in group}
        if blamed:
            published.refused.update((n, f"site: {line}") for n, line in blamed.items())
            groups.append({n: a for n, a in group.items() if n not in blamed})
        else:
            half = sorted(group)[: len(group) // 2]
            groups += [{n: group[n] for n in half}, {n: group[n] for n in group if n not in half}]
    return published


def _reported(project: CatalogueProject) -> set[int]:
    """The attacks `pearls check` reports an error for, at their lines."""
    from generator.project import load_project

    errors = {(d.path.resolve(), d.position.line) for d in load_project(project.root).report.errors}
    root = project.root.resolve()
    return {
        number
        for number, at in project.locations.items()
        if any((root / at.path, line) in errors for line in range(at.first, at.last + 1))
    }


def _named(line: str) -> set[int]:
    """The attacks a message names: by their marker, else by their pearl's or page's name."""
    markers = {int(n) for n in re.findall(r"PWN(\d+)", line)}
    return markers or {int(n) for n in re.findall(r"attack-(\d+)", line)}


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _build_site(root: Path, site: Path, as_of: dt.date) -> list[str] | None:
    """Build ``root``'s site; None when built, else the error and the warnings logged."""
    from generator.project import load_project
    from generator.site.hooks import Request
    from generator.site.publish import build_site

    loaded = load_project(root)
    loaded.report.diagnostics.clear()
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        build_site(Request(loaded, as_of=as_of), site)
    except Exception as exc:
        return [f"{type(exc).__name__}: {exc}", *collect.lines]
    finally:
        logger.removeHandler(collect)
    return None


def _export_emails(project: CatalogueProject, out: Path) -> dict[int, str]:
    """Every attack pearl's email in ``out``; what the exporter refused, by attack number."""
    from generator.newsletter import (
        NothingToSend,
        export_edition,
        load_monthly_features,
        month_key,
        pearl_for,
        prepare_edition,
    )
    from generator.newsletter.features import MonthlyFeatures
    from generator.project import load_project

    loaded = load_project(project.root)
    loaded.report.diagnostics.clear()
    features, _ = load_monthly_features(loaded.settings.newsletter_path)
    refused = {}
    for number, date in sorted(project.dates.items()):
        try:
            pearl = pearl_for(loaded.pearls, date)
            edition = prepare_edition(
                loaded, pearl, features.get(month_key(date), MonthlyFeatures())
            )
            export_edition(edition, out)
        except NothingToSend:
            continue
        except Exception as exc:
            refused[number] = f"email: {type(exc).__name__}: {exc}"
    return refused


# --- judging the output -------------------------------------------------------------------------

#: Elements content may never publish.
FORBIDDEN_ELEMENTS = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "portal"}
)
#: Attributes a browser follows, loads or submits to (text attributes such as ``title`` or
#: ``alt`` may show a plain-text field that reads ``javascript:``, harmlessly).
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background",
     "cite", "ping", "codebase", "manifest", "icon", "lowsrc", "dynsrc", "longdesc", "itemid",
     "archive", "classid", "profile", "usemap"}
)  # fmt: skip
#: A URL a browser would run or render as a document.
_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data:text|data:application|data:image/svg)")
#: What browsers drop from a URL before reading its scheme: tabs and newlines anywhere,
#: C0 controls and spaces at either end.
_URL_NOISE = re.compile(r"[\t\n\r]")
#: Markup as HTML reads it in text (mkdocs-material writes a title as HTML: content.tooltips).
_MARKUP = re.compile(r"<[A-Za-z/!?]")
_CSS_LOADS = re.compile(r"url\s*\(|expression\s*\(|@import|javascript:", re.I)


@dataclass(frozen=True)
class Violation:
    """Something in a published file that must not be there."""

    file: str
    what: str
    snippet: str

    def __str__(self) -> str:
        return f"{self.file}: {self.what}: {self.snippet[:200]!r}"


def bad_url(value: str) -> bool:
    """Whether a browser would read ``value`` (entities already decoded) as a script or an
    HTML document URL."""
    url = _URL_NOISE.sub("", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
                                         "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19"
                                         "\x1a\x1b\x1c\x1d\x1e\x1f ")  # fmt: skip
    return bool(_BAD_SCHEME.match(url.lower()))


def theme_scripts(text: str) -> str:
    """The signature of a script, style or form (its text, src or start tag) without what
    differs between pages (the relative path back to the site's root): to compare with a build
    that has no payload."""
    return re.sub(r"[./\s]", "", text)


#: What :class:`_Judge` reads a schema.org ``<script type="application/ld+json">`` block as.
JSON_LD = "script type=application/ld+json"


class _Judge(HTMLParser):
    """Reads one HTML document or fragment and notes every violation."""

    def __init__(self, file: str, theme: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.file = file
        self.theme = theme
        self.found: list[Violation] = []
        self._open: tuple[str, str] | None = None  # a script or style being read: (tag, text)
        self.scripts: set[str] = set()

    def note(self, what: str, snippet: str) -> None:
        self.found.append(Violation(self.file, what, snippet))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        shown = f"<{tag} " + " ".join(f'{k}="{v}"' for k, v in attrs) + ">"
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.note(f"event-handler attribute {name}", shown)
            elif name == "srcset":
                if any(bad_url(part.strip().split(" ")[0]) for part in value.split(",")):
                    self.note("script URL in srcset", shown)
            elif name in URL_ATTRIBUTES and bad_url(value):
                self.note(f"script URL in {name}", shown)
            elif name == "style" and _CSS_LOADS.search(value):
                self.note("style that loads a URL", shown)
            elif name == "srcdoc":
                self.note("srcdoc", shown)
            elif name == "title" and _MARKUP.search(value):
                self.note("markup in a title (the theme's tooltip writes it as HTML)", shown)
            elif name == "class" and "mermaid" in value.split():
                self.note("class mermaid (the theme loads a script from unpkg.com)", shown)
        if tag in FORBIDDEN_ELEMENTS:
            self.record(tag, shown, shown)
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.note("meta refresh", shown)
        if tag in ("script", "style"):
            src = values.get("src")
            if src is not None:
                self.record(tag, "src:" + src, shown)
            elif tag == "script" and values.get("type") == "application/ld+json":
                self._open = (JSON_LD, "")  # data, which runs nothing: it must parse as JSON
            else:
                self._open = (tag, "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open = (self._open[0], self._open[1] + data)

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and self._open[0] == JSON_LD and tag == "script":
            try:
                json.loads(self._open[1])
            except ValueError:
                self.note("JSON-LD that is not JSON (a field ended the script)", self._open[1])
            self._open = None
        elif self._open is not None and tag == self._open[0]:
            self.record(tag, self._open[1], f"<{tag}>{self._open[1]}</{tag}>")
            self._open = None

    def record(self, tag: str, text: str, shown: str) -> None:
        key = theme_scripts(text)
        self.scripts.add(key)
        if key not in self.theme:
            self.note(f"<{tag}> that is not the theme's", shown)

    # A theme's own script, style or form is known by its text (or its start tag) in a build
    # without payloads.

    def close(self) -> None:
        super().close()
        if self._open is not None:
            self.record(self._open[0], self._open[1], f"<{self._open[0]}>{self._open[1]}")


def judge_html(text: str, file: str, theme: frozenset[str]) -> list[Violation]:
    reader = _Judge(file, theme)
    reader.feed(text)
    reader.close()
    return reader.found


def judge_xml(text: str, file: str, theme: frozenset[str]) -> list[Violation]:
    """feed.xml (Atom) and sitemap.xml: every URL-bearing attribute or text; every element
    whose text a reader shows as HTML (Atom ``type="html"``) judged as HTML, every inline
    XHTML element as an HTML element (plain-text elements are text, whatever they hold)."""
    found = []
    for element in ET.fromstring(text).iter():
        tag = element.tag.rsplit("}", 1)[-1]
        body = element.text or ""
        if element.tag.startswith("{http://www.w3.org/1999/xhtml}"):
            attributes = [(name.rsplit("}", 1)[-1], value) for name, value in element.items()]
            found += judge_html(_start_tag(tag, attributes), f"{file} xhtml", theme)
        for name, value in element.attrib.items():
            if name.rsplit("}", 1)[-1] in URL_ATTRIBUTES and bad_url(value):
                found.append(Violation(file, f"script URL in <{tag} {name}>", value))
        if tag in ("link", "loc", "id", "uri", "url", "icon", "logo") and bad_url(body):
            found.append(Violation(file, f"script URL in <{tag}>", body))
        if element.get("type") == "html":
            found += judge_html(body, f"{file} <{tag}>", theme)
    return found


def _start_tag(tag: str, attributes: list[tuple[str, str]]) -> str:
    return f"<{tag} " + " ".join(f'{k}="{html.escape(v)}"' for k, v in attributes) + ">"


def judge_search_index(text: str, file: str, theme: frozenset[str]) -> list[Violation]:
    """Material renders each entry's title and text as HTML in its search results."""
    found = []
    for doc in json.loads(text).get("docs", []):
        if bad_url(doc.get("location", "")):
            found.append(Violation(file, "script URL as a location", doc["location"]))
        for key in ("title", "text"):
            found += judge_html(doc.get(key, ""), f"{file} {doc.get('location')} {key}", theme)
        for tag in doc.get("tags", []):  # shown as HTML too, under the result
            found += judge_html(tag, f"{file} {doc.get('location')} tags", theme)
    return found


def judge_eml(data: bytes, file: str, theme: frozenset[str]) -> list[Violation]:
    """The message's headers are its own (no header a field injected) and its HTML is clean."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    found = []
    for name, value in message.items():
        if name.lower() not in _HEADERS or "PWN" in name.upper():
            found.append(Violation(file, f"unexpected header {name}", str(value)))
    for part in message.walk():
        if part.get_content_type() == "text/html":
            found += judge_html(part.get_content(), f"{file} text/html", theme)
    return found


_HEADERS = frozenset(
    {"from", "to", "reply-to", "subject", "date", "message-id", "mime-version", "content-type",
     "content-transfer-encoding", "list-unsubscribe", "list-unsubscribe-post", "x-pearl"}
)  # fmt: skip


def judge_text(text: str, file: str) -> list[Violation]:
    """The plain-text email: a link it lists (``[1] URL``) is never a script URL."""
    found = []
    for line in text.splitlines():
        match = re.match(r"\s*\[\d+\]\s+(\S.*)$", line)
        if match and bad_url(html.unescape(match.group(1))):
            found.append(Violation(file, "script URL in the link list", line))
    return found


def judge(folder: Path, theme: frozenset[str]) -> list[Violation]:
    """Every violation in every published file under ``folder``."""
    found: list[Violation] = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(folder).as_posix()
        if "/assets/" in name or path.suffix in (".png", ".gz", ".js", ".css"):
            continue
        if path.suffix in (".html", ".svg"):
            found += judge_html(path.read_text(), name, theme)
        elif path.suffix == ".xml":
            found += judge_xml(path.read_text(), name, theme)
        elif path.name == "search_index.json":
            found += judge_search_index(path.read_text(), name, theme)
        elif path.suffix == ".eml":
            found += judge_eml(path.read_bytes(), name, theme)
        elif path.suffix == ".txt":
            found += judge_text(path.read_text(), name)
    return found


def theme_of(site: Path) -> frozenset[str]:
    """Every script and style a payload-free build publishes (see :func:`theme_scripts`)."""
    scripts: set[str] = set()
    for path in site.rglob("*.html"):
        reader = _Judge(path.name, frozenset())
        reader.feed(path.read_text())
        reader.close()
        scripts |= reader.scripts
    return frozenset(scripts)


def culprits(violations: list[Violation], attacks: dict[int, Attack]) -> dict[str, list[str]]:
    """Violations by the attack whose marker they carry (``?`` when none does)."""
    by_attack: dict[str, list[str]] = {}
    for violation in violations:
        numbers = {int(n) for n in re.findall(r"PWN(\d+)", violation.snippet)} or {
            int(n) for n in re.findall(r"attack-(\d+)/", violation.file)
        }
        names = [attacks[n].name if n in attacks else f"#{n}" for n in sorted(numbers)] or ["?"]
        for name in names:
            by_attack.setdefault(name, []).append(str(violation))
    return by_attack
