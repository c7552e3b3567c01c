"""`python -m benchmarks`: time the generator on a synthetic archive and compare with its targets.

Every row runs as a subprocess on the same archive in the same run (median of ``--repeat`` runs),
so ratios compare like with like on a noisy machine. Peak memory is each subprocess's maximum
resident set, and its CPU seconds are user + system time of it and the processes it waited for
(``os.wait4``, the per-child figures behind ``getrusage(RUSAGE_CHILDREN)``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks.archive import wednesday, write_archive, write_peer
from benchmarks.serve import editor_loop, unavailable
from generator.cache import CACHE_DIR

#: The floor of `pearls check`: YAML-parse each front matter, pybtex-parse the .bib, nothing more.
FLOOR = """
import sys
from pathlib import Path
import yaml
from pybtex.database import parse_file
root = Path(sys.argv[1])
for path in sorted((root / "content" / "pearls").rglob("*.md")):
    front = path.read_text(encoding="utf-8").split("\\n---", 1)[0][4:]
    yaml.load(front, Loader=yaml.CSafeLoader)
parse_file(str(root / "references.bib"))
"""
#: The generator stage alone: the site's pages from a loaded project; prints its own seconds.
GENERATE = """
import datetime as dt, shutil, sys, time
from pathlib import Path
from mkdocs.config import load_config
from generator.project import load_project
from generator.site.generate import generate_site
from generator.site.hooks import markdown_renderer
from generator.site.model import SiteOptions
root, docs, as_of = Path(sys.argv[1]), Path(sys.argv[2]), dt.date.fromisoformat(sys.argv[3])
shutil.rmtree(docs, ignore_errors=True)
docs.mkdir(parents=True)
project = load_project(root)
to_html = markdown_renderer(load_config(str(root / "mkdocs.yml"), docs_dir=str(docs)))
start = time.perf_counter()
generate_site(project, docs, SiteOptions(as_of=as_of), to_html)
print(time.perf_counter() - start)
"""
#: The floor of a big .bib's check: pybtex's own parse of it.
PARSE = "import sys; from pybtex.database import parse_file; parse_file(sys.argv[1])"
ROWS = (
    "check_cold",
    "check_warm",
    "check_floor",
    "generate",
    "build_cold",
    "build",
    "build_restored",
    "build_edit",
    "build_add",
    "mkdocs_plain",
    "peer_a_material",
    "peer_b_bibtex",
    "email",
    "serve_edit",
    "check_big_bib",
    "parse_big_bib",
    "check_cold_scaled",
    "build_cold_scaled",
)
#: The most a build may take, as a share of each peer's (issue 18).
PEER_A, PEER_B = 1.15, 0.35
#: Pearls citing the big .bib: "only a few".
BIG_BIB_PEARLS = 20


@dataclass
class Row:
    """One timed command: the median and every run, its peak memory, and whether it worked."""

    name: str
    status: str = "ok"  # ok | failed | skipped | pending
    seconds: float | None = None
    runs: list[float] = field(default_factory=list)
    peak_rss_mb: float | None = None
    #: The median of the runs' CPU seconds (user + system, forked copies included).
    cpu_seconds: float | None = None
    error: str = ""
    #: serve_edit only: median seconds of each stage (write → detected → rebuilt → shown).
    stages: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    """A ratio or size and the most it may be."""

    name: str
    value: float | None
    limit: float

    @property
    def verdict(self) -> str:
        if self.value is None:
            return "n/a"
        return "PASS" if self.value <= self.limit else "FAIL"


def run_once(command: Sequence[str], cwd: Path) -> tuple[float, float, float, str, str]:
    """Wall seconds, CPU seconds, peak RSS (MB), stdout and an error text ('' when it exited
    0)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", NO_COLOR="1")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        problem = ""
        if process.returncode:
            lines = err.read().decode(errors="replace").strip().splitlines() or ["(no output)"]
            problem = f"exit {process.returncode}: {lines[-1]}"
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, stdout, problem


