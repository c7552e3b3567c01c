"""`python -m benchmarks`: time the generator on a synthetic archive and compare with its targets.

Every row runs as a subprocess on the same archive in the same run (median of ``--repeat`` runs),
so ratios compare like with like on a noisy machine. Peak memory is each subprocess's maximum
resident set (``os.wait4``, the per-child figure behind ``getrusage(RUSAGE_CHILDREN)``).
"""

from __future__ import annotations

import argparse
import datetime as dt
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

from benchmarks.archive import wednesday, write_archive

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
ROWS = (
    "check_cold",
    "check_warm",
    "check_floor",
    "generate",
    "build_cold",
    "build",
    "build_edit",
    "mkdocs_plain",
    "email",
    "check_cold_2x",
    "build_2x",
)


@dataclass
class Row:
    """One timed command: the median and every run, its peak memory, and whether it worked."""

    name: str
    status: str = "ok"  # ok | failed | skipped | pending
    seconds: float | None = None
    runs: list[float] = field(default_factory=list)
    peak_rss_mb: float | None = None
    error: str = ""


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


def run_once(command: Sequence[str], cwd: Path) -> tuple[float, float, str, str]:
    """Wall seconds, peak RSS (MB), stdout and an error text ('' when it exited 0)."""
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
    return seconds, usage.ru_maxrss / 1024, stdout, problem


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
    peaks = []
    for run in range(repeat):
        if prepare is not None:
            prepare(run)
        seconds, peak, stdout, problem = run_once(command, cwd)
        if problem:
            return Row(name, status="failed", error=problem)
        row.runs.append(float(stdout.split()[-1]) if own_timing else seconds)
        peaks.append(peak)
    row.seconds = statistics.median(row.runs)
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


def benchmark(work: Path, count: int, references: int, repeat: int, scale: bool) -> dict:
    """Every row, the HTML sizes and the targets, measured on archives written into ``work``."""
    archive = write_archive(work / "archive", count, references)
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
    edited = edit_one_pearl(archive)
    rows["build_edit"] = measure("build_edit", build, archive, repeat, prepare=edited)
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
    mkdocs += ["-f", str(plain_config(archive, docs)), "-d", str(work / "plain-site")]
    rows["mkdocs_plain"] = measure("mkdocs_plain", mkdocs, archive, repeat)
    email = pearls("email", last, "-o", str(work / "email"))
    rows["email"] = measure("email", email, archive, repeat)
    if scale:
        bigger = write_archive(work / "archive-2x", 2 * count, references)
        big_as_of = wednesday(2 * count).isoformat()
        rows["check_cold_2x"] = measure(
            "check_cold_2x", pearls("check", "--no-cache"), bigger, repeat
        )
        big_build = pearls("build", "--as-of", big_as_of, "-d", str(work / "site-2x"))
        run_once(big_build, bigger)  # fills the site cache, as for the 1x rebuild
        rows["build_2x"] = measure("build_2x", big_build, bigger, repeat)
    else:
        rows["check_cold_2x"] = Row("check_cold_2x", status="skipped", error="use --scale")
        rows["build_2x"] = Row("build_2x", status="skipped", error="use --scale")
    html = html_sizes(site)
    # The memory target is the default archive's; the 2x rows' peaks are in the table.
    peaks = [
        row.peak_rss_mb
        for name, row in rows.items()
        if row.peak_rss_mb is not None and not name.endswith("_2x")
    ]
    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    plain = rows["mkdocs_plain"]
    targets = [
        Target("check cold / floor", ratio(rows["check_cold"], rows["check_floor"]), 3.0),
        Target("check warm / cold", ratio(rows["check_warm"], rows["check_cold"]), 0.3),
        Target("rebuild / plain mkdocs", ratio(rows["build"], plain), 1.15),
        Target("build, 1 pearl edited / plain", ratio(rows["build_edit"], plain), 1.15),
        Target("build, no cache / plain mkdocs", ratio(rows["build_cold"], plain), 1.15),
        Target("email / build", ratio(rows["email"], rows["build"]), 0.1),
        Target("check 2x / 1x pearls", ratio(rows["check_cold_2x"], rows["check_cold"]), 2.1),
        Target("build 2x / 1x pearls", ratio(rows["build_2x"], rows["build"]), 2.1),
        Target("HTML KB per pearl page (max)", html["max_kb"] if html["pages"] else None, 40.0),
        Target(f"peak RSS MB, {count} pearls", max(peaks) if peaks else None, 300.0),
    ]
    return {
        "machine": machine(),
        "parameters": {
            "pearls": count,
            "references": references,
            "repeat": repeat,
            "scale": scale,
            "date": dt.date.today().isoformat(),
        },
        "rows": {name: asdict(rows[name]) for name in ROWS},
        "html": html,
        "peak_rss_children_mb": children_peak,
        "targets": [asdict(t) | {"verdict": t.verdict} for t in targets],
    }


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
    lines = [f"{'row':<16}{'median s':>10}{'runs':>26}{'peak MB':>10}  status"]
    for name, row in results["rows"].items():
        median = f"{row['seconds']:.2f}" if row["seconds"] is not None else "-"
        runs = " ".join(f"{r:.2f}" for r in row["runs"]) or "-"
        peak = f"{row['peak_rss_mb']:.0f}" if row["peak_rss_mb"] is not None else "-"
        status = row["status"] + (f" ({row['error']})" if row["error"] else "")
        lines.append(f"{name:<16}{median:>10}{runs:>26}{peak:>10}  {status}")
    html = results["html"]
    lines.append(
        f"\nHTML per pearl page: {html['mean_kb']:.1f} KB mean, {html['max_kb']:.1f} KB max "
        f"({html['pages']} pages)\n"
    )
    lines.append(f"{'target':<32}{'value':>10}{'limit':>8}  verdict")
    for target in results["targets"]:
        value = f"{target['value']:.2f}" if target["value"] is not None else "-"
        lines.append(f"{target['name']:<32}{value:>10}{target['limit']:>8.2f}  {target['verdict']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--pearls", type=int, default=1000, help="pearls in the archive")
    parser.add_argument("--references", type=int, default=5000, help=".bib entries")
    parser.add_argument("--repeat", type=int, default=3, help="runs per row (the median counts)")
    parser.add_argument(
        "--scale", action="store_true", help="also time an archive of twice the pearls"
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
    work = args.keep or Path(tempfile.mkdtemp(prefix="pearls-bench-"))
    try:
        results = benchmark(work, args.pearls, args.references, args.repeat, args.scale)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(table(results))
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
