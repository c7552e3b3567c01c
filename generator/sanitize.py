"""The one allow-list every HTML fragment made from content passes before it is published.

Content (pearl bodies after Markdown, content pages, formatted references, feed entries, the
email) is untrusted: a guest author or a pasted .bib may carry script. Whatever it becomes is
cleaned here by nh3 (ammonia, an HTML5 parser), after Markdown, so no difference between how the
check reads the source and how Markdown or a browser reads it can matter. Template-made markup
(the flowchart SVG, the theme) is trusted and never passes through this module.

Content also loses its control and bidirectional characters (:data:`UNPRINTABLE`), and may not
take the site's own classes (:data:`CONTENT`).

:meth:`Policy.removals` tells what cleaning changed, computed from nh3's own output, so the
check (`pearls check`) reports exactly what the build would remove.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from html.entities import html5
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

#: Text the site generator writes where a template-made fragment goes
#: (:mod:`generator.site.trusted`); content may not hold it (``pearls check``: SEC006).
PLACEHOLDER_PREFIX = "pearls-trusted-fragment-"
#: Link and image schemes a reader may follow; relative and fragment URLs are kept as well.
URL_SCHEMES = frozenset({"http", "https", "mailto"})
#: Attributes holding a URL.
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
#: Elements removed together with everything inside them.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript",
     "textarea", "title", "xmp", "noembed", "noframes", "plaintext", "select"}
)  # fmt: skip
#: Elements an HTML5 parser adds around others (``<tbody>`` in a table): never a change.
_IMPLIED = frozenset({"tbody", "html", "head", "body"})
#: Control characters but tab and line breaks (C0, DEL and C1: XML 1.0 cannot hold C0 even as a
#: reference, HTML reads each as a parse error; ESC starts a terminal's escape sequence) and
#: U+FFFE/U+FFFF (no XML character).
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff"
_BIDI = "\u202a-\u202e\u2066-\u2069"
#: Bidirectional embeddings, overrides and isolates: one in a field or a body reorders the text
#: shown after it ("Trojan Source"), so a reader sees what the source does not say.
BIDI = re.compile(f"[{_BIDI}]")
#: What no published file holds: cleaning (:meth:`Policy.clean`), the templates
#: (:func:`generator.templates.environment`) and the site's pages (:mod:`generator.site.hooks`)
#: leave each out, and ``pearls check`` reports it (SEC022, SEC031): one in a field would leave
#: feed.xml not well-formed and the flowchart no image.
UNPRINTABLE = re.compile(f"[{_CONTROL}{_BIDI}]")
#: Markup as an HTML parser reads it in text: ``<`` opening a tag, an end tag, a comment or a
#: processing instruction (any other ``<``, as in ``a < b``, is text). mkdocs-material shows an
#: element's ``title`` as its tooltip by writing it into the page as HTML (``innerHTML``), so a
#: title holding markup would be markup on the page.
_MARKUP = re.compile(r"<[A-Za-z/!?]")
#: Classes mkdocs-material's script answers by loading a script from another site: a
#: ``<pre class="mermaid">`` makes it fetch mermaid from unpkg.com and run the block through it.
SCRIPTED_CLASSES = frozenset({"mermaid"})
#: Classes of the site's own script and style (``pearl-cite``: a "Copy citation" button;
#: ``pearl-figure__start``: where the page scrolls) and mkdocs-material's (``md-annotation``,
#: ``md-dialog``): only the generator's fragments may use them (:data:`CONTENT`, SEC030). Content
#: may write mkdocs-material's buttons (``{ .md-button }``), which only style a link.
SITE_CLASS = re.compile(r"pearls?-|md-(?!button(?:--primary)?$)", re.IGNORECASE)
#: Ids the theme's own controls use (``__drawer``, ``__search``): content may not take them.
_RESERVED_ID_PREFIX = "__"

_SITE_TAGS = frozenset(
    {"a", "abbr", "article", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
     "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2",
     "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre",
     "q", "s", "samp", "section", "small", "span", "strong", "sub", "summary", "sup", "table",
     "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr"}
)  # fmt: skip
#: ``data-search-exclude`` keeps a block out of the search index (the search plugin reads it and
#: takes it off the page); it carries no URL, style or script.
_GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "data-search-exclude"})
_SITE_ATTRIBUTES = {
    "*": _GLOBAL_ATTRIBUTES,
    "a": frozenset({"href", "aria-label", "download"}),  # download: a same-origin file, saved
    "nav": frozenset({"aria-label"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
    "td": frozenset({"colspan", "rowspan", "align", "style"}),
    "th": frozenset({"colspan", "rowspan", "align", "style", "scope"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "details": frozenset({"open"}),
    "time": frozenset({"datetime"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
}
#: ``style`` only where Markdown's tables put it, and only for alignment (never a URL).
_STYLE_PROPERTIES = frozenset({"text-align"})

#: What an email may carry: the site's markup less images (the flowchart is the email's one
#: figure), the site's sectioning (cards, pager) and ids (mail clients rewrite or drop them).
_EMAIL_TAGS = _SITE_TAGS - {
    "img", "figure", "figcaption", "details", "summary", "h1", "article", "nav", "section"
}  # fmt: skip


def followable(url: str) -> bool:
    """Whether ``url`` is relative or has one of :data:`URL_SCHEMES`, read as strictly as
    anything may read it: with every kind of space around it taken away (nh3 keeps
    ``"\xa0javascript:…"`` as a relative link; Python's ``strip`` and ``urljoin`` make it
    ``javascript:…`` again)."""
    try:
        scheme = urlsplit(url.strip()).scheme
    except ValueError:  # such as an unclosed IPv6 address: no link a reader could follow
        return False
    return not scheme or scheme.lower() in URL_SCHEMES


@dataclass(frozen=True)
class Removal:
    """One thing cleaning took out of a fragment: an element, an attribute or a link."""

    tag: str
    #: The attribute's name; empty when the whole element went.
    attribute: str = ""
    value: str = ""
    #: An element the cleaned fragment has and the source did not show (HTML read differently
    #: by a browser than it looks, such as a comment closed early by ``--!>``).
    unexpected: bool = False

    def describe(self) -> str:
        """What was removed, in an editor's words."""
        if self.unexpected:
            return f"<{self.tag}> appears only as a browser reads this HTML (malformed markup)"
        if not self.attribute:
            return f"<{self.tag}> is not allowed"
        if self.attribute.startswith("on"):
            return f"event-handler attribute '{self.attribute}' on <{self.tag}> is not allowed"
        if self.attribute == "title" and _MARKUP.search(self.value):
            return (
                f"title {self.value!r} on <{self.tag}> holds markup, which the site's tooltip "
                "would show as HTML"
            )
        if self.attribute == "class" and SCRIPTED_CLASSES.intersection(self.value.split()):
            return (
                f"class {self.value!r} on <{self.tag}> makes the theme load a script from "
                "another site"
            )
        if self.attribute == "class" and (reserved := site_classes(self.value)):
            return (
                f"class {' '.join(reserved)!r} on <{self.tag}> is the site's own: its script "
                "and style would treat this as the site's markup"
            )
        if self.attribute in URL_ATTRIBUTES and self.value:
            return f"link {self.value!r} in <{self.tag} {self.attribute}> is not allowed"
        return f"attribute '{self.attribute}' on <{self.tag}> is not allowed"


