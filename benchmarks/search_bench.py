"""Search benchmark: what a reader's query costs on a built site, at archive sizes.

    python -m benchmarks.search_bench                      # N = 10000, writes docs/benchmarks.md
    python -m benchmarks.search_bench --sizes 10000 50000 [--work DIR] [--no-report]
    python -m benchmarks.search_bench --site WORK/n10000   # measure a site built earlier

For each N the seeded generator (benchmarks/generate.py) writes N exemplars and N/5
decisions; the project's mkdocs.yml builds them (timed). Then, in headless Chromium
(/usr/bin/chromium, 390 px phone viewport, a fresh browser context and so an empty cache for
every query), each query of `realistic_queries` is run twice:

- **page**: the site's own search page opened at `/search/?q=…`; the time is from navigation
  start until the first record link (or the "no result" line) shows;
- **header**: a record page is opened (at `load`, Pagefind still cold) and the query typed
  into the header box; the time is from the first `input` event until the first hit shows.

Both count the bytes fetched beyond the page itself: everything under /pagefind/ and
/lookup/ (search index, name index, dictionaries, Pagefind's script and WebAssembly).
Targets (issue #16): every query within 2× the time of the query that matches one record,
within 800 ms, at most 400 KB. A benchmark, not a test: the machine's load average is
reported with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from exemplars.site.static_server import serve

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
REPORT = ROOT / "docs" / "benchmarks.md"
SECTION_START = "<!-- search-bench: written by benchmarks/search_bench.py -->"
SECTION_END = "<!-- /search-bench -->"
TODAY = "2026-11-29"
MAX_MS = 800
MAX_BYTES = 400 * 1000
MAX_RATIO = 2.0
SEARCH_PATHS = ("/pagefind/", "/lookup/")
FIRST_HIT = "document.querySelector('{hits}') || document.querySelector('{none}')"
PAGE_READY = FIRST_HIT.format(
    hits=".bv-search-page__hits a", none=".bv-search-page__status"
).replace(
    "document.querySelector('.bv-search-page__status')",
    "(document.querySelector('.bv-search-page__status') || {textContent: ''})"
    ".textContent.startsWith('Không')",
)
HEADER_READY = FIRST_HIT.format(
    hits="#bv-search-listbox [role=option]", none=".bv-search__status--none"
)
WORD_FOLDERS = {
    "w": "word sets",
    "p": "word pairs",
    "r": "row chunks",
    "t": "text chunks (phrase checks)",
}
DEFAULT_QUERIES = ["Nguyễn Văn An", "tran thi", "tra co", "giấy khen", "phong chong dich"]


# -- the queries ------------------------------------------------------------------------------

_FIELD = re.compile(r"^(name|number|unit): (.+)$", re.MULTILINE)


def _front_values(folder: Path, field: str) -> list[str]:
    values = []
    for path in sorted(folder.glob("*.md")):
        head = path.read_text(encoding="utf-8").split("---", 2)[1]
        values += [m.group(2).strip().strip("'\"") for m in _FIELD.finditer(head) if m[1] == field]
    return values


def realistic_queries(content: Path) -> list[tuple[str, str]]:
    """(what it is, query) pairs made from the generated tree, so every name exists.

    The first is the reference: a full name only one record has.
    """
    from exemplars.site.lookup import name_key

    names = _front_values(content / "exemplars", "name")
    keys = Counter(name_key(n) for n in names)
    people = [n for n in names if len(n.split()) == 3]
    unique = next(n for n in people if keys[name_key(n)] == 1)
    common = max(people, key=lambda n: (keys[name_key(n)], n))
    placed = next((n for n in people if re.search("oà|oá|oả|uỳ|uý|uỷ", n)), common)
    moved = placed.replace("oà", "òa").replace("oá", "óa").replace("oả", "ỏa")
    moved = moved.replace("uỳ", "ùy").replace("uý", "úy").replace("uỷ", "ủy")
    numbers = _front_values(content / "commendations", "number")
    number = numbers[len(numbers) // 2]
    digits = number.split("/")[0]
    family, middle, _given = common.split()
    return [
        ("name, one record", unique),
        ("name, one record, no marks", name_key(unique)),
        ("common full name", common),
        ("common name, no marks", name_key(common)),
        ("name, other tone placement", moved),
        ("family + middle name", f"{family} {middle}"),
        ("family + middle, no marks", name_key(f"{family} {middle}")),
        ("family name alone", family),
        ("unit, no marks", "tra co"),
        ("unit with its type", "phường Trà Cổ"),
        ("unit", "hai hoa"),
        ("city (covers its wards)", "mong cai"),
        ("award", "giấy khen"),
        ("award, no marks", "lao dong tien tien"),
        ("award + year", "bằng khen 2022"),
        ("name + unit", f"{name_key(family)} tra co"),
        ("decision number", number),
        ("decision number, folded", name_key(number).replace(" ", "/", 1).replace(" ", "-")),
        ("decision: so N", f"so {digits}"),
        ("phrase in quotes", '"phòng, chống dịch"'),
        ("common words", "phong chong dich"),
        ("common word alone", "tiêm chủng"),
        ("text word", "trực chốt"),
        ("no result", "xyzzy qwv"),
    ]


# -- measuring --------------------------------------------------------------------------------


def _record_page(site_dir: Path) -> str:
    """A record page to type from: two levels deep, as a reader arriving from a search engine."""
    folder = site_dir / "exemplars"
    for child in sorted(folder.iterdir()) if folder.is_dir() else []:
        if (child / "index.html").is_file() and child.name != "page":
            return f"exemplars/{child.name}/"
    return ""


def _context(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    fetched: dict[str, int] = {}

    def on_response(response) -> None:
        if any(part in response.url for part in SEARCH_PATHS):
            try:
                fetched[response.url] = len(response.body())
            except Exception:  # a response the browser dropped: count nothing
                fetched.setdefault(response.url, 0)

    page.on("response", on_response)
    return context, page, fetched


def _shown(page, selector: str) -> dict:
    hits = page.locator(selector)
    return {"hits_shown": hits.count(), "first": hits.first.inner_text() if hits.count() else ""}


def page_query(browser, base: str, query: str) -> dict:
    """The search page opened at /search/?q=…: navigation start → first result shown."""
    context, page, fetched = _context(browser)
    try:
        page.goto(base + "search/?" + urlencode({"q": query}), wait_until="commit")
        ms = page.wait_for_function(
            f"() => ({PAGE_READY}) ? performance.now() : false", timeout=60_000, polling="raf"
        ).json_value()
        page.wait_for_load_state("networkidle")
        shown = _shown(page, ".bv-search-page__hits .bv-hit__title")
        status = page.locator(".bv-search-page__status").inner_text()
        return {
            "ms": round(ms),
            "bytes": sum(fetched.values()),
            "requests": len(fetched),
            "status": status,
            **shown,
        }
    finally:
        context.close()


def header_query(browser, base: str, start: str, query: str) -> dict:
    """Typed in the header box of a record page just loaded: first input → first hit shown."""
    context, page, fetched = _context(browser)
    try:
        page.goto(base + start, wait_until="load")
        page.evaluate(
            "() => document.getElementById('bv-search-input').addEventListener('input',"
            " () => { window.__bvTyped = window.__bvTyped || performance.now(); })"
        )
        page.keyboard.press("/")
        page.locator("#bv-search-input").fill(query)
        shown_at = page.wait_for_function(
            f"() => ({HEADER_READY}) ? performance.now() : false", timeout=60_000, polling="raf"
        ).json_value()
        ms = shown_at - page.evaluate("window.__bvTyped")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)  # the full-text answer after the name index's
        shown = _shown(page, "#bv-search-listbox .bv-hit__title")
        return {
            "ms": round(ms),
            "bytes": sum(fetched.values()),
            "requests": len(fetched),
            "status": page.locator(".bv-search__status").inner_text(),
            **shown,
        }
    finally:
        context.close()


def run_queries(site_dir: Path, queries: list[tuple[str, str]]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    start = _record_page(site_dir)
    rows = []
    with serve(site_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        try:
            for label, query in queries:
                rows.append(
                    {
                        "what": label,
                        "query": query,
                        "page": page_query(browser, base, query),
                        "header": header_query(browser, base, start, query),
                        "load": round(os.getloadavg()[0], 1),
                    }
                )
        finally:
            browser.close()
    return rows


def summary(rows: list[dict]) -> dict:
    """Worst figures and the ratio of each query's time to the one-record query's."""
    out = {}
    for mode in ("page", "header"):
        reference = max(rows[0][mode]["ms"], 1)
        times = [r[mode]["ms"] for r in rows]
        out[mode] = {
            "reference_ms": rows[0][mode]["ms"],
            "median_ms": round(statistics.median(times)),
            "max_ms": max(times),
            "max_ratio": round(max(times) / reference, 2),
            "max_bytes": max(r[mode]["bytes"] for r in rows),
            "over_ms": [r["query"] for r in rows if r[mode]["ms"] > MAX_MS],
            "over_ratio": [r["query"] for r in rows if r[mode]["ms"] > MAX_RATIO * reference],
            "over_bytes": [r["query"] for r in rows if r[mode]["bytes"] > MAX_BYTES],
        }
    return out


def measure(site_dir: Path, queries: list[str] | None = None, reindex: bool = True) -> dict:
    """Figures for benchmarks/run.py's table: first-query cost in both places, and indexing."""
    from exemplars.site.search import index_site

    site_dir = Path(site_dir).resolve()
    content = site_dir.parent / "content"
    if content.is_dir():
        pairs = realistic_queries(content)
    else:
        pairs = [("query", q) for q in (queries or DEFAULT_QUERIES)]
    report = index_site(site_dir) if reindex else None
    rows = run_queries(site_dir, pairs)
    figures = summary(rows)
    return {
        "site": str(site_dir),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "pages_indexed": report.pages if report else None,
        "index_seconds": round(report.seconds, 2) if report else None,
        "max_bytes_fetched": max(figures["page"]["max_bytes"], figures["header"]["max_bytes"]),
        "max_ms_to_results": max(figures["page"]["max_ms"], figures["header"]["max_ms"]),
        "median_ms_to_results": figures["page"]["median_ms"],
        "median_ms_to_results_settled": figures["header"]["median_ms"],
        "summary": figures,
        "queries": rows,
    }


