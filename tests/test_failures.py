"""Failures of the surroundings (a bad variable, a full disk, a file that is not what it seems)
end in one line naming the path or variable, never a traceback, with the previous outputs and
the sources byte for byte."""

from __future__ import annotations

import errno
import os
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import EPOCH, files_of
from tests.sample_project import write_project
from tests.test_site_serve import free_port

WEDNESDAY = "2021-02-17"  # the example project's first pearl


def pearls(project: Path, *args: str) -> int:
    return main(["--project", str(project), *args])


def error_lines(capsys) -> list[str]:
    return capsys.readouterr().err.strip().splitlines()


def test_an_invalid_source_date_epoch_names_the_variable(built, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    before = files_of(built)
    assert pearls(built, "build") == 2
    assert error_lines(capsys) == [
        "pearls build: error: SOURCE_DATE_EPOCH must be seconds since 1970-01-01, not 'yesterday'"
    ]
    assert files_of(built) == before


@pytest.mark.parametrize("value", ["abc", "-1", "1e99", "1_000", "+5"])
@pytest.mark.parametrize(
    "command",
    [
        ["build"],
        ["build", "--as-of", WEDNESDAY],  # MkDocs reads the variable too: once a traceback
        ["check"],
        ["email"],
        ["email", WEDNESDAY],
        ["schedule"],
        ["schedule", "--as-of", WEDNESDAY],
        ["new", "Another pearl"],
    ],
)
def test_an_invalid_source_date_epoch_is_one_line_in_every_command(
    tmp_path, capsys, monkeypatch, command, value
):
    project = write_project(tmp_path)
    before = files_of(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert pearls(project, *command) == 2
    assert error_lines(capsys) == [
        f"pearls {command[0]}: error: SOURCE_DATE_EPOCH must be seconds since 1970-01-01, "
        f"not '{value}'"
    ]
    assert files_of(project) == before


@pytest.mark.parametrize(
    ("value", "shown"), [(" ", " "), ("\t", "\\t"), ("\n", "\\n"), ("", ""), (" \t\n ", " \\t\\n ")]
)
def test_an_empty_or_blank_source_date_epoch_is_refused_not_a_traceback(
    tmp_path, capsys, monkeypatch, value, shown
):
    # MkDocs reads the raw value with int(): once a ValueError traceback inside the build.
    project = write_project(tmp_path)
    before = files_of(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert pearls(project, "build", "-d", str(tmp_path / "sde")) == 2
    assert error_lines(capsys) == [
        f"pearls build: error: SOURCE_DATE_EPOCH must be seconds since 1970-01-01, not '{shown}'"
    ]
    assert files_of(project) == before
    assert not (tmp_path / "sde").exists()


def test_a_source_date_epoch_beyond_what_gzip_holds_is_refused(tmp_path, capsys, monkeypatch):
    project = write_project(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4294967296")
    assert pearls(project, "build") == 2
    assert error_lines(capsys) == [
        "pearls build: error: SOURCE_DATE_EPOCH must be seconds since 1970-01-01 up to "
        "4294967295 (2106-02-07), not '4294967296'"
    ]
    assert not (project / "site").exists()


def test_a_syntax_error_in_a_projects_own_archetype_is_one_line(tmp_path, capsys):
    project = write_project(tmp_path)
    archetype = project / "templates" / "archetypes" / "pearl.md.j2"
    archetype.parent.mkdir(parents=True)
    archetype.write_text("---\ntitle: {{ title }}\n{% if %}\n")
    assert pearls(project, "new", "Another pearl") == 1
    assert error_lines(capsys) == [
        f"pearls new: error: {archetype}:3: Expected an expression, got 'end of statement block'"
    ]


def test_a_python_error_in_a_projects_own_template_is_one_line_at_its_line(tmp_path, capsys):
    # Was a ZeroDivisionError traceback (pearls new, build and email alike).
    project = write_project(tmp_path)
    archetype = project / "templates" / "archetypes" / "pearl.md.j2"
    archetype.parent.mkdir(parents=True)
    archetype.write_text("---\ntitle: {{ title }}\n{{ 1 // 0 }}\n")
    before = files_of(project / "content")
    assert pearls(project, "new", "Another pearl") == 1
    assert error_lines(capsys) == [
        f"pearls new: error: {archetype}:3: ZeroDivisionError: integer division or modulo by "
        "zero (correct the template at this line)"
    ]
    assert files_of(project / "content") == before


def test_a_projects_own_template_that_is_not_utf8_is_named_at_its_line(tmp_path, capsys):
    # Was 'a file is not UTF-8 text (...)', naming no file.
    project = write_project(tmp_path)
    archetype = project / "templates" / "archetypes" / "pearl.md.j2"
    archetype.parent.mkdir(parents=True)
    archetype.write_bytes(b"---\ntitle: {{ title }}\nsummary: caf\xe9\n")
    assert pearls(project, "new", "Another pearl") == 1
    assert error_lines(capsys) == [
        f"pearls new: error: {archetype}:3: the template is not UTF-8 text (save it as UTF-8)"
    ]


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        (
            "site/pearl.md.j2",
            b"# {{ pearl.title }}\n{% if %}\n",
            2,
            "the template cannot be read: Expected an expression, got 'end of statement block' "
            "(correct it, or remove it to use the packaged one)",
        ),
        (
            "email/newsletter.txt.j2",
            b"{{ title }}\ncaf\xe9\n",
            2,
            "the template is not UTF-8 text (save it as UTF-8)",
        ),
        (  # Jinja itself says so only when the line runs: here, only in a week with a flowchart
            "email/newsletter.txt.j2",
            b"{{ edition.pearl.title }}\n{% if edition.flowchart %}{{ 1 | wrapp }}{% endif %}\n",
            2,
            "no filter named 'wrapp' (did you mean 'wrap'?)",
        ),
    ],
)
def test_check_reports_a_projects_template_the_build_cannot_read(
    tmp_path, capsys, name, text, line, message
):
    # The check passed while the build stopped at the template (or, not UTF-8, named no file).
    project = write_project(tmp_path)
    template = project / "templates" / name
    template.parent.mkdir(parents=True)
    template.write_bytes(text)
    expected = f"templates/{name}:{line}:1: error[CFG050]: {message}"
    assert pearls(project, "check") == 1
    assert expected in error_lines(capsys)
    assert pearls(project, "build") == 1
    assert expected in error_lines(capsys)
    assert not (project / "site").exists()


def test_a_site_class_a_projects_page_template_writes_outside_a_fragment_is_reported(
    tmp_path, capsys
):
    # A copy of home.md.j2 made before the site's classes became its fragments' alone: the
    # build stopped at "unsafe HTML the check did not report", naming the newest pearl.
    project = write_project(tmp_path)
    templates = project / "templates" / "site"
    templates.mkdir(parents=True)
    packaged = Path(__file__).resolve().parent.parent / "templates" / "site"
    home = (packaged / "home.md.j2").read_text()
    fragment = '{% filter fragment %}<p class="pearl-kicker">This week\'s pearl</p>{% endfilter %}'
    assert fragment in home
    (templates / "home.md.j2").write_text(
        home.replace(fragment, '<p class="pearl-kicker">This week\'s pearl</p>')
    )
    line = home[: home.index(fragment)].count("\n") + 1
    # A partial of the site's classes, changed: its callers put it in a fragment, as before.
    cite = (packaged / "_cite.html.j2").read_text()
    (templates / "_cite.html.j2").write_text(cite.replace("Cite this pearl", "How to cite"))
    assert pearls(project, "check") == 1
    assert [found for found in error_lines(capsys) if found.startswith("templates/")] == [
        f"templates/site/home.md.j2:{line}:1: error[CFG051]: class 'pearl-kicker' is the site's "
        "own, written outside {% filter fragment %}: the build refuses it as content's (put that "
        "markup in {% filter fragment %}...{% endfilter %}, as the packaged template does)"
    ]


def test_an_undefined_name_in_a_projects_own_site_template_is_one_line(example_project, capsys):
    """Uses the example content (a site built with the pearls plugin)."""
    byline = example_project / "templates" / "site" / "_byline.md.j2"
    byline.parent.mkdir(parents=True, exist_ok=True)
    byline.write_text("<dl>\n{{ pearl.editor }}\n</dl>\n")
    assert pearls(example_project, "build", "--as-of", WEDNESDAY) == 1
    assert error_lines(capsys)[-1] == (
        f"pearls build: error: {byline}:2: 'generator.content.model.Pearl object' has no "
        "attribute 'editor'"
    )
    assert not (example_project / "site").exists()


def test_a_build_mkdocs_refuses_is_one_line_and_leaves_the_site(built, capsys, monkeypatch):
    config = built / "mkdocs.yml"
    text = config.read_text()
    config.write_text(text.replace("name: material", "name: nosuchtheme"))
    line = text[: text.index("name: material")].count("\n") + 1
    before = files_of(built / "site")
    assert pearls(built, "build") == 1  # the check finds what MkDocs would refuse
    assert error_lines(capsys)[0].startswith(
        f"mkdocs.yml:{line}:3: error[CFG009]: theme: Unrecognised theme name: 'nosuchtheme'."
    )
    assert files_of(built / "site") == before
    # What the check could not foresee, MkDocs refuses in one line.
    monkeypatch.setattr("generator.site.mkdocs_checks.mkdocs_checks", lambda project, as_of: [])
    assert pearls(built, "build") == 1
    assert error_lines(capsys)[-1] == (
        "pearls build: error: the site was not built (Aborted with a configuration error!); "
        f"{built / 'site'} is unchanged"
    )
    assert files_of(built / "site") == before


def test_a_pearl_on_the_calendars_last_wednesday_is_checked_and_booked(tmp_path, capsys):
    """Its review would fall due after the year 9999 (a traceback in every command once), and no
    Wednesday follows it."""
    project = write_project(tmp_path)
    pearls_dir = project / "content" / "pearls"
    good = (pearls_dir / "2021-02-17-good.md").read_text()
    (pearls_dir / "9999-12-29-last.md").write_text(good.replace("2021-02-17", "9999-12-29"))
    assert pearls(project, "check") == 0
    capsys.readouterr()
    assert pearls(project, "new", "Another pearl", "--date", "9999-12-29") == 2
    assert error_lines(capsys) == [
        "pearls new: error: 9999-12-29 is taken by content/pearls/9999-12-29-last.md "
        "(no free Wednesday follows it in the calendar)"
    ]


def test_a_preview_mkdocs_refuses_ends_in_one_line_of_ours(tmp_path, capfd):
    """`pearls serve` runs `mkdocs serve`: MkDocs says why it stopped, then `pearls` says that
    the preview ended (it once ended without a line of its own)."""
    project = write_project(tmp_path)
    # a setting pearls leaves to MkDocs, which refuses it (an address is refused before: pearls
    # checks that the server can listen there)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "theme:\n  name: no-such-theme\n")
    port = free_port()
    assert pearls(project, "serve", "--dev-addr", f"127.0.0.1:{port}") == 1
    captured = capfd.readouterr()
    assert "Aborted with a configuration error!" in captured.out + captured.err
    lines = captured.err.strip().splitlines()
    assert lines[-1] == (
        "pearls serve: error: mkdocs serve stopped (exit status 1; its message is above)"
    )


def test_a_full_disk_during_a_build_leaves_the_previous_site(built):
    """A build over the file-size limit (as a full disk would) stops with one line."""
    before = files_of(built)

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    result = subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(built), "build", "--no-cache"],
        capture_output=True,
        text=True,
        preexec_fn=limited,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
        timeout=300,
    )
    assert result.returncode == 2, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert re.fullmatch(
        rf"pearls build: error: the site was not built \((\S+: )?File too large\); "
        rf"{re.escape(str(built / 'site'))} is unchanged",
        last,
    ), last
    assert "Traceback" not in result.stderr
    assert files_of(built) == before


