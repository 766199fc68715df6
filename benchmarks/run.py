"""Benchmark: build N generated exemplars with our stack and, back to back, plain Material.

For each N it generates a content tree (benchmarks/generate.py), times `exemplars check` on
it, builds it with the project's mkdocs.yml and hooks, then builds the floor: plain Material
(this project's theme settings and Markdown extensions, no hooks, no overrides) building as
many simple Markdown pages as our site has, with a small nav. It writes docs/benchmarks.md
with the table, the budget verdicts and the machine it ran on.

    python -m benchmarks.run                  # N = 1000 5000 10000
    python -m benchmarks.run --sizes 1000 5000
    make bench N="1000 5000"

Wall times depend on what else the machine runs: the report gives the load average and the
CPU time (user + system) of every process next to the wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import yaml

from benchmarks.generate import generate
from exemplars.content.disk_cache import RACY_SECONDS

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1000, 5000, 10000)
TODAY = "2026-11-29"  # a fixed build date: two runs publish exactly the same records
QUERIES = ["Nguyễn Văn An", "tran thi", "Trà Cổ", "tiêm chủng", "Đặng"]
REPORT = ROOT / "docs" / "benchmarks.md"
NOTES_MARKER = "<!-- notes: written by hand, kept when make bench rewrites the tables -->"

# The budget on a 2-core machine (issues #8 and #15).
MAX_RATIO = 1.5  # our build ÷ plain Material, at 5k and 10k
MAX_RSS = 1024**3  # peak memory of the build's whole process tree at 10k
MAX_CHECK_SECONDS = 3.0  # `exemplars check` after a saved change, at 10k
# `exemplars check` after a saved change ÷ a bare libyaml parse of the same files, at 10k
MAX_CHECK_RATIO = 2.0
MAX_PREVIEW = 0.05  # a preview's rebuild after one save ÷ a full build, at 10k
MAX_PAGE_BYTES = 100 * 1024  # every HTML page
MAX_GROWTH = 11.0  # build time at 10k ÷ at 1k
# Samples of `exemplars check` (a first check, then one after a saved change) and of the
# bare parse, in turn; the table gives the medians.
CHECK_REPEATS = 3


@dataclass
class Measured:
    """One child process: wall and CPU seconds, peak resident memory, how it ended."""

    wall: float
    cpu: float
    max_rss: int
    returncode: int
    output: str = ""
    tree_rss: int = 0  # peak of the summed RSS of the process and its descendants, sampled


@dataclass
class SiteStats:
    pages: int = 0
    bytes: int = 0
    largest_page: str = ""
    largest_bytes: int = 0
    over_budget: list[str] = field(default_factory=list)


@dataclass
class Result:
    n: int
    decisions: int
    stories: int
    generate_seconds: float
    check: Measured
    ours: Measured
    floor: Measured
    ours_site: SiteStats
    floor_site: SiteStats
    search: dict | None
    load_before: float
    load_after: float
    bare_yaml: Measured | None = None
    preview: dict | None = None
    # `check` is a check after one saved change (what editors run), this a first check:
    # nothing in its cache (.cache/check), every file read.
    first_check: Measured | None = None
    # Every sample's wall seconds, in the order they ran (ours and the floor alternate, as
    # do the check and the bare parse); the figures above are the median samples.
    ours_samples: list[float] = field(default_factory=list)
    floor_samples: list[float] = field(default_factory=list)
    check_samples: list[float] = field(default_factory=list)
    bare_yaml_samples: list[float] = field(default_factory=list)
    first_check_samples: list[float] = field(default_factory=list)

    @property
    def check_ratio(self) -> float | None:
        if self.bare_yaml is None or not self.bare_yaml.wall:
            return None
        return self.check.wall / self.bare_yaml.wall

    @property
    def first_check_ratio(self) -> float | None:
        if self.first_check is None or self.bare_yaml is None or not self.bare_yaml.wall:
            return None
        return self.first_check.wall / self.bare_yaml.wall

    @property
    def preview_share(self) -> float | None:
        """The slower of the two preview rebuilds ÷ our full build."""
        if not self.preview or not self.ours.wall:
            return None
        worst = max(self.preview["edit_seconds"], self.preview["decision_seconds"])
        return worst / self.ours.wall

    @property
    def ratio(self) -> float:
        return self.ours.wall / self.floor.wall if self.floor.wall else float("inf")

    @property
    def cpu_ratio(self) -> float:
        return self.ours.cpu / self.floor.cpu if self.floor.cpu else float("inf")


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "EXEMPLARS_TODAY": TODAY,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def tree_rss(pid: int) -> int:
    """Resident memory of `pid` and all its descendants now, in bytes (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))  # field 4: ppid
        rss[int(entry)] = int(fields[21]) * page  # field 24: rss in pages
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo.extend(children.get(current, []))
    return total


