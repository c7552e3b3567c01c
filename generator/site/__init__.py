"""The site: which pages exist (home, pearls, archive, topics, algorithms, references, feed),
rendered from ``templates/site/`` into a docs folder that MkDocs builds.

Data flows one way: :class:`~generator.project.Project` → :class:`.model.SiteModel` (what is
visible on a date) → :mod:`.resolve` (numbered citations, flowcharts) → :mod:`.generate` (pages
from templates) → :mod:`.writer` (files) → MkDocs, hooked in by :mod:`.hooks` through the plugin
in :mod:`.plugin`.
"""

from generator.site.generate import generate_site
from generator.site.model import SiteModel, SiteOptions, SitePearl

__all__ = ["SiteModel", "SiteOptions", "SitePearl", "generate_site"]
