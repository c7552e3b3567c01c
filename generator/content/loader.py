"""Reading pearls and the topic vocabulary from ``content/`` into :class:`Pearl` objects.

A file with problems still yields every diagnostic it has; a pearl is returned whenever its
front matter could be read, so later checks (citations, algorithm) run on it too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from generator.algorithm import parse_algorithm
from generator.citations import parse_citations
from generator.config import Settings
from generator.content import fences
from generator.content.fields import SLUG, FieldReader, reserved_slug, slugify, split_file_name
from generator.content.frontmatter import normalise, runaway_front_matter, split_front_matter
from generator.content.model import AlgorithmBlock, Pearl, Topic
from generator.content.nesting import too_costly
from generator.content.safety import removed_markup, reserved_text, unprintable_text
from generator.diagnostics import Diagnostic, Position, error
from generator.evidence import read_evidence
from generator.yaml_source import load_yaml

MAX_PEARL_BYTES = 1_000_000


def name_slug(path: Path) -> str:
    """The slug a pearl file's name gives it (``2021-02-17-cement.md`` → ``cement``), unless its
    front matter sets another."""
    return slugify(split_file_name(path)[1])


def read_pearl(
    path: Path, settings: Settings, data: bytes | None = None
) -> tuple[Pearl | None, list[Diagnostic]]:
    """One pearl file (its bytes ``data`` when already read), with every problem found in it
    alone."""
    size = len(data) if data is not None else path.stat().st_size
    if size > MAX_PEARL_BYTES:
        return None, [
            error(
                path,
                Position(),
                "PRL003",
                f"file is {size:,} bytes; a pearl may be at most {MAX_PEARL_BYTES:,}",
            )
        ]
    text, diagnostics = normalise(path.read_bytes() if data is None else data, path)
    if text is None:
        return None, diagnostics
    split, problems = split_front_matter(text, path)
    diagnostics += problems
    if split is None:
        return None, diagnostics
    document, problems = load_yaml(
        split.front_matter, path, Position(split.front_matter_line, 1))
    if document is None:
        runaway = runaway_front_matter(split, path)
        return None, diagnostics + ([runaway] if runaway else problems)
    diagnostics += problems
    diagnostics += reserved_text(split.front_matter, path, Position(split.front_matter_line, 1))
    if not isinstance(document.value, dict):
        diagnostics.append(
            error(
                path,
                Position(split.front_matter_line, 1),
                "FM003",
                "front matter must be 'field: value' lines",
            )
        )
        return None, diagnostics

    fields = FieldReader(document, path, diagnostics)
    fields.check_names()
    date = fields.publication_date()
    reviewed = fields.date("reviewed")
    pearl = Pearl(
        path=path,
        slug=fields.slug(name_slug(path)),
        title=fields.title(),
        date=date or dt.date.min,
        authors=fields.texts("authors", at_least_one=True),
        reviewers=fields.texts("reviewers"),
        topics=fields.texts("topics"),
        summary=fields.summary(),
        doi=fields.doi(),
        reviewed=reviewed,
        review_due=fields.review_due(date, reviewed, settings.review_interval_years),
        draft=fields.boolean("draft"),
        evidence=read_evidence(fields, settings.evidence_scale),
        body=split.body,
        body_origin=Position(split.body_line, 1),
        front_matter=document,
        source_digest=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
    )
    diagnostics += _read_body(pearl, settings)
    return pearl, diagnostics


def _read_body(pearl: Pearl, settings: Settings) -> list[Diagnostic]:
    """Citations, the algorithm block, nesting and what the sanitiser would remove in a body."""
    body, origin = pearl.body, pearl.body_origin
    found = fences.scan(body)
    blocks = [fence for fence in found if fence.is_algorithm]
    diagnostics = fences.problems(found, body, pearl.path, origin)
    if blocks:
        block = blocks[0]
        source = block.content(body)
        first_line = origin.line + body.count("\n", 0, block.content_start)
        pearl.algorithm_block = AlgorithmBlock(block.start, block.end, source, first_line)
        pearl.algorithm, problems = parse_algorithm(source, pearl.path, first_line)
        diagnostics += problems
    for extra in blocks[1:]:
        line = origin.line + body.count("\n", 0, extra.start)
        diagnostics.append(
            error(
                pearl.path,
                Position(line, 1),
                "ALG000",
                "a pearl has one algorithm block; this is a second one",
            )
        )
    block = pearl.algorithm_block  # its values are the algorithm's YAML's to report
    skip = range(block.start, block.end) if block is not None else range(0)
    diagnostics += unprintable_text(body, pearl.path, origin, skip)
    groups, problems = parse_citations(body, pearl.path, origin)
    pearl.citation_groups = groups
    unread = block.end - block.start if block is not None else 0
    nesting = too_costly(body, pearl.path, origin, unread)
    if nesting:  # Markdown could not render it: report where, and nothing it would misread
        return diagnostics + problems + nesting
    hidden = [(g.start, g.end) for g in groups]
    if pearl.algorithm_block is not None:
        hidden.append((pearl.algorithm_block.start, pearl.algorithm_block.end))
    return diagnostics + problems + removed_markup(body, pearl.path, origin, settings, hidden)


def load_topics(path: Path) -> tuple[dict[str, Topic | None] | None, list[Diagnostic]]:
    """The controlled topic vocabulary: ``slug: {name, description}`` entries; a slug whose
    entry is wrong (a TOP002 or TOP050 error) maps to ``None``.

    ``None`` when the file cannot be read as a vocabulary at all (the diagnostics say why).
    """
    if not path.is_file():
        problem = "is a folder, not a file" if path.is_dir() else "file is missing"
        hint = None if path.is_dir() else (
            "create it, with each topic pearls may use as 'slug: {name: …, description: …}'"
        )
        return None, [error(path, Position(), "TOP001", f"topic vocabulary {problem}", hint)]
    text, diagnostics = normalise(path.read_bytes(), path)
    if text is None:
        return None, diagnostics
    diagnostics += reserved_text(text, path)
    document, problems = load_yaml(text, path)
    diagnostics += problems
    if document is None:
        return None, diagnostics
    if not isinstance(document.value, dict):
        return None, diagnostics + [
            error(path, Position(), "TOP002", "topics.yml must map each topic slug to its name")
        ]
    topics: dict[str, Topic | None] = {}
    for slug, entry in document.value.items():
        where = document.position((slug,))
        if not SLUG.match(slug):
            diagnostics.append(
                error(
                    path, where, "TOP003", f"topic slug '{slug}' may only use a-z, 0-9 and hyphens"
                )
            )
            continue
        reserved = reserved_slug(slug, "topic", "/topics")
        if reserved is not None:
            topics[slug] = None  # misdefined: its error is here, not at each pearl using it
            diagnostics.append(error(path, where, "TOP050", reserved, "choose another slug"))
            continue
        if isinstance(entry, str):
            topics[slug] = Topic(slug, entry)
        elif isinstance(entry, dict) and isinstance(entry.get("name"), str):
            description = entry.get("description")
            topics[slug] = Topic(
                slug, entry["name"], description if isinstance(description, str) else ""
            )
        else:
            topics[slug] = None
            diagnostics.append(
                error(path, where, "TOP002", f"topic '{slug}' needs a 'name' (and a 'description')")
            )
    return topics, diagnostics