# -- building ---------------------------------------------------------------------------------


def build(content: Path, out: Path) -> float:
    """Build `content` with the project's mkdocs.yml into `out`; returns the seconds."""
    from benchmarks.run import our_config

    config = our_config(content, out, out.parent / "mkdocs.yml")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "EXEMPLARS_TODAY": TODAY}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        # The errors, not the thousands of warnings a generated tree may carry.
        lines = (done.stdout + done.stderr).splitlines()
        raise SystemExit("\n".join([line for line in lines if "CẢNH BÁO" not in line][-40:]))
    return time.perf_counter() - started


def index_figures(site: Path) -> dict:
    """Size of what the search ships: Pagefind's index, its filter files, the name index."""

    def size(folder: Path) -> int:
        return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())

    def count(folder: Path) -> int:
        return sum(1 for p in folder.rglob("*") if p.is_file())

    pagefind = site / "pagefind"
    lookup = site / "lookup"
    words = {
        folder: (count(lookup / folder), size(lookup / folder))
        for folder in ("w", "p", "r", "t")
        if (lookup / folder).is_dir()
    }
    return {
        "pagefind_bytes": size(pagefind),
        "pagefind_index_bytes": size(pagefind / "index"),
        "pagefind_fragment_bytes": size(pagefind / "fragment"),
        "pagefind_filter_bytes": size(pagefind / "filter"),
        "lookup_bytes": size(lookup / "n"),
        "lookup_shards": count(lookup / "n"),
        "terms_bytes": (lookup / "terms.json").stat().st_size,
        "set_files": count(lookup / "s"),
        "set_bytes": size(lookup / "s"),
        "word_files": words,
    }


