"""Benchmark: how long a running preview (`make serve`) takes to show an editor's save.

Runs `mkdocs serve --dirty`'s builds in this process, as the server does, on a content tree:
the first build (everything), then a change to one exemplar's summary, then a new decision
naming that exemplar, each three times (the median counts). Each time is the rebuild until
the exemplar's page on disk shows the change (what the browser reloads); the listings a new
decision shifts, open data and the search index follow in the background and are timed
apart.

    python -m benchmarks.preview CONTENT WORK     # prints one JSON object
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SERVE_URL = "http://127.0.0.1:8000/"


def _front(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def _write(path: Path, front: dict, body: str) -> None:
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{text}---\n{body}", encoding="utf-8")


def measure(content: Path, work: Path) -> dict:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from benchmarks.run import our_config

    work.mkdir(parents=True, exist_ok=True)
    site = work / "preview-site"
    config_path = our_config(content, site, work / "preview.yml")

    def config():
        loaded = load_config(str(config_path), site_dir=str(site))
        loaded.site_url = SERVE_URL
        return loaded

    config().plugins.on_startup(command="serve", dirty=True)
    hooks = sys.modules[str(ROOT / "build_hooks.py")]
    preview = hooks.state.preview

    def rebuild() -> tuple[float, float, int, float]:
        """(rebuild, background after it, pages rendered, until the later pages are written)."""
        start = time.perf_counter()
        build(config(), serve_url=SERVE_URL, dirty=True)
        pages = time.perf_counter() - start
        preview.background.wait()
        if preview.background.error:
            raise preview.background.error
        later = preview.later
        listed = later.finished - start if later is not None and later.finished else pages
        return pages, time.perf_counter() - start - pages, preview.rendered, listed

    first, first_after, total, _ = rebuild()
    decisions = sorted((content / "commendations").glob("*.md"))
    front, body = _front(decisions[0])
    named = next(r["exemplar"] for r in front["recipients"] if "exemplar" in r)
    page = site / "exemplars" / named / "index.html"

    exemplar = content / "exemplars" / f"{named}.md"
    mine, mine_body = _front(exemplar)
    summary = str(mine.get("summary", ""))
    edits, decided = [], []
    # Each kind of save REPEATS times: this machine is shared, one sample can be a second off.
    for number in range(1, REPEATS + 1):
        mine["summary"] = f"Đã sửa lần {number} trong lúc xem trước. {summary}"
        _write(exemplar, mine, mine_body)
        edits.append(rebuild())
        assert f"Đã sửa lần {number} trong lúc xem trước." in page.read_text(encoding="utf-8")
    for number in range(1, REPEATS + 1):
        front["number"] = f"9999{number}/QĐ-UBND"
        _write(content / "commendations" / f"9999{number}-qd-ubnd-xem-truoc.md", front, body)
        decided.append(rebuild())
        assert f"9999{number}/QĐ-UBND" in page.read_text(encoding="utf-8")
    edit, decision = _median(edits), _median(decided)
    return {
        "first_seconds": first,
        "first_background_seconds": first_after,
        "pages": total,
        "edit_seconds": edit[0],
        "edit_background_seconds": edit[1],
        "edit_pages": edit[2],
        "edit_samples": [round(sample[0], 2) for sample in edits],
        "decision_seconds": decision[0],
        "decision_background_seconds": decision[1],
        "decision_pages": decision[2],
        "decision_samples": [round(sample[0], 2) for sample in decided],
        "decision_listings_seconds": decision[3],
    }


REPEATS = 3


def _median(samples: list[tuple[float, float, int, float]]) -> tuple[float, float, int, float]:
    """The sample with the median rebuild time (its other figures with it)."""
    return sorted(samples)[len(samples) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("work", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    print(json.dumps(measure(args.content.resolve(), args.work.resolve())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
