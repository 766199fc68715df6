"""Search benchmark: what a reader's first query costs on a built site, and what indexing costs.

    python benchmarks/search_bench.py SITE_DIR [query ...]
    python benchmarks/search_bench.py --generate 10000 [--keep DIR] [query ...]

`measure(site_dir, queries)` serves the site on 127.0.0.1, opens a fresh page in headless
Chromium (/usr/bin/chromium, phone viewport, empty cache) for each query, types the query
into the header box and reports the bytes fetched from /pagefind/ and the milliseconds from
the first keystroke to the first result on screen, typing once right at `load` and once
after the page settled (Pagefind warmed while idle); it then re-indexes the site to time
Pagefind. `--generate N` writes N simple exemplars (+N/5 decisions) to a temporary folder,
builds them with the project's mkdocs.yml (timed) and measures that site. A benchmark, not
a test: targets are 400 KB, 800 ms, indexing at most 20% of the build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from exemplars.site.static_server import serve

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DEFAULT_QUERIES = ["nguyen van an", "mong cai", "hoa", "tran thi"]


def _first_record_url(site_dir: Path) -> str:
    """A record page to start from: a page two levels deep, as a reader arriving from Google."""
    folder = site_dir / "exemplars"
    for child in sorted(folder.iterdir()) if folder.is_dir() else []:
        if (child / "index.html").is_file() and child.name != "page":
            return f"exemplars/{child.name}/"
    return ""


def _one_query(browser, base: str, start: str, query: str, settled: bool = False) -> dict:
    """Type `query` on a fresh page: at once after `load` (Pagefind still cold), or with
    `settled`, once the page has been idle (network quiet: Pagefind warmed, as for a reader
    who takes a moment to reach the box)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    fetched: dict[str, int] = {}

    def on_response(response) -> None:
        if "/pagefind/" in response.url:
            try:
                fetched[response.url] = len(response.body())
            except Exception:  # a response the browser dropped: count nothing
                fetched.setdefault(response.url, 0)

    page.on("response", on_response)
    page.goto(base + start, wait_until="networkidle" if settled else "load")
    warm_bytes = sum(fetched.values())
    box = page.locator("#bv-search-input")
    page.keyboard.press("/")
    started = time.perf_counter()
    box.fill(query)
    page.wait_for_function(
        "() => document.querySelector('#bv-search-listbox [role=option]') ||"
        " document.querySelector('.bv-search__status--none')",
        timeout=30_000,
    )
    shown_ms = (time.perf_counter() - started) * 1000
    page.wait_for_load_state("networkidle")
    hits = page.locator("#bv-search-listbox .bv-hit__title").count()
    context.close()
    return {
        "query": query,
        "settled": settled,
        "ms_to_results": round(shown_ms),
        "bytes_fetched": sum(fetched.values()),
        "bytes_fetched_before_typing": warm_bytes,
        "requests": len(fetched),
        "hits_shown": hits,
    }


def measure(site_dir: Path, queries: list[str]) -> dict:
    """First-query cost in headless Chromium for each query, and Pagefind's indexing time."""
    from playwright.sync_api import sync_playwright

    from exemplars.site.search import index_site

    site_dir = Path(site_dir).resolve()
    report = index_site(site_dir)
    start = _first_record_url(site_dir)
    runs: list[dict] = []
    settled: list[dict] = []
    with serve(site_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        try:
            for query in queries:
                runs.append(_one_query(browser, base, start, query))
                settled.append(_one_query(browser, base, start, query, settled=True))
        finally:
            browser.close()
    return {
        "site": str(site_dir),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "pages_indexed": report.pages,
        "index_seconds": round(report.seconds, 2),
        "max_bytes_fetched": max(r["bytes_fetched"] for r in runs),
        "max_ms_to_results": max(r["ms_to_results"] for r in runs),
        "median_ms_to_results": round(statistics.median(r["ms_to_results"] for r in runs)),
        "median_ms_to_results_settled": round(
            statistics.median(r["ms_to_results"] for r in settled)
        ),
        "queries": runs,
        "queries_settled": settled,
    }


# -- a throwaway generator for --generate ------------------------------------------------------

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đức",
    "Hoà",
    "Hòa",
    "Hùng",
    "Lan",
    "Mai",
    "Nam",
    "Phương",
    "Quý",
    "Sơn",
    "Thuỷ",
    "Trang",
    "Tuấn",
    "Xuân",
    "Yến",
    "Khoa",
    "Hạnh",
]
UNITS = ["tra-co", "hai-xuan", "binh-ngoc", "hai-hoa", "ka-long"]