# -- the report -------------------------------------------------------------------------------


def _kb(value: int) -> str:
    return f"{value / 1000:.0f} KB"


def _cell(result: dict) -> str:
    verdict = []
    if result["ms"] > MAX_MS:
        verdict.append("> 800 ms")
    if result["bytes"] > MAX_BYTES:
        verdict.append("> 400 KB")
    flag = f" **{', '.join(verdict)}**" if verdict else ""
    return f"{result['ms']} ms, {_kb(result['bytes'])}{flag}"


def markdown(runs: list[dict]) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        SECTION_START,
        "",
        "## Search at archive size (`benchmarks/search_bench.py`)",
        "",
        f"Measured on {when} by `python -m benchmarks.search_bench` (also run by `make bench`):"
        " the seeded generator's N exemplars and N/5 decisions, built with this project's"
        " mkdocs.yml, served on loopback, headless Chromium at 390 px with an empty cache for"
        " every query. **page**: `/search/?q=…` opened, from navigation start until the first"
        " record link shows. **header**: a record page loaded, the query typed in the header"
        " box, from the first keystroke until the first hit shows. Bytes: everything fetched"
        " under /pagefind/ and /lookup/ (the page itself and its CSS/JS not counted).",
        "",
    ]
    for run in runs:
        n = run["n"]
        s = run["summary"]
        idx = run["index"]
        out += [
            f"### N = {n:,} exemplars, {n // 5:,} decisions",
            "",
            f"Build {run['build_seconds']:.0f} s; Pagefind index {_kb(idx['pagefind_bytes'])}"
            f" (word index {_kb(idx['pagefind_index_bytes'])}, fragments"
            f" {_kb(idx['pagefind_fragment_bytes'])}, filters {_kb(idx['pagefind_filter_bytes'])});"
            f" name index {_kb(idx['lookup_bytes'])} in {idx['lookup_shards']} shards,"
            f" dictionaries and shard list {_kb(idx['terms_bytes'])};"
            f" {idx.get('set_files', 0)} filter sets, {_kb(idx.get('set_bytes', 0))};"
            + "".join(
                f" {WORD_FOLDERS[folder]} {files} files, {_kb(total)};"
                for folder, (files, total) in idx.get("word_files", {}).items()
            ).rstrip(";")
            + "."
            f" Load average (1 min) {run['load_before']} before, {run['load_after']} after.",
            "",
            "| what | query | page | header | first hit (header) | load |",
            "|---|---|---:|---:|---|---:|",
        ]
        for row in run["rows"]:
            first = row["header"]["first"].replace("|", "/") or row["header"]["status"]
            out.append(
                f"| {row['what']} | `{row['query']}` | {_cell(row['page'])} |"
                f" {_cell(row['header'])} | {first[:40]} | {row['load']} |"
            )
        out += [""]
        for mode in ("page", "header"):
            m = s[mode]

            def verdict(over: list[str]) -> str:
                return "yes" if not over else "NO: " + ", ".join(f"`{q}`" for q in over)

            out.append(
                f"- **{mode}**: one-record query {m['reference_ms']} ms; median {m['median_ms']}"
                f" ms, worst {m['max_ms']} ms = {m['max_ratio']}× the one-record query"
                f" (≤ {MAX_RATIO:g}×: {verdict(m['over_ratio'])}); ≤ {MAX_MS} ms:"
                f" {verdict(m['over_ms'])}; most bytes {_kb(m['max_bytes'])}"
                f" (≤ 400 KB: {verdict(m['over_bytes'])})."
            )
        out.append("")
    out.append(SECTION_END)
    return "\n".join(out)


