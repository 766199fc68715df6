"""`make print`: every honor board of a built site as PDF, for media centers and print shops.

Each board page (`/print/…`) is opened in headless Chromium from a loopback server and
printed twice: on A4 portrait and on A3 landscape. The board's own print stylesheet lays it
out for the sheet; Chromium embeds the fonts it used (DejaVu Serif, which has every
Vietnamese letter) as subsets in the PDF, so the print shop needs no fonts of its own.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from exemplars.site.static_server import serve

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Paper name → Playwright's page.pdf options. The stylesheet reads the sheet's width.
PAPERS: dict[str, dict] = {
    "a4": {"format": "A4", "landscape": False},
    "a3": {"format": "A3", "landscape": True},
}
BOARD_FOLDER = "print"


@dataclass(frozen=True)
class Printed:
    url: str
    paper: str
    path: Path


def board_urls(site: Path) -> list[str]:
    """Site-relative URLs of every board page (every part) of a built site, sorted."""
    root = site / BOARD_FOLDER
    return sorted(
        path.parent.relative_to(site).as_posix() + "/" for path in root.rglob("index.html")
    )


def pdf_stem(url: str) -> str:
    """`print/units/tra-co/page/2/` → `units-tra-co-phan-2`: one flat folder of files."""
    parts = [p for p in url.strip("/").split("/") if p][1:]
    if len(parts) >= 2 and parts[-2] == "page":
        parts[-2] = "phan"
    return "-".join(parts)


def print_boards(
    site: Path,
    out: Path,
    urls: list[str] | None = None,
    papers: tuple[str, ...] = tuple(PAPERS),
) -> list[Printed]:
    """Print `urls` (default: every board of `site`) on each paper into `out`."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise RuntimeError("Thiếu Playwright để in ra PDF: hãy chạy `make setup` trước.") from None
    if not Path(CHROMIUM).exists():
        raise RuntimeError(
            f"Không thấy Chromium ở {CHROMIUM}: cài bằng `apt-get install -y chromium` "
            "hoặc đặt biến CHROMIUM."
        )
    chosen = board_urls(site) if urls is None else urls
    out.mkdir(parents=True, exist_ok=True)
    printed: list[Printed] = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(locale="vi-VN")
            for url in chosen:
                page.goto(base + url, wait_until="load")
                page.evaluate("() => document.fonts.ready.then(() => true)")
                for paper in papers:
                    path = out / f"{pdf_stem(url)}-{paper}.pdf"
                    page.pdf(path=str(path), print_background=True, **PAPERS[paper])
                    printed.append(Printed(url, paper, path))
        finally:
            browser.close()
    return printed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m exemplars.site.print_pdf",
        description="In mọi bảng vàng của trang đã dựng ra PDF khổ A4 dọc và A3 ngang.",
    )
    parser.add_argument("site", nargs="?", default="site", help="thư mục trang đã dựng")
    parser.add_argument("out", nargs="?", default="dist/print", help="thư mục ghi tệp PDF")
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / BOARD_FOLDER).is_dir():
        print(f"{site} chưa có bảng vàng nào (/{BOARD_FOLDER}/): hãy dựng trang trước.")
        return 1
    try:
        printed = print_boards(site, Path(args.out))
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    boards = len({p.url for p in printed})
    print(f"Đã in {boards} bảng vàng thành {len(printed)} tệp PDF trong {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