class _TreeSampler(threading.Thread):
    """Samples a process tree's summed RSS every `interval` s: Pagefind is a child, and
    wait4's ru_maxrss gives only the largest single process, not the sum."""

    def __init__(self, pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            if os.path.isdir("/proc"):
                self.peak = max(self.peak, tree_rss(self.pid))
            self.done.wait(self.interval)


def run_measured(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measured:
    """Run a child process; its rusage (os.wait4) gives CPU time, a sampler the tree's RSS."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(
            args,
            cwd=cwd,
            env={**environment(), **(env or {})},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        sampler = _TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode("utf-8", errors="replace")
    return Measured(
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss * 1024,
        process.returncode,
        text,
        tree_rss=max(sampler.peak, usage.ru_maxrss * 1024),
    )


def our_config(content: Path, site: Path, config_path: Path) -> Path:
    """The project's mkdocs.yml and hooks, pointed at another content folder."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(
        docs_dir=str(content), site_dir=str(site), hooks=[str(ROOT / "build_hooks.py")], watch=[]
    )
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["nav"] = [
        item
        for item in config["nav"]
        if (content / list(item.values())[0]).exists()
        or list(item.values())[0].endswith("/index.md")
    ]
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return config_path


def floor_tree(folder: Path, pages: int, bodies: list[str]) -> Path:
    """Plain Material: `pages` simple Markdown pages, a five-item nav, our theme settings."""
    docs = folder / "docs"
    if folder.exists():
        shutil.rmtree(folder)
    sections = ["a", "b", "c", "d"]
    for section in sections:
        (docs / section).mkdir(parents=True)
    (docs / "index.md").write_text("# Trang chủ\n\nTrang mẫu.\n", encoding="utf-8")
    for number in range(1, pages):
        section = sections[number % len(sections)]
        name = "index.md" if number <= len(sections) else f"p{number:05d}.md"
        body = bodies[number % len(bodies)] if bodies else "Nội dung.\n"
        (docs / section / name).write_text(f"# Trang {number}\n\n{body}", encoding="utf-8")
    ours = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config = {
        "site_name": "Material",
        "docs_dir": str(docs),
        "site_dir": str(folder / "site"),
        "use_directory_urls": True,
        "theme": {k: v for k, v in ours["theme"].items() if k != "custom_dir"},
        "plugins": ours.get("plugins", []),
        "markdown_extensions": ours["markdown_extensions"],
        "nav": [{"Trang chủ": "index.md"}]
        + [{f"Mục {s.upper()}": f"{s}/index.md"} for s in sections],
        "not_in_nav": "\n".join(f"/{s}/" for s in sections),
    }
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def bodies_of(content: Path, limit: int = 200) -> list[str]:
    """Markdown bodies of generated exemplars, so the floor converts similar text."""
    found = []
    for path in sorted((content / "exemplars").glob("*.md"))[:limit]:
        _, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
        found.append(body)
    return found


def site_stats(site: Path) -> SiteStats:
    stats = SiteStats()
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        stats.bytes += size
        if path.suffix == ".html":
            stats.pages += path.name == "index.html"  # pages, not 404.html or redirects
            if size > stats.largest_bytes:
                stats.largest_bytes = size
                stats.largest_page = path.relative_to(site).as_posix()
            if size > MAX_PAGE_BYTES:
                stats.over_budget.append(path.relative_to(site).as_posix())
    return stats


def search_figures(site: Path) -> dict | None:
    """Pagefind figures from benchmarks/search_bench.py, when the search feature is there."""
    try:
        from benchmarks.search_bench import measure
    except ImportError:
        return None
    return measure(site, QUERIES)


def build_ours(content: Path, work: Path) -> tuple[Measured, Path]:
    site = work / "site"
    if site.exists():
        shutil.rmtree(site)
    config = our_config(content, site, work / "mkdocs.yml")
    args = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config)]
    return run_measured(args, ROOT), site