@dataclass(frozen=True)
class Policy:
    """An allow-list: which elements and attributes a published fragment may keep."""

    tags: frozenset[str]
    attributes: dict[str, frozenset[str]] = field(hash=False)
    #: Whether ``id`` is kept (as long as it does not take one of the theme's ids).
    ids: bool = True
    #: Which class names are kept (each name of a ``class``; the others are taken out of it).
    classes: Callable[[str], bool] = field(default=lambda name: True, hash=False)

    def clean(self, html: str, url_filter: Callable[[str], str] | None = None) -> str:
        """``html`` with only allowed markup left; ``url_filter`` may rewrite each kept URL
        (made absolute in the feed and the email)."""

        raised: list[BaseException] = []

        def keep(tag: str, attribute: str, value: str) -> str | None:
            try:
                if UNPRINTABLE.search(value):  # judged, and kept, as published
                    value = UNPRINTABLE.sub("", value)
                if attribute == "id" and (not self.ids or value.startswith(_RESERVED_ID_PREFIX)):
                    return None
                if attribute == "title" and _MARKUP.search(value):
                    return None
                if attribute == "class":
                    return self._kept_classes(value)
                if attribute in URL_ATTRIBUTES:
                    if not followable(value):
                        return None
                    if url_filter is not None and attribute in ("href", "src"):
                        value = url_filter(value)
                        return value if followable(value) else None
                return value
            except BaseException as exc:  # nh3 would print it and keep the attribute as it is
                raised.append(exc)
                return None

        cleaned = nh3.clean(
            html,
            tags=set(self.tags),
            clean_content_tags=set(DROPPED_WITH_CONTENT),
            attributes={tag: set(names) for tag, names in self.attributes.items()},
            attribute_filter=keep,
            strip_comments=True,
            link_rel=None,
            url_schemes=set(URL_SCHEMES),
            filter_style_properties=set(_STYLE_PROPERTIES),
        )
        if raised:  # Ctrl-C while cleaning, say: never a page cleaned in part
            raise raised[0]
        # Left out of text as well (the attributes' were above): where one stood, nh3 wrote
        # neither ``<`` nor a quote, so taking it out joins text to text only.
        return UNPRINTABLE.sub("", cleaned) if UNPRINTABLE.search(cleaned) else cleaned

    def _kept_classes(self, value: str) -> str | None:
        """A ``class`` as cleaning leaves it: none where one of its names makes the theme load
        a script; else only the names this policy keeps."""
        names = value.split()
        if SCRIPTED_CLASSES.intersection(names):
            return None
        kept = [name for name in names if self.classes(name)]
        if len(kept) == len(names):
            return value
        return " ".join(kept) or None

    def removals(self, html: str) -> list[Removal]:
        """Everything :meth:`clean` takes out of ``html`` (or that a browser would read into it
        unseen), in the order it appears."""
        return self.clean_and_compare(html)[1]

    def clean_and_compare(self, html: str) -> tuple[str, list[Removal]]:
        """:meth:`clean` and :meth:`removals` at the cost of one cleaning."""
        cleaned = self.clean(html)
        if cleaned == html or cleaned == _as_nh3_writes(html):
            # nh3's own output, but perhaps for how the same markup is written (a title's
            # punctuation as numeric references, ``&ndash;``, ``<br />``), which :func:`_removals`
            # would read alike on both sides: most pages end here.
            return cleaned, []
        return cleaned, _removals(html, cleaned)