def test_a_full_disk_during_an_email_export_leaves_no_file(built, capsys, monkeypatch):
    out = built / "mail"
    written: list[Path] = []
    real_write = Path.write_bytes

    def fill_up(self: Path, data: bytes) -> int:
        if len(written) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        written.append(self)
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", fill_up)
    assert pearls(built, "email", WEDNESDAY, "-o", str(out)) == 2
    [line] = [line for line in error_lines(capsys) if line.startswith("pearls email")]
    # The file asked for, not the staged one beside it.
    assert line == f"pearls email: error: {out}/{WEDNESDAY}.eml: No space left on device"
    assert not out.exists()
    assert [p.name for p in built.iterdir() if p.name.startswith(".mail")] == []


def test_a_full_disk_naming_no_file_in_an_email_export_names_the_file(
    built, capsys, monkeypatch
):
    """A write that fails names no file: once `error: No space left on device` alone."""
    out = built / "mail"

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_bytes", full)
    assert pearls(built, "email", WEDNESDAY, "-o", str(out)) == 2
    assert error_lines(capsys) == [
        f"pearls email: error: {out}/{WEDNESDAY}.html: No space left on device"
    ]
    assert not out.exists()


def test_a_full_disk_on_copying_names_the_copy_not_its_source(
    example_project, capsys, monkeypatch
):
    """shutil's copy names both files: once the source (a theme font) took the blame."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    copies: list[str] = []

    def full(source, destination, *args, **kwargs):
        copies.append(str(destination))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(source), None, str(destination))

    monkeypatch.setattr(shutil, "copyfile", full)
    site = example_project / "site"
    assert pearls(example_project, "build", "--no-cache") == 2
    [copy] = copies
    assert error_lines(capsys)[-1] == (
        f"pearls build: error: the site was not built ({copy}: No space left on device); "
        f"{site} is unchanged"
    )
    assert not site.exists()


def test_a_failed_email_export_keeps_the_previous_one(built, capsys, monkeypatch):
    out = built / "mail"
    assert pearls(built, "email", WEDNESDAY, "-o", str(out)) == 0
    before = files_of(out)
    monkeypatch.setattr(os, "replace", _fails_on_third(os.replace))
    assert pearls(built, "email", WEDNESDAY, "-o", str(out)) == 2
    assert files_of(out) == before


def _fails_on_third(replace):
    calls = []

    def failing(source, target):
        calls.append(target)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        return replace(source, target)

    return failing


def test_email_as_of_the_last_day_of_the_calendar_is_a_usage_error(built, capsys):
    assert pearls(built, "email", "--as-of", "9999-12-31", "-o", str(built / "mail")) == 2
    assert error_lines(capsys) == [
        "pearls email: error: no Wednesday follows 9999-12-31 in the calendar"
    ]


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_a_newsletter_yml_not_in_utf8_is_a_diagnostic_at_its_path(built, capsys, encoding):
    newsletter = built / "content" / "newsletter.yml"
    newsletter.write_bytes("2021-02:\n  video:\n    title: Café\n".encode(encoding))
    assert pearls(built, "email", WEDNESDAY, "-o", str(built / "mail")) == 1
    lines = error_lines(capsys)
    line = 3 if encoding == "latin-1" else 1
    assert (
        f"content/newsletter.yml:{line}:1: error[PRL001]: file is not UTF-8 text "
        "(save it as UTF-8)" in lines
    )
    assert not (built / "mail").exists()


# -- files read -----------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "project").mkdir()
    return write_project(tmp_path / "project")


def check(project: Path) -> subprocess.CompletedProcess[str]:
    """`pearls check` in its own process, so that a hang fails the test instead of stalling it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "--project", str(project), "check"],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_page_linked_outside_the_project_is_an_error_and_never_read(project):
    pages = project / "content" / "pages"
    pages.mkdir()
    (pages / "secret.md").symlink_to("/etc/os-release")
    result = check(project)
    assert result.returncode == 1
    target = os.path.realpath("/etc/os-release")
    assert (
        f"content/pages/secret.md:1:1: error[SRC001]: resolves outside the project ({target}); "
        "it is never read (copy the file into the project instead of linking to it)"
    ) in result.stderr.splitlines()