def build_floor(work: Path, config: Path) -> tuple[Measured, Path]:
    """Plain Material on the tree `floor_tree` wrote (config: its mkdocs.yml)."""
    args = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config)]
    return run_measured(args, work), work / "floor" / "site"


def check_tree(content: Path, cache: Path) -> Measured:
    """`exemplars check`, keeping what it reads in `cache` as it does in .cache/check."""
    return run_measured(
        [sys.executable, "-m", "exemplars", "check", str(content)],
        content.parent,
        {"EXEMPLARS_CHECK_CACHE": str(cache)},
    )


def check_samples(content: Path, cache: Path) -> tuple[list[Measured], ...]:
    """First checks, checks after a saved change and bare parses, `CHECK_REPEATS` each, in
    turn. A first check starts from an empty cache; the save before the other rewrites one
    exemplar (its body gets a line), as an editor does, and the file is put back after."""
    edited = sorted((content / "exemplars").glob("*.md"))[0]
    original = edited.read_bytes()
    # A file modified less than RACY_SECONDS before a check is read again by the next one:
    # the files the generator has just written would be, and an editor's tree is older.
    newest = max(path.stat().st_mtime for path in content.rglob("*.md"))
    time.sleep(max(0.0, newest + RACY_SECONDS + 0.5 - time.time()))
    firsts, checks, bares = [], [], []
    try:
        for sample in range(CHECK_REPEATS):
            shutil.rmtree(cache, ignore_errors=True)
            firsts.append(check_tree(content, cache))
            edited.write_bytes(original + f"\nSửa lần {sample + 1}.\n".encode())
            checks.append(check_tree(content, cache))
            bares.append(bare_yaml(content))
    finally:
        edited.write_bytes(original)
        shutil.rmtree(cache, ignore_errors=True)
    return firsts, checks, bares


def bare_yaml(content: Path) -> Measured:
    """The check's floor: read the same files and parse their front matter, nothing more."""
    return run_measured([sys.executable, "-m", "benchmarks.bare_yaml", str(content)], ROOT)


def preview_figures(content: Path, work: Path) -> dict | None:
    """A running preview's rebuilds after a save (benchmarks/preview.py), on a copy."""
    copy = work / "preview-content"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(content, copy)
    measured = run_measured(
        [sys.executable, "-m", "benchmarks.preview", str(copy), str(work / "preview")], ROOT
    )
    shutil.rmtree(copy, ignore_errors=True)
    shutil.rmtree(work / "preview", ignore_errors=True)
    if measured.returncode:
        print(f"  preview failed:\n{measured.output[-2000:]}", flush=True)
        return None
    return json.loads(measured.output.strip().splitlines()[-1])


def median_run(runs: list[Measured]) -> Measured:
    """The sample of median wall time (the lower middle one of an even count)."""
    return sorted(runs, key=lambda run: run.wall)[(len(runs) - 1) // 2]


def bench(
    n: int,
    work: Path,
    seed: int = 2021,
    search: bool = True,
    preview: bool = True,
    build_repeats: int = 1,
) -> Result:
    """Generate, check, build ours, build the floor, time the preview: one row of the table.

    One sample of a build can be a third off on a shared machine, so `build_repeats` runs
    our build and the floor in turn that many times (each ours a first build: its QR and
    image caches removed) and the row gives the medians and every sample.
    """
    work.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    counts = generate(work / "content", n, seed)
    generated = time.perf_counter() - start
    # The checks and their floor in turn: they see the same load.
    firsts, checks, bares = check_samples(work / "content", work / "check-cache")
    ours_runs: list[Measured] = []
    floor_runs: list[Measured] = []
    floor_config: Path | None = None
    for _ in range(build_repeats):  # our build and the floor in turn, each a first build
        shutil.rmtree(work / ".cache", ignore_errors=True)  # QR codes and images made anew
        ours, site = build_ours(work / "content", work)
        if ours.returncode:
            raise RuntimeError(f"build failed at N={n}:\n{ours.output[-3000:]}")
        ours_runs.append(ours)
        if floor_config is None:
            ours_site = site_stats(site)
            floor_config = floor_tree(work / "floor", ours_site.pages, bodies_of(work / "content"))
        floor, floor_site_dir = build_floor(work, floor_config)
        if floor.returncode:
            raise RuntimeError(f"plain Material build failed at N={n}:\n{floor.output[-3000:]}")
        floor_runs.append(floor)
    ours, floor = median_run(ours_runs), median_run(floor_runs)
    # The process tree's peak is the largest of every sample, not the median's.
    ours.tree_rss = max(run.tree_rss for run in ours_runs)
    figures = search_figures(site) if search else None
    previewed = preview_figures(work / "content", work) if preview else None
    return Result(
        n=n,
        decisions=counts.commendations,
        stories=counts.stories,
        generate_seconds=generated,
        check=median_run(checks),
        ours=ours,
        floor=floor,
        ours_site=ours_site,
        floor_site=site_stats(floor_site_dir),
        search=figures,
        load_before=load_before,
        load_after=os.getloadavg()[0],
        bare_yaml=median_run(bares),
        preview=previewed,
        ours_samples=[run.wall for run in ours_runs],
        floor_samples=[run.wall for run in floor_runs],
        check_samples=[run.wall for run in checks],
        bare_yaml_samples=[run.wall for run in bares],
        first_check=median_run(firsts),
        first_check_samples=[run.wall for run in firsts],
    )


# ---- the report ------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages / 1024**3:.1f} GiB"
    except (ValueError, OSError):
        pass
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("mkdocs", "mkdocs-material", "Jinja2", "Markdown", "pydantic", "PyYAML")
    )
    return {
        "CPU": cpu,
        "cores (nproc)": str(os.cpu_count()),
        "memory": memory,
        "system": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "packages": versions,
        "libyaml": "yes" if hasattr(yaml, "CSafeLoader") else "no",
    }


