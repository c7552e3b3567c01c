"""The project bibliography: loading ``references.bib`` and formatting references.

See :mod:`generator.bibliography.loader` for the diagnostics table and
:mod:`generator.bibliography.styles` for the styles.
"""

from generator.bibliography.loader import Bibliography, Reference, load_bibliography
from generator.bibliography.render import (
    DEFAULT_STYLE,
    STYLES,
    FormattedReference,
    format_reference,
)

__all__ = [
    "DEFAULT_STYLE",
    "STYLES",
    "Bibliography",
    "FormattedReference",
    "Reference",
    "format_reference",
    "load_bibliography",
]