def measure(
    name: str,
    command: Sequence[str],
    cwd: Path,
    repeat: int,
    own_timing: bool = False,
    prepare: Callable[[int], object] | None = None,
) -> Row:
    """The median of ``repeat`` runs (``own_timing``: the seconds the command prints);
    ``prepare(run)``, untimed, before each run."""
    row = Row(name)
    peaks, cpus = [], []
    for run in range(repeat):
        if prepare is not None:
            prepare(run)
        seconds, cpu, peak, stdout, problem = run_once(command, cwd)
        if problem:
            return Row(name, status="failed", error=problem)
        row.runs.append(float(stdout.split()[-1]) if own_timing else seconds)
        cpus.append(cpu)
        peaks.append(peak)
    row.seconds = statistics.median(row.runs)
    row.cpu_seconds = statistics.median(cpus)
    row.peak_rss_mb = max(peaks)
    return row


def pearls(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "generator", *arguments]


def edit_one_pearl(archive: Path) -> Callable[[int], None]:
    """Before each run, a new last sentence in one pearl (as an editor's fix between builds)."""
    paths = sorted((archive / "content" / "pearls").rglob("*.md"))
    path = paths[len(paths) // 2]
    original = path.read_text(encoding="utf-8")

    def edit(run: int) -> None:
        path.write_text(original + f"\nEdited before rebuild {run + 1}.\n", encoding="utf-8")

    return edit


def add_one_pearl(archive: Path, added: Path, build: Sequence[str]) -> Callable[[int], None]:
    """Before each run, the site built (``build``) without ``added`` (this week's pearl, kept
    outside the archive), then the pearl put in (as the editor adds the week's pearl)."""
    target = archive / "content" / "pearls" / added.parent.name / added.name

    def add(run: int) -> None:
        target.unlink(missing_ok=True)
        run_once(build, archive)
        shutil.copy(added, target)

    return add


def restored_by_ci(*folders: Path) -> Callable[[int], None]:
    """Before each run, ``folders`` as a CI job's cache step restores them: the same bytes and
    modification times in new files (new inodes and change times)."""

    def restore(run: int) -> None:
        for folder in folders:
            copy = folder.with_name(folder.name + ".restored")
            shutil.copytree(folder, copy, symlinks=True)
            shutil.rmtree(folder)
            copy.rename(folder)

    return restore


def plain_config(archive: Path, docs: Path) -> Path:
    """The archive's mkdocs.yml without the generator's plugin, reading the pages in ``docs``."""
    text = (archive / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"^  - pearls\b.*\n(?:    .*\n)*", "", text, flags=re.MULTILINE)  # and options
    text = re.sub(r"^docs_dir:.*$", f"docs_dir: {json.dumps(str(docs))}", text, flags=re.M)
    path = archive / "mkdocs-plain.yml"
    path.write_text(text, encoding="utf-8")
    return path


def html_sizes(site: Path) -> dict[str, float]:
    """Bytes of each pearl page of a built site: count, mean and largest, in KB."""
    sizes = [p.stat().st_size for p in (site / "pearls").glob("*/index.html")]
    if not sizes:
        return {"pages": 0, "mean_kb": 0.0, "max_kb": 0.0}
    return {
        "pages": len(sizes),
        "mean_kb": statistics.mean(sizes) / 1024,
        "max_kb": max(sizes) / 1024,
    }


def peer_unavailable() -> str:
    """Why peer B cannot be built here ('' when it can)."""
    if importlib.util.find_spec("mkdocs_bibtex") is None:
        return "mkdocs-bibtex is not installed (pip install -e '.[bench]')"
    return ""


def rss_limit(count: int) -> float:
    """Issue 18's memory goal (MB): 300 up to 2,000 pearls, 1 GB up to 10,000."""
    return 300.0 if count <= 2000 else 1024.0


def serve_row(archive: Path, as_of: str, repeat: int) -> Row:
    """The editor's loop as a row: the median seconds and the median of each stage."""
    reason = unavailable()
    if reason:
        return Row("serve_edit", status="skipped", error=reason)
    try:
        loop = editor_loop(archive, as_of, repeat)
    except Exception as exc:  # Playwright's and the server's failures alike: reported, not raised
        return Row("serve_edit", status="failed", error=str(exc).splitlines()[0])
    stages = {
        name: statistics.median(stage[name] for stage in loop.stages) for name in loop.stages[0]
    }
    return Row("serve_edit", seconds=statistics.median(loop.runs), runs=loop.runs, stages=stages)


def benchmark(
    work: Path, count: int, references: int, repeat: int, scale: int, big_bib: int, serve: bool
) -> dict:
    """Every row, the HTML sizes and the targets, measured on archives written into ``work``."""
    # one pearl more, set aside: this week's, which build_add adds (the others are as written)
    archive = write_archive(work / "archive", count + 1, references)
    newest = max((archive / "content" / "pearls").rglob("*.md"))
    added = work / "added" / newest.parent.name / newest.name
    added.parent.mkdir(parents=True, exist_ok=True)
    os.replace(newest, added)
    as_of = wednesday(count).isoformat()
    last = wednesday(count - 1).isoformat()
    rows: dict[str, Row] = {}
    rows["check_cold"] = measure("check_cold", pearls("check", "--no-cache"), archive, repeat)
    run_once(pearls("check"), archive)  # fills the cache
    rows["check_warm"] = measure("check_warm", pearls("check"), archive, repeat)
    floor = [sys.executable, "-c", FLOOR, str(archive)]
    rows["check_floor"] = measure("check_floor", floor, archive, repeat)
    docs = work / "docs"
    generate = [sys.executable, "-c", GENERATE, str(archive), str(docs), as_of]
    rows["generate"] = measure("generate", generate, archive, repeat, own_timing=True)
    site = work / "site"
    build = pearls("build", "--as-of", as_of, "-d", str(site))
    rows["build_cold"] = measure("build_cold", [*build, "--no-cache"], archive, repeat)
    run_once(build, archive)  # fills the site cache
    rows["build"] = measure("build", build, archive, repeat)
    restore = restored_by_ci(site, archive / CACHE_DIR)
    rows["build_restored"] = measure("build_restored", build, archive, repeat, prepare=restore)
    edited = edit_one_pearl(archive)
    rows["build_edit"] = measure("build_edit", build, archive, repeat, prepare=edited)
    build_add = pearls("build", "--as-of", as_of, "-d", str(work / "site-add"))
    add = add_one_pearl(archive, added, build_add)
    rows["build_add"] = measure("build_add", build_add, archive, repeat, prepare=add)
    (archive / "content" / "pearls" / added.parent.name / added.name).unlink(missing_ok=True)
    plain = mkdocs_build(plain_config(archive, docs), work / "plain-site")
    rows["mkdocs_plain"] = measure("mkdocs_plain", plain, archive, repeat)
    peer_a = write_peer(archive, work / "peer-a", bibtex=False)
    rows["peer_a_material"] = measure(
        "peer_a_material", mkdocs_build(peer_a, work / "peer-a-site"), archive, repeat
    )
    reason = peer_unavailable()
    if reason:
        rows["peer_b_bibtex"] = Row("peer_b_bibtex", status="skipped", error=reason)
    else:
        peer_b = write_peer(archive, work / "peer-b", bibtex=True)
        rows["peer_b_bibtex"] = measure(
            "peer_b_bibtex", mkdocs_build(peer_b, work / "peer-b-site"), archive, repeat
        )
    email = pearls("email", last, "-o", str(work / "email"))
    rows["email"] = measure("email", email, archive, repeat)
    if serve:
        rows["serve_edit"] = serve_row(archive, as_of, repeat)
    else:
        rows["serve_edit"] = Row("serve_edit", status="skipped", error="--no-serve")
    if big_bib:
        # Up to 3 authors: about 300 bytes an entry, 60 MB at 190,000 entries.
        bib = write_archive(work / "archive-big-bib", BIG_BIB_PEARLS, big_bib, most_authors=3)
        big_bib_mb = (bib / "references.bib").stat().st_size / 1e6
        check = pearls("check", "--no-cache")
        rows["check_big_bib"] = measure("check_big_bib", check, bib, repeat)
        parse = [sys.executable, "-c", PARSE, str(bib / "references.bib")]
        rows["parse_big_bib"] = measure("parse_big_bib", parse, bib, repeat)
    else:
        big_bib_mb = 0.0
        for name in ("check_big_bib", "parse_big_bib"):
            rows[name] = Row(name, status="skipped", error="use --big-bib ENTRIES")
    if scale:
        bigger = write_archive(work / "archive-scaled", scale, references)
        check = pearls("check", "--no-cache")
        rows["check_cold_scaled"] = measure("check_cold_scaled", check, bigger, repeat)
        big_build = pearls("build", "--no-cache", "--as-of", wednesday(scale).isoformat())
        big_build += ["-d", str(work / "site-scaled")]
        rows["build_cold_scaled"] = measure("build_cold_scaled", big_build, bigger, repeat)
    else:
        for name in ("check_cold_scaled", "build_cold_scaled"):
            rows[name] = Row(name, status="skipped", error="use --scale PEARLS")
    html = html_sizes(site)
    own = (
        "check_cold", "check_warm", "generate", "build_cold", "build", "build_restored",
        "build_edit", "build_add", "email",
    )
    peaks = [rows[name].peak_rss_mb for name in own if rows[name].peak_rss_mb is not None]
    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    peer_a_row, peer_b_row = rows["peer_a_material"], rows["peer_b_bibtex"]
    scaled = scale or 10 * count  # without --scale: issue 18's goal for ten times the pearls
    grows = 1.05 * scaled / count  # linear, with 5% to spare: 10.5x for ten times the pearls
    targets = [
        Target("rebuild / peer A (material)", ratio(rows["build"], peer_a_row), PEER_A),
        Target("no-cache build / peer A", ratio(rows["build_cold"], peer_a_row), PEER_A),
        Target("rebuild / peer B (bibtex)", ratio(rows["build"], peer_b_row), PEER_B),
        Target("no-cache build / peer B", ratio(rows["build_cold"], peer_b_row), PEER_B),
        Target("rebuild, CI-restored / peer A", ratio(rows["build_restored"], peer_a_row), PEER_A),
        Target("rebuild, CI-restored / peer B", ratio(rows["build_restored"], peer_b_row), PEER_B),
        Target("serve: saved -> shown, s", rows["serve_edit"].seconds, 2.0),
        Target(f"peak RSS MB, {count} pearls", max(peaks) if peaks else None, rss_limit(count)),
        Target(
            f"check no-cache, {scaled} / {count}",
            ratio(rows["check_cold_scaled"], rows["check_cold"]),
            grows,
        ),
        Target(
            f"build no-cache, {scaled} / {count}",
            ratio(rows["build_cold_scaled"], rows["build_cold"]),
            grows,
        ),
        Target(
            f"peak RSS MB, {scaled} pearls",
            peak(rows["check_cold_scaled"], rows["build_cold_scaled"]),
            rss_limit(scaled),
        ),
        Target(
            "check big .bib / pybtex parse",
            ratio(rows["check_big_bib"], rows["parse_big_bib"]),
            3.0,
        ),
        Target("peak RSS MB, check big .bib", rows["check_big_bib"].peak_rss_mb, 1024.0),
        Target("check cold / floor", ratio(rows["check_cold"], rows["check_floor"]), 3.0),
        Target("check warm / cold", ratio(rows["check_warm"], rows["check_cold"]), 0.3),
        Target("email / build", ratio(rows["email"], rows["build"]), 0.1),
        Target("HTML KB per pearl page (max)", html["max_kb"] if html["pages"] else None, 40.0),
    ]
    return {
        "machine": machine(),
        "parameters": {
            "pearls": count,
            "references": references,
            "repeat": repeat,
            "scale": scale,
            "big_bib": big_bib,
            "big_bib_mb": round(big_bib_mb, 1),
            "date": dt.date.today().isoformat(),
        },
        "versions": versions(),
        "rows": {name: asdict(rows[name]) for name in ROWS},
        "html": html,
        "peak_rss_children_mb": children_peak,
        "targets": [asdict(t) | {"verdict": t.verdict} for t in targets],
    }


def mkdocs_build(config: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]


def peak(*rows: Row) -> float | None:
    values = [row.peak_rss_mb for row in rows if row.peak_rss_mb is not None]
    return max(values) if values else None


def versions() -> dict[str, str | None]:
    """The pinned tools both the generator and its peers run on."""
    found = {}
    for name in ("mkdocs", "mkdocs-material", "mkdocs-bibtex", "pybtex", "markdown"):
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    return found


def ratio(top: Row, bottom: Row) -> float | None:
    if top.seconds is None or not bottom.seconds:
        return None
    return top.seconds / bottom.seconds


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    memory_gb = None
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M).group(1)  # type: ignore[union-attr]
        kb = re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(), re.M)
        memory_gb = round(int(kb.group(1)) / 1024**2, 1) if kb else None
    except (OSError, AttributeError):
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": memory_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def table(results: dict) -> str:
    """The rows and the targets as a plain-text table."""
    lines = [f"{'row':<18}{'median s':>10}{'CPU s':>8}{'runs':>26}{'peak MB':>10}  status"]
    for name, row in results["rows"].items():
        median = f"{row['seconds']:.2f}" if row["seconds"] is not None else "-"
        cpu = f"{row['cpu_seconds']:.2f}" if row["cpu_seconds"] is not None else "-"
        runs = " ".join(f"{r:.2f}" for r in row["runs"]) or "-"
        peak = f"{row['peak_rss_mb']:.0f}" if row["peak_rss_mb"] is not None else "-"
        status = row["status"] + (f" ({row['error']})" if row["error"] else "")
        lines.append(f"{name:<18}{median:>10}{cpu:>8}{runs:>26}{peak:>10}  {status}")
    stages = results["rows"]["serve_edit"]["stages"]
    if stages:
        lines.append(
            "serve_edit, medians: MkDocs noticed the save after {detected_s:.2f} s, rebuilt in "
            "{rebuilt_s:.2f} s, the page showed it {reloaded_s:.2f} s later".format(**stages)
        )
    parameters = results["parameters"]
    lines.append(
        f"archive: {parameters['pearls']} pearls, {parameters['references']} .bib entries; "
        f"big .bib: {parameters['big_bib']} entries, {parameters['big_bib_mb']} MB"
    )
    lines += cpu_budget(results)
    html = results["html"]
    lines.append(
        f"\nHTML per pearl page: {html['mean_kb']:.1f} KB mean, {html['max_kb']:.1f} KB max "
        f"({html['pages']} pages)\n"
    )
    lines.append(f"{'target':<34}{'value':>10}{'limit':>8}  verdict")
    for target in results["targets"]:
        value = f"{target['value']:.2f}" if target["value"] is not None else "-"
        limit = f"{target['limit']:.2f}"
        lines.append(f"{target['name']:<34}{value:>10}{limit:>8}  {target['verdict']}")
    return "\n".join(lines)