#: A character reference, as HTML reads one in text and attribute values (named, decimal, hex).
_REFERENCE = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));")
#: Characters nh3 (html5ever's serialiser) writes as references; every other one as itself.
_WRITTEN_AS_REFERENCE = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\xa0": "&nbsp;"}
#: What Python-Markdown writes otherwise than nh3 writes it back: a start tag closed by ``/>``
#: (``<br />``) and a table column's alignment (``style="text-align: left;"``).
_SELF_CLOSED = re.compile(r'(<[a-z][a-z0-9]*(?:\s+[^\s=>]+="[^"<>]*")*)\s*/>')
_ALIGNED = re.compile(r' style="text-align: (left|right|center);"')


def _as_nh3_writes(html: str) -> str:
    """``html`` as nh3 writes the same markup back: each character reference as its character
    (``&``, ``<``, ``>`` and the no-break space as references), no ``/`` closing a start tag, a
    table column's alignment as ``text-align:left``.

    Each change leaves the HTML as it reads, where it applies (a reference in text or an
    attribute value; a tag's end). Anywhere else (a reference in a tag's name or a comment,
    ``&quot;`` in an attribute value, ``/>`` in text) it writes what nh3's output never holds, so
    the result differs from it: if it equals nh3's output of ``html``, cleaning removed nothing.
    """

    def written(match: re.Match[str]) -> str:
        if match[3] is not None:
            character = html5.get(match[3] + ";")
            if character is None:
                return match[0]
        else:
            code = int(match[1]) if match[1] is not None else int(match[2], 16)
            if not 0x20 <= code <= 0x10FFFF or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF:
                return match[0]  # a control character or a surrogate: left to the full reading
            character = chr(code)
        return _WRITTEN_AS_REFERENCE.get(character, character)

    if "&" in html:
        html = _REFERENCE.sub(written, html)
    if "/>" in html:
        html = _SELF_CLOSED.sub(r"\1>", html)
    if "text-align: " in html:
        html = _ALIGNED.sub(r' style="text-align:\1"', html)
    return html


