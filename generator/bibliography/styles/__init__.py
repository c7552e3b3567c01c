"""Reference styles as pybtex formatting plugins: ``ama`` (default) and ``short``.

Each style is a :class:`~generator.bibliography.styles.base.ReferenceStyle` with one
``get_<kind>_template`` per AMA kind (article, book, chapter, webpage, report, generic), built
from pybtex's template language and the nodes in :mod:`~generator.bibliography.styles.base`.
It is found by name through the ``pybtex.style.formatting`` entry points in ``pyproject.toml``;
a new style (e.g. Vancouver) is a new module here, one entry-point line, and its name added to
:data:`generator.bibliography.STYLES`.
"""
