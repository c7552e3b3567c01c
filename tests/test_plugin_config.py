"""The ``pearls`` plugin's options in mkdocs.yml: one schema, checked alike by `pearls check` and
`mkdocs build` (a typo or a wrong type is an error at its line), defaults when there are none, and
the configured templates folder. Uses copies of the example project."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator.cli import main
from generator.errors import UsageError
from generator.project import load_project
from generator.site.hooks import Request
from generator.site.publish import build_site
from tests.conftest import EPOCH, REPO, files_of
from tests.sample_project import write_project
from tests.test_site_serve import free_port

#: The line of the example's mkdocs.yml under ``- pearls:`` that each test rewrites.
STYLE = "      citation_style: ama        # ama | vancouver | short, or any installed style\n"


def configure(project: Path, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` in the project's mkdocs.yml; the line ``new`` starts on."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def check(project: Path, capsys) -> tuple[int, list[str]]:
    status = main(["--project", str(project), "check"])
    return status, capsys.readouterr().err.splitlines()


def mkdocs_build(project: Path, **env: str) -> tuple[int, str]:
    """Plain `mkdocs build` of ``project``: its exit status and its output (stderr, stdout)."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")]
    built = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        check=False,
    )
    return built.returncode, built.stderr + built.stdout


def test_a_typo_in_an_option_is_an_error_at_its_line(example_project, capsys):
    line = configure(example_project, STYLE, "      citation_stlye: short\n")
    error = (
        f"mkdocs.yml:{line}:7: error[CFG001]: the pearls plugin has no option 'citation_stlye' "
        "(did you mean 'citation_style'?)"
    )
    status, lines = check(example_project, capsys)
    assert status == 1
    assert error in lines

    status, output = mkdocs_build(example_project)
    assert status == 1
    assert f"Plugin 'pearls' option 'citation_stlye': {error}" in output.splitlines()[0]
    assert output.splitlines()[-1] == "Aborted with a configuration error!"
    assert "Traceback" not in output
    assert not (example_project / "site").exists()


def test_a_value_of_the_wrong_type_is_an_error_at_its_line(example_project, capsys):
    old = "      review_interval_years: 3"
    line = configure(example_project, old, "      review_interval_years: three")
    error = (
        f"mkdocs.yml:{line}:7: error[CFG004]: review_interval_years: expected a whole number, "
        "not 'three'"
    )
    status, lines = check(example_project, capsys)
    assert status == 1
    assert error in lines

    status, output = mkdocs_build(example_project)
    assert status == 1
    assert f"Plugin 'pearls' option 'review_interval_years': {error}" in output
    assert "Traceback" not in output


def test_an_unknown_email_option_is_an_error_at_its_line(example_project, capsys):
    old = "        from: Clinical Pearls"
    line = configure(example_project, old, "        form: Clinical Pearls")
    status, lines = check(example_project, capsys)
    assert status == 1
    assert (
        f"mkdocs.yml:{line}:9: error[CFG001]: the pearls plugin has no option 'email.form' "
        "(did you mean 'from'?)"
    ) in lines
    assert main(["--project", str(example_project), "build"]) == 1  # refused before MkDocs runs


def test_the_plugin_without_options_takes_the_defaults(example_project, capsys):
    config = example_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("  - pearls:")
    end = text.index("\nmarkdown_extensions:")
    config.write_text(text[:start] + "  - pearls\n" + text[end:], encoding="utf-8")
    status, lines = check(example_project, capsys)
    assert status == 0, lines
    options = load_config(str(config)).plugins["pearls"].config
    assert (options.citation_style, options.content_dir, options.templates) == (
        "ama",
        "content",
        "templates",
    )
    assert options.email["subject"] == "Clinical Pearl: {title}"