def _mb(value: int) -> str:
    return f"{value / 1024**2:.0f} MB"


def _kb(value: int) -> str:
    return f"{value / 1024:.0f} KB"


def budget(results: list[Result]) -> list[tuple[str, bool | None, str]]:
    """Each line of the budget: (what, holds?, the figures); None when not measured."""
    by_n = {r.n: r for r in results}
    lines: list[tuple[str, bool | None, str]] = []
    for n in (5000, 10000):
        r = by_n.get(n)
        lines.append(
            (
                f"build ≤ {MAX_RATIO}× plain Material at {n:,}",
                None if r is None else r.ratio <= MAX_RATIO,
                "not run"
                if r is None
                else f"{r.ratio:.2f}× ({r.ours.wall:.1f} s vs {r.floor.wall:.1f} s; "
                f"CPU {r.cpu_ratio:.2f}×){_samples(r.ours_samples, r.floor_samples)}",
            )
        )
    r = by_n.get(10000)
    lines.append(
        (
            "build's process tree (MkDocs + Pagefind) peak < 1 GB at 10,000",
            None if r is None else r.ours.tree_rss < MAX_RSS,
            "not run"
            if r is None
            else f"{_mb(r.ours.tree_rss)} (largest single process {_mb(r.ours.max_rss)})",
        )
    )
    lines.append(
        (
            f"`exemplars check` after a saved change ≤ {MAX_CHECK_SECONDS:.0f} s at 10,000",
            None if r is None else r.check.wall <= MAX_CHECK_SECONDS,
            "not run"
            if r is None
            else f"{r.check.wall:.2f} s"
            + ("" if r.first_check is None else f" (a first check {r.first_check.wall:.2f} s)"),
        )
    )
    ratio = None if r is None else r.check_ratio
    lines.append(
        (
            f"`exemplars check` after a saved change ≤ {MAX_CHECK_RATIO:.0f}× a bare libyaml "
            "parse at 10,000",
            None if ratio is None else ratio <= MAX_CHECK_RATIO,
            "not run"
            if ratio is None or r is None or r.bare_yaml is None
            else f"{ratio:.2f}× ({r.check.wall:.2f} s vs {r.bare_yaml.wall:.2f} s)"
            + _samples(r.check_samples, r.bare_yaml_samples, digits=2)
            + _first_check(r),
        )
    )
    share = None if r is None else r.preview_share
    lines.append(
        (
            f"preview shows a saved change ≤ {MAX_PREVIEW:.0%} of a full build at 10,000",
            None if share is None else share <= MAX_PREVIEW,
            "not run" if share is None or r is None else _preview_cell(r),
        )
    )
    largest = max(results, key=lambda r: r.ours_site.largest_bytes, default=None)
    lines.append(
        (
            "no HTML page over 100 KB",
            None if largest is None else largest.ours_site.largest_bytes <= MAX_PAGE_BYTES,
            "not run"
            if largest is None
            else f"largest {_kb(largest.ours_site.largest_bytes)} "
            f"(`{largest.ours_site.largest_page}` at {largest.n:,})",
        )
    )
    small, big = by_n.get(1000), by_n.get(10000)
    growth = big.ours.wall / small.ours.wall if small and big else None
    lines.append(
        (
            f"cost linear in N (10k ÷ 1k ≤ {MAX_GROWTH:.0f})",
            None if growth is None else growth <= MAX_GROWTH,
            "not run" if growth is None else f"{growth:.1f}",
        )
    )
    return lines


