"""The file ``mkdocs.yml`` names under ``hooks:``; the hooks themselves are in :mod:`.hooks`.

MkDocs loads this file by path, as a module of its own; importing from the package keeps one copy
of the hooks' state, shared with `pearls build` and `pearls serve`.
"""

from generator.site.hooks import (
    on_build_error,
    on_config,
    on_page_content,
    on_page_markdown,
    on_post_build,
    on_post_page,
    on_post_template,
    on_serve,
    on_startup,
)

__all__ = [
    "on_build_error",
    "on_config",
    "on_page_content",
    "on_page_markdown",
    "on_post_build",
    "on_post_page",
    "on_post_template",
    "on_serve",
    "on_startup",
]