def test_a_pearl_folder_linked_outside_the_project_is_an_error(project, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (project / "content" / "pearls" / "more").symlink_to(outside, target_is_directory=True)
    result = check(project)
    assert result.returncode == 1
    assert "content/pearls/more:1:1: error[SRC001]: resolves outside the project" in result.stderr


def test_a_bibliography_linked_to_proc_is_never_read(project):
    bib = project / "references.bib"
    bib.unlink()
    bib.symlink_to("/proc/self/environ")
    result = check(project)
    assert result.returncode == 1
    assert "references.bib:1:1: error[SRC001]: resolves outside the project (" in result.stderr
    assert "BIB0" not in result.stderr  # nothing was parsed


def test_a_symlink_loop_is_reported(project):
    pearls_dir = project / "content" / "pearls"
    (pearls_dir / "a.md").symlink_to(pearls_dir / "b.md")
    (pearls_dir / "b.md").symlink_to(pearls_dir / "a.md")
    result = check(project)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    for name in ("a.md", "b.md"):
        assert (
            f"content/pearls/{name}:1:1: error[SRC002]: symlink loop (point it at a real file)"
        ) in lines


@pytest.mark.parametrize("name", ["content/pearls/2021-03-03-pipe.md", "references.bib"])
def test_a_fifo_is_reported_and_never_waited_on(project, name):
    path = project / name
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    result = check(project)
    assert result.returncode == 1
    assert (
        f"{name}:1:1: error[SRC003]: is a FIFO (named pipe), not a regular file; "
        "it is never opened (remove it from the sources)"
    ) in result.stderr.splitlines()


def test_a_page_linked_outside_is_never_published(built, capsys):
    (built / "content" / "pages" / "secret.md").symlink_to("/etc/os-release")
    before = files_of(built / "site")
    assert pearls(built, "build") == 1
    assert "error[SRC001]" in capsys.readouterr().err
    assert files_of(built / "site") == before


def test_a_mkdocs_yml_that_is_a_folder_is_one_line(project, capsys):
    (project / "mkdocs.yml").unlink()
    (project / "mkdocs.yml").mkdir()
    assert pearls(project, "check") == 2
    assert error_lines(capsys) == [
        f"pearls check: error: {project.resolve() / 'mkdocs.yml'} is a folder, not a file"
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_mkdocs_yml_is_one_line(project, capsys):
    (project / "mkdocs.yml").chmod(0)
    assert pearls(project, "check") == 2
    assert error_lines(capsys) == [
        f"pearls check: error: {project.resolve() / 'mkdocs.yml'}: Permission denied"
    ]


@pytest.mark.parametrize(
    ("name", "line"),
    [
        (
            "references.bib",
            "references.bib:1:1: error[BIB001]: cannot read bibliography: Is a directory",
        ),
        (
            "content/topics.yml",
            "content/topics.yml:1:1: error[TOP001]: topic vocabulary is a folder, not a file",
        ),
    ],
)
def test_a_folder_where_a_source_file_should_be_is_an_error_at_its_path(project, name, line):
    (project / name).unlink()
    (project / name).mkdir()
    result = check(project)
    assert result.returncode == 1
    assert line in result.stderr.splitlines()


def test_a_mkdocs_yml_not_in_utf8_is_a_diagnostic_at_its_path(project):
    (project / "mkdocs.yml").write_bytes("site_name: Perles cliniques é\n".encode("latin-1"))
    result = check(project)
    assert result.returncode == 1
    assert (
        "mkdocs.yml:1:1: error[PRL001]: file is not UTF-8 text (save it as UTF-8)"
        in result.stderr.splitlines()
    )


@pytest.mark.parametrize(
    "name", ["templates/site/page.html.j2", "content/topics.yml", "content/pages/notes"]
)
def test_any_source_linked_outside_the_project_is_an_error(project, tmp_path, name):
    outside = tmp_path / "outside"
    outside.mkdir()
    link = project / name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(outside)
    result = check(project)
    assert result.returncode == 1
    assert (
        f"{name}:1:1: error[SRC001]: resolves outside the project ({outside}); it is never read "
        "(copy the file into the project instead of linking to it)"
    ) in result.stderr.splitlines()


def test_a_newsletter_yml_linked_outside_is_never_read(built, capsys):
    newsletter = built / "content" / "newsletter.yml"
    newsletter.unlink()
    newsletter.symlink_to("/proc/self/environ")
    assert pearls(built, "email", WEDNESDAY, "-o", str(built / "mail")) == 1
    err = capsys.readouterr().err
    assert "content/newsletter.yml:1:1: error[SRC001]: resolves outside the project" in err
    assert "NWS0" not in err and "YAML0" not in err  # nothing was parsed
    assert not (built / "mail").exists()


def test_ctrl_c_while_the_command_starts_ends_it_quietly(monkeypatch, capsys):
    """A Ctrl-C in the first moments (Python importing the command, then its verbs) is exit
    130 and no traceback, as it is later."""
    import generator
    import generator.cli

    def interrupted(name: str):
        raise KeyboardInterrupt

    monkeypatch.setattr(generator.importlib, "import_module", interrupted)
    assert generator.main() == 130
    monkeypatch.undo()
    monkeypatch.setattr(generator.cli, "build_parser", lambda: interrupted(""))
    assert generator.cli.main(["check"]) == 130
    assert capsys.readouterr() == ("", "")