def _removals(html: str, cleaned: str) -> list[Removal]:
    """What is in ``html`` (read by Python's parser) and not in ``cleaned``, nh3's output of it,
    and what is only in ``cleaned``."""
    # One page's elements at a time (the References page of a big site has ~40,000).
    after = _written_elements(cleaned)
    after_tags = Counter(tag for tag, _ in after)
    kept_attributes = Counter((tag, name, value) for tag, attrs in after for name, value in attrs)
    del after
    before = elements(html)
    missing_tags = Counter(tag for tag, _ in before) - after_tags
    found: list[Removal] = []
    for tag, attrs in before:
        if missing_tags[tag] > 0:
            missing_tags[tag] -= 1
            found.append(Removal(tag))
            continue
        for name, value in attrs:
            if kept_attributes[(tag, name, value)] > 0:
                kept_attributes[(tag, name, value)] -= 1
            else:
                found.append(Removal(tag, name, value))
    extra = after_tags - Counter(tag for tag, _ in before)
    found += [Removal(tag, unexpected=True) for tag in extra if tag not in _IMPLIED]
    return found


def site_classes(value: str) -> list[str]:
    """The names in ``value`` (a ``class``) that are the site's own (:data:`SITE_CLASS`)."""
    return [name for name in value.split() if SITE_CLASS.match(name)]


#: The generator's own pages, their fragments in (:mod:`generator.site.trusted`).
SITE = Policy(_SITE_TAGS, _SITE_ATTRIBUTES)
#: Content as Markdown made it, before the generator's fragments go in: the site's markup less
#: the site's own classes.
CONTENT = Policy(_SITE_TAGS, _SITE_ATTRIBUTES, classes=lambda name: not SITE_CLASS.match(name))
#: The email's body and references. Its stylesheet (inlined into each element that matches it)
#: styles content's admonitions only: any other class (``preheader``, hidden; ``button``)
#: would dress content as the email's own parts.
EMAIL = Policy(
    _EMAIL_TAGS,
    {tag: names for tag, names in _SITE_ATTRIBUTES.items() if tag in _EMAIL_TAGS or tag == "*"},
    ids=False,
    classes=frozenset({"admonition", "admonition-title"}).__contains__,
)


class _ElementReader(HTMLParser):
    """Start tags with their attributes (entities decoded), as Python's parser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = [(sys.intern(name), _normal(name, value or "")) for name, value in attrs]
        self.elements.append((sys.intern(tag), attributes))


def _normal(name: str, value: str) -> str:
    """``value`` as cleaning leaves it when it keeps it: without :data:`UNPRINTABLE`
    characters, and ``style`` as nh3 writes it back (``text-align:left``)."""
    if UNPRINTABLE.search(value):
        value = UNPRINTABLE.sub("", value)
    if name != "style":
        return value
    return ";".join(p.replace(" ", "") for p in value.split(";") if p.strip())


def elements(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    reader = _ElementReader()
    reader.feed(html)
    reader.close()
    return reader.elements


#: A start tag as nh3 (html5ever's serialiser) writes it: each attribute ``name="value"``, with
#: ``"`` in a value and ``<`` in text escaped, and no element whose content is raw text left.
_WRITTEN_TAG = re.compile(r'<([A-Za-z][^\s/>]*)((?:\s+[^\s=>]+="[^"]*")*)\s*/?>')
_WRITTEN_ATTRIBUTE = re.compile(r'([^\s=]+)="([^"]*)"')


def _written_elements(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """:func:`elements` of HTML nh3 wrote, read by pattern (exactly: see :data:`_WRITTEN_TAG`)
    in a third of the time."""
    elements = []
    for tag in _WRITTEN_TAG.finditer(html):
        attributes = []
        for name, value in _WRITTEN_ATTRIBUTE.findall(tag[2]):
            name = sys.intern(name.lower())
            attributes.append((name, _normal(name, unescape(value))))
        elements.append((sys.intern(tag[1].lower()), attributes))
    return elements