def _generate(content: Path, count: int) -> None:
    from exemplars.text import slugify

    (content / "_data").mkdir(parents=True)
    units = "\n".join(
        f"- id: {u}\n  name: Phường {u.replace('-', ' ').title()}\n  type: phuong" for u in UNITS
    )
    (content / "_data" / "units.yml").write_text(units + "\n", encoding="utf-8")
    (content / "index.md").write_text("# Bảng vàng thử tải\n", encoding="utf-8")
    (content / "campaigns").mkdir()
    (content / "campaigns" / "covid.md").write_text(
        "---\ntitle: Phong trào thi đua đặc biệt phòng, chống Covid-19\nstart: 2020-01-01\n"
        "---\nGiới thiệu.\n",
        encoding="utf-8",
    )
    folder = content / "exemplars"
    folder.mkdir()
    ids = []
    for n in range(count):
        name = (
            f"{FAMILY[n % len(FAMILY)]} {MIDDLE[n // 7 % len(MIDDLE)]} "
            f"{GIVEN[n // 3 % len(GIVEN)]} {n}"
        )
        record_id = slugify(name)
        ids.append(record_id)
        unit = UNITS[n % len(UNITS)]
        (folder / f"{record_id}.md").write_text(
            f"---\nname: {name}\nkind: individual\nunit: {unit}\n"
            f"summary: Tham gia trực chốt kiểm soát dịch tại thành phố Móng Cái, đợt {n}.\n"
            "campaigns: [covid]\n---\n"
            f"Câu chuyện của {name}: nhiều tháng liền trực chốt, vận động người dân tiêm vắc xin "
            "và giúp đỡ các hộ khó khăn trong thời gian giãn cách.\n",
            encoding="utf-8",
        )
    decisions = content / "commendations"
    decisions.mkdir()
    for d in range(count // 5):
        recipients = "".join(f"  - exemplar: {i}\n" for i in ids[d * 5 : d * 5 + 5])
        (decisions / f"{d + 1}-qd-ubnd-{2021 + d % 3}.md").write_text(
            f"---\nnumber: {d + 1}/QĐ-UBND\ndate: {2021 + d % 3}-0{1 + d % 9}-1{d % 9}\n"
            f"issuer: Chủ tịch UBND thành phố Móng Cái\naward: giay-khen\n"
            f"reason: Có thành tích xuất sắc trong phòng, chống dịch Covid-19.\n"
            f"campaign: covid\nrecipients:\n{recipients}---\n",
            encoding="utf-8",
        )


def build(content: Path, out: Path) -> tuple[float, float]:
    """Build `content` with the project's mkdocs.yml into `out`.

    Returns the build's seconds and the seconds it waited at the end for the search index
    (from the build log; record pages are indexed while the others are built).
    """
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(
        docs_dir=str(content), site_dir=str(out), hooks=[str(ROOT / "build_hooks.py")], watch=[]
    )
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["nav"] = [i for i in config["nav"] if "gioi-thieu.md" not in i.values()]
    config_path = out.parent / "bench-mkdocs.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "EXEMPLARS_TODAY": "2026-11-29"}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config_path)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(done.stdout + done.stderr)
    waited = re.search(r"build chờ thêm ([\d.]+) giây", done.stderr + done.stdout)
    return seconds, float(waited.group(1)) if waited else float("nan")


def main(argv: list[str]) -> int:
    args = list(argv)
    if not args:
        print(__doc__)
        return 2
    tmp = tmp_keep = None
    build_seconds = index_wait = None
    try:
        if args[0] == "--generate":
            count = int(args[1])
            args = args[2:]
            if args[:1] == ["--keep"]:  # build into DIR and leave it there, to measure again
                tmp_keep = Path(args[1]).resolve()
                args = args[2:]
                tmp_keep.mkdir(parents=True)
            else:
                tmp_keep = None
            tmp = tmp_keep or Path(tempfile.mkdtemp(prefix="bangvang-bench-"))
            _generate(tmp / "content", count)
            site_dir = tmp / "site"
            build_seconds, index_wait = build(tmp / "content", site_dir)
        else:
            site_dir = Path(args.pop(0))
        result = measure(site_dir, args or DEFAULT_QUERIES)
        if build_seconds is not None:
            # Record pages are indexed while the build goes on; what indexing adds is the wait
            # at the end, over the build without it. index_seconds above is indexing the
            # finished site in one go, for comparison.
            result["build_seconds"] = round(build_seconds, 1)
            result["build_waited_for_index_seconds"] = index_wait
            result["index_added_to_build"] = round(
                index_wait / max(build_seconds - index_wait, 1e-9), 3
            )
        print(json.dumps(result, ensure_ascii=False, indent=2))
    finally:
        if tmp is not None and tmp_keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
