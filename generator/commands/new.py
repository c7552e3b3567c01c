"""`pearls new "Title" [--date D] [--topic T]… [--slug S]`: scaffold next Wednesday's pearl.

The file comes from the archetype ``templates/archetypes/pearl.md.j2`` (the project's own copy
wins over the bundled one). Nothing is ever overwritten: every refusal happens before a byte is
written, and the file is created exclusively and whole (or not at all, with any folder made
for it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

import jinja2

from generator.clock import today
from generator.commands.common import EXIT_OK, UsageError, parse_iso_date, project_root
from generator.content.fields import SLUG, WEDNESDAY, reserved_slug, slugify, split_file_name
from generator.diagnostics import closest, did_you_mean, display_path
from generator.files import create_atomically, made_folders
from generator.project import Project, load_project
from generator.schedule import claimed_dates, nearest_free_wednesday, next_free_wednesday
from generator.templates import environment, schema_path

ARCHETYPE = "pearl.md.j2"
#: The longest slug `new` accepts: its file name ``YYYY-MM-DD-<slug>.md`` then stays within 200
#: characters, well inside the 255 bytes most file systems allow (with the temporary name's
#: ``.`` and ``.<pid>.tmp`` around it).
MAX_SLUG = 200 - len("YYYY-MM-DD-.md")


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "new",
        help="create the pearl for the next free Wednesday from the archetype",
        description="Create content/pearls/<year>/<date>-<slug>.md from the archetype template, "
        "as a draft for the next free Wednesday after today (or --date), and print its path. "
        "Refuses (exit 2, nothing written) a date that is not a free Wednesday, a past date "
        "(unless --backdate), an unknown topic, a slug too long for a file name, or a file that "
        "already exists; a date it "
        "suggests instead is always free and after today.",
    )
    parser.add_argument("title", help="the pearl's title")
    parser.add_argument(
        "--date",
        metavar="DATE",
        help="its Wednesday, YYYY-MM-DD (default: the next free one after today, "
        "or after SOURCE_DATE_EPOCH)",
    )
    parser.add_argument(
        "--topic",
        dest="topics",
        action="append",
        default=[],
        metavar="TOPIC",
        help="a topic slug from content/topics.yml (repeat for more)",
    )
    parser.add_argument("--slug", help="its URL name (default: made from the title)")
    parser.add_argument(
        "--backdate",
        action="store_true",
        help="allow a --date before today (a pearl added to the archive after the fact)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    root = project_root(args)
    project = load_project(root)
    title = args.title.strip()
    if not title or "\n" in title:
        raise UsageError("the title must be one non-empty line")
    slug = _slug(args.slug, title, project)
    topics = _topics(args.topics, project)
    date = _date(args.date, project, args.backdate)
    path = project.settings.pearls_path / str(date.year) / f"{date.isoformat()}-{slug}.md"
    text = _archetype(root).render(
        title=title,
        date=date,
        slug=slug,
        authors=project.settings.default_authors,
        topics=topics,
        schema=_schema_reference(path, root),
    )
    try:
        with made_folders(path.parent):  # a folder made here goes again if the file is not made
            create_atomically(path, text.encode("utf-8"))
    except FileExistsError:
        raise UsageError(
            f"{display_path(path, root)} already exists; refusing to overwrite it"
        ) from None
    except OSError as exc:  # a full disk, a folder not writable: nothing is left behind
        where = display_path(Path(exc.filename), root) if exc.filename else display_path(path, root)
        raise UsageError(f"{where}: {exc.strerror or exc}; the pearl was not created") from None
    shown = display_path(path, root)
    print(shown)
    print(
        f"draft for Wednesday {date.isoformat()}: write its summary and text, then run "
        f"`pearls check {shown}`",
        file=sys.stderr,
    )
    return EXIT_OK


def _slug(given: str | None, title: str, project: Project) -> str:
    slug = given if given is not None else slugify(title)
    if not slug:
        raise UsageError("cannot make a slug from this title; give one with --slug")
    if not SLUG.match(slug):
        suggestion = slugify(slug) or "my-pearl"
        raise UsageError(
            f"slug '{slug}' may only use a-z, 0-9 and single hyphens (e.g. '{suggestion}')"
        )
    reserved = reserved_slug(slug, "pearl", "/pearls")
    if reserved is not None:
        raise UsageError(f"{reserved}; choose another with --slug")
    if len(slug) > MAX_SLUG:
        made = "the slug" if given is not None else "the slug made from the title"
        raise UsageError(
            f"{made} is {len(slug)} characters, too long for a file name (at most {MAX_SLUG}); "
            f"give a shorter one with --slug (e.g. '{_shortened(slug)}')"
        )
    used = {p.slug: p.path for p in project.pearls}
    for file in project.sources:
        used.setdefault(split_file_name(file)[1], file)
    if slug in used:
        raise UsageError(
            f"slug '{slug}' is already used by {display_path(used[slug], project.root)}; "
            "choose another with --slug"
        )
    return slug


def _shortened(slug: str, limit: int = 60) -> str:
    """The first words of ``slug`` that fit in ``limit`` characters (at least the first word,
    cut)."""
    words = slug.split("-")
    shortened = words[0][:limit]
    for word in words[1:]:
        if len(shortened) + 1 + len(word) > limit:
            break
        shortened += f"-{word}"
    return shortened


def _topics(given: list[str], project: Project) -> list[str]:
    known = project.topics
    for topic in given:
        path = project.settings.topics_path
        wrong = next((d for d in project.report.errors if d.path == path), None)
        if topic not in known and wrong and (
            topic in project.misdefined_topics or not project.topics_read
        ):  # the vocabulary is what is wrong: say where, not "add it" (it may be there)
            raise UsageError(
                f"topic '{topic}' cannot be used while {display_path(path, project.root)} has "
                f"an error: {wrong.format(project.root)}"
            )
        if topic not in known:
            hint = did_you_mean(closest(topic, known)) or "add it to content/topics.yml"
            raise UsageError(f"unknown topic '{topic}' ({hint})")
    return list(dict.fromkeys(given))


def _date(given: str | None, project: Project, backdate: bool = False) -> dt.date:
    """The requested Wednesday if it is free and not past (unless ``backdate``), else the next
    free one after today. A date suggested instead is free and, unless ``backdate``, after
    today."""
    claimed = claimed_dates(project.pearls, project.sources)
    now = today()
    if given is None:
        return next_free_wednesday(claimed, now)
    try:
        date = parse_iso_date(given)
    except ValueError:
        raise UsageError(f"'{given}' is not a date (YYYY-MM-DD)") from None
    after = dt.date.min if backdate else now
    if date.weekday() != WEDNESDAY:
        free = nearest_free_wednesday(claimed, date, after)
        raise UsageError(
            f"{date.isoformat()} is a {date.strftime('%A')}, not a Wednesday "
            f"(the nearest free Wednesday is {free.isoformat()})"
        )
    if date < now and not backdate:
        free = next_free_wednesday(claimed, now)
        raise UsageError(
            f"{date.isoformat()} is in the past (the next free Wednesday is {free.isoformat()}); "
            "to add a pearl to the archive after the fact, give --backdate"
        )
    if date in claimed:
        try:
            free = f"the next free Wednesday is {next_free_wednesday(claimed, date).isoformat()}"
        except OverflowError:
            free = "no free Wednesday follows it in the calendar"
        raise UsageError(
            f"{date.isoformat()} is taken by {display_path(claimed[date], project.root)} ({free})"
        )
    return date


def _schema_reference(pearl: Path, root: Path) -> str:
    """How the new pearl names the front-matter JSON Schema: by a path relative to it when the
    schema lies inside the project (a checkout, or a ``.venv`` in it), so the line holds for
    everyone with the same set-up; else by its ``file:`` URI."""
    schema = schema_path("pearl").resolve()
    if schema.is_relative_to(root.resolve()):
        return Path(os.path.relpath(schema, pearl.parent.resolve())).as_posix()
    return schema.as_uri()


def _archetype(root: Path) -> jinja2.Template:
    """The project's archetype if it has one, else the bundled one."""
    env = environment(root)
    return env.get_template(f"archetypes/{ARCHETYPE}")