def test_a_configured_templates_folder_overrides_one_page(example_project, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert main(["--project", str(example_project), "build"]) == 0
    site = example_project / "site"
    before = {name: (site / name).read_text() for name in ("about/index.html", "index.html")}

    own = example_project / "editorial-templates" / "site"
    own.mkdir(parents=True)
    configure(example_project, "      templates: templates", "      templates: editorial-templates")
    (own / "home.md.j2").write_text(
        (example_project / "templates" / "site" / "home.md.j2").read_text()
        + "\nOur own home page.\n"
    )
    assert main(["--project", str(example_project), "build"]) == 0
    capsys.readouterr()
    assert "<p>Our own home page.</p>" in (site / "index.html").read_text()
    assert "<p>Our own home page.</p>" not in before["index.html"]
    assert (site / "about/index.html").read_text() == before["about/index.html"]


def test_markdown_extensions_without_the_pages_own_still_build_them_whole(example_project, capsys):
    # Without md_in_html the check passed and the build stopped at the archive ("attribute
    # 'markdown' on <p> is not allowed"); without attr_list pages showed
    # '{ data-search-exclude="" }' after their headings.
    config = example_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for name in ("attr_list", "md_in_html"):
        assert f"\n  - {name}\n" in text
        text = text.replace(f"\n  - {name}\n", "\n")
    config.write_text(text, encoding="utf-8")
    assert check(example_project, capsys)[0] == 0
    assert main(["--project", str(example_project), "build", "--as-of", "2026-11-18"]) == 0
    pages = [path.read_text() for path in (example_project / "site").rglob("*.html")]
    assert not any("data-search-exclude=\"\" }" in page for page in pages)
    assert any('<h2 data-search-exclude="" id="references">' in page for page in pages)


def test_an_invalid_source_date_epoch_is_one_line_under_plain_mkdocs_build(example_project):
    status, output = mkdocs_build(example_project, SOURCE_DATE_EPOCH="soon")
    assert status == 1
    assert output.strip() == (
        "pearls: SOURCE_DATE_EPOCH must be seconds since 1970-01-01, not 'soon'"
    )
    assert not (example_project / "site").exists()


#: The example's entry of the plugin (its options follow).
ENTRY = "  - pearls:"
NOT_LISTED = (
    "error[CFG062]: mkdocs.yml does not list the pearls plugin, which generates the site (add it "
    "under plugins: (plugins: [search, pearls]))"
)
DISABLED = (
    "error[CFG062]: enabled: false turns off the pearls plugin, which generates the site "
    "(remove it: pearls build needs the plugin)"
)


def without_the_plugin(project: Path) -> int:
    """Remove the ``- pearls:`` entry (and its options) from the example's ``plugins:`` list,
    leaving ``search``; the line ``plugins:`` is on."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index(ENTRY)
    end = text.index("\nmarkdown_extensions:")
    config.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    return text[: text.index("\nplugins:\n")].count("\n") + 2


def check_and_build(project: Path, capsys) -> tuple[list[str], list[str]]:
    """The errors `pearls check` and then `pearls build` print of ``project``, both refusing it
    (the build before MkDocs runs: no site is made)."""
    status, checked = check(project, capsys)
    assert status == 1
    assert main(["--project", str(project), "build"]) == 1
    built = capsys.readouterr().err.splitlines()
    assert not (project / "site").exists()
    return [e for e in checked if "error[" in e], [e for e in built if "error[" in e]


def test_a_plugins_list_without_pearls_is_an_error_at_plugins(example_project, capsys):
    """The check passed a project whose plugins lacked pearls, and `pearls build` then refused
    it: the check names it at ``plugins:``, and the build stops with the same line."""
    line = without_the_plugin(example_project)
    assert example_project.joinpath("mkdocs.yml").read_text().splitlines()[line - 1] == "plugins:"
    error = f"mkdocs.yml:{line}:1: {NOT_LISTED}"
    assert check_and_build(example_project, capsys) == ([error], [error])
    assert load_config(str(example_project / "mkdocs.yml")).plugins.get("pearls") is None


def test_no_plugins_setting_is_an_error_at_the_first_line(tmp_path, capsys):
    project = write_project(tmp_path)
    (project / "mkdocs.yml").write_text("# The site\nsite_name: Test\nsite_url: https://e.org/\n")
    error = f"mkdocs.yml:1:1: {NOT_LISTED}"
    assert check_and_build(project, capsys) == ([error], [error])


@pytest.mark.parametrize("enabled", ["false", "no", "!ENV [PEARLS_ON, false]"])
def test_a_disabled_pearls_plugin_is_an_error_at_enabled(
    example_project, capsys, monkeypatch, enabled
):
    """MkDocs' own ``enabled: false`` (of every plugin) loads no generator: `pearls build`
    refuses it as it refuses a project without the plugin."""
    monkeypatch.delenv("PEARLS_ON", raising=False)
    line = configure(example_project, ENTRY, f"{ENTRY}\n      enabled: {enabled}") + 1
    error = f"mkdocs.yml:{line}:7: {DISABLED}"
    assert check_and_build(example_project, capsys) == ([error], [error])
    assert load_config(str(example_project / "mkdocs.yml")).plugins.get("pearls") is None


def test_the_plugin_is_judged_as_mkdocs_reads_mkdocs_yml(example_project, capsys, monkeypatch):
    """``!ENV`` and INHERIT: the check finds the plugin where MkDocs does."""
    configure(example_project, ENTRY, f"{ENTRY}\n      enabled: !ENV [PEARLS_ON, false]")
    monkeypatch.setenv("PEARLS_ON", "true")
    status, lines = check(example_project, capsys)
    assert status == 0, lines
    config = example_project / "mkdocs.yml"
    config.rename(example_project / "base.yml")
    config.write_text("INHERIT: base.yml\n", encoding="utf-8")
    status, lines = check(example_project, capsys)
    assert status == 0, lines
    assert load_config(str(config)).plugins.get("pearls") is not None


@pytest.mark.parametrize(
    ("plugins", "refusal"),
    [
        ("", "mkdocs.yml does not list the pearls plugin: add it under plugins: "
             "(plugins: [search, pearls])"),
        # It said "does not list" of a plugin listed and turned off.
        ("plugins:\n  - search\n  - pearls:\n      enabled: false\n",
         "mkdocs.yml turns the pearls plugin off (enabled: false): remove enabled: false, "
         "pearls build needs the plugin"),
    ],
)  # fmt: skip
def test_build_site_itself_refuses_a_project_without_the_plugin(tmp_path, plugins, refusal):
    """The build's own refusal, for a build the check did not run before (a one-line error)."""
    project = write_project(tmp_path)
    config = "site_name: Test\nsite_url: https://example.org/\n" + plugins
    (project / "mkdocs.yml").write_text(config)
    with pytest.raises(UsageError) as refused:
        build_site(Request(load_project(project)), project / "site")
    assert str(refused.value) == refusal
    assert not (project / "site").exists()


#: The example's mkdocs.yml from its plugin's entry to the end of its options.
OPTIONS = re.compile(r"  - pearls:.*?\n(?=\n)", re.DOTALL)


def test_an_enabled_that_is_not_true_or_false_is_an_error_at_its_value(example_project, capsys):
    """``enabled: maybe`` passed the check; MkDocs then stopped the build ('Expected
    boolean')."""
    line = configure(example_project, ENTRY, f"{ENTRY}\n      enabled: maybe") + 1
    error = (
        f"mkdocs.yml:{line}:16: error[CFG062]: enabled: expected true or false, not 'maybe' "
        "(MkDocs refuses it, so the build would stop: remove it; the plugin is on unless turned "
        "off, and pearls build needs it)"
    )
    assert check_and_build(example_project, capsys) == ([error], [error])
    with pytest.raises(Abort, match="configuration error"):
        load_config(str(example_project / "mkdocs.yml"))


@pytest.mark.parametrize(
    ("options", "kind"), [("5", "a number"), ("[citation_style: ama]", "a list")]
)
def test_options_that_are_not_a_mapping_are_an_error_at_their_value(
    example_project, capsys, options, kind
):
    """``- pearls: 5`` passed the check; MkDocs then stopped the build ('Invalid config options
    for the 'pearls' plugin')."""
    config = example_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    entry = OPTIONS.search(text)
    assert entry is not None
    config.write_text(OPTIONS.sub(f"  - pearls: {options}\n", text, count=1), encoding="utf-8")
    line = text[: entry.start()].count("\n") + 1
    error = (
        f"mkdocs.yml:{line}:13: error[CFG062]: the pearls plugin's options must be a mapping of "
        f"option: value, not {kind} (MkDocs refuses them, so the build would stop: write them as "
        "option: value lines under pearls:, or give none for the defaults)"
    )
    assert check_and_build(example_project, capsys) == ([error], [error])
    with pytest.raises(Abort, match="configuration error"):
        load_config(str(config))


@pytest.mark.parametrize("where", ["before", "after"])
def test_the_plugin_listed_twice_is_an_error_at_the_second_entry(example_project, capsys, where):
    """MkDocs warns of a plugin 'specified multiple times', which stops the strict build: the
    check passed it (it left the plugin's entries out of MkDocs' validation)."""
    config = example_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    entry = OPTIONS.search(text)
    assert entry is not None
    full = text[: entry.start()].count("\n") + 1  # the line of the entry with the options
    if where == "before":
        config.write_text(text.replace(ENTRY, f"  - pearls\n{ENTRY}", 1), encoding="utf-8")
        first, second, col = full, full + 1, 5
    else:
        config.write_text(OPTIONS.sub(lambda m: f"{m[0]}  - pearls\n", text, count=1))
        first, second, col = full, text[: entry.end()].count("\n") + 1, 5
    error = (
        f"mkdocs.yml:{second}:{col}: error[CFG062]: the pearls plugin is listed twice: first on "
        f"line {first}, again here (MkDocs warns that it was specified multiple times, and the "
        "build is strict: list it once, with its options)"
    )
    assert check_and_build(example_project, capsys) == ([error], [error])
    with pytest.raises(Abort, match="warnings in 'strict' mode"):
        load_config(str(config), strict=True)


def test_the_plugin_named_outside_the_themes_namespace_is_the_plugin(example_project, capsys):
    """``- /pearls:`` (MkDocs' name for a plugin outside the theme's namespace) loads the
    plugin: the generator ignored its options (a typo was MkDocs' CFG009 at plugins:, quoting a
    CFG001 at 1:1)."""
    configure(example_project, ENTRY, "  - /pearls:")
    configure(example_project, STYLE, "      citation_style: short\n")
    assert load_project(example_project).settings.citation_style == "short"
    line = configure(example_project, "citation_style: short", "citation_stlye: short")
    error = (
        f"mkdocs.yml:{line}:7: error[CFG001]: the pearls plugin has no option 'citation_stlye' "
        "(did you mean 'citation_style'?)"
    )
    assert check_and_build(example_project, capsys) == ([error], [error])


NOT_SETTINGS = (
    "error[CFG009]: mkdocs.yml must be a mapping of settings (name: value lines), not {} (MkDocs "
    "refuses it, so the build would stop: see https://www.mkdocs.org/user-guide/configuration/)"
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [("- a\n", "a list"), ("hello\n", "text"), ("# The site\n5\n", "a number")],
)
def test_a_mkdocs_yml_that_is_not_settings_is_one_error_at_its_first_line(
    tmp_path, capsys, text, kind
):
    """A list or a word as the whole file was a traceback (AttributeError) in `pearls check`
    and `pearls build`; `5` was an INHERIT that names no file."""
    project = write_project(tmp_path)
    (project / "mkdocs.yml").write_text(text)
    error = "mkdocs.yml:1:1: " + NOT_SETTINGS.format(kind)
    assert check_and_build(project, capsys) == ([error], [error])
    assert main(["--project", str(project), "email", "2021-02-17"]) == 1
    assert [line for line in capsys.readouterr().err.splitlines() if "error[" in line] == [error]
    # Like a mkdocs.yml that is not YAML, it leaves `pearls new` the default settings.
    assert main(["--project", str(project), "new", "Another pearl"]) == 0


def test_an_inherited_file_that_is_not_settings_is_an_error_at_inherit(example_project, capsys):
    """MkDocs looks for INHERIT in what the inherited file holds: a word holding it was an
    AttributeError traceback."""
    config = example_project / "mkdocs.yml"
    config.write_text("INHERIT: base.yml\n" + config.read_text())
    (example_project / "base.yml").write_text("NO_INHERIT_HERE\n")
    error = (
        "mkdocs.yml:1:1: error[CFG009]: INHERIT: must name a YAML file of settings, as text "
        "(MkDocs refuses it, so the build would stop: see "
        "https://www.mkdocs.org/user-guide/configuration/#INHERIT)"
    )
    assert check_and_build(example_project, capsys) == ([error], [error])


def test_serving_a_mkdocs_yml_that_is_not_settings_ends_in_one_line_of_ours(tmp_path, capfd):
    project = write_project(tmp_path)
    (project / "mkdocs.yml").write_text("- a\n")
    port = free_port()
    assert main(["--project", str(project), "serve", "--dev-addr", f"127.0.0.1:{port}"]) == 1
    captured = capfd.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "Expected a key-value mapping" in captured.err
    assert captured.err.strip().splitlines()[-1] == (
        "pearls serve: error: mkdocs serve stopped (exit status 1; its message is above)"
    )


def test_settings_left_under_extra_are_an_error_saying_where_they_go(example_project, capsys):
    config = example_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    line = text.count("\n") + 2
    config.write_text(text + "extra:\n  pearls:\n    citation_style: short\n", encoding="utf-8")
    status, lines = check(example_project, capsys)
    assert status == 1
    assert (
        f"mkdocs.yml:{line}:3: error[CFG002]: the generator's settings are no longer read from "
        "extra.pearls (move them under the plugin: plugins: - pearls: {citation_style: …})"
    ) in lines


HINT = (
    "set docs_dir to an empty folder of its own (docs_dir: generated) and move hand-written "
    "pages to content/pages/"
)


@pytest.mark.parametrize(
    ("docs_dir", "problem"),
    [
        ("docs", "docs/ holds files pearls did not make, and generating the pages there would "
                 "delete them (it has no .pearls-output)"),
        ("content", "content is the source folder content/; outputs go elsewhere"),
        ("content/pages", "content/pages is inside the source folder content/; outputs go "
                          "elsewhere"),
    ],
)  # fmt: skip
def test_a_docs_dir_the_generator_would_empty_is_refused_and_nothing_is_lost(
    example_project, capsys, docs_dir, problem
):
    """The plugin fills docs_dir with the pages it generates and deletes every other file
    there: a folder of hand-written pages, or a source folder, is an error at its line, and
    `mkdocs build` stops before writing anything."""
    (example_project / "docs").mkdir()
    (example_project / "docs/my-page.md").write_text("# My own page\n")
    line = configure(example_project, "docs_dir: generated\n", f"docs_dir: {docs_dir}\n")
    status, lines = check(example_project, capsys)
    assert status == 1
    assert f"mkdocs.yml:{line}:11: error[CFG011]: docs_dir: {problem} ({HINT})" in lines
    sources = files_of(example_project)

    status, output = mkdocs_build(example_project)
    assert status == 1
    assert f"docs_dir: {problem}; {HINT}" in output
    assert files_of(example_project) == sources


def test_the_docs_folder_the_generator_made_is_its_own_to_refill(example_project, capsys):
    """A first build marks docs_dir as the generator's; later builds may empty it (a pearl
    withdrawn), and a generated/ folder `pearls init` made counts as the generator's."""
    assert mkdocs_build(example_project)[0] == 0
    assert (example_project / "generated/.pearls-output").is_file()
    (example_project / "generated/stale.md").write_text("# A page no longer generated\n")
    assert check(example_project, capsys)[0] == 0
    assert mkdocs_build(example_project)[0] == 0
    assert not (example_project / "generated/stale.md").exists()
    (example_project / "generated/.pearls-output").unlink()  # filled before folders were marked
    init_ignore = REPO / "templates/init/generated/dot-gitignore.j2"
    shutil.copy(init_ignore, example_project / "generated/.gitignore")
    assert check(example_project, capsys)[0] == 0
    assert mkdocs_build(example_project)[0] == 0


def test_the_docs_dir_judged_is_the_one_mkdocs_reads(example_project, capsys, monkeypatch):
    """``!ENV`` (or INHERIT) can name another folder than the line says: the check and the
    build judge the folder MkDocs will write into."""
    line = configure(example_project, "docs_dir: generated\n", "docs_dir: !ENV PEARLS_DOCS\n")
    monkeypatch.setenv("PEARLS_DOCS", "content")
    status, lines = check(example_project, capsys)
    assert status == 1
    assert (
        f"mkdocs.yml:{line}:11: error[CFG011]: docs_dir: content is the source folder content/; "
        f"outputs go elsewhere ({HINT})"
    ) in lines
    sources = files_of(example_project)
    status, output = mkdocs_build(example_project, PEARLS_DOCS="content")
    assert status == 1
    assert "docs_dir: content is the source folder content/" in output
    assert files_of(example_project) == sources


@pytest.mark.parametrize(("value", "col"), [("5", 1), ("", 1), ("[a]", 11)])
def test_an_inherit_that_is_not_a_file_name_is_an_error_at_its_line(
    example_project, capsys, value, col
):
    config = example_project / "mkdocs.yml"
    config.write_text(f"INHERIT: {value}\n" + config.read_text())
    status, lines = check(example_project, capsys)
    assert status == 1
    assert [line for line in lines if "CFG009" in line] == [
        f"mkdocs.yml:1:{col}: error[CFG009]: INHERIT: must name a YAML file of settings, as text "
        "(MkDocs refuses it, so the build would stop: see "
        "https://www.mkdocs.org/user-guide/configuration/#INHERIT)"
    ]


def test_pages_that_cannot_be_written_are_one_line_under_plain_mkdocs_build(example_project):
    """A read-only project (here: a folder where a generated page goes, which root cannot
    write either) was a Python traceback."""
    assert mkdocs_build(example_project)[0] == 0
    home = example_project / "generated" / "index.md"
    home.unlink()
    home.mkdir()
    status, output = mkdocs_build(example_project)
    assert status == 1
    assert "Traceback" not in output
    assert output.strip().splitlines()[-1].startswith(
        f"pearls: the pages were not generated ({example_project / 'generated' / 'index.md'}: "
    ), output


SITE_HINT = "set site_dir to a folder of its own (site_dir: site), or empty that one"


def test_a_site_dir_that_is_a_source_folder_is_refused_before_mkdocs_empties_it(
    example_project, capsys
):
    """`site_dir: content` passed the check, and plain `mkdocs build` emptied content/ (every
    pearl) to build the site there."""
    new = "docs_dir: generated\nsite_dir: content\n"
    line = configure(example_project, "docs_dir: generated\n", new) + 1
    problem = "site_dir: content is the source folder content/; outputs go elsewhere"
    status, lines = check(example_project, capsys)
    assert status == 1
    assert f"mkdocs.yml:{line}:11: error[CFG061]: {problem} ({SITE_HINT})" in lines
    sources = files_of(example_project)
    status, output = mkdocs_build(example_project)
    assert status == 1
    assert f"{problem}; {SITE_HINT}" in output
    assert files_of(example_project) == sources


def test_plain_mkdocs_build_never_empties_a_site_folder_holding_others_files(
    example_project, capsys
):
    """MkDocs deletes everything in site_dir before it builds: a folder holding files neither
    pearls nor MkDocs made is refused; the site a build made is marked, and rebuilt later."""
    site = example_project / "site"
    site.mkdir()
    (site / "notes.txt").write_text("kept\n")
    status, lines = check(example_project, capsys)
    assert status == 1
    problem = "error[CFG061]: site_dir: site/ holds files pearls did not make"
    assert any(problem in line for line in lines), lines
    status, output = mkdocs_build(example_project)
    assert status == 1
    assert "site_dir: site/ holds files pearls did not make, and MkDocs deletes" in output
    assert (site / "notes.txt").read_text() == "kept\n"

    (site / "notes.txt").unlink()
    assert mkdocs_build(example_project)[0] == 0
    assert (site / ".pearls-output").is_file()
    assert check(example_project, capsys)[0] == 0
    assert mkdocs_build(example_project)[0] == 0  # the site it made, emptied and built again
    (site / ".pearls-output").unlink()  # built by MkDocs before sites were marked
    assert mkdocs_build(example_project)[0] == 0