def cpu_budget(results: dict) -> list[str]:
    """What the no-cache goals leave a build to spend, in CPU seconds on this machine's cores
    (a build can be no shorter than its CPU seconds spread over every core), beside what the
    no-cache build spent."""
    rows, cores = results["rows"], results["machine"]["cpus"] or 1
    spent = rows["build_cold"]["cpu_seconds"]
    budgets = [
        f"{limit} x {name} ({rows[row]['seconds']:.2f} s) on {cores} cores: "
        f"{limit * rows[row]['seconds'] * cores:.2f}"
        for name, row, limit in (
            ("peer A", "peer_a_material", PEER_A),
            ("peer B", "peer_b_bibtex", PEER_B),
        )
        if rows[row]["seconds"]
    ]
    if spent is None or not budgets:
        return []
    return [f"no-cache build: {spent:.2f} CPU s; its goals allow " + "; ".join(budgets)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--pearls", type=int, default=1000, help="pearls in the archive")
    parser.add_argument("--references", type=int, default=5000, help=".bib entries")
    parser.add_argument("--repeat", type=int, default=3, help="runs per row (the median counts)")
    parser.add_argument(
        "--scale",
        type=int,
        default=0,
        metavar="PEARLS",
        help="also check and build (no cache) an archive of PEARLS pearls, e.g. 10000",
    )
    parser.add_argument(
        "--big-bib",
        type=int,
        default=0,
        metavar="ENTRIES",
        help=f"also check a project of {BIG_BIB_PEARLS} pearls citing a .bib of ENTRIES entries "
        "(issue 18: 190000) and time pybtex's own parse of it",
    )
    parser.add_argument(
        "--no-serve", action="store_true", help="skip the editor's loop (pearls serve + Chromium)"
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path(__file__).parent / "results.json",
        help="where to write the JSON results",
    )
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args(argv)
    if args.pearls < 1 or args.references < 1 or args.repeat < 1:
        parser.error("--pearls, --references and --repeat must be at least 1")
    if args.scale < 0 or args.big_bib < 0:
        parser.error("--scale and --big-bib must be positive (or 0: skip those rows)")
    work = args.keep or Path(tempfile.mkdtemp(prefix="pearls-bench-"))
    try:
        results = benchmark(
            work,
            args.pearls,
            args.references,
            args.repeat,
            args.scale,
            args.big_bib,
            not args.no_serve,
        )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(table(results))
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