def _samples(first: list[float], second: list[float] | None = None, digits: int = 1) -> str:
    """ "; samples a, b, c s" (or "a, b, c / d, e, f s": two kinds run in turn, in the order
    they ran); nothing for a single sample."""
    if len(first) < 2:
        return ""
    kinds = [first] if second is None else [first, second]
    return (
        "; samples "
        + " / ".join(", ".join(f"{value:.{digits}f}" for value in kind) for kind in kinds)
        + " s"
    )


def _first_check(r: Result) -> str:
    """The first check's figures (nothing in its cache), said beside the check's."""
    if r.first_check is None or r.first_check_ratio is None:
        return ""
    return (
        f"; a first check, every file read: {r.first_check.wall:.2f} s = "
        f"{r.first_check_ratio:.2f}×{_samples(r.first_check_samples, digits=2)}"
    )


def _preview_cell(r: Result) -> str:
    p = r.preview
    if not p:
        return "n/a"
    listings = p.get("decision_listings_seconds")
    return (
        f"save {p['edit_seconds']:.1f} s ({p['edit_seconds'] / r.ours.wall:.1%}, "
        f"{p['edit_pages']} pages), new decision {p['decision_seconds']:.1f} s "
        f"({p['decision_seconds'] / r.ours.wall:.1%}, {p['decision_pages']} pages"
        + (f", its listings written at {listings:.1f} s" if listings else "")
        + "); samples "
        + " / ".join(
            ", ".join(f"{s:.1f}" for s in p.get(k, []))
            for k in ("edit_samples", "decision_samples")
        )
        + f" s; open data + search index after: {p['edit_background_seconds']:.0f} s"
    )


def _search_cell(search: dict | None) -> str:
    if search is None:
        return "n/a"
    if "max_bytes_fetched" not in search:  # an older or failed measurement: show it whole
        return "; ".join(f"{key}: {value}" for key, value in search.items())
    return (
        f"first query ≤ {search['max_bytes_fetched'] / 1000:.0f} KB; results in "
        f"{search['median_ms_to_results']} ms median, {search['max_ms_to_results']} ms max "
        f"(typed at load), {search['median_ms_to_results_settled']} ms median once settled; "
        f"indexing {search['index_seconds']:.1f} s for {search['pages_indexed']:,} pages"
    )


