"""What `pearls serve` shows while the content has errors.

MkDocs' serve answers requests only once a rebuild succeeds (after a failed one every request
waits), so a preview never fails on content errors; `pearls build` and `mkdocs build` still do.
The preview leaves out each file that has errors (a pearl, a hand-written page), puts a page
saying so where that file's page would be, and lists every error above every page: the one-line
diagnostic, then the source line with a caret under the column. Fixing the file rebuilds the
site, and the browser reloads by itself. When the pages cannot be generated at all (a broken
template, an unknown citation style), the preview serves one page naming the failure.
"""

from __future__ import annotations

import dataclasses
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator import templates
from generator.config import CONFIG_FILE
from generator.content.loader import name_slug
from generator.diagnostics import Diagnostic, display_path
from generator.errors import PearlsError
from generator.project import Project
from generator.site import urls
from generator.site.trusted import TrustedFragments
from generator.site.writer import write_tree

#: The script that reloads a served page after a rebuild (MkDocs' own inline one is refused by
#: the page's Content-Security-Policy), as the docs folder holds it.
LIVERELOAD = "assets/livereload.js"


@dataclass(frozen=True)
class Excerpt:
    """One error as the preview lists it: its one-line form and, where the line can be read,
    the source line (after its number) and a caret under the column."""

    text: str
    source: str | None = None
    caret: str | None = None


def failing_files(project: Project) -> set[Path]:
    """The files that have errors."""
    return {diagnostic.path for diagnostic in project.report.errors}


def without_failing(project: Project, failing: set[Path]) -> Project:
    """``project`` without the pearls whose files have errors."""
    return dataclasses.replace(project, pearls=[p for p in project.pearls if p.path not in failing])


def error_pages(project: Project, failing: set[Path]) -> dict[str, Path]:
    """The docs-folder page of each failing pearl or hand-written page, and its file."""
    pages: dict[str, Path] = {}
    slugs = {pearl.path: pearl.slug for pearl in project.pearls}
    for path in project.sources:
        if path in failing:
            pages[f"pearls/{slugs.get(path) or name_slug(path)}.md"] = path
    folder = project.settings.content_path / "pages"
    for path in project.tree.files(folder, ".md"):
        if path in failing:
            pages[urls.content_page(path.relative_to(folder).as_posix())] = path
    return pages


def excerpts(project: Project) -> list[Excerpt]:
    """Every error, in file and line order, with its source line where it can be read."""
    lines: dict[Path, list[str]] = {}
    shown = []
    for diagnostic in sorted(set(project.report.errors), key=Diagnostic.sort_key):
        path = diagnostic.path
        if path not in lines:
            lines[path] = _source_lines(project, path)
        shown.append(_excerpt(diagnostic, lines[path], project.root))
    return shown


def _source_lines(project: Project, path: Path) -> list[str]:
    """The lines of a source file the scan allows reading (or mkdocs.yml); none otherwise."""
    if path not in project.tree.readable and path != project.root / CONFIG_FILE:
        return []
    return _lines(path)


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def _excerpt(diagnostic: Diagnostic, lines: list[str], root: Path) -> Excerpt:
    """``diagnostic`` with line ``n`` shown as `` n | text`` and the caret under its column
    (tabs kept before it, so it lines up however wide they are)."""
    line, col = diagnostic.position.line, diagnostic.position.col
    text = diagnostic.format(root)
    if not 1 <= line <= len(lines):
        return Excerpt(text)
    source = lines[line - 1]
    gutter = str(line)
    lead = "".join(c if c == "\t" else " " for c in source[: col - 1])
    return Excerpt(text, f"{gutter} | {source}", f"{' ' * len(gutter)} | {lead}^")


def stopped_preview(
    root: Path, docs: Path, failure: PearlsError | jinja2.TemplateError
) -> TrustedFragments:
    """Make ``docs`` hold one page naming ``failure``, which stopped the pages of the project at
    ``root`` being generated (with the site's style and the reloading script); say so on
    stderr too."""
    excerpt = _failure_excerpt(root, failure)
    print(f"pearls: {excerpt.text}", file=sys.stderr)
    env = templates.environment(None)  # the packaged templates: the project's may be the cause
    trusted = TrustedFragments(
        banner=env.get_template("site/_errors.md.j2").render(excerpts=[excerpt])
    )
    assets = templates.PACKAGED / "site/assets"
    files: dict[str, str | bytes] = {
        f"assets/{path.name}": path.read_bytes() for path in assets.glob("*") if path.is_file()
    }
    files[LIVERELOAD] = (templates.PACKAGED / "site/serve/livereload.js").read_bytes()
    files[urls.HOME] = env.get_template("site/stopped.md.j2").render()
    write_tree(docs, files)
    return trusted


def _failure_excerpt(root: Path, failure: PearlsError | jinja2.TemplateError) -> Excerpt:
    """A failure as the preview lists it; for a template, the template line it stopped at."""
    if not isinstance(failure, jinja2.TemplateError):
        return Excerpt(str(failure))
    where = None
    if isinstance(failure, jinja2.TemplateSyntaxError) and failure.filename:
        where = (Path(failure.filename), failure.lineno)
    else:  # Jinja puts the template's own lines in the traceback
        for frame, line in traceback.walk_tb(failure.__traceback__):
            if frame.f_code.co_filename.endswith(".j2"):
                where = (Path(frame.f_code.co_filename), line)
    message = f"template error: {failure.message or failure}"
    if where is None:
        return Excerpt(message)
    path, line = where
    text = f"{display_path(path, root)}:{line}: {message}"
    lines = _lines(path)
    return (
        Excerpt(text, f"{line} | {lines[line - 1]}") if 1 <= line <= len(lines) else Excerpt(text)
    )
