"""A small valid project for tests to copy and break: topics, two references, one pearl."""

from __future__ import annotations

from pathlib import Path

IGNACIO = """\
@article{ignacio2018,
  author = {Ignacio, Jose Manuel F. and Ignacio, Karen Hope D.},
  title = {Pulmonary embolism from cement augmentation of the vertebral body},
  journal = {Asian Spine J},
  year = {2018},
  volume = {12},
  number = {2},
  pages = {380--387},
  doi = {10.4184/asj.2018.12.2.380},
}
"""

BIB = (
    IGNACIO
    + """
@article{partial2019,
  journal = {Respir Med Case Rep},
  year = {2019},
  volume = {28},
  pages = {100887},
}
"""
)

TOPICS = """\
pulmonary-embolism:
  name: Pulmonary embolism
  description: Emboli in the pulmonary arteries.
neurology:
  name: Neurology
  description: Neurological emergencies.
"""

GOOD = """\
---
title: A good pearl
date: 2021-02-17
authors: [A. Author]
topics: [pulmonary-embolism]
summary: A short summary.
---

Cement can embolize [@ignacio2018; @partial2019].
"""


#: The site's settings: the least a project builds with (the pearls plugin generates the site).
MKDOCS = "site_name: Test\nsite_url: https://example.org/\nplugins: [search, pearls]\n"


def write_project(root: Path) -> Path:
    """Write the sample project into ``root`` and return ``root``."""
    (root / "mkdocs.yml").write_text(MKDOCS)
    (root / "references.bib").write_text(BIB)
    (root / "content" / "pearls").mkdir(parents=True)
    (root / "content" / "topics.yml").write_text(TOPICS)
    (root / "content" / "pearls" / "2021-02-17-good.md").write_text(GOOD)
    return root
