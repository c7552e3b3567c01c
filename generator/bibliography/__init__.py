"""The project bibliography: loading ``references.bib`` and formatting references.

See :mod:`generator.bibliography.loader` for the diagnostics table and
:mod:`generator.bibliography.styles` for the styles.
"""

from generator.bibliography.loader import Bibliography, Reference, load_bibliography
from generator.bibliography.render import DEFAULT_STYLE, FormattedReference, format_reference
from generator.bibliography.styles import citation_style, style_names

__all__ = [
    "DEFAULT_STYLE",
    "Bibliography",
    "FormattedReference",
    "Reference",
    "citation_style",
    "format_reference",
    "load_bibliography",
    "style_names",
]