def write_report(path: Path, section: str) -> None:
    """Replace the search section of the report, or add it at the end; the rest is kept."""
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if SECTION_START in current and SECTION_END in current:
        before, _, rest = current.partition(SECTION_START)
        _, _, after = rest.partition(SECTION_END)
        current = before + section + after
    else:
        current = current.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(current, encoding="utf-8")


def refresh_lookup(content: Path, site: Path) -> None:
    """Write the site's lookup/ folder again from `content`, as a build would."""
    from datetime import date

    from exemplars.site import lookup
    from exemplars.site.build import Site

    files = lookup.static_files(Site(content, today=date.fromisoformat(TODAY)).catalog)
    shutil.rmtree(site / lookup.FOLDER, ignore_errors=True)
    for uri, text in files.items():
        path = site / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def bench_size(n: int, work: Path, seed: int) -> dict:
    from benchmarks.generate import generate

    folder = work / f"n{n}"
    content, site = folder / "content", folder / "site"
    if not (site / "lookup" / "terms.json").exists():
        if content.exists():
            shutil.rmtree(content)
        print(f"N = {n:,}: generating …", flush=True)
        generate(content, n, seed)
        print(f"N = {n:,}: building …", flush=True)
        seconds = build(content, site)
        (folder / "build_seconds").write_text(f"{seconds:.1f}")
    else:
        # A site built by an earlier run: measure the current search script and lookup
        # files on it (the pages and Pagefind's index stay as built).
        script = "assets/javascripts/bangvang-search.js"
        shutil.copyfile(ROOT / "overrides" / script, site / script)
        print(f"N = {n:,}: rewriting lookup/ …", flush=True)
        refresh_lookup(content, site)
    seconds = (
        float((folder / "build_seconds").read_text())
        if (folder / "build_seconds").exists()
        else float("nan")
    )
    print(f"N = {n:,}: measuring {len(realistic_queries(content))} queries …", flush=True)
    load_before = round(os.getloadavg()[0], 1)
    rows = run_queries(site, realistic_queries(content))
    result = {
        "n": n,
        "build_seconds": seconds,
        "index": index_figures(site),
        "rows": rows,
        "summary": summary(rows),
        "load_before": load_before,
        "load_after": round(os.getloadavg()[0], 1),
    }
    (folder / "search.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
    for mode, m in result["summary"].items():
        print(
            f"  {mode}: one-record {m['reference_ms']} ms, median {m['median_ms']} ms, "
            f"worst {m['max_ms']} ms ({m['max_ratio']}×), most {_kb(m['max_bytes'])}",
            flush=True,
        )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bảng vàng search benchmark")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000])
    parser.add_argument("--work", type=Path, help="keep generated trees and sites here")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--out", type=Path, default=REPORT)
    parser.add_argument("--no-report", action="store_true", help="print only")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="bangvang-search-bench-"))
    try:
        runs = [bench_size(n, work, args.seed) for n in args.sizes]
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    section = markdown(runs)
    if args.no_report:
        print(section)
    else:
        write_report(args.out, section)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