def report(results: list[Result], notes: str = "") -> str:
    """docs/benchmarks.md: the table, the budget, the machine."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` (benchmarks/run.py) on {when}. For each N the seeded "
        "generator (benchmarks/generate.py) writes N exemplars, N/5 decisions with several "
        "recipients each and N/20 stories; `exemplars check` runs on the tree, then our build "
        "(`mkdocs build --strict` with this project's mkdocs.yml and hooks) and, back to back, "
        "the floor: plain Material 9 with this project's theme settings and Markdown "
        "extensions, no hooks and no overrides, building as many simple Markdown pages as our "
        "site has, with a five-item nav. Times are wall-clock seconds. The check column is "
        "`exemplars check` after a saved change to one exemplar, with what the check before "
        "read in its cache (.cache/check), as editors run it; a first check, its cache empty, "
        "follows. A first check, a check after a change and a bare "
        f"parse run in turn {CHECK_REPEATS} times, and with `--build-repeats K` our build "
        "(each a first build, its QR and image caches removed) and the floor run in turn K "
        "times: a cell gives the median sample, and every sample in the order they ran when "
        "there are several. CPU is user + system seconds of the process; peak memory is the "
        "largest sum of resident memory over the build process and its children (Pagefind), "
        "sampled every 0.2 s, the largest of every sample. "
        "The preview column runs `mkdocs serve --dirty`'s builds (benchmarks/preview.py) on a "
        "copy of the tree: a save changing one exemplar's summary, then a new decision naming "
        "that exemplar, each timed until the exemplar's page shows it, as a share of our "
        "full build above.",
        "",
        "| N | decisions | stories | pages | our build | plain Material | ratio | CPU ratio "
        "| peak memory, process tree | site size | largest HTML page | `exemplars check` "
        "(÷ bare YAML) | preview after a save | search |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---|",
    ]
    for r in results:
        out.append(
            f"| {r.n:,} | {r.decisions:,} | {r.stories:,} | {r.ours_site.pages:,} "
            f"| {r.ours.wall:.1f} s (CPU {r.ours.cpu:.1f} s){_samples(r.ours_samples)} "
            f"| {r.floor.wall:.1f} s (CPU {r.floor.cpu:.1f} s){_samples(r.floor_samples)} "
            f"| {r.ratio:.2f}× | {r.cpu_ratio:.2f}× | {_mb(r.ours.tree_rss)} "
            f"(floor {_mb(r.floor.tree_rss)}) | {_mb(r.ours_site.bytes)} "
            f"| {_kb(r.ours_site.largest_bytes)} `{r.ours_site.largest_page}` "
            f"| {r.check.wall:.2f} s"
            + (f" ({r.check_ratio:.2f}×)" if r.check_ratio else "")
            + _samples(r.check_samples, r.bare_yaml_samples, digits=2)
            + _first_check(r)
            + f" | {_preview_cell(r)} | {_search_cell(r.search)} |"
        )
    out += [
        "",
        "Load average (1 min) before and after each size: "
        + ", ".join(f"{r.n:,}: {r.load_before:.1f} → {r.load_after:.1f}" for r in results)
        + ".",
        "",
    ]
    out += ["## Budget (2-core machine)", "", "| line | holds | measured |", "|---|---|---|"]
    for what, holds, figures in budget(results):
        verdict = "not measured" if holds is None else ("yes" if holds else "**NO**")
        out.append(f"| {what} | {verdict} | {figures} |")
    out += ["", "## Machine", "", "| | |", "|---|---|"]
    out += [f"| {key} | {value} |" for key, value in machine().items()]
    out += [
        "",
        "Search figures come from `benchmarks/search_bench.py` when present "
        "(“n/a”: the search feature was not in this build).",
        "",
        NOTES_MARKER,
    ]
    if notes:
        out += ["", notes.strip()]
    return "\n".join(out) + "\n"


def kept_notes(path: Path) -> str:
    """The hand-written analysis at the end of an earlier report, to carry over."""
    if not path.exists():
        return ""
    _, marker, notes = path.read_text(encoding="utf-8").partition(NOTES_MARKER)
    return notes.strip() if marker else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bảng vàng build benchmark")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    parser.add_argument("--out", type=Path, default=REPORT, help="the Markdown report")
    parser.add_argument(
        "--notes",
        type=Path,
        help="Markdown to end the report with (default: the notes of the "
        "existing report, after its notes marker)",
    )
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--no-search", action="store_true", help="skip the browser search queries")
    parser.add_argument("--no-preview", action="store_true", help="skip the preview rebuilds")
    parser.add_argument(
        "--build-repeats",
        type=int,
        default=1,
        help="run our build and plain Material in turn this many times; report the medians",
    )
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="bangvang-bench-"))
    notes = args.notes.read_text(encoding="utf-8") if args.notes else kept_notes(args.out)
    results: list[Result] = []
    try:
        for n in args.sizes:
            print(f"N = {n:,} …", flush=True)
            result = bench(
                n,
                work / f"n{n}",
                args.seed,
                search=not args.no_search,
                preview=not args.no_preview,
                build_repeats=args.build_repeats,
            )
            results.append(result)
            print(
                f"  check {result.check.wall:.2f} s; ours {result.ours.wall:.1f} s, "
                f"plain Material {result.floor.wall:.1f} s ({result.ratio:.2f}×); "
                f"tree peak {_mb(result.ours.tree_rss)}; check ÷ YAML "
                f"{result.check_ratio or 0:.2f}×; preview {_preview_cell(result)}; largest page "
                f"{_kb(result.ours_site.largest_bytes)}",
                flush=True,
            )
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(report(results, notes), encoding="utf-8")
            (work / "results.json").write_text(
                json.dumps([asdict(r) for r in results], indent=1, default=str), encoding="utf-8"
            )
            if not args.work:
                shutil.rmtree(work / f"n{n}", ignore_errors=True)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
