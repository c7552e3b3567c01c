"""The Wednesday newsletter: one pearl as HTML, plain text and a complete MIME message.

Stages, in the order data flows: :mod:`~generator.newsletter.edition` picks the Wednesday's pearl
and resolves it (citations numbered, flowchart drawn, links absolute), with the month's video and
podcast from :mod:`~generator.newsletter.features`; :mod:`~generator.newsletter.render` fills the
templates in ``templates/email/``; :mod:`~generator.newsletter.message` assembles the ``.eml``;
:mod:`~generator.newsletter.export` writes the files.
"""

from generator.newsletter.edition import Edition, NothingToSend, pearl_for, prepare_edition
from generator.newsletter.export import Export, export_edition
from generator.newsletter.features import load_monthly_features, month_key

__all__ = [
    "Edition",
    "Export",
    "NothingToSend",
    "export_edition",
    "load_monthly_features",
    "month_key",
    "pearl_for",
    "prepare_edition",
]
