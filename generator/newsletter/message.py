"""The complete MIME message (``.eml``), reproducible byte for byte.

``multipart/alternative``: ``text/plain``, then ``multipart/related`` holding the HTML and the
flowchart PNG it shows through ``cid:``. Date, Message-ID and MIME boundaries derive from the
pearl, so two exports of the same sources are identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from urllib.parse import urlsplit

from generator.content.fields import reads_as_written
from generator.errors import ContentError
from generator.newsletter.edition import Edition
from generator.sanitize import BIDI

#: The Date header: the publication Wednesday at this time (early, before readers' mornings).
SEND_TIME = dt.time(6, 0, tzinfo=dt.UTC)
FLOWCHART_FILENAME = "flowchart.png"


class HeaderError(ContentError):
    """A header the message cannot carry as written; the text says which and where."""


class SubjectTemplateError(HeaderError):
    """The pearls plugin's ``email.subject`` in mkdocs.yml names a field that does not exist."""


def message_domain(edition: Edition) -> str:
    """The domain Message-ID and Content-ID use: the site's host."""
    return urlsplit(edition.settings.site_url).hostname or "localhost"


def flowchart_cid(edition: Edition) -> str:
    """The Content-ID of the flowchart image (without angle brackets)."""
    return f"flowchart.{edition.pearl.slug}.{edition.date:%Y%m%d}@{message_domain(edition)}"


def subject(edition: Edition) -> str:
    """The Subject line from the configured template (``{title}``, ``{date}``, ``{site_name}``),
    without a bidirectional control (``pearls check``: SEC031)."""
    template = edition.settings.email.subject
    try:
        return BIDI.sub("", template.format(
            title=edition.pearl.title, date=edition.date, site_name=edition.settings.site_name
        ))
    except (KeyError, IndexError, ValueError) as exc:
        raise SubjectTemplateError(
            f"email subject '{template}' in mkdocs.yml: unknown field {exc}; "
            "use {title}, {date} or {site_name}"
        ) from None


def build_message(edition: Edition, html: str, text: str) -> EmailMessage:
    """The message: HTML with the flowchart as ``cid:``, plus the text part."""
    email = edition.settings.email
    message_id = f"pearl.{edition.pearl.slug}.{edition.date:%Y%m%d}@{message_domain(edition)}"
    headers = {
        "From": email.sender,
        "Reply-To": email.reply_to,
        "Subject": subject(edition),
        "Date": format_datetime(dt.datetime.combine(edition.date, SEND_TIME)),
        "Message-ID": f"<{message_id}>",
        "List-Unsubscribe": f"<{email.unsubscribe_url}>" if email.unsubscribe_url else None,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" if email.unsubscribe_url else None,
    }
    message = EmailMessage(policy=SMTP)
    for name, value in headers.items():
        if value is None:
            continue
        if not reads_as_written(name, value):  # a line break would start a header (Bcc:)
            raise HeaderError(
                f"the e-mail's {name} header would hold a line break, a control character or an "
                f"encoded word ({value!r}); write the title in {edition.pearl.path.name} and the "
                "email settings in mkdocs.yml on one line, as plain text"
            )
        message[name] = value
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    if edition.flowchart is not None:
        html_part = message.get_payload()[1]
        html_part.add_related(
            edition.flowchart.png,
            maintype="image",
            subtype="png",
            cid=f"<{flowchart_cid(edition)}>",
            disposition="inline",
            filename=FLOWCHART_FILENAME,
        )
    _fix_boundaries(message, hashlib.sha256(html.encode() + text.encode()).hexdigest()[:24])
    return message


def _fix_boundaries(message: EmailMessage, seed: str) -> None:
    """Give every multipart a boundary derived from the content instead of a random one."""
    for index, part in enumerate(message.walk()):
        if part.is_multipart():
            part.set_boundary(f"=_pearl_{seed}_{index}")
